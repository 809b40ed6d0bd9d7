#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: everything `make check` runs, in order, with progress:
#   1. build: the debug kernel (cached), its module, the static guest
#      binaries, the sanitizer host tests; the kcsan kernel builds in the
#      background (SCHED_IDLE), through steps 2-5
#   2. lint: checkpatch --strict, kernel-doc and sparse over kmod/
#   3. host tests: userspace builds under ASan/UBSan (and TSan), scripts
#   4. the VM selftests on the debug kernel; a VM run also fails on any
#      kernel badness in its console
#   5. the debug kernel's boots of their own: the lockdep demo (lockdep
#      stops after its first report: its console must hold exactly one
#      circular-locking report and no other badness), then fault
#      injection (its scan lets the kernel's allocation-failure notices
#      through, nothing else)
#   6. the VM selftests on the kcsan kernel (its module built now)
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

# build_flavor F: F's kernel (cached, or built: it prints its progress),
# then its module and initramfs; 0 when F can boot.
build_flavor() {
	if tools/kernel.sh build "$1"; then
		step "build-$1" make -s initramfs FLAVOR="$1" && return 0
	else
		record FAIL "kernel-$1"
	fi
	return 1
}

# Only the first flavor's kernel is built up front. The others build in
# the background while the first one's stages run (lint, host tests, its
# boots): a guest under TCG leaves much of the second CPU idle, and a
# kernel takes 5-6 minutes of both. SCHED_IDLE, not nice 19: a nice 19
# build still took slices from the guest's vCPU threads, and the debug
# kernel's boots ran 2 minutes longer beside it. They start once the
# first build has unpacked the source they share; their module and
# initramfs are built when their turn comes, so that no two makes share
# the tree. setsid gives them a process group of their own, which
# the EXIT trap stops if check.sh ends first. A session of its own is
# also an autogroup of its own (kernel.sched_autogroup_enabled, on in
# Debian's kernels), and the scheduler shares the CPUs between groups
# before it looks at their tasks' policies: at the autogroup's default
# nice 0 the idle-priority build took half the CPUs from check.sh's
# host tests and guests (the host tests, two at a time, took as long
# as one at a time). Its autogroup at nice 19 leaves it the idle time.
read -r first later <<<"$flavors"
bg_pid=
say "build: the $first kernel, modules, userspace, tests"
build_flavor "$first" && ok_first=1 || ok_first=
if [ -n "$later" ]; then
	echo "  kernels building in the background: $later (logs: $out/kernel-*.log)"
	# shellcheck disable=SC2016 # $1 and $2 are the inner shell's
	setsid bash -c 'echo 19 2>/dev/null >/proc/self/autogroup
	for f in $1; do
		chrt --idle 0 tools/kernel.sh build "$f" >"$2/kernel-$f.log" 2>&1 || exit 1
	done' bash "$later" "$out" &
	bg_pid=$!
	trap '[ -n "$bg_pid" ] && kill -- -"$bg_pid" 2>/dev/null' EXIT
fi
# All CPUs: the kcsan kernel's idle-priority build has until the debug
# kernel's boots end, and finishes within them.
step build-host-tests make -s -j"$(nproc)" host-tests

say "lint: checkpatch --strict, kernel-doc, sparse"
tools/lint.sh >"$out/lint.tap" 2>&1
show_results lint <"$out/lint.tap"
grep -q '^not ok' "$out/lint.tap" && grep '^#' "$out/lint.tap" | head -n 30

say "host tests (ASan+UBSan, TSan)"
export ASAN_OPTIONS=abort_on_error=0:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
# The compiled test programs run as many at a time as there are CPUs:
# each test sets its own timeout, none measures time, and none shares a
# file with another. The scripts (they build, boot a probe VM, install
# with DKMS) run one at a time after them.
declare -A host_running=()
host_done() {
	local pid

	wait -n -p pid "${!host_running[@]}"
	show_results "${host_running[$pid]}" <"$out/host-${host_running[$pid]}.tap"
	unset "host_running[$pid]"
}
for t in build/host/* build/host-tsan/*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	case "$t" in build/host-tsan/*) name=$name-tsan ;; esac
	"$t" >"$out/host-$name.tap" 2>&1 &
	host_running[$!]=$name
	[ ${#host_running[@]} -ge "$(nproc)" ] && host_done
done
while [ ${#host_running[@]} -gt 0 ]; do
	host_done
done
for t in selftests/host/*.sh; do
	[ -x "$t" ] || continue
	name=$(basename "$t" .sh)
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

# Guest memory in MB. run.sh's default, 2048, is for the benchmark; the
# selftests pass in 1024, the boots of one program each in 512 (there
# too every injected failure is clean and kmemleak finds no leak). A
# smaller guest boots faster (fewer struct pages to set up, a smaller
# KASAN shadow), and kmemleak's scans, which walk every struct page, take
# less than half the time. The fault-injection boot, back to back on one
# machine: 6m15s at 512 MB, 8m09s at 2048 (boot 22 s against 30, the
# leak scan 36 s against 83).
mem_tests=1024
mem_small=512

# extra_boots F: the boots of F's own after its selftests (demos, faults).
extra_boots() {
	case $1 in
	debug)
		# The demo provokes lockdep's report on purpose, and lockdep turns
		# itself off after a report: it gets its own boot, the module loaded
		# with the parameter that allows it, and a scan expecting that report.
		say "lockdep demo on the debug kernel, a boot of its own"
		vm_boot debug-demo "one circular-locking report, no other badness" \
			--flavor debug --noload --mem "$mem_small" \
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
			--flavor debug --mem "$mem_small" \
			--allow-splat "$alloc_notices" \
			'/selftests/run_tests.sh fault_inject'
		;;
	kcsan)
		# The counter demo provokes KCSAN's report on purpose: racy without
		# its data_race() annotation (counter_racy_plain=1, at load only).
		# One race, but possibly more than one report of it: KCSAN limits
		# its reports per pair of racing code addresses (badness.sh).
		say "KCSAN demo on the kcsan kernel, a boot of its own"
		vm_boot kcsan-demo "data-race reports in counter_add only, no other badness" \
			--flavor kcsan --noload --mem "$mem_small" \
			--expect-splats 'BUG: KCSAN: data-race in counter_add' \
			'insmod /lib/modules/synclab.ko counter_racy_plain=1 && /selftests/run_tests.sh counter_demo'
		;;
	esac
}

# Each flavor in turn: its selftests, then its own boots. A later
# flavor's kernel was building meanwhile: wait for it (kernel.sh's lock
# would also make its build below wait), and show how its build ended.
for f in $flavors; do
	if [ "$f" = "$first" ]; then
		[ -n "$ok_first" ] || continue
	else
		if [ -n "$bg_pid" ]; then
			say "waiting for the background kernel builds"
			wait "$bg_pid"
			bg_pid=
		fi
		# Its last line says how it ended; a failed one fails again
		# below, in the open, with its error.
		tail -n 1 "$out/kernel-$f.log" 2>/dev/null
		build_flavor "$f" || continue
	fi
	say "VM selftests on the $f kernel (TCG; boots in ~15 s)"
	# fuzz_test is the longest program of a boot: its 100,000 calls took
	# about 5 of the debug kernel's 14 minutes of selftests, 50,000 174 s
	# of 13: a quarter of them, on both kernels, for a cold check under
	# 40 minutes. Each check draws a new seed, so the calls add up over
	# runs (SYNCLAB_FUZZ_CALLS=N in a boot of your own runs more).
	calls=25000
	# The forbidden litmus outcomes: a million runs each on the debug
	# kernel, where they are the verdict; the kcsan kernel's boot is for
	# KCSAN's reports, which the same code gives in a quarter of the runs
	# (saving a minute at the end of the check, where nothing else runs).
	litmus=1000000
	[ "$f" = kcsan ] && litmus=250000
	vm_boot "$f" "console free of kernel badness" --flavor "$f" --mem "$mem_tests" \
		"SYNCLAB_FUZZ_CALLS=$calls SYNCLAB_LITMUS_FORBIDDEN=$litmus /selftests/run_tests.sh"
	extra_boots "$f"
done

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
