// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_test: everything a process can do to the /dev/synclab nodes, at random,
 * then proof that the structures survived.
 *
 * The storm: 2 processes x 2 threads issue SYNCLAB_FUZZ_CALLS calls in
 * all (default 100000): ioctls with valid command numbers, their
 * neighbours (number, size or direction off by a little), other nodes'
 * commands and garbage; argument structs that are plausible (valid fields
 * with some mutated), random bytes, or NULL, unmapped, read-only, or
 * straddling the edge of a mapping; read() and write() of random lengths
 * and pointers; poll(); close and reopen. Every call must return 0 or an
 * errno the interface documents. The sequence of each worker comes from
 * SYNCLAB_FUZZ_SEED (printed; set it to replay a run's calls; the
 * interleaving of the workers is the scheduler's).
 *
 * Bounds, so that the storm stays a storm: ring descriptors are
 * non-blocking; benchmark runs, when their random fields happen to be
 * valid, are clamped to a few milliseconds and small tables.
 *
 * Afterwards: the routing table agrees with its own dump (every lookup
 * against a reference built from the dump), the ring lost nothing (its
 * counters agree and draining yields exactly what it says it holds), the
 * bank balances, and every debugfs file reads without kernel pointers.
 * The console scan of the VM run adds: no oops, WARN, lockdep, KASAN,
 * KCSAN or kmemleak report.
 */
#include <poll.h>
#include <pthread.h>
#include <regex.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "prng.h"
#include "synclab_test.h"

#define FUZZ_PROCS	2
#define FUZZ_THREADS	2
#define FUZZ_BUF	(64 * 1024)
#define FUZZ_MAX_ERRNO	256

/* What all workers of all processes count, in shared memory. */
struct fuzz_stats {
	long calls;
	long ioctls;
	long reads;
	long writes;
	long polls;
	long reopens;
	long bench_runs;
	long errnos[FUZZ_MAX_ERRNO];
	long bad;		/* calls that returned what they must not */
	char first_bad[256];
};

static struct fuzz_stats *stats;
static long calls_per_worker;
static uint64_t fuzz_seed;

/* Memory a call may be pointed at, set up once per process. */
struct fuzz_mem {
	char *buf;		/* FUZZ_BUF bytes, read-write */
	char *ro;		/* one read-only page */
	char *hole;		/* an unmapped page */
	char *edge;		/* 8 bytes before an unmapped page */
};

static struct fuzz_mem mem;

struct fuzz_worker {
	struct synclab_prng rng;
	int fd[SL_NNODES];
	unsigned int id;
};

static const int allowed_errnos[] = {
	0, EINVAL, EFAULT, ENOTTY, ENOENT, E2BIG, EPERM, EBUSY, EAGAIN,
	ERANGE, EOPNOTSUPP, ESHUTDOWN, ENOMEM, EINTR, ENOSPC,
};

static bool errno_allowed(int e)
{
	unsigned int i;

	for (i = 0; i < sizeof(allowed_errnos) / sizeof(allowed_errnos[0]); i++)
		if (allowed_errnos[i] == e)
			return true;
	return false;
}

static uint32_t rnd(struct fuzz_worker *w, uint32_t n)
{
	return synclab_prng_below(&w->rng, n);
}

static uint64_t rnd64(struct fuzz_worker *w)
{
	return synclab_prng_next(&w->rng);
}

static void fill(struct fuzz_worker *w, void *p, size_t n)
{
	unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++)
		c[i] = rnd64(w);
}

static void note(int ret, int err, const char *what, unsigned long cmd,
		 struct fuzz_worker *w)
{
	int e = ret < 0 ? err : 0;

	__atomic_add_fetch(&stats->calls, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&stats->errnos[e < FUZZ_MAX_ERRNO ? e : 0], 1,
			   __ATOMIC_RELAXED);
	if (errno_allowed(e))
		return;
	if (__atomic_add_fetch(&stats->bad, 1, __ATOMIC_RELAXED) == 1)
		snprintf(stats->first_bad, sizeof(stats->first_bad),
			 "worker %u: %s cmd %#lx returned errno %d (%s)",
			 w->id, what, cmd, e, strerror(e));
}

/* A plausible argument for @cmd in @p: valid-looking, sometimes mutated. */
static void plausible(struct fuzz_worker *w, unsigned long cmd, char *p)
{
	memset(p, 0, 1024);
	switch (cmd) {
	case SYNCLAB_ROUTE_IOC_ADD:
	case SYNCLAB_ROUTE_IOC_DEL: {
		struct synclab_route *r = (void *)p;
		unsigned int len = rnd(w, 34);

		r->len = len;
		r->prefix = (0x0a000000 | rnd(w, 1 << 20) << 8) &
			    synclab_route_mask(len);
		r->nexthop = rnd(w, 100);
		break;
	}
	case SYNCLAB_ROUTE_IOC_LOOKUP:
		((struct synclab_route_lookup *)p)->addr =
			0x0a000000 | rnd(w, 1 << 24);
		break;
	case SYNCLAB_ROUTE_IOC_CREATE:
		((struct synclab_route_table *)p)->mode = rnd(w, 5);
		break;
	case SYNCLAB_ROUTE_IOC_LOAD:
	case SYNCLAB_ROUTE_IOC_DUMP: {
		struct synclab_route_batch *b = (void *)p;
		struct synclab_route *r = (void *)(mem.buf + 4096);
		unsigned int i, n = rnd(w, 2000);

		for (i = 0; cmd == SYNCLAB_ROUTE_IOC_LOAD && i < n; i++) {
			unsigned int len = 8 + rnd(w, 25);

			memset(&r[i], 0, sizeof(r[i]));
			r[i].len = len;
			r[i].prefix = (0x0a000000 | rnd(w, 1 << 24)) &
				      synclab_route_mask(len);
			r[i].nexthop = i;
		}
		b->routes = (uintptr_t)r;
		/* rarely a huge count: each costs the kernel a big buffer */
		b->count = rnd(w, 32) ? n : rnd(w, 1 << 23);
		break;
	}
	case SYNCLAB_RING_IOC_CREATE: {
		struct synclab_ring_config *c = (void *)p;

		c->capacity = rnd(w, 8) ? 1U << rnd(w, 13) : rnd(w, 100000);
		c->mode = rnd(w, 4);
		break;
	}
	case SYNCLAB_ORDER_IOC_CREATE: {
		struct synclab_order_create *c = (void *)p;

		c->accounts = rnd(w, 8) ? 2 + rnd(w, 600) : rnd64(w);
		c->strategy = rnd(w, 5);
		c->balance = rnd(w, 8) ? rnd(w, 10000) : (int64_t)rnd64(w);
		c->flags = rnd(w, 3) ? 0 : rnd(w, 3);
		break;
	}
	case SYNCLAB_ORDER_IOC_TRANSFER: {
		struct synclab_order_transfer *t = (void *)p;

		t->from = rnd(w, 70);
		t->to = rnd(w, 70);
		t->amount = rnd(w, 8) ? rnd(w, 2000) : rnd64(w);
		break;
	}
	case SYNCLAB_KVMAP_IOC_CREATE: {
		struct synclab_kvmap_create *c = (void *)p;

		c->mode = rnd(w, 5);
		c->buckets = rnd(w, 8) ? 1U << rnd(w, 14) : rnd(w, 100000);
		c->stripes = rnd(w, 2) ? 0 : 1U << rnd(w, 14);
		break;
	}
	case SYNCLAB_KVMAP_IOC_GET:
	case SYNCLAB_KVMAP_IOC_PUT:
	case SYNCLAB_KVMAP_IOC_DEL: {
		struct synclab_kvmap_kv *kv = (void *)p;

		kv->key = rnd(w, 8) ? rnd(w, 256) : rnd64(w);
		kv->value = rnd64(w);
		break;
	}
	case SYNCLAB_ORDER_IOC_STRATEGY:
		((struct synclab_order_strategy *)p)->strategy = rnd(w, 5);
		break;
	case SYNCLAB_IOC_BENCH_RUN: {
		struct synclab_workload *wl = (void *)p;

		wl->structure = rnd(w, 6);
		wl->mode = rnd(w, 6);
		wl->threads[0] = rnd(w, 4);
		wl->threads[1] = rnd(w, 3);
		wl->keys = 1U << rnd(w, 11);
		wl->batch = rnd(w, 40);
		wl->mix = rnd(w, 1200);
		wl->hot = rnd(w, 4) ? 0 : rnd(w, 1100);
		wl->hot_keys = rnd(w, 64);
		wl->prefill = rnd(w, 64);
		wl->seed = rnd64(w);
		wl->sample_shift = rnd(w, 24);
		wl->warmup_ns = rnd(w, 5000000);
		wl->duration_ns = rnd(w, 20000000);
		break;
	}
	}
	/* now and then, a stray byte anywhere in the first 64 */
	if (!rnd(w, 8))
		p[rnd(w, 64)] ^= 1 << rnd(w, 8);
}

/* Keep a benchmark run short whatever its other fields say. */
static void clamp_bench(char *p)
{
	struct synclab_workload *wl = (void *)p;

	if (wl->duration_ns > 20000000)
		wl->duration_ns = 20000000;
	if (wl->warmup_ns > 5000000)
		wl->warmup_ns = 5000000;
	if (wl->cs_ns > 10000)
		wl->cs_ns = 10000;
	if (wl->think_ns[0] > 10000)
		wl->think_ns[0] = 10000;
	if (wl->think_ns[1] > 10000)
		wl->think_ns[1] = 10000;
	if (wl->keys > 4096)
		wl->keys = 4096;
	if (wl->threads[0] > 4)
		wl->threads[0] = 4;
	if (wl->threads[1] > 4)
		wl->threads[1] = 4;
}

/* A command: mostly the node's own, sometimes a neighbour or garbage. */
static unsigned long pick_cmd(struct fuzz_worker *w, int node)
{
	const unsigned long *cmds = sl_nodes[node].cmds;
	unsigned int n = 0, r = rnd(w, 10);
	unsigned long cmd;

	while (n < SL_MAX_CMDS && cmds[n])
		n++;
	cmd = cmds[rnd(w, n)];
	if (r < 6)
		return cmd;
	if (r < 8) {
		switch (rnd(w, 3)) {
		case 0:		/* the number next to it */
			return (cmd & ~0xffUL) | ((cmd + (rnd(w, 2) ? 1 : -1)) & 0xff);
		case 1:		/* the size next to it */
			return _IOC(_IOC_DIR(cmd), _IOC_TYPE(cmd), _IOC_NR(cmd),
				    (_IOC_SIZE(cmd) + rnd(w, 17) - 8) & 0x3fff);
		default:	/* the direction flipped */
			return _IOC(_IOC_DIR(cmd) ^ (1 + rnd(w, 3)),
				    _IOC_TYPE(cmd), _IOC_NR(cmd), _IOC_SIZE(cmd));
		}
	}
	if (r < 9)		/* another node's command */
		return sl_nodes[(node + 1 + rnd(w, SL_NNODES - 1)) % SL_NNODES].cmds[rnd(w, 2)];
	return (uint32_t)rnd64(w);
}

/* Where an argument points: a plausible struct, random bytes, or worse. */
static void *pick_arg(struct fuzz_worker *w, unsigned long cmd)
{
	char *p = mem.buf + 64 * rnd(w, 16);

	switch (rnd(w, 10)) {
	case 0:
		return NULL;
	case 1:
		return mem.hole;
	case 2:
		return mem.ro;
	case 3:
		return mem.edge;
	case 4:
		return (void *)(uintptr_t)rnd(w, 4096);
	case 5:
	case 6:
		fill(w, p, 1024);
		return p;
	default:
		plausible(w, cmd, p);
		return p;
	}
}

static void fuzz_one(struct fuzz_worker *w)
{
	int node = rnd(w, SL_NNODES), fd = w->fd[node], ret, r = rnd(w, 100);
	unsigned long cmd = 0;
	char *p;

	if (r < 2) {			/* close and reopen */
		close(fd);
		w->fd[node] = sl_node_open(node);
		__atomic_add_fetch(&stats->reopens, 1, __ATOMIC_RELAXED);
		note(w->fd[node] < 0 ? -1 : 0, errno, "open", 0, w);
		return;
	}
	if (r < 5) {			/* poll */
		struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLOUT };

		ret = poll(&pfd, 1, 0);
		__atomic_add_fetch(&stats->polls, 1, __ATOMIC_RELAXED);
		note(ret < 0 ? -1 : 0, errno, "poll", 0, w);
		return;
	}
	if (r < 25) {			/* read or write */
		size_t len = rnd(w, 4) ? 8 * rnd(w, 64) : rnd(w, 600);
		bool wr = rnd(w, 2);

		p = rnd(w, 4) ? mem.buf + 8 * rnd(w, 1024) : pick_arg(w, 0);
		if (wr && p >= mem.buf && p < mem.buf + FUZZ_BUF / 2)
			fill(w, p, len);
		ret = wr ? write(fd, p, len) : read(fd, p, len);
		__atomic_add_fetch(wr ? &stats->writes : &stats->reads, 1,
				   __ATOMIC_RELAXED);
		note(ret < 0 ? -1 : 0, errno, wr ? "write" : "read", len, w);
		return;
	}
	cmd = pick_cmd(w, node);
	/* benchmark runs are expensive: keep them rare */
	if (cmd == SYNCLAB_IOC_BENCH_RUN && rnd(w, 20))
		cmd = SYNCLAB_IOC_VERSION;
	p = pick_arg(w, cmd);
	if (cmd == SYNCLAB_IOC_BENCH_RUN && p >= mem.buf &&
	    p < mem.buf + FUZZ_BUF) {
		clamp_bench(p);
		__atomic_add_fetch(&stats->bench_runs, 1, __ATOMIC_RELAXED);
	}
	ret = ioctl(fd, cmd, p);
	__atomic_add_fetch(&stats->ioctls, 1, __ATOMIC_RELAXED);
	note(ret, errno, "ioctl", cmd, w);
}

static void *fuzz_thread(void *arg)
{
	struct fuzz_worker *w = arg;
	long i;
	int n;

	for (n = 0; n < SL_NNODES; n++)
		w->fd[n] = sl_node_open(n);
	for (i = 0; i < calls_per_worker; i++)
		fuzz_one(w);
	for (n = 0; n < SL_NNODES; n++)
		if (w->fd[n] >= 0)
			close(w->fd[n]);
	return NULL;
}

static void setup_mem(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *two;

	mem.buf = mmap(NULL, FUZZ_BUF, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mem.ro = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mem.hole = sl_unmapped_addr();
	two = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(two + pg, pg);
	mem.edge = two + pg - 8;
}

/* One process of the storm: FUZZ_THREADS workers. */
static void fuzz_process(unsigned int p)
{
	struct fuzz_worker w[FUZZ_THREADS];
	pthread_t t[FUZZ_THREADS];
	unsigned int i;

	setup_mem();
	for (i = 0; i < FUZZ_THREADS; i++) {
		w[i].id = p * FUZZ_THREADS + i;
		synclab_prng_seed(&w[i].rng, fuzz_seed, w[i].id);
		pthread_create(&t[i], NULL, fuzz_thread, &w[i]);
	}
	for (i = 0; i < FUZZ_THREADS; i++)
		pthread_join(t[i], NULL);
}

FIXTURE(fuzz) {
	int unused;
};

FIXTURE_SETUP(fuzz)
{
	struct stat st;

	if (stat(SYNCLAB_DEV_CTL, &st))
		SKIP(return, "module not loaded");
}

FIXTURE_TEARDOWN(fuzz)
{
}

/* The storm: every call returns 0 or a documented errno. */
TEST_F_TIMEOUT(fuzz, storm, 900)
{
	const char *env = getenv("SYNCLAB_FUZZ_CALLS");
	long total = env ? atol(env) : 100000;
	unsigned int p;
	int i, status;

	env = getenv("SYNCLAB_FUZZ_SEED");
	fuzz_seed = env ? strtoull(env, NULL, 0) : (uint64_t)time(NULL);
	calls_per_worker = (total + FUZZ_PROCS * FUZZ_THREADS - 1) /
			   (FUZZ_PROCS * FUZZ_THREADS);
	stats = mmap(NULL, sizeof(*stats), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, stats);
	TH_LOG("seed %llu: SYNCLAB_FUZZ_SEED=%llu replays these calls",
	       (unsigned long long)fuzz_seed, (unsigned long long)fuzz_seed);
	for (p = 0; p < FUZZ_PROCS; p++) {
		if (fork() == 0) {
			fuzz_process(p);
			_exit(0);
		}
	}
	for (p = 0; p < FUZZ_PROCS; p++) {
		ASSERT_LT(0, wait(&status));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	}
	printf("# figures: fuzz: %ld calls (%ld ioctl, %ld read, %ld write, %ld poll, %ld reopen, %ld benchmark runs), seed %llu\n",
	       stats->calls, stats->ioctls, stats->reads, stats->writes,
	       stats->polls, stats->reopens, stats->bench_runs,
	       (unsigned long long)fuzz_seed);
	printf("# fuzz errnos:");
	for (i = 0; i < FUZZ_MAX_ERRNO; i++)
		if (stats->errnos[i])
			printf(" %s %ld", i ? strerrorname_np(i) : "ok",
			       stats->errnos[i]);
	printf("\n");
	fflush(stdout);		/* the harness ends a test with _exit() */
	EXPECT_LE(total, stats->calls);
	EXPECT_EQ(0, stats->bad) TH_LOG("%s (seed %llu)", stats->first_bad,
					(unsigned long long)fuzz_seed);
}

static int route_cmp(const void *a, const void *b)
{
	const struct synclab_route *x = a, *y = b;

	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	return (int)x->len - (int)y->len;
}

/* The routing table still agrees with itself: lookups match its dump. */
TEST_F_TIMEOUT(fuzz, route_consistent, 300)
{
	struct synclab_route_batch b = {};
	struct synclab_route_stats st;
	struct synclab_route *r;
	struct synclab_prng rng;
	int fd = open(SYNCLAB_DEV_ROUTE, O_RDWR), i, len, bad = 0;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, SYNCLAB_ROUTE_IOC_DUMP, &b));
	r = calloc(b.total + 1, sizeof(*r));
	b.routes = (uintptr_t)r;
	b.count = b.total;
	b.total = 0;
	ASSERT_EQ(0, ioctl(fd, SYNCLAB_ROUTE_IOC_DUMP, &b));
	ASSERT_EQ(0, ioctl(fd, SYNCLAB_ROUTE_IOC_STATS, &st));
	EXPECT_EQ(b.count, st.prefixes);
	for (i = 1; i < (int)b.count; i++)
		EXPECT_GT(0, route_cmp(&r[i - 1], &r[i]));
	synclab_prng_seed(&rng, 99, 0);
	for (i = 0; i < 4000 && bad < 5; i++) {
		uint32_t a = i & 1 && b.count ?
			r[synclab_prng_below(&rng, b.count)].prefix |
			synclab_prng_below(&rng, 256) :
			0x0a000000 | synclab_prng_below(&rng, 1 << 24);
		struct synclab_route_lookup q = { .addr = a };
		struct synclab_route *want = NULL;

		for (len = 32; len >= 0 && !want; len--) {
			struct synclab_route key = {
				.prefix = a & synclab_route_mask(len),
				.len = len,
			};

			want = bsearch(&key, r, b.count, sizeof(key), route_cmp);
		}
		ASSERT_EQ(0, ioctl(fd, SYNCLAB_ROUTE_IOC_LOOKUP, &q));
		if (q.found != !!want ||
		    (want && (q.nexthop != want->nexthop || q.len != want->len))) {
			TH_LOG("lookup %08x: got %u %u/%u, dump says %u/%u", a,
			       q.found, q.nexthop, q.len,
			       want ? want->nexthop : 0, want ? want->len : 0);
			bad++;
		}
	}
	EXPECT_EQ(0, bad);
	free(r);
	close(fd);
}

/* The ring lost nothing: its counters agree and draining gives count. */
TEST_F(fuzz, ring_loses_nothing)
{
	struct synclab_ring_stats st;
	uint64_t rec[64];
	long drained = 0;
	ssize_t n;
	int fd = open(SYNCLAB_DEV_RING, O_RDWR | O_NONBLOCK);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, SYNCLAB_RING_IOC_STAT, &st));
	EXPECT_EQ(st.count, st.head - st.tail);
	EXPECT_EQ(st.count, (uint32_t)(st.pushes - st.pops));
	while ((n = read(fd, rec, sizeof(rec))) > 0)
		drained += n / 8;
	EXPECT_TRUE(errno == EAGAIN || errno == ESHUTDOWN);
	EXPECT_EQ(st.count, drained);
	close(fd);
}

/* The bank balances. */
TEST_F(fuzz, bank_balances)
{
	struct synclab_order_audit a = {};
	int fd = open(SYNCLAB_DEV_ORDER, O_RDWR);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, SYNCLAB_ORDER_IOC_AUDIT, &a));
	EXPECT_EQ(1, a.ok) TH_LOG("total %lld expected %lld",
				  (long long)a.total, (long long)a.expected);
	close(fd);
}

/* debugfs file @name reads whole, and shows no kernel address (@ptr). */
static void check_debugfs_file(struct __test_metadata *_metadata,
			       const regex_t *ptr, const char *name)
{
	char path[128], *buf = malloc(1 << 20);
	ssize_t n, total = 0;
	int fd;

	ASSERT_NE(NULL, buf);
	snprintf(path, sizeof(path), SYNCLAB_DEBUGFS "/%s", name);
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd) TH_LOG("%s", path);
	while ((n = read(fd, buf + total, (1 << 20) - 1 - total)) > 0)
		total += n;
	close(fd);
	EXPECT_LE(0, n) TH_LOG("%s: %s", path, strerror(errno));
	buf[total] = '\0';
	EXPECT_NE(0, regexec(ptr, buf, 0, NULL, 0)) TH_LOG("%s", path);
	free(buf);
}

/* Every debugfs file of every node reads, and none shows a kernel address. */
TEST_F(fuzz, debugfs_readable_no_pointers)
{
	const struct sl_debugfs *f;
	unsigned int i;
	regex_t ptr;

	ASSERT_EQ(0, regcomp(&ptr, "ffff[0-9a-f]{12}", REG_EXTENDED | REG_NOSUB));
	for (i = 0; i < SL_NNODES; i++)
		for (f = sl_nodes[i].debugfs; f->name; f++)
			check_debugfs_file(_metadata, &ptr, f->name);
	regfree(&ptr);
}

TEST_HARNESS_MAIN
