// SPDX-License-Identifier: GPL-2.0
/*
 * route_test: kmod/route.c built in userspace (user/shim over pthreads and
 * liburcu), under ASan+UBSan, in each protection mode. Every answer of the
 * trie is checked against a naive reference LPM: a hash set probed for
 * every prefix length, from /32 down to /0.
 *
 * Built twice: route_test over liburcu's memb flavor, route_qsbr_test
 * (ROUTE_TEST_QSBR, SHIM_RCU_QSBR) over qsbr, where readers announce
 * quiescent states.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "prng.h"
#include "route.h"

/* ---- the naive reference: (prefix, len) -> next hop ------------------ */

struct ref_slot {
	u64 key;	/* prefix << 8 | len, + 1; 0 = empty */
	u32 nexthop;
	bool dead;
};

struct ref {
	struct ref_slot *slot;
	size_t cap;	/* power of two */
	size_t used;	/* live + dead */
	size_t live;
};

static u64 ref_key(u32 prefix, unsigned int len)
{
	return ((u64)prefix << 8 | len) + 1;
}

static size_t ref_hash(u64 key, size_t cap)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 17) & (cap - 1);
}

static struct ref_slot *ref_find(struct ref *r, u32 prefix, unsigned int len)
{
	u64 key = ref_key(prefix, len);
	size_t i = ref_hash(key, r->cap);

	for (;; i = (i + 1) & (r->cap - 1)) {
		if (!r->slot[i].key)
			return NULL;
		if (r->slot[i].key == key && !r->slot[i].dead)
			return &r->slot[i];
	}
}

static void ref_init(struct ref *r, size_t cap)
{
	r->cap = cap;
	r->used = 0;
	r->live = 0;
	r->slot = calloc(cap, sizeof(*r->slot));
}

static void ref_put(struct ref *r, u32 prefix, unsigned int len, u32 nh);

static void ref_grow(struct ref *r)
{
	struct ref old = *r;
	size_t i;

	ref_init(r, old.cap * 2);
	for (i = 0; i < old.cap; i++)
		if (old.slot[i].key && !old.slot[i].dead)
			ref_put(r, (old.slot[i].key - 1) >> 8,
				(old.slot[i].key - 1) & 0xff,
				old.slot[i].nexthop);
	free(old.slot);
}

/* Returns whether the prefix existed (a replace). */
static bool ref_add(struct ref *r, u32 prefix, unsigned int len, u32 nh)
{
	struct ref_slot *s = ref_find(r, prefix, len);

	if (s) {
		s->nexthop = nh;
		return true;
	}
	ref_put(r, prefix, len, nh);
	return false;
}

static void ref_put(struct ref *r, u32 prefix, unsigned int len, u32 nh)
{
	u64 key = ref_key(prefix, len);
	size_t i;

	if ((r->used + 1) * 2 > r->cap)
		ref_grow(r);
	for (i = ref_hash(key, r->cap); r->slot[i].key;
	     i = (i + 1) & (r->cap - 1))
		;
	r->slot[i].key = key;
	r->slot[i].nexthop = nh;
	r->slot[i].dead = false;
	r->used++;
	r->live++;
}

static bool ref_del(struct ref *r, u32 prefix, unsigned int len)
{
	struct ref_slot *s = ref_find(r, prefix, len);

	if (!s)
		return false;
	s->dead = true;
	r->live--;
	return true;
}

static bool ref_lookup(struct ref *r, u32 addr, struct route_result *res)
{
	int len;

	for (len = 32; len >= 0; len--) {
		struct ref_slot *s = ref_find(r, addr & synclab_route_mask(len), len);

		if (s) {
			res->nexthop = s->nexthop;
			res->len = len;
			res->prefix = addr & synclab_route_mask(len);
			return true;
		}
	}
	return false;
}

static int route_cmp(const void *a, const void *b)
{
	const struct synclab_route *x = a, *y = b;

	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	return (int)x->len - (int)y->len;
}

/* The reference's routes, sorted like route_dump() sorts them. */
static struct synclab_route *ref_sorted(struct ref *r)
{
	struct synclab_route *out = calloc(r->live + 1, sizeof(*out));
	size_t i, n = 0;

	for (i = 0; i < r->cap; i++) {
		if (!r->slot[i].key || r->slot[i].dead)
			continue;
		out[n].prefix = (r->slot[i].key - 1) >> 8;
		out[n].len = (r->slot[i].key - 1) & 0xff;
		out[n].nexthop = r->slot[i].nexthop;
		n++;
	}
	qsort(out, n, sizeof(*out), route_cmp);
	return out;
}

/* ---- random prefixes that crowd a few nodes --------------------------- */

/*
 * Addresses come from a few /16 "regions" so that nodes fill up, children
 * appear and vanish, and short prefixes overlap long ones; lengths cover
 * 0..32 with most weight on 16..32.
 */
struct gen {
	struct synclab_prng rng;
	u32 region[6];
};

static void gen_init(struct gen *g, u64 seed)
{
	unsigned int i;

	synclab_prng_seed(&g->rng, seed, 0);
	for (i = 0; i < ARRAY_SIZE(g->region); i++)
		g->region[i] = (u32)synclab_prng_next(&g->rng) & 0xffff0000;
	g->region[1] = g->region[0] + 0x10000;	/* neighbouring /16s */
}

static u32 gen_addr(struct gen *g)
{
	u32 r = g->region[synclab_prng_below(&g->rng, ARRAY_SIZE(g->region))];
	u32 low = (u32)synclab_prng_next(&g->rng);

	/* crowd the low bits too: one /24 in four is from a small set */
	if (synclab_prng_below(&g->rng, 4) == 0)
		low = (low & 0x3ff) | (synclab_prng_below(&g->rng, 4) << 8);
	return r | (low & 0xffff);
}

static unsigned int gen_len(struct gen *g)
{
	unsigned int x = synclab_prng_below(&g->rng, 100);

	if (x < 4)
		return synclab_prng_below(&g->rng, 16);		/* 0..15 */
	if (x < 10)
		return 16;
	if (x < 60)
		return 17 + synclab_prng_below(&g->rng, 8);	/* 17..24 */
	return 25 + synclab_prng_below(&g->rng, 8);		/* 25..32 */
}

/*
 * Next hops: mostly small, as real ones are; one in four wider than a
 * slot holds inline (2^24 and up: the trie keeps those behind an id).
 */
static u32 gen_nexthop(struct gen *g)
{
	if (synclab_prng_below(&g->rng, 4) == 0)
		return (u32)synclab_prng_next(&g->rng) | 0x01000000;
	return synclab_prng_below(&g->rng, 1000) + 1;
}

/* ---- fixtures: one table per protection mode --------------------------- */

FIXTURE(route) {
	struct route_table *t;
};

FIXTURE_VARIANT(route) {
	u32 mode;
};

FIXTURE_VARIANT_ADD(route, rcu) { .mode = SYNCLAB_ROUTE_RCU };
FIXTURE_VARIANT_ADD(route, rwlock) { .mode = SYNCLAB_ROUTE_RWLOCK };
FIXTURE_VARIANT_ADD(route, spinlock) { .mode = SYNCLAB_ROUTE_SPINLOCK };
FIXTURE_VARIANT_ADD(route, mutex) { .mode = SYNCLAB_ROUTE_MUTEX };

FIXTURE_SETUP(route)
{
	rcu_register_thread();
	ASSERT_EQ(0, route_init());
	self->t = route_table_create(variant->mode);
	ASSERT_NE(NULL, self->t);
}

FIXTURE_TEARDOWN(route)
{
	route_table_destroy(self->t);
	route_exit();
	rcu_unregister_thread();
}

/* Compare the table's full dump with the reference; 0 when equal. */
static int dump_matches(struct route_table *t, struct ref *r)
{
	struct synclab_route *want = ref_sorted(r), *got;
	u32 n = route_dump(t, NULL, 0);
	int bad = 0;
	u32 i;

	if (n != r->live) {
		fprintf(stderr, "# dump has %u routes, reference %zu\n", n,
			r->live);
		free(want);
		return 1;
	}
	got = calloc(n + 1, sizeof(*got));
	if (route_dump(t, got, n) != n)
		bad = 1;
	for (i = 0; i < n && !bad; i++) {
		if (got[i].prefix != want[i].prefix ||
		    got[i].len != want[i].len ||
		    got[i].nexthop != want[i].nexthop) {
			fprintf(stderr, "# dump[%u]: %08x/%u %u, want %08x/%u %u\n",
				i, got[i].prefix, got[i].len, got[i].nexthop,
				want[i].prefix, want[i].len, want[i].nexthop);
			bad = 1;
		}
	}
	free(got);
	free(want);
	return bad;
}

/* Lookups of the table and the reference agree; returns mismatches. */
static int lookup_matches(struct route_table *t, struct ref *r, u32 addr)
{
	struct route_result a = {}, b = {};
	bool ha = route_lookup(t, addr, &a), hb = ref_lookup(r, addr, &b);
	u32 nh = 0xdeadbeef;
	bool hn = route_lookup_nh(t, addr, &nh);

	if (ha != hb || (ha && (a.nexthop != b.nexthop || a.len != b.len ||
				a.prefix != b.prefix))) {
		fprintf(stderr, "# lookup %08x: table %d %08x/%u %u, reference %d %08x/%u %u\n",
			addr, ha, a.prefix, a.len, a.nexthop, hb, b.prefix,
			b.len, b.nexthop);
		return 1;
	}
	/* The next hop alone: the same answer; a miss leaves *nh alone. */
	if (hn != hb || nh != (hb ? b.nexthop : 0xdeadbeef)) {
		fprintf(stderr, "# lookup_nh %08x: table %d %u, reference %d %u\n",
			addr, hn, nh, hb, b.nexthop);
		return 1;
	}
	return 0;
}

/*
 * Random add/replace/delete/lookup against the reference. Each mutation's
 * outcome (replaced, ENOENT) must agree; the dump must equal the reference
 * at checkpoints; every lookup must agree.
 */
static void random_ops(struct __test_metadata *_metadata,
		       struct route_table *t, long ops, u64 seed)
{
	struct route_counters c;
	struct gen g;
	struct ref r;
	long i, bad = 0;

	ref_init(&r, 1024);
	gen_init(&g, seed);
	for (i = 0; i < ops && bad < 5; i++) {
		unsigned int x = synclab_prng_below(&g.rng, 100);
		unsigned int len = gen_len(&g);
		u32 prefix = gen_addr(&g) & synclab_route_mask(len);
		u32 nh = gen_nexthop(&g);
		bool replaced;

		if (x < 40) {
			ASSERT_EQ(0, route_add(t, prefix, len, nh, &replaced));
			bad += replaced != ref_add(&r, prefix, len, nh);
		} else if (x < 60) {
			int ret = route_del(t, prefix, len);

			bad += (ret == 0) != ref_del(&r, prefix, len);
			bad += ret != 0 && ret != -ENOENT;
		} else {
			bad += lookup_matches(t, &r, gen_addr(&g));
		}
		if (i % 100000 == 99999)
			bad += dump_matches(t, &r);
		if (i % 1024 == 0)
			shim_rcu_quiescent();
	}
	EXPECT_EQ(0, bad);
	EXPECT_EQ(0, dump_matches(t, &r));
	route_counters(t, &c);
	EXPECT_EQ(r.live, c.prefixes);
	free(r.slot);
}

/* 1.2M random operations in rcu mode; each lock mode gets 200k. */
TEST_F_TIMEOUT(route, random_ops_match_reference, 300)
{
	random_ops(_metadata, self->t,
		   variant->mode == SYNCLAB_ROUTE_RCU ? 1200000 : 200000,
		   0x5eed + variant->mode);
}

/* Every address of two crowded /16s, exhaustively, after random adds. */
TEST_F_TIMEOUT(route, exhaustive_regions, 120)
{
	struct gen g;
	struct ref r;
	u32 base, a;
	int i, bad = 0;
	bool replaced;

	ref_init(&r, 1024);
	gen_init(&g, 77);
	ASSERT_EQ(0, route_add(self->t, 0, 0, 1, &replaced));
	ref_add(&r, 0, 0, 1);
	for (i = 0; i < 3000; i++) {
		unsigned int len = gen_len(&g);
		u32 prefix = gen_addr(&g) & synclab_route_mask(len);

		u32 nh = i % 3 ? (u32)i + 2 : 0xf0000000 + i;	/* some wide */

		ASSERT_EQ(0, route_add(self->t, prefix, len, nh, &replaced));
		ref_add(&r, prefix, len, nh);
	}
	for (base = g.region[0]; base <= g.region[1] && bad < 5; base += 0x10000)
		for (a = 0; a < 0x10000 && bad < 5; a++)
			bad += lookup_matches(self->t, &r, base | a);
	EXPECT_EQ(0, bad);
	free(r.slot);
}

/* A bulk load gives the same table as the same routes added one by one. */
TEST_F(route, bulk_load_equals_incremental)
{
	struct route_table *inc = route_table_create(variant->mode);
	struct synclab_route *routes, *d1, *d2;
	u32 n = 20000, i, k1, k2;
	struct gen g;
	bool replaced;
	int bad = 0;

	ASSERT_NE(NULL, inc);
	routes = calloc(n, sizeof(*routes));
	gen_init(&g, 99);
	for (i = 0; i < n; i++) {
		/* every tenth route repeats an earlier prefix: later wins */
		u32 j = i % 10 == 9 ? synclab_prng_below(&g.rng, i) : i;

		routes[i].len = j == i ? gen_len(&g) : routes[j].len;
		routes[i].prefix = j == i ? gen_addr(&g) & synclab_route_mask(routes[i].len)
					  : routes[j].prefix;
		routes[i].nexthop = i % 5 ? i + 1 : 0x80000000 | i;
		ASSERT_EQ(0, route_add(inc, routes[i].prefix, routes[i].len,
				       routes[i].nexthop, &replaced));
	}
	ASSERT_EQ(0, route_load(self->t, routes, n));
	k1 = route_dump(self->t, NULL, 0);
	k2 = route_dump(inc, NULL, 0);
	ASSERT_EQ(k1, k2);
	d1 = calloc(k1, sizeof(*d1));
	d2 = calloc(k2, sizeof(*d2));
	route_dump(self->t, d1, k1);
	route_dump(inc, d2, k2);
	EXPECT_EQ(0, memcmp(d1, d2, k1 * sizeof(*d1)));
	for (i = 0; i < 200000 && bad < 5; i++) {
		u32 a = gen_addr(&g);
		struct route_result x = {}, y = {};
		bool hx = route_lookup(self->t, a, &x), hy = route_lookup(inc, a, &y);

		bad += hx != hy || x.nexthop != y.nexthop || x.len != y.len;
	}
	EXPECT_EQ(0, bad);
	free(d1);
	free(d2);
	free(routes);
	route_table_destroy(inc);
}

/*
 * A load full of copies: five prefixes (/0, /8, /16, /24, /32), each 4000
 * times with a new next hop, interleaved. The table holds the five, each
 * with its last copy's next hop (route_load() inserts only that copy: all
 * of them would rewrite a /0's 65536 direct words 4000 times).
 */
TEST_F(route, load_of_copies_keeps_the_last)
{
	static const struct synclab_route five[] = {
		{ .prefix = 0, .len = 0 },
		{ .prefix = 0x0a000000, .len = 8 },
		{ .prefix = 0x0a0b0000, .len = 16 },
		{ .prefix = 0x0a0b0c00, .len = 24 },
		{ .prefix = 0x0a0b0c0d, .len = 32 },
	};
	static const u32 probe[] = { 0x0b000000, 0x0a010000, 0x0a0b0100,
				     0x0a0b0c01, 0x0a0b0c0d };
	const u32 copies = 4000, n = copies * ARRAY_SIZE(five);
	struct synclab_route *routes = calloc(n, sizeof(*routes)), d[6];
	struct route_result res;
	u32 i, k;

	ASSERT_NE(NULL, routes);
	for (i = 0; i < n; i++) {
		routes[i] = five[i % ARRAY_SIZE(five)];
		routes[i].nexthop = i + 1;
	}
	ASSERT_EQ(0, route_load(self->t, routes, n));
	ASSERT_EQ(ARRAY_SIZE(five), route_dump(self->t, d, ARRAY_SIZE(d)));
	for (k = 0; k < ARRAY_SIZE(five); k++) {
		u32 last = n - ARRAY_SIZE(five) + k + 1;

		EXPECT_EQ(five[k].prefix, d[k].prefix);
		EXPECT_EQ(five[k].len, d[k].len);
		EXPECT_EQ(last, d[k].nexthop);
		ASSERT_TRUE(route_lookup(self->t, probe[k], &res));
		EXPECT_EQ(five[k].len, res.len);
		EXPECT_EQ(last, res.nexthop);
	}
	free(routes);
}

/*
 * Bulk lookups, with whole results and with next hops alone, give what the
 * reference gives, for counts below, at and past a group of RT_BULK (32)
 * overlapped lookups; a miss writes the caller's miss value.
 */
TEST_F(route, bulk_lookup_matches_reference)
{
	static const unsigned int counts[] = { 1, 7, 31, 32, 33, 64, 100 };
	struct route_result res[100], one;
	unsigned int i, k, n, hits, nh_hits, want;
	const u32 miss = 0;	/* gen_nexthop() never draws 0 */
	u32 nh[100];
	u32 addrs[100];
	struct gen g;
	struct ref r;
	bool replaced;
	int bad = 0;

	ref_init(&r, 1024);
	gen_init(&g, 31);
	for (i = 0; i < 5000; i++) {
		unsigned int len = gen_len(&g);
		u32 prefix = gen_addr(&g) & synclab_route_mask(len);
		u32 nh = gen_nexthop(&g);

		ASSERT_EQ(0, route_add(self->t, prefix, len, nh, &replaced));
		ref_add(&r, prefix, len, nh);
	}
	for (i = 0; i < 2000 && !bad; i++) {
		n = counts[i % ARRAY_SIZE(counts)];
		for (k = 0; k < n; k++)
			addrs[k] = gen_addr(&g) ^ (k == 7 ? 0x80000000 : 0);
		hits = route_lookup_bulk(self->t, addrs, n, res);
		nh_hits = route_lookup_bulk_nh(self->t, addrs, n, nh, miss);
		for (want = 0, k = 0; k < n; k++) {
			bool hit = ref_lookup(&r, addrs[k], &one);

			want += hit;
			bad += res[k].found != hit ||
			       (hit && (res[k].nexthop != one.nexthop ||
					res[k].len != one.len ||
					res[k].prefix != one.prefix));
			bad += nh[k] != (hit ? one.nexthop : miss);
		}
		bad += hits != want || nh_hits != want;
		shim_rcu_quiescent();
	}
	EXPECT_EQ(0, bad);
	free(r.slot);
}

/* Bad prefixes fail with EINVAL, missing ones with ENOENT; nothing changes. */
TEST_F(route, errors_change_nothing)
{
	struct synclab_route good[2] = {
		{ .prefix = 0x0a000000, .len = 8, .nexthop = 1 },
		{ .prefix = 0x0a010000, .len = 16, .nexthop = 2 },
	};
	struct synclab_route bad[3] = {
		{ .prefix = 0xc0a80000, .len = 16, .nexthop = 3 },
		{ .prefix = 0xc0a80100, .len = 16, .nexthop = 4 }, /* host bits */
		{ .prefix = 0x01000000, .len = 24, .nexthop = 5 },
	};
	struct route_result res;
	bool replaced;

	EXPECT_EQ(-EINVAL, route_add(self->t, 0x0a000001, 8, 1, &replaced));
	EXPECT_EQ(-EINVAL, route_add(self->t, 0x0a000000, 33, 1, &replaced));
	EXPECT_EQ(-EINVAL, route_del(self->t, 0x0a800000, 1));
	EXPECT_EQ(-ENOENT, route_del(self->t, 0x0a000000, 8));
	ASSERT_EQ(0, route_load(self->t, good, 2));
	EXPECT_EQ(-ENOENT, route_del(self->t, 0x0a010000, 17));
	EXPECT_EQ(-ENOENT, route_del(self->t, 0x0a000000, 9));
	EXPECT_EQ(-EINVAL, route_load(self->t, bad, 3));
	EXPECT_EQ(2, route_dump(self->t, NULL, 0));
	ASSERT_TRUE(route_lookup(self->t, 0x0a010203, &res));
	EXPECT_EQ(2, res.nexthop);
	EXPECT_EQ(16, res.len);
	EXPECT_EQ(0x0a010000, res.prefix);
	EXPECT_FALSE(route_lookup(self->t, 0x0b000000, &res));
}

/*
 * Memory accounting is exact: after deleting every route, no node is left
 * and the table is back to its empty size; in rcu mode every retired node
 * went through call_rcu() and every callback has run after rcu_barrier().
 */
TEST_F(route, accounting_returns_to_empty)
{
	struct route_counters empty, full, after;
	struct synclab_route *routes;
	u32 n = 5000, i;
	struct gen g;
	bool replaced;

	route_counters(self->t, &empty);
	EXPECT_EQ(0, empty.nodes);
	routes = calloc(n, sizeof(*routes));
	gen_init(&g, 5);
	for (i = 0; i < n; i++) {
		routes[i].len = gen_len(&g);
		routes[i].prefix = gen_addr(&g) & synclab_route_mask(routes[i].len);
		ASSERT_EQ(0, route_add(self->t, routes[i].prefix, routes[i].len,
				       i % 3 ? i : 0x40000000 + i, &replaced));
	}
	route_counters(self->t, &full);
	EXPECT_LT(0, full.nodes);
	EXPECT_LT(empty.bytes, full.bytes);
	for (i = 0; i < n; i++) {
		int ret = route_del(self->t, routes[i].prefix, routes[i].len);

		EXPECT_TRUE(ret == 0 || ret == -ENOENT);	/* duplicates */
	}
	rcu_barrier();
	route_counters(self->t, &after);
	EXPECT_EQ(0, after.prefixes);
	EXPECT_EQ(0, after.nodes);
	EXPECT_EQ(empty.bytes, after.bytes);
	EXPECT_EQ(0, after.rcu_pending);
	if (variant->mode == SYNCLAB_ROUTE_RCU) {
		EXPECT_LT(0, after.rcu_completed);
	} else {
		EXPECT_EQ(0, after.rcu_completed);
	}
	free(routes);
}

/*
 * Ids are reused: a level-2 node and a wide next hop, each behind an id,
 * created and deleted 100k times leave the table no bigger than a few
 * chunks of ids beyond its empty size (200k ids never reused would take
 * megabytes); in rcu mode once grace periods have passed.
 */
TEST_F(route, ids_are_reused)
{
	struct route_counters empty, after;
	bool replaced;
	int i;

	route_counters(self->t, &empty);
	for (i = 0; i < 100000; i++) {
		ASSERT_EQ(0, route_add(self->t, 0x0a000080, 25, 0x80000000 + i,
				       &replaced));
		ASSERT_EQ(0, route_del(self->t, 0x0a000080, 25));
		if (i % 1000 == 999) {
			shim_rcu_quiescent();
			rcu_barrier();
		}
	}
	route_counters(self->t, &after);
	EXPECT_EQ(0, after.nodes);
	EXPECT_GT(empty.bytes + (1 << 20), after.bytes);
	if (variant->mode != SYNCLAB_ROUTE_RCU) {
		EXPECT_EQ(empty.bytes, after.bytes);
	}
}

struct holder {
	int state;	/* atomic: 1 once in its read-side section, 2 to leave */
};

/* A reader that stays in one read-side section until told to leave. */
static void *section_holder(void *arg)
{
	struct holder *h = arg;

	rcu_register_thread();
	rcu_read_lock();
	__atomic_store_n(&h->state, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&h->state, __ATOMIC_ACQUIRE) != 2)
		usleep(1000);
	rcu_read_unlock();
	rcu_unregister_thread();
	return NULL;
}

/*
 * While a reader sits in a read-side section (qsbr: online, announcing
 * nothing), no grace period ends, so in rcu mode no freed id may be
 * reused: 10k ids freed and asked for again run past the first chunk. In
 * the lock modes the write side excludes readers, so ids are reused at
 * once and the table does not grow.
 */
TEST_F(route, ids_wait_for_readers)
{
	struct route_counters before, during;
	struct holder h = {};
	pthread_t th;
	bool replaced;
	int i;

	ASSERT_EQ(0, pthread_create(&th, NULL, section_holder, &h));
	while (!__atomic_load_n(&h.state, __ATOMIC_ACQUIRE))
		usleep(1000);
	route_counters(self->t, &before);
	for (i = 0; i < 5000; i++) {
		ASSERT_EQ(0, route_add(self->t, 0x0a000080, 25, 0x80000000 + i,
				       &replaced));
		ASSERT_EQ(0, route_del(self->t, 0x0a000080, 25));
	}
	route_counters(self->t, &during);
	__atomic_store_n(&h.state, 2, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	if (variant->mode == SYNCLAB_ROUTE_RCU) {
		EXPECT_LT(before.bytes, during.bytes);
	} else {
		EXPECT_EQ(before.bytes, during.bytes);
	}
}

/* The dump is sorted by prefix, then length. */
TEST_F(route, dump_sorted)
{
	struct synclab_route *d;
	struct gen g;
	u32 i, n;
	bool replaced;

	gen_init(&g, 11);
	for (i = 0; i < 4000; i++) {
		unsigned int len = gen_len(&g);

		ASSERT_EQ(0, route_add(self->t, gen_addr(&g) & synclab_route_mask(len), len,
				       i, &replaced));
	}
	n = route_dump(self->t, NULL, 0);
	d = calloc(n, sizeof(*d));
	ASSERT_EQ(n, route_dump(self->t, d, n));
	for (i = 1; i < n; i++)
		ASSERT_GT(0, route_cmp(&d[i - 1], &d[i])) TH_LOG("at %u", i);
	free(d);
}

/* ---- concurrency: readers must only ever see legal answers ------------- */

#define FLIPS		16
#define READERS		3
/* The other next hop of a flip: too wide for a slot, held behind an id. */
#define FLIP_WIDE	0x7f000000U

struct flip {
	struct route_table *t;
	u32 base;		/* a /16 */
	int stop;		/* atomic */
	int ready;		/* atomic: readers that have started */
	long bad;		/* atomic */
	long reads;		/* atomic, published every 1024 lookups */
};

/*
 * Prefix k is base + k.0/24 with next hop 100 + k or FLIP_WIDE + k; reader
 * addresses base + k.5 are covered by nothing longer, ever, so the only
 * legal answers are those two, with that prefix. A /12 around base gives
 * the fallback the readers must never see.
 */
static void *flip_reader(void *arg)
{
	struct flip *f = arg;
	struct synclab_prng rng;
	long reads = 0, bad = 0;

	rcu_register_thread();
	synclab_prng_seed(&rng, 1, (u64)pthread_self());
	__atomic_add_fetch(&f->ready, 1, __ATOMIC_RELAXED);
	while (!__atomic_load_n(&f->stop, __ATOMIC_RELAXED)) {
		unsigned int k = synclab_prng_below(&rng, FLIPS);
		u32 addr = f->base | k << 8 | 5;
		struct route_result res;

		if (!route_lookup(f->t, addr, &res) ||
		    res.len != 24 || res.prefix != (addr & 0xffffff00) ||
		    (res.nexthop != 100 + k && res.nexthop != FLIP_WIDE + k))
			bad++;
		if (++reads % 64 == 0)
			shim_rcu_quiescent();
		if (reads % 1024 == 0)
			__atomic_add_fetch(&f->reads, 1024, __ATOMIC_RELAXED);
	}
	__atomic_add_fetch(&f->bad, bad, __ATOMIC_RELAXED);
	__atomic_add_fetch(&f->reads, reads % 1024, __ATOMIC_RELAXED);
	rcu_unregister_thread();
	return NULL;
}

/*
 * Readers look up addresses whose next hop a writer keeps flipping, while
 * the writer also churns the same nodes: neighbouring /24s come and go
 * (level-1 nodes are rebuilt), /25s under the flipped /24s come and go
 * (level-2 nodes appear and vanish, and readers fall back through dflt),
 * and whole tables are bulk-loaded; next hops flip between one a slot
 * holds and one behind an id, so ids are freed and reused under the
 * readers. Every answer must be a legal one; ASan
 * and the poison checks catch a reader on a freed node. Updates start once
 * every reader runs, and go on (4000 at least) until the readers have
 * done 100k lookups among them, whatever the scheduler favours.
 */
TEST_F_TIMEOUT(route, readers_see_only_legal_answers, 120)
{
	struct synclab_route load[FLIPS + 1];
	pthread_t rd[READERS];
	struct flip f = { .t = self->t, .base = 0x0a140000 };
	bool replaced;
	int i, k, it;

	ASSERT_EQ(0, route_add(f.t, 0x0a100000, 12, 1, &replaced));
	for (k = 0; k < FLIPS; k++)
		ASSERT_EQ(0, route_add(f.t, f.base | k << 8, 24, 100 + k,
				       &replaced));
	for (i = 0; i < READERS; i++)
		ASSERT_EQ(0, pthread_create(&rd[i], NULL, flip_reader, &f));
	while (__atomic_load_n(&f.ready, __ATOMIC_RELAXED) < READERS)
		usleep(1000);
	for (it = 0; it < 4000 ||
	     __atomic_load_n(&f.reads, __ATOMIC_RELAXED) < 100000; it++) {
		k = it % FLIPS;
		shim_rcu_quiescent();
		ASSERT_EQ(0, route_add(f.t, f.base | k << 8, 24,
				       (it / FLIPS) % 2 ? 100U + k : FLIP_WIDE + k,
				       &replaced));
		ASSERT_TRUE(replaced);
		/* churn: a neighbouring /24 and a /25 under a flipped one */
		if (it % 2 == 0) {
			route_add(f.t, f.base | (128 + k) << 8, 24, 7, &replaced);
			route_add(f.t, f.base | k << 8 | 128, 25, 0x90000000 + it,
				  &replaced);
		} else {
			route_del(f.t, f.base | (128 + k) << 8, 24);
			route_del(f.t, f.base | k << 8 | 128, 25);
		}
		if (it % 500 == 499) {
			load[0] = (struct synclab_route){ .prefix = 0x0a100000,
							  .len = 12, .nexthop = 1 };
			for (i = 0; i < FLIPS; i++)
				load[i + 1] = (struct synclab_route){
					.prefix = f.base | i << 8, .len = 24,
					.nexthop = 100 + i };
			ASSERT_EQ(0, route_load(f.t, load, FLIPS + 1));
		}
	}
	__atomic_store_n(&f.stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < READERS; i++)
		pthread_join(rd[i], NULL);
	EXPECT_EQ(0, f.bad);
	EXPECT_LE(100000, f.reads);
	TH_LOG("%ld lookups during %d updates", f.reads, it);
}

/*
 * A child that poisons the node under 10.1.1.1 and looks the address up,
 * with route_lookup() or, with @nh, route_lookup_nh() (for the rcu mode
 * a walk of its own: route_inline.h). Its stderr goes to @msg. The child
 * is a copy of this registered reader thread; it registers nothing again.
 * Return: its wait status, or -1 when it could not run.
 */
static int poisoned_lookup(struct route_table *t, bool nh, char *msg,
			   size_t size)
{
	struct route_result res;
	int status, fds[2];
	ssize_t n;
	pid_t pid;
	u32 hop;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(fds[1], STDERR_FILENO);
		if (!route_debug_poison(t, 0x0a010101))
			_exit(3);
		if (nh)
			route_lookup_nh(t, 0x0a010101, &hop);
		else
			route_lookup(t, 0x0a010101, &res);
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], msg, size - 1);
	close(fds[0]);
	msg[n > 0 ? n : 0] = 0;
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/*
 * A reader that reaches a poisoned (retired) node aborts, and says so: the
 * child's stderr must hold the reader's WARN, so that an abort from
 * anywhere else (liburcu's own assertions) cannot pass for it. Both
 * lookups: the full answer and the next hop alone.
 */
TEST_F(route, reader_asserts_on_poison)
{
	struct route_result res;
	char msg[512];
	bool replaced;
	int nh, status;

	ASSERT_EQ(0, route_add(self->t, 0x0a010100, 24, 3, &replaced));
	ASSERT_TRUE(route_lookup(self->t, 0x0a010101, &res));
	for (nh = 0; nh < 2; nh++) {
		status = poisoned_lookup(self->t, nh, msg, sizeof(msg));
		ASSERT_NE(-1, status);
		EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT)
			TH_LOG("%s: status %#x", nh ? "route_lookup_nh" : "route_lookup", status);
		EXPECT_NE(NULL, strstr(msg, "WARN_ON(")) TH_LOG("child said: %s", msg);
		/* the check is the lookup's, in route_inline.h */
		EXPECT_NE(NULL, strstr(msg, "kmod/route_inline.h"))
			TH_LOG("child said: %s", msg);
	}
}

TEST_HARNESS_MAIN
