#!/usr/bin/env bash
# Installs the Debian packages Descent builds against, only if one is missing.
set -euo pipefail
packages=(libzmq3-dev libopenblas-dev libcairo2-dev libedit-dev pkg-config fonts-dejavu-core tmux chromium)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" </dev/null
fi
