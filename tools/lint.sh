#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lint.sh: the kernel's own checkers over kmod/, as KTAP on stdout.
#   - scripts/checkpatch.pl --strict from Debian's linux-source, one result
#     per file, clean means "0 errors, 0 warnings, 0 checks";
#   - scripts/kernel-doc -none from the same tree, one result per file:
#     every /** comment documents the function or struct below it, whole;
#   - sparse, through kbuild's C=2 against the debug kernel (whose
#     lockdep makes the __rcu and context annotations count), one result.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
ksrc=$(tools/kernel.sh src) || exit 1
files=(kmod/*.c kmod/*.h kmod/uapi/*.h)
n=0

echo "TAP version 13"
echo "1..$((2 * ${#files[@]} + 1))"

# result NAME OUTPUT: ok when the checker printed nothing.
result() {
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n $1"
	else
		echo "not ok $n $1"
		printf '%s\n' "$2" | sed 's/^/# /'
	fi
}

for f in "${files[@]}"; do
	result "checkpatch $f" "$(perl "$ksrc/scripts/checkpatch.pl" --strict \
		--no-tree --quiet --no-summary --show-types --color=never \
		-f "$f" 2>&1)"
done
for f in "${files[@]}"; do
	result "kernel-doc $f" "$(perl "$ksrc/scripts/kernel-doc" -none "$f" 2>&1)"
done

n=$((n + 1))
log=$(mktemp)
if tools/module.sh --flavor debug C=2 >/dev/null 2>"$log"; then
	findings=$(grep -E '(warning|error):' "$log" || true)
	if [ -z "$findings" ]; then
		echo "ok $n sparse kmod/"
	else
		echo "not ok $n sparse kmod/"
		printf '%s\n' "$findings" | sed 's/^/# /'
	fi
else
	echo "not ok $n sparse kmod/ (the module did not build)"
	tail -n 20 "$log" | sed 's/^/# /'
fi
rm -f "$log"
