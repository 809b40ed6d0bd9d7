/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark engine, one source for both sides: kmod/bench.c holds the
 * state machine (validate, set up, start barrier, warm-up, timed window,
 * stop, result) and the thread loop; each side supplies the few things
 * that differ, declared at the bottom (kthreads and ktime in
 * kmod/bench_kernel.c, pthreads and clock_gettime() in user/bench_user.c).
 *
 * The engine knows nothing of what it measures: each structure is a
 * struct bench_ops, picked by the workload's structure and mode.
 */
#ifndef _SYNCLAB_BENCH_H
#define _SYNCLAB_BENCH_H

#include <linux/types.h>

#include "prng.h"
#include "uapi/synclab.h"

struct bench_run;
struct bench_thread;

/**
 * struct bench_ops - what one structure plugs into the engine
 * @name:	what it is called (the structure's, or the peer's: "ptr_ring")
 * @structure:	SYNCLAB_BENCH_*
 * @nmodes:	its own modes are 0..@nmodes-1
 * @npeers:	modes @nmodes..@nmodes+@npeers-1 name peers, which a side
 *		provides through bench_env_peer(), or not
 * @priv_size:	bytes of per-thread state: the engine gives each thread
 *		t->priv, zeroed, each on its own cache lines, before @setup
 *		and frees it after @teardown; 0: none (t->priv NULL)
 * @check:	refuse a workload the structure cannot run: -EINVAL, or
 *		-EOPNOTSUPP for a peer this side lacks (may be NULL)
 * @setup:	build the structure, prefill it; 0 or -errno (may be NULL)
 * @teardown:	free it; also after a failed @setup (may be NULL)
 * @op:		@n operations (n >= 1) of thread @t, in its role (t->role,
 *		or the other one when t->mixed): a plain loop, nothing else
 *		in it. Returns the work items they did; adds 1 to
 *		t->failures for each operation that did nothing (full,
 *		empty, refused).
 * @collect:	add the structure's counters and checks to the result
 *		(res->extra, res->stats[], SYNCLAB_RESULT_INVARIANT); may be
 *		NULL
 * @stat_names:	the names of res->stats[0..@nstats-1], the UAPI's
 *		SYNCLAB_<X>_STAT_NAMES; NULL: none. A structure with names
 *		gets /sys/kernel/debug/synclab/<name>/last (its last kernel
 *		run, bench_debugfs_dir())
 * @nstats:	how many, at most SYNCLAB_BENCH_STATS
 *
 * A new structure provides: its UAPI id (SYNCLAB_BENCH_* and its mode
 * names), one struct bench_ops (in its own kmod/bench_<x>.c or a section
 * of kmod/bench_ops.c) declared at the bottom of this file, and its line
 * in bench_structs[] (kmod/bench.c). The engine does the rest: threads,
 * per-thread state, chunks, mixes, think time, counting, sampling.
 *
 * Chunks: the engine calls @op with as many operations as fit in about
 * BENCH_CHUNK_NS (at most BENCH_CHUNK_MAX; 1 while think time is set or
 * for the mix's operations), so its own cost (the phase check, the call,
 * the sampling test) is paid once per chunk, not per operation, and what
 * is measured is the structure's loop, as refscale measures its section.
 * The operations a thread draws do not depend on how they were chunked.
 */
struct bench_ops {
	const char *name;
	u32 structure;
	u32 nmodes;
	u32 npeers;
	size_t priv_size;
	int (*check)(const struct synclab_workload *w);
	int (*setup)(struct bench_run *run);
	void (*teardown)(struct bench_run *run);
	unsigned int (*op)(struct bench_thread *t, unsigned int n);
	void (*collect)(struct bench_run *run, struct synclab_result *res);
	const char * const *stat_names;
	unsigned int nstats;
};

/*
 * A chunk lasts about this long (measured on its timed chunks), at most
 * BENCH_CHUNK_MAX operations: the engine's cost per chunk (about 200
 * guest instructions and two clock reads, sampling included: count under
 * QEMU -icount) then stays about 1% of the cheapest section's (5% at
 * 5 us, which held the engine's empty RCU section to 0.95x refscale's),
 * the phase is seen within tens of microseconds of its change, and an
 * operation slower than this runs alone in its chunk, so its sampled
 * latency is its own.
 */
#define BENCH_CHUNK_NS		20000
#define BENCH_CHUNK_MAX		4096
/*
 * A preemption point (bench_env_yield()) after every chunk of a single
 * operation (a slow one, or one with think time) and at least every
 * BENCH_YIELD_OPS operations otherwise.
 */
#define BENCH_YIELD_OPS		256

/* How often a counted run's caller looks whether every thread is done. */
#define BENCH_COUNTED_POLL_NS	200000

/* What every thread reads to know where the run is. */
enum bench_phase {
	BENCH_START,		/* threads starting; the barrier */
	BENCH_WARMUP,		/* running, not counted */
	BENCH_MEASURE,		/* the timed window */
	BENCH_STOP,		/* leave the loop */
};

/*
 * One thread's state. Its counters are written by that thread only, and
 * each thread's struct starts a cache line, so threads share none.
 */
struct bench_thread {
	struct bench_run *run;
	unsigned int id;		/* 0..threads-1, both roles */
	unsigned int role;		/* 0 or 1 */
	unsigned int cpu;		/* where it is pinned */
	bool mixed;			/* this chunk is of the other role (mix) */
	struct synclab_prng rng;	/* seeded with (seed, id) */
	struct synclab_prng mix_rng;	/* the mix's draws, its own stream */
	u64 ops;			/* items since the barrier */
	u64 ops_window;			/* items in the timed window */
	u64 failures;
	u64 extra;			/* the structure's own counter */
	u64 lat_max_ns;
	u64 hist[SYNCLAB_BENCH_HIST];
	u64 seq;			/* the structure's own sequence */
	void *priv;			/* the structure's per-thread state */
	void *env;			/* the side's handle of the thread */
	/* the engine's own, for the chunks */
	u64 nops;			/* operations since the barrier */
	u64 end_ns;			/* a counted run: when it was done */
	unsigned int chunk;		/* operations per chunk */
	unsigned int plain_left;	/* role-0 operations before a mixed one */
	unsigned int since_yield;	/* operations since bench_env_yield() */
} ____cacheline_aligned_in_smp;

struct bench_run {
	struct synclab_workload w;
	const struct bench_ops *ops;
	void *state;			/* the structure's */
	unsigned int nthreads;
	unsigned int ncpus;
	int phase;			/* enum bench_phase; READ/WRITE_ONCE */
	atomic_t ready;			/* threads past the barrier */
	atomic_t done;			/* role-0 threads done (counted run) */
	struct bench_thread *threads;
	void *priv;			/* every thread's t->priv, one block */
};

int bench_run(const struct synclab_workload *w, struct synclab_result *res);
const struct bench_ops *bench_struct_ops(u32 structure);
int bench_validate(const struct synclab_workload *w);
const char *bench_ops_name(const struct synclab_workload *w);
void bench_thread_main(struct bench_thread *t);
u32 bench_pick_key(struct bench_thread *t);
u32 bench_route_addr(struct bench_thread *t, const struct synclab_route *routes);

void bench_spin_ns(u64 ns);

/**
 * bench_work() - busy work for about @ns nanoseconds, without clock reads
 * @run:	the run (unused: the calibration is per process)
 * @ns:		how long; 0 costs a test, not a call
 *
 * The same calibrated loop on both sides (bench_spin_ns()): critical
 * sections and think time cost what the workload says, and the clock
 * stays out of the measured code.
 */
static inline void bench_work(struct bench_run *run, u64 ns)
{
	(void)run;
	if (ns)
		bench_spin_ns(ns);
}

/* ---- what each side provides ------------------------------------------ */

/* Monotonic nanoseconds. */
u64 bench_env_now(void);
/* Online CPUs. */
unsigned int bench_env_cpus(void);
/*
 * Start thread t (bound to t->cpu unless SYNCLAB_WL_NOPIN), running
 * bench_thread_main(t); 0 or -errno.
 */
int bench_env_spawn(struct bench_thread *t);
/* Wait for a started thread to leave bench_thread_main(). */
void bench_env_join(struct bench_thread *t);
/* Sleep ns; -EINTR when a signal asks the run to stop. */
int bench_env_sleep(u64 ns);
/* A preemption point in the operation loop (kernel: cond_resched()). */
void bench_env_yield(void);
/* Waiting at the start barrier: let the others run. */
void bench_env_wait(void);
/*
 * A chunk made no progress (a ring full or empty, a stack empty): give the
 * CPU to a thread that can, if one waits on it. With more threads than
 * CPUs the thread that would empty the ring may share this one, and a
 * worker spinning until its time slice ends would measure the scheduler's
 * slice, not the structure (kernel: schedule(); user: sched_yield()).
 */
void bench_env_stall(void);
/* Cross-CPU round trip of a cache line, CPUs 0 and 1; 0 with one CPU. */
u64 bench_env_rtt(void);
/* The ops of a peer (a mode past the structure's own), NULL if absent. */
const struct bench_ops *bench_env_peer(u32 structure, u32 mode);

/* The ping-pong both sides' bench_env_rtt() run, one side per thread. */
struct bench_pingpong {
	int turn ____cacheline_aligned_in_smp;	/* READ/WRITE_ONCE */
	atomic_t started;
	int done;				/* READ/WRITE_ONCE: side 0 is */
	u64 ns;					/* per round trip, side 0 */
};

void bench_pingpong(struct bench_pingpong *pp, int side);

extern const struct bench_ops bench_route_ops;
extern const struct bench_ops bench_ring_ops;
extern const struct bench_ops bench_order_ops;
extern const struct bench_ops bench_lock_ops;
extern const struct bench_ops bench_count_ops;
extern const struct bench_ops bench_lfstack_ops;
int bench_lfstack_peer_check(const struct synclab_workload *w);
extern const struct bench_ops bench_llist_ops;	/* kernel only */
extern const struct bench_ops bench_litmus_ops;
extern const struct bench_ops bench_kvmap_ops;
/* kvmap's kernel peer, in the module only (kmod/bench_kvmap_peer.c) */
extern const struct bench_ops bench_rhashtable_ops;

/* kvmap's helpers, shared with its peers (kmod/bench_kvmap.c) */
struct bench_kvmap_thread {	/* t->priv: what a thread's gets found */
	u64 hits;
	u64 misses;
};

u32 bench_kvmap_buckets(const struct synclab_workload *w);
int bench_kvmap_check_common(const struct synclab_workload *w);
u64 bench_kvmap_value(struct bench_thread *t, u64 key);
void bench_kvmap_collect_gets(struct bench_run *run, struct synclab_result *res);
extern const struct bench_ops bench_counter_ops;

#endif /* _SYNCLAB_BENCH_H */
