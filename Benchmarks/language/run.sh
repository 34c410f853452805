#!/bin/sh
# Times each program in Descent (release build) and in CPython 3.11, best of 5 runs each.
# Usage: Benchmarks/language/run.sh   (from the repository root; PyTorch needed for training.py)
set -e
cd "$(dirname "$0")/../.."
swift build -c release --scratch-path .build-lang --product LanguageBenchmark >/dev/null
BIN=.build-lang/release/LanguageBenchmark
PY=${PYTHON:-python3.11}
for name in fib loop comprehension training; do
    descent=$($BIN Benchmarks/language/$name.descent --repeat 5 2>&1 >/dev/null | tail -1 | awk '{print $2}')
    python=$($PY -c "
import subprocess, sys, time
best = 1e9
for _ in range(5):
    t = time.perf_counter(); subprocess.run([sys.executable, 'Benchmarks/language/$name.py'], check=True, stdout=subprocess.DEVNULL); best = min(best, time.perf_counter() - t)
start = time.perf_counter(); subprocess.run([sys.executable, '-c', 'import torch' if '$name' == 'training' else 'pass'], check=True); base = time.perf_counter() - start
print(f'{best - base:.4f}')")
    echo "$name descent=${descent}s python=${python}s"
done
