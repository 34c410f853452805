"""Runner overhead: a notebook of 100 trivial cells executed by `descent run`, by
`jupyter nbconvert --execute` (ipykernel) and by papermill (ipykernel), side by side in one run.

Usage: python Benchmarks/notebook/run.py [--descent .build/release/descent] [--rounds 5] [--write]
Needs nbformat, nbconvert, papermill and ipykernel in the running Python (the protocol-test venv
has them). Prints a table of medians and ratios; --write also stores it in RESULTS.md beside
this script.
"""
import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.dirname(sys.executable)


def notebook(path, kernel, language):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": language}
    nb.cells = [nbformat.v4.new_code_cell(f"x{i} = {i} + 1\nx{i}") for i in range(100)]
    nbformat.write(nb, path)


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--descent", default=".build/release/descent")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    descent_nb, python_nb = os.path.join(tmp, "descent.ipynb"), os.path.join(tmp, "python.ipynb")
    notebook(descent_nb, "descent", "descent")
    notebook(python_nb, "python3", "python")
    contenders = {
        "descent run": [args.descent, "run", descent_nb, "--output", os.path.join(tmp, "d-out.ipynb")],
        "jupyter nbconvert --execute (ipykernel)": [os.path.join(BIN, "jupyter-nbconvert"), "--to", "notebook",
                                                    "--execute", "--output", os.path.join(tmp, "n-out.ipynb"), python_nb],
        "papermill (ipykernel)": [os.path.join(BIN, "papermill"), "-k", "python3", python_nb, os.path.join(tmp, "p-out.ipynb")],
    }
    times = {name: [] for name in contenders}
    for _ in range(args.rounds):  # alternate, so load changes hit every contender alike
        for name, cmd in contenders.items():
            times[name].append(timed(cmd))
    base = statistics.median(times["descent run"])
    lines = [
        "| runner | median wall s (100 trivial cells) | x descent run |",
        "|---|---:|---:|",
    ]
    for name, ts in times.items():
        m = statistics.median(ts)
        lines.append(f"| {name} | {m:.3f} | {m / base:.1f} |")
    load = os.getloadavg()[0]
    table = "\n".join(lines)
    header = (f"{args.rounds} alternating rounds, {platform.machine()}, {os.cpu_count()} cores, "
              f"load average {load:.1f} at the end.")
    print(header)
    print(table)
    if args.write:
        with open(os.path.join(HERE, "RESULTS.md"), "w") as f:
            f.write("# Notebook runner overhead\n\nMade by `python Benchmarks/notebook/run.py --write` "
                    "(release build of descent; nbconvert and papermill drive ipykernel).\n\n"
                    f"{header}\n\n{table}\n\nTarget: `descent run` at least 30x faster than nbconvert.\n")


if __name__ == "__main__":
    main()
