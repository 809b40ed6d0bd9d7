// SPDX-License-Identifier: GPL-2.0
/*
 * lfstack_test: the Treiber stack (kmod/lfstack.c) in the kthread engine,
 * through SYNCLAB_IOC_BENCH_RUN. Every mode but naive conserves its nodes
 * exactly under pushers, poppers and threads doing both (the audit after
 * the run: left + pops == pushes, nothing lost or duplicated, no ABA, no
 * poisoned read); hazard pointers keep within their bound; naive, whose
 * ABA is measured and never asserted, runs with a wide window and leaves
 * nothing for KASAN or lockdep to report (the VM runner scans the
 * console); rcu's run ends with its callbacks done (rcu_barrier()), so
 * the module unloads clean (module_test); bad workloads get EINVAL (a
 * host peer EOPNOTSUPP); the last run is in debugfs lfstack/last. The
 * kernel's llist, the peer, conserves its nodes as well.
 */
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "synclab_test.h"

#define OPS		5000	/* per role-0 thread: TCG and a debug kernel */
#define WINDOW_NS	2000
#define NAIVE_WINDOW_NS	20000

/* Two threads pushing and popping, one popping, OPS each: counted. */
static struct synclab_workload lfs_workload(__u32 mode, __u32 window_ns)
{
	struct synclab_workload w;

	memset(&w, 0, sizeof(w));
	w.structure = SYNCLAB_BENCH_LFSTACK;
	w.mode = mode;
	w.threads[0] = 2;
	w.threads[1] = 1;
	w.mix = 500;
	w.keys = 4096;
	w.prefill = 64;
	w.batch = 1;
	w.seed = 3;
	w.duration_ns = 50000000000ULL;
	w.ops_per_thread = OPS;
	w.sample_shift = 4;
	w.param[0] = window_ns;
	return w;
}

FIXTURE(lfstack) {
	int fd;
};

FIXTURE_VARIANT(lfstack) {
	__u32 mode;
	__u32 window_ns;
};

FIXTURE_VARIANT_ADD(lfstack, locked) { .mode = SYNCLAB_LFSTACK_LOCKED };
FIXTURE_VARIANT_ADD(lfstack, tagged) { .mode = SYNCLAB_LFSTACK_TAGGED };
FIXTURE_VARIANT_ADD(lfstack, hazptr) { .mode = SYNCLAB_LFSTACK_HAZPTR };
FIXTURE_VARIANT_ADD(lfstack, rcu) { .mode = SYNCLAB_LFSTACK_RCU };
FIXTURE_VARIANT_ADD(lfstack, llist) { .mode = SYNCLAB_BENCH_LFSTACK_LLIST };
FIXTURE_VARIANT_ADD(lfstack, tagged_window) {
	.mode = SYNCLAB_LFSTACK_TAGGED, .window_ns = WINDOW_NS
};
FIXTURE_VARIANT_ADD(lfstack, hazptr_window) {
	.mode = SYNCLAB_LFSTACK_HAZPTR, .window_ns = WINDOW_NS
};
FIXTURE_VARIANT_ADD(lfstack, rcu_window) {
	.mode = SYNCLAB_LFSTACK_RCU, .window_ns = WINDOW_NS
};

FIXTURE_SETUP(lfstack)
{
	SL_CTL_OPEN(self->fd);
}

FIXTURE_TEARDOWN(lfstack)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* The tests that need one run, not one per mode: the same set-up. */
FIXTURE(lfstack_once) {
	int fd;
};

FIXTURE_SETUP(lfstack_once)
{
	SL_CTL_OPEN(self->fd);
}

FIXTURE_TEARDOWN(lfstack_once)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* Every node pushed is popped once or still there; nothing else. */
TEST_F_TIMEOUT(lfstack, conserves, 300)
{
	struct synclab_workload w = lfs_workload(variant->mode,
						 variant->window_ns);
	struct synclab_result res;
	const __u64 *st = res.stats;
	int ret;

	ret = sl_bench(self->fd, &w, &res);
	if (ret == -EOPNOTSUPP)
		SKIP(return, "this CPU has no cmpxchg16b");
	ASSERT_EQ(0, ret);
	EXPECT_FALSE(res.flags & SYNCLAB_RESULT_INVARIANT);
	EXPECT_FALSE(res.flags & SYNCLAB_RESULT_TRUNCATED);
	EXPECT_EQ(st[SYNCLAB_LFSTACK_STAT_PUSHES],
		  st[SYNCLAB_LFSTACK_STAT_POPS] + st[SYNCLAB_LFSTACK_STAT_LEFT]);
	EXPECT_LE(w.prefill, st[SYNCLAB_LFSTACK_STAT_PUSHES]);
	EXPECT_LT(0, st[SYNCLAB_LFSTACK_STAT_POPS]);
	EXPECT_EQ(0, st[SYNCLAB_LFSTACK_STAT_ABA]);
	EXPECT_EQ(0, st[SYNCLAB_LFSTACK_STAT_DUPLICATED]);
	EXPECT_EQ(0, st[SYNCLAB_LFSTACK_STAT_LOST]);
	EXPECT_EQ(0, st[SYNCLAB_LFSTACK_STAT_CYCLE]);
	EXPECT_EQ(0, st[SYNCLAB_LFSTACK_STAT_POISONED]);
	/* role-0 threads did exactly their operations, done or failed */
	EXPECT_EQ(2ULL * OPS, res.ops_total[0] + res.failures[0]);
	if (variant->mode == SYNCLAB_LFSTACK_HAZPTR) {
		EXPECT_EQ(3ULL * (2 * 3 + 32), st[SYNCLAB_LFSTACK_STAT_HP_BOUND]);
		EXPECT_GE(2 * 3 + 32, st[SYNCLAB_LFSTACK_STAT_RETIRED_MAX]);
		EXPECT_GE(st[SYNCLAB_LFSTACK_STAT_HP_BOUND],
			  st[SYNCLAB_LFSTACK_STAT_HELD_PEAK]);
		EXPECT_LT(0, st[SYNCLAB_LFSTACK_STAT_SCANS]);
	}
	TH_LOG("pushes %llu pops %llu left %llu held peak %llu gps %llu",
	       st[SYNCLAB_LFSTACK_STAT_PUSHES], st[SYNCLAB_LFSTACK_STAT_POPS],
	       st[SYNCLAB_LFSTACK_STAT_LEFT], st[SYNCLAB_LFSTACK_STAT_HELD_PEAK],
	       st[SYNCLAB_LFSTACK_STAT_GRACE_PERIODS]);
}

/* naive with a wide window: ABA measured, and the kernel stays clean. */
TEST_F_TIMEOUT(lfstack_once, naive_stays_in_its_pool, 300)
{
	struct synclab_workload w = lfs_workload(SYNCLAB_LFSTACK_NAIVE,
						 NAIVE_WINDOW_NS);
	struct synclab_result res;
	const __u64 *st = res.stats;

	/* more threads than vCPUs: a preempted pop is a window too */
	w.threads[0] = 4;
	ASSERT_EQ(0, sl_bench(self->fd, &w, &res));
	/* naive's broken stack is reported in its stats, never flagged */
	EXPECT_FALSE(res.flags & SYNCLAB_RESULT_INVARIANT);
	EXPECT_EQ(0, st[SYNCLAB_LFSTACK_STAT_POISONED]);
	EXPECT_GE(1, st[SYNCLAB_LFSTACK_STAT_CYCLE]);
	TH_LOG("naive, window %u ns: %llu pops, %llu ABA, %llu duplicated, %llu lost, cycle %llu",
	       NAIVE_WINDOW_NS, st[SYNCLAB_LFSTACK_STAT_POPS],
	       st[SYNCLAB_LFSTACK_STAT_ABA],
	       st[SYNCLAB_LFSTACK_STAT_DUPLICATED],
	       st[SYNCLAB_LFSTACK_STAT_LOST], st[SYNCLAB_LFSTACK_STAT_CYCLE]);
}

/* Out of range: EINVAL, and nothing runs. */
TEST_F_TIMEOUT(lfstack_once, bad_workloads, 120)
{
	struct synclab_workload w;
	struct synclab_result res;

	w = lfs_workload(SYNCLAB_LFSTACK_NAIVE,
			 SYNCLAB_LFSTACK_MAX_WINDOW_NS + 1);
	EXPECT_EQ(-EINVAL, sl_bench(self->fd, &w, &res));
	w = lfs_workload(SYNCLAB_LFSTACK_NAIVE, 0);
	w.param[1] = 1;
	EXPECT_EQ(-EINVAL, sl_bench(self->fd, &w, &res));
	w = lfs_workload(SYNCLAB_LFSTACK_NAIVE, 0);
	w.batch = 2;
	EXPECT_EQ(-EINVAL, sl_bench(self->fd, &w, &res));
	w = lfs_workload(SYNCLAB_LFSTACK_NAIVE, 0);
	w.prefill = w.keys + 1;
	EXPECT_EQ(-EINVAL, sl_bench(self->fd, &w, &res));
	w = lfs_workload(SYNCLAB_LFSTACK_NAIVE, 0);
	w.keys = SYNCLAB_LFSTACK_MAX_NODES + 1;
	EXPECT_EQ(-EINVAL, sl_bench(self->fd, &w, &res));
	w = lfs_workload(SYNCLAB_LFSTACK_NMODES + SYNCLAB_LFSTACK_NPEERS, 0);
	EXPECT_EQ(-EINVAL, sl_bench(self->fd, &w, &res));
	/* a host peer: not here */
	w = lfs_workload(SYNCLAB_BENCH_LFSTACK_CK_HP, 0);
	EXPECT_EQ(-EOPNOTSUPP, sl_bench(self->fd, &w, &res));
}

/* debugfs lfstack/last: the last kernel run's named stats. */
TEST_F_TIMEOUT(lfstack_once, debugfs_last, 120)
{
	struct synclab_workload w = lfs_workload(SYNCLAB_LFSTACK_HAZPTR, 0);
	struct synclab_result res;
	char buf[4096] = "", want[64];
	ssize_t n;
	int fd;

	w.ops_per_thread = 1000;
	ASSERT_EQ(0, sl_bench(self->fd, &w, &res));
	fd = open(SYNCLAB_DEBUGFS "/lfstack/last", O_RDONLY);
	ASSERT_LE(0, fd);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ASSERT_LT(0, n);
	snprintf(want, sizeof(want), "pops %llu\n",
		 res.stats[SYNCLAB_LFSTACK_STAT_POPS]);
	EXPECT_NE(NULL, strstr(buf, want)) TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf, "aba 0\n"));
	snprintf(want, sizeof(want), "scans %llu\n",
		 res.stats[SYNCLAB_LFSTACK_STAT_SCANS]);
	EXPECT_NE(NULL, strstr(buf, want));
}

TEST_HARNESS_MAIN
