// SPDX-License-Identifier: GPL-2.0
/*
 * counter_user: one race on a counter, with pthreads (counter_user.h).
 * The adders wait at a start flag so that they really overlap; the
 * reader reads until the last adder is done.
 */
#include <pthread.h>
#include <string.h>

#include "counter_user.h"

struct counter_user_ctx {
	struct counter *c;
	u64 increments;
	int go;			/* atomic: the start flag */
	int adders_left;	/* atomic */
	struct counter_user_race *out;
};

/* Chunks of at most this many: a racy loop stays the same loop. */
#define COUNTER_USER_CHUNK	4096u

static void *counter_user_adder(void *arg)
{
	struct counter_user_ctx *x = arg;
	u64 left = x->increments;

	while (!__atomic_load_n(&x->go, __ATOMIC_ACQUIRE))
		cpu_relax();
	while (left) {
		unsigned int n = left < COUNTER_USER_CHUNK ? left : COUNTER_USER_CHUNK;

		counter_add(x->c, n);
		left -= n;
	}
	__atomic_sub_fetch(&x->adders_left, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* One reading: the fast total, then the exact one. */
static void counter_user_read(struct counter_user_ctx *x, u64 *last)
{
	struct counter_user_race *o = x->out;
	u64 fast = counter_read_fast(x->c);
	u64 v = counter_read(x->c);

	o->reads++;
	if (v < *last)
		o->backwards++;
	*last = v;
	if (v > o->read_max)
		o->read_max = v;
	if (fast > v)
		o->fast_over++;
	else if (v - fast > o->fast_err_max)
		o->fast_err_max = v - fast;
}

static void *counter_user_reader(void *arg)
{
	struct counter_user_ctx *x = arg;
	u64 last = 0;

	while (!__atomic_load_n(&x->go, __ATOMIC_ACQUIRE))
		cpu_relax();
	while (__atomic_load_n(&x->adders_left, __ATOMIC_ACQUIRE))
		counter_user_read(x, &last);
	counter_user_read(x, &last);
	return NULL;
}

/**
 * counter_user_race() - @threads adders add one @increments times each
 * @c:		a new counter
 * @threads:	1..COUNTER_USER_MAX_THREADS
 * @increments:	per adder
 * @reader:	one more thread reads the total while they run
 * @out:	what the race did and saw (zeroed first)
 *
 * Return: 0; -EINVAL for a bad thread count; -errno of pthread_create()
 * (the threads already started are let go and joined first).
 */
int counter_user_race(struct counter *c, unsigned int threads,
		      u64 increments, bool reader,
		      struct counter_user_race *out)
{
	struct counter_user_ctx x = {
		.c = c, .increments = increments, .adders_left = threads,
		.out = out,
	};
	pthread_t tid[COUNTER_USER_MAX_THREADS + 1];
	unsigned int i, started = 0, all = threads + reader;
	int ret = 0;

	if (!threads || threads > COUNTER_USER_MAX_THREADS)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	for (i = 0; i < all && !ret; i++) {
		ret = -pthread_create(&tid[i], NULL, i < threads ?
				      counter_user_adder : counter_user_reader,
				      &x);
		started += !ret;
	}
	if (ret)	/* the missing adders count as done */
		__atomic_sub_fetch(&x.adders_left, threads - min(started, threads),
				   __ATOMIC_RELEASE);
	__atomic_store_n(&x.go, 1, __ATOMIC_RELEASE);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	out->expected = (u64)threads * increments;
	out->total = counter_read(c);
	out->fast = counter_read_fast(c);
	return ret;
}
