// SPDX-License-Identifier: GPL-2.0
/*
 * route's trie: nodes, ids, and the pushing of prefixes through the slots
 * they cover. The rules (what protects what, the slot format, when an id
 * may be reused) are kmod/route.c's top comment. Every function here runs
 * under t->update_lock; those that change reachable memory run inside
 * __rt_publish_begin()/__rt_publish_end(). Process context.
 */
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "route_trie.h"

static struct kmem_cache *rt_node_cache;
static unsigned int rt_users;

/* The node cache, shared by all tables: route_init() and route_exit(). */
int rt_cache_get(void)
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

void rt_cache_put(void)
{
	if (WARN_ON_ONCE(!rt_users) || --rt_users)
		return;
	/* call_rcu() callbacks free into the cache: let them all run. */
	rcu_barrier();
	kmem_cache_destroy(rt_node_cache);
	rt_node_cache = NULL;
}

/* ---- small helpers ------------------------------------------------------ */

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

/* Owned prefixes of n before index pidx: the place of pidx in n->lw[]. */
static unsigned int rt_rank(const struct rt_node *n, unsigned int pidx)
{
	unsigned int w, rank = 0;

	for (w = 0; w < pidx / 64; w++)
		rank += hweight64(n->pfx_bm[w]);
	return rank + hweight64(n->pfx_bm[pidx / 64] &
				((1ULL << (pidx % 64)) - 1));
}

/* Store into a slot readers may load. */
static inline void rt_slot_set(u32 *slot, u32 v)
{
	/*
	 * A slot naming an id is seen after the id's word (and a new child
	 * after its slots): pairs with the address dependency of the
	 * reader's load of the id word on the slot it loaded (rt_id_word()).
	 */
	smp_store_release(slot, v);
}

static inline size_t rt_node_bytes(const struct rt_node *n)
{
	return sizeof(*n) + n->ncap * sizeof(u32);
}

/* ---- ids ---------------------------------------------------------------- */

static inline struct rt_chunk *rt_chunk_upd(struct route_table *t,
					    struct rt_trie *tr, u32 id)
{
	return rt_deref_upd(t, tr->ids[id >> RT_CHUNK_BITS]);
}

static inline struct rt_node __rcu **rt_id_slot(struct route_table *t,
						struct rt_trie *tr, u32 id)
{
	return &rt_chunk_upd(t, tr, id)->w[id & (RT_CHUNK - 1)];
}

static void rt_idlist_push(struct route_table *t, struct rt_trie *tr,
			   struct rt_idlist *l, u32 id)
{
	rt_chunk_upd(t, tr, id)->next[id & (RT_CHUNK - 1)] = l->head;
	l->head = id;
	l->n++;
}

static u32 rt_idlist_pop(struct route_table *t, struct rt_trie *tr,
			 struct rt_idlist *l)
{
	u32 id = l->head;

	l->head = rt_chunk_upd(t, tr, id)->next[id & (RT_CHUNK - 1)];
	l->n--;
	return id;
}

static const struct rt_idlist rt_idlist_empty = { .head = RT_NO_ID };

/* Ids freed since the last seal wait for a grace period, if none does. */
static void __rt_ids_seal(struct route_table *t, struct rt_trie *tr)
{
	lockdep_assert_held(&t->update_lock);
	if (tr->id_sealed.n || !tr->id_wait.n)
		return;
	tr->id_sealed = tr->id_wait;
	tr->id_wait = rt_idlist_empty;
	tr->id_gp = __rt_gp_start(t);
}

/* An id no slot names any more: reused once no reader can hold it. */
static void __rt_id_put(struct route_table *t, struct rt_trie *tr, u32 id)
{
	lockdep_assert_held(&t->update_lock);
	if (tr->private || t->mode != SYNCLAB_ROUTE_RCU) {
		rt_idlist_push(t, tr, &tr->id_free, id);
		return;
	}
	rt_idlist_push(t, tr, &tr->id_wait, id);
	__rt_ids_seal(t, tr);
}

/* An id that was never named by a slot: reusable at once. */
static void __rt_id_unget(struct route_table *t, struct rt_trie *tr, u32 id)
{
	lockdep_assert_held(&t->update_lock);
	rt_idlist_push(t, tr, &tr->id_free, id);
}

/*
 * A free id: a reusable one, else a new one. The trie comes with the
 * first chunk; a new one every 4096 ids, kept until the trie goes.
 */
static int __rt_id_get(struct route_table *t, struct rt_trie *tr, u32 *id)
{
	lockdep_assert_held(&t->update_lock);
	if (!tr->id_free.n && tr->id_sealed.n &&
	    __rt_gp_done(t, tr->id_gp)) {
		tr->id_free = tr->id_sealed;
		tr->id_sealed = rt_idlist_empty;
		__rt_ids_seal(t, tr);
	}
	if (tr->id_free.n) {
		*id = rt_idlist_pop(t, tr, &tr->id_free);
		return 0;
	}
	if (tr->id_next == RT_NCHUNKS * RT_CHUNK)
		return -ENOMEM;
	if (!rt_deref_upd(t, tr->ids[tr->id_next >> RT_CHUNK_BITS])) {
		struct rt_chunk *c = kvzalloc(sizeof(*c), GFP_KERNEL);

		if (!c)
			return -ENOMEM;
		tr->bytes += sizeof(*c);
		rcu_assign_pointer(tr->ids[tr->id_next >> RT_CHUNK_BITS], c);
	}
	*id = tr->id_next++;
	return 0;
}

/* The slot of a prefix's own leaf: wide next hops take an id. */
static int __rt_leaf_slot(struct route_table *t, struct rt_trie *tr,
			  u32 nexthop, unsigned int len, u32 *lw)
{
	u32 id;
	int ret;

	lockdep_assert_held(&t->update_lock);
	if (nexthop < RT_S_NH_LIMIT) {
		*lw = RT_S_LEAF | len << 1 | nexthop << RT_S_SHIFT;
		return 0;
	}
	ret = __rt_id_get(t, tr, &id);
	if (ret)
		return ret;
	/* unreachable until a slot names it, stored with release */
	RCU_INIT_POINTER(*rt_id_slot(t, tr, id), rt_leaf(nexthop, len));
	*lw = RT_S_LEAF | RT_S_ID | len << 1 | id << RT_S_SHIFT;
	return 0;
}

/* A prefix's own leaf slot goes: its id, if any, with it. */
static void __rt_leaf_put(struct route_table *t, struct rt_trie *tr, u32 lw)
{
	if (lw & RT_S_ID)
		__rt_id_put(t, tr, rt_s_id(lw));
}

static u32 rt_lw_nexthop(struct route_table *t, struct rt_trie *tr, u32 lw)
{
	if (lw & RT_S_ID)
		return rt_nexthop(rt_slot_word(t, tr, lw));
	return lw >> RT_S_SHIFT;
}

/* ---- nodes -------------------------------------------------------------- */

/* A node under a slot that holds dflt: dflt in every slot. */
static struct rt_node *rt_node_alloc(struct route_table *t, struct rt_trie *tr,
				     u8 level, u32 dflt)
{
	struct rt_node *n = kmem_cache_zalloc(rt_node_cache, GFP_KERNEL);
	unsigned int s;

	if (!n)
		return NULL;
	n->level = level;
	n->table = t;
	n->id = RT_NO_ID;
	n->dflt = dflt;
	for (s = 0; s < RT_SLOTS; s++)
		n->slot[s] = dflt;
	tr->nodes++;
	tr->bytes += rt_node_bytes(n);
	return n;
}

void rt_node_poison(struct rt_node *n)
{
	unsigned int s;

	for (s = 0; s < RT_SLOTS; s++)
		WRITE_ONCE(n->slot[s], RT_POISON_SLOT);
}

static void rt_node_free(struct rt_node *n)
{
	rt_node_poison(n);
	kfree(n->lw);
	kmem_cache_free(rt_node_cache, n);
}

/* Free a node that was never published, and its id (NULL: nothing). */
static void __rt_node_unalloc(struct route_table *t, struct rt_trie *tr,
			      struct rt_node *n)
{
	lockdep_assert_held(&t->update_lock);
	if (!n)
		return;
	if (n->id != RT_NO_ID)
		__rt_id_unget(t, tr, n->id);
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
 * Retire what the last publish step unlinked, with its id: free it now
 * when no reader can see it (a private trie, or a lock mode after the
 * write side was dropped), else after a grace period.
 */
static void __rt_retire_queued(struct route_table *t, struct rt_trie *tr)
{
	lockdep_assert_held(&t->update_lock);
	while (t->nretired) {
		struct rt_node *n = t->retired[--t->nretired];

		if (n->id != RT_NO_ID)
			__rt_id_put(t, tr, n->id);
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

/* Grow n->lw[] to hold one more; the old array stays valid on failure. */
static int rt_lw_reserve(struct rt_trie *tr, struct rt_node *n)
{
	unsigned int cap;
	u32 *lw;

	if (n->npfx < n->ncap)
		return 0;
	cap = n->ncap ? min(2 * n->ncap, RT_NODE_PFX) : 4;
	lw = kmalloc_array(cap, sizeof(*lw), GFP_KERNEL);
	if (!lw)
		return -ENOMEM;
	if (n->npfx)
		memcpy(lw, n->lw, n->npfx * sizeof(*lw));
	kfree(n->lw);
	n->lw = lw;
	tr->bytes += (cap - n->ncap) * sizeof(*lw);
	n->ncap = cap;
	return 0;
}

/* ---- pushing a prefix through the slots it covers ------------------------ */

/*
 * Whether a prefix of length len takes over a leaf of length wlen
 * (present: there is one): an add (del false) takes every leaf no longer
 * than its own; a delete gives back the leaves of the deleted prefix, the
 * only one of its length covering them.
 */
static inline bool rt_takes(bool present, unsigned int wlen, unsigned int len,
			    bool del)
{
	if (del)
		return present && wlen == len;
	return !present || wlen <= len;
}

/*
 * Store slot v into n->slot[first..first + count) where a prefix of length
 * len takes the slot over, and push it into the nodes below those slots.
 * Call inside the publish step.
 */
static void __rt_push_node(struct route_table *t, struct rt_trie *tr,
			   struct rt_node *n, unsigned int first,
			   unsigned int count, unsigned int len, u32 v,
			   bool del)
{
	unsigned int s;

	lockdep_assert_held(&t->update_lock);
	for (s = first; s < first + count; s++) {
		u32 w = n->slot[s];

		if (rt_s_child(w)) {
			struct rt_node *c = rt_slot_word(t, tr, w);

			if (rt_takes(c->dflt, rt_s_len(c->dflt), len, del))
				c->dflt = v;
			__rt_push_node(t, tr, c, 0, RT_SLOTS, len, v, del);
		} else if (rt_takes(w, rt_s_len(w), len, del)) {
			rt_slot_set(&n->slot[s], v);
		}
	}
}

/* The same over direct[first..first + count): word w there, slot v below. */
static void __rt_push_direct(struct route_table *t, struct rt_trie *tr,
			     unsigned int first, unsigned int count,
			     unsigned int len, struct rt_node *w, u32 v,
			     bool del)
{
	unsigned int i;

	lockdep_assert_held(&t->update_lock);
	for (i = first; i < first + count; i++) {
		struct rt_node *d = rt_deref_upd(t, tr->direct[i]);

		if (rt_is_node(d)) {
			if (rt_takes(d->dflt, rt_s_len(d->dflt), len, del))
				d->dflt = v;
			__rt_push_node(t, tr, d, 0, RT_SLOTS, len, v, del);
		} else if (rt_takes(d, rt_len(d), len, del)) {
			RCU_INIT_POINTER(tr->direct[i], w);
		}
	}
}

/* The slot form of leaf word w of direct[i]: its owner's own slot. */
static u32 rt_direct_slot(struct rt_trie *tr, unsigned int i,
			  const struct rt_node *w)
{
	unsigned int len;

	if (!w)
		return 0;
	len = rt_len(w);
	return tr->short_lw[rt_sidx(i << RT_DIRECT_BITS & synclab_route_mask(len),
				    len)];
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

/* The owner node of p: n1 below direct[], or the child of n1. */
static struct rt_node *rt_owner(struct route_table *t, struct rt_trie *tr,
				struct rt_node *n1, const struct rt_pos *p)
{
	u32 s;

	if (p->level == 1)
		return n1;
	s = n1->slot[p->s1];
	return rt_s_child(s) ? rt_slot_word(t, tr, s) : NULL;
}

/* Record lw as n's prefix p; the old slot when it replaces one, else 0. */
static u32 rt_own(struct rt_trie *tr, struct rt_node *n,
		  const struct rt_pos *p, u32 lw)
{
	unsigned int k = rt_rank(n, p->pidx);
	u32 old = 0;

	if (rt_test(n->pfx_bm, p->pidx)) {
		old = n->lw[k];
	} else {
		memmove(&n->lw[k + 1], &n->lw[k], (n->npfx - k) * sizeof(u32));
		rt_set(n->pfx_bm, p->pidx);
		n->npfx++;
		tr->prefixes++;
	}
	n->lw[k] = lw;
	return old;
}

static int __rt_add_deep(struct route_table *t, struct rt_trie *tr,
			 u32 prefix, unsigned int len, u32 nexthop,
			 bool *replaced)
{
	struct rt_node *n1, *n, *new1 = NULL, *new2 = NULL;
	struct rt_pos p;
	u32 lw, old;
	int ret = -ENOMEM;

	lockdep_assert_held(&t->update_lock);
	rt_pos(prefix, len, &p);
	/* Allocate everything first: past this point nothing can fail. */
	n1 = rt_deref_upd(t, tr->direct[p.i]);
	if (!rt_is_node(n1)) {
		new1 = rt_node_alloc(t, tr, 1, rt_direct_slot(tr, p.i, n1));
		if (!new1)
			return -ENOMEM;
		n1 = new1;
	}
	n = rt_owner(t, tr, n1, &p);
	if (!n) {
		new2 = rt_node_alloc(t, tr, 2, n1->slot[p.s1]);
		if (!new2)
			goto err_free;
		ret = __rt_id_get(t, tr, &new2->id);
		if (ret)
			goto err_free;
		n = new2;
	}
	*replaced = rt_test(n->pfx_bm, p.pidx);
	ret = *replaced ? 0 : rt_lw_reserve(tr, n);
	if (!ret)
		ret = __rt_leaf_slot(t, tr, nexthop, len, &lw);
	if (ret)
		goto err_free;

	old = rt_own(tr, n, &p, lw);
	if (new2)
		rcu_assign_pointer(*rt_id_slot(t, tr, new2->id), new2);
	__rt_publish_begin(t, tr);
	__rt_push_node(t, tr, n, p.first, p.count, len, lw, false);
	if (new2) {
		n1->nchild++;
		rt_slot_set(&n1->slot[p.s1], rt_s_child_of(new2->id));
	}
	if (new1)
		rcu_assign_pointer(tr->direct[p.i], new1);
	__rt_publish_end(t, tr);
	__rt_leaf_put(t, tr, old);
	return 0;

err_free:
	__rt_node_unalloc(t, tr, new2);
	__rt_node_unalloc(t, tr, new1);
	return ret;
}

/* Next-best slot for p's slots once p goes: a shorter prefix of n, or dflt. */
static u32 rt_cover(const struct rt_node *n, const struct rt_pos *p)
{
	unsigned int l;

	for (l = p->l - 1; l >= 1; l--) {
		unsigned int pidx = rt_pidx(l, p->bits >> (p->l - l));

		if (rt_test(n->pfx_bm, pidx))
			return n->lw[rt_rank(n, pidx)];
	}
	return n->dflt;
}

/* An empty level-2 node goes: its slot above gets back what it pushed. */
static void __rt_collapse_child(struct route_table *t, struct rt_node *n1,
				unsigned int s1, struct rt_node *n)
{
	lockdep_assert_held(&t->update_lock);
	if (n->npfx)
		return;
	rt_slot_set(&n1->slot[s1], n->dflt);
	__rt_retire_later(t, n);
	n1->nchild--;
}

/* The same for a level-1 node and its direct word. */
static void __rt_collapse_top(struct route_table *t, struct rt_trie *tr,
			      unsigned int i, struct rt_node *n1)
{
	lockdep_assert_held(&t->update_lock);
	if (n1->npfx || n1->nchild)
		return;
	RCU_INIT_POINTER(tr->direct[i], rt_slot_word(t, tr, n1->dflt));
	__rt_retire_later(t, n1);
}

static int __rt_del_deep(struct route_table *t, struct rt_trie *tr,
			 u32 prefix, unsigned int len)
{
	struct rt_node *n1, *n;
	struct rt_pos p;
	unsigned int k;
	u32 old;

	lockdep_assert_held(&t->update_lock);
	rt_pos(prefix, len, &p);
	n1 = rt_deref_upd(t, tr->direct[p.i]);
	if (!rt_is_node(n1))
		return -ENOENT;
	n = rt_owner(t, tr, n1, &p);
	if (!n || !rt_test(n->pfx_bm, p.pidx))
		return -ENOENT;

	k = rt_rank(n, p.pidx);
	old = n->lw[k];
	rt_clear(n->pfx_bm, p.pidx);
	memmove(&n->lw[k], &n->lw[k + 1], (n->npfx - k - 1) * sizeof(u32));
	n->npfx--;
	tr->prefixes--;

	__rt_publish_begin(t, tr);
	__rt_push_node(t, tr, n, p.first, p.count, len, rt_cover(n, &p), true);
	if (n != n1)
		__rt_collapse_child(t, n1, p.s1, n);
	__rt_collapse_top(t, tr, p.i, n1);
	__rt_publish_end(t, tr);
	__rt_leaf_put(t, tr, old);
	__rt_retire_queued(t, tr);
	return 0;
}

/* Prefixes /0../16 are owned by direct[], over the /16s they cover. */
static int __rt_add_short(struct route_table *t, struct rt_trie *tr,
			  u32 prefix, unsigned int len, u32 nexthop,
			  bool *replaced)
{
	unsigned int idx = rt_sidx(prefix, len);
	u32 lw, old = 0;
	int ret;

	lockdep_assert_held(&t->update_lock);
	ret = __rt_leaf_slot(t, tr, nexthop, len, &lw);
	if (ret)
		return ret;
	*replaced = rt_test(tr->short_bm, idx);
	if (*replaced)
		old = tr->short_lw[idx];
	else
		tr->prefixes++;
	rt_set(tr->short_bm, idx);
	tr->short_lw[idx] = lw;
	__rt_publish_begin(t, tr);
	__rt_push_direct(t, tr, prefix >> 16, 1U << (RT_DIRECT_BITS - len),
			 len, rt_leaf(nexthop, len), lw, false);
	__rt_publish_end(t, tr);
	__rt_leaf_put(t, tr, old);
	return 0;
}

static int __rt_del_short(struct route_table *t, struct rt_trie *tr,
			  u32 prefix, unsigned int len)
{
	unsigned int idx = rt_sidx(prefix, len);
	u32 cover = 0, old;
	int l;

	lockdep_assert_held(&t->update_lock);
	if (!rt_test(tr->short_bm, idx))
		return -ENOENT;
	old = tr->short_lw[idx];
	rt_clear(tr->short_bm, idx);
	tr->prefixes--;
	for (l = len - 1; l >= 0; l--) {
		unsigned int j = rt_sidx(prefix & synclab_route_mask(l), l);

		if (rt_test(tr->short_bm, j)) {
			cover = tr->short_lw[j];
			break;
		}
	}
	__rt_publish_begin(t, tr);
	__rt_push_direct(t, tr, prefix >> 16, 1U << (RT_DIRECT_BITS - len),
			 len, rt_slot_word(t, tr, cover), cover, true);
	__rt_publish_end(t, tr);
	__rt_leaf_put(t, tr, old);
	return 0;
}

int __rt_add(struct route_table *t, struct rt_trie *tr, u32 prefix,
	     unsigned int len, u32 nexthop, bool *replaced)
{
	lockdep_assert_held(&t->update_lock);
	if (len <= RT_DIRECT_BITS)
		return __rt_add_short(t, tr, prefix, len, nexthop, replaced);
	return __rt_add_deep(t, tr, prefix, len, nexthop, replaced);
}

int __rt_del(struct route_table *t, struct rt_trie *tr, u32 prefix,
	     unsigned int len)
{
	lockdep_assert_held(&t->update_lock);
	if (len <= RT_DIRECT_BITS)
		return __rt_del_short(t, tr, prefix, len);
	return __rt_del_deep(t, tr, prefix, len);
}

/* Whether tr holds prefix/len itself (not merely a cover of it). */
bool __rt_has(struct route_table *t, struct rt_trie *tr, u32 prefix,
	      unsigned int len)
{
	struct rt_node *n;
	struct rt_pos p;

	lockdep_assert_held(&t->update_lock);
	if (len <= RT_DIRECT_BITS)
		return rt_test(tr->short_bm, rt_sidx(prefix, len));
	rt_pos(prefix, len, &p);
	n = rt_deref_upd(t, tr->direct[p.i]);
	if (!rt_is_node(n))
		return false;
	n = rt_owner(t, tr, n, &p);
	return n && rt_test(n->pfx_bm, p.pidx);
}

/* ---- tries ----------------------------------------------------------- */

/* The word of an id in a trie nobody can reach. */
static struct rt_node *rt_id_word_dead(struct rt_trie *tr, u32 id)
{
	struct rt_chunk *c;

	c = rcu_dereference_protected(tr->ids[id >> RT_CHUNK_BITS], 1);
	return rcu_dereference_protected(c->w[id & (RT_CHUNK - 1)], 1);
}

/* Free a level-1 node and the level-2 nodes below it. */
static void rt_subtree_free(struct rt_trie *tr, struct rt_node *n)
{
	unsigned int s;

	for (s = 0; s < RT_SLOTS; s++)
		if (rt_s_child(n->slot[s]))
			rt_node_free(rt_id_word_dead(tr, rt_s_id(n->slot[s])));
	rt_node_free(n);
}

/* Free a trie nobody can reach any more (NULL: nothing). */
void rt_trie_free(struct rt_trie *tr)
{
	unsigned int i;

	if (!tr)
		return;
	for (i = 0; i < RT_DIRECT_SLOTS; i++) {
		struct rt_node *w = rcu_dereference_protected(tr->direct[i], 1);

		if (rt_is_node(w))
			rt_subtree_free(tr, w);
	}
	for (i = 0; i < RT_NCHUNKS; i++)
		kvfree(rcu_dereference_protected(tr->ids[i], 1));
	kvfree(tr->short_bm);
	kvfree(tr->short_lw);
	kvfree(tr);
}

struct rt_trie *rt_trie_alloc(void)
{
	struct rt_trie *tr = kvzalloc(sizeof(*tr), GFP_KERNEL | __GFP_NOWARN);

	if (!tr)
		return NULL;
	tr->short_bm = kvcalloc(RT_SHORT_WORDS, sizeof(u64), GFP_KERNEL | __GFP_NOWARN);
	tr->short_lw = kvcalloc(RT_SHORT_PFX, sizeof(u32), GFP_KERNEL | __GFP_NOWARN);
	RCU_INIT_POINTER(tr->ids[0], kvzalloc(sizeof(struct rt_chunk), GFP_KERNEL));
	if (!rcu_access_pointer(tr->ids[0]) || !tr->short_bm || !tr->short_lw) {
		rt_trie_free(tr);
		return NULL;
	}
	tr->id_free = rt_idlist_empty;
	tr->id_wait = rt_idlist_empty;
	tr->id_sealed = rt_idlist_empty;
	tr->bytes = sizeof(*tr) + sizeof(struct rt_chunk) +
		    RT_SHORT_WORDS * sizeof(u64) + RT_SHORT_PFX * sizeof(u32);
	return tr;
}

/* ---- dump ------------------------------------------------------------ */

struct rt_dump {
	struct synclab_route *out;
	u32 cap;
	u32 n;
};

static void rt_emit(struct rt_dump *d, u32 prefix, unsigned int len,
		    u32 nexthop)
{
	if (d->n < d->cap) {
		memset(&d->out[d->n], 0, sizeof(d->out[d->n]));
		d->out[d->n].prefix = prefix;
		d->out[d->n].len = len;
		d->out[d->n].nexthop = nexthop;
	}
	d->n++;
}

/* Emit the prefixes node n owns and those below it, in order. */
static void __rt_dump_node(struct route_table *t, struct rt_trie *tr,
			   struct rt_node *n, u32 base, unsigned int depth,
			   struct rt_dump *d)
{
	unsigned int s, l;

	lockdep_assert_held(&t->update_lock);
	for (s = 0; s < RT_SLOTS; s++) {
		for (l = 1; l <= RT_STRIDE; l++) {
			unsigned int bits = s >> (RT_STRIDE - l);
			unsigned int pidx = rt_pidx(l, bits);

			if (s & ((1U << (RT_STRIDE - l)) - 1) ||
			    !rt_test(n->pfx_bm, pidx))
				continue;
			rt_emit(d, base | bits << (32 - depth - l), depth + l,
				rt_lw_nexthop(t, tr, n->lw[rt_rank(n, pidx)]));
		}
		if (rt_s_child(n->slot[s]))
			__rt_dump_node(t, tr, rt_slot_word(t, tr, n->slot[s]),
				       base | s << (32 - depth - RT_STRIDE),
				       depth + RT_STRIDE, d);
	}
}

/* The routes of tr, sorted by prefix, then length; how many there are. */
u32 __rt_dump(struct route_table *t, struct rt_trie *tr,
	      struct synclab_route *out, u32 cap)
{
	struct rt_dump d = { .out = out, .cap = cap };
	unsigned int i, len;

	lockdep_assert_held(&t->update_lock);
	for (i = 0; i < RT_DIRECT_SLOTS; i++) {
		struct rt_node *w;

		for (len = 0; len <= RT_DIRECT_BITS; len++) {
			u32 prefix = i << 16;
			unsigned int idx;

			if (i & ((1U << (RT_DIRECT_BITS - len)) - 1))
				continue;
			idx = rt_sidx(prefix, len);
			if (rt_test(tr->short_bm, idx))
				rt_emit(&d, prefix, len,
					rt_lw_nexthop(t, tr, tr->short_lw[idx]));
		}
		w = rt_deref_upd(t, tr->direct[i]);
		if (rt_is_node(w))
			__rt_dump_node(t, tr, w, i << 16, RT_DIRECT_BITS, &d);
	}
	return d.n;
}
