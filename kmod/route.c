// SPDX-License-Identifier: GPL-2.0
/*
 * route: an IPv4 routing table with longest-prefix-match lookup. The same
 * file builds into synclab.ko and, over user/shim, into userspace. The
 * trie's shape (nodes, ids, pushing prefixes through slots) lives in
 * route_trie.c, under the rules written here.
 *
 * THE STRUCTURE is a multibit trie with strides 16/8/8 and leaf pushing:
 *  - direct[], 65536 words indexed by the top 16 address bits (512 KiB);
 *  - level-1 nodes (one per /16 that holds prefixes /17../24) and level-2
 *    nodes (one per /24 that holds /25../32), 256 four-byte slots each
 *    (1 KiB), indexed by the next 8 address bits.
 * A direct word is a level-1 node, a leaf (bit 0 set; bits 1-6 the prefix
 * length, 32-63 the next hop) or NULL for no route. A slot is 0 for no
 * route, or a leaf (bit 0; bits 1-6 the length) whose bits 8-31 are the
 * next hop itself when it is below 2^24, or else (bit 7 set) an id; or a
 * child (bit 7 alone), a level-2 node named by the id in bits 8-31. An id
 * indexes the id table, words in chunks of 4096 under a directory fixed
 * for the trie's life: the child node, or the whole leaf word of a next
 * hop too wide for a slot. Four-byte slots halve the nodes a lookup walks
 * through against eight-byte pointers, so twice as many stay in cache.
 *
 * A prefix is owned by the level that holds its length and written into
 * every slot it covers there ("controlled prefix expansion") unless a
 * longer prefix owns the slot, and pushed down into the nodes below those
 * slots ("leaf pushing"), so every slot holds the complete answer for its
 * addresses. A lookup is one load per level: direct[] (cache-resident),
 * then one slot of each node crossed, plus the id table for a level-2 node
 * or a wide next hop.
 *
 * Updates are single-word stores into the slots a prefix covers; readers
 * see each word old or new, and a lookup reads one word per level, so
 * every answer is one the table held. Only creating a node (published
 * once filled) and collapsing an empty one (unlinked, then retired) change
 * the shape. A slot naming an id is stored with release after the id's
 * word; a reader's load of the id word depends on the slot it loaded.
 * Each node keeps, for its updater only, the prefixes it owns (a bitmap
 * and their slot values) and dflt, the slot pushed into it from above,
 * which together give the next-best prefix when one is deleted.
 *
 * An id freed while readers may still hold it waits before it is reused:
 * at once in the lock modes (the write side excluded every reader) and in
 * a private trie; in rcu mode until a grace period that began after the
 * free has ended (t->gp_*, one call_rcu() in flight at a time, polled by
 * the updater: no id is reused while a reader could still hold it).
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
 * it retired right after dropping it: no reader can still hold it. The
 * readers' lock is taken without disabling softirqs, by readers and the
 * writer alike: lock-mode tables are for process context only (route.h).
 *
 * Lock order: t->update_lock, then t->lock (write side).
 * Contexts: see route.h. Nothing here touches user memory.
 *
 * Layout: what every lookup loads (t->trie, t->mode, tr->direct, tr->ids)
 * shares no cache line with what an update writes (the locks, counters,
 * the updater's fields of the trie), so an updater dirties only the slots
 * it changes.
 *
 * Retired nodes are poisoned before they are freed; debug builds (userspace
 * SHIM_DEBUG, kernel CONFIG_DEBUG_OBJECTS_RCU_HEAD) make readers check the
 * words they load, so a lookup through a freed node fails loudly.
 */
#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/prefetch.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "route.h"
#include "route_inline.h"
#include "route_trie.h"

/* ---- the read side (rt_trie_lookup() and its parts: route_inline.h) - */

/*
 * The reader protection of the lock modes. Every branch acquires one
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

/* No branch: a NULL word has next hop 0 and length 0. */
static __always_inline void rt_result(struct rt_node *w, u32 addr,
				      struct route_result *res)
{
	unsigned int len = rt_len(w);

	res->found = w;
	res->nexthop = rt_nexthop(w);
	res->len = len;
	res->prefix = addr & synclab_route_mask(len);
}

/* A lookup in a lock mode: out of line, off the rcu mode's path. */
static noinline bool rt_lookup_locked(struct route_table *t, u32 addr,
				      struct route_result *res)
{
	struct rt_node *w;

	rt_read_lock(t);
	w = rt_trie_lookup(t, rt_deref(t, t->trie), addr);
	rt_read_unlock(t);
	rt_result(w, addr, res);
	return w;
}

/**
 * route_lookup() - longest-prefix match
 * @t:		the table
 * @addr:	IPv4 address, host byte order
 * @res:	filled on a match
 *
 * Takes the table's reader protection itself; see route.h for contexts.
 * In rcu mode that is rcu_read_lock() inline and nothing else.
 *
 * Return: true on a match, false when no prefix covers @addr.
 */
bool route_lookup(struct route_table *t, u32 addr, struct route_result *res)
{
	struct rt_node *w;

	if (unlikely(t->mode != SYNCLAB_ROUTE_RCU))
		return rt_lookup_locked(t, addr, res);
	rcu_read_lock();
	w = rt_trie_lookup(t, rt_deref(t, t->trie), addr);
	rt_result(w, addr, res);
	rcu_read_unlock();
	/*
	 * Read back rather than kept: nothing of the lookup then lives across
	 * the call that liburcu's unlock may make, and the path that never
	 * makes it needs no saved registers (userspace: 2 pushes, not 6).
	 */
	return READ_ONCE(res->found);
}

/* What a bulk lookup does with answer @k: a leaf word, or NULL. */
typedef void (*rt_emit_fn)(void *out, unsigned int k, struct rt_node *w,
			   u32 addr);

/*
 * Up to RT_BULK lookups, level by level: the direct words of all, each
 * node's slot line prefetched on the way; then those slots, and for the
 * few that name a level-2 node, its slot line prefetched; then those.
 * Every load of a pass finds the line the pass before asked for. Each
 * answer goes to @emit (inlined: one copy of this walk per caller).
 * Call with the reader protection held. Return: how many matched.
 */
static __always_inline unsigned int rt_walk_some(struct route_table *t,
						 struct rt_trie *tr,
						 const u32 *addrs,
						 unsigned int n, void *out,
						 rt_emit_fn emit)
{
	struct rt_node *w[RT_BULK], *x;
	unsigned long deep = 0;	/* bit k: w[k] is a level-2 node */
	unsigned int k, hits = 0;
	u32 s;

	BUILD_BUG_ON(RT_BULK > BITS_PER_LONG);
	for (k = 0; k < n; k++) {
		w[k] = rt_deref(t, tr->direct[addrs[k] >> 16]);
		if (rt_is_node(w[k]))
			prefetch(&w[k]->slot[(addrs[k] >> 8) & 0xff]);
	}
	for (k = 0; k < n; k++) {
		x = w[k];
		if (rt_is_node(x)) {
			s = READ_ONCE(x->slot[(addrs[k] >> 8) & 0xff]);
			if (unlikely(s & RT_S_ID)) {
				x = rt_id_word(t, tr, rt_s_id(s));
				if (rt_is_node(x)) {
					prefetch(&x->slot[addrs[k] & 0xff]);
					w[k] = x;
					deep |= BIT(k);
					continue;
				}
			} else {
				x = rt_slot_word(t, tr, s);
			}
		}
		rt_check_word(x);
		emit(out, k, x, addrs[k]);
		hits += !!x;
	}
	for (; deep; deep &= deep - 1) {
		k = __ffs(deep);
		x = rt_slot_word(t, tr, READ_ONCE(w[k]->slot[addrs[k] & 0xff]));
		rt_check_word(x);
		emit(out, k, x, addrs[k]);
		hits += !!x;
	}
	return hits;
}

static __always_inline void rt_emit_result(void *out, unsigned int k,
					   struct rt_node *w, u32 addr)
{
	rt_result(w, addr, (struct route_result *)out + k);
}

/**
 * route_lookup_bulk() - @n lookups in one read-side section
 * @t:		the table
 * @addrs:	the addresses
 * @n:		how many
 * @res:	one result per address (see .found)
 *
 * The reader protection is taken once, and the lookups of a group share
 * their cache misses (rt_walk_some()); in the lock modes the protection
 * is held across all @n lookups. The answers are those of one moment of
 * the table in the lock modes; in rcu mode each is one the table held.
 *
 * Return: how many addresses matched.
 */
unsigned int route_lookup_bulk(struct route_table *t, const u32 *addrs,
			       unsigned int n, struct route_result *res)
{
	unsigned int k, hits = 0;
	struct rt_trie *tr;

	rt_read_lock(t);
	tr = rt_deref(t, t->trie);
	for (k = 0; k < n; k += RT_BULK)
		hits += rt_walk_some(t, tr, addrs + k, min(n - k, RT_BULK),
				     res + k, rt_emit_result);
	rt_read_unlock(t);
	return hits;
}

/**
 * route_lookup_nh() - longest-prefix match, the next hop alone
 * @t:		the table
 * @addr:	IPv4 address, host byte order
 * @nexthop:	set to the next hop on a match, untouched on a miss
 *
 * route_lookup() for a caller that forwards: it writes no prefix and no
 * length, which is what DPDK's rte_lpm_lookup() answers too. Contexts as
 * route_lookup().
 *
 * Return: true on a match, false when no prefix covers @addr.
 */
bool route_lookup_nh(struct route_table *t, u32 addr, u32 *nexthop)
{
	struct route_result res;

	if (likely(t->mode == SYNCLAB_ROUTE_RCU))
		return rt_lookup_nh_rcu(t, addr, nexthop);
	if (!rt_lookup_locked(t, addr, &res))
		return false;
	*nexthop = res.nexthop;
	return true;
}

struct rt_nh_out {
	u32 *nexthops;
	u32 miss;
};

static __always_inline void rt_emit_nh(void *out, unsigned int k,
				       struct rt_node *w,
				       u32 addr __always_unused)
{
	struct rt_nh_out *o = out;

	o->nexthops[k] = w ? rt_nexthop(w) : o->miss;
}

/**
 * route_lookup_bulk_nh() - @n lookups in one read-side section, next hops
 * @t:		the table
 * @addrs:	the addresses
 * @n:		how many
 * @nexthops:	one next hop per address, @miss where none matched
 * @miss:	what a miss writes (choose one no route uses; DPDK's
 *		rte_fib_lookup_bulk() takes the same as its default_nh)
 *
 * route_lookup_bulk() writing the next hops alone; the same protection
 * and the same answers.
 *
 * Return: how many addresses matched.
 */
unsigned int route_lookup_bulk_nh(struct route_table *t, const u32 *addrs,
				  unsigned int n, u32 *nexthops, u32 miss)
{
	struct rt_nh_out out = { .nexthops = nexthops, .miss = miss };
	unsigned int k, hits = 0;
	struct rt_trie *tr;

	rt_read_lock(t);
	tr = rt_deref(t, t->trie);
	for (k = 0; k < n; k += RT_BULK, out.nexthops += RT_BULK)
		hits += rt_walk_some(t, tr, addrs + k, min(n - k, RT_BULK),
				     &out, rt_emit_nh);
	rt_read_unlock(t);
	return hits;
}

/* ---- the write side ---------------------------------------------------- */

/*
 * Around every store into reachable memory. In the lock modes this is the
 * readers' lock for writing; for a private trie (a bulk load being built)
 * and in rcu mode, nothing: RCU readers cope with single-word stores.
 */
void __rt_publish_begin(struct route_table *t, struct rt_trie *tr)
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

void __rt_publish_end(struct route_table *t, struct rt_trie *tr)
	__releases(&t->lock)
{
	lockdep_assert_held(&t->update_lock);
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

/*
 * Grace periods for reusing ids, without blocking: one call_rcu() in
 * flight at a time; its callback counts it done. A cookie is the count
 * that says a grace period began after the caller's frees and has ended.
 */
static void rt_gp_done_cb(struct rcu_head *head)
{
	struct route_table *t = container_of(head, struct route_table, gp_head);

	/* Pairs with smp_load_acquire() in __rt_gp_done(); one at a time. */
	smp_store_release(&t->gp_done, t->gp_done + 1);
}

unsigned long __rt_gp_start(struct route_table *t)
{
	lockdep_assert_held(&t->update_lock);
	/* Pairs with smp_store_release() in rt_gp_done_cb(). */
	if (t->gp_started == smp_load_acquire(&t->gp_done)) {
		t->gp_started++;
		call_rcu(&t->gp_head, rt_gp_done_cb);
		return t->gp_started;
	}
	/* the one in flight may have begun before the frees: the next one */
	return t->gp_started + 1;
}

bool __rt_gp_done(struct route_table *t, unsigned long cookie)
{
	unsigned long done;

	lockdep_assert_held(&t->update_lock);
	/*
	 * Pairs with smp_store_release() in rt_gp_done_cb(): the grace period
	 * is over before the ids it covered are written again.
	 */
	done = smp_load_acquire(&t->gp_done);
	if ((long)(done - cookie) >= 0)
		return true;
	if (t->gp_started == done) {
		t->gp_started++;
		call_rcu(&t->gp_head, rt_gp_done_cb);
	}
	return false;
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
	__rt_publish_begin(t, tr);
	old = rcu_replace_pointer(t->trie, tr,
				  lockdep_is_held(&t->update_lock));
	__rt_publish_end(t, tr);
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
	return rt_cache_get();
}

/**
 * route_exit() - undo route_init()
 *
 * Waits for every call_rcu() callback of the tables: they free into the
 * node cache.
 */
void route_exit(void)
{
	rt_cache_put();
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
		mutex_destroy(&t->update_lock);
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
	ret = __rt_del(t, tr, prefix, len);
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
	unsigned int len;
	bool replaced;
	int ret = 0;

	for (k = 0; k < count; k++)
		if (!route_prefix_valid(routes[k].prefix, routes[k].len))
			return -EINVAL;
	/*
	 * Insert by ascending length (a stable counting sort: within a
	 * length the routes keep their order): a prefix is then never pushed
	 * into nodes that already exist.
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
	/*
	 * Each length's bucket from its end: the last copy of a prefix goes
	 * in and the earlier ones are skipped. Inserting every copy would
	 * cost a short prefix its whole range of direct words each time (a
	 * /0 all 65536), so a load of many copies of one took minutes; this
	 * way the load is O(count) plus the table whatever it holds.
	 */
	for (len = 0; len <= 32 && !ret; len++) {
		for (k = start[len]; k > (len ? start[len - 1] : 0) && !ret; k--) {
			const struct synclab_route *r = &routes[order[k - 1]];

			if (!__rt_has(t, tr, r->prefix, r->len))
				ret = __rt_add(t, tr, r->prefix, r->len,
					       r->nexthop, &replaced);
			cond_resched();
		}
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
	u32 n;

	mutex_lock(&t->update_lock);
	n = __rt_dump(t, rt_deref_upd(t, t->trie), out, cap);
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
	if (rt_is_node(n))
		rt_node_poison(n);
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
