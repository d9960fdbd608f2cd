#!/usr/bin/env bash
# Proves the release tarball runs on a bare Debian 12: builds a minimal bookworm root with
# debootstrap (minbase, cached under .cache/bare-system/ between local runs), copies the tarball and
# the samples into a fresh copy of it, and runs scripts/bare-system-inside.sh there under chroot:
# lint, convert, sandbox, doctor, plan, publish and append. Nothing else is installed in the root.
#
# Usage: scripts/bare-system-test.sh [TARBALL]   (default: dist/ for this version; built if absent)
# Env:   BARE_MIRROR   Debian mirror (default: the one apt uses on this machine)
#        BARE_REQUIRED=1  fail instead of skipping where debootstrap cannot run
# Needs root (debootstrap, chroot, mount) and the debootstrap package.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
say() { echo "bare-system: $*"; }

skip() {
    local line='!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
    printf '%s\n!!! BARE-SYSTEM TEST SKIPPED: %s\n!!! The release tarball was NOT proven on a bare Debian 12.\n%s\n' "$line" "$*" "$line" >&2
    [ "${BARE_REQUIRED:-0}" = 1 ] && exit 1
    exit 0
}

# Where debootstrap cannot run, skip (loudly).
[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || skip "needs Linux on x86_64 (this is $(uname -s) $(uname -m))"
[ "$(id -u)" -eq 0 ] || skip "needs root for debootstrap and chroot"
command -v debootstrap >/dev/null || PATH=$PATH:/usr/sbin:/sbin
command -v debootstrap >/dev/null || skip "debootstrap is not installed (apt-get install debootstrap)"
chroot / /bin/true 2>/dev/null || skip "chroot is not permitted here"

# 1. The tarball.
version=$(scripts/version.sh)
tarball=${1:-dist/productive-docs-$version-linux-x86_64.tar.gz}
if [ ! -f "$tarball" ]; then
    say "no $tarball: building it (make dist)"
    scripts/dist.sh >/dev/null
fi
[ -f "$tarball.sha256" ] || { say "no $tarball.sha256" >&2; exit 1; }

# 2. The mirror apt uses here (deb822 .sources or one-line sources.list), for bookworm itself.
apt_mirror() {
    local file
    for file in /etc/apt/sources.list.d/*.sources; do
        [ -f "$file" ] || continue
        awk 'BEGIN { RS = "" } {
                uri = ""; ok = 0
                n = split($0, lines, "\n")
                for (i = 1; i <= n; i++) {
                    if (lines[i] ~ /^URIs:/) { split(lines[i], f, /[ \t]+/); uri = f[2] }
                    if (lines[i] ~ /^Suites:/ && lines[i] ~ /[ \t]bookworm([ \t]|$)/) ok = 1
                }
                if (ok && uri != "" && uri !~ /security/) { print uri; exit }
            }' "$file"
    done
    [ -f /etc/apt/sources.list ] && awk '$1 == "deb" {
            i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
            if ($(i + 1) == "bookworm" && $i !~ /security/) { print $i; exit }
        }' /etc/apt/sources.list
    return 0
}
mirror=${BARE_MIRROR:-$(apt_mirror | head -n 1)}
mirror=${mirror:-http://deb.debian.org/debian}
say "mirror: $mirror"

# 3. The minimal root, cached: made again only when the mirror changes or it is incomplete.
cache=.cache/bare-system
base=$cache/bookworm-minbase
stamp="bookworm minbase amd64 $mirror"
if [ "$(cat "$base.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -x "$base/bin/bash" ]; then
    rm -rf "$base" "$base.stamp"
    mkdir -p "$cache"
    t=$(date +%s)
    say "debootstrap --variant=minbase bookworm (a few minutes, once)"
    if ! debootstrap --variant=minbase --arch=amd64 bookworm "$base" "$mirror" > "$cache/debootstrap.log" 2>&1; then
        tail -n 20 "$cache/debootstrap.log" >&2
        grep -qiE 'mknod|Operation not permitted|cannot create' "$cache/debootstrap.log" \
            && skip "debootstrap cannot make a root here (no privileges for device nodes or mounts)"
        say "debootstrap failed (see $cache/debootstrap.log)" >&2
        exit 1
    fi
    rm -rf "$base/var/cache/apt/archives/"*.deb
    echo "$stamp" > "$base.stamp"
    say "debootstrap took $(( $(date +%s) - t )) s"
else
    say "reusing the cached root $base"
fi

# 4. A fresh copy of the root for this run, with /proc mounted; always cleaned up.
work=$(mktemp -d "${TMPDIR:-/tmp}/pd-bare.XXXXXX")
root=$work/root
cleanup() {
    local mounted
    for mounted in "$root/dev" "$root/proc"; do
        mountpoint -q "$mounted" 2>/dev/null && umount -l "$mounted"
    done
    # Never delete through a mount that is still there.
    if grep -q " $root/" /proc/mounts; then
        say "left $work in place: something is still mounted under it" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
t=$(date +%s)
cp -a "$base" "$root"
mount -t proc proc "$root/proc"
[ -c "$root/dev/null" ] || mount --bind /dev "$root/dev"
mkdir -p "$root/tmp/pd"
cp "$tarball" "$tarball.sha256" "$root/tmp/pd/"
cp -r samples "$root/tmp/pd/samples"
cp scripts/bare-system-inside.sh "$root/tmp/pd/inside.sh"
say "copied the root and the tarball in $(( $(date +%s) - t )) s"

# 5. The run, with an empty environment: nothing of this machine's leaks in.
t=$(date +%s)
status=0
chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
    SAMPLES=/tmp/pd/samples /bin/bash /tmp/pd/inside.sh "/tmp/pd/$(basename "$tarball")" || status=$?
say "the run inside took $(( $(date +%s) - t )) s; the whole test $(( $(date +%s) - started )) s"
exit "$status"
