/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace front end of the order bank (kmod/order.c over user/shim):
 * worker pthreads doing random transfers, an optional auditor thread, and
 * a timed-lock watchdog that turns a deadlock into a report and a clean
 * exit instead of a hang.
 */
#ifndef SYNCLAB_ORDER_USER_H
#define SYNCLAB_ORDER_USER_H

#include <stdbool.h>
#include <stdio.h>

#include "order.h"

/* Which transfers the workers do. */
enum order_user_pattern {
	ORDER_USER_RANDOM,	/* random distinct accounts and amounts */
	ORDER_USER_PINGPONG,	/* even workers 0 -> 1, odd ones 1 -> 0 */
};

/**
 * struct order_user_run - one run of order_user_run()
 * @bank:	the bank, created by the caller
 * @threads:	worker threads, 1..ORDER_USER_MAX_THREADS
 * @transfers:	transfers per worker
 * @seed:	worker i draws from synclab_prng_seed(seed, i)
 * @max_amount:	amounts are drawn in 0..max_amount (< U32_MAX)
 * @pattern:	ORDER_USER_RANDOM or ORDER_USER_PINGPONG
 * @sequential:	run the workers one after another, not at once
 * @auditor:	one more thread audits, about every millisecond, while the
 *		workers run
 * @switcher:	one more thread cycles ordered/trylock/coarse while they run
 * @watchdog_ms: 0: no watchdog; else a cycle of workers each waiting this
 *		long for a lock the next one holds is a deadlock: reported
 *		to @report, its waits aborted (the transfers fail with
 *		-EINTR, changing nothing) and the run ends
 * @report:	where the watchdog reports; NULL: stderr
 * @done:	out: transfers done
 * @refused:	out: transfers refused with -ERANGE
 * @aborted:	out: transfers whose lock wait the watchdog aborted
 * @retries:	out: trylock retries, summed
 * @backoffs:	out: trylock backoffs, summed
 * @audits:	out: audits by the auditor
 * @bad_audits:	out: those whose total was not the expected one
 * @deadlocks:	out: cycles the watchdog found
 */
struct order_user_run {
	struct order_bank *bank;
	unsigned int threads;
	unsigned long long transfers;
	unsigned long long seed;
	unsigned int max_amount;
	enum order_user_pattern pattern;
	bool sequential;
	bool auditor;
	bool switcher;
	unsigned int watchdog_ms;
	FILE *report;

	unsigned long long done;
	unsigned long long refused;
	unsigned long long aborted;
	unsigned long long retries;
	unsigned long long backoffs;
	unsigned long long audits;
	unsigned long long bad_audits;
	unsigned int deadlocks;
};

#define ORDER_USER_MAX_THREADS	64

/*
 * Runs @run to its end. Return: 0; -EDEADLK when the watchdog broke a
 * deadlock; -EINVAL for bad settings; -EBUSY when another watched run is
 * in progress (the watchdog is one per process); -errno when a thread
 * cannot start.
 */
int order_user_run(struct order_user_run *run);

#endif /* SYNCLAB_ORDER_USER_H */
