// SPDX-License-Identifier: GPL-2.0
/*
 * kvmap's kernel peer in the kthread engine: the kernel's rhashtable,
 * readers under rcu_read_lock() (rhashtable_lookup()), writers under the
 * bucket's bit spinlock, which lives in the bucket pointer's low bit;
 * removed objects freed with kfree_rcu(). The same operations as kvmap's
 * (kmod/bench_kvmap.c): a get is a lookup; a write removes the key and
 * inserts it back (rhashtable_lookup_insert_fast()). Unlike kvmap it sizes
 * itself: created for the run's keys (nelem_hint), it grows past 75% load
 * on its own, in a worker; automatic shrinking is off, so the delete and
 * re-insert of a write never make it resize. Kernel only (the Makefile's
 * KERNEL_ONLY): userspace has no rhashtable.
 */
#include <linux/errno.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "bench.h"

struct peer_rht_node {
	struct rhash_head node;
	u64 key;
	u64 value;			/* READ_ONCE/WRITE_ONCE */
	struct rcu_head rcu;
};

struct peer_rht {
	struct rhashtable ht;
	bool inited;
};

static const struct rhashtable_params peer_rht_params = {
	.key_len	= sizeof(u64),
	.key_offset	= offsetof(struct peer_rht_node, key),
	.head_offset	= offsetof(struct peer_rht_node, node),
	.automatic_shrinking = false,
};

static int peer_rht_check(const struct synclab_workload *w)
{
	/* rhashtable has no stripes and sizes itself: no params. */
	if (w->param[SYNCLAB_KVMAP_PARAM_STRIPES] ||
	    w->param[SYNCLAB_KVMAP_PARAM_BUCKETS])
		return -EINVAL;
	return bench_kvmap_check_common(w);
}

/* Insert @key unless it is there: 0, -EEXIST or another -errno. */
static int peer_rht_add(struct peer_rht *s, u64 key, u64 value)
{
	struct peer_rht_node *n = kmalloc(sizeof(*n), GFP_KERNEL);
	int ret;

	if (!n)
		return -ENOMEM;
	n->key = key;
	n->value = value;
	ret = rhashtable_lookup_insert_fast(&s->ht, &n->node, peer_rht_params);
	if (ret)
		kfree(n);		/* never published */
	return ret;
}

static int peer_rht_setup(struct bench_run *run)
{
	struct rhashtable_params params = peer_rht_params;
	struct peer_rht *s = kzalloc(sizeof(*s), GFP_KERNEL);
	int ret;
	u32 k;

	run->state = s;
	if (!s)
		return -ENOMEM;
	params.nelem_hint = run->w.keys;
	ret = rhashtable_init(&s->ht, &params);
	if (ret)
		return ret;
	s->inited = true;
	for (k = 0; !ret && k < run->w.keys; k++)
		ret = peer_rht_add(s, k, k);
	return ret;
}

static void peer_rht_free(void *ptr, void *arg)
{
	kfree(ptr);
}

static void peer_rht_teardown(struct bench_run *run)
{
	struct peer_rht *s = run->state;

	if (!s)
		return;
	if (s->inited)
		rhashtable_free_and_destroy(&s->ht, peer_rht_free, NULL);
	kfree(s);
}

static void peer_rht_write(struct bench_thread *t, struct peer_rht *s,
			   u64 key)
{
	struct peer_rht_node *n;
	bool removed = false;

	rcu_read_lock();
	n = rhashtable_lookup(&s->ht, &key, peer_rht_params);
	if (n && !rhashtable_remove_fast(&s->ht, &n->node, peer_rht_params)) {
		kfree_rcu(n, rcu);
		removed = true;
	}
	rcu_read_unlock();
	if (!removed)
		t->failures++;	/* another writer's, just now */
	if (peer_rht_add(s, key, bench_kvmap_value(t, key)))
		t->failures++;
}

static unsigned int peer_rht_op(struct bench_thread *t, unsigned int n)
{
	struct peer_rht *s = t->run->state;
	struct bench_kvmap_thread *p = t->priv;
	struct peer_rht_node *node;
	unsigned int i;
	u64 key;

	for (i = 0; i < n; i++) {
		key = bench_pick_key(t);
		if (t->role == 1 || t->mixed) {
			peer_rht_write(t, s, key);
			continue;
		}
		rcu_read_lock();
		node = rhashtable_lookup(&s->ht, &key, peer_rht_params);
		if (node)
			(void)READ_ONCE(node->value);
		rcu_read_unlock();
		p->hits += !!node;
		p->misses += !node;
	}
	return n;
}

static void peer_rht_collect(struct bench_run *run, struct synclab_result *res)
{
	struct peer_rht *s = run->state;
	u64 entries = atomic_read(&s->ht.nelems);

	bench_kvmap_collect_gets(run, res);
	res->stats[SYNCLAB_KVMAP_STAT_ENTRIES] = entries;
	if (entries != run->w.keys)
		res->flags |= SYNCLAB_RESULT_INVARIANT;
}

const struct bench_ops bench_rhashtable_ops = {
	.name		= "rhashtable",
	.structure	= SYNCLAB_BENCH_KVMAP,
	.nmodes		= SYNCLAB_KVMAP_NMODES,
	.priv_size	= sizeof(struct bench_kvmap_thread),
	.check		= peer_rht_check,
	.setup		= peer_rht_setup,
	.teardown	= peer_rht_teardown,
	.op		= peer_rht_op,
	.collect	= peer_rht_collect,
};
