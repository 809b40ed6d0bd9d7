/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ring: a bounded ring of 8-byte records with many producers and many
 * consumers (one of each in spsc mode). The same code runs in the module
 * and, over user/shim, in userspace. Its locking rules and calling
 * contexts are at the top of ring.c; the names say the contract:
 *
 *   ring_x()	takes the side's lock itself (none in spsc mode, where the
 *		caller guarantees one producer and one consumer);
 *   __ring_x()	the caller holds that lock already (lockdep checks it).
 *
 * Nothing here sleeps on behalf of a caller or blocks: full and empty are
 * return values (-ENOSPC, -ENODATA, or a count of 0 from the batch forms).
 * Waiting is the front end's business (ring_dev.c, user/ring_user.c).
 */
#ifndef _SYNCLAB_RING_H
#define _SYNCLAB_RING_H

#include <linux/cache.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "uapi/synclab.h"

/* One side's lock; which member is live is fixed by the ring's mode. */
union ring_lock {
	spinlock_t spin;	/* SYNCLAB_RING_SPINLOCK */
	struct mutex mutex;	/* SYNCLAB_RING_MUTEX */
};

/*
 * The layout is a performance statement: what producers write, what
 * consumers write and what both only read start three cache lines, so
 * that a producer and a consumer on two CPUs share only the lines the
 * algorithm needs them to share (the other side's index, and the slots).
 */
struct ring {
	/* Written by the producer side only, under prod.lock. */
	struct ring_producer {
		u32 head;	/* next slot to fill; records pushed, mod 2^32 */
		u32 tail_cache;	/* cons.tail as this side last read it */
		u32 hwm;	/* high-water mark of head - tail */
		union ring_lock lock;
		u64 pushes;
		u64 full;	/* pushes that found no free slot */
		u64 contended;	/* lock taken after a failed trylock */
	} prod ____cacheline_aligned_in_smp;

	/* Written by the consumer side only, under cons.lock. */
	struct ring_consumer {
		u32 tail;	/* next slot to read; records popped, mod 2^32 */
		u32 head_cache;	/* prod.head as this side last read it */
		union ring_lock lock;
		u64 pops;
		u64 empty;	/* pops that found no record */
		u64 contended;
	} cons ____cacheline_aligned_in_smp;

	/* Read-mostly: written only by ring_init() and ring_reconfigure(). */
	u64 *slots ____cacheline_aligned_in_smp;
	u32 size;	/* capacity, a power of two */
	u32 mask;	/* size - 1 */
	u32 mode;	/* SYNCLAB_RING_* */
};

bool ring_config_valid(u32 capacity, u32 mode);
int ring_init(struct ring *r, u32 capacity, u32 mode);
void ring_fini(struct ring *r);
int ring_reconfigure(struct ring *r, u32 capacity, u32 mode);
int ring_create(struct ring **rp, u32 capacity, u32 mode);
void ring_destroy(struct ring *r);
void ring_reset(struct ring *r);

int ring_push(struct ring *r, u64 rec);
int ring_pop(struct ring *r, u64 *rec);
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
