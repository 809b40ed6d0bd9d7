// SPDX-License-Identifier: GPL-2.0
/*
 * synclab litmus: run the litmus tests (kmod/litmus.c) through the
 * benchmark engine, on one side, and print their outcomes beside the
 * LKMM's verdicts: one row per test, the four outcomes counted, the one
 * the test asks about per million iterations, and what that means.
 *
 *   synclab litmus [--shape S] [--variant V] [--iterations N] [--batch B]
 *                  [--side kernel|user] [--json]
 *
 * Exit status: 0; 1 when a test the LKMM forbids showed its outcome
 * (FORBIDDEN BUT SEEN), a run was cut short, or an argument is wrong.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchcli.h"
#include "litmus_lkmm.h"

#define LITMUS_DEFAULT_ITERATIONS	1000000ULL
/* A counted run still has a bound: the engine's longest duration. */
#define LITMUS_BOUND_NS			SYNCLAB_BENCH_MAX_DURATION_NS

static const char litmus_usage[] =
	"usage: synclab litmus [--shape S] [--variant V] [--iterations N]\n"
	"                      [--batch B] [--side kernel|user] [--json]\n"
	"  every test (shape x variant) unless --shape or --variant narrows it;\n"
	"  --iterations per test (default 1000000); --batch: iterations per\n"
	"  meeting of the two threads (default 1: they meet before each one;\n"
	"  under QEMU's TCG on a busy host 64 is many times faster); --side:\n"
	"  kernel (kthreads, the default) or user (pthreads); --json: also each\n"
	"  run's result line.\n";

struct litmus_opts {
	int shape;		/* -1: every shape */
	int variant;		/* -1: every variant */
	__u64 iterations;
	__u32 batch;
	const char *side;
	bool json;
};

/* @found, @arg's index in @names; or, when not found, the end, naming them. */
static int litmus_known(const char *what, const char *arg, int found,
			const char * const *names, unsigned int n)
{
	char buf[256] = "";
	unsigned int i;

	if (found >= 0)
		return found;
	for (i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
			 i ? ", " : "", names[i]);
	cli_die("litmus: unknown %s '%s' (%s)", what, arg, buf);
}

static void litmus_parse(struct litmus_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "shape", required_argument, NULL, 's' },
		{ "variant", required_argument, NULL, 'v' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "batch", required_argument, NULL, 'b' },
		{ "side", required_argument, NULL, 'S' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct litmus_opts){ -1, -1, LITMUS_DEFAULT_ITERATIONS, 1,
				   "kernel", false };
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			o->shape = litmus_known("shape", optarg,
						litmus_shape_lookup(optarg),
						litmus_shape_names,
						SYNCLAB_LITMUS_NSHAPES);
			break;
		case 'v':
			o->variant = litmus_known("variant", optarg,
						  litmus_variant_lookup(optarg),
						  litmus_variant_names,
						  SYNCLAB_LITMUS_NVARIANTS);
			break;
		case 'n':
			o->iterations = cli_number("litmus: --iterations",
						   optarg, SYNCLAB_BENCH_MAX_OPS);
			if (!o->iterations)
				cli_die("litmus: --iterations: at least 1");
			break;
		case 'b':
			o->batch = cli_number("litmus: --batch", optarg,
					      SYNCLAB_BENCH_MAX_BATCH);
			if (!o->batch)
				cli_die("litmus: --batch: at least 1");
			break;
		case 'S':
			if (strcmp(optarg, "kernel") && strcmp(optarg, "user"))
				cli_die("litmus: unknown side '%s' (kernel, user)",
					optarg);
			o->side = optarg;
			break;
		case 'j':
			o->json = true;
			break;
		case 'h':
			fputs(litmus_usage, stdout);
			exit(0);
		default:
			fputs(litmus_usage, stderr);
			exit(1);
		}
	}
	if (optind < argc)
		cli_die("litmus: unexpected argument '%s'", argv[optind]);
	if (o->shape >= 0 && o->variant >= 0 &&
	    !litmus_case_of(o->shape, o->variant))
		cli_die("litmus: %s has no %s variant",
			litmus_shape_names[o->shape],
			litmus_variant_names[o->variant]);
}

/* One test, counted: @rec holds its result. 0 or -errno. */
static int litmus_run_one(const struct litmus_opts *o,
			  const struct litmus_case *c,
			  struct bench_record *rec)
{
	struct bench_cli b;

	bench_defaults(&b);
	b.side = o->side;
	b.structure = SYNCLAB_BENCH_LITMUS;
	b.w.structure = SYNCLAB_BENCH_LITMUS;
	b.w.threads[0] = 1;
	b.w.threads[1] = 1;
	b.w.ops_per_thread = o->iterations;
	b.w.batch = o->batch;
	b.w.duration_ns = LITMUS_BOUND_NS;
	b.w.param[0] = c->shape;
	b.w.param[1] = c->variant;
	bench_record_init(rec, &b);
	return bench_exec(rec);
}

/* The outcome @i of @c's shape in words: "r0=0 r1=1". */
static const char *litmus_outcome_words(const struct litmus_case *c,
					unsigned int i, char *buf, size_t len)
{
	const struct litmus_shape *s = &litmus_shapes[c->shape];

	snprintf(buf, len, "%s %s", s->first[i & 1], s->second[i >> 1 & 1]);
	return buf;
}

static void litmus_header(const char *side, __u32 batch)
{
	printf("side %s, threads meeting every %u iteration%s; outcomes: the test's own (the LKMM's \"exists\") last\n",
	       side, batch, batch == 1 ? "" : "s");
	printf("%-4s %-16s %11s  %-26s %-10s %-12s %s\n", "test", "variant",
	       "iterations", "outcome: count", "per 1M", "LKMM", "reading");
}

/* One test's rows. Return: its class. */
static enum litmus_class litmus_print(const struct litmus_case *c,
				      const struct bench_record *rec)
{
	const __u64 *st = rec->res.stats;
	__u64 n = st[SYNCLAB_LITMUS_ITERATIONS];
	enum litmus_verdict v = litmus_verdict(c);
	enum litmus_class cl = litmus_classify(v, st[SYNCLAB_LITMUS_BOTH]);
	char words[32], cell[64];
	unsigned int i;

	for (i = 0; i < 4; i++) {
		/* SYNCLAB_LITMUS_BOTH, the test's own, comes last */
		snprintf(cell, sizeof(cell), "%s: %llu",
			 litmus_outcome_words(c, i, words, sizeof(words)),
			 (unsigned long long)st[i]);
		if (i < 3) {
			printf("%-4s %-16s %11s  %s\n",
			       i ? "" : litmus_shape_names[c->shape],
			       i ? "" : litmus_variant_names[c->variant],
			       i ? "" : "", cell);
			continue;
		}
		printf("%-4s %-16s %11llu  %-26s %-10.1f %-12s %s\n", "", "",
		       (unsigned long long)n, cell,
		       n ? 1e6 * (double)st[SYNCLAB_LITMUS_BOTH] / (double)n : 0.0,
		       litmus_verdict_words(v), litmus_class_words(cl));
	}
	return cl;
}

static int cmd_litmus(int argc, char **argv)
{
	struct litmus_opts o;
	struct bench_record rec;
	unsigned int i, bad = 0, header = 0;
	char why[160];
	int ret;

	litmus_parse(&o, argc, argv);
	bench_signals();
	for (i = 0; i < LITMUS_NCASES; i++) {
		const struct litmus_case *c = &litmus_cases[i];

		if ((o.shape >= 0 && c->shape != (__u32)o.shape) ||
		    (o.variant >= 0 && c->variant != (__u32)o.variant))
			continue;
		ret = litmus_run_one(&o, c, &rec);
		if (ret && ret != -EINTR)
			cli_die("litmus: %s: %s", rec.side, bench_errstr(ret));
		if (o.json && bench_json_print(stdout, &rec, why, sizeof(why)))
			cli_die("litmus: %s", why);
		if (!header++)
			litmus_header(rec.side, o.batch);
		if (litmus_print(c, &rec) == LITMUS_FORBIDDEN_SEEN)
			bad++;
		if (ret == -EINTR || rec.res.flags & SYNCLAB_RESULT_TRUNCATED) {
			fprintf(stderr, "synclab: litmus: %s %s: %s\n",
				litmus_shape_names[c->shape],
				litmus_variant_names[c->variant],
				ret ? "interrupted" : "cut short at the time bound");
			return 1;
		}
	}
	if (bad)
		fprintf(stderr, "synclab: litmus: %u test(s) FORBIDDEN BUT SEEN\n",
			bad);
	printf("LKMM verdicts from %s\n", litmus_lkmm_source);
	return bad ? 1 : 0;
}

const struct cli_cmd cli_cmd_litmus = {
	"litmus", "[--shape S] [--variant V] [--iterations N] [--batch B] [--side kernel|user] [--json]",
	"memory-ordering litmus tests beside the kernel's memory model",
	cmd_litmus,
};
