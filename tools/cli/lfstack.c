// SPDX-License-Identifier: GPL-2.0
/*
 * synclab lfstack aba: the ABA problem, caught in the act. Runs every
 * mode of the Treiber stack (kmod/lfstack.c) on the same counted workload
 * (threads that push and pop, a window between reading head->next and
 * the CAS) and prints, per mode, what each pop's audit found: ABA events,
 * nodes duplicated and lost, and the memory held for reclamation. The
 * runs go through the benchmark engine of the side asked for, as
 * `synclab bench --structure lfstack` would.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchcli.h"

static const char *const lfstack_aba_defaults[] = {
	"--structure", "lfstack", "--threads", "2", "--mix", "500",
	"--window-ns", "1000", "--ops", "100000", "--duration-ms", "30000",
};

static void lfstack_aba_usage(FILE *f)
{
	fputs("usage: synclab lfstack aba [--threads N] [--window-ns W] [--ops N]\n"
	      "                           [--side kernel|user] [bench options]\n"
	      "\n"
	      "Runs each mode of the Treiber stack with N threads that push and pop\n"
	      "(default 2), each doing --ops operations (default 100000), with W ns\n"
	      "(default 1000, at most 100000) between reading head->next and the\n"
	      "CAS, and prints what went wrong in each. An ABA event is a pop whose\n"
	      "CAS found its head node again after that node had been popped and\n"
	      "pushed back: naive's bare CAS then installs a stale next, which loses\n"
	      "or duplicates nodes. tagged, hazptr and rcu must show none.\n", f);
}

static double per_million(__u64 n, __u64 of)
{
	return of ? (double)n * 1e6 / (double)of : 0;
}

/* One mode's run; returns 1 when a mode other than naive went wrong. */
static int lfstack_aba_mode(struct bench_cli *o, __u32 mode)
{
	const __u64 *st;
	struct bench_record rec;
	double rate;
	int ret;

	o->w.mode = mode;
	bench_record_init(&rec, o);
	ret = bench_exec(&rec);
	if (ret == -EOPNOTSUPP) {
		printf("%-7s (not on this side: %s)\n",
		       bench_mode_name(SYNCLAB_BENCH_LFSTACK, mode),
		       bench_errstr(ret));
		return 0;
	}
	if (ret)
		cli_die("lfstack aba: %s on %s: %s",
			bench_mode_name(SYNCLAB_BENCH_LFSTACK, mode), rec.side,
			bench_errstr(ret));
	st = rec.res.stats;
	rate = rec.res.elapsed_ns ?
	       (double)(rec.res.ops[0] + rec.res.ops[1]) * 1e9 /
	       (double)rec.res.elapsed_ns : 0;
	printf("%-7s %10llu %8llu %10.1f %10llu %6llu %5s %9llu %12.0f%s\n",
	       bench_mode_name(SYNCLAB_BENCH_LFSTACK, mode),
	       (unsigned long long)st[SYNCLAB_LFSTACK_STAT_POPS],
	       (unsigned long long)st[SYNCLAB_LFSTACK_STAT_ABA],
	       per_million(st[SYNCLAB_LFSTACK_STAT_ABA],
			   st[SYNCLAB_LFSTACK_STAT_POPS]),
	       (unsigned long long)st[SYNCLAB_LFSTACK_STAT_DUPLICATED],
	       (unsigned long long)st[SYNCLAB_LFSTACK_STAT_LOST],
	       st[SYNCLAB_LFSTACK_STAT_CYCLE] ? "yes" : "no",
	       (unsigned long long)st[SYNCLAB_LFSTACK_STAT_HELD_PEAK], rate,
	       rec.res.flags & SYNCLAB_RESULT_TRUNCATED ? "  (cut short)" : "");
	return mode != SYNCLAB_LFSTACK_NAIVE &&
	       (rec.res.flags & SYNCLAB_RESULT_INVARIANT);
}

static int lfstack_aba(int argc, char **argv)
{
	size_t nd = ARRAY_LEN(lfstack_aba_defaults);
	char **args = calloc(nd + argc + 1, sizeof(*args));
	const char *side = "user";
	struct bench_cli o;
	int i, n = 0, bad = 0;
	__u32 m;

	if (!args)
		cli_die("lfstack aba: out of memory");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			lfstack_aba_usage(stdout);
			free(args);
			return 0;
		}
	}
	args[n++] = "lfstack aba";
	for (i = 0; i < (int)nd; i++)
		args[n++] = (char *)lfstack_aba_defaults[i];
	for (i = 1; i < argc; i++) {
		/* where it runs is the command's, the rest the workload's */
		if (!strcmp(argv[i], "--side")) {
			if (i + 1 >= argc)
				cli_die("lfstack aba: --side needs kernel or user");
			side = argv[++i];
			continue;
		}
		args[n++] = argv[i];
	}
	bench_defaults(&o);
	bench_parse(&o, n, args, NULL, "lfstack aba");
	free(args);
	if (strcmp(side, "kernel") && strcmp(side, "user"))
		cli_die("lfstack aba: unknown side '%s' (kernel, user)", side);
	o.side = side;
	if (o.structure != SYNCLAB_BENCH_LFSTACK)
		cli_die("lfstack aba: --structure is lfstack here");
	bench_signals();
	printf("%u thread%s pushing and popping, %llu operations each, window %u ns, side %s\n",
	       o.w.threads[0] + o.w.threads[1],
	       o.w.threads[0] + o.w.threads[1] == 1 ? "" : "s",
	       (unsigned long long)o.w.ops_per_thread, o.w.param[0], o.side);
	printf("%-7s %10s %8s %10s %10s %6s %5s %9s %12s\n", "mode", "pops",
	       "ABA", "ABA/Mpop", "duplicated", "lost", "cycle", "held", "ops/s");
	for (m = 0; m < SYNCLAB_LFSTACK_NMODES; m++)
		bad |= lfstack_aba_mode(&o, m);
	puts("ABA: a pop's CAS took a head that had been popped and pushed again;\n"
	     "duplicated, lost: nodes the stack's audit found linked twice or not\n"
	     "at all; held: peak nodes retired and not yet freed (hazptr, rcu).");
	if (bad)
		cli_die("lfstack aba: a mode other than naive lost or duplicated nodes");
	return 0;
}

static const struct cli_cmd lfstack_cmds[] = {
	{ "aba", "[--threads N] [--window-ns W] [--side kernel|user]",
	  "every mode on one workload: ABA events, nodes lost and duplicated",
	  lfstack_aba },
	{ NULL, NULL, NULL, NULL },
};

static int cmd_lfstack(int argc, char **argv)
{
	return cli_dispatch("lfstack", lfstack_cmds, argc, argv);
}

const struct cli_cmd cli_cmd_lfstack = {
	"lfstack", "<command> [args]",
	"the Treiber stack: ABA caught in the act (lfstack aba)", cmd_lfstack,
};
