/* SPDX-License-Identifier: GPL-2.0 */
/*
 * order: the bank of kmod/order.c, as its callers see it -- the device
 * (kmod/order_dev.c), the userspace front end (user/order_user.c), the
 * host tests and the benchmark engines. The locking rules are at the top
 * of kmod/order.c.
 */
#ifndef _SYNCLAB_ORDER_H
#define _SYNCLAB_ORDER_H

#include <linux/cache.h>
#include <linux/mutex.h>
#include <linux/percpu-rwsem.h>
#include <linux/types.h>

#include "prng.h"
#include "uapi/synclab.h"

/* One account: its lock and its balance, on a cache line of their own. */
struct order_account {
	struct mutex lock;	/* class order_account; guards balance */
	s64 balance;
} ____cacheline_aligned_in_smp;

/*
 * The bank. The first fields are read by every transfer and written only
 * under the ledger held for writing; @coarse, written by every transfer of
 * the coarse strategy, starts a cache line of its own.
 */
struct order_bank {
	struct percpu_rw_semaphore ledger;
	u32 strategy;		/* SYNCLAB_ORDER_*; under @ledger */
	u32 flags;		/* SYNCLAB_ORDER_OVERDRAW; fixed */
	u32 naccounts;		/* fixed */
	s64 expected;		/* naccounts * initial balance; fixed */
	struct mutex coarse ____cacheline_aligned_in_smp;
	struct order_account accounts[];
};

/*
 * What one caller (a thread, an ioctl) brings to order_transfer(): the
 * random stream for the trylock backoff, seeded by the caller with
 * synclab_prng_seed(), and what the last transfer reports back.
 */
struct order_ctx {
	struct synclab_prng prng;
	u32 strategy;		/* out: the strategy the transfer ran under */
	u32 retries;		/* out: failed trylocks that were retried */
	u32 backoffs;		/* out: retries that waited first */
};

extern const char * const order_strategy_names[SYNCLAB_ORDER_NSTRATEGIES];
extern const char order_lock_order_text[];

bool order_strategy_valid(u32 strategy);
int order_bank_create(const struct synclab_order_create *params,
		      struct order_bank **bankp);
void order_bank_destroy(struct order_bank *bank);
int order_transfer(struct order_bank *bank, u32 from, u32 to, u64 amount,
		   struct order_ctx *ctx);
void order_audit(struct order_bank *bank, struct synclab_order_audit *audit);
int order_balances(struct order_bank *bank, s64 *balances, u32 n);
int order_set_strategy(struct order_bank *bank, u32 strategy);
u32 order_get_strategy(struct order_bank *bank);
int order_demo(void);

#endif /* _SYNCLAB_ORDER_H */
