"""Searches on a two-node Ray cluster on 127.0.0.1 against local workers (issue 17's targets).

Starts the cluster as Tests/Ray/run.sh does (one CPU per node; the Ray venv from Tests/Ray), runs
each benchmark as a `descent` script (one session) alternately on the cluster and on 2 local
workers, and reports best-of-N wall times of the searches (the time each summary line gives: for
the cluster it includes each node's replay of the session, and for the session's first search
on the cluster also starting the bridge, the session's Ray driver, and Ray's worker processes).
Each session runs its search several times: the first is "cold", the later ones "warm" (the
session's driver is kept, as in a notebook).

- Per-trial overhead: in one session, searches of empty trials (`return 0.0`) with 64 trials
  (cold), 64 and 256 trials (warm); the difference over 192 trials is what one more trial costs
  on the cluster (dispatch, result return), and what is left at 64 trials is a warm search's
  fixed cost.
- Digits: a 64-trial grid (8 learning rates x 8 hidden sizes) of an MLP trained on digits, three
  times in one session.
- PBT (`--pbt`): population-based training of 8 digits MLPs for `--rounds` rounds of one epoch,
  three times in one session, one member after another (`workers=1`), on 2 local workers and on
  the cluster; each trial sends its member's weights and gets the trained ones back.

Usage: python3 Benchmarks/tuning/ray.py [--repeats 3] [--epochs 2] [--only-digits] [--pbt [--rounds 4]]
       [--descent PATH]
"""
import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV = os.path.join(ROOT, "build", "ray-venv", "bin")

EMPTY = """
def trial(i):
    return 0.0
for n in [64, 64, 256]:
    r = grid_search(trial, {"i": range(n)}, seed=1, workers=2{c})
    print("WALL", r.wall_time)
"""

DIGITS = """
data = digits()
data = dataset(data.x / 16.0, data.y, classes=list(range(10)))
train, val = split(data, [0.8, 0.2], seed=0)
def trial(lr, hidden):
    return fit(MLP([64, hidden, 10]), train, loss=cross_entropy, optimizer=SGD(lr=lr), epochs={epochs},
               batch_size=64, validation=val)
for repeat in range(3):
    r = grid_search(trial, {{"lr": [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8],
                             "hidden": [8, 12, 16, 24, 32, 48, 64, 96]}}, seed=1, workers=2{cluster})
    print("WALL", r.wall_time)
print("BEST", r.best, r.best_score)
"""

PBT = """
data = digits()
data = dataset(data.x / 16.0, data.y, classes=list(range(10)))
train, val = split(data, [0.8, 0.2], seed=0)
def step(net, lr):
    return fit(net, train, loss=cross_entropy, optimizer=SGD(lr=lr), epochs=1, batch_size=64, validation=val)
for repeat in range(3):
    r = pbt(step, {{"lr": loguniform(0.01, 1.0)}}, lambda: MLP([64, 32, 10]), population=8, rounds={rounds}, seed=1{c})
    print("WALL", r.wall_time)
print("BEST", r.best, r.best_score, [round(float(w), 6) for w in r.model[0].weight.flatten()[:4]])
"""


def run(descent, code, env):
    with tempfile.NamedTemporaryFile("w", suffix=".dsc", delete=False) as f:
        f.write(code)
    try:
        out = subprocess.run([descent, f.name], capture_output=True, text=True, env=env, timeout=900)
    finally:
        os.remove(f.name)
    if out.returncode != 0:
        raise SystemExit(out.stderr + out.stdout)
    lines = out.stdout.split("\n")
    walls = [float(l.split()[1]) for l in lines if l.startswith("WALL ")]
    return walls, "\n".join(l for l in lines if l.startswith("BEST "))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=2, help="epochs of each digits trial")
    parser.add_argument("--only-digits", action="store_true", help="skip the empty-trial searches")
    parser.add_argument("--pbt", action="store_true", help="population-based training instead of the grids")
    parser.add_argument("--rounds", type=int, default=4, help="rounds of the pbt benchmark")
    parser.add_argument("--descent", default=os.path.join(ROOT, ".build", "debug", "descent"))
    args = parser.parse_args()
    descent = os.path.abspath(args.descent)
    env = {**os.environ, "PATH": VENV + ":" + os.environ["PATH"], "RAY_USAGE_STATS_ENABLED": "0",
           "PYTHONPATH": os.path.join(ROOT, "python", "descent-ray"), "DESCENT_RAY_PYTHON": os.path.join(VENV, "python")}
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    address = f"127.0.0.1:{port}"
    ray = os.path.join(VENV, "ray")
    try:
        subprocess.run([ray, "start", "--head", "--node-ip-address=127.0.0.1", f"--port={port}", "--num-cpus=1",
                        "--include-dashboard=false", "--disable-usage-stats"], env=env, check=True, capture_output=True)
        subprocess.run([ray, "start", f"--address={address}", "--node-ip-address=127.0.0.1", "--num-cpus=1"],
                       env=env, check=True, capture_output=True)
        cluster = f', cluster="{address}"'
        results = {}
        # Each session's searches, as (name, which of its WALL lines), and where it runs.
        places = [("local", ""), ("ray", cluster)]
        if args.pbt:
            sessions = [("pbt", PBT.format(rounds=args.rounds, c="{c}"), [("pbt cold", [0]), ("pbt", [1, 2])],
                         [("serial", ", workers=1"), ("local", ", workers=2"), ("ray", ", workers=2" + cluster)])]
        else:
            sessions = [] if args.only_digits else [
                ("empty", EMPTY, [("empty 64 cold", [0]), ("empty 64", [1]), ("empty 256", [2])], places)]
            sessions.append(("digits", DIGITS.format(cluster="{c}", epochs=args.epochs),
                             [("digits 64 cold", [0]), ("digits 64", [1, 2])], places))
        for _, code, names, wheres in sessions:
            for name, _ in names:
                for where, _ in wheres:
                    results[(name, where)] = []
            for _ in range(args.repeats):
                for where, c in wheres:
                    walls, rest = run(descent, code.replace("{c}", c), env)
                    for name, which in names:
                        results[(name, where)] += [(walls[i], rest) for i in which]
        best = {k: min(t for t, _ in v) for k, v in results.items()}
        print(f"descent: {descent}; best of {args.repeats}; load {os.getloadavg()[0]:.2f}")
        for (name, where), t in best.items():
            print(f"{name:15s} {where:6s} {t:8.3f} s   ({', '.join(f'{x:.3f}' for x, _ in results[(name, where)])})")
        if args.pbt:
            for name in ("pbt cold", "pbt"):
                print(f"{name}: ray/local = {best[(name, 'ray')] / best[(name, 'local')]:.2f}x, "
                      f"serial/local = {best[(name, 'serial')] / best[(name, 'local')]:.2f}x")
            for where, _ in sessions[0][3]:
                print(f"pbt best ({where}):", results[("pbt", where)][0][1])
            return
        if not args.only_digits:
            report_overhead(best)
        for name in ("digits 64 cold", "digits 64"):
            print(f"{name} ({args.epochs} epochs): ray/local = {best[(name, 'ray')] / best[(name, 'local')]:.2f}x")
        print("digits best (local):", results[("digits 64", "local")][0][1])
        print("digits best (ray):  ", results[("digits 64", "ray")][0][1])
    finally:
        subprocess.run([ray, "stop", "--force"], env=env, capture_output=True)


def report_overhead(best):
    """What one more trial costs, from the empty searches."""
    marginal = (best[("empty 256", "ray")] - best[("empty 64", "ray")]) / 192
    local_marginal = (best[("empty 256", "local")] - best[("empty 64", "local")]) / 192
    fixed = best[("empty 64", "ray")] - 64 * marginal
    cold = best[("empty 64 cold", "ray")] - 64 * marginal
    print(f"cluster: {marginal * 1000:.2f} ms per extra trial (wall, 2 nodes), fixed cost {fixed:.2f} s "
          f"(the session's first search: {cold:.2f} s); local: {local_marginal * 1000:.3f} ms per extra trial")


if __name__ == "__main__":
    main()
