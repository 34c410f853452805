#!/bin/sh
# Times each program in Descent (release build) and in CPython 3.11, best of 5 runs each, as
# "name: wall-seconds cpu-seconds". training.py needs PyTorch (PYTHON=/path/to/python with torch).
# Both sides use one BLAS thread: PyTorch through OMP_NUM_THREADS, Descent through
# OPENBLAS_NUM_THREADS (OpenBLAS's idle worker otherwise spins in sched_yield for a while after
# the process starts, which the process CPU time counts; these programs' GEMMs are too small
# for a second thread anyway).
# Usage: Benchmarks/language/run.sh   (from the repository root)
set -e
cd "$(dirname "$0")/../.."
swift build -c release --scratch-path .build-lang --product LanguageBenchmark >/dev/null
PY=${PYTHON:-python3.11}
for name in fib loop comprehension training; do
    OPENBLAS_NUM_THREADS=1 .build-lang/release/LanguageBenchmark Benchmarks/language/$name.descent --repeat 5 2>&1 >/dev/null | sed 's/^/descent /'
    OMP_NUM_THREADS=1 $PY Benchmarks/language/time_python.py Benchmarks/language/$name.py 5 | sed 's/^/python  /' || true
done
