#!/bin/sh
# Runs one program N times in Descent and in CPython 3.11 alternately (best of 5 each time) and
# prints the CPU seconds of each pair and their ratio: on a shared machine the load changes from
# one second to the next, so back-to-back pairs compare better than separate series.
# Usage: PYTHON=/path/to/python3.11 Benchmarks/language/pairs.sh fib 10   (from the repository root)
set -e
cd "$(dirname "$0")/../.."
swift build -c release --scratch-path .build-lang --product LanguageBenchmark >/dev/null
PY=${PYTHON:-python3.11}
for i in $(seq 1 "${2:-10}"); do
    d=$(OPENBLAS_NUM_THREADS=1 .build-lang/release/LanguageBenchmark "Benchmarks/language/$1.descent" --repeat 5 2>&1 >/dev/null | awk '{print $3}')
    p=$(OMP_NUM_THREADS=1 $PY Benchmarks/language/time_python.py "Benchmarks/language/$1.py" 5 | awk '{print $3}')
    echo "$1 descent $d python $p ratio $(awk "BEGIN { printf \"%.2f\", $d / $p }")"
done
