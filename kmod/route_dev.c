// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/synclab/route: the routing table of kmod/route.c as a device, and
 * its debugfs views under /sys/kernel/debug/synclab/route/.
 *
 * Locking: dev->sem, a rw_semaphore, guards which table the device holds.
 * Every operation holds it for reading around its call into the table;
 * CREATE, which swaps in a new table, holds it for writing, so a table is
 * never destroyed under a caller. Lock order: dev->sem, then the table's
 * own locks (route.c). Lookup counters are per CPU, summed by readers of
 * the statistics only. The softirq view's timer callback runs while its
 * reader holds dev->sem for reading, so its table stays put.
 *
 * Privileged commands, which discard the whole table (CREATE, LOAD,
 * FLUSH), need CAP_SYS_ADMIN in the credentials of whoever opened the
 * file, not of whoever calls: a root-opened descriptor passed to an
 * unprivileged process does not let it wipe the table.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": route: " fmt

#include <linux/capability.h>
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/rwsem.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/uaccess.h>

#include "prng.h"
#include "route.h"
#include "synclab.h"

struct route_dev_pcpu {
	u64 lookups;
	u64 hits;
	u64 misses;
};

struct route_dev {
	struct miscdevice misc;
	struct rw_semaphore sem;
	struct route_table *table;		/* sem */
	struct route_dev_pcpu __percpu *pcpu;
	struct dentry *dir;
};

static const char * const route_mode_names[SYNCLAB_ROUTE_NMODES] =
	SYNCLAB_ROUTE_MODE_NAMES;

static struct route_dev *route_dev_of(struct file *file)
{
	return container_of(file->private_data, struct route_dev, misc);
}

static bool route_dev_privileged(struct file *file)
{
	return file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN);
}

static long route_ioc_create(struct route_dev *dev, struct file *file,
			     void __user *uarg)
{
	struct synclab_route_table arg = {};
	struct route_table *new, *old;
	int cpu, ret;

	ret = synclab_copy_arg(&arg, sizeof(arg), uarg, arg.reserved,
			       sizeof(arg.reserved));
	if (ret)
		return ret;
	if (!route_mode_valid(arg.mode))
		return -EINVAL;
	if (!route_dev_privileged(file))
		return -EPERM;
	new = route_table_create(arg.mode);
	if (!new)
		return -ENOMEM;
	down_write(&dev->sem);
	old = dev->table;
	dev->table = new;
	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(dev->pcpu, cpu), 0, sizeof(*dev->pcpu));
	up_write(&dev->sem);
	route_table_destroy(old);
	return 0;
}

static int route_copy_route(struct synclab_route *r, void __user *uarg)
{
	int ret;

	ret = synclab_copy_arg(r, sizeof(*r), uarg, r->reserved,
			       sizeof(r->reserved));
	if (ret)
		return ret;
	return r->flags ? -EINVAL : 0;
}

static long route_ioc_add(struct route_dev *dev, void __user *uarg)
{
	struct synclab_route r = {};
	bool replaced;
	int ret;

	ret = route_copy_route(&r, uarg);
	if (!ret)
		ret = synclab_probe_out(uarg, &r, sizeof(r));
	if (ret)
		return ret;
	down_read(&dev->sem);
	ret = route_add(dev->table, r.prefix, r.len, r.nexthop, &replaced);
	up_read(&dev->sem);
	if (ret)
		return ret;
	r.flags = replaced ? SYNCLAB_ROUTE_REPLACED : 0;
	synclab_report_out(uarg, &r, sizeof(r));
	return 0;
}

static long route_ioc_del(struct route_dev *dev, void __user *uarg)
{
	struct synclab_route r = {};
	int ret;

	ret = route_copy_route(&r, uarg);
	if (ret)
		return ret;
	down_read(&dev->sem);
	ret = route_del(dev->table, r.prefix, r.len);
	up_read(&dev->sem);
	return ret;
}

static long route_ioc_lookup(struct route_dev *dev, void __user *uarg)
{
	struct synclab_route_lookup arg = {};
	struct route_result res;
	bool hit;
	int ret;

	ret = synclab_copy_arg(&arg, sizeof(arg), uarg, arg.reserved,
			       sizeof(arg.reserved));
	if (ret)
		return ret;
	down_read(&dev->sem);
	hit = route_lookup(dev->table, arg.addr, &res);
	this_cpu_inc(dev->pcpu->lookups);
	if (hit)
		this_cpu_inc(dev->pcpu->hits);
	else
		this_cpu_inc(dev->pcpu->misses);
	up_read(&dev->sem);
	arg.found = hit;
	arg.nexthop = hit ? res.nexthop : 0;
	arg.prefix = hit ? res.prefix : 0;
	arg.len = hit ? res.len : 0;
	if (copy_to_user(uarg, &arg, sizeof(arg)))
		return -EFAULT;
	return 0;
}

static long route_ioc_flush(struct route_dev *dev, struct file *file)
{
	int ret;

	if (!route_dev_privileged(file))
		return -EPERM;
	down_read(&dev->sem);
	ret = route_flush(dev->table);
	up_read(&dev->sem);
	return ret;
}

static long route_ioc_load(struct route_dev *dev, struct file *file,
			   void __user *uarg)
{
	struct synclab_route_batch arg = {};
	struct synclab_route *routes;
	u32 k;
	int ret;

	ret = synclab_copy_arg(&arg, sizeof(arg), uarg, arg.reserved,
			       sizeof(arg.reserved));
	if (ret)
		return ret;
	if (arg.total)
		return -EINVAL;
	if (arg.count > SYNCLAB_ROUTE_MAX_LOAD)
		return -E2BIG;
	if (!route_dev_privileged(file))
		return -EPERM;
	routes = kvmalloc_array(arg.count ?: 1, sizeof(*routes), GFP_KERNEL | __GFP_NOWARN);
	if (!routes)
		return -ENOMEM;
	ret = -EFAULT;
	if (copy_from_user(routes, u64_to_user_ptr(arg.routes),
			   (size_t)arg.count * sizeof(*routes)))
		goto out_free;
	ret = -EINVAL;
	for (k = 0; k < arg.count; k++)
		if (routes[k].flags || routes[k].reserved[0] ||
		    routes[k].reserved[1])
			goto out_free;
	down_read(&dev->sem);
	ret = route_load(dev->table, routes, arg.count);
	up_read(&dev->sem);
out_free:
	kvfree(routes);
	return ret;
}

static long route_ioc_dump(struct route_dev *dev, void __user *uarg)
{
	struct synclab_route_batch arg = {};
	struct synclab_route *routes = NULL;
	struct route_counters c;
	u32 cap, total;
	int ret;

	ret = synclab_copy_arg(&arg, sizeof(arg), uarg, arg.reserved,
			       sizeof(arg.reserved));
	if (ret)
		return ret;
	if (arg.total)
		return -EINVAL;
	down_read(&dev->sem);
	/* Room for what the table holds now, never more than was offered. */
	route_counters(dev->table, &c);
	cap = min_t(u64, arg.count, c.prefixes);
	if (cap) {
		routes = kvmalloc_array(cap, sizeof(*routes), GFP_KERNEL | __GFP_NOWARN);
		if (!routes) {
			up_read(&dev->sem);
			return -ENOMEM;
		}
	}
	total = route_dump(dev->table, routes, cap);
	up_read(&dev->sem);
	arg.count = min(cap, total);
	arg.total = total;
	ret = -EFAULT;
	if (arg.count && copy_to_user(u64_to_user_ptr(arg.routes), routes,
				      (size_t)arg.count * sizeof(*routes)))
		goto out_free;
	if (copy_to_user(uarg, &arg, sizeof(arg)))
		goto out_free;
	ret = 0;
out_free:
	kvfree(routes);
	return ret;
}

static void route_dev_stats(struct route_dev *dev, struct synclab_route_stats *st)
{
	struct route_counters c;
	int cpu;

	memset(st, 0, sizeof(*st));
	down_read(&dev->sem);
	route_counters(dev->table, &c);
	st->mode = route_table_mode(dev->table);
	for_each_possible_cpu(cpu) {
		struct route_dev_pcpu *p = per_cpu_ptr(dev->pcpu, cpu);

		st->lookups += READ_ONCE(p->lookups);
		st->hits += READ_ONCE(p->hits);
		st->misses += READ_ONCE(p->misses);
	}
	up_read(&dev->sem);
	st->prefixes = c.prefixes;
	st->adds = c.adds;
	st->replaces = c.replaces;
	st->deletes = c.deletes;
	st->loads = c.loads;
	st->nodes = c.nodes;
	st->bytes = c.bytes;
	st->rcu_pending = c.rcu_pending;
	st->rcu_completed = c.rcu_completed;
}

static long route_ioc_stats(struct route_dev *dev, void __user *uarg)
{
	struct synclab_route_stats st;

	route_dev_stats(dev, &st);
	if (copy_to_user(uarg, &st, sizeof(st)))
		return -EFAULT;
	return 0;
}

static long route_dev_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	struct route_dev *dev = route_dev_of(file);
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case SYNCLAB_ROUTE_IOC_CREATE:
		return route_ioc_create(dev, file, uarg);
	case SYNCLAB_ROUTE_IOC_ADD:
		return route_ioc_add(dev, uarg);
	case SYNCLAB_ROUTE_IOC_DEL:
		return route_ioc_del(dev, uarg);
	case SYNCLAB_ROUTE_IOC_LOOKUP:
		return route_ioc_lookup(dev, uarg);
	case SYNCLAB_ROUTE_IOC_FLUSH:
		return route_ioc_flush(dev, file);
	case SYNCLAB_ROUTE_IOC_LOAD:
		return route_ioc_load(dev, file, uarg);
	case SYNCLAB_ROUTE_IOC_DUMP:
		return route_ioc_dump(dev, uarg);
	case SYNCLAB_ROUTE_IOC_STATS:
		return route_ioc_stats(dev, uarg);
	default:
		return synclab_common_ioctl(file, cmd, uarg);
	}
}

static const struct file_operations route_dev_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= route_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/* ---- debugfs: table (a snapshot taken at open) and stats ------------- */

struct route_snapshot {
	u32 count;
	struct synclab_route routes[];
};

static void *route_table_start(struct seq_file *m, loff_t *pos)
{
	struct route_snapshot *snap = m->private;

	return *pos < snap->count ? &snap->routes[*pos] : NULL;
}

static void *route_table_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return route_table_start(m, pos);
}

static void route_table_stop(struct seq_file *m, void *v)
{
}

static int route_table_show(struct seq_file *m, void *v)
{
	const struct synclab_route *r = v;

	seq_printf(m, "%u.%u.%u.%u/%u %u\n", r->prefix >> 24,
		   (r->prefix >> 16) & 0xff, (r->prefix >> 8) & 0xff,
		   r->prefix & 0xff, r->len, r->nexthop);
	return 0;
}

static const struct seq_operations route_table_sops = {
	.start	= route_table_start,
	.next	= route_table_next,
	.stop	= route_table_stop,
	.show	= route_table_show,
};

static int route_table_open(struct inode *inode, struct file *file)
{
	struct route_dev *dev = inode->i_private;
	struct route_snapshot *snap;
	struct route_counters c;
	int ret;

	down_read(&dev->sem);
	route_counters(dev->table, &c);
	snap = kvmalloc(struct_size(snap, routes, c.prefixes), GFP_KERNEL | __GFP_NOWARN);
	if (!snap) {
		up_read(&dev->sem);
		return -ENOMEM;
	}
	snap->count = min_t(u64, c.prefixes,
			    route_dump(dev->table, snap->routes, c.prefixes));
	up_read(&dev->sem);
	ret = seq_open(file, &route_table_sops);
	if (ret) {
		kvfree(snap);
		return ret;
	}
	((struct seq_file *)file->private_data)->private = snap;
	return 0;
}

static int route_table_release(struct inode *inode, struct file *file)
{
	kvfree(((struct seq_file *)file->private_data)->private);
	return seq_release(inode, file);
}

static const struct file_operations route_table_fops = {
	.owner		= THIS_MODULE,
	.open		= route_table_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= route_table_release,
};

static int route_stats_show(struct seq_file *m, void *unused)
{
	struct route_dev *dev = m->private;
	struct synclab_route_stats st;

	route_dev_stats(dev, &st);
	seq_printf(m, "mode %s\n", route_mode_names[st.mode]);
	seq_printf(m, "prefixes %llu\n", st.prefixes);
	seq_printf(m, "lookups %llu\n", st.lookups);
	seq_printf(m, "hits %llu\n", st.hits);
	seq_printf(m, "misses %llu\n", st.misses);
	seq_printf(m, "adds %llu\n", st.adds);
	seq_printf(m, "replaces %llu\n", st.replaces);
	seq_printf(m, "deletes %llu\n", st.deletes);
	seq_printf(m, "loads %llu\n", st.loads);
	seq_printf(m, "nodes %llu\n", st.nodes);
	seq_printf(m, "bytes %llu\n", st.bytes);
	seq_printf(m, "rcu_pending %llu\n", st.rcu_pending);
	seq_printf(m, "rcu_completed %llu\n", st.rcu_completed);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(route_stats);

/*
 * softirq: what route.h promises for rcu tables, lookups from softirq
 * context, exercised. Reading it runs ROUTE_SOFTIRQ_LOOKUPS lookups of
 * pseudo-random addresses (single and bulk, whole results and next hops
 * alone) from a timer callback, then the same from the reader's process
 * context, and shows how many there were, how many hit and whether both
 * contexts got the same answers (they must, unless an updater ran in
 * between). Lock-mode tables are for process context only: EOPNOTSUPP.
 */
#define ROUTE_SOFTIRQ_LOOKUPS	4096
#define ROUTE_SOFTIRQ_BULK	16

struct route_softirq {
	struct timer_list timer;
	struct completion done;
	struct route_table *table;
	u64 seed;
	u64 digest;
	u32 hits;
};

static u64 route_digest(const struct route_result *res)
{
	return res->found ? (u64)res->nexthop << 32 ^ res->prefix ^ res->len : 0;
}

/*
 * The lookups of one pass, a quarter through each lookup call (single and
 * bulk, whole results and next hops alone); a digest of the answers, and
 * the hits.
 */
static u64 route_softirq_pass(struct route_table *t, u64 seed, u32 *hits)
{
	struct route_result res[ROUTE_SOFTIRQ_BULK];
	u32 addrs[ROUTE_SOFTIRQ_BULK], nh[ROUTE_SOFTIRQ_BULK];
	struct synclab_prng rng;
	u64 digest = 0;
	unsigned int i, k;

	synclab_prng_seed(&rng, seed, 0);
	*hits = 0;
	for (i = 0; i < ROUTE_SOFTIRQ_LOOKUPS / 4; i++) {
		u32 addr = (u32)synclab_prng_next(&rng);

		*hits += route_lookup(t, addr, res);
		digest = digest * 31 + route_digest(res);
		nh[0] = 0;
		*hits += route_lookup_nh(t, addr ^ 0x80, nh);
		digest = digest * 31 + nh[0];
	}
	for (i = 0; i < ROUTE_SOFTIRQ_LOOKUPS / 4; i += ROUTE_SOFTIRQ_BULK) {
		for (k = 0; k < ROUTE_SOFTIRQ_BULK; k++)
			addrs[k] = (u32)synclab_prng_next(&rng);
		*hits += route_lookup_bulk(t, addrs, ROUTE_SOFTIRQ_BULK, res);
		for (k = 0; k < ROUTE_SOFTIRQ_BULK; k++)
			addrs[k] ^= 0x80;
		*hits += route_lookup_bulk_nh(t, addrs, ROUTE_SOFTIRQ_BULK, nh,
					      0);
		for (k = 0; k < ROUTE_SOFTIRQ_BULK; k++)
			digest = (digest * 31 + route_digest(&res[k])) * 31 +
				 nh[k];
	}
	return digest;
}

static void route_softirq_fn(struct timer_list *timer)
{
	struct route_softirq *s = from_timer(s, timer, timer);

	s->digest = route_softirq_pass(s->table, s->seed, &s->hits);
	complete(&s->done);
}

static int route_softirq_show(struct seq_file *m, void *unused)
{
	struct route_dev *dev = m->private;
	struct route_softirq s = { .seed = get_random_u64() };
	u64 digest;
	u32 hits;
	int ret = 0;

	down_read(&dev->sem);	/* the table outlives the callback */
	if (route_table_mode(dev->table) != SYNCLAB_ROUTE_RCU) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	s.table = dev->table;
	init_completion(&s.done);
	timer_setup_on_stack(&s.timer, route_softirq_fn, 0);
	mod_timer(&s.timer, jiffies + 1);
	wait_for_completion(&s.done);
	del_timer_sync(&s.timer);
	destroy_timer_on_stack(&s.timer);
	digest = route_softirq_pass(dev->table, s.seed, &hits);
	seq_printf(m, "lookups %u\nhits %u\nsame %d\n", ROUTE_SOFTIRQ_LOOKUPS,
		   s.hits, digest == s.digest && hits == s.hits);
out:
	up_read(&dev->sem);
	return ret;
}
DEFINE_SHOW_ATTRIBUTE(route_softirq);

/* ---- bring-up and teardown ------------------------------------------ */

static struct route_dev synclab_route_dev = {
	.misc = SYNCLAB_MISCDEV(route, &route_dev_fops),
};

/*
 * Undoes synclab_route_init() in reverse, whichever of its steps ran: its
 * error path and module exit both end here. It needs only the first step,
 * route_init(), which leaves nothing to undo when it fails.
 */
static void route_dev_free(struct route_dev *dev)
{
	synclab_dev_unregister(&dev->misc);
	debugfs_remove(dev->dir);
	dev->dir = NULL;
	route_table_destroy(dev->table);
	dev->table = NULL;
	free_percpu(dev->pcpu);
	dev->pcpu = NULL;
	route_exit();
}

int synclab_route_init(void)
{
	struct route_dev *dev = &synclab_route_dev;
	int ret;

	ret = route_init();
	if (ret)
		return ret;
	init_rwsem(&dev->sem);
	ret = -ENOMEM;
	dev->pcpu = alloc_percpu(struct route_dev_pcpu);
	if (!dev->pcpu)
		goto err_free;
	dev->table = route_table_create(SYNCLAB_ROUTE_RCU);
	if (!dev->table)
		goto err_free;
	/* debugfs is optional: its calls accept an error-pointer parent. */
	dev->dir = debugfs_create_dir("route", synclab_debugfs);
	debugfs_create_file("table", 0400, dev->dir, dev, &route_table_fops);
	debugfs_create_file("stats", 0400, dev->dir, dev, &route_stats_fops);
	debugfs_create_file("softirq", 0400, dev->dir, dev, &route_softirq_fops);
	ret = synclab_dev_register(&dev->misc);
	if (ret)
		goto err_free;
	return 0;

err_free:
	route_dev_free(dev);
	return ret;
}

void synclab_route_exit(void)
{
	route_dev_free(&synclab_route_dev);
}
