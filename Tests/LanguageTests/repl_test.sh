#!/bin/sh
# Drives `descent repl` in a tmux pseudo-terminal and reads the screen: a multi-line def typed
# with auto-indent, Tab completion of a name, Ctrl-C interrupting `while True: pass` (the
# session keeps its names), Ctrl-C clearing a half-typed line, and Ctrl-D exiting.
# libedit stores spaces as \\040 in the history file.
# Usage: Tests/LanguageTests/repl_test.sh [path/to/descent]   (needs tmux)
set -u
DESCENT=${1:-.build/debug/descent}
S=descent-repl-test-$$
# A tmux server of its own, so no other session's server shutting down can meet this one.
tmux() { command tmux -L "$S" "$@"; }
HOME_DIR=$(mktemp -d)
fail() { echo "FAIL: $1"; tmux capture-pane -t $S -p; tmux kill-server 2>/dev/null; exit 1; }
send() { tmux send-keys -t $S "$@"; sleep 0.4; }
screen() { tmux capture-pane -t $S -p; }

tmux new-session -d -s $S -x 100 -y 40 "HOME=$HOME_DIR $DESCENT repl; echo REPL-EXITED; sleep 5"
sleep 1.5
screen | grep -q '^>>>' || fail "no >>> prompt"

send 'def sq(x):' Enter

send 'return x * x' Enter
screen | grep -q '^\.\.\.     return x \* x' || fail "continuation line not auto-indented"
send Enter
send 'sq(7)' Enter
screen | grep -qx '49' || fail "multi-line def did not run"

send 'learning_rate = 0.5' Enter
send 'learn' Tab
send Enter
screen | grep -q '^>>> learning_rate$' || fail "Tab did not complete learning_rate"
screen | grep -qx '0.5' || fail "completed name did not evaluate"

send 'while True: pass' Enter Enter
sleep 0.6
send C-c
sleep 0.4
screen | grep -qx 'KeyboardInterrupt' || fail "Ctrl-C did not interrupt the loop"
send 'sq(3) + learning_rate' Enter
screen | grep -qx '9.5' || fail "names lost after the interrupt"

send 'half typed'
send C-c
send '1 + 1' Enter
screen | grep -qx '2' || fail "Ctrl-C did not clear the line"

send C-d
sleep 0.5
screen | grep -q 'REPL-EXITED' || fail "Ctrl-D did not exit"
test -s "$HOME_DIR/.descent_history" || fail "no history file"
grep -q 'learning_rate' "$HOME_DIR/.descent_history" || fail "history lacks a typed line"
tmux kill-server 2>/dev/null
rm -rf "$HOME_DIR"
echo "REPL test passed"
