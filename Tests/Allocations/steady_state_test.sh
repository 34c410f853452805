#!/usr/bin/env bash
# The lecture's PyTorch example written three ways in Descent (Benchmarks/engine/lecture) must not
# call malloc in a warm training step: each runs for 100 and for 300 steps under malloc_count.so,
# and the 200 steps between may add at most 0.1 calls a step (a lazily filled runtime cache, not
# one per step). Usage: steady_state_test.sh path/to/descent
set -euo pipefail
descent=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
${CC:-clang} -O2 -shared -fPIC -o "$work/malloc_count.so" "$here/malloc_count.c"

calls() {  # program steps
    sed "s/range(500)/range($2)/" "$1" > "$work/program.descent"
    LD_PRELOAD="$work/malloc_count.so" OPENBLAS_NUM_THREADS=1 "$descent" "$work/program.descent" 2>&1 >/dev/null |
        sed -n 's/^malloc calls: //p'
}

status=0
for program in "$here"/../../Benchmarks/engine/lecture/{a,b,c}_*.descent; do
    short=$(calls "$program" 100)
    long=$(calls "$program" 300)
    per_step=$(awk -v a="$short" -v b="$long" 'BEGIN { printf "%.3f", (b - a) / 200 }')
    echo "$(basename "$program"): $short malloc calls at 100 steps, $long at 300: $per_step a step"
    if awk -v p="$per_step" 'BEGIN { exit !(p > 0.1) }'; then
        echo "FAIL: $(basename "$program") allocates in its steady-state step" >&2
        status=1
    fi
done
exit $status
