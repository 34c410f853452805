#!/bin/sh
# The protocol tests: installs the kernelspecs into a virtualenv and runs pytest there.
# Usage: Tests/Protocol/run.sh [pytest args]   (BUILD_DIR: where `swift build` put the binaries)
set -eu
cd "$(dirname "$0")/../.."
VENV="${VENV:-.venv}"
BUILD_DIR="${BUILD_DIR:-.build/debug}"
scripts/python-venv.sh "$VENV" Tests/Protocol/requirements.txt
PREFIX="$(cd "$VENV" && pwd)"
KERNELS="$PREFIX/share/jupyter/kernels"
if [ -x "$BUILD_DIR/descent" ] && "$BUILD_DIR/descent" help kernel >/dev/null 2>&1; then
    "$BUILD_DIR/descent" install --prefix "$PREFIX" --name descent
    DESCENT_BIN="$(cd "$BUILD_DIR" && pwd)/descent"
    export DESCENT_BIN
fi
TEST_KERNEL="$(cd "$BUILD_DIR" && pwd)/descent-test-kernel"
mkdir -p "$KERNELS/descent-test"
cat > "$KERNELS/descent-test/kernel.json" <<JSON
{"argv": ["$TEST_KERNEL", "--connection-file", "{connection_file}"],
 "display_name": "Descent protocol test kernel", "language": "toy", "interrupt_mode": "message"}
JSON
exec "$VENV/bin/python" -m pytest -q -p no:cacheprovider Tests/Protocol "$@"
