#!/usr/bin/env bash
# Builds and runs the libFuzzer targets of Fuzzing/Package.swift (see docs/ARCHITECTURE.md,
# "Fuzzing and sanitizers").
#
#   Fuzzing/run.sh ci     replay the regression inputs, then fuzz each target FUZZ_SECONDS
#                         (default 15) into a local copy of its corpus (.build-fuzz/work/)
#   Fuzzing/run.sh fuzz   the same with FUZZ_SECONDS default 60, then merge what was found into
#                         the committed corpus, minimized (Fuzzing/corpus/), for a developer to commit
#
# Fails on any crash, trap, sanitizer report or (except for FuzzCell) timeout and out-of-memory;
# the reproducer is left in .build-fuzz/artifacts/. For FuzzCell an out-of-memory or timeout input
# ends the run early without failing it: a cell may allocate what the machine allows and may run
# long between interrupt checks.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=${1:-ci}
case $MODE in
    ci) SECONDS_EACH=${FUZZ_SECONDS:-15} ;;
    fuzz) SECONDS_EACH=${FUZZ_SECONDS:-60} ;;
    *) echo "usage: $0 ci|fuzz" >&2; exit 2 ;;
esac
TARGETS=${FUZZ_TARGETS:-"FuzzJSON FuzzWire FuzzNotebook FuzzNPY FuzzSafetensors FuzzCell"}
SCRATCH=$ROOT/.build-fuzz
BIN=$SCRATCH/debug

# -sanitize must be one flag: swiftc keeps only the last -sanitize=, so SwiftPM's two
# --sanitize flags alone would build without fuzzer coverage; they still give the C targets
# both sanitizers and make SwiftPM leave `main` to libFuzzer. SwiftPM rebuilds everything when
# the environment changes (make's, FUZZ_SECONDS): the build gets a fixed one.
(cd Fuzzing && env -i PATH="$PATH" HOME="$HOME" swift build -c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address \
    -Xswiftc -parse-as-library --scratch-path "$SCRATCH")

# Swift's own crash backtracer would take the signal that libFuzzer reports from.
export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS=suppressions=$ROOT/Fuzzing/lsan.supp
# Cells may save files: they land in a scratch directory.
mkdir -p "$SCRATCH/work/cwd"
failed=()

for target in $TARGETS; do
    corpus=$SCRATCH/work/$target
    artifacts=$SCRATCH/artifacts/$target
    rm -rf "$artifacts"
    mkdir -p "$corpus" "$artifacts"
    cp -n Fuzzing/corpus/"$target"/* "$corpus"/ 2>/dev/null || true
    options=(-artifact_prefix="$artifacts/" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1)
    # A Session is never freed today (it, its interpreter and its compiled functions hold one
    # another): FuzzCell, which makes one per input, runs without leak detection.
    leaks=1
    [ "$target" = FuzzCell ] && options+=(-max_len=4096 -detect_leaks=0) && leaks=0
    export ASAN_OPTIONS=detect_leaks=$leaks
    log=$SCRATCH/work/$target.log
    regressions=(Fuzzing/regressions/"$target"/*)
    if [ -e "${regressions[0]}" ]; then
        echo "== $target: replaying ${#regressions[@]} regression inputs"
        if ! (cd "$SCRATCH/work/cwd" && "$BIN/$target" "${options[@]}" "${regressions[@]/#/$ROOT/}") >"$log" 2>&1; then
            tail -40 "$log"
            failed+=("$target (regression)")
            continue
        fi
    fi
    echo "== $target: fuzzing ${SECONDS_EACH}s"
    status=0
    (cd "$SCRATCH/work/cwd" && "$BIN/$target" "${options[@]}" -max_total_time="$SECONDS_EACH" "$corpus") >"$log" 2>&1 || status=$?
    if ls "$artifacts"/crash-* "$artifacts"/leak-* >/dev/null 2>&1 \
        || { [ $status -ne 0 ] && ! { [ "$target" = FuzzCell ] && ls "$artifacts"/oom-* "$artifacts"/timeout-* >/dev/null 2>&1; }; }; then
        grep -v '^#\|^INFO:\|NEW_FUNC' "$log" | tail -60
        echo "reproduce: (cd $SCRATCH/work/cwd && SWIFT_BACKTRACE=enable=no $BIN/$target $artifacts/<file>)"
        echo "once fixed, add the input to Fuzzing/regressions/$target/"
        failed+=("$target")
    elif [ $status -ne 0 ]; then
        echo "   stopped early by an out-of-memory or timeout input (not a failure for cells): $(ls "$artifacts")"
    fi
    grep -h 'DONE\|stat::number_of_executed_units\|stat::new_units_added' "$log" | tail -3 | sed 's/^/   /' || true
    if [ "$MODE" = fuzz ]; then
        merged=$SCRATCH/work/$target.merged
        rm -rf "$merged" && mkdir -p "$merged"
        (cd "$SCRATCH/work/cwd" && "$BIN/$target" "${options[@]}" -merge=1 "$merged" \
            "$ROOT/Fuzzing/corpus/$target" "$corpus") >"$log.merge" 2>&1
        rm -rf "Fuzzing/corpus/$target" && mv "$merged" "Fuzzing/corpus/$target"
        echo "   committed corpus: $(ls Fuzzing/corpus/$target | wc -l) inputs"
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]}" >&2
    exit 1
fi
[ "$MODE" = fuzz ] && echo "corpus updated: review and commit Fuzzing/corpus/"
exit 0
