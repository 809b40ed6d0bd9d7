// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/synclab/order: the bank of kmod/order.c behind a misc device, and
 * read-only views of it in debugfs synclab/order/.
 *
 * The device holds one bank, shared by every opener; CREATE replaces it.
 * The module starts with ORDER_DEV_ACCOUNTS accounts of ORDER_DEV_BALANCE,
 * ordered.
 *
 * Locks: od->rwsem comes before every lock of kmod/order.c (level 0 of the
 * order written there): read for any operation on the bank, write to
 * replace it. The counters are atomics, updated with the rwsem held for
 * reading, so that a replacement resets them together with the bank.
 * Nothing touches user memory with a lock held: every ioctl copies its
 * argument in once (synclab_copy_arg()), acts, unlocks, copies out.
 *
 * The inverted strategy and the demo need two things: the module loaded
 * with order_allow_inverted=1 (read-only afterwards) and CAP_SYS_ADMIN in
 * the opener's credentials, file->f_cred -- what the file was opened with,
 * not who calls ioctl on it later: a privileged opener may hand its fd on,
 * an unprivileged one cannot gain the right by any later trick. Both
 * refusals are EPERM.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/debug_locks.h>
#include <linux/debugfs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/rwsem.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "order.h"
#include "synclab.h"

#define ORDER_DEV_ACCOUNTS	16
#define ORDER_DEV_BALANCE	1000

static bool order_allow_inverted;
module_param(order_allow_inverted, bool, 0444);
MODULE_PARM_DESC(order_allow_inverted,
		 "allow the inverted (ABBA) strategy and the lockdep demo to CAP_SYS_ADMIN openers of /dev/synclab/order");

struct order_dev_counts {
	atomic64_t transfers;
	atomic64_t refused;
	atomic64_t retries;
	atomic64_t backoffs;
};

struct order_dev {
	struct miscdevice misc;
	struct rw_semaphore rwsem;
	struct order_bank *bank;	/* under rwsem */
	atomic64_t audits;
	struct order_dev_counts counts[SYNCLAB_ORDER_NSTRATEGIES];
	struct dentry *dir;
};

static inline struct order_dev *order_dev_of(struct file *file)
{
	return container_of(file->private_data, struct order_dev, misc);
}

static bool order_inverted_allowed(struct file *file)
{
	return order_allow_inverted &&
	       file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN);
}

/* Caller holds od->rwsem for writing: a new bank starts from zero. */
static void __order_dev_reset(struct order_dev *od)
{
	unsigned int i;

	lockdep_assert_held_write(&od->rwsem);
	atomic64_set(&od->audits, 0);
	for (i = 0; i < SYNCLAB_ORDER_NSTRATEGIES; i++) {
		atomic64_set(&od->counts[i].transfers, 0);
		atomic64_set(&od->counts[i].refused, 0);
		atomic64_set(&od->counts[i].retries, 0);
		atomic64_set(&od->counts[i].backoffs, 0);
	}
}

/* Caller holds od->rwsem: counts what order_transfer() reported. */
static void __order_dev_count(struct order_dev *od, struct order_ctx *ctx,
			      int ret)
{
	struct order_dev_counts *c;

	lockdep_assert_held(&od->rwsem);
	if (ret == -EINVAL)	/* refused before it picked a strategy */
		return;
	c = &od->counts[ctx->strategy];
	if (!ret)
		atomic64_inc(&c->transfers);
	else if (ret == -ERANGE)
		atomic64_inc(&c->refused);
	atomic64_add(ctx->retries, &c->retries);
	atomic64_add(ctx->backoffs, &c->backoffs);
}

/* Caller holds od->rwsem. The one source of STATS and debugfs stats. */
static void __order_dev_stats(struct order_dev *od,
			      struct synclab_order_stats *st)
{
	unsigned int i;

	lockdep_assert_held(&od->rwsem);
	st->accounts = od->bank->naccounts;
	st->strategy = order_get_strategy(od->bank);
	st->flags = od->bank->flags;
	st->audits = atomic64_read(&od->audits);
	for (i = 0; i < SYNCLAB_ORDER_NSTRATEGIES; i++) {
		st->per[i].transfers = atomic64_read(&od->counts[i].transfers);
		st->per[i].refused = atomic64_read(&od->counts[i].refused);
		st->per[i].retries = atomic64_read(&od->counts[i].retries);
		st->per[i].backoffs = atomic64_read(&od->counts[i].backoffs);
	}
}

/* Caller holds od->rwsem. */
static void __order_dev_audit(struct order_dev *od,
			      struct synclab_order_audit *audit)
{
	lockdep_assert_held(&od->rwsem);
	order_audit(od->bank, audit);
	atomic64_inc(&od->audits);
}

static long order_ioc_create(struct order_dev *od, struct file *file,
			     void __user *uarg)
{
	struct synclab_order_create c = {};
	struct order_bank *bank, *old;
	int ret;

	ret = synclab_copy_arg(&c, sizeof(c), uarg, &c.reserved0,
			       sizeof(c) - offsetof(typeof(c), reserved0));
	if (ret)
		return ret;
	if (c.strategy == SYNCLAB_ORDER_INVERTED &&
	    !order_inverted_allowed(file))
		return -EPERM;
	ret = order_bank_create(&c, &bank);
	if (ret)
		return ret;
	ret = down_write_killable(&od->rwsem);
	if (ret) {
		order_bank_destroy(bank);
		return ret;
	}
	old = od->bank;
	od->bank = bank;
	__order_dev_reset(od);
	up_write(&od->rwsem);
	order_bank_destroy(old);
	return 0;
}

static long order_ioc_transfer(struct order_dev *od, void __user *uarg)
{
	struct synclab_order_transfer t = {};
	struct order_ctx ctx = {};
	int ret;

	ret = synclab_copy_arg(&t, sizeof(t), uarg, &t.reserved0,
			       sizeof(t) - offsetof(typeof(t), reserved0));
	if (!ret)
		ret = synclab_probe_out(uarg, &t, sizeof(t));
	if (ret)
		return ret;
	synclab_prng_seed(&ctx.prng, get_random_u64(), 0);
	ret = down_read_killable(&od->rwsem);
	if (ret)
		return ret;
	ret = order_transfer(od->bank, t.from, t.to, t.amount, &ctx);
	__order_dev_count(od, &ctx, ret);
	up_read(&od->rwsem);
	if (ret)
		return ret;
	t.retries = ctx.retries;
	t.backoffs = ctx.backoffs;
	t.strategy = ctx.strategy;
	synclab_report_out(uarg, &t, sizeof(t));
	return 0;
}

static long order_ioc_audit(struct order_dev *od, void __user *uarg)
{
	struct synclab_order_audit a = {};
	int ret;

	/* Every field is out: all of it must be zero on input. */
	ret = synclab_copy_arg(&a, sizeof(a), uarg, &a, sizeof(a));
	if (ret)
		return ret;
	ret = down_read_killable(&od->rwsem);
	if (ret)
		return ret;
	__order_dev_audit(od, &a);
	up_read(&od->rwsem);
	if (copy_to_user(uarg, &a, sizeof(a)))
		return -EFAULT;
	return 0;
}

static long order_ioc_strategy(struct order_dev *od, struct file *file,
			       void __user *uarg)
{
	struct synclab_order_strategy s = {};
	int ret;

	ret = synclab_copy_arg(&s, sizeof(s), uarg, s.reserved, sizeof(s.reserved));
	if (ret)
		return ret;
	if (!order_strategy_valid(s.strategy))
		return -EINVAL;
	if (s.strategy == SYNCLAB_ORDER_INVERTED &&
	    !order_inverted_allowed(file))
		return -EPERM;
	ret = down_read_killable(&od->rwsem);
	if (ret)
		return ret;
	ret = order_set_strategy(od->bank, s.strategy);
	up_read(&od->rwsem);
	return ret;
}

static long order_ioc_demo(struct file *file, void __user *uarg)
{
	struct synclab_order_demo d = {};
	int ret;

	/* Every field is out: all of it must be zero on input. */
	ret = synclab_copy_arg(&d, sizeof(d), uarg, &d, sizeof(d));
	if (!ret)
		ret = synclab_probe_out(uarg, &d, sizeof(d));
	if (ret)
		return ret;
	if (!order_inverted_allowed(file))
		return -EPERM;
	d.lockdep = IS_ENABLED(CONFIG_PROVE_LOCKING);
	d.before = d.lockdep && READ_ONCE(debug_locks);
	ret = order_demo();
	d.after = d.lockdep && READ_ONCE(debug_locks);
	if (ret)
		return ret;
	synclab_report_out(uarg, &d, sizeof(d));
	return 0;
}

static long order_ioc_stats(struct order_dev *od, void __user *uarg)
{
	struct synclab_order_stats st = {};
	int ret;

	/* Every field is out: all of it must be zero on input. */
	ret = synclab_copy_arg(&st, sizeof(st), uarg, &st, sizeof(st));
	if (ret)
		return ret;
	ret = down_read_killable(&od->rwsem);
	if (ret)
		return ret;
	__order_dev_stats(od, &st);
	up_read(&od->rwsem);
	if (copy_to_user(uarg, &st, sizeof(st)))
		return -EFAULT;
	return 0;
}

static long order_dev_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	struct order_dev *od = order_dev_of(file);
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case SYNCLAB_ORDER_IOC_CREATE:
		return order_ioc_create(od, file, uarg);
	case SYNCLAB_ORDER_IOC_TRANSFER:
		return order_ioc_transfer(od, uarg);
	case SYNCLAB_ORDER_IOC_AUDIT:
		return order_ioc_audit(od, uarg);
	case SYNCLAB_ORDER_IOC_STRATEGY:
		return order_ioc_strategy(od, file, uarg);
	case SYNCLAB_ORDER_IOC_DEMO:
		return order_ioc_demo(file, uarg);
	case SYNCLAB_ORDER_IOC_STATS:
		return order_ioc_stats(od, uarg);
	default:
		return synclab_common_ioctl(file, cmd, uarg);
	}
}

static const struct file_operations order_dev_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= order_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/* debugfs synclab/order/accounts: "id balance", one line per account. */
static int order_accounts_show(struct seq_file *m, void *unused)
{
	struct order_dev *od = m->private;
	s64 *balances;
	u32 i, n;
	int ret;

	ret = down_read_killable(&od->rwsem);
	if (ret)
		return ret;
	n = od->bank->naccounts;
	balances = kvmalloc_array(n, sizeof(*balances), GFP_KERNEL | __GFP_NOWARN);
	if (balances)
		ret = order_balances(od->bank, balances, n);
	else
		ret = -ENOMEM;
	up_read(&od->rwsem);
	for (i = 0; !ret && i < n; i++)
		seq_printf(m, "%u %lld\n", i, balances[i]);
	kvfree(balances);
	return ret;
}
DEFINE_SHOW_ATTRIBUTE(order_accounts);

/* debugfs synclab/order/audit: "total T expected E ok 0|1". */
static int order_audit_show(struct seq_file *m, void *unused)
{
	struct order_dev *od = m->private;
	struct synclab_order_audit a = {};
	int ret;

	ret = down_read_killable(&od->rwsem);
	if (ret)
		return ret;
	__order_dev_audit(od, &a);
	up_read(&od->rwsem);
	seq_printf(m, "total %lld expected %lld ok %u\n", a.total, a.expected,
		   a.ok);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(order_audit);

/* debugfs synclab/order/order: the lock hierarchy, device level first. */
static int order_lock_order_show(struct seq_file *m, void *unused)
{
	seq_puts(m, "lock order, outermost first; take locks only downwards:\n");
	seq_puts(m, "0 &od->rwsem    rwsem         the device: read for every use of the bank, write to replace it\n");
	seq_puts(m, order_lock_order_text);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(order_lock_order);

/* debugfs synclab/order/stats: the bank, then one line per strategy. */
static int order_stats_show(struct seq_file *m, void *unused)
{
	struct order_dev *od = m->private;
	struct synclab_order_stats st = {};
	unsigned int i;
	int ret;

	ret = down_read_killable(&od->rwsem);
	if (ret)
		return ret;
	__order_dev_stats(od, &st);
	up_read(&od->rwsem);
	seq_printf(m, "accounts %u strategy %s overdraw %u audits %llu\n",
		   st.accounts, order_strategy_names[st.strategy],
		   !!(st.flags & SYNCLAB_ORDER_OVERDRAW), st.audits);
	for (i = 0; i < SYNCLAB_ORDER_NSTRATEGIES; i++)
		seq_printf(m, "%s transfers %llu refused %llu retries %llu backoffs %llu\n",
			   order_strategy_names[i], st.per[i].transfers,
			   st.per[i].refused, st.per[i].retries,
			   st.per[i].backoffs);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(order_stats);

/* ---- bring-up and teardown ------------------------------------------ */

static struct order_dev synclab_order_dev = {
	.misc = SYNCLAB_MISCDEV(order, &order_dev_fops),
};

/*
 * Undoes synclab_order_init() in reverse, whichever of its steps ran: its
 * error path and module exit both end here.
 */
static void order_dev_free(struct order_dev *od)
{
	synclab_dev_unregister(&od->misc);
	debugfs_remove(od->dir);
	od->dir = NULL;
	order_bank_destroy(od->bank);
	od->bank = NULL;
}

int synclab_order_init(void)
{
	struct synclab_order_create params = {
		.accounts = ORDER_DEV_ACCOUNTS,
		.balance = ORDER_DEV_BALANCE,
		.strategy = SYNCLAB_ORDER_ORDERED,
	};
	struct order_dev *od = &synclab_order_dev;
	int ret;

	init_rwsem(&od->rwsem);
	ret = order_bank_create(&params, &od->bank);
	if (ret)
		goto err_free;
	/* debugfs is optional: its calls accept an error-pointer parent. */
	od->dir = debugfs_create_dir("order", synclab_debugfs);
	debugfs_create_file("accounts", 0400, od->dir, od, &order_accounts_fops);
	debugfs_create_file("audit", 0400, od->dir, od, &order_audit_fops);
	debugfs_create_file("order", 0400, od->dir, od, &order_lock_order_fops);
	debugfs_create_file("stats", 0400, od->dir, od, &order_stats_fops);
	ret = synclab_dev_register(&od->misc);
	if (ret)
		goto err_free;
	return 0;

err_free:
	order_dev_free(od);
	return ret;
}

void synclab_order_exit(void)
{
	order_dev_free(&synclab_order_dev);
}
