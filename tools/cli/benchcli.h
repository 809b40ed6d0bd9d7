/* SPDX-License-Identifier: GPL-2.0 */
/*
 * synclab bench: the one workload parser, the one result printer
 * and the matrix runner of the CLI (tools/cli/bench*.c).
 */
#ifndef SYNCLAB_BENCHCLI_H
#define SYNCLAB_BENCHCLI_H

#include <stdbool.h>
#include <stdio.h>

#include "bench_desc.h"
#include "cli.h"

/* A result with what the printer adds to it. */
struct bench_record {
	struct synclab_workload w;
	struct synclab_result res;
	const char *side;		/* kernel, user-vm, user-host */
	bool peer;			/* a reference run outside the engine
					 * (refscale), whatever its mode */
	char kernel[65];		/* uname -r */
	char machine[128];		/* CPU model */
	bool emulated;			/* running under QEMU TCG */
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

__u64 bench_percentile(const __u64 *hist, unsigned int pct);
void bench_json_print(FILE *f, const struct bench_record *rec);
int bench_refscale_convert(FILE *in, const char *where,
			   const struct bench_record *base, FILE *out);

void bench_usage(FILE *f);
int cmd_bench(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif /* SYNCLAB_BENCHCLI_H */
