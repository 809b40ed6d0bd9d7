#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: boot a synclab guest under QEMU (KVM where it works, else TCG),
# run one command in it with the module loaded, and bring its results back.
#
#   run.sh [options] 'COMMAND'     run COMMAND (a guest shell line) in /out
#   run.sh [options] --shell       interactive shell (Ctrl-A x quits QEMU)
#
# Options:
#   --flavor F      kernel flavor: debug (default), kcsan, stock
#   --initrd FILE   base initramfs (default build/initramfs-F.cpio.gz)
#   --out DIR       results directory (default build/vm/F); the guest's
#                   /out lands here, with console.log beside it
#   --timeout S     wall-clock limit in seconds (default 900)
#   --smp N         vCPUs (default $SMP, else the host's CPUs, at most
#                   SMP_MAX, default 64)   --mem MB   guest memory (default 2048)
#   --append ARGS   extra kernel command line
#   --noload        do not insmod synclab.ko at boot
#   --filter ERE    show only console lines matching ERE (default: all)
#   --expect-exit N the guest command's expected exit status (default 0)
#   --expect-splat ERE  the boot provokes one kernel report on purpose: the
#                   console must hold exactly one report whose header
#                   matches ERE, which is exempt from the scan, and no
#                   other badness (tools/vm/badness.sh --expect)
#   --expect-splats ERE  the same for one or more such reports: a KCSAN
#                   race can be reported more than once (badness.sh
#                   --expect-some)
#   --allow-splat ERE   the boot may provoke such reports, any number of
#                   them: exempt, the rest scanned (badness.sh --allow)
#   --boot-quiet S  a boot whose console stays silent for S seconds
#                   (default 240) before the guest's init speaks has hung:
#                   QEMU is stopped and the guest booted again, at most
#                   --boot-tries times in all (default 3)
#
# Accelerator: tools/vm/accel.sh decides, once per host boot and hour:
# `-accel kvm -cpu host` when /dev/kvm exists and a probe boot under it
# reaches userspace, else `-accel tcg,thread=multi -cpu max` with one line
# on stderr saying why; SYNCLAB_ACCEL=kvm|tcg forces it. The guest learns
# it from its command line (synclab.accel=kvm|tcg), and every result line
# it writes carries it ("accel").
#
# Boot hangs. Under TCG on a loaded host, a guest now and then stops for
# good early in boot (seen here: the debug kernel at "Running RCU-tasks
# wait API self tests", the clock no longer advancing, QEMU spinning). No
# test has run at that point, so the boot is retried, and the run says so
# on stderr and in console.log's directory (boot-hangs.txt). A hang after
# init has started is a test's hang: only --timeout ends it.
#
# Exit status: 0 when the guest command exited as expected and the console
# is free of kernel badness (tools/vm/badness.patterns); otherwise 1, or
# 124 when the run hit its timeout.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
smp_max=${SMP_MAX:-64}
flavor=debug initrd= out= timeout=900 smp=${SMP:-} mem=2048 append= noload=
filter= shell= cmd= expect=0 boot_quiet=240 boot_tries=3
scan_opts=()	# badness.sh's mode, from --expect-splat(s)/--allow-splat

die() {
	echo "vm: $*" >&2
	exit 1
}

while [ $# -gt 0 ]; do
	case "$1" in
	--flavor) flavor=$2; shift 2 ;;
	--initrd) initrd=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--noload) noload=1; shift ;;
	--filter) filter=$2; shift 2 ;;
	--expect-exit) expect=$2; shift 2 ;;
	--expect-splat) scan_opts+=(--expect "$2"); shift 2 ;;
	--expect-splats) scan_opts+=(--expect-some "$2"); shift 2 ;;
	--allow-splat) scan_opts+=(--allow "$2"); shift 2 ;;
	--boot-quiet) boot_quiet=$2; shift 2 ;;
	--boot-tries) boot_tries=$2; shift 2 ;;
	--shell) shell=1; shift ;;
	--) shift; cmd="$*"; break ;;
	-*) die "unknown option $1" ;;
	*) cmd="$*"; break ;;
	esac
done
[ -n "$shell" ] || [ -n "$cmd" ] || die "nothing to run: give a command or --shell"

if [ -z "$smp" ]; then
	smp=$(nproc)
	[ "$smp" -gt "$smp_max" ] && smp=$smp_max
fi
case "$smp" in '' | *[!0-9]* | 0) die "--smp/SMP must be a number >= 1, not '$smp'" ;; esac
kernel=$("$top/tools/kernel.sh" image "$flavor")
initrd=${initrd:-$top/build/initramfs-$flavor.cpio.gz}
out=${out:-$top/build/vm/$flavor}
[ -f "$initrd" ] || die "no initramfs $initrd; run 'make initramfs FLAVOR=$flavor'"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing; run 'make deps'"
accel=$("$top/tools/vm/accel.sh") || die "no accelerator (see above)"
if [ "$accel" = kvm ]; then
	accel_args=(-accel kvm -cpu "${SYNCLAB_KVM_CPU:-host}")
else
	accel_args=(-accel tcg,thread=multi -cpu max)
fi

mkdir -p "$(dirname "$out")"
# Two runs must not share a results directory.
exec 8>"$out.lock"
flock -n 8 || die "another VM run is using $out"
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
log=$out/console.log
data=$out/.data.tar

# The command travels as /run.sh in a second cpio appended to the base
# initramfs: the kernel unpacks concatenated archives in order.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "$cmd" ]; then
	mkdir -p "$work/root"
	printf '%s\n' "$cmd" >"$work/root/run.sh"
	(cd "$work/root" && echo run.sh | cpio -o -H newc -R 0:0 --quiet) |
		gzip -1 >"$work/run.cpio.gz"
	cat "$initrd" "$work/run.cpio.gz" >"$work/initrd.gz"
else
	cp "$initrd" "$work/initrd.gz"
fi

# panic=-1 + -no-reboot: a panic ends QEMU at once instead of hanging;
# oops=panic: an oops in a test process ends the run, the log keeps it.
kargs="console=ttyS0 printk.time=1 panic=-1 oops=panic synclab.accel=$accel"
# Our kernels have no ACPI, so no HPET: their clock is the TSC, which
# QEMU's TCG reads from the host's (constant and in step on every vCPU).
# Its rate is measured here (tools/vm/tsc_khz.c): calibrating against the
# emulated PIT fails now and then under TCG, and with neither HPET nor
# the PM timer to fall back on the guest would time in jiffies.
# tsc=reliable keeps the clocksource watchdog, whose only reference would
# be jiffies, from marking it unstable when the host delays a guest tick.
# Their CPUs come from the MP table, where the firmware lists the first
# CPU of each socket only: one socket per vCPU.
smp_args=$smp
case $flavor in
debug | kcsan)
	kargs="$kargs tsc=reliable"
	if cc -O2 -Wall -Wextra -Werror -o "$work/tsc_khz" "$top/tools/vm/tsc_khz.c" 2>/dev/null &&
		khz=$("$work/tsc_khz"); then
		kargs="$kargs tsc_early_khz=$khz"
	else
		echo "vm: could not measure the host's TSC rate; the guest calibrates its own" >&2
	fi
	smp_args="$smp,sockets=$smp,cores=1,threads=1"
	;;
esac
[ -n "$noload" ] && kargs="$kargs synclab.noload"
[ -n "$append" ] && kargs="$kargs $append"
qemu=(qemu-system-x86_64 -machine pc "${accel_args[@]}"
	-smp "$smp_args" -m "$mem" -kernel "$kernel" -initrd "$work/initrd.gz"
	-append "$kargs" -display none -no-reboot -nodefaults)

if [ -n "$shell" ]; then
	"${qemu[@]}" -chardev "stdio,id=con,mux=on,signal=off,logfile=$log" \
		-serial chardev:con -mon chardev=con,mode=readline \
		-serial "file:$data"
	exit 0
fi

# One boot: QEMU's console into $log (and, filtered, to stdout), its exit
# status in $work/qrc. Runs in the background; boot_watch() watches it.
boot() {
	set +e
	timeout --kill-after=10 "$1" "${qemu[@]}" -serial stdio \
		-serial "file:$data" -monitor none </dev/null 2>"$out/qemu.err" |
		sed -u 's/\r$//' | tee "$log" |
		if [ -n "$filter" ]; then grep --line-buffered -E "$filter"; else cat; fi
	echo "${PIPESTATUS[0]}" >"$work/qrc"
}

# Waits for the boot in the background (pid $1). Returns 1, having
# stopped it, when the console stayed silent for $boot_quiet seconds
# before the guest's init printed its first line; 0 otherwise.
boot_watch() {
	local size=-1 now quiet=0

	while kill -0 "$1" 2>/dev/null; do
		sleep 2
		grep -q '^synclab-vm: ' "$log" 2>/dev/null && { wait "$1"; return 0; }
		now=$(stat -c %s "$log" 2>/dev/null || echo 0)
		if [ "$now" != "$size" ]; then
			size=$now quiet=0
			continue
		fi
		quiet=$((quiet + 2))
		if [ "$quiet" -ge "$boot_quiet" ]; then
			pkill -TERM -P "$1" 2>/dev/null
			pkill -KILL -f -- "-initrd $work/initrd.gz" 2>/dev/null
			wait "$1"
			return 1
		fi
	done
	wait "$1"
	return 0
}

start=$SECONDS
try=1
while :; do
	echo "vm: booting $flavor ($(basename "$kernel")), $accel, $smp vCPUs, timeout ${timeout}s, log $log" >&2
	boot $((timeout - (SECONDS - start))) 2>>"$work/boot.err" &
	boot_watch $! 2>/dev/null && break
	echo "vm: boot $try hung: console silent for ${boot_quiet}s at: $(tail -n 1 "$log")" |
		tee -a "$out/boot-hangs.txt" >&2
	cp "$log" "$out/console-hang-$try.log"
	try=$((try + 1))
	if [ "$try" -gt "$boot_tries" ] || [ $((SECONDS - start + 60)) -ge "$timeout" ]; then
		echo "vm: giving up after $((try - 1)) hung boots" >&2
		echo hung >"$work/qrc"
		break
	fi
	rm -f "$data"
done
qrc=$(cat "$work/qrc" 2>/dev/null || echo 1)

status=
if [ -s "$data" ] && tar -C "$out" -xf "$data" 2>/dev/null; then
	status=$(cat "$out/exit-status" 2>/dev/null || true)
fi
rm -f "$data"

rc=0
if [ "$qrc" = hung ]; then
	rc=124
elif [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
	echo "vm: timed out after ${timeout}s" >&2
	rc=124
elif [ -z "$status" ]; then
	echo "vm: the guest did not finish (QEMU exit $qrc; panic?)" >&2
	[ -s "$out/qemu.err" ] && sed 's/^/vm: qemu: /' "$out/qemu.err" >&2
	rc=1
elif [ "$status" -ne "$expect" ]; then
	echo "vm: guest command exited $status (expected $expect)" >&2
	rc=1
fi
if ! "$top/tools/vm/badness.sh" "${scan_opts[@]}" "$log" >"$out/badness.txt"; then
	echo "vm: kernel badness in the console log:" >&2
	head -n 20 "$out/badness.txt" | sed 's/^/vm:   /' >&2
	[ "$rc" -eq 0 ] && rc=1
fi
echo "vm: $flavor finished in $((SECONDS - start))s: guest exit ${status:-none}," \
	"$(wc -l <"$out/badness.txt") badness lines, result $rc" >&2
exit "$rc"
