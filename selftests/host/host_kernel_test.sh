#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# host_kernel_test: `make bench SIDE=host-kernel` (tools/bench/host-kernel.sh)
# refuses, before it builds or loads anything, when it must: not root
# (a real unprivileged run, through setpriv), no headers for the running
# kernel, kernel lockdown in force, module signatures enforced, all of
# them said at once, one line each. The script is the real one; only the
# paths it reads are pointed elsewhere (SYNCLAB_HOST_KDIR, SYNCLAB_LOCKDOWN,
# SYNCLAB_SIG_ENFORCE), at files in the kernel's own formats. On this
# machine the running kernel's headers are missing for real, which the
# last test checks without any override. Nothing here loads a module.
# KTAP on stdout.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
script=$top/tools/bench/host-kernel.sh
tmp=$(mktemp -d)
chmod 0755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
n=0

echo "TAP version 13"
echo "1..10"

. "$here/ktap.sh"

# run NAME [VAR=VALUE...]: the script with the environment given (the
# conditions default to "nothing stops it" but for missing headers);
# its stderr in $tmp/NAME.err, exit status in rc.
run() {
	local name=$1

	shift
	env SYNCLAB_HOST_KDIR="$tmp/no-headers" SYNCLAB_LOCKDOWN="$tmp/lockdown-none" \
		SYNCLAB_SIG_ENFORCE="$tmp/sig-N" BENCH_OUT="$tmp/out-$name" "$@" \
		"$script" >"$tmp/$name.out" 2>"$tmp/$name.err"
	rc=$?
}

printf 'none [integrity] confidentiality\n' >"$tmp/lockdown-integrity"
printf '[none] integrity confidentiality\n' >"$tmp/lockdown-none"
printf 'Y\n' >"$tmp/sig-Y"
printf 'N\n' >"$tmp/sig-N"
mkdir -p "$tmp/headers"
touch "$tmp/headers/Makefile"
chmod -R a+rX "$tmp"
loaded() { grep -c '^synclab ' /proc/modules 2>/dev/null || true; }
loaded_before=$(loaded)
# a kernel without CONFIG_MODULES (this machine's) is one more refusal
nomod=0
[ -e /proc/modules ] || nomod=1

# refused OUT ERE: exit 1, a refusal line matching ERE, nothing built
refused() {
	[ "$rc" -eq 1 ] && grep -qE "refused: .*$2" "$tmp/$1.err" &&
		[ ! -e "$tmp/out-$1" ]
}

run headers
if refused headers "no headers for the running kernel $(uname -r): $tmp/no-headers is missing \\(Debian: apt-get install linux-headers-$(uname -r)"; then
	result OK "no headers: refused, naming the directory and the package, nothing built"
else
	result FAIL "no headers: refused, naming the directory and the package, nothing built" "$(cat "$tmp/headers.err")"
fi

run lockdown SYNCLAB_HOST_KDIR="$tmp/headers" SYNCLAB_LOCKDOWN="$tmp/lockdown-integrity"
if refused lockdown "kernel lockdown is 'integrity'.*unsigned" &&
	! grep -q 'no headers' "$tmp/lockdown.err"; then
	result OK "lockdown [integrity]: refused, saying that synclab.ko is unsigned"
else
	result FAIL "lockdown [integrity]: refused, saying that synclab.ko is unsigned" "$(cat "$tmp/lockdown.err")"
fi

run sig SYNCLAB_HOST_KDIR="$tmp/headers" SYNCLAB_SIG_ENFORCE="$tmp/sig-Y"
if refused sig "module signatures are enforced"; then
	result OK "sig_enforce Y: refused"
else
	result FAIL "sig_enforce Y: refused" "$(cat "$tmp/sig.err")"
fi

# lockdown [none] and sig_enforce N stop nothing: only the headers do
if [ "$(grep -c 'refused:' "$tmp/headers.err")" -eq $((1 + nomod)) ] || [ "$(id -u)" -ne 0 ]; then
	result OK "lockdown [none], sig_enforce N: no refusal of their own"
else
	result FAIL "lockdown [none], sig_enforce N: no refusal of their own" "$(cat "$tmp/headers.err")"
fi

# A real unprivileged run: every reason at once, one line each.
if [ "$(id -u)" -ne 0 ]; then
	run nonroot SYNCLAB_LOCKDOWN="$tmp/lockdown-integrity" SYNCLAB_SIG_ENFORCE="$tmp/sig-Y"
	how="this test runs unprivileged"
elif why=$(ktap_nobody_blocked "$top"); [ -z "$why" ]; then
	run nonroot SYNCLAB_LOCKDOWN="$tmp/lockdown-integrity" SYNCLAB_SIG_ENFORCE="$tmp/sig-Y" \
		setpriv --reuid=65534 --regid=65534 --clear-groups
	how="setpriv as nobody"
else
	how=
fi
if [ -z "$how" ]; then
	result SKIP "not root: refused" "$why"
	result SKIP "every reason at once" "$why"
else
	if refused nonroot "not root: loading synclab.ko .* needs root"; then
		result OK "not root ($how): refused"
	else
		result FAIL "not root ($how): refused" "$(cat "$tmp/nonroot.err")"
	fi
	if [ "$(grep -c 'refused:' "$tmp/nonroot.err")" -eq $((4 + nomod)) ] &&
		[ "$(wc -l <"$tmp/nonroot.err")" -eq $((4 + nomod)) ]; then
		result OK "not root, no headers, lockdown, signatures: four refusals, one line each"
	else
		result FAIL "not root, no headers, lockdown, signatures: four refusals, one line each" "$(cat "$tmp/nonroot.err")"
	fi
fi

# make bench SIDE=host-kernel goes there; another SIDE is refused.
env SIDE=host-kernel SYNCLAB_HOST_KDIR="$tmp/no-headers" BENCH_OUT="$tmp/out-side" \
	"$top/tools/bench/run.sh" >/dev/null 2>"$tmp/side.err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q 'make bench SIDE=host-kernel: refused: no headers' "$tmp/side.err" &&
	[ ! -e "$tmp/out-side" ]; then
	result OK "tools/bench/run.sh with SIDE=host-kernel runs host-kernel.sh"
else
	result FAIL "tools/bench/run.sh with SIDE=host-kernel runs host-kernel.sh" "$(cat "$tmp/side.err")"
fi
env SIDE=guest BENCH_OUT="$tmp/out-bogus" "$top/tools/bench/run.sh" >/dev/null 2>"$tmp/bogus.err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q "SIDE must be vm (default) or host-kernel, not 'guest'" "$tmp/bogus.err" &&
	[ ! -e "$tmp/out-bogus" ]; then
	result OK "SIDE=guest: refused in one line before anything runs"
else
	result FAIL "SIDE=guest: refused in one line before anything runs" "$(cat "$tmp/bogus.err")"
fi

if [ "$nomod" -eq 1 ]; then
	if grep -q "refused: the running kernel $(uname -r) loads no modules" "$tmp/headers.err"; then
		result OK "a kernel without module support: refused"
	else
		result FAIL "a kernel without module support: refused" "$(cat "$tmp/headers.err")"
	fi
else
	result SKIP "a kernel without module support: refused" "this kernel loads modules"
fi

# This machine as it is, no override: its kernel's headers, if missing.
rel=$(uname -r)
if [ -f "/lib/modules/$rel/build/Makefile" ]; then
	result SKIP "the running kernel's own headers missing: refused" "$rel has its headers here (the test loads nothing)"
else
	env BENCH_OUT="$tmp/out-real" "$script" >/dev/null 2>"$tmp/real.err"
	rc=$?
	if [ "$rc" -eq 1 ] && grep -q "no headers for the running kernel $rel: /lib/modules/$rel/build is missing" "$tmp/real.err" &&
		[ ! -e "$tmp/out-real" ]; then
		result OK "the running kernel's own headers missing ($rel): refused"
	else
		result FAIL "the running kernel's own headers missing ($rel): refused" "$(cat "$tmp/real.err")"
	fi
fi
[ "$(loaded)" = "$loaded_before" ] ||
	echo "# a synclab module appeared in /proc/modules during the test"
