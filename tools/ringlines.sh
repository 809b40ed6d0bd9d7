#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ringlines.sh [REV]: how many times per record a cache line of the ring
# goes from one CPU's cache to another's, for synclab's ring (the working
# tree's kmod/ring.c, and the one at git revision REV if given) and the
# kernel's ptr_ring, in three plans: 1x1 nearly empty (the consumer keeps
# up), 2x2 nearly empty, 1x1 nearly full (the producer keeps up).
#
# No timing: tools/ringlines/driver.c plays the CPUs in turn in one
# thread, valgrind's lackey records every load and store, and
# tools/ringlines/count.c follows each line (MESI without timing: see
# there). A count, not a speed; it says which lines cross and how often,
# whatever the load of the machine. Spinlock mode; userspace build over
# user/shim (pthread spinlocks: the lock word is in the same place).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
rev=${1:-}
records=2000
out=build/ringlines
ksrc=$(tools/kernel.sh src)
command -v valgrind >/dev/null || { echo "ringlines: valgrind missing; run 'make deps'" >&2; exit 1; }
mkdir -p "$out"

cflags=(-std=gnu11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -pthread
	-Iuser/shim -Iuser -Ikmod -include user/shim/shim.h)
libs=(-lurcu-memb -lurcu-common)

gcc "${cflags[@]}" -o "$out/count" tools/ringlines/count.c
gcc "${cflags[@]}" -o "$out/ring" tools/ringlines/driver.c kmod/ring.c "${libs[@]}"
# The kernel builds its headers without -Wextra.
gcc "${cflags[@]}" -Wno-unused-parameter -Wno-sign-compare -Itools/ringlines -DRINGLINES_PTR \
	-DRINGLINES_PTR_RING_H="\"$ksrc/include/linux/ptr_ring.h\"" \
	-o "$out/ptr_ring" tools/ringlines/driver.c "${libs[@]}"
subjects=(ring ptr_ring)
if [ -n "$rev" ]; then
	mkdir -p "$out/rev"
	git show "$rev:kmod/ring.c" >"$out/rev/ring.c"
	git show "$rev:kmod/ring.h" >"$out/rev/ring.h"
	gcc -I"$out/rev" "${cflags[@]}" -o "$out/ring@rev" tools/ringlines/driver.c \
		"$out/rev/ring.c" "${libs[@]}"
	subjects=("ring@rev" ring ptr_ring)
fi

for plan in empty 2x2 full; do
	for s in "${subjects[@]}"; do
		name=$s
		[ "$s" = "ring@rev" ] && name="ring@$rev"
		echo "== $plan: $name"
		valgrind --tool=lackey --trace-mem=yes --log-file="$out/trace" \
			"$out/$s" "$plan" "$records" >"$out/addresses"
		"$out/count" "$out/addresses" "$out/trace"
		rm -f "$out/trace"
	done
done
