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
 * with ENOTTY. ioctl numbers: 0x00-0x0f common, 0x10-0x1f route,
 * 0x20-0x2f ring, 0x30-0x3f order, 0x40-0x4f benchmark runs.
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

/*
 * route: /dev/synclab/route, an IPv4 routing table with longest-prefix
 * match. Addresses and prefixes are __u32 in host byte order (10.0.0.0 is
 * 0x0a000000); a prefix has no bits set beyond its length.
 */
#define SYNCLAB_DEV_ROUTE	SYNCLAB_DEV_DIR "/route"

/* Protection modes, fixed when a table is created. */
#define SYNCLAB_ROUTE_RCU	0	/* lockless readers, RCU-deferred frees */
#define SYNCLAB_ROUTE_RWLOCK	1	/* readers share an rwlock_t */
#define SYNCLAB_ROUTE_SPINLOCK	2	/* readers take a spinlock_t */
#define SYNCLAB_ROUTE_MUTEX	3	/* readers take a struct mutex */
#define SYNCLAB_ROUTE_NMODES	4
#define SYNCLAB_ROUTE_MODE_NAMES { "rcu", "rwlock", "spinlock", "mutex" }

/* The most routes one LOAD may carry; more gives E2BIG. */
#define SYNCLAB_ROUTE_MAX_LOAD	_BITUL(22)

/* struct synclab_route.flags, out of ADD */
#define SYNCLAB_ROUTE_REPLACED	_BITUL(0)	/* the prefix existed */

/**
 * struct synclab_route - one route: ADD, DEL, and the array of LOAD/DUMP
 * @prefix:	IPv4 prefix, host byte order			(offset 0)
 * @nexthop:	next-hop id; DEL ignores it			(offset 4)
 * @len:	prefix length, 0..32				(offset 8)
 * @flags:	out of ADD: SYNCLAB_ROUTE_REPLACED; in: zero	(offset 9)
 * @reserved:	must be zero					(offset 10)
 */
struct synclab_route {
	__u32 prefix;
	__u32 nexthop;
	__u8 len;
	__u8 flags;
	__u8 reserved[2];
};

/**
 * struct synclab_route_lookup - SYNCLAB_ROUTE_IOC_LOOKUP argument
 * @addr:	in: the address to look up			(offset 0)
 * @nexthop:	out: next hop of the longest matching prefix	(offset 4)
 * @prefix:	out: that prefix				(offset 8)
 * @len:	out: its length					(offset 12)
 * @found:	out: 1 on a match, 0 when no prefix matches	(offset 13)
 * @reserved:	must be zero					(offset 14)
 */
struct synclab_route_lookup {
	__u32 addr;
	__u32 nexthop;
	__u32 prefix;
	__u8 len;
	__u8 found;
	__u8 reserved[2];
};

/**
 * struct synclab_route_table - SYNCLAB_ROUTE_IOC_CREATE argument
 * @mode:	SYNCLAB_ROUTE_RCU..MUTEX			(offset 0)
 * @reserved:	must be zero					(offset 4)
 */
struct synclab_route_table {
	__u32 mode;
	__u32 reserved[3];
};

/**
 * struct synclab_route_batch - SYNCLAB_ROUTE_IOC_LOAD / _DUMP argument
 * @routes:	user pointer to struct synclab_route[]		(offset 0)
 * @count:	LOAD: routes in the array (later duplicates win);
 *		DUMP: in, the array's capacity; out, routes copied (offset 8)
 * @total:	DUMP out: routes in the table, sorted by prefix then
 *		length; LOAD: must be zero			(offset 12)
 * @reserved:	must be zero					(offset 16)
 */
struct synclab_route_batch {
	__u64 routes;
	__u32 count;
	__u32 total;
	__u64 reserved[2];
};

/**
 * struct synclab_route_stats - SYNCLAB_ROUTE_IOC_STATS result
 * @mode:	the table's protection mode			(offset 0)
 * @prefixes:	routes in the table				(offset 8)
 * @lookups:	lookups through the device; @hits + @misses	(offset 16)
 * @adds:	ADDs of a new prefix				(offset 40)
 * @replaces:	ADDs that replaced an existing prefix's next hop
 * @deletes:	successful DELs
 * @loads:	bulk loads and flushes (each swaps a whole table)
 * @nodes:	trie nodes allocated now
 * @bytes:	memory the table holds now, all of it
 * @rcu_pending: call_rcu() callbacks queued, not yet run
 * @rcu_completed: call_rcu() callbacks that have run
 */
struct synclab_route_stats {
	__u32 mode;
	__u32 reserved0;
	__u64 prefixes;
	__u64 lookups;
	__u64 hits;
	__u64 misses;
	__u64 adds;
	__u64 replaces;
	__u64 deletes;
	__u64 loads;
	__u64 nodes;
	__u64 bytes;
	__u64 rcu_pending;
	__u64 rcu_completed;
	__u64 reserved[4];
};

#define SYNCLAB_ROUTE_IOC_CREATE	_IOW(SYNCLAB_IOC_MAGIC, 0x10, struct synclab_route_table)
#define SYNCLAB_ROUTE_IOC_ADD		_IOWR(SYNCLAB_IOC_MAGIC, 0x11, struct synclab_route)
#define SYNCLAB_ROUTE_IOC_DEL		_IOW(SYNCLAB_IOC_MAGIC, 0x12, struct synclab_route)
#define SYNCLAB_ROUTE_IOC_LOOKUP	_IOWR(SYNCLAB_IOC_MAGIC, 0x13, struct synclab_route_lookup)
#define SYNCLAB_ROUTE_IOC_FLUSH		_IO(SYNCLAB_IOC_MAGIC, 0x14)
#define SYNCLAB_ROUTE_IOC_LOAD		_IOW(SYNCLAB_IOC_MAGIC, 0x15, struct synclab_route_batch)
#define SYNCLAB_ROUTE_IOC_DUMP		_IOWR(SYNCLAB_IOC_MAGIC, 0x16, struct synclab_route_batch)
#define SYNCLAB_ROUTE_IOC_STATS		_IOR(SYNCLAB_IOC_MAGIC, 0x17, struct synclab_route_stats)

/*
 * ring: /dev/synclab/ring, a bounded ring of 8-byte records between many
 * producers and many consumers. write() pushes whole records and blocks
 * while the ring is full; read() pops whole records and blocks while it is
 * empty; a length that is not a multiple of 8 fails with EINVAL. After
 * SHUTDOWN, write() fails with ESHUTDOWN, read() drains what is left and
 * then fails with ESHUTDOWN, and nothing blocks, until RESET or CREATE.
 */
#define SYNCLAB_DEV_RING	SYNCLAB_DEV_DIR "/ring"

/* Protection modes, fixed when a ring is created. */
#define SYNCLAB_RING_SPINLOCK	0	/* producer and consumer spinlock_t */
#define SYNCLAB_RING_MUTEX	1	/* producer and consumer struct mutex */
#define SYNCLAB_RING_SPSC	2	/* lockless, one producer, one consumer */
#define SYNCLAB_RING_NMODES	3
#define SYNCLAB_RING_MODE_NAMES { "spinlock", "mutex", "spsc" }

/* Capacity in records: a power of two, 1..SYNCLAB_RING_MAX_CAPACITY. */
#define SYNCLAB_RING_MAX_CAPACITY	_BITUL(22)
#define SYNCLAB_RING_DEFAULT_CAPACITY	1024

/**
 * struct synclab_ring_rec - one record, the unit of read() and write()
 * @seq:	the producer's sequence number, 0, 1, 2...	(offset 0)
 * @producer:	who wrote it				(offset 4)
 * @check:	synclab_ring_check(@producer, @seq)		(offset 6)
 *
 * The ring itself moves 8 opaque bytes; the fields let a reader detect a
 * lost (gap in @seq), duplicated, reordered or torn (bad @check) record.
 */
struct synclab_ring_rec {
	__u32 seq;
	__u16 producer;
	__u16 check;
};

/*
 * The checksum of a record: a 16-bit fold of a multiply-xorshift mix of
 * both fields. An all-zero record does not pass (check(0, 0) != 0).
 */
static inline __u16 synclab_ring_check(__u16 producer, __u32 seq)
{
	__u32 x = (seq * 0x9e3779b1U) ^ (producer * 0x85ebca77U + 0x165667b1U);

	x ^= x >> 15;
	x *= 0x2c1b3c6dU;
	x ^= x >> 12;
	return (__u16)(x ^ (x >> 16));
}

static inline struct synclab_ring_rec
synclab_ring_rec_make(__u16 producer, __u32 seq)
{
	struct synclab_ring_rec rec = {
		.seq = seq,
		.producer = producer,
		.check = synclab_ring_check(producer, seq),
	};

	return rec;
}

static inline int synclab_ring_rec_ok(const struct synclab_ring_rec *rec)
{
	return rec->check == synclab_ring_check(rec->producer, rec->seq);
}

/**
 * struct synclab_ring_config - SYNCLAB_RING_IOC_CREATE argument
 * @capacity:	records, a power of two up to SYNCLAB_RING_MAX_CAPACITY
 *								(offset 0)
 * @mode:	SYNCLAB_RING_SPINLOCK..SPSC			(offset 4)
 * @reserved:	must be zero					(offset 8)
 */
struct synclab_ring_config {
	__u32 capacity;
	__u32 mode;
	__u64 reserved[2];
};

/* struct synclab_ring_stats.flags */
#define SYNCLAB_RING_SHUT	_BITUL(0)	/* SHUTDOWN, no RESET since */

/**
 * struct synclab_ring_stats - SYNCLAB_RING_IOC_STAT result
 *
 * A snapshot taken without stopping the ring: under traffic the fields
 * are each exact but not from one instant. Counters start at zero at
 * CREATE and RESET.
 *
 * @capacity:	records the ring holds			(offset 0)
 * @mode:	SYNCLAB_RING_SPINLOCK..SPSC		(offset 4)
 * @count:	records in the ring now			(offset 8)
 * @hwm:	high-water mark of @count; in spsc mode sampled when the
 *		producer re-reads @tail (always when it finds the ring full)
 *							(offset 12)
 * @head:	producer index: records ever pushed, mod 2^32	(offset 16)
 * @tail:	consumer index: records ever popped, mod 2^32	(offset 20)
 * @flags:	SYNCLAB_RING_SHUT				(offset 24)
 * @reserved0:	zero						(offset 28)
 * @pushes:	records pushed					(offset 32)
 * @pops:	records popped					(offset 40)
 * @full:	pushes that found no free slot			(offset 48)
 * @empty:	pops that found no record			(offset 56)
 * @producer_waits: writers that slept because the ring was full (offset 64)
 * @consumer_waits: readers that slept because it was empty (offset 72)
 * @wakeups:	wake-ups of a wait queue that had sleepers	(offset 80)
 * @producer_contended: producer lock taken only after a failed trylock
 *							(offset 88)
 * @consumer_contended: the same for the consumer lock	(offset 96)
 * @reserved:	zero						(offset 104)
 */
struct synclab_ring_stats {
	__u32 capacity;
	__u32 mode;
	__u32 count;
	__u32 hwm;
	__u32 head;
	__u32 tail;
	__u32 flags;
	__u32 reserved0;
	__u64 pushes;
	__u64 pops;
	__u64 full;
	__u64 empty;
	__u64 producer_waits;
	__u64 consumer_waits;
	__u64 wakeups;
	__u64 producer_contended;
	__u64 consumer_contended;
	__u64 reserved[4];
};

/*
 * CREATE replaces the ring (records dropped, counters zeroed, shutdown
 * cleared); on error the old ring stays. RESET empties the ring, zeroes
 * its counters and clears shutdown. SHUTDOWN wakes every blocked reader
 * and writer with ESHUTDOWN; see SYNCLAB_DEV_RING above.
 */
#define SYNCLAB_RING_IOC_CREATE		_IOW(SYNCLAB_IOC_MAGIC, 0x20, struct synclab_ring_config)
#define SYNCLAB_RING_IOC_STAT		_IOR(SYNCLAB_IOC_MAGIC, 0x21, struct synclab_ring_stats)
#define SYNCLAB_RING_IOC_RESET		_IO(SYNCLAB_IOC_MAGIC, 0x22)
#define SYNCLAB_RING_IOC_SHUTDOWN	_IO(SYNCLAB_IOC_MAGIC, 0x23)

#endif /* _UAPI_SYNCLAB_H */
