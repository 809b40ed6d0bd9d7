// SPDX-License-Identifier: GPL-2.0
/*
 * lfstack in the benchmark engine (kmod/bench.c), the same file in the
 * module and in userspace.
 *
 *   pusher (role 0): push a node stamped with a new value; popper (role
 *   1): pop one. A mixed run (threads[0] = N, mix = 500) has every thread
 *   push and pop, which is where naive meets ABA most: a thread's popped
 *   node is the next one it pushes. Failures: a push that found no free
 *   node (pool modes: the pool, keys nodes, is empty), a pop that found
 *   the stack empty or (naive) a node some other thread owned.
 *
 * keys: the pool's nodes (locked, naive, tagged); prefill: nodes pushed
 * before the start, by thread 0's context; param[0]: window_ns, the delay
 * between reading head->next and the CAS (SYNCLAB_LFSTACK_PARAM_NAMES).
 *
 * After the run, with no thread left, collect() audits the stack: the
 * nodes left must be the pushes less the pops, with nothing lost or
 * duplicated and no ABA; a mode other than naive that fails this is
 * flagged SYNCLAB_RESULT_INVARIANT (naive is expected to, and reports
 * it in its stats).
 *
 * The kernel's peer, llist (<linux/llist.h>): llist_add() pushes without
 * a lock; llist_del_first() pops, and its rule is that deleters be
 * serialized (here by a spinlock): then no deleter can be stalled between
 * reading first->next and its CAS while another deletes and re-adds
 * first, which is how llist avoids ABA without tags or reclamation.
 * Nodes are kmalloc()ed and freed at once after the pop, as the rule
 * allows. Its window must be 0.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <asm/cmpxchg.h>

#include "bench.h"
#include "lfstack.h"

struct bench_lfstack {
	struct lfstack *s;
	unsigned long gp_start;		/* kernel: grace-period cookie */
};

static int bench_lfstack_check(const struct synclab_workload *w)
{
	unsigned int i;

	BUILD_BUG_ON(LFSTACK_MAX_THREADS < SYNCLAB_BENCH_MAX_THREADS);
	if (!w->keys || w->keys > LFSTACK_MAX_NODES || w->prefill > w->keys)
		return -EINVAL;
	if (w->param[0] > LFSTACK_MAX_WINDOW_NS)
		return -EINVAL;
	for (i = 1; i < ARRAY_SIZE(w->param); i++)
		if (w->param[i])
			return -EINVAL;
	if (w->batch != 1)
		return -EINVAL;
	if (w->mode == SYNCLAB_LFSTACK_TAGGED && !system_has_cmpxchg_double())
		return -EOPNOTSUPP;
	return 0;
}

static int bench_lfstack_setup(struct bench_run *run)
{
	struct bench_lfstack *b = kzalloc(sizeof(*b), GFP_KERNEL);
	unsigned int i;
	u64 v;
	int ret;

	run->state = b;
	if (!b)
		return -ENOMEM;
	b->s = lfstack_create(run->w.mode, run->w.keys, run->w.param[0],
			      run->nthreads);
	if (!b->s)
		return -ENOMEM;
	for (i = 0; i < run->nthreads; i++) {
		ret = lfstack_ctx_init(b->s, run->threads[i].priv);
		if (ret)
			return ret;
	}
	for (i = 0; i < run->w.prefill; i++) {
		ret = lfstack_push(run->threads[0].priv, &v);
		if (ret)
			return ret;
	}
#ifdef __KERNEL__
	b->gp_start = get_state_synchronize_rcu();
#endif
	return 0;
}

static void bench_lfstack_teardown(struct bench_run *run)
{
	struct bench_lfstack *b = run->state;
	unsigned int i;

	if (!b)
		return;
	for (i = 0; i < run->nthreads; i++)
		lfstack_ctx_exit(run->threads[i].priv);
	lfstack_destroy(b->s);
	kfree(b);
}

static unsigned int bench_lfstack_op(struct bench_thread *t, unsigned int n)
{
	struct lfstack_ctx *c = t->priv;
	bool push = (t->role == 0) != t->mixed;
	unsigned int i, done = 0;
	u64 v;

	for (i = 0; i < n; i++) {
		if (push ? lfstack_push(c, &v) : lfstack_pop(c, &v))
			t->failures++;
		else
			done++;
	}
	return done;
}

/* Grace periods since setup: the kernel's cookies count them by four. */
static u64 bench_lfstack_gps(struct bench_lfstack *b)
{
#ifdef __KERNEL__
	return (get_state_synchronize_rcu() - b->gp_start) >> 2;
#else
	(void)b;
	return 0;	/* liburcu counts none for us */
#endif
}

static void bench_lfstack_collect(struct bench_run *run,
				  struct synclab_result *res)
{
	struct bench_lfstack *b = run->state;
	u64 *st = res->stats, samples = 0, sum = 0;
	struct lfstack_audit a;
	unsigned int i;

	BUILD_BUG_ON(SYNCLAB_LFSTACK_NSTATS > SYNCLAB_BENCH_STATS);
	for (i = 0; i < run->nthreads; i++) {
		struct lfstack_ctx *c = run->threads[i].priv;

		st[SYNCLAB_LFSTACK_STAT_ABA] += c->aba;
		st[SYNCLAB_LFSTACK_STAT_DUPLICATED] += c->dup;
		st[SYNCLAB_LFSTACK_STAT_POISONED] += c->poisoned;
		st[SYNCLAB_LFSTACK_STAT_HELD_PEAK] =
			max(st[SYNCLAB_LFSTACK_STAT_HELD_PEAK], c->held_peak);
		st[SYNCLAB_LFSTACK_STAT_RETIRED_MAX] =
			max(st[SYNCLAB_LFSTACK_STAT_RETIRED_MAX],
			    c->retired_max);
		st[SYNCLAB_LFSTACK_STAT_SCANS] += c->scans;
		st[SYNCLAB_LFSTACK_STAT_PUSHES] += c->pushes;
		st[SYNCLAB_LFSTACK_STAT_POPS] += c->pops;
		sum += c->held_sum;
		samples += c->held_samples;
	}
	st[SYNCLAB_LFSTACK_STAT_HELD_AVG] = samples ? sum / samples : 0;
	st[SYNCLAB_LFSTACK_STAT_NODE_BYTES] = sizeof(struct lfstack_node);
	st[SYNCLAB_LFSTACK_STAT_HP_BOUND] = run->w.mode == SYNCLAB_LFSTACK_HAZPTR ?
		(u64)run->nthreads * b->s->hp_threshold : 0;
	if (run->w.mode == SYNCLAB_LFSTACK_RCU)
		st[SYNCLAB_LFSTACK_STAT_GRACE_PERIODS] = bench_lfstack_gps(b);
	lfstack_audit(b->s, &a);
	st[SYNCLAB_LFSTACK_STAT_LOST] = a.lost;
	st[SYNCLAB_LFSTACK_STAT_DUPLICATED] += a.dup;
	st[SYNCLAB_LFSTACK_STAT_CYCLE] = a.cycle;
	st[SYNCLAB_LFSTACK_STAT_LEFT] = a.reachable;
	if (run->w.mode == SYNCLAB_LFSTACK_NAIVE)
		return;
	if (a.reachable + st[SYNCLAB_LFSTACK_STAT_POPS] !=
	    st[SYNCLAB_LFSTACK_STAT_PUSHES] || a.lost || a.cycle || a.outside ||
	    st[SYNCLAB_LFSTACK_STAT_ABA] || st[SYNCLAB_LFSTACK_STAT_DUPLICATED] ||
	    st[SYNCLAB_LFSTACK_STAT_POISONED])
		res->flags |= SYNCLAB_RESULT_INVARIANT;
}

static const char *const bench_lfstack_stat_names[] =
	SYNCLAB_LFSTACK_STAT_NAMES;

const struct bench_ops bench_lfstack_ops = {
	.name		= "lfstack",
	.structure	= SYNCLAB_BENCH_LFSTACK,
	.nmodes		= SYNCLAB_LFSTACK_NMODES,
	.npeers		= SYNCLAB_LFSTACK_NPEERS,
	.priv_size	= sizeof(struct lfstack_ctx),
	.stat_names	= bench_lfstack_stat_names,
	.nstats		= ARRAY_SIZE(bench_lfstack_stat_names),
	.check		= bench_lfstack_check,
	.setup		= bench_lfstack_setup,
	.teardown	= bench_lfstack_teardown,
	.op		= bench_lfstack_op,
	.collect	= bench_lfstack_collect,
};

/**
 * bench_lfstack_peer_check() - what lfstack's peers take
 * @w:	the workload
 *
 * The peers (the kernel's llist, Concurrency Kit's stacks on the host)
 * push and pop one node at a time and have no window or other parameter.
 *
 * Return: 0, or -EINVAL.
 */
int bench_lfstack_peer_check(const struct synclab_workload *w)
{
	unsigned int i;

	if (w->batch != 1 || w->prefill > w->keys)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(w->param); i++)
		if (w->param[i])
			return -EINVAL;
	return 0;
}

#ifdef __KERNEL__
/* ---- the kernel's peer: llist, deleters serialized ------------------------ */

#include <linux/llist.h>

struct bench_llist_node {
	struct llist_node ln;
	u64 value;
};

struct bench_llist {
	struct llist_head head;
	spinlock_t del_lock;		/* llist_del_first()'s callers */
};

struct bench_llist_thread {
	u64 pushes, pops;
};

static bool bench_llist_push(struct bench_llist *s,
			     struct bench_llist_thread *p)
{
	struct bench_llist_node *n = kmalloc(sizeof(*n), GFP_KERNEL);

	if (!n)
		return false;
	n->value = ++p->pushes;
	llist_add(&n->ln, &s->head);
	return true;
}

static bool bench_llist_pop(struct bench_llist *s,
			    struct bench_llist_thread *p)
{
	struct llist_node *ln;

	spin_lock(&s->del_lock);
	ln = llist_del_first(&s->head);
	spin_unlock(&s->del_lock);
	if (!ln)
		return false;
	kfree(llist_entry(ln, struct bench_llist_node, ln));
	p->pops++;
	return true;
}

static int bench_llist_setup(struct bench_run *run)
{
	struct bench_llist *s = kzalloc(sizeof(*s), GFP_KERNEL);
	unsigned int i;

	run->state = s;
	if (!s)
		return -ENOMEM;
	init_llist_head(&s->head);
	spin_lock_init(&s->del_lock);
	for (i = 0; i < run->w.prefill; i++)
		if (!bench_llist_push(s, run->threads[0].priv))
			return -ENOMEM;
	return 0;
}

static void bench_llist_teardown(struct bench_run *run)
{
	struct bench_llist *s = run->state;
	struct bench_llist_node *n, *next;

	if (!s)
		return;
	llist_for_each_entry_safe(n, next, llist_del_all(&s->head), ln)
		kfree(n);
	kfree(s);
}

static unsigned int bench_llist_op(struct bench_thread *t, unsigned int n)
{
	struct bench_llist *s = t->run->state;
	bool push = (t->role == 0) != t->mixed;
	unsigned int i, done = 0;

	for (i = 0; i < n; i++) {
		if (push ? bench_llist_push(s, t->priv) :
			   bench_llist_pop(s, t->priv))
			done++;
		else
			t->failures++;
	}
	return done;
}

static void bench_llist_collect(struct bench_run *run,
				struct synclab_result *res)
{
	struct bench_llist *s = run->state;
	struct llist_node *ln;
	u64 *st = res->stats;
	unsigned int i;

	for (i = 0; i < run->nthreads; i++) {
		struct bench_llist_thread *p = run->threads[i].priv;

		st[SYNCLAB_LFSTACK_STAT_PUSHES] += p->pushes;
		st[SYNCLAB_LFSTACK_STAT_POPS] += p->pops;
	}
	llist_for_each(ln, s->head.first)
		st[SYNCLAB_LFSTACK_STAT_LEFT]++;
	st[SYNCLAB_LFSTACK_STAT_NODE_BYTES] = sizeof(struct bench_llist_node);
	if (st[SYNCLAB_LFSTACK_STAT_LEFT] + st[SYNCLAB_LFSTACK_STAT_POPS] !=
	    st[SYNCLAB_LFSTACK_STAT_PUSHES])
		res->flags |= SYNCLAB_RESULT_INVARIANT;
}

const struct bench_ops bench_llist_ops = {
	.name		= "llist",
	.structure	= SYNCLAB_BENCH_LFSTACK,
	.nmodes		= SYNCLAB_LFSTACK_NMODES,
	.npeers		= SYNCLAB_LFSTACK_NPEERS,
	.priv_size	= sizeof(struct bench_llist_thread),
	.stat_names	= bench_lfstack_stat_names,
	.nstats		= ARRAY_SIZE(bench_lfstack_stat_names),
	.check		= bench_lfstack_peer_check,
	.setup		= bench_llist_setup,
	.teardown	= bench_llist_teardown,
	.op		= bench_llist_op,
	.collect	= bench_llist_collect,
};
#endif /* __KERNEL__ */
