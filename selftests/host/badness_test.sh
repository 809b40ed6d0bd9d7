#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# badness_test: tools/vm/badness.sh, the console scan that fails a VM run,
# catches every pattern of tools/vm/badness.patterns in a canned log of
# kernel lines, one line at a time, including a line where userspace output
# and printk interleave; and it flags nothing in a clean boot log whose
# userspace lines merely mention the words. Its --expect mode, for a boot
# that provokes one report on purpose (the lockdep demo; the KCSAN demo,
# whose report ends at a banner, not a stack dump), passes exactly one such
# report and fails on none, two, a cut one, or any other badness beside
# it. --expect-some, for the KCSAN demo, whose one race KCSAN may report
# twice, passes one or more such reports and fails on none, a cut one or
# another race beside them. KTAP on stdout.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
scan=$top/tools/vm/badness.sh
patterns=$top/tools/vm/badness.patterns
data=$here/data
[ -d "$data" ] || data=$top/selftests/host/data
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
splat=$data/lockdep-order-demo.log
want='possible circular locking dependency'
expect_tests=10
allow_tests=6
some_tests=5

mapfile -t pats < <(grep -vE '^(#|$)' "$patterns")
mapfile -t lines < "$data/badness.log"
n=0
echo "TAP version 13"
echo "1..$(( ${#pats[@]} + ${#lines[@]} + 2 + expect_tests + some_tests + allow_tests ))"

. "$here/ktap.sh"

# Each pattern has a canned kernel line that shows it.
for p in "${pats[@]}"; do
	if grep -qE "$p" "$data/badness.log"; then
		result OK "pattern '$p' has a canned line"
	else
		result FAIL "pattern '$p' has a canned line"
	fi
done

# Each canned line, alone in a log, is caught.
for l in "${lines[@]}"; do
	printf '%s\n' "$l" >"$tmp"
	if "$scan" "$tmp" >/dev/null; then
		result FAIL "caught: ${l:0:60}"
	else
		result OK "caught: ${l:0:60}"
	fi
done

# The whole canned log reports every line, numbered.
hits=$("$scan" "$data/badness.log" | wc -l)
if [ "$hits" -eq "${#lines[@]}" ]; then
	result OK "whole canned log: $hits of ${#lines[@]} lines reported"
else
	result FAIL "whole canned log: $hits of ${#lines[@]} lines reported"
fi

# A clean boot with userspace chatter passes.
if "$scan" "$data/clean.log" >/dev/null; then
	result OK "clean log passes"
else
	result FAIL "clean log passes"
fi

# --expect: exactly one report, and nothing else.
expect() {	# expect PASS|FAIL description: scan $tmp in --expect mode
	if "$scan" --expect "$want" "$tmp" >/dev/null; then got=PASS; else got=FAIL; fi
	if [ "$got" = "$1" ]; then result OK "$2"; else result FAIL "$2"; fi
}

cp "$splat" "$tmp"
expect PASS "--expect: one circular-locking report passes"
if "$scan" "$splat" >/dev/null; then
	result FAIL "without --expect the same report fails the run"
else
	result OK "without --expect the same report fails the run"
fi
cp "$data/clean.log" "$tmp"
expect FAIL "--expect: no report fails"
cat "$splat" "$splat" >"$tmp"
expect FAIL "--expect: two reports fail"
{ cat "$splat"; echo '[   13.999999] BUG: KASAN: slab-use-after-free in order_transfer+0x4c/0x120 [synclab]'; } >"$tmp"
expect FAIL "--expect: another badness after the report fails"
sed 's/^\(\[ *[0-9.]*\] =\{20,\}\)$/[   13.402300] WARNING: CPU: 0 PID: 1 at kmod\/order.c:1 x+0x0\/0x1\n\1/' "$splat" >"$tmp"
expect FAIL "--expect: a badness just before the report's banner fails"
grep -v '</TASK>' "$splat" >"$tmp"
expect FAIL "--expect: a report without the end of its stack dump fails"

# A KCSAN report has no stack dump to end: its closing banner ends it.
kcsan=$data/kcsan-counter-demo.log
want='BUG: KCSAN: data-race in counter_add'
cp "$kcsan" "$tmp"
expect PASS "--expect: one KCSAN data-race report passes"
cat "$kcsan" "$kcsan" >"$tmp"
expect FAIL "--expect: two KCSAN reports fail"
awk '/=====/ { if (++n == 2) next } { print }' "$kcsan" >"$tmp"
expect FAIL "--expect: a KCSAN report without its closing banner fails"
want='possible circular locking dependency'

# --expect-some: the race reported twice in one demo boot (a real
# console), the second time at unknown origin: the watched load saw the
# value change but not the store.
twice=$data/kcsan-counter-demo-twice.log
some() {	# some PASS|FAIL description: scan $tmp in --expect-some mode
	if "$scan" --expect-some "$want" "$tmp" >/dev/null; then got=PASS; else got=FAIL; fi
	if [ "$got" = "$1" ]; then result OK "$2"; else result FAIL "$2"; fi
}
want='BUG: KCSAN: data-race in counter_add'
cp "$kcsan" "$tmp"
some PASS "--expect-some: one KCSAN data-race report passes"
cp "$twice" "$tmp"
some PASS "--expect-some: the race reported again, at unknown origin, passes"
cp "$data/clean.log" "$tmp"
some FAIL "--expect-some: no report fails"
sed 's/counter_add+0x6e/route_lookup+0x6e/' "$twice" >"$tmp"
some FAIL "--expect-some: a race in another function beside it fails"
sed '$d' "$twice" | sed '$d' | sed '$d' >"$tmp"
some FAIL "--expect-some: a second report without its closing banner fails"
want='possible circular locking dependency'

# --allow: any number of allowed notices, and nothing else.
notice=$data/alloc-failure.log
allowed='vmalloc error:|page allocation failure:'
allow() {	# allow PASS|FAIL description: scan $tmp in --allow mode
	if "$scan" --allow "$allowed" "$tmp" >/dev/null; then got=PASS; else got=FAIL; fi
	if [ "$got" = "$1" ]; then result OK "$2"; else result FAIL "$2"; fi
}

cp "$data/clean.log" "$tmp"
allow PASS "--allow: no notice at all passes"
cat "$notice" "$notice" >"$tmp"
allow PASS "--allow: two allocation-failure notices pass"
if "$scan" "$notice" >/dev/null; then
	result FAIL "without --allow the notice fails the run"
else
	result OK "without --allow the notice fails the run"
fi
{ cat "$notice"; echo '[  669.000001] BUG: KASAN: slab-use-after-free in route_lookup+0x4c/0x120 [synclab]'; } >"$tmp"
allow FAIL "--allow: a KASAN report beside the notices fails"
cp "$splat" "$tmp"
allow FAIL "--allow: a lockdep report is not an allowed notice"
{ cat "$notice"; echo '[  669.000002] page allocation failure: order:0, mode:0xcc0(GFP_KERNEL) (no dump follows)'; } >"$tmp"
allow PASS "--allow: an allowed one-line notice is exempt by itself"
