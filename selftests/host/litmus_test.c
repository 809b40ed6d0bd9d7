// SPDX-License-Identifier: GPL-2.0
/*
 * litmus_test: the litmus tests (kmod/litmus.c over user/shim) on two
 * pthreads pinned to two CPUs, under ASan+UBSan, their counts set beside
 * the LKMM's verdicts read from the kernel source at build time.
 *
 *  - every test the LKMM forbids runs LITMUS_FORBIDDEN_RUN iterations and
 *    must never show the outcome its "exists" clause asks about;
 *  - every other test runs too, and its counts must add up (the four
 *    outcomes to the iterations, which both threads ran): what it shows
 *    is a measurement, printed, never asserted (a short run may not see
 *    store buffering);
 *  - the same with the threads meeting every 64 iterations instead of
 *    every one;
 *  - a stopped run ends both threads, and counts only the iterations both
 *    ran;
 *  - a shape or variant out of range, or a pair with no test: EINVAL.
 */
#include <sched.h>

#include "kselftest_harness.h"
#include "bench.h"
#include "litmus.h"
#include "litmus_lkmm.h"

#define LITMUS_FORBIDDEN_RUN	1000000UL
#define LITMUS_ALLOWED_RUN	200000UL

struct litmus_thread {
	pthread_t th;
	struct litmus *l;
	unsigned int side;
	unsigned long n;
	unsigned long ran;
	const int *phase;
};

static void *litmus_thread_main(void *arg)
{
	struct litmus_thread *t = arg;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(t->side, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	t->ran = litmus_side(t->l, t->side, t->n, t->phase);
	return NULL;
}

/*
 * Run @l on two threads: P0 runs @n0 iterations, P1 @n1; once P0 is done
 * the phase says stop, as the engine's does.
 */
static void litmus_run2(struct litmus *l, unsigned long n0, unsigned long n1,
			__u64 stats[SYNCLAB_LITMUS_NSTATS],
			unsigned long ran[2])
{
	struct litmus_thread t[2] = {
		{ .l = l, .side = 0, .n = n0 },
		{ .l = l, .side = 1, .n = n1 },
	};
	int phase = BENCH_MEASURE;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		t[i].phase = &phase;
		if (pthread_create(&t[i].th, NULL, litmus_thread_main, &t[i]))
			abort();
	}
	pthread_join(t[0].th, NULL);
	__atomic_store_n(&phase, BENCH_STOP, __ATOMIC_RELEASE);
	pthread_join(t[1].th, NULL);
	litmus_finish(l, stats);
	ran[0] = t[0].ran;
	ran[1] = t[1].ran;
}

static bool two_cpus(void)
{
	return sysconf(_SC_NPROCESSORS_ONLN) >= 2;
}

/* The four outcome counts add up to the iterations. */
static __u64 litmus_sum(const __u64 *stats)
{
	return stats[0] + stats[1] + stats[2] + stats[3];
}

TEST(bad_arguments)
{
	EXPECT_EQ(-EINVAL, litmus_check(SYNCLAB_LITMUS_NSHAPES, 0));
	EXPECT_EQ(-EINVAL, litmus_check(SYNCLAB_LITMUS_SB, SYNCLAB_LITMUS_NVARIANTS));
	EXPECT_EQ(-EINVAL, litmus_check(~0U, ~0U));
	/* a real shape and a real variant, but no such test */
	EXPECT_EQ(-EINVAL, litmus_check(SYNCLAB_LITMUS_SB, SYNCLAB_LITMUS_WMB_RMB));
	EXPECT_EQ(-EINVAL, litmus_check(SYNCLAB_LITMUS_LB, SYNCLAB_LITMUS_MB));
	EXPECT_EQ(NULL, litmus_create(SYNCLAB_LITMUS_MP, SYNCLAB_LITMUS_MB, 1));
	/* a batch of iterations per meeting: 1..SYNCLAB_BENCH_MAX_BATCH */
	EXPECT_EQ(NULL, litmus_create(SYNCLAB_LITMUS_SB, SYNCLAB_LITMUS_MB, 0));
	EXPECT_EQ(NULL, litmus_create(SYNCLAB_LITMUS_SB, SYNCLAB_LITMUS_MB,
				      SYNCLAB_BENCH_MAX_BATCH + 1));
	EXPECT_EQ(0, litmus_check(SYNCLAB_LITMUS_SB, SYNCLAB_LITMUS_MB));
}

/* Every case the header lists has its test, and a verdict or none. */
TEST(cases_and_verdicts)
{
	unsigned int i, forbidden = 0, allowed = 0;

	for (i = 0; i < LITMUS_NCASES; i++) {
		const struct litmus_case *c = &litmus_cases[i];
		enum litmus_verdict v = litmus_verdict(c);

		EXPECT_EQ(0, litmus_check(c->shape, c->variant));
		/* a named LKMM file must be in the kernel source */
		if (c->lkmm)
			EXPECT_NE(LITMUS_NO_MODEL, v) TH_LOG("%s: not in %s",
							    c->lkmm, litmus_lkmm_source);
		forbidden += v == LITMUS_FORBIDDEN;
		allowed += v == LITMUS_ALLOWED;
	}
	/* each shape's plain form is allowed, a fenced one forbidden */
	EXPECT_EQ(SYNCLAB_LITMUS_NSHAPES, allowed);
	EXPECT_LE(SYNCLAB_LITMUS_NSHAPES, forbidden);
}

FIXTURE(litmus) {
	const struct litmus_case *c;
	struct litmus *l;
};

FIXTURE_VARIANT(litmus) {
	unsigned int index;		/* into litmus_cases[] */
};

#define LITMUS_V(name, i) FIXTURE_VARIANT_ADD(litmus, name) { .index = i }
#include "../litmus_variants.h"

FIXTURE_SETUP(litmus)
{
	const struct litmus_case *c = &litmus_cases[variant->index];

	ASSERT_GT(LITMUS_NCASES, variant->index);
	if (!two_cpus())
		SKIP(return, "litmus needs two CPUs");
	self->c = c;
}

FIXTURE_TEARDOWN(litmus)
{
	litmus_destroy(self->l);
}

/*
 * Forbidden by the LKMM: never seen in LITMUS_FORBIDDEN_RUN iterations.
 * Otherwise a measurement, printed.
 */
static void run_outcomes(struct __test_metadata *_metadata,
			    FIXTURE_DATA(litmus) *self, unsigned int batch)
{
	const struct litmus_case *c = self->c;
	enum litmus_verdict v = litmus_verdict(c);
	unsigned long n = v == LITMUS_FORBIDDEN ? LITMUS_FORBIDDEN_RUN :
			  LITMUS_ALLOWED_RUN;
	__u64 st[SYNCLAB_LITMUS_NSTATS] = {};
	unsigned long ran[2];
	enum litmus_class cl;

	self->l = litmus_create(c->shape, c->variant, batch);
	ASSERT_NE(NULL, self->l);
	litmus_run2(self->l, n, n, st, ran);
	ASSERT_EQ(n, ran[0]);
	ASSERT_EQ(n, ran[1]);
	ASSERT_EQ(n, st[SYNCLAB_LITMUS_ITERATIONS]);
	ASSERT_EQ(n, litmus_sum(st));
	cl = litmus_classify(v, st[SYNCLAB_LITMUS_BOTH]);
	TH_LOG("%s %s, batch %u: %llu %llu %llu %llu of %llu; %.1f per million: %s",
	       litmus_shape_names[c->shape], litmus_variant_names[c->variant],
	       batch, st[0], st[1], st[2], st[3], st[4],
	       1e6 * st[SYNCLAB_LITMUS_BOTH] / st[SYNCLAB_LITMUS_ITERATIONS],
	       litmus_class_words(cl));
	EXPECT_NE(LITMUS_FORBIDDEN_SEEN, cl);
}

/* The threads meet before every iteration. */
TEST_F(litmus, outcomes)
{
	run_outcomes(_metadata, self, 1);
}

/* They meet before every 64: the same verdicts must hold. */
TEST_F(litmus, outcomes_batched)
{
	run_outcomes(_metadata, self, 64);
}

/*
 * P1 asked for more than P0 runs: it waits for P0 at the barrier, sees
 * the phase say stop and leaves; only the iterations both ran count.
 * With batches of 16, P0 stops in the middle of one (1000 = 62 * 16 + 8)
 * and P1 runs its rest alone, uncounted.
 */
TEST_F(litmus, stop_ends_the_other_side)
{
	__u64 st[SYNCLAB_LITMUS_NSTATS] = {};
	unsigned long ran[2];

	self->l = litmus_create(self->c->shape, self->c->variant, 1);
	ASSERT_NE(NULL, self->l);
	litmus_run2(self->l, 1000, 1000000, st, ran);
	ASSERT_EQ(1000, ran[0]);
	ASSERT_EQ(1000, ran[1]);
	ASSERT_EQ(1000, st[SYNCLAB_LITMUS_ITERATIONS]);
	ASSERT_EQ(1000, litmus_sum(st));
	litmus_destroy(self->l);

	self->l = litmus_create(self->c->shape, self->c->variant, 16);
	ASSERT_NE(NULL, self->l);
	memset(st, 0, sizeof(st));
	litmus_run2(self->l, 1000, 1000000, st, ran);
	ASSERT_EQ(1000, ran[0]);
	ASSERT_EQ(63 * 16, ran[1]);
	ASSERT_EQ(1000, st[SYNCLAB_LITMUS_ITERATIONS]);
	ASSERT_EQ(1000, litmus_sum(st));
}

struct late_p1 {
	struct litmus *l;
	const int *phase;
	unsigned long ran;
};

/* P1 as the engine may run it: chunks of 5, stalled until P0 is done. */
static void *late_p1_main(void *arg)
{
	struct late_p1 *p = arg;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(1, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	while (p->ran < 985)
		p->ran += litmus_side(p->l, 1, 5, p->phase);
	while (__atomic_load_n(p->phase, __ATOMIC_ACQUIRE) != BENCH_STOP)
		sched_yield();
	p->ran += litmus_side(p->l, 1, 5, p->phase);
	return NULL;
}

/*
 * P0 ends inside a batch (1000 = 15 * 64 + 40) while P1 is behind; its
 * last chunk, asked after the stop, still finishes the batch, so every
 * iteration P0 ran has both halves and counts.
 */
TEST(p1_finishes_the_batch)
{
	struct litmus *l = litmus_create(SYNCLAB_LITMUS_SB, SYNCLAB_LITMUS_MB, 64);
	struct late_p1 p1 = { .l = l };
	__u64 st[SYNCLAB_LITMUS_NSTATS] = {};
	int phase = BENCH_MEASURE;
	pthread_t th;

	if (!two_cpus())
		SKIP(return, "litmus needs two CPUs");
	ASSERT_NE(NULL, l);
	p1.phase = &phase;
	ASSERT_EQ(0, pthread_create(&th, NULL, late_p1_main, &p1));
	ASSERT_EQ(1000, litmus_side(l, 0, 1000, &phase));
	__atomic_store_n(&phase, BENCH_STOP, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	litmus_finish(l, st);
	EXPECT_EQ(16 * 64, p1.ran);
	EXPECT_EQ(1000, st[SYNCLAB_LITMUS_ITERATIONS]);
	EXPECT_EQ(0, st[SYNCLAB_LITMUS_BOTH]);
	litmus_destroy(l);
}

/*
 * Through the engine, as `synclab bench` and the kernel run it: a counted
 * run is exactly its iterations, also when they end inside a batch (P1
 * finishes the batch P0 began; the engine stops asking it once P0 is
 * done), and the outcome the LKMM forbids stays unseen.
 */
TEST(engine_counted_run)
{
	static const __u32 batches[] = { 1, 7, 64, SYNCLAB_BENCH_MAX_BATCH };
	struct synclab_workload w;
	struct synclab_result res;
	unsigned int i;

	if (!two_cpus())
		SKIP(return, "litmus needs two CPUs");
	for (i = 0; i < sizeof(batches) / sizeof(batches[0]); i++) {
		memset(&w, 0, sizeof(w));
		w.structure = SYNCLAB_BENCH_LITMUS;
		w.threads[0] = 1;
		w.threads[1] = 1;
		w.batch = batches[i];
		w.sample_shift = 8;
		w.seed = 1;
		w.ops_per_thread = 100003;
		w.duration_ns = SYNCLAB_BENCH_MAX_DURATION_NS;
		w.param[0] = SYNCLAB_LITMUS_MP;
		w.param[1] = SYNCLAB_LITMUS_REL_ACQ;
		ASSERT_EQ(0, bench_run(&w, &res));
		ASSERT_FALSE(res.flags & SYNCLAB_RESULT_TRUNCATED);
		EXPECT_EQ(w.ops_per_thread, res.ops[0]);
		EXPECT_EQ(w.ops_per_thread, res.stats[SYNCLAB_LITMUS_ITERATIONS])
			TH_LOG("batch %u", batches[i]);
		EXPECT_EQ(w.ops_per_thread, litmus_sum(res.stats));
		EXPECT_EQ(0, res.stats[SYNCLAB_LITMUS_BOTH]);
	}
}

TEST_HARNESS_MAIN
