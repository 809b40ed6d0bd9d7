/* SPDX-License-Identifier: GPL-2.0 */
/*
 * route's private header: the trie's words, nodes and table, shared by
 * kmod/route.c (the table: locking, lookups, the API),
 * kmod/route_trie.c (the trie's shape) and kmod/route_inline.h (the rcu
 * lookup, inline for callers in a loop). The rules are route.c's top
 * comment; nothing here is for other files.
 */
#ifndef _SYNCLAB_ROUTE_TRIE_H
#define _SYNCLAB_ROUTE_TRIE_H

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/cache.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

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
/* lookups route_lookup_bulk() overlaps */
#define RT_BULK		32U

/* A word with bit 0 set is a leaf; bits 7-31 of a leaf are zero. */
#define RT_LEAF_BIT	1UL
#define RT_LEAF_MBZ	0xffffff80UL

/*
 * Slots: 0, a leaf (RT_S_LEAF, the length in bits 1-6, the next hop or,
 * with RT_S_ID, an id in bits 8-31), or a child (RT_S_ID alone, an id).
 */
#define RT_S_LEAF	0x01U
#define RT_S_ID		0x80U
#define RT_S_LOW	0x7fU		/* a leaf's bit 0 and length */
#define RT_S_SHIFT	8
#define RT_S_NH_LIMIT	BIT(32 - RT_S_SHIFT)	/* next hops held inline */
/* What a retired node's slots hold: an inline "leaf" of length 53. */
#define RT_POISON_SLOT	0x6b6b6b6bU

/* Ids: 2^24, in chunks of 4096 words under a directory of 4096. */
#define RT_ID_BITS	(32 - RT_S_SHIFT)
#define RT_CHUNK_BITS	12
#define RT_CHUNK	BIT(RT_CHUNK_BITS)
#define RT_NCHUNKS	BIT(RT_ID_BITS - RT_CHUNK_BITS)
#define RT_NO_ID	U32_MAX

#if defined(SHIM_DEBUG) || defined(CONFIG_DEBUG_OBJECTS_RCU_HEAD)
#define RT_CHECK_POISON	1
#else
#define RT_CHECK_POISON	0
#endif

struct rt_node {
	/* what readers see: 1 KiB of slots */
	u32 slot[RT_SLOTS];
	/* updater only, from its own cache line on */
	u32 dflt ____cacheline_aligned_in_smp;	/* slot pushed from above */
	u32 id;				/* a level-2 node's own id */
	u16 npfx;
	u16 ncap;			/* room in lw[] */
	u16 nchild;
	u8 level;
	u64 pfx_bm[RT_PFX_WORDS];	/* owned prefixes, bit rt_pidx(l, bits) */
	u32 *lw;			/* their slots, in bit order */
	struct route_table *table;	/* whose counters the RCU callback bumps */
	struct rcu_head rcu;
};

/* A chunk of the id table: the words readers load, then the free links. */
struct rt_chunk {
	struct rt_node __rcu *w[RT_CHUNK];
	u32 next[RT_CHUNK];		/* updater only: free-list links */
};

/* A list of ids linked through rt_chunk.next; RT_NO_ID ends it. */
struct rt_idlist {
	u32 head;
	u32 n;
};

/*
 * A trie: the updater's state, then what readers load, in the same block:
 * a lookup finds direct[] at a fixed offset from the trie it loaded, one
 * dependent load fewer than through a pointer (544 KiB, kvzalloc()).
 */
struct rt_trie {
	/* updater only */
	u64 *short_bm;			/* /0../16, bit rt_sidx() */
	u32 *short_lw;			/* their slots */
	u32 id_next;			/* ids from here on never used */
	struct rt_idlist id_free;	/* reusable now */
	struct rt_idlist id_wait;	/* freed since id_sealed was sealed */
	struct rt_idlist id_sealed;	/* reusable after grace period id_gp */
	unsigned long id_gp;
	u64 prefixes;
	u64 nodes;
	u64 bytes;
	bool private;			/* not published: retire frees at once */
	/* what readers load, from its own cache line on */
	struct rt_node __rcu *direct[RT_DIRECT_SLOTS] ____cacheline_aligned_in_smp;
	struct rt_chunk __rcu *ids[RT_NCHUNKS];	/* the id directory */
};

/*
 * Four cache lines, by who writes them: what every lookup loads (written
 * at creation and by a load's pointer swap), the readers' lock of the lock
 * modes (readers write it too), the updaters' state, and what RCU
 * callbacks write. An update then dirties no line an RCU reader loads.
 */
struct route_table {
	struct rt_trie __rcu *trie;
	u32 mode;
	union {				/* readers' lock in the lock modes */
		rwlock_t rw;		/* rwlock mode: t->trie and all below */
		spinlock_t spin;	/* spinlock mode: the same */
		struct mutex mutex;	/* mutex mode: the same */
	} lock ____cacheline_aligned_in_smp;
	struct mutex update_lock ____cacheline_aligned_in_smp; /* see route.c */
	/* update_lock protects everything below, up to the callbacks' line */
	u64 adds;
	u64 replaces;
	u64 deletes;
	u64 loads;
	unsigned long gp_started;	/* grace periods asked for */
	struct rcu_head gp_head;	/* the one in flight */
	struct rt_node *retired[2];
	unsigned int nretired;
	/* written by RCU callbacks (and rcu_pending by the updater) */
	unsigned long gp_done ____cacheline_aligned_in_smp;
	atomic_long_t rcu_pending;
	atomic_long_t rcu_completed;
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

/* ---- words ----------------------------------------------------------- */

static inline struct rt_node *rt_leaf(u32 nexthop, unsigned int len)
{
	return (struct rt_node *)(RT_LEAF_BIT | (unsigned long)len << 1 |
				  (unsigned long)nexthop << 32);
}

static inline bool rt_is_leaf(const struct rt_node *w)
{
	return (unsigned long)w & RT_LEAF_BIT;
}

static inline bool rt_is_node(const struct rt_node *w)
{
	return w && !rt_is_leaf(w);
}

/* A leaf's length: bits 1-6 of a word and of a slot alike. */
static inline unsigned int rt_len(const struct rt_node *w)
{
	return ((unsigned long)w >> 1) & 0x3f;
}

static inline u32 rt_nexthop(const struct rt_node *w)
{
	return (unsigned long)w >> 32;
}

/* ---- slots ----------------------------------------------------------- */

static inline unsigned int rt_s_len(u32 s)
{
	return (s >> 1) & 0x3f;
}

static inline bool rt_s_child(u32 s)
{
	return (s & (RT_S_ID | RT_S_LEAF)) == RT_S_ID;
}

static inline u32 rt_s_id(u32 s)
{
	return s >> RT_S_SHIFT;
}

static inline u32 rt_s_child_of(u32 id)
{
	return RT_S_ID | id << RT_S_SHIFT;
}

/* The word of an id. Readers: call with the reader protection held. */
static __always_inline struct rt_node *rt_id_word(struct route_table *t,
						  struct rt_trie *tr, u32 id)
{
	struct rt_chunk *c = rt_deref(t, tr->ids[id >> RT_CHUNK_BITS]);

	return rt_deref(t, c->w[id & (RT_CHUNK - 1)]);
}

/* A slot as a word: a leaf, a level-2 node, or NULL for 0. */
static __always_inline struct rt_node *rt_slot_word(struct route_table *t,
						    struct rt_trie *tr, u32 s)
{
	if (likely(!(s & RT_S_ID)))
		return (struct rt_node *)((unsigned long)(s >> RT_S_SHIFT) << 32 |
					  (s & RT_S_LOW));
	return rt_id_word(t, tr, rt_s_id(s));
}

/* ---- between route.c and route_trie.c --------------------------------- */

int rt_cache_get(void);
void rt_cache_put(void);
struct rt_trie *rt_trie_alloc(void);
void rt_trie_free(struct rt_trie *tr);
void rt_node_poison(struct rt_node *n);

void __rt_publish_begin(struct route_table *t, struct rt_trie *tr)
	__acquires(&t->lock);
void __rt_publish_end(struct route_table *t, struct rt_trie *tr)
	__releases(&t->lock);
unsigned long __rt_gp_start(struct route_table *t);
bool __rt_gp_done(struct route_table *t, unsigned long cookie);

int __rt_add(struct route_table *t, struct rt_trie *tr, u32 prefix,
	     unsigned int len, u32 nexthop, bool *replaced);
int __rt_del(struct route_table *t, struct rt_trie *tr, u32 prefix,
	     unsigned int len);
bool __rt_has(struct route_table *t, struct rt_trie *tr, u32 prefix,
	      unsigned int len);
u32 __rt_dump(struct route_table *t, struct rt_trie *tr,
	      struct synclab_route *out, u32 cap);

#endif /* _SYNCLAB_ROUTE_TRIE_H */
