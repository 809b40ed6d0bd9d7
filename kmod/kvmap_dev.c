// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/synclab/kvmap: the hash map of kmod/kvmap.c as a device, and its
 * debugfs view /sys/kernel/debug/synclab/kvmap/stats (beside the engine's
 * "last" there).
 *
 * Locking: dev->sem, a rw_semaphore, guards which map the device holds.
 * GET, PUT, DEL and STATS hold it for reading around their call into the
 * map; CREATE, which swaps in a new map, holds it for writing, so a map is
 * never destroyed under a caller, reader or updater. Lock order: dev->sem,
 * then one bucket lock of the map (kvmap.c; they never nest). The
 * counters of GET/PUT/DEL are per CPU, summed by STATS only; a GET counts
 * once its answer is written back (a CREATE meanwhile may see it counted
 * against the new map).
 *
 * Nodes an rcu map deleted may still wait for their grace period when the
 * map is replaced or the module goes: their callback frees the node alone,
 * and module exit ends with rcu_barrier() (main.c).
 *
 * CREATE, which discards the whole map, needs CAP_SYS_ADMIN in the
 * credentials of whoever opened the file, as route's CREATE does.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": kvmap: " fmt

#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/rwsem.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#include "kvmap.h"
#include "synclab.h"

struct kvmap_dev_pcpu {
	u64 gets;
	u64 hits;
	u64 misses;
	u64 inserts;
	u64 replaces;
	u64 deletes;
};

struct kvmap_dev {
	struct miscdevice misc;
	struct rw_semaphore sem;
	struct kvmap *map;			/* sem */
	struct kvmap_dev_pcpu __percpu *pcpu;
	struct dentry *stats;		/* in the engine's kvmap/ directory */
};

static const char * const kvmap_mode_names[SYNCLAB_KVMAP_NMODES] =
	SYNCLAB_KVMAP_MODE_NAMES;

static struct kvmap_dev *kvmap_dev_of(struct file *file)
{
	return container_of(file->private_data, struct kvmap_dev, misc);
}

static long kvmap_ioc_create(struct kvmap_dev *dev, struct file *file,
			     void __user *uarg)
{
	struct synclab_kvmap_create arg = {};
	struct kvmap *new, *old;
	int cpu, ret;

	ret = synclab_copy_arg(&arg, sizeof(arg), uarg, &arg.reserved0,
			       sizeof(arg) - offsetof(typeof(arg), reserved0));
	if (ret)
		return ret;
	if (!kvmap_config_valid(arg.mode, arg.buckets, arg.stripes))
		return -EINVAL;
	if (!file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN))
		return -EPERM;
	ret = kvmap_create(&new, arg.mode, arg.buckets, arg.stripes);
	if (ret)
		return ret;
	down_write(&dev->sem);
	old = dev->map;
	dev->map = new;
	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(dev->pcpu, cpu), 0, sizeof(*dev->pcpu));
	up_write(&dev->sem);
	kvmap_destroy(old);
	return 0;
}

/* Copy in a GET/PUT/DEL argument: flags and reserved bytes must be zero. */
static int kvmap_copy_kv(struct synclab_kvmap_kv *kv, void __user *uarg)
{
	return synclab_copy_arg(kv, sizeof(*kv), uarg, &kv->flags,
				sizeof(*kv) - offsetof(typeof(*kv), flags));
}

static long kvmap_ioc_get(struct kvmap_dev *dev, void __user *uarg)
{
	struct synclab_kvmap_kv kv = {};
	bool found;
	int ret;

	ret = kvmap_copy_kv(&kv, uarg);
	if (ret)
		return ret;
	kv.value = 0;
	down_read(&dev->sem);
	found = kvmap_get(dev->map, kv.key, &kv.value);
	up_read(&dev->sem);
	kv.flags = found ? SYNCLAB_KVMAP_FOUND : 0;
	if (copy_to_user(uarg, &kv, sizeof(kv)))
		return -EFAULT;
	/* Counted once answered: a GET that failed changed nothing. */
	this_cpu_inc(dev->pcpu->gets);
	if (found)
		this_cpu_inc(dev->pcpu->hits);
	else
		this_cpu_inc(dev->pcpu->misses);
	return 0;
}

static long kvmap_ioc_put(struct kvmap_dev *dev, void __user *uarg)
{
	struct synclab_kvmap_kv kv = {};
	bool replaced;
	int ret;

	ret = kvmap_copy_kv(&kv, uarg);
	if (!ret)
		ret = synclab_probe_out(uarg, &kv, sizeof(kv));
	if (ret)
		return ret;
	down_read(&dev->sem);
	ret = kvmap_put(dev->map, kv.key, kv.value, &replaced);
	if (!ret && replaced)
		this_cpu_inc(dev->pcpu->replaces);
	else if (!ret)
		this_cpu_inc(dev->pcpu->inserts);
	up_read(&dev->sem);
	if (ret)
		return ret;
	kv.flags = replaced ? SYNCLAB_KVMAP_REPLACED : 0;
	synclab_report_out(uarg, &kv, sizeof(kv));
	return 0;
}

static long kvmap_ioc_del(struct kvmap_dev *dev, void __user *uarg)
{
	struct synclab_kvmap_kv kv = {};
	int ret;

	ret = kvmap_copy_kv(&kv, uarg);
	if (ret)
		return ret;
	down_read(&dev->sem);
	ret = kvmap_delete(dev->map, kv.key);
	if (!ret)
		this_cpu_inc(dev->pcpu->deletes);
	up_read(&dev->sem);
	return ret;
}

static void kvmap_dev_stats(struct kvmap_dev *dev,
			    struct synclab_kvmap_stats *st)
{
	struct kvmap_stats ms;
	int cpu;

	memset(st, 0, sizeof(*st));
	down_read(&dev->sem);
	kvmap_stats(dev->map, &ms);
	st->mode = kvmap_mode(dev->map);
	st->buckets = kvmap_buckets(dev->map);
	st->locks = kvmap_locks(dev->map);
	for_each_possible_cpu(cpu) {
		struct kvmap_dev_pcpu *p = per_cpu_ptr(dev->pcpu, cpu);

		st->gets += READ_ONCE(p->gets);
		st->hits += READ_ONCE(p->hits);
		st->misses += READ_ONCE(p->misses);
		st->inserts += READ_ONCE(p->inserts);
		st->replaces += READ_ONCE(p->replaces);
		st->deletes += READ_ONCE(p->deletes);
	}
	up_read(&dev->sem);
	st->entries = ms.entries;
	st->used_buckets = ms.used_buckets;
	st->longest_chain = ms.longest_chain;
	st->bytes = ms.bytes;
}

static long kvmap_ioc_stats(struct kvmap_dev *dev, void __user *uarg)
{
	struct synclab_kvmap_stats st;

	kvmap_dev_stats(dev, &st);
	if (copy_to_user(uarg, &st, sizeof(st)))
		return -EFAULT;
	return 0;
}

static long kvmap_dev_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	struct kvmap_dev *dev = kvmap_dev_of(file);
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case SYNCLAB_KVMAP_IOC_CREATE:
		return kvmap_ioc_create(dev, file, uarg);
	case SYNCLAB_KVMAP_IOC_GET:
		return kvmap_ioc_get(dev, uarg);
	case SYNCLAB_KVMAP_IOC_PUT:
		return kvmap_ioc_put(dev, uarg);
	case SYNCLAB_KVMAP_IOC_DEL:
		return kvmap_ioc_del(dev, uarg);
	case SYNCLAB_KVMAP_IOC_STATS:
		return kvmap_ioc_stats(dev, uarg);
	default:
		return synclab_common_ioctl(file, cmd, uarg);
	}
}

static const struct file_operations kvmap_dev_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= kvmap_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/* ---- debugfs: stats --------------------------------------------------- */

static int kvmap_stats_show(struct seq_file *m, void *unused)
{
	struct kvmap_dev *dev = m->private;
	struct synclab_kvmap_stats st;

	kvmap_dev_stats(dev, &st);
	seq_printf(m, "mode %s\n", kvmap_mode_names[st.mode]);
	seq_printf(m, "buckets %u\n", st.buckets);
	seq_printf(m, "locks %u\n", st.locks);
	seq_printf(m, "entries %llu\n", st.entries);
	seq_printf(m, "used_buckets %llu\n", st.used_buckets);
	seq_printf(m, "longest_chain %llu\n", st.longest_chain);
	seq_printf(m, "gets %llu\n", st.gets);
	seq_printf(m, "hits %llu\n", st.hits);
	seq_printf(m, "misses %llu\n", st.misses);
	seq_printf(m, "inserts %llu\n", st.inserts);
	seq_printf(m, "replaces %llu\n", st.replaces);
	seq_printf(m, "deletes %llu\n", st.deletes);
	seq_printf(m, "bytes %llu\n", st.bytes);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kvmap_stats);

/* ---- bring-up and teardown ------------------------------------------ */

static struct kvmap_dev synclab_kvmap_dev = {
	.misc = SYNCLAB_MISCDEV(kvmap, &kvmap_dev_fops),
};

/* Undoes synclab_kvmap_init(), whichever of its steps ran. */
static void kvmap_dev_free(struct kvmap_dev *dev)
{
	synclab_dev_unregister(&dev->misc);
	debugfs_remove(dev->stats);
	dev->stats = NULL;
	kvmap_destroy(dev->map);
	dev->map = NULL;
	free_percpu(dev->pcpu);
	dev->pcpu = NULL;
}

int synclab_kvmap_init(void)
{
	struct kvmap_dev *dev = &synclab_kvmap_dev;
	int ret;

	init_rwsem(&dev->sem);
	ret = -ENOMEM;
	dev->pcpu = alloc_percpu(struct kvmap_dev_pcpu);
	if (!dev->pcpu)
		goto err_free;
	ret = kvmap_create(&dev->map, SYNCLAB_KVMAP_RCU,
			   SYNCLAB_KVMAP_DEFAULT_BUCKETS, 0);
	if (ret)
		goto err_free;
	/*
	 * debugfs is optional: its calls accept an error-pointer parent. The
	 * directory is the engine's (it holds "last", the last kernel run).
	 */
	dev->stats = debugfs_create_file("stats", 0400,
					 bench_debugfs_dir(SYNCLAB_BENCH_KVMAP),
					 dev, &kvmap_stats_fops);
	ret = synclab_dev_register(&dev->misc);
	if (ret)
		goto err_free;
	return 0;

err_free:
	kvmap_dev_free(dev);
	return ret;
}

void synclab_kvmap_exit(void)
{
	kvmap_dev_free(&synclab_kvmap_dev);
}
