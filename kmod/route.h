/* SPDX-License-Identifier: GPL-2.0 */
/*
 * route: an IPv4 routing table with longest-prefix-match lookup, the same
 * source in the kernel and in userspace (see kmod/route.c for the data
 * structure and its locking rules).
 *
 * Calling contexts:
 *  - route_lookup(), route_lookup_bulk() and their _nh forms (the next
 *    hop alone) on an rcu table: process or softirq context: they take
 *    no lock, never wait and never sleep
 *    (debugfs route/softirq runs them from a timer, and the VM tests read
 *    it beside an updater). In userspace the thread must be registered
 *    with liburcu (and, for qsbr, online).
 *  - the same on a rwlock, spinlock or mutex table: process context only.
 *    Readers and updaters take the readers' lock without disabling
 *    softirqs or interrupts, so a lookup from an interrupt that arrived
 *    while its CPU held the lock would deadlock (lockdep reports the
 *    inconsistent lock usage); a mutex table's readers may also sleep.
 *  - every other function: process context, may sleep (updaters allocate
 *    with GFP_KERNEL and serialize on a mutex).
 */
#ifndef _SYNCLAB_ROUTE_H
#define _SYNCLAB_ROUTE_H

#include <linux/types.h>

#include "uapi/synclab.h"

struct route_table;

/* What a lookup found: the longest matching prefix and its next hop. */
struct route_result {
	u32 nexthop;
	u32 prefix;
	u8 len;
	bool found;
};

/* Updater-side counters, read under the update lock. */
struct route_counters {
	u64 prefixes;
	u64 adds;
	u64 replaces;
	u64 deletes;
	u64 loads;
	u64 nodes;
	u64 bytes;
	u64 rcu_pending;
	u64 rcu_completed;
};

int route_init(void);
void route_exit(void);
bool route_mode_valid(u32 mode);
bool route_prefix_valid(u32 prefix, u8 len);

struct route_table *route_table_create(u32 mode);
void route_table_destroy(struct route_table *t);
u32 route_table_mode(const struct route_table *t);

bool route_lookup(struct route_table *t, u32 addr, struct route_result *res);
unsigned int route_lookup_bulk(struct route_table *t, const u32 *addrs,
			       unsigned int n, struct route_result *res);
bool route_lookup_nh(struct route_table *t, u32 addr, u32 *nexthop);
unsigned int route_lookup_bulk_nh(struct route_table *t, const u32 *addrs,
				  unsigned int n, u32 *nexthops, u32 miss);

int route_add(struct route_table *t, u32 prefix, u8 len, u32 nexthop,
	      bool *replaced);
int route_del(struct route_table *t, u32 prefix, u8 len);
int route_load(struct route_table *t, const struct synclab_route *routes,
	       u32 count);
int route_flush(struct route_table *t);
u32 route_dump(struct route_table *t, struct synclab_route *out, u32 cap);
void route_counters(struct route_table *t, struct route_counters *c);
#ifdef SHIM_DEBUG
bool route_debug_poison(struct route_table *t, u32 addr);
#endif

#endif /* _SYNCLAB_ROUTE_H */
