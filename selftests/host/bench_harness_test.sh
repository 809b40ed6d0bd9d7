#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench_harness_test: the pieces of `make bench` around the engine.
#  - the default matrix (tools/bench/matrix) parses, expands and is valid:
#    every point is a workload the engine takes, each side has points and
#    quick points, and `defaults` lines and {a,b} expansion do what the
#    format says; a bad point is named with its file and line;
#  - the host peers: rte_lpm and rte_fib load the routegen() table and
#    every lookup hits (the addresses lie inside its prefixes), in both
#    lookup paths, with their memory recorded; one writer alone deletes
#    and re-adds prefixes that were all there; readers beside a writer,
#    and two writers, are refused; ck_ring moves records 1 x 1 and keeps
#    its invariant; 2 producers are refused; lfstack's ck_hp and ck_epoch
#    pop what was pushed, the count balancing, and refuse a window; the
#    guest's static binary has none of the peers;
#  - every quick h point runs (a 10 ms window) and prints one JSON line;
#    out of its time budget, a matrix still runs every point once; its
#    rounds interleave a line's points and repeat the quick lines first;
#    a "quick x3" line runs three times a round (once under --quick), and
#    x0, x10 are refused;
#  - refscale's log, a canned excerpt in refscale 6.1's format
#    (data/refscale-6.1.log), becomes one JSON line per experiment with
#    ops_per_sec = readers * 1e9 / (ns per loop), peer, label refscale;
#    types without an engine counterpart and cut tests are named;
#  - a seed of 2^63 or more is refused (result lines carry signed 64-bit
#    integers);
#  - synclab jsonl (what run.sh does to result files): the host's load
#    lands in the right line, a disturbed run is listed for a rerun and
#    replaced by a clean rerun, refscale's lines by mode; a line that is
#    not JSON stops it with the file, line and column.
#  - the qsbr build (synclab-qsbr) runs the matrix's q points and no
#    other, its lines say so, and its RCU readers let writers through;
# Needs build/bin/synclab, build/host-bin/synclab and synclab-qsbr (make
# host-tests builds them). KTAP on stdout.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
data=$here/data
[ -d "$data" ] || data=$top/selftests/host/data
cli=$top/build/bin/synclab
host=$top/build/host-bin/synclab
matrix=$top/tools/bench/matrix
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

echo "TAP version 13"

. "$here/ktap.sh"

check() {	# check description command...
	local what=$1

	shift
	if "$@" >"$tmp/out" 2>&1; then
		result OK "$what"
	else
		result FAIL "$what" "$tmp/out"
	fi
}

# A JSON field's value in line $1 (the printer's fixed format), e.g.
# jget "$l" '"ops_per_sec":{"worker":' -> the number after it.
jget() {
	local rest=${1#*"$2"}

	[ "$rest" != "$1" ] || return 1
	rest=${rest%%[,\}]*}
	echo "${rest//\"/}"
}

for b in "$cli" "$host" "$top/build/host-bin/synclab-qsbr"; do
	if [ ! -x "$b" ]; then
		for i in $(seq 30); do
			result FAIL "missing $b (make host-tests builds it)"
		done
		exit 1
	fi
done

# ---- the matrix ---------------------------------------------------------

check "the default matrix parses and every point is a valid workload" \
	"$host" bench --matrix "$matrix" --side user --list
cp "$tmp/out" "$tmp/points"
for s in k v h; do
	all=$(awk -v s="$s" 'index($2, s)' "$tmp/points" | wc -l)
	q=$(awk -v s="$s" 'index($2, s) && $3 == "quick"' "$tmp/points" | wc -l)
	if [ "$all" -gt 10 ] && [ "$q" -gt 3 ] && [ "$q" -lt "$all" ]; then
		result OK "side $s: $all points, $q of them quick"
	else
		result FAIL "side $s: $all points, $q of them quick"
	fi
done
peers=$(grep -cE -- '--mode (rte_lpm|rte_fib|ck_ring|ptr_ring)' "$tmp/points")
companions=$(grep -E '^ *[0-9]+ k' "$tmp/points" |
	grep -cE -- '--structure lock --mode (spinlock|rcu) --threads 1$')
if [ "$peers" -ge 5 ] && [ "$companions" -eq 2 ]; then
	result OK "the matrix has the peers ($peers points) and refscale's two companions on k"
else
	result FAIL "the matrix has the peers ($peers points) and refscale's two companions on k ($companions)"
fi

cat >"$tmp/m" <<'EOF'
# a comment
defaults --duration-ms 7 --keys 64
kv  quick --structure ring --mode {spinlock,mutex} --threads {1,2},1   # tail
defaults
h --structure count --duration-ms 9
EOF
cat >"$tmp/want" <<'EOF'
   0 kv  quick --duration-ms 7 --keys 64 --structure ring --mode spinlock --threads 1,1
   1 kv  quick --duration-ms 7 --keys 64 --structure ring --mode spinlock --threads 2,1
   2 kv  quick --duration-ms 7 --keys 64 --structure ring --mode mutex --threads 1,1
   3 kv  quick --duration-ms 7 --keys 64 --structure ring --mode mutex --threads 2,1
   4 h         --structure count --duration-ms 9
EOF
"$cli" bench --matrix "$tmp/m" --side kernel --list >"$tmp/got" 2>&1
if diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then
	result OK "defaults lines and {a,b} expansion"
else
	result FAIL "defaults lines and {a,b} expansion" "$tmp/diff"
fi

printf 'kvh --structure ring --mode spsc --threads 2,2\n' >"$tmp/bad"
if ! "$cli" bench --matrix "$tmp/bad" --side kernel --list >/dev/null 2>"$tmp/err" &&
   grep -q "point 0 ($tmp/bad:1)" "$tmp/err"; then
	result OK "an invalid point fails --list, named by file and line"
else
	result FAIL "an invalid point fails --list, named by file and line" "$tmp/err"
fi

printf 'kvh --structure route --bogus 1\n' >"$tmp/bad"
if ! "$cli" bench --matrix "$tmp/bad" --side kernel --list >/dev/null 2>"$tmp/err" &&
   grep -q "$tmp/bad:1: unknown option '--bogus'" "$tmp/err"; then
	result OK "an unknown option fails --list, named by file and line"
else
	result FAIL "an unknown option fails --list, named by file and line" "$tmp/err"
fi

# Result lines carry signed 64-bit integers: seeds stop at 2^63 - 1.
l=$("$cli" bench --structure count --seed 9223372036854775807 --warmup-ms 0 \
	--duration-ms 5 2>"$tmp/err")
if [[ $l == *'"seed":9223372036854775807,'* ]] &&
   ! "$cli" bench --structure count --seed 9223372036854775808 >/dev/null 2>"$tmp/err" &&
   grep -q "seeds are below 2^63" "$tmp/err"; then
	result OK "--seed: 2^63 - 1 goes into the line, 2^63 is refused with the reason"
else
	echo "$l" >>"$tmp/err"
	result FAIL "--seed: 2^63 - 1 goes into the line, 2^63 is refused with the reason" "$tmp/err"
fi

# ---- the host peers ------------------------------------------------------------

short=(--warmup-ms 0 --duration-ms 20)
for peer in rte_lpm rte_fib; do
	for batch in 1 32; do
		l=$("$host" bench --structure route --mode $peer --keys 5000 --batch "$batch" \
			"${short[@]}" 2>"$tmp/err")
		ops=$(jget "$l" '"ops":{"reader":') hits=$(jget "$l" '"extra":{"reader":')
		mem=$(jget "$l" '"mem_bytes":')
		if [ -n "$ops" ] && [ "$ops" -gt 0 ] && [ "${hits:-0}" -ge "$ops" ] &&
		   [ "${mem:-0}" -gt $((64 << 20)) ] && [[ $l == *'"peer":true'* ]]; then
			result OK "$peer batch $batch: $ops lookups, all hit, $mem bytes"
		else
			echo "$l" >>"$tmp/err"
			result FAIL "$peer batch $batch: every lookup hits, mem_bytes recorded" "$tmp/err"
		fi
	done
	# one writer alone: every prefix it deletes was there, and comes back
	l=$("$host" bench --structure route --mode $peer --keys 5000 --threads 0,1 \
		"${short[@]}" 2>"$tmp/err")
	ops=$(jget "$l" '"ops":{"writer":') missing=$(jget "$l" '"extra":{"writer":')
	if [ "${ops:-0}" -gt 0 ] && [ "$missing" = 0 ] && [[ $l == *'"flags":[]'* ]]; then
		result OK "$peer alone with one writer: $ops delete+add pairs"
	else
		echo "$l" >>"$tmp/err"
		result FAIL "$peer alone with one writer: delete+add pairs, none missing" "$tmp/err"
	fi
done

l=$("$host" bench --structure route --mode rcu --keys 5000 "${short[@]}" 2>&1)
mem=$(jget "$l" '"mem_bytes":')
if [ "${mem:-0}" -gt 0 ]; then
	result OK "route records its table's size too ($mem bytes for 5000 prefixes)"
else
	result FAIL "route records its table's size too: $l"
fi

for peer in rte_lpm rte_fib; do
	for th in 1,1 0,2; do
		if ! "$host" bench --structure route --mode $peer --threads $th "${short[@]}" \
			>/dev/null 2>"$tmp/err" && grep -q 'out of range' "$tmp/err"; then
			result OK "$peer refuses readers beside writers, and two writers ($th: EINVAL)"
		else
			result FAIL "$peer refuses readers beside writers, and two writers ($th: EINVAL)" "$tmp/err"
		fi
	done
done

for batch in 1 32; do
	l=$("$host" bench --structure ring --mode ck_ring --threads 1,1 --batch "$batch" \
		"${short[@]}" 2>"$tmp/err")
	ops=$(jget "$l" '"ops":{"producer":')
	if [ "${ops:-0}" -gt 0 ] && [[ $l == *'"flags":[]'* ]] &&
	   [[ $l == *'"peer":true'* ]]; then
		result OK "ck_ring 1x1 batch $batch: $ops records, the count balances"
	else
		echo "$l" >>"$tmp/err"
		result FAIL "ck_ring 1x1 batch $batch moves records, the count balances" "$tmp/err"
	fi
done

if ! "$host" bench --structure ring --mode ck_ring --threads 2,1 "${short[@]}" \
	>/dev/null 2>"$tmp/err" && grep -q 'out of range' "$tmp/err"; then
	result OK "ck_ring refuses 2 producers (EINVAL)"
else
	result FAIL "ck_ring refuses 2 producers (EINVAL)" "$tmp/err"
fi

# lfstack's peers: ck_stack under ck_hp and ck_epoch, pushers and poppers
# apart and together; the audit after the run balances (no invariant flag)
for peer in ck_hp ck_epoch; do
	for th in "1,1" "2 --mix 500"; do
		# shellcheck disable=SC2086
		l=$("$host" bench --structure lfstack --mode $peer --threads $th \
			"${short[@]}" 2>"$tmp/err")
		pops=$(jget "$l" '"pops":')
		if [ "${pops:-0}" -gt 0 ] && [[ $l == *'"flags":[]'* ]] &&
		   [[ $l == *'"peer":true'* ]]; then
			result OK "lfstack $peer, threads $th: $pops pops, the count balances"
		else
			echo "$l" >>"$tmp/err"
			result FAIL "lfstack $peer, threads $th: pops, the count balances" "$tmp/err"
		fi
	done
	if ! "$host" bench --structure lfstack --mode $peer --window-ns 10 \
		"${short[@]}" >/dev/null 2>"$tmp/err" && grep -q 'out of range' "$tmp/err"; then
		result OK "lfstack $peer refuses a window (EINVAL)"
	else
		result FAIL "lfstack $peer refuses a window (EINVAL)" "$tmp/err"
	fi
done

ok=1
for m in "route --mode rte_lpm" "route --mode rte_fib" "ring --mode ck_ring" \
	 "lfstack --mode ck_hp" "lfstack --mode ck_epoch"; do
	# shellcheck disable=SC2086
	"$cli" bench --structure $m "${short[@]}" >/dev/null 2>"$tmp/err" && ok=
	grep -q 'no such peer' "$tmp/err" || ok=
done
if [ -n "$ok" ]; then
	result OK "the static (guest) binary has no host peers: EOPNOTSUPP"
else
	result FAIL "the static (guest) binary has no host peers: EOPNOTSUPP" "$tmp/err"
fi

# ---- the quick h points run ------------------------------------------------------

want=$(awk 'index($2, "h") && $3 == "quick"' "$tmp/points" | wc -l)
"$host" bench --matrix "$matrix" --side user --quick --repeat 1 \
	--warmup-ms 0 --duration-ms 10 >"$tmp/quick" 2>"$tmp/err"
rc=$?
got=$(grep -c '^{"schema":1,.*}}$' "$tmp/quick")
if [ "$rc" -eq 0 ] && [ "$got" -eq "$want" ]; then
	result OK "every quick h point runs: $got JSON lines"
else
	tail -n 5 "$tmp/err" >>"$tmp/quick"
	result FAIL "every quick h point runs: $got of $want JSON lines (exit $rc)" "$tmp/quick"
fi
if ! grep -q '"duration_ns":300000000' "$tmp/quick" &&
   [ "$(grep -c '"duration_ns":10000000' "$tmp/quick")" -eq "$got" ]; then
	result OK "options after --matrix apply to every point, over its own"
else
	result FAIL "options after --matrix apply to every point, over its own"
fi

# ---- the qsbr build: the q points ------------------------------------------------

# synclab-qsbr runs the q points (and no h point); the memb build none of
# them. Every line says its flavor; readers beside a writer, over qsbr,
# finish with the structures' invariants whole. (That grace periods end
# while qsbr readers run is bench_qsbr_test's.)
qsbr=$top/build/host-bin/synclab-qsbr
want=$(awk 'index($2, "q") && $3 == "quick"' "$tmp/points" | wc -l)
timeout 120 "$qsbr" bench --matrix "$matrix" --side user --quick --repeat 1 \
	--warmup-ms 0 --duration-ms 10 >"$tmp/qquick" 2>"$tmp/err"
rc=$?
got=$(grep -c '^{"schema":1,.*"rcu_flavor":"qsbr".*}}$' "$tmp/qquick")
all=$(grep -c '^{"schema":1,' "$tmp/qquick")
if [ "$want" -ge 2 ] && [ "$rc" -eq 0 ] && [ "$got" -eq "$want" ] && [ "$all" -eq "$want" ] &&
   ! grep -q '"rcu_flavor":"qsbr"' "$tmp/quick"; then
	result OK "the qsbr build runs the $got quick q points, flavor qsbr; the memb build none"
else
	tail -n 5 "$tmp/err" >>"$tmp/qquick"
	result FAIL "the qsbr build runs the quick q points: $got of $want qsbr lines, $all in all (exit $rc)" "$tmp/qquick"
fi
for s in route kvmap lfstack; do
	l=$(timeout 60 "$qsbr" bench --structure $s --mode rcu --threads 1,1 --keys 1000 \
		--warmup-ms 10 --duration-ms 100 2>"$tmp/err")
	rc=$?
	if [ "$rc" -eq 0 ] && [[ $l == *'"rcu_flavor":"qsbr"'* ]] && [[ $l == *'"flags":[]'* ]]; then
		result OK "qsbr build: $s rcu, a reader beside a writer, runs and balances"
	else
		echo "$l" >>"$tmp/err"
		result FAIL "qsbr build: $s rcu, a reader beside a writer (exit $rc)" "$tmp/err"
	fi
done

# With a time budget, every point runs once; a repeat only where it fits
# (here none: three windows of 300 ms leave less than half of one).
printf 'h --structure count --threads 1 --seed %s\n' 1 2 3 >"$tmp/m3"
"$cli" bench --matrix "$tmp/m3" --side user --repeat 3 --warmup-ms 0 \
	--duration-ms 300 --budget-s 1 >"$tmp/b3" 2>"$tmp/err"
got=$(grep -o '"point":[0-9]*,"repeat":[0-9]*' "$tmp/b3" | tr '\n' ' ')
want='"point":0,"repeat":0 "point":1,"repeat":0 "point":2,"repeat":0 '
if [ "$got" = "$want" ]; then
	result OK "--budget-s: out of time, the matrix still runs every point once"
else
	echo "got: $got" >>"$tmp/err"
	result FAIL "--budget-s: out of time, the matrix still runs every point once" "$tmp/err"
fi

# The points of one line are compared: their repeats go in rounds, A B A
# B; after the first round the quick lines (the headline points) go first.
printf 'h --structure count --threads 1 --seed {1,2}\nh quick --structure count --threads 1 --seed 3\n' >"$tmp/m4"
"$cli" bench --matrix "$tmp/m4" --side user --repeat 2 --warmup-ms 0 \
	--duration-ms 10 >"$tmp/b4" 2>"$tmp/err"
got=$(grep -o '"point":[0-9]*,"repeat":[0-9]*' "$tmp/b4" | tr '\n' ' ')
want='"point":0,"repeat":0 "point":1,"repeat":0 "point":2,"repeat":0 "point":2,"repeat":1 "point":0,"repeat":1 "point":1,"repeat":1 '
if [ "$got" = "$want" ]; then
	result OK "matrix rounds: one line's points interleave (A B A B), quick lines repeat first"
else
	echo "got: $got" >>"$tmp/err"
	result FAIL "matrix rounds: one line's points interleave (A B A B), quick lines repeat first" "$tmp/err"
fi

# A "quick x3" line runs three times a round, its points still taking
# turns, as repeats 0..5 over --repeat 2; --quick runs it once a repeat.
printf 'h quick x3 --structure count --threads 1 --seed {1,2}\nh --structure count --threads 1 --seed 3\n' >"$tmp/m5"
"$cli" bench --matrix "$tmp/m5" --side user --repeat 2 --warmup-ms 0 \
	--duration-ms 10 >"$tmp/b5" 2>"$tmp/err"
got=$(grep -o '"point":[0-9]*,"repeat":[0-9]*' "$tmp/b5" | tr '\n' ' ')
want=
for r in 0 1 2; do want+="\"point\":0,\"repeat\":$r \"point\":1,\"repeat\":$r "; done
want+='"point":2,"repeat":0 '
for r in 3 4 5; do want+="\"point\":0,\"repeat\":$r \"point\":1,\"repeat\":$r "; done
want+='"point":2,"repeat":1 '
"$cli" bench --matrix "$tmp/m5" --side user --repeat 2 --quick --warmup-ms 0 \
	--duration-ms 10 >"$tmp/b5q" 2>>"$tmp/err"
gotq=$(grep -o '"point":[0-9]*,"repeat":[0-9]*' "$tmp/b5q" | tr '\n' ' ')
wantq='"point":0,"repeat":0 "point":1,"repeat":0 "point":0,"repeat":1 "point":1,"repeat":1 '
if [ "$got" = "$want" ] && [ "$gotq" = "$wantq" ] &&
   "$cli" bench --matrix "$tmp/m5" --side user --list | grep -q '^   1 h   quick x3 '; then
	result OK "quick x3: three runs a round, A B A B A B; once under --quick"
else
	printf 'got:  %s\nwant: %s\n--quick got: %s\n' "$got" "$want" "$gotq" >>"$tmp/err"
	result FAIL "quick x3: three runs a round, A B A B A B; once under --quick" "$tmp/err"
fi
for x in x0 x10 x3a; do
	printf 'h quick %s --structure count --threads 1\n' "$x" >"$tmp/bad"
	if ! "$cli" bench --matrix "$tmp/bad" --side user --list >/dev/null 2>"$tmp/err" &&
	   grep -q "$tmp/bad:1: quick $x: N must be 1 to 9" "$tmp/err"; then
		result OK "quick $x is refused, named by file and line"
	else
		result FAIL "quick $x is refused, named by file and line" "$tmp/err"
	fi
done

# ---- refscale's log -------------------------------------------------------------

"$cli" bench --from-refscale "$data/refscale-6.1.log" >"$tmp/rs" 2>"$tmp/rserr"
mapfile -t rs <"$tmp/rs"
if [ "${#rs[@]}" -eq 5 ]; then
	result OK "refscale: one line per experiment of rcu and lock (5)"
else
	result FAIL "refscale: one line per experiment of rcu and lock: ${#rs[@]} of 5" "$tmp/rs"
fi
got=
for l in "${rs[@]}"; do
	got="$got $(jget "$l" '"mode":')/$(jget "$l" '"ops_per_sec":{"worker":')"
done
want=" rcu/50000000 rcu/40000000 rcu/25000000 spinlock/40000000 spinlock/32000000"
if [ "$got" = "$want" ]; then
	result OK "refscale: ops_per_sec = readers * 1e9 / ns per loop"
else
	result FAIL "refscale: ops_per_sec = readers * 1e9 / ns per loop: got$got"
fi
# experiment k of a test is repeat k (absent: 0), from --repeat-from on
got=
for l in "${rs[@]}"; do
	r=$(jget "$l" '"repeat":') || r=0
	got="$got $r"
done
"$cli" bench --from-refscale "$data/refscale-6.1.log" --repeat-from 2 \
	>"$tmp/rs2" 2>/dev/null
while IFS= read -r l; do
	r=$(jget "$l" '"repeat":') || r=0
	got="$got $r"
done <"$tmp/rs2"
if [ "$got" = " 0 1 2 0 1 2 3 4 2 3" ]; then
	result OK "refscale: experiment k is repeat k, counted from --repeat-from"
else
	result FAIL "refscale: experiment k is repeat k, counted from --repeat-from: got$got"
fi
bad=0
for l in "${rs[@]}"; do
	case "$l" in
	# the kernel side outside a synclab guest (here) is host-kernel
	*'"structure":"lock"'*'"side":"kernel","peer":true,"label":"refscale"'*) ;;
	*'"structure":"lock"'*'"side":"host-kernel","peer":true,"label":"refscale"'*) ;;
	*) bad=$((bad + 1)) ;;
	esac
	[ "$(jget "$l" '"threads":{"worker":')" -ge 1 ] || bad=$((bad + 1))
done
if [ "$bad" -eq 0 ]; then
	result OK "refscale: structure lock, side kernel, peer, label refscale"
else
	result FAIL "refscale: structure lock, side kernel, peer, label refscale" "$tmp/rs"
fi
if grep -q "'srcu' has no engine counterpart" "$tmp/rserr" &&
   grep -q 'the rwlock test printed 0 of 3 results' "$tmp/rserr"; then
	result OK "refscale: other types and cut tests are named on stderr"
else
	result FAIL "refscale: other types and cut tests are named on stderr" "$tmp/rserr"
fi
if ! "$cli" bench --from-refscale /dev/null >/dev/null 2>"$tmp/err" &&
   grep -q 'no refscale results' "$tmp/err"; then
	result OK "refscale: a log without results fails"
else
	result FAIL "refscale: a log without results fails" "$tmp/err"
fi

# ---- synclab jsonl: the host's load, disturbed runs, reruns ---------------------------

# Lines as the printer writes them (fields trimmed to what jsonl reads).
mk() {	# mk SIDE POINT REPEAT ATTEMPTS FLAGS [LABEL MODE]
	local label=

	[ -n "${6:-}" ] && label=",\"label\":\"$6\""
	printf '{"schema":1,"structure":"lock","mode":"%s","side":"%s","peer":false%s,"elapsed_ns":1,"flags":[%s],"kernel":"k","point":%s,"repeat":%s,"attempts":%s,"workload":{"structure":3}}\n' \
		"${7:-rcu}" "$1" "$label" "$5" "$2" "$3" "$4"
}
{
	mk kernel 3 0 1 ''
	mk kernel 3 1 2 '"rtt_slow"'
	mk user-vm 3 0 1 ''
	printf '{"schema":1,"structure":"lock","mode":"spinlock","side":"kernel","peer":true,"label":"refscale","flags":[],"workload":{"structure":3}}\n'
	printf '{"schema":1,"structure":"lock","mode":"spinlock","side":"kernel","peer":true,"label":"refscale","flags":[],"repeat":1,"workload":{"structure":3}}\n'
} >"$tmp/run.jsonl"
printf '%s\n' 'kernel 3 0 1 2.5' 'kernel 3 1 2 55.0' 'user 3 0 1 20.1' \
	'refscale spinlock 0 1 0.0' 'refscale spinlock 1 1 3.5' >"$tmp/loads"
"$host" jsonl annotate --loads "$tmp/loads" --limit 20 "$tmp/run.jsonl" >"$tmp/ann"
mapfile -t a <"$tmp/ann"
if [[ ${a[0]} == *'"flags":[],'*'"host_other_cpu_pct":2.5,"workload"'* ]] &&
   [[ ${a[1]} == *'"flags":["disturbed","rtt_slow"]'*'"host_other_cpu_pct":55.0,'* ]] &&
   [[ ${a[2]} == *'"flags":["disturbed"]'*'"host_other_cpu_pct":20.1,'* ]] &&
   [[ ${a[3]} == *'"flags":[]'*'"host_other_cpu_pct":0.0,'* ]] &&
   [[ ${a[4]} == *'"flags":[]'*'"host_other_cpu_pct":3.5,'* ]]; then
	result OK "jsonl annotate: each run gets its load (refscale's by experiment), > 20% is disturbed"
else
	result FAIL "jsonl annotate: each run gets its load (refscale's by experiment), > 20% is disturbed" "$tmp/ann"
fi

{
	cat "$tmp/ann"
	mk user-host 5 2 3 '"disturbed"'
} >"$tmp/ann+host"
"$host" jsonl disturbed "$tmp/ann+host" >"$tmp/todo"
"$host" jsonl disturbed --phases host "$tmp/ann+host" >>"$tmp/todo"
if [ "$(cat "$tmp/todo")" = "$(printf 'kernel 3 1\nuser 3 1\nhost 5 1')" ]; then
	result OK "jsonl disturbed: the points to run again, with their counts, per phase"
else
	result FAIL "jsonl disturbed: the points to run again, with their counts, per phase" "$tmp/todo"
fi

{
	mk kernel 3 0 1 '"disturbed"'
	mk kernel 3 1 1 ''
} | sed 's/"workload"/"host_other_cpu_pct":30.0,"workload"/' >"$tmp/rerun"
"$host" jsonl replace "$tmp/rerun" "$tmp/ann" >"$tmp/merged"
mapfile -t m <"$tmp/merged"
if [ "${#m[@]}" -eq 5 ] && [ "${m[0]}" = "${a[0]}" ] &&
   [[ ${m[1]} == *'"flags":[],'*'"repeat":1,'* ]] && [ "${m[2]}" = "${a[2]}" ] &&
   [ "${m[3]}" = "${a[3]}" ] && [ "${m[4]}" = "${a[4]}" ]; then
	result OK "jsonl replace: a clean rerun replaces a disturbed run, keeping its repeat"
else
	result FAIL "jsonl replace: a clean rerun replaces a disturbed run, keeping its repeat" "$tmp/merged"
fi

# refscale's lines go by mode: a clean rerun of the mode replaces them all
{
	printf '{"schema":1,"structure":"lock","mode":"spinlock","side":"kernel","peer":true,"label":"refscale","flags":["disturbed"],"workload":{"structure":3}}\n'
	printf '{"schema":1,"structure":"lock","mode":"spinlock","side":"kernel","peer":true,"label":"refscale","flags":[],"workload":{"structure":3}}\n'
	mk kernel 4 0 1 ''
} >"$tmp/rsmerged"
{
	printf '{"schema":1,"structure":"lock","mode":"spinlock","side":"kernel","peer":true,"label":"refscale","flags":[],"new":1,"workload":{"structure":3}}\n'
	printf '{"schema":1,"structure":"lock","mode":"spinlock","side":"kernel","peer":true,"label":"refscale","flags":[],"new":2,"workload":{"structure":3}}\n'
} >"$tmp/rsrerun"
"$host" jsonl disturbed "$tmp/rsmerged" >"$tmp/todo"
"$host" jsonl replace "$tmp/rsrerun" "$tmp/rsmerged" >"$tmp/merged"
mapfile -t m <"$tmp/merged"
if [ "$(cat "$tmp/todo")" = "refscale spinlock" ] && [ "${#m[@]}" -eq 3 ] &&
   [[ ${m[0]} == *'"new":1'* ]] && [[ ${m[1]} == *'"new":2'* ]] &&
   [[ ${m[2]} == *'"point":4'* ]]; then
	result OK "jsonl: refscale's disturbed lines are listed by mode and replaced together"
else
	cat "$tmp/todo" >>"$tmp/merged"
	result FAIL "jsonl: refscale's disturbed lines are listed by mode and replaced together" "$tmp/merged"
fi

{ mk kernel 3 0 1 ''; echo '{"schema":1,'; } >"$tmp/broken"
if ! "$host" jsonl disturbed "$tmp/broken" >/dev/null 2>"$tmp/err" &&
   grep -q "^synclab: jsonl: $tmp/broken:2:[0-9]*: " "$tmp/err"; then
	result OK "jsonl: a line that is not JSON fails with its file, line and column"
else
	result FAIL "jsonl: a line that is not JSON fails with its file, line and column" "$tmp/err"
fi
echo "1..$n"
