#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# report_test: `synclab report` (tools/report/), run under ASan+UBSan
# (build/host-helpers/synclab-asan), renders the recorded results of
# data/bench-sample.jsonl (kernel and user-vm lines from the stock VM,
# user-host lines, a peer, flagged runs, one sanitizer-build line, and ten
# synthetic lines at its end, each marked "fixture": a test fixture for
# the Claims section, not a measurement) into the very report recorded
# beside it (data/bench-sample.report.md, made without gnuplot; of the
# Claims section, the items of route, ring and lock: other structures'
# claims have no points here), whose claims get each verdict from the
# figures (holds, does not hold, holds in part, not measured, and not
# measured once their points are taken away), whose tables hold the right
# numbers: a kernel/user-vm ratio, a side's cross-CPU round trip and a
# median over repeats computed here from the raw lines, two modes apart by
# more than 5% but with overlapping repeats "not told apart", what readers
# keep beside a writer run by run and by the round trip, starvation and
# flags marked, a broken invariant announced at the top, the debug
# line kept apart from production ones, PNG and SVG plots when gnuplot is
# there and the data and script when it is not. Malformed input fails with
# the file, line and column and a non-zero exit; lines just printed by
# `synclab bench` render; the guest's static binary says the report is
# host-only. KTAP on stdout.
#
# When a change to the report's words or figures is meant, record the
# sample's report again, and say why in the commit:
#   PATH=/nonexistent build/host-bin/synclab report \
#	selftests/host/data/bench-sample.jsonl --out /tmp/r &&
#   cp /tmp/r/report.md selftests/host/data/bench-sample.report.md
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
data=$here/data/bench-sample.jsonl
cli=$top/build/host-helpers/synclab-asan
bench=$top/build/bin/synclab
[ -x "$bench" ] || bench=$cli
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan=39
n=0

echo "TAP version 13"
echo "1..$plan"
if [ ! -x "$cli" ]; then
	echo "Bail out! $cli is missing: run 'make host-tests'"
	exit 1
fi

. "$here/ktap.sh"

# check DESCRIPTION COMMAND...: one result from a command's status.
check() {
	local desc=$1

	shift
	if "$@"; then result OK "$desc"; else result FAIL "$desc"; fi
}

# The lines of report section "## TITLE..." up to the next "## ".
section() {
	awk -v h="## $2" 'index($0, h) == 1 { on = 1; print; next }
		on && /^## / { exit } on' "$1"
}

# @1 as an ERE matching it literally.
re() {
	printf '%s' "$1" | sed 's/[][\\.*^$+?(){}|/]/\\&/g'
}

# A rate as the report writes it: 3 significant digits, k/M/G, "/s".
rate() {
	awk -v v="$1" 'BEGIN { split("k M G", u, " "); i = 0
		while (v >= 999.5 && i < 3) { v /= 1000; i++ }
		if (v >= 99.95 || !i) s = sprintf("%.0f", v)
		else if (v >= 9.995) s = sprintf("%.1f", v)
		else s = sprintf("%.2f", v)
		printf "%s%s/s", s, i ? u[i] : "" }'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { r = a / b
		printf (r < 9.995 ? "%.2f×" : r < 99.95 ? "%.1f×" : "%.0f×"), r }'
}

# The sample's lines of STRUCTURE MODE SIDE with threads object THREADS
# ({"reader":2}) and, optionally, a further fixed string; production only.
lines_of() {
	grep -F "\"structure\":\"$1\",\"mode\":\"$2\",\"side\":\"$3\"" "$data" |
		grep -F "\"threads\":$4," | grep -F '"debug":[]' |
		grep -F -- "${5:-\"schema\"}"
}

# FIELD's value for the first role, e.g. ops_per_sec, thread_ops_min.
first_role() {
	sed -E "s/.*\"$1\":\\{\"[a-z]+\":([0-9]+).*/\\1/"
}

report=$tmp/s/report.md
mkdir -p "$tmp/s"
cp "$data" "$tmp/s/bench.jsonl"
"$cli" report "$tmp/s/bench.jsonl" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "the recorded sample renders (exit 0) into report.md beside it" \
	test "$rc" -eq 0 -a -s "$report"
[ -s "$tmp/err" ] && sed 's/^/# stderr: /' "$tmp/err"

check "it prints the summary table and where the report went" \
	grep -q "^| structure | side .*| fastest mode " "$tmp/out"
grep -q "^report: $tmp/s/report.md " "$tmp/out" || result FAIL "report path printed"
[ "$n" -eq 2 ] || exit 1

headings_in_order() {
	local last=0 h at

	for h in "Where it ran" "Summary" "What this run shows" "Flagged runs" \
		"route " "ring " "order " "lock " "count " \
		"Debug and sanitizer builds"; do
		at=$(grep -n "^## $h" "$report" | head -n 1 | cut -d: -f1)
		[ -n "$at" ] && [ "$at" -gt "$last" ] || { echo "# no '## $h' after line $last"; return 1; }
		last=$at
	done
}
check "sections: where, summary, findings, flags, each structure, debug" \
	headings_in_order

# the whole report as recorded, but for the path of the input; of the
# Claims section, its intro and the items (with their sub-items) of the
# structures this sample has points of
as_recorded() {
	awk '/^## / { claims = ($0 ~ /^## Claims/); print; next }
		!claims { print; next }
		/^- / { keep = ($0 ~ /^- (route|ring|lock): /) }
		/^What concurrency folklore/ || (/^(- |  - )/ && keep)' "$1" |
		sed '3s|^From `[^`]*`|From `selftests/host/data/bench-sample.jsonl`|'
}
mkdir -p "$tmp/rec"
PATH=/nonexistent "$cli" report "$data" --out "$tmp/rec" >/dev/null 2>&1
if diff -u <(as_recorded "$here/data/bench-sample.report.md") \
	<(as_recorded "$tmp/rec/report.md") >"$tmp/recdiff"; then
	result OK "the sample's report is the recorded one, word for word and figure for figure"
else
	result FAIL "the sample's report is the recorded one, word for word and figure for figure"
	head -n 40 "$tmp/recdiff" | sed 's/^/# /'
fi

# ---- claims: a verdict of each kind, computed from the sample's lines ----
# The Claims item of STRUCTURE whose sentence starts with WORDS, with its
# sub-items, from FILE.
claim_of() {	# claim_of FILE STRUCTURE WORDS
	section "$1" Claims | awk -v h="- $2: \"$3" '
		index($0, h) == 1 { on = 1; print; next }
		on && /^  - / { print; next } { on = 0 }'
}
has() {		# has TEXT FIXED-STRING: TEXT contains it, else say what it is
	if printf '%s\n' "$1" | grep -qF -- "$2"; then
		return 0
	fi
	echo "# no '$2' in:"
	printf '%s\n' "$1" | sed 's/^/#   /'
	return 1
}
# role-0 ops/s of the lines matching every fixed string given
ops_of() {
	local l

	l=$(grep -F '"debug":[]' "$data")
	for f in "$@"; do
		l=$(printf '%s\n' "$l" | grep -F -- "$f")
	done
	printf '%s\n' "$l" | first_role ops_per_sec
}

# does not hold: kernel spinlock ahead of the mutex at 4 workers on 2 CPUs
s4=$(ops_of '"structure":"lock","mode":"spinlock","side":"kernel"' '"threads":{"worker":4}')
m4=$(ops_of '"structure":"lock","mode":"mutex","side":"kernel"' '"threads":{"worker":4}')
oversub() {
	local c

	c=$(claim_of "$report" lock "Spinning with more threads")
	has "$c" "**does not hold**: does not hold on kernel; not measured on user-host." &&
	has "$c" "200 ns: $(rate "$s4") vs $(rate "$m4"), $(ratio "$s4" "$m4") (at 2 workers:"
}
check "claim 'does not hold': kernel spinlock $(rate "$s4") ahead of mutex $(rate "$m4") at 4 workers on 2 CPUs ($(ratio "$s4" "$m4"))" \
	oversub

# holds, with paired runs: Amdahl's bound at 2 workers, s = 1/5: 1.67x
mapfile -t pr < <(for r in 0 1 2; do
	a=$(ops_of '"structure":"lock","mode":"spinlock","side":"kernel"' '"cs_ns":1000,' '"threads":{"worker":1}' "\"repeat\":$r,")
	b=$(ops_of '"structure":"lock","mode":"spinlock","side":"kernel"' '"cs_ns":1000,' '"threads":{"worker":2}' "\"repeat\":$r,")
	awk -v a="$a" -v b="$b" 'BEGIN { printf "%.6f\n", b / a }'
done | sort -n)
amdahl() {
	local c

	c=$(claim_of "$report" lock "Amdahl")
	awk -v r="${pr[2]}" 'BEGIN { exit !(r <= 1 / (0.2 + 0.8 / 2)) }' || {
		echo "# the sample's speed-up ${pr[2]} is above the bound: the fixture changed"
		return 1
	}
	has "$c" '**holds**: holds on kernel; not measured on user-host.' &&
	has "$c" "s = 1.00 µs ÷ (1.00 µs + 4.00 µs think) = 0.20" &&
	has "$c" "2 workers: speed-up $(ratio "${pr[1]}" 1) ($(ratio "${pr[0]}" 1)–$(ratio "${pr[2]}" 1), 3 paired runs) against Amdahl's 1.67×"
}
check "claim 'holds': Amdahl, kernel, 2 workers: speed-up $(ratio "${pr[1]:-0}" 1) (paired, 3 runs) under the bound 1.67× for s = 1/5" \
	amdahl

# holds in part: kernel spinlock even with the mutex at 200 ns, behind at 5 µs
crossover() {
	local c k2 m2 k5 m5

	c=$(claim_of "$report" lock "Spinlocks beat mutexes")
	k2=$(ops_of '"structure":"lock","mode":"spinlock","side":"kernel"' '"threads":{"worker":2}' '"cs_ns":200,')
	m2=$(ops_of '"structure":"lock","mode":"mutex","side":"kernel"' '"threads":{"worker":2}' '"cs_ns":200,')
	k5=$(ops_of '"structure":"lock","mode":"spinlock","side":"kernel"' '"threads":{"worker":2}' '"cs_ns":5000,')
	m5=$(ops_of '"structure":"lock","mode":"mutex","side":"kernel"' '"threads":{"worker":2}' '"cs_ns":5000,')
	has "$c" '**holds in part**: holds on user-host; holds in part on kernel.' &&
	has "$c" "kernel (holds in part): 2 workers (= CPUs), spinlock vs mutex by critical section: 200 ns: $(rate "$k2") vs $(rate "$m2"), $(ratio "$k2" "$m2") (even); 5.00 µs: $(rate "$k5") vs $(rate "$m5"), $(ratio "$k5" "$m5");" &&
	has "$c" "crossover between 200 ns (spinlock last ahead) and 5.00 µs (mutex first ahead)"
}
check "claim 'holds in part': spinlock against mutex by section length, the kernel even at 200 ns" \
	crossover

# not measured: no spsc point in the sample
check "claim 'not measured': no spsc point, so the SPSC claim says what it needs" \
	has "$(claim_of "$report" ring "A lock-free SPSC")" \
	'**not measured**: it needs spsc and a locked mode'

# take the writer-flat-out points away: the claim they judged is not measured
mkdir -p "$tmp/nw"
grep -vE '"fixture":.*"structure":"route"' "$data" >"$tmp/nw/a.jsonl"
"$cli" report "$tmp/nw/a.jsonl" >/dev/null 2>"$tmp/err"
cheap() {
	has "$(claim_of "$report" route "RCU: cheap reads")" \
		'**holds**: holds on kernel; not measured on user-vm and user-host.' &&
	has "$(claim_of "$tmp/nw/report.md" route "RCU: cheap reads")" \
		'**not measured**: it needs one reader alone and beside one writer'
}
check "claim 'RCU: cheap reads, expensive writes' holds on the kernel, and without its writer points is not measured" \
	cheap

# every claim of the sample has a verdict of the four, and all four occur
verdicts() {
	local v

	section "$report" Claims | grep -E '^- ' | grep -vE '\*\*(holds|does not hold|holds in part|not measured)\*\*' &&
		{ echo "# a claim without a verdict"; return 1; }
	for v in holds "does not hold" "holds in part" "not measured"; do
		section "$report" Claims | grep -qF "**$v**" || { echo "# no claim '$v'"; return 1; }
	done
}
check "every claim has one verdict, and the sample shows all four" verdicts

# each structure's section names its machines, and the figures theirs
where_everywhere() {
	local st

	for st in route ring order lock count; do
		section "$report" "$st " | grep -q '^\*Where:\* .*kernel .*CPUs' ||
			{ echo "# $st: no Where line"; return 1; }
		if section "$report" "$st " | grep -q '^\*Where:\*.*emulated (QEMU TCG)' &&
		   ! section "$report" "$st " | grep -q '^\*Where:\*.*not with bare metal'; then
			echo "# $st: emulated without the TCG caveat"
			return 1
		fi
	done
	! grep '^\*Figure:' "$report" | grep -vqE ': .*, kernel .*, [0-9]+ CPUs, (emulated \(QEMU TCG\); timings inside TCG|not emulated)'
}
check "each structure and each figure says machine, kernel, side, and whether emulated" \
	where_everywhere

# kernel ÷ user-vm from two known lines: route rcu, 2 readers
k=$(lines_of route rcu kernel '{"reader":2}' | first_role ops_per_sec)
u=$(lines_of route rcu user-vm '{"reader":2}' | first_role ops_per_sec)
row_has() {	# row_has FILE SECTION ROW-ERE FIXED-STRING
	if section "$1" "$2" | grep -E "$3" | grep -qF -- "$4"; then
		return 0
	fi
	echo "# no '$4' in rows /$3/ of '## $2':"
	section "$1" "$2" | grep -E "$3" | sed 's/^/#   /'
	return 1
}
check "route table: kernel $(rate "$k") ÷ user-vm $(rate "$u") = $(ratio "$k" "$u") on the rcu 2-reader row" \
	row_has "$report" route \
	"^\\| .*\\| +2\\+0 +\\| rcu +\\|[^|]*$(re "$(rate "$k")")[^|]*\\|[^|]*$(re "$(rate "$u")")[^|]*\\| +$(re "$(ratio "$k" "$u")") +\\|" ""

# the kernel side's cross-CPU round trip: each run's slower probe,
# median (min-max) over the side's production lines
mapfile -t rtts < <(grep -F '"side":"kernel"' "$data" | grep -F '"debug":[]' |
	sed -E 's/.*"rtt_ns":\{"before":([0-9]+),"after":([0-9]+)\}.*/\1 \2/' |
	awk '{ print ($1 > $2 ? $1 : $2) }' | sort -n)
rtt="${rtts[${#rtts[@]} / 2]} ns (${rtts[0]}–${rtts[${#rtts[@]} - 1]})"
check "the kernel's round trip over its ${#rtts[@]} runs is $rtt in 'Where it ran'" \
	row_has "$report" "Where it ran" '^\| kernel +\|' "| $rtt"

# three repeats of user-host route rcu, 2 readers: median and range
mapfile -t reps < <(lines_of route rcu user-host '{"reader":2}' '"repeat"' |
	first_role ops_per_sec | sort -n)
med=$(rate "${reps[1]:-0}")
lo=$(rate "${reps[0]:-0}")
hi=$(rate "${reps[2]:-0}")
check "three repeats give the median $med with the range ${lo%/s}–${hi%/s}" \
	row_has "$report" route '^\| .*\| +2\+0 +\| rcu +\|' \
	"$med** (${lo%/s}–${hi%/s})"

# starvation: a thread did more than twice another
mn=$(lines_of lock mutex kernel '{"worker":2}' '"cs_ns":5000' | first_role thread_ops_min)
mx=$(lines_of lock mutex kernel '{"worker":2}' '"cs_ns":5000' | first_role thread_ops_max)
check "lock mutex kernel, cs 5 µs: $mn vs $mx ops per thread ($(ratio "$mx" "$mn")) is flagged starved" \
	row_has "$report" lock '^\| 5\.00 µs .*\| mutex +\| kernel ' \
	"($(ratio "$mx" "$mn")) | **starved**"
mn=$(lines_of route rcu kernel '{"reader":2}' | first_role thread_ops_min)
mx=$(lines_of route rcu kernel '{"reader":2}' | first_role thread_ops_max)
check "route rcu kernel, 2 readers: $mn vs $mx ops per thread ($(ratio "$mx" "$mn")) is not" \
	row_has "$report" route '^\| .*\| 2\+0 +\| rcu +\| kernel .*\| no +\|$' \
	"($(ratio "$mx" "$mn")) |"

# a flagged run: marked in its table and listed with its line number
ln=$(grep -nF '"structure":"ring","mode":"spinlock","side":"kernel"' "$data" |
	grep -F '"batch":1,' | grep -F '"rtt_slow"' | head -n 1 | cut -d: -f1)
check "the rtt_slow ring line (${ln:-none}) is marked † in the ring table" \
	row_has "$report" ring '^\| 1 +\| +1\+1 +\| spinlock ' " † |"
check "and listed under Flagged runs with its line number" \
	row_has "$report" 'Flagged runs' \
	"^\\| ring +\\| spinlock, .*batch 1 +\\| kernel +\\| † rtt_slow \\(1 of 1\\) +\\| ${ln:-none} +\\|\$" ""
check "the findings count the flagged runs" \
	row_has "$report" 'What this run shows' '^- [0-9]+ of [0-9]+ runs were flagged' \
	"their figures carry the mark"

# the sanitizer-build line stays out of every production table
dbg=$(grep -F '"debug":["asan"]' "$data" | head -n 1 | first_role ops_per_sec)
check "the asan line ($(rate "$dbg")) is in the debug section" \
	row_has "$report" 'Debug and sanitizer builds' '^\| route .*\| asan +\|' \
	"$(rate "$dbg")"
nowhere_else() {
	! sed -n '/^## Debug and sanitizer/q;p' "$report" | grep -F -- "$1"
}
check "and nowhere else: not in route's tables, the summary or the findings" \
	nowhere_else "$(rate "$dbg")"
check "the debug build is named as such where the machines are listed" \
	row_has "$report" 'Where it ran' '^\| user-host ' '| **debug: asan** |'

# the peer: ptr_ring beside the ring spinlock row of the kernel side
p=$(lines_of ring ptr_ring kernel '{"producer":1,"consumer":1}' | first_role ops_per_sec)
o=$(lines_of ring spinlock kernel '{"producer":1,"consumer":1}' '"batch":1,' | first_role ops_per_sec)
check "ptr_ring ($(rate "$p")) stands beside ring spinlock: own ÷ peer $(ratio "$o" "$p")" \
	row_has "$report" ring '^\| 1 +\| +1\+1 +\| spinlock ' \
	"ptr_ring (peer) kernel $(rate "$p"): $(ratio "$o" "$p")"

# peers the sample lacks, made from its lines the way their runners print
# them: DPDK's rte_lpm on the host (mem_bytes: 41.5 bytes for each of its
# 10000 prefixes) and a refscale figure of the kernel's spinlock (label
# "refscale", peer true, seed 0: it draws nothing from the engine)
mkdir -p "$tmp/peer"
{
	cat "$data"
	lines_of route rcu user-host '{"reader":2}' '"repeat":0,' |
		sed -e 's/"mode":"rcu"/"mode":"rte_lpm"/; s/"peer":false/"peer":true/' \
		    -e 's/"workload":{"structure":0,"mode":0/"workload":{"structure":0,"mode":4/' \
		    -e 's/"ops_per_sec":{"reader":[0-9]*/"ops_per_sec":{"reader":61000000/' \
		    -e 's/"debug":\[\]/"debug":[],"mem_bytes":415000/'
	lines_of lock spinlock kernel '{"worker":2}' '"cs_ns":200,' |
		sed -e 's/"peer":false/"peer":true,"label":"refscale"/' \
		    -e 's/"ops_per_sec":{"worker":[0-9]*/"ops_per_sec":{"worker":5000000/' \
		    -e 's/"seed":[0-9]*/"seed":0/'
} >"$tmp/peer/p.jsonl"
"$cli" report "$tmp/peer/p.jsonl" >/dev/null 2>"$tmp/err"
own=$(lines_of route rcu user-host '{"reader":2}' '"repeat"' | first_role ops_per_sec |
	sort -n | sed -n 2p)
host_peer() {
	local r

	r=$(ratio "$own" 61000000)
	row_has "$tmp/peer/report.md" route '^\| .*\| +2\+0 +\| rcu +\|' \
		"| rte_lpm (peer) user-host 61.0M/s: $r |" &&
	row_has "$tmp/peer/report.md" 'What this run shows' \
		"^- \\*\\*route\\*\\*, user-host, 2 readers: DPDK's rte_lpm 61\\.0M/s.* vs our rcu .*: ours at $r" \
		"41.5 bytes per prefix for rte_lpm"
}
check "a host peer (rte_lpm) stands beside route rcu, with a finding and its bytes per prefix" \
	host_peer
sp=$(lines_of lock spinlock kernel '{"worker":2}' '"cs_ns":200,' | first_role ops_per_sec)
check "a refscale line stands beside the engine's own figure for the same lock" \
	row_has "$tmp/peer/report.md" lock '^\| 200 ns +\| [^|]*\| +2 +\| spinlock ' \
	"refscale spinlock (peer) kernel 5.00M/s: $(ratio "$sp" 5000000)"

# readers beside a writer, run by run and split by the round trip: four
# repeats of the kernel's rcu reader alone (10.0M/s) and beside its writer
# (9.0M and 8.0M/s with a fast round trip, 6.0M and 7.0M/s with a slow one)
mkdir -p "$tmp/rtt"
{
	grep -vF -e "$(lines_of route rcu kernel '{"reader":1}')" \
		-e "$(lines_of route rcu kernel '{"reader":1,"writer":1}' '"think_ns":[0,0]')" \
		"$data"
	for rep in 0 1 2 3; do
		lines_of route rcu kernel '{"reader":1}' |
			sed -E -e "s/\"repeat\":0,/\"repeat\":$rep,/" \
			    -e "s/(\"ops_per_sec\":\{\"reader\":)[0-9]+/\110000000/"
	done
	for r in 0:9000000:fast 1:8000000:fast 2:6000000:slow 3:7000000:slow; do
		IFS=: read -r rep ops mode <<<"$r"
		fl='"flags":[]'
		[ "$mode" = slow ] && fl='"flags":["rtt_slow"]'
		lines_of route rcu kernel '{"reader":1,"writer":1}' '"think_ns":[0,0]' |
			sed -E -e "s/\"repeat\":0,/\"repeat\":$rep,/" \
			    -e "s/(\"ops_per_sec\":\{\"reader\":)[0-9]+/\1$ops/" \
			    -e "s/\"flags\":\[\]/$fl/"
	done
} >"$tmp/rtt/r.jsonl"
PATH=/nonexistent "$cli" report "$tmp/rtt/r.jsonl" >/dev/null 2>"$tmp/err"
check "readers beside a writer: paired runs split by the round trip (0.75×; 0.65× slow, 0.85× fast)" \
	grep -qF 'Run by run, rcu readers keep 0.75× (0.60×–0.90×, 4 paired runs): 0.65× in the 2 whose CPUs were a slow round trip apart (†), 0.85× in the 2 with a fast one.' \
	"$tmp/rtt/report.md"

# plots: PNG and SVG when gnuplot is there
if command -v gnuplot >/dev/null; then
	ok=1
	for p in route-threads-kernel lock-crossover-kernel route-writer-rate-kernel; do
		f=$tmp/s/plots/$p
		if ! [ "$(head -c 4 "$f.png" 2>/dev/null | od -An -c | tr -d ' ')" = '211PNG' ] ||
		   ! grep -q '<svg' "$f.svg" 2>/dev/null ||
		   ! grep -qF "](plots/$p.png)" "$report"; then
			echo "# $p: PNG, SVG or its link missing"
			ok=0
		fi
	done
	check "plots: threads, spinlock/mutex crossover and writer rate as PNG and SVG" \
		test "$ok" -eq 1
else
	result SKIP "plots: threads, spinlock/mutex crossover and writer rate as PNG and SVG" \
		"gnuplot is not installed"
fi

# two modes 12% apart whose repeats overlap are not told apart, neither
# leads: "(overlap)" in the summary, not "(even)", which is for 5%
mkdir -p "$tmp/ovl"
{
	lines_of route rcu user-host '{"reader":2}'
	for r in 0:40000000 1:42000000 2:45000000; do
		lines_of route rwlock user-host '{"reader":2}' "\"repeat\":${r%%:*}," |
			sed -E "s/(\"ops_per_sec\":\{\"reader\":)[0-9]+/\1${r#*:}/"
	done
} >"$tmp/ovl/o.jsonl"
PATH=/nonexistent "$cli" report "$tmp/ovl/o.jsonl" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "12% apart with overlapping repeats: not told apart, marked (overlap)" \
	bash -c "[ $rc -eq 0 ] &&
		grep -qF 'at 2 readers rcu and rwlock are not told apart: their repeats overlap (46.9M/s' '$tmp/ovl/report.md' &&
		grep -E '^\| route +\| user-host ' '$tmp/out' | grep -qF '1.12× (overlap)' &&
		! grep -q 'are even' '$tmp/ovl/report.md'"

# a set that ran at one reader count beside its writer alone (threads
# 0,1): no throughput-against-threads figure, whose only other x value
# would be the writer's point at 0 readers and 0 reader ops/s
mkdir -p "$tmp/one"
{
	lines_of route rcu user-host '{"reader":1}' '"repeat":0,' |
		sed -e 's/"keys":10000,/"keys":20000,/'
	lines_of route rcu user-host '{"reader":1}' '"repeat":0,' |
		sed -e 's/"keys":10000,/"keys":20000,/' \
		    -e 's/"reader":/"writer":/g' \
		    -e 's/"threads":\[1,0\]/"threads":[0,1]/'
} >"$tmp/one/o.jsonl"
PATH=/nonexistent "$cli" report "$tmp/one/o.jsonl" >/dev/null 2>"$tmp/err"
rc=$?
check "one reader count and a writer alone: no threads figure, a note saying why" \
	bash -c "[ $rc -eq 0 ] && [ \$(grep -c '\"structure\":\"route\"' '$tmp/one/o.jsonl') -eq 2 ] &&
		! ls '$tmp/one/plots/'route-threads-*.dat >/dev/null 2>&1 &&
		grep -q 'route: 1 workload set ran at one thread count only' '$tmp/one/report.md'"

# no gnuplot: the data and the script, a note, exit 0
PATH=/nonexistent "$cli" report "$data" --out "$tmp/nognu/deeper" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "without gnuplot: exit 0, plots.gp and .dat written, no image, a note" \
	bash -c "[ $rc -eq 0 ] && [ -s '$tmp/nognu/deeper/plots/plots.gp' ] &&
		[ -s '$tmp/nognu/deeper/plots/route-threads-kernel.dat' ] &&
		! ls '$tmp/nognu/deeper/plots/'*.png >/dev/null 2>&1 &&
		grep -q 'gnuplot is not installed' '$tmp/nognu/deeper/report.md' &&
		grep -q 'gnuplot' '$tmp/err'"

# a broken invariant is announced before anything else
ln=$(grep -nF '"structure":"order","mode":"coarse","side":"kernel"' "$data" |
	head -n 1 | cut -d: -f1)
mkdir -p "$tmp/inv"
sed "${ln}s/\"flags\":\\[\\]/\"flags\":[\"invariant_broken\"]/" "$data" >"$tmp/inv/b.jsonl"
"$cli" report "$tmp/inv/b.jsonl" >/dev/null 2>"$tmp/err"
rc=$?
check "invariant_broken (line $ln): a warning above everything, naming the line" \
	bash -c "[ $rc -eq 0 ] && sed -n '/^## /q;p' '$tmp/inv/report.md' |
		grep -q '^> - line $ln: order coarse, kernel, 2 workers' &&
		grep -q ':$ln: order coarse on kernel broke its invariant' '$tmp/err'"
check "and its figures carry ‼ in the tables" \
	row_has "$tmp/inv/report.md" order '^\| +2 +\| coarse ' '‼'


# malformed input: file, line, column, why; exit 1; nothing written
mkdir -p "$tmp/bad"
{ sed -n 1,2p "$data"; echo 'this is not json'; sed -n 3p "$data"; } >"$tmp/bad/b.jsonl"
"$cli" report "$tmp/bad/b.jsonl" >/dev/null 2>"$tmp/err"
rc=$?
check "a line that is not JSON: exit 1, 'FILE:3:4: why', no report" \
	bash -c "[ $rc -eq 1 ] && [ \$(wc -l <'$tmp/err') -eq 1 ] &&
		grep -qE '^synclab: report: .*/b\\.jsonl:3:4: .\\[. or .\\{. expected near .this.$' '$tmp/err' &&
		[ ! -e '$tmp/bad/report.md' ]" ||
	sed 's/^/# /' "$tmp/err"
{ sed -n 1p "$data"; sed -n 2p "$data" | head -c 200; echo; } >"$tmp/bad/c.jsonl"
"$cli" report "$tmp/bad/c.jsonl" >/dev/null 2>"$tmp/err"
rc=$?
check "a line cut short: exit 1 at line 2 with its column" \
	bash -c "[ $rc -eq 1 ] && grep -qE '^synclab: report: .*/c\\.jsonl:2:200: premature end of input' '$tmp/err'" ||
	sed 's/^/# /' "$tmp/err"
sed -n 1,3p "$data" | sed '2s/"cpus":/"cpu":/' >"$tmp/bad/d.jsonl"
"$cli" report "$tmp/bad/d.jsonl" >/dev/null 2>"$tmp/err"
rc=$?
check "a line without 'cpus': exit 1, 'FILE:2: missing field 'cpus''" \
	bash -c "[ $rc -eq 1 ] && grep -qE \"^synclab: report: .*/d\\.jsonl:2: missing field 'cpus'\$\" '$tmp/err'" ||
	sed 's/^/# /' "$tmp/err"
: >"$tmp/bad/e.jsonl"
"$cli" report "$tmp/bad/e.jsonl" >/dev/null 2>"$tmp/err"
rc=$?
check "an empty file: exit 1, 'no result lines'" \
	bash -c "[ $rc -eq 1 ] && grep -q 'e.jsonl: no result lines' '$tmp/err'"
"$cli" report >/dev/null 2>"$tmp/err"
rc=$?
"$cli" report "$tmp/nonexistent.jsonl" >/dev/null 2>>"$tmp/err"
rc2=$?
check "no file, a missing file: exit 1 with one line each" \
	bash -c "[ $rc -eq 1 ] && [ $rc2 -eq 1 ] && [ \$(wc -l <'$tmp/err') -eq 2 ] &&
		grep -q 'nonexistent.jsonl: No such file' '$tmp/err'"

# lines straight from the printer render
if "$bench" bench --structure count --duration-ms 50 --warmup-ms 10 >"$tmp/live.jsonl" &&
   "$bench" bench --structure route --threads 1,1 --keys 1000 --duration-ms 50 \
	--warmup-ms 10 >>"$tmp/live.jsonl"; then
	"$cli" report "$tmp/live.jsonl" --out "$tmp/live" >/dev/null 2>"$tmp/err"
	rc=$?
	check "lines just printed by synclab bench (count; route 1+1) render" \
		bash -c "[ $rc -eq 0 ] && grep -q '^## count' '$tmp/live/report.md' &&
			grep -qE '^## (route|Debug)' '$tmp/live/report.md'"
else
	result FAIL "lines just printed by synclab bench (count; route 1+1) render" \
		"synclab bench failed"
fi

# the guest's static binary has no report
if [ "$bench" != "$cli" ]; then
	"$bench" report "$data" >/dev/null 2>"$tmp/err"
	rc=$?
	check "the guest's static binary says in one line that the report is host-only" \
		bash -c "[ $rc -eq 1 ] && [ \$(wc -l <'$tmp/err') -eq 1 ] &&
			grep -q 'report is host-only' '$tmp/err'"
else
	result SKIP "the guest's static binary says in one line that the report is host-only" \
		"build/bin/synclab is missing"
fi

[ "$n" -eq "$plan" ] || echo "# ran $n of $plan"
