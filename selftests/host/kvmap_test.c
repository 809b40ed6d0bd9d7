// SPDX-License-Identifier: GPL-2.0
/*
 * kvmap_test: the hash map of kmod/kvmap.c, built over user/shim, in every
 * mode, under ASan+UBSan (and TSan for the lock modes: liburcu's memb read
 * side orders through membarrier(), which TSan cannot see, so the rcu
 * variants skip there).
 *
 *  - reference: 1M random gets, puts and deletes, one thread, against a
 *    plain array; chains kept long (few buckets) so every position in a
 *    chain is inserted at, found and unlinked; the walk's counts checked
 *    against the reference every 64k operations.
 *  - config: every bad mode, bucket and stripe count refused with EINVAL
 *    and no map; the edges accepted.
 *  - edges: keys 0 and U64_MAX, put over put, delete of an absent key.
 *  - concurrent: writers, each owning the keys k mod W == w, put values
 *    that encode the key and delete, beside readers that check every value
 *    they get was put for that key (and by no later write than the
 *    writer has made); at the end the map equals the writers' references.
 */
#include <pthread.h>

#include "kselftest_harness.h"
#include "kvmap.h"
#include "prng.h"

#if defined(__SANITIZE_THREAD__)
#define UNDER_TSAN	1
#else
#define UNDER_TSAN	0
#endif
/* The 6.1 harness runs a test's body after a SKIP in its setup: each
 * body of the fixture starts with this. */
#define SKIP_RCU_UNDER_TSAN() do { \
	if (UNDER_TSAN && variant->mode == SYNCLAB_KVMAP_RCU) \
		SKIP(return, "TSan cannot see liburcu's read-side ordering"); \
} while (0)

/* Reference-test keys spread over the whole u64 range, key_of(0) == 0. */
static u64 key_of(u32 i)
{
	return (u64)i << 33 | i;
}

FIXTURE(kvmap) {
	struct kvmap *m;
};

FIXTURE_VARIANT(kvmap) {
	u32 mode;
	u32 stripes;
};

FIXTURE_VARIANT_ADD(kvmap, global) { .mode = SYNCLAB_KVMAP_GLOBAL };
FIXTURE_VARIANT_ADD(kvmap, striped) {
	.mode = SYNCLAB_KVMAP_STRIPED, .stripes = 4,
};
FIXTURE_VARIANT_ADD(kvmap, bucket) { .mode = SYNCLAB_KVMAP_BUCKET };
FIXTURE_VARIANT_ADD(kvmap, rcu) { .mode = SYNCLAB_KVMAP_RCU };

#define REF_BUCKETS	64
#define REF_KEYS	2048
#define REF_OPS		(1u << 20)

FIXTURE_SETUP(kvmap)
{
	if (UNDER_TSAN && variant->mode == SYNCLAB_KVMAP_RCU)
		return;
	rcu_register_thread();
	ASSERT_EQ(0, kvmap_create(&self->m, variant->mode, REF_BUCKETS,
				  variant->stripes));
	ASSERT_NE(NULL, self->m);
}

FIXTURE_TEARDOWN(kvmap)
{
	if (UNDER_TSAN && variant->mode == SYNCLAB_KVMAP_RCU)
		return;
	kvmap_destroy(self->m);
	rcu_barrier();
	rcu_unregister_thread();
}

struct ref {
	u64 value[REF_KEYS];
	bool present[REF_KEYS];
	u64 live;
};

/* The map's walk agrees with the reference's count; 0 when it does. */
static int stats_match(struct kvmap *m, const struct ref *r)
{
	struct kvmap_stats st;

	kvmap_stats(m, &st);
	if (st.entries != r->live || st.used_buckets > REF_BUCKETS ||
	    st.longest_chain > st.entries ||
	    st.longest_chain * REF_BUCKETS < st.entries) {
		fprintf(stderr, "# stats: %llu entries, %llu used, longest %llu; reference %llu\n",
			(unsigned long long)st.entries,
			(unsigned long long)st.used_buckets,
			(unsigned long long)st.longest_chain,
			(unsigned long long)r->live);
		return 1;
	}
	return 0;
}

/* One random operation on the map and the reference; 0 when they agree. */
static int ref_step(struct kvmap *m, struct ref *r, struct synclab_prng *rng)
{
	u32 i = synclab_prng_below(rng, REF_KEYS);
	u32 op = synclab_prng_below(rng, 10);
	u64 key = key_of(i), v = 0xdeadbeef;
	bool found, replaced;

	if (op < 4) {
		found = kvmap_get(m, key, &v);
		if (found != r->present[i] || (found && v != r->value[i]))
			return 1;
		if (!found && v != 0xdeadbeef)
			return 1;	/* a miss leaves *value alone */
	} else if (op < 7) {
		v = synclab_prng_next(rng);
		if (kvmap_put(m, key, v, &replaced) || replaced != r->present[i])
			return 1;
		r->live += !r->present[i];
		r->present[i] = true;
		r->value[i] = v;
	} else {
		if (kvmap_delete(m, key) != (r->present[i] ? 0 : -ENOENT))
			return 1;
		r->live -= r->present[i];
		r->present[i] = false;
	}
	return 0;
}

/* 1M random operations agree with a plain array, counts checked as we go. */
TEST_F(kvmap, reference)
{
	struct synclab_prng rng;
	struct ref *r;
	u32 n, i;
	u64 v;

	SKIP_RCU_UNDER_TSAN();
	r = calloc(1, sizeof(*r));

	ASSERT_NE(NULL, r);
	synclab_prng_seed(&rng, 16, variant->mode);
	for (n = 0; n < REF_OPS; n++) {
		ASSERT_EQ(0, ref_step(self->m, r, &rng))
			TH_LOG("operation %u disagrees with the reference", n);
		if (!(n & 0xffff))
			ASSERT_EQ(0, stats_match(self->m, r));
	}
	ASSERT_EQ(0, stats_match(self->m, r));
	/* Everything, present or not, read back once more. */
	for (i = 0; i < REF_KEYS; i++) {
		v = 0;
		ASSERT_EQ(r->present[i], kvmap_get(self->m, key_of(i), &v));
		if (r->present[i])
			ASSERT_EQ(r->value[i], v);
	}
	/* The map empties back to zero through deletes alone. */
	for (i = 0; i < REF_KEYS; i++)
		ASSERT_EQ(r->present[i] ? 0 : -ENOENT,
			  kvmap_delete(self->m, key_of(i)));
	r->live = 0;
	ASSERT_EQ(0, stats_match(self->m, r));
	free(r);
}

/* Keys 0 and U64_MAX are ordinary keys; a second put replaces. */
TEST_F(kvmap, edges)
{
	bool replaced = true;
	u64 v = 1;

	SKIP_RCU_UNDER_TSAN();

	ASSERT_FALSE(kvmap_get(self->m, 0, &v));
	ASSERT_EQ(1, v);
	ASSERT_EQ(-ENOENT, kvmap_delete(self->m, U64_MAX));
	ASSERT_EQ(0, kvmap_put(self->m, 0, U64_MAX, &replaced));
	ASSERT_FALSE(replaced);
	ASSERT_EQ(0, kvmap_put(self->m, U64_MAX, 0, &replaced));
	ASSERT_FALSE(replaced);
	ASSERT_EQ(0, kvmap_put(self->m, U64_MAX, 7, &replaced));
	ASSERT_TRUE(replaced);
	ASSERT_TRUE(kvmap_get(self->m, 0, &v));
	ASSERT_EQ(U64_MAX, v);
	ASSERT_TRUE(kvmap_get(self->m, U64_MAX, &v));
	ASSERT_EQ(7, v);
	ASSERT_EQ(0, kvmap_delete(self->m, 0));
	ASSERT_EQ(-ENOENT, kvmap_delete(self->m, 0));
	ASSERT_FALSE(kvmap_get(self->m, 0, &v));
	ASSERT_EQ(variant->mode, kvmap_mode(self->m));
	ASSERT_EQ(REF_BUCKETS, kvmap_buckets(self->m));
	ASSERT_EQ(variant->mode == SYNCLAB_KVMAP_GLOBAL ? 1 :
		  variant->stripes ?: REF_BUCKETS, kvmap_locks(self->m));
}

/* Bad configurations fail with EINVAL and leave no map; edges work. */
TEST(config)
{
	static const struct { u32 mode, buckets, stripes; } bad[] = {
		{ SYNCLAB_KVMAP_NMODES, 64, 0 },
		{ U32_MAX, 64, 0 },
		{ SYNCLAB_KVMAP_BUCKET, 0, 0 },
		{ SYNCLAB_KVMAP_BUCKET, 48, 0 },
		{ SYNCLAB_KVMAP_RCU, SYNCLAB_KVMAP_MAX_BUCKETS * 2, 0 },
		{ SYNCLAB_KVMAP_GLOBAL, 64, 1 },
		{ SYNCLAB_KVMAP_RCU, 64, 64 },
		{ SYNCLAB_KVMAP_STRIPED, 64, 0 },
		{ SYNCLAB_KVMAP_STRIPED, 64, 3 },
		{ SYNCLAB_KVMAP_STRIPED, 64, 128 },
		{ SYNCLAB_KVMAP_STRIPED, 1u << 16, SYNCLAB_KVMAP_MAX_STRIPES * 2 },
	};
	struct kvmap *m = (struct kvmap *)1;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ASSERT_EQ(-EINVAL, kvmap_create(&m, bad[i].mode, bad[i].buckets,
						bad[i].stripes))
			TH_LOG("case %u", i);
		ASSERT_EQ(NULL, m);
	}
	ASSERT_EQ(0, kvmap_create(&m, SYNCLAB_KVMAP_GLOBAL, 1, 0));
	kvmap_destroy(m);
	ASSERT_EQ(0, kvmap_create(&m, SYNCLAB_KVMAP_STRIPED, 64, 64));
	kvmap_destroy(m);
	ASSERT_EQ(0, kvmap_create(&m, SYNCLAB_KVMAP_STRIPED,
				  SYNCLAB_KVMAP_MAX_STRIPES,
				  SYNCLAB_KVMAP_MAX_STRIPES));
	kvmap_destroy(m);
	ASSERT_EQ(0, kvmap_create(&m, SYNCLAB_KVMAP_RCU,
				  SYNCLAB_KVMAP_MAX_BUCKETS, 0));
	kvmap_destroy(m);
	kvmap_destroy(NULL);
}

/* ---- readers beside writers ---------------------------------------- */

#define CC_KEYS		512
#define CC_WRITERS	2
#define CC_READERS	2
#define CC_WRITES	200000
#define CC_KEY_BITS	24

/* A value names its key and the writer's sequence number. */
static u64 cc_value(u64 key, u64 seq)
{
	return seq << CC_KEY_BITS | key;
}

struct cc {
	struct kvmap *m;
	pthread_barrier_t start;
	u64 seq[CC_WRITERS];		/* atomic: writes each writer began */
	int writers_done;		/* atomic */
	u64 value[CC_KEYS];		/* each writer's own keys only */
	bool present[CC_KEYS];
	u64 bad;			/* atomic: readers' bad values */
	u64 reads, hits;		/* atomic */
	int failed;			/* atomic: a writer's call failed */
};

struct cc_arg {
	struct cc *cc;
	unsigned int id;
};

static void *cc_writer(void *p)
{
	struct cc_arg *a = p;
	struct cc *cc = a->cc;
	struct synclab_prng rng;
	u64 key, seq;
	bool replaced;
	u32 n;

	rcu_register_thread();
	synclab_prng_seed(&rng, 99, a->id);
	pthread_barrier_wait(&cc->start);
	for (n = 0; n < CC_WRITES; n++) {
		key = synclab_prng_below(&rng, CC_KEYS / CC_WRITERS) *
		      CC_WRITERS + a->id;
		seq = __atomic_add_fetch(&cc->seq[a->id], 1, __ATOMIC_RELEASE);
		if (synclab_prng_below(&rng, 4)) {
			if (kvmap_put(cc->m, key, cc_value(key, seq), &replaced) ||
			    replaced != cc->present[key])
				__atomic_store_n(&cc->failed, 1, __ATOMIC_RELAXED);
			cc->present[key] = true;
			cc->value[key] = cc_value(key, seq);
		} else {
			if (kvmap_delete(cc->m, key) !=
			    (cc->present[key] ? 0 : -ENOENT))
				__atomic_store_n(&cc->failed, 1, __ATOMIC_RELAXED);
			cc->present[key] = false;
		}
	}
	__atomic_add_fetch(&cc->writers_done, 1, __ATOMIC_RELEASE);
	rcu_unregister_thread();
	return NULL;
}

static void *cc_reader(void *p)
{
	struct cc_arg *a = p;
	struct cc *cc = a->cc;
	u64 key, v, reads = 0, hits = 0, bad = 0;
	struct synclab_prng rng;

	rcu_register_thread();
	synclab_prng_seed(&rng, 7, a->id);
	pthread_barrier_wait(&cc->start);
	while (__atomic_load_n(&cc->writers_done, __ATOMIC_ACQUIRE) <
	       CC_WRITERS) {
		key = synclab_prng_below(&rng, CC_KEYS);
		reads++;
		if (!kvmap_get(cc->m, key, &v))
			continue;
		hits++;
		/* Put for this key, by its writer, no later than it got. */
		if ((v & ((1u << CC_KEY_BITS) - 1)) != key ||
		    (v >> CC_KEY_BITS) == 0 ||
		    (v >> CC_KEY_BITS) > __atomic_load_n(&cc->seq[key % CC_WRITERS],
							 __ATOMIC_ACQUIRE))
			bad++;
	}
	__atomic_add_fetch(&cc->reads, reads, __ATOMIC_RELAXED);
	__atomic_add_fetch(&cc->hits, hits, __ATOMIC_RELAXED);
	__atomic_add_fetch(&cc->bad, bad, __ATOMIC_RELAXED);
	rcu_unregister_thread();
	return NULL;
}

/* Readers see only values put for their key; the end state is exact. */
TEST_F(kvmap, concurrent)
{
	pthread_t tid[CC_WRITERS + CC_READERS];
	struct cc_arg args[CC_WRITERS + CC_READERS];
	struct kvmap_stats st;
	u64 live = 0, v;
	unsigned int i;
	struct cc *cc;

	SKIP_RCU_UNDER_TSAN();
	cc = calloc(1, sizeof(*cc));

	ASSERT_NE(NULL, cc);
	/* Few buckets: long chains, readers walking what writers unlink. */
	kvmap_destroy(self->m);
	ASSERT_EQ(0, kvmap_create(&self->m, variant->mode, 16,
				  variant->stripes));
	cc->m = self->m;
	pthread_barrier_init(&cc->start, NULL, CC_WRITERS + CC_READERS);
	for (i = 0; i < CC_WRITERS + CC_READERS; i++) {
		args[i].cc = cc;
		args[i].id = i < CC_WRITERS ? i : i - CC_WRITERS;
		ASSERT_EQ(0, pthread_create(&tid[i], NULL, i < CC_WRITERS ?
					    cc_writer : cc_reader, &args[i]));
	}
	for (i = 0; i < CC_WRITERS + CC_READERS; i++)
		pthread_join(tid[i], NULL);
	pthread_barrier_destroy(&cc->start);
	EXPECT_EQ(0, cc->failed);
	EXPECT_EQ(0, cc->bad);
	EXPECT_LT(0, cc->hits);
	TH_LOG("%llu reads, %llu hits beside %u writes",
	       (unsigned long long)cc->reads, (unsigned long long)cc->hits,
	       CC_WRITERS * CC_WRITES);
	for (i = 0; i < CC_KEYS; i++) {
		live += cc->present[i];
		ASSERT_EQ(cc->present[i], kvmap_get(self->m, i, &v));
		if (cc->present[i])
			ASSERT_EQ(cc->value[i], v);
	}
	kvmap_stats(self->m, &st);
	ASSERT_EQ(live, st.entries);
	free(cc);
}

TEST_HARNESS_MAIN
