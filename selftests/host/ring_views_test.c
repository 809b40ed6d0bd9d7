// SPDX-License-Identifier: GPL-2.0
/*
 * ring_views_test: what the ring core (kmod/ring.c over user/shim) says
 * about itself without locks, in every mode, under ASan+UBSan and TSan.
 *
 *  - hwm: the high-water mark is an upper bound of the occupancy that
 *    stays close to it (the producer re-reads tail at least every 64
 *    records), and exact when the ring fills.
 *  - the moment between a producer's announcing a record in its slot
 *    and its publishing head: a consumer can take the record then, and
 *    tail is one ahead of head. The views must call that empty (an
 *    unsigned difference says 2^32 - 1, clamped to full: a writer
 *    waiting for room would sleep on an empty ring). The moment is made
 *    by hand, as the producer leaves it, since it lasts a few
 *    instructions.
 *  - handoff: one record at a time goes from a producer to a consumer
 *    while a third thread watches ring_full(): it never says full. A
 *    view may be stale (tail read, then head much later), so the ring is
 *    far larger than all the records that pass: staleness alone cannot
 *    reach full. It hands off up to HANDOFFS records or for HANDOFF_SECS,
 *    whichever ends first: each record waits for two threads to be
 *    scheduled, and on a machine busy with other work sched_yield() can
 *    give the CPU away for a whole slice.
 */
#include <sched.h>
#include <time.h>

#include "kselftest_harness.h"
#include "ring.h"

FIXTURE(views) {
	struct ring *r;
};

FIXTURE_VARIANT(views) {
	u32 mode;
};

FIXTURE_VARIANT_ADD(views, spinlock) { .mode = SYNCLAB_RING_SPINLOCK };
FIXTURE_VARIANT_ADD(views, mutex) { .mode = SYNCLAB_RING_MUTEX };
FIXTURE_VARIANT_ADD(views, spsc) { .mode = SYNCLAB_RING_SPSC };

#define CAP	1024

FIXTURE_SETUP(views)
{
	ASSERT_EQ(0, ring_create(&self->r, CAP, variant->mode));
}

FIXTURE_TEARDOWN(views)
{
	ring_destroy(self->r);
}

/*
 * Ten laps of push one, pop one: the ring never holds more than one
 * record, and hwm says at most 64 (the old ring said CAP after one lap).
 * Then a fill to the brim: exactly CAP.
 */
TEST_F(views, hwm_bounds_occupancy)
{
	struct synclab_ring_stats st = {};
	u64 v;
	u32 i;

	for (i = 1; i <= 10 * CAP; i++) {
		ASSERT_EQ(0, ring_push(self->r, i));
		ASSERT_EQ(0, ring_pop(self->r, &v));
		ASSERT_EQ(i, v);
	}
	ring_stats(self->r, &st);
	EXPECT_LE(1, st.hwm);
	EXPECT_GE(64, st.hwm);
	for (i = 1; i <= CAP; i++)
		ASSERT_EQ(0, ring_push(self->r, i));
	EXPECT_EQ(-ENOSPC, ring_push(self->r, CAP + 1));
	ring_stats(self->r, &st);
	EXPECT_EQ(CAP, st.hwm);
	EXPECT_EQ(CAP, st.count);
}

/*
 * Store record @v in the slot for position head, as ring_produce() does
 * before it publishes head, no more.
 */
static void announce_only(struct ring *r, u64 v)
{
	__atomic_store_n(&r->slots[r->prod.head & r->mask], v,
			 __ATOMIC_RELAXED);
}

TEST_F(views, tail_ahead_of_head_looks_empty)
{
	struct synclab_ring_stats st = {};
	u64 v;
	u32 i;

	for (i = 1; i <= 5; i++)
		ASSERT_EQ(0, ring_push(self->r, i));
	for (i = 1; i <= 5; i++)
		ASSERT_EQ(0, ring_pop(self->r, &v));
	announce_only(self->r, 77);
	ASSERT_EQ(0, ring_pop(self->r, &v));
	EXPECT_EQ(77, v);
	ring_stats(self->r, &st);
	EXPECT_EQ(5, st.head);
	EXPECT_EQ(6, st.tail);
	EXPECT_EQ(0, st.count);
	EXPECT_EQ(0, ring_count(self->r));
	EXPECT_TRUE(ring_empty(self->r));
	EXPECT_FALSE(ring_full(self->r));
	/* The producer publishes head; all is as after a plain push/pop. */
	__atomic_store_n(&self->r->prod.head, 6, __ATOMIC_RELEASE);
	EXPECT_EQ(0, ring_count(self->r));
	EXPECT_EQ(-ENODATA, ring_pop(self->r, &v));
	ASSERT_EQ(0, ring_push(self->r, 78));
	ASSERT_EQ(0, ring_pop(self->r, &v));
	EXPECT_EQ(78, v);
}

#define HANDOFFS	20000
#define HANDOFF_SECS	5
#define HANDOFF_CAP	(1u << 20)

struct handoff {
	struct ring *r;
	u32 popped;		/* atomic: records the consumer took */
	u32 pushed;		/* atomic: the producer's total, once it stops */
	u32 stopped;		/* atomic: the producer has stopped */
	u32 done;		/* atomic: the consumer has finished */
	u32 bad_rec;		/* consumer: records out of order */
	u32 full;		/* watcher: views of a full ring */
	u64 looks;		/* watcher: views taken */
};

static void *handoff_consumer(void *arg)
{
	struct handoff *h = arg;
	u32 next = 0;
	u64 v;

	for (;;) {
		if (ring_pop(h->r, &v)) {
			if (__atomic_load_n(&h->stopped, __ATOMIC_ACQUIRE) &&
			    next == __atomic_load_n(&h->pushed, __ATOMIC_RELAXED))
				break;
			sched_yield();
			continue;
		}
		if (v != next + 1)
			h->bad_rec++;
		next++;
		__atomic_store_n(&h->popped, next, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&h->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void *handoff_watcher(void *arg)
{
	struct handoff *h = arg;

	while (!__atomic_load_n(&h->done, __ATOMIC_ACQUIRE)) {
		if (ring_full(h->r))
			h->full++;
		/* Leave the CPU to the other two now and then. */
		if (!(++h->looks % 64))
			sched_yield();
	}
	return NULL;
}

static time_t now_secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/*
 * The producer pushes record i only once the consumer has taken i - 1,
 * so at most one record is ever in the ring.
 */
TEST_F(views, handoff_never_looks_full)
{
	time_t end = now_secs() + HANDOFF_SECS;
	struct handoff h = {};
	pthread_t cons, watch;
	u32 i;

	ASSERT_EQ(0, ring_create(&h.r, HANDOFF_CAP, variant->mode));
	ASSERT_EQ(0, pthread_create(&cons, NULL, handoff_consumer, &h));
	ASSERT_EQ(0, pthread_create(&watch, NULL, handoff_watcher, &h));
	for (i = 0; i < HANDOFFS && now_secs() < end; i++) {
		while (ring_push(h.r, i + 1))
			sched_yield();
		while (__atomic_load_n(&h.popped, __ATOMIC_ACQUIRE) <= i)
			sched_yield();
	}
	__atomic_store_n(&h.pushed, i, __ATOMIC_RELAXED);
	__atomic_store_n(&h.stopped, 1, __ATOMIC_RELEASE);
	pthread_join(cons, NULL);
	pthread_join(watch, NULL);
	EXPECT_LT(0, i);
	EXPECT_EQ(i, h.popped);
	EXPECT_EQ(0, h.bad_rec);
	EXPECT_EQ(0, h.full);
	EXPECT_EQ(0, ring_count(h.r));
	TH_LOG("%u records handed off, %llu views", i,
	       (unsigned long long)h.looks);
	ring_destroy(h.r);
}

TEST_HARNESS_MAIN
