#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# module.sh: build synclab.ko against one kernel, out of tree.
#
#   module.sh [--flavor F | --kdir DIR] [kbuild args...]
#
# The objects land in build/kmod-RELEASE/ (RELEASE: the target kernel's
# uname -r), which mirrors Kbuild and kmod/ as symlinks: one checkout then
# holds modules for several kernels, and nothing is written beside the
# sources. Extra arguments go to kbuild (C=2 runs sparse over every file).
# Prints the path of the built module on stdout.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kdir= flavor=

while [ $# -gt 0 ]; do
	case "$1" in
	--flavor) flavor=$2; shift 2 ;;
	--kdir) kdir=$2; shift 2 ;;
	*) break ;;
	esac
done
if [ -z "$kdir" ]; then
	[ -n "$flavor" ] || { echo "module.sh: give --flavor or --kdir" >&2; exit 2; }
	"$top/tools/kernel.sh" build "$flavor" >&2
	kdir=$("$top/tools/kernel.sh" kdir "$flavor")
fi
[ -f "$kdir/Makefile" ] || { echo "module.sh: $kdir is not a kernel build tree" >&2; exit 1; }
rel=$(cat "$kdir/include/config/kernel.release" 2>/dev/null) ||
	{ echo "module.sh: $kdir has no include/config/kernel.release" >&2; exit 1; }

mdir=$top/build/kmod-$rel
mkdir -p "$mdir"
# Refresh the mirror: stale links to deleted sources go, new ones come.
find "$mdir" -type l -delete
cp -rs "$top/Kbuild" "$top/kmod" "$mdir/"
make -C "$kdir" M="$mdir" "$@" modules >&2
echo "$mdir/synclab.ko"
