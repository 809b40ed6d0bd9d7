/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What userspace knows of each structure the benchmark runs: one table,
 * one entry per structure (tools/cli/bench_desc.c), indexed by its UAPI
 * id SYNCLAB_BENCH_*. Its names, modes and peers, roles, what the
 * workload's fields mean for it and their defaults, and the report's
 * hooks. The CLI's option parser and usage text, the JSON printer and
 * reader, the report and the tests' tables (selftests/bench_cases.h) all
 * read it; none keeps a list of its own. Adding a structure: README.md,
 * "Adding a structure".
 *
 * And the one table of the sides a result comes from: kernel, user-vm,
 * user-host.
 *
 * Plain data and lookups, no I/O: the static guest binary, the host CLI
 * and the tests (in the VM too) link it.
 */
#ifndef SYNCLAB_BENCH_DESC_H
#define SYNCLAB_BENCH_DESC_H

#include <stdbool.h>
#include <stddef.h>

#include "uapi/synclab.h"

struct bench_report;	/* tools/report/report.h */
struct cli_cmd;		/* tools/cli/cli.h */

#ifndef ARRAY_LEN
#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/**
 * struct bench_peer - a reference implementation run in the same engine
 * @name:	its mode name; peers are the modes after the structure's own
 * @words:	how a sentence names it: "DPDK's rte_lpm"
 * @beside:	the structure's own mode its figures stand beside
 * @where:	the one side that has it: "host" or "kernel"
 */
struct bench_peer {
	const char *name;
	const char *words;
	const char *beside;
	const char *where;
};

/**
 * struct bench_param - one of a structure's own parameters
 * (workload.param[i], the i-th of its list)
 * @name:	the option, `synclab bench --NAME N`, and its JSON name
 * @help:	a few words for the usage text
 * @def:	when the option is not given
 * @min:	smallest value taken
 * @max:	largest
 */
struct bench_param {
	const char *name;
	const char *help;
	__u32 def, min, max;
};

/* Workload fields whose meaning depends on the structure. */
enum bench_field {
	BF_MIX,
	BF_KEYS,
	BF_BATCH,
	BF_PREFILL,
	BF_CS,
	BF_NFIELDS
};

/**
 * struct bench_desc - one structure, as userspace sees it
 * @name:	on the command line and in result lines ("route")
 * @title:	the heading of its section of the report
 * @modes:	its own modes' names, the UAPI's *_MODE_NAMES
 * @nmodes:	how many
 * @hidden:	bits of own modes the benchmark refuses (the usage text
 *		leaves them out): order's inverted strategy would deadlock
 * @modes_note:	a word on its modes for the usage text, or NULL
 * @peers:	its peers, modes @nmodes, @nmodes + 1, ... in UAPI order
 * @npeers:	how many
 * @roles:	the names of its roles; @roles[1] NULL: one role
 * @keys:	what workload.keys counts for it ("prefixes"), NULL: nothing
 * @keys_first:	in words the noun comes first ("capacity 1024", not
 *		"1024 prefixes")
 * @help:	what each enum bench_field does for it, for the usage text
 *		(NULL: nothing, or nothing of its own)
 * @threads:	threads per role when --threads is not given
 * @nkeys:	workload.keys when --keys is not given
 * @test_keys:	workload.keys of the tests' small valid workload
 * @seed_counts: its operations draw from the seed whatever the mix
 *		(elsewhere two seeds are the same workload unless there is a
 *		mix, which draws which operations are role 1)
 * @report:	the report's hooks (findings, plots, claims): in the host
 *		CLI only, NULL elsewhere (see BENCH_REPORT())
 * @command:	the subcommand of its device (`synclab route ...`), NULL for
 *		a structure without one: in the CLI only (see BENCH_CLI())
 * @stats:	the names of result.stats[], the UAPI's
 *		SYNCLAB_<X>_STAT_NAMES (JSON "stats": {name: value}); NULL:
 *		none
 * @nstats:	how many
 * @params:	its own parameters, workload.param[0..@nparams-1]
 * @nparams:	how many, at most SYNCLAB_BENCH_PARAMS
 */
struct bench_desc {
	const char *name;
	const char *title;
	const char * const *modes;
	unsigned int nmodes;
	unsigned int hidden;
	const char *modes_note;
	const struct bench_peer *peers;
	unsigned int npeers;
	const char *roles[SYNCLAB_BENCH_ROLES];
	const char *keys;
	bool keys_first;
	const char *help[BF_NFIELDS];
	__u32 threads[SYNCLAB_BENCH_ROLES];
	__u32 nkeys;
	__u32 test_keys;
	bool seed_counts;
	const struct bench_report *report;
	const struct cli_cmd *command;
	const char * const *stats;
	unsigned int nstats;
	const struct bench_param *params;
	unsigned int nparams;
};

/*
 * The parts of a descriptor that only some programs link. The report
 * (tools/report/NAME.c: bench_report_NAME) is built into the host's CLI
 * only, which compiles with -DSYNCLAB_REPORT; a device's subcommand
 * (tools/cli/NAME.c: cli_cmd_NAME) into the CLIs, -DSYNCLAB_CLI. The
 * guest's static binary and the tests compile the same table without
 * them: there the references are NULL, and nothing of the report (or of
 * the device commands) is linked in. A plain reference rather than a
 * weak symbol, so that a build missing a structure's file fails to link
 * instead of losing its findings quietly; rather than a table in
 * tools/report/ or tools/cli/main.c, so that the structures stay listed
 * in one place.
 */
#ifdef SYNCLAB_REPORT
#define BENCH_REPORT(name)	(&bench_report_##name)
#else
#define BENCH_REPORT(name)	NULL
#endif
#ifdef SYNCLAB_CLI
#define BENCH_CLI(name)		(&cli_cmd_##name)
#else
#define BENCH_CLI(name)		NULL
#endif

const struct bench_desc *bench_desc(__u32 structure);
int bench_desc_lookup(const char *name);
const char *bench_struct_name(__u32 structure);
unsigned int bench_nmodes(const struct bench_desc *d);
const char *bench_mode_name(__u32 structure, __u32 mode);
int bench_mode_lookup(__u32 structure, const char *name);
bool bench_is_peer(__u32 structure, __u32 mode);
const struct bench_peer *bench_peer_named(__u32 structure, const char *name);
bool bench_two_roles(const struct bench_desc *d);
char *bench_struct_names(char *buf, size_t size, const char *sep);
char *bench_mode_names(__u32 structure, char *buf, size_t size);
int bench_param_lookup(const struct bench_desc *d, const char *name);
int bench_stat_lookup(const struct bench_desc *d, const char *name);

/* Every structure: for (st = 0; (d = bench_desc(st)); st++) */

/* ---- sides ---------------------------------------------------------------- */

enum bench_side_id {
	BENCH_KERNEL,		/* kthreads in the module */
	BENCH_USER_VM,		/* pthreads in the same guest */
	BENCH_USER_HOST,	/* pthreads on the host */
	BENCH_HOST_KERNEL,	/* kthreads in the module, in the host's kernel */
	BENCH_NSIDES
};

/**
 * struct bench_side - where a result was measured
 * @name:	in result lines and the report: "kernel", "user-vm",
 *		"user-host", "host-kernel"
 * @letter:	in a matrix file's SIDES (tools/bench/matrix): k, v, h;
 *		host-kernel runs the k points
 * @phase:	what tools/bench/ calls its runs: kernel, user, host,
 *		host-kernel
 */
struct bench_side {
	const char *name;
	char letter;
	const char *phase;
};

extern const struct bench_side bench_sides[BENCH_NSIDES];

int bench_side_lookup(const char *name);
char *bench_side_names(char *buf, size_t size, const char *sep);

#endif /* SYNCLAB_BENCH_DESC_H */
