// SPDX-License-Identifier: GPL-2.0
/*
 * core_test: what every synclab device shares. The control node opens, the
 * version ioctl answers and reports the kernel's real debug options, and
 * the ioctl path rejects bad arguments without side effects: unknown
 * commands, NULL, unmapped, straddling and read-only pointers, non-zero
 * reserved fields. Also: node permissions, the debugfs directory, and the
 * guest itself (CPUs, a high-resolution clocksource).
 */
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "synclab_test.h"

FIXTURE(ctl) {
	int fd;
};

FIXTURE_SETUP(ctl)
{
	SL_CTL_OPEN(self->fd);
}

FIXTURE_TEARDOWN(ctl)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* The version ioctl answers with this header's ABI and zeroed reserved. */
TEST_F(ctl, version)
{
	struct synclab_version v;
	unsigned int i;

	memset(&v, 0, sizeof(v));
	v.major = 0xdead;
	ASSERT_EQ(0, ioctl(self->fd, SYNCLAB_IOC_VERSION, &v));
	EXPECT_EQ(SYNCLAB_VERSION_MAJOR, v.major);
	EXPECT_EQ(SYNCLAB_VERSION_MINOR, v.minor);
	EXPECT_EQ(SYNCLAB_ABI, v.abi);
	EXPECT_EQ(0, v.debug & ~((1U << SYNCLAB_DBG_NBITS) - 1));
	for (i = 0; i < 4; i++)
		EXPECT_EQ(0, v.reserved[i]);
}

/* The debug bits describe the kernel the guest really runs. */
TEST_F(ctl, version_debug_flags_match_flavor)
{
	struct synclab_version v = {};
	const char *flavor = sl_flavor();

	ASSERT_EQ(0, ioctl(self->fd, SYNCLAB_IOC_VERSION, &v));
	if (!strcmp(flavor, "debug")) {
		EXPECT_TRUE(v.debug & SYNCLAB_DBG_LOCKDEP);
		EXPECT_TRUE(v.debug & SYNCLAB_DBG_KASAN);
		EXPECT_TRUE(v.debug & SYNCLAB_DBG_KMEMLEAK);
		EXPECT_FALSE(v.debug & SYNCLAB_DBG_KCSAN);
	} else if (!strcmp(flavor, "kcsan")) {
		EXPECT_TRUE(v.debug & SYNCLAB_DBG_KCSAN);
		EXPECT_TRUE(v.debug & SYNCLAB_DBG_LOCKDEP);
		EXPECT_FALSE(v.debug & SYNCLAB_DBG_KASAN);
	} else {
		EXPECT_FALSE(v.debug & (SYNCLAB_DBG_LOCKDEP | SYNCLAB_DBG_KASAN |
					SYNCLAB_DBG_KCSAN));
	}
}

/* Commands the node does not know fail with ENOTTY. */
TEST_F(ctl, unknown_ioctl_enotty)
{
	struct synclab_version v = {};
	const unsigned long cmds[] = {
		_IOWR(SYNCLAB_IOC_MAGIC, 0x7f, struct synclab_version),
		/* the version number with the wrong size or direction */
		_IOWR(SYNCLAB_IOC_MAGIC, 0x00, __u64),
		_IOR(SYNCLAB_IOC_MAGIC, 0x00, struct synclab_version),
		_IO(SYNCLAB_IOC_MAGIC, 0x00),
		/* someone else's magic */
		_IOWR(0x42, 0x00, struct synclab_version),
		0,
	};
	unsigned int i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		errno = 0;
		EXPECT_EQ(-1, ioctl(self->fd, cmds[i], &v));
		EXPECT_EQ(ENOTTY, errno) TH_LOG("cmd %#lx", cmds[i]);
	}
}

/* A NULL argument fails with EFAULT. */
TEST_F(ctl, version_null_efault)
{
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_IOC_VERSION, NULL));
	EXPECT_EQ(EFAULT, errno);
}

/* Unmapped pointers, and a struct straddling into a hole, fail with EFAULT. */
TEST_F(ctl, version_unmapped_efault)
{
	void *hole = sl_unmapped_addr();
	void *edge = sl_straddling_addr(8);

	ASSERT_NE(NULL, hole);
	ASSERT_NE(NULL, edge);
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_IOC_VERSION, hole));
	EXPECT_EQ(EFAULT, errno);
	memset(edge, 0, 8);
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_IOC_VERSION, edge));
	EXPECT_EQ(EFAULT, errno);
}

/* A valid argument in read-only memory: the copy out fails with EFAULT. */
TEST_F(ctl, version_readonly_efault)
{
	long pg = sysconf(_SC_PAGESIZE);
	struct synclab_version *v = mmap(NULL, pg, PROT_READ,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, v);
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_IOC_VERSION, v));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(0, v->abi);
	munmap(v, pg);
}

/* Any non-zero reserved word fails with EINVAL and writes nothing back. */
TEST_F(ctl, version_reserved_einval)
{
	struct synclab_version v;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		memset(&v, 0, sizeof(v));
		v.reserved[i] = 1ULL << (i * 16);
		errno = 0;
		EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_IOC_VERSION, &v));
		EXPECT_EQ(EINVAL, errno) TH_LOG("reserved[%u]", i);
		EXPECT_EQ(0, v.abi);
	}
}

/*
 * Every node is a root-only (0600) character device, and nothing else is
 * in /dev/synclab.
 */
TEST(nodes_mode)
{
	unsigned int i, n = 0;
	struct dirent *e;
	struct stat st;
	DIR *d;

	for (i = 0; i < SL_NNODES; i++) {
		const char *path = sl_nodes[i].path;

		ASSERT_EQ(0, stat(path, &st)) TH_LOG("%s", path);
		EXPECT_TRUE(S_ISCHR(st.st_mode)) TH_LOG("%s", path);
		EXPECT_EQ(0600, st.st_mode & 07777) TH_LOG("%s", path);
		EXPECT_EQ(0, st.st_uid) TH_LOG("%s", path);
	}
	d = opendir(SYNCLAB_DEV_DIR);
	ASSERT_NE(NULL, d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	EXPECT_EQ(SL_NNODES, n);
}

static int open_nodes_as_user(void *unused)
{
	unsigned int i;

	(void)unused;
	for (i = 0; i < SL_NNODES; i++) {
		if (open(sl_nodes[i].path, O_RDWR) >= 0)
			return 1 + i;
		if (errno != EACCES)
			return 10 + i;
	}
	return 0;
}

/* An unprivileged user can open none of them: EACCES. */
TEST(nodes_unprivileged_eacces)
{
	EXPECT_EQ(0, sl_run_unprivileged(open_nodes_as_user, NULL));
}

static int open_debugfs_as_user(void *unused)
{
	(void)unused;
	if (open(SYNCLAB_DEBUGFS "/version", O_RDONLY) >= 0)
		return 1;
	return errno == EACCES ? 0 : 2;
}

/* debugfs/synclab exists, reports the version, and is root-only. */
TEST(debugfs_dir)
{
	char buf[256] = "";
	struct stat st;
	ssize_t n;
	int fd;

	ASSERT_EQ(0, stat(SYNCLAB_DEBUGFS, &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	EXPECT_EQ(0, st.st_uid);
	ASSERT_EQ(0, stat(SYNCLAB_DEBUGFS "/version", &st));
	EXPECT_EQ(0400, st.st_mode & 07777);
	fd = open(SYNCLAB_DEBUGFS "/version", O_RDONLY);
	ASSERT_LE(0, fd);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ASSERT_LT(0, n);
	EXPECT_EQ(0, strncmp(buf, "synclab ", 8)) TH_LOG("got: %s", buf);
	EXPECT_NE(NULL, strstr(buf, "\nkernel "));
	EXPECT_EQ(0, sl_run_unprivileged(open_debugfs_as_user, NULL));
}

/*
 * The guest the figures come from: at least two CPUs online and a
 * clocksource finer than jiffies (the MP table and the TSC bring them).
 */
TEST(guest_cpus_and_clock)
{
	char cs[64] = "";
	FILE *f;

	EXPECT_LE(2, sysconf(_SC_NPROCESSORS_ONLN));
	f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		  "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(cs, sizeof(cs), f));
	fclose(f);
	EXPECT_EQ(NULL, strstr(cs, "jiffies")) TH_LOG("clocksource %s", cs);
}

TEST_HARNESS_MAIN
