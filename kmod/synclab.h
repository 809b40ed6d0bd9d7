/* SPDX-License-Identifier: GPL-2.0 */
/*
 * synclab module internals shared by the files of kmod/: the debugfs root,
 * the ioctl helpers every device uses, and the init/exit hooks of each part.
 */
#ifndef _SYNCLAB_H
#define _SYNCLAB_H

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/types.h>

#include "uapi/synclab.h"

#define SYNCLAB_NAME	"synclab"

/* /sys/kernel/debug/synclab/, or an ERR_PTR when debugfs is unavailable. */
extern struct dentry *synclab_debugfs;

u32 synclab_debug_flags(void);
long synclab_common_ioctl(struct file *file, unsigned int cmd,
			  void __user *uarg);
int synclab_copy_arg(void *karg, size_t size, const void __user *uarg,
		     const void *reserved, size_t reserved_size);
int synclab_probe_out(void __user *uarg, const void *karg, size_t size);
void synclab_report_out(void __user *uarg, const void *karg, size_t size);

/*
 * Every device of the module: the node /dev/synclab/@node, "synclab-@node"
 * in /proc/misc, root only. Its part's init registers it last, with
 * synclab_dev_register(); its part's cleanup starts with
 * synclab_dev_unregister(), which tolerates a device never registered.
 */
#define SYNCLAB_MISCDEV(node, dev_fops) {		\
	.minor		= MISC_DYNAMIC_MINOR,		\
	.name		= SYNCLAB_NAME "-" #node,	\
	.nodename	= SYNCLAB_NAME "/" #node,	\
	.mode		= 0600,				\
	.fops		= (dev_fops),			\
}

int synclab_dev_register(struct miscdevice *misc);
void synclab_dev_unregister(struct miscdevice *misc);

/*
 * Each ioctl command has one handler: <x>_ioc_<cmd>() for
 * SYNCLAB_<X>_IOC_<CMD>, synclab_ioc_<cmd>() for SYNCLAB_IOC_<CMD>.
 */
long synclab_ioc_bench_run(void __user *uarg);

/*
 * Parts of the module, brought up in the order of main.c's table and torn
 * down in reverse. A part's init either succeeds whole or undoes itself
 * through the same tolerant cleanup that its exit calls.
 */
int synclab_ctl_init(void);
void synclab_ctl_exit(void);
int synclab_bench_init(void);
void synclab_bench_exit(void);
struct dentry *bench_debugfs_dir(u32 structure);
int synclab_route_init(void);
void synclab_route_exit(void);
int synclab_ring_init(void);
void synclab_ring_exit(void);
int synclab_order_init(void);
void synclab_order_exit(void);

#endif /* _SYNCLAB_H */
