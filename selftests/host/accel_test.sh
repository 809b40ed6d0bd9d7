#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# accel_test: tools/vm/accel.sh, which picks KVM or TCG for the guests.
# SYNCLAB_ACCEL forces either and refuses anything else; without /dev/kvm
# (a device path that does not exist) it says tcg with one line why; a
# user who cannot open /dev/kvm (a real unprivileged run, setpriv) gets
# tcg and the group to join; the real probe on this host ends with one
# answer (on the 2-core test machines KVM fails: QEMU aborts under -cpu
# host, and hangs under -cpu qemu64 until the probe's timeout), which is
# cached for the host's boot and reused, and probed again once its time
# is up. KTAP on stdout.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
accel=$top/tools/vm/accel.sh
tmp=$(mktemp -d)
chmod 0755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
export SYNCLAB_CACHE=$tmp/cache
unset SYNCLAB_ACCEL SYNCLAB_ACCEL_REPROBE SYNCLAB_KVM_CPU SYNCLAB_KVM_DEV
n=0

echo "TAP version 13"
echo "1..9"

. "$here/ktap.sh"

check() {	# check DESCRIPTION COMMAND...: OK when COMMAND succeeds
	local d=$1

	shift
	if "$@"; then result OK "$d"; else result FAIL "$d" "$(cat "$tmp/err" 2>/dev/null)"; fi
}

# a: answer on stdout, err: stderr, rc: status
probe() {
	a=$(env "$@" "$accel" 2>"$tmp/err")
	rc=$?
}

probe SYNCLAB_ACCEL=tcg
check "SYNCLAB_ACCEL=tcg: tcg, nothing said" \
	test "$rc.$a.$(wc -c <"$tmp/err")" = "0.tcg.0"

probe SYNCLAB_ACCEL=hvf
check "SYNCLAB_ACCEL=hvf: refused in one line" \
	eval '[ "$rc" -eq 1 ] && [ -z "$a" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
		grep -q "SYNCLAB_ACCEL must be kvm or tcg, not .hvf." "$tmp/err"'

probe SYNCLAB_KVM_DEV="$tmp/no-kvm"
check "no KVM device: tcg, one line why" \
	eval '[ "$rc" -eq 0 ] && [ "$a" = tcg ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
		grep -q "^vm: accel tcg: no $tmp/no-kvm" "$tmp/err"'

probe SYNCLAB_ACCEL=kvm SYNCLAB_KVM_DEV="$tmp/no-kvm"
check "SYNCLAB_ACCEL=kvm without the device: refused" \
	eval '[ "$rc" -eq 1 ] && [ -z "$a" ] && grep -q "SYNCLAB_ACCEL=kvm, but no" "$tmp/err"'

if [ ! -e /dev/kvm ]; then
	result SKIP "a user who cannot open /dev/kvm: tcg, naming the group" "no /dev/kvm"
elif [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null; then
	result SKIP "a user who cannot open /dev/kvm: tcg, naming the group" "needs root and setpriv"
elif why=$(ktap_nobody_blocked "$top"); [ -n "$why" ]; then
	result SKIP "a user who cannot open /dev/kvm: tcg, naming the group" "$why"
else
	probe SYNCLAB_CACHE="$tmp/nobody-cache" setpriv --reuid=65534 --regid=65534 --clear-groups
	check "a user who cannot open /dev/kvm (nobody, via setpriv): tcg, naming the group" \
		eval '[ "$rc" -eq 0 ] && [ "$a" = tcg ] &&
			grep -q "/dev/kvm exists but .* cannot open it (add the user to group $(stat -c %G /dev/kvm))" "$tmp/err"'
fi

# The real probe on this host: one answer, always; tcg says why.
if [ ! -e /dev/kvm ] || ! command -v qemu-system-x86_64 >/dev/null ||
	! "$top/tools/kernel.sh" image stock >/dev/null 2>&1; then
	for d in "the real probe ends with one answer" "its answer is cached and reused" \
		"an expired answer is probed again" "a probe under another -cpu ends too"; do
		result SKIP "$d" "needs /dev/kvm, QEMU and the stock kernel"
	done
	exit 0
fi
# bounded by its own timeout; `timeout` only catches a probe that is not
probe SYNCLAB_KVM_PROBE_S=3 timeout 60
first=$a
check "the real probe ends with one answer ($a${a:+: }$(sed 's/^vm: accel tcg: //' "$tmp/err"))" \
	eval '[ "$rc" -eq 0 ] && { [ "$a" = kvm ] ||
		{ [ "$a" = tcg ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "^vm: accel tcg: .*probe took" "$tmp/err"; }; }'

probe SYNCLAB_KVM_PROBE_S=3 timeout 60
check "its answer is cached for this boot of the host and reused" \
	eval '[ "$rc" -eq 0 ] && [ "$a" = "$first" ] &&
		{ [ "$a" = kvm ] || grep -q "(probed [0-9]* s ago" "$tmp/err"; } &&
		grep -q "^$(cat /proc/sys/kernel/random/boot_id)|" "$SYNCLAB_CACHE/accel"'

probe SYNCLAB_KVM_PROBE_S=3 SYNCLAB_ACCEL_TTL_S=0 timeout 60
check "an expired answer is probed again" \
	eval '[ "$rc" -eq 0 ] && [ "$a" = "$first" ] && ! grep -q "probed [0-9]* s ago" "$tmp/err"'

# Under -cpu qemu64, KVM here hangs in the guest's first instructions:
# the probe's own timeout (2 s) ends it, and it says so.
probe SYNCLAB_KVM_PROBE_S=2 SYNCLAB_KVM_CPU=qemu64 timeout 60
check "a probe under another -cpu ends too ($a${a:+: }$(sed 's/^vm: accel tcg: //' "$tmp/err"))" \
	eval '[ "$rc" -eq 0 ] && { [ "$a" = kvm ] ||
		{ [ "$a" = tcg ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]; }; }'
