/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ring_user: the userspace blocking front end of the ring (kmod/ring.c,
 * compiled over user/shim): what /dev/synclab/ring is in the kernel, built
 * the canonical pthread way, one mutex and two condition variables.
 *
 * Any thread may call any function here, concurrently, except
 * ring_user_destroy(), which must be the last call.
 */
#ifndef SYNCLAB_RING_USER_H
#define SYNCLAB_RING_USER_H

#include <pthread.h>
#include <stdbool.h>

#include "ring.h"

struct ring_user {
	pthread_mutex_t lock;		/* protects everything below */
	pthread_cond_t not_full;	/* a push may now succeed */
	pthread_cond_t not_empty;	/* a pop may now succeed */
	struct ring *ring;
	bool shutdown;
	unsigned int producers_waiting;
	unsigned int consumers_waiting;
	u64 producer_waits;
	u64 consumer_waits;
	u64 wakeups;
};

int ring_user_create(struct ring_user **rup, u32 capacity, u32 mode);
void ring_user_destroy(struct ring_user *ru);
int ring_user_push(struct ring_user *ru, const u64 *recs, unsigned int n,
		   bool nonblock);
int ring_user_pop(struct ring_user *ru, u64 *recs, unsigned int n,
		  bool nonblock);
void ring_user_shutdown(struct ring_user *ru);
void ring_user_reset(struct ring_user *ru);
void ring_user_stats(struct ring_user *ru, struct synclab_ring_stats *st);

#endif /* SYNCLAB_RING_USER_H */
