"""Two builds of PlotBenchmark side by side: each gallery figure rendered to a 2x PNG (median time
of 20, PNG bytes), and the `time` cases behind the README's plot rows. Rounds alternate between
the two builds so they share the machine's load; each cell is the best round's median.

Made to compare PNG encoders (Plot's own against libdeflate, item 6 of RESULTS.md): build each
commit's PlotBenchmark (`swift build -c release --product PlotBenchmark`) in its own worktree,
then, from the repository root,

    python3 Benchmarks/plot/compare_png.py OLD_BINARY NEW_BINARY [rounds]

Prints a Markdown table (copied into Benchmarks/plot/RESULTS.md).
"""
import json
import os
import subprocess
import sys


def run(binary, mode):
    out = subprocess.run([binary, mode], check=True, capture_output=True, text=True).stdout
    return {row["case"]: row for row in map(json.loads, out.splitlines())}


def main():
    old, new = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    best = {"old": {}, "new": {}}
    for _ in range(rounds):
        for side, binary in (("old", old), ("new", new)):
            for mode in ("png", "time"):
                for case, row in run(binary, mode).items():
                    kept = best[side].get(case)
                    if kept is None or row["wall_ms"] < kept["wall_ms"]:
                        best[side][case] = row
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print("| figure (2x PNG) | old wall | new wall | old/new | old CPU | new CPU | old/new | old bytes | new bytes | new/old |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for case, o in best["old"].items():
        n = best["new"][case]
        size = f"{o['bytes']:,} | {n['bytes']:,} | {n['bytes'] / o['bytes']:.2f}" if "bytes" in o else "| |"
        print(f"| {case} | {o['wall_ms']:.1f} ms | {n['wall_ms']:.1f} ms | {o['wall_ms'] / n['wall_ms']:.2f}x "
              f"| {o['cpu_ms']:.1f} ms | {n['cpu_ms']:.1f} ms | {o['cpu_ms'] / n['cpu_ms']:.2f}x | {size} |")


if __name__ == "__main__":
    main()
