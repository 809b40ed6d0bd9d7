// SPDX-License-Identifier: GPL-2.0
/*
 * The host's peers of the benchmark engine (kmod/bench.c): reference
 * implementations run by the pthread engine like a structure's own modes,
 * as modes past them (kmod/uapi/synclab.h):
 *
 *   route rte_lpm  DPDK's rte_lpm (DIR-24-8: a 2^24-entry first table and
 *                  256-entry groups for prefixes longer than /24), loaded
 *                  with the same routegen() table as route's modes and
 *                  looked up at the same addresses (bench_route_addr()):
 *                  rte_lpm_lookup() for batch 1, rte_lpm_lookup_bulk()
 *                  otherwise. extra counts hits, as route's.
 *   route rte_fib  DPDK's rte_fib, type DIR24_8 (the same two tables, with
 *                  4-byte next hops, beside a RIB that keeps the prefixes
 *                  for updates), the same table and addresses:
 *                  rte_fib_lookup_bulk() at every batch size (it has no
 *                  single lookup), with the lookup function DPDK selects
 *                  by default.
 *                  Neither is safe for lookups beside updates, so each
 *                  runs readers only or one writer alone (threads 0,1):
 *                  a writer deletes a key's prefix and adds it back, two
 *                  updates, as route's writers do. Any other mix of roles
 *                  is refused with EINVAL. mem_bytes: what the peer took
 *                  from DPDK's heap, loaded.
 *   ring ck_ring   Concurrency Kit's ck_ring, ck_ring_enqueue_spsc() and
 *                  ck_ring_dequeue_spsc() of 8-byte items (a pointer-sized
 *                  word holding the record ring's modes move), one
 *                  producer and one consumer (else EINVAL), a batch being
 *                  a loop of single calls (ck has no SPSC batch call) that
 *                  stops at full or empty. Its size is the workload's
 *                  keys, as the ring modes' capacity; ck_ring keeps one
 *                  slot free, so it holds keys - 1 records.
 *   kvmap cds_lfht liburcu's lock-free hash table, see its section below.
 *
 * rte_lpm and rte_fib notes: a /0 route (routegen() makes none, but a
 * table may hold one) is not added but becomes a default next hop that a
 * miss returns (rte_lpm's depth must be 1..32); next hops are masked to 24
 * bits in rte_lpm and to 31 in rte_fib, their widths (routegen()'s are
 * 1..1024). DPDK's environment (EAL) starts once
 * per process, on first use, without hugepages, PCI or telemetry, in
 * DPDK_EAL_MB of ordinary memory; rte_eal_init() pins the calling thread
 * to CPU 0, so its affinity is put back afterwards.
 *
 * This file is linked into the host build of the CLI only
 * (build/host-bin/synclab, with DPDK and libck): it defines
 * bench_user_peer(), which user/bench_user.c declares weak. The guest's
 * static binary has no peers and refuses these modes with EOPNOTSUPP.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ck_ring.h>
#include <urcu/rculfhash.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_fib.h>
#include <rte_lpm.h>
#include <rte_malloc.h>

#include "bench.h"
#include "lfstack_peers.h"
#include "routegen.h"

/* Heap for DPDK, in MiB: rte_lpm's first table alone is 64 MiB. Only the
 * pages used are ever touched. */
#define DPDK_EAL_MB	"1024"

/* ---- route: DPDK rte_lpm and rte_fib ------------------------------------- */

/* rte_fib's answer for a miss: wider than any next hop it is given. */
#define PEER_FIB_MISS	0x7fffffffULL

struct peer_route {
	struct rte_lpm *lpm;		/* one of the two */
	struct rte_fib *fib;
	struct synclab_route *routes;
	bool has_default;	/* a /0 route: misses hit it */
	u32 default_nh;
	u64 mem_bytes;
};

struct peer_route_thread {
	u32 addrs[SYNCLAB_BENCH_MAX_BATCH];
	u32 hops[SYNCLAB_BENCH_MAX_BATCH];
	uint64_t hops64[SYNCLAB_BENCH_MAX_BATCH];
};

/* 0 once DPDK's EAL runs in this process, -errno when it failed. */
static int peer_eal_state = 1;

static int peer_eal_init(void)
{
	char *argv[] = {
		"synclab", "--no-huge", "--no-pci", "--no-shconf",
		"--no-telemetry", "--log-level=4", "-l", "0", "-m", DPDK_EAL_MB,
		NULL,
	};
	cpu_set_t set;
	bool saved;

	if (peer_eal_state <= 0)
		return peer_eal_state;
	saved = !sched_getaffinity(0, sizeof(set), &set);
	if (rte_eal_init(ARRAY_SIZE(argv) - 1, argv) < 0) {
		peer_eal_state = rte_errno ? -rte_errno : -ENODEV;
		fprintf(stderr, "synclab: bench: route peer: DPDK's rte_eal_init() failed: %s\n",
			rte_strerror(rte_errno));
	} else {
		peer_eal_state = 0;
	}
	if (saved)
		sched_setaffinity(0, sizeof(set), &set);
	return peer_eal_state;
}

/* Bytes allocated from DPDK's heap, every socket. */
static u64 peer_heap_bytes(void)
{
	struct rte_malloc_socket_stats st;
	unsigned int i;
	u64 sum = 0;

	for (i = 0; i < rte_socket_count(); i++)
		if (!rte_malloc_get_socket_stats(rte_socket_id_by_idx(i), &st))
			sum += st.heap_allocsz_bytes;
	return sum;
}

static int peer_u32_cmp(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* 256-entry groups rte_lpm needs: one per /24 that holds longer prefixes. */
static u32 peer_lpm_groups(const struct synclab_route *r, u32 n)
{
	u32 *blocks = malloc(sizeof(*blocks) * (n ? n : 1)), i, k = 0, groups = 0;

	if (!blocks)
		return n;
	for (i = 0; i < n; i++)
		if (r[i].len > 24)
			blocks[k++] = r[i].prefix >> 8;
	qsort(blocks, k, sizeof(*blocks), peer_u32_cmp);
	for (i = 0; i < k; i++)
		groups += !i || blocks[i] != blocks[i - 1];
	free(blocks);
	return groups;
}

/* Readers alone, or one writer alone: neither peer takes both at once. */
static int peer_route_check(const struct synclab_workload *w)
{
	bool readers = w->threads[0] && !w->threads[1];
	bool writer = !w->threads[0] && w->threads[1] == 1;

	if (!(readers || writer) || w->mix || !w->keys ||
	    w->keys > SYNCLAB_ROUTE_MAX_LOAD)
		return -EINVAL;
	return 0;
}

static int peer_lpm_create(struct peer_route *s, const char *name, u32 n)
{
	struct rte_lpm_config cfg = {
		.max_rules = n,
		.number_tbl8s = peer_lpm_groups(s->routes, n) + 1,
	};

	s->lpm = rte_lpm_create(name, SOCKET_ID_ANY, &cfg);
	return s->lpm ? 0 : -1;
}

static int peer_fib_create(struct peer_route *s, const char *name, u32 n)
{
	struct rte_fib_conf cfg = {
		.type = RTE_FIB_DIR24_8,
		.default_nh = s->has_default ? s->default_nh : PEER_FIB_MISS,
		.max_routes = n,
		.dir24_8 = {
			.nh_sz = RTE_FIB_DIR24_8_4B,
			.num_tbl8 = peer_lpm_groups(s->routes, n) + 1,
		},
	};

	s->fib = rte_fib_create(name, SOCKET_ID_ANY, &cfg);
	return s->fib ? 0 : -1;
}

/* Add (or delete) route r in whichever peer s holds; a /0 is the default. */
static int peer_route_update(struct peer_route *s, const struct synclab_route *r,
			     bool del)
{
	if (!r->len)
		return 0;
	if (s->lpm)
		return del ? rte_lpm_delete(s->lpm, r->prefix, r->len) :
			     rte_lpm_add(s->lpm, r->prefix, r->len,
					 r->nexthop & 0xffffff);
	return del ? rte_fib_delete(s->fib, r->prefix, r->len) :
		     rte_fib_add(s->fib, r->prefix, r->len,
				 r->nexthop & PEER_FIB_MISS);
}

static int peer_route_setup(struct bench_run *run)
{
	static unsigned int serial;
	struct peer_route *s = calloc(1, sizeof(*s));
	bool fib = run->w.mode == SYNCLAB_BENCH_ROUTE_RTE_FIB;
	char name[RTE_LPM_NAMESIZE];
	u64 before;
	u32 i;
	int ret;

	run->state = s;
	if (!s)
		return -ENOMEM;
	ret = peer_eal_init();
	if (ret)
		return ret;
	s->routes = malloc(sizeof(*s->routes) * run->w.keys);
	if (!s->routes)
		return -ENOMEM;
	ret = routegen(s->routes, run->w.keys, run->w.seed);
	if (ret)
		return ret;
	for (i = 0; i < run->w.keys; i++) {
		if (!s->routes[i].len) {
			s->has_default = true;
			s->default_nh = s->routes[i].nexthop & PEER_FIB_MISS;
		}
	}
	snprintf(name, sizeof(name), "synclab-%u", serial++);
	before = peer_heap_bytes();
	if ((fib ? peer_fib_create : peer_lpm_create)(s, name, run->w.keys)) {
		fprintf(stderr, "synclab: bench: %s: %s\n",
			fib ? "rte_fib_create()" : "rte_lpm_create()",
			rte_strerror(rte_errno));
		return rte_errno ? -rte_errno : -ENOMEM;
	}
	for (i = 0; i < run->w.keys; i++) {
		ret = peer_route_update(s, &s->routes[i], false);
		if (ret < 0)
			return ret;
	}
	s->mem_bytes = peer_heap_bytes() - before;
	return 0;
}

static void peer_route_teardown(struct bench_run *run)
{
	struct peer_route *s = run->state;

	if (!s)
		return;
	if (s->lpm)
		rte_lpm_free(s->lpm);
	if (s->fib)
		rte_fib_free(s->fib);
	free(s->routes);
	free(s);
	run->state = NULL;
}

/* The writer: @n times delete a key's prefix and add it back; extra as
 * route's. */
static unsigned int peer_route_write(struct bench_thread *t, unsigned int n)
{
	struct peer_route *s = t->run->state;
	const struct synclab_route *r;
	unsigned int k;

	for (k = 0; k < n; k++) {
		r = &s->routes[bench_pick_key(t)];
		if (peer_route_update(s, r, true) < 0)
			t->extra++;
		peer_route_update(s, r, false);
	}
	return n;
}

static unsigned int peer_lpm_op(struct bench_thread *t, unsigned int n)
{
	struct peer_route *s = t->run->state;
	struct peer_route_thread *p = t->priv;
	unsigned int i, k, batch = t->run->w.batch;
	u64 hits = 0;

	if (t->role == 1)
		return peer_route_write(t, n);
	/* The next hop goes to memory, as ours does (kmod/bench_ops.c). */
	if (batch == 1) {
		for (k = 0; k < n; k++)
			hits += !rte_lpm_lookup(s->lpm,
						bench_route_addr(t, s->routes),
						p->hops) || s->has_default;
		t->extra += hits;
		return n;
	}
	for (k = 0; k < n; k++) {
		for (i = 0; i < batch; i++)
			p->addrs[i] = bench_route_addr(t, s->routes);
		rte_lpm_lookup_bulk(s->lpm, p->addrs, p->hops, batch);
		for (i = 0; i < batch; i++)
			hits += s->has_default ||
				(p->hops[i] & RTE_LPM_LOOKUP_SUCCESS);
	}
	t->extra += hits;
	return n * batch;
}

static unsigned int peer_fib_op(struct bench_thread *t, unsigned int n)
{
	struct peer_route *s = t->run->state;
	struct peer_route_thread *p = t->priv;
	unsigned int i, k, batch = t->run->w.batch;
	u64 hits = 0;

	if (t->role == 1)
		return peer_route_write(t, n);
	for (k = 0; k < n; k++) {
		for (i = 0; i < batch; i++)
			p->addrs[i] = bench_route_addr(t, s->routes);
		rte_fib_lookup_bulk(s->fib, p->addrs, p->hops64, batch);
		for (i = 0; i < batch; i++)
			hits += s->has_default ||
				p->hops64[i] != PEER_FIB_MISS;
	}
	t->extra += hits;
	return n * batch;
}

static void peer_route_collect(struct bench_run *run, struct synclab_result *res)
{
	struct peer_route *s = run->state;

	res->mem_bytes = s->mem_bytes;
}

static const struct bench_ops peer_lpm_ops = {
	.name		= "rte_lpm",
	.structure	= SYNCLAB_BENCH_ROUTE,
	.nmodes		= SYNCLAB_ROUTE_NMODES,
	.priv_size	= sizeof(struct peer_route_thread),
	.check		= peer_route_check,
	.setup		= peer_route_setup,
	.teardown	= peer_route_teardown,
	.op		= peer_lpm_op,
	.collect	= peer_route_collect,
};

static const struct bench_ops peer_fib_ops = {
	.name		= "rte_fib",
	.structure	= SYNCLAB_BENCH_ROUTE,
	.nmodes		= SYNCLAB_ROUTE_NMODES,
	.priv_size	= sizeof(struct peer_route_thread),
	.check		= peer_route_check,
	.setup		= peer_route_setup,
	.teardown	= peer_route_teardown,
	.op		= peer_fib_op,
	.collect	= peer_route_collect,
};

/* ---- ring: Concurrency Kit ck_ring, SPSC --------------------------------- */

struct peer_ck {
	struct ck_ring ring;		/* its own cache-line layout */
	struct ck_ring_buffer *buf;
};

static int peer_ck_check(const struct synclab_workload *w)
{
	if (w->threads[0] != 1 || w->threads[1] != 1 || w->mix ||
	    w->keys < 2 || w->keys > SYNCLAB_RING_MAX_CAPACITY ||
	    (w->keys & (w->keys - 1)) || w->prefill >= w->keys)
		return -EINVAL;
	return 0;
}

/* The 8 bytes of a record, as ring's modes make them (bench_ops.c). */
static void *peer_ck_rec(u16 producer, u32 seq)
{
	return (void *)(uintptr_t)((u64)producer << 32 | seq);
}

static int peer_ck_setup(struct bench_run *run)
{
	struct peer_ck *s;
	u32 i;

	if (posix_memalign((void **)&s, SMP_CACHE_BYTES, sizeof(*s)))
		return -ENOMEM;
	memset(s, 0, sizeof(*s));
	run->state = s;
	if (posix_memalign((void **)&s->buf, SMP_CACHE_BYTES,
			   sizeof(*s->buf) * run->w.keys))
		return -ENOMEM;
	ck_ring_init(&s->ring, run->w.keys);
	for (i = 0; i < run->w.prefill; i++)
		if (!ck_ring_enqueue_spsc(&s->ring, s->buf,
					  peer_ck_rec(0xffff, i)))
			return -ENOSPC;
	return 0;
}

static void peer_ck_teardown(struct bench_run *run)
{
	struct peer_ck *s = run->state;

	if (!s)
		return;
	free(s->buf);
	free(s);
	run->state = NULL;
}

/* One push or pop of up to @batch items, single calls: the items moved. */
static unsigned int peer_ck_one(struct bench_thread *t, struct peer_ck *s,
				unsigned int batch)
{
	unsigned int i;
	void *rec;

	if (t->role == 1) {
		for (i = 0; i < batch; i++)
			if (!ck_ring_dequeue_spsc(&s->ring, s->buf, &rec))
				break;
		return i;
	}
	for (i = 0; i < batch; i++) {
		if (!ck_ring_enqueue_spsc(&s->ring, s->buf,
					  peer_ck_rec(t->id, t->seq)))
			break;
		t->seq++;
	}
	return i;
}

static unsigned int peer_ck_op(struct bench_thread *t, unsigned int n)
{
	struct peer_ck *s = t->run->state;
	unsigned int k, got, items = 0, batch = t->run->w.batch;

	for (k = 0; k < n; k++) {
		got = peer_ck_one(t, s, batch);
		items += got;
		t->failures += !got;
	}
	return items;
}

/* Nothing lost, nothing made up: what is left is what was put in. */
static void peer_ck_collect(struct bench_run *run, struct synclab_result *res)
{
	struct peer_ck *s = run->state;

	if ((u64)ck_ring_size(&s->ring) !=
	    run->w.prefill + res->ops_total[0] - res->ops_total[1])
		res->flags |= SYNCLAB_RESULT_INVARIANT;
}

static const struct bench_ops peer_ck_ops = {
	.name		= "ck_ring",
	.structure	= SYNCLAB_BENCH_RING,
	.nmodes		= SYNCLAB_RING_NMODES,
	.check		= peer_ck_check,
	.setup		= peer_ck_setup,
	.teardown	= peer_ck_teardown,
	.op		= peer_ck_op,
	.collect	= peer_ck_collect,
};

/* ---- kvmap: liburcu's cds_lfht ------------------------------------------ */

/*
 * cds_lfht: a lock-free split-ordered hash table, readers under
 * rcu_read_lock(), updaters lock-free (cmpxchg on the chain), nodes freed
 * with call_rcu(). Sized like kvmap's modes (bench_kvmap_buckets()) and
 * created without CDS_LFHT_AUTO_RESIZE, so it keeps that size. The same
 * operations as kvmap's (kmod/bench_kvmap.c): a get is a lookup; a write
 * deletes the key (cds_lfht_del(), call_rcu()) and adds it back with
 * cds_lfht_add_unique(). The hash is kvmap's.
 */
struct peer_lfht_node {
	struct cds_lfht_node node;
	u64 key;
	u64 value;			/* CMM_LOAD_SHARED/CMM_STORE_SHARED */
	struct rcu_head rcu;
};

struct peer_lfht {
	struct cds_lfht *ht;
};

static unsigned long peer_lfht_hash(u64 key)
{
	return (unsigned long)(key * 0x9e3779b97f4a7c15ULL);
}

static int peer_lfht_match(struct cds_lfht_node *node, const void *key)
{
	return caa_container_of(node, struct peer_lfht_node, node)->key ==
	       *(const u64 *)key;
}

static void peer_lfht_free(struct rcu_head *head)
{
	free(caa_container_of(head, struct peer_lfht_node, rcu));
}

static int peer_lfht_check(const struct synclab_workload *w)
{
	return bench_kvmap_check_common(w) ?: (w->param[0] ? -EINVAL : 0);
}

/* Add @key unless it is there; call under rcu_read_lock(). 0 or -errno. */
static int peer_lfht_add(struct peer_lfht *s, u64 key, u64 value)
{
	struct peer_lfht_node *n = malloc(sizeof(*n));

	if (!n)
		return -ENOMEM;
	cds_lfht_node_init(&n->node);
	n->key = key;
	n->value = value;
	if (cds_lfht_add_unique(s->ht, peer_lfht_hash(key), peer_lfht_match,
				&n->key, &n->node) != &n->node) {
		free(n);		/* never published */
		return -EEXIST;
	}
	return 0;
}

static int peer_lfht_setup(struct bench_run *run)
{
	struct peer_lfht *s = calloc(1, sizeof(*s));
	unsigned long size = bench_kvmap_buckets(&run->w);
	int ret = 0;
	u32 k;

	run->state = s;
	if (!s)
		return -ENOMEM;
	s->ht = cds_lfht_new(size, size, 0, 0, NULL);
	if (!s->ht)
		return -ENOMEM;
	rcu_read_lock();
	for (k = 0; !ret && k < run->w.keys; k++)
		ret = peer_lfht_add(s, k, k);
	rcu_read_unlock();
	return ret;
}

static void peer_lfht_teardown(struct bench_run *run)
{
	struct peer_lfht *s = run->state;
	struct peer_lfht_node *n;
	struct cds_lfht_iter iter;

	if (!s)
		return;
	if (s->ht) {
		rcu_read_lock();
		cds_lfht_for_each_entry(s->ht, &iter, n, node)
			if (!cds_lfht_del(s->ht, &n->node))
				call_rcu(&n->rcu, peer_lfht_free);
		rcu_read_unlock();
		cds_lfht_destroy(s->ht, NULL);
	}
	free(s);
	run->state = NULL;
}

static unsigned int peer_lfht_op(struct bench_thread *t, unsigned int n)
{
	struct peer_lfht *s = t->run->state;
	struct bench_kvmap_thread *p = t->priv;
	struct cds_lfht_node *node;
	struct cds_lfht_iter iter;
	unsigned int i;
	u64 key;

	for (i = 0; i < n; i++) {
		key = bench_pick_key(t);
		rcu_read_lock();
		cds_lfht_lookup(s->ht, peer_lfht_hash(key), peer_lfht_match,
				&key, &iter);
		node = cds_lfht_iter_get_node(&iter);
		if (t->role == 0 && !t->mixed) {
			/* the value is read, as kvmap_get() reads it */
			if (node)
				(void)CMM_LOAD_SHARED(caa_container_of(node,
					struct peer_lfht_node, node)->value);
			p->hits += !!node;
			p->misses += !node;
		} else {
			if (node && !cds_lfht_del(s->ht, node))
				call_rcu(&caa_container_of(node,
					struct peer_lfht_node, node)->rcu,
					peer_lfht_free);
			else
				t->failures++;
			if (peer_lfht_add(s, key, bench_kvmap_value(t, key)))
				t->failures++;
		}
		rcu_read_unlock();
	}
	return n;
}

static void peer_lfht_collect(struct bench_run *run, struct synclab_result *res)
{
	struct peer_lfht *s = run->state;
	long before, after;
	unsigned long count;

	bench_kvmap_collect_gets(run, res);
	rcu_read_lock();
	cds_lfht_count_nodes(s->ht, &before, &count, &after);
	rcu_read_unlock();
	res->stats[SYNCLAB_KVMAP_STAT_ENTRIES] = count;
	if (count != run->w.keys)
		res->flags |= SYNCLAB_RESULT_INVARIANT;
}

static const struct bench_ops peer_lfht_ops = {
	.name		= "cds_lfht",
	.structure	= SYNCLAB_BENCH_KVMAP,
	.nmodes		= SYNCLAB_KVMAP_NMODES,
	.priv_size	= sizeof(struct bench_kvmap_thread),
	.check		= peer_lfht_check,
	.setup		= peer_lfht_setup,
	.teardown	= peer_lfht_teardown,
	.op		= peer_lfht_op,
	.collect	= peer_lfht_collect,
};

/**
 * bench_user_peer() - the host's peers (see user/bench_user.c)
 * @structure:	SYNCLAB_BENCH_*
 * @mode:	a mode past the structure's own
 *
 * Return: the peer's ops, or NULL when the host has none for @mode.
 */
const struct bench_ops *bench_user_peer(u32 structure, u32 mode)
{
	if (structure == SYNCLAB_BENCH_ROUTE &&
	    mode == SYNCLAB_BENCH_ROUTE_RTE_LPM)
		return &peer_lpm_ops;
	if (structure == SYNCLAB_BENCH_ROUTE &&
	    mode == SYNCLAB_BENCH_ROUTE_RTE_FIB)
		return &peer_fib_ops;
	if (structure == SYNCLAB_BENCH_RING &&
	    mode == SYNCLAB_BENCH_RING_CK_RING)
		return &peer_ck_ops;
	if (structure == SYNCLAB_BENCH_LFSTACK)
		return lfstack_user_peer(mode);
	if (structure == SYNCLAB_BENCH_KVMAP &&
	    mode == SYNCLAB_BENCH_KVMAP_CDS_LFHT)
		return &peer_lfht_ops;
	return NULL;
}
