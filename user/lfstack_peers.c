// SPDX-License-Identifier: GPL-2.0
/*
 * lfstack's host peers (user/bench_peers.c dispatches to them): Concurrency
 * Kit's Treiber stack, ck_stack, with each of its safe-memory-reclamation
 * schemes, run by the pthread engine like lfstack's own modes:
 *
 *   ck_hp     ck_hp_stack_push_mpmc() / ck_hp_stack_pop_mpmc(): one hazard
 *             pointer per thread (ck_hp record, degree 1), popped nodes
 *             retired with ck_hp_free(), which scans once a record holds
 *             the threshold, set to lfstack hazptr's R = 2 * threads + 32.
 *   ck_epoch  ck_stack_push_upmc() / ck_stack_pop_upmc() inside
 *             ck_epoch_begin()/ck_epoch_end(), popped nodes deferred with
 *             ck_epoch_call() and freed by ck_epoch_poll(), which each
 *             thread calls every LFSTACK_SAMPLE_POPS pops.
 *
 * Nodes are malloc()ed per push and freed by the scheme, as lfstack's
 * hazptr and rcu do. stats: pushes, pops, left (audited after the run),
 * held_peak and held_avg (retired, not yet freed: each thread samples the
 * sum of every record's pending count every LFSTACK_SAMPLE_POPS pops),
 * retired_max (ck's own peak per record), node_bytes. The window is
 * lfstack's own: these refuse any parameter.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <ck_epoch.h>
#include <ck_hp.h>
#include <ck_hp_stack.h>
#include <ck_stack.h>

#include "bench.h"
#include "lfstack.h"
#include "lfstack_peers.h"

struct peer_node {
	ck_stack_entry_t entry;		/* first: ck_stack's link */
	union {
		ck_hp_hazard_t hazard;
		ck_epoch_entry_t epoch;
	};
	u64 value;
	struct peer_thread *owner;	/* ck_epoch: whose callback frees it */
};

struct peer_thread {
	union {
		ck_hp_record_t hp;
		ck_epoch_record_t ep;
	};
	void *hp_slot;			/* ck_hp's one hazard pointer */
	u64 pushes, pops, freed;
	u64 held_peak, held_sum, held_samples;
};

struct peer_stack {
	ck_stack_t stack;
	bool epoch;
	ck_hp_t hp;
	ck_epoch_t ep;
	struct bench_run *run;
};

static void peer_hp_free(void *p)
{
	free(p);
}

static void peer_epoch_free(ck_epoch_entry_t *e)
{
	struct peer_node *n = container_of(e, struct peer_node, epoch);

	/* runs in ck_epoch_poll() of the owner's record: its own thread */
	n->owner->freed++;
	free(n);
}

/* Nodes retired and not yet freed, every record together (racy). */
static u64 peer_held(struct peer_stack *s)
{
	u64 held = 0;
	unsigned int i;

	for (i = 0; i < s->run->nthreads; i++) {
		struct peer_thread *p = s->run->threads[i].priv;

		held += s->epoch ? READ_ONCE(p->ep.n_pending) :
				   READ_ONCE(p->hp.n_pending);
	}
	return held;
}

static bool peer_push(struct peer_stack *s, struct peer_thread *p)
{
	struct peer_node *n = malloc(sizeof(*n));

	if (!n)
		return false;
	n->value = ++p->pushes;
	n->owner = p;
	if (s->epoch)
		ck_stack_push_upmc(&s->stack, &n->entry);
	else
		ck_hp_stack_push_mpmc(&s->stack, &n->entry);
	return true;
}

static bool peer_pop(struct peer_stack *s, struct peer_thread *p)
{
	ck_stack_entry_t *e;
	struct peer_node *n;
	u64 held;

	if (s->epoch) {
		ck_epoch_begin(&p->ep, NULL);
		e = ck_stack_pop_upmc(&s->stack);
		ck_epoch_end(&p->ep, NULL);
	} else {
		e = ck_hp_stack_pop_mpmc(&p->hp, &s->stack);
		ck_hp_set(&p->hp, 0, NULL);
	}
	if (!e)
		return false;
	n = container_of(e, struct peer_node, entry);
	if (s->epoch)
		ck_epoch_call(&p->ep, &n->epoch, peer_epoch_free);
	else
		ck_hp_free(&p->hp, &n->hazard, n, n);
	if (!(++p->pops % LFSTACK_SAMPLE_POPS)) {
		if (s->epoch)
			ck_epoch_poll(&p->ep);
		held = peer_held(s);
		p->held_peak = max(p->held_peak, held);
		p->held_sum += held;
		p->held_samples++;
	}
	return true;
}

static int peer_setup(struct bench_run *run, bool epoch)
{
	struct peer_stack *s = calloc(1, sizeof(*s));
	unsigned int i;

	run->state = s;
	if (!s)
		return -ENOMEM;
	s->run = run;
	s->epoch = epoch;
	ck_stack_init(&s->stack);
	if (epoch) {
		ck_epoch_init(&s->ep);
	} else {
		/* degree 1: one hazard pointer per record */
		ck_hp_init(&s->hp, 1, 2 * run->nthreads + LFSTACK_HP_SLACK,
			   peer_hp_free);
	}
	for (i = 0; i < run->nthreads; i++) {
		struct peer_thread *p = run->threads[i].priv;

		if (epoch)
			ck_epoch_register(&s->ep, &p->ep, NULL);
		else
			ck_hp_register(&s->hp, &p->hp, &p->hp_slot);
	}
	for (i = 0; i < run->w.prefill; i++)
		if (!peer_push(s, run->threads[0].priv))
			return -ENOMEM;
	return 0;
}

static int peer_hp_setup(struct bench_run *run)
{
	return peer_setup(run, false);
}

static int peer_epoch_setup(struct bench_run *run)
{
	return peer_setup(run, true);
}

/* With every thread gone: free what is retired, then what is left. */
static void peer_teardown(struct bench_run *run)
{
	struct peer_stack *s = run->state;
	ck_stack_entry_t *e, *next;
	unsigned int i;

	if (!s)
		return;
	for (i = 0; i < run->nthreads; i++) {
		struct peer_thread *p = run->threads[i].priv;

		if (s->epoch && p->ep.global) {
			ck_epoch_reclaim(&p->ep);
			ck_epoch_unregister(&p->ep);
		} else if (p->hp.global) {
			ck_hp_purge(&p->hp);
			ck_hp_unregister(&p->hp);
		}
	}
	for (e = ck_stack_batch_pop_npsc(&s->stack); e; e = next) {
		next = e->next;
		free(container_of(e, struct peer_node, entry));
	}
	free(s);
}

static unsigned int peer_op(struct bench_thread *t, unsigned int n)
{
	struct peer_stack *s = t->run->state;
	bool push = (t->role == 0) != t->mixed;
	unsigned int i, done = 0;

	for (i = 0; i < n; i++) {
		if (push ? peer_push(s, t->priv) : peer_pop(s, t->priv))
			done++;
		else
			t->failures++;
	}
	return done;
}

static void peer_collect(struct bench_run *run, struct synclab_result *res)
{
	struct peer_stack *s = run->state;
	u64 *st = res->stats, sum = 0, samples = 0;
	ck_stack_entry_t *e;
	unsigned int i;

	for (i = 0; i < run->nthreads; i++) {
		struct peer_thread *p = run->threads[i].priv;

		st[SYNCLAB_LFSTACK_STAT_PUSHES] += p->pushes;
		st[SYNCLAB_LFSTACK_STAT_POPS] += p->pops;
		st[SYNCLAB_LFSTACK_STAT_HELD_PEAK] =
			max(st[SYNCLAB_LFSTACK_STAT_HELD_PEAK], p->held_peak);
		st[SYNCLAB_LFSTACK_STAT_RETIRED_MAX] =
			max_t(u64, st[SYNCLAB_LFSTACK_STAT_RETIRED_MAX],
			      s->epoch ? p->ep.n_peak : p->hp.n_peak);
		sum += p->held_sum;
		samples += p->held_samples;
	}
	st[SYNCLAB_LFSTACK_STAT_HELD_AVG] = samples ? sum / samples : 0;
	st[SYNCLAB_LFSTACK_STAT_NODE_BYTES] = sizeof(struct peer_node);
	if (!s->epoch)
		st[SYNCLAB_LFSTACK_STAT_HP_BOUND] =
			(u64)run->nthreads * s->hp.threshold;
	for (e = s->stack.head; e; e = e->next)
		st[SYNCLAB_LFSTACK_STAT_LEFT]++;
	if (st[SYNCLAB_LFSTACK_STAT_LEFT] + st[SYNCLAB_LFSTACK_STAT_POPS] !=
	    st[SYNCLAB_LFSTACK_STAT_PUSHES])
		res->flags |= SYNCLAB_RESULT_INVARIANT;
}

static const char *const peer_stat_names[] = SYNCLAB_LFSTACK_STAT_NAMES;

#define PEER_OPS(nm, setup_fn) {					\
	.name		= nm,						\
	.structure	= SYNCLAB_BENCH_LFSTACK,			\
	.nmodes		= SYNCLAB_LFSTACK_NMODES,			\
	.npeers		= SYNCLAB_LFSTACK_NPEERS,			\
	.priv_size	= sizeof(struct peer_thread),			\
	.stat_names	= peer_stat_names,				\
	.nstats		= ARRAY_SIZE(peer_stat_names),			\
	.check		= bench_lfstack_peer_check,			\
	.setup		= setup_fn,					\
	.teardown	= peer_teardown,				\
	.op		= peer_op,					\
	.collect	= peer_collect,					\
}

static const struct bench_ops peer_ck_hp_ops = PEER_OPS("ck_hp", peer_hp_setup);
static const struct bench_ops peer_ck_epoch_ops =
	PEER_OPS("ck_epoch", peer_epoch_setup);

/**
 * lfstack_user_peer() - lfstack's host peers
 * @mode:	a mode past lfstack's own
 *
 * Return: the peer's ops, or NULL when the host has none for @mode.
 */
const struct bench_ops *lfstack_user_peer(u32 mode)
{
	if (mode == SYNCLAB_BENCH_LFSTACK_CK_HP)
		return &peer_ck_hp_ops;
	if (mode == SYNCLAB_BENCH_LFSTACK_CK_EPOCH)
		return &peer_ck_epoch_ops;
	return NULL;
}
