// SPDX-License-Identifier: GPL-2.0
/*
 * counter: `count += 1` from many threads, and what it takes to make it
 * exact. Four modes, fixed when the counter is created:
 *
 *   racy    a plain load, add and store. Two threads that load the same
 *           value both store value + 1: one update is lost, and the total
 *           ends short (never over: every store is some thread's load plus
 *           one). Protected by nothing, on purpose. Its accesses sit in
 *           data_race(), which tells KCSAN (and TSan, through the shim)
 *           that the race is deliberate; counter_racy_plain removes the
 *           annotation, so that the detectors report it (the demo).
 *   atomic  atomic_long_inc(): the load, add and store as one locked
 *           instruction; the count's cache line moves to each adder's CPU
 *           on every increment.
 *   locked  a spinlock_t around a plain increment: exact because only the
 *           lock holder touches the count; the lock's line and the
 *           count's (the same line) move with every increment.
 *   percpu  the kernel's percpu_counter: each CPU adds to its own count
 *           and folds it into the shared one under the counter's lock
 *           every COUNTER_PERCPU_BATCH increments. Userspace has no
 *           per-CPU data: the shim gives each thread its own slot, on its
 *           own cache line (user/shim/shim.h). Adds then share no line
 *           between CPUs but once per batch; the price is on the reader:
 *           the exact total is a walk over every CPU's count under the
 *           lock (counter_read()), and the fast read (counter_read_fast())
 *           is the shared count alone, short by less than a batch per CPU.
 *
 * Locking: counter.hot.lock (locked mode) protects hot.value; the
 * percpu_counter has its own lock inside, taken by the fold and the sum.
 * No lock nests inside another. Every function may be called from any
 * thread or kthread concurrently with the others, but counter_destroy(),
 * which needs every other caller gone. Nothing sleeps, so process context
 * with preemption is fine and so is a kthread's loop; none of the locks
 * is taken from interrupts.
 */
#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/percpu_counter.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "bench.h"
#include "counter.h"

bool counter_racy_plain;

/*
 * Read-mostly fields first; what every increment writes starts a line of
 * its own, so a racy, atomic or locked increment moves exactly that line
 * (locked: the lock and the count together, one line, not two).
 */
struct counter {
	u32 mode;			/* SYNCLAB_COUNTER_*, fixed at create */
	bool plain;			/* racy without data_race(): the demo */
	s32 batch;			/* percpu mode: the folds' batch */
	struct percpu_counter pcpu;	/* percpu mode */
	struct {
		spinlock_t lock;	/* locked mode: protects value */
		u64 value;		/* racy and locked modes */
		atomic_long_t atomic;	/* atomic mode */
	} hot ____cacheline_aligned_in_smp;
};

/**
 * counter_create() - a new counter at zero
 * @cp:		where to put it
 * @mode:	SYNCLAB_COUNTER_*
 * @batch:	percpu mode: increments a CPU keeps before folding them into
 *		the shared count, 1..COUNTER_MAX_BATCH; the other modes
 *		ignore it
 *
 * A racy counter created while counter_racy_plain is set adds without
 * its annotation (the demo); the others do not care.
 *
 * Return: 0; -EINVAL for an unknown mode or a percpu batch out of range;
 * -ENOMEM.
 */
int counter_create(struct counter **cp, u32 mode, u32 batch)
{
	struct counter *c;

	if (mode >= SYNCLAB_COUNTER_NMODES ||
	    (mode == SYNCLAB_COUNTER_PERCPU &&
	     (!batch || batch > COUNTER_MAX_BATCH)))
		return -EINVAL;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->mode = mode;
	c->batch = batch;
	c->plain = mode == SYNCLAB_COUNTER_RACY && READ_ONCE(counter_racy_plain);
	spin_lock_init(&c->hot.lock);
	atomic_long_set(&c->hot.atomic, 0);
	if (mode == SYNCLAB_COUNTER_PERCPU &&
	    percpu_counter_init(&c->pcpu, 0, GFP_KERNEL)) {
		kfree(c);
		return -ENOMEM;
	}
	*cp = c;
	return 0;
}

/**
 * counter_destroy() - free a counter; nobody may use it any more
 * @c:		the counter, or NULL
 */
void counter_destroy(struct counter *c)
{
	if (!c)
		return;
	if (c->mode == SYNCLAB_COUNTER_PERCPU)
		percpu_counter_destroy(&c->pcpu);
	kfree(c);
}

/**
 * counter_mode() - the mode a counter was created in
 * @c:		the counter
 *
 * Return: SYNCLAB_COUNTER_*.
 */
u32 counter_mode(const struct counter *c)
{
	return c->mode;
}

/*
 * The lost update itself. barrier() keeps each increment a load and a
 * store of its own: without it the compiler may add n at once, and a
 * loop of n increments would race once instead of n times.
 */
static void counter_add_racy(struct counter *c, unsigned int n)
{
	if (c->plain) {
		while (n--) {
			c->hot.value++;
			barrier();
		}
		return;
	}
	while (n--) {
		/* racy on purpose: this is the lost update being shown */
		data_race(c->hot.value++);
		barrier();
	}
}

static void counter_add_locked(struct counter *c, unsigned int n)
{
	while (n--) {
		spin_lock(&c->hot.lock);
		c->hot.value++;
		spin_unlock(&c->hot.lock);
	}
}

/**
 * counter_add() - add one to a counter, @n times over
 * @c:		the counter
 * @n:		how many increments, each its own (n loads and stores, n
 *		atomic adds, n lock rounds, n per-CPU adds)
 *
 * Any thread, concurrently with any other call but counter_destroy().
 */
void counter_add(struct counter *c, unsigned int n)
{
	switch (c->mode) {
	case SYNCLAB_COUNTER_RACY:
		counter_add_racy(c, n);
		break;
	case SYNCLAB_COUNTER_ATOMIC:
		while (n--)
			atomic_long_inc(&c->hot.atomic);
		break;
	case SYNCLAB_COUNTER_LOCKED:
		counter_add_locked(c, n);
		break;
	default:
		while (n--)
			percpu_counter_add_batch(&c->pcpu, 1, c->batch);
		break;
	}
}

/**
 * counter_read() - the total, as exact as the mode allows
 * @c:		the counter
 *
 * racy: one load (what the adders stored last; with adders running it
 * may even be lower than a value read before, a lost update being
 * written back). atomic, locked: the count at the moment of the read.
 * percpu: percpu_counter_sum(), the shared count plus every CPU's under
 * the lock: exact once the adders stopped; while they run, each CPU's
 * count is read at a slightly different moment.
 *
 * Return: the total.
 */
u64 counter_read(struct counter *c)
{
	u64 v;
	s64 sum;

	switch (c->mode) {
	case SYNCLAB_COUNTER_RACY:
		/* racing with the adders' unmarked increments, by design */
		return data_race(READ_ONCE(c->hot.value));
	case SYNCLAB_COUNTER_ATOMIC:
		return atomic_long_read(&c->hot.atomic);
	case SYNCLAB_COUNTER_LOCKED:
		spin_lock(&c->hot.lock);
		v = c->hot.value;
		spin_unlock(&c->hot.lock);
		return v;
	default:
		sum = percpu_counter_sum(&c->pcpu);
		return sum > 0 ? sum : 0;
	}
}

/**
 * counter_read_fast() - the total without walking the CPUs
 * @c:		the counter
 *
 * percpu: the shared count alone (percpu_counter_read()), one load, short
 * by less than the batch for each CPU (userspace: thread) that has
 * added; a racy read by design, annotated as such. The other
 * modes: counter_read().
 *
 * Return: the total, or for percpu a lower bound of it.
 */
u64 counter_read_fast(struct counter *c)
{
	s64 v;

	if (c->mode != SYNCLAB_COUNTER_PERCPU)
		return counter_read(c);
	/* an approximate read of a count folds write under the lock */
	v = data_race(percpu_counter_read(&c->pcpu));
	return v > 0 ? v : 0;
}

/* ---- the benchmark ---------------------------------------------------------- */

/*
 * Role 0 adds, one per work item (counter_add() of the chunk); role 1
 * reads the total, one read per item: in percpu mode the fast read, then
 * the exact sum, and the gap between them is the fast read's error (the
 * adds between the two reads count in it too: an upper bound). stats[]:
 * SYNCLAB_COUNTER_STAT_* (uapi/synclab.h).
 */
struct counter_bench_thread {
	u64 last;		/* a reader's last exact read */
	u64 backwards;		/* its reads below the one before */
	u64 err_max;		/* percpu: its largest sum - fast read */
};

static const char * const counter_stat_names[] = SYNCLAB_COUNTER_STAT_NAMES;

/* workload.keys is percpu's batch (any value in the other modes). */
static int counter_bench_check(const struct synclab_workload *w)
{
	if (w->mix || w->batch != 1)
		return -EINVAL;
	if (w->mode == SYNCLAB_COUNTER_PERCPU &&
	    (!w->keys || w->keys > COUNTER_MAX_BATCH))
		return -EINVAL;
	return 0;
}

static int counter_bench_setup(struct bench_run *run)
{
	struct counter *c;
	int ret = counter_create(&c, run->w.mode, run->w.keys);

	if (!ret)
		run->state = c;
	return ret;
}

static void counter_bench_teardown(struct bench_run *run)
{
	counter_destroy(run->state);
}

static void counter_bench_read(struct counter *c, struct counter_bench_thread *p)
{
	u64 fast = 0, v;

	if (counter_mode(c) == SYNCLAB_COUNTER_PERCPU)
		fast = counter_read_fast(c);
	v = counter_read(c);
	if (v < p->last)
		p->backwards++;
	p->last = v;
	if (fast && v - fast > p->err_max)
		p->err_max = v - fast;
}

static unsigned int counter_bench_op(struct bench_thread *t, unsigned int n)
{
	struct counter *c = t->run->state;
	unsigned int k;

	if (t->role == 0) {
		counter_add(c, n);
		return n;
	}
	for (k = 0; k < n; k++)
		counter_bench_read(c, t->priv);
	return n;
}

/*
 * Every increment done against the total: the lost updates. A fix that
 * loses one, or racy over the count, breaks the invariant.
 */
static void counter_bench_collect(struct bench_run *run,
				  struct synclab_result *res)
{
	struct counter *c = run->state;
	u64 inc = 0, total = counter_read(c), *st = res->stats;
	unsigned int i;

	for (i = 0; i < run->nthreads; i++) {
		struct bench_thread *t = &run->threads[i];
		struct counter_bench_thread *p = t->priv;

		if (t->role == 0) {
			inc += t->ops;
			continue;
		}
		st[SYNCLAB_COUNTER_STAT_BACKWARDS] += p->backwards;
		st[SYNCLAB_COUNTER_STAT_READ_ERR] =
			max(st[SYNCLAB_COUNTER_STAT_READ_ERR], p->err_max);
	}
	st[SYNCLAB_COUNTER_STAT_INCREMENTS] = inc;
	st[SYNCLAB_COUNTER_STAT_TOTAL] = total;
	st[SYNCLAB_COUNTER_STAT_LOST] = inc > total ? inc - total : 0;
	if (counter_mode(c) == SYNCLAB_COUNTER_PERCPU)
		st[SYNCLAB_COUNTER_STAT_BATCH] = c->batch;
	if (total > inc || (total != inc && counter_mode(c) != SYNCLAB_COUNTER_RACY))
		res->flags |= SYNCLAB_RESULT_INVARIANT;
}

const struct bench_ops bench_counter_ops = {
	.name		= "counter",
	.structure	= SYNCLAB_BENCH_COUNTER,
	.nmodes		= SYNCLAB_COUNTER_NMODES,
	.priv_size	= sizeof(struct counter_bench_thread),
	.check		= counter_bench_check,
	.setup		= counter_bench_setup,
	.teardown	= counter_bench_teardown,
	.op		= counter_bench_op,
	.collect	= counter_bench_collect,
	.stat_names	= counter_stat_names,
	.nstats		= ARRAY_SIZE(counter_stat_names),
};
