// SPDX-License-Identifier: GPL-2.0
/*
 * kvmap: a hash map from u64 keys to u64 values, the "thread-safe cache"
 * question asked four ways. The same file builds into synclab.ko and, over
 * user/shim, into userspace.
 *
 * THE STRUCTURE is a fixed array of buckets (a power of two, chosen at
 * creation; the map never resizes), each the head of a singly linked chain
 * of nodes {next, key, value, rcu_head}. A key's bucket is a multiplicative
 * hash of it. New keys go at the tail of their chain; a node never moves
 * to another bucket and its key never changes while it is reachable; a
 * PUT of a key that is there stores the new value into its node.
 *
 * LOCKING. The map has L spinlocks, L a power of two, fixed by the mode:
 *   global   L = 1: every operation takes the one lock;
 *   striped  L = stripes: bucket b is guarded by lock b mod L;
 *   bucket   L = buckets: a lock per bucket;
 *   rcu      L = buckets, for writers only: kvmap_get() takes no lock and
 *            walks under rcu_read_lock(); a deleted node is freed by
 *            call_rcu() once every reader that might hold it is gone.
 * In the lock modes, readers take the bucket's lock like writers, so a
 * deleted node is freed at once, after the unlock: nobody can hold it.
 * Every operation takes exactly one lock, the one of its key's bucket, and
 * holds no other: the map's locks never nest, so they need no order among
 * themselves. They are all one lockdep class (one init site); a nesting
 * would show as recursive locking of that class. The device adds one lock
 * above them (kvmap_dev.c): its rw_semaphore, then a map lock.
 * The lock kind is spinlock_t in every mode: a critical section is a short
 * chain walk that never sleeps (PUT allocates before it locks), so a
 * mutex would measure the sleeping slow path rather than the discipline.
 *
 * Why a plain chain and not hlist_nulls: nulls markers let a lockless
 * reader notice that the node it stands on moved to another chain
 * (rhashtable's resize, SLAB_TYPESAFE_BY_RCU reuse). Here nodes never
 * move and are not reused before a grace period, so a reader that started
 * in a chain stays in it: it sees each node's link old or new, and a
 * deleted node still leads on to the rest of its chain.
 *
 * Publication: a node is filled, then linked with rcu_assign_pointer()
 * (release; pairs with rcu_dereference() in kvmap_get()); values are
 * stored with WRITE_ONCE() and loaded with READ_ONCE(), so a reader sees
 * the old value or the new, never a torn one.
 *
 * Layout: struct kvmap is read-mostly (set at creation). The locks of the
 * global and striped modes each take a cache line, so two stripes share
 * none; the bucket and rcu modes pack theirs (a line each would cost 64
 * bytes a bucket). Nothing is counted on the fast path: outcomes are
 * return values and the callers count them.
 *
 * Contexts: see kvmap.h. Nothing here touches user memory.
 */
#include <linux/cache.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/log2.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "kvmap.h"

struct kvmap_node {
	struct kvmap_node __rcu *next;
	u64 key;			/* fixed while reachable */
	u64 value;			/* READ_ONCE/WRITE_ONCE */
	struct rcu_head rcu;
};

struct kvmap {
	u32 mode;
	u32 nbuckets;
	u32 nlocks;
	u32 lmask;			/* nlocks - 1 */
	u32 lock_stride;		/* bytes from one lock to the next */
	struct kvmap_node __rcu **heads;
	void *locks;
};

bool kvmap_config_valid(u32 mode, u32 buckets, u32 stripes)
{
	if (mode >= SYNCLAB_KVMAP_NMODES || !is_power_of_2(buckets) ||
	    buckets > SYNCLAB_KVMAP_MAX_BUCKETS)
		return false;
	if (mode != SYNCLAB_KVMAP_STRIPED)
		return stripes == 0;
	return is_power_of_2(stripes) && stripes <= SYNCLAB_KVMAP_MAX_STRIPES &&
	       stripes <= buckets;
}

/*
 * Fibonacci hashing: the top bits of key * 2^64/phi, as many as the map
 * has buckets (the top 32, scaled by the bucket count, which for a power
 * of two keeps the top log2(buckets) bits; one bucket gives 0).
 * Consecutive keys land far apart.
 */
static inline u32 kvmap_bucket(const struct kvmap *m, u64 key)
{
	u64 h = key * 0x9e3779b97f4a7c15ULL;

	return (u32)(((h >> 32) * m->nbuckets) >> 32);
}

static inline spinlock_t *kvmap_lock(const struct kvmap *m, u32 b)
{
	return (spinlock_t *)((char *)m->locks +
			      (size_t)(b & m->lmask) * m->lock_stride);
}

u32 kvmap_mode(const struct kvmap *m)
{
	return m->mode;
}

u32 kvmap_buckets(const struct kvmap *m)
{
	return m->nbuckets;
}

u32 kvmap_locks(const struct kvmap *m)
{
	return m->nlocks;
}

/**
 * kvmap_create() - a new, empty map
 * @mapp:	where to put it
 * @mode:	SYNCLAB_KVMAP_GLOBAL..RCU
 * @buckets:	a power of two up to SYNCLAB_KVMAP_MAX_BUCKETS
 * @stripes:	striped: its locks (kvmap_config_valid()); 0 otherwise
 *
 * Return: 0, -EINVAL for a bad configuration, -ENOMEM.
 */
int kvmap_create(struct kvmap **mapp, u32 mode, u32 buckets, u32 stripes)
{
	struct kvmap *m;
	u32 i;

	*mapp = NULL;
	if (!kvmap_config_valid(mode, buckets, stripes))
		return -EINVAL;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->mode = mode;
	m->nbuckets = buckets;
	m->nlocks = mode == SYNCLAB_KVMAP_GLOBAL ? 1 :
		    mode == SYNCLAB_KVMAP_STRIPED ? stripes : buckets;
	m->lmask = m->nlocks - 1;
	m->lock_stride = mode == SYNCLAB_KVMAP_GLOBAL ||
			 mode == SYNCLAB_KVMAP_STRIPED ?
			 ALIGN(sizeof(spinlock_t), SMP_CACHE_BYTES) :
			 sizeof(spinlock_t);
	m->heads = kvcalloc(buckets, sizeof(*m->heads),
			    GFP_KERNEL | __GFP_NOWARN);
	m->locks = kvmalloc_array(m->nlocks, m->lock_stride,
				  GFP_KERNEL | __GFP_NOWARN);
	if (!m->heads || !m->locks) {
		kvfree(m->heads);
		kvfree(m->locks);
		kfree(m);
		return -ENOMEM;
	}
	for (i = 0; i < m->nlocks; i++)
		spin_lock_init(kvmap_lock(m, i));
	*mapp = m;
	return 0;
}

/**
 * kvmap_destroy() - free a map and every node in it
 * @m:		the map, or NULL; no reader or updater may still reach it
 *
 * Nodes still in the map are freed at once: no reader can hold one. Nodes
 * deleted earlier from an rcu map may still wait in call_rcu(); their
 * callback touches only the node, so they may outlive the map (module
 * exit ends with rcu_barrier()).
 */
void kvmap_destroy(struct kvmap *m)
{
	struct kvmap_node *n, *next;
	u32 b;

	if (!m)
		return;
	for (b = 0; b < m->nbuckets; b++) {
		n = rcu_dereference_protected(m->heads[b], 1);
		for (; n; n = next) {
			next = rcu_dereference_protected(n->next, 1);
			kfree(n);
		}
	}
	kvfree(m->heads);
	kvfree(m->locks);
	kfree(m);
}

/*
 * The link that points at @key's node in bucket @b, or at the chain's
 * NULL end when the key is absent. Call with the bucket's lock held.
 */
static struct kvmap_node __rcu **__kvmap_find(struct kvmap *m, spinlock_t *lock,
					      u32 b, u64 key)
{
	struct kvmap_node __rcu **pp = &m->heads[b];
	struct kvmap_node *n;

	lockdep_assert_held(lock);
	while ((n = rcu_dereference_protected(*pp, lockdep_is_held(lock)))) {
		if (n->key == key)
			break;
		pp = &n->next;
	}
	return pp;
}

/* rcu mode: the walk of a reader, under rcu_read_lock() and no lock. */
static bool kvmap_get_rcu(struct kvmap *m, u32 b, u64 key, u64 *value)
{
	struct kvmap_node *n;
	bool found = false;

	rcu_read_lock();
	for (n = rcu_dereference(m->heads[b]); n; n = rcu_dereference(n->next)) {
		if (n->key == key) {
			*value = READ_ONCE(n->value);
			found = true;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

/**
 * kvmap_get() - the value of a key
 * @m:		the map
 * @key:	the key
 * @value:	out: its value, when found (untouched otherwise)
 *
 * Return: true when the key is in the map.
 */
bool kvmap_get(struct kvmap *m, u64 key, u64 *value)
{
	u32 b = kvmap_bucket(m, key);
	struct kvmap_node *n;
	spinlock_t *lock;	/* the key's bucket's, kvmap_lock() */

	if (m->mode == SYNCLAB_KVMAP_RCU)
		return kvmap_get_rcu(m, b, key, value);
	lock = kvmap_lock(m, b);
	spin_lock(lock);
	n = rcu_dereference_protected(*__kvmap_find(m, lock, b, key),
				      lockdep_is_held(lock));
	if (n)
		*value = READ_ONCE(n->value);
	spin_unlock(lock);
	return n;
}

/**
 * kvmap_put() - set a key's value, adding the key if it is absent
 * @m:		the map
 * @key:	the key
 * @value:	its value
 * @replaced:	out: true when the key was there (its value replaced)
 *
 * The node is allocated before the lock is taken, and freed unused when
 * the key turns out to be there.
 *
 * Return: 0 or -ENOMEM (nothing changed).
 */
int kvmap_put(struct kvmap *m, u64 key, u64 value, bool *replaced)
{
	u32 b = kvmap_bucket(m, key);
	struct kvmap_node __rcu **pp;
	struct kvmap_node *n, *new;
	spinlock_t *lock;	/* the key's bucket's, kvmap_lock() */

	new = kmalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	new->key = key;
	new->value = value;
	RCU_INIT_POINTER(new->next, NULL);
	lock = kvmap_lock(m, b);
	spin_lock(lock);
	pp = __kvmap_find(m, lock, b, key);
	n = rcu_dereference_protected(*pp, lockdep_is_held(lock));
	if (n)
		WRITE_ONCE(n->value, value);
	else
		rcu_assign_pointer(*pp, new);	/* pairs with kvmap_get_rcu() */
	spin_unlock(lock);
	*replaced = n;
	if (n)
		kfree(new);
	return 0;
}

static void kvmap_node_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct kvmap_node, rcu));
}

/**
 * kvmap_delete() - remove a key
 * @m:		the map
 * @key:	the key
 *
 * In the lock modes the node is freed at once; in rcu mode after a grace
 * period (call_rcu()), since readers may still stand on it.
 *
 * Return: 0, or -ENOENT when the key was absent.
 */
int kvmap_delete(struct kvmap *m, u64 key)
{
	u32 b = kvmap_bucket(m, key);
	struct kvmap_node __rcu **pp;
	struct kvmap_node *n, *next;
	spinlock_t *lock;	/* the key's bucket's, kvmap_lock() */

	lock = kvmap_lock(m, b);
	spin_lock(lock);
	pp = __kvmap_find(m, lock, b, key);
	n = rcu_dereference_protected(*pp, lockdep_is_held(lock));
	/* A reader on @n still finds the rest of the chain through it. */
	if (n) {
		next = rcu_dereference_protected(n->next, lockdep_is_held(lock));
		RCU_INIT_POINTER(*pp, next);
	}
	spin_unlock(lock);
	if (!n)
		return -ENOENT;
	if (m->mode == SYNCLAB_KVMAP_RCU)
		call_rcu(&n->rcu, kvmap_node_free_rcu);
	else
		kfree(n);
	return 0;
}

/**
 * kvmap_stats() - count the map's keys and chains
 * @m:		the map
 * @st:		out
 *
 * One bucket's lock at a time: each chain is counted exactly, the whole
 * is not from one instant when updaters run meanwhile.
 */
void kvmap_stats(struct kvmap *m, struct kvmap_stats *st)
{
	struct kvmap_node *n;
	spinlock_t *lock;	/* bucket b's, kvmap_lock() */
	u64 len;
	u32 b;

	memset(st, 0, sizeof(*st));
	for (b = 0; b < m->nbuckets; b++) {
		lock = kvmap_lock(m, b);
		len = 0;
		spin_lock(lock);
		n = rcu_dereference_protected(m->heads[b], lockdep_is_held(lock));
		for (; n; n = rcu_dereference_protected(n->next,
							lockdep_is_held(lock)))
			len++;
		spin_unlock(lock);
		st->entries += len;
		st->used_buckets += len > 0;
		st->longest_chain = max(st->longest_chain, len);
	}
	st->bytes = sizeof(*m) + (u64)m->nbuckets * sizeof(*m->heads) +
		    (u64)m->nlocks * m->lock_stride +
		    st->entries * sizeof(struct kvmap_node);
}
