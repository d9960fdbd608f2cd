#!/usr/bin/env bash
# Prints the version of productive-docs, read from its one source of truth:
# Sources/ProductiveFormat/ToolVersion.swift (what `productive-docs --version` prints).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^ *\(public \)\{0,1\}static let current = "\([0-9][0-9A-Za-z.+-]*\)".*/\2/p' Sources/ProductiveFormat/ToolVersion.swift)
[ -n "$version" ] || { echo "version.sh: no 'static let current = \"X.Y.Z\"' in ToolVersion.swift" >&2; exit 2; }
echo "$version"
