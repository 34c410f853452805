"""Interrupt-to-idle latency of Descent's kernel in long single operations.

For each workload: run its setup cell once, then TRIALS times: start the workload cell, wait
until it runs (execute_input) and a further random 0.3-1.3 s (0.1-0.5 s for the contour), send `interrupt_request` on the
control channel, and time until the cell's `status: idle` arrives on IOPub. Prints the median
and maximum per workload as a Markdown table, and checks that every trial ended with
KeyboardInterrupt.

Workloads (issue 13): a loop of 4000x4000 GEMMs, one 8000x8000 GEMM, a 12000x12000 randn, and
showing a contour figure with 500 levels at resolution 1000 (its render: the figure is made in
the setup cell, and an interrupted render is not kept, so each trial renders again).

    swift build -c release --product descent
    .venv/bin/python Benchmarks/kernel/interrupt.py --descent .build/release/descent [--trials 10] [--only NAME]

(.venv is the protocol tests' virtualenv: jupyter_client.)
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import tempfile
import time

from jupyter_client.manager import start_new_kernel

# Name, setup cell, workload cell, and the range of the random wait before the interrupt: the
# contour renders in about 0.8 s in release (4.8 s before commit ae4d2af), so it is interrupted
# within its first half second; a render that finished would be kept and every later trial free.
WORKLOADS = [
    ("loop of 4000² GEMMs", "a = randn(4000, 4000)", "while True:\n    c = a @ a", (0.3, 1.3)),
    ("one 8000² GEMM", "b = randn(8000, 8000)", "c = b @ b", (0.3, 1.3)),
    ("randn(12000, 12000)", "pass", "r = randn(12000, 12000)", (0.3, 1.3)),
    ("rendering a contour, 500 levels, resolution 1000",
     "f = contour(lambda x, y: (x * x + y - 11) * (x * x + y - 11) + (x + y * y - 7) * (x + y * y - 7), "
     "x=(-5, 5), y=(-5, 5), levels=500, resolution=1000)", "f", (0.1, 0.5)),
]


def until(kc, msg_id, pred, timeout):
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id and pred(msg):
            return msg


def reply(kc, msg_id, timeout=600):
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def idle(msg):
    return msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--descent", required=True)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--only", default="", help="run the workloads whose name contains this")
    args = parser.parse_args()
    random.seed(13)
    with tempfile.TemporaryDirectory() as home:
        spec = os.path.join(home, "kernels", "descent-bench")
        os.makedirs(spec)
        with open(os.path.join(spec, "kernel.json"), "w") as f:
            json.dump({"argv": [os.path.abspath(args.descent), "kernel", "--connection-file", "{connection_file}"],
                       "display_name": "Descent (interrupt benchmark)", "language": "descent",
                       "interrupt_mode": "message"}, f)
        os.environ["JUPYTER_PATH"] = home
        km, kc = start_new_kernel(kernel_name="descent-bench", startup_timeout=60)
        rows = []
        try:
            for name, setup, work, wait in (w for w in WORKLOADS if args.only in w[0]):
                msg_id = kc.execute(setup)
                assert reply(kc, msg_id)["content"]["status"] == "ok"
                until(kc, msg_id, idle, 600)
                latencies = []
                for _ in range(args.trials):
                    msg_id = kc.execute(work)
                    until(kc, msg_id, lambda m: m["msg_type"] == "execute_input", 60)
                    time.sleep(random.uniform(*wait))
                    start = time.monotonic()
                    kc.control_channel.send(kc.session.msg("interrupt_request", {}))
                    until(kc, msg_id, idle, 600)
                    latencies.append((time.monotonic() - start) * 1000)
                    content = reply(kc, msg_id)["content"]
                    assert content.get("ename") == "KeyboardInterrupt", content
                rows.append((name, statistics.median(latencies), max(latencies)))
                print(f"{name}: median {rows[-1][1]:.0f} ms, max {rows[-1][2]:.0f} ms", flush=True)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    load = os.getloadavg()[0]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"\n{args.trials} trials per workload, {platform.machine()}, {os.cpu_count()} cores, "
          f"load average {load:.1f} at the end, commit {commit}\n")
    print("| workload | median ms | max ms |\n|---|---:|---:|")
    for name, median, worst in rows:
        print(f"| {name} | {median:.0f} | {worst:.0f} |")


if __name__ == "__main__":
    main()
