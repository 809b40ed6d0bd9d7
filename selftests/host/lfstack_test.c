// SPDX-License-Identifier: GPL-2.0
/*
 * lfstack_test: kmod/lfstack.c built in userspace (user/shim over pthreads
 * and liburcu), under ASan+UBSan.
 *
 * Every mode but naive must conserve its nodes exactly under pushers,
 * poppers and threads that do both: each value a push stamped is popped
 * exactly once (a table of every stamp, the naive reference), nothing is
 * left behind, and the pop never saw a recycled head (ABA) nor a freed
 * one (poison). naive must stay inside its pool whatever ABA does to it:
 * its counts are printed, never asserted (that ABA happens is measured,
 * not tested). Hazard pointers must not free a protected node, and no
 * thread may hold more retired nodes than the documented bound.
 */
#include <pthread.h>
#include <sched.h>

#include "kselftest_harness.h"
#include "lfstack.h"

#define PER_THREAD	20000
#define PUSHERS		2
#define POPPERS		2
#define MIXERS		2
#define NTHREADS	(PUSHERS + POPPERS + MIXERS)
#define WINDOW_NS	200

static const char *const mode_names[] = {
	"locked", "naive", "tagged", "hazptr", "rcu"
};

struct run {
	struct lfstack *s;
	struct lfstack_ctx ctx[NTHREADS];
	u8 *seen[NTHREADS];		/* seen[slot][seq]: times popped */
	int pushers_left;		/* atomic */
	u64 bad_values;			/* atomic: stamps no push made */
	u64 twice;			/* atomic: stamps popped twice */
};

struct worker {
	struct run *r;
	unsigned int id;
	int kind;			/* 0 push, 1 pop, 2 both */
};

/* Marks a popped stamp; a stamp seen twice is a duplicate. */
static void mark(struct run *r, u64 v)
{
	u64 slot = (v >> 40) - 1, seq = v & ((1ULL << 40) - 1);

	if (slot >= NTHREADS || !seq || seq > 2 * PER_THREAD) {
		__atomic_add_fetch(&r->bad_values, 1, __ATOMIC_RELAXED);
		return;
	}
	if (__atomic_fetch_add(&r->seen[slot][seq], 1, __ATOMIC_RELAXED))
		__atomic_add_fetch(&r->twice, 1, __ATOMIC_RELAXED);
}

static void push_one(struct lfstack_ctx *c)
{
	u64 v;

	while (lfstack_push(c, &v) == -ENOSPC)
		sched_yield();
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct run *r = w->r;
	struct lfstack_ctx *c = &r->ctx[w->id];
	unsigned int i;
	u64 v;

	rcu_register_thread();
	for (i = 0; i < PER_THREAD; i++) {
		if (w->kind != 1)
			push_one(c);
		if (w->kind == 0)
			continue;
		if (!lfstack_pop(c, &v))
			mark(r, v);
		else if (w->kind == 1 &&
			 !__atomic_load_n(&r->pushers_left, __ATOMIC_ACQUIRE))
			break;
		else if (w->kind == 1)
			i--;	/* a popper pops PER_THREAD, or all there is */
	}
	if (w->kind == 0)
		__atomic_sub_fetch(&r->pushers_left, 1, __ATOMIC_RELEASE);
	rcu_unregister_thread();
	return NULL;
}

/* Runs PUSHERS pushers, POPPERS poppers and MIXERS push-then-pop threads. */
static struct run *run_mode(struct __test_metadata *_metadata, u32 mode,
			    u32 window_ns)
{
	struct worker w[NTHREADS];
	pthread_t tid[NTHREADS];
	struct run *r;
	unsigned int i;

	r = calloc(1, sizeof(*r));
	ASSERT_NE(NULL, r);
	r->s = lfstack_create(mode, 4 * NTHREADS * PER_THREAD, window_ns,
			      NTHREADS);
	ASSERT_NE(NULL, r->s);
	r->pushers_left = PUSHERS;
	for (i = 0; i < NTHREADS; i++) {
		ASSERT_EQ(0, lfstack_ctx_init(r->s, &r->ctx[i]));
		r->seen[i] = calloc(2 * PER_THREAD + 1, 1);
		ASSERT_NE(NULL, r->seen[i]);
		w[i].r = r;
		w[i].id = i;
		w[i].kind = i < PUSHERS ? 0 : i < PUSHERS + POPPERS ? 1 : 2;
	}
	for (i = 0; i < NTHREADS; i++)
		ASSERT_EQ(0, pthread_create(&tid[i], NULL, worker_main, &w[i]));
	for (i = 0; i < NTHREADS; i++)
		pthread_join(tid[i], NULL);
	return r;
}

static void run_free(struct run *r)
{
	unsigned int i;

	for (i = 0; i < NTHREADS; i++) {
		lfstack_ctx_exit(&r->ctx[i]);
		free(r->seen[i]);
	}
	lfstack_destroy(r->s);
	free(r);
}

static u64 ctx_sum(struct run *r, size_t off)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i < NTHREADS; i++)
		sum += *(u64 *)((char *)&r->ctx[i] + off);
	return sum;
}

#define SUM(r, field)	ctx_sum(r, offsetof(struct lfstack_ctx, field))

FIXTURE(modes) {
	struct run *r;
};

FIXTURE_VARIANT(modes) {
	u32 mode;
	u32 window_ns;
};

FIXTURE_VARIANT_ADD(modes, locked) { .mode = LFSTACK_LOCKED };
FIXTURE_VARIANT_ADD(modes, tagged) { .mode = LFSTACK_TAGGED };
FIXTURE_VARIANT_ADD(modes, hazptr) { .mode = LFSTACK_HAZPTR };
FIXTURE_VARIANT_ADD(modes, rcu) { .mode = LFSTACK_RCU };
FIXTURE_VARIANT_ADD(modes, tagged_window) {
	.mode = LFSTACK_TAGGED, .window_ns = WINDOW_NS
};
FIXTURE_VARIANT_ADD(modes, hazptr_window) {
	.mode = LFSTACK_HAZPTR, .window_ns = WINDOW_NS
};
FIXTURE_VARIANT_ADD(modes, rcu_window) {
	.mode = LFSTACK_RCU, .window_ns = WINDOW_NS
};

FIXTURE_SETUP(modes)
{
	if (variant->mode == LFSTACK_TAGGED &&
	    !__builtin_cpu_supports("cmpxchg16b"))
		SKIP(return, "no cmpxchg16b on this CPU");
	self->r = NULL;
}

FIXTURE_TEARDOWN(modes)
{
	if (self->r)
		run_free(self->r);
}

/* Each stamp pushed is popped exactly once; nothing lost, no ABA. */
TEST_F_TIMEOUT(modes, conserves, 300)
{
	struct lfstack_audit a;
	unsigned int i, j, unseen = 0;
	struct run *r;
	u64 v;

	r = self->r = run_mode(_metadata, variant->mode, variant->window_ns);
	/* what is left on the stack, popped by the first context */
	while (!lfstack_pop(&r->ctx[0], &v))
		mark(r, v);
	lfstack_audit(r->s, &a);
	EXPECT_EQ(0, a.reachable);
	EXPECT_EQ(0, a.lost);
	EXPECT_EQ(0, a.dup);
	EXPECT_EQ(0, a.cycle);
	EXPECT_EQ(0, a.outside);
	EXPECT_EQ(0, r->bad_values);
	EXPECT_EQ(0, r->twice);
	for (i = 0; i < NTHREADS; i++)
		for (j = 1; j <= r->ctx[i].seq; j++)
			unseen += !r->seen[i][j];
	EXPECT_EQ(0, unseen);
	EXPECT_EQ(SUM(r, pushes), SUM(r, pops));
	EXPECT_EQ((u64)(PUSHERS + MIXERS) * PER_THREAD, SUM(r, pushes));
	EXPECT_EQ(0, SUM(r, aba));
	EXPECT_EQ(0, SUM(r, dup));
	EXPECT_EQ(0, SUM(r, poisoned));
	TH_LOG("%s window %u: %llu pushes, %llu pops, %llu empty, peak held %llu",
	       mode_names[variant->mode], variant->window_ns,
	       (unsigned long long)SUM(r, pushes),
	       (unsigned long long)SUM(r, pops),
	       (unsigned long long)SUM(r, empty),
	       (unsigned long long)SUM(r, held_peak));
}

/* Hazard pointers: no thread holds more than R retired nodes. */
TEST(hazptr_retired_bound)
{
	u32 bound = 2 * NTHREADS + LFSTACK_HP_SLACK;
	struct run *r;
	unsigned int i;
	u64 peak = 0;

	r = run_mode(_metadata, LFSTACK_HAZPTR, WINDOW_NS);
	ASSERT_EQ(bound, r->s->hp_threshold);
	for (i = 0; i < NTHREADS; i++) {
		EXPECT_GE(bound, r->ctx[i].retired_max);
		peak = max(peak, r->ctx[i].held_peak);
	}
	EXPECT_GE((u64)NTHREADS * bound, peak);
	EXPECT_LT(0, SUM(r, scans));
	TH_LOG("R = %u, peak held %llu (bound %u), %llu scans", bound,
	       (unsigned long long)peak, NTHREADS * bound,
	       (unsigned long long)SUM(r, scans));
	run_free(r);
}

/*
 * naive: ABA strikes (counted, not asserted), yet every pointer stays in
 * the pool, the audit ends, and ASan sees nothing.
 */
TEST(naive_stays_in_pool)
{
	struct lfstack_audit a;
	struct run *r;

	r = run_mode(_metadata, LFSTACK_NAIVE, WINDOW_NS);
	lfstack_audit(r->s, &a);
	EXPECT_EQ(0, a.outside);
	EXPECT_EQ(0, r->bad_values);
	TH_LOG("naive window %u: %llu pops, %llu ABA events, %llu duplicated, "
	       "%llu lost, %llu stamps popped twice, cycle %llu",
	       WINDOW_NS, (unsigned long long)SUM(r, pops),
	       (unsigned long long)SUM(r, aba), (unsigned long long)SUM(r, dup),
	       (unsigned long long)a.lost, (unsigned long long)r->twice,
	       (unsigned long long)a.cycle);
	run_free(r);
}

/* A node in a hazard slot survives every scan; once let go, it is freed. */
TEST(hazard_protects)
{
	struct lfstack_ctx a = { 0 }, b = { 0 };
	struct lfstack_node *n;
	struct lfstack *s;
	u64 v, w;

	s = lfstack_create(LFSTACK_HAZPTR, 1, 0, 2);
	ASSERT_NE(NULL, s);
	ASSERT_EQ(0, lfstack_ctx_init(s, &a));
	ASSERT_EQ(0, lfstack_ctx_init(s, &b));
	ASSERT_EQ(0, lfstack_push(&a, &v));
	n = s->head;
	/* b is about to use n: its slot holds it */
	WRITE_ONCE(s->hazards[b.slot].node, n);
	ASSERT_EQ(0, lfstack_pop(&a, &w));
	ASSERT_EQ(v, w);
	ASSERT_EQ(1, a.nretired);
	lfstack_hp_scan(&a);
	EXPECT_EQ(1, a.nretired);
	EXPECT_EQ(0, a.freed);
	EXPECT_EQ(1, lfstack_held(s));
	/* still allocated, not poisoned: ASan would object otherwise */
	EXPECT_EQ(0, READ_ONCE(n->poison));
	EXPECT_EQ(v, READ_ONCE(n->value));
	WRITE_ONCE(s->hazards[b.slot].node, NULL);
	lfstack_hp_scan(&a);
	EXPECT_EQ(0, a.nretired);
	EXPECT_EQ(1, a.freed);
	EXPECT_EQ(0, lfstack_held(s));
	lfstack_ctx_exit(&a);
	lfstack_ctx_exit(&b);
	lfstack_destroy(s);
}

/* rcu: destroy with callbacks still queued waits for them (rcu_barrier). */
TEST(rcu_destroy_pending)
{
	struct lfstack_ctx c = { 0 };
	struct lfstack *s;
	unsigned int i;
	u64 v;

	rcu_register_thread();
	s = lfstack_create(LFSTACK_RCU, 1, 0, 1);
	ASSERT_NE(NULL, s);
	ASSERT_EQ(0, lfstack_ctx_init(s, &c));
	for (i = 0; i < 1000; i++) {
		ASSERT_EQ(0, lfstack_push(&c, &v));
		ASSERT_EQ(0, lfstack_pop(&c, &v));
	}
	for (i = 0; i < 10; i++)
		ASSERT_EQ(0, lfstack_push(&c, &v));
	lfstack_ctx_exit(&c);
	lfstack_destroy(s);	/* ASan: no leak, no late callback */
	rcu_unregister_thread();
}

/*
 * The audit reads only its own marks, whatever the allocator left in a
 * node: ASan fills new blocks with 0xbe, so an audit whose mark is
 * 0xbebebebe sees every freshly allocated node (were it not cleared) as
 * already met, a cycle. (Found as a false cycle in rcu, in a process that
 * ran several stacks: malloc handed back nodes an earlier audit marked.)
 */
TEST(audit_ignores_fresh_memory)
{
	struct lfstack_ctx c = { 0 };
	struct lfstack_audit a;
	struct lfstack *s;
	unsigned int i;
	u64 v;

	s = lfstack_create(LFSTACK_HAZPTR, 1, 0, 1);
	ASSERT_NE(NULL, s);
	ASSERT_EQ(0, lfstack_ctx_init(s, &c));
	for (i = 0; i < 100; i++)
		ASSERT_EQ(0, lfstack_push(&c, &v));
	s->audit_epoch = 0xbebebebe - 1;
	lfstack_audit(s, &a);
	EXPECT_EQ(100, a.reachable);
	EXPECT_EQ(0, a.cycle);
	lfstack_ctx_exit(&c);
	lfstack_destroy(s);
}

/* Bad arguments: no stack, and nothing leaked. */
TEST(bad_arguments)
{
	struct lfstack_ctx c[2] = { { 0 } };
	struct lfstack *s;

	EXPECT_EQ(NULL, lfstack_create(LFSTACK_NMODES, 16, 0, 1));
	EXPECT_EQ(NULL, lfstack_create(LFSTACK_NAIVE, 0, 0, 1));
	EXPECT_EQ(NULL, lfstack_create(LFSTACK_NAIVE, LFSTACK_MAX_NODES + 1,
				       0, 1));
	EXPECT_EQ(NULL, lfstack_create(LFSTACK_NAIVE, 16,
				       LFSTACK_MAX_WINDOW_NS + 1, 1));
	EXPECT_EQ(NULL, lfstack_create(LFSTACK_NAIVE, 16, 0, 0));
	EXPECT_EQ(NULL, lfstack_create(LFSTACK_NAIVE, 16, 0,
				       LFSTACK_MAX_THREADS + 1));
	s = lfstack_create(LFSTACK_LOCKED, 1, 0, 1);
	ASSERT_NE(NULL, s);
	EXPECT_EQ(0, lfstack_ctx_init(s, &c[0]));
	EXPECT_EQ(-ENOSPC, lfstack_ctx_init(s, &c[1]));
	lfstack_ctx_exit(&c[0]);
	lfstack_destroy(s);
}

/* A pool of one node: the second push finds it empty; nothing is lost. */
TEST(pool_exhausted)
{
	struct lfstack_ctx c = { 0 };
	struct lfstack_audit a;
	struct lfstack *s;
	u64 v, w;

	s = lfstack_create(LFSTACK_TAGGED, 1, 0, 1);
	if (!s)
		SKIP(return, "no cmpxchg16b on this CPU");
	ASSERT_EQ(0, lfstack_ctx_init(s, &c));
	ASSERT_EQ(0, lfstack_push(&c, &v));
	EXPECT_EQ(-ENOSPC, lfstack_push(&c, &w));
	lfstack_audit(s, &a);
	EXPECT_EQ(1, a.reachable);
	EXPECT_EQ(0, a.lost);
	ASSERT_EQ(0, lfstack_pop(&c, &w));
	EXPECT_EQ(v, w);
	EXPECT_EQ(-ENOENT, lfstack_pop(&c, &w));
	lfstack_ctx_exit(&c);
	lfstack_destroy(s);
}

TEST_HARNESS_MAIN
