/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ring: a bounded ring of 8-byte records with many producers and many
 * consumers (one of each in spsc mode). The same code runs in the module
 * and, over user/shim, in userspace. Its algorithm, locking rules and
 * calling contexts are at the top of ring.c; the names say the contract:
 *
 *   ring_x()	takes the side's lock itself (none in spsc mode, where the
 *		caller guarantees one producer and one consumer);
 *   __ring_x()	the caller holds that lock already (lockdep checks it).
 *
 * Nothing here sleeps on behalf of a caller or blocks: full and empty are
 * return values (-ENOSPC, -ENODATA, or a count of 0 from the batch forms).
 * Waiting is the front end's business (ring_dev.c, user/ring_user.c).
 *
 * The data path's steps and the single-record calls ring_push() and
 * ring_pop() are inline, here: a caller pays for the lock calls and the
 * ring's own loads and stores, not for a call into ring.c (the kernel's
 * ptr_ring, which its users inline whole, is what the ring is measured
 * against).
 */
#ifndef _SYNCLAB_RING_H
#define _SYNCLAB_RING_H

#include <linux/cache.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/barrier.h>

#include "uapi/synclab.h"

/* One side's lock; which member is live is fixed by the ring's mode. */
union ring_lock {
	spinlock_t spin;	/* SYNCLAB_RING_SPINLOCK */
	struct mutex mutex;	/* SYNCLAB_RING_MUTEX */
};

/*
 * A slot holds a record, or 0 when it holds none: the value is the
 * record and the "here" flag at once, so a record may not be 0 (the
 * front ends refuse it, and ring_produce() stops before one). The array
 * has twice the capacity's slots, at least RING_MIN_SLOTS, and the
 * consumer zeroes a line of RING_LINE_RECS slots only when it has taken
 * them all: ring.c says why that is enough.
 */
#define RING_LINE_RECS	8U
#define RING_MIN_SLOTS	16U

static inline u32 ring_nslots(u32 capacity)
{
	return max(2 * capacity, RING_MIN_SLOTS);
}

/*
 * How many of @recs come before the first record of 0: what a front end
 * may push of them (ring_produce() stops there by itself).
 */
static inline unsigned int ring_recs_valid(const u64 *recs, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n && recs[i]; i++)
		;
	return i;
}

/*
 * The layout is a performance statement (the top of ring.c says why):
 * what producers write, what consumers write, tail and what both only
 * read start four cache lines, so that a producer and a consumer on two
 * CPUs share the slots' lines on every record and tail's line once in
 * RING_TAIL_PERIOD records or when the ring looks full; nobody but a
 * producer reads the producers' line on the data path (head is there for
 * the lockless views), nor the consumers' line but a consumer.
 *
 * head and tail are unsigned long: on the 64-bit kernels synclab runs on
 * they never wrap, and they are the counts of records pushed and popped.
 */
struct ring {
	/*
	 * Producer side, under prod.lock. What every push touches fits the
	 * first line in a kernel without lock debugging (a 32-byte union);
	 * full, bumped only while the ring is full, comes last.
	 */
	struct ring_producer {
		union ring_lock lock;
		unsigned long head;		/* records pushed */
		unsigned long tail_cache;	/* tail as last read here */
		u32 hwm;	/* high-water mark of head - tail_cache */
		u64 contended;	/* lock taken after a failed trylock */
		u64 full;	/* pushes that found no free slot */
	} prod ____cacheline_aligned_in_smp;

	/* Consumer side, under cons.lock. */
	struct ring_consumer {
		union ring_lock lock;
		u64 empty;	/* pops that found no record */
		u64 contended;
	} cons ____cacheline_aligned_in_smp;

	/*
	 * Records popped: written by consumers under cons.lock, read by
	 * producers now and then (above) and by the lockless views; alone
	 * on its line, so that a producer reading it does not take the
	 * consumers' lock line away in the middle of a pop.
	 */
	unsigned long tail ____cacheline_aligned_in_smp;

	/* Read-mostly: written only by ring_init() and ring_reconfigure(). */
	u64 *slots ____cacheline_aligned_in_smp;
	u32 size;	/* capacity, a power of two */
	u32 mask;	/* ring_nslots(size) - 1 */
	u32 mode;	/* SYNCLAB_RING_* */
};

/* The producer re-reads tail at least once per this many records. */
#define RING_TAIL_PERIOD	64U

/* A counter owned by one side: one writer, lockless readers. */
static __always_inline void ring_count_add(u64 *ctr, u64 n)
{
	WRITE_ONCE(*ctr, *ctr + n);
}

/*
 * Pushes up to @n records; the caller owns the producer side. tail comes
 * from tail_cache, and is re-read only when that shows too little room
 * or @n more records take head past a multiple of RING_TAIL_PERIOD: while
 * the ring has room, a push touches no line a consumer writes but the
 * slots'. The high-water mark is the occupancy the producer sees, head -
 * tail_cache: never below the true one, high by at most what was popped
 * since the last re-read, exact when the ring is full. A record of 0
 * cannot be told from an empty slot: the push stops before it.
 */
static __always_inline unsigned int ring_produce(struct ring *r,
						 const u64 *recs,
						 unsigned int n)
{
	struct ring_producer *p = &r->prod;
	unsigned long head = r->prod.head;
	unsigned long tail = p->tail_cache;
	unsigned int i, k;

	if (r->size - (head - tail) < n ||
	    ((head ^ (head + n)) & ~(unsigned long)(RING_TAIL_PERIOD - 1))) {
		/*
		 * Pairs with smp_store_release(&r->tail) in ring_release():
		 * the consumers have read and zeroed the slots of the last
		 * lap before we may write them again.
		 */
		tail = smp_load_acquire(&r->tail);
		p->tail_cache = tail;
	}
	k = min_t(unsigned long, n, r->size - (head - tail));
	if (!k) {
		ring_count_add(&p->full, 1);
		return 0;
	}
	for (i = 0; i < k && recs[i]; i++) {
		/*
		 * Pairs with smp_load_acquire() of the slot in ring_fetch().
		 * The record is its own flag, so nothing else needs ordering
		 * before it; the pair marks the handoff (on x86 a plain store
		 * and load), which userspace's ThreadSanitizer needs to see.
		 */
		smp_store_release(&r->slots[(head + i) & r->mask], recs[i]);
	}
	k = i;
	if (head + k - tail > p->hwm)
		WRITE_ONCE(p->hwm, head + k - tail);
	/*
	 * Pairs with smp_load_acquire(&r->prod.head) in ring_count(): the
	 * slots are written before the index counts them.
	 */
	smp_store_release(&r->prod.head, head + k);
	return k;
}

/*
 * Copies up to @n records from the front without giving their slots
 * back; the caller owns the consumer side. The slot at tail holds 0 or
 * the record for position tail, never an older lap's (ring_release()
 * zeroed it) nor a newer one's (the producer stays within the capacity,
 * half the slots, of tail).
 */
static __always_inline unsigned int ring_fetch(struct ring *r, u64 *recs,
					       unsigned int n)
{
	unsigned long tail = r->tail;
	unsigned int k;

	for (k = 0; k < n; k++) {
		/* Pairs with smp_store_release() in ring_produce(). */
		u64 rec = smp_load_acquire(&r->slots[(tail + k) & r->mask]);

		if (!rec)
			break;
		recs[k] = rec;
	}
	if (!k)
		ring_count_add(&r->cons.empty, 1);
	return k;
}

/*
 * Gives @n fetched slots back; the caller owns the consumer side. Each
 * line of slots the consumers have now left behind whole is zeroed, once:
 * a line, not a slot, so that the consumer writes a line of slots once a
 * lap and not once per record while the producer is still filling it.
 */
static __always_inline void ring_release(struct ring *r, unsigned int n)
{
	unsigned long tail = r->tail, end = tail + n;
	unsigned long line = tail & ~(unsigned long)(RING_LINE_RECS - 1);

	if (!n)
		return;
	for (; line + RING_LINE_RECS <= end; line += RING_LINE_RECS)
		memset(&r->slots[line & r->mask], 0,
		       RING_LINE_RECS * sizeof(*r->slots));
	/*
	 * Pairs with smp_load_acquire(&r->tail) in ring_produce(): our
	 * reads of these slots, and the zeroing, are done before a
	 * producer sees them free.
	 */
	smp_store_release(&r->tail, end);
}

/*
 * The locking wrappers. A failed trylock before the real lock counts as
 * contention: the counter is bumped once the lock is ours, so it stays a
 * field of the side the lock protects.
 */
static __always_inline void ring_spin_lock(spinlock_t *lock, u64 *contended)
	__acquires(lock)
{
	if (!spin_trylock(lock)) {
		spin_lock(lock);
		ring_count_add(contended, 1);
	}
}

static __always_inline void ring_mutex_lock(struct mutex *lock,
					    u64 *contended)
{
	if (!mutex_trylock(lock)) {
		mutex_lock(lock);
		ring_count_add(contended, 1);
	}
}

static __always_inline unsigned int ring_push_any(struct ring *r,
						  const u64 *recs,
						  unsigned int n)
{
	struct ring_producer *p = &r->prod;
	unsigned int k;

	switch (r->mode) {
	case SYNCLAB_RING_SPINLOCK:
		ring_spin_lock(&p->lock.spin, &p->contended);
		k = ring_produce(r, recs, n);
		spin_unlock(&p->lock.spin);
		return k;
	case SYNCLAB_RING_MUTEX:
		ring_mutex_lock(&p->lock.mutex, &p->contended);
		k = ring_produce(r, recs, n);
		mutex_unlock(&p->lock.mutex);
		return k;
	default:
		return ring_produce(r, recs, n);
	}
}

/* @consume: pop (true) or only peek (false). */
static __always_inline unsigned int ring_take_locked(struct ring *r,
						     u64 *recs,
						     unsigned int n,
						     bool consume)
{
	unsigned int k = ring_fetch(r, recs, n);

	if (consume)
		ring_release(r, k);
	return k;
}

static __always_inline unsigned int ring_take(struct ring *r, u64 *recs,
					      unsigned int n, bool consume)
{
	struct ring_consumer *c = &r->cons;
	unsigned int k;

	switch (r->mode) {
	case SYNCLAB_RING_SPINLOCK:
		ring_spin_lock(&c->lock.spin, &c->contended);
		k = ring_take_locked(r, recs, n, consume);
		spin_unlock(&c->lock.spin);
		return k;
	case SYNCLAB_RING_MUTEX:
		ring_mutex_lock(&c->lock.mutex, &c->contended);
		k = ring_take_locked(r, recs, n, consume);
		mutex_unlock(&c->lock.mutex);
		return k;
	default:
		return ring_take_locked(r, recs, n, consume);
	}
}

/**
 * ring_push() - push one record
 * @r:		the ring
 * @rec:	the record, not 0
 *
 * Context: see the top of ring.c; in spsc mode only one producer.
 * Return: 0, -ENOSPC when the ring is full, -EINVAL for a record of 0.
 */
static __always_inline int ring_push(struct ring *r, u64 rec)
{
	if (unlikely(!rec))
		return -EINVAL;
	return ring_push_any(r, &rec, 1) ? 0 : -ENOSPC;
}

/**
 * ring_pop() - pop one record
 * @r:		the ring
 * @rec:	where to store it
 *
 * Context: see the top of ring.c; in spsc mode only one consumer.
 * Return: 0, or -ENODATA when the ring is empty.
 */
static __always_inline int ring_pop(struct ring *r, u64 *rec)
{
	return ring_take(r, rec, 1, true) ? 0 : -ENODATA;
}

bool ring_config_valid(u32 capacity, u32 mode);
int ring_init(struct ring *r, u32 capacity, u32 mode);
void ring_fini(struct ring *r);
int ring_reconfigure(struct ring *r, u32 capacity, u32 mode);
int ring_create(struct ring **rp, u32 capacity, u32 mode);
void ring_destroy(struct ring *r);
void ring_reset(struct ring *r);

unsigned int ring_push_batch(struct ring *r, const u64 *recs, unsigned int n);
unsigned int ring_pop_batch(struct ring *r, u64 *recs, unsigned int n);
unsigned int ring_peek_batch(struct ring *r, u64 *recs, unsigned int n);
void ring_consume(struct ring *r, unsigned int n);

unsigned int __ring_push_batch(struct ring *r, const u64 *recs,
			       unsigned int n);
unsigned int __ring_pop_batch(struct ring *r, u64 *recs, unsigned int n);
unsigned int __ring_peek_batch(struct ring *r, u64 *recs, unsigned int n);
void __ring_consume(struct ring *r, unsigned int n);

bool ring_empty(const struct ring *r);
bool ring_full(const struct ring *r);
u32 ring_count(const struct ring *r);
void ring_stats(const struct ring *r, struct synclab_ring_stats *st);

#endif /* _SYNCLAB_RING_H */
