// SPDX-License-Identifier: GPL-2.0
/*
 * order_demo: the lockdep demo, in a boot of its own (lockdep turns itself
 * off after its first report). check.sh boots the debug kernel, loads
 * synclab with order_allow_inverted=1 and runs only this program; the
 * console scan there expects exactly one circular-locking report.
 *
 * Not named *_test: run_tests.sh must not pick it up in the normal boots.
 *
 * In order: the parameter is on; even so inverted and the demo stay
 * EPERM for an opener without CAP_SYS_ADMIN, while a root-opened fd
 * keeps the right in an unprivileged child; the demo makes lockdep report
 * the inversion once, with no deadlock; `synclab order explain` on the
 * kernel log and on a saved dmesg names the two functions and the lock
 * class; a second demo adds no report; the bank still balances.
 */
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/klog.h>

#include "kselftest_harness.h"
#include "synclab_test.h"

#define REPORT	"possible circular locking dependency detected"

static char klog[1 << 20];

/* The kernel log, and how many circular-locking reports it holds. */
static int count_reports(void)
{
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, klog, sizeof(klog) - 1);
	char *p = klog;
	int count = 0;

	if (n < 0)
		return -1;
	klog[n] = '\0';
	while ((p = strstr(p, REPORT))) {
		count++;
		p += strlen(REPORT);
	}
	return count;
}

static int set_strategy(int fd, __u32 strategy)
{
	struct synclab_order_strategy s = { .strategy = strategy };

	return ioctl(fd, SYNCLAB_ORDER_IOC_STRATEGY, &s);
}

/* The module was loaded with order_allow_inverted=1; lockdep is on. */
TEST(param_on_lockdep_on)
{
	char buf[4096] = "";
	FILE *f = fopen("/sys/module/synclab/parameters/order_allow_inverted", "r");
	long debug_locks = sl_lockdep_stat("debug_locks");

	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(buf, sizeof(buf), f));
	fclose(f);
	ASSERT_EQ('Y', buf[0]);
	ASSERT_NE(-1, debug_locks) TH_LOG("the demo needs the debug kernel");
	ASSERT_EQ(1, debug_locks);
	ASSERT_EQ(0, count_reports());
}

static int opener_without_cap(void *unused)
{
	struct synclab_order_create c = {
		.accounts = 2, .balance = 1, .strategy = SYNCLAB_ORDER_INVERTED,
	};
	struct synclab_order_demo d = {};
	int fd;

	(void)unused;
	fd = open(SYNCLAB_DEV_ORDER, O_RDWR);
	if (fd < 0)
		return 11;
	if (!set_strategy(fd, SYNCLAB_ORDER_INVERTED) || errno != EPERM)
		return 12;
	if (!ioctl(fd, SYNCLAB_ORDER_IOC_DEMO, &d) || errno != EPERM)
		return 13;
	if (!ioctl(fd, SYNCLAB_ORDER_IOC_CREATE, &c) || errno != EPERM)
		return 14;
	return 0;
}

/* With the parameter on, an opener without CAP_SYS_ADMIN is still refused. */
TEST(refused_without_cap_sys_admin)
{
	EXPECT_EQ(0, sl_run_without_cap(CAP_SYS_ADMIN, opener_without_cap,
					 NULL));
}

static int switch_with_inherited_fd(void *arg)
{
	int fd = *(int *)arg;

	if (getuid() != SYNCLAB_UNPRIV_UID)
		return 10;
	if (set_strategy(fd, SYNCLAB_ORDER_INVERTED))
		return 11;
	return set_strategy(fd, SYNCLAB_ORDER_ORDERED) ? 12 : 0;
}

/* The right is the opener's: a root-opened fd keeps it in a uid-1000 child. */
TEST(opener_credentials_travel_with_the_fd)
{
	int fd = open(SYNCLAB_DEV_ORDER, O_RDWR);

	ASSERT_LE(0, fd);
	EXPECT_EQ(0, sl_run_unprivileged(switch_with_inherited_fd, &fd));
	close(fd);
}

/* One thread, both orders: lockdep reports once, nothing deadlocks. */
TEST(demo_makes_lockdep_report)
{
	struct synclab_order_demo d = {};
	int fd = open(SYNCLAB_DEV_ORDER, O_RDWR);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, SYNCLAB_ORDER_IOC_DEMO, &d));
	close(fd);
	EXPECT_EQ(1, d.lockdep);
	EXPECT_EQ(1, d.before);
	EXPECT_EQ(0, d.after);
	ASSERT_EQ(1, count_reports());
	EXPECT_NE(NULL, strstr(klog, "(order_account/1)"));
	EXPECT_NE(NULL, strstr(klog, "at: order_lock_inverted+"));
	EXPECT_NE(NULL, strstr(klog, "order_lock_ordered+"));
}

/* Runs @cmd, returns its exit status, its output in @out. */
static int run(const char *cmd, char *out, size_t size)
{
	FILE *p = popen(cmd, "r");
	size_t n;

	if (!p)
		return -1;
	n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	return pclose(p);
}

static void check_explain(struct __test_metadata *_metadata, const char *cmd)
{
	static char out[8192];

	ASSERT_EQ(0, run(cmd, out, sizeof(out))) TH_LOG("%s: %s", cmd, out);
	TH_LOG("%s:\n%s", cmd, out);
	EXPECT_NE(NULL, strstr(out, "holds order_account/1 (taken in order_lock_inverted)"));
	EXPECT_NE(NULL, strstr(out, "and takes order_account in order_lock_inverted"));
	EXPECT_NE(NULL, strstr(out, "earlier: order_lock_ordered took order_account/1 while holding order_account"));
	EXPECT_NE(NULL, strstr(out, "cycle:   order_account -> order_account/1 -> order_account"));
	EXPECT_NE(NULL, strstr(out, "circular wait"));
	EXPECT_NE(NULL, strstr(out, "by id, the lower id first"));
}

/* explain, on the kernel log and on a saved dmesg, names both functions. */
TEST(explain_names_the_cycle)
{
	check_explain(_metadata, "synclab order explain 2>&1");
	ASSERT_EQ(0, system("dmesg >/tmp/dmesg.log"));
	check_explain(_metadata, "synclab order explain /tmp/dmesg.log 2>&1");
}

/* A second demo: lockdep is off now, so it says so and adds no report. */
TEST(second_demo_adds_nothing)
{
	struct synclab_order_demo d = {};
	struct synclab_order_audit a = {};
	int fd = open(SYNCLAB_DEV_ORDER, O_RDWR);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, SYNCLAB_ORDER_IOC_DEMO, &d));
	EXPECT_EQ(1, d.lockdep);
	EXPECT_EQ(0, d.before);
	EXPECT_EQ(0, d.after);
	ASSERT_EQ(0, ioctl(fd, SYNCLAB_ORDER_IOC_AUDIT, &a));
	EXPECT_EQ(1, a.ok);
	close(fd);
	EXPECT_EQ(1, count_reports());
}

TEST_HARNESS_MAIN
