// SPDX-License-Identifier: GPL-2.0
/*
 * `synclab bench --help`: the options, with what each structure makes of
 * them taken from its descriptor (bench_desc.c), so the text names every
 * structure, mode, role and default there is and no other.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "benchcli.h"

#define USAGE_WIDTH	79
#define USAGE_INDENT	23	/* where an option's text starts */

/*
 * "  --opt ARG          text", @text wrapped at word boundaries; a '\n'
 * in it starts a new line.
 */
static void usage_opt(FILE *f, const char *opt, const char *text)
{
	int col = fprintf(f, "  %-*s", USAGE_INDENT - 3, opt);
	const char *w = text;

	if (col > USAGE_INDENT - 1) {
		fputc('\n', f);
		col = 0;
	}
	while (*w) {
		size_t n = strcspn(w, " \n");

		if (col > USAGE_INDENT && col + 1 + (int)n > USAGE_WIDTH) {
			fputc('\n', f);
			col = 0;
		}
		if (col < USAGE_INDENT)
			col += fprintf(f, "%*s", USAGE_INDENT - col, "");
		else
			col += fprintf(f, " ");
		col += fprintf(f, "%.*s", (int)n, w);
		w += n;
		if (*w == '\n') {
			fputc('\n', f);
			col = 0;
		}
		w += strspn(w, " \n");
	}
	fputc('\n', f);
}

/* Appends to @buf, which has room for @size. */
static void __attribute__((format(printf, 3, 4)))
cat(char *buf, size_t size, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
}

/* route: rcu rwlock spinlock mutex, rte_lpm (peer, host); ... */
static void usage_modes(FILE *f)
{
	const struct bench_desc *d;
	char buf[1024] = "";
	unsigned int st, m;

	for (st = 0; (d = bench_desc(st)); st++) {
		cat(buf, sizeof(buf), "%s%s:", st ? "\n" : "", d->name);
		for (m = 0; m < d->nmodes; m++)
			if (!(d->hidden & (1U << m)))
				cat(buf, sizeof(buf), " %s", d->modes[m]);
		for (m = 0; m < d->npeers; m++)
			cat(buf, sizeof(buf), ", %s (peer, %s)", d->peers[m].name,
			    d->peers[m].where);
		if (d->modes_note)
			cat(buf, sizeof(buf), " %s", d->modes_note);
	}
	usage_opt(f, "--mode M", buf);
}

/* "route: reader,writer (1,0)", a line per structure */
static void usage_threads(FILE *f)
{
	const struct bench_desc *d;
	char buf[1024] = "threads per role (default)";
	unsigned int st;

	for (st = 0; (d = bench_desc(st)); st++) {
		cat(buf, sizeof(buf), "\n%s: %s", d->name, d->roles[0]);
		if (bench_two_roles(d))
			cat(buf, sizeof(buf), ",%s (%u,%u)", d->roles[1],
			    d->threads[0], d->threads[1]);
		else
			cat(buf, sizeof(buf), " (%u)", d->threads[0]);
	}
	usage_opt(f, "--threads N[,M]", buf);
}

/*
 * An option whose meaning depends on the structure: @general, then each
 * structure's own words on a line of its own (for keys, with its
 * default).
 */
static void usage_field(FILE *f, const char *opt, enum bench_field field,
			const char *general)
{
	const struct bench_desc *d;
	char buf[1024] = "";
	unsigned int st;

	if (general)
		cat(buf, sizeof(buf), "%s", general);
	for (st = 0; (d = bench_desc(st)); st++) {
		if (!d->help[field])
			continue;
		cat(buf, sizeof(buf), "%s%s: %s", buf[0] ? "\n" : "", d->name,
		    d->help[field]);
		if (field == BF_KEYS)
			cat(buf, sizeof(buf), " (%u)", d->nkeys);
	}
	usage_opt(f, opt, buf);
}

/* Each structure's own parameters: --NAME N, its range and default. */
static void usage_params(FILE *f)
{
	const struct bench_desc *d;
	unsigned int st, i;
	char opt[64], buf[512];

	for (st = 0; (d = bench_desc(st)); st++) {
		for (i = 0; i < d->nparams; i++) {
			const struct bench_param *p = &d->params[i];

			snprintf(opt, sizeof(opt), "--%s N", p->name);
			snprintf(buf, sizeof(buf), "%s: %s, %u..%u (%u)", d->name,
				 p->help, p->min, p->max, p->def);
			usage_opt(f, opt, buf);
		}
	}
}

void bench_usage(FILE *f)
{
	char names[256];

	fputs("usage: synclab bench [--side kernel|user] --structure S [options]\n"
	      "       synclab bench --matrix FILE --side kernel|user [--quick] [--repeat N]\n"
	      "                     [--points I,J,...] [--list]\n"
	      "\n"
	      "Runs one workload and prints one JSON line (see README.md, \"Reading the\n"
	      "report\"), or runs every point of a matrix file for one side.\n"
	      "\n"
	      "where it runs:\n", f);
	usage_opt(f, "--side kernel", "kthreads in the module (" SYNCLAB_DEV_CTL "); reported as kernel in a synclab guest, host-kernel in the host's own kernel");
	usage_opt(f, "--side user", "pthreads in this process; reported as user-vm in the QEMU guest, user-host elsewhere (default)");
	fputs("\nwhat it runs:\n", f);
	usage_opt(f, "--structure S", bench_struct_names(names, sizeof(names), ", "));
	usage_modes(f);
	usage_threads(f);
	usage_field(f, "--mix PERMILLE", BF_MIX,
		    "per mille of role-0 operations that are role-1 ones instead, 0..1000");
	usage_field(f, "--keys N", BF_KEYS, NULL);
	usage_opt(f, "--hot PERMILLE:KEYS", "draw PERMILLE of the keys from the first KEYS");
	usage_field(f, "--batch N", BF_BATCH, "work items per operation (1)");
	usage_field(f, "--prefill N", BF_PREFILL, NULL);
	usage_field(f, "--cs-ns N", BF_CS, NULL);
	usage_opt(f, "--think-ns N[,M]", "busy work after each operation, per role");
	usage_opt(f, "--seed N", "the run's seed (1); thread i's operations depend on (seed, i) only, the same on both sides");
	usage_opt(f, "--warmup-ms N", "running before the window, not counted (200)");
	usage_opt(f, "--duration-ms N", "the timed window (1000)");
	usage_opt(f, "--sample-shift N", "time one operation in 2^N per thread (8)");
	usage_opt(f, "--ops N", "a counted run: each role-0 thread does N operations and stops, no warm-up; --duration-ms bounds it (flagged truncated)");
	usage_params(f);
	usage_opt(f, "--nopin", "do not pin threads to CPUs");
	usage_opt(f, "--label TEXT", "a label carried into the JSON line");
	fputs("\na matrix (workload options given too apply to every point, over its own):\n", f);
	usage_opt(f, "--matrix FILE", "run FILE's points for --side (format: tools/bench/matrix)");
	usage_opt(f, "--quick", "only the points marked quick");
	usage_opt(f, "--repeat N", "runs per point (3)");
	usage_opt(f, "--repeat-from R", "number the repeats from R (0): to run a point's repeats one at a time beside something else, as make bench does beside refscale");
	usage_opt(f, "--points I,J,...", "only these points (numbers from --list)");
	usage_opt(f, "--budget-s S", "keep to S seconds: every point once (without retries when behind), then further repeats while they fit, quick lines first");
	usage_opt(f, "--list", "print the points, check that each is a valid workload, run nothing");
	fputs("\nrefscale (kernel/rcu/refscale.c) as results:\n", f);
	usage_opt(f, "--from-refscale FILE", "read refscale's kernel log (dmesg; - for stdin) and print a line per experiment of types rcu, lock, rwlock: structure lock, side kernel, label refscale; experiment k of a test is repeat k (+ --repeat-from)");
}
