// SPDX-License-Identifier: GPL-2.0
/*
 * ringlines driver: one thread plays a producer and a consumer (or two of
 * each) taking turns on a ring, so that valgrind's lackey can record every
 * load and store and count.c can follow each cache line from one "CPU" to
 * the other. Before each side's turn the driver stores to that side's
 * marker variable; count.c reads those stores as "the CPU changes here".
 *
 * Built against kmod/ring.c and ring.h (any revision: only ring_create(),
 * ring_push(), ring_pop() and r->slots are used), or with RINGLINES_PTR
 * against the kernel's own include/linux/ptr_ring.h, both over user/shim.
 *
 * Usage: driver empty|full|2x2 RECORDS
 *   empty  1x1, the consumer keeps up: push, pop, a pop that finds nothing
 *   full   1x1, the producer keeps up: pop, push, a push that finds no room
 *   2x2    two producers and two consumers, each pair as in empty, in turn
 */
#include <linux/slab.h>
#include <linux/spinlock.h>

#ifdef RINGLINES_PTR
/* What ptr_ring.h uses beyond the shim; the driver calls none of it. */
#define KMALLOC_MAX_SIZE	(1UL << 22)
#define spin_lock_irq(l)	spin_lock(l)
#define spin_unlock_irq(l)	spin_unlock(l)
#define spin_lock_bh(l)		spin_lock(l)
#define spin_unlock_bh(l)	spin_unlock(l)
#define spin_lock_irqsave(l, f)		do { (f) = 0; spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, f)	do { (void)(f); spin_unlock(l); } while (0)
#include RINGLINES_PTR_RING_H	/* the kernel's, by path (ringlines.sh) */
#else
#include "ring.h"
#endif

#define CAP	1024

#ifdef RINGLINES_PTR
typedef struct ptr_ring ring_t;
#else
typedef struct ring ring_t;
#endif

/* The markers: a store to one says who runs next, or starts/stops counting. */
static volatile int cpu_mark[4], go_mark, stop_mark;

static void as(int cpu)
{
	cpu_mark[cpu] = 1;
}

#ifdef RINGLINES_PTR
static ring_t *ring_new(void **slots, size_t *bytes)
{
	struct ptr_ring *r = kmalloc(sizeof(*r), GFP_KERNEL | __GFP_ZERO);

	if (!r || ptr_ring_init(r, CAP, GFP_KERNEL))
		exit(1);
	*slots = r->queue;
	*bytes = CAP * sizeof(void *);
	return r;
}

static int push(ring_t *r, unsigned long v)
{
	return ptr_ring_produce(r, (void *)(v + 1));
}

static int pop(ring_t *r)
{
	void *p;

	return ptr_ring_consume_batched(r, &p, 1) ? 0 : -1;
}
#else
static ring_t *ring_new(void **slots, size_t *bytes)
{
	struct ring *r;

	if (ring_create(&r, CAP, SYNCLAB_RING_SPINLOCK))
		exit(1);
	*slots = r->slots;
	*bytes = ring_nslots(CAP) * sizeof(*r->slots);
	return r;
}

static int push(ring_t *r, unsigned long v)
{
	return ring_push(r, v + 1);
}

static int pop(ring_t *r)
{
	u64 v;

	return ring_pop(r, &v);
}
#endif

int main(int argc, char **argv)
{
	const char *plan = argc > 1 ? argv[1] : "empty";
	long i, n = argc > 2 ? atol(argv[2]) : 4000;
	size_t bytes;
	void *slots;
	ring_t *r = ring_new(&slots, &bytes);

	printf("ring %p %zu\nslots %p %zu\n", (void *)r, sizeof(*r), slots,
	       bytes);
	for (i = 0; i < 4; i++)
		printf("cpu%ld %p\n", i, (void *)&cpu_mark[i]);
	printf("go %p\nstop %p\nrecords %#lx\n", (void *)&go_mark,
	       (void *)&stop_mark, n);
	fflush(stdout);
	/*
	 * Two laps first, so that every line has been everywhere once (the
	 * ring has twice CAP slots, ptr_ring CAP: four laps of ptr_ring's).
	 */
	for (i = 0; i < 4 * CAP; i++) {
		as(0);
		push(r, i);
		as(1);
		pop(r);
	}
	if (!strcmp(plan, "full"))
		for (i = 0; i < CAP; i++) {
			as(0);
			push(r, i);
		}
	go_mark = 1;
	for (i = 0; i < n; i++) {
		int p = 0, c = 1;

		if (!strcmp(plan, "2x2") && (i & 1)) {
			p = 2;
			c = 3;
		}
		if (!strcmp(plan, "full")) {
			as(c);
			pop(r);
			as(p);
			push(r, i);
			push(r, i);
		} else {
			as(p);
			push(r, i);
			as(c);
			pop(r);
			pop(r);
		}
	}
	stop_mark = 1;
	return 0;
}
