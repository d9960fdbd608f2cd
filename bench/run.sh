#!/usr/bin/env bash
# Benchmark: lint and convert three inputs of about 10 MB each, beside the cmark-gfm command line on
# the same file, in the same run; peak memory of each; lint of two folders (the rust-book's 112
# files, 7,000 generated files of about 4 KB) beside cmark-gfm on the same bytes; lint of one small
# file; the sandbox rows. Prints medians of interleaved runs and ratios, and names the binary.
#
# Inputs, the first two concatenated in a fixed (sorted) order until they pass 10 MB:
#   - the rust-book corpus (../shared/corpus/rust-book, relative to the project root): a book;
#   - the Markdown files of this package's dependencies (.build-dist/checkouts/**/*.md: DocC
#     articles, READMEs, changelogs of apple/swift-nio and the others, Apache-2.0): reference docs;
#   - reference: short command-reference pages, made by bench/reference-pages.py (seeded, 10 MB);
#   - the folder: 7,000 files of about 4 KB of the same shape, by the same generator.
# Needs ../shared/corpus and the cmark-gfm command. RUNS=N sets the number of runs (default 7).
# The binary measured is the shipped one: `make dist`'s (scripts/dist.sh, built here if needed; the
# stripped binary of the tarball). BIN=PATH measures another (no build). SCALE=1 adds the publish of
# 2,000 pages at Productive's own limit, 100 requests per 10 s (about 4 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus/rust-book
[ -d "$corpus" ] || { echo "bench: $corpus is absent (the benchmark needs the shared corpus)" >&2; exit 2; }
command -v cmark-gfm >/dev/null || { echo "bench: cmark-gfm is not installed (scripts/install-deps.sh cmark-gfm)" >&2; exit 2; }
runs=${RUNS:-7}

# The shipped build: scripts/dist.sh (static Swift runtime, cmark-gfm and libxml2), and the sandbox
# benchmark built the same way into the same folder.
if [ -z "${BIN:-}" ]; then
    scripts/dist.sh >/dev/null
    bin=$(ls -d .build-dist/stage/productive-docs-*/productive-docs | head -n 1)
else
    bin=$BIN
fi
PKG_CONFIG_PATH=$PWD/.build-dist/static-libs/pkgconfig \
    swift build -c release --product productive-docs-bench --static-swift-stdlib -Xlinker -no-pie --scratch-path .build-dist >&2
bench_bin=.build-dist/release/productive-docs-bench
work=$(mktemp -d)
sandbox_pid=
trap '[ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null; rm -rf "$work"' EXIT
export LC_ALL=C

# concatenate OUTPUT FILE...: the files, each followed by a newline, repeated until OUTPUT passes 10 MB.
concatenate() {
    local output=$1; shift
    : > "$output"
    while [ "$(stat -c %s "$output")" -lt 10000000 ]; do
        for file in "$@"; do cat "$file"; echo; done >> "$output"
    done
}
mapfile -t book_files < <(printf '%s\n' "$corpus"/*.md | sort)
mapfile -t package_files < <(find .build-dist/checkouts -name '*.md' -type f | sort)
[ "${#package_files[@]}" -gt 0 ] || { echo "bench: no .md files under .build-dist/checkouts" >&2; exit 2; }
concatenate "$work/rust-book.md" "${book_files[@]}"
concatenate "$work/packages.md" "${package_files[@]}"
python3 bench/reference-pages.py file "$work/reference.md" --bytes 10000000 --seed 22
python3 bench/reference-pages.py folder "$work/folder" --files 7000 --page-bytes 4096 --seed 22
mapfile -t folder_files < <(find "$work/folder" -name '*.md' -type f | sort)
small=$corpus/ch01-02-hello-world.md
cmark=(cmark-gfm -e table -e strikethrough -e tasklist -t commonmark)
cmark_autolink=(cmark-gfm -e table -e strikethrough -e tasklist -e autolink -t commonmark)

# The timed commands, by name (paths without spaces: each runs through eval, with no shell of its
# own in between, and with its output to /dev/null).
declare -A commands
for input in rust-book packages reference; do
    file=$work/$input.md
    commands[$input cmark]="${cmark[*]} $file"
    commands[$input cmark-autolink]="${cmark_autolink[*]} $file"
    commands[$input lint]="$bin lint $file"
    commands[$input convert-md]="$bin convert $file --to markdown"
    commands[$input convert-html]="$bin convert $file --to html"
done
commands[folder lint]="$bin lint $corpus"
commands[folder cmark-loop]="for f in ${book_files[*]}; do ${cmark[*]} \$f; done"
# The 7,000 files: lint of the folder beside `cat` of its files piped to one cmark-gfm (the bytes
# read from the disk and parsed once: the floor), and `cat` alone.
commands[files lint]="$bin lint $work/folder"
commands[files convert]="$bin convert $work/folder --out $work/folder-out"
commands[files cat-cmark]="find $work/folder -name '*.md' -type f -print0 | sort -z | xargs -0 cat | ${cmark[*]}"
commands[files cat]="find $work/folder -name '*.md' -type f -print0 | sort -z | xargs -0 cat"
commands[small lint]="$bin lint $small"
commands[small cmark]="${cmark[*]} $small"

# The publish scan: the folder published once to a local sandbox (no limit on either side), then
# `plan` of it with nothing changed, timed with the others. No --data: the sandbox would write its
# whole JSON file after each of the 7,070 creates.
cp -r "$work/folder" "$work/published"
printf 'project_id: "1"\nrate_limit: 1000000\nrate_limit_per_30_minutes: 100000000\n' > "$work/published/productive-docs.yml"
"$bin" sandbox --port 0 --rate-limit 1000000 --sustained-limit 0 > "$work/sandbox.env" 2>/dev/null &
sandbox_pid=$!
for _ in $(seq 100); do grep -q PRODUCTIVE_ORGANIZATION_ID "$work/sandbox.env" 2>/dev/null && break; sleep 0.1; done
# shellcheck disable=SC1091
. "$work/sandbox.env"
start=$EPOCHREALTIME
"$bin" publish "$work/published" >/dev/null 2>"$work/publish.err" || { echo "bench: the first publish of the folder failed:" >&2; tail -n 5 "$work/publish.err" >&2; exit 1; }
first_publish=$(awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.1f", e - s }')
commands[files plan]="$bin plan $work/published"
mapfile -t names < <(printf '%s\n' "${!commands[@]}" | sort)

# Interleaved runs: each round runs every command once, so a slow moment of the shared machine
# falls on all of them alike. The small file runs 3 times per round (it is short and noisy).
declare -A times
for _ in $(seq "$runs"); do
    for name in "${names[@]}"; do
        repeat=1
        [[ $name == small* ]] && repeat=3
        for _ in $(seq "$repeat"); do
            start=$EPOCHREALTIME
            eval "${commands[$name]}" >/dev/null 2>&1 || true
            end=$EPOCHREALTIME
            times[$name]+="$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", (e - s) * 1000 }') "
        done
    done
done

# median NAME: the median wall time of the command, in milliseconds.
median() { printf '%s\n' ${times[$1]} | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]}'; }
# peak NAME: the peak resident memory of one run, in MB (empty without GNU time).
peak() {
    [ -x /usr/bin/time ] || return 0
    eval "/usr/bin/time -f %M -o $work/rss ${commands[$1]}" >/dev/null 2>&1 || true
    tail -n 1 "$work/rss" | awk '{printf "%.0f", $1 / 1024}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) b = 1; printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t ? "met" : "not met") }'; }

echo
echo "Median of ${runs} interleaved runs; $(nproc) cores; $(date -u +%Y-%m-%d)."
echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)."
echo "Binary measured: $bin ($(stat -c %s "$bin" | awk '{printf "%.0f MB", $1 / 1e6}'), $("$bin" --version 2>/dev/null | head -n 1), sha256 $(sha256sum "$bin" | cut -c1-12)); dynamic libraries: $(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')"
echo "Baseline: ${cmark[*]} FILE"
echo
echo "| Task | productive-docs | cmark-gfm | ratio | target | |"
echo "|---|---|---|---|---|---|"
for input in rust-book packages reference; do
    size=$(awk -v s="$(stat -c %s "$work/$input.md")" 'BEGIN { printf "%.1f", s / 1000000 }')
    base=$(median "$input cmark")
    base_autolink=$(median "$input cmark-autolink")
    for task in lint convert-md convert-html; do
        ours=$(median "$input $task")
        target=1.0
        [ "$task" = lint ] && target=0.9
        label=${task/convert-md/convert --to markdown}
        label=${label/convert-html/convert --to html}
        r=$(ratio "$ours" "$base")
        echo "| $label, $input ${size} MB | ${ours} ms | ${base} ms | $r | ≤ $target | $(verdict "$r" "$target") |"
    done
    for task in lint convert-md; do
        ours=$(median "$input $task")
        label=${task/convert-md/convert --to markdown}
        echo "| $label, $input, against cmark-gfm with -e autolink too | ${ours} ms | ${base_autolink} ms | $(ratio "$ours" "$base_autolink") | (same extensions) | |"
    done
done
folder=$(median "folder lint")
folder_base=$(median "folder cmark-loop")
echo "| lint the rust-book folder (${#book_files[@]} files) | ${folder} ms | ${folder_base} ms (a loop) | $(ratio "$folder" "$folder_base") | ≤ 150 ms | $(verdict "$folder" 150) |"
files_ours=$(median "files lint")
files_base=$(median "files cat-cmark")
files_ratio=$(ratio "$files_ours" "$files_base")
echo "| lint the generated folder (${#folder_files[@]} files, $(du -s --apparent-size --block-size=1 "$work/folder" | awk '{printf "%.1f MB", $1 / 1e6}')) | ${files_ours} ms | ${files_base} ms (cat | one cmark-gfm; cat alone $(median "files cat") ms) | $files_ratio | ≤ 1.5 | $(verdict "$files_ratio" 1.5) |"
convert_ours=$(median "files convert")
convert_ratio=$(ratio "$convert_ours" "$files_base")
echo "| convert the generated folder (\`convert DIR --out OUT\`) | ${convert_ours} ms | ${files_base} ms (cat | one cmark-gfm) | $convert_ratio | ≤ 1.5 | $(verdict "$convert_ratio" 1.5) |"
plan_ours=$(median "files plan")
echo "| plan of the published folder, nothing changed (sandbox on loopback; first publish ${first_publish} s) | ${plan_ours} ms | | | ≤ 1000 ms | $(verdict "$plan_ours" 1000) |"
small_ours=$(median "small lint")
echo "| lint one small file (whole process) | ${small_ours} ms | $(median "small cmark") ms | | ≤ 8 ms | $(verdict "$small_ours" 8) |"

if [ -x /usr/bin/time ]; then
    echo
    echo "| Peak memory (one run) | productive-docs | cmark-gfm | ratio | target | |"
    echo "|---|---|---|---|---|---|"
    for input in rust-book packages reference; do
        base=$(peak "$input cmark")
        for task in lint convert-md convert-html; do
            ours=$(peak "$input $task")
            label=${task/convert-md/convert --to markdown}
            label=${label/convert-html/convert --to html}
            r=$(ratio "$ours" "$base")
            echo "| $label, $input | ${ours} MB | ${base} MB | $r | ≤ 1.2 | $(verdict "$r" 1.2) |"
        done
    done
fi

echo
echo "| Sandbox benchmark | wall time | allowed by the limit | ratio | target | notes |"
echo "|---|---|---|---|---|---|"
"$bench_bin" api-burst
"$bench_bin" publish-1000
if [ "${SCALE:-0}" = 1 ]; then
    "$bench_bin" publish-2000
fi

