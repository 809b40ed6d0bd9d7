// SPDX-License-Identifier: GPL-2.0
/*
 * ring: a bounded FIFO of 8-byte records (struct synclab_ring_rec, stored
 * as u64) between producers and consumers. It is the data structure only:
 * full and empty are return values, nothing here sleeps on behalf of a
 * caller or waits for room. ring_dev.c makes a blocking /dev node of it,
 * user/ring_user.c a blocking pthread queue, and a benchmark engine can
 * call it directly from kthreads or pthreads. The same files, this one
 * and ring.h, compile in userspace over user/shim.
 *
 * The algorithm is one for all modes: a power-of-two array of slots and
 * two free-running indices, head (records pushed) and tail (records
 * popped); head - tail is the occupancy, at most the capacity. Each index
 * has one writer at a time. A slot holds a record or 0: the record is its
 * own "here" flag, as a non-NULL pointer is in the kernel's ptr_ring, so
 * 0 is the one value the ring cannot carry (ring_push() returns -EINVAL,
 * the device's write() too). The array has twice the capacity's slots
 * (at least 16), and consumers zero them a line (8 slots) at a time, once
 * they have taken the whole line.
 *
 *   producer: tail (from a cache, below) -> room? -> store the record
 *	       in its slot -> publish head
 *   consumer: slot at tail non-zero? -> take the record -> zero each
 *	       line now taken whole -> smp_store_release(tail)
 *
 * Why a consumer never mistakes a slot: a producer writes position p only
 * when p - tail < capacity, for a tail it read with acquire; consumers
 * zero every line below tail, rounded down to a line, before they release
 * tail; the slot's previous record, at p - n for n slots, lies below
 * that, since n >= capacity + 7 (n is twice the capacity, or 16). So the
 * slot at tail holds 0 or the record for position tail: not an older
 * lap's, which is zeroed, nor a newer one's, which the producer cannot
 * reach. A consumer never reads head.
 *
 * The producer needs tail before it may write a slot (its line must be
 * zeroed): it keeps a copy, tail_cache, and re-reads tail (acquire) only
 * when the copy shows too little room, and at least once every
 * RING_TAIL_PERIOD records for the high-water mark. head is published
 * (release, after the slots) for the lockless views only: ring_count(),
 * ring_empty(), ring_full(), ring_stats(), hence the device's wait
 * conditions and poll(). The steps are inline in ring.h (ring_produce(),
 * ring_fetch(), ring_release()), with ring_push() and ring_pop().
 *
 * Why it is built so: cache lines between CPUs. tools/ringlines.sh counts
 * them (one producer and one consumer taking turns under valgrind's
 * lackey, each line followed between them); per record:
 *
 *				nearly empty	2x2	nearly full
 *	this ring			1.12	5.20	2.19
 *	16-byte slots (before)		2.03	6.17	4.00
 *	first version			4	9
 *	ptr_ring			2.25	7.19	0.50
 *
 * The first version kept a cached copy of the other side's index on both
 * sides; with the ring nearly empty (a consumer keeps up at 1x1) the
 * consumer's copy of head always said "nothing new", so every pop re-read
 * head, on the line where producers take their lock. The second gave each
 * slot the position it was pushed at (16 bytes: record and seq), so the
 * consumer learned from the slot alone; but 4 records shared a line, and
 * with exactly capacity slots a full ring had the producer fill the slot
 * the consumer had just freed, on the line the consumer read next. Now 8
 * records share a line, the consumer writes a line once a lap (zeroing it,
 * after the producer is done with it), and a full ring's producer writes
 * half the array away from the consumer. What still crosses when full is
 * tail's line, which the producer re-reads on every push its copy shows
 * full: ptr_ring frees slots 16 at a time and refuses pushes meanwhile,
 * an inexact capacity that this ring does not take. Timed, README (ring)
 * has the runs: in the kernel at 1x1 this ring went from 0.85x
 * ptr_ring's records a second to 0.92x (medians of paired runs; the
 * spread between runs is wider than the gain), at 2x2 from 0.63x to
 * 1.67x, and its spsc mode from 8.5M to 13.4M records a second. The
 * spinlock modes of both rings spend most of a record in the lock and
 * unlock. Tried before and not kept: 8-byte slots with
 * the lap in a byte array of its own (that array's line, 64 records wide,
 * crossed on nearly every record), a consumer giving tail back 16 records
 * at a time, a pause after every refused push or empty pop, the hot lines
 * 128 bytes apart.
 *
 * The rest follows the same rule: each side's lock, counters and private
 * state share one line that only that side writes (head included: only
 * the views read it); tail has a line of its own, so a producer reading
 * it does not take the consumers' lock line away in the middle of a pop.
 * And one record's push or pop is inline (ring.h), as ptr_ring's are:
 * under QEMU's TCG every guest load and store is emulated. The price:
 * twice the slots (the same 16 bytes of array per record of capacity as
 * the 16-byte slots), the record 0, and ring_reset() clears the slots (a
 * record left in one would be taken for a new one).
 *
 * What protects what, by mode (fixed when the ring is created):
 *
 *   spinlock	prod.lock.spin serializes producers: it protects struct
 *		ring_producer (head included) and the slots from head on.
 *		cons.lock.spin does the same for consumers, struct
 *		ring_consumer and tail. A producer and a consumer run
 *		concurrently (a two-lock queue): they meet only through
 *		the acquire/release pairs above.
 *   mutex	the same with prod.lock.mutex and cons.lock.mutex.
 *   spsc	no lock: the caller guarantees at most one producer and one
 *		consumer at a time (ring_dev.c serializes its writers and its
 *		readers with mutexes of its own to keep that promise).
 *
 * The read-mostly fields (slots, size, mask, mode) change only in
 * ring_init() and ring_reconfigure(); ring_reset() clears the slots, the
 * indices and the counters. Callers of those three exclude every other
 * user of the ring. Counters are written by their side only (WRITE_ONCE)
 * and read by ring_stats() without locks (READ_ONCE).
 *
 * The lockless views read tail, then head. A consumer can take a record
 * in the moment between the producer's release of its slot and of head:
 * tail is then ahead of head, which the views count as empty (it is: the
 * record is gone), never as a full ring.
 *
 * Lock nesting: none. No function here holds both sides' locks, and none
 * calls out while holding one. Callers may nest a ring lock inside their
 * own (ring_dev.c: dev->sem, then its producer/consumer mutex, then the
 * ring's lock).
 *
 * Contexts: ring_init(), ring_reconfigure(), ring_create() and ring_fini()
 * allocate or free with GFP_KERNEL and may sleep: process context only.
 * The data path in spinlock and spsc modes never sleeps: any process
 * context, including under a caller's spinlock; the locks are taken
 * without disabling interrupts or bottom halves, so not from IRQ or
 * softirq context. In mutex mode the data path may sleep.
 * ring_empty(), ring_full(), ring_count() and ring_stats() take no lock:
 * any context, results possibly stale by the time they return.
 */
#include <linux/cache.h>
#include <linux/errno.h>
#include <linux/lockdep.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <asm/barrier.h>

#include "ring.h"

/*
 * @lock, one side's lock, is held by the caller or, in spsc mode, where
 * there is no lock, the caller is that side's only user (which lockdep
 * cannot see).
 */
static inline void ring_assert_held(const struct ring *r,
				    union ring_lock *lock)
{
	if (r->mode == SYNCLAB_RING_SPINLOCK)
		lockdep_assert_held(&lock->spin);
	else if (r->mode == SYNCLAB_RING_MUTEX)
		lockdep_assert_held(&lock->mutex);
}

/**
 * ring_config_valid() - is this a ring that ring_init() would create?
 * @capacity:	records, a power of two, 1..SYNCLAB_RING_MAX_CAPACITY
 * @mode:	SYNCLAB_RING_SPINLOCK, _MUTEX or _SPSC
 *
 * Return: true when both are in range.
 */
bool ring_config_valid(u32 capacity, u32 mode)
{
	return is_power_of_2(capacity) &&
	       capacity <= SYNCLAB_RING_MAX_CAPACITY &&
	       mode < SYNCLAB_RING_NMODES;
}

static void ring_zero_counters(struct ring *r)
{
	WRITE_ONCE(r->prod.hwm, 0);
	WRITE_ONCE(r->prod.full, 0);
	WRITE_ONCE(r->prod.contended, 0);
	WRITE_ONCE(r->cons.empty, 0);
	WRITE_ONCE(r->cons.contended, 0);
}

/*
 * Resets the indices and counters of a ring whose slots are all unused
 * (all 0). Field by field, with WRITE_ONCE where ring_empty() and friends
 * may be reading concurrently: no memset over live fields.
 */
static void ring_clear(struct ring *r)
{
	WRITE_ONCE(r->prod.head, 0);
	WRITE_ONCE(r->tail, 0);
	r->prod.tail_cache = 0;
	ring_zero_counters(r);
}

/* Installs @slots and the locks @mode needs into a ring nobody else uses. */
static void ring_setup(struct ring *r, u64 *slots, u32 capacity, u32 mode)
{
	r->slots = slots;
	WRITE_ONCE(r->size, capacity);
	r->mask = ring_nslots(capacity) - 1;
	r->mode = mode;
	ring_clear(r);
	if (mode == SYNCLAB_RING_SPINLOCK) {
		spin_lock_init(&r->prod.lock.spin);
		spin_lock_init(&r->cons.lock.spin);
	} else if (mode == SYNCLAB_RING_MUTEX) {
		mutex_init(&r->prod.lock.mutex);
		mutex_init(&r->cons.lock.mutex);
	}
}

/* Zeroed: every slot empty. */
static u64 *ring_alloc_slots(u32 capacity, u32 mode)
{
	if (!ring_config_valid(capacity, mode))
		return NULL;
	return kvcalloc(ring_nslots(capacity), sizeof(u64),
			GFP_KERNEL | __GFP_NOWARN);
}

/**
 * ring_init() - make an empty ring in caller-provided memory
 * @r:		the ring; its previous contents are ignored
 * @capacity:	records, a power of two, 1..SYNCLAB_RING_MAX_CAPACITY
 * @mode:	SYNCLAB_RING_SPINLOCK, _MUTEX or _SPSC
 *
 * Context: process context, may sleep. Undo with ring_fini().
 * Return: 0, -EINVAL for a bad capacity or mode, -ENOMEM.
 */
int ring_init(struct ring *r, u32 capacity, u32 mode)
{
	u64 *slots;

	if (!ring_config_valid(capacity, mode))
		return -EINVAL;
	slots = ring_alloc_slots(capacity, mode);
	if (!slots)
		return -ENOMEM;
	ring_setup(r, slots, capacity, mode);
	return 0;
}

/**
 * ring_fini() - release what ring_init() allocated
 * @r:	the ring; nobody may use it any more
 *
 * Context: process context.
 */
void ring_fini(struct ring *r)
{
	if (r->mode == SYNCLAB_RING_MUTEX) {
		mutex_destroy(&r->prod.lock.mutex);
		mutex_destroy(&r->cons.lock.mutex);
	}
	kvfree(r->slots);
	r->slots = NULL;
}

/**
 * ring_reconfigure() - replace a ring by an empty one of another shape
 * @r:		an initialized ring that nobody else uses during the call
 * @capacity:	the new capacity
 * @mode:	the new mode
 *
 * The new slots are allocated first, so on failure the old ring, records
 * and counters included, is untouched. On success it is empty and its
 * counters are zero. Lockless readers (ring_empty()...) may run
 * concurrently and see a mix of old and new; they re-check anyway.
 *
 * Context: process context, may sleep.
 * Return: 0, -EINVAL, -ENOMEM.
 */
int ring_reconfigure(struct ring *r, u32 capacity, u32 mode)
{
	u64 *slots;

	if (!ring_config_valid(capacity, mode))
		return -EINVAL;
	slots = ring_alloc_slots(capacity, mode);
	if (!slots)
		return -ENOMEM;
	ring_fini(r);
	ring_setup(r, slots, capacity, mode);
	return 0;
}

/**
 * ring_create() - allocate and initialize a ring
 * @rp:		where to store the new ring
 * @capacity:	records, a power of two, 1..SYNCLAB_RING_MAX_CAPACITY
 * @mode:	SYNCLAB_RING_SPINLOCK, _MUTEX or _SPSC
 *
 * Context: process context, may sleep. Free with ring_destroy().
 * Return: 0, -EINVAL, -ENOMEM.
 */
int ring_create(struct ring **rp, u32 capacity, u32 mode)
{
	struct ring *r;
	int ret;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	ret = ring_init(r, capacity, mode);
	if (ret) {
		kfree(r);
		return ret;
	}
	*rp = r;
	return 0;
}

/**
 * ring_destroy() - free a ring from ring_create()
 * @r:	the ring, or NULL; nobody may use it any more
 */
void ring_destroy(struct ring *r)
{
	if (!r)
		return;
	ring_fini(r);
	kfree(r);
}

/**
 * ring_reset() - drop every record and zero the counters
 * @r:	the ring; the caller excludes every producer and consumer
 *
 * The slots are cleared too, in O(capacity): a record left in one would
 * be taken for a new one.
 */
void ring_reset(struct ring *r)
{
	memset(r->slots, 0, (size_t)ring_nslots(r->size) * sizeof(*r->slots));
	ring_clear(r);
}

/**
 * __ring_push_batch() - push up to @n records, producer lock held
 * @r:		the ring
 * @recs:	the records, in order
 * @n:		how many
 *
 * Context: the caller holds the producer lock (spinlock and mutex modes)
 * or is the only producer (spsc).
 * Return: how many were pushed, 0 when the ring is full; a record of 0
 * and those after it are not pushed.
 */
unsigned int __ring_push_batch(struct ring *r, const u64 *recs,
			       unsigned int n)
{
	ring_assert_held(r, &r->prod.lock);
	return ring_produce(r, recs, n);
}

/**
 * __ring_peek_batch() - copy up to @n records without consuming them
 * @r:		the ring
 * @recs:	where to copy them
 * @n:		room at @recs
 *
 * The records stay in the ring until __ring_consume(); a consumer that
 * cannot deliver what it peeked (a fault copying to userspace) just does
 * not consume it.
 *
 * Context: the caller holds the consumer lock or is the only consumer.
 * Return: how many were copied, 0 when the ring is empty.
 */
unsigned int __ring_peek_batch(struct ring *r, u64 *recs, unsigned int n)
{
	ring_assert_held(r, &r->cons.lock);
	return ring_fetch(r, recs, n);
}

/**
 * __ring_consume() - drop @n records from the front of the ring
 * @r:	the ring
 * @n:	how many; at most what the caller's last peek returned
 *
 * Context: the caller holds the consumer lock or is the only consumer.
 */
void __ring_consume(struct ring *r, unsigned int n)
{
	ring_assert_held(r, &r->cons.lock);
	ring_release(r, n);
}

/**
 * __ring_pop_batch() - pop up to @n records, consumer lock held
 * @r:		the ring
 * @recs:	where to store them, in order
 * @n:		room at @recs
 *
 * Context: the caller holds the consumer lock or is the only consumer.
 * Return: how many were popped, 0 when the ring is empty.
 */
unsigned int __ring_pop_batch(struct ring *r, u64 *recs, unsigned int n)
{
	unsigned int k;

	ring_assert_held(r, &r->cons.lock);
	k = ring_fetch(r, recs, n);
	ring_release(r, k);
	return k;
}

/**
 * ring_push_batch() - push up to @n records under one lock acquisition
 * @r:		the ring
 * @recs:	the records, in order
 * @n:		how many
 *
 * Context: see the top of this file; in spsc mode only one producer.
 * Return: how many were pushed (the first ones of @recs), 0 when full; a
 * record of 0 and those after it are not pushed.
 */
unsigned int ring_push_batch(struct ring *r, const u64 *recs, unsigned int n)
{
	return ring_push_any(r, recs, n);
}

/**
 * ring_pop_batch() - pop up to @n records under one lock acquisition
 * @r:		the ring
 * @recs:	where to store them, in order
 * @n:		room at @recs
 *
 * Context: see the top of this file; in spsc mode only one consumer.
 * Return: how many were popped, 0 when the ring is empty.
 */
unsigned int ring_pop_batch(struct ring *r, u64 *recs, unsigned int n)
{
	return ring_take(r, recs, n, true);
}

/**
 * ring_peek_batch() - copy up to @n records from the front, keep them
 * @r:		the ring
 * @recs:	where to copy them
 * @n:		room at @recs
 *
 * The first half of a two-step pop: deliver the copies, then
 * ring_consume() what was delivered. Between the two the caller must be
 * the only consumer of @r (ring_dev.c holds its consumer mutex), or two
 * consumers could deliver the same records.
 *
 * Return: how many were copied, 0 when the ring is empty.
 */
unsigned int ring_peek_batch(struct ring *r, u64 *recs, unsigned int n)
{
	return ring_take(r, recs, n, false);
}

/**
 * ring_consume() - drop @n records peeked by ring_peek_batch()
 * @r:	the ring
 * @n:	how many, at most what the peek returned
 */
void ring_consume(struct ring *r, unsigned int n)
{
	struct ring_consumer *c = &r->cons;

	switch (r->mode) {
	case SYNCLAB_RING_SPINLOCK:
		ring_spin_lock(&c->lock.spin, &c->contended);
		ring_release(r, n);
		spin_unlock(&c->lock.spin);
		break;
	case SYNCLAB_RING_MUTEX:
		ring_mutex_lock(&c->lock.mutex, &c->contended);
		ring_release(r, n);
		mutex_unlock(&c->lock.mutex);
		break;
	default:
		ring_release(r, n);
	}
}

/*
 * The occupancy from a tail read before head: head can only have grown
 * since, so head - tail is at least the occupancy at the first read and
 * can exceed the capacity when both moved in between, hence the clamp;
 * it is negative when a consumer took a record whose head the producer
 * had not yet published (the top of this file): empty.
 */
static u32 ring_occupancy(unsigned long tail, unsigned long head, u32 size)
{
	if ((long)(head - tail) <= 0)
		return 0;
	return min_t(unsigned long, head - tail, size);
}

/**
 * ring_count() - how many records the ring holds right now
 * @r:	the ring
 *
 * No lock: the answer may be stale when it arrives.
 *
 * Return: the count, 0..capacity.
 */
u32 ring_count(const struct ring *r)
{
	unsigned long tail, head;

	/*
	 * Acquire keeps the loads in this order (tail first, see above);
	 * pairs with smp_store_release() in ring_release().
	 */
	tail = smp_load_acquire(&r->tail);
	/* Pairs with smp_store_release(&r->prod.head) in ring_produce(). */
	head = smp_load_acquire(&r->prod.head);

	return ring_occupancy(tail, head, READ_ONCE(r->size));
}

/**
 * ring_empty() - does the ring look empty right now?
 * @r:	the ring
 *
 * No lock: the answer may be stale when it arrives; blocking front ends
 * use it as a wait condition and then try for real.
 *
 * Return: true when it holds no record.
 */
bool ring_empty(const struct ring *r)
{
	return ring_count(r) == 0;
}

/**
 * ring_full() - does the ring look full right now?
 * @r:	the ring
 *
 * No lock; see ring_empty().
 *
 * Return: true when it has no free slot.
 */
bool ring_full(const struct ring *r)
{
	return ring_count(r) >= READ_ONCE(r->size);
}

/**
 * ring_stats() - a lockless snapshot of the ring's shape and counters
 * @r:	the ring
 * @st:	filled in: the ring's fields; the front end adds its own (waits,
 *	wakeups, flags)
 */
void ring_stats(const struct ring *r, struct synclab_ring_stats *st)
{
	unsigned long tail, head;

	/* Tail first, as in ring_count(); pairs with ring_release(). */
	tail = smp_load_acquire(&r->tail);
	/* Pairs with smp_store_release(&r->prod.head) in ring_produce(). */
	head = smp_load_acquire(&r->prod.head);

	st->capacity = READ_ONCE(r->size);
	st->mode = r->mode;
	st->head = (u32)head;
	st->tail = (u32)tail;
	st->count = ring_occupancy(tail, head, st->capacity);
	st->hwm = READ_ONCE(r->prod.hwm);
	st->pushes = head;
	st->pops = tail;
	st->full = READ_ONCE(r->prod.full);
	st->empty = READ_ONCE(r->cons.empty);
	st->producer_contended = READ_ONCE(r->prod.contended);
	st->consumer_contended = READ_ONCE(r->cons.contended);
}
