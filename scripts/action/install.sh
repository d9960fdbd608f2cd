#!/usr/bin/env bash
# The install step of action.yml: downloads the release tarball and its .sha256, verifies the
# checksum, unpacks it under RUNNER_TEMP and puts the binary on the job's PATH (GITHUB_PATH).
# Inputs (environment): INPUT_VERSION, ACTION_REF, ACTION_REPOSITORY, GITHUB_TOKEN, and
# PRODUCTIVE_DOCS_DOWNLOAD_URL to download from elsewhere (a mirror; the tests use it).
set -euo pipefail

[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || {
    echo "::error title=productive-docs::releases are built for Linux x86_64 only (this runner: $(uname -s) $(uname -m))"
    exit 2
}
server=${GITHUB_SERVER_URL:-https://github.com}
api=${GITHUB_API_URL:-https://api.github.com}
repository=${ACTION_REPOSITORY:-productive-docs/productive-docs}

version=${INPUT_VERSION:-}
if [ -z "$version" ] || [ "$version" = latest ]; then
    if [[ "${ACTION_REF:-}" =~ ^v?[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
        version=$ACTION_REF
    else
        auth=()
        [ -n "${GITHUB_TOKEN:-}" ] && auth=(-H "Authorization: Bearer $GITHUB_TOKEN")
        version=$(curl -fsSL --retry 3 "${auth[@]}" "$api/repos/$repository/releases/latest" \
            | sed -n 's/.*"tag_name": *"\([^"]*\)".*/\1/p' | head -n 1)
        [ -n "$version" ] || { echo "::error title=productive-docs::no release found in $repository: set the version input"; exit 2; }
    fi
fi
version=${version#v}
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([.+-][0-9A-Za-z.+-]*)?$ ]] || {
    echo "::error title=productive-docs::version '$version' is not a release number like 0.1.0"
    exit 2
}

name=productive-docs-$version-linux-x86_64
base=${PRODUCTIVE_DOCS_DOWNLOAD_URL:-$server/$repository/releases/download/v$version}
dir=${RUNNER_TEMP:-/tmp}/productive-docs-$version
mkdir -p "$dir"
curl -fsSL --retry 3 -o "$dir/$name.tar.gz" "$base/$name.tar.gz"
curl -fsSL --retry 3 -o "$dir/$name.tar.gz.sha256" "$base/$name.tar.gz.sha256"
if ! (cd "$dir" && sha256sum --check --strict --status "$name.tar.gz.sha256"); then
    echo "::error title=productive-docs::checksum mismatch for $name.tar.gz: not installed"
    exit 1
fi
tar -xzf "$dir/$name.tar.gz" -C "$dir"
"$dir/$name/productive-docs" --version >/dev/null
echo "$dir/$name" >> "${GITHUB_PATH:-/dev/null}"
echo "version=$version" >> "${GITHUB_OUTPUT:-/dev/null}"
echo "productive-docs $version installed in $dir/$name"
