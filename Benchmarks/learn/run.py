#!/usr/bin/env python3
"""Descent's `fit` beside PyTorch on the two training benchmarks of the Learn issue.

  digits: MLP 64-128-10 (ReLU), cross-entropy, Adam lr 1e-3, batch 32, 10 epochs over all 1797
          standardized digits (57 steps an epoch): bound by per-step overhead.
  mnist:  MLP 784-256-10 on 10,000 synthetic N(0, 1) rows with random labels, batch 128, 2 epochs
          (158 steps): bound by the GEMMs.

Each contender runs REPEATS times in a fresh process; the table keeps the best wall time (the
machine is shared, so the minimum is the least disturbed run). PyTorch runs with 1 and with 2
threads and keeps its better one. Descent's steady-state allocations are counted with valgrind
(total heap allocations for 4 epochs minus those for 2, divided by the extra steps).

Usage: python3 Benchmarks/learn/run.py [--repeats 5] [--scratch-path .build-learn] [--write]
PyTorch comes from Benchmarks/.venv (python3 -m venv Benchmarks/.venv && Benchmarks/.venv/bin/pip
install torch numpy). --write stores the table in Benchmarks/learn/RESULTS.md.
"""
import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DIGITS_SWIFT = os.path.join(ROOT, "Sources/Learn/Data/Bundled/BundledCSV+Digits.swift")
PROBLEMS = {"digits": dict(sizes=(64, 128, 10), batch=32, epochs=10),
            "mnist": dict(sizes=(784, 256, 10), batch=128, epochs=2)}


def digits_arrays():
    """The digits CSV as compiled into Learn (the text between the raw string's delimiters)."""
    import numpy as np
    text = open(DIGITS_SWIFT).read()
    body = text[text.index('#"""\n') + 5:text.rindex('"""#')]
    rows = [line.split(",") for line in body.strip().split("\n")[1:]]
    x = np.array([[float(v) for v in r[:-1]] for r in rows], dtype=np.float32)
    y = np.array([int(r[-1]) for r in rows], dtype=np.int64)
    std = x.std(0)
    std[std == 0] = 1
    return (x - x.mean(0)) / std, y


def torch_worker(problem):
    import numpy as np
    import torch
    torch.manual_seed(0)
    p = PROBLEMS[problem]
    if problem == "digits":
        x, y = digits_arrays()
        x, y = torch.from_numpy(x), torch.from_numpy(y)
    else:
        x, y = torch.randn(10_000, 784), torch.randint(0, 10, (10_000,))
    a, h, c = p["sizes"]
    model = torch.nn.Sequential(torch.nn.Linear(a, h), torch.nn.ReLU(), torch.nn.Linear(h, c))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    n, steps = x.shape[0], 0
    start = time.perf_counter()
    for _ in range(p["epochs"]):
        order = torch.randperm(n)
        total = 0.0
        for i in range(0, n, p["batch"]):
            idx = order[i:i + p["batch"]]
            loss = torch.nn.functional.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            steps += 1
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "steps": steps, "final_loss": total / n, "version": torch.__version__,
            "threads": torch.get_num_threads()}


def fastest(command, repeats, env=None, best=None):
    """The fastest of `repeats` runs of `command` (its last line of output, JSON), or `best` if faster."""
    for _ in range(repeats):
        out = subprocess.run(command, env=env, capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(out.stderr)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        if best is None or r["seconds"] < best["seconds"]:
            best = r
    return best


def run_torch(python, problem, repeats):
    best = None
    for threads in (1, 2):
        env = dict(os.environ, OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
        best = fastest([python, __file__, "--torch-worker", problem], repeats, env, best)
    return best


def run_descent(binary, problem, repeats):
    return fastest([binary, problem], repeats)


def allocations(binary, problem, epochs):
    # valgrind cannot run OpenBLAS's AVX-512 kernels (SIGILL); the AVX2 ones allocate the same.
    env = dict(os.environ, OPENBLAS_CORETYPE="Haswell")
    out = subprocess.run(["valgrind", binary, problem, str(epochs)], capture_output=True, text=True, env=env)
    m = re.search(r"total heap usage: ([\d,]+) allocs", out.stderr)
    steps = json.loads(out.stdout.strip().splitlines()[-1])["steps"]
    return int(m.group(1).replace(",", "")), steps


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--scratch-path", default=".build-learn")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--torch-worker")
    args = ap.parse_args()
    if args.torch_worker:
        print(json.dumps(torch_worker(args.torch_worker)))
        return

    subprocess.run(["swift", "build", "-c", "release", "--scratch-path", args.scratch_path,
                    "--product", "LearnBenchmark"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(ROOT, args.scratch_path, "release", "LearnBenchmark")
    venv = os.path.join(ROOT, "Benchmarks/.venv/bin/python")

    rows = []
    for problem in ("digits", "mnist"):
        d = run_descent(binary, problem, args.repeats)
        t = run_torch(venv, problem, args.repeats) if os.path.exists(venv) else None
        rows.append((problem, d, t))

    lines = ["| problem | steps | Descent (s) | Descent per step | PyTorch (s) | PyTorch per step | speed-up | final loss (Descent / PyTorch) |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for problem, d, t in rows:
        per = lambda r: f"{r['seconds'] / r['steps'] * 1e6:.0f} µs"
        if t:
            lines.append(f"| {problem} | {d['steps']} | {d['seconds']:.4f} | {per(d)} | {t['seconds']:.4f} ({t['threads']} thr) | "
                         f"{per(t)} | {t['seconds'] / d['seconds']:.1f}x | {d['final_loss']:.4f} / {t['final_loss']:.4f} |")
        else:
            lines.append(f"| {problem} | {d['steps']} | {d['seconds']:.4f} | {per(d)} | n/a | n/a | n/a | {d['final_loss']:.4f} |")
    torch_version = rows[0][2]["version"] if rows[0][2] else "not installed"
    env = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, load average "
           f"{os.getloadavg()[0]:.1f} at the end; OpenBLAS core {rows[0][1]['blas_core']}; PyTorch {torch_version}; "
           f"best of {args.repeats} runs each.")
    table = "\n".join(lines)
    print(table)
    print(env, flush=True)
    alloc_note = "valgrind not installed"
    if shutil.which("valgrind"):
        a2, s2 = allocations(binary, "digits", 2)
        a4, s4 = allocations(binary, "digits", 4)
        alloc_note = (f"{a4 - a2} heap allocations in the {s4 - s2} steps of epochs 3 and 4 "
                      f"({(a4 - a2) / (s4 - s2):.3f} per step)")
    print("Steady-state allocations (Descent, digits):", alloc_note)
    if args.write:
        with open(os.path.join(HERE, "RESULTS.md"), "w") as f:
            f.write("# Learn benchmark: `fit` beside PyTorch\n\n")
            f.write("Made by `python3 Benchmarks/learn/run.py --write` (see its docstring for the problems).\n\n")
            f.write(table + "\n\n" + env + "\n\n")
            f.write("Steady-state allocations (Descent, digits): " + alloc_note + ".\n")


if __name__ == "__main__":
    main()
