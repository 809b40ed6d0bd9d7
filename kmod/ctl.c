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

static long synclab_ctl_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	if (cmd == SYNCLAB_IOC_BENCH_RUN)
		return synclab_bench_ioctl((void __user *)arg);
	return synclab_common_ioctl(file, cmd, (void __user *)arg);
}

static const struct file_operations synclab_ctl_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= synclab_ctl_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice synclab_ctl_dev = {
	.minor		= MISC_DYNAMIC_MINOR,
	.name		= "synclab-ctl",
	.nodename	= "synclab/ctl",
	.mode		= 0600,
	.fops		= &synclab_ctl_fops,
};

int synclab_ctl_init(void)
{
	return misc_register(&synclab_ctl_dev);
}

void synclab_ctl_exit(void)
{
	misc_deregister(&synclab_ctl_dev);
}
