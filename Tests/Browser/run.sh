#!/bin/sh
# The browser tests: JupyterLab with jupyterlab_widgets served on 127.0.0.1, driven through
# Debian's chromium by Playwright (never `playwright install`: no browser is downloaded).
# Usage: Tests/Browser/run.sh [pytest args]   (BUILD_DIR: where `swift build` put descent)
# Screenshots of every step go to build/browser/.
set -eu
cd "$(dirname "$0")/../.."
VENV="${VENV:-.venv-browser}"
BUILD_DIR="${BUILD_DIR:-.build/debug}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
    echo "Tests/Browser: $CHROMIUM is missing (scripts/install-system-packages.sh installs chromium)" >&2
    exit 1
fi
scripts/python-venv.sh "$VENV" Tests/Browser/requirements.txt
PREFIX="$(cd "$VENV" && pwd)"
"$BUILD_DIR/descent" install --prefix "$PREFIX" --name descent >/dev/null
DESCENT_BIN="$(cd "$BUILD_DIR" && pwd)/descent"
export CHROMIUM DESCENT_BIN
exec "$VENV/bin/python" -m pytest -q -p no:cacheprovider Tests/Browser "$@"
