#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# badness.sh [--expect ERE | --expect-some ERE | --allow ERE] LOG: print
# every kernel line of a console log that matches tools/vm/badness.patterns,
# with its line number. Exits 1 when something matched, 0 when the log is
# clean, 2 when the log is unreadable.
#
# Only kernel lines count: they carry a printk timestamp "[   12.345678]"
# (the runner boots with printk.time=1); the timestamp may follow other text
# on the same line when userspace output and printk interleave.
#
# --expect ERE: the log must hold exactly one kernel report whose header
# line matches ERE (a boot that provokes one on purpose, such as the
# lockdep demo). That report's lines -- from the "=====" banner before its
# header to the "</TASK>" that ends its stack dump (a KCSAN report, which
# prints no such dump: to its closing "=====" banner) -- are exempt; every
# other line is scanned as usual. No such report, two of them, one without
# the end of its stack dump, or any other badness: exit 1, saying why.
#
# --expect-some ERE: the same, for one or more such reports. KCSAN needs
# it: its rate limit keys a report on the pair of code addresses that
# raced, so one racy line of C can be reported twice within a second -- a
# load caught beside the store, then a watched load whose value changed
# with the store unseen ("race at unknown origin", no second address).
#
# --allow ERE: the same exemption for any number of reports (none too)
# whose header matches ERE, or for the header line alone when no stack dump
# follows it: a boot that injects allocation failures lets the kernel's own
# allocation-failure notices through, and nothing else.
set -euo pipefail

usage() {
	echo "usage: badness.sh [--expect ERE | --expect-some ERE | --allow ERE] LOG" >&2
	exit 2
}

expect= count=one
case "${1:-}" in
--expect | --expect-some | --allow)
	[ $# -ge 2 ] || usage
	[ "$1" = --expect-some ] && count=some
	[ "$1" = --allow ] && count=any
	expect=$2
	shift 2
	;;
esac
[ $# -eq 1 ] || usage
[ -r "$1" ] || { echo "badness.sh: cannot read $1" >&2; exit 2; }
here=$(dirname "$0")
alt=$(grep -vE '^(#|$)' "$here/badness.patterns" | paste -sd'|')
ts='\[ *[0-9]+\.[0-9]+\]'
if [ -z "$expect" ]; then
	if LC_ALL=C grep -naE "$ts.*($alt)" "$1"; then
		exit 1
	fi
	exit 0
fi

# ENVIRON, not -v: awk would read the backslashes as escapes.
TS=$ts ALT=$alt WANT=$expect COUNT=$count LC_ALL=C awk '
{ line[NR] = $0 }
END {
	ts = ENVIRON["TS"]; head = ts ".*(" ENVIRON["WANT"] ")"
	found = 0; bad = 0
	for (i = 1; i <= NR; i++) {
		if (line[i] !~ head)
			continue
		found++
		start = (i > 1 && line[i - 1] ~ (ts " *=+ *$")) ? i - 1 : i
		kcsan = line[i] ~ "BUG: KCSAN:"
		end = 0
		for (j = i + 1; j <= NR && !end; j++) {
			if (line[j] ~ head)
				break
			if (line[j] ~ (ts " *</TASK>") ||
			    (kcsan && line[j] ~ (ts " *=+ *$")))
				end = j
		}
		if (!end && ENVIRON["COUNT"] == "any") {
			exempt[i] = 1	# an allowed one-line notice
			continue
		}
		if (!end) {
			printf "badness.sh: the report at line %d has no end of its stack dump\n", i
			bad = 1
			continue
		}
		for (k = start; k <= end; k++)
			exempt[k] = 1
		i = end
	}
	if (ENVIRON["COUNT"] == "one" && found != 1) {
		printf "badness.sh: expected exactly one report matching \"%s\", found %d\n", ENVIRON["WANT"], found
		bad = 1
	}
	if (ENVIRON["COUNT"] == "some" && found < 1) {
		printf "badness.sh: expected a report matching \"%s\", found none\n", ENVIRON["WANT"]
		bad = 1
	}
	alt = ts ".*(" ENVIRON["ALT"] ")"
	for (i = 1; i <= NR; i++)
		if (!(i in exempt) && line[i] ~ alt) {
			printf "%d:%s\n", i, line[i]
			bad = 1
		}
	exit bad
}' "$1"
