#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# synclab-bench-guest: the guest's part of `make bench`, in the stock VM
# (installed as /bin/synclab-bench-guest; tools/bench/run.sh boots the
# guest with it as the command). Runs, in this order:
#   1. the matrix's k points on the kernel side  -> /out/kernel.jsonl
#   2. refscale, an empty RCU read section and a raw spinlock, one reader
#      (insmod torture.ko, refscale.ko; read the log; rmmod), one
#      experiment per load, each beside one run of the engine's own point
#      of that mode at 1 worker (taken out of step 1 when it runs whole):
#      pair r of the two runs back to back, for a ratio run by run, three
#      pairs for each of the matrix's repeats (the ratio is a headline
#      figure and the machine's speed swings by half from one second to
#      the next: 9 paired runs give a median that 3 do not)
#                                 -> /out/refscale.jsonl, /out/kernel.jsonl
#   3. the matrix's v points on the user side   -> /out/user.jsonl
# /out comes back to the host when the guest powers off. Progress and the
# "synclab-bench: begin/end P R A" markers go to the console, where
# run.sh measures the host's load around each run; a "synclab-bench:
# phase NAME" line says which of the three the next markers belong to
# (refscale's markers name, for P, the engine's mode it stands beside).
#
# usage: synclab-bench-guest [--quick] [--repeat N] [--kernel POINTS]
#                            [--user POINTS] [--refscale MODES]
#                            [--refscale-per-repeat N]
#                            [--budget-s S [--kernel-share PCT]]
#   POINTS: all (default), none, or I,J,... (matrix point numbers)
#   MODES:  the lock modes refscale measures: rcu (its scale_type rcu, an
#           empty rcu_read_lock() section) and spinlock (scale_type lock,
#           a raw spinlock), both by default; none; or a comma list
#   N:      refscale experiments of each mode per repeat (default 3)
#   S:      seconds for the whole of it: the kernel side gets PCT percent
#           (default 50), the user side what is left after refscale; a
#           side behind its time runs its remaining points once each
#           (synclab bench --budget-s)
# Exit status: 0 when every part ran; 1 when one failed (the others ran).

matrix=/etc/synclab/matrix
repeat=3 quick='' kpoints=all upoints=all rmodes="rcu spinlock"
budget=0 kshare=50
# refscale: loops per experiment (~20 ns each under TCG: ~20 ms), and
# experiments of each mode, one JSON line each, for each of the matrix's
# repeats (tools/bench/run.sh says how many: it budgets for them)
loops=1000000
pairs_per_repeat=3

while [ $# -gt 0 ]; do
	case "$1" in
	--quick) quick=--quick; shift ;;
	--repeat) repeat=$2; shift 2 ;;
	--kernel) kpoints=$2; shift 2 ;;
	--user) upoints=$2; shift 2 ;;
	--refscale) rmodes=$(echo "$2" | tr , ' '); shift 2 ;;
	--refscale-per-repeat) pairs_per_repeat=$2; shift 2 ;;
	--budget-s) budget=$2; shift 2 ;;
	--kernel-share) kshare=$2; shift 2 ;;
	*) echo "synclab-bench-guest: unknown option $1" >&2; exit 2 ;;
	esac
done
[ "$rmodes" = none ] && rmodes=

rc=0
start=$(date +%s)

# matrix SIDE POINTS OUT [SECONDS]
matrix() {
	[ "$2" = none ] && return 0
	pts=
	[ "$2" != all ] && pts="--points $2"
	b=
	[ "${4:-0}" -gt 0 ] && b="--budget-s $4"
	echo "synclab-bench: phase $1" >&2
	# shellcheck disable=SC2086
	synclab bench --matrix $matrix --side "$1" --repeat "$repeat" $quick \
		$pts $b >>"$3" || {
		echo "synclab-bench: the $1 side of the matrix failed" >&2
		rc=1
	}
}

# refscale MODE R: one insmod, one experiment, its line as repeat R
refscale() {
	m=$1 r=$2
	case "$m" in
	spinlock) t=lock ;;
	rcu | rwlock) t=$m ;;
	*) echo "synclab-bench: refscale has no lock mode $m" >&2; rc=1; return ;;
	esac
	dmesg -c >/dev/null
	echo "synclab-bench: begin $m $r 1" >&2
	if ! insmod /lib/modules/extra/refscale.ko scale_type="$t" nreaders=1 \
		loops=$loops nruns=1; then
		echo "synclab-bench: end $m $r 1" >&2
		echo "synclab-bench: refscale $t: insmod failed" >&2
		rc=1
		return
	fi
	# Its main thread prints the table right after "END OF TEST".
	i=0
	while ! dmesg | grep -q 'ref-scale: END OF TEST' && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.2
	echo "synclab-bench: end $m $r 1" >&2
	dmesg >/tmp/refscale-"$t".log
	rmmod refscale
	synclab bench --from-refscale /tmp/refscale-"$t".log --repeat-from "$r" \
		>>/out/refscale.jsonl || {
		echo "synclab-bench: refscale $t: no results (see the console)" >&2
		rc=1
	}
}

# The matrix's kernel point of lock MODE at 1 worker, empty section: what
# refscale's MODE stands beside in the report. Empty when there is none.
# $points: the matrix's points (synclab bench --list).
beside_point() {
	echo "$points" |
		awk -v m="$1" '$2 ~ /k/ &&
			$0 ~ ("--structure lock --mode " m " --threads 1$") {
			print $1; exit }'
}

# When the kernel side runs whole, refscale's companions leave it and run
# in the refscale phase instead, repeat by repeat beside its experiments:
# minutes apart, a slow spell of the machine's would fall on one side only.
besides=
if [ -n "$rmodes" ] && [ "$kpoints" = all ]; then
	points=$(synclab bench --matrix $matrix --side kernel --list 2>/dev/null)
	for m in $rmodes; do
		p=$(beside_point "$m")
		[ -n "$p" ] && besides="$besides $m:$p"
	done
fi
if [ -n "$besides" ]; then
	kpoints=$(echo "$points" |
		awk -v skip="$besides" 'BEGIN { n = split(skip, s, " ")
			for (i = 1; i <= n; i++) { sub(/.*:/, "", s[i]); no[s[i]] = 1 } }
			$2 ~ /k/ && !($1 in no) { printf "%s%s", c, $1; c = "," }')
	[ -n "$kpoints" ] || kpoints=none
fi

kbudget=0
[ "$budget" -gt 0 ] && kbudget=$((budget * kshare / 100))
[ "$budget" -gt 0 ] && [ "$kbudget" -lt 10 ] && kbudget=10
matrix kernel "$kpoints" /out/kernel.jsonl "$kbudget"

# beside MODE R: repeat R of the engine's point that refscale MODE stands by
beside() {
	for mp in $besides; do
		[ "${mp%%:*}" = "$1" ] || continue
		echo "synclab-bench: phase kernel" >&2
		# shellcheck disable=SC2086
		synclab bench --matrix $matrix --side kernel --points "${mp#*:}" \
			--repeat 1 --repeat-from "$2" $quick >>/out/kernel.jsonl || {
			echo "synclab-bench: the engine's $1 beside refscale failed" >&2
			rc=1
		}
		echo "synclab-bench: phase refscale" >&2
	done
}

if [ -n "$rmodes" ]; then
	echo "synclab-bench: phase refscale" >&2
	if insmod /lib/modules/extra/torture.ko; then
		r=0
		while [ "$r" -lt $((repeat * pairs_per_repeat)) ]; do
			for m in $rmodes; do
				beside "$m" "$r"
				refscale "$m" "$r"
			done
			r=$((r + 1))
		done
		rmmod torture
	else
		echo "synclab-bench: refscale: insmod torture.ko failed" >&2
		rc=1
	fi
fi

ubudget=0
[ "$budget" -gt 0 ] && ubudget=$((budget - ($(date +%s) - start)))
[ "$budget" -gt 0 ] && [ "$ubudget" -lt 10 ] && ubudget=10
matrix user "$upoints" /out/user.jsonl "$ubudget"

exit $rc
