/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmap: a hash map from u64 keys to u64 values, the same source in the
 * kernel and in userspace (see kmod/kvmap.c for the structure and its
 * locking rules).
 *
 * Calling contexts:
 *  - kvmap_get() on an rcu map: any context; it takes no lock, never
 *    waits, never sleeps. In userspace the thread must be registered with
 *    liburcu (and, for qsbr, online).
 *  - kvmap_get() on a global, striped or bucket map, kvmap_delete() and
 *    kvmap_stats() on every map: process context (bucket locks are taken
 *    without disabling softirqs); they never sleep.
 *  - kvmap_put(): process context, may sleep (it allocates with
 *    GFP_KERNEL before it takes a lock).
 *  - kvmap_create(), kvmap_destroy(): process context, may sleep. Destroy
 *    only a map no other thread can reach any more, reader or updater.
 */
#ifndef _SYNCLAB_KVMAP_H
#define _SYNCLAB_KVMAP_H

#include <linux/types.h>

#include "uapi/synclab.h"

struct kvmap;

/* A walk of the whole map, one bucket's lock at a time. */
struct kvmap_stats {
	u64 entries;
	u64 used_buckets;
	u64 longest_chain;
	u64 bytes;
};

bool kvmap_config_valid(u32 mode, u32 buckets, u32 stripes);
int kvmap_create(struct kvmap **mapp, u32 mode, u32 buckets, u32 stripes);
void kvmap_destroy(struct kvmap *m);
u32 kvmap_mode(const struct kvmap *m);
u32 kvmap_buckets(const struct kvmap *m);
u32 kvmap_locks(const struct kvmap *m);

bool kvmap_get(struct kvmap *m, u64 key, u64 *value);
int kvmap_put(struct kvmap *m, u64 key, u64 value, bool *replaced);
int kvmap_delete(struct kvmap *m, u64 key);
void kvmap_stats(struct kvmap *m, struct kvmap_stats *st);

#endif /* _SYNCLAB_KVMAP_H */
