/* SPDX-License-Identifier: GPL-2.0 */
/*
 * synclab bench: the one workload parser (bench.c), the one result
 * printer (bench_json.c), the matrix runner (bench_matrix.c) and the
 * usage text (bench_usage.c) of the CLI.
 */
#ifndef SYNCLAB_BENCHCLI_H
#define SYNCLAB_BENCHCLI_H

#include <stdbool.h>
#include <stdio.h>

#include "bench_line.h"
#include "cli.h"

#define BENCH_MAX_ARGS		64	/* options on one matrix line */
#define BENCH_MAX_PARAM_NAMES	32	/* distinct names of all params */

/* Which workload fields the options set; defaults fill the rest. */
enum {
	SET_THREADS = 1 << 0,
	SET_KEYS = 1 << 1,
	SET_MODE = 1 << 2,
};

/**
 * struct bench_cli - one workload as the options give it
 * @w:		the workload
 * @side:	--side: kernel, user (or the side's own name)
 * @label:	--label
 * @set:	SET_* of the fields the options gave
 * @structure:	-1 until --structure
 * @mode_name:	--mode, looked up once the structure is known
 * @param_val:	the structures' own parameters as given, by the index of
 *		their name (bench.c), looked up once the structure is known
 */
struct bench_cli {
	struct synclab_workload w;
	const char *side;
	char label[64];
	unsigned int set;
	int structure;
	const char *mode_name;
	const char *param_val[BENCH_MAX_PARAM_NAMES];
};

/* One workload option as given on the command line. */
struct bench_opt {
	int opt;
	const char *val;
};

/**
 * struct bench_cmd - `synclab bench` as the command line asks for it
 * @o:		its workload (for a matrix: what every point takes over its own)
 * @over:	the workload options given, replayed over each matrix point
 * @nover:	how many
 * @matrix:	--matrix FILE, or NULL
 * @points:	--points I,J,..., or NULL: all
 * @refscale:	--from-refscale FILE, or NULL
 * @repeat:	--repeat
 * @repeat_from: --repeat-from: the first repeat's number
 * @budget:	--budget-s, 0: none
 * @quick:	--quick
 * @list:	--list
 */
struct bench_cmd {
	struct bench_cli o;
	struct bench_opt over[BENCH_MAX_ARGS];
	int nover;
	const char *matrix;
	const char *points;
	const char *refscale;
	int repeat;
	int repeat_from;
	double budget;
	bool quick;
	bool list;
};

/* Host load: the CPU time others used while we ran (bench.c). */
struct bench_load {
	unsigned long long busy;	/* /proc/stat ticks, all CPUs */
	double self;			/* our CPU seconds */
	double wall;
};

#define BENCH_DISTURBED_PCT	20.0	/* of a CPU: a disturbed run */

void bench_defaults(struct bench_cli *o);
void bench_parse(struct bench_cli *o, int argc, char **argv,
		 const struct bench_cmd *c, const char *where);
void bench_record_init(struct bench_record *rec, const struct bench_cli *o);
int bench_exec(struct bench_record *rec);
const char *bench_errstr(int err);
void bench_signals(void);
double bench_seconds(void);
void bench_load_sample(struct bench_load *l);
double bench_load_other(const struct bench_load *a, const struct bench_load *b);
int bench_matrix(const struct bench_cmd *c);
/* bench_cpus.c: a matrix line's thread counts for the CPUs found */
unsigned int bench_matrix_ncpus(void);
char *bench_matrix_cpus(const char *args, unsigned int ncpus, const char *where);

int bench_refscale_convert(FILE *in, const char *where,
			   const struct bench_record *base, FILE *out);

void bench_usage(FILE *f);
int cmd_bench(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_jsonl(int argc, char **argv);

#endif /* SYNCLAB_BENCHCLI_H */
