#!/usr/bin/env python3
"""The lecture's PyTorch example written three ways in Descent, each timed as a whole `descent`
process, beside the BLAS floor in the same run.

  (a) Sequential(Linear, ReLU, Linear), p -= lr * p.grad under no_grad  (lecture/a_*.descent)
  (b) the slide's raw tensors: relu(x @ w1) @ w2, ((y_pred - y) ** 2).sum()  (lecture/b_*.descent)
  (c) Sequential with SGD(model.parameters(), lr=1e-4) and optimizer.step()  (lecture/c_*.descent)

Each program's time is the process's less the median of an empty script's (start-up), and is
divided by the floor: the five GEMMs of each step alone, 500 steps, on OpenBLAS with one thread,
in the weight layout the program uses ((out, in) for Linear, (in, out) for the raw tensors),
timed inside `EngineBenchmark floor`; and by the floor with SGD's update (the same GEMMs, then
`cblas_saxpy` over the two weight matrices each step: the one memory pass over the parameters that
no training step can skip). Every process runs with OPENBLAS_NUM_THREADS=1 (the engine
picks one thread for these sizes anyway; without it OpenBLAS's idle worker spins in sched_yield
and its CPU time counts against the program). Runs alternate (empty, a, b, c, floors) ROUNDS times and
the medians are compared, since the machine is shared.

Usage: python3 Benchmarks/engine/lecture_three_ways.py [--rounds 7] [--descent PATH] [--before PATH]
       [--floor PATH]
(defaults: .build/release/descent and .build/release/EngineBenchmark; build them with
`swift build -c release --product descent` and `--product EngineBenchmark`). --before adds
another `descent` (say, an older commit's) to every round, timed the same way.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PROGRAMS = [("a", "a_sequential_manual.descent", "linear"), ("b", "b_raw_tensors.descent", "raw"),
            ("c", "c_sequential_sgd.descent", "linear")]
ENV = dict(os.environ, OPENBLAS_NUM_THREADS="1")


def timed(argv):
    """Wall and CPU (user + system) seconds of one child process, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(argv, check=True, capture_output=True, text=True, env=ENV).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--descent", default=os.path.join(ROOT, ".build", "release", "descent"))
    ap.add_argument("--before")
    ap.add_argument("--floor", default=os.path.join(ROOT, ".build", "release", "EngineBenchmark"))
    args = ap.parse_args()
    lecture = os.path.join(HERE, "lecture")
    binaries = [args.descent] + ([args.before] if args.before else [])
    samples = {(b, k): [] for b in binaries for k in ["empty", "a", "b", "c"]}
    floors = [(layout, update) for layout in ("linear", "raw") for update in (False, True)]
    samples.update({f: [] for f in floors})
    notes = {}
    for _ in range(args.rounds):
        for binary in binaries:
            wall, cpu, _ = timed([binary, os.path.join(lecture, "empty.descent")])
            samples[(binary, "empty")].append((wall, cpu))
            for key, script, _layout in PROGRAMS:
                wall, cpu, out = timed([binary, os.path.join(lecture, script)])
                samples[(binary, key)].append((wall, cpu))
                notes[(binary, key)] = out.strip()
        for layout, update in floors:
            r = json.loads(subprocess.run([args.floor, "floor", layout] + (["update"] if update else []), check=True,
                                          capture_output=True, text=True, env=ENV).stdout)
            samples[(layout, update)].append((r["wall"], r["cpu"]))
            notes["core"] = r["blas_core"]

    def median(key, i):
        return statistics.median(s[i] for s in samples[key])

    print(f"Medians of {args.rounds} alternating rounds; OpenBLAS {notes['core']}; "
          f"load average {os.getloadavg()[0]:.1f} at the end")
    print("| descent | program | wall s | less start-up | floor s | x floor (wall) | CPU s | less start-up | floor CPU s "
          "| x floor (CPU) | floor with update, CPU s | x that (CPU) | output |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for binary in binaries:
        start_wall, start_cpu = median((binary, "empty"), 0), median((binary, "empty"), 1)
        name = os.path.relpath(binary, ROOT) if binary.startswith(ROOT) else binary
        print(f"| {name} | empty script (start-up) | {start_wall:.3f} | | | | {start_cpu:.3f} | | | | | | |")
        for key, _script, layout in PROGRAMS:
            wall, cpu = median((binary, key), 0), median((binary, key), 1)
            fw, fc = median((layout, False), 0), median((layout, False), 1)
            uc = median((layout, True), 1)
            print(f"| {name} | ({key}) | {wall:.3f} | {wall - start_wall:.3f} | {fw:.3f} | {(wall - start_wall) / fw:.2f} "
                  f"| {cpu:.3f} | {cpu - start_cpu:.3f} | {fc:.3f} | {(cpu - start_cpu) / fc:.2f} | {uc:.3f} "
                  f"| {(cpu - start_cpu) / uc:.2f} | {notes[(binary, key)]} |")


if __name__ == "__main__":
    main()
