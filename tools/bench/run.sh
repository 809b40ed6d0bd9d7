#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: `make bench`, the side-by-side benchmark.
#
#   1. build what is missing: the static guest CLI, the stock module, the
#      kernel's refscale out of tree (tools/bench/refscale.sh), the stock
#      initramfs carrying them and the matrix, the host CLI with its peers
#      (DPDK rte_lpm and rte_fib, Concurrency Kit ck_ring);
#   2. boot Debian's stock kernel once (tsc=reliable: a clock read costs
#      ~70 ns instead of ~300-800 ns on HPET) and run in it, through
#      synclab-bench-guest (tools/bench/guest.sh), the matrix's k points on
#      the kernel side, refscale, and the v points on the user side;
#   3. run the matrix's h points on the host with the host CLI, then its
#      q points with the host CLI built over liburcu's qsbr flavor;
#   4. boot again (at most BENCH_ROUNDS times) for the VM-side runs that
#      the host's load disturbed, and keep the clean reruns; run once more
#      the host's runs that stayed disturbed through their retries;
#   5. write results/DATE/bench.jsonl, then `synclab report` on it.
#
# Host load. QEMU's TCG needs the host's CPUs: another process taking one
# can slow a guest's spinlock a hundredfold. The guest cannot see that, so
# this script watches the console live: at each "synclab-bench: begin/end
# POINT REPEAT ATTEMPT" marker it samples /proc/stat and QEMU's
# /proc/PID/stat, and the CPU time used by everything but QEMU over the
# run, in percent of one CPU, becomes the line's "host_other_cpu_pct".
# Above BENCH_DISTURBED_PCT (20) the line is flagged "disturbed" and its
# run made again in a follow-up boot (synclab bench --points), which
# replaces it when the rerun comes back clean; otherwise the flag stays.
# The host side measures its own load the same way and retries in
# process; `synclab bench` itself retries runs whose cross-CPU round trip
# (rtt_ns) was in the slow mode, and their lines keep "rtt_slow".
#
# Time. The job keeps to BENCH_BUDGET_S (800 s, QUICK 170 s, from its
# start) even when other processes slow it down: the VM and the host get
# shares of it in proportion to their runs, and a side that falls behind
# runs its remaining points once each, without retries (synclab bench
# --budget-s: fewer repeats, never fewer points); reruns of disturbed runs
# take only what time is left, and whatever is not rerun keeps its flag.
#
# Environment: SIDE=host-kernel (the host's own kernel instead of a VM:
# tools/bench/host-kernel.sh), QUICK=1 (the points marked quick, 1 run each), REPEAT=N
# (runs per point; default 3, QUICK 1), BENCH_DISTURBED_PCT, BENCH_ROUNDS
# (follow-up boots, default 2), BENCH_BUDGET_S, BENCH_MATRIX (default
# tools/bench/matrix), BENCH_OUT (default results/DATE).
#
# Exit status: 0 when every run and the report went through; 1 when a
# build, a VM boot, a run or the report failed (said on the last lines;
# results that are not complete are kept as bench.jsonl.partial).
set -uo pipefail

# The whole script is one block: bash reads it all before running it, so
# editing the file meanwhile cannot change a run in progress.
{
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

# SIDE=host-kernel: the machine's own kernel, no VM (tools/bench/host-kernel.sh)
case "${SIDE:-vm}" in
vm) ;;
host-kernel) exec tools/bench/host-kernel.sh ;;
*) echo "make bench: SIDE must be vm (default) or host-kernel, not '$SIDE'" >&2; exit 1 ;;
esac

quick=${QUICK:-}
[ "$quick" = 0 ] && quick=
repeat=${REPEAT:-}
[ -n "$repeat" ] || repeat=$([ -n "$quick" ] && echo 1 || echo 3)
limit=${BENCH_DISTURBED_PCT:-20}
rounds=${BENCH_ROUNDS:-2}
budget=${BENCH_BUDGET_S:-$([ -n "$quick" ] && echo 170 || echo 800)}
matrix=${BENCH_MATRIX:-tools/bench/matrix}
stamp=$(date +%Y-%m-%d-%H%M%S)
out=${BENCH_OUT:-results/$stamp}
raw=$out/raw
host_cli=build/host-bin/synclab
# the same over liburcu's qsbr flavor, for the matrix's q points
qsbr_cli=build/host-bin/synclab-qsbr
quickflag=${quick:+--quick}
tck=$(getconf CLK_TCK)
start=$SECONDS
failed=

case "$repeat" in
'' | *[!0-9]* | 0) echo "make bench: REPEAT must be a number >= 1" >&2; exit 1 ;;
esac

say() {
	printf '[bench %2dm%02ds] %s\n' $(((SECONDS - start) / 60)) \
		$(((SECONDS - start) % 60)) "$*"
}

fail() {
	say "FAILED: $*" >&2
	failed=1
}

mkdir -p "$raw" || exit 1

# ---- 1. build ----------------------------------------------------------------

say "building: guest CLI, stock module, refscale, initramfs, host CLI (log: $raw/build.log)"
if ! { make -s user host-cli && make -s initramfs FLAVOR=stock; } >"$raw/build.log" 2>&1; then
	grep -v 'Skipping BTF' "$raw/build.log" | tail -n 25 | sed 's/^/    /' >&2
	fail "the build failed (log: $raw/build.log)"
	exit 1
fi

# The guest's vCPUs: the host's CPUs, at most SMP_MAX (tools/vm/run.sh),
# or SMP. The matrix's thread counts follow the CPUs where a point runs
# (tools/cli/bench_cpus.c): the k and v points are listed for the guest's,
# the h points for the host's.
host_cpus=$(nproc)
vcpus=${SMP:-$((host_cpus < ${SMP_MAX:-64} ? host_cpus : ${SMP_MAX:-64}))}

# The points, checked: every one must parse and be a workload the engine
# takes (the host CLI has every peer but ptr_ring, a kernel one).
for where in vm host; do
	cpus=$([ "$where" = vm ] && echo "$vcpus" || echo "$host_cpus")
	if ! SYNCLAB_MATRIX_CPUS=$cpus "$host_cli" bench --matrix "$matrix" --side user --list \
		>"$raw/points-$where" 2>"$raw/points.err"; then
		sed 's/^/    /' "$raw/points.err" >&2
		fail "the matrix $matrix has invalid points (at $cpus CPUs)"
		exit 1
	fi
done

# Per point: sides, and the nominal seconds of one run (warm-up + window +
# ~0.1 s of set-up), for the time left and the sides' shares. A point
# that stops after --ops operations has no warm-up and its --duration-ms
# as a cap, not its length (litmus: 60 s, where 100,000 iterations take
# 20-50 ms): it counts as at most 300 ms. Those caps made 16 litmus
# points 90% of every side's nominal time, so early estimates of the time
# left ran high and the qsbr process's share fell to its floor. rte_lpm's
# set-up is not small: a linear rule search per insertion, about 10 us a
# prefix at 100k (a second a run).
declare -A nominal
n_k=0 n_v=0 n_h=0 n_q=0 total_nom=0 nom_k=0 nom_v=0 nom_h=0 nom_q=0
x_k=0 x_v=0 x_h=0 x_q=0
for where in vm host; do
	while read -r idx sides rest; do
		case "$rest" in quick*) q=1 ;; *) q= ;; esac
		[ -n "$quick" ] && [ -z "$q" ] && continue
		ms=$(awk '{ w = 200; d = 1000; k = 0; lpm = 0; ops = 0
			for (i = 1; i < NF; i++) {
				if ($i == "--warmup-ms") w = $(i + 1)
				if ($i == "--duration-ms") d = $(i + 1)
				if ($i == "--keys") k = $(i + 1)
				if ($i == "--ops") ops = 1
				if ($i == "--mode" && $(i + 1) == "rte_lpm") lpm = 1
			}
			if (ops) { w = 0; if (d > 300) d = 300 }
			print w + d + 100 + lpm * int(k / 100) }' <<<"$rest")
		nominal[$where:$idx]=$ms
		# runs a repeat: N on a "quick xN" line, but for QUICK=1
		x=1
		[ -z "$quick" ] && [[ $rest =~ ^quick\ +x([0-9]+) ]] && x=${BASH_REMATCH[1]}
		if [ "$where" = vm ]; then
			case "$sides" in *k*) n_k=$((n_k + 1)) x_k=$((x_k + x)) nom_k=$((nom_k + ms * x * repeat)) ;; esac
			case "$sides" in *v*) n_v=$((n_v + 1)) x_v=$((x_v + x)) nom_v=$((nom_v + ms * x * repeat)) ;; esac
		else
			case "$sides" in *h*) n_h=$((n_h + 1)) x_h=$((x_h + x)) nom_h=$((nom_h + ms * x * repeat)) ;; esac
			case "$sides" in *q*) n_q=$((n_q + 1)) x_q=$((x_q + x)) nom_q=$((nom_q + ms * x * repeat)) ;; esac
		fi
	done <"$raw/points-$where"
done
# one refscale experiment (an insmod, 1M loops, an rmmod), in ms. guest.sh
# runs refscale_per_repeat a repeat of each mode (boot() tells it), each
# beside a run of the engine's point (50 ms + 300 ms + the rest): the
# matrix counts one of those a repeat, refscale_nom the others.
refscale_per_repeat=3
refscale_pairs=$((refscale_per_repeat * repeat))
refscale_nom=$((300 + 400 * (refscale_per_repeat - 1) / refscale_per_repeat))
total_nom=$((nom_k + nom_v + nom_h + nom_q + 2 * refscale_pairs * refscale_nom))
# seconds kept back from the sides' shares: a boot, the report
reserve=$([ -n "$quick" ] && echo 25 || echo 60)
total_runs=$(((x_k + x_v + x_h + x_q) * repeat + 2 * refscale_pairs))
done_runs=0 done_nom=0 t_runs=
# More CPUs, more points: say up front when the repeats cannot all fit.
if [ $((total_nom / 1000 + reserve)) -gt "$budget" ]; then
	say "the matrix at $vcpus guest and $host_cpus host CPUs: $((n_k + n_v + n_h + n_q)) point runs x$repeat need ~$((total_nom / 1000 + reserve))s of windows, over the budget of ${budget}s: points run once where the repeats do not fit (BENCH_BUDGET_S=$((total_nom / 1000 * 12 / 10 + reserve)) runs them all)"
fi

# ---- progress -------------------------------------------------------------------

# One run finished: its nominal ms ($1) counts toward the time left, which
# the budget caps (total_nom counts the repeats the budget may drop).
tick() {
	local eta=0 el cap

	done_runs=$((done_runs + 1))
	done_nom=$((done_nom + $1))
	[ -n "$t_runs" ] || t_runs=$SECONDS
	el=$((SECONDS - t_runs))
	[ "$done_nom" -gt 0 ] && [ "$total_nom" -gt "$done_nom" ] &&
		eta=$((el * (total_nom - done_nom) / done_nom))
	cap=$((budget - (SECONDS - start)))
	[ "$eta" -gt "$cap" ] && eta=$((cap > 0 ? cap : 0))
	left="$done_runs/$total_runs, ~$((eta / 60))m$(printf %02d $((eta % 60)))s left"
}

# A progress line of `synclab bench` ("[bench SIDE d/n] point P repeat
# r/R: what, rate, ~time left"), shown with the whole job's count.
progress() {
	local re='^\[bench ([^ ]+) ([0-9]+)/([0-9]+)\] point ([0-9]+) (.*), ~[0-9]+m[0-9]+s left$'

	if [[ $1 =~ $re ]]; then
		w=vm
		[ "${BASH_REMATCH[1]}" = user-host ] && w=host
		tick "${nominal[$w:${BASH_REMATCH[4]}]:-300}"
		say "$left | ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}/${BASH_REMATCH[3]}: point ${BASH_REMATCH[4]} ${BASH_REMATCH[5]}"
	else
		say "$1"
	fi
}

# ---- host load around each VM-side run --------------------------------------

# The parent of process $1.
ppid_of() {
	local s

	read -r s 2>/dev/null <"/proc/$1/stat" || return 1
	s=${s##*") "}
	set -- $s
	echo "$2"
}

# The QEMU process below process $1 (run.sh -> timeout -> qemu).
find_qemu() {
	local p pid a comm

	for p in /proc/[0-9]*; do
		read -r comm 2>/dev/null <"$p/comm" || continue
		[ "$comm" = qemu-system-x86 ] || continue
		pid=${p#/proc/}
		a=$pid
		while [ "${a:-1}" -gt 1 ]; do
			a=$(ppid_of "$a") || break
			[ "$a" = "$1" ] && { echo "$pid"; return 0; }
		done
	done
	return 1
}

# CPU ticks of the whole machine (busy) and of QEMU, and the time in us.
sample() {
	local u n s irq sirq st q

	read -r _ u n s _ _ irq sirq st _ </proc/stat
	s_busy=$((u + n + s + irq + sirq + st))
	s_qemu=0
	if [ -n "$qpid" ] && read -r q 2>/dev/null <"/proc/$qpid/stat"; then
		q=${q##*") "}
		set -- $q
		s_qemu=$((${12} + ${13}))
	fi
	s_us=${EPOCHREALTIME/./}
}

# Reads run.sh's filtered console; $1: run.sh's pid, $2: the loads file.
watch_vm() {
	local vmpid=$1 loads=$2 line phase=kernel key b_busy b_qemu b_us pct

	qpid=
	while IFS= read -r line; do
		case "$line" in
		"synclab-bench: phase "*)
			phase=${line#synclab-bench: phase }
			;;
		"synclab-bench: begin "*)
			[ -n "$qpid" ] || qpid=$(find_qemu "$vmpid") || qpid=
			sample
			b_busy=$s_busy b_qemu=$s_qemu b_us=$s_us
			key=${line#synclab-bench: begin }
			;;
		"synclab-bench: end "*)
			sample
			[ "${line#synclab-bench: end }" = "$key" ] || continue
			[ -n "$qpid" ] || continue
			# other = busy - QEMU, in percent of one CPU, 0.1 steps
			pct=$(( (s_busy - b_busy - (s_qemu - b_qemu)) * 1000000000 /
				(tck * (s_us - b_us > 0 ? s_us - b_us : 1)) ))
			[ "$pct" -lt 0 ] && pct=0
			echo "$phase $key $((pct / 10)).$((pct % 10))" >>"$loads"
			if [ "$phase" = refscale ]; then
				tick "$refscale_nom"
				say "$left | refscale ${key%% *}: done"
			fi
			;;
		"[bench "*)
			progress "$line"
			;;
		"synclab-vm: exit status"* | "synclab-vm: kernel"*) ;;
		*)
			say "  $line"
			;;
		esac
	done
}

# boot NAME ARGS...: one VM boot running synclab-bench-guest ARGS; its /out
# lands in $raw/NAME/. Returns run.sh's status.
boot() {
	local name=$1 vmfd vmpid rc timeout

	shift
	# generous: three times the nominal time of everything, plus boots
	timeout=$((total_nom * 3 / 1000 + 300))
	exec {vmfd}< <(exec tools/vm/run.sh --flavor stock --append tsc=reliable --smp "$vcpus" \
		--out "$raw/$name" --timeout "$timeout" \
		--filter '^(synclab-bench: |\[bench |synclab-vm: |synclab: |vm: )' \
		synclab-bench-guest --refscale-per-repeat "$refscale_per_repeat" "$@" 2>&1)
	vmpid=$!
	watch_vm "$vmpid" "$raw/$name.loads" <&"$vmfd"
	wait "$vmpid"
	rc=$?
	exec {vmfd}<&-
	return $rc
}

# host_run OUT ARGS...: the host CLI on the matrix (ARGS: its options),
# JSON lines to OUT, progress shown. Returns its status. $cli, when set,
# is the CLI to run instead (the qsbr build).
host_run() {
	local out=$1 hfd hpid line rc

	shift
	exec {hfd}< <(exec "${cli:-$host_cli}" bench --matrix "$matrix" --side user \
		"$@" 2>&1 >"$out")
	hpid=$!
	while IFS= read -r line; do
		case "$line" in
		"synclab-bench: "*) ;;
		"[bench "*) progress "$line" ;;
		*) say "  $line" ;;
		esac
	done <&"$hfd"
	wait "$hpid"
	rc=$?
	exec {hfd}<&-
	return $rc
}

# annotate NAME: the VM's lines of boot NAME, with the host's load.
annotate() {
	local f

	touch "$raw/$1.loads"
	for f in kernel refscale user; do
		[ -f "$raw/$1/$f.jsonl" ] || continue
		"$host_cli" jsonl annotate --loads "$raw/$1.loads" --limit "$limit" \
			"$raw/$1/$f.jsonl" || return 1
	done
}

# ---- the host's load before the start ----------------------------------------

# Percent of one CPU the machine's processes use over $1 seconds (none of
# ours runs now), one decimal.
host_busy() {
	local b0 t0

	qpid=
	sample
	b0=$s_busy t0=$s_us
	sleep "$1"
	sample
	pct=$(((s_busy - b0) * 1000000000 / (tck * (s_us - t0))))
	echo "$((pct / 10)).$((pct % 10))"
}

wait_s=${BENCH_WAIT_S:-$([ -n "$quick" ] && echo 15 || echo 60)}
busy=$(host_busy 2)
waited=0
while [ "${busy%.*}" -gt "$limit" ] && [ "$waited" -lt "$wait_s" ]; do
	say "the host is busy: other processes use $busy% of a CPU; waiting for it to calm down ($waited/${wait_s}s)"
	busy=$(host_busy 5)
	waited=$((waited + 5))
done
if [ "${busy%.*}" -gt "$limit" ]; then
	say "WARNING: the host stays busy ($busy% of a CPU used by others): VM-side runs will be flagged disturbed and rerun as time allows, and everything takes longer than usual"
else
	say "host load before the start: $busy% of a CPU used by other processes"
fi

# ---- 2. the VM ---------------------------------------------------------------

# KVM or TCG, probed once for the whole job (tools/vm/accel.sh): every
# boot below gets the same answer, and its result lines say which.
if ! accel=$(tools/vm/accel.sh 2>"$raw/accel.txt"); then
	sed 's/^/    /' "$raw/accel.txt" >&2
	fail "no accelerator for the VM"
	exit 1
fi
[ -s "$raw/accel.txt" ] && say "$(sed 's/^vm: //' "$raw/accel.txt")"
export SYNCLAB_ACCEL=$accel
say "VM (stock kernel, $accel): kernel side $n_k points, refscale, user side $n_v points, x$repeat runs"
t0=$SECONDS
avail=$((budget - (SECONDS - start) - reserve))
vm_budget=$((avail * (nom_k + nom_v + 2 * refscale_pairs * refscale_nom) / total_nom))
[ "$vm_budget" -lt 30 ] && vm_budget=30
boot vm0 --repeat "$repeat" $quickflag --budget-s "$vm_budget" \
	--kernel-share $((nom_k * 100 / (nom_k + nom_v > 0 ? nom_k + nom_v : 1)))
vmrc=$?
# wall time of one VM-side run, boot included, in ms: for the reruns
vm_run_ms=$(((SECONDS - t0) * 1000 / ((x_k + x_v) * repeat + 2 * refscale_pairs)))
annotate vm0 >"$raw/vm.jsonl" || fail "synclab jsonl annotate failed on the VM's lines"
if [ "$vmrc" -ne 0 ]; then
	fail "the VM run failed (exit $vmrc; console: $raw/vm0/console.log)"
	[ -s "$raw/vm.jsonl" ] ||
		{ say "no results written (the runs' logs are in $raw)"; exit 1; }
fi

# ---- 3. the host ---------------------------------------------------------------

say "host: $n_h points, x$repeat runs (host CLI with DPDK rte_lpm, rte_fib, ck_ring)"
host_budget=$((budget - (SECONDS - start) - reserve))
# the q points' share, kept for them
qsbr_budget=$((n_q ? host_budget * nom_q / (nom_h + nom_q) : 0))
host_budget=$((host_budget - qsbr_budget))
[ "$host_budget" -lt 20 ] && host_budget=20
host_run "$raw/host.jsonl" --repeat "$repeat" $quickflag --budget-s "$host_budget"
hostrc=$?
[ "$hostrc" -eq 0 ] || fail "the host side failed (exit $hostrc)"

# ---- 3b. the host, qsbr build ----------------------------------------------------

# The q points: route's readers with no read-side section per lookup, in
# the same process as the peers they are compared with (its own rounds).
: >"$raw/host-qsbr.jsonl"
if [ "$n_q" -gt 0 ] && [ -z "$failed" ]; then
	say "host, qsbr build: $n_q points, x$repeat runs (synclab-qsbr, peers beside it in the same process)"
	# Its set-up (a 100k table, rte_lpm's load) outweighs its windows: a
	# round of its x3 line took 13 s on a quiet host and 30 s in a whole
	# make bench, and the engine starts another only while 1.5 times the
	# first round's time is left. 45 s fit one round; 80 s fit at least
	# two (in the next make bench, on a quieter host, all three: 9 pairs
	# of each headline ratio).
	[ "$qsbr_budget" -lt 80 ] && qsbr_budget=80
	cli=$qsbr_cli host_run "$raw/host-qsbr.jsonl" --repeat "$repeat" $quickflag \
		--budget-s "$qsbr_budget"
	hostrc=$?
	[ "$hostrc" -eq 0 ] || fail "the host's qsbr build failed (exit $hostrc)"
fi

# ---- 4. reruns of disturbed VM-side runs --------------------------------------------

round=1
while [ "$round" -le "$rounds" ] && [ -z "$failed" ]; do
	"$host_cli" jsonl disturbed "$raw/vm.jsonl" >"$raw/rerun$round.todo" ||
		{ fail "synclab jsonl disturbed failed"; break; }
	[ -s "$raw/rerun$round.todo" ] || break
	todo=$raw/rerun$round.todo
	rrep=$(awk '$3 > m { m = $3 } END { print m ? m : 1 }' "$todo")
	nruns=$(awk -v r="$rrep" '{ n += $3 ? r : 1 } END { print n }' "$todo")
	# what fits in the time left (a boot ~15 s, the report ~30 s)
	fit=$(((budget - (SECONDS - start) - 45) * 1000 / (vm_run_ms > 0 ? vm_run_ms : 1000)))
	if [ "$fit" -lt "$nruns" ]; then
		if [ "$fit" -lt 1 ]; then
			say "no time left for reruns (budget ${budget}s): $nruns disturbed VM-side runs keep their flag"
			break
		fi
		awk -v r="$rrep" -v max="$fit" '{ n = $3 ? r : 1; if (t + n > max) exit; t += n; print }' \
			"$todo" >"$todo.fit"
		[ -s "$todo.fit" ] || break
		say "time for $fit of $nruns disturbed VM-side runs (budget ${budget}s)"
		todo=$todo.fit
		nruns=$(awk -v r="$rrep" '{ n += $3 ? r : 1 } END { print n }' "$todo")
	fi
	kpts=$(awk '$1 == "kernel" { printf "%s%s", s, $2; s = "," }' "$todo")
	upts=$(awk '$1 == "user" { printf "%s%s", s, $2; s = "," }' "$todo")
	rmodes=$(awk '$1 == "refscale" { printf "%s%s", s, $2; s = "," }' "$todo")
	say "rerun $round of at most $rounds: $nruns disturbed VM-side runs (host load > $limit% of a CPU)"
	total_runs=$((total_runs + nruns))
	total_nom=$((total_nom + nruns * vm_run_ms))
	boot "rerun$round" --repeat "$rrep" --kernel "${kpts:-none}" \
		--user "${upts:-none}" --refscale "${rmodes:-none}"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "the rerun boot failed (exit $rc; console: $raw/rerun$round/console.log); the disturbed lines stay"
		break
	fi
	if ! annotate "rerun$round" >"$raw/rerun$round.jsonl"; then
		fail "synclab jsonl annotate failed on the rerun's lines"
		break
	fi
	"$host_cli" jsonl replace "$raw/rerun$round.jsonl" "$raw/vm.jsonl" \
		>"$raw/vm.jsonl.new" &&
		mv "$raw/vm.jsonl.new" "$raw/vm.jsonl"
	round=$((round + 1))
done

# The host's runs retry in process; what stayed disturbed gets one more
# go now, if there is time (host runs cost little more than their window).
if [ -z "$failed" ] && [ -s "$raw/host.jsonl" ]; then
	todo=$raw/host-rerun.todo
	"$host_cli" jsonl disturbed --phases host "$raw/host.jsonl" >"$todo" ||
		fail "synclab jsonl disturbed failed"
	if [ -s "$todo" ]; then
		hpts=$(awk '{ printf "%s%s", s, $2; s = "," }' "$todo")
		rrep=$(awk '$3 > m { m = $3 } END { print m }' "$todo")
		left_s=$((budget - (SECONDS - start) - 30))
		nruns=$(awk -v r="$rrep" '{ n += r } END { print n }' "$todo")
		if [ "$left_s" -gt 20 ]; then
			say "host: $nruns disturbed runs once more"
			total_runs=$((total_runs + nruns))
			host_run "$raw/host-rerun.jsonl" --repeat "$rrep" \
				--points "$hpts" --budget-s "$left_s"
			"$host_cli" jsonl replace "$raw/host-rerun.jsonl" \
				"$raw/host.jsonl" >"$raw/host.jsonl.new" &&
				mv "$raw/host.jsonl.new" "$raw/host.jsonl"
		fi
	fi
fi

# ---- 5. the results, the report ----------------------------------------------------

result=$out/bench.jsonl
[ -n "$failed" ] && result=$out/bench.jsonl.partial
cat "$raw/vm.jsonl" "$raw/host.jsonl" "$raw/host-qsbr.jsonl" >"$result.tmp" &&
	mv "$result.tmp" "$result"
[ -z "$failed" ] && [ -z "${BENCH_OUT:-}" ] && ln -sfn "$stamp" results/latest
lines=$(wc -l <"$result")
flagged=$(grep -c '"disturbed"' "$result")
slow=$(grep -c '"rtt_slow"' "$result")
say "$lines results in $result ($flagged still disturbed, $slow with a slow round trip)"
if [ -n "$failed" ]; then
	say "INCOMPLETE: something failed above; $result is not a complete run"
	exit 1
fi

say "report: synclab report $result"
if ! "$host_cli" report "$result"; then
	fail "synclab report failed"
	exit 1
fi
say "done in $(((SECONDS - start) / 60))m$(printf %02d $(((SECONDS - start) % 60)))s"
exit 0
}
