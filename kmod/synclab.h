/* SPDX-License-Identifier: GPL-2.0 */
/*
 * synclab module internals shared by the files of kmod/: the debugfs root,
 * the ioctl helpers every device uses, and the init/exit hooks of each part.
 */
#ifndef _SYNCLAB_H
#define _SYNCLAB_H

#include <linux/fs.h>
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

/* Parts of the module, brought up in this order and torn down in reverse. */
int synclab_ctl_init(void);
void synclab_ctl_exit(void);
int synclab_bench_init(void);
void synclab_bench_exit(void);
long synclab_bench_ioctl(void __user *uarg);
int synclab_route_init(void);
void synclab_route_exit(void);
int synclab_ring_init(void);
void synclab_ring_exit(void);
int synclab_order_init(void);
void synclab_order_exit(void);

#endif /* _SYNCLAB_H */
