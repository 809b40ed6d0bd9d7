/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the synclab VM selftests (kselftest harness, run as
 * root inside the guest by run_tests.sh).
 */
#ifndef SYNCLAB_TEST_H
#define SYNCLAB_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "uapi/synclab.h"

#define SYNCLAB_DEBUGFS	"/sys/kernel/debug/synclab"
#define SYNCLAB_UNPRIV_UID	1000	/* "synclab" in the guest's /etc/passwd */
#define MODULE_PATH		"/lib/modules/synclab.ko"
/* The kernel's own files that tests read. */
#define SL_LOCKDEP_STATS	"/proc/lockdep_stats"
#define SL_KMEMLEAK		"/sys/kernel/debug/kmemleak"

/*
 * The module's device nodes: the one list that every test walking all of
 * them reads (core_test, fuzz_test, fault_inject, order_test's debugfs
 * walk). A new device is one entry here, under a new SL_* index.
 */
enum sl_node_id { SL_CTL, SL_ROUTE, SL_RING, SL_ORDER, SL_KVMAP, SL_NNODES };

#define SL_MAX_CMDS	12
#define SL_MAX_DEBUGFS	6

/*
 * A debugfs file of a node, under SYNCLAB_DEBUGFS. @state: it shows what
 * the device holds, not counters of its history, so a failed command must
 * leave it unchanged (fault_inject compares it before and after).
 */
struct sl_debugfs {
	const char *name;
	bool state;
};

/*
 * One node: @path, SYNCLAB_DEV_*; @oflags, added to O_RDWR by tests that
 * must never block; @cmds, its ioctls, VERSION first, 0-terminated;
 * @debugfs, its files there, ended by a NULL name.
 */
struct sl_node {
	const char *path;
	int oflags;
	unsigned long cmds[SL_MAX_CMDS];
	struct sl_debugfs debugfs[SL_MAX_DEBUGFS];
};

static const struct sl_node sl_nodes[SL_NNODES] = {
	[SL_CTL] = {
		.path = SYNCLAB_DEV_CTL,
		.cmds = { SYNCLAB_IOC_VERSION, SYNCLAB_IOC_BENCH_RUN },
		.debugfs = { { "version" }, { "bench/last" } },
	},
	[SL_ROUTE] = {
		.path = SYNCLAB_DEV_ROUTE,
		.cmds = { SYNCLAB_IOC_VERSION, SYNCLAB_ROUTE_IOC_CREATE,
			  SYNCLAB_ROUTE_IOC_ADD, SYNCLAB_ROUTE_IOC_DEL,
			  SYNCLAB_ROUTE_IOC_LOOKUP, SYNCLAB_ROUTE_IOC_FLUSH,
			  SYNCLAB_ROUTE_IOC_LOAD, SYNCLAB_ROUTE_IOC_DUMP,
			  SYNCLAB_ROUTE_IOC_STATS },
		.debugfs = { { "route/table", true }, { "route/stats", true } },
	},
	[SL_RING] = {
		.path = SYNCLAB_DEV_RING,
		.oflags = O_NONBLOCK,
		.cmds = { SYNCLAB_IOC_VERSION, SYNCLAB_RING_IOC_CREATE,
			  SYNCLAB_RING_IOC_STAT, SYNCLAB_RING_IOC_RESET,
			  SYNCLAB_RING_IOC_SHUTDOWN },
		.debugfs = { { "ring/stat", true } },
	},
	[SL_ORDER] = {
		.path = SYNCLAB_DEV_ORDER,
		.cmds = { SYNCLAB_IOC_VERSION, SYNCLAB_ORDER_IOC_CREATE,
			  SYNCLAB_ORDER_IOC_TRANSFER, SYNCLAB_ORDER_IOC_AUDIT,
			  SYNCLAB_ORDER_IOC_STRATEGY, SYNCLAB_ORDER_IOC_DEMO,
			  SYNCLAB_ORDER_IOC_STATS },
		.debugfs = { { "order/accounts", true }, { "order/audit", true },
			     { "order/order" }, { "order/stats" } },
	},
	[SL_KVMAP] = {
		.path = SYNCLAB_DEV_KVMAP,
		.cmds = { SYNCLAB_IOC_VERSION, SYNCLAB_KVMAP_IOC_CREATE,
			  SYNCLAB_KVMAP_IOC_GET, SYNCLAB_KVMAP_IOC_PUT,
			  SYNCLAB_KVMAP_IOC_DEL, SYNCLAB_KVMAP_IOC_STATS },
		.debugfs = { { "kvmap/stats", true } },
	},
};

/*
 * One benchmark run (SYNCLAB_IOC_BENCH_RUN on /dev/synclab/ctl, @fd):
 * 0 or -errno; on EINTR *@res is the partial result the kernel wrote.
 */
static inline int sl_bench(int fd, const struct synclab_workload *w,
			   struct synclab_result *res)
{
	struct synclab_bench b;
	int ret;

	memset(&b, 0, sizeof(b));
	b.workload = *w;
	ret = ioctl(fd, SYNCLAB_IOC_BENCH_RUN, &b) ? -errno : 0;
	*res = b.result;
	return ret;
}

/* Opens node @id for a test that must never block; an fd or -1. */
static inline int sl_node_open(enum sl_node_id id)
{
	return open(sl_nodes[id].path, O_RDWR | O_CLOEXEC | sl_nodes[id].oflags);
}

/*
 * Opens /dev/synclab/ctl into @fd, in a test or a fixture's set-up of the
 * kselftest harness: the test is skipped when the module is not loaded
 * (no node), and fails on any other error.
 */
#define SL_CTL_OPEN(fd) do {						\
	(fd) = open(SYNCLAB_DEV_CTL, O_RDWR);				\
	if ((fd) < 0 && errno == ENOENT)				\
		SKIP(return, SYNCLAB_DEV_CTL " missing: module not loaded"); \
	ASSERT_LE(0, (fd)) TH_LOG("open %s: %s", SYNCLAB_DEV_CTL,	\
				  strerror(errno));			\
} while (0)

/* An address that is certainly not mapped: a page mapped, then unmapped. */
static inline void *sl_unmapped_addr(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	munmap(p, pg);
	return p;
}

/*
 * A pointer @inside bytes before an unmapped page: an object larger than
 * @inside straddles the hole with only its first @inside bytes mapped.
 */
static inline void *sl_straddling_addr(size_t inside)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	munmap(p + pg, pg);
	return p + pg - inside;
}

/* Which synclab kernel flavor runs this guest ("debug", "kcsan", "stock"). */
static inline const char *sl_flavor(void)
{
	static struct utsname u;

	if (uname(&u))
		return "unknown";
	if (strstr(u.release, "-synclab-debug"))
		return "debug";
	if (strstr(u.release, "-synclab-kcsan"))
		return "kcsan";
	return "stock";
}

/*
 * Drop @cap from this process's effective, permitted and inheritable sets
 * (root keeps its uid but loses the capability); 0 or -1.
 */
static inline int sl_drop_cap(unsigned int cap)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	unsigned int i = cap / 32, bit = 1U << (cap % 32);

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[i].effective &= ~bit;
	d[i].permitted &= ~bit;
	d[i].inheritable &= ~bit;
	return syscall(SYS_capset, &h, d) ? -1 : 0;
}

/*
 * Run @fn in a child that first drops to an unprivileged uid/gid
 * (@unpriv) or loses capability @cap (when >= 0); returns the child's exit
 * status (0..255; 250 or 251 when it could not drop) or -1 when it did not
 * exit normally.
 */
static inline int sl_run_child(int (*fn)(void *), void *arg, bool unpriv,
			       int cap)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (unpriv && (setgid(SYNCLAB_UNPRIV_UID) ||
			       setuid(SYNCLAB_UNPRIV_UID)))
			_exit(250);
		if (cap >= 0 && sl_drop_cap(cap))
			_exit(251);
		_exit(fn(arg));
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* @fn(@arg) as the unprivileged user, in a child: sl_run_child(). */
static inline int sl_run_unprivileged(int (*fn)(void *), void *arg)
{
	return sl_run_child(fn, arg, true, -1);
}

/* @fn(@arg) as root without @cap, in a child: sl_run_child(). */
static inline int sl_run_without_cap(unsigned int cap, int (*fn)(void *),
				     void *arg)
{
	return sl_run_child(fn, arg, false, (int)cap);
}

/* rmmod synclab (@flags: O_NONBLOCK, O_TRUNC); 0 or -1 with errno. */
static inline int sl_delete_module(int flags)
{
	return syscall(__NR_delete_module, "synclab", flags);
}

/* insmod MODULE_PATH with no parameters; 0 or -1 with errno. */
static inline int sl_load_module(void)
{
	int fd = open(MODULE_PATH, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -1;
	ret = syscall(__NR_finit_module, fd, "", 0);
	close(fd);
	return ret;
}

/* Whether /proc/modules lists synclab (loaded, or still unloading). */
static inline bool sl_module_loaded(void)
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

/*
 * One number of SL_LOCKDEP_STATS, by the name before its colon
 * ("debug_locks", "lock-classes"...); -1 when absent (no lockdep).
 */
static inline long sl_lockdep_stat(const char *key)
{
	char line[256];
	long v = -1;
	FILE *f = fopen(SL_LOCKDEP_STATS, "r");

	while (f && fgets(line, sizeof(line), f)) {
		char *p = line + strspn(line, " ");

		if (!strncmp(p, key, strlen(key)) && p[strlen(key)] == ':')
			v = strtol(p + strlen(key) + 1, NULL, 10);
	}
	if (f)
		fclose(f);
	return v;
}

/*
 * Make kmemleak scan, twice and 6 s apart: it reports only objects older
 * than 5 s. 0, or -1 when there is no kmemleak or it refused.
 */
static inline int sl_kmemleak_scan(void)
{
	int fd = open(SL_KMEMLEAK, O_WRONLY);
	bool ok;

	if (fd < 0)
		return -1;
	ok = write(fd, "scan", 4) == 4;
	sleep(6);
	ok = ok && write(fd, "scan", 4) == 4;
	close(fd);
	return ok ? 0 : -1;
}

#endif /* SYNCLAB_TEST_H */
