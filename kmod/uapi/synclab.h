/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * synclab user API: the one header shared by the module (kmod/), the
 * userspace builds (user/), the CLI (tools/) and the tests (selftests/).
 *
 * Rules for every struct in this file:
 *  - fixed-width __u8..__u64 fields only, no implicit padding (offsets are
 *    given in comments and checked at build time on both sides, against
 *    the one list in kmod/uapi_layout.h: a new struct adds its lines
 *    there);
 *  - user pointers travel as __u64;
 *  - "reserved" fields must be zero on input, or the ioctl fails with
 *    EINVAL; the kernel zeroes them on output.
 *
 * Every device node answers SYNCLAB_IOC_VERSION. Unknown commands fail
 * with ENOTTY. A command that fails changes nothing. A command that
 * changes state and writes a result back (route ADD, order TRANSFER)
 * first checks that it can write there (EFAULT, nothing changed); once the
 * change is made it succeeds, even if the result can no longer be written.
 *
 * ioctl numbers: 0x00-0x0f common, 0x10-0x1f route, 0x20-0x2f ring,
 * 0x30-0x3f order, 0x40-0x4f benchmark runs; reserved for the structures
 * that come next: 0x50-0x5f counter, 0x60-0x6f litmus, 0x70-0x7f lfstack,
 * 0x80-0x8f kvmap.
 */
#ifndef _UAPI_SYNCLAB_H
#define _UAPI_SYNCLAB_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

/* Module version and ABI: bump SYNCLAB_ABI when a struct here changes. */
#define SYNCLAB_VERSION_MAJOR	0
#define SYNCLAB_VERSION_MINOR	1
#define SYNCLAB_ABI		2

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

/*
 * The netmask of a prefix length, host byte order: 8 gives 0xff000000,
 * 0 gives 0; a length over 32 is taken as 32.
 */
static inline __u32 synclab_route_mask(__u32 len)
{
	return len == 0 ? 0 : len >= 32 ? ~0U : ~0U << (32 - len);
}

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
 * @reserved0:	zero						(offset 4)
 * @prefixes:	routes in the table				(offset 8)
 * @lookups:	lookups through the device; @hits + @misses	(offset 16)
 * @hits:	lookups that found a prefix			(offset 24)
 * @misses:	lookups that found none				(offset 32)
 * @adds:	ADDs of a new prefix				(offset 40)
 * @replaces:	ADDs that replaced an existing prefix's next hop
 *								(offset 48)
 * @deletes:	successful DELs					(offset 56)
 * @loads:	bulk loads and flushes (each swaps a whole table)
 *								(offset 64)
 * @nodes:	trie nodes allocated now			(offset 72)
 * @bytes:	memory the table holds now, all of it		(offset 80)
 * @rcu_pending: call_rcu() callbacks queued, not yet run	(offset 88)
 * @rcu_completed: call_rcu() callbacks that have run		(offset 96)
 * @reserved:	zero						(offset 104)
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
 * The ring itself moves 8 opaque bytes, any but all zeros (its empty
 * slot: write() refuses such a record with EINVAL); the fields let a
 * reader detect a lost (gap in @seq), duplicated, reordered or torn (bad
 * @check) record.
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
 * @hwm:	high-water mark of @count as producers saw it: never
 *		below the true mark, exact until records are popped, then
 *		high by at most the records popped since a producer last
 *		read @tail (it does when the ring looks full and at least
 *		once every 64 records pushed)			(offset 12)
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

/*
 * order: /dev/synclab/order, a bank of accounts. Each account has its own
 * lock and balance; a transfer locks two accounts, so the order in which
 * it takes them decides between "always works" and "deadlock". The
 * strategy says how a transfer takes its locks; the total balance never
 * changes, and AUDIT proves it at any moment.
 */
#define SYNCLAB_DEV_ORDER	SYNCLAB_DEV_DIR "/order"

/*
 * Locking strategies of a bank; STRATEGY switches between them at any
 * time. INVERTED is refused (EPERM) unless synclab was loaded with
 * order_allow_inverted=1 and the opener of the device has CAP_SYS_ADMIN.
 */
#define SYNCLAB_ORDER_ORDERED	0	/* lower account id first, then higher */
#define SYNCLAB_ORDER_TRYLOCK	1	/* lock one, try the other, back off */
#define SYNCLAB_ORDER_COARSE	2	/* one lock for the whole bank */
#define SYNCLAB_ORDER_INVERTED	3	/* from, then to: the ABBA bug */
#define SYNCLAB_ORDER_NSTRATEGIES 4
#define SYNCLAB_ORDER_STRATEGY_NAMES { "ordered", "trylock", "coarse", "inverted" }

/* Accounts in a bank: ids are 0..accounts-1. */
#define SYNCLAB_ORDER_MIN_ACCOUNTS	2
#define SYNCLAB_ORDER_MAX_ACCOUNTS	65536

/* struct synclab_order_create.flags */
#define SYNCLAB_ORDER_OVERDRAW	_BITUL(0)	/* balances may go below zero */
#define SYNCLAB_ORDER_FLAGS	SYNCLAB_ORDER_OVERDRAW

/**
 * struct synclab_order_create - SYNCLAB_ORDER_IOC_CREATE argument: replaces
 * the device's bank (the module starts with 16 accounts of 1000, ordered)
 * @accounts:	SYNCLAB_ORDER_MIN_ACCOUNTS..MAX_ACCOUNTS	(offset 0)
 * @strategy:	SYNCLAB_ORDER_ORDERED..INVERTED			(offset 4)
 * @balance:	initial balance of every account, >= 0; the total,
 *		accounts * balance, must fit in __s64		(offset 8)
 * @flags:	SYNCLAB_ORDER_OVERDRAW or 0			(offset 16)
 * @reserved0:	must be zero					(offset 20)
 * @reserved:	must be zero					(offset 24)
 */
struct synclab_order_create {
	__u32 accounts;
	__u32 strategy;
	__s64 balance;
	__u32 flags;
	__u32 reserved0;
	__u64 reserved[2];
};

/**
 * struct synclab_order_transfer - SYNCLAB_ORDER_IOC_TRANSFER argument
 * @from:	account to take @amount from			(offset 0)
 * @to:		account to give it to, not @from		(offset 4)
 * @amount:	0..S64_MAX					(offset 8)
 * @retries:	out (ignored in): failed trylocks, retried	(offset 16)
 * @backoffs:	out (ignored in): retries that first waited a random
 *		delay						(offset 20)
 * @strategy:	out (ignored in): the strategy it ran under	(offset 24)
 * @reserved0:	must be zero					(offset 28)
 * @reserved:	must be zero					(offset 32)
 *
 * Fails, changing nothing, with EINVAL for an id out of range, @from ==
 * @to or @amount > S64_MAX; with ERANGE when a balance would leave its
 * range: below zero on a bank without SYNCLAB_ORDER_OVERDRAW, beyond __s64
 * on one with it; with EINTR when a fatal signal ends a lock wait.
 */
struct synclab_order_transfer {
	__u32 from;
	__u32 to;
	__u64 amount;
	__u32 retries;
	__u32 backoffs;
	__u32 strategy;
	__u32 reserved0;
	__u64 reserved[2];
};

/**
 * struct synclab_order_audit - SYNCLAB_ORDER_IOC_AUDIT result; every
 * field is out, the whole struct must be zero on input
 * @total:	sum of the balances, taken with no transfer in flight
 *		(offset 0)
 * @expected:	accounts * initial balance			(offset 8)
 * @ok:		1 when @total == @expected			(offset 16)
 * @accounts:	accounts in the bank				(offset 20)
 * @strategy:	the bank's strategy				(offset 24)
 * @flags:	the bank's flags				(offset 28)
 * @reserved:	must be zero					(offset 32)
 */
struct synclab_order_audit {
	__s64 total;
	__s64 expected;
	__u32 ok;
	__u32 accounts;
	__u32 strategy;
	__u32 flags;
	__u64 reserved[2];
};

/**
 * struct synclab_order_strategy - SYNCLAB_ORDER_IOC_STRATEGY argument
 * @strategy:	SYNCLAB_ORDER_ORDERED..INVERTED			(offset 0)
 * @reserved:	must be zero					(offset 4)
 */
struct synclab_order_strategy {
	__u32 strategy;
	__u32 reserved[3];
};

/**
 * struct synclab_order_demo - SYNCLAB_ORDER_IOC_DEMO result: the demo takes
 * two accounts of a private bank in one order, then in the other, in one
 * thread; lockdep reports the cycle, nothing deadlocks. Needs what
 * SYNCLAB_ORDER_INVERTED needs. Every field is out, zero on input.
 * @lockdep:	1 when the kernel has lockdep (CONFIG_PROVE_LOCKING) (offset 0)
 * @before:	1 when lockdep was still checking before the demo (offset 4)
 * @after:	1 when it still is after it; @before 1 and @after 0 mean
 *		lockdep has reported (see `synclab order explain`) (offset 8)
 * @reserved0:	must be zero					(offset 12)
 * @reserved:	must be zero					(offset 16)
 */
struct synclab_order_demo {
	__u32 lockdep;
	__u32 before;
	__u32 after;
	__u32 reserved0;
	__u64 reserved[2];
};

/**
 * struct synclab_order_counts - what the device counted for one strategy
 * since the bank was created
 * @transfers:	transfers done					(offset 0)
 * @refused:	transfers refused with ERANGE			(offset 8)
 * @retries:	failed trylocks retried				(offset 16)
 * @backoffs:	retries that waited first			(offset 24)
 */
struct synclab_order_counts {
	__u64 transfers;
	__u64 refused;
	__u64 retries;
	__u64 backoffs;
};

/**
 * struct synclab_order_stats - SYNCLAB_ORDER_IOC_STATS result; every field
 * is out, the whole struct must be zero on input
 * @accounts:	accounts in the bank				(offset 0)
 * @strategy:	the bank's strategy now				(offset 4)
 * @flags:	the bank's flags				(offset 8)
 * @reserved0:	must be zero					(offset 12)
 * @audits:	audits since the bank was created		(offset 16)
 * @per:	counts per strategy, indexed by SYNCLAB_ORDER_*	(offset 24)
 * @reserved:	must be zero					(offset 152)
 */
struct synclab_order_stats {
	__u32 accounts;
	__u32 strategy;
	__u32 flags;
	__u32 reserved0;
	__u64 audits;
	struct synclab_order_counts per[SYNCLAB_ORDER_NSTRATEGIES];
	__u64 reserved[4];
};

#define SYNCLAB_ORDER_IOC_CREATE \
	_IOW(SYNCLAB_IOC_MAGIC, 0x30, struct synclab_order_create)
#define SYNCLAB_ORDER_IOC_TRANSFER \
	_IOWR(SYNCLAB_IOC_MAGIC, 0x31, struct synclab_order_transfer)
#define SYNCLAB_ORDER_IOC_AUDIT \
	_IOWR(SYNCLAB_IOC_MAGIC, 0x32, struct synclab_order_audit)
#define SYNCLAB_ORDER_IOC_STRATEGY \
	_IOW(SYNCLAB_IOC_MAGIC, 0x33, struct synclab_order_strategy)
#define SYNCLAB_ORDER_IOC_DEMO \
	_IOWR(SYNCLAB_IOC_MAGIC, 0x34, struct synclab_order_demo)
#define SYNCLAB_ORDER_IOC_STATS \
	_IOWR(SYNCLAB_IOC_MAGIC, 0x35, struct synclab_order_stats)

/*
 * counter: a shared count that threads add one to, run through the
 * benchmark (SYNCLAB_BENCH_COUNTER; no device of its own). Its modes are
 * the lost update and three fixes for it (kmod/counter.c):
 */
#define SYNCLAB_COUNTER_RACY	0	/* load, add one, store: loses updates */
#define SYNCLAB_COUNTER_ATOMIC	1	/* atomic_long_inc(): one locked add */
#define SYNCLAB_COUNTER_LOCKED	2	/* a spinlock_t around the increment */
#define SYNCLAB_COUNTER_PERCPU	3	/* percpu_counter: per-CPU adds, summed */
#define SYNCLAB_COUNTER_NMODES	4
#define SYNCLAB_COUNTER_MODE_NAMES { "racy", "atomic", "locked", "percpu" }
/* percpu's batch, workload.keys: 1..SYNCLAB_COUNTER_MAX_BATCH (default 32) */
#define SYNCLAB_COUNTER_MAX_BATCH	_BITUL(20)

/*
 * A counter run's own counters, struct synclab_result.stats[]. Role 0
 * adds (one per work item), role 1 reads: percpu_counter_read() then
 * percpu_counter_sum() in percpu mode, the one exact read elsewhere.
 */
#define SYNCLAB_COUNTER_STAT_INCREMENTS	0	/* increments done, warm-up too */
#define SYNCLAB_COUNTER_STAT_TOTAL	1	/* the counter's total at the end */
#define SYNCLAB_COUNTER_STAT_LOST	2	/* increments - total: lost updates */
#define SYNCLAB_COUNTER_STAT_BACKWARDS	3	/* reads below the reader's last */
#define SYNCLAB_COUNTER_STAT_READ_ERR	4	/* percpu: largest sum - fast read */
#define SYNCLAB_COUNTER_STAT_BATCH	5	/* percpu: the batch of the folds */
#define SYNCLAB_COUNTER_NSTATS		6
#define SYNCLAB_COUNTER_STAT_NAMES { "increments", "total", "lost", \
	"backwards", "read_err_max", "batch" }

/*
 * lfstack: a Treiber stack (kmod/lfstack.c), benchmark only (structure
 * SYNCLAB_BENCH_LFSTACK, no device). Roles: pusher, popper; keys: the
 * pool's nodes (locked, naive, tagged); prefill: nodes pushed before the
 * start. Its modes show the ABA problem (naive) and three cures.
 */
#define SYNCLAB_LFSTACK_LOCKED		0	/* a spinlock, the baseline */
#define SYNCLAB_LFSTACK_NAIVE		1	/* bare CAS, nodes reused: ABA */
#define SYNCLAB_LFSTACK_TAGGED		2	/* pointer + generation, 16-byte CAS */
#define SYNCLAB_LFSTACK_HAZPTR		3	/* hazard pointers */
#define SYNCLAB_LFSTACK_RCU		4	/* rcu_read_lock(), call_rcu() */
#define SYNCLAB_LFSTACK_NMODES		5
#define SYNCLAB_LFSTACK_MODE_NAMES \
	{ "locked", "naive", "tagged", "hazptr", "rcu" }
/*
 * Peers: the kernel's llist (kthreads; its deleters serialized by a
 * spinlock), Concurrency Kit's ck_stack with ck_hp hazard pointers and
 * with ck_epoch (host). Their window must be 0.
 */
#define SYNCLAB_BENCH_LFSTACK_LLIST	SYNCLAB_LFSTACK_NMODES		/* 5 */
#define SYNCLAB_BENCH_LFSTACK_CK_HP	(SYNCLAB_LFSTACK_NMODES + 1)	/* 6 */
#define SYNCLAB_BENCH_LFSTACK_CK_EPOCH	(SYNCLAB_LFSTACK_NMODES + 2)	/* 7 */
#define SYNCLAB_LFSTACK_NPEERS		3
#define SYNCLAB_LFSTACK_MAX_NODES	4194304
/*
 * workload.param[0]: ns between reading head->next and the CAS (locked:
 * inside the lock), 0..SYNCLAB_LFSTACK_MAX_WINDOW_NS; the rest must be 0.
 */
#define SYNCLAB_LFSTACK_MAX_WINDOW_NS	100000
#define SYNCLAB_LFSTACK_PARAM_NAMES	{ "window-ns" }
/*
 * result.stats[]: ABA events (a pop whose CAS took a head that had been
 * popped and pushed again meanwhile); duplicated (naive: a pop unlinked
 * a node not linked any more, or the audit found one still linked); lost
 * (linked, unreachable); cycle (1: the stack loops); poisoned (a pop read
 * a freed node: never); held_peak and held_avg (nodes retired and not yet
 * freed, sampled every 64 pops by each thread: hazptr, rcu); retired_max
 * (hazptr: the longest retire list, at most R = 2 * threads + 32);
 * hp_bound (hazptr: threads * R, the bound on held nodes); node_bytes;
 * scans (hazptr); grace_periods (rcu, kernel side: from
 * get_state_synchronize_rcu(); 0 in userspace); pushes and pops (the
 * whole run, prefill included); left (nodes on the stack at the end).
 */
#define SYNCLAB_LFSTACK_STAT_ABA		0
#define SYNCLAB_LFSTACK_STAT_DUPLICATED		1
#define SYNCLAB_LFSTACK_STAT_LOST		2
#define SYNCLAB_LFSTACK_STAT_CYCLE		3
#define SYNCLAB_LFSTACK_STAT_POISONED		4
#define SYNCLAB_LFSTACK_STAT_HELD_PEAK		5
#define SYNCLAB_LFSTACK_STAT_HELD_AVG		6
#define SYNCLAB_LFSTACK_STAT_RETIRED_MAX	7
#define SYNCLAB_LFSTACK_STAT_HP_BOUND		8
#define SYNCLAB_LFSTACK_STAT_NODE_BYTES		9
#define SYNCLAB_LFSTACK_STAT_SCANS		10
#define SYNCLAB_LFSTACK_STAT_GRACE_PERIODS	11
#define SYNCLAB_LFSTACK_STAT_PUSHES		12
#define SYNCLAB_LFSTACK_STAT_POPS		13
#define SYNCLAB_LFSTACK_STAT_LEFT		14
#define SYNCLAB_LFSTACK_NSTATS			15
#define SYNCLAB_LFSTACK_STAT_NAMES \
	{ "aba", "duplicated", "lost", "cycle", "poisoned", "held_peak", \
	  "held_avg", "retired_max", "hp_bound", "node_bytes", "scans", \
	  "grace_periods", "pushes", "pops", "left" }

/*
 * litmus: memory-ordering litmus tests, run by the benchmark engine
 * (structure SYNCLAB_BENCH_LITMUS): one thread per role, on two CPUs,
 * meeting before every iteration. param[0] is a shape, param[1] a
 * variant: the barriers or orderings between its accesses. Not every
 * shape takes every variant (kmod/litmus.h lists the pairs); another pair
 * fails with EINVAL, and so do threads other than one per role, a mix, and
 * param[2] or param[3] not zero. Each outcome is two bits, the two conjuncts of the
 * shape's "exists" clause (as in the LKMM's litmus tests): bit 0 the
 * first, bit 1 the second, so SYNCLAB_LITMUS_BOTH is the outcome the test
 * asks about. stats[]: the iterations of each outcome, then iterations.
 */
#define SYNCLAB_LITMUS_SB	0	/* store buffering */
#define SYNCLAB_LITMUS_MP	1	/* message passing */
#define SYNCLAB_LITMUS_LB	2	/* load buffering */
#define SYNCLAB_LITMUS_S	3	/* store -> store against load -> store */
#define SYNCLAB_LITMUS_R	4	/* store -> store against store -> load */
#define SYNCLAB_LITMUS_NSHAPES	5
#define SYNCLAB_LITMUS_SHAPE_NAMES { "SB", "MP", "LB", "S", "R" }

#define SYNCLAB_LITMUS_PLAIN	0	/* READ_ONCE(), WRITE_ONCE() only */
#define SYNCLAB_LITMUS_MB	1	/* smp_mb() between both threads' pairs */
#define SYNCLAB_LITMUS_WMB	2	/* smp_wmb() between the stores */
#define SYNCLAB_LITMUS_WMB_RMB	3	/* smp_wmb() writer, smp_rmb() reader */
#define SYNCLAB_LITMUS_REL_ACQ	4	/* smp_store_release(), smp_load_acquire() */
#define SYNCLAB_LITMUS_CTRL_MB	5	/* a control dependency, smp_mb() */
#define SYNCLAB_LITMUS_WMB_ACQ	6	/* smp_wmb() writer, acquire reader */
#define SYNCLAB_LITMUS_NVARIANTS 7
#define SYNCLAB_LITMUS_VARIANT_NAMES { "plain", "mb", "wmb", "wmb-rmb", \
	"release-acquire", "ctrl-mb", "wmb-acquire" }

#define SYNCLAB_LITMUS_PARAM_NAMES { "shape", "variant" }
/* One mode: what differs between tests is in the parameters. */
#define SYNCLAB_LITMUS_NMODES	1
#define SYNCLAB_LITMUS_MODE_NAMES { "litmus" }

/* stats[] of a litmus run: outcome i = bits (first, second) */
#define SYNCLAB_LITMUS_NEITHER		0
#define SYNCLAB_LITMUS_FIRST		1
#define SYNCLAB_LITMUS_SECOND		2
#define SYNCLAB_LITMUS_BOTH		3
#define SYNCLAB_LITMUS_ITERATIONS	4
#define SYNCLAB_LITMUS_NSTATS		5
#define SYNCLAB_LITMUS_STAT_NAMES { "neither", "first", "second", "both", \
	"iterations" }

/*
 * Benchmark runs. One workload describes a run for both engines, the
 * kthreads of the module (SYNCLAB_IOC_BENCH_RUN on /dev/synclab/ctl) and
 * the pthreads of `synclab bench --side user`; one result holds its raw
 * counters. Both engines run the same state machine: create and pin the
 * threads, meet at a start barrier, warm up (not counted), run the timed
 * window, stop, fill the result. Thread i draws the same pseudo-random
 * operation sequence on both sides (kmod/prng.h seeded with seed and i).
 * The kernel never formats a result: `synclab bench` prints it as JSON.
 *
 * Roles: threads[0] and threads[1] are the threads of each role: route
 * reader and writer, ring producer and consumer; order, lock and count
 * have one role, worker (threads[1] must be 0).
 */
#define SYNCLAB_BENCH_ROLES		2
#define SYNCLAB_BENCH_MAX_THREADS	256	/* both roles; 2 x CPUs of 128 */
#define SYNCLAB_BENCH_HIST		32	/* log2 latency buckets */
#define SYNCLAB_BENCH_MAX_DURATION_NS	60000000000ULL	/* 60 s */
#define SYNCLAB_BENCH_MAX_WARMUP_NS	10000000000ULL	/* 10 s */
#define SYNCLAB_BENCH_MAX_WORK_NS	1000000ULL	/* cs_ns, think_ns: 1 ms */
#define SYNCLAB_BENCH_MAX_OPS		0x10000000000ULL	/* ops_per_thread: 2^40 */
#define SYNCLAB_BENCH_MAX_BATCH		256
#define SYNCLAB_BENCH_MAX_SAMPLE_SHIFT	20

/* What a run exercises: struct synclab_workload.structure */
#define SYNCLAB_BENCH_ROUTE	0	/* lookups; updates: delete + re-add */
#define SYNCLAB_BENCH_RING	1	/* push and pop of batch records */
#define SYNCLAB_BENCH_ORDER	2	/* transfers between two accounts */
#define SYNCLAB_BENCH_LOCK	3	/* lock; cs_ns of work; unlock */
#define SYNCLAB_BENCH_COUNT	4	/* a counter: the engine checks itself */
#define SYNCLAB_BENCH_LFSTACK	5	/* push, pop: SYNCLAB_LFSTACK_* */
#define SYNCLAB_BENCH_LITMUS	6	/* litmus tests: SYNCLAB_LITMUS_* */
#define SYNCLAB_BENCH_KVMAP	7	/* get; put: delete + re-put */
#define SYNCLAB_BENCH_COUNTER	8	/* counter += 1: SYNCLAB_COUNTER_* */
#define SYNCLAB_BENCH_NSTRUCTS	9
#define SYNCLAB_BENCH_STRUCT_NAMES \
	{ "route", "ring", "order", "lock", "count", "lfstack", "litmus", \
	  "kvmap", "counter" }

/*
 * Modes: route takes SYNCLAB_ROUTE_*, ring SYNCLAB_RING_*, order the safe
 * SYNCLAB_ORDER_* strategies (inverted would deadlock), lock the
 * SYNCLAB_BENCH_LOCK_* below, count 0. Modes past a structure's own are
 * peers, reference implementations that only one side has (the other
 * refuses them with EOPNOTSUPP): the kernel's ptr_ring in the kthread
 * engine, DPDK's rte_lpm and rte_fib and Concurrency Kit's ck_ring on
 * the host.
 */
#define SYNCLAB_BENCH_ROUTE_RTE_LPM	SYNCLAB_ROUTE_NMODES		/* 4 */
#define SYNCLAB_BENCH_ROUTE_RTE_FIB	(SYNCLAB_ROUTE_NMODES + 1)	/* 5 */
#define SYNCLAB_BENCH_RING_PTR_RING	SYNCLAB_RING_NMODES		/* 3 */
#define SYNCLAB_BENCH_RING_CK_RING	(SYNCLAB_RING_NMODES + 1)	/* 4 */
#define SYNCLAB_BENCH_LOCK_SPINLOCK	0	/* spin_lock() */
#define SYNCLAB_BENCH_LOCK_MUTEX	1	/* mutex_lock() */
#define SYNCLAB_BENCH_LOCK_RWLOCK	2	/* read_lock(): readers only */
#define SYNCLAB_BENCH_LOCK_RCU		3	/* rcu_read_lock(): no lock */
#define SYNCLAB_BENCH_LOCK_NMODES	4
#define SYNCLAB_BENCH_LOCK_MODE_NAMES \
	{ "spinlock", "mutex", "rwlock", "rcu" }

/* Own parameters of a workload, own counters of a result. */
#define SYNCLAB_BENCH_PARAMS	4
#define SYNCLAB_BENCH_STATS	16

/* struct synclab_workload.flags */
#define SYNCLAB_WL_NOPIN	_BITUL(0)	/* let the scheduler place threads */

/**
 * struct synclab_workload - one benchmark run (SYNCLAB_IOC_BENCH_RUN in)
 * @structure:	SYNCLAB_BENCH_ROUTE..COUNT			(offset 0)
 * @mode:	the structure's mode or a peer, see above	(offset 4)
 * @threads:	threads per role, 1..SYNCLAB_BENCH_MAX_THREADS in all
 *								(offset 8)
 * @mix:	per mille of role-0 operations that are role-1 operations
 *		instead (route: a reader that also updates)	(offset 16)
 * @keys:	route: prefixes loaded (synclab route gen, @seed); ring:
 *		capacity in records (a power of two); order: accounts
 *								(offset 20)
 * @hot:	per mille of key choices drawn from the hot set, 0: all
 *		uniform						(offset 24)
 * @hot_keys:	keys in the hot set (the first ones), 1..@keys	(offset 28)
 * @batch:	work items per operation, 1..SYNCLAB_BENCH_MAX_BATCH: route
 *		lookups per call (route_lookup_bulk()), ring records per push
 *		or pop; 1 elsewhere				(offset 32)
 * @prefill:	ring: records pushed before the start		(offset 36)
 * @cs_ns:	busy work inside each critical section (lock)	(offset 40)
 * @think_ns:	busy work after each operation, per role	(offset 48)
 * @seed:	the run's seed					(offset 64)
 * @warmup_ns:	running, not counted, before the window		(offset 72)
 * @duration_ns: the timed window				(offset 80)
 * @sample_shift: time one operation in 2^@sample_shift, per thread, for
 *		the latency histograms				(offset 88)
 * @flags:	SYNCLAB_WL_*					(offset 92)
 * @ops_per_thread: 0: a timed run (@warmup_ns, then @duration_ns). N: a
 *		counted run: no warm-up, each role-0 thread does exactly N
 *		operations and stops; role-1 threads run until every
 *		role-0 thread is done; elapsed_ns runs from the start to
 *		the last role-0 thread done. @duration_ns still bounds it:
 *		a run not done by then stops, SYNCLAB_RESULT_TRUNCATED
 *		(counter: increments per thread; litmus: iterations)
 *								(offset 96)
 * @param:	the structure's own parameters, named (with their ranges)
 *		in its block of this header; 0 where unused	(offset 104)
 * @reserved:	must be zero					(offset 120)
 */
struct synclab_workload {
	__u32 structure;
	__u32 mode;
	__u32 threads[SYNCLAB_BENCH_ROLES];
	__u32 mix;
	__u32 keys;
	__u32 hot;
	__u32 hot_keys;
	__u32 batch;
	__u32 prefill;
	__u64 cs_ns;
	__u64 think_ns[SYNCLAB_BENCH_ROLES];
	__u64 seed;
	__u64 warmup_ns;
	__u64 duration_ns;
	__u32 sample_shift;
	__u32 flags;
	__u64 ops_per_thread;
	__u32 param[SYNCLAB_BENCH_PARAMS];
	__u64 reserved[1];
};

/* struct synclab_result.flags */
#define SYNCLAB_RESULT_INTERRUPTED	_BITUL(0)	/* a signal ended it early */
#define SYNCLAB_RESULT_INVARIANT	_BITUL(1)	/* the structure's check failed */
#define SYNCLAB_RESULT_OVERSUBSCRIBED	_BITUL(2)	/* more threads than CPUs */
#define SYNCLAB_RESULT_TRUNCATED	_BITUL(3)	/* a counted run ran out of time */

/**
 * struct synclab_result - what a run measured (SYNCLAB_IOC_BENCH_RUN out);
 * raw integers only, per role where it says so
 * @elapsed_ns:	the timed window as measured			(offset 0)
 * @ops:	work items done in the window			(offset 8)
 * @ops_total:	work items done from the start barrier on, warm-up
 *		included					(offset 24)
 * @thread_ops_min: fewest items one thread of the role did in the window
 *								(offset 40)
 * @thread_ops_max: most items one thread did			(offset 56)
 * @failures:	operations that did nothing: ring full or empty, an
 *		order transfer refused				(offset 72)
 * @extra:	counters of the structure: route lookup hits and updates
 *		that found their prefix gone; order trylock retries and
 *		backoffs; count its own tally of operations	(offset 88)
 * @lat_max_ns:	longest sampled operation			(offset 104)
 * @hist:	sampled operation latencies: bucket b counts durations in
 *		[2^b, 2^(b+1)) ns, bucket 0 also 0 ns		(offset 120)
 * @rtt_before_ns: a cache line's round trip between CPUs 0 and 1, probed
 *		before the run (0 with one CPU)			(offset 632)
 * @rtt_after_ns: the same, after				(offset 640)
 * @clock_ns:	what one clock read costs (the sampling overhead per
 *		sampled operation is about twice this)		(offset 648)
 * @threads_run: threads that ran				(offset 656)
 * @flags:	SYNCLAB_RESULT_*				(offset 660)
 * @debug:	SYNCLAB_DBG_* of the kernel that ran it		(offset 664)
 * @cpus:	CPUs online					(offset 668)
 * @mem_bytes:	memory the structure held at the end of the run: route
 *		its table, the rte_lpm and rte_fib peers theirs; 0 where
 *		not measured					(offset 672)
 * @stats:	the structure's own counters (lost updates, litmus
 *		outcomes, ABA events...), named in its block of this header
 *		(SYNCLAB_<X>_STAT_NAMES); 0 past those		(offset 680)
 * @reserved:	zero						(offset 808)
 */
struct synclab_result {
	__u64 elapsed_ns;
	__u64 ops[SYNCLAB_BENCH_ROLES];
	__u64 ops_total[SYNCLAB_BENCH_ROLES];
	__u64 thread_ops_min[SYNCLAB_BENCH_ROLES];
	__u64 thread_ops_max[SYNCLAB_BENCH_ROLES];
	__u64 failures[SYNCLAB_BENCH_ROLES];
	__u64 extra[SYNCLAB_BENCH_ROLES];
	__u64 lat_max_ns[SYNCLAB_BENCH_ROLES];
	__u64 hist[SYNCLAB_BENCH_ROLES][SYNCLAB_BENCH_HIST];
	__u64 rtt_before_ns;
	__u64 rtt_after_ns;
	__u64 clock_ns;
	__u32 threads_run;
	__u32 flags;
	__u32 debug;
	__u32 cpus;
	__u64 mem_bytes;
	__u64 stats[SYNCLAB_BENCH_STATS];
	__u64 reserved[3];
};

/**
 * struct synclab_bench - SYNCLAB_IOC_BENCH_RUN argument
 * @workload:	in						(offset 0)
 * @result:	out; also written when the run fails with EINTR (a
 *		signal stopped it: every thread is stopped, the result is
 *		partial and says SYNCLAB_RESULT_INTERRUPTED)	(offset 128)
 *
 * The call blocks for the run. A second run while one is going fails with
 * EBUSY; a workload out of range (no threads, too many, a duration or
 * work over the limits, nonzero reserved bytes, a mode the structure lacks)
 * with EINVAL; a peer this side does not have with EOPNOTSUPP.
 */
struct synclab_bench {
	struct synclab_workload workload;
	struct synclab_result result;
};

#define SYNCLAB_IOC_BENCH_RUN	_IOWR(SYNCLAB_IOC_MAGIC, 0x40, struct synclab_bench)

/*
 * kvmap: /dev/synclab/kvmap, a hash map from __u64 keys to __u64 values
 * under one of four locking disciplines, chosen when the map is created.
 * The bucket count is fixed for the map's life (no resize).
 */
#define SYNCLAB_DEV_KVMAP	SYNCLAB_DEV_DIR "/kvmap"

#define SYNCLAB_KVMAP_GLOBAL	0	/* one spinlock_t for the whole map */
#define SYNCLAB_KVMAP_STRIPED	1	/* bucket b takes lock b mod stripes */
#define SYNCLAB_KVMAP_BUCKET	2	/* a spinlock_t per bucket */
#define SYNCLAB_KVMAP_RCU	3	/* lockless readers, bucket-locked writers */
#define SYNCLAB_KVMAP_NMODES	4
#define SYNCLAB_KVMAP_MODE_NAMES { "global", "striped", "bucket", "rcu" }

/* Buckets and stripes: powers of two; stripes <= buckets. */
#define SYNCLAB_KVMAP_MAX_BUCKETS	_BITUL(20)
#define SYNCLAB_KVMAP_DEFAULT_BUCKETS	1024
#define SYNCLAB_KVMAP_MAX_STRIPES	4096
#define SYNCLAB_KVMAP_DEFAULT_STRIPES	64

/* struct synclab_kvmap_kv.flags, out */
#define SYNCLAB_KVMAP_FOUND	_BITUL(0)	/* GET: the key is there */
#define SYNCLAB_KVMAP_REPLACED	_BITUL(1)	/* PUT: it was, value replaced */

/**
 * struct synclab_kvmap_create - SYNCLAB_KVMAP_IOC_CREATE argument: replaces
 * the device's map (the module starts with an empty rcu map of
 * SYNCLAB_KVMAP_DEFAULT_BUCKETS buckets); needs CAP_SYS_ADMIN
 * @mode:	SYNCLAB_KVMAP_GLOBAL..RCU			(offset 0)
 * @buckets:	a power of two, 1..SYNCLAB_KVMAP_MAX_BUCKETS	(offset 4)
 * @stripes:	striped: a power of two, 1..SYNCLAB_KVMAP_MAX_STRIPES and
 *		at most @buckets; 0 elsewhere			(offset 8)
 * @reserved0:	must be zero					(offset 12)
 * @reserved:	must be zero					(offset 16)
 */
struct synclab_kvmap_create {
	__u32 mode;
	__u32 buckets;
	__u32 stripes;
	__u32 reserved0;
	__u64 reserved[2];
};

/**
 * struct synclab_kvmap_kv - GET, PUT and DEL argument
 * @key:	in						(offset 0)
 * @value:	PUT in; GET out (0 when not found); DEL ignores it (offset 8)
 * @flags:	out: SYNCLAB_KVMAP_FOUND, _REPLACED; zero in	(offset 16)
 * @reserved0:	must be zero					(offset 20)
 * @reserved:	must be zero					(offset 24)
 *
 * GET of an absent key succeeds without SYNCLAB_KVMAP_FOUND; DEL of an
 * absent key fails with ENOENT.
 */
struct synclab_kvmap_kv {
	__u64 key;
	__u64 value;
	__u32 flags;
	__u32 reserved0;
	__u64 reserved;
};

/**
 * struct synclab_kvmap_stats - SYNCLAB_KVMAP_IOC_STATS result
 * @mode:	the map's mode					(offset 0)
 * @buckets:	its buckets					(offset 4)
 * @locks:	its locks: 1 global, stripes, buckets		(offset 8)
 * @reserved0:	zero						(offset 12)
 * @entries:	keys in the map					(offset 16)
 * @used_buckets: buckets holding at least one key		(offset 24)
 * @longest_chain: keys in the fullest bucket			(offset 32)
 * @gets:	GETs through the device: @hits + @misses	(offset 40)
 * @hits:	GETs that found their key			(offset 48)
 * @misses:	GETs that did not				(offset 56)
 * @inserts:	PUTs of a new key				(offset 64)
 * @replaces:	PUTs that replaced a value			(offset 72)
 * @deletes:	DELs that removed a key				(offset 80)
 * @bytes:	memory the map holds now			(offset 88)
 * @reserved:	zero						(offset 96)
 *
 * The walk behind @entries, @used_buckets and @longest_chain takes one
 * bucket's lock at a time: under traffic each bucket is exact, the sum
 * is not from one instant. Counters start at zero at CREATE.
 */
struct synclab_kvmap_stats {
	__u32 mode;
	__u32 buckets;
	__u32 locks;
	__u32 reserved0;
	__u64 entries;
	__u64 used_buckets;
	__u64 longest_chain;
	__u64 gets;
	__u64 hits;
	__u64 misses;
	__u64 inserts;
	__u64 replaces;
	__u64 deletes;
	__u64 bytes;
	__u64 reserved[4];
};

/*
 * Benchmark runs (struct synclab_workload, structure kvmap): @keys keys,
 * all put before the start; param[] and stats[] below. Peers:
 * SYNCLAB_BENCH_KVMAP_RHASHTABLE (the kernel's rhashtable, kthread side)
 * and SYNCLAB_BENCH_KVMAP_CDS_LFHT (liburcu's cds_lfht, host side).
 */
#define SYNCLAB_KVMAP_MAX_KEYS		_BITUL(20)
#define SYNCLAB_BENCH_KVMAP_RHASHTABLE	SYNCLAB_KVMAP_NMODES		/* 4 */
#define SYNCLAB_BENCH_KVMAP_CDS_LFHT	(SYNCLAB_KVMAP_NMODES + 1)	/* 5 */
#define SYNCLAB_KVMAP_PARAM_STRIPES	0	/* striped: 0 is 64 (<= buckets) */
#define SYNCLAB_KVMAP_PARAM_BUCKETS	1	/* 0: keys, rounded up */
#define SYNCLAB_KVMAP_PARAM_NAMES	{ "stripes", "buckets" }
#define SYNCLAB_KVMAP_STAT_HITS		0	/* gets that found their key */
#define SYNCLAB_KVMAP_STAT_MISSES	1	/* gets that did not */
#define SYNCLAB_KVMAP_STAT_ENTRIES	2	/* keys in the map at the end */
#define SYNCLAB_KVMAP_STAT_USED_BUCKETS	3	/* buckets holding a key */
#define SYNCLAB_KVMAP_STAT_LONGEST_CHAIN 4	/* keys in the fullest one */
#define SYNCLAB_KVMAP_NSTATS		5
#define SYNCLAB_KVMAP_STAT_NAMES \
	{ "hits", "misses", "entries", "used_buckets", "longest_chain" }

#define SYNCLAB_KVMAP_IOC_CREATE \
	_IOW(SYNCLAB_IOC_MAGIC, 0x80, struct synclab_kvmap_create)
#define SYNCLAB_KVMAP_IOC_GET \
	_IOWR(SYNCLAB_IOC_MAGIC, 0x81, struct synclab_kvmap_kv)
#define SYNCLAB_KVMAP_IOC_PUT \
	_IOWR(SYNCLAB_IOC_MAGIC, 0x82, struct synclab_kvmap_kv)
#define SYNCLAB_KVMAP_IOC_DEL \
	_IOW(SYNCLAB_IOC_MAGIC, 0x83, struct synclab_kvmap_kv)
#define SYNCLAB_KVMAP_IOC_STATS \
	_IOR(SYNCLAB_IOC_MAGIC, 0x84, struct synclab_kvmap_stats)

#endif /* _UAPI_SYNCLAB_H */
