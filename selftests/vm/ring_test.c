// SPDX-License-Identifier: GPL-2.0
/*
 * ring_test: /dev/synclab/ring, the producer-consumer device. In each mode
 * (spinlock, mutex, spsc): records come back in order; O_NONBLOCK gives
 * EAGAIN and partial counts; poll() tracks full/empty and wakes; a signal
 * interrupts a blocked read or write with nothing lost; lengths that are
 * not whole records give EINVAL with the ring unchanged; NULL, unmapped
 * and read-only buffers give EFAULT with nothing consumed or produced.
 * Several processes producing and consuming at once see every record
 * exactly once, in per-producer order. Also: the ioctl error paths, a 1M
 * ring, the debugfs report, and unload with blocked tasks (rmmod refused,
 * SHUTDOWN wakes them with ESHUTDOWN, then rmmod and reload work, and
 * kmemleak finds nothing).
 */
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>

#include "kselftest_harness.h"
#include "synclab_test.h"

#define REC		sizeof(struct synclab_ring_rec)
#define CAP		16
#define RING_DEBUGFS	SYNCLAB_DEBUGFS "/ring/stat"
#define KMEMLEAK	"/sys/kernel/debug/kmemleak"

static int ring_create(int fd, __u32 capacity, __u32 mode)
{
	struct synclab_ring_config cfg = { .capacity = capacity, .mode = mode };

	return ioctl(fd, SYNCLAB_RING_IOC_CREATE, &cfg);
}

static struct synclab_ring_stats ring_stat(int fd)
{
	struct synclab_ring_stats st;

	memset(&st, 0xff, sizeof(st));
	if (ioctl(fd, SYNCLAB_RING_IOC_STAT, &st))
		memset(&st, 0xff, sizeof(st));
	return st;
}

static void fill_recs(struct synclab_ring_rec *r, unsigned int n,
		      __u16 producer, __u32 seq)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		r[i] = synclab_ring_rec_make(producer, seq + i);
}

/* Writes @n records (producer @p, seqs from @seq): true when all went. */
static bool put(int fd, unsigned int n, __u16 p, __u32 seq)
{
	struct synclab_ring_rec r[64];

	if (n > 64)
		return false;
	fill_recs(r, n, p, seq);
	return write(fd, r, n * REC) == (ssize_t)(n * REC);
}

/* Reads @n records and checks they are producer @p's, from @seq on. */
static bool get(int fd, unsigned int n, __u16 p, __u32 seq)
{
	struct synclab_ring_rec r[64];
	unsigned int i;

	if (n > 64 || read(fd, r, n * REC) != (ssize_t)(n * REC))
		return false;
	for (i = 0; i < n; i++)
		if (!synclab_ring_rec_ok(&r[i]) || r[i].producer != p ||
		    r[i].seq != seq + i)
			return false;
	return true;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * Forks a child that waits until the ring's producer (@producer) or
 * consumer wait counter passes @waits, i.e. the caller is about to
 * block or blocked, and then sends the caller SIGUSR1.
 */
static pid_t signal_when_waiting(bool producer, __u64 waits)
{
	pid_t parent = getpid(), pid = fork();
	struct synclab_ring_stats st;
	int fd, i;

	if (pid)
		return pid;
	fd = open(SYNCLAB_DEV_RING, O_RDWR);
	for (i = 0; fd >= 0 && i < 20000; i++) {
		st = ring_stat(fd);
		if ((producer ? st.producer_waits : st.consumer_waits) > waits)
			break;
		sleep_ms(1);
	}
	sleep_ms(50);
	kill(parent, SIGUSR1);
	_exit(0);
}

static void on_sigusr1(int sig)
{
	(void)sig;
}

/* SIGUSR1 interrupts system calls (no SA_RESTART): they fail with EINTR. */
static int catch_sigusr1(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigusr1;
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGUSR1, &sa, NULL);
}

FIXTURE(ring) {
	int fd;
};

FIXTURE_VARIANT(ring) {
	__u32 mode;
};

FIXTURE_VARIANT_ADD(ring, spinlock) { .mode = SYNCLAB_RING_SPINLOCK };
FIXTURE_VARIANT_ADD(ring, mutex) { .mode = SYNCLAB_RING_MUTEX };
FIXTURE_VARIANT_ADD(ring, spsc) { .mode = SYNCLAB_RING_SPSC };

FIXTURE_SETUP(ring)
{
	self->fd = open(SYNCLAB_DEV_RING, O_RDWR);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, SYNCLAB_DEV_RING " missing: module not loaded");
	ASSERT_LE(0, self->fd) TH_LOG("open: %s", strerror(errno));
	ASSERT_EQ(0, ring_create(self->fd, CAP, variant->mode));
}

FIXTURE_TEARDOWN(ring)
{
	if (self->fd >= 0) {
		ioctl(self->fd, SYNCLAB_RING_IOC_RESET);
		close(self->fd);
	}
}

/* Records come back in order across wrap-around; STAT counts them. */
TEST_F(ring, fifo_and_stat)
{
	struct synclab_ring_stats st;
	__u32 seq = 0, i;

	for (i = 0; i < 10; i++) {
		ASSERT_TRUE(put(self->fd, 11, 1, seq));
		ASSERT_TRUE(get(self->fd, 11, 1, seq));
		seq += 11;
	}
	ASSERT_TRUE(put(self->fd, CAP, 1, seq));
	st = ring_stat(self->fd);
	EXPECT_EQ(CAP, st.capacity);
	EXPECT_EQ(variant->mode, st.mode);
	EXPECT_EQ(CAP, st.count);
	EXPECT_EQ(CAP, st.hwm);
	EXPECT_EQ(110 + CAP, st.pushes);
	EXPECT_EQ(110, st.pops);
	EXPECT_EQ(110 + CAP, st.head);
	EXPECT_EQ(110, st.tail);
	EXPECT_EQ(0, st.flags);
	EXPECT_EQ(0, st.reserved0);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(0, st.reserved[i]);
	ASSERT_TRUE(get(self->fd, CAP, 1, seq));
}

/* O_NONBLOCK: EAGAIN when empty or full, a partial count in between. */
TEST_F(ring, nonblock_eagain)
{
	struct synclab_ring_rec r[CAP + 6];
	int nb = open(SYNCLAB_DEV_RING, O_RDWR | O_NONBLOCK);

	ASSERT_LE(0, nb);
	errno = 0;
	EXPECT_EQ(-1, read(nb, r, REC));
	EXPECT_EQ(EAGAIN, errno);
	ASSERT_TRUE(put(self->fd, 6, 2, 0));
	fill_recs(r, CAP, 2, 6);
	/* Room for 10 of the 16. */
	EXPECT_EQ(10 * REC, write(nb, r, CAP * REC));
	errno = 0;
	EXPECT_EQ(-1, write(nb, r, REC));
	EXPECT_EQ(EAGAIN, errno);
	/* A read returns what there is, not what was asked for. */
	EXPECT_EQ(CAP * REC, read(nb, r, sizeof(r)));
	EXPECT_EQ(15, r[15].seq);
	errno = 0;
	EXPECT_EQ(-1, read(nb, r, REC));
	EXPECT_EQ(EAGAIN, errno);
	close(nb);
}

static short revents(int fd, short events, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = events };

	if (poll(&p, 1, timeout_ms) < 0)
		return -1;
	return p.revents;
}

/*
 * poll(): POLLOUT while there is room, POLLIN while there are records,
 * both in between; a sleeping poll() wakes when another process writes;
 * SHUTDOWN adds POLLHUP and removes POLLOUT.
 */
TEST_F(ring, poll_readiness)
{
	const short io = POLLIN | POLLOUT;
	int status;
	pid_t pid;

	EXPECT_EQ(POLLOUT, revents(self->fd, io, 0));
	ASSERT_TRUE(put(self->fd, 1, 3, 0));
	EXPECT_EQ(io, revents(self->fd, io, 0));
	ASSERT_TRUE(put(self->fd, CAP - 1, 3, 1));
	EXPECT_EQ(POLLIN, revents(self->fd, io, 0));
	ASSERT_TRUE(get(self->fd, 1, 3, 0));
	EXPECT_EQ(io, revents(self->fd, io, 0));
	ASSERT_TRUE(get(self->fd, CAP - 1, 3, 1));
	EXPECT_EQ(POLLOUT, revents(self->fd, io, 0));

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		sleep_ms(200);
		_exit(put(self->fd, 1, 3, 100) ? 0 : 1);
	}
	EXPECT_EQ(POLLIN, revents(self->fd, POLLIN, 20000));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status);
	EXPECT_LE(1, ring_stat(self->fd).wakeups);

	ASSERT_EQ(0, ioctl(self->fd, SYNCLAB_RING_IOC_SHUTDOWN));
	EXPECT_EQ(POLLIN | POLLHUP, revents(self->fd, io, 0));
	ASSERT_TRUE(get(self->fd, 1, 3, 100));
	EXPECT_EQ(POLLHUP, revents(self->fd, io, 0));
}

/* A signal ends a blocked read with EINTR; nothing is lost. */
TEST_F(ring, signal_interrupts_read)
{
	struct synclab_ring_rec r[4];
	struct synclab_ring_stats st;
	pid_t pid;

	ASSERT_EQ(0, catch_sigusr1());
	pid = signal_when_waiting(false, 0);
	ASSERT_LE(0, pid);
	errno = 0;
	EXPECT_EQ(-1, read(self->fd, r, sizeof(r)));
	EXPECT_EQ(EINTR, errno);
	waitpid(pid, NULL, 0);
	st = ring_stat(self->fd);
	EXPECT_EQ(1, st.consumer_waits);
	EXPECT_EQ(0, st.pops);
	ASSERT_TRUE(put(self->fd, 4, 4, 0));
	ASSERT_TRUE(get(self->fd, 4, 4, 0));
}

/*
 * A signal ends a blocked write: with the count of what it pushed when it
 * had pushed some, with EINTR and nothing pushed when it had not. The
 * records that went in come out whole and in order.
 */
TEST_F(ring, signal_interrupts_write)
{
	struct synclab_ring_rec r[CAP + 8];
	struct synclab_ring_stats st;
	pid_t pid;

	ASSERT_EQ(0, catch_sigusr1());
	fill_recs(r, CAP + 8, 5, 0);
	pid = signal_when_waiting(true, 0);
	ASSERT_LE(0, pid);
	EXPECT_EQ(CAP * REC, write(self->fd, r, sizeof(r)));
	waitpid(pid, NULL, 0);

	pid = signal_when_waiting(true, 1);
	ASSERT_LE(0, pid);
	errno = 0;
	EXPECT_EQ(-1, write(self->fd, r + CAP, 8 * REC));
	EXPECT_EQ(EINTR, errno);
	waitpid(pid, NULL, 0);

	st = ring_stat(self->fd);
	EXPECT_EQ(2, st.producer_waits);
	EXPECT_EQ(CAP, st.pushes);
	EXPECT_EQ(CAP, st.count);
	ASSERT_TRUE(get(self->fd, CAP, 5, 0));
}

/*
 * Lengths that are not whole records, shorter than one or not a multiple:
 * EINVAL, and the ring unchanged. Unaligned addresses are fine.
 */
TEST_F(ring, partial_record_lengths_einval)
{
	const size_t bad[] = { 1, 4, 7, 9, 12, 15, 17, 4 * REC + 3 };
	struct synclab_ring_rec r[8];
	char odd[4 * REC];
	struct synclab_ring_stats st;
	unsigned int i;

	fill_recs(r, 8, 6, 0);
	ASSERT_TRUE(put(self->fd, 3, 6, 0));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t len = bad[i];

		errno = 0;
		EXPECT_EQ(-1, write(self->fd, r, len)) TH_LOG("len %zu", len);
		EXPECT_EQ(EINVAL, errno);
		errno = 0;
		EXPECT_EQ(-1, read(self->fd, r, len)) TH_LOG("len %zu", len);
		EXPECT_EQ(EINVAL, errno);
	}
	EXPECT_EQ(0, write(self->fd, r, 0));
	EXPECT_EQ(0, read(self->fd, r, 0));
	st = ring_stat(self->fd);
	EXPECT_EQ(3, st.count);
	EXPECT_EQ(3, st.pushes);
	EXPECT_EQ(0, st.pops);
	ASSERT_TRUE(get(self->fd, 3, 6, 0));

	/* Only the length must be whole records, not the buffer's address. */
	fill_recs(r, 2, 6, 3);
	memcpy(odd + 1, r, 2 * REC);
	EXPECT_EQ(2 * REC, write(self->fd, odd + 1, 2 * REC));
	memset(odd, 0, sizeof(odd));
	EXPECT_EQ(2 * REC, read(self->fd, odd + 3, 2 * REC));
	EXPECT_EQ(0, memcmp(odd + 3, r, 2 * REC));
}

/*
 * A record of 0 is the ring's empty slot, not a record: the records
 * before it go in and the write returns their length; one that starts
 * with it fails with EINVAL. Nothing else is lost or added.
 */
TEST_F(ring, zero_record_einval)
{
	struct synclab_ring_rec r[4];
	struct synclab_ring_stats st;

	fill_recs(r, 4, 8, 0);
	memset(&r[2], 0, REC);
	EXPECT_EQ(2 * REC, write(self->fd, r, 4 * REC));
	errno = 0;
	EXPECT_EQ(-1, write(self->fd, &r[2], 2 * REC));
	EXPECT_EQ(EINVAL, errno);
	st = ring_stat(self->fd);
	EXPECT_EQ(2, st.count);
	EXPECT_EQ(2, st.pushes);
	ASSERT_TRUE(get(self->fd, 2, 8, 0));
}

/*
 * Buffers the kernel cannot use: NULL, unmapped and (for read) read-only
 * give EFAULT with nothing consumed or produced; a buffer that runs into
 * a hole transfers the whole records before it and returns their count.
 */
TEST_F(ring, bad_buffers_efault_nothing_lost)
{
	long pg = sysconf(_SC_PAGESIZE);
	void *hole = sl_unmapped_addr();
	struct synclab_ring_rec *edge, *ro;
	struct synclab_ring_stats st;
	ssize_t n;

	ASSERT_NE(NULL, hole);
	ASSERT_TRUE(put(self->fd, 4, 7, 0));
	/* NULL through syscall(): libc declares read()'s buffer nonnull. */

	errno = 0;
	EXPECT_EQ(-1, syscall(SYS_read, self->fd, NULL, REC));
	EXPECT_EQ(EFAULT, errno);
	errno = 0;
	EXPECT_EQ(-1, read(self->fd, hole, 4 * REC));
	EXPECT_EQ(EFAULT, errno);
	ro = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	errno = 0;
	EXPECT_EQ(-1, read(self->fd, ro, 2 * REC));
	EXPECT_EQ(EFAULT, errno);
	munmap(ro, pg);
	errno = 0;
	EXPECT_EQ(-1, syscall(SYS_write, self->fd, NULL, REC));
	EXPECT_EQ(EFAULT, errno);
	errno = 0;
	EXPECT_EQ(-1, write(self->fd, hole, 2 * REC));
	EXPECT_EQ(EFAULT, errno);
	st = ring_stat(self->fd);
	EXPECT_EQ(4, st.count);
	EXPECT_EQ(4, st.pushes);
	EXPECT_EQ(0, st.pops);

	/*
	 * Three and a half records mapped, then the hole: the whole ones
	 * before the hole come out (the copy may stop a little early, so
	 * 1..3 of them), the rest stay, in order.
	 */
	edge = sl_straddling_addr(3 * REC + 5);
	ASSERT_NE(NULL, edge);
	n = read(self->fd, edge, 8 * REC);
	ASSERT_TRUE(n >= (ssize_t)REC && n <= (ssize_t)(3 * REC))
		TH_LOG("read %zd", n);
	EXPECT_EQ(0, n % REC);
	EXPECT_EQ(0, edge[0].seq);
	EXPECT_EQ(4 - n / REC, ring_stat(self->fd).count);
	ASSERT_TRUE(get(self->fd, 4 - n / REC, 7, n / REC));

	/* Two records mapped, then the hole: only whole records go in. */
	edge = sl_straddling_addr(2 * REC);
	ASSERT_NE(NULL, edge);
	fill_recs(edge, 2, 7, 4);
	n = write(self->fd, edge, 5 * REC);
	ASSERT_TRUE(n >= (ssize_t)REC && n <= (ssize_t)(2 * REC))
		TH_LOG("write %zd", n);
	EXPECT_EQ(n / REC, ring_stat(self->fd).count);
	ASSERT_TRUE(get(self->fd, n / REC, 7, 4));
	EXPECT_EQ(n / REC + 4, ring_stat(self->fd).pushes);
}

/* ---- many processes ------------------------------------------------ */

/*
 * What the consumer processes found, in shared memory: seen[p][s] counts
 * arrivals of producer p's record s and must end at exactly 1.
 */
struct tally {
	__u64 popped;
	__u64 bad;
	__u8 seen[];
};

static void consume(int fd, struct tally *t, unsigned int producers,
		    unsigned int per_producer, unsigned int id, bool strict)
{
	struct synclab_ring_rec r[64];
	__u32 next[16] = { 0 };
	unsigned int seed = id * 7919 + 1;
	ssize_t n;
	int i;

	for (;;) {
		n = read(fd, r, (1 + rand_r(&seed) % 64) * REC);
		if (n < 0)
			_exit(errno == ESHUTDOWN ? 0 : 10);
		for (i = 0; i < n / (ssize_t)REC; i++) {
			bool bad = !synclab_ring_rec_ok(&r[i]) ||
				   r[i].producer >= producers ||
				   r[i].seq >= per_producer;

			if (!bad) {
				__u8 *s = &t->seen[r[i].producer * per_producer +
						   r[i].seq];

				/* In order per producer; no gap if alone. */
				bad = r[i].seq < next[r[i].producer] ||
				      (strict && r[i].seq != next[r[i].producer]);
				next[r[i].producer] = r[i].seq + 1;
				if (__atomic_fetch_add(s, 1, __ATOMIC_RELAXED))
					bad = true;
			}
			if (bad)
				__atomic_add_fetch(&t->bad, 1, __ATOMIC_RELAXED);
		}
		__atomic_add_fetch(&t->popped, n / REC, __ATOMIC_RELAXED);
	}
}

static void produce(int fd, unsigned int id, unsigned int per_producer)
{
	struct synclab_ring_rec r[64];
	unsigned int seed = id * 104729 + 3, seq = 0, n;

	while (seq < per_producer) {
		n = 1 + rand_r(&seed) % 64;
		if (n > per_producer - seq)
			n = per_producer - seq;
		fill_recs(r, n, id, seq);
		if (write(fd, r, n * REC) != (ssize_t)(n * REC))
			_exit(20);
		seq += n;
	}
	_exit(0);
}

FIXTURE(flow) {
	int fd;
	struct tally *t;
	size_t tsize;
	pid_t pids[16];
	unsigned int npids;
};

FIXTURE_VARIANT(flow) {
	__u32 mode, producers, consumers, capacity, per_producer;
};

FIXTURE_VARIANT_ADD(flow, spinlock_1x1) {
	SYNCLAB_RING_SPINLOCK, 1, 1, 16, 12000 };
FIXTURE_VARIANT_ADD(flow, spinlock_4x4) {
	SYNCLAB_RING_SPINLOCK, 4, 4, 16, 3000 };
FIXTURE_VARIANT_ADD(flow, spinlock_8x8) {
	SYNCLAB_RING_SPINLOCK, 8, 8, 32, 1500 };
FIXTURE_VARIANT_ADD(flow, mutex_4x4) { SYNCLAB_RING_MUTEX, 4, 4, 16, 3000 };
FIXTURE_VARIANT_ADD(flow, spsc_1x1) { SYNCLAB_RING_SPSC, 1, 1, 16, 12000 };
/* The device makes many writers and readers one producer and consumer. */
FIXTURE_VARIANT_ADD(flow, spsc_4x4) { SYNCLAB_RING_SPSC, 4, 4, 16, 3000 };

FIXTURE_SETUP(flow)
{
	self->fd = open(SYNCLAB_DEV_RING, O_RDWR);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, SYNCLAB_DEV_RING " missing: module not loaded");
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, ring_create(self->fd, variant->capacity, variant->mode));
	self->tsize = sizeof(*self->t) +
		      variant->producers * variant->per_producer;
	self->t = mmap(NULL, self->tsize, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->t);
}

FIXTURE_TEARDOWN(flow)
{
	unsigned int i;

	if (self->fd < 0)
		return;
	/* After a failure: nobody may stay blocked. */
	ioctl(self->fd, SYNCLAB_RING_IOC_SHUTDOWN);
	for (i = 0; i < self->npids; i++) {
		kill(self->pids[i], SIGKILL);
		waitpid(self->pids[i], NULL, 0);
	}
	ioctl(self->fd, SYNCLAB_RING_IOC_RESET);
	close(self->fd);
	if (self->t != MAP_FAILED)
		munmap(self->t, self->tsize);
}

/*
 * Producer processes write their records in random batches; consumer
 * processes read random batches until SHUTDOWN after the last producer,
 * draining what is left first. Each record arrives exactly once, checksum
 * intact, in per-producer order.
 */
TEST_F(flow, exactly_once_in_order)
{
	unsigned int np = variant->producers, nc = variant->consumers, i, j;
	__u64 total = (__u64)np * variant->per_producer, missing = 0;
	struct synclab_ring_stats st;
	int status;
	pid_t pid;

	for (i = 0; i < nc + np; i++) {
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			if (i < nc)
				consume(self->fd, self->t, np,
					variant->per_producer, i, nc == 1);
			produce(self->fd, i - nc, variant->per_producer);
		}
		self->pids[self->npids++] = pid;
	}
	/* Producers first; then the end of the stream for the consumers. */
	for (i = nc; i < nc + np; i++) {
		ASSERT_EQ(self->pids[i], waitpid(self->pids[i], &status, 0));
		EXPECT_EQ(0, status) TH_LOG("producer %u", i - nc);
	}
	ASSERT_EQ(0, ioctl(self->fd, SYNCLAB_RING_IOC_SHUTDOWN));
	for (i = 0; i < nc; i++) {
		ASSERT_EQ(self->pids[i], waitpid(self->pids[i], &status, 0));
		EXPECT_EQ(0, status) TH_LOG("consumer %u", i);
	}
	self->npids = 0;
	EXPECT_EQ(total, self->t->popped);
	EXPECT_EQ(0, self->t->bad);
	for (i = 0; i < np; i++)
		for (j = 0; j < variant->per_producer; j++)
			missing += self->t->seen[i * variant->per_producer + j] != 1;
	EXPECT_EQ(0, missing);
	st = ring_stat(self->fd);
	EXPECT_EQ(total, st.pushes);
	EXPECT_EQ(total, st.pops);
	EXPECT_EQ(0, st.count);
	EXPECT_EQ(SYNCLAB_RING_SHUT, st.flags);
	TH_LOG("%ux%u %s: %llu records, waits %llu/%llu, wakeups %llu, contended %llu/%llu",
	       np, nc, (const char *[])SYNCLAB_RING_MODE_NAMES[variant->mode],
	       (unsigned long long)total,
	       (unsigned long long)st.producer_waits,
	       (unsigned long long)st.consumer_waits,
	       (unsigned long long)st.wakeups,
	       (unsigned long long)st.producer_contended,
	       (unsigned long long)st.consumer_contended);
}

/* ---- ioctls, big rings, debugfs ------------------------------------ */

/*
 * CREATE refuses capacities that are not a power of two in range, modes
 * out of range and non-zero reserved words with EINVAL, leaving the ring
 * as it was; unknown commands give ENOTTY; bad pointers EFAULT.
 */
TEST(ring_ioctl_errors)
{
	const __u32 bad_caps[] = { 0, 3, 1000, SYNCLAB_RING_MAX_CAPACITY * 2,
				   SYNCLAB_RING_MAX_CAPACITY + 1, UINT32_MAX };
	const unsigned long bad_cmds[] = {
		_IO(SYNCLAB_IOC_MAGIC, 0x2f),
		_IOW(SYNCLAB_IOC_MAGIC, 0x20, __u64),
		_IOWR(SYNCLAB_IOC_MAGIC, 0x21, struct synclab_ring_stats),
		_IOW(SYNCLAB_IOC_MAGIC, 0x22, __u32),
		_IO(SYNCLAB_IOC_MAGIC, 0x24),
	};
	struct synclab_ring_config cfg;
	struct synclab_version v = {};
	struct synclab_ring_stats st;
	unsigned int i;
	int fd = open(SYNCLAB_DEV_RING, O_RDWR);

	if (fd < 0 && errno == ENOENT)
		SKIP(return, SYNCLAB_DEV_RING " missing");
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ring_create(fd, 8, SYNCLAB_RING_MUTEX));
	ASSERT_TRUE(put(fd, 2, 8, 0));

	for (i = 0; i < sizeof(bad_caps) / sizeof(bad_caps[0]); i++) {
		__u32 cap = bad_caps[i];

		errno = 0;
		EXPECT_EQ(-1, ring_create(fd, cap, SYNCLAB_RING_SPINLOCK))
			TH_LOG("capacity %u", cap);
		EXPECT_EQ(EINVAL, errno);
	}
	errno = 0;
	EXPECT_EQ(-1, ring_create(fd, 8, SYNCLAB_RING_NMODES));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, ring_create(fd, 8, UINT32_MAX));
	EXPECT_EQ(EINVAL, errno);
	for (i = 0; i < 2; i++) {
		memset(&cfg, 0, sizeof(cfg));
		cfg.capacity = 8;
		cfg.reserved[i] = 1ULL << (i * 63);
		errno = 0;
		EXPECT_EQ(-1, ioctl(fd, SYNCLAB_RING_IOC_CREATE, &cfg));
		EXPECT_EQ(EINVAL, errno) TH_LOG("reserved[%u]", i);
	}
	st = ring_stat(fd);
	EXPECT_EQ(8, st.capacity);
	EXPECT_EQ(SYNCLAB_RING_MUTEX, st.mode);
	EXPECT_EQ(2, st.count);

	for (i = 0; i < sizeof(bad_cmds) / sizeof(bad_cmds[0]); i++) {
		unsigned long cmd = bad_cmds[i];

		errno = 0;
		EXPECT_EQ(-1, ioctl(fd, cmd, &st)) TH_LOG("cmd %#lx", cmd);
		EXPECT_EQ(ENOTTY, errno);
	}
	errno = 0;
	EXPECT_EQ(-1, ioctl(fd, SYNCLAB_RING_IOC_CREATE, NULL));
	EXPECT_EQ(EFAULT, errno);
	errno = 0;
	EXPECT_EQ(-1, ioctl(fd, SYNCLAB_RING_IOC_STAT, NULL));
	EXPECT_EQ(EFAULT, errno);
	errno = 0;
	EXPECT_EQ(-1, ioctl(fd, SYNCLAB_RING_IOC_CREATE, sl_unmapped_addr()));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(2, ring_stat(fd).count);
	/* The common commands answer on this node too. */
	EXPECT_EQ(0, ioctl(fd, SYNCLAB_IOC_VERSION, &v));
	EXPECT_EQ(SYNCLAB_ABI, v.abi);

	EXPECT_EQ(0, ioctl(fd, SYNCLAB_RING_IOC_RESET));
	EXPECT_EQ(0, ring_stat(fd).count);
	close(fd);
}

/* A ring of 1M records fills to the last slot and drains in order. */
TEST(ring_one_million)
{
	const __u32 cap = 1U << 20;
	struct synclab_ring_rec *r = malloc(cap * REC);
	struct synclab_ring_stats st;
	int fd = open(SYNCLAB_DEV_RING, O_RDWR | O_NONBLOCK);
	__u32 i, bad = 0;

	if (fd < 0 && errno == ENOENT)
		SKIP(return, SYNCLAB_DEV_RING " missing");
	ASSERT_LE(0, fd);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(0, ring_create(fd, cap, SYNCLAB_RING_SPSC));
	fill_recs(r, cap, 9, 0);
	EXPECT_EQ((ssize_t)(cap * REC), write(fd, r, cap * REC));
	errno = 0;
	EXPECT_EQ(-1, write(fd, r, REC));
	EXPECT_EQ(EAGAIN, errno);
	st = ring_stat(fd);
	EXPECT_EQ(cap, st.capacity);
	EXPECT_EQ(cap, st.count);
	memset(r, 0, cap * REC);
	EXPECT_EQ((ssize_t)(cap * REC), read(fd, r, cap * REC));
	for (i = 0; i < cap; i++)
		bad += r[i].seq != i || !synclab_ring_rec_ok(&r[i]);
	EXPECT_EQ(0, bad);
	ASSERT_EQ(0, ring_create(fd, SYNCLAB_RING_DEFAULT_CAPACITY,
				 SYNCLAB_RING_SPINLOCK));
	free(r);
	close(fd);
}

/* Value of "name N" in a "name value" per line text; -1 if absent. */
static long long field(const char *text, const char *name)
{
	size_t len = strlen(name);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, name, len) && p[len] == ' ')
			return strtoll(p + len + 1, NULL, 10);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

/* debugfs synclab/ring/stat: root-only, every field, no pointers. */
TEST(ring_debugfs_stat)
{
	char text[2048] = "";
	struct stat sb;
	ssize_t n;
	int fd = open(SYNCLAB_DEV_RING, O_RDWR), dfd;

	if (fd < 0 && errno == ENOENT)
		SKIP(return, SYNCLAB_DEV_RING " missing");
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ring_create(fd, 16, SYNCLAB_RING_MUTEX));
	ASSERT_TRUE(put(fd, 10, 10, 0));
	ASSERT_TRUE(get(fd, 4, 10, 0));

	ASSERT_EQ(0, stat(RING_DEBUGFS, &sb));
	EXPECT_EQ(0400, sb.st_mode & 07777);
	dfd = open(RING_DEBUGFS, O_RDONLY);
	ASSERT_LE(0, dfd);
	n = read(dfd, text, sizeof(text) - 1);
	close(dfd);
	ASSERT_LT(0, n);
	EXPECT_EQ(0, strncmp(text, "mode mutex\n", 11)) TH_LOG("%s", text);
	EXPECT_EQ(16, field(text, "capacity"));
	EXPECT_EQ(6, field(text, "count"));
	EXPECT_EQ(10, field(text, "head"));
	EXPECT_EQ(4, field(text, "tail"));
	EXPECT_EQ(10, field(text, "hwm"));
	EXPECT_EQ(10, field(text, "pushes"));
	EXPECT_EQ(4, field(text, "pops"));
	EXPECT_EQ(0, field(text, "full"));
	EXPECT_LE(0, field(text, "empty"));
	EXPECT_EQ(0, field(text, "producer_waits"));
	EXPECT_EQ(0, field(text, "consumer_waits"));
	EXPECT_EQ(0, field(text, "wakeups"));
	EXPECT_EQ(0, field(text, "producer_contended"));
	EXPECT_EQ(0, field(text, "consumer_contended"));
	EXPECT_EQ(0, field(text, "shutdown"));
	EXPECT_EQ(NULL, strstr(text, "0x"));
	EXPECT_EQ(NULL, strstr(text, "ffff"));
	ASSERT_EQ(0, ring_create(fd, SYNCLAB_RING_DEFAULT_CAPACITY,
				 SYNCLAB_RING_SPINLOCK));
	close(fd);
}

/* The node is a root-only (0600) character device. */
TEST(ring_node_mode)
{
	struct stat sb;

	if (stat(SYNCLAB_DEV_RING, &sb) && errno == ENOENT)
		SKIP(return, SYNCLAB_DEV_RING " missing");
	ASSERT_EQ(0, stat(SYNCLAB_DEV_RING, &sb));
	EXPECT_TRUE(S_ISCHR(sb.st_mode));
	EXPECT_EQ(0600, sb.st_mode & 07777);
}

/*
 * Runs a shell line; returns its exit status and, into @out when not NULL,
 * its stdout (up to @size - 1 bytes). All of stdout is read either way:
 * closing the pipe early would kill the command with SIGPIPE.
 */
static int sh(const char *cmd, char *out, size_t size)
{
	FILE *f = popen(cmd, "r");
	char sink[4096];
	size_t n;
	int status;

	if (!f)
		return -1;
	if (!out) {
		out = sink;
		size = sizeof(sink);
	}
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	while (fread(sink, 1, sizeof(sink), f) > 0)
		;
	status = pclose(f);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * The CLI drives the same device: create, push, stat, pop (which checks
 * the records), shutdown, reset; bad input is one line on stderr and a
 * non-zero exit.
 */
TEST(ring_cli)
{
	char out[4096];

	if (access("/bin/synclab", X_OK))
		SKIP(return, "no /bin/synclab");
	ASSERT_EQ(0, sh("synclab ring create --capacity 8 --mode mutex",
			out, sizeof(out)));
	EXPECT_EQ(0, strcmp(out, "ring: 8 records, mutex\n")) TH_LOG("%s", out);
	ASSERT_EQ(0, sh("synclab ring push 5 --producer 7 --seq 40", NULL, 0));
	ASSERT_EQ(0, sh("synclab ring stat", out, sizeof(out)));
	EXPECT_EQ(8, field(out, "capacity"));
	EXPECT_EQ(5, field(out, "count"));
	EXPECT_EQ(5, field(out, "pushes"));
	ASSERT_EQ(0, sh("synclab ring pop 3 2>/dev/null", out, sizeof(out)));
	EXPECT_EQ(0, strcmp(out, "7 40\n7 41\n7 42\n")) TH_LOG("%s", out);
	ASSERT_EQ(0, sh("synclab ring pop 5 --nonblock 2>/dev/null", out,
			sizeof(out)));
	EXPECT_EQ(0, strcmp(out, "7 43\n7 44\n")) TH_LOG("%s", out);
	EXPECT_NE(0, sh("synclab ring push 9 --nonblock 2>&1", out,
			sizeof(out)));
	EXPECT_EQ(0, strcmp(out, "synclab: ring push: ring full after 8 of 9 records\n"))
		TH_LOG("%s", out);
	EXPECT_EQ(0, sh("synclab ring shutdown", NULL, 0));
	EXPECT_NE(0, sh("synclab ring push 1 2>/dev/null", NULL, 0));
	EXPECT_NE(0, sh("synclab ring pop 9 --quiet 2>/dev/null", NULL, 0));
	EXPECT_EQ(0, sh("synclab ring reset", NULL, 0));
	EXPECT_EQ(0, sh("synclab ring stat", out, sizeof(out)));
	EXPECT_EQ(0, field(out, "count"));
	EXPECT_EQ(0, field(out, "shutdown"));
	EXPECT_NE(0, sh("synclab ring create --capacity 3 2>/dev/null", NULL, 0));
	EXPECT_NE(0, sh("synclab ring create --mode foo 2>/dev/null", NULL, 0));
	EXPECT_NE(0, sh("synclab ring pop 2>/dev/null", NULL, 0));
	EXPECT_NE(0, sh("synclab ring frob 2>/dev/null", NULL, 0));
	EXPECT_EQ(0, sh("synclab ring create >/dev/null", NULL, 0));
}

/* ---- unload with blocked tasks ------------------------------------- */

/* A child blocked in read (@reader) or write; exits 0 on ESHUTDOWN. */
static pid_t blocked_child(bool reader)
{
	struct synclab_ring_rec r = synclab_ring_rec_make(11, 99);
	pid_t pid = fork();
	ssize_t n;
	int fd;

	if (pid)
		return pid;
	fd = open(SYNCLAB_DEV_RING, O_RDWR);
	if (fd < 0)
		_exit(2);
	n = reader ? read(fd, &r, REC) : write(fd, &r, REC);
	_exit(n < 0 && errno == ESHUTDOWN ? 0 : 1);
}

static bool wait_waits(int fd, bool producer, __u64 n)
{
	struct synclab_ring_stats st;
	int i;

	for (i = 0; i < 20000; i++) {
		st = ring_stat(fd);
		if ((producer ? st.producer_waits : st.consumer_waits) >= n)
			return true;
		sleep_ms(1);
	}
	return false;
}

static size_t kmemleak_report(char *buf, size_t size)
{
	ssize_t n;
	int fd = open(KMEMLEAK, O_RDONLY);

	if (fd < 0)
		return 0;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n > 0 ? n : 0;
}

static bool kmemleak_cmd(const char *cmd)
{
	int fd = open(KMEMLEAK, O_WRONLY);
	bool ok;

	if (fd < 0)
		return false;
	ok = write(fd, cmd, strlen(cmd)) == (ssize_t)strlen(cmd);
	close(fd);
	return ok;
}

FIXTURE(unload) {
	pid_t pids[2];
};

FIXTURE_SETUP(unload)
{
	if (!sl_module_loaded())
		SKIP(return, "synclab not loaded");
}

FIXTURE_TEARDOWN(unload)
{
	int fd = open(SYNCLAB_DEV_RING, O_RDWR);
	int i;

	/* After a failure: nobody may stay blocked, the module stays. */
	if (fd >= 0) {
		ioctl(fd, SYNCLAB_RING_IOC_SHUTDOWN);
		ioctl(fd, SYNCLAB_RING_IOC_RESET);
		close(fd);
	}
	for (i = 0; i < 2; i++) {
		if (self->pids[i] > 0) {
			kill(self->pids[i], SIGKILL);
			waitpid(self->pids[i], NULL, 0);
		}
	}
	if (!sl_module_loaded())
		sl_load_module();
}

/*
 * rmmod with a reader blocked on the empty ring, then with a writer
 * blocked on the full ring, fails with EWOULDBLOCK and nothing hangs;
 * SHUTDOWN wakes each with ESHUTDOWN and the records stay; once every
 * file is closed rmmod succeeds, the node goes, a reload brings a fresh
 * ring, and kmemleak finds nothing the module left behind.
 */
TEST_F_TIMEOUT(unload, blocked_tasks, 120)
{
	char *report = malloc(1 << 16);
	bool kmemleak = !access(KMEMLEAK, W_OK);
	struct synclab_ring_stats st;
	struct stat sb;
	int fd, status;

	ASSERT_NE(NULL, report);
	if (kmemleak)
		ASSERT_TRUE(kmemleak_cmd("clear"));
	fd = open(SYNCLAB_DEV_RING, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ring_create(fd, 4, SYNCLAB_RING_SPINLOCK));

	/* A reader blocked on the empty ring. */
	self->pids[0] = blocked_child(true);
	ASSERT_LE(0, self->pids[0]);
	ASSERT_TRUE(wait_waits(fd, false, 1));
	errno = 0;
	EXPECT_EQ(-1, sl_delete_module(O_NONBLOCK));
	EXPECT_EQ(EWOULDBLOCK, errno);
	EXPECT_TRUE(sl_module_loaded());
	ASSERT_EQ(0, ioctl(fd, SYNCLAB_RING_IOC_SHUTDOWN));
	ASSERT_EQ(self->pids[0], waitpid(self->pids[0], &status, 0));
	self->pids[0] = 0;
	EXPECT_EQ(0, status) TH_LOG("reader status %#x", status);

	/* A writer blocked on the full ring. */
	ASSERT_EQ(0, ioctl(fd, SYNCLAB_RING_IOC_RESET));
	ASSERT_TRUE(put(fd, 4, 12, 0));
	self->pids[1] = blocked_child(false);
	ASSERT_LE(0, self->pids[1]);
	ASSERT_TRUE(wait_waits(fd, true, 1));
	errno = 0;
	EXPECT_EQ(-1, sl_delete_module(O_NONBLOCK));
	EXPECT_EQ(EWOULDBLOCK, errno);
	ASSERT_EQ(0, ioctl(fd, SYNCLAB_RING_IOC_SHUTDOWN));
	ASSERT_EQ(self->pids[1], waitpid(self->pids[1], &status, 0));
	self->pids[1] = 0;
	EXPECT_EQ(0, status) TH_LOG("writer status %#x", status);

	/* Nothing lost: the four records are still there, in order. */
	st = ring_stat(fd);
	EXPECT_EQ(4, st.count);
	EXPECT_EQ(SYNCLAB_RING_SHUT, st.flags);
	EXPECT_TRUE(get(fd, 4, 12, 0));
	close(fd);

	/* Every file closed: the module goes, and comes back. */
	ASSERT_EQ(0, sl_delete_module(O_NONBLOCK)) TH_LOG("%s",
							   strerror(errno));
	EXPECT_FALSE(sl_module_loaded());
	EXPECT_EQ(-1, stat(SYNCLAB_DEV_RING, &sb));
	ASSERT_EQ(0, sl_load_module()) TH_LOG("%s", strerror(errno));
	fd = open(SYNCLAB_DEV_RING, O_RDWR);
	ASSERT_LE(0, fd);
	st = ring_stat(fd);
	EXPECT_EQ(SYNCLAB_RING_DEFAULT_CAPACITY, st.capacity);
	EXPECT_EQ(0, st.count + st.pushes + st.flags);
	close(fd);

	/*
	 * kmemleak reports only objects older than 5 s: wait, scan, and
	 * expect no new suspects since the "clear" above.
	 */
	if (kmemleak) {
		sleep(6);
		ASSERT_TRUE(kmemleak_cmd("scan"));
		EXPECT_EQ(0, kmemleak_report(report, 1 << 16))
			TH_LOG("kmemleak:\n%s", report);
	}
	free(report);
}

TEST_HARNESS_MAIN
