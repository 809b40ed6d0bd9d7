// SPDX-License-Identifier: GPL-2.0
/*
 * route: an IPv4 routing table with longest-prefix-match lookup. The same
 * file builds into synclab.ko and, over user/shim, into userspace.
 *
 * THE STRUCTURE is a multibit trie with strides 16/8/8 and leaf pushing:
 *  - direct[], 65536 slots indexed by the top 16 address bits;
 *  - level-1 nodes (one per /16 that holds prefixes /17../24) and level-2
 *    nodes (one per /24 that holds /25../32), 256 slots each, indexed by
 *    the next 8 address bits.
 * A slot is one word: a child node, or a leaf (bit 0 set; bits 1-6 the
 * prefix length, 32-63 the next hop), or NULL for no route. A prefix is
 * owned by the level that holds its length and written into every slot it
 * covers there ("controlled prefix expansion") unless a longer prefix owns
 * the slot, and pushed down into the nodes below those slots ("leaf
 * pushing"), so every slot holds the complete answer for its addresses.
 * A lookup is therefore one load per level, at most three: direct[] (512
 * KiB, cache-resident) and one slot of each node crossed.
 *
 * Updates are single-word stores into the slots a prefix covers; readers
 * see each slot old or new, and a lookup reads one slot per level, so every
 * answer is one the table held. Only creating a node (published with
 * rcu_assign_pointer() once filled) and collapsing an empty one (unlinked,
 * then retired) change the shape. Each node keeps, for its updater only,
 * the prefixes it owns (a bitmap and their next hops) and dflt, the leaf
 * pushed into it from above, which together give the next-best prefix when
 * one is deleted.
 *
 * LOCKING. t->update_lock, a mutex (updaters allocate), serializes every
 * updater: add, delete, load, flush, dump and the counters. Readers, by
 * the table's mode (fixed at creation):
 *   rcu       rcu_read_lock() and nothing else; retired nodes are freed by
 *             call_rcu(), a retired whole trie after synchronize_rcu();
 *   rwlock    read_lock(&t->lock.rw);
 *   spinlock  spin_lock(&t->lock.spin);
 *   mutex     mutex_lock(&t->lock.mutex).
 * In the lock modes an updater also takes t->lock, for writing, around its
 * stores into reachable memory, never across an allocation, and frees what
 * it retired right after dropping it: no reader can still hold it.
 *
 * Lock order: t->update_lock, then t->lock (write side).
 * Contexts: see route.h. Nothing here touches user memory.
 *
 * Retired nodes are poisoned before they are freed; debug builds (userspace
 * SHIM_DEBUG, kernel CONFIG_DEBUG_OBJECTS_RCU_HEAD) make readers check the
 * words they load, so a lookup through a freed node fails loudly.
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
/* prefixes a node can own, lengths 1..8 inside it: 2 + 4 + ... + 256 */
#define RT_NODE_PFX	510
#define RT_PFX_WORDS	8
/* prefixes of the direct level, lengths 0..16: 2^17 - 1 */
#define RT_SHORT_PFX	((1U << (RT_DIRECT_BITS + 1)) - 1)
#define RT_SHORT_WORDS	((RT_SHORT_PFX + 63) / 64)

/* A slot word with bit 0 set is a leaf; bits 7-31 of a leaf are zero. */
#define RT_LEAF_BIT	1UL
#define RT_LEAF_MBZ	0xffffff80UL
/* What a retired node's slots hold: a "leaf" with its zero bits set. */
#define RT_POISON_WORD	0x6b6b6b6b6b6b6b6bUL

#if defined(SHIM_DEBUG) || defined(CONFIG_DEBUG_OBJECTS_RCU_HEAD)
#define RT_CHECK_POISON	1
#else
#define RT_CHECK_POISON	0
#endif

struct rt_node {
	/* what readers see: 2 KiB of words, each a leaf or a child */
	struct rt_node __rcu *slot[RT_SLOTS];
	/* updater only, from its own cache line on */
	struct rt_node *dflt ____cacheline_aligned_in_smp; /* pushed from above */
	u64 pfx_bm[RT_PFX_WORDS];	/* owned prefixes, bit rt_pidx(l, bits) */
	u32 *nh;			/* their next hops, in bit order */
	u16 npfx;
	u16 ncap;			/* room in nh[] */
	u16 nchild;
	u8 level;
	struct route_table *table;	/* whose counters the RCU callback bumps */
	struct rcu_head rcu;
};

struct rt_trie {
	struct rt_node __rcu **direct;	/* [RT_DIRECT_SLOTS]; readers load it */
	/* updater only, from its own cache line on: readers never see it move */
	u64 *short_bm ____cacheline_aligned_in_smp; /* /0../16, bit rt_sidx() */
	u32 *short_nh;			/* their next hops */
	u64 prefixes;
	u64 nodes;
	u64 bytes;
	bool private;			/* not published: retire frees at once */
};

/*
 * Three cache lines, by who writes them: what every lookup loads (written
 * at creation and by a load's pointer swap), the readers' lock of the lock
 * modes (readers write it too), and the updaters' state. An update then
 * dirties no line an RCU reader loads.
 */
struct route_table {
	struct rt_trie __rcu *trie;
	u32 mode;
	union {				/* readers' lock in the lock modes */
		rwlock_t rw;		/* rwlock mode: t->trie and all below */
		spinlock_t spin;	/* spinlock mode: the same */
		struct mutex mutex;	/* mutex mode: the same */
	} lock ____cacheline_aligned_in_smp;
	struct mutex update_lock ____cacheline_aligned_in_smp; /* see the top */
	atomic_long_t rcu_pending;	/* bumped by the updater and callbacks */
	atomic_long_t rcu_completed;
	/* update_lock protects everything below */
	u64 adds;
	u64 replaces;
	u64 deletes;
	u64 loads;
	struct rt_node *retired[2];
	unsigned int nretired;
};

static struct kmem_cache *rt_node_cache;
static unsigned int rt_users;

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

/* ---- words and small helpers ----------------------------------------- */

static inline struct rt_node *rt_leaf(u32 nexthop, unsigned int len)
{
	return (struct rt_node *)(RT_LEAF_BIT | (unsigned long)len << 1 |
				  (unsigned long)nexthop << 32);
}

static inline bool rt_is_node(const struct rt_node *w)
{
	return w && !((unsigned long)w & RT_LEAF_BIT);
}

static inline unsigned int rt_len(const struct rt_node *w)
{
	return ((unsigned long)w >> 1) & 0x3f;
}

static inline u32 rt_nexthop(const struct rt_node *w)
{
	return (unsigned long)w >> 32;
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

/* Owned prefixes of n before index pidx: the place of pidx in n->nh[]. */
static unsigned int rt_rank(const struct rt_node *n, unsigned int pidx)
{
	unsigned int w, rank = 0;

	for (w = 0; w < pidx / 64; w++)
		rank += hweight64(n->pfx_bm[w]);
	return rank + hweight64(n->pfx_bm[pidx / 64] &
				((1ULL << (pidx % 64)) - 1));
}

static inline size_t rt_node_bytes(const struct rt_node *n)
{
	return sizeof(*n) + n->ncap * sizeof(u32);
}

/* ---- the read side --------------------------------------------------- */

static __always_inline void rt_check_word(const struct rt_node *w)
{
	if (RT_CHECK_POISON)
		WARN_ON_ONCE((unsigned long)w & RT_LEAF_BIT &&
			     (unsigned long)w & RT_LEAF_MBZ);
}

/* Call with the table's reader protection held (rt_read_lock()). */
static __always_inline struct rt_node *rt_trie_lookup(struct route_table *t,
						      struct rt_trie *tr,
						      u32 addr)
{
	struct rt_node *w = rt_deref(t, tr->direct[addr >> 16]);

	if (rt_is_node(w)) {
		w = rt_deref(t, w->slot[(addr >> 8) & 0xff]);
		if (rt_is_node(w))
			w = rt_deref(t, w->slot[addr & 0xff]);
	}
	rt_check_word(w);
	return w;
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
static inline void rt_result(struct rt_node *w, u32 addr,
			     struct route_result *res)
{
	res->found = w;
	res->nexthop = w ? rt_nexthop(w) : 0;
	res->len = w ? rt_len(w) : 0;
	res->prefix = addr & synclab_route_mask(res->len);
}

bool route_lookup(struct route_table *t, u32 addr, struct route_result *res)
{
	struct rt_node *w;

	rt_read_lock(t);
	w = rt_trie_lookup(t, rt_deref(t, t->trie), addr);
	rt_read_unlock(t);
	rt_result(w, addr, res);
	return w;
}

/**
 * route_lookup_bulk() - @n lookups in one read-side section
 * @t:		the table
 * @addrs:	the addresses
 * @n:		how many
 * @res:	one result per address (see .found)
 *
 * Independent lookups in a tight loop let the CPU overlap their cache
 * misses, and the reader protection is taken once; in the lock modes it
 * is held across all @n lookups. The answers are those of one moment of
 * the table in the lock modes; in rcu mode each is one the table held.
 *
 * Return: how many addresses matched.
 */
unsigned int route_lookup_bulk(struct route_table *t, const u32 *addrs,
			       unsigned int n, struct route_result *res)
{
	struct rt_trie *tr;
	unsigned int k, hits = 0;

	rt_read_lock(t);
	tr = rt_deref(t, t->trie);
	for (k = 0; k < n; k++) {
		struct rt_node *w = rt_trie_lookup(t, tr, addrs[k]);

		rt_result(w, addrs[k], &res[k]);
		hits += !!w;
	}
	rt_read_unlock(t);
	return hits;
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
	if (tr->private) {
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
	if (tr->private) {
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

static struct rt_node *rt_node_alloc(struct route_table *t, struct rt_trie *tr,
				     u8 level)
{
	struct rt_node *n = kmem_cache_zalloc(rt_node_cache, GFP_KERNEL);

	if (!n)
		return NULL;
	n->level = level;
	n->table = t;
	tr->nodes++;
	tr->bytes += rt_node_bytes(n);
	return n;
}

static void rt_node_free(struct rt_node *n)
{
	unsigned int s;

	for (s = 0; s < RT_SLOTS; s++)
		RCU_INIT_POINTER(n->slot[s], (struct rt_node *)RT_POISON_WORD);
	kfree(n->nh);
	kmem_cache_free(rt_node_cache, n);
}

/* Free a node that was never published (NULL: nothing). */
static void rt_node_unalloc(struct rt_trie *tr, struct rt_node *n)
{
	if (!n)
		return;
	tr->nodes--;
	tr->bytes -= rt_node_bytes(n);
	rt_node_free(n);
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
		tr->bytes -= rt_node_bytes(n);
		if (tr->private || t->mode != SYNCLAB_ROUTE_RCU) {
			rt_node_free(n);
		} else {
			atomic_long_inc(&t->rcu_pending);
			call_rcu(&n->rcu, rt_node_free_rcu);
		}
	}
}

/* ---- pushing a prefix through the slots it covers ------------------------ */

/*
 * Whether a prefix of length len takes over word w: an add (del false)
 * takes every word no longer prefix owns; a delete gives back the words
 * that hold the deleted prefix, the only one of its length covering them.
 */
static inline bool rt_takes(const struct rt_node *w, unsigned int len,
			    bool del)
{
	if (del)
		return w && rt_len(w) == len;
	return !w || rt_len(w) <= len;
}

/*
 * Store v into slots[first..first + count) where a prefix of length len
 * takes the word over, and push it into the nodes below those slots.
 * Call inside the publish step.
 */
static void __rt_push(struct route_table *t, struct rt_node __rcu **slots,
		      unsigned int first, unsigned int count, unsigned int len,
		      struct rt_node *v, bool del)
{
	unsigned int s;

	lockdep_assert_held(&t->update_lock);
	for (s = first; s < first + count; s++) {
		struct rt_node *w = rt_deref_upd(t, slots[s]);

		if (rt_is_node(w)) {
			if (rt_takes(w->dflt, len, del))
				w->dflt = v;
			__rt_push(t, w->slot, 0, RT_SLOTS, len, v, del);
		} else if (rt_takes(w, len, del)) {
			RCU_INIT_POINTER(slots[s], v);
		}
	}
}

/* ---- adding and removing --------------------------------------------- */

/* Where a prefix of length 17..32 lives: its node and its place there. */
struct rt_pos {
	unsigned int i;		/* direct slot */
	unsigned int s1;	/* level-1 slot of a level-2 prefix */
	unsigned int level;	/* 1 or 2 */
	unsigned int l;		/* length inside the node, 1..8 */
	unsigned int bits;	/* the prefix's bits inside the node */
	unsigned int first;	/* first slot covered */
	unsigned int count;	/* slots covered */
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
	p->count = 1U << (RT_STRIDE - p->l);
	p->pidx = rt_pidx(p->l, p->bits);
}

/* A fresh node under a slot that holds leaf w: w pushed into every slot. */
static void rt_node_init(struct rt_node *n, struct rt_node *w)
{
	unsigned int s;

	n->dflt = w;
	for (s = 0; s < RT_SLOTS; s++)
		RCU_INIT_POINTER(n->slot[s], w);
}

/* Grow n->nh[] to hold one more; the old array stays valid on failure. */
static int rt_nh_reserve(struct rt_trie *tr, struct rt_node *n)
{
	unsigned int cap;
	u32 *nh;

	if (n->npfx < n->ncap)
		return 0;
	cap = n->ncap ? min(2 * n->ncap, RT_NODE_PFX) : 4;
	nh = kmalloc_array(cap, sizeof(*nh), GFP_KERNEL);
	if (!nh)
		return -ENOMEM;
	if (n->npfx)
		memcpy(nh, n->nh, n->npfx * sizeof(*nh));
	kfree(n->nh);
	n->nh = nh;
	tr->bytes += (cap - n->ncap) * sizeof(*nh);
	n->ncap = cap;
	return 0;
}

static int rt_add_deep(struct route_table *t, struct rt_trie *tr, u32 prefix,
		       unsigned int len, u32 nexthop, bool *replaced)
{
	struct rt_node *n1, *n2 = NULL, *n, *new1 = NULL, *new2 = NULL;
	struct rt_pos p;
	unsigned int k;

	rt_pos(prefix, len, &p);
	/* Allocate everything first: past this point nothing can fail. */
	n1 = rt_deref_upd(t, tr->direct[p.i]);
	if (!rt_is_node(n1)) {
		new1 = rt_node_alloc(t, tr, 1);
		if (!new1)
			return -ENOMEM;
		rt_node_init(new1, n1);
		n1 = new1;
	}
	if (p.level == 2) {
		n2 = rt_deref_upd(t, n1->slot[p.s1]);
		if (!rt_is_node(n2)) {
			new2 = rt_node_alloc(t, tr, 2);
			if (!new2)
				goto err_free;
			rt_node_init(new2, n2);
			n2 = new2;
		}
	}
	n = p.level == 1 ? n1 : n2;
	*replaced = rt_test(n->pfx_bm, p.pidx);
	if (!*replaced && rt_nh_reserve(tr, n))
		goto err_free;

	k = rt_rank(n, p.pidx);
	if (!*replaced) {
		memmove(&n->nh[k + 1], &n->nh[k], (n->npfx - k) * sizeof(u32));
		rt_set(n->pfx_bm, p.pidx);
		n->npfx++;
		tr->prefixes++;
	}
	n->nh[k] = nexthop;

	rt_publish_begin(t, tr);
	__rt_push(t, n->slot, p.first, p.count, len, rt_leaf(nexthop, len),
		  false);
	if (new2) {
		n1->nchild++;
		rcu_assign_pointer(n1->slot[p.s1], new2);
	}
	if (new1)
		rcu_assign_pointer(tr->direct[p.i], new1);
	rt_publish_end(t, tr);
	return 0;

err_free:
	rt_node_unalloc(tr, new2);
	rt_node_unalloc(tr, new1);
	return -ENOMEM;
}

/* Next-best prefix for p's slots once p goes: a shorter one of n, or dflt. */
static struct rt_node *rt_cover(const struct rt_node *n,
				const struct rt_pos *p)
{
	unsigned int l, base = p->level == 1 ? 16 : 24;

	for (l = p->l - 1; l >= 1; l--) {
		unsigned int bits = p->bits >> (p->l - l);
		unsigned int pidx = rt_pidx(l, bits);

		if (rt_test(n->pfx_bm, pidx))
			return rt_leaf(n->nh[rt_rank(n, pidx)], base + l);
	}
	return n->dflt;
}

/* An empty node goes: its slot above gets back what it pushed down. */
static bool __rt_collapse(struct route_table *t, struct rt_node __rcu **slot,
			  struct rt_node *n)
{
	lockdep_assert_held(&t->update_lock);
	if (n->npfx || n->nchild)
		return false;
	RCU_INIT_POINTER(*slot, n->dflt);
	__rt_retire_later(t, n);
	return true;
}

static int rt_del_deep(struct route_table *t, struct rt_trie *tr, u32 prefix,
		       unsigned int len)
{
	struct rt_node *n1, *n;
	struct rt_pos p;
	unsigned int k;

	rt_pos(prefix, len, &p);
	n1 = rt_deref_upd(t, tr->direct[p.i]);
	if (!rt_is_node(n1))
		return -ENOENT;
	n = p.level == 1 ? n1 : rt_deref_upd(t, n1->slot[p.s1]);
	if (!rt_is_node(n) || !rt_test(n->pfx_bm, p.pidx))
		return -ENOENT;

	k = rt_rank(n, p.pidx);
	rt_clear(n->pfx_bm, p.pidx);
	memmove(&n->nh[k], &n->nh[k + 1], (n->npfx - k - 1) * sizeof(u32));
	n->npfx--;
	tr->prefixes--;

	rt_publish_begin(t, tr);
	__rt_push(t, n->slot, p.first, p.count, len, rt_cover(n, &p), true);
	if (n != n1 && __rt_collapse(t, &n1->slot[p.s1], n))
		n1->nchild--;
	__rt_collapse(t, &tr->direct[p.i], n1);
	rt_publish_end(t, tr);
	return 0;
}

/* Prefixes /0../16 are owned by direct[], over the /16s they cover. */
static int rt_add_short(struct route_table *t, struct rt_trie *tr, u32 prefix,
			unsigned int len, u32 nexthop, bool *replaced)
{
	unsigned int idx = rt_sidx(prefix, len);

	*replaced = rt_test(tr->short_bm, idx);
	rt_set(tr->short_bm, idx);
	tr->short_nh[idx] = nexthop;
	if (!*replaced)
		tr->prefixes++;
	rt_publish_begin(t, tr);
	__rt_push(t, tr->direct, prefix >> 16, 1U << (RT_DIRECT_BITS - len),
		  len, rt_leaf(nexthop, len), false);
	rt_publish_end(t, tr);
	return 0;
}

static int rt_del_short(struct route_table *t, struct rt_trie *tr, u32 prefix,
			unsigned int len)
{
	unsigned int idx = rt_sidx(prefix, len);
	struct rt_node *cover = NULL;
	int l;

	if (!rt_test(tr->short_bm, idx))
		return -ENOENT;
	rt_clear(tr->short_bm, idx);
	tr->prefixes--;
	for (l = len - 1; l >= 0; l--) {
		unsigned int j = rt_sidx(prefix & synclab_route_mask(l), l);

		if (rt_test(tr->short_bm, j)) {
			cover = rt_leaf(tr->short_nh[j], l);
			break;
		}
	}
	rt_publish_begin(t, tr);
	__rt_push(t, tr->direct, prefix >> 16, 1U << (RT_DIRECT_BITS - len),
		  len, cover, true);
	rt_publish_end(t, tr);
	return 0;
}

static int __rt_add(struct route_table *t, struct rt_trie *tr, u32 prefix,
		    unsigned int len, u32 nexthop, bool *replaced)
{
	lockdep_assert_held(&t->update_lock);
	if (len <= RT_DIRECT_BITS)
		return rt_add_short(t, tr, prefix, len, nexthop, replaced);
	return rt_add_deep(t, tr, prefix, len, nexthop, replaced);
}

/* ---- tries ----------------------------------------------------------- */

/* Free a node and the nodes below it; nobody can reach any of them. */
static void rt_subtree_free(struct rt_node *n)
{
	unsigned int s;

	for (s = 0; s < RT_SLOTS; s++) {
		struct rt_node *w = rcu_dereference_protected(n->slot[s], 1);

		if (rt_is_node(w))
			rt_subtree_free(w);
	}
	rt_node_free(n);
}

static void rt_trie_free(struct rt_trie *tr)
{
	unsigned int i;

	if (!tr)
		return;
	for (i = 0; tr->direct && i < RT_DIRECT_SLOTS; i++) {
		struct rt_node *w = rcu_dereference_protected(tr->direct[i], 1);

		if (rt_is_node(w))
			rt_subtree_free(w);
	}
	kvfree(tr->direct);
	kvfree(tr->short_bm);
	kvfree(tr->short_nh);
	kfree(tr);
}

static struct rt_trie *rt_trie_alloc(void)
{
	struct rt_trie *tr = kzalloc(sizeof(*tr), GFP_KERNEL);

	if (!tr)
		return NULL;
	tr->direct = kvcalloc(RT_DIRECT_SLOTS, sizeof(*tr->direct), GFP_KERNEL | __GFP_NOWARN);
	tr->short_bm = kvcalloc(RT_SHORT_WORDS, sizeof(u64), GFP_KERNEL | __GFP_NOWARN);
	tr->short_nh = kvcalloc(RT_SHORT_PFX, sizeof(u32), GFP_KERNEL | __GFP_NOWARN);
	if (!tr->direct || !tr->short_bm || !tr->short_nh) {
		rt_trie_free(tr);
		return NULL;
	}
	tr->bytes = sizeof(*tr) + RT_DIRECT_SLOTS * sizeof(*tr->direct) +
		    RT_SHORT_WORDS * sizeof(u64) + RT_SHORT_PFX * sizeof(u32);
	return tr;
}

/*
 * Swap t's trie for @tr, a private one, and return the old one, which the
 * caller retires with rt_trie_retire() after dropping t->update_lock.
 */
static struct rt_trie *__rt_trie_swap(struct route_table *t,
				      struct rt_trie *tr)
{
	struct rt_trie *old;

	lockdep_assert_held(&t->update_lock);
	tr->private = false;
	rt_publish_begin(t, tr);
	old = rcu_replace_pointer(t->trie, tr,
				  lockdep_is_held(&t->update_lock));
	rt_publish_end(t, tr);
	t->loads++;
	return old;
}

/* After a grace period in rcu mode; at once in the lock modes. */
static void rt_trie_retire(struct route_table *t, struct rt_trie *old)
{
	if (t->mode == SYNCLAB_ROUTE_RCU)
		synchronize_rcu();
	rt_trie_free(old);
}

/* ---- the API ----------------------------------------------------------- */

/**
 * route_init() - set up what all tables share (the node cache)
 *
 * Call before the first table is created, and route_exit() after the last
 * is destroyed, from one thread at a time (module init and exit).
 *
 * Return: 0 or -ENOMEM.
 */
int route_init(void)
{
	if (rt_users++)
		return 0;
	rt_node_cache = kmem_cache_create("synclab_route_node",
					  sizeof(struct rt_node), 0,
					  SLAB_HWCACHE_ALIGN, NULL);
	if (!rt_node_cache) {
		rt_users--;
		return -ENOMEM;
	}
	return 0;
}

void route_exit(void)
{
	if (WARN_ON_ONCE(!rt_users) || --rt_users)
		return;
	/* call_rcu() callbacks free into the cache: let them all run. */
	rcu_barrier();
	kmem_cache_destroy(rt_node_cache);
	rt_node_cache = NULL;
}

bool route_mode_valid(u32 mode)
{
	return mode < SYNCLAB_ROUTE_NMODES;
}

bool route_prefix_valid(u32 prefix, u8 len)
{
	return len <= 32 && !(prefix & ~synclab_route_mask(len));
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
 * table.
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
	u32 k, *order, start[34] = {};
	struct rt_trie *tr, *old;
	bool replaced;
	int ret = 0;

	for (k = 0; k < count; k++)
		if (!route_prefix_valid(routes[k].prefix, routes[k].len))
			return -EINVAL;
	/*
	 * Insert by ascending length (a stable counting sort, so a later
	 * duplicate still wins): a prefix is then never pushed into nodes
	 * that already exist, and the load costs O(count) plus the nodes.
	 */
	order = kvmalloc_array(count ?: 1, sizeof(*order), GFP_KERNEL | __GFP_NOWARN);
	tr = rt_trie_alloc();
	if (!order || !tr) {
		kvfree(order);
		rt_trie_free(tr);
		return -ENOMEM;
	}
	for (k = 0; k < count; k++)
		start[routes[k].len + 1]++;
	for (k = 1; k < ARRAY_SIZE(start); k++)
		start[k] += start[k - 1];
	for (k = 0; k < count; k++)
		order[start[routes[k].len]++] = k;

	tr->private = true;
	mutex_lock(&t->update_lock);
	for (k = 0; k < count && !ret; k++) {
		const struct synclab_route *r = &routes[order[k]];

		ret = __rt_add(t, tr, r->prefix, r->len, r->nexthop, &replaced);
	}
	old = ret ? tr : __rt_trie_swap(t, tr);
	mutex_unlock(&t->update_lock);
	kvfree(order);
	if (ret) {
		rt_trie_free(tr);
		return ret;
	}
	rt_trie_retire(t, old);
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

/* Emit the prefixes node n owns and those below it, in order. */
static void __rt_dump_node(struct route_table *t, struct rt_node *n,
			   u32 base, unsigned int depth,
			   struct synclab_route *out, u32 cap, u32 *count)
{
	unsigned int s, l;

	lockdep_assert_held(&t->update_lock);
	for (s = 0; s < RT_SLOTS; s++) {
		struct rt_node *w = rt_deref_upd(t, n->slot[s]);

		for (l = 1; l <= RT_STRIDE; l++) {
			unsigned int bits = s >> (RT_STRIDE - l);

			if (s & ((1U << (RT_STRIDE - l)) - 1))
				continue;
			if (rt_test(n->pfx_bm, rt_pidx(l, bits)))
				rt_emit(out, cap, count,
					base | bits << (32 - depth - l),
					depth + l,
					n->nh[rt_rank(n, rt_pidx(l, bits))]);
		}
		if (rt_is_node(w))
			__rt_dump_node(t, w,
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
		struct rt_node *w;

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
		w = rt_deref_upd(t, tr->direct[i]);
		if (rt_is_node(w))
			__rt_dump_node(t, w, i << 16, RT_DIRECT_BITS, out, cap,
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
	unsigned int s;

	mutex_lock(&t->update_lock);
	n = rt_deref_upd(t, rt_deref_upd(t, t->trie)->direct[addr >> 16]);
	if (rt_is_node(n))
		for (s = 0; s < RT_SLOTS; s++)
			RCU_INIT_POINTER(n->slot[s],
					 (struct rt_node *)RT_POISON_WORD);
	mutex_unlock(&t->update_lock);
	return rt_is_node(n);
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
