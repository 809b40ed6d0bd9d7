// SPDX-License-Identifier: GPL-2.0
/*
 * route_test: /dev/synclab/route in the guest, in each protection mode.
 * Every ioctl's success and error paths (bad input changes nothing),
 * load -> flush -> load checked against a reference, lookups from several
 * threads while a writer churns, the counters and the debugfs views, and
 * the privilege checks on the opener's credentials.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <linux/capability.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#include "kselftest_harness.h"
#include "prng.h"
#include "synclab_test.h"

#define ROUTE_DEBUGFS	SYNCLAB_DEBUGFS "/route"

static int route_add(int fd, uint32_t prefix, uint8_t len, uint32_t nh,
		     bool *replaced)
{
	struct synclab_route r = { .prefix = prefix, .len = len, .nexthop = nh };
	int ret = ioctl(fd, SYNCLAB_ROUTE_IOC_ADD, &r);

	if (!ret && replaced)
		*replaced = r.flags & SYNCLAB_ROUTE_REPLACED;
	return ret;
}

static int route_del(int fd, uint32_t prefix, uint8_t len)
{
	struct synclab_route r = { .prefix = prefix, .len = len };

	return ioctl(fd, SYNCLAB_ROUTE_IOC_DEL, &r);
}

static int route_lookup(int fd, uint32_t addr, struct synclab_route_lookup *q)
{
	memset(q, 0, sizeof(*q));
	q->addr = addr;
	return ioctl(fd, SYNCLAB_ROUTE_IOC_LOOKUP, q);
}

static int route_load(int fd, struct synclab_route *routes, uint32_t n)
{
	struct synclab_route_batch b = {
		.routes = (uintptr_t)routes, .count = n,
	};

	return ioctl(fd, SYNCLAB_ROUTE_IOC_LOAD, &b);
}

/* The table's routes (sorted by the kernel); *n set to their number. */
static struct synclab_route *route_dump(int fd, uint32_t *n)
{
	struct synclab_route_batch b = {};
	struct synclab_route *out;

	if (ioctl(fd, SYNCLAB_ROUTE_IOC_DUMP, &b))
		return NULL;
	out = calloc(b.total + 1, sizeof(*out));
	b.routes = (uintptr_t)out;
	b.count = b.total;
	b.total = 0;
	if (ioctl(fd, SYNCLAB_ROUTE_IOC_DUMP, &b)) {
		free(out);
		return NULL;
	}
	*n = b.count;
	return out;
}

static int route_stats(int fd, struct synclab_route_stats *st)
{
	return ioctl(fd, SYNCLAB_ROUTE_IOC_STATS, st);
}

static int route_cmp(const void *a, const void *b)
{
	const struct synclab_route *x = a, *y = b;

	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	return (int)x->len - (int)y->len;
}

/*
 * Random routes crowded into a few /16s, with duplicates; *want gets what
 * a table must hold after loading them: sorted, the last duplicate winning.
 */
static struct synclab_route *gen_routes(uint32_t n, uint64_t seed,
					struct synclab_route **want,
					uint32_t *nwant)
{
	struct synclab_route *r = calloc(n, sizeof(*r)), *w;
	struct synclab_prng rng;
	uint32_t i, k;

	synclab_prng_seed(&rng, seed, 0);
	for (i = 0; i < n; i++) {
		unsigned int len = synclab_prng_below(&rng, 100) < 10 ?
				   synclab_prng_below(&rng, 17) :
				   17 + synclab_prng_below(&rng, 16);
		uint32_t a = (0x0a000000 | synclab_prng_below(&rng, 8) << 16) ^
			     (uint32_t)synclab_prng_next(&rng) >> 16;

		r[i].len = len;
		r[i].prefix = a & synclab_route_mask(len);
		r[i].nexthop = i + 1;
	}
	/* stable: sort copies by (prefix, len, position), keep the last */
	w = calloc(n, sizeof(*w));
	for (i = 0; i < n; i++) {
		w[i] = r[i];
		w[i].nexthop = i;	/* position, for now */
	}
	qsort(w, n, sizeof(*w), route_cmp);
	for (i = 0, k = 0; i < n; i++) {
		if (k && !route_cmp(&w[k - 1], &w[i])) {
			if (w[i].nexthop > w[k - 1].nexthop)
				w[k - 1].nexthop = w[i].nexthop;
			continue;
		}
		w[k++] = w[i];
	}
	for (i = 0; i < k; i++)
		w[i].nexthop = r[w[i].nexthop].nexthop;
	*want = w;
	*nwant = k;
	return r;
}

/* Longest match in a sorted route array: one binary search per length. */
static bool ref_lookup(struct synclab_route *sorted, uint32_t n,
		       uint32_t addr, struct synclab_route *hit)
{
	int len;

	for (len = 32; len >= 0; len--) {
		struct synclab_route key = { .prefix = addr & synclab_route_mask(len),
					     .len = len };
		struct synclab_route *f = bsearch(&key, sorted, n, sizeof(key),
						  route_cmp);

		if (f) {
			*hit = *f;
			return true;
		}
	}
	return false;
}

FIXTURE(route) {
	int fd;
};

FIXTURE_VARIANT(route) {
	uint32_t mode;
};

FIXTURE_VARIANT_ADD(route, rcu) { .mode = SYNCLAB_ROUTE_RCU };
FIXTURE_VARIANT_ADD(route, rwlock) { .mode = SYNCLAB_ROUTE_RWLOCK };
FIXTURE_VARIANT_ADD(route, spinlock) { .mode = SYNCLAB_ROUTE_SPINLOCK };
FIXTURE_VARIANT_ADD(route, mutex) { .mode = SYNCLAB_ROUTE_MUTEX };

/* Each test starts from a new, empty table in the variant's mode. */
FIXTURE_SETUP(route)
{
	struct synclab_route_table arg = { .mode = variant->mode };

	self->fd = open(SYNCLAB_DEV_ROUTE, O_RDWR);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, SYNCLAB_DEV_ROUTE " missing: module not loaded");
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, ioctl(self->fd, SYNCLAB_ROUTE_IOC_CREATE, &arg));
}

FIXTURE_TEARDOWN(route)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* Longest match wins; add replaces; delete falls back to the next best. */
TEST_F(route, add_lookup_replace_delete)
{
	struct synclab_route_lookup q;
	struct synclab_route_stats st;
	bool replaced = true;

	ASSERT_EQ(0, route_add(self->fd, 0x0a000000, 8, 7, &replaced));
	EXPECT_FALSE(replaced);
	ASSERT_EQ(0, route_lookup(self->fd, 0x0a010203, &q));
	EXPECT_EQ(1, q.found);
	EXPECT_EQ(7, q.nexthop);
	EXPECT_EQ(0x0a000000, q.prefix);
	EXPECT_EQ(8, q.len);
	ASSERT_EQ(0, route_add(self->fd, 0x0a000000, 8, 9, &replaced));
	EXPECT_TRUE(replaced);
	ASSERT_EQ(0, route_add(self->fd, 0x0a010000, 16, 5, NULL));
	ASSERT_EQ(0, route_add(self->fd, 0x0a010280, 25, 4, NULL));
	ASSERT_EQ(0, route_add(self->fd, 0x0a010203, 32, 3, NULL));
	ASSERT_EQ(0, route_lookup(self->fd, 0x0a010203, &q));
	EXPECT_EQ(3, q.nexthop);
	ASSERT_EQ(0, route_lookup(self->fd, 0x0a0102ff, &q));
	EXPECT_EQ(4, q.nexthop);
	EXPECT_EQ(25, q.len);
	ASSERT_EQ(0, route_lookup(self->fd, 0x0a010204, &q));
	EXPECT_EQ(5, q.nexthop);
	ASSERT_EQ(0, route_lookup(self->fd, 0x0a020000, &q));
	EXPECT_EQ(9, q.nexthop);
	ASSERT_EQ(0, route_del(self->fd, 0x0a010000, 16));
	ASSERT_EQ(0, route_lookup(self->fd, 0x0a010204, &q));
	EXPECT_EQ(9, q.nexthop);
	EXPECT_EQ(8, q.len);
	ASSERT_EQ(0, route_lookup(self->fd, 0x0a010203, &q));
	EXPECT_EQ(3, q.nexthop);
	ASSERT_EQ(0, route_del(self->fd, 0x0a000000, 8));
	ASSERT_EQ(0, route_lookup(self->fd, 0x0a020000, &q));
	EXPECT_EQ(0, q.found);
	errno = 0;
	EXPECT_EQ(-1, route_del(self->fd, 0x0a000000, 8));
	EXPECT_EQ(ENOENT, errno);
	ASSERT_EQ(0, route_stats(self->fd, &st));
	EXPECT_EQ(variant->mode, st.mode);
	EXPECT_EQ(2, st.prefixes);
	EXPECT_EQ(4, st.adds);
	EXPECT_EQ(1, st.replaces);
	EXPECT_EQ(2, st.deletes);
	EXPECT_EQ(8, st.lookups);
	EXPECT_EQ(7, st.hits);
	EXPECT_EQ(1, st.misses);
}

/*
 * Next hops take all 32 bits: those too wide for a slot (2^24 and up) at
 * every level (/8 in direct[], /20 in a level-1 node, /28 in a level-2
 * one), replaced by narrow ones and back, deleted down to the cover.
 */
TEST_F(route, wide_nexthops)
{
	static const struct { uint32_t prefix; uint8_t len; } p[3] = {
		{ 0x0a000000, 8 }, { 0x0a010000, 20 }, { 0x0a010020, 28 },
	};
	static const uint32_t nh[3] = { 0xffffffff, 0x01000000, 0xdeadbeef };
	struct synclab_route_lookup q;
	struct synclab_route *d;
	uint32_t n, i;
	int round;

	for (round = 0; round < 3; round++) {
		for (i = 0; i < 3; i++)
			ASSERT_EQ(0, route_add(self->fd, p[i].prefix, p[i].len,
					       round == 1 ? i + 1 : nh[i], NULL));
		for (i = 0; i < 3; i++) {
			ASSERT_EQ(0, route_lookup(self->fd, p[i].prefix | 1, &q));
			EXPECT_EQ(round == 1 ? i + 1 : nh[i], q.nexthop);
			EXPECT_EQ(p[i].len, q.len);
		}
	}
	d = route_dump(self->fd, &n);
	ASSERT_NE(NULL, d);
	ASSERT_EQ(3, n);
	for (i = 0; i < 3; i++)
		EXPECT_EQ(nh[i], d[i].nexthop);
	free(d);
	ASSERT_EQ(0, route_del(self->fd, p[2].prefix, p[2].len));
	ASSERT_EQ(0, route_lookup(self->fd, p[2].prefix | 1, &q));
	EXPECT_EQ(nh[1], q.nexthop);
	ASSERT_EQ(0, route_del(self->fd, p[1].prefix, p[1].len));
	ASSERT_EQ(0, route_lookup(self->fd, p[2].prefix | 1, &q));
	EXPECT_EQ(nh[0], q.nexthop);
	EXPECT_EQ(8, q.len);
}

/* Bad prefixes and bad struct fields fail with EINVAL and change nothing. */
TEST_F(route, bad_input_einval)
{
	struct synclab_route r = { .prefix = 0x0a000000, .len = 8, .nexthop = 1 };
	struct synclab_route_lookup q = { .addr = 1 };
	struct synclab_route_batch b = {};
	struct synclab_route_table c = { .mode = SYNCLAB_ROUTE_NMODES };
	struct synclab_route_stats st;

	ASSERT_EQ(0, ioctl(self->fd, SYNCLAB_ROUTE_IOC_ADD, &r));
	r.prefix = 0x0a000001;		/* host bits beyond /8 */
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_ROUTE_IOC_ADD, &r));
	EXPECT_EQ(EINVAL, errno);
	r.prefix = 0x0a000000;
	r.len = 33;
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_ROUTE_IOC_ADD, &r));
	EXPECT_EQ(EINVAL, errno);
	r.len = 8;
	r.reserved[1] = 1;
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_ROUTE_IOC_ADD, &r));
	EXPECT_EQ(EINVAL, errno);
	r.reserved[1] = 0;
	r.flags = SYNCLAB_ROUTE_REPLACED;	/* an out field, zero in */
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_ROUTE_IOC_DEL, &r));
	EXPECT_EQ(EINVAL, errno);
	q.reserved[0] = 1;
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_ROUTE_IOC_LOOKUP, &q));
	EXPECT_EQ(EINVAL, errno);
	b.reserved[1] = 1;
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_ROUTE_IOC_DUMP, &b));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_ROUTE_IOC_CREATE, &c));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, route_stats(self->fd, &st));
	EXPECT_EQ(1, st.prefixes);
	EXPECT_EQ(variant->mode, st.mode);
	EXPECT_EQ(0, st.lookups);
}

/* NULL, unmapped and read-only arguments fail with EFAULT; unknown ENOTTY. */
TEST_F(route, bad_pointers_efault)
{
	const unsigned long cmds[] = {
		SYNCLAB_ROUTE_IOC_ADD, SYNCLAB_ROUTE_IOC_DEL,
		SYNCLAB_ROUTE_IOC_LOOKUP, SYNCLAB_ROUTE_IOC_LOAD,
		SYNCLAB_ROUTE_IOC_DUMP, SYNCLAB_ROUTE_IOC_STATS,
		SYNCLAB_ROUTE_IOC_CREATE,
	};
	long pg = sysconf(_SC_PAGESIZE);
	void *hole = sl_unmapped_addr();
	struct synclab_route_lookup *ro;
	struct synclab_route_stats st;
	unsigned int i;

	ASSERT_NE(NULL, hole);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		errno = 0;
		EXPECT_EQ(-1, ioctl(self->fd, cmds[i], NULL));
		EXPECT_EQ(EFAULT, errno) TH_LOG("cmd %#lx NULL", cmds[i]);
		errno = 0;
		EXPECT_EQ(-1, ioctl(self->fd, cmds[i], hole));
		EXPECT_EQ(EFAULT, errno) TH_LOG("cmd %#lx unmapped", cmds[i]);
	}
	/* a lookup whose answer cannot be written back */
	ro = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_ROUTE_IOC_LOOKUP, ro));
	EXPECT_EQ(EFAULT, errno);
	munmap(ro, pg);
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, _IOWR(SYNCLAB_IOC_MAGIC, 0x1f, struct synclab_route), &st));
	EXPECT_EQ(ENOTTY, errno);
	ASSERT_EQ(0, route_stats(self->fd, &st));
	EXPECT_EQ(0, st.prefixes);
}

/*
 * A bulk load with a bad route, a bad pointer, nonzero reserved bytes or
 * too many routes fails and leaves the old table in place.
 */
TEST_F(route, failed_load_keeps_old_table)
{
	struct synclab_route good[3] = {
		{ .prefix = 0xc0a80000, .len = 16, .nexthop = 1 },
		{ .prefix = 0xc0a80100, .len = 24, .nexthop = 2 },
		{ .prefix = 0, .len = 0, .nexthop = 3 },
	};
	struct synclab_route bad[2] = {
		{ .prefix = 0x0a000000, .len = 8, .nexthop = 4 },
		{ .prefix = 0x0a000100, .len = 16, .nexthop = 5 },
	};
	struct synclab_route_batch b = {};
	struct synclab_route *d;
	uint32_t n;

	ASSERT_EQ(0, route_load(self->fd, good, 3));
	errno = 0;
	EXPECT_EQ(-1, route_load(self->fd, bad, 2));
	EXPECT_EQ(EINVAL, errno);
	bad[1].prefix = 0x0a010000;
	bad[1].reserved[0] = 9;
	errno = 0;
	EXPECT_EQ(-1, route_load(self->fd, bad, 2));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, route_load(self->fd, sl_unmapped_addr(), 2));
	EXPECT_EQ(EFAULT, errno);
	b.count = SYNCLAB_ROUTE_MAX_LOAD + 1;
	b.routes = (uintptr_t)good;
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_ROUTE_IOC_LOAD, &b));
	EXPECT_EQ(E2BIG, errno);
	d = route_dump(self->fd, &n);
	ASSERT_NE(NULL, d);
	ASSERT_EQ(3, n);
	EXPECT_EQ(0, d[0].prefix);
	EXPECT_EQ(0xc0a80000, d[1].prefix);
	EXPECT_EQ(0xc0a80100, d[2].prefix);
	EXPECT_EQ(2, d[2].nexthop);
	free(d);
}

/* load -> flush -> load: the dump and the lookups match the reference. */
TEST_F_TIMEOUT(route, load_flush_load, 120)
{
	struct synclab_route *routes, *want, *d, hit;
	struct synclab_route_lookup q;
	struct synclab_route_stats st;
	struct synclab_prng rng;
	uint32_t n = 8000, nwant, nd, i, round;
	int bad = 0;

	routes = gen_routes(n, 42, &want, &nwant);
	synclab_prng_seed(&rng, 9, 0);
	for (round = 0; round < 2; round++) {
		ASSERT_EQ(0, route_load(self->fd, routes, n));
		d = route_dump(self->fd, &nd);
		ASSERT_NE(NULL, d);
		ASSERT_EQ(nwant, nd);
		EXPECT_EQ(0, memcmp(d, want, nd * sizeof(*d)));
		free(d);
		for (i = 0; i < 1500 && bad < 5; i++) {
			uint32_t a = (0x0a000000 | synclab_prng_below(&rng, 9) << 16) |
				     (uint32_t)synclab_prng_next(&rng) >> 16;
			bool hit_want = ref_lookup(want, nwant, a, &hit);

			ASSERT_EQ(0, route_lookup(self->fd, a, &q));
			if (q.found != hit_want ||
			    (hit_want && (q.nexthop != hit.nexthop ||
					  q.len != hit.len))) {
				TH_LOG("lookup %08x: got %u %u/%u want %u %u/%u", a,
				       q.found, q.nexthop, q.len, hit_want,
				       hit.nexthop, hit.len);
				bad++;
			}
		}
		ASSERT_EQ(0, ioctl(self->fd, SYNCLAB_ROUTE_IOC_FLUSH));
		ASSERT_EQ(0, route_stats(self->fd, &st));
		EXPECT_EQ(0, st.prefixes);
		EXPECT_EQ(0, st.nodes);
		ASSERT_EQ(0, route_lookup(self->fd, want[nwant / 2].prefix, &q));
		EXPECT_EQ(0, q.found);
	}
	EXPECT_EQ(0, bad);
	ASSERT_EQ(0, route_stats(self->fd, &st));
	EXPECT_EQ(4, st.loads);
	free(routes);
	free(want);
}

/* ---- readers and a churning writer ------------------------------------ */

#define FLIPS		8
#define READERS		3

struct flip {
	uint32_t base;
	int stop;	/* atomic */
	long bad;	/* atomic */
	long reads;	/* atomic */
};

/* Each reader has its own file: lookups go through the device. */
static void *flip_reader(void *arg)
{
	struct flip *f = arg;
	struct synclab_route_lookup q;
	struct synclab_prng rng;
	long reads = 0, bad = 0;
	int fd = open(SYNCLAB_DEV_ROUTE, O_RDWR);

	synclab_prng_seed(&rng, 3, (uint64_t)(uintptr_t)&q);
	while (fd >= 0 && !__atomic_load_n(&f->stop, __ATOMIC_RELAXED)) {
		unsigned int k = synclab_prng_below(&rng, FLIPS);
		uint32_t a = f->base | k << 8 | 5;

		if (route_lookup(fd, a, &q) || !q.found || q.len != 24 ||
		    q.prefix != (a & 0xffffff00) ||
		    (q.nexthop != 100 + k && q.nexthop != 200 + k))
			bad++;
		reads++;
	}
	if (fd < 0)
		bad++;
	else
		close(fd);
	__atomic_add_fetch(&f->bad, bad, __ATOMIC_RELAXED);
	__atomic_add_fetch(&f->reads, reads, __ATOMIC_RELAXED);
	return NULL;
}

/*
 * Threads look up addresses whose /24's next hop a writer keeps flipping,
 * while it also adds and deletes neighbouring /24s and /25s under the
 * flipped ones (nodes appear and vanish) and bulk-loads whole tables.
 * Every answer must be legal, and the lookup counters exact.
 */
TEST_F_TIMEOUT(route, readers_see_only_legal_answers, 180)
{
	struct synclab_route load[FLIPS + 1];
	struct synclab_route_stats st;
	struct flip f = { .base = 0x0a140000 };
	pthread_t rd[READERS];
	int i, k, it;

	ASSERT_EQ(0, route_add(self->fd, 0x0a100000, 12, 1, NULL));
	for (k = 0; k < FLIPS; k++)
		ASSERT_EQ(0, route_add(self->fd, f.base | k << 8, 24, 100 + k,
				       NULL));
	for (i = 0; i < READERS; i++)
		ASSERT_EQ(0, pthread_create(&rd[i], NULL, flip_reader, &f));
	for (it = 0; it < 400; it++) {
		bool replaced = false;

		k = it % FLIPS;
		ASSERT_EQ(0, route_add(self->fd, f.base | k << 8, 24,
				       (it / FLIPS) % 2 ? 100 + k : 200 + k,
				       &replaced));
		EXPECT_TRUE(replaced);
		if (it % 2 == 0) {
			route_add(self->fd, f.base | (128 + k) << 8, 24, 7, NULL);
			route_add(self->fd, f.base | k << 8 | 128, 25, 8, NULL);
		} else {
			route_del(self->fd, f.base | (128 + k) << 8, 24);
			route_del(self->fd, f.base | k << 8 | 128, 25);
		}
		if (it % 100 == 99) {
			load[0] = (struct synclab_route){ .prefix = 0x0a100000,
							  .len = 12, .nexthop = 1 };
			for (i = 0; i < FLIPS; i++)
				load[i + 1] = (struct synclab_route){
					.prefix = f.base | i << 8, .len = 24,
					.nexthop = 100 + i };
			ASSERT_EQ(0, route_load(self->fd, load, FLIPS + 1));
		}
	}
	__atomic_store_n(&f.stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < READERS; i++)
		pthread_join(rd[i], NULL);
	EXPECT_EQ(0, f.bad);
	EXPECT_LT(100, f.reads);
	ASSERT_EQ(0, route_stats(self->fd, &st));
	EXPECT_EQ(f.reads, st.lookups);
	EXPECT_EQ(f.reads, st.hits);
	TH_LOG("%ld lookups during 400 updates", f.reads);
}

/* Retired nodes go through call_rcu() in rcu mode, and all callbacks run. */
TEST_F(route, rcu_callbacks_complete)
{
	struct synclab_route_stats st;
	int i, tries;

	for (i = 0; i < 64; i++)
		ASSERT_EQ(0, route_add(self->fd, 0x0b000000 | i << 16 | 0x100,
				       24, i, NULL));
	ASSERT_EQ(0, route_stats(self->fd, &st));
	EXPECT_EQ(64, st.nodes);
	for (i = 0; i < 64; i++)
		ASSERT_EQ(0, route_del(self->fd, 0x0b000000 | i << 16 | 0x100, 24));
	for (tries = 0; tries < 100; tries++) {
		ASSERT_EQ(0, route_stats(self->fd, &st));
		if (!st.rcu_pending)
			break;
		usleep(20000);
	}
	EXPECT_EQ(0, st.nodes);
	EXPECT_EQ(0, st.rcu_pending);
	if (variant->mode == SYNCLAB_ROUTE_RCU) {
		EXPECT_EQ(64, st.rcu_completed);
	} else {
		EXPECT_EQ(0, st.rcu_completed);
	}
}

static ssize_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n, total = 0;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + total, size - 1 - total)) > 0)
		total += n;
	close(fd);
	buf[total] = '\0';
	return total;
}

/* debugfs: table is one sorted route per line; stats names the mode. */
TEST_F(route, debugfs_views)
{
	struct synclab_route r[4] = {
		{ .prefix = 0xc0a80100, .len = 24, .nexthop = 3 },
		{ .prefix = 0x0a000000, .len = 8, .nexthop = 7 },
		{ .prefix = 0xc0a80000, .len = 16, .nexthop = 2 },
		{ .prefix = 0xc0a801ff, .len = 32, .nexthop = 4 },
	};
	static const char * const modes[] = SYNCLAB_ROUTE_MODE_NAMES;
	char buf[1024], line[64];

	ASSERT_EQ(0, route_load(self->fd, r, 4));
	ASSERT_LT(0, read_file(ROUTE_DEBUGFS "/table", buf, sizeof(buf)));
	EXPECT_STREQ("10.0.0.0/8 7\n192.168.0.0/16 2\n192.168.1.0/24 3\n"
		     "192.168.1.255/32 4\n", buf);
	ASSERT_LT(0, read_file(ROUTE_DEBUGFS "/stats", buf, sizeof(buf)));
	snprintf(line, sizeof(line), "mode %s\n", modes[variant->mode]);
	EXPECT_EQ(0, strncmp(buf, line, strlen(line))) TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf, "\nprefixes 4\n"));
	EXPECT_NE(NULL, strstr(buf, "\nnodes 2\n"));
	EXPECT_EQ(NULL, strstr(buf, "0xffff")) TH_LOG("a kernel pointer?");
}

struct churn {
	int fd;
	int stop;	/* atomic */
};

/* Add and delete routes until told to stop: an updater beside readers. */
static void *churn(void *arg)
{
	struct churn *f = arg;
	uint32_t i;

	for (i = 0; !__atomic_load_n(&f->stop, __ATOMIC_RELAXED); i++) {
		route_add(f->fd, 0x0a000000 | (i & 0xff) << 8, 24, i, NULL);
		route_add(f->fd, 0x0a000080 | (i & 0xff) << 8, 25,
			  0x80000000 | i, NULL);
		route_del(f->fd, 0x0a000080 | (i & 0xff) << 8, 25);
	}
	return NULL;
}

/*
 * route.h promises lookups of rcu tables from softirq: debugfs
 * route/softirq runs them from a timer callback. With the table still,
 * both contexts agree on every answer; beside an updater they run without
 * a lockdep, KASAN or KCSAN report (the VM runner scans the console).
 * Lock-mode tables are for process context only: EOPNOTSUPP.
 */
TEST_F(route, softirq_lookups)
{
	struct synclab_route *want, *r;
	struct churn f = { .fd = self->fd };
	char buf[256];
	uint32_t nwant;
	pthread_t th;
	int i, fd;

	r = gen_routes(2000, 5, &want, &nwant);
	ASSERT_EQ(0, route_load(self->fd, r, 2000));
	free(r);
	free(want);
	if (variant->mode != SYNCLAB_ROUTE_RCU) {
		fd = open(ROUTE_DEBUGFS "/softirq", O_RDONLY);
		ASSERT_LE(0, fd);
		EXPECT_EQ(-1, read(fd, buf, sizeof(buf)));
		EXPECT_EQ(EOPNOTSUPP, errno);
		close(fd);
		return;
	}
	ASSERT_LT(0, read_file(ROUTE_DEBUGFS "/softirq", buf, sizeof(buf)));
	EXPECT_EQ(0, strncmp(buf, "lookups 4096\nhits ", 18)) TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf, "\nsame 1\n")) TH_LOG("%s", buf);
	ASSERT_EQ(0, pthread_create(&th, NULL, churn, &f));
	for (i = 0; i < 20; i++)
		ASSERT_LT(0, read_file(ROUTE_DEBUGFS "/softirq", buf, sizeof(buf)));
	__atomic_store_n(&f.stop, 1, __ATOMIC_RELAXED);
	pthread_join(th, NULL);
	EXPECT_EQ(0, strncmp(buf, "lookups 4096\n", 13)) TH_LOG("%s", buf);
}

static int user_ops(void *arg)
{
	int fd = *(int *)arg;
	struct synclab_route_lookup q;

	if (route_lookup(fd, 0x0a010101, &q) || !q.found)
		return 1;
	if (route_add(fd, 0x0b000000, 8, 1, NULL))
		return 2;
	return ioctl(fd, SYNCLAB_ROUTE_IOC_FLUSH) ? 3 : 0;
}

/*
 * The privilege of table-wide operations (FLUSH, LOAD, CREATE) belongs to
 * the descriptor, from the credentials of whoever opened it: root's
 * descriptor keeps it in an unprivileged process, while a descriptor
 * opened without CAP_SYS_ADMIN stays without it even in the hands of a
 * caller that has the capability by then.
 */
TEST_F(route, whole_table_ops_need_opener_cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct cap[2];
	struct synclab_route_table c = { .mode = 0 };
	struct synclab_route_stats st;
	int status, fd;
	pid_t pid;

	ASSERT_EQ(0, route_add(self->fd, 0x0a000000, 8, 1, NULL));
	EXPECT_EQ(0, sl_run_unprivileged(user_ops, &self->fd));
	ASSERT_EQ(0, route_stats(self->fd, &st));
	EXPECT_EQ(0, st.prefixes);

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* open with CAP_SYS_ADMIN out of the effective set only */
		if (syscall(SYS_capget, &hdr, cap))
			_exit(10);
		cap[0].effective &= ~(1U << CAP_SYS_ADMIN);
		if (syscall(SYS_capset, &hdr, cap))
			_exit(11);
		fd = open(SYNCLAB_DEV_ROUTE, O_RDWR);
		if (fd < 0)
			_exit(12);
		cap[0].effective |= 1U << CAP_SYS_ADMIN;
		if (syscall(SYS_capset, &hdr, cap))
			_exit(13);
		if (ioctl(fd, SYNCLAB_ROUTE_IOC_FLUSH) != -1 || errno != EPERM)
			_exit(14);
		if (ioctl(fd, SYNCLAB_ROUTE_IOC_CREATE, &c) != -1 ||
		    errno != EPERM)
			_exit(15);
		if (route_load(fd, NULL, 0) != -1 || errno != EPERM)
			_exit(16);
		/* ...while single routes and lookups stay allowed */
		_exit(route_add(fd, 0x0c000000, 8, 1, NULL) ? 17 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(0, route_stats(self->fd, &st));
	EXPECT_EQ(1, st.prefixes);
}

/*
 * A 50k-route table of the synthetic shape loads in one step, in rcu mode
 * (the default); the bytes per prefix are logged for the record (the
 * benchmark reports them).
 */
FIXTURE(route_big) {
	int fd;
};

FIXTURE_SETUP(route_big)
{
	struct synclab_route_table c = { .mode = SYNCLAB_ROUTE_RCU };

	self->fd = open(SYNCLAB_DEV_ROUTE, O_RDWR);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, SYNCLAB_DEV_ROUTE " missing: module not loaded");
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, ioctl(self->fd, SYNCLAB_ROUTE_IOC_CREATE, &c));
}

FIXTURE_TEARDOWN(route_big)
{
	if (self->fd >= 0) {
		ioctl(self->fd, SYNCLAB_ROUTE_IOC_FLUSH);
		close(self->fd);
	}
}

TEST_F_TIMEOUT(route_big, large_table, 240)
{
	struct synclab_route *routes, *want;
	struct synclab_route_stats st;
	uint32_t n = 50000, nwant;

	routes = gen_routes(n, 7, &want, &nwant);
	ASSERT_EQ(0, route_load(self->fd, routes, n));
	ASSERT_EQ(0, route_stats(self->fd, &st));
	EXPECT_EQ(nwant, st.prefixes);
	EXPECT_LT(0, st.bytes);
	TH_LOG("%u prefixes, %llu nodes, %llu bytes, %.1f bytes/prefix", nwant,
	       (unsigned long long)st.nodes, (unsigned long long)st.bytes,
	       (double)st.bytes / nwant);
	free(routes);
	free(want);
}

TEST_HARNESS_MAIN
