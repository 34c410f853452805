"""Interrupts are never lost: long single operations stop, searches stop, workers die with
their kernel, and `descent run --timeout` stops a cell stuck in one long op."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest
from jupyter_client.manager import start_new_kernel
from test_client import outputs_until_idle, reply_to, result_text, run, wait_running

TIMEOUT = 120

@pytest.fixture
def kernel():
    km, kc = start_new_kernel(kernel_name="descent", startup_timeout=60)
    yield km, kc
    kc.stop_channels()
    if km.is_alive():
        km.shutdown_kernel(now=True)


def until_idle(kc, msg_id):
    """(IOPub messages of the request, monotonic time its idle status arrived)."""
    found = outputs_until_idle(kc, msg_id, timeout=TIMEOUT)
    return found, time.monotonic()


def interrupt_after(kc, msg_id, seconds):
    """Interrupts the running cell msg_id after `seconds`; (reply, seconds from interrupt to idle, outputs)."""
    wait_running(kc, msg_id)
    time.sleep(seconds)
    start = time.monotonic()
    kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    outputs, idle = until_idle(kc, msg_id)
    return reply_to(kc, msg_id), idle - start, outputs


def children(pid):
    """Pids of the live (not zombie) processes whose parent is pid."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry))
    return found


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_interrupt_stops_one_long_gemm_and_keeps_the_session(kernel):
    _, kc = kernel
    # One 8000² product (5e11 multiply-adds) takes seconds on any 2-core machine: unsliced, the
    # interrupt would wait for all of it. Filled with ones: the product's cost does not depend on
    # the values, and a debug build's randn of 6.4e7 values takes seconds of its own.
    reply, _ = run(kc, "a = ones(8000, 8000)\nkept = 7")
    assert reply["content"]["status"] == "ok"
    msg_id = kc.execute("c = a @ a\nprint('not reached')")
    reply, latency, outputs = interrupt_after(kc, msg_id, 1.0)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert latency < 2.0, f"interrupt to idle took {latency:.2f} s"
    assert not any(m["msg_type"] == "stream" for m in outputs)
    reply, outputs = run(kc, "kept, a.shape")
    assert result_text(outputs) == ["(7, (8000, 8000))"]


def test_interrupt_stops_a_large_random_fill(kernel):
    _, kc = kernel
    reply, _ = run(kc, "b = 1")
    msg_id = kc.execute("b = randn(12000, 12000)")
    reply, latency, _ = interrupt_after(kc, msg_id, 0.5)
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert latency < 2.0, f"interrupt to idle took {latency:.2f} s"
    reply, outputs = run(kc, "b")
    assert result_text(outputs) == ["1"]


def test_interrupt_between_cells_is_dropped(kernel):
    _, kc = kernel
    kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    time.sleep(0.3)
    reply, outputs = run(kc, "x = 0\nfor i in range(1000):\n    x = x + i\nx")
    assert reply["content"]["status"] == "ok"
    assert result_text(outputs) == ["499500"]


def test_contour_levels_are_capped_with_a_clear_error(kernel):
    _, kc = kernel
    reply, _ = run(kc, "contour(lambda x, y: x * x + y * y, x=(-1, 1), y=(-1, 1), levels=100000)")
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "ValueError"
    assert "levels must be between 2 and 500, got 100000" in reply["content"]["evalue"]


def test_interrupt_stops_a_contour_render(kernel):
    _, kc = kernel
    reply, _ = run(kc, "f = contour(lambda x, y: (x * x + y - 11) * (x * x + y - 11) + (x + y * y - 7) * (x + y * y - 7), "
                       "x=(-5, 5), y=(-5, 5), levels=500, resolution=1000)")
    assert reply["content"]["status"] == "ok"
    msg_id = kc.execute("f")
    reply, latency, outputs = interrupt_after(kc, msg_id, 0.5)
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    # The whole render takes about 18 s in a debug build; the bound only has to show that the
    # interrupt was taken mid-render (the benchmark measures the latency: 6 ms in release). 2 s
    # was exceeded (2.23 s) on a machine loaded with two builds.
    assert latency < 4.0, f"interrupt to idle took {latency:.2f} s"
    assert not [m for m in outputs if m["msg_type"] == "execute_result"]


SEARCH = """def trial(x):
    s = 0
    for i in range(100000000):
        s = s + i
    return x
r = grid_search(trial, {"x": [1, 2, 3, 4]}, workers=2)
print("after the search")"""


def start_search(km, kc):
    """Starts SEARCH; (the kernel's pid, the cell's msg_id, its two workers' pids)."""
    pid = km.provisioner.process.pid
    msg_id = kc.execute(SEARCH)
    wait_running(kc, msg_id)
    deadline = time.monotonic() + 20
    while len(children(pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = children(pid)
    assert len(workers) == 2
    return pid, msg_id, workers


def test_interrupting_a_search_stops_it_and_its_workers(kernel):
    km, kc = kernel
    _, msg_id, workers = start_search(km, kc)
    start = time.monotonic()
    kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    outputs, idle = until_idle(kc, msg_id)
    reply = reply_to(kc, msg_id)
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert idle - start < 2.0
    assert not any("after the search" in m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
    assert not [w for w in workers if alive(w)]
    reply, outputs = run(kc, "r.partial, len(r.trials)")
    assert result_text(outputs) == ["(True, 0)"]


def test_workers_die_with_a_killed_kernel(kernel):
    km, kc = kernel
    pid, _, workers = start_search(km, kc)
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if alive(w)], "tuning workers outlived their kernel"


def test_run_timeout_stops_a_cell_stuck_in_one_long_op(tmp_path):
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": src, "outputs": [], "execution_count": None}
                  for src in ["a = ones(16000, 16000)", "c = a @ a"]],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }
    path = tmp_path / "stuck.ipynb"
    path.write_text(json.dumps(notebook))
    start = time.monotonic()
    # The limit is per cell. One 16000² product is 4e12 multiply-adds, about 30 s on this
    # project's 2-core machines (two 8000² ones took under 8 s once: too close); filling `a` takes
    # about 2.6 s in a debug build, three times that on a loaded machine: 12 s sits between.
    done = subprocess.run([os.environ["DESCENT_BIN"], "run", "--timeout", "12", str(path)],
                          capture_output=True, text=True, timeout=TIMEOUT)
    elapsed = time.monotonic() - start
    assert done.returncode != 0
    assert "TimeoutError" in done.stderr + done.stdout
    assert "cell 2 did not finish within 12 s" in done.stderr + done.stdout
    assert elapsed < 12 + 20, f"took {elapsed:.1f} s"
