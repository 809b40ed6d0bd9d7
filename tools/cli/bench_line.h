/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A benchmark result line: one JSON object on one line, written by the
 * one printer (bench_json.c) and read back by the one reader
 * (bench_line.c), both over jansson. `synclab bench` prints every result
 * through the printer; `synclab report` and `synclab jsonl` read every
 * line through the reader.
 *
 * Integers: jansson's are signed 64-bit, so a line carries no integer of
 * 2^63 or more. Every counter stays far below that; the seed is the one
 * field a user picks, and the CLI refuses a seed of 2^63 or more. The
 * printer refuses to write a field that would not fit, naming it; the
 * parser refuses such a number in a line ("too big integer"); the reader
 * refuses a negative number or a fraction where a field is an unsigned
 * integer.
 */
#ifndef SYNCLAB_BENCH_LINE_H
#define SYNCLAB_BENCH_LINE_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "bench_desc.h"

#define BENCH_LINE_SCHEMA	1	/* the lines' "schema" */
#define BENCH_LINE_MAX_NAMES	16

/* A result with what the printer adds to it. */
struct bench_record {
	struct synclab_workload w;
	struct synclab_result res;
	const char *side;		/* kernel, user-vm, user-host,
					 * host-kernel */
	bool peer;			/* a reference run outside the engine
					 * (refscale), whatever its mode */
	char kernel[65];		/* uname -r */
	char machine[128];		/* CPU model */
	bool emulated;			/* running under QEMU TCG */
	const char *accel;		/* "kvm", "tcg" (a synclab guest's
					 * accelerator) or "none" (no VM) */
	__u32 debug;			/* SYNCLAB_DBG_* of the kernel */
	const char *sanitizers[4];	/* of this binary, userspace runs */
	unsigned int nsanitizers;
	const char *notes[8];		/* flags the runner adds */
	unsigned int nnotes;
	char label[64];
	char rcu_flavor[8];		/* userspace runs */
	int point;			/* matrix point, -1 outside a matrix */
	int repeat;
	int attempts;
	double host_other_cpu_pct;	/* -1: not measured here */
};

/*
 * A run's cross-CPU round trip: the slower of its probes before and
 * after (0 with one CPU). The bench flags rtt_slow on it, and the report
 * shows it per side.
 */
static inline __u64 bench_rtt(const struct synclab_result *res)
{
	return res->rtt_before_ns > res->rtt_after_ns ? res->rtt_before_ns :
							 res->rtt_after_ns;
}

/* A SYNCLAB_RESULT_* flag and its name in the line's "flags". */
struct bench_flag {
	__u32 bit;
	const char *name;
};

extern const struct bench_flag bench_result_flags[4];
extern const char * const bench_debug_names[SYNCLAB_DBG_NBITS];

/**
 * struct bench_line - one result line, read back
 * @rec:	workload, counters, side, kernel, machine, debug options as
 *		the printer had them; @rec.side points into @tree
 * @mode:	the mode's name as written (peers may name modes the CLI's
 *		tables do not have)
 * @peer:	a reference implementation
 * @ops_per_sec: per role, as printed
 * @p50:	per role latency percentiles, ns
 * @p99:	per role
 * @samples:	sampled operations per role
 * @flags:	every name of the line's "flags" list
 * @nflags:	how many
 * @debug:	every name of the line's "debug" list: empty for production
 * @ndebug:	how many
 * @bytes_per_prefix: memory per route prefix, mem_bytes over workload.keys,
 *		when the line has mem_bytes (else -1)
 * @tree:	the parsed line, which owns the strings above
 */
struct bench_line {
	struct bench_record rec;
	const char *mode;
	bool peer;
	__u64 ops_per_sec[SYNCLAB_BENCH_ROLES];
	__u64 p50[SYNCLAB_BENCH_ROLES];
	__u64 p99[SYNCLAB_BENCH_ROLES];
	__u64 samples[SYNCLAB_BENCH_ROLES];
	const char *flags[BENCH_LINE_MAX_NAMES];
	unsigned int nflags;
	const char *debug[BENCH_LINE_MAX_NAMES];
	unsigned int ndebug;
	double bytes_per_prefix;
	json_t *tree;
};

/* the printer: bench_json.c */
const char *bench_accel_name(const char *name);
__u64 bench_percentile(const __u64 *hist, unsigned int pct);
json_t *bench_json_line(const struct bench_record *rec, char *why, size_t len);
int bench_json_print(FILE *f, const struct bench_record *rec, char *why,
		     size_t len);
int bench_json_dump(FILE *f, const json_t *line);

/* the reader: bench_line.c */
json_t *bench_line_parse(const char *text, size_t len, char *why, size_t size,
			 int *col);
json_t *bench_json_get(const json_t *j, const char *path);
const char *bench_json_type(const json_t *j);
int bench_line_read(json_t *tree, struct bench_line *l, char *why,
		    size_t len);
void bench_line_free(struct bench_line *l);
bool bench_line_flag(const struct bench_line *l, const char *name);

#endif /* SYNCLAB_BENCH_LINE_H */
