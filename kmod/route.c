// SPDX-License-Identifier: GPL-2.0
/*
 * route: an IPv4 routing table with longest-prefix-match lookup. The same
 * file builds into synclab.ko and, over user/shim, into userspace.
 *
 * THE STRUCTURE is a multibit trie in the style of poptrie, strides 16/8/8:
 *  - the direct level, two arrays indexed by the top 16 address bits:
 *    dleaf[i], the longest prefix of length 0..16 covering that /16, and
 *    direct[i], the level-1 node holding its longer prefixes, or NULL;
 *  - level-1 nodes (one per /16 holding /17../24 prefixes) and level-2
 *    nodes (one per /24 holding /25../32 prefixes), each of 256 slots, one
 *    per value of the next 8 address bits. A slot descends into a child
 *    node (child_bm) or ends in a leaf. Leaves are run-length compressed:
 *    run_bm marks the leaf slots where a new run starts, and a popcount
 *    turns a slot number into an index, so a node costs 8 bytes per run,
 *    not per slot.
 * A prefix lives in the one level that holds its length, expanded over
 * the slots it covers there; a slot holds the longest prefix of its own
 * level covering it. A level-2 node keeps, in dflt, the level-1 leaf of
 * its slot; dleaf[] is the fallback of both deeper levels. A lookup reads
 * direct[i], then at most two nodes (bitmaps and one slot each), and
 * dleaf[i] only when the deeper levels hold nothing for the address.
 *
 * LOCKING. t->update_lock, a mutex (updaters allocate), serializes every
 * updater: add, delete, load, flush, dump and the counters. Nodes are
 * copy-on-write: an updater builds the changed node aside, then publishes
 * it with one pointer store. The only stores into reachable memory are of
 * single words that a reader sees whole, old or new: a leaf (next-hop
 * replace), a level-2 dflt, a child pointer, a dleaf[] entry, t->trie.
 *
 * Readers, by the table's mode (fixed at creation):
 *   rcu       rcu_read_lock() and nothing else; retired nodes are freed by
 *             call_rcu(), a retired whole trie after synchronize_rcu();
 *   rwlock    read_lock(&t->lock.rw);
 *   spinlock  spin_lock(&t->lock.spin);
 *   mutex     mutex_lock(&t->lock.mutex).
 * In the lock modes an updater also takes t->lock, for writing, around
 * each publish step, never across an allocation, and frees what it
 * retired right after dropping it: no reader can still hold it.
 *
 * Lock order: t->update_lock, then t->lock (write side).
 * Contexts: see route.h. Nothing here touches user memory.
 *
 * Retired nodes are poisoned before they are freed; debug builds (userspace
 * SHIM_DEBUG, kernel CONFIG_DEBUG_OBJECTS_RCU_HEAD) make readers check the
 * poison, so a use after free fails loudly instead of quietly.
 */
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "route.h"

#define RT_DIRECT_BITS	16
#define RT_DIRECT_SLOTS	BIT(RT_DIRECT_BITS)
#define RT_STRIDE	8
#define RT_SLOTS	BIT(RT_STRIDE)
#define RT_WORDS	(RT_SLOTS / 64)
/* prefixes a node can hold, lengths 1..8 inside it: 2 + 4 + ... + 256 */
#define RT_NODE_PFX	510
#define RT_PFX_WORDS	8
/* prefixes of the direct level, lengths 0..16: 2^17 - 1 */
#define RT_SHORT_PFX	((1U << (RT_DIRECT_BITS + 1)) - 1)
#define RT_SHORT_WORDS	((RT_SHORT_PFX + 63) / 64)

#define RT_MAGIC	0x52544e44U	/* a live node */
#define RT_POISON	0x6b6b6b6bU	/* a retired one */

#if defined(SHIM_DEBUG) || defined(CONFIG_DEBUG_OBJECTS_RCU_HEAD)
#define RT_CHECK_POISON	1
#else
#define RT_CHECK_POISON	0
#endif

/*
 * A leaf is one word: bit 0 valid, bits 1-6 the prefix length, bits 8-15
 * the prefix's bits inside its node (so that neighbouring prefixes with
 * the same length and next hop stay separate runs), bits 32-63 the next
 * hop. 0: no prefix of this level covers the slot.
 */
typedef u64 rt_leaf;
#define RT_LEAF_VALID	1ULL

union rt_slot {
	struct rt_node __rcu *child;
	rt_leaf leaf;
};

struct rt_node {
	/* cache line 0: what every lookup through this node reads */
	u64 child_bm[RT_WORDS];
	u64 run_bm[RT_WORDS];
	/* cache line 1 */
	rt_leaf dflt;			/* level 2: the level-1 leaf of its slot */
	u8 child_base[RT_WORDS];	/* children in the words before */
	u8 run_base[RT_WORDS];		/* runs in the words before */
	u16 nchild;
	u16 nrun;
	u16 npfx;
	u8 level;
	u32 magic;
	struct route_table *table;	/* whose counters the RCU callback bumps */
	struct rcu_head rcu;
	/* updater only: the prefixes stored here, bit rt_pidx(l, bits) */
	u64 pfx_bm[RT_PFX_WORDS];
	/* nchild children, nrun leaves, then npfx next hops (u32, packed) */
	union rt_slot slot[];
};

struct rt_trie {
	struct rt_node __rcu **direct;	/* [RT_DIRECT_SLOTS] */
	rt_leaf *dleaf;			/* [RT_DIRECT_SLOTS] */
	/* updater only */
	u64 *short_bm;			/* prefixes /0../16, bit rt_sidx() */
	u32 *short_nh;			/* their next hops */
	u64 prefixes;
	u64 nodes;
	u64 bytes;
	bool private;			/* not published: retire frees at once */
};

struct route_table {
	u32 mode;
	union {				/* readers' lock in the lock modes */
		rwlock_t rw;		/* rwlock mode: t->trie and all below */
		spinlock_t spin;	/* spinlock mode: the same */
		struct mutex mutex;	/* mutex mode: the same */
	} lock;
	struct rt_trie __rcu *trie;
	struct mutex update_lock;	/* serializes updaters; see the top */
	atomic_long_t rcu_pending;
	atomic_long_t rcu_completed;
	/* update_lock protects everything below */
	u64 adds;
	u64 replaces;
	u64 deletes;
	u64 loads;
	struct rt_node *retired[3];
	unsigned int nretired;
	/* one node unpacked, while an update rebuilds it */
	u64 scratch_pfx[RT_PFX_WORDS];
	rt_leaf scratch_leaf[RT_SLOTS];
	struct rt_node *scratch_child[RT_SLOTS];
	u32 scratch_nh[RT_NODE_PFX];
};

/*
 * The reader side: rcu_read_lock(), the mode's lock, or the update lock.
 * Macros, not functions: without lockdep, lockdep_is_held() exists only
 * inside the conditions of rcu_dereference_check() and friends.
 */
#define rt_lock_held(t) ({						\
	struct route_table *__t = (t);					\
	lockdep_is_held(&__t->update_lock) ||				\
	(__t->mode == SYNCLAB_ROUTE_RWLOCK &&				\
	 lockdep_is_held(&__t->lock.rw)) ||				\
	(__t->mode == SYNCLAB_ROUTE_SPINLOCK &&				\
	 lockdep_is_held(&__t->lock.spin)) ||				\
	(__t->mode == SYNCLAB_ROUTE_MUTEX &&				\
	 lockdep_is_held(&__t->lock.mutex));				\
})
#define rt_deref(t, p)	rcu_dereference_check(p, rt_lock_held(t))
/* The updater side: t->update_lock held. */
#define rt_deref_upd(t, p)						\
	rcu_dereference_protected(p, lockdep_is_held(&(t)->update_lock))

/* ---- small helpers --------------------------------------------------- */

static inline u32 rt_mask(unsigned int len)
{
	return len ? ~0U << (32 - len) : 0;
}

static inline rt_leaf rt_leaf_make(u32 nexthop, unsigned int len,
				   unsigned int bits)
{
	return RT_LEAF_VALID | (u64)len << 1 | (u64)(bits & 0xff) << 8 |
	       (u64)nexthop << 32;
}

static inline unsigned int rt_leaf_len(rt_leaf leaf)
{
	return (leaf >> 1) & 0x3f;
}

static inline u32 rt_leaf_nexthop(rt_leaf leaf)
{
	return leaf >> 32;
}

static inline bool rt_test(const u64 *bm, unsigned int i)
{
	return (bm[i / 64] >> (i % 64)) & 1;
}

static inline void rt_set(u64 *bm, unsigned int i)
{
	bm[i / 64] |= 1ULL << (i % 64);
}

static inline void rt_clear(u64 *bm, unsigned int i)
{
	bm[i / 64] &= ~(1ULL << (i % 64));
}

/* Index of a node prefix of in-node length l (1..8) and bits. */
static inline unsigned int rt_pidx(unsigned int l, unsigned int bits)
{
	return (1U << l) - 2 + bits;
}

/* Index of a direct-level prefix of length 0..16. */
static inline unsigned int rt_sidx(u32 prefix, unsigned int len)
{
	return (1U << len) - 1 + (len ? prefix >> (32 - len) : 0);
}

static inline size_t rt_node_size(unsigned int nchild, unsigned int nrun,
				  unsigned int npfx)
{
	return sizeof(struct rt_node) +
	       (nchild + nrun + (npfx + 1) / 2) * sizeof(union rt_slot);
}

static inline u32 *rt_node_nh(struct rt_node *n)
{
	return (u32 *)&n->slot[n->nchild + n->nrun];
}

/* Next hop of the node prefix with index pidx, which must exist. */
static u32 rt_node_pfx_nh(struct rt_node *n, unsigned int pidx)
{
	unsigned int w, rank = 0;

	for (w = 0; w < pidx / 64; w++)
		rank += hweight64(n->pfx_bm[w]);
	rank += hweight64(n->pfx_bm[w] & ((1ULL << (pidx % 64)) - 1));
	return rt_node_nh(n)[rank];
}

/* ---- the read side --------------------------------------------------- */

static __always_inline void rt_check_live(const struct rt_node *n)
{
	if (RT_CHECK_POISON)
		WARN_ON_ONCE(READ_ONCE(n->magic) != RT_MAGIC);
}

/* The leaf of non-child slot s: the run that starts at or before it. */
static __always_inline rt_leaf rt_node_leaf(const struct rt_node *n,
					    unsigned int s)
{
	unsigned int w = s / 64;
	unsigned int runs = n->run_base[w] +
			    hweight64(n->run_bm[w] & (~0ULL >> (63 - s % 64)));

	return READ_ONCE(n->slot[n->nchild + runs - 1].leaf);
}

static __always_inline unsigned int rt_child_index(const struct rt_node *n,
						   unsigned int s)
{
	unsigned int w = s / 64;

	return n->child_base[w] +
	       hweight64(n->child_bm[w] & ((1ULL << (s % 64)) - 1));
}

/* Call with the table's reader protection held (rt_read_lock()). */
static __always_inline rt_leaf rt_trie_lookup(struct route_table *t,
					      struct rt_trie *tr, u32 addr)
{
	unsigned int i = addr >> 16, s = (addr >> 8) & 0xff;
	struct rt_node *n = rt_deref(t, tr->direct[i]);
	rt_leaf leaf;

	if (n) {
		rt_check_live(n);
		if (rt_test(n->child_bm, s)) {
			n = rt_deref(t, n->slot[rt_child_index(n, s)].child);
			rt_check_live(n);
			leaf = rt_node_leaf(n, addr & 0xff);
			if (!leaf)
				leaf = READ_ONCE(n->dflt);
		} else {
			leaf = rt_node_leaf(n, s);
		}
		if (leaf)
			return leaf;
	}
	return READ_ONCE(tr->dleaf[i]);
}

/*
 * The reader protection of the table's mode. Every branch acquires one
 * context, so sparse sees the pair balanced whichever mode runs.
 */
static inline void rt_read_lock(struct route_table *t) __acquires(&t->lock)
{
	switch (t->mode) {
	case SYNCLAB_ROUTE_RWLOCK:
		read_lock(&t->lock.rw);
		break;
	case SYNCLAB_ROUTE_SPINLOCK:
		spin_lock(&t->lock.spin);
		break;
	case SYNCLAB_ROUTE_MUTEX:
		mutex_lock(&t->lock.mutex);
		__acquire(&t->lock);
		break;
	default:
		rcu_read_lock();
		break;
	}
}

static inline void rt_read_unlock(struct route_table *t)
	__releases(&t->lock)
{
	switch (t->mode) {
	case SYNCLAB_ROUTE_RWLOCK:
		read_unlock(&t->lock.rw);
		break;
	case SYNCLAB_ROUTE_SPINLOCK:
		spin_unlock(&t->lock.spin);
		break;
	case SYNCLAB_ROUTE_MUTEX:
		__release(&t->lock);
		mutex_unlock(&t->lock.mutex);
		break;
	default:
		rcu_read_unlock();
		break;
	}
}

/**
 * route_lookup() - longest-prefix match
 * @t:		the table
 * @addr:	IPv4 address, host byte order
 * @res:	filled on a match
 *
 * Takes the table's reader protection itself; see route.h for contexts.
 *
 * Return: true on a match, false when no prefix covers @addr.
 */
bool route_lookup(struct route_table *t, u32 addr, struct route_result *res)
{
	rt_leaf leaf;

	rt_read_lock(t);
	leaf = rt_trie_lookup(t, rt_deref(t, t->trie), addr);
	rt_read_unlock(t);
	if (!leaf)
		return false;
	res->nexthop = rt_leaf_nexthop(leaf);
	res->len = rt_leaf_len(leaf);
	res->prefix = addr & rt_mask(res->len);
	return true;
}

/* ---- publishing and retiring ------------------------------------------ */

/*
 * Around every store into reachable memory. In the lock modes this is the
 * readers' lock for writing; for a private trie (a bulk load being built)
 * and in rcu mode, nothing: RCU readers cope with single-word stores.
 */
static void rt_publish_begin(struct route_table *t, struct rt_trie *tr)
	__acquires(&t->lock)
{
	lockdep_assert_held(&t->update_lock);
	if (tr && tr->private) {
		__acquire(&t->lock);
		return;
	}
	switch (t->mode) {
	case SYNCLAB_ROUTE_RWLOCK:
		write_lock(&t->lock.rw);
		break;
	case SYNCLAB_ROUTE_SPINLOCK:
		spin_lock(&t->lock.spin);
		break;
	case SYNCLAB_ROUTE_MUTEX:
		mutex_lock(&t->lock.mutex);
		__acquire(&t->lock);
		break;
	default:
		__acquire(&t->lock);
		break;
	}
}

static void rt_publish_end(struct route_table *t, struct rt_trie *tr)
	__releases(&t->lock)
{
	if (tr && tr->private) {
		__release(&t->lock);
		return;
	}
	switch (t->mode) {
	case SYNCLAB_ROUTE_RWLOCK:
		write_unlock(&t->lock.rw);
		break;
	case SYNCLAB_ROUTE_SPINLOCK:
		spin_unlock(&t->lock.spin);
		break;
	case SYNCLAB_ROUTE_MUTEX:
		__release(&t->lock);
		mutex_unlock(&t->lock.mutex);
		break;
	default:
		__release(&t->lock);
		break;
	}
}

static void rt_node_free(struct rt_node *n)
{
	WRITE_ONCE(n->magic, RT_POISON);
	kfree(n);
}

static void rt_node_free_rcu(struct rcu_head *head)
{
	struct rt_node *n = container_of(head, struct rt_node, rcu);
	struct route_table *t = n->table;

	atomic_long_dec(&t->rcu_pending);
	atomic_long_inc(&t->rcu_completed);
	rt_node_free(n);
}

/* Queue n, just unlinked, to be retired once the publish step is over. */
static void __rt_retire_later(struct route_table *t, struct rt_node *n)
{
	lockdep_assert_held(&t->update_lock);
	if (WARN_ON_ONCE(t->nretired >= ARRAY_SIZE(t->retired)))
		return;
	t->retired[t->nretired++] = n;
}

/*
 * Retire what the last publish step unlinked: free it now when no reader
 * can see it (a private trie, or a lock mode after the write side was
 * dropped), else after a grace period.
 */
static void __rt_retire_queued(struct route_table *t, struct rt_trie *tr)
{
	lockdep_assert_held(&t->update_lock);
	while (t->nretired) {
		struct rt_node *n = t->retired[--t->nretired];

		tr->nodes--;
		tr->bytes -= rt_node_size(n->nchild, n->nrun, n->npfx);
		if (tr->private || t->mode != SYNCLAB_ROUTE_RCU) {
			rt_node_free(n);
		} else {
			atomic_long_inc(&t->rcu_pending);
			call_rcu(&n->rcu, rt_node_free_rcu);
		}
	}
}

/* ---- rebuilding a node ------------------------------------------------ */

/* Unpack node n (NULL: an empty one) into t's scratch arrays. */
static void __rt_node_unpack(struct route_table *t, struct rt_node *n)
{
	unsigned int s, ci = 0, ri = 0, pidx, k = 0;
	rt_leaf cur = 0;
	u32 *nh;

	lockdep_assert_held(&t->update_lock);
	if (!n) {
		memset(t->scratch_pfx, 0, sizeof(t->scratch_pfx));
		memset(t->scratch_leaf, 0, sizeof(t->scratch_leaf));
		memset(t->scratch_child, 0, sizeof(t->scratch_child));
		return;
	}
	for (s = 0; s < RT_SLOTS; s++) {
		if (rt_test(n->child_bm, s)) {
			struct rt_node *c = rt_deref_upd(t, n->slot[ci++].child);

			t->scratch_child[s] = c;
			t->scratch_leaf[s] = c->dflt;
			continue;
		}
		if (rt_test(n->run_bm, s))
			cur = n->slot[n->nchild + ri++].leaf;
		t->scratch_child[s] = NULL;
		t->scratch_leaf[s] = cur;
	}
	memcpy(t->scratch_pfx, n->pfx_bm, sizeof(t->scratch_pfx));
	nh = rt_node_nh(n);
	for (pidx = 0; pidx < RT_NODE_PFX; pidx++)
		if (rt_test(n->pfx_bm, pidx))
			t->scratch_nh[pidx] = nh[k++];
}

static bool rt_scratch_empty(struct route_table *t)
{
	unsigned int w, s;

	for (w = 0; w < RT_PFX_WORDS; w++)
		if (t->scratch_pfx[w])
			return false;
	for (s = 0; s < RT_SLOTS; s++)
		if (t->scratch_child[s])
			return false;
	return true;
}

/* Build a new, unpublished node of @level from t's scratch arrays. */
static struct rt_node *__rt_node_pack(struct route_table *t,
				      struct rt_trie *tr, u8 level)
{
	unsigned int s, w, pidx, nchild = 0, nrun = 0, npfx = 0, ci, ri, k;
	bool have_prev = false;
	rt_leaf prev = 0;
	struct rt_node *n;
	size_t size;
	u32 *nh;

	lockdep_assert_held(&t->update_lock);
	for (s = 0; s < RT_SLOTS; s++) {
		if (t->scratch_child[s]) {
			nchild++;
		} else if (!have_prev || t->scratch_leaf[s] != prev) {
			nrun++;
			prev = t->scratch_leaf[s];
			have_prev = true;
		}
	}
	for (w = 0; w < RT_PFX_WORDS; w++)
		npfx += hweight64(t->scratch_pfx[w]);

	size = rt_node_size(nchild, nrun, npfx);
	n = kzalloc(size, GFP_KERNEL);
	if (!n)
		return NULL;
	n->nchild = nchild;
	n->nrun = nrun;
	n->npfx = npfx;
	n->level = level;
	n->table = t;
	n->magic = RT_MAGIC;
	memcpy(n->pfx_bm, t->scratch_pfx, sizeof(n->pfx_bm));

	ci = 0;
	ri = 0;
	have_prev = false;
	for (s = 0; s < RT_SLOTS; s++) {
		if (!(s % 64)) {
			n->child_base[s / 64] = ci;
			n->run_base[s / 64] = ri;
		}
		if (t->scratch_child[s]) {
			rt_set(n->child_bm, s);
			RCU_INIT_POINTER(n->slot[ci++].child, t->scratch_child[s]);
		} else if (!have_prev || t->scratch_leaf[s] != prev) {
			rt_set(n->run_bm, s);
			prev = t->scratch_leaf[s];
			have_prev = true;
			n->slot[nchild + ri++].leaf = prev;
		}
	}
	nh = rt_node_nh(n);
	k = 0;
	for (pidx = 0; pidx < RT_NODE_PFX; pidx++)
		if (rt_test(n->pfx_bm, pidx))
			nh[k++] = t->scratch_nh[pidx];

	tr->nodes++;
	tr->bytes += size;
	return n;
}

/*
 * Push the scratch leaves of child slots into the children's dflt. Call
 * inside the publish step, with the scratch arrays of their parent.
 */
static void __rt_children_dflt(struct route_table *t)
{
	unsigned int s;

	lockdep_assert_held(&t->update_lock);
	for (s = 0; s < RT_SLOTS; s++) {
		struct rt_node *c = t->scratch_child[s];

		if (c && c->dflt != t->scratch_leaf[s])
			WRITE_ONCE(c->dflt, t->scratch_leaf[s]);
	}
}

/* ---- adding and removing --------------------------------------------- */

/* Where a prefix of length 17..32 lives inside its node. */
struct rt_pos {
	unsigned int i;		/* direct slot */
	unsigned int s1;	/* level-1 slot (level-2 prefixes) */
	unsigned int level;	/* 1 or 2 */
	unsigned int l;		/* length inside the node, 1..8 */
	unsigned int bits;	/* the prefix's bits inside the node */
	unsigned int first;	/* first slot covered */
	unsigned int nslots;	/* slots covered */
	unsigned int pidx;
};

static void rt_pos(u32 prefix, unsigned int len, struct rt_pos *p)
{
	p->i = prefix >> 16;
	p->s1 = (prefix >> 8) & 0xff;
	p->level = len <= 24 ? 1 : 2;
	p->l = len - (p->level == 1 ? 16 : 24);
	p->bits = (prefix >> (32 - len)) & ((1U << p->l) - 1);
	p->first = p->bits << (RT_STRIDE - p->l);
	p->nslots = 1U << (RT_STRIDE - p->l);
	p->pidx = rt_pidx(p->l, p->bits);
}

/* The node that holds p's prefixes, or NULL when it does not exist. */
static struct rt_node *rt_target(struct route_table *t, struct rt_trie *tr,
				 const struct rt_pos *p, struct rt_node **n1)
{
	struct rt_node *n = rt_deref_upd(t, tr->direct[p->i]);

	*n1 = n;
	if (!n || p->level == 1)
		return n;
	if (!rt_test(n->child_bm, p->s1))
		return NULL;
	return rt_deref_upd(t, n->slot[rt_child_index(n, p->s1)].child);
}

/* Replace the next hop of an existing prefix: single-word stores. */
static void rt_replace_node(struct route_table *t, struct rt_trie *tr,
			    struct rt_node *n, const struct rt_pos *p,
			    unsigned int len, u32 nexthop)
{
	rt_leaf old = rt_leaf_make(rt_node_pfx_nh(n, p->pidx), len, p->bits);
	rt_leaf new = rt_leaf_make(nexthop, len, p->bits);
	unsigned int s, ci, ri, k = 0;
	u32 *nh = rt_node_nh(n);

	rt_publish_begin(t, tr);
	for (s = p->first; s < p->first + p->nslots; s++) {
		if (rt_test(n->child_bm, s)) {
			struct rt_node *c;

			ci = rt_child_index(n, s);
			c = rt_deref_upd(t, n->slot[ci].child);
			if (c->dflt == old)
				WRITE_ONCE(c->dflt, new);
		} else if (rt_test(n->run_bm, s)) {
			ri = n->nchild + n->run_base[s / 64] +
			     hweight64(n->run_bm[s / 64] &
				       ((1ULL << (s % 64)) - 1));
			if (n->slot[ri].leaf == old)
				WRITE_ONCE(n->slot[ri].leaf, new);
		}
	}
	rt_publish_end(t, tr);
	for (s = 0; s < p->pidx; s++)
		k += rt_test(n->pfx_bm, s);
	nh[k] = nexthop;
}

/* Apply an add (new != 0) or a delete (repl) to the scratch leaves. */
static void rt_scratch_apply(struct route_table *t, const struct rt_pos *p,
			     unsigned int len, rt_leaf set, bool del)
{
	unsigned int s;

	for (s = p->first; s < p->first + p->nslots; s++) {
		rt_leaf cur = t->scratch_leaf[s];

		if (del) {
			if (cur && rt_leaf_len(cur) == len)
				t->scratch_leaf[s] = set;
		} else if (!cur || rt_leaf_len(cur) < len) {
			t->scratch_leaf[s] = set;
		}
	}
}

/* Longest prefix of the scratch node covering p's range, shorter than p. */
static rt_leaf rt_scratch_cover(struct route_table *t, const struct rt_pos *p)
{
	unsigned int l, base = p->level == 1 ? 16 : 24;

	for (l = p->l - 1; l >= 1; l--) {
		unsigned int bits = p->bits >> (p->l - l);
		unsigned int pidx = rt_pidx(l, bits);

		if (rt_test(t->scratch_pfx, pidx))
			return rt_leaf_make(t->scratch_nh[pidx], base + l, bits);
	}
	return 0;
}

/*
 * Swap the level-1 node of direct slot i (old n1, possibly NULL) for the
 * one in the scratch arrays, or for nothing when they are empty.
 */
static int __rt_commit_l1(struct route_table *t, struct rt_trie *tr,
			  unsigned int i, struct rt_node *n1)
{
	struct rt_node *new1 = NULL;

	if (!rt_scratch_empty(t)) {
		new1 = __rt_node_pack(t, tr, 1);
		if (!new1)
			return -ENOMEM;
	}
	rt_publish_begin(t, tr);
	if (new1)
		__rt_children_dflt(t);
	rcu_assign_pointer(tr->direct[i], new1);
	rt_publish_end(t, tr);
	if (n1)
		__rt_retire_later(t, n1);
	return 0;
}

static int rt_add_deep(struct route_table *t, struct rt_trie *tr, u32 prefix,
		       unsigned int len, u32 nexthop, bool *replaced)
{
	struct rt_node *n1, *n, *new2;
	struct rt_pos p;
	rt_leaf leaf;
	int ret;

	rt_pos(prefix, len, &p);
	leaf = rt_leaf_make(nexthop, len, p.bits);
	n = rt_target(t, tr, &p, &n1);
	if (n && rt_test(n->pfx_bm, p.pidx)) {
		rt_replace_node(t, tr, n, &p, len, nexthop);
		*replaced = true;
		return 0;
	}

	__rt_node_unpack(t, n);
	rt_set(t->scratch_pfx, p.pidx);
	t->scratch_nh[p.pidx] = nexthop;
	rt_scratch_apply(t, &p, len, leaf, false);

	if (p.level == 1) {
		ret = __rt_commit_l1(t, tr, p.i, n1);
		goto out;
	}

	new2 = __rt_node_pack(t, tr, 2);
	if (!new2)
		return -ENOMEM;
	if (n) {
		/* The level-1 node keeps its shape: swap the child in place. */
		new2->dflt = n->dflt;
		rt_publish_begin(t, tr);
		rcu_assign_pointer(n1->slot[rt_child_index(n1, p.s1)].child,
				   new2);
		rt_publish_end(t, tr);
		__rt_retire_later(t, n);
		ret = 0;
		goto out;
	}
	/* A new child: the level-1 node (maybe new too) gains a slot. */
	__rt_node_unpack(t, n1);
	new2->dflt = t->scratch_leaf[p.s1];
	t->scratch_child[p.s1] = new2;
	ret = __rt_commit_l1(t, tr, p.i, n1);
	if (ret) {
		tr->nodes--;
		tr->bytes -= rt_node_size(new2->nchild, new2->nrun, new2->npfx);
		rt_node_free(new2);
		return ret;
	}
out:
	if (!ret)
		tr->prefixes++;
	return ret;
}

static int rt_del_deep(struct route_table *t, struct rt_trie *tr, u32 prefix,
		       unsigned int len)
{
	struct rt_node *n1, *n, *new2;
	struct rt_pos p;

	rt_pos(prefix, len, &p);
	n = rt_target(t, tr, &p, &n1);
	if (!n || !rt_test(n->pfx_bm, p.pidx))
		return -ENOENT;

	__rt_node_unpack(t, n);
	rt_clear(t->scratch_pfx, p.pidx);
	rt_scratch_apply(t, &p, len, rt_scratch_cover(t, &p), true);

	if (p.level == 1) {
		if (__rt_commit_l1(t, tr, p.i, n1))
			return -ENOMEM;
		goto out;
	}
	if (!rt_scratch_empty(t)) {
		new2 = __rt_node_pack(t, tr, 2);
		if (!new2)
			return -ENOMEM;
		new2->dflt = n->dflt;
		rt_publish_begin(t, tr);
		rcu_assign_pointer(n1->slot[rt_child_index(n1, p.s1)].child,
				   new2);
		rt_publish_end(t, tr);
		__rt_retire_later(t, n);
		goto out;
	}
	/* The level-2 node empties: its slot becomes a leaf again. */
	__rt_node_unpack(t, n1);
	t->scratch_child[p.s1] = NULL;
	if (__rt_commit_l1(t, tr, p.i, n1))
		return -ENOMEM;
	__rt_retire_later(t, n);
out:
	tr->prefixes--;
	return 0;
}

/* Prefixes /0../16 live in dleaf[], expanded over the /16s they cover. */
static int rt_add_short(struct route_table *t, struct rt_trie *tr, u32 prefix,
			unsigned int len, u32 nexthop, bool *replaced)
{
	unsigned int idx = rt_sidx(prefix, len), i, first = prefix >> 16;
	unsigned int n = 1U << (RT_DIRECT_BITS - len);
	rt_leaf leaf = rt_leaf_make(nexthop, len, 0);

	*replaced = rt_test(tr->short_bm, idx);
	rt_set(tr->short_bm, idx);
	tr->short_nh[idx] = nexthop;
	rt_publish_begin(t, tr);
	for (i = first; i < first + n; i++) {
		rt_leaf cur = tr->dleaf[i];

		if (!cur || rt_leaf_len(cur) <= len)
			WRITE_ONCE(tr->dleaf[i], leaf);
	}
	rt_publish_end(t, tr);
	if (!*replaced)
		tr->prefixes++;
	return 0;
}

static int rt_del_short(struct route_table *t, struct rt_trie *tr, u32 prefix,
			unsigned int len)
{
	unsigned int idx = rt_sidx(prefix, len), i, first = prefix >> 16;
	unsigned int n = 1U << (RT_DIRECT_BITS - len);
	rt_leaf repl = 0;
	int l;

	if (!rt_test(tr->short_bm, idx))
		return -ENOENT;
	rt_clear(tr->short_bm, idx);
	for (l = len - 1; l >= 0; l--) {
		unsigned int j = rt_sidx(prefix & rt_mask(l), l);

		if (rt_test(tr->short_bm, j)) {
			repl = rt_leaf_make(tr->short_nh[j], l, 0);
			break;
		}
	}
	rt_publish_begin(t, tr);
	for (i = first; i < first + n; i++) {
		rt_leaf cur = tr->dleaf[i];

		if (cur && rt_leaf_len(cur) == len)
			WRITE_ONCE(tr->dleaf[i], repl);
	}
	rt_publish_end(t, tr);
	tr->prefixes--;
	return 0;
}

static int __rt_add(struct route_table *t, struct rt_trie *tr, u32 prefix,
		    unsigned int len, u32 nexthop, bool *replaced)
{
	int ret;

	lockdep_assert_held(&t->update_lock);
	*replaced = false;
	if (len <= RT_DIRECT_BITS)
		return rt_add_short(t, tr, prefix, len, nexthop, replaced);
	ret = rt_add_deep(t, tr, prefix, len, nexthop, replaced);
	__rt_retire_queued(t, tr);
	return ret;
}

/* ---- tries ----------------------------------------------------------- */

static void rt_trie_free(struct rt_trie *tr)
{
	unsigned int i, s;

	if (!tr)
		return;
	for (i = 0; tr->direct && i < RT_DIRECT_SLOTS; i++) {
		/* no reader and no updater is left: plain loads */
		struct rt_node *n1 = rcu_dereference_protected(tr->direct[i], 1);

		if (!n1)
			continue;
		for (s = 0; s < n1->nchild; s++)
			rt_node_free(rcu_dereference_protected(n1->slot[s].child,
							       1));
		rt_node_free(n1);
	}
	kvfree(tr->direct);
	kvfree(tr->dleaf);
	kvfree(tr->short_bm);
	kvfree(tr->short_nh);
	kfree(tr);
}

static struct rt_trie *rt_trie_alloc(void)
{
	struct rt_trie *tr = kzalloc(sizeof(*tr), GFP_KERNEL);

	if (!tr)
		return NULL;
	tr->direct = kvcalloc(RT_DIRECT_SLOTS, sizeof(*tr->direct), GFP_KERNEL);
	tr->dleaf = kvcalloc(RT_DIRECT_SLOTS, sizeof(*tr->dleaf), GFP_KERNEL);
	tr->short_bm = kvcalloc(RT_SHORT_WORDS, sizeof(u64), GFP_KERNEL);
	tr->short_nh = kvcalloc(RT_SHORT_PFX, sizeof(u32), GFP_KERNEL);
	if (!tr->direct || !tr->dleaf || !tr->short_bm || !tr->short_nh) {
		rt_trie_free(tr);
		return NULL;
	}
	tr->bytes = sizeof(*tr) +
		    RT_DIRECT_SLOTS * (sizeof(*tr->direct) + sizeof(rt_leaf)) +
		    RT_SHORT_WORDS * sizeof(u64) + RT_SHORT_PFX * sizeof(u32);
	return tr;
}

/*
 * Swap t's trie for @tr and retire the old one: after a grace period in
 * rcu mode, at once in the lock modes (the swap held the write side).
 */
static void rt_trie_replace(struct route_table *t, struct rt_trie *tr)
{
	struct rt_trie *old;

	lockdep_assert_held(&t->update_lock);
	tr->private = false;
	rt_publish_begin(t, tr);
	old = rcu_replace_pointer(t->trie, tr,
				  lockdep_is_held(&t->update_lock));
	rt_publish_end(t, tr);
	t->loads++;
	mutex_unlock(&t->update_lock);
	if (t->mode == SYNCLAB_ROUTE_RCU)
		synchronize_rcu();
	rt_trie_free(old);
}

/* ---- the API ----------------------------------------------------------- */

bool route_mode_valid(u32 mode)
{
	return mode < SYNCLAB_ROUTE_NMODES;
}

bool route_prefix_valid(u32 prefix, u8 len)
{
	return len <= 32 && !(prefix & ~rt_mask(len));
}

u32 route_table_mode(const struct route_table *t)
{
	return t->mode;
}

/**
 * route_table_create() - an empty table
 * @mode:	SYNCLAB_ROUTE_RCU..MUTEX; the caller checks route_mode_valid()
 *
 * Return: the table, or NULL when memory ran out.
 */
struct route_table *route_table_create(u32 mode)
{
	struct route_table *t = kzalloc(sizeof(*t), GFP_KERNEL);
	struct rt_trie *tr;

	if (!t)
		return NULL;
	t->mode = mode;
	switch (mode) {
	case SYNCLAB_ROUTE_RWLOCK:
		rwlock_init(&t->lock.rw);
		break;
	case SYNCLAB_ROUTE_SPINLOCK:
		spin_lock_init(&t->lock.spin);
		break;
	case SYNCLAB_ROUTE_MUTEX:
		mutex_init(&t->lock.mutex);
		break;
	}
	mutex_init(&t->update_lock);
	atomic_long_set(&t->rcu_pending, 0);
	atomic_long_set(&t->rcu_completed, 0);
	tr = rt_trie_alloc();
	if (!tr) {
		kfree(t);
		return NULL;
	}
	RCU_INIT_POINTER(t->trie, tr);
	return t;
}

/**
 * route_table_destroy() - free a table nobody uses any more
 * @t:	the table; no reader, updater or pending lookup may remain
 *
 * Waits for the table's RCU callbacks first: they update its counters.
 */
void route_table_destroy(struct route_table *t)
{
	if (!t)
		return;
	if (t->mode == SYNCLAB_ROUTE_RCU)
		rcu_barrier();
	rt_trie_free(rcu_dereference_protected(t->trie, 1));
	if (t->mode == SYNCLAB_ROUTE_MUTEX)
		mutex_destroy(&t->lock.mutex);
	mutex_destroy(&t->update_lock);
	kfree(t);
}

/**
 * route_add() - add a route, or replace the next hop of an existing prefix
 * @t:		the table
 * @prefix:	host byte order, no bits beyond @len
 * @len:	0..32
 * @nexthop:	next-hop id
 * @replaced:	out: whether the prefix existed
 *
 * Return: 0, -EINVAL for a bad prefix, -ENOMEM (the table is unchanged).
 */
int route_add(struct route_table *t, u32 prefix, u8 len, u32 nexthop,
	      bool *replaced)
{
	struct rt_trie *tr;
	int ret;

	if (!route_prefix_valid(prefix, len))
		return -EINVAL;
	mutex_lock(&t->update_lock);
	tr = rt_deref_upd(t, t->trie);
	ret = __rt_add(t, tr, prefix, len, nexthop, replaced);
	if (!ret) {
		if (*replaced)
			t->replaces++;
		else
			t->adds++;
	}
	mutex_unlock(&t->update_lock);
	return ret;
}

/**
 * route_del() - delete a route
 * @t:		the table
 * @prefix:	host byte order, no bits beyond @len
 * @len:	0..32
 *
 * Return: 0, -EINVAL for a bad prefix, -ENOENT when it is not in the
 * table, -ENOMEM (the table is unchanged).
 */
int route_del(struct route_table *t, u32 prefix, u8 len)
{
	struct rt_trie *tr;
	int ret;

	if (!route_prefix_valid(prefix, len))
		return -EINVAL;
	mutex_lock(&t->update_lock);
	tr = rt_deref_upd(t, t->trie);
	if (len <= RT_DIRECT_BITS) {
		ret = rt_del_short(t, tr, prefix, len);
	} else {
		ret = rt_del_deep(t, tr, prefix, len);
		__rt_retire_queued(t, tr);
	}
	if (!ret)
		t->deletes++;
	mutex_unlock(&t->update_lock);
	return ret;
}

/**
 * route_load() - replace the whole table in one step
 * @t:		the table
 * @routes:	the new content; a later duplicate prefix wins
 * @count:	how many
 *
 * Builds the new trie aside and publishes it with one pointer store: a
 * reader sees the whole old table or the whole new one, never a mix.
 *
 * Return: 0, or -EINVAL (a bad route) or -ENOMEM, with the old table in
 * place.
 */
int route_load(struct route_table *t, const struct synclab_route *routes,
	       u32 count)
{
	struct rt_trie *tr;
	bool replaced;
	u32 k;
	int ret = 0;

	for (k = 0; k < count; k++)
		if (!route_prefix_valid(routes[k].prefix, routes[k].len))
			return -EINVAL;
	tr = rt_trie_alloc();
	if (!tr)
		return -ENOMEM;
	tr->private = true;
	mutex_lock(&t->update_lock);
	for (k = 0; k < count && !ret; k++)
		ret = __rt_add(t, tr, routes[k].prefix, routes[k].len,
			       routes[k].nexthop, &replaced);
	if (ret) {
		mutex_unlock(&t->update_lock);
		rt_trie_free(tr);
		return ret;
	}
	rt_trie_replace(t, tr);		/* drops update_lock */
	return 0;
}

/**
 * route_flush() - empty the table in one step
 * @t:	the table
 *
 * Return: 0 or -ENOMEM (the table is unchanged).
 */
int route_flush(struct route_table *t)
{
	return route_load(t, NULL, 0);
}

static void rt_emit(struct synclab_route *out, u32 cap, u32 *n, u32 prefix,
		    unsigned int len, u32 nexthop)
{
	if (*n < cap) {
		memset(&out[*n], 0, sizeof(out[*n]));
		out[*n].prefix = prefix;
		out[*n].len = len;
		out[*n].nexthop = nexthop;
	}
	(*n)++;
}

/* Emit the prefixes of node n, whose range starts at base, in order. */
static void __rt_dump_node(struct route_table *t, struct rt_node *n,
			   u32 base, unsigned int depth,
			   struct synclab_route *out, u32 cap, u32 *count)
{
	unsigned int s, l, ci = 0;

	lockdep_assert_held(&t->update_lock);
	for (s = 0; s < RT_SLOTS; s++) {
		for (l = 1; l <= RT_STRIDE; l++) {
			unsigned int bits = s >> (RT_STRIDE - l);
			unsigned int pidx = rt_pidx(l, bits);

			if (s & ((1U << (RT_STRIDE - l)) - 1))
				continue;
			if (rt_test(n->pfx_bm, pidx))
				rt_emit(out, cap, count,
					base | bits << (32 - depth - l),
					depth + l, rt_node_pfx_nh(n, pidx));
		}
		if (rt_test(n->child_bm, s))
			__rt_dump_node(t, rt_deref_upd(t, n->slot[ci++].child),
				       base | s << (32 - depth - RT_STRIDE),
				       depth + RT_STRIDE, out, cap, count);
	}
}

/**
 * route_dump() - the table's routes, sorted by prefix, then length
 * @t:		the table
 * @out:	room for @cap routes (may be NULL when @cap is 0)
 * @cap:	how many fit
 *
 * Return: the number of routes in the table; min(@cap, that) were written.
 */
u32 route_dump(struct route_table *t, struct synclab_route *out, u32 cap)
{
	struct rt_trie *tr;
	unsigned int i, len;
	u32 n = 0;

	mutex_lock(&t->update_lock);
	tr = rt_deref_upd(t, t->trie);
	for (i = 0; i < RT_DIRECT_SLOTS; i++) {
		struct rt_node *n1;

		for (len = 0; len <= RT_DIRECT_BITS; len++) {
			u32 prefix = i << 16;
			unsigned int idx;

			if (i & ((1U << (RT_DIRECT_BITS - len)) - 1))
				continue;
			idx = rt_sidx(prefix, len);
			if (rt_test(tr->short_bm, idx))
				rt_emit(out, cap, &n, prefix, len,
					tr->short_nh[idx]);
		}
		n1 = rt_deref_upd(t, tr->direct[i]);
		if (n1)
			__rt_dump_node(t, n1, i << 16, RT_DIRECT_BITS, out, cap,
				       &n);
	}
	mutex_unlock(&t->update_lock);
	return n;
}

#ifdef SHIM_DEBUG
/*
 * Test hook of the userspace debug build: poison, without freeing it, the
 * level-1 node on @addr's path, as a retired node would be, so a test can
 * prove that readers check the poison. Returns false when there is none.
 */
bool route_debug_poison(struct route_table *t, u32 addr)
{
	struct rt_node *n;

	mutex_lock(&t->update_lock);
	n = rt_deref_upd(t, rt_deref_upd(t, t->trie)->direct[addr >> 16]);
	if (n)
		WRITE_ONCE(n->magic, RT_POISON);
	mutex_unlock(&t->update_lock);
	return n;
}
#endif

/**
 * route_counters() - the updater-side counters
 * @t:	the table
 * @c:	filled
 */
void route_counters(struct route_table *t, struct route_counters *c)
{
	struct rt_trie *tr;

	mutex_lock(&t->update_lock);
	tr = rt_deref_upd(t, t->trie);
	c->prefixes = tr->prefixes;
	c->adds = t->adds;
	c->replaces = t->replaces;
	c->deletes = t->deletes;
	c->loads = t->loads;
	c->nodes = tr->nodes;
	c->bytes = tr->bytes + sizeof(*t);
	mutex_unlock(&t->update_lock);
	c->rcu_pending = atomic_long_read(&t->rcu_pending);
	c->rcu_completed = atomic_long_read(&t->rcu_completed);
}
