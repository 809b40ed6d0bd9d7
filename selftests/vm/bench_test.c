// SPDX-License-Identifier: GPL-2.0
/*
 * bench_test: the kthread side of the benchmark engine, through
 * SYNCLAB_IOC_BENCH_RUN on /dev/synclab/ctl. The engine counts exactly
 * what was done, keeps to the duration, refuses every bad workload of
 * selftests/bench_cases.h with its errno, runs every structure and the
 * ptr_ring peer with their invariants intact, and every own mode of every
 * structure the descriptors list; run in chunks, it keeps one sample point
 * per 2^sample_shift operations and the reader's mix; a second run
 * meanwhile gets EBUSY and rmmod is refused; a signal stops the run, every
 * kthread goes, and the partial result says so; debugfs shows the last run
 * and what ran it.
 */
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#include "kselftest_harness.h"
#include "../bench_cases.h"
#include "synclab_test.h"

/* Kernel threads whose name starts with @prefix. */
static int count_kthreads(const char *prefix)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d))) {
		char path[300], comm[64] = "";
		FILE *f;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f) &&
		    !strncmp(comm, prefix, strlen(prefix)))
			n++;
		fclose(f);
	}
	if (d)
		closedir(d);
	return n;
}

/*
 * Timeouts are generous: runs are short, but under TCG a loaded host can
 * slow the guest a hundredfold.
 */
FIXTURE(bench) {
	int fd;
};

FIXTURE_SETUP(bench)
{
	SL_CTL_OPEN(self->fd);
}

FIXTURE_TEARDOWN(bench)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* The engine's count of work equals the structure's own, to the item. */
TEST_F_TIMEOUT(bench, count_is_exact, 120)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_COUNT);
	struct synclab_result res;
	unsigned int threads;

	for (threads = 1; threads <= 3; threads++) {
		w.threads[0] = threads;
		ASSERT_EQ(0, sl_bench(self->fd, &w, &res)) TH_LOG("%u", threads);
		EXPECT_EQ(res.ops_total[0], res.extra[0]);
		EXPECT_FALSE(res.flags & SYNCLAB_RESULT_INVARIANT);
		EXPECT_LT(0, res.ops[0]);
		EXPECT_LE(res.ops[0], res.ops_total[0]);
		EXPECT_EQ(threads, res.threads_run);
		EXPECT_NE(0, res.debug);	/* the VMs run debug kernels */
	}
}

/* Under a spinlock or a mutex the shared counter equals the work done. */
TEST_F_TIMEOUT(bench, locks_count_exactly, 120)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_LOCK);
	struct synclab_result res;
	unsigned int mode;

	w.threads[0] = 3;
	for (mode = 0; mode < SYNCLAB_BENCH_LOCK_NMODES; mode++) {
		w.mode = mode;
		ASSERT_EQ(0, sl_bench(self->fd, &w, &res)) TH_LOG("mode %u", mode);
		EXPECT_FALSE(res.flags & SYNCLAB_RESULT_INVARIANT);
		EXPECT_LT(0, res.ops[0]);
	}
}

/* The window lasts the duration asked: never less, at most 2 s over. */
TEST_F_TIMEOUT(bench, duration_is_kept, 120)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_COUNT);
	struct synclab_result res;

	w.duration_ns = 300000000;
	ASSERT_EQ(0, sl_bench(self->fd, &w, &res));
	EXPECT_LE(w.duration_ns, res.elapsed_ns);
	EXPECT_GT(w.duration_ns + 2000000000ULL, res.elapsed_ns);
}

/* Every bad workload of the shared table, with its errno; bad pointers. */
TEST_F_TIMEOUT(bench, bad_workloads_are_refused, 120)
{
	struct synclab_result res;
	unsigned int i;

	for (i = 0; i < sizeof(bench_bad_cases) / sizeof(bench_bad_cases[0]);
	     i++) {
		const struct bench_case *c = &bench_bad_cases[i];
		struct synclab_workload w = bench_case_ok(c->structure);

		c->mutate(&w);
		EXPECT_EQ(-c->err, sl_bench(self->fd, &w, &res)) TH_LOG("%s", c->what);
	}
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_IOC_BENCH_RUN, NULL));
	EXPECT_EQ(EFAULT, errno);
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_IOC_BENCH_RUN, sl_unmapped_addr()));
	EXPECT_EQ(EFAULT, errno);
}

/* The host peers are not in the kernel: EOPNOTSUPP, not EINVAL. */
TEST_F_TIMEOUT(bench, host_peers_are_not_supported, 120)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_RING);
	struct synclab_result res;

	w.mode = SYNCLAB_BENCH_RING_CK_RING;
	EXPECT_EQ(-EOPNOTSUPP, sl_bench(self->fd, &w, &res));
	w = bench_case_ok(SYNCLAB_BENCH_ROUTE);
	w.mode = SYNCLAB_BENCH_ROUTE_RTE_LPM;
	EXPECT_EQ(-EOPNOTSUPP, sl_bench(self->fd, &w, &res));
}

static __u64 samples(const struct synclab_result *res, unsigned int role)
{
	__u64 n = 0;
	unsigned int b;

	for (b = 0; b < SYNCLAB_BENCH_HIST; b++)
		n += res->hist[role][b];
	return n;
}

/*
 * Chunks keep the sampling rate: one operation in 2^sample_shift is a
 * sample point (one thread: exactly ceil(operations / 2^shift)).
 */
TEST_F_TIMEOUT(bench, one_sample_per_2_to_the_shift, 120)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_COUNT);
	struct synclab_result res;
	unsigned int threads, shift = 4;

	w.sample_shift = shift;
	for (threads = 1; threads <= 2; threads++) {
		__u64 n;

		w.threads[0] = threads;
		ASSERT_EQ(0, sl_bench(self->fd, &w, &res));
		n = res.ops_total[0];
		if (threads == 1)
			EXPECT_EQ((n + 15) >> shift, samples(&res, 0));
		EXPECT_LE((n + 15) >> shift, samples(&res, 0));
		EXPECT_GE((n >> shift) + threads, samples(&res, 0));
	}
}

/*
 * A reader's mix: mix per mille of its operations are updates (one
 * reader alone finds every address, so updates = ops_total - extra).
 */
TEST_F_TIMEOUT(bench, mix_is_kept, 120)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_ROUTE);
	struct synclab_result res;
	__u64 updates;

	w.mix = 100;
	w.duration_ns = 500000000;	/* >= 1000 operations on a debug kernel */
	ASSERT_EQ(0, sl_bench(self->fd, &w, &res));
	EXPECT_FALSE(res.flags & SYNCLAB_RESULT_INVARIANT);
	ASSERT_LT(1000, res.ops_total[0]);
	updates = res.ops_total[0] - res.extra[0];
	EXPECT_LT(res.ops_total[0] / 20, updates);
	EXPECT_GT(res.ops_total[0] / 5, updates);
	w.mix = 1000;
	ASSERT_EQ(0, sl_bench(self->fd, &w, &res));
	EXPECT_FALSE(res.flags & SYNCLAB_RESULT_INVARIANT);
	EXPECT_LT(0, res.ops_total[0]);
	EXPECT_EQ(0, res.extra[0]);
}

/* Each structure and the kernel's ptr_ring run with invariants intact. */
TEST_F_TIMEOUT(bench, every_structure_runs, 120)
{
	struct {
		unsigned int structure, mode, threads0, threads1, batch, mix;
		unsigned int think;
	} runs[] = {
		{ SYNCLAB_BENCH_ROUTE, SYNCLAB_ROUTE_RCU, 2, 1, 1, 0, 0 },
		{ SYNCLAB_BENCH_ROUTE, SYNCLAB_ROUTE_RWLOCK, 1, 1, 1, 0, 0 },
		{ SYNCLAB_BENCH_ROUTE, SYNCLAB_ROUTE_MUTEX, 2, 0, 8, 100, 0 },
		{ SYNCLAB_BENCH_ROUTE, SYNCLAB_ROUTE_RCU, 1, 1, 1, 0, 5000 },
		{ SYNCLAB_BENCH_RING, SYNCLAB_RING_SPINLOCK, 2, 2, 1, 0, 0 },
		{ SYNCLAB_BENCH_RING, SYNCLAB_RING_MUTEX, 1, 1, 32, 0, 0 },
		{ SYNCLAB_BENCH_RING, SYNCLAB_RING_SPSC, 1, 1, 4, 0, 0 },
		{ SYNCLAB_BENCH_RING, SYNCLAB_BENCH_RING_PTR_RING, 2, 1, 4, 0, 0 },
		{ SYNCLAB_BENCH_ORDER, SYNCLAB_ORDER_ORDERED, 3, 0, 1, 0, 0 },
		{ SYNCLAB_BENCH_ORDER, SYNCLAB_ORDER_TRYLOCK, 3, 0, 1, 0, 0 },
		{ SYNCLAB_BENCH_ORDER, SYNCLAB_ORDER_COARSE, 2, 0, 1, 0, 0 },
		{ SYNCLAB_BENCH_LOCK, SYNCLAB_BENCH_LOCK_SPINLOCK, 2, 0, 1, 0,
		  2000 },
	};
	struct synclab_result res;
	unsigned int i;

	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		struct synclab_workload w = bench_case_ok(runs[i].structure);

		w.mode = runs[i].mode;
		w.threads[0] = runs[i].threads0;
		w.threads[1] = runs[i].threads1;
		w.batch = runs[i].batch;
		w.mix = runs[i].mix;
		w.think_ns[0] = runs[i].think;
		w.think_ns[1] = runs[i].think;
		if (w.structure == SYNCLAB_BENCH_RING)
			w.prefill = 16;
		ASSERT_EQ(0, sl_bench(self->fd, &w, &res)) TH_LOG("run %u", i);
		EXPECT_FALSE(res.flags & SYNCLAB_RESULT_INVARIANT)
			TH_LOG("run %u", i);
		EXPECT_LT(0, res.ops[0] + res.ops[1]) TH_LOG("run %u", i);
	}
}

static int run_kernel(void *ctx, const struct synclab_workload *w,
		      struct synclab_result *res)
{
	return sl_bench(*(int *)ctx, w, res);
}

/*
 * Every own mode of every structure the descriptors list (peers aside),
 * from the tests' small workload: a structure added to the descriptors
 * is run here without a line of this test changing.
 */
TEST_F_TIMEOUT(bench, every_described_mode_runs, 120)
{
	char why[160] = "";

	EXPECT_EQ(0, bench_case_every_mode(run_kernel, &self->fd, why,
					   sizeof(why)))
		TH_LOG("%s", why);
}

static void on_usr1(int sig)
{
	(void)sig;
}

/*
 * A long run in a child: meanwhile a second run gets EBUSY and rmmod is
 * refused; SIGUSR1 stops it with EINTR and a partial result; no engine
 * kthread is left; the next run starts at once.
 */
TEST_F_TIMEOUT(bench, signal_stops_every_thread, 120)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_COUNT);
	struct synclab_result res;
	int status, i, pipefd[2];
	pid_t pid;

	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_usr1 };
		struct synclab_workload lw = w;
		int ret;

		sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART */
		lw.threads[0] = 3;
		lw.warmup_ns = 0;
		lw.duration_ns = 50000000000ULL;
		ret = sl_bench(self->fd, &lw, &res);
		if (write(pipefd[1], &ret, sizeof(ret)) != sizeof(ret) ||
		    write(pipefd[1], &res, sizeof(res)) != sizeof(res))
			_exit(2);
		_exit(0);
	}
	close(pipefd[1]);
	/* wait for the child's threads to be running */
	for (i = 0; i < 500 && count_kthreads("synclab-bench/") < 3; i++)
		usleep(10000);
	EXPECT_EQ(3, count_kthreads("synclab-bench/"));
	EXPECT_EQ(-EBUSY, sl_bench(self->fd, &w, &res));
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_delete_module, "synclab", O_NONBLOCK));
	EXPECT_EQ(EWOULDBLOCK, errno);
	usleep(200000);
	ASSERT_EQ(0, kill(pid, SIGUSR1));
	{
		int ret = 0;

		ASSERT_EQ(sizeof(ret), read(pipefd[0], &ret, sizeof(ret)));
		ASSERT_EQ(sizeof(res), read(pipefd[0], &res, sizeof(res)));
		EXPECT_EQ(-EINTR, ret);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	close(pipefd[0]);
	EXPECT_TRUE(res.flags & SYNCLAB_RESULT_INTERRUPTED);
	EXPECT_LT(0, res.ops[0]);
	EXPECT_GT(50000000000ULL, res.elapsed_ns);
	EXPECT_EQ(res.ops_total[0], res.extra[0]);
	EXPECT_EQ(0, count_kthreads("synclab-bench/"));
	EXPECT_EQ(0, sl_bench(self->fd, &w, &res));
}

/* debugfs bench/last describes the last run and names what ran it. */
TEST_F_TIMEOUT(bench, debugfs_last, 120)
{
	struct synclab_workload w = bench_case_ok(SYNCLAB_BENCH_LOCK);
	struct synclab_result res;
	char buf[2048] = "";
	ssize_t n;
	int fd;

	w.threads[0] = 2;
	w.cs_ns = 250;
	ASSERT_EQ(0, sl_bench(self->fd, &w, &res));
	fd = open(SYNCLAB_DEBUGFS "/bench/last", O_RDONLY);
	ASSERT_LE(0, fd);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ASSERT_LT(0, n);
	EXPECT_NE(NULL, strstr(buf, "status 0\n")) TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf, "structure 3\n"));
	EXPECT_NE(NULL, strstr(buf, "ops lock\n"));
	EXPECT_NE(NULL, strstr(buf, "threads 2 0\n"));
	EXPECT_NE(NULL, strstr(buf, "cs_ns 250\n"));
}

TEST_HARNESS_MAIN
