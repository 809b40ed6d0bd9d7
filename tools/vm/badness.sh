#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# badness.sh LOG: print every kernel line of a console log that matches
# tools/vm/badness.patterns, with its line number. Exits 1 when something
# matched, 0 when the log is clean, 2 when the log is unreadable.
#
# Only kernel lines count: they carry a printk timestamp "[   12.345678]"
# (the runner boots with printk.time=1); the timestamp may follow other text
# on the same line when userspace output and printk interleave.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: badness.sh LOG" >&2; exit 2; }
[ -r "$1" ] || { echo "badness.sh: cannot read $1" >&2; exit 2; }
here=$(dirname "$0")
alt=$(grep -vE '^(#|$)' "$here/badness.patterns" | paste -sd'|')
ts='\[ *[0-9]+\.[0-9]+\]'
if LC_ALL=C grep -naE "$ts.*($alt)" "$1"; then
	exit 1
fi
exit 0
