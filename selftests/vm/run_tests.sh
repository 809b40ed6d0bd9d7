#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run_tests.sh [TEST...]: run the VM selftests inside the guest. Each
# test's KTAP goes to the console and to /out/TEST.tap, which the VM runner
# brings back to the host. Without arguments runs every *_test, with
# module_test (which unloads and reloads the module) last.
# Each program's end line says how long it ran (the guest's uptime), so
# that a slow one shows in the console.
# Exit status: 0 when every test program exited 0.
cd /selftests || exit 1
uptime_s() { cut -d' ' -f1 /proc/uptime; }
if [ $# -eq 0 ]; then
	set -- $(ls | grep '_test$' | grep -vx module_test)
	[ -x module_test ] && set -- "$@" module_test
fi
rc=0
for t in "$@"; do
	echo "synclab-vm: running $t"
	t0=$(uptime_s)
	{ ./"$t" 2>&1; echo $? >/tmp/rc.$t; } | tee /out/"$t".tap
	trc=$(cat /tmp/rc.$t)
	echo "synclab-vm: $t exited $trc after $(awk -v a="$t0" -v b="$(uptime_s)" \
		'BEGIN { printf "%.1f", b - a }') s"
	[ "$trc" -eq 0 ] || rc=1
done
exit $rc
