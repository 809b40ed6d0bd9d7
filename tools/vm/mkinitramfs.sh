#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh OUT MODULE BINDIR VMTESTDIR [SRC=DEST...]
#
# Packs the guest's root filesystem: busybox (static, from Debian's
# busybox-static), tools/vm/init, the module, the static userspace binaries
# and the VM selftests, plus a passwd file with an unprivileged user for
# the permission tests. Each SRC=DEST adds file SRC as /DEST (the stock
# guest's refscale modules and benchmark matrix, for `make bench`).
set -euo pipefail

[ $# -ge 4 ] || { echo "usage: mkinitramfs.sh OUT MODULE BINDIR VMTESTDIR [SRC=DEST...]" >&2; exit 2; }
out=$1 module=$2 bindir=$3 testdir=$4
shift 4
top=$(cd "$(dirname "$0")/../.." && pwd)
busybox=/bin/busybox

dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' ||
	{ echo "mkinitramfs.sh: busybox-static is not installed; run 'make deps'" >&2; exit 1; }
[ -f "$module" ] || { echo "mkinitramfs.sh: missing $module" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,etc,lib/modules,selftests,proc,sys,dev,tmp,root,out}
cp "$busybox" "$root/bin/busybox"
install -m 0755 "$top/tools/vm/init" "$root/init"
cp "$module" "$root/lib/modules/synclab.ko"
cp "$bindir"/* "$root/bin/"
cp -r "$testdir"/. "$root/selftests/"
for extra in "$@"; do
	src=${extra%%=*} dest=${extra#*=}
	[ "$src" != "$extra" ] && [ -n "$dest" ] ||
		{ echo "mkinitramfs.sh: '$extra' is not SRC=DEST" >&2; exit 2; }
	[ -f "$src" ] || { echo "mkinitramfs.sh: missing $src" >&2; exit 1; }
	mkdir -p "$root/$(dirname "$dest")"
	cp "$src" "$root/$dest"
done
cat >"$root/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/sh
synclab:x:1000:1000:unprivileged test user:/tmp:/bin/sh
nobody:x:65534:65534:nobody:/:/bin/false
PW
cat >"$root/etc/group" <<'GR'
root:x:0:
synclab:x:1000:
nogroup:x:65534:
GR
mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
