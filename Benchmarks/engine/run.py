#!/usr/bin/env python3
"""The lecture's PyTorch example, timed side by side: Descent's engine, PyTorch (CPU), NumPy, and
the BLAS floor (the five GEMMs of each step called straight on OpenBLAS, no framework at all).

  N, D_in, H, D_out = 64, 1000, 100, 10; Linear-ReLU-Linear; sum of squared errors;
  plain SGD, lr 1e-4; 500 steps. Best of REPEATS runs each; every contender uses the thread
  count the engine picks for these sizes.

Usage: python3 Benchmarks/engine/run.py [--repeats 5] [--scratch-path .build] [--write]
PyTorch comes from Benchmarks/.venv (python3 -m venv Benchmarks/.venv && Benchmarks/.venv/bin/pip
install torch numpy); without it that row is skipped. --write stores the table in RESULTS.md.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
N, D_IN, H, D_OUT, STEPS, LR = 64, 1000, 100, 10, 500, 1e-4


RESULTS_HEADER = """# Engine benchmark

Made by `python3 Benchmarks/engine/run.py --write` (the Swift side is `Benchmarks/engine/EngineBenchmark`,
built in release). The floor is what no framework can beat: the same five GEMMs per step (two forward,
three backward) called straight on OpenBLAS with fixed buffers, nothing else.

"""

RESULTS_NOTES = """
Notes
- CPU time is the steadier column: the machine is shared (2 cores, several builds running), so wall
  time includes waiting for a core. The target is the engine within 1.15x of the floor.
- The engine's extra work over the floor: the SGD update itself (saxpy over the 101k parameters,
  which PyTorch and NumPy also do), bias rows, ReLU and its mask, the loss, and the tape.
- Debian's OpenBLAS 0.3.21 detects this virtualized Xeon as "Prescott" and runs SSE3 kernels, about
  three times slower than its AVX-512 ("SkylakeX") kernels here. Descent opens OpenBLAS on first
  use, and opens it again with `OPENBLAS_CORETYPE` set when its choice is that old (`COpenBLAS`).
- One BLAS thread: for these sizes two threads were slower (`BLASThreads.singleThreadBelow`).
"""


THREE_WAYS = "## The lecture's example as students write it"


def numpy_worker(repeats):
    import numpy as np
    rng = np.random.default_rng(0)
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeats):
        x = rng.standard_normal((N, D_IN), dtype=np.float32)
        y = rng.standard_normal((N, D_OUT), dtype=np.float32)
        w1 = rng.uniform(-0.0316, 0.0316, (H, D_IN)).astype(np.float32)
        b1 = np.zeros(H, np.float32)
        w2 = rng.uniform(-0.1, 0.1, (D_OUT, H)).astype(np.float32)
        b2 = np.zeros(D_OUT, np.float32)
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(STEPS):
            pre = x @ w1.T + b1
            h = np.maximum(pre, 0)
            diff = h @ w2.T + b2 - y
            loss = float((diff * diff).sum())
            g = 2 * diff
            g_w2 = g.T @ h
            g_b2 = g.sum(0)
            g_pre = (g @ w2) * (pre > 0)
            g_w1 = g_pre.T @ x
            g_b1 = g_pre.sum(0)
            w1 -= LR * g_w1; b1 -= LR * g_b1; w2 -= LR * g_w2; b2 -= LR * g_b2
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    return {"seconds": best, "cpu_seconds": best_cpu, "final_loss": loss, "version": np.__version__}


def torch_worker(repeats):
    import torch
    torch.manual_seed(0)
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeats):
        x = torch.randn(N, D_IN)
        y = torch.randn(N, D_OUT)
        model = torch.nn.Sequential(torch.nn.Linear(D_IN, H), torch.nn.ReLU(), torch.nn.Linear(H, D_OUT))
        loss_fn = torch.nn.MSELoss(reduction="sum")
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(STEPS):
            loss = loss_fn(model(x), y)
            model.zero_grad()
            loss.backward()
            with torch.no_grad():
                for p in model.parameters():
                    p -= LR * p.grad
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    return {"seconds": best, "cpu_seconds": best_cpu, "final_loss": float(loss), "version": torch.__version__,
            "threads": torch.get_num_threads()}


def in_subprocess(python, kind, repeats, threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    out = subprocess.run([python, __file__, "--worker", kind, "--repeats", str(repeats)], env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"}
    return json.loads(out.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--scratch-path", default=".build")
    ap.add_argument("--worker", choices=["numpy", "torch"])
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    if args.worker:
        if args.worker == "torch":
            import torch
            torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
        print(json.dumps((numpy_worker if args.worker == "numpy" else torch_worker)(args.repeats)))
        return

    scratch = os.path.join(ROOT, args.scratch_path) if not os.path.isabs(args.scratch_path) else args.scratch_path
    subprocess.run(["swift", "build", "-c", "release", "--product", "EngineBenchmark", "--scratch-path", scratch],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    swift = json.loads(subprocess.run([os.path.join(scratch, "release", "EngineBenchmark"), str(args.repeats)],
                                      check=True, capture_output=True, text=True).stdout)
    threads = swift["blas_threads"]
    venv_python = os.path.join(ROOT, "Benchmarks", ".venv", "bin", "python")
    torch = in_subprocess(venv_python, "torch", args.repeats, threads) if os.path.exists(venv_python) \
        else {"error": "no Benchmarks/.venv with torch"}
    numpy = in_subprocess(sys.executable, "numpy", args.repeats, threads)

    floor, floor_cpu = swift["blas_floor_seconds"], swift["blas_floor_cpu_seconds"]
    rows = [("BLAS floor (5 GEMMs x 500, OpenBLAS " + swift["blas_core"] + ")", floor, floor_cpu, ""),
            ("Descent engine (Swift, release)", swift["engine_seconds"], swift["engine_cpu_seconds"],
             f"final loss {swift['final_loss']:.3g}")]
    for name, r in (("PyTorch " + torch.get("version", ""), torch), ("NumPy " + numpy.get("version", ""), numpy)):
        rows.append((name.strip(), r.get("seconds"), r.get("cpu_seconds"),
                     r.get("error") or f"final loss {r['final_loss']:.3g}"))
    load = os.getloadavg()[0]
    lines = [f"Lecture's PyTorch example (64x1000x100x10, 500 SGD steps), best of {args.repeats}, "
             f"{threads} BLAS thread(s), {platform.machine()}, {os.cpu_count()} cores, load average {load:.1f} at the end.",
             "", "| contender | wall s | x floor (wall) | CPU s | x floor (CPU) | note |", "|---|---:|---:|---:|---:|---|"]
    for name, sec, cpu, note in rows:
        if sec is None:
            lines.append(f"| {name} | n/a | n/a | n/a | n/a | {note} |")
        else:
            lines.append(f"| {name} | {sec:.3f} | {sec / floor:.2f} | {cpu:.3f} | {cpu / floor_cpu:.2f} | {note} |")
    table = "\n".join(lines)
    print(table)
    if args.write:
        path = os.path.join(HERE, "RESULTS.md")
        # The section lecture_three_ways.py's numbers are recorded in is kept as it is.
        kept = ""
        if os.path.exists(path):
            old = open(path).read()
            kept = old[old.index(THREE_WAYS):] if THREE_WAYS in old else ""
        with open(path, "w") as f:
            f.write(RESULTS_HEADER + table + "\n" + RESULTS_NOTES + ("\n" + kept if kept else ""))


if __name__ == "__main__":
    main()
