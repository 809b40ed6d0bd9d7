#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: everything `make check` runs, in order, with progress:
#   1. build: the debug and kcsan kernels (cached), the module for each,
#      the static guest binaries, the sanitizer host tests
#   2. lint: checkpatch --strict, kernel-doc and sparse over kmod/
#   3. host tests: userspace builds under ASan/UBSan (and TSan), scripts
#   4. the VM selftests on the debug kernel, then on the kcsan kernel; a
#      VM run also fails on any kernel badness in its console
#   5. the lockdep demo in a boot of its own on the debug kernel (lockdep
#      stops after its first report): its console must hold exactly one
#      circular-locking report and no other badness
#   6. fault injection in a boot of its own on the debug kernel: its scan
#      lets the kernel's allocation-failure notices through, nothing else
#   7. the KCSAN demo in a boot of its own on the kcsan kernel: data-race
#      reports in counter_add() (one or more, of the one race) and no
#      other badness
# and then the figures the hardening tests report (calls fuzzed, faults
# injected, reload cycles).
#
# Every stage leaves KTAP in build/check/; the last line printed is the
# total over all of it, "N passed, N failed, N skipped", and the exit
# status is non-zero when anything failed.
#
# Environment: CHECK_FLAVORS (default "debug kcsan"), VM_TIMEOUT (seconds
# per VM run, default 1800).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
out=build/check
flavors=${CHECK_FLAVORS:-debug kcsan}
vm_timeout=${VM_TIMEOUT:-1800}
rm -rf "$out"
mkdir -p "$out"
start=$SECONDS
own=$out/check.tap
own_n=0
echo "TAP version 13" >"$own"

say() {
	printf '[check %2dm%02ds] %s\n' $(((SECONDS - start) / 60)) \
		$(((SECONDS - start) % 60)) "$*"
}

# record PASS|FAIL description: a result of check.sh's own.
record() {
	own_n=$((own_n + 1))
	if [ "$1" = PASS ]; then
		echo "ok $own_n $2" >>"$own"
		echo "  ok $2"
	else
		echo "not ok $own_n $2" >>"$own"
		echo "  not ok $2"
	fi
}

# Show the result lines of a TAP stream, indented under their stage.
show_results() {
	grep --line-buffered -E '^(ok|not ok) ' | sed -u "s/^/  [$1] /"
}

# A step that only succeeds or fails; its output goes to a log, shown
# when it fails.
step() {
	local name=$1 log=$out/$1.log

	shift
	if "$@" >"$log" 2>&1; then
		record PASS "$name"
		return 0
	fi
	record FAIL "$name (log: $log)"
	tail -n 25 "$log" | sed 's/^/    /'
	return 1
}

say "build: kernels ($flavors), modules, userspace, tests"
built=
for f in $flavors; do
	# The kernel build prints its own progress.
	if tools/kernel.sh build "$f"; then
		step "build-$f" make -s initramfs FLAVOR="$f" && built="$built $f"
	else
		record FAIL "kernel-$f"
	fi
done
step build-host-tests make -s host-tests

say "lint: checkpatch --strict, kernel-doc, sparse"
tools/lint.sh >"$out/lint.tap" 2>&1
show_results lint <"$out/lint.tap"
grep -q '^not ok' "$out/lint.tap" && grep '^#' "$out/lint.tap" | head -n 30

say "host tests (ASan+UBSan, TSan)"
export ASAN_OPTIONS=abort_on_error=0:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
for t in build/host/* build/host-tsan/* selftests/host/*.sh; do
	[ -x "$t" ] || continue
	name=$(basename "$t" .sh)
	case "$t" in build/host-tsan/*) name=$name-tsan ;; esac
	"$t" >"$out/host-$name.tap" 2>&1
	show_results "$name" <"$out/host-$name.tap"
done

# vm_boot NAME CLEAN RUN.SH-ARGS...: one VM boot, two results: its test
# programs exited 0, and its console is CLEAN (what the scan allowed).
vm_boot() {
	local name=$1 clean=$2 vout=$out/vm-$1 status

	shift 2
	tools/vm/run.sh --out "$vout" --timeout "$vm_timeout" \
		--filter '^(ok|not ok|synclab-vm:|vm:)' "$@" 2>&1 |
		sed -u "s/^/  [vm-$name] /"
	status=$(cat "$vout/exit-status" 2>/dev/null || echo none)
	if [ "$status" = 0 ]; then
		record PASS "vm-$name: every test program exited 0"
	else
		record FAIL "vm-$name: test programs exited $status (console: $vout/console.log)"
	fi
	if [ -f "$vout/badness.txt" ] && [ ! -s "$vout/badness.txt" ]; then
		record PASS "vm-$name: $clean"
	else
		record FAIL "vm-$name: $clean (see $vout/badness.txt)"
	fi
}

for f in $built; do
	say "VM selftests on the $f kernel (TCG; boots in ~15 s)"
	vm_boot "$f" "console free of kernel badness" --flavor "$f" \
		/selftests/run_tests.sh
done

case " $built " in
*" debug "*)
	# The demo provokes lockdep's report on purpose, and lockdep turns
	# itself off after a report: it gets its own boot, the module loaded
	# with the parameter that allows it, and a scan expecting that report.
	say "lockdep demo on the debug kernel, a boot of its own"
	vm_boot debug-demo "one circular-locking report, no other badness" \
		--flavor debug --noload \
		--expect-splat 'possible circular locking dependency' \
		'insmod /lib/modules/synclab.ko order_allow_inverted=1 && /selftests/run_tests.sh order_demo'

	# Fault injection makes the kernel's own allocations fail too, and
	# the kernel says so ("vmalloc error"...): a boot of its own, whose
	# scan lets those notices through and nothing else. kmemleak's
	# summary is among them because the kernel's SLUB leaks on a failed
	# kmem_cache_create() (see selftests/vm/fault_inject.c): the test reads
	# every leak kmemleak found and fails on any but that one.
	alloc_notices='vmalloc error:|page allocation failure:|kmem_cache_create[a-z_]*\([a-z_]+\) failed with error|kmemleak: [0-9]+ new suspected memory leaks'
	say "fault injection on the debug kernel, a boot of its own"
	vm_boot debug-faults "no badness but the kernel's allocation-failure notices" \
		--flavor debug \
		--allow-splat "$alloc_notices" \
		'/selftests/run_tests.sh fault_inject'
	;;
esac

case " $built " in
*" kcsan "*)
	# The counter demo provokes KCSAN's report on purpose: racy without
	# its data_race() annotation (counter_racy_plain=1, at load only).
	# One race, but possibly more than one report of it: KCSAN limits
	# its reports per pair of racing code addresses (badness.sh).
	say "KCSAN demo on the kcsan kernel, a boot of its own"
	vm_boot kcsan-demo "data-race reports in counter_add only, no other badness" \
		--flavor kcsan --noload \
		--expect-splats 'BUG: KCSAN: data-race in counter_add' \
		'insmod /lib/modules/synclab.ko counter_racy_plain=1 && /selftests/run_tests.sh counter_demo'
	;;
esac

# What the hardening tests measured: calls fuzzed, faults injected...
shopt -s nullglob
figures=$(for tap in "$out"/vm-*/*.tap; do
	[ -e "$tap" ] || continue
	run=$(basename "$(dirname "$tap")")
	sed -n "s/^# figures: /  ${run#vm-}: /p" "$tap"
done)
if [ -n "$figures" ]; then
	say "figures"
	printf '%s\n' "$figures"
fi

echo "1..$own_n" >>"$own"
say "done"
tools/tap-summary.sh "$out"/*.tap "$out"/vm-*/*.tap 2>&1
