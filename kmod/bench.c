// SPDX-License-Identifier: GPL-2.0
/*
 * bench: the benchmark engine's state machine and thread loop, the same
 * file in the module (kthreads) and in userspace (pthreads, over
 * user/shim). It knows nothing of what it measures: structures plug in as
 * struct bench_ops; each side supplies threads, clock and sleep (bench.h).
 *
 * Life of a run (bench_run(), in the caller's thread):
 *   validate -> set up the structure -> probe the cross-CPU round trip ->
 *   spawn and pin every thread -> start barrier -> warm-up (ops not
 *   counted) -> timed window -> stop -> join -> sum the counters -> probe
 *   again -> tear down.
 * The caller moves run->phase forward; threads read it between chunks of
 * operations (bench.h: a chunk lasts about BENCH_CHUNK_NS) and record,
 * each for itself, where the window began. Nothing is timed while threads
 * are still starting or already stopping.
 *
 * Sampling: one operation in 2^sample_shift is a sample point; the chunk
 * holding it is timed, and the point records the chunk's mean time per
 * operation. An operation slower than a chunk runs alone in its chunk, so
 * its sample is its own latency; cheaper ones are averaged over a chunk.
 *
 * Sharing: each thread's counters live in its own struct bench_thread, on
 * its own cache lines, written by that thread only and summed by the
 * caller after the join. run->phase is written by the caller only.
 */
#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "bench.h"

static const struct bench_ops *bench_structs[SYNCLAB_BENCH_NSTRUCTS] = {
	[SYNCLAB_BENCH_ROUTE] = &bench_route_ops,
	[SYNCLAB_BENCH_RING] = &bench_ring_ops,
	[SYNCLAB_BENCH_ORDER] = &bench_order_ops,
	[SYNCLAB_BENCH_LOCK] = &bench_lock_ops,
	[SYNCLAB_BENCH_COUNT] = &bench_count_ops,
	[SYNCLAB_BENCH_LFSTACK] = &bench_lfstack_ops,
	[SYNCLAB_BENCH_LITMUS] = &bench_litmus_ops,
	[SYNCLAB_BENCH_KVMAP] = &bench_kvmap_ops,
	[SYNCLAB_BENCH_COUNTER] = &bench_counter_ops,
};

/**
 * bench_struct_ops() - a structure's own ops
 * @structure:	SYNCLAB_BENCH_*
 *
 * Return: its ops, NULL for an id past the last.
 */
const struct bench_ops *bench_struct_ops(u32 structure)
{
	return structure < SYNCLAB_BENCH_NSTRUCTS ? bench_structs[structure] :
						    NULL;
}

/* The structure's ops, or a peer's for modes past its own; NULL: none. */
static const struct bench_ops *bench_ops_for(const struct synclab_workload *w)
{
	const struct bench_ops *ops = bench_structs[w->structure];

	if (w->mode < ops->nmodes)
		return ops;
	return bench_env_peer(w->structure, w->mode);
}

/**
 * bench_ops_name() - what runs @w: the structure's name or its peer's
 * @w:	a workload bench_validate() took
 *
 * Return: the name; "?" for a workload no ops run.
 */
const char *bench_ops_name(const struct synclab_workload *w)
{
	const struct bench_ops *ops;

	if (w->structure >= SYNCLAB_BENCH_NSTRUCTS)
		return "?";
	ops = bench_structs[w->structure];
	if (w->mode >= ops->nmodes + ops->npeers)
		return "?";
	ops = bench_ops_for(w);
	return ops ? ops->name : "?";
}

/**
 * bench_validate() - refuse a workload no engine should run
 * @w:	the workload
 *
 * Return: 0; -EINVAL for a field out of range; -EOPNOTSUPP for a peer
 * this side does not have.
 */
int bench_validate(const struct synclab_workload *w)
{
	const struct bench_ops *ops;
	unsigned int i;
	u64 threads;

	for (i = 0; i < ARRAY_SIZE(w->reserved); i++)
		if (w->reserved[i])
			return -EINVAL;
	if (w->structure >= SYNCLAB_BENCH_NSTRUCTS)
		return -EINVAL;
	threads = (u64)w->threads[0] + w->threads[1];
	if (!threads || threads > SYNCLAB_BENCH_MAX_THREADS)
		return -EINVAL;
	if (!w->duration_ns || w->duration_ns > SYNCLAB_BENCH_MAX_DURATION_NS ||
	    w->warmup_ns > SYNCLAB_BENCH_MAX_WARMUP_NS)
		return -EINVAL;
	if (w->cs_ns > SYNCLAB_BENCH_MAX_WORK_NS ||
	    w->think_ns[0] > SYNCLAB_BENCH_MAX_WORK_NS ||
	    w->think_ns[1] > SYNCLAB_BENCH_MAX_WORK_NS)
		return -EINVAL;
	if (!w->batch || w->batch > SYNCLAB_BENCH_MAX_BATCH)
		return -EINVAL;
	if (w->mix > 1000 || w->hot > 1000 ||
	    (w->hot && (!w->hot_keys || w->hot_keys > w->keys)))
		return -EINVAL;
	if (w->sample_shift > SYNCLAB_BENCH_MAX_SAMPLE_SHIFT ||
	    w->flags & ~SYNCLAB_WL_NOPIN)
		return -EINVAL;
	if (w->ops_per_thread && (!w->threads[0] ||
				  w->ops_per_thread > SYNCLAB_BENCH_MAX_OPS))
		return -EINVAL;
	ops = bench_structs[w->structure];
	if (w->mode >= ops->nmodes + ops->npeers)
		return -EINVAL;
	ops = bench_ops_for(w);
	if (!ops)
		return -EOPNOTSUPP;
	return ops->check ? ops->check(w) : 0;
}

/* A key for thread t: from the hot set hot per mille of the time. */
u32 bench_pick_key(struct bench_thread *t)
{
	const struct synclab_workload *w = &t->run->w;

	if (w->hot && synclab_prng_below(&t->rng, 1000) < w->hot)
		return synclab_prng_below(&t->rng, w->hot_keys);
	return synclab_prng_below(&t->rng, w->keys);
}

/* ---- busy work ---------------------------------------------------------- */

/* One iteration per loop; the barrier keeps the compiler from folding it. */
static noinline void bench_spin(u64 loops)
{
	while (loops--)
		barrier();
}

/* How long @n loops of bench_spin() take, in ns. */
static u64 bench_spin_time(u64 n)
{
	u64 t0 = bench_env_now();

	bench_spin(n);
	return bench_env_now() - t0;
}

#define BENCH_CALIBRATE_RUNS	8

/*
 * Loops of bench_spin() per microsecond, measured once: the loop count
 * that takes about half a millisecond, then the fastest of a few runs of it
 * (a run that was preempted or interrupted only takes longer: on a busy
 * host the slowest runs can take ten times the fastest).
 */
static u64 bench_loops_per_us(void)
{
	static u64 loops_per_us;
	u64 d, best, n = 1 << 12;
	unsigned int i;

	if (READ_ONCE(loops_per_us))
		return loops_per_us;
	while (bench_spin_time(n) < 500000 && n < 1ULL << 40)
		n *= 2;
	best = U64_MAX;
	for (i = 0; i < BENCH_CALIBRATE_RUNS; i++) {
		d = bench_spin_time(n);
		best = min(best, d);
	}
	WRITE_ONCE(loops_per_us, max_t(u64, 1, n * 1000 / max_t(u64, 1, best)));
	return loops_per_us;
}

/* bench_work()'s loop: about @ns nanoseconds of bench_spin(). */
void bench_spin_ns(u64 ns)
{
	bench_spin(ns * bench_loops_per_us() / 1000);
}

/* ---- the cross-CPU round trip ------------------------------------------- */

#define BENCH_PINGPONG_ROUNDS	2000
/*
 * A probe stops after this long even when the rounds are not done: on an
 * overloaded host two vCPUs may rarely run at once and each round take
 * milliseconds. A slow answer is what the probe is for, not a hang.
 */
#define BENCH_PINGPONG_BUDGET_NS	20000000ULL

/**
 * bench_pingpong() - one side of a cache line's round trip between CPUs
 * @pp:		shared by the two sides, zeroed
 * @side:	0 (measures) or 1 (answers)
 *
 * Side 0 hands the line over by writing turn = 1; side 1 hands it back
 * with turn = 0. After a few unmeasured rounds, side 0 times the rest,
 * within BENCH_PINGPONG_BUDGET_NS, then sets done, which releases side 1.
 * If the partner never shows up, both give up after ten budgets (ns 0):
 * side 1 may give up just as side 0 arrives, so side 0 also watches done
 * while it waits for an answer (done is on turn's line: no extra traffic).
 */
void bench_pingpong(struct bench_pingpong *pp, int side)
{
	unsigned int i, warm = BENCH_PINGPONG_ROUNDS / 10;
	u64 t0 = 0, now, start = bench_env_now();

	atomic_inc(&pp->started);
	while (atomic_read(&pp->started) < 2) {
		if (READ_ONCE(pp->done) ||
		    bench_env_now() - start > 10 * BENCH_PINGPONG_BUDGET_NS) {
			WRITE_ONCE(pp->done, 1);
			return;
		}
		cpu_relax();
	}
	if (side == 1) {
		for (;;) {
			while (READ_ONCE(pp->turn) != 1) {
				if (READ_ONCE(pp->done))
					return;
				cpu_relax();
			}
			WRITE_ONCE(pp->turn, 0);
		}
	}
	for (i = 0; i < BENCH_PINGPONG_ROUNDS; i++) {
		if (i == warm)
			t0 = bench_env_now();
		if (i > warm && !(i % 32) &&
		    bench_env_now() - t0 > BENCH_PINGPONG_BUDGET_NS)
			break;
		WRITE_ONCE(pp->turn, 1);
		while (READ_ONCE(pp->turn) != 0) {
			/* side 1 gave up waiting for us: no answer will come */
			if (READ_ONCE(pp->done))
				return;
			cpu_relax();
		}
	}
	now = bench_env_now();
	pp->ns = i > warm ? (now - t0) / (i - warm) : 0;
	WRITE_ONCE(pp->done, 1);
}

/* ---- the thread loop ------------------------------------------------------ */

static unsigned int bench_bucket(u64 ns)
{
	return ns ? min_t(unsigned int, ilog2(ns), SYNCLAB_BENCH_HIST - 1) : 0;
}

/*
 * Operations of role 0 before the next mixed one (of role 1), drawn one
 * by one from the thread's mix stream: which operations are mixed does
 * not depend on how they are chunked, nor on the structure's own draws.
 */
static unsigned int bench_mix_gap(struct bench_thread *t, u32 mix)
{
	unsigned int gap = 0;

	while (synclab_prng_below(&t->mix_rng, 1000) >= mix)
		gap++;
	return gap;
}

/* The next chunk of @t: how many operations, and whether they are mixed. */
static unsigned int bench_next_chunk(struct bench_thread *t, u32 mix)
{
	unsigned int n = t->chunk;

	t->mixed = false;
	if (!mix)
		return n;
	if (!t->plain_left) {
		t->mixed = true;
		t->plain_left = bench_mix_gap(t, mix);
		return 1;
	}
	n = min(n, t->plain_left);
	t->plain_left -= n;
	return n;
}

/*
 * Sample points in the chunk of operations [@nops, @nops + @n): the
 * operations whose number is a multiple of 2^@shift, one in 2^@shift.
 */
static unsigned int bench_sample_points(u64 nops, unsigned int n,
					unsigned int shift)
{
	u64 mask = (1ULL << shift) - 1;

	return ((nops + n + mask) >> shift) - ((nops + mask) >> shift);
}

/*
 * A timed chunk of @n operations took @d ns. Each sample point in it
 * records the chunk's mean per operation. A plain chunk (not mixed, no
 * think time) sizes the next ones to last about BENCH_CHUNK_NS: down at
 * once when it took longer (a stall must not repeat a thousand times
 * before the phase is seen), up at most twofold.
 */
static void bench_timed(struct bench_thread *t, u64 d, unsigned int n,
			unsigned int points, bool adapt)
{
	u64 per = d / n, want;

	if (points) {
		t->hist[bench_bucket(per)] += points;
		t->lat_max_ns = max(t->lat_max_ns, per);
	}
	if (!adapt)
		return;
	want = d ? (u64)n * BENCH_CHUNK_NS / d : BENCH_CHUNK_MAX;
	want = min_t(u64, want, 2 * t->chunk);
	t->chunk = max_t(u64, 1, min_t(u64, want, BENCH_CHUNK_MAX));
}

/* Chunks timed at the start, sample point or not, to size the chunks. */
#define BENCH_SETTLE_CHUNKS	16

/* A role-0 thread of a counted run did its share: say when, and leave. */
static void bench_counted_done(struct bench_thread *t)
{
	t->end_ns = bench_env_now();
	/* Ordered: @end_ns before the count bench_counted_wait() reads. */
	atomic_inc_return(&t->run->done);
}

/**
 * bench_thread_main() - one benchmark thread, from barrier to stop
 * @t:	the thread's state; the side's trampoline calls this
 *
 * Runs the structure's op in chunks (bench_next_chunk()) and reads the
 * phase between them; with think time, one operation per chunk, each
 * followed by its think time. In a counted run a role-0 thread stops
 * after its ops_per_thread operations, the last chunk cut to fit.
 */
void bench_thread_main(struct bench_thread *t)
{
	struct bench_run *run = t->run;
	const struct bench_ops *ops = run->ops;
	unsigned int shift = run->w.sample_shift, settle = BENCH_SETTLE_CHUNKS;
	u64 think = run->w.think_ns[t->role];
	u32 mix = t->role == 0 ? run->w.mix : 0;
	u64 counted = t->role == 0 ? run->w.ops_per_thread : 0;
	bool measuring = false;
	u64 base = 0;
	int phase;

	t->chunk = 1;
	if (mix)
		t->plain_left = bench_mix_gap(t, mix);
	atomic_inc(&run->ready);
	while ((phase = READ_ONCE(run->phase)) == BENCH_START)
		bench_env_wait();

	while (phase != BENCH_STOP) {
		unsigned int n = bench_next_chunk(t, mix), points, done;
		bool mixed = t->mixed;
		u64 t0 = 0;

		if (counted) {
			if (t->nops >= counted) {
				bench_counted_done(t);
				break;
			}
			n = min_t(u64, n, counted - t->nops);
		}

		if (phase == BENCH_MEASURE && !measuring) {
			measuring = true;
			base = t->ops;
		}
		points = bench_sample_points(t->nops, n, shift);
		if (points || settle)
			t0 = bench_env_now();
		done = ops->op(t, n);
		t->ops += done;
		if (points || settle) {
			bench_timed(t, bench_env_now() - t0, n, points,
				    !mixed && !think);
			settle -= !!settle;
		}
		t->nops += n;
		if (think)
			bench_work(run, think);
		t->since_yield += n;
		if (!done) {
			t->since_yield = 0;
			bench_env_stall();
		} else if (n == 1 || t->since_yield >= BENCH_YIELD_OPS) {
			t->since_yield = 0;
			bench_env_yield();
		}
		phase = READ_ONCE(run->phase);
	}
	t->ops_window = measuring ? t->ops - base : 0;
}

/* ---- the run ---------------------------------------------------------------- */

static void bench_sum(struct bench_run *run, struct synclab_result *res)
{
	unsigned int i, b, r;

	for (r = 0; r < SYNCLAB_BENCH_ROLES; r++)
		res->thread_ops_min[r] = run->w.threads[r] ? U64_MAX : 0;
	for (i = 0; i < run->nthreads; i++) {
		struct bench_thread *t = &run->threads[i];

		r = t->role;
		res->ops[r] += t->ops_window;
		res->ops_total[r] += t->ops;
		res->failures[r] += t->failures;
		res->extra[r] += t->extra;
		res->thread_ops_min[r] = min(res->thread_ops_min[r],
					     t->ops_window);
		res->thread_ops_max[r] = max(res->thread_ops_max[r],
					     t->ops_window);
		res->lat_max_ns[r] = max(res->lat_max_ns[r], t->lat_max_ns);
		for (b = 0; b < SYNCLAB_BENCH_HIST; b++)
			res->hist[r][b] += t->hist[b];
	}
}

/* What one clock read costs, for the record (the sampling overhead). */
static u64 bench_clock_cost(void)
{
	u64 t0 = bench_env_now(), t1;
	unsigned int i;

	for (i = 0; i < 256; i++)
		t1 = bench_env_now();
	return (t1 - t0) / 256;
}

/*
 * Every thread's t->priv: the structure's priv_size bytes each, zeroed,
 * each starting a cache line of its own; one block, freed by bench_run().
 */
static int bench_priv_alloc(struct bench_run *run)
{
	size_t stride = ALIGN(run->ops->priv_size, SMP_CACHE_BYTES);
	unsigned long base;
	unsigned int i;

	if (!stride)
		return 0;
	run->priv = kvzalloc(stride * run->nthreads + SMP_CACHE_BYTES - 1,
			     GFP_KERNEL | __GFP_NOWARN);
	if (!run->priv)
		return -ENOMEM;
	base = ALIGN((unsigned long)run->priv, SMP_CACHE_BYTES);
	for (i = 0; i < run->nthreads; i++)
		run->threads[i].priv = (void *)(base + i * stride);
	return 0;
}

/* Salt of the mix's stream: (seed ^ salt, id), apart from (seed, id). */
#define BENCH_MIX_SALT	0x6d6978ULL

/* Stop every spawned thread and wait for them. */
static void bench_stop(struct bench_run *run, unsigned int spawned)
{
	unsigned int i;

	WRITE_ONCE(run->phase, BENCH_STOP);
	for (i = 0; i < spawned; i++)
		bench_env_join(&run->threads[i]);
}

/*
 * A counted run, from the start: wait until every role-0 thread is done
 * or the duration is up (SYNCLAB_RESULT_TRUNCATED); its window ends when
 * the last one was done. 0 or -EINTR; *@t1 the window's end.
 */
static int bench_counted_wait(struct bench_run *run, u64 t0, u64 *t1,
			      struct synclab_result *res)
{
	unsigned int i, want = run->w.threads[0];
	int ret = 0;

	while ((unsigned int)atomic_read_acquire(&run->done) < want) {
		if (bench_env_now() - t0 >= run->w.duration_ns) {
			res->flags |= SYNCLAB_RESULT_TRUNCATED;
			*t1 = bench_env_now();
			return 0;
		}
		ret = bench_env_sleep(BENCH_COUNTED_POLL_NS);
		if (ret) {
			*t1 = bench_env_now();
			return ret;
		}
	}
	*t1 = t0;
	for (i = 0; i < want; i++)
		*t1 = max(*t1, run->threads[i].end_ns);
	return 0;
}

static void bench_threads_init(struct bench_run *run)
{
	const struct synclab_workload *w = &run->w;
	unsigned int i;

	for (i = 0; i < run->nthreads; i++) {
		struct bench_thread *t = &run->threads[i];

		t->run = run;
		t->id = i;
		t->role = i < w->threads[0] ? 0 : 1;
		t->cpu = i % run->ncpus;
		synclab_prng_seed(&t->rng, w->seed, i);
		synclab_prng_seed(&t->mix_rng, w->seed ^ BENCH_MIX_SALT, i);
	}
}

/*
 * Start the threads, past the barrier, and through the phases: warm-up
 * and the timed window, or a counted run. *@t0 and *@t1 bound the
 * window (*@t0 stays 0 when it never began). 0, -EINTR or what a spawn
 * returned; the caller stops the *@spawned threads either way.
 */
static int bench_go(struct bench_run *run, struct synclab_result *res,
		    unsigned int *spawned, u64 *t0, u64 *t1)
{
	const struct synclab_workload *w = &run->w;
	int ret;

	for (; *spawned < run->nthreads; (*spawned)++) {
		ret = bench_env_spawn(&run->threads[*spawned]);
		if (ret)
			return ret;
	}
	while ((unsigned int)atomic_read(&run->ready) < run->nthreads) {
		ret = bench_env_sleep(100000);
		if (ret)
			return ret;
	}
	if (w->ops_per_thread) {
		*t0 = bench_env_now();
		WRITE_ONCE(run->phase, BENCH_MEASURE);
		return bench_counted_wait(run, *t0, t1, res);
	}
	WRITE_ONCE(run->phase, BENCH_WARMUP);
	ret = bench_env_sleep(w->warmup_ns);
	if (ret)
		return ret;
	*t0 = bench_env_now();
	WRITE_ONCE(run->phase, BENCH_MEASURE);
	ret = bench_env_sleep(w->duration_ns);
	*t1 = bench_env_now();
	return ret;
}

/**
 * bench_run() - run one workload and fill its result
 * @w:		the workload
 * @res:	the result; on -EINTR, the partial one
 *
 * Return: 0; -EINTR when a signal stopped the run (every thread stopped,
 * @res partial, SYNCLAB_RESULT_INTERRUPTED); -EINVAL or -EOPNOTSUPP for a
 * workload bench_validate() refuses; -ENOMEM; what setup returned.
 */
int bench_run(const struct synclab_workload *w, struct synclab_result *res)
{
	unsigned int spawned = 0;
	struct bench_run *run;
	u64 t0 = 0, t1 = 0;
	int ret;

	memset(res, 0, sizeof(*res));
	ret = bench_validate(w);
	if (ret)
		return ret;
	run = kzalloc(sizeof(*run), GFP_KERNEL);
	if (!run)
		return -ENOMEM;
	run->w = *w;
	run->ops = bench_ops_for(w);
	run->nthreads = w->threads[0] + w->threads[1];
	run->ncpus = bench_env_cpus();
	run->phase = BENCH_START;
	atomic_set(&run->ready, 0);
	atomic_set(&run->done, 0);
	run->threads = kcalloc(run->nthreads, sizeof(*run->threads), GFP_KERNEL);
	if (!run->threads) {
		ret = -ENOMEM;
		goto out_free;
	}
	bench_threads_init(run);
	bench_loops_per_us();
	ret = bench_priv_alloc(run);
	if (ret)
		goto out_free;
	ret = run->ops->setup ? run->ops->setup(run) : 0;
	if (ret)
		goto out_teardown;

	res->clock_ns = bench_clock_cost();
	res->rtt_before_ns = bench_env_rtt();
	ret = bench_go(run, res, &spawned, &t0, &t1);
	bench_stop(run, spawned);
	if (ret == -EINTR)
		res->flags |= SYNCLAB_RESULT_INTERRUPTED;
	if (spawned == run->nthreads && (!ret || ret == -EINTR)) {
		res->elapsed_ns = t0 ? t1 - t0 : 0;
		bench_sum(run, res);
		if (run->ops->collect)
			run->ops->collect(run, res);
		res->rtt_after_ns = bench_env_rtt();
		res->threads_run = run->nthreads;
	}
	res->cpus = run->ncpus;
	if (run->nthreads > run->ncpus)
		res->flags |= SYNCLAB_RESULT_OVERSUBSCRIBED;
out_teardown:
	if (run->ops->teardown)
		run->ops->teardown(run);
out_free:
	kvfree(run->priv);
	kfree(run->threads);
	kfree(run);
	return ret;
}
