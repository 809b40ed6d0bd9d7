// SPDX-License-Identifier: GPL-2.0
/*
 * module_test: the module's lifetime. rmmod is refused while a device is
 * open and succeeds once it is closed; unload removes the nodes and the
 * debugfs directory; load/unload/reload cycles leave a working module;
 * a second load is refused. Runs last: it leaves the module loaded.
 */
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "kselftest_harness.h"
#include "synclab_test.h"

#define MODULE_PATH	"/lib/modules/synclab.ko"
#define RELOADS		10

static int sl_delete_module(int flags)
{
	return syscall(__NR_delete_module, "synclab", flags);
}

static int sl_load_module(void)
{
	int fd = open(MODULE_PATH, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -1;
	ret = syscall(__NR_finit_module, fd, "", 0);
	close(fd);
	return ret;
}

static bool sl_module_loaded(void)
{
	char line[256];
	bool found = false;
	FILE *f = fopen("/proc/modules", "r");

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "synclab ", 8))
			found = true;
	fclose(f);
	return found;
}

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

/* rmmod with an open file is refused; the device keeps working. */
TEST_F(lifetime, unload_refused_while_open)
{
	int fd = open(SYNCLAB_DEV_CTL, O_RDWR);

	ASSERT_LE(0, fd);
	errno = 0;
	EXPECT_EQ(-1, sl_delete_module(O_NONBLOCK));
	EXPECT_EQ(EWOULDBLOCK, errno);
	EXPECT_TRUE(sl_module_loaded());
	EXPECT_TRUE(sl_version_answers());
	close(fd);
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

/* Unload/reload cycles: nodes and debugfs come and go with the module. */
TEST_F(lifetime, reload_cycles)
{
	struct stat st;
	int i;

	for (i = 0; i < RELOADS; i++) {
		ASSERT_EQ(0, sl_delete_module(O_NONBLOCK))
			TH_LOG("cycle %d: %s", i, strerror(errno));
		EXPECT_EQ(-1, stat(SYNCLAB_DEV_CTL, &st));
		EXPECT_EQ(-1, stat(SYNCLAB_DEBUGFS, &st));
		ASSERT_EQ(0, sl_load_module())
			TH_LOG("cycle %d: %s", i, strerror(errno));
		ASSERT_TRUE(sl_version_answers());
		EXPECT_EQ(0, stat(SYNCLAB_DEBUGFS "/version", &st));
	}
}

TEST_HARNESS_MAIN
