#!/bin/sh
# The browser benchmark (Benchmarks/widgets/browser.py) in its own virtualenv: JupyterLab,
# Playwright, and ipykernel + ipywidgets + matplotlib for the reference. Not part of CI.
# Usage: Benchmarks/widgets/browser.sh [moves]   (BUILD_DIR: the descent to measure, default release)
set -eu
cd "$(dirname "$0")/../.."
VENV="${VENV:-.venv-bench-browser}"
BUILD_DIR="${BUILD_DIR:-.build/release}"
scripts/python-venv.sh "$VENV" Benchmarks/widgets/requirements-browser.txt
PREFIX="$(cd "$VENV" && pwd)"
"$BUILD_DIR/descent" install --prefix "$PREFIX" --name descent >/dev/null
"$VENV/bin/python" -m ipykernel install --prefix "$PREFIX" --name python3 >/dev/null
exec "$VENV/bin/python" Benchmarks/widgets/browser.py "$@"
