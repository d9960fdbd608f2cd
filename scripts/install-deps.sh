#!/usr/bin/env bash
# Installs the Debian packages productive-docs needs, when they are missing.
# Usage: scripts/install-deps.sh [extra packages...]
set -euo pipefail

packages=(libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-dev "$@")
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "error: need root (or sudo) to install: ${missing[*]}" >&2; exit 2; }
    sudo="sudo"
fi
echo "Installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
