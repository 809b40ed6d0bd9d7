#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel.sh: the guest kernels synclab runs on, all from Debian packages.
#
#   kernel.sh src               extract linux-source-6.1 once; print its path
#   kernel.sh build FLAVOR      build FLAVOR if its cache entry is missing
#   kernel.sh image FLAVOR      print the bzImage to boot
#   kernel.sh kdir FLAVOR       print the directory to build modules against
#   kernel.sh release FLAVOR    print the kernel release (uname -r)
#   kernel.sh built FLAVOR      exit 0 when FLAVOR needs no build
#
# FLAVOR is debug or kcsan (built from tools/kconfig/base.config plus
# tools/kconfig/FLAVOR.config over tinyconfig), stock (Debian's packaged
# linux-image-amd64 and its headers, never built) or host (the running
# kernel's /lib/modules/$(uname -r)/build, for module builds only).
#
# Built kernels live in $SYNCLAB_CACHE (default
# ${XDG_CACHE_HOME:-~/.cache}/synclab) under kernels/FLAVOR-KEY, where KEY
# hashes the config fragments, the source package version and the
# compiler: a kernel is rebuilt only when one of those changes.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${SYNCLAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/synclab}
SRC_PKG=linux-source-6.1
SRC_TAR=/usr/src/$SRC_PKG.tar.xz
KCONFIG=$TOP/tools/kconfig
JOBS=${JOBS:-$(nproc)}

die() {
	echo "kernel.sh: $*" >&2
	exit 1
}

src_version() {
	dpkg-query -W -f='${Version}' "$SRC_PKG" 2>/dev/null ||
		die "$SRC_PKG is not installed; run 'make deps'"
}

# Extract the source tree once per package version. Extraction goes to a
# temporary directory renamed into place, so an interrupted run never
# leaves a half tree behind.
cmd_src() {
	local ver dir tmp

	ver=$(src_version)
	dir=$CACHE/src/$SRC_PKG-$ver
	if [ ! -f "$dir/Makefile" ]; then
		[ -r "$SRC_TAR" ] || die "$SRC_TAR missing; run 'make deps'"
		mkdir -p "$CACHE/src"
		tmp=$(mktemp -d "$CACHE/src/.extract.XXXXXX")
		echo "kernel.sh: extracting $SRC_TAR" >&2
		tar -C "$tmp" -xJf "$SRC_TAR"
		rm -rf "$dir"
		mv "$tmp/$SRC_PKG" "$dir"
		rmdir "$tmp"
	fi
	echo "$dir"
}

check_flavor() {
	case "$1" in
	debug|kcsan) [ -f "$KCONFIG/$1.config" ] ||
			die "missing $KCONFIG/$1.config" ;;
	stock|host) ;;
	*) die "unknown flavor '$1' (valid: debug kcsan stock host)" ;;
	esac
}

# The cache key: whatever changes the built kernel.
key() {
	{
		cat "$KCONFIG/base.config" "$KCONFIG/$1.config"
		src_version
		gcc --version | head -n 1
	} | sha256sum | cut -c1-12
}

build_dir() {
	echo "$CACHE/kernels/$1-$(key "$1")"
}

# Debian's packaged kernel: the release linux-image-amd64 depends on.
stock_release() {
	local rel

	rel=$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null |
		grep -o 'linux-image-[^ ,]*' | head -n 1 |
		sed 's/^linux-image-//') || true
	[ -n "$rel" ] || die "linux-image-amd64 is not installed; run 'make deps'"
	echo "$rel"
}

# Every option a fragment asks for must be in the final .config: Kconfig
# drops an option silently when a dependency is missing.
verify_config() {
	local out=$1 frag line opt bad=0

	for frag in "$KCONFIG/base.config" "$KCONFIG/$2.config"; do
		while IFS= read -r line; do
			case "$line" in CONFIG_*) ;; *) continue ;; esac
			opt=${line%%=*}
			if [ "${line#*=}" = n ]; then
				grep -q "^$opt=" "$out/.config" || continue
			else
				grep -qxF "$line" "$out/.config" && continue
			fi
			echo "kernel.sh: $(basename "$frag"): '$line' did not stick" \
				"(a dependency is missing)" >&2
			bad=1
		done <"$frag"
	done
	return $bad
}

# Show progress while make runs: objects compiled so far, and a percentage
# once a previous build of the same flavor told us the total.
progress() {
	local pid=$1 log=$2 flavor=$3 total=$4 start=$SECONDS n pct

	while kill -0 "$pid" 2>/dev/null; do
		sleep 15
		kill -0 "$pid" 2>/dev/null || break
		n=$(grep -c '^  CC' "$log" || true)
		pct=
		[ "$total" -gt 0 ] && pct=" (~$((n * 100 / total))%)"
		printf 'kernel %s: %d objects compiled%s, %dm%02ds\n' "$flavor" \
			"$n" "$pct" $(((SECONDS - start) / 60)) \
			$(((SECONDS - start) % 60)) >&2
	done
}

cmd_build() {
	local flavor=$1 src out log total=0 pid rc start=$SECONDS

	case "$flavor" in
	stock|host) cmd_kdir "$flavor" >/dev/null; return 0 ;;
	esac
	out=$(build_dir "$flavor")
	[ -f "$out/.synclab-built" ] && return 0
	src=$(cmd_src)
	mkdir -p "$out"
	exec 9>"$out.lock"
	flock 9
	[ -f "$out/.synclab-built" ] && return 0
	log=$out/build.log
	[ -f "$CACHE/kernels/$flavor.objects" ] &&
		total=$(cat "$CACHE/kernels/$flavor.objects")
	echo "kernel $flavor: building in $out (log: $log)" >&2
	local mk=(make -C "$src" O="$out" ARCH=x86_64)
	"${mk[@]}" -s tinyconfig >"$log" 2>&1
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
		"$KCONFIG/base.config" "$KCONFIG/$flavor.config" >>"$log" 2>&1
	"${mk[@]}" -s olddefconfig >>"$log" 2>&1
	verify_config "$out" "$flavor" || die "config for $flavor is incomplete"
	"${mk[@]}" -j"$JOBS" >>"$log" 2>&1 &
	pid=$!
	progress "$pid" "$log" "$flavor" "$total" &
	rc=0
	wait "$pid" || rc=$?
	wait
	if [ "$rc" -ne 0 ]; then
		tail -n 30 "$log" >&2
		die "building the $flavor kernel failed; full log: $log"
	fi
	grep -c '^  CC' "$log" >"$CACHE/kernels/$flavor.objects" || true
	touch "$out/.synclab-built"
	printf 'kernel %s: built %s in %dm%02ds\n' "$flavor" \
		"$(cat "$out/include/config/kernel.release")" \
		$(((SECONDS - start) / 60)) $(((SECONDS - start) % 60)) >&2
}

cmd_built() {
	case "$1" in
	stock|host) cmd_kdir "$1" >/dev/null 2>&1 ;;
	*) [ -f "$(build_dir "$1")/.synclab-built" ] ;;
	esac
}

cmd_image() {
	local img

	case "$1" in
	stock) img=/boot/vmlinuz-$(stock_release) ;;
	host) die "the host flavor is for module builds only" ;;
	*) img=$(build_dir "$1")/arch/x86/boot/bzImage ;;
	esac
	[ -r "$img" ] || die "no kernel image $img; run 'make kernel FLAVOR=$1'"
	echo "$img"
}

cmd_kdir() {
	local dir

	case "$1" in
	stock) dir=/lib/modules/$(stock_release)/build ;;
	host) dir=/lib/modules/$(uname -r)/build ;;
	*) dir=$(build_dir "$1") ;;
	esac
	[ -f "$dir/Makefile" ] ||
		die "no kernel build tree at $dir (flavor $1); run 'make kernel FLAVOR=$1' or 'make deps'"
	echo "$dir"
}

cmd_release() {
	case "$1" in
	stock) stock_release ;;
	host) uname -r ;;
	*) cat "$(cmd_kdir "$1")/include/config/kernel.release" ;;
	esac
}

[ $# -ge 1 ] || die "usage: kernel.sh src|build|built|image|kdir|release [FLAVOR]"
cmd=$1
shift
case "$cmd" in
src) cmd_src ;;
build|built|image|kdir|release)
	[ $# -eq 1 ] || die "usage: kernel.sh $cmd FLAVOR"
	check_flavor "$1"
	"cmd_$cmd" "$1"
	;;
*) die "unknown command '$cmd'" ;;
esac
