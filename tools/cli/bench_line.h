/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A result line read back: the inverse of bench_json_print(). The parser
 * is json.c; this knows the line's fields, checks each one's presence and
 * type, and fills the struct bench_record the printer had (less the
 * latency histograms, of which the line keeps percentiles only).
 * `synclab report` reads every line through here.
 */
#ifndef SYNCLAB_BENCH_LINE_H
#define SYNCLAB_BENCH_LINE_H

#include "benchcli.h"
#include "json.h"

#define BENCH_LINE_MAX_NAMES	16

/**
 * struct bench_line - one result line
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
	struct json *tree;
};

int bench_line_read(struct json *tree, struct bench_line *l, char *why,
		    size_t len);
bool bench_line_flag(const struct bench_line *l, const char *name);

#endif /* SYNCLAB_BENCH_LINE_H */
