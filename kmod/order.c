// SPDX-License-Identifier: GPL-2.0
/*
 * order: a bank of accounts, each with its own lock and balance. A transfer
 * locks two accounts; in which order it takes them decides whether two
 * transfers can deadlock, and lockdep checks that order. The same file
 * builds into the module and, over user/shim, into userspace.
 *
 * The lock order, outermost first. Take locks only downwards; a level may
 * be skipped, never climbed back:
 *
 *   1. bank->ledger	 percpu_rw_semaphore, lockdep class "order_ledger".
 *			 Read: every transfer, for its whole length.
 *			 Write: order_audit(), order_balances() and
 *			 order_set_strategy(); with it no transfer is in
 *			 flight. Protects bank->strategy.
 *   2. bank->coarse	 mutex, class "order_coarse". The one lock of the
 *			 coarse strategy; protects every balance while
 *			 bank->strategy is coarse.
 *   3. accounts[i].lock mutex, class "order_account", one class for all.
 *			 Protects accounts[i].balance under every other
 *			 strategy. At most two at a time, lower id first.
 *
 * A balance is therefore written with the ledger held for reading plus the
 * coarse lock or its account lock (which, depends on the strategy, which
 * only changes under the ledger held for writing); the ledger held for
 * writing alone is enough to read any balance.
 *
 * Lockdep and "ascending id". Lockdep reasons about classes, not
 * instances, and a class nests under itself only through subclasses (8 at
 * most), so it cannot learn an order among 65536 accounts of one class.
 * The standard way out: every account lock is one class, and its subclass
 * is its rank in the pair -- the lower id is taken as subclass 0, the
 * higher as SINGLE_DEPTH_NESTING. `ordered` always takes rank 0 then rank
 * 1, and lockdep learns order_account -> order_account/1. `inverted`
 * annotates the same true ranks but takes from, then to; when from is the
 * higher id that is order_account/1 -> order_account, the reverse edge, and
 * lockdep reports the cycle the first time it happens: one thread, no real
 * deadlock. (Numbering the locks by the order in which a path takes them,
 * "my second lock is subclass 1", would make the inverted path look just
 * like the ordered one and hide the bug: a _nested() annotation is a
 * promise lockdep takes on trust.)
 *
 * Why the audit does not simply hold every account lock: lockdep tracks
 * 48 held locks per task (MAX_LOCK_DEPTH) and counts nest_lock
 * re-acquisitions in 11 bits, so "take all 4096 account locks" cannot be
 * annotated. Instead every transfer holds the ledger for reading -- per-CPU
 * reader counts, so transfers still share no cache line -- and the audit
 * holds it for writing: no transfer is in flight, and it reads each
 * balance under its account lock, one at a time, in ascending id.
 *
 * Strategies:
 *   ordered  lower id, then higher: no cycle can form (circular wait broken)
 *   trylock  lock `from`, try `to`; on failure drop `from`, back off, retry.
 *	      It never waits while holding (hold-and-wait broken), so its
 *	      order does not matter; trylocks add no lockdep dependency. The
 *	      first retry is immediate, later ones wait a random delay below
 *	      a window doubling from ORDER_BACKOFF_MIN_NS to _MAX_NS.
 *   coarse   one lock for the whole bank: no nesting at all
 *   inverted from, then to: two opposite transfers can deadlock (ABBA)
 *
 * Contexts: every function here may sleep (mutexes, the percpu rwsem), so
 * process context only: ioctls, kthreads, pthreads; none may be called
 * with one of these locks held. A caller's own locks come above level 1
 * (the device's rwsem is level 0, see kmod/order_dev.c). Lock waits in a transfer are killable: a
 * fatal signal (in userspace: the timed-lock watchdog of user/order_user.c)
 * fails the transfer with -EINTR and changes nothing. Nothing here sleeps
 * other than in a lock, retries other than the trylock strategy, counts or
 * formats: a transfer reports its retries and backoffs in its order_ctx,
 * and callers gate SYNCLAB_ORDER_INVERTED themselves.
 */
#include <linux/cache.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/percpu-rwsem.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "order.h"

/* The trylock strategy's backoff window, doubling from MIN to MAX. */
#define ORDER_BACKOFF_MIN_NS	64
#define ORDER_BACKOFF_MAX_NS	4096

/* Lockdep subclasses: an account lock's rank in the pair it belongs to. */
#define ORDER_RANK_LOWER	0
#define ORDER_RANK_HIGHER	SINGLE_DEPTH_NESTING

/* One lockdep class per lock role, shared by every bank. */
static struct lock_class_key order_ledger_key;
static struct lock_class_key order_coarse_key;
static struct lock_class_key order_account_key;

const char * const order_strategy_names[SYNCLAB_ORDER_NSTRATEGIES] =
	SYNCLAB_ORDER_STRATEGY_NAMES;

/* The lock order above, one line per level, as debugfs shows it. */
const char order_lock_order_text[] =
	"1 order_ledger  percpu rwsem  read: every transfer; write: audit, balances, strategy change\n"
	"2 order_coarse  mutex         the coarse strategy's one lock; guards every balance\n"
	"3 order_account mutex         one class for every account; guards its balance;\n"
	"                              two at most, lower id first: the lower as order_account,\n"
	"                              the higher as order_account/1 (SINGLE_DEPTH_NESTING)\n"
	"the inverted strategy breaks rule 3 (from, then to) on purpose\n";

bool order_strategy_valid(u32 strategy)
{
	return strategy < SYNCLAB_ORDER_NSTRATEGIES;
}

static inline u32 order_id(struct order_bank *bank, struct order_account *a)
{
	return a - bank->accounts;
}

/* The lockdep subclass of @a when it is locked together with @other. */
static inline unsigned int order_rank(struct order_bank *bank,
				      struct order_account *a,
				      struct order_account *other)
{
	return order_id(bank, a) < order_id(bank, other) ?
	       ORDER_RANK_LOWER : ORDER_RANK_HIGHER;
}

/**
 * order_bank_create() - allocate a bank
 * @params:	accounts, initial balance, strategy and flags; its reserved
 *		fields are not looked at
 * @bankp:	where to store the new bank
 *
 * Context: process; may sleep.
 * Return: 0; -EINVAL for an account count out of range, a negative
 * balance, a total that overflows, an unknown strategy or flag; -ENOMEM.
 */
int order_bank_create(const struct synclab_order_create *params,
		      struct order_bank **bankp)
{
	struct order_bank *bank;
	s64 expected;
	u32 i;
	int ret;

	if (params->accounts < SYNCLAB_ORDER_MIN_ACCOUNTS ||
	    params->accounts > SYNCLAB_ORDER_MAX_ACCOUNTS ||
	    params->balance < 0 || !order_strategy_valid(params->strategy) ||
	    (params->flags & ~SYNCLAB_ORDER_FLAGS) ||
	    check_mul_overflow((s64)params->accounts, params->balance,
			       &expected))
		return -EINVAL;

	/* vmalloc: page-aligned, so every account owns its cache line. */
	bank = __vmalloc(struct_size(bank, accounts, params->accounts),
			 GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);
	if (!bank)
		return -ENOMEM;
	ret = __percpu_init_rwsem(&bank->ledger, "order_ledger",
				  &order_ledger_key);
	if (ret) {
		vfree(bank);
		return ret;
	}
	__mutex_init(&bank->coarse, "order_coarse", &order_coarse_key);
	bank->strategy = params->strategy;
	bank->flags = params->flags;
	bank->naccounts = params->accounts;
	bank->expected = expected;
	for (i = 0; i < bank->naccounts; i++) {
		__mutex_init(&bank->accounts[i].lock, "order_account",
			     &order_account_key);
		bank->accounts[i].balance = params->balance;
	}
	*bankp = bank;
	return 0;
}

/**
 * order_bank_destroy() - free a bank nobody uses any more
 * @bank:	the bank, or NULL
 *
 * Context: process; no transfer may be running on @bank.
 */
void order_bank_destroy(struct order_bank *bank)
{
	u32 i;

	if (!bank)
		return;
	for (i = 0; i < bank->naccounts; i++)
		mutex_destroy(&bank->accounts[i].lock);
	mutex_destroy(&bank->coarse);
	percpu_free_rwsem(&bank->ledger);
	vfree(bank);
}

/*
 * Caller holds both account locks, or the coarse lock under the coarse
 * strategy. Moves @amount, or refuses with -ERANGE, changing nothing,
 * when a balance would leave its range.
 */
static int __order_move(struct order_bank *bank, struct order_account *from,
			struct order_account *to, u64 amount)
{
	s64 new_from, new_to;

	lockdep_assert((lockdep_is_held(&from->lock) &&
			lockdep_is_held(&to->lock)) ||
		       lockdep_is_held(&bank->coarse));
	if (check_sub_overflow(from->balance, (s64)amount, &new_from) ||
	    check_add_overflow(to->balance, (s64)amount, &new_to))
		return -ERANGE;
	if (new_from < 0 && !(bank->flags & SYNCLAB_ORDER_OVERDRAW))
		return -ERANGE;
	from->balance = new_from;
	to->balance = new_to;
	return 0;
}

/*
 * The lock helpers below are noinline so that lockdep's reports and stack
 * traces name the strategy that took each lock. Each returns 0 with both
 * account locks held, or -EINTR with none.
 */

/* ordered: the lower id first, the higher nested under it. */
static noinline int order_lock_ordered(struct order_bank *bank,
				       struct order_account *lower,
				       struct order_account *higher)
{
	int ret;

	percpu_rwsem_assert_held(&bank->ledger);
	ret = mutex_lock_killable_nested(&lower->lock, ORDER_RANK_LOWER);
	if (ret)
		return ret;
	ret = mutex_lock_killable_nested(&higher->lock, ORDER_RANK_HIGHER);
	if (ret)
		mutex_unlock(&lower->lock);
	return ret;
}

/*
 * inverted: @from first, whatever its id -- the bug this strategy exists
 * to show. The subclasses still tell each lock's true rank, which is what
 * lets lockdep see the inversion.
 */
static noinline int order_lock_inverted(struct order_bank *bank,
					struct order_account *from,
					struct order_account *to)
{
	int ret;

	percpu_rwsem_assert_held(&bank->ledger);
	ret = mutex_lock_killable_nested(&from->lock,
					 order_rank(bank, from, to));
	if (ret)
		return ret;
	ret = mutex_lock_killable_nested(&to->lock, order_rank(bank, to, from));
	if (ret)
		mutex_unlock(&from->lock);
	return ret;
}

/*
 * trylock: @first, then only try @second; on failure release @first, back
 * off and start again. Counts into @ctx.
 */
static noinline int order_lock_trylock(struct order_bank *bank,
				       struct order_account *first,
				       struct order_account *second,
				       struct order_ctx *ctx)
{
	u32 window = ORDER_BACKOFF_MIN_NS;
	int ret;

	percpu_rwsem_assert_held(&bank->ledger);
	for (;;) {
		ret = mutex_lock_killable_nested(&first->lock,
						 order_rank(bank, first, second));
		if (ret)
			return ret;
		if (mutex_trylock(&second->lock))
			return 0;
		mutex_unlock(&first->lock);
		/*
		 * The holder of @second is most likely inside its few
		 * instructions of transfer: retry at once, the first time.
		 * Then wait a random delay within a growing, bounded window,
		 * so that two threads that keep colliding stop doing so in
		 * step.
		 */
		if (ctx->retries++) {
			ndelay(synclab_prng_below(&ctx->prng, window));
			ctx->backoffs++;
			window = min_t(u32, window * 2, ORDER_BACKOFF_MAX_NS);
		}
		/* A busy loop offers the CPU on non-preemptible kernels. */
		cond_resched();
	}
}

/**
 * order_transfer() - move money from one account to another
 * @bank:	the bank
 * @from:	account id to take @amount from
 * @to:		account id to give it to
 * @amount:	0..S64_MAX
 * @ctx:	the caller's context: backoff randomness in, counts out
 *
 * Runs the bank's strategy; the total balance never changes.
 *
 * Context: process; may sleep; the caller holds none of the bank's locks.
 * Return: 0; -EINVAL for an id out of range, @from == @to or an amount
 * above S64_MAX; -ERANGE when a balance would leave its range (below zero
 * without SYNCLAB_ORDER_OVERDRAW, beyond s64 with it); -EINTR when a lock
 * wait was killed. On error nothing has changed.
 */
int order_transfer(struct order_bank *bank, u32 from, u32 to, u64 amount,
		   struct order_ctx *ctx)
{
	struct order_account *a, *b;
	int ret;

	ctx->retries = 0;
	ctx->backoffs = 0;
	if (from >= bank->naccounts || to >= bank->naccounts || from == to ||
	    amount > S64_MAX)
		return -EINVAL;
	a = &bank->accounts[from];
	b = &bank->accounts[to];

	percpu_down_read(&bank->ledger);
	ctx->strategy = bank->strategy;
	switch (ctx->strategy) {
	case SYNCLAB_ORDER_COARSE:
		ret = mutex_lock_killable(&bank->coarse);
		if (!ret) {
			ret = __order_move(bank, a, b, amount);
			mutex_unlock(&bank->coarse);
		}
		goto out;
	case SYNCLAB_ORDER_TRYLOCK:
		ret = order_lock_trylock(bank, a, b, ctx);
		break;
	case SYNCLAB_ORDER_INVERTED:
		ret = order_lock_inverted(bank, a, b);
		break;
	default:
		ret = from < to ? order_lock_ordered(bank, a, b) :
				  order_lock_ordered(bank, b, a);
		break;
	}
	if (!ret) {
		ret = __order_move(bank, a, b, amount);
		mutex_unlock(&b->lock);
		mutex_unlock(&a->lock);
	}
out:
	percpu_up_read(&bank->ledger);
	return ret;
}

/* Caller holds the ledger for writing: no transfer is in flight. */
static s64 __order_read_balance(struct order_bank *bank, u32 id)
{
	struct order_account *acct = &bank->accounts[id];
	s64 balance;

	lockdep_assert_held_write(&bank->ledger);
	mutex_lock(&acct->lock);
	balance = acct->balance;
	mutex_unlock(&acct->lock);
	return balance;
}

/**
 * order_audit() - total the balances and compare with what they must be
 * @bank:	the bank
 * @audit:	filled in: total, expected, ok and the bank's settings; its
 *		reserved fields are not touched
 *
 * Takes the ledger for writing, then each account lock in ascending id:
 * the documented order. Waits for the transfers in flight to finish.
 *
 * Context: process; may sleep; the caller holds none of the bank's locks.
 */
void order_audit(struct order_bank *bank, struct synclab_order_audit *audit)
{
	u64 total = 0;
	u32 i;

	percpu_down_write(&bank->ledger);
	/* The true total fits in s64; partial sums may wrap, harmlessly. */
	for (i = 0; i < bank->naccounts; i++)
		total += (u64)__order_read_balance(bank, i);
	audit->strategy = bank->strategy;
	percpu_up_write(&bank->ledger);

	audit->total = (s64)total;
	audit->expected = bank->expected;
	audit->ok = audit->total == audit->expected;
	audit->accounts = bank->naccounts;
	audit->flags = bank->flags;
}

/**
 * order_balances() - a consistent copy of every balance
 * @bank:	the bank
 * @balances:	room for @n balances, indexed by account id
 * @n:		the bank's account count
 *
 * Context: process; may sleep; the caller holds none of the bank's locks.
 * Return: 0, or -EINVAL when @n is not the bank's account count.
 */
int order_balances(struct order_bank *bank, s64 *balances, u32 n)
{
	u32 i;

	if (n != bank->naccounts)
		return -EINVAL;
	percpu_down_write(&bank->ledger);
	for (i = 0; i < n; i++)
		balances[i] = __order_read_balance(bank, i);
	percpu_up_write(&bank->ledger);
	return 0;
}

/**
 * order_set_strategy() - switch the bank's strategy
 * @bank:	the bank
 * @strategy:	SYNCLAB_ORDER_*; the caller decides who may pick inverted
 *
 * Waits for the transfers in flight, which finish under the old strategy.
 *
 * Context: process; may sleep; the caller holds none of the bank's locks.
 * Return: 0, or -EINVAL for an unknown strategy.
 */
int order_set_strategy(struct order_bank *bank, u32 strategy)
{
	if (!order_strategy_valid(strategy))
		return -EINVAL;
	percpu_down_write(&bank->ledger);
	bank->strategy = strategy;
	percpu_up_write(&bank->ledger);
	return 0;
}

/**
 * order_get_strategy() - the bank's strategy now
 * @bank:	the bank
 *
 * Context: process; may sleep; the caller holds none of the bank's locks.
 */
u32 order_get_strategy(struct order_bank *bank)
{
	u32 strategy;

	percpu_down_read(&bank->ledger);
	strategy = bank->strategy;
	percpu_up_read(&bank->ledger);
	return strategy;
}

/**
 * order_demo() - let lockdep see a lock-order inversion, safely
 *
 * On a private bank of two accounts, one thread transfers 0 -> 1 the
 * ordered way (account 0, then account 1), then 1 -> 0 the inverted way
 * (account 1, then account 0). Each transfer runs alone, so nothing can
 * deadlock; but lockdep now knows both orders, and on a lockdep kernel
 * the second transfer produces its "possible circular locking dependency"
 * report (once per boot: lockdep turns itself off after a report). The
 * money goes there and back.
 *
 * Context: process; may sleep. The caller decides who may run it.
 * Return: 0; -ENOMEM; -EIO when the audit after the demo fails.
 */
int order_demo(void)
{
	struct synclab_order_create params = {
		.accounts = 2,
		.balance = 1,
		.strategy = SYNCLAB_ORDER_ORDERED,
	};
	struct synclab_order_audit audit = {};
	struct order_ctx ctx = {};
	struct order_bank *bank;
	int ret;

	ret = order_bank_create(&params, &bank);
	if (ret)
		return ret;
	ret = order_transfer(bank, 0, 1, 1, &ctx);
	if (!ret)
		ret = order_set_strategy(bank, SYNCLAB_ORDER_INVERTED);
	if (!ret)
		ret = order_transfer(bank, 1, 0, 1, &ctx);
	if (!ret) {
		order_audit(bank, &audit);
		if (!audit.ok)
			ret = -EIO;
	}
	order_bank_destroy(bank);
	return ret;
}
