/* SPDX-License-Identifier: GPL-2.0 */
/*
 * counter: one count that many threads add one to, in four modes that are
 * the lost update and three ways to fix it (SYNCLAB_COUNTER_*). The same
 * code runs in the module and, over user/shim, in userspace; what each
 * mode protects with what, and who may call what, is at the top of
 * counter.c.
 *
 * Nothing here sleeps or fails once the counter exists: counter_add() and
 * the reads may be called from any thread, at any time, concurrently.
 */
#ifndef _SYNCLAB_COUNTER_H
#define _SYNCLAB_COUNTER_H

#include <linux/types.h>

#include "uapi/synclab.h"

/*
 * percpu mode: a CPU's own count (the kernel's) or a thread's (userspace)
 * folds into the shared one when it reaches the counter's batch. A fast
 * read (counter_read_fast()) is then short by less than the batch per
 * CPU or thread that added; the lock around the fold, and the line it
 * shares with the shared count, move once per batch increments. The
 * default is percpu_counter's own on a machine of up to 16 CPUs
 * (percpu_counter_batch, max(32, 2 x CPUs)).
 */
#define COUNTER_PERCPU_BATCH	32
#define COUNTER_MAX_BATCH	SYNCLAB_COUNTER_MAX_BATCH

struct counter;

/*
 * The demo: true makes racy counters created from now on add without
 * their data_race() annotation, so that KCSAN (kernel) or TSan
 * (userspace) reports the race. The kernel sets it only at module load
 * (parameter counter_racy_plain, kmod/counter_dev.c).
 */
extern bool counter_racy_plain;

int counter_create(struct counter **cp, u32 mode, u32 batch);
void counter_destroy(struct counter *c);
u32 counter_mode(const struct counter *c);
void counter_add(struct counter *c, unsigned int n);
u64 counter_read(struct counter *c);
u64 counter_read_fast(struct counter *c);

#endif /* _SYNCLAB_COUNTER_H */
