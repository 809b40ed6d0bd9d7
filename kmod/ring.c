// SPDX-License-Identifier: GPL-2.0
/*
 * ring: a bounded FIFO of 8-byte records (struct synclab_ring_rec, stored
 * as u64 slots) between producers and consumers. It is the data structure
 * only: full and empty are return values, nothing here sleeps on behalf of
 * a caller or waits for room. ring_dev.c makes a blocking /dev node of it,
 * user/ring_user.c a blocking pthread queue, and a benchmark engine can
 * call it directly from kthreads or pthreads. The same file compiles in
 * userspace over user/shim.
 *
 * The algorithm is one for all modes: a power-of-two array of slots and
 * two free-running u32 indices, prod.head (records pushed) and cons.tail
 * (records popped); head - tail is the occupancy, index & mask the slot.
 * Each index has exactly one writer at a time and is handed to the other
 * side with release/acquire:
 *
 *   producer: write slots[head..head+k) -> smp_store_release(prod.head)
 *   consumer: smp_load_acquire(prod.head) -> read the slots
 *   consumer: read slots[tail..tail+k) -> smp_store_release(cons.tail)
 *   producer: smp_load_acquire(cons.tail) -> overwrite the slots
 *
 * What protects what, by mode (fixed when the ring is created):
 *
 *   spinlock	prod.lock.spin serializes producers: it protects every field
 *		of struct ring_producer. cons.lock.spin does the same for
 *		consumers and struct ring_consumer. A producer and a consumer
 *		run concurrently (a two-lock queue): they meet only through
 *		the acquire/release pair above.
 *   mutex	the same with prod.lock.mutex and cons.lock.mutex.
 *   spsc	no lock: the caller guarantees at most one producer and one
 *		consumer at a time (ring_dev.c serializes its writers and its
 *		readers with mutexes of its own to keep that promise).
 *
 * In every mode each side caches the other's index (under its own lock,
 * or as the only user in spsc mode) and re-reads it only when the cached
 * value shows too little room (or too few records): while the cache still
 * shows enough, a side does not touch the other side's cache line at all.
 *
 * The read-mostly fields (slots, size, mask, mode) change only in
 * ring_init() and ring_reconfigure(); ring_reset() clears the indices and
 * counters. Callers of those three exclude every other user of the ring.
 * Counters are written by their side only (WRITE_ONCE) and read by
 * ring_stats() without locks (READ_ONCE).
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

/* A counter owned by one side: one writer, lockless readers. */
static inline void ring_count_add(u64 *ctr, u64 n)
{
	WRITE_ONCE(*ctr, *ctr + n);
}

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
	WRITE_ONCE(r->prod.pushes, 0);
	WRITE_ONCE(r->prod.full, 0);
	WRITE_ONCE(r->prod.contended, 0);
	WRITE_ONCE(r->cons.pops, 0);
	WRITE_ONCE(r->cons.empty, 0);
	WRITE_ONCE(r->cons.contended, 0);
}

/*
 * Empties the ring. Fields by field, with WRITE_ONCE where ring_empty()
 * and friends may be reading concurrently: no memset over live fields.
 */
static void ring_clear(struct ring *r)
{
	WRITE_ONCE(r->prod.head, 0);
	r->prod.tail_cache = 0;
	WRITE_ONCE(r->cons.tail, 0);
	r->cons.head_cache = 0;
	ring_zero_counters(r);
}

/* Installs @slots and the locks @mode needs into a ring nobody else uses. */
static void ring_setup(struct ring *r, u64 *slots, u32 capacity, u32 mode)
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

static u64 *ring_alloc_slots(u32 capacity, u32 mode)
{
	if (!ring_config_valid(capacity, mode))
		return NULL;
	return kvcalloc(capacity, sizeof(u64), GFP_KERNEL | __GFP_NOWARN);
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
 */
void ring_reset(struct ring *r)
{
	ring_clear(r);
}

/*
 * Pushes up to @n records; the caller owns the producer side. In every
 * mode the producer trusts its cached copy of cons.tail until that says
 * there is too little room, and only then re-reads the consumer's index:
 * while the ring has room, a push touches no cache line the consumer
 * writes (re-reading on every push cost the locked modes 2.6x against the
 * kernel's ptr_ring in the VM). The high-water mark is the occupancy the
 * producer sees, head - its cached tail: exact until records are popped,
 * then high by at most what was popped since the producer last looked.
 */
static __always_inline unsigned int ring_produce(struct ring *r,
						 const u64 *recs,
						 unsigned int n)
{
	struct ring_producer *p = &r->prod;
	u32 head = p->head;
	u32 tail = p->tail_cache;
	unsigned int i, k;

	if (r->size - (head - tail) < n) {
		/*
		 * Pairs with smp_store_release(&r->cons.tail) in
		 * __ring_consume(): the consumer has finished reading the
		 * slots it gave back before we may overwrite them.
		 */
		tail = smp_load_acquire(&r->cons.tail);
		p->tail_cache = tail;
	}
	k = min_t(u32, n, r->size - (head - tail));
	if (head + k - tail > p->hwm)
		WRITE_ONCE(p->hwm, head + k - tail);
	if (!k) {
		ring_count_add(&p->full, 1);
		return 0;
	}
	for (i = 0; i < k; i++)
		r->slots[(head + i) & r->mask] = recs[i];
	/*
	 * Pairs with smp_load_acquire(&r->prod.head) in ring_fetch(): the
	 * records are in their slots before a consumer can see them counted.
	 */
	smp_store_release(&p->head, head + k);
	ring_count_add(&p->pushes, k);
	return k;
}

/*
 * Copies up to @n records from the front of the ring without consuming
 * them; the caller owns the consumer side. Like ring_produce(), it
 * re-reads prod.head only when its cached copy says there is too little.
 */
static __always_inline unsigned int ring_fetch(struct ring *r, u64 *recs,
					       unsigned int n)
{
	struct ring_consumer *c = &r->cons;
	u32 tail = c->tail;
	u32 head = c->head_cache;
	unsigned int i, k;

	if (head - tail < n) {
		/*
		 * Pairs with smp_store_release(&r->prod.head) in
		 * ring_produce(): the slots up to head are filled before we
		 * read them.
		 */
		head = smp_load_acquire(&r->prod.head);
		c->head_cache = head;
	}
	k = min_t(u32, n, head - tail);
	if (!k) {
		ring_count_add(&c->empty, 1);
		return 0;
	}
	for (i = 0; i < k; i++)
		recs[i] = r->slots[(tail + i) & r->mask];
	return k;
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

/* Give @n fetched slots back; the caller owns the consumer side. */
static __always_inline void ring_release(struct ring *r, unsigned int n)
{
	struct ring_consumer *c = &r->cons;

	if (!n)
		return;
	/*
	 * Pairs with smp_load_acquire(&r->cons.tail) in ring_produce(): our
	 * reads of these slots are done before a producer sees them free.
	 */
	smp_store_release(&c->tail, c->tail + n);
	ring_count_add(&c->pops, n);
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
	__ring_consume(r, k);
	return k;
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

static void ring_mutex_lock(struct mutex *lock, u64 *contended)
{
	if (!mutex_trylock(lock)) {
		mutex_lock(lock);
		ring_count_add(contended, 1);
	}
}

static unsigned int ring_push_spin(struct ring *r, const u64 *recs,
				   unsigned int n)
{
	unsigned int k;

	ring_spin_lock(&r->prod.lock.spin, &r->prod.contended);
	k = __ring_push_batch(r, recs, n);
	spin_unlock(&r->prod.lock.spin);
	return k;
}

static unsigned int ring_push_mutex(struct ring *r, const u64 *recs,
				    unsigned int n)
{
	unsigned int k;

	ring_mutex_lock(&r->prod.lock.mutex, &r->prod.contended);
	k = __ring_push_batch(r, recs, n);
	mutex_unlock(&r->prod.lock.mutex);
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
	switch (r->mode) {
	case SYNCLAB_RING_SPINLOCK:
		return ring_push_spin(r, recs, n);
	case SYNCLAB_RING_MUTEX:
		return ring_push_mutex(r, recs, n);
	default:
		return __ring_push_batch(r, recs, n);
	}
}

/* @consume: pop (true) or only peek (false). */
static unsigned int ring_pop_spin(struct ring *r, u64 *recs, unsigned int n,
				  bool consume)
{
	unsigned int k;

	ring_spin_lock(&r->cons.lock.spin, &r->cons.contended);
	k = consume ? __ring_pop_batch(r, recs, n) :
		      __ring_peek_batch(r, recs, n);
	spin_unlock(&r->cons.lock.spin);
	return k;
}

static unsigned int ring_pop_mutex(struct ring *r, u64 *recs, unsigned int n,
				   bool consume)
{
	unsigned int k;

	ring_mutex_lock(&r->cons.lock.mutex, &r->cons.contended);
	k = consume ? __ring_pop_batch(r, recs, n) :
		      __ring_peek_batch(r, recs, n);
	mutex_unlock(&r->cons.lock.mutex);
	return k;
}

static unsigned int ring_take(struct ring *r, u64 *recs, unsigned int n,
			      bool consume)
{
	switch (r->mode) {
	case SYNCLAB_RING_SPINLOCK:
		return ring_pop_spin(r, recs, n, consume);
	case SYNCLAB_RING_MUTEX:
		return ring_pop_mutex(r, recs, n, consume);
	default:
		return consume ? __ring_pop_batch(r, recs, n) :
				 __ring_peek_batch(r, recs, n);
	}
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
	switch (r->mode) {
	case SYNCLAB_RING_SPINLOCK:
		ring_spin_lock(&r->cons.lock.spin, &r->cons.contended);
		__ring_consume(r, n);
		spin_unlock(&r->cons.lock.spin);
		break;
	case SYNCLAB_RING_MUTEX:
		ring_mutex_lock(&r->cons.lock.mutex, &r->cons.contended);
		__ring_consume(r, n);
		mutex_unlock(&r->cons.lock.mutex);
		break;
	default:
		__ring_consume(r, n);
	}
}

/**
 * ring_push() - push one record
 * @r:		the ring
 * @rec:	the record
 *
 * Return: 0, or -ENOSPC when the ring is full.
 */
int ring_push(struct ring *r, u64 rec)
{
	unsigned int k;

	/* One record, the common case: the two fast modes inline. */
	switch (r->mode) {
	case SYNCLAB_RING_SPSC:
		k = ring_produce(r, &rec, 1);
		break;
	case SYNCLAB_RING_SPINLOCK:
		ring_spin_lock(&r->prod.lock.spin, &r->prod.contended);
		k = ring_produce(r, &rec, 1);
		spin_unlock(&r->prod.lock.spin);
		break;
	default:
		k = ring_push_batch(r, &rec, 1);
		break;
	}
	return k ? 0 : -ENOSPC;
}

/**
 * ring_pop() - pop one record
 * @r:		the ring
 * @rec:	where to store it
 *
 * Return: 0, or -ENODATA when the ring is empty.
 */
int ring_pop(struct ring *r, u64 *rec)
{
	unsigned int k;

	switch (r->mode) {
	case SYNCLAB_RING_SPSC:
		k = ring_fetch(r, rec, 1);
		ring_release(r, k);
		break;
	case SYNCLAB_RING_SPINLOCK:
		ring_spin_lock(&r->cons.lock.spin, &r->cons.contended);
		k = ring_fetch(r, rec, 1);
		ring_release(r, k);
		spin_unlock(&r->cons.lock.spin);
		break;
	default:
		k = ring_pop_batch(r, rec, 1);
		break;
	}
	return k ? 0 : -ENODATA;
}

/*
 * The lockless views. cons.tail is read before prod.head: the tail can
 * only have grown since, so head - tail never underflows; it can exceed
 * the capacity when both moved in between, hence the clamp.
 */
u32 ring_count(const struct ring *r)
{
	u32 tail, head;

	/*
	 * Acquire keeps the loads in this order (tail first, see above);
	 * pairs with smp_store_release() in __ring_consume().
	 */
	tail = smp_load_acquire(&r->cons.tail);
	/* Pairs with smp_store_release() in ring_produce(). */
	head = smp_load_acquire(&r->prod.head);

	return min_t(u32, head - tail, READ_ONCE(r->size));
}

/**
 * ring_empty() - does the ring look empty right now?
 * @r:	the ring
 *
 * No lock: the answer may be stale when it arrives; blocking front ends
 * use it as a wait condition and then try for real.
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
	u32 tail, head;

	/* Tail first, as in ring_count(); pairs with __ring_consume(). */
	tail = smp_load_acquire(&r->cons.tail);
	/* Pairs with smp_store_release() in ring_produce(). */
	head = smp_load_acquire(&r->prod.head);

	st->capacity = READ_ONCE(r->size);
	st->mode = r->mode;
	st->head = head;
	st->tail = tail;
	st->count = min_t(u32, head - tail, st->capacity);
	st->hwm = READ_ONCE(r->prod.hwm);
	st->pushes = READ_ONCE(r->prod.pushes);
	st->pops = READ_ONCE(r->cons.pops);
	st->full = READ_ONCE(r->prod.full);
	st->empty = READ_ONCE(r->cons.empty);
	st->producer_contended = READ_ONCE(r->prod.contended);
	st->consumer_contended = READ_ONCE(r->cons.contended);
}
