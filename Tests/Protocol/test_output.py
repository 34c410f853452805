"""Output as front ends can take it, through jupyter_client and the real Descent kernel: stream
text batched into a few messages in order, the flood guard's numbers, results and errors capped,
a script's output never cut, and stop_on_error aborting what was queued behind an error."""
from __future__ import annotations

import os
import subprocess
import time
from queue import Empty

import pytest
from jupyter_client.manager import start_new_kernel

from test_client import TIMEOUT, iopub_until_idle, reply_to, run, wait_running

DESCENT = os.environ.get("DESCENT_BIN", os.path.abspath(".build/debug/descent"))
LIMIT = 1 << 20


def notice(dropped):
    return f"[output truncated: {dropped} bytes dropped past the 1 MB limit]"


@pytest.fixture(scope="module")
def kc():
    km, kc = start_new_kernel(kernel_name="descent", startup_timeout=TIMEOUT)
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def outputs(kc, code):
    """The execute_reply and the output messages (no status, no execute_input) of `code`."""
    msg_id = kc.execute(code)
    reply = reply_to(kc, msg_id)
    shown = [m for _, m in iopub_until_idle(kc, msg_id) if m["msg_type"] not in ("status", "execute_input")]
    return reply, shown


def streams(shown, name="stdout"):
    return [m["content"]["text"] for m in shown if m["msg_type"] == "stream" and m["content"]["name"] == name]


def test_thirty_thousand_lines_arrive_in_a_handful_of_messages_in_order(kc):
    reply, shown = outputs(kc, "for i in range(30000):\n    print(i)")
    assert reply["content"]["status"] == "ok"
    texts = streams(shown)
    assert len(shown) == len(texts) <= 10
    assert "".join(texts) == "".join(f"{i}\n" for i in range(30000))


def test_streams_keep_their_order_with_displays_results_and_errors(kc):
    code = ('print("a")\ndisplay(1)\nprint("b")\nwarn("c")\nprint("d")\n'
            'clear_output(wait=True)\nprint("e")\n7')
    reply, shown = outputs(kc, code)
    assert reply["content"]["status"] == "ok"
    seen = [(m["msg_type"], m["content"].get("name"), m["content"].get("text")) for m in shown]
    assert seen == [("stream", "stdout", "a\n"), ("display_data", None, None), ("stream", "stdout", "b\n"),
                    ("stream", "stderr", "Warning: c\n"), ("stream", "stdout", "d\n"),
                    ("clear_output", None, None), ("stream", "stdout", "e\n"), ("execute_result", None, None)]
    reply, shown = outputs(kc, 'print("f")\n1/0')
    assert reply["content"]["status"] == "error"
    assert [m["msg_type"] for m in shown] == ["stream", "error"]
    assert streams(shown) == ["f\n"]


def test_a_line_printed_before_a_long_computation_shows_at_once(kc):
    # Calibrate a loop to about 1.5 s on this machine and build.
    msg_id = kc.execute("s = 0\nfor i in range(200000):\n    s = s + i")
    times = iopub_until_idle(kc, msg_id)
    per_iteration = (times[-1][0] - times[0][0]) / 200000
    n = int(1.5 / per_iteration)
    msg_id = kc.execute(f'print("early")\ns = 0\nfor i in range({n}):\n    s = s + i')
    times = {m["msg_type"] if m["msg_type"] != "status" else m["content"]["execution_state"]: t
             for t, m in iopub_until_idle(kc, msg_id)}
    assert times["stream"] - times["execute_input"] < 0.5
    assert times["idle"] - times["stream"] > 0.7


def test_the_flood_notice_says_how_much_was_really_dropped(kc):
    reply, shown = outputs(kc, 'print("x" * 3000000)')
    assert reply["content"]["status"] == "ok"
    assert "".join(streams(shown)) == "x" * LIMIT
    assert streams(shown, "stderr") == ["\n" + notice(3000001 - LIMIT) + "\n"]
    assert shown[-1]["content"]["name"] == "stderr"


def test_a_huge_result_is_cut_with_a_notice(kc):
    reply, shown = outputs(kc, '"y" * 50000000')
    assert reply["content"]["status"] == "ok"
    (result,) = [m for m in shown if m["msg_type"] == "execute_result"]
    text = result["content"]["data"]["text/plain"]
    full = len("y" * 50000000) + 2  # the repr's quotes
    assert text == "'" + "y" * (LIMIT - 1) + "\n" + notice(full - LIMIT)


def test_a_huge_error_message_is_cut_and_keeps_name_and_location(kc):
    reply, shown = outputs(kc, 'x = 1\nassert x == 2, "z" * 50000000')
    (error,) = [m for m in shown if m["msg_type"] == "error"]
    cut = "z" * LIMIT + " " + notice(50000000 - LIMIT)
    for content in (error["content"], reply["content"]):
        assert content["ename"] == "AssertionError"
        assert content["evalue"] == cut
        assert any(", line 2, column" in line for line in content["traceback"])
        assert content["traceback"][-1] == "AssertionError: " + cut


@pytest.mark.parametrize("gap", [0, 0.01])
def test_stop_on_error_aborts_every_request_queued_behind_the_error(kc, gap):
    # With a gap between sends (a "Run all" through a busy server), most of the queue is still
    # on the wire when the error ends the first cell.
    run(kc, "n = 0")
    failing = kc.execute("1/0")
    queued = []
    for _ in range(49):
        queued.append(kc.execute("n = n + 1"))
        time.sleep(gap)
    assert reply_to(kc, failing)["content"]["status"] == "error"
    assert [reply_to(kc, msg_id)["content"]["status"] for msg_id in queued] == ["aborted"] * 49
    reply, shown = outputs(kc, "n")
    assert reply["content"]["status"] == "ok"
    assert shown[0]["content"]["data"]["text/plain"] == "0"
    reply, shown = outputs(kc, "n = n + 1\nn")
    assert shown[0]["content"]["data"]["text/plain"] == "1"


@pytest.mark.parametrize("to", ["pipe", "file"])
def test_a_script_writing_to_a_pipe_or_file_is_never_cut(tmp_path, to):
    script = tmp_path / "many.descent"
    script.write_text("for i in range(300000):\n    print(i)\n")
    expected = "".join(f"{i}\n" for i in range(300000))
    assert len(expected) > LIMIT
    if to == "pipe":
        done = subprocess.run([DESCENT, str(script)], capture_output=True, text=True, timeout=120)
        out = done.stdout
    else:
        with open(tmp_path / "out.txt", "w") as f:
            done = subprocess.run([DESCENT, str(script)], stdout=f, stderr=subprocess.PIPE, text=True, timeout=120)
        out = (tmp_path / "out.txt").read_text()
    assert done.returncode == 0, done.stderr
    assert out == expected
    assert "truncated" not in done.stderr


def test_text_printed_just_before_a_shutdown_is_not_lost():
    km, kc = start_new_kernel(kernel_name="descent", startup_timeout=TIMEOUT)
    try:
        # A first cell sets the session up, so that the print below runs at once after its
        # execute_input (a fresh session's first cell may not have printed yet when asked to shut
        # down, and then there is nothing to lose).
        run(kc, "1")
        msg_id = kc.execute('print("last words")\nwhile True:\n    pass')
        wait_running(kc, msg_id)
        time.sleep(0.05)
        # Still well within the 0.2 s the batching holds text for: the kernel exits before its timer.
        kc.shutdown()
        texts = []
        deadline = time.monotonic() + 10
        while not texts and time.monotonic() < deadline:
            try:
                msg = kc.get_iopub_msg(timeout=1)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                texts.append(msg["content"]["text"])
        assert texts == ["last words\n"]
        km.provisioner.process.wait(timeout=TIMEOUT)
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)
