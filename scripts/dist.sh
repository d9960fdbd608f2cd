#!/usr/bin/env bash
# `make dist`: builds dist/productive-docs-VERSION-linux-ARCH.tar.gz and its .sha256.
#
# The binary runs on a bare Debian 12 with no Swift toolchain and no -dev package:
# - Swift's standard library, Foundation and Dispatch are linked statically (--static-swift-stdlib,
#   the same release build as bench/run.sh);
# - cmark-gfm, its extensions and libxml2 (with what libxml2 needs: ICU's converters, zlib, liblzma)
#   are linked statically from the .a files of Debian's -dev packages.
# What stays dynamic is only what every Debian system has: libc, libm, libstdc++ and libgcc_s.
# The script checks that (readelf) and fails otherwise.
# The executable is linked at a fixed address (-no-pie, as Go links its binaries): a position-
# independent one has 143,000 relocations (3.4 MB) that the loader reads and applies at every
# start (a lint of one small file: 6.9 ms and 940 page faults that way, 4.5 ms and 410 this).
# The libraries, the heap and the stack are still placed at random.
#
# Usage: scripts/dist.sh            (DIST_SCRATCH overrides the build folder, .build-dist)
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(scripts/version.sh)
arch=$(uname -m)
name=productive-docs-$version-linux-$arch
scratch=${DIST_SCRATCH:-.build-dist}
multiarch=$(gcc -print-multiarch 2>/dev/null || echo "$arch-linux-gnu")
libdir=/usr/lib/$multiarch

# 1. The static archives, from Debian's -dev packages.
declare -A package_of=(
    [libcmark-gfm.a]=libcmark-gfm-dev
    [libcmark-gfm-extensions.a]=libcmark-gfm-extensions-dev
    [libxml2.a]=libxml2-dev
    [libicuuc.a]=libicu-dev
    [libicudata.a]=libicu-dev
    [libz.a]=zlib1g-dev
    [liblzma.a]=liblzma-dev
)
missing=()
for archive in "${!package_of[@]}"; do
    [ -f "$libdir/$archive" ] || missing+=("${package_of[$archive]} ($libdir/$archive)")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "dist: static archives missing; install: ${missing[*]}" >&2
    exit 2
fi

# 2. A folder holding archives only, and pkg-config files that point the module maps' libraries
#    there: SwiftPM puts pkg-config's -L first on the link line, so `-lcmark-gfm` and `-lxml2`
#    resolve to the .a files. libxml2.a there is a linker script that pulls libxml2's own
#    dependencies in with it, whatever the order of the link line.
static=$PWD/$scratch/static-libs
rm -rf "$static" && mkdir -p "$static/pkgconfig"
ln -s "$libdir/libcmark-gfm.a" "$static/libcmark-gfm.a"
ln -s "$libdir/libcmark-gfm-extensions.a" "$static/libcmark-gfm-extensions.a"
# swift-nio links zlib (-lz) for HTTP compression: static too.
ln -s "$libdir/libz.a" "$static/libz.a"
cat > "$static/libxml2.a" <<LINKER
/* libxml2 and its dependencies, all static (written by scripts/dist.sh). */
GROUP ( $libdir/libxml2.a $libdir/libicuuc.a $libdir/libicudata.a $libdir/libz.a $libdir/liblzma.a -lstdc++ -lm )
LINKER
for pc in libcmark-gfm libxml-2.0; do
    [ -f "$libdir/pkgconfig/$pc.pc" ] || { echo "dist: $libdir/pkgconfig/$pc.pc is missing" >&2; exit 2; }
    sed -e "s|^libdir=.*|libdir=$static|" -e '/^Libs.private/d' "$libdir/pkgconfig/$pc.pc" > "$static/pkgconfig/$pc.pc"
done

# 3. The release build (the Dockerfile runs this same script).
start=$(date +%s)
PKG_CONFIG_PATH="$static/pkgconfig" \
    swift build -c release --product productive-docs --static-swift-stdlib -Xlinker -no-pie --scratch-path "$scratch" >&2
bin=$scratch/release/productive-docs
echo "dist: release build took $(( $(date +%s) - start )) s" >&2

# 4. Only system libraries stay dynamic.
allowed='^(libc|libm|libstdc\+\+|libgcc_s|libdl|libpthread|librt|libutil|ld-linux-x86-64|ld-linux-aarch64)\.so'
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
unexpected=$(grep -Ev "$allowed" <<<"$needed" || true)
if [ -n "$unexpected" ]; then
    echo "dist: the binary needs libraries a bare Debian does not have:" $unexpected >&2
    exit 1
fi
reported=$("$bin" --version)
[ "$reported" = "$version" ] || { echo "dist: --version says '$reported', ToolVersion.swift '$version'" >&2; exit 1; }
readelf -h "$bin" | grep -q 'Type: *EXEC' || { echo "dist: the binary is not linked at a fixed address (-no-pie)" >&2; exit 1; }

# 5. The tarball: one folder with the binary, the problem matcher and a README; reproducible (sorted, no times, no owners).
stage=$scratch/stage/$name
rm -rf "$scratch/stage" && mkdir -p "$stage"
cp "$bin" "$stage/productive-docs"
strip "$stage/productive-docs"
# The problem matcher, for CI without the action: echo "::add-matcher::DIR/productive-docs-matcher.json".
cp .github/productive-docs-matcher.json "$stage/productive-docs-matcher.json"
cat > "$stage/README.md" <<EOF
# productive-docs $version ($arch, Linux)

A self-contained build: copy \`productive-docs\` onto your PATH. It needs only glibc, libstdc++ and
libgcc_s, which every Debian 12 (and newer) system has. Dynamic libraries it links: $(tr '\n' ' ' <<<"$needed")

\`productive-docs-matcher.json\` is GitHub's problem matcher for the text format
(\`echo "::add-matcher::\$PWD/productive-docs-matcher.json"\` before running productive-docs).

Documentation: docs/cli.md and docs/ci.md in the source repository.
EOF
mkdir -p dist
tarball=dist/$name.tar.gz
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner \
    -C "$scratch/stage" -cf - "$name" | gzip -n -9 > "$tarball"
(cd dist && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "dist: $tarball ($(du -h "$tarball" | cut -f1)), needs: $(tr '\n' ' ' <<<"$needed")" >&2
echo "$tarball"
