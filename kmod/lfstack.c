// SPDX-License-Identifier: GPL-2.0
/*
 * lfstack: a Treiber stack, the same file in the module and in userspace
 * (user/shim). Push links a node above the head and swings the head to it
 * with one compare-and-swap (CAS); pop reads the head and its next, and
 * swings the head to that next. The pop has the classic hole: between
 * reading head->next and the CAS, the head node may be popped, recycled
 * and pushed again, so the CAS finds the same address and succeeds with a
 * stale next (ABA). Five modes:
 *
 *   locked  a spinlock around a plain list: the baseline.
 *   naive   bare CAS, nodes back in the thread's cache as soon as popped
 *           and reused in the order that makes ABA harmful (the comment
 *           above lfs_cache_put()): ABA happens. It stays memory-safe:
 *           nodes come from a pool the stack owns (type-stable, freed only
 *           with the stack), so a stale next still points at a node; and
 *           it is counted: each push stamps its node with a value unique
 *           to that push, a pop whose CAS succeeded rereads the stamp
 *           (changed: an ABA event), and takes ownership only by moving
 *           the node's state from LINKED to OWNED (the move fails: a
 *           duplicated node, not taken).
 *   tagged  the head is (pointer, generation), swapped together by one
 *           double-width CAS (cmpxchg_double(): lock cmpxchg16b; refused
 *           by lfstack_create() and the benchmark's check when
 *           system_has_cmpxchg_double(), the CPUID flag CX16, says no).
 *           A recycled node comes back under another generation, so the
 *           stale CAS fails. Needs the type-stable pool too: a pop still
 *           reads next from a node that may have been popped meanwhile.
 *   hazptr  hazard pointers, written here: a pop publishes the head it is
 *           about to use in its thread's hazard slot, checks it is still
 *           the head, and only then reads next; popped nodes go to the
 *           thread's retire list; when the list reaches
 *               R = 2 * H + LFSTACK_HP_SLACK    (H: hazard slots, one per
 *                                                thread)
 *           a scan frees every listed node no slot holds. At most H are
 *           held, so a scan frees at least H + SLACK (constant work per
 *           node), and no thread ever holds more than R retired nodes:
 *           memory held for reclamation is bounded by N * R for N threads.
 *           Nodes are kmalloc()ed and kfree()d: a protected node reused
 *           would be a use-after-free (KASAN, ASan) and its poison is
 *           checked too (c->poisoned).
 *   rcu     pops run inside rcu_read_lock(); a popped node goes to
 *           call_rcu(), which frees it after a grace period: no reader can
 *           see its address reused. The memory held is unbounded by design
 *           (as many pops as a grace period lasts); destroy waits with
 *           rcu_barrier().
 *
 * What protects what: the head, by CAS (locked: s->lock); a pool node's
 * state, by CAS (pool modes); the pool's free array, by pool.lock (taken
 * only to move LFSTACK_CACHE / 2 nodes at a time); a context and its
 * cache and retire list, by being one thread's. Lock nesting: none (no
 * function holds two locks). Contexts: process context (kthreads,
 * ioctls); push may sleep in kmalloc(GFP_KERNEL) for hazptr and rcu.
 * Node fields are READ/WRITE_ONCE: in naive they race by design.
 *
 * The head is not __rcu: every mode swings it by cmpxchg, which sparse
 * would refuse on an __rcu pointer; READ_ONCE() orders the dependent loads
 * from the node as rcu_dereference() does (the rcu mode's read side is the
 * rcu_read_lock() section around them).
 */
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <asm/cmpxchg.h>

#include "lfstack.h"

/* Pool modes take nodes from the stack's pool; the others kmalloc() them. */
static bool lfs_pooled(const struct lfstack *s)
{
	return s->mode == LFSTACK_LOCKED || s->mode == LFSTACK_NAIVE ||
	       s->mode == LFSTACK_TAGGED;
}

/**
 * lfstack_mode_cas() - whether @mode's pop opens the read-to-CAS window
 * @mode:	enum lfstack_mode
 *
 * Return: true for every mode but locked (whose window is in its lock).
 */
bool lfstack_mode_cas(u32 mode)
{
	return mode != LFSTACK_LOCKED;
}

/* ---- the pool (locked, naive, tagged) ------------------------------------ */

static int lfs_pool_init(struct lfstack_pool *p, u32 size)
{
	u32 i;

	spin_lock_init(&p->lock);
	p->nodes = kvcalloc(size, sizeof(*p->nodes), GFP_KERNEL);
	p->free = kvcalloc(size, sizeof(*p->free), GFP_KERNEL);
	if (!p->nodes || !p->free)
		return -ENOMEM;
	p->size = size;
	for (i = 0; i < size; i++)
		p->free[i] = &p->nodes[size - 1 - i];
	p->nfree = size;
	return 0;
}

static bool lfs_in_pool(const struct lfstack_pool *p,
			const struct lfstack_node *n)
{
	unsigned long off = (unsigned long)n - (unsigned long)p->nodes;

	return n >= p->nodes && n < p->nodes + p->size &&
	       !(off % sizeof(*n));
}

/*
 * A thread's cache of free pool nodes, a ring of LFSTACK_CACHE (so that
 * the pool takes and gives its oldest). A push reuses the node its thread
 * freed before the last one: after pop A, pop B, the next push is A's.
 * That is the order in which an application that finishes its work out
 * of order hands nodes back, and the one that makes ABA harmful: a
 * stalled pop that read A and A->next == B swings the head to B, which
 * is no longer on the stack. Reusing the last node freed (a plain LIFO)
 * would rebuild the very shape the stalled pop saw, and its ABA would
 * pass unnoticed: counted, but harmless. locked and tagged are correct
 * whatever the order.
 */
static void lfs_cache_put(struct lfstack_ctx *c, struct lfstack_node *n)
{
	c->cache[(c->cache_first + c->ncache++) % LFSTACK_CACHE] = n;
}

static struct lfstack_node *lfs_cache_get(struct lfstack_ctx *c)
{
	unsigned int top = (c->cache_first + c->ncache - 1) % LFSTACK_CACHE;
	unsigned int below = (top + LFSTACK_CACHE - 1) % LFSTACK_CACHE;
	struct lfstack_node *n;

	if (c->ncache >= 2) {
		n = c->cache[below];
		c->cache[below] = c->cache[top];
	} else {
		n = c->cache[top];
	}
	c->ncache--;
	return n;
}

/* Moves up to half a cache of free nodes from the pool to @c. */
static void lfs_pool_refill(struct lfstack_ctx *c)
{
	struct lfstack_pool *p = &c->s->pool;

	spin_lock(&p->lock);
	while (p->nfree && c->ncache < LFSTACK_CACHE / 2)
		lfs_cache_put(c, p->free[--p->nfree]);
	spin_unlock(&p->lock);
}

/* Moves all but @keep of @c's cached nodes (the oldest) to the pool. */
static void lfs_pool_flush(struct lfstack_ctx *c, unsigned int keep)
{
	struct lfstack_pool *p = &c->s->pool;

	spin_lock(&p->lock);
	while (c->ncache > keep) {
		/* ownership is unique (LINKED -> OWNED by CAS): cannot fill */
		if (WARN_ON_ONCE(p->nfree >= p->size))
			break;
		p->free[p->nfree++] = c->cache[c->cache_first];
		c->cache_first = (c->cache_first + 1) % LFSTACK_CACHE;
		c->ncache--;
	}
	spin_unlock(&p->lock);
}

/* ---- nodes ------------------------------------------------------------------ */

static struct lfstack_node *lfs_node_alloc(struct lfstack_ctx *c)
{
	struct lfstack_node *n;

	if (!lfs_pooled(c->s)) {
		n = kmalloc(sizeof(*n), GFP_KERNEL | __GFP_NOWARN);
		if (n) {
			WRITE_ONCE(n->poison, 0);
			n->audit = 0;	/* never an audit's mark (from 1) */
		}
		return n;
	}
	if (!c->ncache)
		lfs_pool_refill(c);
	if (!c->ncache)
		return NULL;
	n = lfs_cache_get(c);
	WRITE_ONCE(n->state, LFSTACK_OWNED);
	return n;
}

/* A node popped in a pool mode goes back to the thread's cache at once. */
static void lfs_node_recycle(struct lfstack_ctx *c, struct lfstack_node *n)
{
	WRITE_ONCE(n->state, LFSTACK_FREE);
	if (c->ncache == LFSTACK_CACHE)
		lfs_pool_flush(c, LFSTACK_CACHE / 2);
	lfs_cache_put(c, n);
}

/* hazptr, rcu: the end of a node; the poison is what a late reader sees. */
static void lfs_node_free(struct lfstack_node *n)
{
	WRITE_ONCE(n->poison, LFSTACK_POISON);
	kfree(n);
}

static void lfs_node_free_rcu(struct rcu_head *head)
{
	struct lfstack_node *n = container_of(head, struct lfstack_node, rcu);
	struct lfstack *s = n->s;

	lfs_node_free(n);
	atomic_long_inc(&s->rcu_freed);
}

/* ---- the memory held for reclamation ---------------------------------------- */

/**
 * lfstack_held() - nodes retired and not yet freed (hazptr, rcu)
 * @s:	the stack
 *
 * Reads other threads' counters racily: a sample, exact when no pop is in
 * flight.
 */
u64 lfstack_held(struct lfstack *s)
{
	u64 retired = 0, freed = (u64)atomic_long_read(&s->rcu_freed);
	unsigned int i;

	for (i = 0; i < s->nctx; i++) {
		retired += READ_ONCE(s->ctxs[i]->retired_total);
		freed += READ_ONCE(s->ctxs[i]->freed);
	}
	return retired > freed ? retired - freed : 0;
}

static void lfs_sample_held(struct lfstack_ctx *c)
{
	u64 held;

	if (c->pops % LFSTACK_SAMPLE_POPS)
		return;
	held = lfstack_held(c->s);
	c->held_peak = max(c->held_peak, held);
	c->held_sum += held;
	c->held_samples++;
}

/* ---- hazard pointers -------------------------------------------------------- */

static bool lfs_hp_protected(struct lfstack_node *const *hp, unsigned int nhp,
			     const struct lfstack_node *n)
{
	unsigned int i;

	for (i = 0; i < nhp; i++)
		if (hp[i] == n)
			return true;
	return false;
}

/**
 * lfstack_hp_scan() - free the retired nodes of @c that no hazard holds
 * @c:	the calling thread's context (hazptr)
 */
void lfstack_hp_scan(struct lfstack_ctx *c)
{
	struct lfstack_node **hp = c->hp_snap;
	struct lfstack *s = c->s;
	unsigned int i, kept = 0, nhp = 0;

	/*
	 * Pairs with smp_mb() in lfs_pop_hazptr(): either that pop sees the
	 * CAS that unlinked a node (before this scan), or this scan sees its
	 * hazard.
	 */
	smp_mb();
	for (i = 0; i < s->nctx; i++) {
		struct lfstack_node *h = READ_ONCE(s->hazards[i].node);

		if (h)
			hp[nhp++] = h;
	}
	for (i = 0; i < c->nretired; i++) {
		struct lfstack_node *n = c->retired[i];

		if (lfs_hp_protected(hp, nhp, n)) {
			c->retired[kept++] = n;
			continue;
		}
		lfs_node_free(n);
		WRITE_ONCE(c->freed, c->freed + 1);
	}
	c->nretired = kept;
	c->scans++;
}

static void lfs_hp_retire(struct lfstack_ctx *c, struct lfstack_node *n)
{
	c->retired[c->nretired++] = n;
	WRITE_ONCE(c->retired_total, c->retired_total + 1);
	c->retired_max = max_t(u64, c->retired_max, c->nretired);
	if (c->nretired >= c->s->hp_threshold)
		lfstack_hp_scan(c);
}

/* ---- push --------------------------------------------------------------------- */

static void lfs_link_cas(struct lfstack *s, struct lfstack_node *n)
{
	struct lfstack_node *h = READ_ONCE(s->head), *seen;

	for (;;) {
		WRITE_ONCE(n->next, h);
		/* full barrier: the node's fields before it is reachable */
		seen = cmpxchg(&s->head, h, n);
		if (seen == h)
			return;
		h = seen;
	}
}

static void lfs_link_tagged(struct lfstack *s, struct lfstack_node *n)
{
	struct lfstack_node *h;
	unsigned long tag;

	do {
		tag = READ_ONCE(s->th.tag);
		smp_rmb();	/* the tag, then the pointer: a torn pair fails */
		h = READ_ONCE(s->th.ptr);
		WRITE_ONCE(n->next, h);
	} while (!cmpxchg_double(&s->th.ptr, &s->th.tag, h, tag, n, tag + 1));
}

/**
 * lfstack_push() - push a node stamped with a new value
 * @c:		the calling thread's context
 * @value:	out: the stamp pushed, unique to this push
 *
 * Return: 0; -ENOSPC when no node is free (the pool is empty, or
 * kmalloc() failed).
 */
int lfstack_push(struct lfstack_ctx *c, u64 *value)
{
	struct lfstack *s = c->s;
	struct lfstack_node *n = lfs_node_alloc(c);
	u64 v;

	if (!n) {
		c->full++;
		return -ENOSPC;
	}
	v = (u64)(c->slot + 1) << 40 | ++c->seq;
	WRITE_ONCE(n->value, v);
	n->s = s;
	if (lfs_pooled(s))
		WRITE_ONCE(n->state, LFSTACK_LINKED);
	switch (s->mode) {
	case LFSTACK_LOCKED:
		spin_lock(&s->lock);
		WRITE_ONCE(n->next, s->head);
		WRITE_ONCE(s->head, n);
		spin_unlock(&s->lock);
		break;
	case LFSTACK_TAGGED:
		lfs_link_tagged(s, n);
		break;
	default:
		lfs_link_cas(s, n);
		break;
	}
	c->pushes++;
	*value = v;
	return 0;
}

/* ---- pop ---------------------------------------------------------------------- */

static struct lfstack_node *lfs_pop_locked(struct lfstack *s, u64 *stamp)
{
	struct lfstack_node *h;

	spin_lock(&s->lock);
	h = s->head;
	if (h) {
		*stamp = READ_ONCE(h->value);
		if (s->window_ns)
			ndelay(s->window_ns);
		WRITE_ONCE(s->head, READ_ONCE(h->next));
	}
	spin_unlock(&s->lock);
	return h;
}

/* naive and rcu (inside rcu_read_lock()): a bare CAS on the head. */
static struct lfstack_node *lfs_pop_cas(struct lfstack_ctx *c, u64 *stamp)
{
	struct lfstack *s = c->s;
	struct lfstack_node *h = READ_ONCE(s->head), *next, *seen;

	while (h) {
		*stamp = READ_ONCE(h->value);
		if (READ_ONCE(h->poison) == LFSTACK_POISON)
			c->poisoned++;
		next = READ_ONCE(h->next);
		if (s->window_ns)
			ndelay(s->window_ns);
		seen = cmpxchg(&s->head, h, next);
		if (seen == h)
			break;
		h = seen;
	}
	return h;
}

static struct lfstack_node *lfs_pop_tagged(struct lfstack *s, u64 *stamp)
{
	struct lfstack_node *h, *next;
	unsigned long tag;

	do {
		tag = READ_ONCE(s->th.tag);
		smp_rmb();	/* pairs with the CAS: tag, then pointer */
		h = READ_ONCE(s->th.ptr);
		if (!h)
			return NULL;
		*stamp = READ_ONCE(h->value);
		next = READ_ONCE(h->next);
		if (s->window_ns)
			ndelay(s->window_ns);
	} while (!cmpxchg_double(&s->th.ptr, &s->th.tag, h, tag, next,
				 tag + 1));
	return h;
}

static struct lfstack_node *lfs_pop_hazptr(struct lfstack_ctx *c, u64 *stamp)
{
	struct lfstack *s = c->s;
	struct lfstack_hazard *hz = &s->hazards[c->slot];
	struct lfstack_node *h, *next;

	for (;;) {
		h = READ_ONCE(s->head);
		if (!h)
			break;
		WRITE_ONCE(hz->node, h);
		/* pairs with smp_mb() in lfstack_hp_scan() */
		smp_mb();
		if (READ_ONCE(s->head) != h)
			continue;
		/* protected: no scan frees h until the slot changes */
		*stamp = READ_ONCE(h->value);
		if (READ_ONCE(h->poison) == LFSTACK_POISON)
			c->poisoned++;
		next = READ_ONCE(h->next);
		if (s->window_ns)
			ndelay(s->window_ns);
		if (cmpxchg(&s->head, h, next) == h)
			break;
	}
	/* our reads of h are done before the slot lets it go */
	smp_store_release(&hz->node, NULL);
	return h;
}

/* Takes a popped pool node: only a LINKED one is anyone's to take. */
static int lfs_take(struct lfstack_ctx *c, struct lfstack_node *n)
{
	if (cmpxchg(&n->state, LFSTACK_LINKED, LFSTACK_OWNED) !=
	    LFSTACK_LINKED) {
		c->dup++;
		return -ESTALE;
	}
	return 0;
}

/**
 * lfstack_pop() - pop the top node
 * @c:		the calling thread's context
 * @value:	out: its stamp
 *
 * Return: 0; -ENOENT when the stack is empty; -ESTALE (naive only) when
 * the CAS unlinked a node that was not linked any more (a duplicate: the
 * node stays with its owner and nothing is popped).
 */
int lfstack_pop(struct lfstack_ctx *c, u64 *value)
{
	struct lfstack *s = c->s;
	struct lfstack_node *h;
	u64 stamp = 0;
	int ret = 0;

	switch (s->mode) {
	case LFSTACK_LOCKED:
		h = lfs_pop_locked(s, &stamp);
		break;
	case LFSTACK_TAGGED:
		h = lfs_pop_tagged(s, &stamp);
		break;
	case LFSTACK_HAZPTR:
		h = lfs_pop_hazptr(c, &stamp);
		break;
	case LFSTACK_RCU:
		rcu_read_lock();
		h = lfs_pop_cas(c, &stamp);
		rcu_read_unlock();
		break;
	default:
		h = lfs_pop_cas(c, &stamp);
		break;
	}
	if (!h) {
		c->empty++;
		return -ENOENT;
	}
	/* h is ours now (unless naive lost it): a new stamp means ABA */
	*value = READ_ONCE(h->value);
	if (*value != stamp)
		c->aba++;
	if (lfs_pooled(s)) {
		ret = lfs_take(c, h);
		if (!ret)
			lfs_node_recycle(c, h);
	} else if (s->mode == LFSTACK_HAZPTR) {
		lfs_hp_retire(c, h);
	} else {
		WRITE_ONCE(c->retired_total, c->retired_total + 1);
		call_rcu(&h->rcu, lfs_node_free_rcu);
	}
	if (ret)
		return ret;
	c->pops++;
	if (!lfs_pooled(s))
		lfs_sample_held(c);
	return 0;
}

/* ---- audit -------------------------------------------------------------------- */

/**
 * lfstack_audit() - walk the stack, with no push or pop in flight
 * @s:	the stack
 * @a:	out: what the walk found
 *
 * The walk stops at NULL, at a node met twice (a cycle, naive) or at a
 * pointer outside the pool (pool modes; never, since every next came
 * from a node or the head).
 */
void lfstack_audit(struct lfstack *s, struct lfstack_audit *a)
{
	bool pooled = lfs_pooled(s);
	struct lfstack_node *n;
	u32 i;

	memset(a, 0, sizeof(*a));
	s->audit_epoch++;
	for (n = READ_ONCE(s->head); n; n = READ_ONCE(n->next)) {
		if (pooled && !lfs_in_pool(&s->pool, n)) {
			a->outside++;
			break;
		}
		if (n->audit == s->audit_epoch) {
			a->cycle = 1;
			break;
		}
		n->audit = s->audit_epoch;
		a->reachable++;
		if (pooled && READ_ONCE(n->state) != LFSTACK_LINKED)
			a->dup++;
	}
	if (!pooled)
		return;
	for (i = 0; i < s->pool.size; i++) {
		n = &s->pool.nodes[i];
		if (READ_ONCE(n->state) == LFSTACK_LINKED &&
		    n->audit != s->audit_epoch)
			a->lost++;
	}
}

/* ---- life ------------------------------------------------------------------------ */

/**
 * lfstack_create() - a new, empty stack
 * @mode:	enum lfstack_mode
 * @nodes:	pool modes: the pool's nodes, 1..LFSTACK_MAX_NODES (ignored
 *		otherwise)
 * @window_ns:	the delay between reading head->next and the CAS (the lock
 *		in locked), 0..LFSTACK_MAX_WINDOW_NS
 * @nthreads:	contexts that will use it, 1..LFSTACK_MAX_THREADS
 *
 * Return: the stack; NULL on a bad argument (or tagged without CX16) or
 * no memory.
 */
struct lfstack *lfstack_create(u32 mode, u32 nodes, u32 window_ns,
			       unsigned int nthreads)
{
	struct lfstack *s;

	if (mode >= LFSTACK_NMODES || window_ns > LFSTACK_MAX_WINDOW_NS ||
	    !nthreads || nthreads > LFSTACK_MAX_THREADS ||
	    !nodes || nodes > LFSTACK_MAX_NODES)
		return NULL;
	if (mode == LFSTACK_TAGGED && !system_has_cmpxchg_double())
		return NULL;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return NULL;
	spin_lock_init(&s->lock);
	s->mode = mode;
	s->window_ns = window_ns;
	s->nslots = nthreads;
	s->hp_threshold = 2 * nthreads + LFSTACK_HP_SLACK;
	atomic_long_set(&s->rcu_freed, 0);
	if (lfs_pooled(s) && lfs_pool_init(&s->pool, nodes))
		goto err_free;
	s->ctxs = kcalloc(nthreads, sizeof(*s->ctxs), GFP_KERNEL);
	if (!s->ctxs)
		goto err_free;
	if (mode == LFSTACK_HAZPTR) {
		s->hazards = kcalloc(nthreads, sizeof(*s->hazards), GFP_KERNEL);
		if (!s->hazards)
			goto err_free;
	}
	return s;

err_free:
	lfstack_destroy(s);
	return NULL;
}

/**
 * lfstack_ctx_init() - register a thread's context, before any thread runs
 * @s:	the stack
 * @c:	zeroed context
 *
 * Return: 0; -ENOSPC past the nthreads given to lfstack_create();
 * -ENOMEM.
 */
int lfstack_ctx_init(struct lfstack *s, struct lfstack_ctx *c)
{
	if (s->nctx >= s->nslots)
		return -ENOSPC;
	c->s = s;
	c->slot = s->nctx;
	if (s->mode == LFSTACK_HAZPTR) {
		c->retired = kcalloc(s->hp_threshold, sizeof(*c->retired),
				     GFP_KERNEL);
		c->hp_snap = kcalloc(s->nslots, sizeof(*c->hp_snap),
				     GFP_KERNEL);
		if (!c->retired || !c->hp_snap) {
			kfree(c->retired);
			kfree(c->hp_snap);
			c->retired = NULL;
			c->hp_snap = NULL;
			return -ENOMEM;
		}
	}
	s->ctxs[s->nctx++] = c;
	return 0;
}

/**
 * lfstack_ctx_exit() - give back what a context holds, no pop in flight
 * @c:	a context lfstack_ctx_init() took (or zeroed: nothing to do)
 *
 * Its cached pool nodes go back to the pool, its retired nodes are
 * freed. Its counters stay readable.
 */
void lfstack_ctx_exit(struct lfstack_ctx *c)
{
	unsigned int i;

	if (!c->s)
		return;
	if (lfs_pooled(c->s))
		lfs_pool_flush(c, 0);
	for (i = 0; i < c->nretired; i++) {
		lfs_node_free(c->retired[i]);
		WRITE_ONCE(c->freed, c->freed + 1);
	}
	c->nretired = 0;
	kfree(c->retired);
	kfree(c->hp_snap);
	c->retired = NULL;
	c->hp_snap = NULL;
}

/**
 * lfstack_destroy() - free a stack and the nodes on it
 * @s:	the stack, with every context exited (NULL: nothing)
 *
 * Waits for the rcu mode's call_rcu() callbacks first (rcu_barrier()).
 */
void lfstack_destroy(struct lfstack *s)
{
	struct lfstack_node *n, *next;

	if (!s)
		return;
	if (s->mode == LFSTACK_RCU)
		rcu_barrier();
	if (!lfs_pooled(s)) {
		for (n = s->head; n; n = next) {
			next = n->next;
			lfs_node_free(n);
		}
	}
	kvfree(s->pool.nodes);
	kvfree(s->pool.free);
	kfree(s->hazards);
	kfree(s->ctxs);
	kfree(s);
}
