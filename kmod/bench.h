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
 * @structure:	SYNCLAB_BENCH_*
 * @nmodes:	its own modes are 0..@nmodes-1
 * @npeers:	modes @nmodes..@nmodes+@npeers-1 name peers, which a side
 *		provides through bench_env_peer(), or not
 * @check:	refuse a workload the structure cannot run: -EINVAL, or
 *		-EOPNOTSUPP for a peer this side lacks (may be NULL)
 * @setup:	build the structure, prefill it; 0 or -errno
 * @teardown:	free it; also after a failed @setup
 * @op:		one operation of thread @t, in its role (t->role, or the
 *		other one when t->mixed); returns the work items it did, 0
 *		for an operation that did nothing (full, empty, refused)
 * @collect:	add the structure's counters and checks to the result
 *		(res->extra, SYNCLAB_RESULT_INVARIANT); may be NULL
 */
struct bench_ops {
	u32 structure;
	u32 nmodes;
	u32 npeers;
	int (*check)(const struct synclab_workload *w);
	int (*setup)(struct bench_run *run);
	void (*teardown)(struct bench_run *run);
	unsigned int (*op)(struct bench_thread *t);
	void (*collect)(struct bench_run *run, struct synclab_result *res);
};

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
	bool mixed;			/* this op is of the other role (mix) */
	struct synclab_prng rng;	/* seeded with (seed, id) */
	u64 ops;			/* items since the barrier */
	u64 ops_window;			/* items in the timed window */
	u64 failures;
	u64 extra;			/* the structure's own counter */
	u64 lat_max_ns;
	u64 hist[SYNCLAB_BENCH_HIST];
	u64 seq;			/* the structure's own sequence */
	void *priv;			/* the structure's per-thread state */
	void *env;			/* the side's handle of the thread */
} ____cacheline_aligned_in_smp;

struct bench_run {
	struct synclab_workload w;
	const struct bench_ops *ops;
	void *state;			/* the structure's */
	unsigned int nthreads;
	unsigned int ncpus;
	int phase;			/* enum bench_phase; READ/WRITE_ONCE */
	atomic_t ready;			/* threads past the barrier */
	struct bench_thread *threads;
};

int bench_run(const struct synclab_workload *w, struct synclab_result *res);
int bench_validate(const struct synclab_workload *w);
void bench_thread_main(struct bench_thread *t);
u32 bench_pick_key(struct bench_thread *t);
u32 bench_route_addr(struct bench_thread *t, const struct synclab_route *routes);

/* Busy work of ns nanoseconds (calibrated loop; no clock reads). */
void bench_work(struct bench_run *run, u64 ns);

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

#endif /* _SYNCLAB_BENCH_H */
