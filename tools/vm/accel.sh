#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# accel.sh: which accelerator the guest boots under, KVM or TCG, decided
# once and never assumed.
#
#   accel.sh [--flavor F]    prints "kvm" or "tcg" on stdout; one line on
#                            stderr saying why, whenever it is tcg
#
# KVM is used when /dev/kvm exists, can be opened, and a probe boot
# reaches userspace within SYNCLAB_KVM_PROBE_S seconds (default 10): the
# flavor's kernel (default stock) with a one-file initramfs whose /init
# prints a line and powers off, under `-accel kvm -cpu host`. /dev/kvm
# alone proves nothing: on some hosts (nested virtualisation, the 2-core
# machines this project is tested on) it exists and KVM hangs in the
# first instructions of the guest; the probe then times out and TCG is
# used. Under KVM a stock kernel reaches userspace in 1-3 s.
#
# SYNCLAB_KVM_CPU (default host) is the -cpu of KVM guests, probe
# included. SYNCLAB_ACCEL=kvm|tcg forces the answer (no probe; kvm still needs
# /dev/kvm). The answer is cached in $SYNCLAB_CACHE/accel (default
# ~/.cache/synclab/accel) for this boot of the host (keyed by its
# boot_id), QEMU's version and the flavor, for SYNCLAB_ACCEL_TTL_S
# (default 3600) seconds: `make bench` and `make check` boot many guests
# and pay for the probe once; a host rebooted, or an hour later, probes
# again. SYNCLAB_ACCEL_REPROBE=1 ignores the cache.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
flavor=stock
[ "${1:-}" = --flavor ] && flavor=$2
cache=${SYNCLAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/synclab}/accel
probe_s=${SYNCLAB_KVM_PROBE_S:-10}
ttl=${SYNCLAB_ACCEL_TTL_S:-3600}
kvm_dev=${SYNCLAB_KVM_DEV:-/dev/kvm}
cpu=${SYNCLAB_KVM_CPU:-host}

tcg() {
	echo "vm: accel tcg: $*" >&2
	echo tcg
	exit 0
}

# KVM usable at all: the device, and the right to open it.
kvm_present() {
	[ -e "$kvm_dev" ] || { why="no $kvm_dev (no KVM on this host)"; return 1; }
	[ -r "$kvm_dev" ] && [ -w "$kvm_dev" ] ||
		{ why="$kvm_dev exists but $(id -un) cannot open it (add the user to group $(stat -c %G "$kvm_dev"))"; return 1; }
	return 0
}

case "${SYNCLAB_ACCEL:-}" in
kvm)
	kvm_present || { echo "vm: SYNCLAB_ACCEL=kvm, but $why" >&2; exit 1; }
	echo kvm
	exit 0
	;;
tcg) echo tcg; exit 0 ;;
'') ;;
*) echo "vm: SYNCLAB_ACCEL must be kvm or tcg, not '$SYNCLAB_ACCEL'" >&2; exit 1 ;;
esac

kvm_present || tcg "$why"

qver=$(qemu-system-x86_64 --version 2>/dev/null | head -n 1) ||
	{ echo "vm: qemu-system-x86_64 missing; run 'make deps'" >&2; exit 1; }
boot_id=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo unknown)
key="$boot_id|$qver|$flavor|$kvm_dev|$cpu"
now=$(date +%s)
if [ -z "${SYNCLAB_ACCEL_REPROBE:-}" ] && [ -f "$cache" ]; then
	# lines: KEY<TAB>TIME<TAB>ANSWER<TAB>WHY
	while IFS=$'\t' read -r k t a w; do
		[ "$k" = "$key" ] && [ $((now - t)) -lt "$ttl" ] || continue
		[ "$a" = kvm ] && { echo kvm; exit 0; }
		tcg "$w (probed $((now - t)) s ago; SYNCLAB_ACCEL_REPROBE=1 probes again)"
	done <"$cache"
fi

# ---- the probe boot ----------------------------------------------------------

kernel=$("$top/tools/kernel.sh" image "$flavor")
work=$(mktemp -d)
qpid=
cleanup() {
	[ -z "$qpid" ] || kill -KILL "$qpid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/root/bin"
cp /bin/busybox "$work/root/bin/busybox" 2>/dev/null ||
	{ echo "vm: busybox-static missing; run 'make deps'" >&2; exit 1; }
printf '#!/bin/busybox sh\n/bin/busybox echo synclab-probe: userspace\n/bin/busybox poweroff -f\n' \
	>"$work/root/init"
chmod 0755 "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$work/initrd.gz"

# QEMU in a subshell whose stderr is dropped: a QEMU that aborts (seen
# here: "failed to set MSR" under -cpu host) is reported by the shell
# that waits for it, and this script says why in its one line instead.
t0=$EPOCHREALTIME
(
	qemu-system-x86_64 -machine pc -accel kvm -cpu "$cpu" -smp 1 -m 256 \
		-kernel "$kernel" -initrd "$work/initrd.gz" \
		-append "console=ttyS0 panic=-1 quiet" -display none -no-reboot \
		-nodefaults -serial "file:$work/console" -monitor none \
		</dev/null >/dev/null 2>"$work/qemu.err" &
	echo $! >"$work/qpid"
	wait $!
) 2>/dev/null &
wpid=$!
while [ ! -s "$work/qpid" ]; do sleep 0.05; done
qpid=$(cat "$work/qpid")
answer= why=
while :; do
	if grep -q '^synclab-probe: userspace' "$work/console" 2>/dev/null; then
		answer=kvm
		break
	fi
	if ! kill -0 "$qpid" 2>/dev/null; then
		err=$(grep -m 1 -i 'error' "$work/qemu.err" 2>/dev/null ||
			head -n 1 "$work/qemu.err" 2>/dev/null || true)
		why="the KVM probe boot ended before userspace${err:+: $err}"
		break
	fi
	el=$(((${EPOCHREALTIME/./} - ${t0/./}) / 1000))
	if [ "$el" -ge $((probe_s * 1000)) ]; then
		why="$kvm_dev exists but a probe boot under KVM did not reach userspace in ${probe_s} s (KVM hangs here)"
		break
	fi
	sleep 0.2
done
kill -KILL "$qpid" 2>/dev/null || true
wait "$wpid" 2>/dev/null || true
qpid=
el=$(((${EPOCHREALTIME/./} - ${t0/./}) / 1000))

mkdir -p "$(dirname "$cache")"
{
	[ -f "$cache" ] && grep -v -F "$key" "$cache" || true
	printf '%s\t%s\t%s\t%s\n' "$key" "$now" "${answer:-tcg}" "$why"
} >"$cache.$$" && mv "$cache.$$" "$cache"

[ "$answer" = kvm ] && {
	echo "vm: accel kvm: the probe boot reached userspace in $((el / 1000)).$(printf %03d $((el % 1000))) s" >&2
	echo kvm
	exit 0
}
tcg "$why; probe took $((el / 1000)).$(printf %03d $((el % 1000))) s"
