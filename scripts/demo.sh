#!/usr/bin/env bash
# The demo: what `make demo` shows, with no account.
set -uo pipefail
bin=${1:-.build/debug/productive-docs}
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Lint the sample handbook (samples/): every fallback, with file:line:col"
"$bin" lint samples/
echo "(exit $?: 1 because legacy-notes.md holds a <script>, which is never sent)"

step "Convert a plain page: it goes to Productive as normalized Markdown"
"$bin" convert samples/handbook/onboarding.md --report

step "Convert a page with banners, alignment and columns: it needs the HTML path"
"$bin" convert samples/handbook/announcements.md --report
exit 0
