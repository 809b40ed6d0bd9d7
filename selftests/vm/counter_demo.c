// SPDX-License-Identifier: GPL-2.0
/*
 * counter_demo: the KCSAN demo, in a boot of its own on the kcsan kernel
 * (KCSAN reports a race once in a while only, and the scan of the boot
 * accepts reports of this race and nothing else). check.sh boots the
 * kcsan kernel, loads synclab with counter_racy_plain=1 and runs only
 * this program.
 *
 * Not named *_test: run_tests.sh must not pick it up in the normal boots.
 *
 * In order: the parameter is on, and read-only; racy races of two
 * kthreads run until KCSAN reports the data race in counter_add(), the
 * unannotated load and store of counter_add_racy() (a few rounds at
 * most; the test stops at the first report, though the round that gave
 * it may still give a second: KCSAN's rate limit is per pair of racing
 * code addresses, and one race has more than one pair); the racy total
 * was never over.
 */
#include <sys/ioctl.h>
#include <sys/klog.h>

#include "kselftest_harness.h"
#include "synclab_test.h"

#define PARAM	"/sys/module/synclab/parameters/counter_racy_plain"
#define REPORT	"BUG: KCSAN: data-race in counter_add"
#define ROUNDS	50
#define INCREMENTS	200000

static char klog[1 << 20];

/* Whether the kernel log holds @what. */
static bool klog_has(const char *what)
{
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, klog, sizeof(klog) - 1);

	if (n < 0)
		return false;
	klog[n] = '\0';
	return strstr(klog, what);
}

/* One racy race of two kthreads; 0 or -errno. */
static int race(int fd, struct synclab_result *res)
{
	struct synclab_bench b;
	int ret;

	memset(&b, 0, sizeof(b));
	b.workload.structure = SYNCLAB_BENCH_COUNTER;
	b.workload.mode = SYNCLAB_COUNTER_RACY;
	b.workload.threads[0] = 2;
	b.workload.ops_per_thread = INCREMENTS;
	b.workload.batch = 1;
	b.workload.keys = 32;
	b.workload.seed = 1;
	b.workload.duration_ns = 60000000000ULL;
	b.workload.sample_shift = 8;
	ret = ioctl(fd, SYNCLAB_IOC_BENCH_RUN, &b) ? -errno : 0;
	*res = b.result;
	return ret;
}

TEST(parameter_is_on_and_read_only)
{
	char v = 0;
	int fd = open(PARAM, O_RDONLY);

	ASSERT_LE(0, fd) TH_LOG("no %s: module not loaded with it?", PARAM);
	ASSERT_EQ(1, read(fd, &v, 1));
	close(fd);
	EXPECT_EQ('Y', v);
	EXPECT_GT(0, open(PARAM, O_WRONLY));
	EXPECT_EQ(EACCES, errno);
}

FIXTURE(demo) {
	int fd;
};

FIXTURE_SETUP(demo)
{
	self->fd = open(SYNCLAB_DEV_CTL, O_RDWR);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(demo)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* Rounds of a racy race until KCSAN reports it; then no more rounds. */
TEST_F_TIMEOUT(demo, kcsan_reports_the_racy_increment, 600)
{
	struct synclab_result res;
	int fd = self->fd, round;
	bool seen = klog_has(REPORT);

	ASSERT_FALSE(seen) TH_LOG("a report before the first race");
	for (round = 0; round < ROUNDS && !seen; round++) {
		ASSERT_EQ(0, race(fd, &res));
		EXPECT_LE(res.stats[SYNCLAB_COUNTER_STAT_TOTAL],
			  2ULL * INCREMENTS);
		EXPECT_FALSE(res.flags & SYNCLAB_RESULT_INVARIANT);
		seen = klog_has(REPORT);
	}
	ASSERT_TRUE(seen) TH_LOG("no KCSAN report after %d rounds", ROUNDS);
	TH_LOG("KCSAN reported it in round %d; last round lost %llu of %llu",
	       round, (unsigned long long)res.stats[SYNCLAB_COUNTER_STAT_LOST],
	       2ULL * INCREMENTS);
	EXPECT_TRUE(klog_has("counter_add"));
}

TEST_HARNESS_MAIN
