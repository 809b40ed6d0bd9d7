// SPDX-License-Identifier: GPL-2.0
/*
 * bench_qsbr_test: the benchmark engine over liburcu's qsbr flavor, as
 * the host's synclab-qsbr runs it (SHIM_RCU_QSBR, linked with
 * liburcu-qsbr). A qsbr reader holds up every grace period until it
 * announces a quiescent state or goes offline, so an engine that forgot
 * either would make a writer's synchronize_rcu() wait for the end of the
 * run. The engine's threads announce one between chunks, the caller is
 * offline while it waits out the phases: grace periods end while the
 * readers run, and every structure still runs whole.
 */
#include <errno.h>
#include <pthread.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../bench_cases.h"
#include "bench.h"
#include "bench_user.h"

struct bg_run {
	struct synclab_workload w;
	struct synclab_result res;
	int ret;
};

static void *bg_main(void *arg)
{
	struct bg_run *b = arg;

	b->ret = bench_user_run(&b->w, &b->res);
	return NULL;
}

/*
 * Two route readers run for 3 s; meanwhile this thread (unregistered, as
 * a writer may be) waits for 20 grace periods, then interrupts the run.
 * Each grace period takes microseconds when the readers and the caller
 * announce their quiescent states, the whole window when one of them
 * does not: then the run has ended before the interruption comes, and
 * returns 0 instead of -EINTR.
 */
TEST(grace_periods_end_while_readers_run)
{
	struct bg_run b = { .w = bench_case_ok(SYNCLAB_BENCH_ROUTE) };
	pthread_t th;
	int i;

	b.w.mode = SYNCLAB_ROUTE_RCU;
	b.w.threads[0] = 2;
	b.w.threads[1] = 0;
	b.w.duration_ns = 3000000000ULL;
	ASSERT_EQ(0, pthread_create(&th, NULL, bg_main, &b));
	/* past the set-up (a small table) and into the readers' window */
	usleep(300000);
	for (i = 0; i < 20; i++)
		synchronize_rcu();
	bench_user_interrupt();
	pthread_join(th, NULL);
	EXPECT_EQ(-EINTR, b.ret) TH_LOG("the grace periods waited for the run's end");
	EXPECT_TRUE(b.res.flags & SYNCLAB_RESULT_INTERRUPTED);
	EXPECT_LT(0, b.res.ops_total[0]);
}

static int run_one(void *ctx, const struct synclab_workload *w,
		   struct synclab_result *res)
{
	(void)ctx;
	return bench_user_run(w, res);
}

/* Every structure and mode, readers and writers together, over qsbr. */
TEST(every_structure_runs)
{
	char why[256];

	ASSERT_EQ(0, bench_case_every_mode(run_one, NULL, why, sizeof(why)))
		TH_LOG("%s", why);
	EXPECT_STREQ("qsbr", bench_user_rcu_flavor());
}

TEST_HARNESS_MAIN
