// SPDX-License-Identifier: GPL-2.0
/*
 * What the benchmark engine (kmod/bench.c) runs: one struct bench_ops per
 * structure, the same file in the module and in userspace. Each op is a
 * few lines around the structure's own API; the engine counts, times and
 * sums.
 *
 *   route  reader: a lookup of an address inside a key's prefix, the
 *          next hop alone as the host's peers answer (route_lookup_nh(),
 *          inline as rte_lpm_lookup() is: route_inline.h; or @batch of
 *          them through route_lookup_bulk_nh()); writer: delete a
 *          key's prefix and add it back, two updates. extra: lookup hits;
 *          for writers, prefixes another writer had just deleted.
 *   ring   producer: push @batch records; consumer: pop up to @batch.
 *          Items are records (8 bytes: thread and sequence number). After
 *          the run, the ring must hold prefill + pushed - popped records.
 *   order  worker: transfer 1 between two distinct accounts. extra:
 *          trylock retries. After the run, the audit must balance.
 *   lock   worker: take the lock (or enter the RCU read side), cs_ns of
 *          work, release; with more than one worker under the locks that
 *          exclude, one shared increment too, and after the run the
 *          counter must equal the work items. With cs_ns 0 the rwlock
 *          and RCU sections are empty, as refscale's, and so are a lone
 *          worker's spinlock and mutex sections.
 *   count  worker: increment its own tally, one store per operation:
 *          extra is the tally, which must equal ops_total (the engine's
 *          self-test); its rate is the engine's own limit.
 *
 * Each op runs a chunk of n operations (struct bench_ops in bench.h): a
 * plain loop over the structure's call, counting the operations that did
 * nothing in t->failures. Per-thread state (t->priv, .priv_size bytes) is
 * the engine's to allocate and free.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "bench.h"
#include "order.h"
#include "ring.h"
#include "route.h"
#include "route_inline.h"
#include "routegen.h"

/* ---- route -------------------------------------------------------------- */

struct bench_route {
	struct route_table *t;
	struct synclab_route *routes;
	bool inited;
};

struct bench_route_thread {
	u32 addrs[SYNCLAB_BENCH_MAX_BATCH];
	u32 nexthops[SYNCLAB_BENCH_MAX_BATCH];
};

static int bench_route_check(const struct synclab_workload *w)
{
	if (!w->keys || w->keys > SYNCLAB_ROUTE_MAX_LOAD)
		return -EINVAL;
	return 0;
}

static int bench_route_setup(struct bench_run *run)
{
	struct bench_route *s = kzalloc(sizeof(*s), GFP_KERNEL);
	int ret;

	run->state = s;
	if (!s)
		return -ENOMEM;
	ret = route_init();
	if (ret)
		return ret;
	s->inited = true;
	s->routes = kvmalloc_array(run->w.keys, sizeof(*s->routes), GFP_KERNEL | __GFP_NOWARN);
	s->t = route_table_create(run->w.mode);
	if (!s->routes || !s->t)
		return -ENOMEM;
	ret = routegen(s->routes, run->w.keys, run->w.seed);
	if (ret)
		return ret;
	return route_load(s->t, s->routes, run->w.keys);
}

static void bench_route_teardown(struct bench_run *run)
{
	struct bench_route *s = run->state;

	if (!s)
		return;
	route_table_destroy(s->t);
	kvfree(s->routes);
	if (s->inited)
		route_exit();
	kfree(s);
}

/**
 * bench_route_addr() - the address a reader looks up next
 * @t:		the reader; draws from its PRNG
 * @routes:	the table it was loaded with (routegen(), the run's seed)
 *
 * An address inside a key's prefix: the prefix and random host bits.
 * route's modes and the host's peers (user/bench_peers.c) all
 * call this, so thread i looks up the same addresses in every mode.
 */
u32 bench_route_addr(struct bench_thread *t, const struct synclab_route *routes)
{
	const struct synclab_route *r = &routes[bench_pick_key(t)];

	return r->prefix | ((u32)synclab_prng_next(&t->rng) &
			    ~synclab_route_mask(r->len));
}

/* A writer's update, or a mixed reader's: delete a prefix, add it back. */
static void bench_route_update(struct bench_thread *t, struct bench_route *s)
{
	const struct synclab_route *r = &s->routes[bench_pick_key(t)];
	bool replaced;

	if (route_del(s->t, r->prefix, r->len) && !t->mixed)
		t->extra++;
	route_add(s->t, r->prefix, r->len, r->nexthop, &replaced);
}

/*
 * @n lookups one at a time; @rcu is a constant where it is inlined, so
 * each caller's loop is the walk alone: an rcu table's lookup inline
 * (route_inline.h), the lock modes' out of line.
 */
static __always_inline unsigned int bench_route_one(struct bench_thread *t,
						    struct bench_route *s,
						    unsigned int n, bool rcu)
{
	struct bench_route_thread *p = t->priv;
	struct route_table *rt = s->t;
	unsigned int k;
	u64 hits = 0;

	for (k = 0; k < n; k++) {
		u32 addr = bench_route_addr(t, s->routes);

		hits += rcu ? rt_lookup_nh_rcu(rt, addr, p->nexthops) :
			      route_lookup_nh(rt, addr, p->nexthops);
	}
	t->extra += hits;
	return n;
}

static unsigned int bench_route_op(struct bench_thread *t, unsigned int n)
{
	struct bench_route *s = t->run->state;
	struct bench_route_thread *p = t->priv;
	unsigned int i, k, batch = t->run->w.batch;
	u64 hits = 0;

	if (t->role == 1 || t->mixed) {
		for (k = 0; k < n; k++)
			bench_route_update(t, s);
		return n;
	}
	/* A table's mode is set when it is created: tested once a chunk. */
	if (batch == 1 && s->t->mode == SYNCLAB_ROUTE_RCU)
		return bench_route_one(t, s, n, true);
	if (batch == 1)
		return bench_route_one(t, s, n, false);
	for (k = 0; k < n; k++) {
		for (i = 0; i < batch; i++)
			p->addrs[i] = bench_route_addr(t, s->routes);
		hits += route_lookup_bulk_nh(s->t, p->addrs, batch,
					     p->nexthops, 0);
	}
	t->extra += hits;
	return n * batch;
}

/* Every writer put its prefix back: the table is whole again. Its size. */
static void bench_route_collect(struct bench_run *run,
				struct synclab_result *res)
{
	struct bench_route *s = run->state;
	struct route_counters c;

	route_counters(s->t, &c);
	res->mem_bytes = c.bytes;
	if (c.prefixes != run->w.keys)
		res->flags |= SYNCLAB_RESULT_INVARIANT;
}

const struct bench_ops bench_route_ops = {
	.name		= "route",
	.structure	= SYNCLAB_BENCH_ROUTE,
	.nmodes		= SYNCLAB_ROUTE_NMODES,
	.npeers		= 2,	/* rte_lpm, rte_fib */
	.priv_size	= sizeof(struct bench_route_thread),
	.check		= bench_route_check,
	.setup		= bench_route_setup,
	.teardown	= bench_route_teardown,
	.op		= bench_route_op,
	.collect	= bench_route_collect,
};

/* ---- ring ------------------------------------------------------------------ */

struct bench_ring {
	struct ring *r;
};

struct bench_ring_thread {
	u64 recs[SYNCLAB_BENCH_MAX_BATCH];
};

static int bench_ring_check(const struct synclab_workload *w)
{
	if (!ring_config_valid(w->keys, w->mode) || w->prefill > w->keys ||
	    w->mix)
		return -EINVAL;
	if (w->mode == SYNCLAB_RING_SPSC &&
	    (w->threads[0] != 1 || w->threads[1] != 1))
		return -EINVAL;
	return 0;
}

/*
 * A record for the benchmark: thread and sequence, no checksum (the tests
 * check records; here the ring competes with ptr_ring, whose items are
 * bare pointers, so both move the same cheap 8 bytes). Never 0, which the
 * ring keeps for an empty slot.
 */
static u64 bench_ring_rec(u16 producer, u32 seq)
{
	return (u64)(producer + 1) << 32 | seq;
}

static int bench_ring_setup(struct bench_run *run)
{
	struct bench_ring *s = kzalloc(sizeof(*s), GFP_KERNEL);
	u32 i;
	int ret;

	run->state = s;
	if (!s)
		return -ENOMEM;
	ret = ring_create(&s->r, run->w.keys, run->w.mode);
	if (ret)
		return ret;
	for (i = 0; i < run->w.prefill; i++)
		if (ring_push(s->r, bench_ring_rec(0xffff, i)))
			return -ENOSPC;
	return 0;
}

static void bench_ring_teardown(struct bench_run *run)
{
	struct bench_ring *s = run->state;

	if (!s)
		return;
	if (s->r)
		ring_destroy(s->r);
	kfree(s);
}

/* One push of @batch records (or one record): the records it took. */
static unsigned int bench_ring_push(struct bench_thread *t, struct ring *r,
				    u64 *recs, unsigned int batch)
{
	unsigned int i, n;

	if (batch == 1) {
		if (ring_push(r, bench_ring_rec(t->id, t->seq)))
			return 0;
		t->seq++;
		return 1;
	}
	for (i = 0; i < batch; i++)
		recs[i] = bench_ring_rec(t->id, t->seq + i);
	n = ring_push_batch(r, recs, batch);
	t->seq += n;
	return n;
}

static unsigned int bench_ring_op(struct bench_thread *t, unsigned int n)
{
	struct bench_ring *s = t->run->state;
	struct bench_ring_thread *p = t->priv;
	unsigned int k, got, items = 0, batch = t->run->w.batch;

	for (k = 0; k < n; k++) {
		if (t->role == 0)
			got = bench_ring_push(t, s->r, p->recs, batch);
		else if (batch == 1)
			got = ring_pop(s->r, p->recs) ? 0 : 1;
		else
			got = ring_pop_batch(s->r, p->recs, batch);
		items += got;
		t->failures += !got;
	}
	return items;
}

/* Nothing lost, nothing made up: what is left is what was put in. */
static void bench_ring_collect(struct bench_run *run,
			       struct synclab_result *res)
{
	struct bench_ring *s = run->state;

	if ((u64)ring_count(s->r) !=
	    run->w.prefill + res->ops_total[0] - res->ops_total[1])
		res->flags |= SYNCLAB_RESULT_INVARIANT;
}

const struct bench_ops bench_ring_ops = {
	.name		= "ring",
	.structure	= SYNCLAB_BENCH_RING,
	.nmodes		= SYNCLAB_RING_NMODES,
	.npeers		= 2,
	.priv_size	= sizeof(struct bench_ring_thread),
	.check		= bench_ring_check,
	.setup		= bench_ring_setup,
	.teardown	= bench_ring_teardown,
	.op		= bench_ring_op,
	.collect	= bench_ring_collect,
};

/* ---- order --------------------------------------------------------------- */

#define BENCH_ORDER_BALANCE	1000000

struct bench_order {
	struct order_bank *bank;
};

struct bench_order_thread {
	struct order_ctx ctx;
};

static int bench_order_check(const struct synclab_workload *w)
{
	if (w->mode == SYNCLAB_ORDER_INVERTED || w->threads[1] || w->mix ||
	    w->keys < SYNCLAB_ORDER_MIN_ACCOUNTS ||
	    w->keys > SYNCLAB_ORDER_MAX_ACCOUNTS)
		return -EINVAL;
	return 0;
}

static int bench_order_setup(struct bench_run *run)
{
	struct synclab_order_create c = {
		.accounts = run->w.keys,
		.strategy = run->w.mode,
		.balance = BENCH_ORDER_BALANCE,
	};
	struct bench_order *s = kzalloc(sizeof(*s), GFP_KERNEL);
	unsigned int i;

	run->state = s;
	if (!s)
		return -ENOMEM;
	for (i = 0; i < run->nthreads; i++) {
		struct bench_order_thread *p = run->threads[i].priv;

		synclab_prng_seed(&p->ctx.prng, run->w.seed ^ 0x0bd, i);
	}
	return order_bank_create(&c, &s->bank);
}

static void bench_order_teardown(struct bench_run *run)
{
	struct bench_order *s = run->state;

	if (!s)
		return;
	if (s->bank)
		order_bank_destroy(s->bank);
	kfree(s);
}

static unsigned int bench_order_op(struct bench_thread *t, unsigned int n)
{
	struct bench_order *s = t->run->state;
	struct bench_order_thread *p = t->priv;
	unsigned int k, done = 0;

	for (k = 0; k < n; k++) {
		u32 from = bench_pick_key(t), to = bench_pick_key(t);

		if (to == from)
			to = (from + 1) % t->run->w.keys;
		p->ctx.retries = 0;
		if (order_transfer(s->bank, from, to, 1, &p->ctx))
			t->failures++;
		else
			done++;
		t->extra += p->ctx.retries;
	}
	return done;
}

/* The money is all there: the audit balances. */
static void bench_order_collect(struct bench_run *run,
				struct synclab_result *res)
{
	struct bench_order *s = run->state;
	struct synclab_order_audit audit = {};

	order_audit(s->bank, &audit);
	if (!audit.ok)
		res->flags |= SYNCLAB_RESULT_INVARIANT;
}

const struct bench_ops bench_order_ops = {
	.name		= "order",
	.structure	= SYNCLAB_BENCH_ORDER,
	.nmodes		= SYNCLAB_ORDER_NSTRATEGIES,
	.priv_size	= sizeof(struct bench_order_thread),
	.check		= bench_order_check,
	.setup		= bench_order_setup,
	.teardown	= bench_order_teardown,
	.op		= bench_order_op,
	.collect	= bench_order_collect,
};

/* ---- lock --------------------------------------------------------------- */

struct bench_lock {
	union {
		spinlock_t spin;	/* spinlock mode: counter */
		struct mutex mutex;	/* mutex mode: counter */
		rwlock_t rw;		/* rwlock mode: nothing (readers) */
	} lock;
	u64 counter ____cacheline_aligned_in_smp;
};

static int bench_lock_check(const struct synclab_workload *w)
{
	return w->threads[1] || w->mix ? -EINVAL : 0;
}

static int bench_lock_setup(struct bench_run *run)
{
	struct bench_lock *s = kzalloc(sizeof(*s), GFP_KERNEL);

	run->state = s;
	if (!s)
		return -ENOMEM;
	switch (run->w.mode) {
	case SYNCLAB_BENCH_LOCK_SPINLOCK:
		spin_lock_init(&s->lock.spin);
		break;
	case SYNCLAB_BENCH_LOCK_MUTEX:
		mutex_init(&s->lock.mutex);
		break;
	case SYNCLAB_BENCH_LOCK_RWLOCK:
		rwlock_init(&s->lock.rw);
		break;
	}
	return 0;
}

static void bench_lock_teardown(struct bench_run *run)
{
	struct bench_lock *s = run->state;

	if (s && run->w.mode == SYNCLAB_BENCH_LOCK_MUTEX)
		mutex_destroy(&s->lock.mutex);
	kfree(s);
}

/*
 * Whether the workers increment the shared counter that checks exclusion
 * (bench_lock_rounds() and bench_lock_collect() both ask here): only with
 * more than one, since a worker alone has nobody to exclude.
 */
static bool bench_lock_counts(const struct bench_run *run)
{
	return run->nthreads > 1;
}

/*
 * @n rounds of @mode's section with @cs ns of work inside. Inlined with
 * constant @mode and, for @cs 0, constant @cs and @count: the loop is
 * then a lock and an unlock, as bare as refscale's, plus the increment
 * that checks exclusion when @count (more than one worker: alone, a
 * worker has nobody to exclude, and its loop is refscale's exactly).
 */
static __always_inline void bench_lock_rounds(struct bench_lock *s, u32 mode,
					      unsigned int n, u64 cs,
					      bool count)
{
	while (n--) {
		switch (mode) {
		case SYNCLAB_BENCH_LOCK_SPINLOCK:
			spin_lock(&s->lock.spin);
			if (count)
				s->counter++;
			bench_work(NULL, cs);
			spin_unlock(&s->lock.spin);
			break;
		case SYNCLAB_BENCH_LOCK_MUTEX:
			mutex_lock(&s->lock.mutex);
			if (count)
				s->counter++;
			bench_work(NULL, cs);
			mutex_unlock(&s->lock.mutex);
			break;
		case SYNCLAB_BENCH_LOCK_RWLOCK:
			read_lock(&s->lock.rw);
			bench_work(NULL, cs);
			read_unlock(&s->lock.rw);
			break;
		default:
			rcu_read_lock();
			bench_work(NULL, cs);
			rcu_read_unlock();
			break;
		}
	}
}

/* bench_lock_rounds() with the tests of @cs and @count outside the loop. */
static __always_inline void bench_lock_mode(struct bench_lock *s, u32 mode,
					    unsigned int n, u64 cs, bool count)
{
	if (cs)
		bench_lock_rounds(s, mode, n, cs, count);
	else if (count)
		bench_lock_rounds(s, mode, n, 0, true);
	else
		bench_lock_rounds(s, mode, n, 0, false);
}

static unsigned int bench_lock_op(struct bench_thread *t, unsigned int n)
{
	struct bench_lock *s = t->run->state;
	u64 cs = t->run->w.cs_ns;
	bool count = bench_lock_counts(t->run);

	switch (t->run->w.mode) {
	case SYNCLAB_BENCH_LOCK_SPINLOCK:
		bench_lock_mode(s, SYNCLAB_BENCH_LOCK_SPINLOCK, n, cs, count);
		break;
	case SYNCLAB_BENCH_LOCK_MUTEX:
		bench_lock_mode(s, SYNCLAB_BENCH_LOCK_MUTEX, n, cs, count);
		break;
	case SYNCLAB_BENCH_LOCK_RWLOCK:
		bench_lock_mode(s, SYNCLAB_BENCH_LOCK_RWLOCK, n, cs, count);
		break;
	default:
		bench_lock_mode(s, SYNCLAB_BENCH_LOCK_RCU, n, cs, count);
		break;
	}
	return n;
}

/*
 * Under a lock that excludes, every increment counts exactly once (when
 * the workers count: bench_lock_counts()).
 */
static void bench_lock_collect(struct bench_run *run,
			       struct synclab_result *res)
{
	struct bench_lock *s = run->state;

	res->extra[0] = 0;
	if (bench_lock_counts(run) &&
	    (run->w.mode == SYNCLAB_BENCH_LOCK_SPINLOCK ||
	     run->w.mode == SYNCLAB_BENCH_LOCK_MUTEX) &&
	    s->counter != res->ops_total[0])
		res->flags |= SYNCLAB_RESULT_INVARIANT;
}

const struct bench_ops bench_lock_ops = {
	.name		= "lock",
	.structure	= SYNCLAB_BENCH_LOCK,
	.nmodes		= SYNCLAB_BENCH_LOCK_NMODES,
	.check		= bench_lock_check,
	.setup		= bench_lock_setup,
	.teardown	= bench_lock_teardown,
	.op		= bench_lock_op,
	.collect	= bench_lock_collect,
};

/* ---- count ----------------------------------------------------------------- */

struct bench_count_thread {
	u64 tally;
};

static int bench_count_check(const struct synclab_workload *w)
{
	return w->threads[1] || w->mix ? -EINVAL : 0;
}

/* One increment per operation, a store each: the loop is not folded. */
static unsigned int bench_count_op(struct bench_thread *t, unsigned int n)
{
	struct bench_count_thread *p = t->priv;
	unsigned int k;

	for (k = 0; k < n; k++)
		WRITE_ONCE(p->tally, p->tally + 1);
	return n;
}

/* The structure's own tally, next to what the engine counted. */
static void bench_count_collect(struct bench_run *run,
				struct synclab_result *res)
{
	unsigned int i;

	res->extra[0] = 0;
	for (i = 0; i < run->nthreads; i++)
		res->extra[0] += ((struct bench_count_thread *)
				  run->threads[i].priv)->tally;
	if (res->extra[0] != res->ops_total[0])
		res->flags |= SYNCLAB_RESULT_INVARIANT;
}

const struct bench_ops bench_count_ops = {
	.name		= "count",
	.structure	= SYNCLAB_BENCH_COUNT,
	.nmodes		= 1,
	.priv_size	= sizeof(struct bench_count_thread),
	.check		= bench_count_check,
	.op		= bench_count_op,
	.collect	= bench_count_collect,
};
