# SPDX-License-Identifier: GPL-2.0
#
# ktap.sh: what every host test script (selftests/host/*_test.sh) sources
# to print its results as KTAP. Not a test itself (not executable).
#
# The script sets n=0 and prints "TAP version 13" and its plan; then one
# result per check:
#   result OK|FAIL|SKIP DESCRIPTION [WHY]
# WHY goes under a failure as "# " comments, at most 20 lines: text, or
# the name of a file holding it (a log); with SKIP it is the reason.

# Why user nobody (65534, through setpriv) cannot run the tree at $1, or
# nothing when it can. A private directory above the tree (mktemp -d makes
# them 0700) keeps nobody out, and a run as nobody would then test that
# directory's mode instead of synclab's refusal of an unprivileged user.
ktap_nobody_blocked() {
	if ! command -v setpriv >/dev/null; then
		echo "no setpriv"
	elif ! setpriv --reuid=65534 --regid=65534 --clear-groups \
		test -r "$1/Makefile" 2>/dev/null; then
		echo "user nobody cannot read $1 (a private directory above it)"
	fi
}

result() {
	n=$((n + 1))
	case "$1" in
	OK) echo "ok $n $2" ;;
	SKIP) echo "ok $n $2 # SKIP ${3:-}" ;;
	*)
		echo "not ok $n $2"
		if [ -n "${3:-}" ]; then
			if [ -f "$3" ]; then cat "$3"; else printf '%s\n' "$3"; fi |
				head -n 20 | sed 's/^/# /'
		fi
		;;
	esac
}
