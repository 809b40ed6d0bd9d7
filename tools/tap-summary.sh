#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tap-summary.sh FILE.tap...: count the top-level results of (K)TAP files.
#
# A result is a line starting "ok" or "not ok"; "ok ... # SKIP" is a skip,
# never a pass. Results a file's plan ("1..N") promised but never printed
# (a test program that crashed, a VM that died) count as failed, and so
# does a file with neither plan nor results.
#
# Prints one line per file with something other than passes on stderr,
# then the totals as the last line on stdout:
#   N passed, N failed, N skipped
# Exit status: 1 when anything failed.
set -euo pipefail

# A file that cannot be read counts as one failure, named on stderr.
files=() unreadable=0
for f in "$@"; do
	if [ -r "$f" ]; then
		files+=("$f")
	else
		echo "$f: cannot read it: 1 failed" >&2
		unreadable=$((unreadable + 1))
	fi
done

awk -v unreadable="$unreadable" '
function finish(f,   seen, missing) {
	if (f == "")
		return
	seen = p + x + s
	missing = (plan > seen) ? plan - seen : 0
	if (plan < 0 && seen == 0)
		missing = 1
	x += missing
	P += p; X += x; S += s
	if (x || s)
		printf "%s: %d passed, %d failed, %d skipped%s\n", f, p, x, s,
			missing ? " (" missing " results missing)" : "" > "/dev/stderr"
}
FNR == 1 { finish(file); file = FILENAME; p = x = s = 0; plan = -1 }
/^1\.\.[0-9]+/ { if (plan < 0) plan = substr($1, 4) + 0 }
/^ok / { if ($0 ~ /# *[Ss][Kk][Ii][Pp]/) s++; else p++ }
/^not ok / { x++ }
END {
	finish(file)
	X += unreadable
	printf "%d passed, %d failed, %d skipped\n", P, X, S
	exit X ? 1 : 0
}' "${files[@]}" </dev/null
