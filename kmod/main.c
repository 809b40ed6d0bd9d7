// SPDX-License-Identifier: GPL-2.0
/*
 * synclab: a concurrency laboratory. This file brings the module up and
 * down and holds what every device shares: the debugfs root, the version
 * ioctl and the copy-in/validate step of every ioctl.
 *
 * Bring-up is one straight line over the parts table; a failure unwinds
 * through the same synclab_cleanup() that module exit calls, and that
 * cleanup tolerates a half-built module because it only tears down the
 * parts that came up.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/debugfs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/stringify.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>

#include "synclab.h"

/*
 * The UAPI's sizes and offsets, checked where the module is built against
 * the one list that the host's uapi_test checks too.
 */
#define SYNCLAB_UAPI_STRUCT(s, size)	static_assert(sizeof(struct s) == (size))
#define SYNCLAB_UAPI_FIELD(s, f, off)	static_assert(offsetof(struct s, f) == (off))
#include "uapi_layout.h"
#undef SYNCLAB_UAPI_STRUCT
#undef SYNCLAB_UAPI_FIELD

struct dentry *synclab_debugfs;

static const char * const synclab_debug_names[SYNCLAB_DBG_NBITS] =
	SYNCLAB_DBG_NAMES;

/* The debug options compiled into the running kernel, as SYNCLAB_DBG_* bits. */
u32 synclab_debug_flags(void)
{
	u32 flags = 0;

	if (IS_ENABLED(CONFIG_PROVE_LOCKING))
		flags |= SYNCLAB_DBG_LOCKDEP;
	if (IS_ENABLED(CONFIG_PROVE_RCU))
		flags |= SYNCLAB_DBG_PROVE_RCU;
	if (IS_ENABLED(CONFIG_LOCK_STAT))
		flags |= SYNCLAB_DBG_LOCK_STAT;
	if (IS_ENABLED(CONFIG_DEBUG_ATOMIC_SLEEP))
		flags |= SYNCLAB_DBG_ATOMIC_SLEEP;
	if (IS_ENABLED(CONFIG_KASAN))
		flags |= SYNCLAB_DBG_KASAN;
	if (IS_ENABLED(CONFIG_KCSAN))
		flags |= SYNCLAB_DBG_KCSAN;
	if (IS_ENABLED(CONFIG_DEBUG_KMEMLEAK))
		flags |= SYNCLAB_DBG_KMEMLEAK;
	if (IS_ENABLED(CONFIG_DEBUG_OBJECTS))
		flags |= SYNCLAB_DBG_OBJECTS;
	if (IS_ENABLED(CONFIG_FAULT_INJECTION))
		flags |= SYNCLAB_DBG_FAULT_INJECTION;
	if (IS_ENABLED(CONFIG_DEBUG_SPINLOCK))
		flags |= SYNCLAB_DBG_SPINLOCK;
	if (IS_ENABLED(CONFIG_PREEMPT))
		flags |= SYNCLAB_DBG_PREEMPT;
	return flags;
}

/**
 * synclab_copy_arg() - copy an ioctl argument in, once, and validate it
 * @karg:	 zeroed kernel copy to fill
 * @size:	 size of the argument struct
 * @uarg:	 user pointer from the ioctl
 * @reserved:	 the reserved bytes inside @karg
 * @reserved_size: their size
 *
 * Every ioctl acts on the kernel copy only, never on user memory again.
 *
 * Return: 0, -EFAULT for an unreadable argument, -EINVAL when a reserved
 * byte is not zero.
 */
int synclab_copy_arg(void *karg, size_t size, const void __user *uarg,
		     const void *reserved, size_t reserved_size)
{
	if (copy_from_user(karg, uarg, size))
		return -EFAULT;
	if (reserved_size && memchr_inv(reserved, 0, reserved_size))
		return -EINVAL;
	return 0;
}

/**
 * synclab_probe_out() - before a command acts: can its result be written?
 * @uarg:	the user argument
 * @karg:	the kernel copy read from it, written back unchanged
 * @size:	its size
 *
 * The rule for every command that changes state and then reports: check
 * first that the report can be written (a read-only argument fails here,
 * with nothing changed); once the change is made, the command succeeds
 * even if the report then cannot be written (the caller unmapped it
 * meanwhile): a change is never reported as a failure.
 *
 * Return: 0 or -EFAULT.
 */
int synclab_probe_out(void __user *uarg, const void *karg, size_t size)
{
	return copy_to_user(uarg, karg, size) ? -EFAULT : 0;
}

/* After the change: write the report if the caller still lets us. */
void synclab_report_out(void __user *uarg, const void *karg, size_t size)
{
	if (copy_to_user(uarg, karg, size))
		pr_debug("a command's result could not be written back\n");
}

static long synclab_ioc_version(void __user *uarg)
{
	struct synclab_version v = {};
	int ret;

	ret = synclab_copy_arg(&v, sizeof(v), uarg, v.reserved,
			       sizeof(v.reserved));
	if (ret)
		return ret;
	v.major = SYNCLAB_VERSION_MAJOR;
	v.minor = SYNCLAB_VERSION_MINOR;
	v.abi = SYNCLAB_ABI;
	v.debug = synclab_debug_flags();
	if (copy_to_user(uarg, &v, sizeof(v)))
		return -EFAULT;
	return 0;
}

/**
 * synclab_common_ioctl() - the commands every synclab device answers
 * @file:	the open device
 * @cmd:	ioctl command
 * @uarg:	its argument
 *
 * Each device's ioctl handler ends in this call for commands it does not
 * know itself.
 *
 * Return: the command's result, or -ENOTTY for an unknown command.
 */
long synclab_common_ioctl(struct file *file, unsigned int cmd,
			  void __user *uarg)
{
	switch (cmd) {
	case SYNCLAB_IOC_VERSION:
		return synclab_ioc_version(uarg);
	default:
		return -ENOTTY;
	}
}

/**
 * synclab_dev_register() - make a device's node appear, the last step of
 * its part's init
 * @misc:	the device, initialized with SYNCLAB_MISCDEV()
 *
 * Return: 0, or misc_register()'s error with @misc left unregistered, so
 * that synclab_dev_unregister() of it does nothing.
 */
int synclab_dev_register(struct miscdevice *misc)
{
	int ret;

	ret = misc_register(misc);
	if (ret)
		misc->this_device = NULL;
	return ret;
}

/**
 * synclab_dev_unregister() - remove a node synclab_dev_register() made
 * @misc:	the device; nothing happens when it has no node
 *
 * The first step of every part's tolerant cleanup, which runs both when
 * its init fails halfway and at module exit.
 */
void synclab_dev_unregister(struct miscdevice *misc)
{
	if (!misc->this_device)
		return;
	misc_deregister(misc);
	misc->this_device = NULL;
}

static int version_show(struct seq_file *m, void *unused)
{
	u32 flags = synclab_debug_flags();
	unsigned int i;

	seq_printf(m, "synclab %u.%u abi %u\n", SYNCLAB_VERSION_MAJOR,
		   SYNCLAB_VERSION_MINOR, SYNCLAB_ABI);
	seq_printf(m, "kernel %s\n", init_utsname()->release);
	seq_puts(m, "debug");
	for (i = 0; i < SYNCLAB_DBG_NBITS; i++)
		if (flags & (1U << i))
			seq_printf(m, " %s", synclab_debug_names[i]);
	seq_putc(m, '\n');
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(version);

struct synclab_part {
	const char *name;
	int (*init)(void);
	void (*exit)(void);
};

static const struct synclab_part synclab_parts[] = {
	{ "bench", synclab_bench_init, synclab_bench_exit },
	{ "ctl", synclab_ctl_init, synclab_ctl_exit },
	{ "route", synclab_route_init, synclab_route_exit },
	{ "ring", synclab_ring_init, synclab_ring_exit },
	{ "order", synclab_order_init, synclab_order_exit },
};

/* How many entries of synclab_parts[] are up; only module init/exit touch it. */
static unsigned int synclab_parts_up;

static void synclab_cleanup(void)
{
	while (synclab_parts_up) {
		const struct synclab_part *part;

		part = &synclab_parts[--synclab_parts_up];
		part->exit();
	}
	debugfs_remove(synclab_debugfs);
	synclab_debugfs = NULL;
	/* No callback of ours may run once the module text is gone. */
	rcu_barrier();
}

static int __init synclab_init(void)
{
	unsigned int i;
	int ret;

	/* debugfs is optional: its calls accept the error pointer. */
	synclab_debugfs = debugfs_create_dir(SYNCLAB_NAME, NULL);
	debugfs_create_file("version", 0400, synclab_debugfs, NULL,
			    &version_fops);

	for (i = 0; i < ARRAY_SIZE(synclab_parts); i++) {
		ret = synclab_parts[i].init();
		if (ret) {
			pr_err("%s: init failed: %d\n", synclab_parts[i].name,
			       ret);
			goto err_cleanup;
		}
		synclab_parts_up++;
	}
	pr_info("loaded, version %u.%u abi %u\n", SYNCLAB_VERSION_MAJOR,
		SYNCLAB_VERSION_MINOR, SYNCLAB_ABI);
	return 0;

err_cleanup:
	synclab_cleanup();
	return ret;
}

static void __exit synclab_exit(void)
{
	synclab_cleanup();
	pr_info("unloaded\n");
}

module_init(synclab_init);
module_exit(synclab_exit);

MODULE_LICENSE("GPL");
/* "MAJOR.MINOR" for modinfo and DKMS; synclab_abi: what the CLI checks */
MODULE_VERSION(__stringify(SYNCLAB_VERSION_MAJOR) "." __stringify(SYNCLAB_VERSION_MINOR));
MODULE_INFO(synclab_abi, __stringify(SYNCLAB_ABI));
MODULE_DESCRIPTION("synclab: RCU, spinlock and lock-ordering laboratory");
MODULE_AUTHOR("synclab developers");
