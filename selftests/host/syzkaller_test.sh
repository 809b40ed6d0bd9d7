#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# syzkaller_test: tools/syzkaller/synclab.txt stays true to the interface.
# Its constants file is what tools/syzkaller/const.sh computes from
# kmod/uapi/synclab.h today, every constant the description uses is in it,
# and every ioctl command of the header has a description. KTAP on stdout.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
syz=$top/tools/syzkaller
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

. "$here/ktap.sh"

echo "TAP version 13"
echo "1..3"
if "$syz/const.sh" >"$tmp/const" 2>"$tmp/diff" &&
   diff -u "$syz/synclab.txt.const" "$tmp/const" >>"$tmp/diff"; then
	result OK "synclab.txt.const matches kmod/uapi/synclab.h"
else
	result FAIL "synclab.txt.const matches kmod/uapi/synclab.h"
	sed 's/^/# /' "$tmp/diff"
fi

missing=$(grep -o 'SYNCLAB_[A-Z0-9_]*\|AT_FDCWD' "$syz/synclab.txt" | sort -u |
	while read -r c; do
		grep -q "^$c = " "$syz/synclab.txt.const" || echo "$c"
	done)
if [ -z "$missing" ]; then
	result OK "every constant synclab.txt uses is defined"
else
	result FAIL "every constant synclab.txt uses is defined"
	printf '# missing: %s\n' $missing
fi

undescribed=$(grep -o 'define SYNCLAB_[A-Z_]*IOC_[A-Z_]*' "$top/kmod/uapi/synclab.h" |
	awk '{print $2}' | grep -v '_IOC_MAGIC$' | sort -u |
	while read -r c; do
		grep -q "cmd const\[$c\]" "$syz/synclab.txt" || echo "$c"
	done)
if [ -z "$undescribed" ]; then
	result OK "every ioctl command of the header is described"
else
	result FAIL "every ioctl command of the header is described"
	printf '# undescribed: %s\n' $undescribed
fi
