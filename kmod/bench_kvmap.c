// SPDX-License-Identifier: GPL-2.0
/*
 * kvmap in the benchmark engine (kmod/bench.c), the same file in the
 * module and in userspace: a map of w->keys keys (0..keys-1, every one put
 * before the start), then
 *
 *   reader (role 0): kvmap_get() of a key (bench_pick_key(): uniform, or
 *          hot per mille from the first hot_keys); the mix's per mille of
 *          its operations are writes instead;
 *   writer (role 1, or a reader's mixed operation): delete a key and put
 *          it back with a new value, two updates: a node freed (at once,
 *          or through call_rcu() in rcu mode) and one allocated, as a
 *          cache's eviction and refill do.
 *
 * param[0] stripes (striped mode; 0: SYNCLAB_KVMAP_DEFAULT_STRIPES, at
 * most the buckets), param[1] buckets (0: keys rounded up to a power of
 * two, one key a bucket on average). stats[]: SYNCLAB_KVMAP_STAT_NAMES,
 * gets that hit and missed (a miss: a key between a writer's delete and
 * its put), and the walk of the map after the run. Every writer put its
 * key back, so the map must hold all w->keys keys at the end.
 *
 * The peers (kernel: rhashtable, kmod/bench_kvmap_peer.c; host: liburcu's
 * cds_lfht, user/bench_peers.c) run the same operations on the same keys
 * and share the helpers declared in bench.h.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/slab.h>

#include "bench.h"
#include "kvmap.h"

struct bench_kvmap {
	struct kvmap *m;
};

/* The buckets a workload asks for: param[1], or keys rounded up. */
u32 bench_kvmap_buckets(const struct synclab_workload *w)
{
	if (w->param[SYNCLAB_KVMAP_PARAM_BUCKETS])
		return w->param[SYNCLAB_KVMAP_PARAM_BUCKETS];
	return roundup_pow_of_two(max_t(u32, w->keys, 1));
}

static u32 bench_kvmap_stripes(const struct synclab_workload *w)
{
	if (w->mode != SYNCLAB_KVMAP_STRIPED)
		return 0;
	if (w->param[SYNCLAB_KVMAP_PARAM_STRIPES])
		return w->param[SYNCLAB_KVMAP_PARAM_STRIPES];
	return min_t(u32, SYNCLAB_KVMAP_DEFAULT_STRIPES, bench_kvmap_buckets(w));
}

/* Keys, buckets and the unused params of every mode and peer. */
int bench_kvmap_check_common(const struct synclab_workload *w)
{
	if (!w->keys || w->keys > SYNCLAB_KVMAP_MAX_KEYS || w->batch != 1 ||
	    w->param[2] || w->param[3])
		return -EINVAL;
	if (!is_power_of_2(bench_kvmap_buckets(w)) ||
	    bench_kvmap_buckets(w) > SYNCLAB_KVMAP_MAX_BUCKETS)
		return -EINVAL;
	return 0;
}

static int bench_kvmap_check(const struct synclab_workload *w)
{
	int ret = bench_kvmap_check_common(w);

	if (ret)
		return ret;
	if (w->mode != SYNCLAB_KVMAP_STRIPED &&
	    w->param[SYNCLAB_KVMAP_PARAM_STRIPES])
		return -EINVAL;
	return kvmap_config_valid(w->mode, bench_kvmap_buckets(w),
				  bench_kvmap_stripes(w)) ? 0 : -EINVAL;
}

/* The value a writer puts: the key in the low half, its sequence above. */
u64 bench_kvmap_value(struct bench_thread *t, u64 key)
{
	return ++t->seq << 32 | (key & 0xffffffff);
}

static int bench_kvmap_setup(struct bench_run *run)
{
	struct bench_kvmap *s = kzalloc(sizeof(*s), GFP_KERNEL);
	bool replaced;
	u32 k;
	int ret;

	run->state = s;
	if (!s)
		return -ENOMEM;
	ret = kvmap_create(&s->m, run->w.mode, bench_kvmap_buckets(&run->w),
			   bench_kvmap_stripes(&run->w));
	for (k = 0; !ret && k < run->w.keys; k++)
		ret = kvmap_put(s->m, k, k, &replaced);
	return ret;
}

static void bench_kvmap_teardown(struct bench_run *run)
{
	struct bench_kvmap *s = run->state;

	if (!s)
		return;
	kvmap_destroy(s->m);
	kfree(s);
}

static unsigned int bench_kvmap_op(struct bench_thread *t, unsigned int n)
{
	struct bench_kvmap *s = t->run->state;
	struct bench_kvmap_thread *p = t->priv;
	unsigned int i;
	bool replaced;
	u64 key, v;

	if (t->role == 1 || t->mixed) {
		for (i = 0; i < n; i++) {
			key = bench_pick_key(t);
			if (kvmap_delete(s->m, key))
				t->failures++;	/* another writer's, just now */
			if (kvmap_put(s->m, key, bench_kvmap_value(t, key),
				      &replaced))
				t->failures++;
		}
		return n;
	}
	for (i = 0; i < n; i++) {
		if (kvmap_get(s->m, bench_pick_key(t), &v))
			p->hits++;
		else
			p->misses++;
	}
	return n;
}

/* Sum the threads' hits and misses into stats[]. */
void bench_kvmap_collect_gets(struct bench_run *run, struct synclab_result *res)
{
	unsigned int i;

	for (i = 0; i < run->nthreads; i++) {
		struct bench_kvmap_thread *p = run->threads[i].priv;

		res->stats[SYNCLAB_KVMAP_STAT_HITS] += p->hits;
		res->stats[SYNCLAB_KVMAP_STAT_MISSES] += p->misses;
	}
}

static void bench_kvmap_collect(struct bench_run *run,
				struct synclab_result *res)
{
	struct bench_kvmap *s = run->state;
	struct kvmap_stats st;

	bench_kvmap_collect_gets(run, res);
	kvmap_stats(s->m, &st);
	res->stats[SYNCLAB_KVMAP_STAT_ENTRIES] = st.entries;
	res->stats[SYNCLAB_KVMAP_STAT_USED_BUCKETS] = st.used_buckets;
	res->stats[SYNCLAB_KVMAP_STAT_LONGEST_CHAIN] = st.longest_chain;
	res->mem_bytes = st.bytes;
	if (st.entries != run->w.keys)
		res->flags |= SYNCLAB_RESULT_INVARIANT;
}

static const char * const bench_kvmap_stat_names[] = SYNCLAB_KVMAP_STAT_NAMES;

const struct bench_ops bench_kvmap_ops = {
	.name		= "kvmap",
	.structure	= SYNCLAB_BENCH_KVMAP,
	.nmodes		= SYNCLAB_KVMAP_NMODES,
	.npeers		= 2,	/* rhashtable (kernel), cds_lfht (host) */
	.priv_size	= sizeof(struct bench_kvmap_thread),
	.check		= bench_kvmap_check,
	.setup		= bench_kvmap_setup,
	.teardown	= bench_kvmap_teardown,
	.op		= bench_kvmap_op,
	.collect	= bench_kvmap_collect,
	.stat_names	= bench_kvmap_stat_names,
	.nstats		= SYNCLAB_KVMAP_NSTATS,
};
