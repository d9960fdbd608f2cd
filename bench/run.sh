#!/usr/bin/env bash
# Benchmark: lint and convert the rust-book corpus concatenated to about 10 MB, beside the
# cmark-gfm command line on the same input, in the same run. Prints medians and ratios.
# Needs ../shared/corpus (relative to the project root) and the cmark-gfm command.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus/rust-book
[ -d "$corpus" ] || { echo "bench: $corpus is absent (the benchmark needs the shared corpus)" >&2; exit 2; }
command -v cmark-gfm >/dev/null || { echo "bench: cmark-gfm is not installed (scripts/install-deps.sh cmark-gfm)" >&2; exit 2; }
runs=${RUNS:-7}

# A release build with the Swift runtime linked statically, as shipped: it starts in about half the time.
build=(swift build -c release --static-swift-stdlib --scratch-path .build-static)
"${build[@]}" --product productive-docs >&2
"${build[@]}" --product productive-docs-bench >&2
bin=.build-static/release/productive-docs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

input=$work/rust-book-10mb.md
: > "$input"
while [ "$(stat -c %s "$input")" -lt 10000000 ]; do cat "$corpus"/*.md >> "$input"; done
small=$corpus/ch01-02-hello-world.md

# median_ms RUNS COMMAND...: runs the command, prints the median wall time in milliseconds.
median_ms() {
    local n=$1; shift
    local times=()
    for _ in $(seq "$n"); do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) b = 1; printf "%.2f", a / b }'; }

size_mb=$(awk -v s="$(stat -c %s "$input")" 'BEGIN { printf "%.1f", s / 1000000 }')
baseline=$(median_ms "$runs" cmark-gfm -e table -e strikethrough -e tasklist -t commonmark "$input")
# The same parse as productive-docs does (it also needs the autolink extension).
baseline_autolink=$(median_ms "$runs" cmark-gfm -e table -e strikethrough -e tasklist -e autolink -t commonmark "$input")
lint=$(median_ms "$runs" "$bin" lint "$input")
convert_md=$(median_ms "$runs" "$bin" convert "$input" --to markdown)
convert_html=$(median_ms "$runs" "$bin" convert "$input" --to html)
small_lint=$(median_ms 21 "$bin" lint "$small")
small_baseline=$(median_ms 21 cmark-gfm -e table -e strikethrough -e tasklist -t commonmark "$small")

echo
echo "Input: rust-book concatenated to ${size_mb} MB; median of ${runs} runs; $(nproc) cores; $(date -u +%Y-%m-%d)"
echo
echo "| Task | productive-docs | cmark-gfm baseline | ratio | target |"
echo "|---|---|---|---|---|"
echo "| lint, ${size_mb} MB | ${lint} ms | ${baseline} ms | $(ratio "$lint" "$baseline") | ≤ 1.5 |"
echo "| convert --to markdown, ${size_mb} MB | ${convert_md} ms | ${baseline} ms | $(ratio "$convert_md" "$baseline") | ≤ 1.5 |"
echo "| convert --to html, ${size_mb} MB | ${convert_html} ms | ${baseline} ms | $(ratio "$convert_html" "$baseline") | ≤ 1.5 |"
echo "| lint, ${size_mb} MB, against cmark-gfm with -e autolink too | ${lint} ms | ${baseline_autolink} ms | $(ratio "$lint" "$baseline_autolink") | (same extensions) |"
echo "| convert --to markdown, against cmark-gfm with -e autolink too | ${convert_md} ms | ${baseline_autolink} ms | $(ratio "$convert_md" "$baseline_autolink") | (same extensions) |"
echo "| lint one small file (whole process) | ${small_lint} ms | ${small_baseline} ms | $(ratio "$small_lint" "$small_baseline") | ≤ 20 ms |"

echo
echo "| Sandbox benchmark | wall time | allowed by the limit | ratio | target | notes |"
echo "|---|---|---|---|---|---|"
.build-static/release/productive-docs-bench api-burst
.build-static/release/productive-docs-bench publish-1000
