#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh: make sure the Debian packages synclab needs are installed.
# As root, installs what is missing; otherwise prints the exact
# apt-get line and fails.
set -euo pipefail

pkgs=(
	# kernels: the sources of the debug/kcsan guests, the stock guest
	linux-source-6.1 linux-headers-amd64 linux-image-amd64
	build-essential bc flex bison libelf-dev libssl-dev kmod xz-utils
	# the VM
	qemu-system-x86 busybox-static cpio
	# lint
	sparse
	# userspace builds and peers measured beside them
	liburcu-dev dpdk-dev libck-dev
	# result lines are printed and parsed with jansson (static in the guest)
	libjansson-dev
	# the report's plots
	gnuplot-nox
	# tools/ringlines.sh: cache lines per ring record, counted under lackey
	valgrind
	# make dkms: the module rebuilt for every kernel installed later
	dkms
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing Debian packages; as root, run:" >&2
	echo "  $line" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
