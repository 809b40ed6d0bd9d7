// SPDX-License-Identifier: GPL-2.0
/*
 * The structures the benchmark runs, one entry each, and the sides a
 * result comes from (see bench_desc.h). Mode names come from the UAPI's
 * *_MODE_NAMES; a peer's position after the own modes is checked against
 * its UAPI id at build time.
 */
#include <stdio.h>
#include <string.h>

#include "bench_desc.h"

#define MODES(m)	.modes = (m), .nmodes = ARRAY_LEN(m)
#define PEERS(p)	.peers = (p), .npeers = ARRAY_LEN(p)
/* The index of peer @id of a structure whose own modes are @nown. */
#define PEER(id, nown)	[(id) - (nown)]

static const char * const route_modes[] = SYNCLAB_ROUTE_MODE_NAMES;
static const char * const ring_modes[] = SYNCLAB_RING_MODE_NAMES;
static const char * const order_modes[] = SYNCLAB_ORDER_STRATEGY_NAMES;
static const char * const lock_modes[] = SYNCLAB_BENCH_LOCK_MODE_NAMES;
static const char * const count_modes[] = { "count" };
static const char * const lfstack_modes[] = SYNCLAB_LFSTACK_MODE_NAMES;
static const char * const lfstack_stats[] = SYNCLAB_LFSTACK_STAT_NAMES;
static const char * const litmus_modes[] = SYNCLAB_LITMUS_MODE_NAMES;
static const char * const litmus_stats[] = SYNCLAB_LITMUS_STAT_NAMES;
static const char * const kvmap_modes[] = SYNCLAB_KVMAP_MODE_NAMES;
static const char * const kvmap_stats[] = SYNCLAB_KVMAP_STAT_NAMES;
static const char * const counter_modes[] = SYNCLAB_COUNTER_MODE_NAMES;
static const char * const counter_stats[] = SYNCLAB_COUNTER_STAT_NAMES;

_Static_assert(ARRAY_LEN(route_modes) == SYNCLAB_ROUTE_NMODES, "route modes");
_Static_assert(ARRAY_LEN(ring_modes) == SYNCLAB_RING_NMODES, "ring modes");
_Static_assert(ARRAY_LEN(order_modes) == SYNCLAB_ORDER_NSTRATEGIES,
	       "order modes");
_Static_assert(ARRAY_LEN(lock_modes) == SYNCLAB_BENCH_LOCK_NMODES,
	       "lock modes");
_Static_assert(ARRAY_LEN(lfstack_modes) == SYNCLAB_LFSTACK_NMODES,
	       "lfstack modes");
_Static_assert(ARRAY_LEN(lfstack_stats) == SYNCLAB_LFSTACK_NSTATS,
	       "lfstack stats");

static const struct bench_peer lfstack_peers[] = {
	PEER(SYNCLAB_BENCH_LFSTACK_LLIST, SYNCLAB_LFSTACK_NMODES) =
		{ "llist", "the kernel's llist", "locked", "kernel" },
	PEER(SYNCLAB_BENCH_LFSTACK_CK_HP, SYNCLAB_LFSTACK_NMODES) =
		{ "ck_hp", "Concurrency Kit's ck_stack with ck_hp", "hazptr",
		  "host" },
	PEER(SYNCLAB_BENCH_LFSTACK_CK_EPOCH, SYNCLAB_LFSTACK_NMODES) =
		{ "ck_epoch", "Concurrency Kit's ck_stack with ck_epoch", "rcu",
		  "host" },
};

static const struct bench_param lfstack_params[] = {
	{ "window-ns", "ns between reading head->next and the CAS",
	  0, 0, SYNCLAB_LFSTACK_MAX_WINDOW_NS },
};

_Static_assert(ARRAY_LEN(litmus_modes) == SYNCLAB_LITMUS_NMODES,
	       "litmus modes");
_Static_assert(ARRAY_LEN(litmus_stats) == SYNCLAB_LITMUS_NSTATS,
	       "litmus stats");

/* SYNCLAB_LITMUS_PARAM_NAMES, in order; `synclab litmus` takes names. */
static const struct bench_param litmus_params[] = {
	{ "shape", "litmus shape, SYNCLAB_LITMUS_SB.. (0 SB, 1 MP, 2 LB, 3 S, 4 R)",
	  SYNCLAB_LITMUS_SB, 0, SYNCLAB_LITMUS_NSHAPES - 1 },
	{ "variant", "its variant (0 plain, 1 mb, 2 wmb, 3 wmb-rmb, 4 release-acquire, 5 ctrl-mb, 6 wmb-acquire)",
	  SYNCLAB_LITMUS_PLAIN, 0, SYNCLAB_LITMUS_NVARIANTS - 1 },
};

_Static_assert(ARRAY_LEN(kvmap_modes) == SYNCLAB_KVMAP_NMODES, "kvmap modes");
_Static_assert(ARRAY_LEN(kvmap_stats) == SYNCLAB_KVMAP_NSTATS, "kvmap stats");

static const struct bench_peer route_peers[] = {
	PEER(SYNCLAB_BENCH_ROUTE_RTE_LPM, SYNCLAB_ROUTE_NMODES) =
		{ "rte_lpm", "DPDK's rte_lpm", "rcu", "host" },
	PEER(SYNCLAB_BENCH_ROUTE_RTE_FIB, SYNCLAB_ROUTE_NMODES) =
		{ "rte_fib", "DPDK's rte_fib", "rcu", "host" },
};

static const struct bench_peer ring_peers[] = {
	PEER(SYNCLAB_BENCH_RING_PTR_RING, SYNCLAB_RING_NMODES) =
		{ "ptr_ring", "the kernel's ptr_ring", "spinlock", "kernel" },
	PEER(SYNCLAB_BENCH_RING_CK_RING, SYNCLAB_RING_NMODES) =
		{ "ck_ring", "Concurrency Kit's ck_ring", "spsc", "host" },
};

static const struct bench_peer kvmap_peers[] = {
	PEER(SYNCLAB_BENCH_KVMAP_RHASHTABLE, SYNCLAB_KVMAP_NMODES) =
		{ "rhashtable", "the kernel's rhashtable", "rcu", "kernel" },
	PEER(SYNCLAB_BENCH_KVMAP_CDS_LFHT, SYNCLAB_KVMAP_NMODES) =
		{ "cds_lfht", "liburcu's cds_lfht", "rcu", "host" },
};

/* The names of SYNCLAB_KVMAP_PARAM_NAMES; the index is the param[] slot. */
static const struct bench_param kvmap_params[] = {
	[SYNCLAB_KVMAP_PARAM_STRIPES] = { "stripes",
		"striped mode's locks, a power of two (0: 64)", 0, 0,
		SYNCLAB_KVMAP_MAX_STRIPES },
	[SYNCLAB_KVMAP_PARAM_BUCKETS] = { "buckets",
		"buckets, a power of two (0: keys rounded up)", 0, 0,
		SYNCLAB_KVMAP_MAX_BUCKETS },
};

/* What BENCH_REPORT() and BENCH_CLI() may name (bench_desc.h). */
extern const struct bench_report bench_report_route, bench_report_ring,
	bench_report_order, bench_report_lock, bench_report_count,
	bench_report_lfstack, bench_report_litmus, bench_report_kvmap,
	bench_report_counter;
extern const struct cli_cmd cli_cmd_route, cli_cmd_ring, cli_cmd_order,
	cli_cmd_lfstack, cli_cmd_litmus, cli_cmd_kvmap, cli_cmd_counter;

static const struct bench_desc descs[SYNCLAB_BENCH_NSTRUCTS] = {
	[SYNCLAB_BENCH_ROUTE] = {
		.name = "route",
		.title = "route — the RCU routing table",
		MODES(route_modes),
		PEERS(route_peers),
		.roles = { "reader", "writer" },
		.keys = "prefixes",
		.help = {
			[BF_MIX] = "readers that also update",
			[BF_KEYS] = "prefixes loaded from `synclab route gen`",
			[BF_BATCH] = "lookups per call (route_lookup_bulk_nh)",
		},
		.threads = { 1, 0 },
		.nkeys = 100000,
		.test_keys = 2000,
		.seed_counts = true,
		.report = BENCH_REPORT(route),
		.command = BENCH_CLI(route),
	},
	[SYNCLAB_BENCH_RING] = {
		.name = "ring",
		.title = "ring — the producer/consumer ring",
		MODES(ring_modes),
		PEERS(ring_peers),
		.roles = { "producer", "consumer" },
		.keys = "capacity",
		.keys_first = true,
		.help = {
			[BF_KEYS] = "capacity, a power of two",
			[BF_BATCH] = "records per push and pop",
			[BF_PREFILL] = "records pushed before the start",
		},
		.threads = { 1, 1 },
		.nkeys = SYNCLAB_RING_DEFAULT_CAPACITY,
		.test_keys = 64,
		.report = BENCH_REPORT(ring),
		.command = BENCH_CLI(ring),
	},
	[SYNCLAB_BENCH_ORDER] = {
		.name = "order",
		.title = "order — the bank of accounts under a lock order",
		MODES(order_modes),
		.hidden = 1U << SYNCLAB_ORDER_INVERTED,
		.roles = { "worker" },
		.keys = "accounts",
		.help = { [BF_KEYS] = "accounts" },
		.threads = { 1, 0 },
		.nkeys = 16,
		.test_keys = 8,
		.seed_counts = true,
		.report = BENCH_REPORT(order),
		.command = BENCH_CLI(order),
	},
	[SYNCLAB_BENCH_LOCK] = {
		.name = "lock",
		.title = "lock — one lock, a critical section of busy work",
		MODES(lock_modes),
		.roles = { "worker" },
		.help = { [BF_CS] = "busy work inside each critical section" },
		.threads = { 1, 0 },
		.report = BENCH_REPORT(lock),
	},
	[SYNCLAB_BENCH_COUNT] = {
		.name = "count",
		.title = "count — the engine's self-test",
		MODES(count_modes),
		.modes_note = "(the engine's self-test)",
		.roles = { "worker" },
		.threads = { 1, 0 },
		.report = BENCH_REPORT(count),
	},
	[SYNCLAB_BENCH_LFSTACK] = {
		.name = "lfstack",
		.title = "lfstack — a Treiber stack: ABA and three cures",
		MODES(lfstack_modes),
		PEERS(lfstack_peers),
		.roles = { "pusher", "popper" },
		.keys = "pool nodes",
		.help = {
			[BF_MIX] = "pushers that also pop",
			[BF_KEYS] = "nodes of the pool (locked, naive, tagged)",
			[BF_PREFILL] = "nodes pushed before the start",
		},
		.threads = { 1, 1 },
		.nkeys = 65536,
		.test_keys = 4096,
		.report = BENCH_REPORT(lfstack),
		.command = BENCH_CLI(lfstack),
		.stats = lfstack_stats,
		.nstats = ARRAY_LEN(lfstack_stats),
		.params = lfstack_params,
		.nparams = ARRAY_LEN(lfstack_params),
	},
	[SYNCLAB_BENCH_LITMUS] = {
		.name = "litmus",
		.title = "litmus — memory ordering observed, beside the LKMM",
		MODES(litmus_modes),
		.modes_note = "(the shape and variant are --shape, --variant)",
		.roles = { "P0", "P1" },
		.help = { [BF_BATCH] = "iterations per meeting of P0 and P1" },
		.threads = { 1, 1 },
		.report = BENCH_REPORT(litmus),
		.command = BENCH_CLI(litmus),
		.stats = litmus_stats,
		.nstats = ARRAY_LEN(litmus_stats),
		.params = litmus_params,
		.nparams = ARRAY_LEN(litmus_params),
	},
	[SYNCLAB_BENCH_KVMAP] = {
		.name = "kvmap",
		.title = "kvmap — a hash map under one lock, stripes, bucket locks or RCU",
		MODES(kvmap_modes),
		PEERS(kvmap_peers),
		.roles = { "reader", "writer" },
		.keys = "keys",
		.help = {
			[BF_MIX] = "readers' operations that are writes (delete + put)",
			[BF_KEYS] = "keys, all put before the start",
		},
		.threads = { 1, 0 },
		.nkeys = 65536,
		.test_keys = 1024,
		.seed_counts = true,
		.report = BENCH_REPORT(kvmap),
		.command = BENCH_CLI(kvmap),
		.stats = kvmap_stats,
		.nstats = ARRAY_LEN(kvmap_stats),
		.params = kvmap_params,
		.nparams = ARRAY_LEN(kvmap_params),
	},
	[SYNCLAB_BENCH_COUNTER] = {
		.name = "counter",
		.title = "counter — counter += 1 from many threads",
		MODES(counter_modes),
		.roles = { "incrementer", "reader" },
		.keys = "batch",
		.keys_first = true,
		.help = {
			[BF_KEYS] = "percpu: increments a CPU (a thread in userspace) keeps before folding them into the shared count",
		},
		.threads = { 2, 0 },
		.nkeys = 32,
		.test_keys = 32,
		.report = BENCH_REPORT(counter),
		.command = BENCH_CLI(counter),
		.stats = counter_stats,
		.nstats = ARRAY_LEN(counter_stats),
	},
};

/* The structure with UAPI id @structure, NULL past the last. */
const struct bench_desc *bench_desc(__u32 structure)
{
	return structure < ARRAY_LEN(descs) ? &descs[structure] : NULL;
}

/* The id of the structure named @name, or -1. */
int bench_desc_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(descs); i++)
		if (!strcmp(name, descs[i].name))
			return i;
	return -1;
}

const char *bench_struct_name(__u32 structure)
{
	const struct bench_desc *d = bench_desc(structure);

	return d ? d->name : "?";
}

/* Own modes and peers. */
unsigned int bench_nmodes(const struct bench_desc *d)
{
	return d->nmodes + d->npeers;
}

const char *bench_mode_name(__u32 structure, __u32 mode)
{
	const struct bench_desc *d = bench_desc(structure);

	if (!d || mode >= bench_nmodes(d))
		return "?";
	return mode < d->nmodes ? d->modes[mode] : d->peers[mode - d->nmodes].name;
}

/* The mode (own or peer) of @structure named @name, or -1. */
int bench_mode_lookup(__u32 structure, const char *name)
{
	const struct bench_desc *d = bench_desc(structure);
	unsigned int m;

	for (m = 0; d && m < bench_nmodes(d); m++)
		if (!strcmp(name, bench_mode_name(structure, m)))
			return m;
	return -1;
}

/* The index of @d's parameter @name, or -1. */
int bench_param_lookup(const struct bench_desc *d, const char *name)
{
	unsigned int i;

	for (i = 0; d && i < d->nparams; i++)
		if (!strcmp(name, d->params[i].name))
			return i;
	return -1;
}

/* The index of @d's stat @name, or -1. */
int bench_stat_lookup(const struct bench_desc *d, const char *name)
{
	unsigned int i;

	for (i = 0; d && i < d->nstats; i++)
		if (!strcmp(name, d->stats[i]))
			return i;
	return -1;
}

bool bench_is_peer(__u32 structure, __u32 mode)
{
	const struct bench_desc *d = bench_desc(structure);

	return d && mode >= d->nmodes;
}

/* The peer of @structure named @name, or NULL. */
const struct bench_peer *bench_peer_named(__u32 structure, const char *name)
{
	const struct bench_desc *d = bench_desc(structure);
	unsigned int i;

	for (i = 0; d && i < d->npeers; i++)
		if (!strcmp(name, d->peers[i].name))
			return &d->peers[i];
	return NULL;
}

bool bench_two_roles(const struct bench_desc *d)
{
	return d && d->roles[1];
}

/* Appends @s to @buf, after @sep when @buf is not empty. */
static void add_name(char *buf, size_t size, const char *sep, const char *s)
{
	size_t n = strlen(buf);

	snprintf(buf + n, size - n, "%s%s", n ? sep : "", s);
}

/* "route ring order lock count", for messages. */
char *bench_struct_names(char *buf, size_t size, const char *sep)
{
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_LEN(descs); i++)
		add_name(buf, size, sep, descs[i].name);
	return buf;
}

/* Every mode of @structure the benchmark takes, peers too. */
char *bench_mode_names(__u32 structure, char *buf, size_t size)
{
	const struct bench_desc *d = bench_desc(structure);
	unsigned int m;

	buf[0] = '\0';
	for (m = 0; d && m < bench_nmodes(d); m++)
		if (!(m < d->nmodes && (d->hidden & (1U << m))))
			add_name(buf, size, " ", bench_mode_name(structure, m));
	return buf;
}

/* ---- sides ------------------------------------------------------------------ */

const struct bench_side bench_sides[BENCH_NSIDES] = {
	[BENCH_KERNEL] = { "kernel", 'k', "kernel" },
	[BENCH_USER_VM] = { "user-vm", 'v', "user" },
	[BENCH_USER_HOST] = { "user-host", 'h', "host" },
	[BENCH_HOST_KERNEL] = { "host-kernel", 'k', "host-kernel" },
};

/* The index of the side named @name, or -1. */
int bench_side_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < BENCH_NSIDES; i++)
		if (!strcmp(name, bench_sides[i].name))
			return i;
	return -1;
}

/* "kernel, user-vm, user-host", for messages. */
char *bench_side_names(char *buf, size_t size, const char *sep)
{
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < BENCH_NSIDES; i++)
		add_name(buf, size, sep, bench_sides[i].name);
	return buf;
}
