// SPDX-License-Identifier: GPL-2.0
/*
 * litmus_test: the litmus tests on kthreads, through the benchmark engine
 * (SYNCLAB_IOC_BENCH_RUN on /dev/synclab/ctl, structure
 * SYNCLAB_BENCH_LITMUS), beside the LKMM's verdicts read from the kernel
 * source at build time (tools/cli/litmus_lkmm.c).
 *
 *  - every test the LKMM forbids runs LITMUS_VM_FORBIDDEN iterations
 *    (SYNCLAB_LITMUS_FORBIDDEN=N in the environment runs N) in
 *    counted runs (the threads meeting every LITMUS_VM_BATCH) and never
 *    shows its outcome; the others run
 *    LITMUS_VM_ALLOWED, a measurement that is logged, never asserted;
 *  - in every run the four outcomes add up to its iterations, those
 *    asked for unless the run was cut short at the engine's bound;
 *  - shapes and variants out of range, or a pair with no test: EINVAL;
 *  - /sys/kernel/debug/synclab/litmus/last shows the last run's counts.
 */
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "synclab_test.h"
#include "../../tools/cli/litmus_lkmm.h"

#define LITMUS_VM_FORBIDDEN	1000000ULL
#define LITMUS_VM_ALLOWED	20000ULL	/* a measurement: kept short */
/* Iterations per run: a run is bounded by the engine's 60 s. */
#define LITMUS_VM_RUN		250000ULL
/*
 * The threads meet every LITMUS_VM_BATCH iterations: under TCG on a busy
 * host a meeting waits until both vCPUs run at once, which can take a
 * host time slice (measured: about 2 ms a meeting at a load of 11 on 2
 * cores); meeting every iteration, a million take hours.
 */
#define LITMUS_VM_BATCH		SYNCLAB_BENCH_MAX_BATCH
/* Up to four runs of a minute: allow them, and a margin. */
#define LITMUS_VM_TIMEOUT	330

static struct synclab_workload litmus_workload(const struct litmus_case *c,
					       __u64 iterations)
{
	struct synclab_workload w;

	memset(&w, 0, sizeof(w));
	w.structure = SYNCLAB_BENCH_LITMUS;
	w.threads[0] = 1;
	w.threads[1] = 1;
	w.batch = LITMUS_VM_BATCH;
	w.sample_shift = 8;
	w.ops_per_thread = iterations;
	w.duration_ns = SYNCLAB_BENCH_MAX_DURATION_NS;
	w.param[0] = c->shape;
	w.param[1] = c->variant;
	return w;
}

FIXTURE(litmus) {
	int fd;
};

FIXTURE_VARIANT(litmus) {
	unsigned int index;	/* into litmus_cases[] */
};

#define LITMUS_V(name, i) FIXTURE_VARIANT_ADD(litmus, name) { .index = i }
#include "../litmus_variants.h"

FIXTURE_SETUP(litmus)
{
	ASSERT_GT(LITMUS_NCASES, variant->index);
	SL_CTL_OPEN(self->fd);
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		SKIP(return, "litmus needs two CPUs");
}

FIXTURE_TEARDOWN(litmus)
{
	if (self->fd >= 0)
		close(self->fd);
}

/*
 * Forbidden: never seen in a million iterations. Otherwise measured. In
 * runs of LITMUS_VM_RUN; a run the host's load made too slow for the
 * engine's bound is cut short (truncated) and still counts the
 * iterations both threads finished, so the million is reached anyway.
 */
TEST_F_TIMEOUT(litmus, outcomes, LITMUS_VM_TIMEOUT)
{
	const struct litmus_case *c = &litmus_cases[variant->index];
	enum litmus_verdict v = litmus_verdict(c);
	const char *env = getenv("SYNCLAB_LITMUS_FORBIDDEN");
	__u64 forbidden = env ? strtoull(env, NULL, 0) : LITMUS_VM_FORBIDDEN;
	__u64 want = v == LITMUS_FORBIDDEN ? forbidden : LITMUS_VM_ALLOWED;
	__u64 st[SYNCLAB_LITMUS_NSTATS] = {}, ns = 0;
	unsigned int i, runs = 0, cut = 0;
	enum litmus_class cl;

	ASSERT_LT(0, want) TH_LOG("SYNCLAB_LITMUS_FORBIDDEN=%s: not a count", env);
	while (st[SYNCLAB_LITMUS_ITERATIONS] < want) {
		__u64 left = want - st[SYNCLAB_LITMUS_ITERATIONS];
		struct synclab_workload w;
		struct synclab_result res;
		const __u64 *rs = res.stats;

		w = litmus_workload(c, left < LITMUS_VM_RUN ? left : LITMUS_VM_RUN);
		ASSERT_EQ(0, sl_bench(self->fd, &w, &res));
		ASSERT_EQ(rs[SYNCLAB_LITMUS_ITERATIONS], rs[0] + rs[1] + rs[2] + rs[3]);
		if (res.flags & SYNCLAB_RESULT_TRUNCATED)
			cut++;
		else
			ASSERT_EQ(w.ops_per_thread, rs[SYNCLAB_LITMUS_ITERATIONS]);
		/* a run that made no progress at all: give up, not loop */
		ASSERT_LT(0, rs[SYNCLAB_LITMUS_ITERATIONS]);
		for (i = 0; i < SYNCLAB_LITMUS_NSTATS; i++)
			st[i] += rs[i];
		ns += res.elapsed_ns;
		runs++;
	}
	cl = litmus_classify(v, st[SYNCLAB_LITMUS_BOTH]);
	TH_LOG("%s %s, batch %u: %llu %llu %llu %llu of %llu in %.2f s (%u runs, %u cut short); %.1f per million: %s",
	       litmus_shape_names[c->shape], litmus_variant_names[c->variant],
	       LITMUS_VM_BATCH, st[0], st[1], st[2], st[3], st[4], ns / 1e9,
	       runs, cut,
	       1e6 * st[SYNCLAB_LITMUS_BOTH] / st[SYNCLAB_LITMUS_ITERATIONS],
	       litmus_class_words(cl));
	EXPECT_NE(LITMUS_FORBIDDEN_SEEN, cl);
}

/* Out of range, or a pair with no test: EINVAL, whatever the rest. */
TEST(bad_arguments)
{
	static const __u32 bad[][2] = {
		{ SYNCLAB_LITMUS_NSHAPES, SYNCLAB_LITMUS_PLAIN },
		{ SYNCLAB_LITMUS_SB, SYNCLAB_LITMUS_NVARIANTS },
		{ SYNCLAB_LITMUS_SB, SYNCLAB_LITMUS_WMB_RMB },
		{ SYNCLAB_LITMUS_MP, SYNCLAB_LITMUS_MB },
		{ ~0U, ~0U },
	};
	struct synclab_workload w;
	struct synclab_result res;
	unsigned int i;
	int fd;

	SL_CTL_OPEN(fd);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		w = litmus_workload(&litmus_cases[0], 1000);
		w.param[0] = bad[i][0];
		w.param[1] = bad[i][1];
		EXPECT_EQ(-EINVAL, sl_bench(fd, &w, &res))
			TH_LOG("shape %u variant %u", bad[i][0], bad[i][1]);
	}
	w = litmus_workload(&litmus_cases[0], 1000);
	w.threads[1] = 2;
	EXPECT_EQ(-EINVAL, sl_bench(fd, &w, &res));
	w = litmus_workload(&litmus_cases[0], 1000);
	w.param[3] = 1;
	EXPECT_EQ(-EINVAL, sl_bench(fd, &w, &res));
	close(fd);
}

/* debugfs litmus/last: the last kernel run's counts, "name value". */
TEST(debugfs_last)
{
	const struct litmus_case *c = litmus_case_of(SYNCLAB_LITMUS_SB,
						     SYNCLAB_LITMUS_MB);
	struct synclab_workload w;
	struct synclab_result res;
	char line[128], name[64];
	unsigned long long v, got[SYNCLAB_LITMUS_NSTATS];
	unsigned int seen = 0, i;
	int fd;
	FILE *f;

	SL_CTL_OPEN(fd);
	ASSERT_NE(NULL, c);
	w = litmus_workload(c, 5000);
	ASSERT_EQ(0, sl_bench(fd, &w, &res));
	close(fd);
	f = fopen(SYNCLAB_DEBUGFS "/litmus/last", "r");
	ASSERT_NE(NULL, f) TH_LOG("%s/litmus/last: %s", SYNCLAB_DEBUGFS,
				  strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		static const char * const names[] = SYNCLAB_LITMUS_STAT_NAMES;

		if (sscanf(line, "%63s %llu", name, &v) != 2)
			continue;
		for (i = 0; i < SYNCLAB_LITMUS_NSTATS; i++)
			if (!strcmp(name, names[i])) {
				got[i] = v;
				seen |= 1U << i;
			}
	}
	fclose(f);
	ASSERT_EQ((1U << SYNCLAB_LITMUS_NSTATS) - 1, seen);
	for (i = 0; i < SYNCLAB_LITMUS_NSTATS; i++)
		EXPECT_EQ(res.stats[i], got[i]);
	EXPECT_EQ(5000, got[SYNCLAB_LITMUS_ITERATIONS]);
}

TEST_HARNESS_MAIN
