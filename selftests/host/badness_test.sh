#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# badness_test: tools/vm/badness.sh, the console scan that fails a VM run,
# catches every pattern of tools/vm/badness.patterns in a canned log of
# kernel lines, one line at a time, including a line where userspace output
# and printk interleave; and it flags nothing in a clean boot log whose
# userspace lines merely mention the words. KTAP on stdout.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
scan=$top/tools/vm/badness.sh
patterns=$top/tools/vm/badness.patterns
data=$here/data
[ -d "$data" ] || data=$top/selftests/host/data
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

mapfile -t pats < <(grep -vE '^(#|$)' "$patterns")
mapfile -t lines < "$data/badness.log"
n=0
echo "TAP version 13"
echo "1..$(( ${#pats[@]} + ${#lines[@]} + 2 ))"

result() {	# result OK|FAIL description
	n=$((n + 1))
	if [ "$1" = OK ]; then echo "ok $n $2"; else echo "not ok $n $2"; fi
}

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
