#!/bin/sh
# Times each program in Descent (release build) and in CPython 3.11, best of 5 runs each, as
# "name: wall-seconds cpu-seconds". training.py needs PyTorch (PYTHON=/path/to/python with torch).
# Usage: Benchmarks/language/run.sh   (from the repository root)
set -e
cd "$(dirname "$0")/../.."
swift build -c release --scratch-path .build-lang --product LanguageBenchmark >/dev/null
PY=${PYTHON:-python3.11}
for name in fib loop comprehension training; do
    .build-lang/release/LanguageBenchmark Benchmarks/language/$name.descent --repeat 5 2>&1 >/dev/null | sed 's/^/descent /'
    OMP_NUM_THREADS=1 $PY Benchmarks/language/time_python.py Benchmarks/language/$name.py 5 | sed 's/^/python  /' || true
done
