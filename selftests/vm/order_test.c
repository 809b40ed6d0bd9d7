// SPDX-License-Identifier: GPL-2.0
/*
 * order_test: /dev/synclab/order in the guest, module loaded without
 * order_allow_inverted (the lockdep demo has its own boot: order_demo).
 *
 * - Concurrent transfers from threads and from processes keep the total,
 *   audited while they run, for ordered, trylock and coarse, and while the
 *   strategy switches; the per-strategy counts add up.
 * - Every bad input is refused with its errno and changes nothing: EINVAL
 *   for the same account twice, unknown ids, huge amounts, bad banks,
 *   unknown strategies and non-zero reserved bytes; ERANGE for an
 *   overdraw; EPERM for inverted and the demo; ENOTTY; EFAULT.
 * - The rights travel with the opener's credentials.
 * - debugfs shows the accounts, the audit, the lock order and the counts,
 *   root-only and without kernel pointers.
 * - Lockdep is still on at the end: no report came from any of it.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "synclab_test.h"

#define ORDER_DEBUGFS	SYNCLAB_DEBUGFS "/order"
#define ACCOUNTS	8
#define BALANCE		1000
#define THREADS		4
#define PER_THREAD	2000
/*
 * The load tests' limit. Under TCG on a loaded host the 4096-account
 * variants took more than the harness's default 30 s now and then; the
 * limit is there to stop a hang, not to judge speed.
 */
#define LOAD_TIMEOUT	300

static const char * const strategy_names[] = SYNCLAB_ORDER_STRATEGY_NAMES;

static int create(int fd, __u32 accounts, __s64 balance, __u32 strategy,
		  __u32 flags)
{
	struct synclab_order_create c = {
		.accounts = accounts, .balance = balance,
		.strategy = strategy, .flags = flags,
	};

	return ioctl(fd, SYNCLAB_ORDER_IOC_CREATE, &c);
}

static int transfer(int fd, __u32 from, __u32 to, __u64 amount)
{
	struct synclab_order_transfer t = {
		.from = from, .to = to, .amount = amount,
	};

	return ioctl(fd, SYNCLAB_ORDER_IOC_TRANSFER, &t);
}

static int audit(int fd, struct synclab_order_audit *a)
{
	memset(a, 0, sizeof(*a));
	return ioctl(fd, SYNCLAB_ORDER_IOC_AUDIT, a);
}

static int stats(int fd, struct synclab_order_stats *st)
{
	memset(st, 0, sizeof(*st));
	return ioctl(fd, SYNCLAB_ORDER_IOC_STATS, st);
}

/* A debugfs file, whole, into @buf; its length or -1. */
static ssize_t read_file(const char *path, char *buf, size_t size)
{
	ssize_t n, len = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + len, size - 1 - (size_t)len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	return n < 0 ? -1 : len;
}

/* The balances debugfs shows, checked to be "id balance" in id order. */
static int read_balances(long long *bal, unsigned int n)
{
	static char buf[1 << 20];
	unsigned int id, i = 0;
	long long b;
	char *p = buf;
	int used;

	if (read_file(ORDER_DEBUGFS "/accounts", buf, sizeof(buf)) < 0)
		return -1;
	while (sscanf(p, "%u %lld\n%n", &id, &b, &used) == 2) {
		if (id != i || i >= n)
			return -1;
		bal[i++] = b;
		p += used;
	}
	return *p || i != n ? -1 : 0;
}

FIXTURE(order) {
	int fd;
};

FIXTURE_SETUP(order)
{
	self->fd = open(SYNCLAB_DEV_ORDER, O_RDWR);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, SYNCLAB_DEV_ORDER " missing: module not loaded");
	ASSERT_LE(0, self->fd) TH_LOG("open: %s", strerror(errno));
	ASSERT_EQ(0, create(self->fd, ACCOUNTS, BALANCE,
			    SYNCLAB_ORDER_ORDERED, 0));
}

FIXTURE_TEARDOWN(order)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* A new bank audits to accounts * balance, and debugfs agrees. */
TEST_F(order, create_then_audit)
{
	struct synclab_order_audit a;
	long long bal[ACCOUNTS];
	unsigned int i;

	ASSERT_EQ(0, audit(self->fd, &a));
	EXPECT_EQ(ACCOUNTS * BALANCE, a.total);
	EXPECT_EQ(ACCOUNTS * BALANCE, a.expected);
	EXPECT_EQ(1, a.ok);
	EXPECT_EQ(ACCOUNTS, a.accounts);
	EXPECT_EQ(SYNCLAB_ORDER_ORDERED, a.strategy);
	EXPECT_EQ(0, a.flags);
	EXPECT_EQ(0, a.reserved[0] | a.reserved[1]);
	ASSERT_EQ(0, read_balances(bal, ACCOUNTS));
	for (i = 0; i < ACCOUNTS; i++)
		EXPECT_EQ(BALANCE, bal[i]);
}

/* A transfer moves exactly its amount and says how it ran. */
TEST_F(order, transfer_moves_money)
{
	struct synclab_order_transfer t = {
		.from = 5, .to = 2, .amount = 300,
		.retries = 77, .backoffs = 77, .strategy = 77,
	};
	struct synclab_order_stats st;
	long long bal[ACCOUNTS];

	ASSERT_EQ(0, ioctl(self->fd, SYNCLAB_ORDER_IOC_TRANSFER, &t));
	EXPECT_EQ(0, t.retries);
	EXPECT_EQ(0, t.backoffs);
	EXPECT_EQ(SYNCLAB_ORDER_ORDERED, t.strategy);
	ASSERT_EQ(0, read_balances(bal, ACCOUNTS));
	EXPECT_EQ(BALANCE - 300, bal[5]);
	EXPECT_EQ(BALANCE + 300, bal[2]);
	EXPECT_EQ(0, transfer(self->fd, 2, 5, 300));
	ASSERT_EQ(0, stats(self->fd, &st));
	EXPECT_EQ(2, st.per[SYNCLAB_ORDER_ORDERED].transfers);
	EXPECT_EQ(ACCOUNTS, st.accounts);
	EXPECT_EQ(SYNCLAB_ORDER_ORDERED, st.strategy);
}

struct load {
	int fd;
	unsigned int id;
	unsigned int accounts;
	int failures;		/* unexpected errors */
	int stop;		/* atomic */
	int bad_audits;
	int audits;
};

/* Random transfers among @l->accounts; ERANGE (overdraw) is expected. */
static int run_transfers(int fd, unsigned int seed, unsigned int accounts,
			 unsigned int n)
{
	unsigned int i, failures = 0;

	for (i = 0; i < n; i++) {
		__u32 from = rand_r(&seed) % accounts;
		__u32 to = rand_r(&seed) % (accounts - 1);

		to += to >= from;
		if (transfer(fd, from, to, rand_r(&seed) % 200) &&
		    errno != ERANGE)
			failures++;
	}
	return (int)failures;
}

static void *transfer_thread(void *arg)
{
	struct load *l = arg;

	l->failures = run_transfers(l->fd, l->id * 7919 + 1, l->accounts,
				    PER_THREAD);
	return NULL;
}

/* Audits until told to stop; every audit must balance. */
static void *audit_thread(void *arg)
{
	struct load *l = arg;
	struct synclab_order_audit a;

	while (!__atomic_load_n(&l->stop, __ATOMIC_ACQUIRE)) {
		if (audit(l->fd, &a) || !a.ok)
			l->bad_audits++;
		l->audits++;
		usleep(1000);
	}
	return NULL;
}

FIXTURE(load) {
	int fd;
};

FIXTURE_VARIANT(load) {
	__u32 strategy;
	unsigned int accounts;
};

FIXTURE_VARIANT_ADD(load, ordered) { SYNCLAB_ORDER_ORDERED, 4 };
FIXTURE_VARIANT_ADD(load, trylock) { SYNCLAB_ORDER_TRYLOCK, 4 };
FIXTURE_VARIANT_ADD(load, coarse) { SYNCLAB_ORDER_COARSE, 4 };
FIXTURE_VARIANT_ADD(load, ordered_many) { SYNCLAB_ORDER_ORDERED, 4096 };
FIXTURE_VARIANT_ADD(load, trylock_two) { SYNCLAB_ORDER_TRYLOCK, 2 };

FIXTURE_SETUP(load)
{
	self->fd = open(SYNCLAB_DEV_ORDER, O_RDWR);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, SYNCLAB_DEV_ORDER " missing: module not loaded");
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, create(self->fd, variant->accounts, BALANCE,
			    variant->strategy, 0));
}

FIXTURE_TEARDOWN(load)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* The final checks of a load test: audit, counts, debugfs. */
static void check_after_load(struct __test_metadata *_metadata, int fd,
			     __u32 strategy, unsigned int accounts,
			     unsigned long long transfers)
{
	struct synclab_order_audit a;
	struct synclab_order_stats st;
	static long long bal[4096];
	long long sum = 0;
	unsigned int i;

	ASSERT_EQ(0, audit(fd, &a));
	EXPECT_EQ(1, a.ok) TH_LOG("total %lld expected %lld",
				  (long long)a.total, (long long)a.expected);
	EXPECT_EQ((long long)accounts * BALANCE, a.total);
	ASSERT_EQ(0, stats(fd, &st));
	EXPECT_EQ(transfers, st.per[strategy].transfers +
			     st.per[strategy].refused);
	EXPECT_LE(st.per[strategy].backoffs, st.per[strategy].retries);
	ASSERT_EQ(0, read_balances(bal, accounts));
	for (i = 0; i < accounts; i++) {
		EXPECT_LE(0, bal[i]);
		sum += bal[i];
	}
	EXPECT_EQ(a.expected, sum);
	TH_LOG("%s, %u accounts: %llu transfers, %llu refused, %llu retries, %llu backoffs",
	       strategy_names[strategy], accounts,
	       (unsigned long long)st.per[strategy].transfers,
	       (unsigned long long)st.per[strategy].refused,
	       (unsigned long long)st.per[strategy].retries,
	       (unsigned long long)st.per[strategy].backoffs);
}

/* Threads transfer concurrently while another thread audits. */
TEST_F_TIMEOUT(load, threads_keep_the_total, LOAD_TIMEOUT)
{
	struct load l[THREADS + 1];
	pthread_t t[THREADS + 1];
	unsigned int i;

	memset(l, 0, sizeof(l));
	for (i = 0; i <= THREADS; i++) {
		l[i].fd = self->fd;
		l[i].id = i;
		l[i].accounts = variant->accounts;
	}
	ASSERT_EQ(0, pthread_create(&t[THREADS], NULL, audit_thread,
				    &l[THREADS]));
	for (i = 0; i < THREADS; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, transfer_thread, &l[i]));
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(0, l[i].failures);
	}
	__atomic_store_n(&l[THREADS].stop, 1, __ATOMIC_RELEASE);
	pthread_join(t[THREADS], NULL);
	EXPECT_EQ(0, l[THREADS].bad_audits);
	EXPECT_LT(0, l[THREADS].audits);
	check_after_load(_metadata, self->fd, variant->strategy,
			 variant->accounts, THREADS * PER_THREAD);
}

/* Processes, each with its own open file, transfer while the parent audits. */
TEST_F_TIMEOUT(load, processes_keep_the_total, LOAD_TIMEOUT)
{
	struct synclab_order_audit a;
	int status, bad = 0, audits = 0;
	unsigned int i, done = 0;
	pid_t pid[THREADS];

	for (i = 0; i < THREADS; i++) {
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (pid[i] == 0) {
			int fd = open(SYNCLAB_DEV_ORDER, O_RDWR);

			_exit(fd < 0 ? 100 : run_transfers(fd, i * 104729 + 3,
							  variant->accounts,
							  PER_THREAD) ? 1 : 0);
		}
	}
	while (done < THREADS) {
		if (audit(self->fd, &a) || !a.ok)
			bad++;
		audits++;
		usleep(1000);
		for (i = 0; i < THREADS; i++) {
			if (pid[i] && waitpid(pid[i], &status, WNOHANG) == pid[i]) {
				EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
				pid[i] = 0;
				done++;
			}
		}
	}
	EXPECT_EQ(0, bad);
	TH_LOG("%d audits while the processes ran", audits);
	check_after_load(_metadata, self->fd, variant->strategy,
			 variant->accounts, THREADS * PER_THREAD);
}

/* The strategy switches under load: each transfer runs whole under one. */
TEST_F(order, strategy_switches_under_load)
{
	struct load l[THREADS];
	struct synclab_order_strategy s = {};
	struct synclab_order_audit a;
	struct synclab_order_stats st;
	unsigned long long sum = 0;
	pthread_t t[THREADS];
	unsigned int i, k;

	memset(l, 0, sizeof(l));
	for (i = 0; i < THREADS; i++) {
		l[i].fd = self->fd;
		l[i].id = i + 10;
		l[i].accounts = ACCOUNTS;
		ASSERT_EQ(0, pthread_create(&t[i], NULL, transfer_thread, &l[i]));
	}
	for (k = 0; k < 12; k++) {
		s.strategy = k % 3;
		EXPECT_EQ(0, ioctl(self->fd, SYNCLAB_ORDER_IOC_STRATEGY, &s));
		ASSERT_EQ(0, audit(self->fd, &a));
		EXPECT_EQ(1, a.ok);
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(0, l[i].failures);
	}
	ASSERT_EQ(0, audit(self->fd, &a));
	EXPECT_EQ(1, a.ok);
	ASSERT_EQ(0, stats(self->fd, &st));
	for (i = 0; i < SYNCLAB_ORDER_NSTRATEGIES; i++)
		sum += st.per[i].transfers + st.per[i].refused;
	EXPECT_EQ(THREADS * PER_THREAD, sum);
	EXPECT_EQ(0, st.per[SYNCLAB_ORDER_INVERTED].transfers);
}

/* Balances and counts, to show that a refusal changed nothing. */
struct snapshot {
	long long bal[ACCOUNTS];
	struct synclab_order_stats st;
};

static void snap(struct __test_metadata *_metadata, int fd, struct snapshot *s)
{
	ASSERT_EQ(0, read_balances(s->bal, ACCOUNTS));
	ASSERT_EQ(0, stats(fd, &s->st));
}

static void expect_unchanged(struct __test_metadata *_metadata, int fd,
			     const struct snapshot *before)
{
	struct snapshot now;
	unsigned int i;

	snap(_metadata, fd, &now);
	for (i = 0; i < ACCOUNTS; i++)
		EXPECT_EQ(before->bal[i], now.bal[i]) TH_LOG("account %u", i);
	for (i = 0; i < SYNCLAB_ORDER_NSTRATEGIES; i++)
		EXPECT_EQ(before->st.per[i].transfers, now.st.per[i].transfers);
	EXPECT_EQ(before->st.strategy, now.st.strategy);
	EXPECT_EQ(before->st.accounts, now.st.accounts);
}

#define EXPECT_ERRNO(err, call) do {			\
	errno = 0;					\
	EXPECT_EQ(-1, (call));				\
	EXPECT_EQ(err, errno) TH_LOG("%s", #call);	\
} while (0)

/* Same account, unknown ids, amounts beyond s64: EINVAL, no change. */
TEST_F(order, transfer_bad_input_einval)
{
	struct snapshot before;

	snap(_metadata, self->fd, &before);
	EXPECT_ERRNO(EINVAL, transfer(self->fd, 3, 3, 1));
	EXPECT_ERRNO(EINVAL, transfer(self->fd, ACCOUNTS, 0, 1));
	EXPECT_ERRNO(EINVAL, transfer(self->fd, 0, ACCOUNTS, 1));
	EXPECT_ERRNO(EINVAL, transfer(self->fd, UINT32_MAX, 1, 1));
	EXPECT_ERRNO(EINVAL, transfer(self->fd, 0, 1, (__u64)INT64_MAX + 1));
	EXPECT_ERRNO(EINVAL, transfer(self->fd, 0, 1, UINT64_MAX));
	expect_unchanged(_metadata, self->fd, &before);
}

/* A transfer beyond the balance of a bank without overdraw: ERANGE. */
TEST_F(order, overdraw_erange)
{
	struct synclab_order_stats st;
	struct snapshot before;

	snap(_metadata, self->fd, &before);
	EXPECT_ERRNO(ERANGE, transfer(self->fd, 1, 0, BALANCE + 1));
	expect_unchanged(_metadata, self->fd, &before);
	ASSERT_EQ(0, stats(self->fd, &st));
	EXPECT_EQ(1, st.per[SYNCLAB_ORDER_ORDERED].refused);
	EXPECT_EQ(0, transfer(self->fd, 1, 0, BALANCE));
	EXPECT_ERRNO(ERANGE, transfer(self->fd, 1, 0, 1));

	/* With overdraw, below zero is fine. */
	ASSERT_EQ(0, create(self->fd, 2, 0, SYNCLAB_ORDER_COARSE,
			    SYNCLAB_ORDER_OVERDRAW));
	EXPECT_EQ(0, transfer(self->fd, 0, 1, 500));
	/* -500 - INT64_MAX is below INT64_MIN */
	EXPECT_ERRNO(ERANGE, transfer(self->fd, 0, 1, INT64_MAX));
}

/* Bad banks: EINVAL, and the old bank stays. */
TEST_F(order, create_bad_bank_einval)
{
	struct synclab_order_create c;
	struct snapshot before;
	unsigned int i;
	struct {
		__u32 accounts;
		__s64 balance;
		__u32 strategy, flags;
		int err;
	} bad[] = {
		{ 0, 1, 0, 0, EINVAL },
		{ 1, 1, 0, 0, EINVAL },
		{ SYNCLAB_ORDER_MAX_ACCOUNTS + 1, 1, 0, 0, EINVAL },
		{ 2, -1, 0, 0, EINVAL },
		{ 4, INT64_MAX / 3, 0, 0, EINVAL },
		{ 2, 1, SYNCLAB_ORDER_NSTRATEGIES, 0, EINVAL },
		{ 2, 1, 0, 2, EINVAL },
		{ 2, 1, 0, 0x80000000u, EINVAL },
	};

	EXPECT_EQ(0, transfer(self->fd, 0, 7, 10));
	snap(_metadata, self->fd, &before);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_ERRNO(bad[i].err, create(self->fd, bad[i].accounts,
						bad[i].balance, bad[i].strategy,
						bad[i].flags));
	for (i = 0; i < 5; i++) {
		memset(&c, 0, sizeof(c));
		c.accounts = 2;
		if (i == 0)
			c.reserved0 = 1;
		else if (i < 3)
			c.reserved[i - 1] = 1ULL << 63;
		else
			((__u8 *)&c.reserved)[i * 3] = 1;
		EXPECT_ERRNO(EINVAL, ioctl(self->fd, SYNCLAB_ORDER_IOC_CREATE, &c));
	}
	expect_unchanged(_metadata, self->fd, &before);
}

/* Non-zero reserved bytes: EINVAL from every command, nothing done. */
TEST_F(order, reserved_nonzero_einval)
{
	struct synclab_order_transfer t;
	struct synclab_order_strategy s;
	struct synclab_order_audit a;
	struct synclab_order_demo d;
	struct synclab_order_stats st;
	struct snapshot before;
	unsigned int i;

	snap(_metadata, self->fd, &before);
	for (i = 0; i < 3; i++) {
		memset(&t, 0, sizeof(t));
		t.from = 0;
		t.to = 1;
		t.amount = 1;
		if (i == 0)
			t.reserved0 = 1;
		else
			t.reserved[i - 1] = 1;
		EXPECT_ERRNO(EINVAL, ioctl(self->fd, SYNCLAB_ORDER_IOC_TRANSFER, &t));
		memset(&s, 0, sizeof(s));
		s.reserved[i] = 1;
		EXPECT_ERRNO(EINVAL, ioctl(self->fd, SYNCLAB_ORDER_IOC_STRATEGY, &s));
	}
	/* AUDIT, DEMO, STATS: every field is out, all must be zero in. */
	memset(&a, 0, sizeof(a));
	a.total = 1;
	EXPECT_ERRNO(EINVAL, ioctl(self->fd, SYNCLAB_ORDER_IOC_AUDIT, &a));
	memset(&a, 0, sizeof(a));
	a.reserved[1] = 1;
	EXPECT_ERRNO(EINVAL, ioctl(self->fd, SYNCLAB_ORDER_IOC_AUDIT, &a));
	memset(&d, 0, sizeof(d));
	d.reserved0 = 1;
	EXPECT_ERRNO(EINVAL, ioctl(self->fd, SYNCLAB_ORDER_IOC_DEMO, &d));
	memset(&st, 0, sizeof(st));
	st.per[2].retries = 1;
	EXPECT_ERRNO(EINVAL, ioctl(self->fd, SYNCLAB_ORDER_IOC_STATS, &st));
	memset(&st, 0, sizeof(st));
	st.reserved[3] = 1;
	EXPECT_ERRNO(EINVAL, ioctl(self->fd, SYNCLAB_ORDER_IOC_STATS, &st));
	expect_unchanged(_metadata, self->fd, &before);
}

/* An unknown strategy is EINVAL; the known safe ones switch. */
TEST_F(order, strategy_unknown_einval)
{
	struct synclab_order_strategy s = { .strategy = SYNCLAB_ORDER_NSTRATEGIES };
	struct synclab_order_stats st;
	__u32 i;

	EXPECT_ERRNO(EINVAL, ioctl(self->fd, SYNCLAB_ORDER_IOC_STRATEGY, &s));
	s.strategy = UINT32_MAX;
	EXPECT_ERRNO(EINVAL, ioctl(self->fd, SYNCLAB_ORDER_IOC_STRATEGY, &s));
	for (i = SYNCLAB_ORDER_COARSE + 1; i-- > 0;) {
		s.strategy = i;
		EXPECT_EQ(0, ioctl(self->fd, SYNCLAB_ORDER_IOC_STRATEGY, &s));
		ASSERT_EQ(0, stats(self->fd, &st));
		EXPECT_EQ(i, st.strategy);
	}
}

static bool param_allows_inverted(void)
{
	char buf[8] = "";

	read_file("/sys/module/synclab/parameters/order_allow_inverted", buf,
		  sizeof(buf));
	return buf[0] == 'Y';
}

/* Without order_allow_inverted: inverted and the demo are EPERM, even for root. */
TEST_F(order, inverted_refused_without_param_eperm)
{
	struct synclab_order_strategy s = { .strategy = SYNCLAB_ORDER_INVERTED };
	struct synclab_order_demo d = {};
	struct snapshot before;
	struct stat sb;

	ASSERT_EQ(0, stat("/sys/module/synclab/parameters/order_allow_inverted", &sb));
	EXPECT_EQ(0444, sb.st_mode & 07777);
	if (param_allows_inverted())
		SKIP(return, "loaded with order_allow_inverted=1: order_demo covers that");
	snap(_metadata, self->fd, &before);
	EXPECT_ERRNO(EPERM, ioctl(self->fd, SYNCLAB_ORDER_IOC_STRATEGY, &s));
	EXPECT_ERRNO(EPERM, ioctl(self->fd, SYNCLAB_ORDER_IOC_DEMO, &d));
	EXPECT_ERRNO(EPERM, create(self->fd, 2, 1, SYNCLAB_ORDER_INVERTED, 0));
	EXPECT_EQ(0, d.lockdep | d.before | d.after);
	expect_unchanged(_metadata, self->fd, &before);
}

static int inverted_as_opener_without_cap(void *unused)
{
	struct synclab_order_strategy s = { .strategy = SYNCLAB_ORDER_INVERTED };
	int fd;

	(void)unused;
	fd = open(SYNCLAB_DEV_ORDER, O_RDWR);
	if (fd < 0)
		return 11;
	if (!ioctl(fd, SYNCLAB_ORDER_IOC_STRATEGY, &s) || errno != EPERM)
		return 12;
	s.strategy = SYNCLAB_ORDER_TRYLOCK;	/* the rest still works */
	if (ioctl(fd, SYNCLAB_ORDER_IOC_STRATEGY, &s) || transfer(fd, 0, 1, 1))
		return 13;
	return 0;
}

/* Root without CAP_SYS_ADMIN, opening the node itself: inverted is EPERM. */
TEST_F(order, inverted_refused_without_cap_sys_admin)
{
	EXPECT_EQ(0, sl_run_without_cap(CAP_SYS_ADMIN,
					inverted_as_opener_without_cap, NULL));
}

static int use_inherited_fd(void *arg)
{
	struct synclab_order_audit a;
	int fd = *(int *)arg;

	if (getuid() != SYNCLAB_UNPRIV_UID)
		return 10;
	if (open(SYNCLAB_DEV_ORDER, O_RDWR) >= 0 || errno != EACCES)
		return 11;
	if (transfer(fd, 0, 1, 1) || audit(fd, &a) || !a.ok)
		return 12;
	return 0;
}

/*
 * The node is root-only; rights are checked against the opener: an fd
 * root opened works in an unprivileged child, which cannot open it.
 */
TEST_F(order, rights_travel_with_the_opener)
{
	struct stat st;

	ASSERT_EQ(0, stat(SYNCLAB_DEV_ORDER, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0600, st.st_mode & 07777);
	EXPECT_EQ(0, st.st_uid);
	EXPECT_EQ(0, sl_run_unprivileged(use_inherited_fd, &self->fd));
}

/* Commands the node does not know, or a known one with a wrong size. */
TEST_F(order, unknown_ioctl_enotty)
{
	char buf[256] = {};
	const unsigned long cmds[] = {
		_IOWR(SYNCLAB_IOC_MAGIC, 0x36, struct synclab_order_stats),
		_IOWR(SYNCLAB_IOC_MAGIC, 0x3f, struct synclab_order_transfer),
		_IOWR(SYNCLAB_IOC_MAGIC, 0x31, __u64),
		_IOR(SYNCLAB_IOC_MAGIC, 0x31, struct synclab_order_transfer),
		_IO(SYNCLAB_IOC_MAGIC, 0x32),
		_IOWR(SYNCLAB_IOC_MAGIC, 0x10, struct synclab_route_table),
	};
	unsigned int i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		EXPECT_ERRNO(ENOTTY, ioctl(self->fd, cmds[i], buf));
	/* The common commands answer here too. */
	EXPECT_EQ(0, ioctl(self->fd, SYNCLAB_IOC_VERSION, buf));
}

/* NULL and unmapped arguments: EFAULT, nothing done. */
TEST_F(order, bad_pointers_efault)
{
	const unsigned long cmds[] = {
		SYNCLAB_ORDER_IOC_CREATE, SYNCLAB_ORDER_IOC_TRANSFER,
		SYNCLAB_ORDER_IOC_AUDIT, SYNCLAB_ORDER_IOC_STRATEGY,
		SYNCLAB_ORDER_IOC_DEMO, SYNCLAB_ORDER_IOC_STATS,
	};
	struct snapshot before;
	void *hole = sl_unmapped_addr();
	unsigned int i;

	ASSERT_NE(NULL, hole);
	snap(_metadata, self->fd, &before);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		EXPECT_ERRNO(EFAULT, ioctl(self->fd, cmds[i], NULL));
		EXPECT_ERRNO(EFAULT, ioctl(self->fd, cmds[i], hole));
	}
	expect_unchanged(_metadata, self->fd, &before);
}

/* debugfs synclab/order: root-only files, their formats, no pointers. */
TEST_F(order, debugfs_views)
{
	const struct sl_debugfs *f;
	static char buf[8192];
	unsigned long long transfers;
	char name[16];
	struct stat st;

	ASSERT_EQ(0, transfer(self->fd, 1, 6, 250));
	for (f = sl_nodes[SL_ORDER].debugfs; f->name; f++) {
		char path[128];

		snprintf(path, sizeof(path), SYNCLAB_DEBUGFS "/%s", f->name);
		ASSERT_EQ(0, stat(path, &st)) TH_LOG("%s", path);
		EXPECT_EQ(0400, st.st_mode & 07777);
		EXPECT_EQ(0, st.st_uid);
		ASSERT_LT(0, read_file(path, buf, sizeof(buf)));
		EXPECT_EQ(NULL, strstr(buf, "ffff")) TH_LOG("%s: %s", path, buf);
	}
	ASSERT_LT(0, read_file(ORDER_DEBUGFS "/audit", buf, sizeof(buf)));
	EXPECT_STREQ("total 8000 expected 8000 ok 1\n", buf);
	ASSERT_LT(0, read_file(ORDER_DEBUGFS "/order", buf, sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, "order_ledger"));
	EXPECT_NE(NULL, strstr(buf, "order_coarse"));
	EXPECT_NE(NULL, strstr(buf, "order_account/1"));
	EXPECT_NE(NULL, strstr(buf, "lower id first"));
	ASSERT_LT(0, read_file(ORDER_DEBUGFS "/stats", buf, sizeof(buf)));
	EXPECT_EQ(0, strncmp(buf, "accounts 8 strategy ordered overdraw 0 audits ", 46))
		TH_LOG("%s", buf);
	ASSERT_EQ(2, sscanf(strchr(buf, '\n') + 1, "%15s transfers %llu", name,
			    &transfers));
	EXPECT_STREQ("ordered", name);
	EXPECT_EQ(1, transfers);
	EXPECT_NE(NULL, strstr(buf, "\ninverted transfers 0 refused 0 retries 0 backoffs 0\n"));
}

/*
 * The largest bank comes up, transfers between its ends and audits: the
 * audit holds at most two locks at a time, whatever the bank's size.
 */
TEST_F(order, largest_bank)
{
	struct synclab_order_audit a;

	ASSERT_EQ(0, create(self->fd, SYNCLAB_ORDER_MAX_ACCOUNTS, 3,
			    SYNCLAB_ORDER_TRYLOCK, 0));
	EXPECT_EQ(0, transfer(self->fd, SYNCLAB_ORDER_MAX_ACCOUNTS - 1, 0, 3));
	EXPECT_EQ(0, transfer(self->fd, 0, SYNCLAB_ORDER_MAX_ACCOUNTS - 2, 5));
	ASSERT_EQ(0, audit(self->fd, &a));
	EXPECT_EQ(1, a.ok);
	EXPECT_EQ(3LL * SYNCLAB_ORDER_MAX_ACCOUNTS, a.total);
	EXPECT_EQ(SYNCLAB_ORDER_MAX_ACCOUNTS, a.accounts);
}

/* Fixtures run in the order they are defined: this one comes last. */
FIXTURE(zz_last) {
	int unused;
};

FIXTURE_SETUP(zz_last) {}
FIXTURE_TEARDOWN(zz_last) {}

/*
 * Last: lockdep is still checking after all of the above, so ordered,
 * trylock and coarse made it report nothing (it stops at its first).
 */
TEST_F(zz_last, lockdep_still_on)
{
	long debug_locks = sl_lockdep_stat("debug_locks");

	if (debug_locks < 0)
		SKIP(return, "no lockdep in this kernel");
	EXPECT_EQ(1, debug_locks);
}

TEST_HARNESS_MAIN
