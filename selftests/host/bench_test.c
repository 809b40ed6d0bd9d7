// SPDX-License-Identifier: GPL-2.0
/*
 * bench_test: the pthread side of the benchmark engine (kmod/bench.c over
 * user/shim), under ASan+UBSan. The engine counts exactly what was done
 * (the count structure keeps its own tally; locks count under exclusion),
 * keeps to the duration, refuses every bad workload of
 * selftests/bench_cases.h with its errno, stops early and says so when
 * interrupted, and runs every structure with its invariant intact; run
 * in chunks, it keeps one sample point per 2^sample_shift operations and
 * the reader's mix; its round-trip probe does not hang.
 */
#include <pthread.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../bench_cases.h"
#include "bench.h"
#include "bench_user.h"

static int run(struct synclab_workload *w, struct synclab_result *res)
{
	return bench_user_run(w, res);
}

/* The engine's count of work equals the structure's own, to the item. */
TEST(count_is_exact)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_COUNT);
	struct synclab_result res;
	unsigned int threads;

	for (threads = 1; threads <= 5; threads += 2) {
		w.threads[0] = threads;
		ASSERT_EQ(0, run(&w, &res)) TH_LOG("%u threads", threads);
		EXPECT_EQ(res.ops_total[0], res.extra[0]);
		EXPECT_FALSE(res.flags & SYNCLAB_RESULT_INVARIANT);
		EXPECT_LT(0, res.ops_total[0]);
		EXPECT_LE(res.ops[0], res.ops_total[0]);
		EXPECT_LE(res.thread_ops_min[0], res.thread_ops_max[0]);
		EXPECT_EQ(threads, res.threads_run);
		EXPECT_EQ(threads > res.cpus,
			  !!(res.flags & SYNCLAB_RESULT_OVERSUBSCRIBED));
	}
}

/*
 * A counted run: each role-0 thread does exactly ops_per_thread
 * operations, the role-1 threads stop with them; one that cannot finish
 * in its duration is cut and says so.
 */
TEST(counted_run_is_exact)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_COUNT);
	struct synclab_result res;
	unsigned int threads;

	w.ops_per_thread = 100003;
	for (threads = 1; threads <= 3; threads++) {
		w.threads[0] = threads;
		ASSERT_EQ(0, run(&w, &res)) TH_LOG("%u threads", threads);
		EXPECT_EQ(threads * w.ops_per_thread, res.ops[0]);
		EXPECT_EQ(res.ops[0], res.ops_total[0]);
		EXPECT_EQ(res.ops[0], res.extra[0]);
		EXPECT_EQ(w.ops_per_thread, res.thread_ops_min[0]);
		EXPECT_EQ(w.ops_per_thread, res.thread_ops_max[0]);
		EXPECT_FALSE(res.flags & SYNCLAB_RESULT_TRUNCATED);
		EXPECT_LT(0, res.elapsed_ns);
	}

	w = bench_case_ok(SYNCLAB_BENCH_RING);
	w.threads[0] = 1;
	w.threads[1] = 1;
	w.ops_per_thread = 5000;
	ASSERT_EQ(0, run(&w, &res));
	EXPECT_EQ(5000, res.ops[0] + res.failures[0]);
	EXPECT_FALSE(res.flags & SYNCLAB_RESULT_TRUNCATED);

	w = bench_case_ok(SYNCLAB_BENCH_LOCK);
	w.threads[0] = 1;
	w.cs_ns = 1000000;		/* 1 ms a round */
	w.duration_ns = 20000000;	/* 20 ms for 1000 rounds: no */
	w.ops_per_thread = 1000;
	ASSERT_EQ(0, run(&w, &res));
	EXPECT_TRUE(res.flags & SYNCLAB_RESULT_TRUNCATED);
	EXPECT_GT(1000, res.ops[0]);
}

/* Under a spinlock or a mutex, the shared counter equals the work done. */
TEST(locks_count_exactly)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_LOCK);
	struct synclab_result res;
	unsigned int mode;

	w.threads[0] = 3;
	w.cs_ns = 100;
	for (mode = 0; mode < SYNCLAB_BENCH_LOCK_NMODES; mode++) {
		w.mode = mode;
		ASSERT_EQ(0, run(&w, &res)) TH_LOG("mode %u", mode);
		EXPECT_FALSE(res.flags & SYNCLAB_RESULT_INVARIANT)
			TH_LOG("mode %u", mode);
		EXPECT_LT(0, res.ops_total[0]);
	}
}

/*
 * The timed window lasts the duration asked: never less, and not more
 * than a second over (a loose bound on a loaded machine: it checks the
 * engine stops the window, not how fast anything is).
 */
TEST(duration_is_kept)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_COUNT);
	struct synclab_result res;

	w.duration_ns = 300000000;
	ASSERT_EQ(0, run(&w, &res));
	EXPECT_LE(w.duration_ns, res.elapsed_ns);
	EXPECT_GT(w.duration_ns + 1000000000ULL, res.elapsed_ns);
}

/* Every bad workload of the shared table, with its errno. */
TEST(bad_workloads_are_refused)
{
	struct synclab_result res;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bench_bad_cases); i++) {
		const struct bench_case *c = &bench_bad_cases[i];
		struct synclab_workload w = bench_case_ok(c->structure);

		c->mutate(&w);
		EXPECT_EQ(-c->err, run(&w, &res)) TH_LOG("%s", c->what);
	}
}

/* Peers this binary does not carry: EOPNOTSUPP, not EINVAL. */
TEST(missing_peers_are_not_supported)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_RING);
	struct synclab_result res;

	ASSERT_FALSE(bench_user_has_peers());
	w.mode = SYNCLAB_BENCH_RING_PTR_RING;		/* the kernel's */
	EXPECT_EQ(-EOPNOTSUPP, run(&w, &res));
	w.mode = SYNCLAB_BENCH_RING_CK_RING;		/* the host build's */
	EXPECT_EQ(-EOPNOTSUPP, run(&w, &res));
	w = bench_case_ok(SYNCLAB_BENCH_ROUTE);
	w.mode = SYNCLAB_BENCH_ROUTE_RTE_LPM;
	EXPECT_EQ(-EOPNOTSUPP, run(&w, &res));
}

static void *interrupter(void *arg)
{
	usleep(*(unsigned int *)arg);
	bench_user_interrupt();
	return NULL;
}

/* An interrupted run stops early, says so, and returns what it had. */
TEST(interrupt_stops_the_run)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_COUNT);
	struct synclab_result res;
	unsigned int delay = 300000;
	pthread_t t;

	w.threads[0] = 2;
	w.warmup_ns = 0;
	w.duration_ns = 20000000000ULL;
	/*
	 * On a loaded host the threads may not all reach the barrier before
	 * the signal: a run stopped before its window is as correct (no
	 * window, nothing counted), but not what this test looks at. Later
	 * signals then, a few times.
	 */
	do {
		ASSERT_EQ(0, pthread_create(&t, NULL, interrupter, &delay));
		EXPECT_EQ(-EINTR, run(&w, &res));
		pthread_join(t, NULL);
		delay *= 2;
	} while (!res.elapsed_ns && delay <= 4800000);
	EXPECT_TRUE(res.flags & SYNCLAB_RESULT_INTERRUPTED);
	EXPECT_LT(0, res.elapsed_ns);
	EXPECT_GT(w.duration_ns, res.elapsed_ns);
	EXPECT_LT(0, res.ops_total[0]);
	EXPECT_EQ(res.ops_total[0], res.extra[0]);
}

static __u64 samples(const struct synclab_result *res, unsigned int role)
{
	__u64 n = 0;
	unsigned int b;

	for (b = 0; b < SYNCLAB_BENCH_HIST; b++)
		n += res->hist[role][b];
	return n;
}

/*
 * Chunks keep the sampling rate: one operation in 2^sample_shift is a
 * sample point, whatever the chunks that ran them (one thread: exactly
 * ceil(operations / 2^shift); each thread rounds up on its own).
 */
TEST(one_sample_per_2_to_the_shift)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_COUNT);
	struct synclab_result res;
	unsigned int threads, shift = 4;

	w.sample_shift = shift;
	for (threads = 1; threads <= 3; threads++) {
		__u64 n;

		w.threads[0] = threads;
		ASSERT_EQ(0, run(&w, &res));
		n = res.ops_total[0];
		if (threads == 1)
			EXPECT_EQ((n + 15) >> shift, samples(&res, 0));
		EXPECT_LE((n + 15) >> shift, samples(&res, 0));
		EXPECT_GE((n >> shift) + threads, samples(&res, 0));
	}
}

/*
 * A reader's mix: mix per mille of its operations are updates. One
 * reader alone finds every address it looks up, so the updates are
 * ops_total - extra; at 1000 every operation is one.
 */
TEST(mix_is_kept)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_ROUTE);
	struct synclab_result res;
	__u64 updates;

	w.mix = 100;
	w.duration_ns = 500000000;	/* >= 1000 operations on a debug kernel */
	ASSERT_EQ(0, run(&w, &res));
	EXPECT_FALSE(res.flags & SYNCLAB_RESULT_INVARIANT);
	ASSERT_LT(1000, res.ops_total[0]);
	updates = res.ops_total[0] - res.extra[0];
	EXPECT_LT(res.ops_total[0] / 20, updates);	/* 5% < 10% */
	EXPECT_GT(res.ops_total[0] / 5, updates);	/* 10% < 20% */
	w.mix = 1000;
	ASSERT_EQ(0, run(&w, &res));
	EXPECT_FALSE(res.flags & SYNCLAB_RESULT_INVARIANT);
	EXPECT_LT(0, res.ops_total[0]);
	EXPECT_EQ(0, res.extra[0]);
}

/* Each structure, each mode, runs with its invariant intact. */
TEST(every_structure_runs)
{
	struct {
		unsigned int structure, modes, threads0, threads1, batch, mix;
		unsigned int think;
	} runs[] = {
		{ SYNCLAB_BENCH_ROUTE, SYNCLAB_ROUTE_NMODES, 2, 1, 1, 0, 0 },
		{ SYNCLAB_BENCH_ROUTE, SYNCLAB_ROUTE_NMODES, 2, 0, 16, 50, 0 },
		{ SYNCLAB_BENCH_ROUTE, 1, 1, 1, 1, 0, 2000 },
		{ SYNCLAB_BENCH_RING, 2, 2, 2, 1, 0, 0 },
		{ SYNCLAB_BENCH_RING, SYNCLAB_RING_NMODES, 1, 1, 32, 0, 0 },
		{ SYNCLAB_BENCH_ORDER, 3, 3, 0, 1, 0, 0 },
		{ SYNCLAB_BENCH_LOCK, SYNCLAB_BENCH_LOCK_NMODES, 2, 0, 1, 0, 1000 },
	};
	struct synclab_result res;
	unsigned int i, mode;

	for (i = 0; i < ARRAY_SIZE(runs); i++) {
		for (mode = 0; mode < runs[i].modes; mode++) {
			struct synclab_workload w =
				bench_case_ok(runs[i].structure);

			w.mode = mode;
			w.threads[0] = runs[i].threads0;
			w.threads[1] = runs[i].threads1;
			w.batch = runs[i].batch;
			w.mix = runs[i].mix;
			w.think_ns[0] = runs[i].think;
			w.think_ns[1] = runs[i].think;
			if (w.structure == SYNCLAB_BENCH_RING)
				w.prefill = 16;
			ASSERT_EQ(0, run(&w, &res))
				TH_LOG("structure %u mode %u", w.structure, mode);
			EXPECT_FALSE(res.flags & SYNCLAB_RESULT_INVARIANT)
				TH_LOG("structure %u mode %u", w.structure, mode);
			/* something was done (on a loaded host maybe only
			 * in the warm-up, or only refused: a full ring) */
			EXPECT_LT(0, res.ops_total[0] + res.ops_total[1] +
				     res.failures[0] + res.failures[1])
				TH_LOG("structure %u mode %u", w.structure, mode);
		}
	}
}

/*
 * The round-trip probe never hangs: side 1 alone gives up (ns 0), and a
 * side 0 that arrives just after it (the partner counted, then gone:
 * what a loaded host does) returns too, instead of waiting forever for
 * an answer.
 */
TEST(rtt_probe_survives_a_late_partner)
{
	struct bench_pingpong *pp = aligned_alloc(SMP_CACHE_BYTES, sizeof(*pp));

	ASSERT_NE(NULL, pp);
	memset(pp, 0, sizeof(*pp));
	bench_pingpong(pp, 1);
	EXPECT_EQ(1, READ_ONCE(pp->done));
	bench_pingpong(pp, 0);
	EXPECT_EQ(0, pp->ns);
	free(pp);
}

/* A hot set: the route run still finds every address it looks up. */
TEST(hot_set_lookups_hit)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_ROUTE);
	struct synclab_result res;

	w.hot = 900;
	w.hot_keys = 10;
	ASSERT_EQ(0, run(&w, &res));
	/* every address lies inside a loaded prefix */
	EXPECT_EQ(res.ops_total[0], res.extra[0]);
}

TEST_HARNESS_MAIN
