#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install.sh: synclab on the machine itself, as other out-of-tree modules.
#
#   install.sh install     synclab.ko for KDIR's kernel into
#                          /lib/modules/RELEASE/extra/ (kbuild's
#                          modules_install), depmod; the host CLI and
#                          its qsbr build (synclab, synclab-qsbr) into
#                          PREFIX/bin (default /usr/local/bin)
#   install.sh uninstall   removes all three again, depmod
#   install.sh dkms        the module's sources into /usr/src/synclab-VERSION,
#                          then dkms add, build and install: rebuilt for
#                          every kernel installed later
#   install.sh dkms-remove dkms remove --all, and the sources
#
# KDIR: the kernel build tree (default the running kernel's,
# /lib/modules/$(uname -r)/build). RELEASE is the one the module's
# vermagic names: the kernel's check at load time (Debian's headers have
# another string in include/config/kernel.release). DESTDIR prefixes
# every path (a staged install; no depmod then). VERSION is
# SYNCLAB_VERSION_MAJOR.MINOR of kmod/uapi/synclab.h, the module's
# MODULE_VERSION and tools/dkms.conf's PACKAGE_VERSION.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kdir=${KDIR:-/lib/modules/$(uname -r)/build}
prefix=${PREFIX:-/usr/local}
destdir=${DESTDIR:-}
uapi=kmod/uapi/synclab.h
version=$(awk '$2 == "SYNCLAB_VERSION_MAJOR" { M = $3 } $2 == "SYNCLAB_VERSION_MINOR" { m = $3 }
	END { print M "." m }' "$uapi")

die() {
	echo "install: $*" >&2
	exit 1
}

need_root() {
	[ -n "$destdir" ] || [ "$(id -u)" -eq 0 ] ||
		die "$1 writes to /lib/modules and $prefix: run it as root (or give DESTDIR=DIR to stage it)"
}

need_kdir() {
	[ -f "$kdir/Makefile" ] ||
		die "no kernel build tree at $kdir: install the headers of the kernel to build for (Debian: apt-get install linux-headers-$(uname -r)) or give KDIR=DIR"
}

# The release a module built against $kdir is for, from its vermagic.
release_of() {
	modinfo -F vermagic "$1" | awk '{ print $1 }'
}

cmd_install() {
	local ko rel mdir nosign

	need_root "make install"
	need_kdir
	ko=$(tools/module.sh --kdir "$kdir")
	mdir=$(dirname "$ko")
	rel=$(release_of "$ko")
	make -s host-cli
	# Debian's headers ask modules_install to sign (MODULE_SIG_ALL) with
	# a key only the kernel's own build has: without it, no signature.
	nosign=()
	[ -f "$kdir/certs/signing_key.pem" ] || nosign=(CONFIG_MODULE_SIG_ALL=)
	make -C "$kdir" M="$mdir" KERNELRELEASE="$rel" INSTALL_MOD_DIR=extra \
		${destdir:+INSTALL_MOD_PATH="$destdir"} "${nosign[@]}" DEPMOD=true \
		modules_install >&2
	# kbuild's depmod is off (DEPMOD=true): ours, on the real tree only
	[ -n "$destdir" ] || depmod -a "$rel"
	for f in synclab synclab-qsbr; do
		install -D -m 0755 "build/host-bin/$f" "$destdir$prefix/bin/$f"
	done
	echo "install: synclab.ko $version for $rel in $destdir/lib/modules/$rel/extra/ (modprobe synclab), the CLI in $destdir$prefix/bin/synclab (over liburcu's qsbr flavor: synclab-qsbr)"
}

cmd_uninstall() {
	local rel=${RELEASE:-} removed=0 f

	need_root "make uninstall"
	if [ -z "$rel" ]; then
		if [ -f "$kdir/Makefile" ] && ls build/kmod-*/synclab.ko >/dev/null 2>&1; then
			rel=$(release_of "$(tools/module.sh --kdir "$kdir" 2>/dev/null)")
		else
			rel=$(uname -r)
		fi
	fi
	if [ -z "$destdir" ] && grep -q '^synclab ' /proc/modules 2>/dev/null; then
		die "synclab is loaded: rmmod synclab first"
	fi
	for f in "$destdir/lib/modules/$rel/extra/synclab.ko" \
		"$destdir$prefix/bin/synclab" "$destdir$prefix/bin/synclab-qsbr"; do
		[ -e "$f" ] || continue
		rm -f "$f"
		echo "install: removed $f"
		removed=$((removed + 1))
	done
	[ -n "$destdir" ] || [ ! -d "/lib/modules/$rel" ] || depmod -a "$rel"
	[ "$removed" -gt 0 ] || echo "install: nothing of synclab installed for $rel under ${destdir:-/} (RELEASE=... for another kernel)"
}

# The sources DKMS builds from: dkms.conf, Kbuild and kmod/, nothing else.
stage_src() {
	local src=$1

	rm -rf "$src"
	mkdir -p "$src"
	cp tools/dkms.conf Kbuild "$src/"
	cp -r kmod "$src/"
	grep -q "^PACKAGE_VERSION=\"$version\"$" "$src/dkms.conf" ||
		die "tools/dkms.conf's PACKAGE_VERSION is not $version (kmod/uapi/synclab.h)"
}

cmd_dkms() {
	local src=$destdir/usr/src/synclab-$version
	local k=()

	command -v dkms >/dev/null || die "dkms is not installed (Debian: apt-get install dkms)"
	need_root "make dkms"
	[ -n "${KERNELVER:-}" ] && k=(-k "$KERNELVER")
	stage_src "$src"
	[ -z "$destdir" ] || { echo "install: sources staged in $src (DESTDIR: no dkms run)"; return; }
	dkms status -m synclab -v "$version" | grep -q . || dkms add -m synclab -v "$version"
	dkms build -m synclab -v "$version" "${k[@]}"
	dkms install -m synclab -v "$version" "${k[@]}"
}

cmd_dkms_remove() {
	need_root "make dkms-remove"
	if command -v dkms >/dev/null && dkms status -m synclab -v "$version" | grep -q .; then
		dkms remove -m synclab -v "$version" --all
	fi
	rm -rf "$destdir/usr/src/synclab-$version"
}

case "${1:-}" in
install) cmd_install ;;
uninstall) cmd_uninstall ;;
dkms) cmd_dkms ;;
dkms-remove) cmd_dkms_remove ;;
*) die "usage: install.sh install|uninstall|dkms|dkms-remove" ;;
esac
