#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# host-kernel.sh: `make bench SIDE=host-kernel`, the benchmark on the
# machine's own kernel instead of a guest's: no VM, no emulation.
#
#   1. check, and refuse with the reason, before anything is built or
#      loaded: root (loading a module needs CAP_SYS_MODULE); the running
#      kernel's headers (/lib/modules/$(uname -r)/build); kernel lockdown
#      or enforced module signatures (Secure Boot turns lockdown on in
#      Debian's kernels), under which an unsigned synclab.ko is refused;
#      a kernel that loads modules at all, and no synclab module loaded
#      already (it is someone's: left alone);
#   2. build synclab.ko against those headers (tools/module.sh) and the
#      host CLI; insmod; from then on, whatever happens, rmmod at exit;
#   3. run the matrix's k points in the host's kernel (side host-kernel)
#      and its h points in userspace (user-host), the time budget shared
#      in proportion to their runs;
#   4. rmmod; write results/DATE/bench.jsonl; `synclab report` on it.
#
# Environment: as tools/bench/run.sh (QUICK, REPEAT, BENCH_BUDGET_S,
# BENCH_MATRIX, BENCH_OUT), and, to check the refusals without the
# conditions (selftests/host/host_kernel_test.sh): SYNCLAB_HOST_KDIR (the
# headers, default /lib/modules/$(uname -r)/build), SYNCLAB_LOCKDOWN (the
# lockdown file, default /sys/kernel/security/lockdown), SYNCLAB_SIG_ENFORCE
# (default /sys/module/module/parameters/sig_enforce).
#
# Exit status: 0 when every run and the report went through; 1 on a
# refusal (every reason on its own line), a failed build, load or run.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

rel=$(uname -r)
kdir=${SYNCLAB_HOST_KDIR:-/lib/modules/$rel/build}
lockdown=${SYNCLAB_LOCKDOWN:-/sys/kernel/security/lockdown}
sig_enforce=${SYNCLAB_SIG_ENFORCE:-/sys/module/module/parameters/sig_enforce}
quick=${QUICK:-}
[ "$quick" = 0 ] && quick=
repeat=${REPEAT:-}
[ -n "$repeat" ] || repeat=$([ -n "$quick" ] && echo 1 || echo 3)
budget=${BENCH_BUDGET_S:-$([ -n "$quick" ] && echo 120 || echo 600)}
matrix=${BENCH_MATRIX:-tools/bench/matrix}
stamp=$(date +%Y-%m-%d-%H%M%S)
out=${BENCH_OUT:-results/$stamp}
host_cli=build/host-bin/synclab
start=$SECONDS
me="make bench SIDE=host-kernel"

say() {
	printf '[bench %2dm%02ds] %s\n' $(((SECONDS - start) / 60)) \
		$(((SECONDS - start) % 60)) "$*"
}

case "$repeat" in
'' | *[!0-9]* | 0) echo "$me: REPEAT must be a number >= 1" >&2; exit 1 ;;
esac

# ---- 1. what would stop us: all of it, said at once ------------------------------

refusals=()
[ "$(id -u)" -eq 0 ] ||
	refusals+=("not root: loading synclab.ko into the running kernel needs root (sudo $me)")
if [ ! -f "$kdir/Makefile" ]; then
	have=$(cd /lib/modules 2>/dev/null && for d in */build; do
		[ -f "$d/Makefile" ] && printf ' %s' "${d%/build}"; done)
	refusals+=("no headers for the running kernel $rel: $kdir is missing (Debian: apt-get install linux-headers-$rel;${have:+ headers installed here are for:$have, another kernel than the one running;} modules must be built for the kernel that loads them)")
fi
# "none [integrity] confidentiality": the bracketed word is in force
if [ -r "$lockdown" ]; then
	mode=$(sed -n 's/.*\[\([a-z]*\)\].*/\1/p' "$lockdown")
	[ -n "$mode" ] && [ "$mode" != none ] &&
		refusals+=("kernel lockdown is '$mode' ($lockdown; Secure Boot turns it on): the kernel loads only modules signed by a trusted key, and synclab.ko is unsigned (sign it with a key enrolled with mokutil, or use the VM: make bench)")
fi
if [ -r "$sig_enforce" ] && [ "$(cat "$sig_enforce")" = Y ]; then
	refusals+=("module signatures are enforced ($sig_enforce is Y): synclab.ko is unsigned (sign it with a trusted key, or use the VM: make bench)")
fi
if [ ! -e /proc/modules ]; then
	refusals+=("the running kernel $rel loads no modules (no /proc/modules: built without CONFIG_MODULES)")
elif grep -q '^synclab ' /proc/modules; then
	refusals+=("a synclab module is loaded already: it is left alone (rmmod synclab first, if it is yours)")
fi
if [ ${#refusals[@]} -gt 0 ]; then
	for r in "${refusals[@]}"; do
		echo "$me: refused: $r" >&2
	done
	exit 1
fi

# ---- 2. build, load ------------------------------------------------------------------

mkdir -p "$out/raw" || exit 1
raw=$out/raw
say "building synclab.ko for $rel ($kdir) and the host CLI (log: $raw/build.log)"
if ! { ko=$(tools/module.sh --kdir "$kdir" 2>>"$raw/build.log") &&
	make -s host-cli >>"$raw/build.log" 2>&1; }; then
	grep -v 'Skipping BTF' "$raw/build.log" | tail -n 20 | sed 's/^/    /' >&2
	say "FAILED: the build failed (log: $raw/build.log)" >&2
	exit 1
fi
vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null)
if [ "${vermagic%% *}" != "$rel" ]; then
	say "FAILED: $ko is for '${vermagic%% *}', the running kernel is $rel ($kdir holds another kernel's headers)" >&2
	exit 1
fi

loaded=
unload() {
	[ -n "$loaded" ] || return 0
	if rmmod synclab; then
		say "synclab.ko unloaded"
	else
		say "WARNING: rmmod synclab failed: the module stays loaded (lsmod; rmmod synclab)" >&2
	fi
	loaded=
}
trap unload EXIT
trap 'exit 130' INT TERM
if ! insmod "$ko" 2>"$raw/insmod.err"; then
	say "FAILED: insmod $ko: $(cat "$raw/insmod.err") (dmesg | tail says why)" >&2
	exit 1
fi
loaded=1
say "synclab.ko loaded into $rel ($(modinfo -F version "$ko"), abi $(modinfo -F synclab_abi "$ko"))"

# ---- 3. the runs -------------------------------------------------------------------

quickflag=${quick:+--quick}
n_k=$("$host_cli" bench --matrix "$matrix" --side user --list 2>/dev/null |
	awk -v q="$quick" '$2 ~ /k/ && (q == "" || $3 == "quick") { n++ } END { print n + 0 }')
n_h=$("$host_cli" bench --matrix "$matrix" --side user --list 2>/dev/null |
	awk -v q="$quick" '$2 ~ /h/ && (q == "" || $3 == "quick") { n++ } END { print n + 0 }')
kbudget=$((budget * n_k / (n_k + n_h > 0 ? n_k + n_h : 1)))
failed=
say "host kernel: $n_k points, x$repeat runs (budget ${kbudget}s)"
"$host_cli" bench --matrix "$matrix" --side kernel --repeat "$repeat" \
	$quickflag --budget-s "$kbudget" >"$raw/host-kernel.jsonl" ||
	{ say "FAILED: the host-kernel side failed" >&2; failed=1; }
unload
say "host userspace: $n_h points, x$repeat runs"
"$host_cli" bench --matrix "$matrix" --side user --repeat "$repeat" \
	$quickflag --budget-s $((budget - (SECONDS - start))) >"$raw/host.jsonl" ||
	{ say "FAILED: the user-host side failed" >&2; failed=1; }

# ---- 4. results, report --------------------------------------------------------------

result=$out/bench.jsonl
[ -n "$failed" ] && result=$out/bench.jsonl.partial
cat "$raw/host-kernel.jsonl" "$raw/host.jsonl" >"$result"
say "$(wc -l <"$result") results in $result"
[ -n "$failed" ] && exit 1
[ -z "${BENCH_OUT:-}" ] && ln -sfn "$stamp" results/latest
"$host_cli" report "$result" || { say "FAILED: synclab report failed" >&2; exit 1; }
say "done in $(((SECONDS - start) / 60))m$(printf %02d $(((SECONDS - start) % 60)))s"
