#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# const.sh: prints synclab.txt.const, the constants synclab.txt uses as
# syzkaller wants them, computed from kmod/uapi/synclab.h: every SYNCLAB_*
# name of the description (and AT_FDCWD), NAME_SIZE being the size of
# struct name (SYNCLAB_ROUTE_STATS_SIZE: struct synclab_route_stats).
# A new device's description needs no list of its constants anywhere
# else. selftests/host/syzkaller_test.sh checks that the committed file
# is what this prints. Regenerate:
#   tools/syzkaller/const.sh > tools/syzkaller/synclab.txt.const
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

names=$(grep -o 'SYNCLAB_[A-Z0-9_]*\|AT_FDCWD' "$here/synclab.txt" | LC_ALL=C sort -u)
{
	printf '#include <fcntl.h>\n#include <stdio.h>\n\n#include "uapi/synclab.h"\n\n'
	printf 'int main(void)\n{\n'
	for c in $names; do
		case "$c" in
		*_SIZE)
			s=$(echo "${c%_SIZE}" | tr '[:upper:]' '[:lower:]')
			printf '\tprintf("%s = %%zu\\n", sizeof(struct %s));\n' "$c" "$s"
			;;
		*)
			printf '\tprintf("%s = %%llu\\n", (unsigned long long)(long long)(%s));\n' \
				"$c" "$c"
			;;
		esac
	done
	printf '\treturn 0;\n}\n'
} >"$tmp/const.c"
gcc -Wall -Wextra -Werror -I"$top/kmod" -o "$tmp/const" "$tmp/const.c"
echo "# Constants of synclab.txt on amd64, from kmod/uapi/synclab.h."
echo "# Regenerate: tools/syzkaller/const.sh > tools/syzkaller/synclab.txt.const"
echo "arches = amd64"
"$tmp/const"
