/* SPDX-License-Identifier: GPL-2.0 */
/*
 * counter_user: a race on the counter (kmod/counter.c over user/shim),
 * run from start to end with pthreads, for the host tests and their
 * children: N adders meet at a start flag and each adds one M times;
 * an optional reader reads the total all the while and checks what it
 * sees. The benchmark runs the same counter through the engine instead
 * (kmod/bench.c); this front end is for checks, not timings.
 */
#ifndef SYNCLAB_COUNTER_USER_H
#define SYNCLAB_COUNTER_USER_H

#include <stdbool.h>

#include "counter.h"

#define COUNTER_USER_MAX_THREADS	64

/* What one race did and saw. */
struct counter_user_race {
	u64 expected;		/* threads x increments */
	u64 total;		/* counter_read() once every adder is done */
	u64 fast;		/* counter_read_fast() then */
	/* the reader's, when there was one */
	u64 reads;
	u64 read_max;		/* the largest total it read */
	u64 backwards;		/* reads lower than the one before */
	u64 fast_over;		/* fast reads above the exact one after */
	u64 fast_err_max;	/* largest exact - fast, a read apart */
};

int counter_user_race(struct counter *c, unsigned int threads,
		      u64 increments, bool reader,
		      struct counter_user_race *out);

#endif /* SYNCLAB_COUNTER_USER_H */
