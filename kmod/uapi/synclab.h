/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * synclab user API: the one header shared by the module (kmod/), the
 * userspace builds (user/), the CLI (tools/) and the tests (selftests/).
 *
 * Rules for every struct in this file:
 *  - fixed-width __u8..__u64 fields only, no implicit padding (offsets are
 *    given in comments and checked at build time on both sides);
 *  - user pointers travel as __u64;
 *  - "reserved" fields must be zero on input, or the ioctl fails with
 *    EINVAL; the kernel zeroes them on output.
 *
 * Every device node answers SYNCLAB_IOC_VERSION. Unknown commands fail
 * with ENOTTY.
 */
#ifndef _UAPI_SYNCLAB_H
#define _UAPI_SYNCLAB_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

/* Module version and ABI: bump SYNCLAB_ABI when a struct here changes. */
#define SYNCLAB_VERSION_MAJOR	0
#define SYNCLAB_VERSION_MINOR	1
#define SYNCLAB_ABI		1

/* Device nodes (devtmpfs creates them under /dev/synclab/). */
#define SYNCLAB_DEV_DIR		"/dev/synclab"
#define SYNCLAB_DEV_CTL		SYNCLAB_DEV_DIR "/ctl"

/* ioctl magic: unused in Documentation/userspace-api/ioctl/ioctl-number.rst */
#define SYNCLAB_IOC_MAGIC	0xB8

/*
 * Debug options of the running kernel, reported by SYNCLAB_IOC_VERSION so
 * that every result can say which checks were on while it was measured.
 */
#define SYNCLAB_DBG_LOCKDEP		_BITUL(0)	/* CONFIG_PROVE_LOCKING */
#define SYNCLAB_DBG_PROVE_RCU		_BITUL(1)	/* CONFIG_PROVE_RCU */
#define SYNCLAB_DBG_LOCK_STAT		_BITUL(2)	/* CONFIG_LOCK_STAT */
#define SYNCLAB_DBG_ATOMIC_SLEEP	_BITUL(3)	/* CONFIG_DEBUG_ATOMIC_SLEEP */
#define SYNCLAB_DBG_KASAN		_BITUL(4)	/* CONFIG_KASAN */
#define SYNCLAB_DBG_KCSAN		_BITUL(5)	/* CONFIG_KCSAN */
#define SYNCLAB_DBG_KMEMLEAK		_BITUL(6)	/* CONFIG_DEBUG_KMEMLEAK */
#define SYNCLAB_DBG_OBJECTS		_BITUL(7)	/* CONFIG_DEBUG_OBJECTS */
#define SYNCLAB_DBG_FAULT_INJECTION	_BITUL(8)	/* CONFIG_FAULT_INJECTION */
#define SYNCLAB_DBG_SPINLOCK		_BITUL(9)	/* CONFIG_DEBUG_SPINLOCK */
#define SYNCLAB_DBG_PREEMPT		_BITUL(10)	/* CONFIG_PREEMPT */
#define SYNCLAB_DBG_NBITS		11

/* Names of the SYNCLAB_DBG_* bits, in bit order, as results print them. */
#define SYNCLAB_DBG_NAMES { \
	"lockdep", "prove_rcu", "lock_stat", "atomic_sleep", "kasan", \
	"kcsan", "kmemleak", "debug_objects", "fault_injection", \
	"debug_spinlock", "preempt" }

/**
 * struct synclab_version - SYNCLAB_IOC_VERSION argument
 * @major:	out: SYNCLAB_VERSION_MAJOR of the loaded module	(offset 0)
 * @minor:	out: SYNCLAB_VERSION_MINOR			(offset 4)
 * @abi:	out: SYNCLAB_ABI; userspace refuses a mismatch	(offset 8)
 * @debug:	out: SYNCLAB_DBG_* bits of the running kernel	(offset 12)
 * @reserved:	in: must be zero				(offset 16)
 */
struct synclab_version {
	__u32 major;
	__u32 minor;
	__u32 abi;
	__u32 debug;
	__u64 reserved[4];
};

#define SYNCLAB_IOC_VERSION	_IOWR(SYNCLAB_IOC_MAGIC, 0x00, struct synclab_version)

#endif /* _UAPI_SYNCLAB_H */
