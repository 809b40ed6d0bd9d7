// SPDX-License-Identifier: GPL-2.0
/*
 * order_user: the userspace front end of the order bank -- kmod/order.c,
 * compiled over user/shim, driven by pthreads.
 *
 * Threads: the workers (transfers; worker i draws from the PRNG stream
 * (seed, i), as kthread i of the kernel engine would); optionally an
 * auditor and a strategy switcher running beside them; with a watchdog, a
 * monitor. Each worker counts on its own cache line; only
 * order_user_run() sums, after the joins.
 *
 * The watchdog. The shim's mutexes know their owner and, once
 * shim_lock_watch is set, wait in timed slices (pthread_mutex_timedlock)
 * and tell the hooks below after each slice how long they have waited.
 * The monitor builds the wait-for graph -- worker i waits for a lock that
 * worker j holds -- and a cycle of waits all older than the limit is a
 * deadlock: it reports who holds what and waits for what, then answers
 * the cycle's next "keep waiting?" with no. Their killable waits fail with
 * -EINTR, as a fatal signal makes them fail in the kernel; the transfers
 * unwind, having changed nothing, and the run ends with -EDEADLK.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "order_user.h"

struct worker {
	struct order_user_state *st;
	unsigned int id;
	pthread_t tid;
	int started;			/* atomic: tid is valid */
	struct order_ctx ctx;
	unsigned long long done, refused, aborted, errors;
	unsigned long long retries, backoffs;
	/* The watchdog's view of this worker; atomics. */
	struct mutex *waiting_on;
	long long waited_ns;
	int abort;
} ____cacheline_aligned;

struct order_user_state {
	struct order_user_run *run;
	struct worker *workers;
	int go;				/* atomic: 0 wait, 1 run, -1 quit */
	int stop;			/* atomic: the helpers stop */
	unsigned long long audits, bad_audits;
	/* the watchdog */
	struct shim_lock_watch hook;
	long long limit_ns;
	unsigned int deadlocks;		/* atomic */
	int finished;			/* atomic: the monitor stops */
	FILE *report;
};

/*
 * The watched run, if any: the shim's hook is one per process, so is the
 * watchdog. The hooks find their worker through order_self.
 */
static struct order_user_state *order_watched;
static __thread struct worker *order_self;

static void sleep_ns(long long ns)
{
	struct timespec ts = { ns / 1000000000LL, ns % 1000000000LL };

	nanosleep(&ts, NULL);
}

static bool watch_waiting(struct mutex *m, long long waited_ns)
{
	struct worker *w = order_self;

	if (!w)
		return true;
	__atomic_store_n(&w->waited_ns, waited_ns, __ATOMIC_RELAXED);
	__atomic_store_n(&w->waiting_on, m, __ATOMIC_RELEASE);
	return !__atomic_load_n(&w->abort, __ATOMIC_ACQUIRE);
}

static void watch_done(struct mutex *m)
{
	struct worker *w = order_self;

	(void)m;
	if (!w)
		return;
	__atomic_store_n(&w->waiting_on, NULL, __ATOMIC_RELEASE);
	__atomic_store_n(&w->waited_ns, 0, __ATOMIC_RELAXED);
}

/* The worker that owns @m, or -1. */
static int watch_owner(struct order_user_state *st, struct mutex *m)
{
	unsigned int i;
	pthread_t owner;

	if (!shim_mutex_owner(m, &owner))
		return -1;
	for (i = 0; i < st->run->threads; i++)
		if (__atomic_load_n(&st->workers[i].started, __ATOMIC_ACQUIRE) &&
		    pthread_equal(st->workers[i].tid, owner))
			return (int)i;
	return -1;
}

static void lock_name(struct order_bank *bank, struct mutex *m, char *buf,
		      size_t size)
{
	struct order_account *a = container_of(m, struct order_account, lock);

	if (m == &bank->coarse)
		snprintf(buf, size, "the coarse lock");
	else if (a >= bank->accounts && a < bank->accounts + bank->naccounts)
		snprintf(buf, size, "account %u",
			 (unsigned int)(a - bank->accounts));
	else
		snprintf(buf, size, "a lock");
}

/* The locks worker @w holds, as "account 3, account 7". */
static void held_names(struct order_user_state *st, int w, char *buf,
		       size_t size)
{
	struct order_bank *bank = st->run->bank;
	size_t len = 0;
	u32 i;

	buf[0] = '\0';
	for (i = 0; i <= bank->naccounts && len < size; i++) {
		struct mutex *m = i < bank->naccounts ?
				  &bank->accounts[i].lock : &bank->coarse;
		char name[48];

		if (watch_owner(st, m) != w)
			continue;
		lock_name(bank, m, name, sizeof(name));
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					len ? ", " : "", name);
	}
	if (!buf[0])
		snprintf(buf, size, "nothing");
}

static void watch_report(struct order_user_state *st, const int *next,
			 int first, long long waited_ns)
{
	struct order_bank *bank = st->run->bank;
	int len = 0, w = first;
	char held[256], want[48];

	do {
		len++;
		w = next[w];
	} while (w != first);
	fprintf(st->report,
		"order watchdog: deadlock: %d threads wait for each other in a cycle (circular wait), for %.2f s\n",
		len, (double)waited_ns / 1e9);
	do {
		struct mutex *m = __atomic_load_n(&st->workers[w].waiting_on,
						  __ATOMIC_ACQUIRE);

		held_names(st, w, held, sizeof(held));
		lock_name(bank, m, want, sizeof(want));
		fprintf(st->report,
			"  thread %d holds %s and waits for %s, held by thread %d\n",
			w, held, want, next[w]);
		w = next[w];
	} while (w != first);
	fprintf(st->report,
		"order watchdog: aborting those waits (-EINTR, as a fatal signal would); their transfers change nothing\n");
	fflush(st->report);
}

/* One look at the wait-for graph; breaks every cycle found. */
static void watch_scan(struct order_user_state *st)
{
	unsigned int n = st->run->threads;
	int next[ORDER_USER_MAX_THREADS];
	unsigned int i, steps;
	long long oldest = 0;

	for (i = 0; i < n; i++) {
		struct worker *w = &st->workers[i];
		struct mutex *m = __atomic_load_n(&w->waiting_on,
						  __ATOMIC_ACQUIRE);
		long long waited = __atomic_load_n(&w->waited_ns,
						   __ATOMIC_RELAXED);

		next[i] = -1;
		if (!m || waited < st->limit_ns ||
		    __atomic_load_n(&w->abort, __ATOMIC_RELAXED))
			continue;
		next[i] = watch_owner(st, m);
		if (waited > oldest)
			oldest = waited;
	}
	for (i = 0; i < n; i++) {
		int j = (int)i;

		if (next[i] < 0)
			continue;
		for (steps = 0; steps < n && next[j] >= 0 && next[j] != (int)i;
		     steps++)
			j = next[j];
		if (next[j] != (int)i)
			continue;
		watch_report(st, next, (int)i, oldest);
		__atomic_add_fetch(&st->deadlocks, 1, __ATOMIC_RELAXED);
		/*
		 * The run ends: the aborted waits fail with -EINTR, and a
		 * worker that gets its lock first, as the other lets go,
		 * finishes that one transfer and stops.
		 */
		__atomic_store_n(&st->go, -1, __ATOMIC_RELEASE);
		j = (int)i;
		do {
			int k = next[j];

			__atomic_store_n(&st->workers[j].abort, 1,
					 __ATOMIC_RELEASE);
			next[j] = -1;
			j = k;
		} while (j != (int)i);
	}
}

static void *watch_monitor(void *arg)
{
	struct order_user_state *st = arg;

	while (!__atomic_load_n(&st->finished, __ATOMIC_ACQUIRE)) {
		sleep_ns(st->hook.slice_ns);
		watch_scan(st);
	}
	return NULL;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct order_user_state *st = w->st;
	struct order_user_run *run = st->run;
	struct order_bank *bank = run->bank;
	u32 n = bank->naccounts;
	unsigned long long k;
	int go;

	order_self = w;
	synclab_prng_seed(&w->ctx.prng, run->seed, w->id);
	while (!(go = __atomic_load_n(&st->go, __ATOMIC_ACQUIRE)))
		sched_yield();
	if (go < 0)
		goto out;
	for (k = 0; k < run->transfers; k++) {
		u32 from, to, amount = 1;
		int ret;

		/* A deadlock found anywhere ends the run for everybody. */
		if (__atomic_load_n(&st->go, __ATOMIC_RELAXED) < 0)
			break;
		if (run->pattern == ORDER_USER_PINGPONG) {
			from = w->id & 1;
			to = !from;
		} else {
			from = synclab_prng_below(&w->ctx.prng, n);
			to = synclab_prng_below(&w->ctx.prng, n - 1);
			to += to >= from;
			amount = synclab_prng_below(&w->ctx.prng,
						    run->max_amount + 1);
		}
		ret = order_transfer(bank, from, to, amount, &w->ctx);
		w->retries += w->ctx.retries;
		w->backoffs += w->ctx.backoffs;
		if (!ret) {
			w->done++;
		} else if (ret == -ERANGE) {
			w->refused++;
		} else if (ret == -EINTR) {
			w->aborted++;
			break;
		} else {
			w->errors++;
			break;
		}
	}
out:
	order_self = NULL;
	return NULL;
}

static void *auditor_main(void *arg)
{
	struct order_user_state *st = arg;
	struct synclab_order_audit a;

	while (!__atomic_load_n(&st->stop, __ATOMIC_ACQUIRE)) {
		memset(&a, 0, sizeof(a));
		order_audit(st->run->bank, &a);
		st->audits++;
		st->bad_audits += !a.ok;
		sleep_ns(1000000);
	}
	return NULL;
}

static void *switcher_main(void *arg)
{
	static const u32 safe[] = {
		SYNCLAB_ORDER_ORDERED, SYNCLAB_ORDER_TRYLOCK,
		SYNCLAB_ORDER_COARSE,
	};
	struct order_user_state *st = arg;
	unsigned int i = 0;

	while (!__atomic_load_n(&st->stop, __ATOMIC_ACQUIRE)) {
		order_set_strategy(st->run->bank, safe[i++ % ARRAY_SIZE(safe)]);
		sleep_ns(1000000);
	}
	return NULL;
}

static int start_worker(struct worker *w)
{
	int ret = pthread_create(&w->tid, NULL, worker_main, w);

	if (!ret)
		__atomic_store_n(&w->started, 1, __ATOMIC_RELEASE);
	return -ret;
}

static void run_workers(struct order_user_state *st, int *err)
{
	struct order_user_run *run = st->run;
	unsigned int i, up = 0;

	if (run->sequential) {
		__atomic_store_n(&st->go, 1, __ATOMIC_RELEASE);
		for (i = 0; i < run->threads && !*err; i++) {
			*err = start_worker(&st->workers[i]);
			if (!*err)
				pthread_join(st->workers[i].tid, NULL);
		}
		return;
	}
	for (i = 0; i < run->threads && !*err; i++) {
		*err = start_worker(&st->workers[i]);
		up += !*err;
	}
	/* Everybody starts at once, or nobody does any work. */
	__atomic_store_n(&st->go, *err ? -1 : 1, __ATOMIC_RELEASE);
	for (i = 0; i < up; i++)
		pthread_join(st->workers[i].tid, NULL);
}

int order_user_run(struct order_user_run *run)
{
	struct order_user_state *st;
	pthread_t auditor, switcher, monitor;
	bool audit_up = false, switch_up = false, watch_up = false;
	struct order_user_state *none = NULL;
	unsigned int i;
	int err = 0;

	if (!run->bank || !run->threads ||
	    run->threads > ORDER_USER_MAX_THREADS ||
	    run->max_amount >= U32_MAX)
		return -EINVAL;
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->workers = aligned_alloc(SMP_CACHE_BYTES,
				    run->threads * sizeof(*st->workers));
	if (!st->workers) {
		free(st);
		return -ENOMEM;
	}
	memset(st->workers, 0, run->threads * sizeof(*st->workers));
	st->run = run;
	for (i = 0; i < run->threads; i++) {
		st->workers[i].st = st;
		st->workers[i].id = i;
	}

	if (run->watchdog_ms) {
		if (!__atomic_compare_exchange_n(&order_watched, &none, st, false,
						 __ATOMIC_ACQ_REL,
						 __ATOMIC_ACQUIRE)) {
			err = -EBUSY;
			goto out;
		}
		st->report = run->report ? run->report : stderr;
		st->limit_ns = run->watchdog_ms * 1000000LL;
		st->hook.slice_ns = st->limit_ns / 4 > 1000000 ?
				    st->limit_ns / 4 : 1000000;
		st->hook.waiting = watch_waiting;
		st->hook.done = watch_done;
		__atomic_store_n(&shim_lock_watch, &st->hook, __ATOMIC_RELEASE);
		err = -pthread_create(&monitor, NULL, watch_monitor, st);
		watch_up = !err;
	}
	if (!err && run->auditor) {
		err = -pthread_create(&auditor, NULL, auditor_main, st);
		audit_up = !err;
	}
	if (!err && run->switcher) {
		err = -pthread_create(&switcher, NULL, switcher_main, st);
		switch_up = !err;
	}
	if (!err)
		run_workers(st, &err);

	__atomic_store_n(&st->stop, 1, __ATOMIC_RELEASE);
	if (audit_up)
		pthread_join(auditor, NULL);
	if (switch_up)
		pthread_join(switcher, NULL);
	if (watch_up) {
		__atomic_store_n(&st->finished, 1, __ATOMIC_RELEASE);
		pthread_join(monitor, NULL);
	}
	if (run->watchdog_ms && err != -EBUSY) {
		__atomic_store_n(&shim_lock_watch, NULL, __ATOMIC_RELEASE);
		__atomic_store_n(&order_watched, NULL, __ATOMIC_RELEASE);
	}

	run->done = run->refused = run->aborted = 0;
	run->retries = run->backoffs = 0;
	for (i = 0; i < run->threads; i++) {
		struct worker *w = &st->workers[i];

		run->done += w->done;
		run->refused += w->refused;
		run->aborted += w->aborted;
		run->retries += w->retries;
		run->backoffs += w->backoffs;
		if (w->errors && !err)
			err = -EIO;
	}
	run->audits = st->audits;
	run->bad_audits = st->bad_audits;
	run->deadlocks = st->deadlocks;
	if (!err && run->deadlocks)
		err = -EDEADLK;
out:
	free(st->workers);
	free(st);
	return err;
}
