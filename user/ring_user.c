// SPDX-License-Identifier: GPL-2.0
/*
 * ring_user: the ring (kmod/ring.c, the very file the module builds) as a
 * blocking queue for pthreads, the canonical way: one mutex over the ring
 * and two condition variables, not_full and not_empty. Every wait re-checks
 * its condition in a while loop, because pthread_cond_wait() may return
 * without a signal and because another thread may take the room (or the
 * records) between the signal and our getting the mutex back.
 *
 * Semantics are those of /dev/synclab/ring (kmod/ring_dev.c): a push
 * places all its records, blocking while the ring is full; a pop returns
 * at least one record, blocking while the ring is empty; non-blocking
 * calls return -EAGAIN instead of waiting. After ring_user_shutdown(),
 * pushes fail with -ESHUTDOWN, pops drain what is left and then fail
 * with -ESHUTDOWN, and nothing blocks, until ring_user_reset().
 *
 * Locking: ru->lock protects all of struct ring_user and every call into
 * the ring, which therefore never sees two producers or two consumers at
 * once (so spsc mode is safe here with any number of threads); the
 * ring's own lock nests inside ru->lock. ru->lock is never held across
 * anything but the ring call and the condition waits.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ring_user.h"

/**
 * ring_user_create() - a blocking front end over a new ring
 * @rup:	where to store it
 * @capacity:	records, a power of two, 1..SYNCLAB_RING_MAX_CAPACITY
 * @mode:	SYNCLAB_RING_SPINLOCK, _MUTEX or _SPSC
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int ring_user_create(struct ring_user **rup, u32 capacity, u32 mode)
{
	struct ring_user *ru = calloc(1, sizeof(*ru));
	int ret;

	if (!ru)
		return -ENOMEM;
	ret = ring_create(&ru->ring, capacity, mode);
	if (ret) {
		free(ru);
		return ret;
	}
	pthread_mutex_init(&ru->lock, NULL);
	pthread_cond_init(&ru->not_full, NULL);
	pthread_cond_init(&ru->not_empty, NULL);
	*rup = ru;
	return 0;
}

/* No thread may be inside or waiting: shut down and join them first. */
void ring_user_destroy(struct ring_user *ru)
{
	if (!ru)
		return;
	pthread_cond_destroy(&ru->not_empty);
	pthread_cond_destroy(&ru->not_full);
	pthread_mutex_destroy(&ru->lock);
	ring_destroy(ru->ring);
	free(ru);
}

/*
 * Wakes the waiters of @cond, if any: broadcast, not signal, since one
 * batch can satisfy several waiters, and a waiter that loses the race
 * simply waits again. Called with ru->lock held.
 */
static void ring_user_wake(struct ring_user *ru, pthread_cond_t *cond,
			   unsigned int waiting)
{
	if (!waiting)
		return;
	ru->wakeups++;
	pthread_cond_broadcast(cond);
}

/**
 * ring_user_push() - push @n records, in order, waiting for room
 * @ru:		the queue
 * @recs:	the records
 * @n:		how many, at most INT_MAX
 * @nonblock:	return instead of waiting
 *
 * A record of 0, the ring's empty slot, is refused: the records before
 * it are pushed, and the call stops there as on shutdown.
 *
 * Return: @n; or, when shutdown, @nonblock or a record of 0 stopped it,
 * how many were pushed, or -ESHUTDOWN / -EAGAIN / -EINVAL when none were.
 */
int ring_user_push(struct ring_user *ru, const u64 *recs, unsigned int n,
		   bool nonblock)
{
	unsigned int done = 0, k, whole = ring_recs_valid(recs, n);
	int ret = 0;

	if (whole < n) {
		n = whole;
		ret = -EINVAL;
	}
	pthread_mutex_lock(&ru->lock);
	while (done < n) {
		if (ru->shutdown) {
			ret = -ESHUTDOWN;
			break;
		}
		k = ring_push_batch(ru->ring, recs + done, n - done);
		if (k) {
			done += k;
			ring_user_wake(ru, &ru->not_empty,
				       ru->consumers_waiting);
			continue;
		}
		if (nonblock) {
			ret = -EAGAIN;
			break;
		}
		ru->producer_waits++;
		ru->producers_waiting++;
		while (ring_full(ru->ring) && !ru->shutdown)
			pthread_cond_wait(&ru->not_full, &ru->lock);
		ru->producers_waiting--;
	}
	pthread_mutex_unlock(&ru->lock);
	return done ? (int)done : ret;
}

/**
 * ring_user_pop() - pop up to @n records, waiting for at least one
 * @ru:		the queue
 * @recs:	where to store them, in order
 * @n:		room at @recs, 1..INT_MAX
 * @nonblock:	return instead of waiting
 *
 * Return: how many were popped (at least 1), -EAGAIN (@nonblock, empty),
 * or -ESHUTDOWN (shut down and empty).
 */
int ring_user_pop(struct ring_user *ru, u64 *recs, unsigned int n,
		  bool nonblock)
{
	unsigned int k;
	int ret;

	pthread_mutex_lock(&ru->lock);
	for (;;) {
		k = ring_pop_batch(ru->ring, recs, n);
		if (k) {
			ring_user_wake(ru, &ru->not_full,
				       ru->producers_waiting);
			ret = k;
			break;
		}
		if (ru->shutdown) {
			ret = -ESHUTDOWN;
			break;
		}
		if (nonblock) {
			ret = -EAGAIN;
			break;
		}
		ru->consumer_waits++;
		ru->consumers_waiting++;
		while (ring_empty(ru->ring) && !ru->shutdown)
			pthread_cond_wait(&ru->not_empty, &ru->lock);
		ru->consumers_waiting--;
	}
	pthread_mutex_unlock(&ru->lock);
	return ret;
}

/* Wakes every waiter; see the top of this file for what follows. */
void ring_user_shutdown(struct ring_user *ru)
{
	pthread_mutex_lock(&ru->lock);
	ru->shutdown = true;
	pthread_cond_broadcast(&ru->not_full);
	pthread_cond_broadcast(&ru->not_empty);
	pthread_mutex_unlock(&ru->lock);
}

/* Empties the ring, zeroes the counters and undoes a shutdown. */
void ring_user_reset(struct ring_user *ru)
{
	pthread_mutex_lock(&ru->lock);
	ring_reset(ru->ring);
	ru->shutdown = false;
	ru->producer_waits = 0;
	ru->consumer_waits = 0;
	ru->wakeups = 0;
	pthread_cond_broadcast(&ru->not_full);
	pthread_mutex_unlock(&ru->lock);
}

/* The STAT report of the device, for the userspace build. */
void ring_user_stats(struct ring_user *ru, struct synclab_ring_stats *st)
{
	memset(st, 0, sizeof(*st));
	pthread_mutex_lock(&ru->lock);
	ring_stats(ru->ring, st);
	st->producer_waits = ru->producer_waits;
	st->consumer_waits = ru->consumer_waits;
	st->wakeups = ru->wakeups;
	st->flags = ru->shutdown ? SYNCLAB_RING_SHUT : 0;
	pthread_mutex_unlock(&ru->lock);
}
