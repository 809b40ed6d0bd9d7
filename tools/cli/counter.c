// SPDX-License-Identifier: GPL-2.0
/*
 * synclab counter: the lost update as a learner wants to see it. `race`
 * runs N threads that each add one M times to one counter, in the kernel
 * (kthreads, through SYNCLAB_IOC_BENCH_RUN) or in userspace (pthreads,
 * the same kmod/counter.c), as a counted benchmark run, and prints what
 * the total should be, what it is, and how many updates were lost.
 * `explain` says what raced and how each mode fixes it. --batch is
 * percpu's (workload.keys).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchcli.h"
#include "cli.h"

static const char * const counter_modes[SYNCLAB_COUNTER_NMODES] =
	SYNCLAB_COUNTER_MODE_NAMES;

/* A race may not run longer than this: the benchmark's own limit. */
#define COUNTER_RACE_MAX_NS	SYNCLAB_BENCH_MAX_DURATION_NS

static const char *counter_optarg(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		cli_die("counter race: %s needs a value", argv[*i]);
	return argv[++*i];
}

static __u32 counter_mode_of(const char *s)
{
	__u32 m;

	for (m = 0; m < SYNCLAB_COUNTER_NMODES; m++)
		if (!strcmp(s, counter_modes[m]))
			return m;
	cli_die("counter race: unknown mode '%s' (racy, atomic, locked, percpu)",
		s);
}

/* The workload of a race from its command line. */
static void counter_race_args(int argc, char **argv, struct bench_cli *o)
{
	int i;

	bench_defaults(o);
	o->structure = SYNCLAB_BENCH_COUNTER;
	o->w.structure = SYNCLAB_BENCH_COUNTER;
	o->w.mode = SYNCLAB_COUNTER_RACY;
	o->w.threads[0] = 2;
	o->w.ops_per_thread = 1000000;
	o->w.keys = 32;		/* percpu's batch, percpu_counter's own */
	o->w.warmup_ns = 0;
	o->w.duration_ns = COUNTER_RACE_MAX_NS;
	o->side = "user";
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--threads"))
			o->w.threads[0] = cli_number("counter race: --threads",
						     counter_optarg(argc, argv, &i),
						     SYNCLAB_BENCH_MAX_THREADS - 1);
		else if (!strcmp(a, "--increments"))
			o->w.ops_per_thread = cli_number("counter race: --increments",
							 counter_optarg(argc, argv, &i),
							 UINT32_MAX);
		else if (!strcmp(a, "--mode"))
			o->w.mode = counter_mode_of(counter_optarg(argc, argv, &i));
		else if (!strcmp(a, "--side"))
			o->side = counter_optarg(argc, argv, &i);
		else if (!strcmp(a, "--batch"))
			o->w.keys = cli_number("counter race: --batch",
					       counter_optarg(argc, argv, &i),
					       UINT32_MAX);
		else if (!strcmp(a, "--reader"))
			o->w.threads[1] = 1;
		else
			cli_die("counter race: unexpected '%s'", a);
	}
	if (!o->w.threads[0] || !o->w.ops_per_thread)
		cli_die("counter race: --threads and --increments must be at least 1");
	if (o->w.mode == SYNCLAB_COUNTER_PERCPU &&
	    (!o->w.keys || o->w.keys > SYNCLAB_COUNTER_MAX_BATCH))
		cli_die("counter race: --batch must be 1..%lu",
			(unsigned long)SYNCLAB_COUNTER_MAX_BATCH);
	if (strcmp(o->side, "kernel") && strcmp(o->side, "user"))
		cli_die("counter race: unknown side '%s' (kernel, user)", o->side);
}

/* race [--threads N] [--increments M] [--mode M] [--side S] [--reader] */
static int counter_race(int argc, char **argv)
{
	struct bench_record rec;
	struct bench_cli o;
	const __u64 *st;
	__u64 expected;
	int ret;

	counter_race_args(argc, argv, &o);
	bench_record_init(&rec, &o);
	bench_signals();
	ret = bench_exec(&rec);
	if (ret && ret != -EINTR)
		cli_die("counter race: %s: %s", rec.side, bench_errstr(ret));
	st = rec.res.stats;
	expected = (__u64)o.w.threads[0] * o.w.ops_per_thread;
	printf("%s, %u thread%s x %llu increments, %s%s\n",
	       counter_modes[o.w.mode], o.w.threads[0],
	       o.w.threads[0] == 1 ? "" : "s",
	       (unsigned long long)o.w.ops_per_thread, rec.side,
	       o.w.threads[1] ? ", a reader beside them" : "");
	printf("expected %llu\n", (unsigned long long)expected);
	printf("got      %llu\n",
	       (unsigned long long)st[SYNCLAB_COUNTER_STAT_TOTAL]);
	printf("lost     %llu (%.0f per million)\n",
	       (unsigned long long)st[SYNCLAB_COUNTER_STAT_LOST],
	       expected ? 1e6 * st[SYNCLAB_COUNTER_STAT_LOST] / expected : 0.0);
	if (o.w.threads[1])
		printf("reader   %llu reads, %llu went backwards, sum ahead of the fast read by up to %llu\n",
		       (unsigned long long)rec.res.ops_total[1],
		       (unsigned long long)st[SYNCLAB_COUNTER_STAT_BACKWARDS],
		       (unsigned long long)st[SYNCLAB_COUNTER_STAT_READ_ERR]);
	printf("took     %.3f ms\n", rec.res.elapsed_ns / 1e6);
	if (ret || st[SYNCLAB_COUNTER_STAT_INCREMENTS] != expected) {
		fprintf(stderr, "synclab: counter race: stopped early: %llu of %llu increments done\n",
			(unsigned long long)st[SYNCLAB_COUNTER_STAT_INCREMENTS],
			(unsigned long long)expected);
		return 1;
	}
	return 0;
}

static int counter_explain(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		cli_die("counter explain: takes no arguments");
	fputs("counter += 1 is three steps: load the count, add one, store it.\n"
	      "Two threads that load the same value both store value + 1: one\n"
	      "increment is lost, and the total ends short, never over. The race\n"
	      "is between one thread's load and another's store of the same word,\n"
	      "in counter_add_racy() (kmod/counter.c): KCSAN reports it as a\n"
	      "data-race when the module is loaded with counter_racy_plain=1 (the\n"
	      "increment is data_race()-annotated otherwise), TSan likewise.\n"
	      "The fixes:\n"
	      "  atomic  atomic_long_inc(): the three steps as one locked instruction;\n"
	      "          the count's cache line moves to each adder's CPU every time.\n"
	      "  locked  a spinlock around the increment: only the holder touches the\n"
	      "          count; the lock's line moves with every increment.\n"
	      "  percpu  percpu_counter: each CPU adds to its own count and folds it in\n"
	      "          every batch (32) increments; adds scale, and a reader pays:\n"
	      "          the exact total is a walk over every CPU's count.\n", stdout);
	return 0;
}

static const struct cli_cmd counter_cmds[] = {
	{ "race", "[--threads N] [--increments M] [--mode M] [--side S]",
	  "N threads add one M times: expected, got, lost (--reader, --batch B)",
	  counter_race },
	{ "explain", "", "which accesses race, and how each mode fixes it",
	  counter_explain },
	{ NULL },
};

static int cmd_counter(int argc, char **argv)
{
	return cli_dispatch("synclab counter", counter_cmds, argc, argv);
}

/* `synclab counter`, listed by counter's descriptor (bench_desc.c) */
const struct cli_cmd cli_cmd_counter = {
	"counter", "<command> [args]",
	"the lost update: counter += 1 from many threads, and its fixes",
	cmd_counter,
};
