"""One bare pyzmq client for Descent's kernel, ipykernel and the floor kernel.

For each kernel: time from process start to the first kernel_info_reply; execute_request
`1 + 1` round trips to idle (p50, p99); resident memory when idle; and its growth over
10,000 further executes. Prints a Markdown table.

The round trips of the kernels are interleaved (a block of 10 on each in turn, all kernels
running) so that every kernel sees the same machine load. The floor kernel
(`KernelFloor`, built beside `descent`) does the least any kernel can on this transport:
it verifies the request, then sends the five messages of a `1 + 1` cell from byte
templates on one thread. Its round trip is this client's and ZeroMQ's share, the
physical limit for a kernel measured this way.

The client reads only what it needs: the parent's msg_id (a byte search in the
parent_header frame) and, on IOPub, whether the content says idle. Parsing every frame
as JSON made the client's own work most of a fast kernel's round trip.

    swift build -c release --static-swift-stdlib --product descent --product KernelFloor
    python Benchmarks/kernel/bench.py --descent .build/release/descent --floor .build/release/KernelFloor
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
            "allow_stdin": False, "stop_on_error": True}).encode()
        replied = idle = False
        while not (replied and idle):
            ready = dict(self.poller.poll(30000))
            if not ready:
                raise TimeoutError("no reply or no idle")
            if self.shell in ready:
                frames = self.shell.recv_multipart()
                replied |= msg_id in frames[frames.index(DELIM) + 3]
            if self.iopub in ready:
                frames = self.iopub.recv_multipart()
                i = frames.index(DELIM)
                idle |= msg_id in frames[i + 3] and b'"idle"' in frames[i + 5]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def private_mb(pid):
    """Unique set size: the pages only this process holds (its heap, stacks, written data),
    not the code pages it shares through the page cache."""
    total = 0
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith(("Private_Clean:", "Private_Dirty:")):
                total += int(line.split()[1])
    return total / 1024


def kernelspec_env(name):
    """The environment Jupyter would add for kernelspec `name` (e.g. OPENBLAS_CORETYPE)."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager
        return KernelSpecManager().get_kernel_spec(name).env or {}
    except Exception:
        return {}


class Running:
    """A kernel process and the client connected to it, ready for round trips."""

    def __init__(self, name, argv_for, env=None):
        self.name = name
        self.ctx = zmq.Context()
        ports = free_ports(5)
        info = dict(zip(["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"], ports),
                    ip="127.0.0.1", transport="tcp", key=uuid.uuid4().hex, signature_scheme="hmac-sha256",
                    kernel_name=name)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(info, f)
            self.path = f.name
        self.client = BareClient(self.ctx, info)
        start = time.perf_counter()
        self.process = subprocess.Popen(argv_for(self.path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        env={**os.environ, **(env or {})})
        msg_id = self.client.send(self.client.shell, "kernel_info_request", {})
        self.client.reply(self.client.shell, msg_id)
        self.startup_ms = (time.perf_counter() - start) * 1000

    def stop(self):
        self.client.send(self.client.control, "shutdown_request", {"restart": False})
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.unlink(self.path)
        self.ctx.destroy(linger=0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--descent", required=True, help="the descent binary (release build)")
    parser.add_argument("--floor", required=True, help="the KernelFloor binary (release build)")
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--growth-runs", type=int, default=10000)
    parser.add_argument("--repeat-startup", type=int, default=5)
    args = parser.parse_args()
    kernels = {
        "descent": lambda p: [os.path.abspath(args.descent), "kernel", "--connection-file", p],
        "ipykernel": lambda p: [sys.executable, "-m", "ipykernel_launcher", "-f", p],
        "floor": lambda p: [os.path.abspath(args.floor), "--connection-file", p],
    }
    envs = {name: kernelspec_env(name) for name in kernels}
    startups = {name: [] for name in kernels}
    for _ in range(args.repeat_startup):
        for name, argv_for in kernels.items():
            k = Running(name, argv_for, envs[name])
            startups[name].append(k.startup_ms)
            k.stop()
    running = [Running(name, argv_for, envs[name]) for name, argv_for in kernels.items()]
    time.sleep(0.5)  # let the IOPub subscriptions settle
    for k in running:
        for _ in range(50):
            k.client.execute_to_idle("1 + 1")
    times = {k.name: [] for k in running}
    block = 10
    for _ in range(args.runs // block):
        for k in running:
            for _ in range(block):
                t = time.perf_counter()
                k.client.execute_to_idle("1 + 1")
                times[k.name].append((time.perf_counter() - t) * 1000)
    rows = []
    for k in running:
        idle = rss_mb(k.process.pid)
        private = private_mb(k.process.pid)
        for _ in range(args.growth_runs if k.name != "floor" else 0):
            k.client.execute_to_idle("1 + 1")
        after = rss_mb(k.process.pid)
        samples = sorted(times[k.name])
        rows.append({"kernel": k.name, "startup_ms": statistics.median(startups[k.name]),
                     "p50_ms": statistics.median(samples), "p99_ms": samples[int(0.99 * (len(samples) - 1))],
                     "idle_rss_mb": idle, "idle_private_mb": private, "growth_mb": after - idle if k.name != "floor" else float("nan")})
        k.stop()
        print(json.dumps(rows[-1]), file=sys.stderr)
    print("| kernel | start to kernel_info_reply (median of %d) | `1 + 1` p50 | p99 | idle RSS | idle private (USS) | RSS growth over %d executes |"
          % (args.repeat_startup, args.growth_runs))
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['kernel']} | {r['startup_ms']:.1f} ms | {r['p50_ms']:.3f} ms | {r['p99_ms']:.3f} ms "
              f"| {r['idle_rss_mb']:.1f} MB | {r['idle_private_mb']:.1f} MB | {r['growth_mb']:+.1f} MB |")
    d, p, f = rows
    print(f"\nRatios (ipykernel / descent): p50 {p['p50_ms'] / d['p50_ms']:.1f}x, p99 {p['p99_ms'] / d['p99_ms']:.1f}x, "
          f"startup {p['startup_ms'] / d['startup_ms']:.1f}x, idle RSS {p['idle_rss_mb'] / d['idle_rss_mb']:.1f}x")
    print(f"Floor: ipykernel / floor p50 {p['p50_ms'] / f['p50_ms']:.1f}x (the most any kernel can show to this client); "
          f"descent p50 is {d['p50_ms'] / f['p50_ms']:.2f}x the floor's")


if __name__ == "__main__":
    main()
