#!/bin/sh
# The Python virtualenv of a test suite or benchmark: made unless it exists, then given the pinned
# requirements (pip does nothing when they are already there). Run from the repository's root.
# Usage: scripts/python-venv.sh VENV REQUIREMENTS
set -eu
VENV="$1"
REQUIREMENTS="$2"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q -r "$REQUIREMENTS"
