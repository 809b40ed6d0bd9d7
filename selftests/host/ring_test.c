// SPDX-License-Identifier: GPL-2.0
/*
 * ring_test: the ring core (kmod/ring.c, built over user/shim) and its
 * pthread front end (user/ring_user.c), in every mode, under ASan+UBSan
 * and TSan.
 *
 *  - core: the core alone, one thread: FIFO order against a reference
 *    queue, full (-ENOSPC) and empty (-ENODATA), batches that wrap and
 *    stop short, peek/consume, reset, bad configurations, a 1M ring, and
 *    lockdep's stand-in catching a __ring_*() call without its lock.
 *  - core: the core alone, many threads spinning on it (1x1 in spsc mode).
 *  - front: the front end blocking, waking, refusing (-EAGAIN) and shutting
 *    down.
 *  - flow: M producers x N consumers through the front end (1x1, 4x4 and
 *    8x8, more threads than this machine has cores): sequence-numbered,
 *    checksummed records arrive exactly once and in per-producer order.
 */
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "prng.h"
#include "ring_user.h"

static u64 rec_pack(u16 producer, u32 seq)
{
	struct synclab_ring_rec rec = synclab_ring_rec_make(producer, seq);
	u64 v;

	memcpy(&v, &rec, sizeof(v));
	return v;
}

static struct synclab_ring_rec rec_unpack(u64 v)
{
	struct synclab_ring_rec rec;

	memcpy(&rec, &v, sizeof(rec));
	return rec;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- the core, one thread ------------------------------------------ */

FIXTURE(core) {
	struct ring *r;
};

FIXTURE_VARIANT(core) {
	u32 mode;
};

FIXTURE_VARIANT_ADD(core, spinlock) { .mode = SYNCLAB_RING_SPINLOCK };
FIXTURE_VARIANT_ADD(core, mutex) { .mode = SYNCLAB_RING_MUTEX };
FIXTURE_VARIANT_ADD(core, spsc) { .mode = SYNCLAB_RING_SPSC };

#define CAP	16

FIXTURE_SETUP(core)
{
	ASSERT_EQ(0, ring_create(&self->r, CAP, variant->mode));
}

FIXTURE_TEARDOWN(core)
{
	ring_destroy(self->r);
}

/* Single pushes and pops: FIFO order, -ENOSPC when full, -ENODATA empty. */
TEST_F(core, full_enospc_empty_enodata)
{
	struct synclab_ring_stats st = {};
	u64 v;
	u32 i;

	EXPECT_TRUE(ring_empty(self->r));
	EXPECT_EQ(-ENODATA, ring_pop(self->r, &v));
	for (i = 0; i < CAP; i++)
		ASSERT_EQ(0, ring_push(self->r, rec_pack(1, i)));
	EXPECT_TRUE(ring_full(self->r));
	EXPECT_EQ(-ENOSPC, ring_push(self->r, rec_pack(1, CAP)));
	EXPECT_EQ(0, ring_push_batch(self->r, &v, 1));
	EXPECT_EQ(CAP, ring_count(self->r));
	for (i = 0; i < CAP; i++) {
		ASSERT_EQ(0, ring_pop(self->r, &v));
		EXPECT_EQ(rec_pack(1, i), v);
	}
	EXPECT_EQ(-ENODATA, ring_pop(self->r, &v));
	EXPECT_EQ(0, ring_pop_batch(self->r, &v, 1));
	ring_stats(self->r, &st);
	EXPECT_EQ(CAP, st.capacity);
	EXPECT_EQ(variant->mode, st.mode);
	EXPECT_EQ(0, st.count);
	EXPECT_EQ(CAP, st.hwm);
	EXPECT_EQ(CAP, st.pushes);
	EXPECT_EQ(CAP, st.pops);
	EXPECT_EQ(2, st.full);
	EXPECT_EQ(3, st.empty);
	EXPECT_EQ(CAP, st.head);
	EXPECT_EQ(CAP, st.tail);
	EXPECT_EQ(0, st.producer_contended);
}

/* 0 is the empty slot, not a record: refused, nothing else lost. */
TEST_F(core, zero_record_refused)
{
	u64 in[3] = { rec_pack(7, 0), 0, rec_pack(7, 1) }, v;

	EXPECT_EQ(-EINVAL, ring_push(self->r, 0));
	EXPECT_EQ(0, ring_count(self->r));
	EXPECT_EQ(1, ring_push_batch(self->r, in, 3));
	EXPECT_EQ(0, ring_push_batch(self->r, in + 1, 2));
	EXPECT_EQ(1, ring_push_batch(self->r, in + 2, 1));
	EXPECT_EQ(2, ring_count(self->r));
	ASSERT_EQ(0, ring_pop(self->r, &v));
	EXPECT_EQ(in[0], v);
	ASSERT_EQ(0, ring_pop(self->r, &v));
	EXPECT_EQ(in[2], v);
	EXPECT_EQ(-ENODATA, ring_pop(self->r, &v));
}

/* Batches stop short at full/empty, wrap around the end, keep order. */
TEST_F(core, batch_partial_and_wrap)
{
	u64 in[3 * CAP], out[3 * CAP];
	u32 i, round;

	for (i = 0; i < 3 * CAP; i++)
		in[i] = rec_pack(2, i);
	for (round = 0; round < 5; round++) {
		/* 10 fit, then 6 of the next 10: 16, the capacity. */
		ASSERT_EQ(10, ring_push_batch(self->r, in, 10));
		ASSERT_EQ(6, ring_push_batch(self->r, in + 10, 10));
		ASSERT_EQ(0, ring_push_batch(self->r, in + 16, 10));
		ASSERT_EQ(5, ring_pop_batch(self->r, out, 5));
		ASSERT_EQ(11, ring_pop_batch(self->r, out + 5, 3 * CAP));
		for (i = 0; i < CAP; i++)
			ASSERT_EQ(in[i], out[i]) TH_LOG("round %u slot %u",
							round, i);
		/* Shift the indices so the next round wraps elsewhere. */
		ASSERT_EQ(3, ring_push_batch(self->r, in, 3));
		ASSERT_EQ(3, ring_pop_batch(self->r, out, 3));
	}
	EXPECT_EQ(0, ring_count(self->r));
}

/* A peek copies without consuming; consume drops exactly that many. */
TEST_F(core, peek_then_consume)
{
	u64 out[CAP];
	u32 i;

	for (i = 0; i < 6; i++)
		ASSERT_EQ(0, ring_push(self->r, rec_pack(3, i)));
	ASSERT_EQ(4, ring_peek_batch(self->r, out, 4));
	ASSERT_EQ(4, ring_peek_batch(self->r, out, 4));
	EXPECT_EQ(rec_pack(3, 0), out[0]);
	EXPECT_EQ(6, ring_count(self->r));
	ring_consume(self->r, 2);
	EXPECT_EQ(4, ring_count(self->r));
	ASSERT_EQ(4, ring_pop_batch(self->r, out, CAP));
	for (i = 0; i < 4; i++)
		EXPECT_EQ(rec_pack(3, i + 2), out[i]);
	ring_consume(self->r, 0);
	EXPECT_EQ(0, ring_count(self->r));
}

/* 200k random batch pushes and pops agree with a plain reference queue. */
TEST_F(core, random_ops_match_reference)
{
	enum { OPS = 200000, MAXB = 40 };
	static u64 ref[1 << 20];
	u64 ref_head = 0, ref_tail = 0, seq = 0;
	struct synclab_prng rng;
	u64 buf[MAXB];
	u32 op, i, n, k;

	synclab_prng_seed(&rng, 42, variant->mode);
	for (op = 0; op < OPS; op++) {
		n = 1 + synclab_prng_below(&rng, MAXB);
		if (synclab_prng_below(&rng, 2)) {
			for (i = 0; i < n; i++)
				buf[i] = rec_pack(4, (u32)(seq + i));
			k = ring_push_batch(self->r, buf, n);
			ASSERT_EQ(min_t(u64, n, CAP - (ref_head - ref_tail)), k);
			for (i = 0; i < k; i++)
				ref[ref_head++ % (1 << 20)] = buf[i];
			seq += k;
		} else {
			k = ring_pop_batch(self->r, buf, n);
			ASSERT_EQ(min_t(u64, n, ref_head - ref_tail), k);
			for (i = 0; i < k; i++)
				ASSERT_EQ(ref[ref_tail++ % (1 << 20)], buf[i]);
		}
		ASSERT_EQ(ref_head - ref_tail, ring_count(self->r));
	}
}

/* Reset empties the ring and zeroes its counters. */
TEST_F(core, reset)
{
	struct synclab_ring_stats st = {};
	u64 v;

	ASSERT_EQ(0, ring_push(self->r, 1));
	ASSERT_EQ(0, ring_push(self->r, 2));
	ASSERT_EQ(0, ring_pop(self->r, &v));
	ring_reset(self->r);
	/*
	 * Nothing comes back, though slots 0 and 1 still held records 1
	 * and 2 (a line of slots is zeroed when the consumer leaves it).
	 */
	EXPECT_EQ(-ENODATA, ring_pop(self->r, &v));
	ring_stats(self->r, &st);
	EXPECT_EQ(0, st.count);
	EXPECT_EQ(0, st.head);
	EXPECT_EQ(0, st.tail);
	EXPECT_EQ(0, st.pushes + st.pops + st.hwm + st.full);
	EXPECT_EQ(1, st.empty);
	ASSERT_EQ(0, ring_push(self->r, 3));
	ASSERT_EQ(0, ring_pop(self->r, &v));
	EXPECT_EQ(3, v);
}

static void push_without_lock(u32 mode)
{
	struct ring *r;
	u64 v = 1;

	if (ring_create(&r, CAP, mode))
		_exit(3);
	__ring_push_batch(r, &v, 1);
	_exit(0);
}

/*
 * __ring_push_batch() asserts its lock: called without it in a locked
 * mode, the SHIM_DEBUG lockdep stand-in aborts. In spsc mode there is
 * no lock to hold, and the call just works.
 */
TEST_F(core, unlocked_dunder_call_asserts)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* Keep the expected abort's report off the test's output. */
		if (!freopen("/dev/null", "w", stderr))
			_exit(2);
		push_without_lock(variant->mode);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	if (variant->mode == SYNCLAB_RING_SPSC) {
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	} else {
		EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT)
			TH_LOG("status %#x", status);
	}
}

/* Capacities that are not a power of two in range, and bad modes. */
TEST(bad_config_einval)
{
	const u32 bad_caps[] = { 0, 3, 1000, SYNCLAB_RING_MAX_CAPACITY + 1,
				 SYNCLAB_RING_MAX_CAPACITY * 2, 0x80000000u };
	struct ring *r = NULL;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_caps); i++) {
		u32 cap = bad_caps[i];

		EXPECT_EQ(-EINVAL, ring_create(&r, cap, SYNCLAB_RING_SPINLOCK))
			TH_LOG("capacity %u", cap);
	}
	EXPECT_EQ(-EINVAL, ring_create(&r, 8, SYNCLAB_RING_NMODES));
	EXPECT_EQ(-EINVAL, ring_create(&r, 8, ~0u));
	EXPECT_EQ(NULL, r);
	ASSERT_EQ(0, ring_create(&r, 1, SYNCLAB_RING_SPINLOCK));
	EXPECT_EQ(0, ring_push(r, 7));
	EXPECT_EQ(-ENOSPC, ring_push(r, 8));
	ring_destroy(r);
}

/* A ring of 1M records fills to the last slot and drains in order. */
/*
 * Every capacity up to 32, run over many laps of its slots with batches
 * of every size: exactly the capacity fits, and the records come back in
 * order. Small rings have more slots than twice their capacity (ring.h).
 */
TEST(small_capacities_many_laps)
{
	u64 in[65], out[65], pushed, popped;
	u32 cap, step, k;
	struct ring *r;

	for (cap = 1; cap <= 32; cap *= 2) {
		ASSERT_EQ(0, ring_create(&r, cap, SYNCLAB_RING_SPINLOCK));
		pushed = popped = 0;
		for (step = 0; step < 4000; step++) {
			u32 n = 1 + step % (2 * cap + 1), i;

			for (i = 0; i < n; i++)
				in[i] = rec_pack(cap, (u32)(pushed + i));
			k = ring_push_batch(r, in, n);
			ASSERT_EQ(min(n, cap - (u32)(pushed - popped)), k);
			pushed += k;
			n = 1 + (step * 7) % (2 * cap + 1);
			k = ring_pop_batch(r, out, n);
			ASSERT_EQ(min(n, (u32)(pushed - popped)), k);
			for (i = 0; i < k; i++)
				ASSERT_EQ(rec_pack(cap, (u32)(popped + i)),
					  out[i]) TH_LOG("cap %u step %u", cap,
							 step);
			popped += k;
		}
		ring_destroy(r);
	}
}

TEST(one_million)
{
	const u32 cap = 1u << 20;
	u64 buf[1024];
	struct ring *r;
	u32 i, j;

	ASSERT_EQ(0, ring_create(&r, cap, SYNCLAB_RING_SPSC));
	for (i = 0; i < cap; i += 1024) {
		for (j = 0; j < 1024; j++)
			buf[j] = rec_pack(5, i + j);
		ASSERT_EQ(1024, ring_push_batch(r, buf, 1024));
	}
	EXPECT_EQ(-ENOSPC, ring_push(r, rec_pack(5, cap)));
	EXPECT_EQ(cap, ring_count(r));
	for (i = 0; i < cap; i += 1024) {
		ASSERT_EQ(1024, ring_pop_batch(r, buf, 1024));
		for (j = 0; j < 1024; j++)
			ASSERT_EQ(rec_pack(5, i + j), buf[j]);
	}
	EXPECT_TRUE(ring_empty(r));
	ring_destroy(r);
}

/* Reconfigure keeps the old ring when the new shape is refused. */
TEST(reconfigure)
{
	struct synclab_ring_stats st = {};
	struct ring *r;
	u64 v;

	ASSERT_EQ(0, ring_create(&r, 4, SYNCLAB_RING_MUTEX));
	ASSERT_EQ(0, ring_push(r, 9));
	EXPECT_EQ(-EINVAL, ring_reconfigure(r, 5, SYNCLAB_RING_SPSC));
	EXPECT_EQ(1, ring_count(r));
	ASSERT_EQ(0, ring_reconfigure(r, 64, SYNCLAB_RING_SPINLOCK));
	ring_stats(r, &st);
	EXPECT_EQ(64, st.capacity);
	EXPECT_EQ(SYNCLAB_RING_SPINLOCK, st.mode);
	EXPECT_EQ(0, st.count);
	EXPECT_EQ(0, st.pushes);
	EXPECT_EQ(-ENODATA, ring_pop(r, &v));
	ring_destroy(r);
}

/* ---- exactly once, in order ---------------------------------------- */

/*
 * What the consumers found, shared by all of them. seen[p][s] counts the
 * arrivals of producer p's record s: all must end at exactly 1. Each
 * consumer also checks that every producer's records reach it in
 * increasing order (its expected-next table), and with one consumer that
 * they arrive with no gap at all.
 */
struct tally {
	u32 producers, per_producer, consumers;
	u8 *seen;		/* producers * per_producer, atomics */
	u64 popped;		/* atomic */
	u64 bad;		/* atomic: checksum, range, order, duplicates */
};

static int tally_init(struct tally *t, u32 producers, u32 per_producer,
		      u32 consumers)
{
	t->producers = producers;
	t->per_producer = per_producer;
	t->consumers = consumers;
	t->popped = 0;
	t->bad = 0;
	t->seen = calloc((size_t)producers * per_producer, 1);
	return t->seen ? 0 : -ENOMEM;
}

/* One consumer's view: next[p] is the lowest seq it may still see. */
struct view {
	struct tally *t;
	u32 next[64];
};

static void view_take(struct view *v, const u64 *recs, unsigned int n)
{
	struct tally *t = v->t;
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct synclab_ring_rec rec = rec_unpack(recs[i]);
		bool bad = !synclab_ring_rec_ok(&rec) ||
			   rec.producer >= t->producers ||
			   rec.seq >= t->per_producer;

		if (!bad) {
			u8 *s = &t->seen[(size_t)rec.producer *
					 t->per_producer + rec.seq];

			/* Order: strictly after the last one seen. */
			if (rec.seq < v->next[rec.producer])
				bad = true;
			/* With one consumer, exactly the next one. */
			if (t->consumers == 1 && rec.seq != v->next[rec.producer])
				bad = true;
			v->next[rec.producer] = rec.seq + 1;
			if (__atomic_fetch_add(s, 1, __ATOMIC_RELAXED))
				bad = true;
		}
		if (bad)
			__atomic_add_fetch(&t->bad, 1, __ATOMIC_RELAXED);
	}
	__atomic_add_fetch(&t->popped, n, __ATOMIC_RELAXED);
}

static u64 tally_missing(const struct tally *t)
{
	u64 missing = 0;
	size_t i;

	for (i = 0; i < (size_t)t->producers * t->per_producer; i++)
		missing += t->seen[i] != 1;
	return missing;
}

struct worker {
	pthread_t thread;
	u32 id;
	struct ring_user *ru;	/* front-end flows */
	struct ring *r;		/* core-only flows */
	struct tally *t;
	struct view view;
	u64 done;
	int err;
};

/* Batch sizes are drawn from 1..MAXBATCH. */
#define MAXBATCH	8

static void *flow_producer(void *arg)
{
	struct worker *w = arg;
	struct synclab_prng rng;
	u64 buf[MAXBATCH];
	u32 seq = 0, n, i;
	int ret;

	synclab_prng_seed(&rng, 7, w->id);
	while (seq < w->t->per_producer) {
		n = min_t(u32, 1 + synclab_prng_below(&rng, MAXBATCH),
			  w->t->per_producer - seq);
		for (i = 0; i < n; i++)
			buf[i] = rec_pack(w->id, seq + i);
		ret = ring_user_push(w->ru, buf, n, false);
		if (ret != (int)n) {
			w->err = ret;
			break;
		}
		seq += n;
	}
	w->done = seq;
	return NULL;
}

static void *flow_consumer(void *arg)
{
	struct worker *w = arg;
	struct synclab_prng rng;
	u64 buf[MAXBATCH];
	int ret;

	synclab_prng_seed(&rng, 8, w->id);
	for (;;) {
		ret = ring_user_pop(w->ru, buf,
				    1 + synclab_prng_below(&rng, MAXBATCH),
				    false);
		if (ret < 0)
			break;
		view_take(&w->view, buf, ret);
		w->done += ret;
	}
	/* The end of the stream is the shutdown, after the last record. */
	w->err = ret == -ESHUTDOWN ? 0 : ret;
	return NULL;
}

FIXTURE(flow) {
	struct ring_user *ru;
	struct tally t;
	struct worker prod[16], cons[16];
};

FIXTURE_VARIANT(flow) {
	u32 mode, producers, consumers, capacity, per_producer;
};

FIXTURE_VARIANT_ADD(flow, spinlock_1x1) {
	SYNCLAB_RING_SPINLOCK, 1, 1, 64, 200000 };
FIXTURE_VARIANT_ADD(flow, spinlock_4x4) {
	SYNCLAB_RING_SPINLOCK, 4, 4, 64, 50000 };
FIXTURE_VARIANT_ADD(flow, spinlock_8x8) {
	SYNCLAB_RING_SPINLOCK, 8, 8, 16, 20000 };
FIXTURE_VARIANT_ADD(flow, mutex_1x1) { SYNCLAB_RING_MUTEX, 1, 1, 64, 200000 };
FIXTURE_VARIANT_ADD(flow, mutex_4x4) { SYNCLAB_RING_MUTEX, 4, 4, 64, 50000 };
FIXTURE_VARIANT_ADD(flow, mutex_8x8) { SYNCLAB_RING_MUTEX, 8, 8, 16, 20000 };
FIXTURE_VARIANT_ADD(flow, spsc_1x1) { SYNCLAB_RING_SPSC, 1, 1, 64, 200000 };

FIXTURE_SETUP(flow)
{
	ASSERT_EQ(0, ring_user_create(&self->ru, variant->capacity,
				      variant->mode));
	ASSERT_EQ(0, tally_init(&self->t, variant->producers,
				variant->per_producer, variant->consumers));
}

FIXTURE_TEARDOWN(flow)
{
	ring_user_destroy(self->ru);
	free(self->t.seen);
}

/*
 * Producers push their records in random batches; consumers pop random
 * batches until the shutdown after the last producer finished. Every
 * record arrives once, in per-producer order, checksum intact; with a
 * small ring both sides wait and wake many times on the way.
 */
TEST_F(flow, exactly_once_in_order)
{
	u32 np = variant->producers, nc = variant->consumers, i;
	struct synclab_ring_stats st = {};
	u64 total = (u64)np * variant->per_producer, got = 0;

	for (i = 0; i < nc; i++) {
		self->cons[i] = (struct worker){ .id = i, .ru = self->ru,
						 .t = &self->t };
		self->cons[i].view.t = &self->t;
		ASSERT_EQ(0, pthread_create(&self->cons[i].thread, NULL,
					    flow_consumer, &self->cons[i]));
	}
	for (i = 0; i < np; i++) {
		self->prod[i] = (struct worker){ .id = i, .ru = self->ru,
						 .t = &self->t };
		ASSERT_EQ(0, pthread_create(&self->prod[i].thread, NULL,
					    flow_producer, &self->prod[i]));
	}
	for (i = 0; i < np; i++) {
		pthread_join(self->prod[i].thread, NULL);
		EXPECT_EQ(0, self->prod[i].err);
		EXPECT_EQ(variant->per_producer, self->prod[i].done);
	}
	ring_user_shutdown(self->ru);
	for (i = 0; i < nc; i++) {
		pthread_join(self->cons[i].thread, NULL);
		EXPECT_EQ(0, self->cons[i].err);
		got += self->cons[i].done;
	}
	EXPECT_EQ(total, got);
	EXPECT_EQ(total, self->t.popped);
	EXPECT_EQ(0, self->t.bad);
	EXPECT_EQ(0, tally_missing(&self->t));
	ring_user_stats(self->ru, &st);
	EXPECT_EQ(total, st.pushes);
	EXPECT_EQ(total, st.pops);
	EXPECT_EQ(0, st.count);
	EXPECT_EQ(variant->capacity, st.hwm);
	EXPECT_EQ(SYNCLAB_RING_SHUT, st.flags);
	TH_LOG("%ux%u: %llu records, waits %llu/%llu, wakeups %llu",
	       np, nc, (unsigned long long)total,
	       (unsigned long long)st.producer_waits,
	       (unsigned long long)st.consumer_waits,
	       (unsigned long long)st.wakeups);
}

/* ---- the core, many threads, no front end --------------------------- */

static void *core_producer(void *arg)
{
	struct worker *w = arg;
	struct synclab_prng rng;
	u64 buf[MAXBATCH];
	u32 seq = 0, n, k, i;

	synclab_prng_seed(&rng, 9, w->id);
	while (seq < w->t->per_producer) {
		n = min_t(u32, 1 + synclab_prng_below(&rng, MAXBATCH),
			  w->t->per_producer - seq);
		for (i = 0; i < n; i++)
			buf[i] = rec_pack(w->id, seq + i);
		/* Batches of one go through the single-record call. */
		if (n == 1)
			k = ring_push(w->r, buf[0]) ? 0 : 1;
		else
			k = ring_push_batch(w->r, buf, n);
		if (!k)
			sched_yield();
		seq += k;
	}
	w->done = seq;
	return NULL;
}

static void *core_consumer(void *arg)
{
	struct worker *w = arg;
	u64 total = (u64)w->t->producers * w->t->per_producer;
	struct synclab_prng rng;
	u64 buf[MAXBATCH];
	u32 n, k;

	synclab_prng_seed(&rng, 10, w->id);
	while (__atomic_load_n(&w->t->popped, __ATOMIC_RELAXED) < total) {
		n = 1 + synclab_prng_below(&rng, MAXBATCH);
		if (n == 1)
			k = ring_pop(w->r, buf) ? 0 : 1;
		else
			k = ring_pop_batch(w->r, buf, n);
		if (!k) {
			sched_yield();
			continue;
		}
		view_take(&w->view, buf, k);
		w->done += k;
	}
	return NULL;
}

/*
 * The core alone, threads spinning (yielding) on full and empty: in spsc
 * mode one producer and one consumer meet only through the acquire and
 * release of the indices; in the locked modes 4 producers and 4 consumers
 * contend for the two locks. Same exactly-once, in-order check.
 */
TEST_F(core, core_threads_exactly_once)
{
	u32 n = variant->mode == SYNCLAB_RING_SPSC ? 1 : 4;
	struct worker prod[4], cons[4];
	struct synclab_ring_stats st = {};
	struct tally t;
	u32 i;

	ASSERT_EQ(0, tally_init(&t, n, 400000 / n, n));
	for (i = 0; i < n; i++) {
		cons[i] = (struct worker){ .id = i, .r = self->r, .t = &t };
		cons[i].view.t = &t;
		prod[i] = (struct worker){ .id = i, .r = self->r, .t = &t };
		ASSERT_EQ(0, pthread_create(&cons[i].thread, NULL,
					    core_consumer, &cons[i]));
		ASSERT_EQ(0, pthread_create(&prod[i].thread, NULL,
					    core_producer, &prod[i]));
	}
	for (i = 0; i < n; i++) {
		pthread_join(prod[i].thread, NULL);
		pthread_join(cons[i].thread, NULL);
	}
	EXPECT_EQ(400000, t.popped);
	EXPECT_EQ(0, t.bad);
	EXPECT_EQ(0, tally_missing(&t));
	ring_stats(self->r, &st);
	EXPECT_EQ(400000, st.pushes);
	EXPECT_EQ(400000, st.pops);
	EXPECT_EQ(0, st.count);
	if (variant->mode == SYNCLAB_RING_SPSC)
		EXPECT_EQ(0, st.producer_contended + st.consumer_contended);
	TH_LOG("full %llu empty %llu contended %llu/%llu",
	       (unsigned long long)st.full, (unsigned long long)st.empty,
	       (unsigned long long)st.producer_contended,
	       (unsigned long long)st.consumer_contended);
	free(t.seen);
}

/* ---- the front end: blocking, waking, refusing, shutdown ------------ */

struct blocker {
	pthread_t thread;
	struct ring_user *ru;
	u64 buf[CAP];
	unsigned int n;
	int ret;
};

static void *block_push(void *arg)
{
	struct blocker *b = arg;

	b->ret = ring_user_push(b->ru, b->buf, b->n, false);
	return NULL;
}

static void *block_pop(void *arg)
{
	struct blocker *b = arg;

	b->ret = ring_user_pop(b->ru, b->buf, b->n, false);
	return NULL;
}

/* Waits (up to 10 s) until @n producers or consumers wait in @ru. */
static bool wait_for_waiters(struct ring_user *ru, bool producers,
			     unsigned int n)
{
	unsigned int i, now;

	for (i = 0; i < 10000; i++) {
		pthread_mutex_lock(&ru->lock);
		now = producers ? ru->producers_waiting :
				  ru->consumers_waiting;
		pthread_mutex_unlock(&ru->lock);
		if (now == n)
			return true;
		sleep_ms(1);
	}
	return false;
}

/* Waits (up to 10 s) until the ring holds @n records. */
static bool wait_for_count(struct ring_user *ru, u32 n)
{
	struct synclab_ring_stats st;
	unsigned int i;

	for (i = 0; i < 10000; i++) {
		ring_user_stats(ru, &st);
		if (st.count == n)
			return true;
		sleep_ms(1);
	}
	return false;
}

FIXTURE(front) {
	struct ring_user *ru;
};

FIXTURE_VARIANT(front) {
	u32 mode;
};

FIXTURE_VARIANT_ADD(front, spinlock) { .mode = SYNCLAB_RING_SPINLOCK };
FIXTURE_VARIANT_ADD(front, mutex) { .mode = SYNCLAB_RING_MUTEX };
FIXTURE_VARIANT_ADD(front, spsc) { .mode = SYNCLAB_RING_SPSC };

FIXTURE_SETUP(front)
{
	ASSERT_EQ(0, ring_user_create(&self->ru, 4, variant->mode));
}

FIXTURE_TEARDOWN(front)
{
	ring_user_destroy(self->ru);
}

/* A pop on an empty ring sleeps until a push, then returns that record. */
TEST_F(front, pop_blocks_until_push)
{
	struct blocker b = { .ru = self->ru, .n = 4 };
	struct synclab_ring_stats st = {};
	u64 v = rec_pack(6, 0);

	ASSERT_EQ(0, pthread_create(&b.thread, NULL, block_pop, &b));
	ASSERT_TRUE(wait_for_waiters(self->ru, false, 1));
	EXPECT_EQ(1, ring_user_push(self->ru, &v, 1, false));
	pthread_join(b.thread, NULL);
	EXPECT_EQ(1, b.ret);
	EXPECT_EQ(v, b.buf[0]);
	ring_user_stats(self->ru, &st);
	EXPECT_EQ(1, st.consumer_waits);
	EXPECT_EQ(1, st.wakeups);
}

/* A push into a full ring sleeps until pops make room, then completes. */
TEST_F(front, push_blocks_until_pop)
{
	struct blocker b = { .ru = self->ru, .n = 3 };
	u64 fill[4], out[4];
	unsigned int i;

	for (i = 0; i < 4; i++)
		fill[i] = rec_pack(7, i);
	for (i = 0; i < 3; i++)
		b.buf[i] = rec_pack(7, 4 + i);
	ASSERT_EQ(4, ring_user_push(self->ru, fill, 4, false));
	ASSERT_EQ(0, pthread_create(&b.thread, NULL, block_push, &b));
	ASSERT_TRUE(wait_for_waiters(self->ru, true, 1));
	/* Room for 2 of the 3: the pusher places 2 and waits again. */
	ASSERT_EQ(2, ring_user_pop(self->ru, out, 2, false));
	ASSERT_TRUE(wait_for_count(self->ru, 4));
	ASSERT_TRUE(wait_for_waiters(self->ru, true, 1));
	ASSERT_EQ(4, ring_user_pop(self->ru, out, 4, false));
	pthread_join(b.thread, NULL);
	EXPECT_EQ(3, b.ret);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(rec_pack(7, 2 + i), out[i]);
	ASSERT_EQ(1, ring_user_pop(self->ru, out, 4, false));
	EXPECT_EQ(rec_pack(7, 6), out[0]);
}

/* Non-blocking calls: -EAGAIN instead of waiting, partial counts. */
TEST_F(front, nonblock_eagain)
{
	u64 buf[6] = { 1, 2, 3, 4, 5, 6 }, out[6];

	EXPECT_EQ(-EAGAIN, ring_user_pop(self->ru, out, 6, true));
	EXPECT_EQ(4, ring_user_push(self->ru, buf, 6, true));
	EXPECT_EQ(-EAGAIN, ring_user_push(self->ru, buf + 4, 2, true));
	EXPECT_EQ(4, ring_user_pop(self->ru, out, 6, true));
	EXPECT_EQ(4, out[3]);
	EXPECT_EQ(-EAGAIN, ring_user_pop(self->ru, out, 6, true));
}

/* A record of 0: the ones before it go in, then -EINVAL; nothing lost. */
TEST_F(front, zero_record_einval)
{
	u64 buf[4] = { 1, 2, 0, 3 }, out[4];

	EXPECT_EQ(2, ring_user_push(self->ru, buf, 4, false));
	EXPECT_EQ(-EINVAL, ring_user_push(self->ru, buf + 2, 2, false));
	EXPECT_EQ(-EINVAL, ring_user_push(self->ru, buf + 2, 1, true));
	EXPECT_EQ(1, ring_user_push(self->ru, buf + 3, 1, false));
	EXPECT_EQ(3, ring_user_pop(self->ru, out, 4, true));
	EXPECT_EQ(1, out[0]);
	EXPECT_EQ(2, out[1]);
	EXPECT_EQ(3, out[2]);
}

/*
 * Shutdown wakes every waiter with -ESHUTDOWN: three blocked consumers,
 * then three blocked producers. The records stay: pops drain them, then
 * fail; pushes fail at once; reset reopens the ring.
 */
TEST_F(front, shutdown_wakes_everyone)
{
	struct blocker b[3];
	u64 fill[4] = { 11, 12, 13, 14 }, out[4];
	unsigned int i;

	for (i = 0; i < 3; i++) {
		b[i] = (struct blocker){ .ru = self->ru, .n = 2 };
		ASSERT_EQ(0, pthread_create(&b[i].thread, NULL, block_pop,
					    &b[i]));
	}
	ASSERT_TRUE(wait_for_waiters(self->ru, false, 3));
	ring_user_shutdown(self->ru);
	for (i = 0; i < 3; i++) {
		pthread_join(b[i].thread, NULL);
		EXPECT_EQ(-ESHUTDOWN, b[i].ret);
	}

	ring_user_reset(self->ru);
	ASSERT_EQ(4, ring_user_push(self->ru, fill, 4, false));
	for (i = 0; i < 3; i++) {
		b[i] = (struct blocker){ .ru = self->ru, .n = 1,
					 .buf = { 21 + i } };
		ASSERT_EQ(0, pthread_create(&b[i].thread, NULL, block_push,
					    &b[i]));
	}
	ASSERT_TRUE(wait_for_waiters(self->ru, true, 3));
	ring_user_shutdown(self->ru);
	for (i = 0; i < 3; i++) {
		pthread_join(b[i].thread, NULL);
		EXPECT_EQ(-ESHUTDOWN, b[i].ret);
	}
	EXPECT_EQ(-ESHUTDOWN, ring_user_push(self->ru, fill, 1, false));
	EXPECT_EQ(4, ring_user_pop(self->ru, out, 4, false));
	EXPECT_EQ(0, memcmp(fill, out, sizeof(fill)));
	EXPECT_EQ(-ESHUTDOWN, ring_user_pop(self->ru, out, 4, false));

	ring_user_reset(self->ru);
	EXPECT_EQ(1, ring_user_push(self->ru, fill, 1, false));
	EXPECT_EQ(1, ring_user_pop(self->ru, out, 4, false));
}

TEST_HARNESS_MAIN
