// SPDX-License-Identifier: GPL-2.0
/*
 * kvmap_test: /dev/synclab/kvmap in the guest, in each mode. Every ioctl's
 * success and error paths (bad input changes nothing), random operations
 * against a reference, readers beside writers through the device (values
 * name their key), the counters and debugfs stats, CREATE's privilege
 * check, and, last, an unload while an rcu map's frees still wait for
 * their grace period.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "prng.h"
#include "synclab_test.h"

#define KVMAP_STATS_FILE	SYNCLAB_DEBUGFS "/kvmap/stats"

static int kv_put(int fd, uint64_t key, uint64_t value, bool *replaced)
{
	struct synclab_kvmap_kv kv = { .key = key, .value = value };
	int ret = ioctl(fd, SYNCLAB_KVMAP_IOC_PUT, &kv);

	if (!ret && replaced)
		*replaced = kv.flags & SYNCLAB_KVMAP_REPLACED;
	return ret;
}

/* 1 found, 0 absent, -1 with errno. */
static int kv_get(int fd, uint64_t key, uint64_t *value)
{
	struct synclab_kvmap_kv kv = { .key = key, .value = 12345 };

	if (ioctl(fd, SYNCLAB_KVMAP_IOC_GET, &kv))
		return -1;
	*value = kv.value;
	return !!(kv.flags & SYNCLAB_KVMAP_FOUND);
}

static int kv_del(int fd, uint64_t key)
{
	struct synclab_kvmap_kv kv = { .key = key };

	return ioctl(fd, SYNCLAB_KVMAP_IOC_DEL, &kv);
}

static int kv_create(int fd, uint32_t mode, uint32_t buckets, uint32_t stripes)
{
	struct synclab_kvmap_create c = {
		.mode = mode, .buckets = buckets, .stripes = stripes,
	};

	return ioctl(fd, SYNCLAB_KVMAP_IOC_CREATE, &c);
}

static void kv_stats(int fd, struct synclab_kvmap_stats *st)
{
	memset(st, 0xa5, sizeof(*st));
	if (ioctl(fd, SYNCLAB_KVMAP_IOC_STATS, st))
		memset(st, 0xff, sizeof(*st));
}

FIXTURE(kvmap) {
	int fd;
};

FIXTURE_VARIANT(kvmap) {
	uint32_t mode;
	uint32_t stripes;
};

FIXTURE_VARIANT_ADD(kvmap, global) { .mode = SYNCLAB_KVMAP_GLOBAL };
FIXTURE_VARIANT_ADD(kvmap, striped) {
	.mode = SYNCLAB_KVMAP_STRIPED, .stripes = 8,
};
FIXTURE_VARIANT_ADD(kvmap, bucket) { .mode = SYNCLAB_KVMAP_BUCKET };
FIXTURE_VARIANT_ADD(kvmap, rcu) { .mode = SYNCLAB_KVMAP_RCU };

#define BUCKETS		64

FIXTURE_SETUP(kvmap)
{
	self->fd = open(SYNCLAB_DEV_KVMAP, O_RDWR | O_CLOEXEC);
	if (self->fd < 0)
		SKIP(return, "%s: %s", SYNCLAB_DEV_KVMAP, strerror(errno));
	ASSERT_EQ(0, kv_create(self->fd, variant->mode, BUCKETS,
			       variant->stripes));
}

FIXTURE_TEARDOWN(kvmap)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* put, get, replace, delete: the answers, flags and counters. */
TEST_F(kvmap, ioctls)
{
	struct synclab_kvmap_stats st;
	bool replaced = true;
	uint64_t v;

	ASSERT_EQ(0, kv_get(self->fd, 5, &v));
	EXPECT_EQ(0, v);
	ASSERT_EQ(0, kv_put(self->fd, 5, 50, &replaced));
	EXPECT_FALSE(replaced);
	ASSERT_EQ(0, kv_put(self->fd, UINT64_MAX, 7, &replaced));
	EXPECT_FALSE(replaced);
	ASSERT_EQ(0, kv_put(self->fd, 5, 51, &replaced));
	EXPECT_TRUE(replaced);
	ASSERT_EQ(1, kv_get(self->fd, 5, &v));
	EXPECT_EQ(51, v);
	ASSERT_EQ(1, kv_get(self->fd, UINT64_MAX, &v));
	EXPECT_EQ(7, v);
	ASSERT_EQ(0, kv_del(self->fd, 5));
	ASSERT_EQ(-1, kv_del(self->fd, 5));
	EXPECT_EQ(ENOENT, errno);
	ASSERT_EQ(0, kv_get(self->fd, 5, &v));
	kv_stats(self->fd, &st);
	EXPECT_EQ(variant->mode, st.mode);
	EXPECT_EQ(BUCKETS, st.buckets);
	EXPECT_EQ(variant->mode == SYNCLAB_KVMAP_GLOBAL ? 1 :
		  variant->stripes ? variant->stripes : BUCKETS, st.locks);
	EXPECT_EQ(1, st.entries);
	EXPECT_EQ(1, st.used_buckets);
	EXPECT_EQ(1, st.longest_chain);
	EXPECT_EQ(4, st.gets);
	EXPECT_EQ(2, st.hits);
	EXPECT_EQ(2, st.misses);
	EXPECT_EQ(2, st.inserts);
	EXPECT_EQ(1, st.replaces);
	EXPECT_EQ(1, st.deletes);
	EXPECT_LT(0, st.bytes);
	EXPECT_EQ(0, st.reserved0);
	EXPECT_EQ(0, st.reserved[0] | st.reserved[3]);
}

/* Every bad argument: a clear errno and the map exactly as it was. */
TEST_F(kvmap, bad_input_changes_nothing)
{
	static const uint32_t bad_create[][3] = {
		{ SYNCLAB_KVMAP_NMODES, 64, 0 }, { SYNCLAB_KVMAP_RCU, 0, 0 },
		{ SYNCLAB_KVMAP_RCU, 100, 0 }, { SYNCLAB_KVMAP_GLOBAL, 64, 4 },
		{ SYNCLAB_KVMAP_STRIPED, 64, 0 }, { SYNCLAB_KVMAP_STRIPED, 64, 128 },
		{ SYNCLAB_KVMAP_BUCKET, SYNCLAB_KVMAP_MAX_BUCKETS * 2, 0 },
	};
	struct synclab_kvmap_stats before, after;
	struct synclab_kvmap_create c = {};
	struct synclab_kvmap_kv kv = {};
	void *hole = sl_unmapped_addr();
	const void *ro;
	unsigned int i;
	uint64_t v;

	ASSERT_EQ(0, kv_put(self->fd, 1, 10, NULL));
	ASSERT_EQ(0, kv_put(self->fd, 2, 20, NULL));
	kv_stats(self->fd, &before);
	for (i = 0; i < sizeof(bad_create) / sizeof(bad_create[0]); i++) {
		EXPECT_EQ(-1, kv_create(self->fd, bad_create[i][0],
					bad_create[i][1], bad_create[i][2]));
		EXPECT_EQ(EINVAL, errno) TH_LOG("create case %u", i);
	}
	c.mode = SYNCLAB_KVMAP_RCU;
	c.buckets = 64;
	c.reserved0 = 1;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_KVMAP_IOC_CREATE, &c));
	EXPECT_EQ(EINVAL, errno);
	c.reserved0 = 0;
	c.reserved[1] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_KVMAP_IOC_CREATE, &c));
	EXPECT_EQ(EINVAL, errno);
	/* flags in, reserved bytes: EINVAL for put, get and del alike */
	kv.key = 1;
	kv.value = 99;
	kv.flags = SYNCLAB_KVMAP_REPLACED;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_KVMAP_IOC_PUT, &kv));
	EXPECT_EQ(EINVAL, errno);
	kv.flags = 0;
	kv.reserved0 = 1;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_KVMAP_IOC_DEL, &kv));
	EXPECT_EQ(EINVAL, errno);
	kv.reserved0 = 0;
	kv.reserved = 1;
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_KVMAP_IOC_GET, &kv));
	EXPECT_EQ(EINVAL, errno);
	/* unreadable, unwritable and straddling arguments: EFAULT */
	ASSERT_NE(NULL, hole);
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_KVMAP_IOC_PUT, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_KVMAP_IOC_DEL, hole));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_KVMAP_IOC_CREATE, hole));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_KVMAP_IOC_GET,
			    sl_straddling_addr(8)));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_KVMAP_IOC_STATS, hole));
	EXPECT_EQ(EFAULT, errno);
	/* a PUT whose answer cannot be written back does not happen */
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	EXPECT_EQ(-1, ioctl(self->fd, SYNCLAB_KVMAP_IOC_PUT, ro));
	EXPECT_EQ(EFAULT, errno);
	munmap((void *)ro, 4096);
	/* an unknown command in the kvmap range */
	EXPECT_EQ(-1, ioctl(self->fd, _IO(SYNCLAB_IOC_MAGIC, 0x8f)));
	EXPECT_EQ(ENOTTY, errno);
	kv_stats(self->fd, &after);
	EXPECT_EQ(0, memcmp(&before, &after, sizeof(before)));
	ASSERT_EQ(1, kv_get(self->fd, 1, &v));
	EXPECT_EQ(10, v);
	ASSERT_EQ(0, kv_get(self->fd, 0, &v));	/* the read-only page's key */
}

/* Opens the node and tries CREATE: 0 when refused with EPERM. */
static int open_and_create(void *arg)
{
	int fd = open(SYNCLAB_DEV_KVMAP, O_RDWR | O_CLOEXEC);
	int ret;

	(void)arg;
	if (fd < 0)
		return 2;
	ret = kv_create(fd, SYNCLAB_KVMAP_BUCKET, 64, 0) == -1 &&
	      errno == EPERM ? 0 : 1;
	close(fd);
	return ret;
}

/* Opens the node: 0 when refused with EACCES. */
static int open_refused(void *arg)
{
	int fd = open(SYNCLAB_DEV_KVMAP, O_RDWR | O_CLOEXEC);

	(void)arg;
	if (fd < 0)
		return errno == EACCES ? 0 : 2;
	close(fd);
	return 1;
}

/* CREATE needs CAP_SYS_ADMIN of the opener; the node is root's only. */
TEST_F(kvmap, create_needs_cap_sys_admin)
{
	struct synclab_kvmap_stats st;

	ASSERT_EQ(0, kv_put(self->fd, 3, 30, NULL));
	EXPECT_EQ(0, sl_run_without_cap(CAP_SYS_ADMIN, open_and_create, NULL));
	EXPECT_EQ(0, sl_run_unprivileged(open_refused, NULL));
	kv_stats(self->fd, &st);
	EXPECT_EQ(variant->mode, st.mode);
	EXPECT_EQ(1, st.entries);
}

/* Random operations agree with a plain array. */
TEST_F(kvmap, reference)
{
	enum { KEYS = 300, OPS = 20000 };
	uint64_t ref[KEYS], v;
	bool present[KEYS] = {}, replaced;
	struct synclab_kvmap_stats st;
	struct synclab_prng rng;
	unsigned int n, i, live = 0;

	synclab_prng_seed(&rng, 4242, variant->mode);
	for (n = 0; n < OPS; n++) {
		uint32_t op = synclab_prng_below(&rng, 3);
		uint64_t key;

		i = synclab_prng_below(&rng, KEYS);
		key = (uint64_t)i << 40 | i;
		if (op == 0) {
			ASSERT_EQ(present[i], kv_get(self->fd, key, &v));
			if (present[i])
				ASSERT_EQ(ref[i], v);
		} else if (op == 1) {
			ref[i] = synclab_prng_next(&rng);
			ASSERT_EQ(0, kv_put(self->fd, key, ref[i], &replaced));
			ASSERT_EQ(present[i], replaced);
			live += !present[i];
			present[i] = true;
		} else {
			ASSERT_EQ(present[i] ? 0 : -1, kv_del(self->fd, key));
			live -= present[i];
			present[i] = false;
		}
	}
	kv_stats(self->fd, &st);
	EXPECT_EQ(live, st.entries);
	EXPECT_GE(st.longest_chain * BUCKETS, st.entries);
}

/* ---- readers beside writers, through the device -------------------- */

#define CC_KEYS		256
#define CC_WRITERS	2
#define CC_READERS	2
#define CC_WRITES	3000

struct cc {
	int fd;
	int done;		/* atomic: writers finished */
	uint64_t seq[CC_WRITERS];	/* atomic */
	uint64_t bad, hits;	/* atomic */
	int failed;		/* atomic */
};

struct cc_arg {
	struct cc *cc;
	unsigned int id;
};

static void *cc_writer(void *p)
{
	struct cc_arg *a = p;
	struct cc *cc = a->cc;
	struct synclab_prng rng;
	uint64_t key, seq;
	unsigned int n;

	synclab_prng_seed(&rng, 5, a->id);
	for (n = 0; n < CC_WRITES; n++) {
		key = synclab_prng_below(&rng, CC_KEYS / CC_WRITERS) *
		      CC_WRITERS + a->id;
		seq = __atomic_add_fetch(&cc->seq[a->id], 1, __ATOMIC_SEQ_CST);
		if (synclab_prng_below(&rng, 4)) {
			if (kv_put(cc->fd, key, seq << 16 | key, NULL))
				__atomic_store_n(&cc->failed, 1, __ATOMIC_RELAXED);
		} else if (kv_del(cc->fd, key) && errno != ENOENT) {
			__atomic_store_n(&cc->failed, 1, __ATOMIC_RELAXED);
		}
	}
	__atomic_add_fetch(&cc->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void *cc_reader(void *p)
{
	struct cc_arg *a = p;
	struct cc *cc = a->cc;
	uint64_t key, v, bad = 0, hits = 0;
	struct synclab_prng rng;
	int r;

	synclab_prng_seed(&rng, 6, a->id);
	while (__atomic_load_n(&cc->done, __ATOMIC_SEQ_CST) < CC_WRITERS) {
		key = synclab_prng_below(&rng, CC_KEYS);
		r = kv_get(cc->fd, key, &v);
		if (r < 0)
			__atomic_store_n(&cc->failed, 1, __ATOMIC_RELAXED);
		if (r <= 0)
			continue;
		hits++;
		if ((v & 0xffff) != key || !(v >> 16) ||
		    (v >> 16) > __atomic_load_n(&cc->seq[key % CC_WRITERS],
						__ATOMIC_SEQ_CST))
			bad++;
	}
	__atomic_add_fetch(&cc->bad, bad, __ATOMIC_RELAXED);
	__atomic_add_fetch(&cc->hits, hits, __ATOMIC_RELAXED);
	return NULL;
}

/* Readers see only values put for their key; lockdep stays quiet. */
TEST_F_TIMEOUT(kvmap, readers_beside_writers, 180)
{
	pthread_t tid[CC_WRITERS + CC_READERS];
	struct cc_arg args[CC_WRITERS + CC_READERS];
	struct cc cc = { .fd = self->fd };
	long locks_before = sl_lockdep_stat("debug_locks");
	unsigned int i;

	ASSERT_EQ(0, kv_create(self->fd, variant->mode, 8,
			       variant->stripes ? 4 : 0));
	for (i = 0; i < CC_WRITERS + CC_READERS; i++) {
		args[i].cc = &cc;
		args[i].id = i < CC_WRITERS ? i : i - CC_WRITERS;
		ASSERT_EQ(0, pthread_create(&tid[i], NULL, i < CC_WRITERS ?
					    cc_writer : cc_reader, &args[i]));
	}
	for (i = 0; i < CC_WRITERS + CC_READERS; i++)
		pthread_join(tid[i], NULL);
	EXPECT_EQ(0, cc.failed);
	EXPECT_EQ(0, cc.bad);
	EXPECT_LT(0, cc.hits);
	EXPECT_EQ(locks_before, sl_lockdep_stat("debug_locks"));
}

/* debugfs kvmap/stats names what STATS returns. */
TEST_F(kvmap, debugfs_stats)
{
	static const char * const names[] = SYNCLAB_KVMAP_MODE_NAMES;
	char buf[1024] = "", want[64];
	int fd;
	ssize_t n;

	ASSERT_EQ(0, kv_put(self->fd, 11, 1, NULL));
	ASSERT_EQ(0, kv_put(self->fd, 12, 2, NULL));
	fd = open(KVMAP_STATS_FILE, O_RDONLY);
	if (fd < 0)
		SKIP(return, "no debugfs");
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ASSERT_LT(0, n);
	snprintf(want, sizeof(want), "mode %s\n", names[variant->mode]);
	EXPECT_NE(NULL, strstr(buf, want)) TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf, "\nentries 2\n")) TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf, "\ninserts 2\n")) TH_LOG("%s", buf);
}

/*
 * rmmod right after an rcu map freed thousands of nodes through
 * call_rcu(): module exit waits for them (rcu_barrier()), the console
 * stays clean, and the module comes back working. Leaves it loaded.
 */
TEST(unload_with_callbacks_pending)
{
	int fd = open(SYNCLAB_DEV_KVMAP, O_RDWR | O_CLOEXEC);
	uint64_t k, v;

	if (fd < 0)
		SKIP(return, "%s: %s", SYNCLAB_DEV_KVMAP, strerror(errno));
	ASSERT_EQ(0, kv_create(fd, SYNCLAB_KVMAP_RCU, 1024, 0));
	for (k = 0; k < 4000; k++)
		ASSERT_EQ(0, kv_put(fd, k, k, NULL));
	for (k = 0; k < 4000; k++)
		ASSERT_EQ(0, kv_del(fd, k));
	close(fd);
	ASSERT_EQ(0, sl_delete_module(O_NONBLOCK)) TH_LOG("%s", strerror(errno));
	ASSERT_FALSE(sl_module_loaded());
	ASSERT_EQ(0, sl_load_module()) TH_LOG("%s", strerror(errno));
	fd = open(SYNCLAB_DEV_KVMAP, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, kv_put(fd, 1, 2, NULL));
	ASSERT_EQ(1, kv_get(fd, 1, &v));
	EXPECT_EQ(2, v);
	close(fd);
}

TEST_HARNESS_MAIN
