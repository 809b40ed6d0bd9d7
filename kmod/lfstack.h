/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lfstack: a Treiber stack (push and pop by compare-and-swap on the head)
 * in five modes, to show the ABA problem and three ways to defeat it.
 * kmod/lfstack.c says what protects what; this is its API.
 */
#ifndef _SYNCLAB_LFSTACK_H
#define _SYNCLAB_LFSTACK_H

#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "uapi/synclab.h"

/* The modes, in the order of the UAPI's SYNCLAB_LFSTACK_MODE_NAMES. */
enum lfstack_mode {
	LFSTACK_LOCKED = SYNCLAB_LFSTACK_LOCKED,	/* spinlock, plain list */
	LFSTACK_NAIVE = SYNCLAB_LFSTACK_NAIVE,	/* bare CAS, reuse: ABA */
	LFSTACK_TAGGED = SYNCLAB_LFSTACK_TAGGED,	/* pointer + generation */
	LFSTACK_HAZPTR = SYNCLAB_LFSTACK_HAZPTR,	/* hazard pointers */
	LFSTACK_RCU = SYNCLAB_LFSTACK_RCU,	/* rcu_read_lock(), call_rcu() */
	LFSTACK_NMODES = SYNCLAB_LFSTACK_NMODES
};

/* contexts (hazard slots) per stack: the engine's threads */
#define LFSTACK_MAX_THREADS	SYNCLAB_BENCH_MAX_THREADS
#define LFSTACK_MAX_NODES	SYNCLAB_LFSTACK_MAX_NODES	/* pool */
#define LFSTACK_MAX_WINDOW_NS	SYNCLAB_LFSTACK_MAX_WINDOW_NS	/* 100 us */
/* Per-thread cache of pool nodes; half of it moves to or from the pool. */
#define LFSTACK_CACHE		64
/* Hazard pointers: scan at R = 2 * H + LFSTACK_HP_SLACK retired nodes. */
#define LFSTACK_HP_SLACK	32
/* A thread samples the memory held for reclamation every this many pops. */
#define LFSTACK_SAMPLE_POPS	64
/* Written into a node as it is freed; a pop that reads it is a bug. */
#define LFSTACK_POISON		0x6b6b6b6b6b6b6b6bULL

/* A pool node's owner: only naive can make a node both owned and linked. */
enum lfstack_state {
	LFSTACK_FREE,		/* in the pool or a thread's cache */
	LFSTACK_OWNED,		/* popped, or about to be pushed */
	LFSTACK_LINKED,		/* pushed */
};

struct lfstack_node {
	struct lfstack_node *next;	/* READ/WRITE_ONCE: racy in naive */
	u64 value;			/* the push's stamp, unique per push */
	u64 poison;			/* LFSTACK_POISON once freed */
	int state;			/* pool modes: enum lfstack_state */
	u32 audit;			/* the audit's mark */
	struct lfstack *s;		/* rcu: whose callback counts it */
	struct rcu_head rcu;
};

/* The pool: type-stable nodes for locked, naive and tagged. */
struct lfstack_pool {
	struct lfstack_node *nodes;	/* never freed while the stack lives */
	struct lfstack_node **free;	/* under lock */
	u32 size;
	u32 nfree;			/* under lock */
	spinlock_t lock;
};

/* One hazard pointer per thread, each on its own cache line. */
struct lfstack_hazard {
	struct lfstack_node *node;	/* READ/WRITE_ONCE; NULL: none */
} ____cacheline_aligned_in_smp;

struct lfstack_ctx;

struct lfstack {
	/* the hot line: the head, and with it (tagged) its generation */
	union {
		struct lfstack_node *head;
		struct {
			struct lfstack_node *ptr;
			unsigned long tag;
		} th;
	} __aligned(2 * sizeof(long));
	/* read-mostly */
	spinlock_t lock ____cacheline_aligned_in_smp;	/* locked only */
	u32 mode;
	u32 window_ns;
	u32 nslots;		/* contexts it takes (lfstack_create()) */
	u32 hp_threshold;	/* hazptr: R */
	u32 audit_epoch;
	struct lfstack_pool pool;
	struct lfstack_hazard *hazards;		/* hazptr: one per context */
	struct lfstack_ctx **ctxs;	/* nslots of them, for sampling */
	unsigned int nctx;
	/* written by call_rcu() callbacks */
	atomic_long_t rcu_freed ____cacheline_aligned_in_smp;
};

/*
 * One thread's context: written by its thread only (other threads read
 * its counters racily to sample the memory held).
 */
struct lfstack_ctx {
	struct lfstack *s;
	unsigned int slot;		/* hazard slot and stamp prefix */
	u64 seq;			/* stamps pushed */
	unsigned int ncache;		/* the cache: a ring */
	unsigned int cache_first;
	struct lfstack_node *cache[LFSTACK_CACHE];
	unsigned int nretired;		/* hazptr: the retire list */
	struct lfstack_node **retired;
	struct lfstack_node **hp_snap;	/* hazptr: a scan's view of the slots */
	/* counters */
	u64 pushes, pops, empty, full;
	u64 aba;			/* pops whose CAS took a recycled head */
	u64 dup;			/* pops that found their node not linked */
	u64 poisoned;			/* pops that found a freed node */
	u64 retired_total, freed;	/* nodes retired, freed (hazptr) */
	u64 retired_max;		/* hazptr: longest retire list */
	u64 scans;			/* hazptr: scans of the hazards */
	u64 held_peak, held_sum, held_samples;
};

/**
 * struct lfstack_audit - what lfstack_audit() found, with no op in flight
 * @reachable:	nodes linked from the head (the walk stops at a cycle)
 * @lost:	pool modes: nodes marked linked that the walk did not reach
 * @dup:	pool modes: reached nodes not marked linked (owned or free)
 * @cycle:	1 when the walk met a node twice
 * @outside:	pointers outside the pool (pool modes; must stay 0)
 */
struct lfstack_audit {
	u64 reachable;
	u64 lost;
	u64 dup;
	u64 cycle;
	u64 outside;
};

struct lfstack *lfstack_create(u32 mode, u32 nodes, u32 window_ns,
			       unsigned int nthreads);
void lfstack_destroy(struct lfstack *s);
int lfstack_ctx_init(struct lfstack *s, struct lfstack_ctx *c);
void lfstack_ctx_exit(struct lfstack_ctx *c);
int lfstack_push(struct lfstack_ctx *c, u64 *value);
int lfstack_pop(struct lfstack_ctx *c, u64 *value);
void lfstack_audit(struct lfstack *s, struct lfstack_audit *a);
void lfstack_hp_scan(struct lfstack_ctx *c);
u64 lfstack_held(struct lfstack *s);
bool lfstack_mode_cas(u32 mode);

#endif /* _SYNCLAB_LFSTACK_H */
