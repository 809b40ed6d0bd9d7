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
 * popped); head - tail is the occupancy, index & mask the slot. Each
 * index has one writer at a time. A slot holds its record and the
 * position it was pushed at, plus one (seq): that is how a consumer sees
 * that its record is there, without reading head.
 *
 *   producer: tail (from a cache, below) -> room? -> write the record,
 *	       smp_store_release(slot.seq = pos + 1) -> publish head
 *   consumer: smp_load_acquire(slot.seq) == tail + 1? -> read the record
 *	       -> smp_store_release(tail)
 *
 * The producer needs tail before it may overwrite a slot (the consumer
 * must be done reading it): it keeps a copy, tail_cache, and re-reads
 * tail (acquire) only when the copy shows too little room, and at least
 * once every RING_TAIL_PERIOD records for the high-water mark. The
 * consumer never reads head and never writes a slot. head is published
 * (release, after the slots) for the lockless views only: ring_count(),
 * ring_empty(), ring_full(), ring_stats(), hence the device's wait
 * conditions and poll(). The steps are inline in ring.h (ring_produce(),
 * ring_fetch(), ring_release()), with ring_push() and ring_pop().
 *
 * Why it is built so: cache lines between CPUs. At 1 producer x 1
 * consumer the consumer keeps up, so the ring runs nearly empty, and what
 * costs is each cache line that crosses from one CPU to the other per
 * record. The kernel's ptr_ring crosses one: the slot (a non-NULL pointer
 * is the record and the "full" flag at once; its consumer NULLs slots in
 * batches of 16, so that line also goes back once per batch). The first
 * version of this ring kept a cached copy of the other side's index on
 * both sides, which helps only the side that sees plenty: with the ring
 * nearly empty the consumer's copy of head always said "nothing new", so
 * every pop, and every failed pop while it waited, re-read prod.head, on
 * the line where the producer also takes its lock and bumps hwm and
 * pushes. That line went to the consumer and back on every record, on top
 * of the slot, and more than once when the consumer's polls fell inside
 * a push. The suspects that were innocent: hwm was computed from the
 * producer's own cached tail (which made it read "capacity" after one
 * lap), the counters were each written by their own side, the cached
 * tail was re-read only when the ring looked full, and the device's
 * wake-up checks are not on the benchmark's path (ring_dev.c says what
 * they cost the device). tools/ringlines.sh counts it: one producer and
 * one consumer taking turns under valgrind's lackey, each line followed
 * between them. Per record, nearly empty: old ring 4 crossings (2 on the
 * slot, 2 on prod.head's line), ptr_ring 2.25, this ring 2.03; at 2x2
 * 9, 7.2 and 6.2. Taking the suspects out one at a time in that count:
 * no hwm or counter stores, 4; prod.head alone on its line, 4 (the same
 * line crosses, with less riding on it); the consumer reading the slot's
 * seq instead of head, 2. Nearly full it is 4 against ptr_ring's 0.5:
 * an exact capacity has the producer fill the slot the consumer has just
 * freed, on the line the consumer reads next, where ptr_ring's batched
 * NULLing keeps its producer 16 slots behind (refusing pushes meanwhile).
 * Timed, the regime decides more than the count: ptr_ring at 1x1 is
 * bistable, full and fast in one boot, empty in another with its consumer
 * polling the very slot its producer writes next (and 2.5x slower), while
 * this ring chased a nearly empty ring in both; README, ring, has the runs.
 * The nearly empty state is also the one a slow interconnect hurts most:
 * when the host's cross-CPU round trip went from ~220 to ~370 ns within
 * one boot, this ring fell from 12.5M to 8.9M records a second and
 * ptr_ring, full, from 14.3M to 12.0M (two crossings a record against
 * 0.5). Neither a narrower slot (8 bytes, the lap in a byte array of its
 * own), nor twice the slots, nor a consumer giving tail back 16 records
 * at a time as ptr_ring does, moved this ring above ~13M: the producer
 * and the consumer stay on one line as long as the consumer keeps up,
 * and with less to do per record than ptr_ring's, it does.
 * That is not all of it: with a pause after every refused push or empty
 * pop in both rings' benchmark loops (a trial), neither side waited on
 * the other, and ptr_ring still moved 1.3x-1.5x more records. Per record
 * ours costs more even then. The suspect, untested: a line crosses twice
 * a lap, and a 16-byte slot puts 4 records on it to ptr_ring's 8.
 *
 * The rest follows the same rule: each side's lock, counters and private
 * state share one line that only that side writes (head included: only
 * the views read it); tail has a line of its own, so a producer reading
 * it does not take the consumers' lock line away in the middle of a pop.
 * And one record's push or pop is inline (ring.h), as ptr_ring's are:
 * under QEMU's TCG every guest load and store is emulated, and the old
 * push made 28 of them to ptr_ring's 18 (lackey, userspace build; this
 * one makes 18). The price: 16 bytes per slot instead of 8, and ring_reset() clears the
 * slots (with the indices back at 0, an old seq would announce an old
 * record as new).
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
 * (seq 0). Field by field, with WRITE_ONCE where ring_empty() and friends
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
static void ring_setup(struct ring *r, struct ring_slot *slots, u32 capacity,
		       u32 mode)
{
	r->slots = slots;
	WRITE_ONCE(r->size, capacity);
	r->mask = capacity - 1;
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

/* Zeroed: every seq 0, a position no record of this ring has plus one. */
static struct ring_slot *ring_alloc_slots(u32 capacity, u32 mode)
{
	if (!ring_config_valid(capacity, mode))
		return NULL;
	return kvcalloc(capacity, sizeof(struct ring_slot),
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
	struct ring_slot *slots;

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
	struct ring_slot *slots;

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
 * The slots are cleared too, in O(capacity): with the indices back at 0,
 * a slot's old seq would otherwise announce an old record as new.
 */
void ring_reset(struct ring *r)
{
	memset(r->slots, 0, (size_t)r->size * sizeof(*r->slots));
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
 * Return: how many were pushed, 0 when the ring is full.
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
 * Return: how many were pushed (the first ones of @recs), 0 when full.
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
