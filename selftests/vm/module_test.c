// SPDX-License-Identifier: GPL-2.0
/*
 * module_test: the module's lifetime. rmmod is refused while any device is
 * open and succeeds once it is closed; unload removes the nodes and the
 * debugfs directory; load/unload/reload cycles leave a working module;
 * a second load is refused. Runs last: it leaves the module loaded.
 */
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <sys/syscall.h>

#include "kselftest_harness.h"
#include "synclab_test.h"

#define RELOADS		10
#define LEAK_CYCLES	40	/* reloads_leak_nothing, see there */
#define LEAK_DEPS	100	/* its bound on new lockdep dependencies */

static bool sl_version_answers(void)
{
	struct synclab_version v = {};
	int fd = open(SYNCLAB_DEV_CTL, O_RDWR);
	bool ok;

	if (fd < 0)
		return false;
	ok = !ioctl(fd, SYNCLAB_IOC_VERSION, &v) && v.abi == SYNCLAB_ABI;
	close(fd);
	return ok;
}

FIXTURE(lifetime) {
	int unused;
};

FIXTURE_SETUP(lifetime)
{
	if (!sl_module_loaded() && sl_load_module())
		SKIP(return, "cannot load %s: %s", MODULE_PATH, strerror(errno));
}

FIXTURE_TEARDOWN(lifetime)
{
	/* Leave the module loaded for whatever runs next. */
	if (!sl_module_loaded())
		sl_load_module();
}

/* rmmod while any node is open is refused; the devices keep working. */
TEST_F(lifetime, unload_refused_while_open)
{
	int i;

	for (i = 0; i < SL_NNODES; i++) {
		int fd = sl_node_open(i);

		ASSERT_LE(0, fd) TH_LOG("%s", sl_nodes[i].path);
		errno = 0;
		EXPECT_EQ(-1, sl_delete_module(O_NONBLOCK))
			TH_LOG("%s", sl_nodes[i].path);
		EXPECT_EQ(EWOULDBLOCK, errno);
		EXPECT_TRUE(sl_module_loaded());
		EXPECT_TRUE(sl_version_answers());
		close(fd);
	}
	EXPECT_EQ(0, sl_delete_module(O_NONBLOCK));
	EXPECT_FALSE(sl_module_loaded());
}

/* Loading a loaded module is refused with EEXIST and changes nothing. */
TEST_F(lifetime, double_load_eexist)
{
	errno = 0;
	EXPECT_EQ(-1, sl_load_module());
	EXPECT_EQ(EEXIST, errno);
	EXPECT_TRUE(sl_version_answers());
}

/* How many of the module's nodes exist now. */
static int nodes_present(void)
{
	struct stat st;
	int i, n = 0;

	for (i = 0; i < SL_NNODES; i++)
		n += !stat(sl_nodes[i].path, &st);
	return n;
}

/* Unload/reload cycles: every node and debugfs come and go with the module. */
TEST_F(lifetime, reload_cycles)
{
	struct stat st;
	int i;

	for (i = 0; i < RELOADS; i++) {
		ASSERT_EQ(0, sl_delete_module(O_NONBLOCK))
			TH_LOG("cycle %d: %s", i, strerror(errno));
		EXPECT_EQ(0, nodes_present()) TH_LOG("cycle %d", i);
		EXPECT_EQ(-1, stat(SYNCLAB_DEBUGFS, &st));
		ASSERT_EQ(0, sl_load_module())
			TH_LOG("cycle %d: %s", i, strerror(errno));
		ASSERT_TRUE(sl_version_answers());
		EXPECT_EQ(SL_NNODES, nodes_present()) TH_LOG("cycle %d", i);
		EXPECT_EQ(0, stat(SYNCLAB_DEBUGFS "/version", &st));
	}
}

/*
 * Use every device once, so that the module's locks register their
 * lockdep classes, and leave RCU callbacks pending: 32 level-1 nodes
 * created and deleted just before the unload.
 */
static bool use_everything(void)
{
	int route = open(SYNCLAB_DEV_ROUTE, O_RDWR);
	int ring = open(SYNCLAB_DEV_RING, O_RDWR | O_NONBLOCK);
	int order = open(SYNCLAB_DEV_ORDER, O_RDWR);
	struct synclab_order_transfer t = { .from = 0, .to = 1, .amount = 1 };
	struct synclab_ring_rec rec = synclab_ring_rec_make(1, 0);
	struct synclab_route r = { .len = 24, .nexthop = 1 };
	bool ok = route >= 0 && ring >= 0 && order >= 0;
	int i;

	for (i = 0; ok && i < 32; i++) {
		r.prefix = 0x0a000000 | i << 16;
		ok = !ioctl(route, SYNCLAB_ROUTE_IOC_ADD, &r);
	}
	for (i = 0; ok && i < 32; i++) {
		r.prefix = 0x0a000000 | i << 16;
		ok = !ioctl(route, SYNCLAB_ROUTE_IOC_DEL, &r);
	}
	ok = ok && write(ring, &rec, sizeof(rec)) == sizeof(rec) &&
	     read(ring, &rec, sizeof(rec)) == sizeof(rec) &&
	     !ioctl(order, SYNCLAB_ORDER_IOC_TRANSFER, &t);
	close(route);
	close(ring);
	close(order);
	return ok;
}

/*
 * LEAK_CYCLES load, use, unload cycles, each unload with RCU callbacks
 * still pending (module exit waits for them with rcu_barrier()). Lockdep
 * zaps a module's classes and their dependencies when it goes: after a
 * warm-up cycle their numbers must stay where they were, give or take the
 * rest of the kernel's own activity (a leak of ours would add our dozens
 * of dependencies every cycle: near a thousand in 40 cycles, where the
 * bound allows 100; the kernel's own activity added 22 in 100 cycles and
 * 24 in 40, so its share does not grow with the cycles).
 * A cycle takes 1.6 s on the debug kernel under TCG, most of it kmemleak's
 * and lockdep's bookkeeping of a module load: 40, not 100, for a cold
 * make check within its 40 minutes. Lockdep never frees the
 * stack traces it recorded: their growth is reported, not judged. Memory:
 * kmemleak's scan afterwards (debug kernel) is judged by the console scan.
 */
TEST_F_TIMEOUT(lifetime, reloads_leak_nothing, 900)
{
	long classes0, deps0, chains0, traces0;
	int i;

	if (sl_lockdep_stat("lock-classes") < 0)
		SKIP(return, "no lockdep in this kernel");
	/* warm-up: the module's classes exist once */
	ASSERT_TRUE(use_everything());
	ASSERT_EQ(0, sl_delete_module(O_NONBLOCK));
	ASSERT_EQ(0, sl_load_module());
	ASSERT_TRUE(use_everything());
	classes0 = sl_lockdep_stat("lock-classes");
	deps0 = sl_lockdep_stat("direct dependencies");
	chains0 = sl_lockdep_stat("dependency chains");
	traces0 = sl_lockdep_stat("stack-trace entries");
	for (i = 0; i < LEAK_CYCLES; i++) {
		ASSERT_EQ(0, sl_delete_module(O_NONBLOCK)) TH_LOG("cycle %d", i);
		ASSERT_EQ(0, sl_load_module()) TH_LOG("cycle %d", i);
		ASSERT_TRUE(use_everything()) TH_LOG("cycle %d", i);
	}
	EXPECT_GE(classes0 + 8, sl_lockdep_stat("lock-classes"))
		TH_LOG("lock classes: %ld, now %ld", classes0,
		       sl_lockdep_stat("lock-classes"));
	EXPECT_GE(deps0 + LEAK_DEPS, sl_lockdep_stat("direct dependencies"))
		TH_LOG("direct dependencies: %ld, now %ld", deps0,
		       sl_lockdep_stat("direct dependencies"));
	printf("# figures: unload: %d load/use/unload cycles, RCU callbacks pending at each unload; lock classes %ld -> %ld, direct dependencies %ld -> %ld, dependency chains %ld -> %ld, stack-trace entries %ld -> %ld (never freed by lockdep)\n",
	       LEAK_CYCLES, classes0, sl_lockdep_stat("lock-classes"), deps0,
	       sl_lockdep_stat("direct dependencies"), chains0,
	       sl_lockdep_stat("dependency chains"), traces0,
	       sl_lockdep_stat("stack-trace entries"));
	fflush(stdout);
	if (!access(SL_KMEMLEAK, F_OK))
		ASSERT_EQ(0, sl_kmemleak_scan());
}

TEST_HARNESS_MAIN
