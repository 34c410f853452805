#!/bin/sh
# The Ray tests: a two-node Ray cluster on 127.0.0.1 (two raylets, one CPU each), searches and
# notebooks on it compared with local runs, and a node killed in the middle of a search. The
# cluster is stopped when the script ends, however it ends.
# Usage: Tests/Ray/run.sh [pytest args]   (BUILD_DIR: where `swift build` put descent)
set -eu
cd "$(dirname "$0")/../.."
VENV="${RAY_VENV:-build/ray-venv}"
BUILD_DIR="${BUILD_DIR:-.build/debug}"
scripts/python-venv.sh "$VENV" Tests/Ray/requirements.txt
# The bridge from the source tree (building its wheel for `pip install ./python/descent-ray`
# would cost CI 12 s per run); the nodes get its worker code with each task.
PATH="$(cd "$VENV" && pwd)/bin:$PATH"
PYTHONPATH="$(pwd)/python/descent-ray${PYTHONPATH:+:$PYTHONPATH}"
RAY_USAGE_STATS_ENABLED=0
export PATH PYTHONPATH RAY_USAGE_STATS_ENABLED
DESCENT_BIN="$(cd "$BUILD_DIR" && pwd)/descent"
DESCENT_RAY_PYTHON="$(cd "$VENV" && pwd)/bin/python"
export DESCENT_BIN DESCENT_RAY_PYTHON
# Free ports for the head (GCS) and the second node's raylet, which the fault test kills.
PORTS="$(python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))')"
RAY_HEAD_PORT="${PORTS% *}"
RAY_WORKER_NODE_PORT="${PORTS#* }"
RAY_ADDRESS_UNDER_TEST="127.0.0.1:$RAY_HEAD_PORT"
export RAY_HEAD_PORT RAY_WORKER_NODE_PORT RAY_ADDRESS_UNDER_TEST
trap 'ray stop --force >/dev/null 2>&1 || true' EXIT INT TERM
ray start --head --node-ip-address=127.0.0.1 --port="$RAY_HEAD_PORT" --num-cpus=1 \
    --include-dashboard=false --disable-usage-stats >/dev/null
ray start --address="$RAY_ADDRESS_UNDER_TEST" --node-ip-address=127.0.0.1 --num-cpus=1 \
    --node-manager-port="$RAY_WORKER_NODE_PORT" >/dev/null
"$VENV/bin/python" -m pytest -q -p no:cacheprovider Tests/Ray "$@"
