"""One bare pyzmq client for both kernels: Descent's and ipykernel.

For each kernel: time from process start to the first kernel_info_reply; execute_request
`1 + 1` round trips to idle (p50, p99 over 1,000 after 50 warm-up runs); resident memory
when idle; and its growth over 10,000 further executes. Prints a Markdown table.

    python Benchmarks/kernel/bench.py --descent .build/release/descent
"""
from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import zmq

DELIM = b"<IDS|MSG>"


def free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


class BareClient:
    """Just enough of the protocol: sign, send, receive, match parents."""

    def __init__(self, ctx, info):
        self.key = info["key"].encode()
        self.session = uuid.uuid4().hex
        url = f"tcp://{info['ip']}:"
        # The sockets connect before the kernel binds; retry every millisecond, not ZeroMQ's
        # default 100 ms, so that startup is measured and not the client's back-off.
        ctx.setsockopt(zmq.RECONNECT_IVL, 1)
        self.shell = ctx.socket(zmq.DEALER)
        self.shell.setsockopt(zmq.IDENTITY, self.session.encode())
        self.shell.connect(url + str(info["shell_port"]))
        self.iopub = ctx.socket(zmq.SUB)
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.iopub.connect(url + str(info["iopub_port"]))
        self.control = ctx.socket(zmq.DEALER)
        self.control.connect(url + str(info["control_port"]))
        self.poller = zmq.Poller()
        self.poller.register(self.shell, zmq.POLLIN)
        self.poller.register(self.iopub, zmq.POLLIN)

    def sign(self, parts):
        mac = hmac.new(self.key, digestmod=hashlib.sha256)
        for p in parts:
            mac.update(p)
        return mac.hexdigest().encode()

    def send(self, sock, msg_type, content):
        header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": self.session,
                  "username": "bench", "date": "2026-01-01T00:00:00.000000Z", "version": "5.3"}
        parts = [json.dumps(p).encode() for p in (header, {}, {}, content)]
        sock.send_multipart([DELIM, self.sign(parts)] + parts)
        return header["msg_id"]

    @staticmethod
    def parse(frames):
        i = frames.index(DELIM)
        return {"header": json.loads(frames[i + 2]), "parent_header": json.loads(frames[i + 3]),
                "content": json.loads(frames[i + 5])}

    def reply(self, sock, msg_id, timeout_ms=30000):
        while True:
            if not sock.poll(timeout_ms):
                raise TimeoutError("no reply")
            msg = self.parse(sock.recv_multipart())
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def execute_to_idle(self, code):
        msg_id = self.send(self.shell, "execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True})
        replied = idle = False
        while not (replied and idle):
            ready = dict(self.poller.poll(30000))
            if not ready:
                raise TimeoutError("no reply or no idle")
            if self.shell in ready:
                msg = self.parse(self.shell.recv_multipart())
                replied |= msg["parent_header"].get("msg_id") == msg_id
            if self.iopub in ready:
                msg = self.parse(self.iopub.recv_multipart())
                idle |= (msg["parent_header"].get("msg_id") == msg_id and msg["header"]["msg_type"] == "status"
                         and msg["content"]["execution_state"] == "idle")


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def kernelspec_env(name):
    """The environment Jupyter would add for kernelspec `name` (e.g. OPENBLAS_CORETYPE)."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager
        return KernelSpecManager().get_kernel_spec(name).env or {}
    except Exception:
        return {}


def measure(name, argv_for, runs, growth_runs, env=None):
    ctx = zmq.Context()
    ports = free_ports(5)
    info = dict(zip(["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"], ports),
                ip="127.0.0.1", transport="tcp", key=uuid.uuid4().hex, signature_scheme="hmac-sha256",
                kernel_name=name)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(info, f)
        path = f.name
    client = BareClient(ctx, info)
    start = time.perf_counter()
    process = subprocess.Popen(argv_for(path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, **(env or {})})
    msg_id = client.send(client.shell, "kernel_info_request", {})
    client.reply(client.shell, msg_id)
    startup = (time.perf_counter() - start) * 1000
    time.sleep(0.5)  # let the IOPub subscription settle
    for _ in range(50):
        client.execute_to_idle("1 + 1")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        client.execute_to_idle("1 + 1")
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    idle = rss_mb(process.pid)
    for _ in range(growth_runs):
        client.execute_to_idle("1 + 1")
    after = rss_mb(process.pid)
    client.send(client.control, "shutdown_request", {"restart": False})
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    os.unlink(path)
    ctx.destroy(linger=0)
    return {"kernel": name, "startup_ms": startup, "p50_ms": statistics.median(times),
            "p99_ms": times[int(0.99 * (len(times) - 1))], "idle_rss_mb": idle, "growth_mb": after - idle}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--descent", required=True, help="the descent binary (release build)")
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--growth-runs", type=int, default=10000)
    parser.add_argument("--repeat-startup", type=int, default=5)
    args = parser.parse_args()
    kernels = {
        "descent": lambda p: [os.path.abspath(args.descent), "kernel", "--connection-file", p],
        "ipykernel": lambda p: [sys.executable, "-m", "ipykernel_launcher", "-f", p],
    }
    rows = []
    for name, argv_for in kernels.items():
        env = kernelspec_env(name)
        row = measure(name, argv_for, args.runs, args.growth_runs, env)
        starts = [row["startup_ms"]] + [measure(name, argv_for, 10, 0, env)["startup_ms"]
                                         for _ in range(args.repeat_startup - 1)]
        row["startup_ms"] = statistics.median(starts)
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)
    print("| kernel | start to kernel_info_reply (median of %d) | `1 + 1` p50 | p99 | idle RSS | RSS growth over %d executes |"
          % (args.repeat_startup, args.growth_runs))
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['kernel']} | {r['startup_ms']:.1f} ms | {r['p50_ms']:.3f} ms | {r['p99_ms']:.3f} ms "
              f"| {r['idle_rss_mb']:.1f} MB | {r['growth_mb']:+.1f} MB |")
    d, p = rows
    print(f"\nRatios (ipykernel / descent): p50 {p['p50_ms'] / d['p50_ms']:.1f}x, p99 {p['p99_ms'] / d['p99_ms']:.1f}x, "
          f"startup {p['startup_ms'] / d['startup_ms']:.1f}x, idle RSS {p['idle_rss_mb'] / d['idle_rss_mb']:.1f}x")


if __name__ == "__main__":
    main()
