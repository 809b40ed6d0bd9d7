#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# counter_cli_test: `synclab counter` on the host, through the CLI built
# under ASan+UBSan (build/host-helpers/synclab-asan; `make host-tests`).
#  - race --side user prints expected, got and lost for every mode: the
#    expected total is threads x increments; atomic, locked and percpu
#    (batches 1 and 1024, with a reader) got it all and lost 0; racy got
#    no more than expected, and got + lost = expected;
#  - --help and explain work; bad modes, sides, numbers and options fail
#    with one line on stderr and a non-zero exit.
# KTAP on stdout.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cli=$top/build/host-helpers/synclab-asan
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1
n=0
echo "TAP version 13"
echo "1..14"

. "$here/ktap.sh"

field() {	# field NAME TEXT: the number after "NAME " at a line's start
	sed -n "s/^$1 *\([0-9]*\).*/\1/p" <<<"$2"
}

# race MODE EXACT ARGS...: one race of 3 threads x 20000 increments
race() {
	local mode=$1 exact=$2 out rc exp got lost
	shift 2
	out=$("$cli" counter race --side user --threads 3 --increments 20000 \
		--mode "$mode" "$@" 2>&1)
	rc=$?
	exp=$(field expected "$out") got=$(field got "$out")
	lost=$(field lost "$out")
	if [ $rc -ne 0 ] || [ "$exp" != 60000 ] || [ -z "$got" ] ||
	   [ $((got + lost)) -ne 60000 ] || [ "$got" -gt 60000 ] ||
	   { [ "$exact" = exact ] && [ "$lost" -ne 0 ]; }; then
		result FAIL "race $mode $*: $(tr '\n' ' ' <<<"$out")"
	else
		result OK "race $mode $*: expected $exp got $got lost $lost"
	fi
}

race racy any
race atomic exact
race locked exact
race percpu exact
race percpu exact --batch 1 --reader
race atomic exact --reader
race percpu exact --batch 1024

fails() {	# fails DESCRIPTION ARGS...: exit != 0, one line on stderr
	local what=$1 err rc
	shift
	err=$("$cli" counter "$@" 2>&1 >/dev/null)
	rc=$?
	if [ $rc -ne 0 ] && [ "$(wc -l <<<"$err")" -eq 1 ] &&
	   [[ "$err" == synclab:* ]]; then
		result OK "$what: $err"
	else
		result FAIL "$what: exit $rc, stderr: $err"
	fi
}

fails "an unknown mode" race --mode nope
fails "an unknown side" race --side moon
fails "zero threads" race --threads 0
fails "a percpu batch of 0" race --mode percpu --batch 0
fails "an unknown option" race --bogus

if "$cli" counter --help | grep -q '^  race '; then
	result OK "--help lists race"
else
	result FAIL "--help lists race"
fi
if "$cli" counter explain | grep -q 'counter_add_racy'; then
	result OK "explain names the racing function"
else
	result FAIL "explain names the racing function"
fi
