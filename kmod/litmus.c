// SPDX-License-Identifier: GPL-2.0
/*
 * litmus: the classic memory-ordering litmus shapes, run millions of
 * times on two CPUs, every outcome counted, the same file in the module
 * (kthreads) and in userspace (pthreads, over user/shim). The benchmark
 * engine runs it (structure SYNCLAB_BENCH_LITMUS): thread P0 is role 0,
 * P1 role 1, each pinned to its own CPU; userspace sets the counts beside
 * the Linux kernel memory model's verdicts (kmod/litmus.h names the LKMM
 * test of each shape and variant).
 *
 * The two threads meet before every batch of B iterations (the
 * workload's batch, 1 by default: before every iteration):
 *
 *   P0: [meet(batch) when j starts one]; body0(slot of j);
 *       count iteration j - B
 *   P1: [meet(batch) when j starts one]; body1(slot of j)
 *
 * meet() is a two-thread barrier: each side publishes its arrival with
 * smp_store_release() and waits to read the other's with
 * smp_load_acquire(), so everything a side did in the batch before is
 * visible to the other once both are past. The bodies that follow start
 * within a cache-line transfer of each other, which is what lets a store
 * sit in one CPU's store buffer while the other CPU loads. Within a batch
 * the threads run unsynchronised and drift apart; a larger batch trades
 * that alignment for fewer meetings, which matters where a meeting is
 * dear: under TCG on a busy host, where a vCPU waits for its partner to
 * be scheduled at all.
 *
 * Nothing is reset between iterations. Iteration j writes the values
 * 4j + 1 and 4j + 2 ("1" and "2" of the shape), so a load that returns
 * anything else read what was there before: the initial 0 of the LKMM's
 * test. Each iteration of a batch has its own slot, in one of two sets
 * that alternate by batch, so P0 can count iteration j - B (P1's
 * registers, the final values of x and y: P1 finished that batch before
 * the meeting) while batch j uses the other set. A slot's x and y each
 * have a cache line, last read by both CPUs two batches before: a store
 * must take its line from the other CPU, a load finds its line in its own
 * cache. That is the store-buffering window at its widest.
 *
 * Sharing: x and y are the shape's racing variables, accessed only with
 * READ_ONCE()/WRITE_ONCE() and the barriers and acquire/release of the
 * variant, as the LKMM's tests access them (so KCSAN sees marked
 * accesses). A side's registers are written by that side only, read by
 * P0 after the next meet(); the counts are P0's; litmus_finish() runs
 * after both threads are joined.
 *
 * Contexts: litmus_side() from the two threads of a run only, process
 * context (it spins, with a preemption point while it waits); the rest
 * from the run's caller.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#include "bench.h"
#include "litmus.h"

/* While waiting: the phase and a preemption point every this many spins. */
#define LITMUS_SPIN_CHECK	1023

struct litmus_slot {
	unsigned long x ____cacheline_aligned_in_smp;
	unsigned long y ____cacheline_aligned_in_smp;
};

/* One thread's, written by it alone; arrive on a line of its own. */
struct litmus_side {
	unsigned long arrive ____cacheline_aligned_in_smp;
	unsigned long (*r)[2] ____cacheline_aligned_in_smp; /* per slot */
	unsigned long done;		/* iterations whose body ran */
	u64 count[4];			/* P0: outcomes of 1..done - batch */
};

typedef unsigned long (*litmus_loop_fn)(struct litmus *l, unsigned int side,
				       unsigned long n, const int *phase);

struct litmus {
	u32 shape;
	u32 variant;
	unsigned int batch;		/* iterations per meeting */
	litmus_loop_fn loop[2];
	void *mem;			/* what kzalloc() returned */
	struct litmus_slot *slot;	/* 2 * batch of them */
	struct litmus_side side[2];
};

/* ---- the iteration ------------------------------------------------------ */

/*
 * Both sides past the start of batch @b (from 1): true, or false when
 * the run stopped first (the other side has gone).
 */
static __always_inline bool litmus_meet(struct litmus *l, unsigned int side,
					unsigned long b, const int *phase)
{
	struct litmus_side *other = &l->side[!side];
	unsigned int spins = 0;

	/* Pairs with the other side's smp_load_acquire() below. */
	smp_store_release(&l->side[side].arrive, b);
	/* Pairs with the other side's smp_store_release() above. */
	while (smp_load_acquire(&other->arrive) < b) {
		if (!(++spins & LITMUS_SPIN_CHECK)) {
			if (READ_ONCE(*phase) == BENCH_STOP)
				return false;
			bench_env_wait();
		}
		cpu_relax();
	}
	return true;
}

/* The slot of iteration @j (from 1): its place in its batch's set. */
static __always_inline unsigned int litmus_slot_of(const struct litmus *l,
						   unsigned long j)
{
	unsigned long i = j - 1;

	return (i / l->batch) % 2 * l->batch + i % l->batch;
}

/* Iteration @j's outcome: the bits of the shape's "exists" clause. */
static unsigned int litmus_outcome(struct litmus *l, unsigned long j)
{
	unsigned int k = litmus_slot_of(l, j);
	unsigned long one = 4 * j + 1, two = 4 * j + 2;
	unsigned long *r0 = l->side[0].r[k], *r1 = l->side[1].r[k];
	struct litmus_slot *s = &l->slot[k];
	bool first, second;

	switch (l->shape) {
	case SYNCLAB_LITMUS_SB:		/* r0=0 /\ r1=0 */
		first = r0[0] != one;
		second = r1[0] != one;
		break;
	case SYNCLAB_LITMUS_MP:		/* r0=1 /\ r1=0, both P1's */
		first = r1[0] == one;
		second = r1[1] != one;
		break;
	case SYNCLAB_LITMUS_LB:		/* r0=1 /\ r1=1 */
		first = r0[0] == one;
		second = r1[0] == one;
		break;
	case SYNCLAB_LITMUS_S:		/* x=2 /\ r1=1 */
		first = READ_ONCE(s->x) == two;
		second = r1[0] == one;
		break;
	default:			/* R: y=2 /\ r1=0 */
		first = READ_ONCE(s->y) == two;
		second = r1[0] != one;
		break;
	}
	return first | second << 1;
}

typedef void litmus_body_fn(struct litmus_slot *s, unsigned long v,
			    unsigned long *r);

/*
 * @n iterations of one side, or for P1 up to the end of the batch they
 * end in; @body inlined (a constant at each use).
 * Return: the iterations done, fewer than @n when the run stopped.
 */
static __always_inline unsigned long
litmus_loop(struct litmus *l, unsigned int side, unsigned long n,
	    const int *phase, litmus_body_fn *body)
{
	struct litmus_side *me = &l->side[side];
	unsigned int batch = l->batch, k;
	unsigned long i, j;

	/*
	 * P1 ends where a batch ends: P0 may have started the batch's
	 * iterations already, and an iteration needs both halves.
	 */
	for (i = 0; i < n || (side == 1 && me->done % batch); i++) {
		j = me->done + 1;
		if ((j - 1) % batch == 0 &&
		    !litmus_meet(l, side, (j - 1) / batch + 1, phase))
			break;
		k = litmus_slot_of(l, j);
		body(&l->slot[k], 4 * j, me->r[k]);
		/* P1 ended j's batch before last came with its arrival */
		if (side == 0 && j > batch)
			me->count[litmus_outcome(l, j - batch)]++;
		me->done = j;
	}
	return i;
}

/* The loop of one body: litmus_loop() with @body inlined. */
#define LITMUS_LOOP(body)						\
static unsigned long body##_loop(struct litmus *l, unsigned int side,	\
				 unsigned long n, const int *phase)	\
{									\
	return litmus_loop(l, side, n, phase, body);			\
}

/*
 * The bodies, named shape_variant_thread, each the LKMM test's code:
 * @v + 1 and @v + 2 are this iteration's "1" and "2", @r the thread's
 * registers. Every fence below is the variant under test: it pairs with
 * the other thread's fence, acquire or dependency, or (where the variant
 * is one that fails, like SB's smp_wmb()) with nothing, which is the
 * point.
 */

/* SB: x=1; r0=y || y=1; r1=x */
static __always_inline void sb_plain_0(struct litmus_slot *s, unsigned long v,
				       unsigned long *r)
{
	WRITE_ONCE(s->x, v + 1);
	r[0] = READ_ONCE(s->y);
}

static __always_inline void sb_plain_1(struct litmus_slot *s, unsigned long v,
				       unsigned long *r)
{
	WRITE_ONCE(s->y, v + 1);
	r[0] = READ_ONCE(s->x);
}

static __always_inline void sb_wmb_0(struct litmus_slot *s, unsigned long v,
				     unsigned long *r)
{
	WRITE_ONCE(s->x, v + 1);
	smp_wmb();	/* orders stores only: not the load after it */
	r[0] = READ_ONCE(s->y);
}

static __always_inline void sb_wmb_1(struct litmus_slot *s, unsigned long v,
				     unsigned long *r)
{
	WRITE_ONCE(s->y, v + 1);
	smp_wmb();	/* orders stores only: not the load after it */
	r[0] = READ_ONCE(s->x);
}

/* A release orders what precedes it, an acquire what follows: not SB. */
static __always_inline void sb_relacq_0(struct litmus_slot *s, unsigned long v,
					unsigned long *r)
{
	smp_store_release(&s->x, v + 1);	/* pairs with nothing */
	r[0] = smp_load_acquire(&s->y);	/* orders only what follows */
}

static __always_inline void sb_relacq_1(struct litmus_slot *s, unsigned long v,
					unsigned long *r)
{
	smp_store_release(&s->y, v + 1);	/* pairs with nothing */
	r[0] = smp_load_acquire(&s->x);	/* orders only what follows */
}

static __always_inline void sb_mb_0(struct litmus_slot *s, unsigned long v,
				    unsigned long *r)
{
	WRITE_ONCE(s->x, v + 1);
	smp_mb();	/* pairs with sb_mb_1()'s */
	r[0] = READ_ONCE(s->y);
}

static __always_inline void sb_mb_1(struct litmus_slot *s, unsigned long v,
				    unsigned long *r)
{
	WRITE_ONCE(s->y, v + 1);
	smp_mb();	/* pairs with sb_mb_0()'s */
	r[0] = READ_ONCE(s->x);
}

/* MP: x=1; y=1 || r0=y; r1=x */
static __always_inline void mp_plain_0(struct litmus_slot *s, unsigned long v,
				       unsigned long __maybe_unused *r)
{
	WRITE_ONCE(s->x, v + 1);
	WRITE_ONCE(s->y, v + 1);
}

static __always_inline void mp_plain_1(struct litmus_slot *s,
				       unsigned long __maybe_unused v,
				       unsigned long *r)
{
	r[0] = READ_ONCE(s->y);
	r[1] = READ_ONCE(s->x);
}

static __always_inline void mp_wmbrmb_0(struct litmus_slot *s, unsigned long v,
					unsigned long __maybe_unused *r)
{
	WRITE_ONCE(s->x, v + 1);
	smp_wmb();	/* pairs with mp_wmbrmb_1()'s smp_rmb() */
	WRITE_ONCE(s->y, v + 1);
}

static __always_inline void mp_wmbrmb_1(struct litmus_slot *s,
					unsigned long __maybe_unused v,
					unsigned long *r)
{
	r[0] = READ_ONCE(s->y);
	smp_rmb();	/* pairs with mp_wmbrmb_0()'s smp_wmb() */
	r[1] = READ_ONCE(s->x);
}

static __always_inline void mp_relacq_0(struct litmus_slot *s, unsigned long v,
					unsigned long __maybe_unused *r)
{
	WRITE_ONCE(s->x, v + 1);
	/* pairs with mp_relacq_1()'s acquire */
	smp_store_release(&s->y, v + 1);
}

static __always_inline void mp_relacq_1(struct litmus_slot *s,
					unsigned long __maybe_unused v,
					unsigned long *r)
{
	/* pairs with mp_relacq_0()'s release */
	r[0] = smp_load_acquire(&s->y);
	r[1] = READ_ONCE(s->x);
}

/* LB: r0=x; y=1 || r1=y; x=1 */
static __always_inline void lb_plain_0(struct litmus_slot *s, unsigned long v,
				       unsigned long *r)
{
	r[0] = READ_ONCE(s->x);
	WRITE_ONCE(s->y, v + 1);
}

static __always_inline void lb_plain_1(struct litmus_slot *s, unsigned long v,
				       unsigned long *r)
{
	r[0] = READ_ONCE(s->y);
	WRITE_ONCE(s->x, v + 1);
}

static __always_inline void lb_relacq_0(struct litmus_slot *s, unsigned long v,
					unsigned long *r)
{
	r[0] = READ_ONCE(s->x);
	/* pairs with lb_relacq_1()'s acquire */
	smp_store_release(&s->y, v + 1);
}

static __always_inline void lb_relacq_1(struct litmus_slot *s, unsigned long v,
					unsigned long *r)
{
	/* pairs with lb_relacq_0()'s release */
	r[0] = smp_load_acquire(&s->y);
	WRITE_ONCE(s->x, v + 1);
}

/* P0 stores only when it read P1's store: a control dependency. */
static __always_inline void lb_ctrlmb_0(struct litmus_slot *s, unsigned long v,
					unsigned long *r)
{
	r[0] = READ_ONCE(s->x);
	if (r[0] == v + 1)
		WRITE_ONCE(s->y, v + 1);
}

static __always_inline void lb_ctrlmb_1(struct litmus_slot *s, unsigned long v,
					unsigned long *r)
{
	r[0] = READ_ONCE(s->y);
	smp_mb();	/* pairs with lb_ctrlmb_0()'s control dependency */
	WRITE_ONCE(s->x, v + 1);
}

/* S: x=2; y=1 || r1=y; x=1 */
static __always_inline void s_plain_0(struct litmus_slot *s, unsigned long v,
				      unsigned long __maybe_unused *r)
{
	WRITE_ONCE(s->x, v + 2);
	WRITE_ONCE(s->y, v + 1);
}

static __always_inline void s_plain_1(struct litmus_slot *s, unsigned long v,
				      unsigned long *r)
{
	r[0] = READ_ONCE(s->y);
	WRITE_ONCE(s->x, v + 1);
}

static __always_inline void s_wmbacq_0(struct litmus_slot *s, unsigned long v,
				       unsigned long __maybe_unused *r)
{
	WRITE_ONCE(s->x, v + 2);
	smp_wmb();	/* pairs with s_wmbacq_1()'s acquire */
	WRITE_ONCE(s->y, v + 1);
}

static __always_inline void s_wmbacq_1(struct litmus_slot *s, unsigned long v,
				       unsigned long *r)
{
	/* pairs with s_wmbacq_0()'s smp_wmb() */
	r[0] = smp_load_acquire(&s->y);
	WRITE_ONCE(s->x, v + 1);
}

/* R: x=1; y=1 || y=2; r1=x */
static __always_inline void r_plain_0(struct litmus_slot *s, unsigned long v,
				      unsigned long __maybe_unused *r)
{
	WRITE_ONCE(s->x, v + 1);
	WRITE_ONCE(s->y, v + 1);
}

static __always_inline void r_plain_1(struct litmus_slot *s, unsigned long v,
				      unsigned long *r)
{
	WRITE_ONCE(s->y, v + 2);
	r[0] = READ_ONCE(s->x);
}

static __always_inline void r_mb_0(struct litmus_slot *s, unsigned long v,
				   unsigned long __maybe_unused *r)
{
	WRITE_ONCE(s->x, v + 1);
	smp_mb();	/* pairs with r_mb_1()'s */
	WRITE_ONCE(s->y, v + 1);
}

static __always_inline void r_mb_1(struct litmus_slot *s, unsigned long v,
				   unsigned long *r)
{
	WRITE_ONCE(s->y, v + 2);
	smp_mb();	/* pairs with r_mb_0()'s */
	r[0] = READ_ONCE(s->x);
}

LITMUS_LOOP(sb_plain_0)
LITMUS_LOOP(sb_plain_1)
LITMUS_LOOP(sb_wmb_0)
LITMUS_LOOP(sb_wmb_1)
LITMUS_LOOP(sb_relacq_0)
LITMUS_LOOP(sb_relacq_1)
LITMUS_LOOP(sb_mb_0)
LITMUS_LOOP(sb_mb_1)
LITMUS_LOOP(mp_plain_0)
LITMUS_LOOP(mp_plain_1)
LITMUS_LOOP(mp_wmbrmb_0)
LITMUS_LOOP(mp_wmbrmb_1)
LITMUS_LOOP(mp_relacq_0)
LITMUS_LOOP(mp_relacq_1)
LITMUS_LOOP(lb_plain_0)
LITMUS_LOOP(lb_plain_1)
LITMUS_LOOP(lb_relacq_0)
LITMUS_LOOP(lb_relacq_1)
LITMUS_LOOP(lb_ctrlmb_0)
LITMUS_LOOP(lb_ctrlmb_1)
LITMUS_LOOP(s_plain_0)
LITMUS_LOOP(s_plain_1)
LITMUS_LOOP(s_wmbacq_0)
LITMUS_LOOP(s_wmbacq_1)
LITMUS_LOOP(r_plain_0)
LITMUS_LOOP(r_plain_1)
LITMUS_LOOP(r_mb_0)
LITMUS_LOOP(r_mb_1)

/* ---- the tests ---------------------------------------------------------- */

static const struct litmus_case litmus_cases[] = LITMUS_CASES;

/* The loops of each case, in litmus_cases[]'s order. */
#define LITMUS_LOOPS(name)	{ name##_0_loop, name##_1_loop }
static const litmus_loop_fn litmus_loops[][2] = {
	LITMUS_LOOPS(sb_plain), LITMUS_LOOPS(sb_wmb), LITMUS_LOOPS(sb_relacq),
	LITMUS_LOOPS(sb_mb),
	LITMUS_LOOPS(mp_plain), LITMUS_LOOPS(mp_wmbrmb), LITMUS_LOOPS(mp_relacq),
	LITMUS_LOOPS(lb_plain), LITMUS_LOOPS(lb_relacq), LITMUS_LOOPS(lb_ctrlmb),
	LITMUS_LOOPS(s_plain), LITMUS_LOOPS(s_wmbacq),
	LITMUS_LOOPS(r_plain), LITMUS_LOOPS(r_mb),
};

static_assert(ARRAY_SIZE(litmus_cases) == LITMUS_NCASES);
static_assert(ARRAY_SIZE(litmus_loops) == LITMUS_NCASES);

/* The index of (@shape, @variant) in litmus_cases[], or -EINVAL. */
static int litmus_find(u32 shape, u32 variant)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(litmus_cases); i++)
		if (litmus_cases[i].shape == shape &&
		    litmus_cases[i].variant == variant)
			return i;
	return -EINVAL;
}

/**
 * litmus_check() - is there a test of @shape with @variant?
 * @shape:	SYNCLAB_LITMUS_SB..
 * @variant:	SYNCLAB_LITMUS_PLAIN..
 *
 * Return: 0, or -EINVAL.
 */
int litmus_check(u32 shape, u32 variant)
{
	int i = litmus_find(shape, variant);

	return i < 0 ? i : 0;
}

/**
 * litmus_create() - a test's shared state, every count and slot zero
 * @shape:	SYNCLAB_LITMUS_SB..
 * @variant:	one of its variants (litmus_check())
 * @batch:	iterations per meeting of the threads, 1..SYNCLAB_BENCH_MAX_BATCH
 *
 * Return: the test, or NULL for no memory, no such test or a batch out
 * of range.
 */
struct litmus *litmus_create(u32 shape, u32 variant, unsigned int batch)
{
	size_t slots = 2 * (size_t)batch, regs, size;
	int i = litmus_find(shape, variant);
	unsigned long base;
	struct litmus *l;
	void *mem;

	if (i < 0 || !batch || batch > SYNCLAB_BENCH_MAX_BATCH)
		return NULL;
	/*
	 * One block, each part on lines of its own: the test, the slots,
	 * each side's registers. The alignment is ours to make, on both
	 * sides.
	 */
	regs = ALIGN(slots * sizeof(*l->side[0].r), SMP_CACHE_BYTES);
	size = ALIGN(sizeof(*l), SMP_CACHE_BYTES) +
	       slots * sizeof(*l->slot) + 2 * regs;
	mem = kzalloc(size + SMP_CACHE_BYTES, GFP_KERNEL);
	if (!mem)
		return NULL;
	base = ALIGN((unsigned long)mem, SMP_CACHE_BYTES);
	l = (struct litmus *)base;
	base += ALIGN(sizeof(*l), SMP_CACHE_BYTES);
	l->slot = (struct litmus_slot *)base;
	base += slots * sizeof(*l->slot);
	l->side[0].r = (unsigned long (*)[2])base;
	l->side[1].r = (unsigned long (*)[2])(base + regs);
	l->mem = mem;
	l->shape = shape;
	l->variant = variant;
	l->batch = batch;
	l->loop[0] = litmus_loops[i][0];
	l->loop[1] = litmus_loops[i][1];
	return l;
}

/* Free a test from litmus_create(); NULL is fine. */
void litmus_destroy(struct litmus *l)
{
	if (l)
		kfree(l->mem);
}

/**
 * litmus_side() - run @n iterations as thread @side
 * @l:		the test
 * @side:	0 (P0) or 1 (P1); exactly one thread each
 * @n:		iterations
 * @phase:	the run's phase: the side stops waiting for the other when
 *		it reads BENCH_STOP
 *
 * P1 (@side 1) runs on to the end of the batch @n ends in: P0 may have
 * begun that batch's iterations, which need P1's halves, and the engine
 * stops asking once P0 is done.
 *
 * Return: the iterations this side ran: @n, more for P1 finishing its
 * batch, fewer when the run stopped.
 */
unsigned long litmus_side(struct litmus *l, unsigned int side,
			  unsigned long n, const int *phase)
{
	return l->loop[side](l, side, n, phase);
}

/**
 * litmus_finish() - the counts, once both threads are joined
 * @l:		the test
 * @stats:	out: SYNCLAB_LITMUS_NEITHER..BOTH, the iterations of each
 *		outcome; SYNCLAB_LITMUS_ITERATIONS, the iterations both sides
 *		ran (in a stopped run one side may have run the rest of a
 *		batch alone: those are not counted)
 *
 * Call it once per run.
 */
void litmus_finish(struct litmus *l, u64 stats[SYNCLAB_LITMUS_NSTATS])
{
	unsigned long m0 = l->side[0].done, m1 = l->side[1].done, j;
	u64 *count = l->side[0].count;
	unsigned int i;

	/*
	 * P0 counted 1..m0 - batch as it went; the rest of what it ran
	 * counts where P1 ran it too.
	 */
	for (j = m0 > l->batch ? m0 - l->batch + 1 : 1; j <= min(m0, m1); j++)
		count[litmus_outcome(l, j)]++;
	stats[SYNCLAB_LITMUS_ITERATIONS] = 0;
	for (i = 0; i < 4; i++) {
		stats[i] = count[i];
		stats[SYNCLAB_LITMUS_ITERATIONS] += count[i];
	}
}

/* ---- in the benchmark engine -------------------------------------------- */

/*
 * SYNCLAB_BENCH_LITMUS: P0 is the one role-0 thread, P1 the one role-1
 * thread; param[0] the shape, param[1] the variant. A counted run
 * (ops_per_thread N) is N iterations: P0 does exactly N, and P1, which
 * the engine runs until P0 is done, then waits at the barrier for an
 * iteration that never comes, until the engine says stop. batch is the
 * iterations per meeting of the two. stats[] are litmus_finish()'s.
 */
static int bench_litmus_check(const struct synclab_workload *w)
{
	if (w->threads[0] != 1 || w->threads[1] != 1 || w->mix ||
	    w->param[2] || w->param[3])
		return -EINVAL;
	return litmus_check(w->param[0], w->param[1]);
}

static int bench_litmus_setup(struct bench_run *run)
{
	run->state = litmus_create(run->w.param[0], run->w.param[1],
				   run->w.batch);
	return run->state ? 0 : -ENOMEM;
}

static void bench_litmus_teardown(struct bench_run *run)
{
	litmus_destroy(run->state);
	run->state = NULL;
}

static unsigned int bench_litmus_op(struct bench_thread *t, unsigned int n)
{
	return litmus_side(t->run->state, t->role, n, &t->run->phase);
}

static void bench_litmus_collect(struct bench_run *run,
				 struct synclab_result *res)
{
	litmus_finish(run->state, res->stats);
}

static const char * const bench_litmus_stats[] = SYNCLAB_LITMUS_STAT_NAMES;

const struct bench_ops bench_litmus_ops = {
	.name		= "litmus",
	.structure	= SYNCLAB_BENCH_LITMUS,
	.nmodes		= SYNCLAB_LITMUS_NMODES,
	.check		= bench_litmus_check,
	.setup		= bench_litmus_setup,
	.teardown	= bench_litmus_teardown,
	.op		= bench_litmus_op,
	.collect	= bench_litmus_collect,
	.stat_names	= bench_litmus_stats,
	.nstats		= ARRAY_SIZE(bench_litmus_stats),
};
