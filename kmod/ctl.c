// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/synclab/ctl: the control node. It answers the commands every
 * synclab device shares (the version query) and starts benchmark runs
 * (SYNCLAB_IOC_BENCH_RUN, kmod/bench_kernel.c).
 *
 * The node has no state of its own, so it takes no lock.
 */
#include <linux/miscdevice.h>
#include <linux/module.h>

#include "synclab.h"

static long ctl_dev_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	if (cmd == SYNCLAB_IOC_BENCH_RUN)
		return synclab_ioc_bench_run((void __user *)arg);
	return synclab_common_ioctl(file, cmd, (void __user *)arg);
}

static const struct file_operations ctl_dev_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= ctl_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice synclab_ctl_dev = SYNCLAB_MISCDEV(ctl, &ctl_dev_fops);

int synclab_ctl_init(void)
{
	return synclab_dev_register(&synclab_ctl_dev);
}

void synclab_ctl_exit(void)
{
	synclab_dev_unregister(&synclab_ctl_dev);
}
