#!/bin/bash
# Runs INSIDE the bare Debian 12 root (chroot) made by scripts/bare-system-test.sh: installs the
# release tarball the way docs/ci.md does (checksum first), then lint, convert, sandbox, doctor,
# plan, publish (twice) and append against that sandbox. Nothing but Debian's minbase is there.
# Usage (inside): bare-system-inside.sh TARBALL  (with SAMPLES=/path/to/samples)
set -euo pipefail
tarball=$1
samples=${SAMPLES:-/tmp/pd/samples}
passed=0
failed=0
check() {   # check NAME COMMAND...: runs the command, counts and prints the result
    local name=$1; shift
    if "$@"; then
        passed=$((passed + 1)); echo "bare-system: ok    $name"
    else
        failed=$((failed + 1)); echo "bare-system: FAIL  $name" >&2
    fi
}
contains() { grep -q -- "$2" "$1" || { echo "--- $1 lacks '$2':" >&2; cat "$1" >&2; return 1; }; }
finish() { echo "bare-system: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }

work=/tmp/pd/work
mkdir -p "$work" && cd "$work"

# Install: verify the checksum, unpack, put the binary on PATH.
check "sha256 of $(basename "$tarball")" sh -c "cd $(dirname "$tarball") && sha256sum --check --strict $(basename "$tarball").sha256"
tar -xzf "$tarball" -C "$work"
install -m 0755 "$work"/productive-docs-*/productive-docs /usr/local/bin/productive-docs
check "the problem matcher is in the tarball" sh -c "grep -q '\"owner\": \"productive-docs\"' $work/productive-docs-*/productive-docs-matcher.json"
echo "bare-system: packages installed: $(dpkg-query -f '.' -W | wc -c) (Debian minbase only)"
if dpkg-query -W -f '${Package}\n' | grep -E '^(libxml2|libcmark|swift|libicu|libstdc\+\+-.*-dev)'; then
    echo "bare-system: FAIL  the root holds packages it should not" >&2; exit 1
fi
echo "bare-system: ldd:" && ldd /usr/local/bin/productive-docs | sed 's/^/    /'
check "ldd finds every library" sh -c '! ldd /usr/local/bin/productive-docs | grep -q "not found"'

check "--version" sh -c 'productive-docs --version | grep -Eq "^[0-9]+\.[0-9]+\.[0-9]+"'

# lint: the samples hold one error-level finding, so exit 1 with file:line:col lines.
set +e
productive-docs lint "$samples" > lint.txt 2> lint.err; status=$?
set -e
check "lint exits 1 on the samples' error" test "$status" -eq 1
check "lint prints file:line:col findings" contains lint.txt "legacy-notes.md:[0-9]*:[0-9]*: error: .*\[PD006\]"

# convert: Markdown and HTML payloads (libxml2 reads the raw HTML of the samples).
productive-docs convert "$samples/handbook/onboarding.md" > onboarding.md || true
check "convert to markdown" test -s onboarding.md
productive-docs convert "$samples/handbook/announcements.md" --to html > announcements.html 2>/dev/null || true
check "convert to html" contains announcements.html "<"

# The sandbox, then doctor, plan, publish twice and append against it.
productive-docs sandbox --port 0 --data "$work/sandbox.json" > sandbox.env 2> sandbox.log &
sandbox=$!
trap 'kill $sandbox 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q PRODUCTIVE_ORGANIZATION_ID sandbox.env 2>/dev/null && break; sleep 0.1; done
check "sandbox prints its export lines" contains sandbox.env "PRODUCTIVE_BASE_URL=http://127.0.0.1:"
grep -q '^export PRODUCTIVE_BASE_URL=http://127.0.0.1:[0-9]*/api/v2$' sandbox.env || finish
eval "$(grep '^export PRODUCTIVE_[A-Z_]*=[A-Za-z0-9:/._-]*$' sandbox.env)"
check "doctor passes against the sandbox" productive-docs doctor "$samples" --project 1 --manifest "$work/manifest.json"
productive-docs plan "$samples" --project 1 --manifest "$work/manifest.json" > plan.txt || true
check "plan lists creates" contains plan.txt "create"
# legacy-notes.md has an error-level finding: the lint gate holds it back unless --allow-errors.
check "plan holds back the file with a lint error" contains plan.txt "blocked"
check "publish" productive-docs publish "$samples" --project 1 --manifest "$work/manifest.json" --allow-errors
productive-docs publish "$samples" --project 1 --manifest "$work/manifest.json" --allow-errors > again.txt 2>&1 || true
check "publish again changes nothing" contains again.txt "0 writes"
root=$(sed -n 's/.*"page_id" : "\([0-9]*\)".*/\1/p' "$work/manifest.json" | head -n 1)
printf -- '- Shipped from a bare Debian 12\n' | productive-docs append --page "$root" --heading "Bare system" --once bare-1 > append.txt || true
check "append" contains append.txt "appended to page $root"
printf -- '- Shipped from a bare Debian 12\n' | productive-docs append --page "$root" --heading "Bare system" --once bare-1 > append2.txt || true
check "append --once again adds nothing" contains append2.txt "already holds"

finish
