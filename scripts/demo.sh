#!/usr/bin/env bash
# `make demo`: the whole job end to end with no account, on the embedded sandbox.
set -uo pipefail
bin=${1:-.build/debug/productive-docs}
work=$(mktemp -d)
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Start the embedded sandbox (a local server that behaves like Productive's pages API)"
"$bin" sandbox --port 0 --data "$work/sandbox.json" > "$work/env" 2> "$work/sandbox.log" &
sandbox=$!
trap 'kill $sandbox 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do grep -q PRODUCTIVE_ORGANIZATION_ID "$work/env" 2>/dev/null && break; sleep 0.1; done
cat "$work/env"
eval "$(cat "$work/env")"
view=${PRODUCTIVE_BASE_URL%/api/v2}
manifest="$work/productive-docs.json"

step "Lint the sample handbook: what Productive cannot show, with file:line:col"
"$bin" lint samples/ | tail -n 6
echo "..."

step "Plan: what publishing samples/ would do (legacy-notes.md has a lint error: held back, exit 1)"
"$bin" plan samples --project 1 --manifest "$manifest"
echo "(plan exited $?)"

step "Publish samples/ as a tree of pages; --allow-errors sends legacy-notes.md with its fallbacks"
"$bin" publish samples --project 1 --manifest "$manifest" --allow-errors || exit 1

step "Publish again: nothing changed, so zero writes"
"$bin" publish samples --project 1 --manifest "$manifest" --allow-errors || exit 1

step "Append a standup note from a script (safe to retry with --once)"
root=$(sed -n 's/.*"page_id" : "\([0-9]*\)".*/\1/p' "$manifest" | head -n 1)
printf -- '- Published the handbook\n- [ ] Review the fallbacks\n' \
    | "$bin" append --page "$root" --heading "Standup {date}" --once "demo-standup"

step "Look at the pages"
echo "Page tree: $view/?token=$PRODUCTIVE_API_TOKEN"
echo "Top page:  $view/pages/$root?token=$PRODUCTIVE_API_TOKEN"
if [ -t 0 ]; then
    read -r -p "Press Enter to stop the sandbox. " _
fi
