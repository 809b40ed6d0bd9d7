#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scale_test: thread counts that follow the machine, and a report of a
# machine much bigger than this one.
#  - the matrix's CPU words (tools/cli/bench_cpus.c) expand for 2, 6 and
#    64 CPUs (SYNCLAB_MATRIX_CPUS) as documented, a point met twice is
#    listed once, and the default matrix is valid at each;
#  - a range outside braces, a range from 0, a bad SYNCLAB_MATRIX_CPUS are
#    refused in one line naming the file and line;
#  - data/bench-64cpu.jsonl, a synthetic run on 64 CPUs (its generator,
#    data/bench-64cpu.py, says how it was made; nothing in it was
#    measured) with sweeps to 128 threads on host-kernel, user-host and
#    a KVM guest, renders: the sides and accelerators listed, the summary
#    at 128 threads, the spinlock/mutex crossover at threads = CPUs (64),
#    the oversubscribed runs counted, host-kernel ÷ user-host, plots whose
#    data reach 128 threads.
# Needs build/host-bin/synclab (make host-tests). KTAP on stdout.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
data=$here/data
[ -d "$data" ] || data=$top/selftests/host/data
host=$top/build/host-bin/synclab
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

echo "TAP version 13"
echo "1..16"

. "$here/ktap.sh"

check() {	# check DESCRIPTION COMMAND...
	local d=$1

	shift
	if "$@"; then result OK "$d"; else result FAIL "$d" "$(cat "$tmp/err" 2>/dev/null)"; fi
}

# threads CPUS LINE...: the --threads values of the points of a matrix of
# LINEs at CPUS, in order, space-separated
threads() {
	local cpus=$1

	shift
	printf '%s\n' "$@" >"$tmp/m"
	SYNCLAB_MATRIX_CPUS=$cpus "$host" bench --matrix "$tmp/m" --list 2>"$tmp/err" |
		awk '{ for (i = 1; i < NF; i++) if ($i == "--threads") printf "%s%s", s, $(i + 1); s = " " }'
}

got=$(threads 2 'kvh --structure count --threads {1..2cpus}')
check "{1..2cpus} at 2 CPUs: 1 2 4 (got '$got')" test "$got" = "1 2 4"
got=$(threads 6 'kvh --structure count --threads {1..2cpus}')
check "{1..2cpus} at 6 CPUs: 1 2 4 6 8 12 (got '$got')" test "$got" = "1 2 4 6 8 12"
got=$(threads 64 'kvh --structure count --threads {1..2cpus,cpus+1}')
check "{1..2cpus,cpus+1} at 64 CPUs: 1 ... 64 128 65 (got '$got')" \
	test "$got" = "1 2 4 8 16 32 64 128 65"
got=$(threads 64 'kvh --structure lock --mode spinlock --threads cpus --cs-ns {100,1000}' \
	'kvh --structure lock --mode spinlock --threads 2cpus --cs-ns 1000')
check "cpus and 2cpus at 64 CPUs: 64 64 128 (got '$got')" test "$got" = "64 64 128"
got=$(threads 200 'kvh --structure count --threads {1..2cpus}')
check "at 200 CPUs the sweep stops at 256 threads (got '$got')" \
	test "${got##* }" = 256
got=$(threads 2 'kvh quick --structure count --threads {1,cpus}' \
	'kvh --structure count --threads {1..2cpus,cpus+1}')
check "a point met twice is listed once: 1 2 4 3 at 2 CPUs (got '$got')" \
	test "$got" = "1 2 4 3"

bad=
for c in 2 6 64; do
	SYNCLAB_MATRIX_CPUS=$c "$host" bench --matrix "$top/tools/bench/matrix" --side user \
		--list >"$tmp/list-$c" 2>"$tmp/err" || bad="$bad $c"
done
check "the default matrix is valid at 2, 6 and 64 CPUs (bad at:${bad:- none})" test -z "$bad"
c2=$(grep -c -- '--structure count ' "$tmp/list-2") c64=$(grep -c -- '--structure count ' "$tmp/list-64")
check "the default matrix sweeps further on 64 CPUs: count has $c2 points at 2 CPUs, $c64 at 64" \
	test "$c2" -eq 4 -a "$c64" -eq 9

# refusals: one line, naming the file and line
refuse() {	# refuse WANT CPUS LINE
	printf '%s\n' "$3" >"$tmp/m"
	SYNCLAB_MATRIX_CPUS=$2 "$host" bench --matrix "$tmp/m" --list >/dev/null 2>"$tmp/err"
	[ $? -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qF "$1" "$tmp/err"
}
check "a range outside braces: refused at its line" \
	refuse "$tmp/m:1: the range '1..2cpus' goes inside {...}" 2 'kvh --structure count --threads 1..2cpus'
check "a range from 0: refused" \
	refuse "'0..cpus' is not a range A..B of counts" 2 'kvh --structure count --threads {0..cpus}'
check "SYNCLAB_MATRIX_CPUS=0: refused" \
	refuse "SYNCLAB_MATRIX_CPUS='0' is not a number in 1..4096" 0 'kvh --structure count --threads cpus'

# ---- the 64-CPU report ---------------------------------------------------------

"$host" report "$data/bench-64cpu.jsonl" --out "$tmp/r" >"$tmp/summary" 2>"$tmp/err"
rc=$?
r=$tmp/r/report.md
check "bench-64cpu.jsonl renders (exit $rc)" test "$rc" -eq 0 -a -s "$r"
check "where it ran: 4 sides of 64 CPUs, kvm for the guest, none for the host" \
	eval '[ "$(grep -cE "^\| (kernel|user-vm) .* \|   64 \| kvm: QEMU guest on KVM " "$r")" -eq 2 ] &&
		[ "$(grep -cE "^\| (user-host|host-kernel) .* \|   64 \| none: no VM " "$r")" -eq 2 ]'
check "summary and findings reach 128 threads; the crossover is judged at 64 = CPUs" \
	eval 'grep -qE "^\| lock +\| host-kernel +\| critical section 0 ns +\| 128 workers" "$r" &&
		grep -q "^- \*\*lock\*\*, host-kernel, 64 workers: mutex leads at a critical section of 0 ns, spinlock at 100 ns" "$r" &&
		grep -qE "^- [0-9]+ runs had more threads than CPUs" "$r"'
check "host-kernel ÷ user-host stands beside kernel ÷ user-vm" \
	eval 'grep -q "^- \*\*count\*\*: host-kernel ÷ user-host over 9 points" "$r" &&
		grep -q "^- \*\*count\*\*: kernel ÷ user-vm over 9 points" "$r"'
# the empty-section lock plot of each side: x from 1 to 128
plots_span() {
	local s f found=

	for s in kernel user-vm user-host host-kernel; do
		f=$tmp/r/plots/lock-threads-$s.dat
		[ -f "$f" ] || return 1
		[ "$(awk '/^[0-9]/ { print $1 }' "$f" | sort -n | sed -n '1p;$p' | tr '\n' ' ')" = "1 128 " ] ||
			return 1
		found=1
	done
	[ -n "$found" ]
}
check "the thread plots' data run from 1 to 128 threads" plots_span
