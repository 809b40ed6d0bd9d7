/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Workloads the benchmark engines must refuse, and the errno each must
 * give: one table for both sides (selftests/host/bench_test.c runs it
 * against the pthread engine, selftests/vm/bench_test.c against the
 * kthread engine). A structure's threads and keys come from its
 * descriptor (tools/cli/bench_desc.c, linked into both tests).
 */
#ifndef SYNCLAB_BENCH_CASES_H
#define SYNCLAB_BENCH_CASES_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../tools/cli/bench_desc.h"

/*
 * A small valid workload for @structure: its default threads, its
 * tests' keys.
 */
static inline struct synclab_workload bench_case_ok(unsigned int structure)
{
	const struct bench_desc *d = bench_desc(structure);
	struct synclab_workload w;

	memset(&w, 0, sizeof(w));
	w.structure = structure;
	w.threads[0] = d->threads[0];
	w.threads[1] = d->threads[1];
	w.keys = d->test_keys;
	w.batch = 1;
	w.seed = 7;
	w.warmup_ns = 10000000;
	w.duration_ns = 50000000;
	w.sample_shift = 4;
	return w;
}

/*
 * Runs every own mode of every described structure (those the benchmark
 * refuses aside) from its small workload through @run, which returns 0 or
 * -errno: a structure added to the descriptors is run without a line of
 * a test changing. Returns 0, or -1 with @why saying which run failed how.
 */
static inline int bench_case_every_mode(int (*run)(void *ctx,
						  const struct synclab_workload *w,
						  struct synclab_result *res),
					void *ctx, char *why, size_t len)
{
	const struct bench_desc *d;
	struct synclab_result res;
	unsigned int st, m;
	int ret;

	for (st = 0; (d = bench_desc(st)); st++) {
		for (m = 0; m < d->nmodes; m++) {
			struct synclab_workload w = bench_case_ok(st);

			if (d->hidden & (1U << m))
				continue;
			w.mode = m;
			ret = run(ctx, &w, &res);
			snprintf(why, len, "%s %s: %s", d->name, d->modes[m],
				 ret ? strerror(-ret) :
				 res.flags & SYNCLAB_RESULT_INVARIANT ?
				 "invariant broken" : "no operation done");
			if (ret || res.flags & SYNCLAB_RESULT_INVARIANT ||
			    !(res.ops_total[0] + res.ops_total[1]))
				return -1;
		}
	}
	return 0;
}

struct bench_case {
	const char *what;
	int err;		/* the errno the engine must give */
	unsigned int structure;
	void (*mutate)(struct synclab_workload *w);
};

static inline void bc_no_threads(struct synclab_workload *w)
{
	w->threads[0] = 0;
	w->threads[1] = 0;
}

static inline void bc_too_many_threads(struct synclab_workload *w)
{
	w->threads[0] = SYNCLAB_BENCH_MAX_THREADS;
	w->threads[1] = 1;
}

static inline void bc_threads_overflow(struct synclab_workload *w)
{
	w->threads[0] = 0xffffffff;
	w->threads[1] = 2;
}

static inline void bc_no_duration(struct synclab_workload *w)
{
	w->duration_ns = 0;
}

static inline void bc_long_duration(struct synclab_workload *w)
{
	w->duration_ns = SYNCLAB_BENCH_MAX_DURATION_NS + 1;
}

static inline void bc_long_warmup(struct synclab_workload *w)
{
	w->warmup_ns = SYNCLAB_BENCH_MAX_WARMUP_NS + 1;
}

static inline void bc_long_cs(struct synclab_workload *w)
{
	w->cs_ns = SYNCLAB_BENCH_MAX_WORK_NS + 1;
}

static inline void bc_long_think(struct synclab_workload *w)
{
	w->think_ns[1] = SYNCLAB_BENCH_MAX_WORK_NS + 1;
}

static inline void bc_no_batch(struct synclab_workload *w)
{
	w->batch = 0;
}

static inline void bc_big_batch(struct synclab_workload *w)
{
	w->batch = SYNCLAB_BENCH_MAX_BATCH + 1;
}

static inline void bc_mix_over(struct synclab_workload *w)
{
	w->mix = 1001;
}

static inline void bc_hot_over(struct synclab_workload *w)
{
	w->hot = 1001;
	w->hot_keys = 1;
}

static inline void bc_hot_keys_over(struct synclab_workload *w)
{
	w->hot = 500;
	w->hot_keys = w->keys + 1;
}

static inline void bc_hot_no_keys(struct synclab_workload *w)
{
	w->hot = 500;
	w->hot_keys = 0;
}

static inline void bc_sample_shift(struct synclab_workload *w)
{
	w->sample_shift = SYNCLAB_BENCH_MAX_SAMPLE_SHIFT + 1;
}

static inline void bc_unknown_flag(struct synclab_workload *w)
{
	w->flags = 0x80;
}

static inline void bc_reserved(struct synclab_workload *w)
{
	w->reserved[0] = 1;
}

static inline void bc_counted_no_role0(struct synclab_workload *w)
{
	w->threads[0] = 0;
	w->threads[1] = 1;
	w->ops_per_thread = 10;
}

static inline void bc_counted_too_many(struct synclab_workload *w)
{
	w->ops_per_thread = SYNCLAB_BENCH_MAX_OPS + 1;
}

static inline void bc_unknown_structure(struct synclab_workload *w)
{
	w->structure = SYNCLAB_BENCH_NSTRUCTS;
}

static inline void bc_mode_past_peers(struct synclab_workload *w)
{
	w->mode = SYNCLAB_BENCH_RING_CK_RING + 1;
}

static inline void bc_lock_mode(struct synclab_workload *w)
{
	w->mode = SYNCLAB_BENCH_LOCK_NMODES;
}

static inline void bc_spsc_two_producers(struct synclab_workload *w)
{
	w->mode = SYNCLAB_RING_SPSC;
	w->threads[0] = 2;
}

static inline void bc_ring_capacity(struct synclab_workload *w)
{
	w->keys = 100;		/* not a power of two */
}

static inline void bc_ring_prefill(struct synclab_workload *w)
{
	w->prefill = w->keys + 1;
}

static inline void bc_order_inverted(struct synclab_workload *w)
{
	w->mode = SYNCLAB_ORDER_INVERTED;
}

static inline void bc_order_one_account(struct synclab_workload *w)
{
	w->keys = 1;
}

static inline void bc_order_second_role(struct synclab_workload *w)
{
	w->threads[1] = 1;
}

static inline void bc_route_no_keys(struct synclab_workload *w)
{
	w->keys = 0;
}

static inline void bc_lock_mix(struct synclab_workload *w)
{
	w->mix = 10;
}

static const struct bench_case bench_bad_cases[] = {
	{ "no threads", EINVAL, SYNCLAB_BENCH_COUNT, bc_no_threads },
	{ "more threads than the maximum", EINVAL, SYNCLAB_BENCH_COUNT,
	  bc_too_many_threads },
	{ "thread counts that overflow", EINVAL, SYNCLAB_BENCH_COUNT,
	  bc_threads_overflow },
	{ "zero duration", EINVAL, SYNCLAB_BENCH_COUNT, bc_no_duration },
	{ "duration over the limit", EINVAL, SYNCLAB_BENCH_COUNT,
	  bc_long_duration },
	{ "warm-up over the limit", EINVAL, SYNCLAB_BENCH_COUNT, bc_long_warmup },
	{ "critical section over the limit", EINVAL, SYNCLAB_BENCH_LOCK,
	  bc_long_cs },
	{ "think time over the limit", EINVAL, SYNCLAB_BENCH_RING,
	  bc_long_think },
	{ "zero batch", EINVAL, SYNCLAB_BENCH_RING, bc_no_batch },
	{ "batch over the limit", EINVAL, SYNCLAB_BENCH_RING, bc_big_batch },
	{ "mix over 1000 per mille", EINVAL, SYNCLAB_BENCH_ROUTE, bc_mix_over },
	{ "hot over 1000 per mille", EINVAL, SYNCLAB_BENCH_ROUTE, bc_hot_over },
	{ "hot set larger than the keys", EINVAL, SYNCLAB_BENCH_ROUTE,
	  bc_hot_keys_over },
	{ "hot set of no keys", EINVAL, SYNCLAB_BENCH_ORDER, bc_hot_no_keys },
	{ "sample shift over the limit", EINVAL, SYNCLAB_BENCH_COUNT,
	  bc_sample_shift },
	{ "unknown flag", EINVAL, SYNCLAB_BENCH_COUNT, bc_unknown_flag },
	{ "nonzero reserved bytes", EINVAL, SYNCLAB_BENCH_COUNT, bc_reserved },
	{ "unknown structure", EINVAL, SYNCLAB_BENCH_COUNT,
	  bc_unknown_structure },
	{ "ring mode past its peers", EINVAL, SYNCLAB_BENCH_RING,
	  bc_mode_past_peers },
	{ "lock mode past its own", EINVAL, SYNCLAB_BENCH_LOCK, bc_lock_mode },
	{ "spsc with two producers", EINVAL, SYNCLAB_BENCH_RING,
	  bc_spsc_two_producers },
	{ "ring capacity not a power of two", EINVAL, SYNCLAB_BENCH_RING,
	  bc_ring_capacity },
	{ "ring prefill over capacity", EINVAL, SYNCLAB_BENCH_RING,
	  bc_ring_prefill },
	{ "order with the inverted strategy", EINVAL, SYNCLAB_BENCH_ORDER,
	  bc_order_inverted },
	{ "order with one account", EINVAL, SYNCLAB_BENCH_ORDER,
	  bc_order_one_account },
	{ "order with a second role", EINVAL, SYNCLAB_BENCH_ORDER,
	  bc_order_second_role },
	{ "route with no prefixes", EINVAL, SYNCLAB_BENCH_ROUTE,
	  bc_route_no_keys },
	{ "lock with a mix", EINVAL, SYNCLAB_BENCH_LOCK, bc_lock_mix },
	{ "counted run without role-0 threads", EINVAL, SYNCLAB_BENCH_RING,
	  bc_counted_no_role0 },
	{ "counted run over the limit", EINVAL, SYNCLAB_BENCH_COUNT,
	  bc_counted_too_many },
};

#endif /* SYNCLAB_BENCH_CASES_H */
