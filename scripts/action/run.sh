#!/usr/bin/env bash
# The run step of action.yml: turns the inputs into one productive-docs command line.
#   lint     productive-docs lint PATH... --format github ARGS   (annotations on the pull request)
#   plan     productive-docs plan PATH --format markdown ARGS    (also written to the plan-file output
#                                                                 and, on pull requests, the job summary)
#   publish  productive-docs publish PATH ARGS
#   append   productive-docs append PATH ARGS                    (PATH: the note file, or -)
# A --format in ARGS replaces the default one. Inputs arrive in the environment (INPUT_COMMAND,
# INPUT_PATH, INPUT_ARGS), never pasted into the script, so nothing in them is run as code.
set -uo pipefail

command=${INPUT_COMMAND:-lint}
read -r -a paths <<< "${INPUT_PATH:-.}"
[ ${#paths[@]} -gt 0 ] || paths=(.)
# ARGS is split like a shell would, quotes included, but never expanded nor run.
args=()
if [ -n "${INPUT_ARGS:-}" ]; then
    split=$(mktemp)
    if ! printf '%s' "$INPUT_ARGS" | xargs printf '%s\0' > "$split" 2>/dev/null; then
        echo "::error title=productive-docs::args has an unbalanced quote: $INPUT_ARGS"
        exit 2
    fi
    mapfile -d '' args < "$split"
    rm -f "$split"
fi
has_format=false
for arg in "${args[@]}"; do
    case $arg in --format|--format=*|--json) has_format=true ;; esac
done

# The problem matcher turns the text format's findings (publish's and plan's, on stderr) into
# annotations; the github format's lines are workflow commands already and do not match it.
matcher=${GITHUB_ACTION_PATH:-$(dirname "$0")/../..}/.github/productive-docs-matcher.json
[ -f "$matcher" ] && echo "::add-matcher::$matcher"

status=0
case $command in
    lint)
        format=(); $has_format || format=(--format github)
        productive-docs lint "${paths[@]}" "${format[@]}" "${args[@]}" || status=$?
        ;;
    plan)
        [ ${#paths[@]} -eq 1 ] || { echo "::error title=productive-docs::plan takes one folder, got: ${paths[*]}"; exit 2; }
        format=(); $has_format || format=(--format markdown)
        plan_file=${RUNNER_TEMP:-/tmp}/productive-docs-plan.md
        productive-docs plan "${paths[0]}" "${format[@]}" "${args[@]}" > "$plan_file" || status=$?
        cat "$plan_file"
        echo "plan-file=$plan_file" >> "${GITHUB_OUTPUT:-/dev/null}"
        # The preview goes to the job summary of pull-request runs (where it is a review aid).
        case ${GITHUB_EVENT_NAME:-} in
            pull_request|pull_request_target)
                [ -n "${GITHUB_STEP_SUMMARY:-}" ] && cat "$plan_file" >> "$GITHUB_STEP_SUMMARY" ;;
        esac
        ;;
    publish|append)
        [ ${#paths[@]} -eq 1 ] || { echo "::error title=productive-docs::$command takes one path, got: ${paths[*]}"; exit 2; }
        productive-docs "$command" "${paths[0]}" "${args[@]}" || status=$?
        ;;
    *)
        echo "::error title=productive-docs::command must be lint, plan, publish or append, not '$command'"
        exit 2
        ;;
esac
echo "exit-code=$status" >> "${GITHUB_OUTPUT:-/dev/null}"
exit "$status"
