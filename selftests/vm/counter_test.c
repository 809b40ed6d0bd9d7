// SPDX-License-Identifier: GPL-2.0
/*
 * counter_test: the kernel's counter (kmod/counter.c) through counted
 * benchmark runs (SYNCLAB_IOC_BENCH_RUN, ops_per_thread increments per
 * kthread). atomic, locked and percpu end exact after N kthreads x M
 * increments, with and without a reader; racy is never over; the
 * stats agree with each other and debugfs counter/last shows the run;
 * bad workloads get EINVAL.
 */
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "synclab_test.h"

#define INCREMENTS	100000

static int race(int fd, __u32 mode, __u32 threads, __u32 readers,
		struct synclab_result *res)
{
	struct synclab_bench b;
	int ret;

	memset(&b, 0, sizeof(b));
	b.workload.structure = SYNCLAB_BENCH_COUNTER;
	b.workload.mode = mode;
	b.workload.threads[0] = threads;
	b.workload.threads[1] = readers;
	b.workload.ops_per_thread = INCREMENTS;
	b.workload.batch = 1;
	b.workload.keys = 32;	/* percpu's batch */
	b.workload.seed = 1;
	b.workload.duration_ns = 60000000000ULL;
	b.workload.sample_shift = 8;
	ret = ioctl(fd, SYNCLAB_IOC_BENCH_RUN, &b) ? -errno : 0;
	*res = b.result;
	return ret;
}

FIXTURE(counter) {
	int fd;
	struct synclab_result res;
};

FIXTURE_VARIANT(counter) {
	__u32 mode;
	__u32 threads;
	__u32 readers;
};

#define RACE(m, n, r) \
	FIXTURE_VARIANT_ADD(counter, m##_##n##_##r) { \
		.mode = SYNCLAB_COUNTER_##m, .threads = n, .readers = r, \
	}

RACE(RACY, 2, 0);
RACE(ATOMIC, 2, 0);
RACE(ATOMIC, 2, 1);
RACE(LOCKED, 2, 0);
RACE(LOCKED, 2, 1);
RACE(PERCPU, 1, 0);
RACE(PERCPU, 2, 0);
RACE(PERCPU, 2, 1);
RACE(PERCPU, 3, 0);

FIXTURE_SETUP(counter)
{
	SL_CTL_OPEN(self->fd);
}

FIXTURE_TEARDOWN(counter)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* Every increment done, and the total right for the mode. */
TEST_F_TIMEOUT(counter, total_is_right_for_the_mode, 300)
{
	const __u64 *st = self->res.stats;
	__u64 expected = (__u64)variant->threads * INCREMENTS;

	ASSERT_EQ(0, race(self->fd, variant->mode, variant->threads,
			  variant->readers, &self->res));
	EXPECT_FALSE(self->res.flags & SYNCLAB_RESULT_TRUNCATED);
	EXPECT_FALSE(self->res.flags & SYNCLAB_RESULT_INVARIANT);
	EXPECT_EQ(expected, st[SYNCLAB_COUNTER_STAT_INCREMENTS]);
	EXPECT_EQ(expected, self->res.ops_total[0]);
	EXPECT_EQ(st[SYNCLAB_COUNTER_STAT_INCREMENTS],
		  st[SYNCLAB_COUNTER_STAT_TOTAL] + st[SYNCLAB_COUNTER_STAT_LOST]);
	TH_LOG("expected %llu got %llu lost %llu",
	       (unsigned long long)expected,
	       (unsigned long long)st[SYNCLAB_COUNTER_STAT_TOTAL],
	       (unsigned long long)st[SYNCLAB_COUNTER_STAT_LOST]);
	if (variant->mode == SYNCLAB_COUNTER_RACY) {
		EXPECT_LE(st[SYNCLAB_COUNTER_STAT_TOTAL], expected);
		return;
	}
	EXPECT_EQ(expected, st[SYNCLAB_COUNTER_STAT_TOTAL]);
	EXPECT_EQ(0, st[SYNCLAB_COUNTER_STAT_LOST]);
	if (variant->readers)
		EXPECT_EQ(0, st[SYNCLAB_COUNTER_STAT_BACKWARDS]);
	if (variant->mode == SYNCLAB_COUNTER_PERCPU)
		EXPECT_LT(0, st[SYNCLAB_COUNTER_STAT_BATCH]);
}

/* debugfs counter/last: the run just made, one "name value" a line. */
TEST(debugfs_shows_the_last_run)
{
	struct synclab_result res;
	char buf[4096], want[64];
	int fd;
	ssize_t n;

	SL_CTL_OPEN(fd);
	ASSERT_EQ(0, race(fd, SYNCLAB_COUNTER_PERCPU, 2, 1, &res));
	close(fd);
	fd = open(SYNCLAB_DEBUGFS "/counter/last", O_RDONLY);
	ASSERT_LE(0, fd);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ASSERT_LT(0, n);
	buf[n] = '\0';
	snprintf(want, sizeof(want), "total %llu\n",
		 (unsigned long long)res.stats[SYNCLAB_COUNTER_STAT_TOTAL]);
	EXPECT_NE(NULL, strstr(buf, want)) TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf, "batch 32\n")) TH_LOG("%s", buf);
}

/* A mode past the last, and a mix, are refused: EINVAL. */
TEST(bad_workloads_are_refused)
{
	struct synclab_result res;
	int fd;

	SL_CTL_OPEN(fd);
	EXPECT_EQ(-EINVAL, race(fd, SYNCLAB_COUNTER_NMODES, 2, 0, &res));
	EXPECT_EQ(-EINVAL, race(fd, SYNCLAB_COUNTER_ATOMIC, 0, 0, &res));
	close(fd);
}

TEST_HARNESS_MAIN
