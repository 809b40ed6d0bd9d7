// SPDX-License-Identifier: GPL-2.0
/*
 * synclab report FILE.jsonl [--out DIR]: the benchmark report.
 *
 * Reads every result line (json.c parses, bench_line.c checks the fields),
 * groups the repeats of one point, and writes DIR/report.md with, per
 * structure, the throughput of each mode side by side (kernel, userspace
 * in the same VM, userspace on the host) with kernel/user ratios and the
 * peer beside it, fairness, latency and plots (gnuplot: PNG and SVG); a
 * "what this run shows" list derived from the numbers; and the summary
 * table, which it also prints.
 *
 * Rules the report keeps:
 * - Repeats of a point (same structure, mode, side, workload, kernel and
 *   machine) are one group: min, median and max of each role's ops/s;
 *   the median is the headline figure. Latency and fairness come from the
 *   median repeat.
 * - Lines whose "debug" list is not empty (debug kernels, sanitizer
 *   builds) are never put beside production lines: they get a section of
 *   their own and take part in no ratio, finding or plot.
 * - Flagged runs carry a mark wherever their figures appear; a broken
 *   invariant is announced at the top.
 * - Two figures are called even when they differ by less than 5% or
 *   their repeat ranges overlap.
 * - Every table and figure names the machine, kernel and side, and says
 *   whether it ran under QEMU TCG.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_line.h"

#define REPORT_EVEN_PCT		5	/* closer than this is "even" */
#define REPORT_DETAILS_ROWS	12	/* longer tables fold away */
#define ROLES			SYNCLAB_BENCH_ROLES
#define SLOT			160	/* bytes of one formatted figure */

static const char report_usage[] =
"usage: synclab report FILE.jsonl [--out DIR]\n"
"\n"
"Reads the result lines of `synclab bench` (one JSON object a line) and\n"
"writes DIR/report.md (tables, findings), DIR/plots/ (gnuplot data,\n"
"script, PNG and SVG) and prints the summary table. DIR defaults to the\n"
"directory of FILE. See README.md, \"Reading the report\".\n";

/* ---- small helpers -------------------------------------------------------- */

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		cli_die("report: out of memory");
	return p;
}

static __attribute__((format(printf, 1, 0))) char *
xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		cli_die("report: out of memory");
	return s;
}

static __attribute__((format(printf, 1, 2))) char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

struct strlist {
	char **v;
	unsigned int n;
};

static void sl_take(struct strlist *l, char *s)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = s;
}

static void __attribute__((format(printf, 2, 3)))
sl_addf(struct strlist *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sl_take(l, xvasprintf(fmt, ap));
	va_end(ap);
}

static void sl_free(struct strlist *l)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/*
 * Formatted figures live in a ring of buffers, so that one printf can
 * take several of them.
 */
static char *fmt_slot(void)
{
	static char ring[32][SLOT];
	static unsigned int next;

	return ring[next++ % 32];
}

/* 3 significant digits with k/M/G: 950, 12.3k, 123k, 1.23M. */
static const char *fmt_num(double v)
{
	static const char * const units[] = { "", "k", "M", "G", "T" };
	char *b = fmt_slot();
	unsigned int u = 0;

	while (u < 4 && v >= 999.5)
		v /= 1000, u++;
	if (v >= 99.95 || !u)
		snprintf(b, SLOT, "%.0f%s", v, units[u]);
	else if (v >= 9.995)
		snprintf(b, SLOT, "%.1f%s", v, units[u]);
	else
		snprintf(b, SLOT, "%.2f%s", v, units[u]);
	return b;
}

static const char *fmt_rate(double v)
{
	char *b = fmt_slot();

	snprintf(b, SLOT, "%s/s", fmt_num(v));
	return b;
}

static const char *fmt_ns(double ns)
{
	static const struct {
		double div;
		const char *unit;
	} units[] = { { 1e3, "µs" }, { 1e6, "ms" }, { 1e9, "s" } };
	char *b = fmt_slot();
	unsigned int u = 0;
	double v;

	if (ns < 999.5) {
		snprintf(b, SLOT, "%.0f ns", ns);
		return b;
	}
	while (u < 2 && ns / units[u].div >= 999.5)
		u++;
	v = ns / units[u].div;
	/* 3 significant digits: 950, 95.0, 9.50 */
	snprintf(b, SLOT, v >= 99.95 ? "%.0f %s" : v >= 9.995 ? "%.1f %s" :
		 "%.2f %s", v, units[u].unit);
	return b;
}

static const char *fmt_ratio(double r)
{
	char *b = fmt_slot();

	if (r < 9.995)
		snprintf(b, SLOT, "%.2f×", r);
	else if (r < 99.95)
		snprintf(b, SLOT, "%.1f×", r);
	else
		snprintf(b, SLOT, "%.0f×", r);
	return b;
}

static const char *fmt_pct(double frac)
{
	char *b = fmt_slot();

	snprintf(b, SLOT, "%.0f%%", frac * 100);
	return b;
}

/* Display width of UTF-8 text: its code points. */
static size_t text_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* ---- Markdown tables --------------------------------------------------------- */

struct table {
	unsigned int ncols;
	struct strlist cells;	/* header row first, row-major */
	char right[16];		/* 'r': a column of figures */
};

static void tab_init(struct table *t, unsigned int ncols)
{
	memset(t, 0, sizeof(*t));
	if (ncols > sizeof(t->right))
		cli_die("report: a table with %u columns", ncols);
	t->ncols = ncols;
}

/* The next cell, rows filled left to right; '|' is escaped. */
static void __attribute__((format(printf, 2, 3)))
tab_add(struct table *t, const char *fmt, ...)
{
	char *s, *e;
	size_t pipes = 0, i, j;
	va_list ap;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	for (i = 0; s[i]; i++)
		pipes += s[i] == '|';
	if (pipes) {
		e = xrealloc(NULL, strlen(s) + pipes + 1);
		for (i = j = 0; s[i]; i++) {
			if (s[i] == '|')
				e[j++] = '\\';
			e[j++] = s[i];
		}
		e[j] = '\0';
		free(s);
		s = e;
	}
	sl_take(&t->cells, s);
}

static unsigned int tab_rows(const struct table *t)
{
	return t->cells.n / t->ncols - 1;
}

static void tab_print(const struct table *t, FILE *f)
{
	size_t width[16] = {};
	unsigned int r, c, rows = t->cells.n / t->ncols;

	for (r = 0; r < rows; r++)
		for (c = 0; c < t->ncols; c++) {
			size_t w = text_width(t->cells.v[r * t->ncols + c]);

			if (w > width[c])
				width[c] = w;
		}
	for (r = 0; r < rows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *s = t->cells.v[r * t->ncols + c];
			int pad = (int)(width[c] - text_width(s));

			if (t->right[c] == 'r' && r)
				fprintf(f, "| %*s%s ", pad, "", s);
			else
				fprintf(f, "| %s%*s ", s, pad, "");
		}
		fputs("|\n", f);
		if (r)
			continue;
		for (c = 0; c < t->ncols; c++) {
			size_t w = width[c] < 3 ? 3 : width[c];

			fputs("| ", f);
			for (; w > 1; w--)
				fputc('-', f);
			fputc(t->right[c] == 'r' ? ':' : '-', f);
			fputc(' ', f);
		}
		fputs("|\n", f);
	}
}

/* A long table folds away behind its @summary on GitHub. */
static void tab_print_folded(const struct table *t, FILE *f, const char *summary)
{
	bool fold = tab_rows(t) > REPORT_DETAILS_ROWS;

	if (fold)
		fprintf(f, "<details><summary>%s (%u rows)</summary>\n\n", summary,
			tab_rows(t));
	tab_print(t, f);
	if (fold)
		fputs("\n</details>\n", f);
}

static void tab_free(struct table *t)
{
	sl_free(&t->cells);
}

/* ---- flags ------------------------------------------------------------------ */

enum {
	FL_INVARIANT,
	FL_INTERRUPTED,
	FL_RTT_SLOW,
	FL_DISTURBED,
	FL_OVERSUB,
	FL_OTHER,
	FL_N
};

static const struct {
	const char *name;
	const char *mark;
	const char *meaning;
} flag_info[FL_N] = {
	[FL_INVARIANT] = { "invariant_broken", "‼",
		"the structure's own check failed: its figures are void" },
	[FL_INTERRUPTED] = { "interrupted", "§",
		"a signal ended the run early: a partial result" },
	[FL_RTT_SLOW] = { "rtt_slow", "†",
		"the cross-CPU round trip was in its slow mode (the host moved vCPUs)" },
	[FL_DISTURBED] = { "disturbed", "‡",
		"other processes used more than 20% of a host CPU during the run" },
	[FL_OVERSUB] = { "oversubscribed", "°",
		"more threads than CPUs" },
	[FL_OTHER] = { NULL, "¶",
		"another flag, named under \"Flagged runs\"" },
};

/* Flags that make a figure doubtful (oversubscribed only describes it). */
#define FL_DOUBT	((1U << FL_INVARIANT) | (1U << FL_INTERRUPTED) | \
			 (1U << FL_RTT_SLOW) | (1U << FL_DISTURBED) | \
			 (1U << FL_OTHER))

static unsigned int line_flags(const struct bench_line *l)
{
	unsigned int i, k, m = 0;

	for (i = 0; i < l->nflags; i++) {
		for (k = 0; k < FL_OTHER; k++)
			if (!strcmp(l->flags[i], flag_info[k].name))
				break;
		m |= 1U << k;
	}
	return m;
}

/* ---- points: the repeats of one workload on one side -------------------------- */

/*
 * What tells two workloads of a structure apart: the parameters a table
 * shows as columns when they vary, then the thread counts.
 */
enum param {
	P_MIX, P_KEYS, P_HOT, P_BATCH, P_PREFILL, P_CS, P_THINK0, P_THINK1,
	P_SEED, P_NOPIN,
	NPARAMS,
	P_T0 = NPARAMS, P_T1,
	NKEYS
};

#define IGN(p)	(1U << (p))

/*
 * The seed counts only where a run draws from the engine's generator: route
 * and order pick their keys with it, and any structure with a mix draws
 * which operations are role 1. Elsewhere (a ring or lock run without a mix,
 * or refscale's lines, which carry seed 0) two seeds are the same workload.
 */
static bool seed_counts(const struct synclab_workload *w)
{
	return w->structure == SYNCLAB_BENCH_ROUTE ||
	       w->structure == SYNCLAB_BENCH_ORDER || w->mix;
}

static __u64 param_value(const struct synclab_workload *w, unsigned int p)
{
	switch (p) {
	case P_MIX:
		return w->mix;
	case P_KEYS:
		return w->keys;
	case P_HOT:
		return (__u64)w->hot << 32 | w->hot_keys;
	case P_BATCH:
		return w->batch;
	case P_PREFILL:
		return w->prefill;
	case P_CS:
		return w->cs_ns;
	case P_THINK0:
		return w->think_ns[0];
	case P_THINK1:
		return w->think_ns[1];
	case P_SEED:
		return seed_counts(w) ? w->seed : 0;
	case P_NOPIN:
		return w->flags & SYNCLAB_WL_NOPIN;
	case P_T0:
		return w->threads[0];
	case P_T1:
		return w->threads[1];
	}
	return 0;
}

/*
 * Same workload but for the parameters in @ignore (warm-up, duration and
 * sampling never count).
 */
static bool wl_equal(const struct synclab_workload *a,
		     const struct synclab_workload *b, unsigned int ignore)
{
	unsigned int p;

	if (a->structure != b->structure)
		return false;
	for (p = 0; p < NKEYS; p++)
		if (!(ignore & IGN(p)) && param_value(a, p) != param_value(b, p))
			return false;
	return true;
}

/**
 * struct group - the repeats of one point
 * @run:	its lines, by role-0 ops/s
 * @n:		how many
 * @l:		the median repeat (by role-0 ops/s): identity, latency,
 *		fairness
 * @med:	per role, median ops/s (the mean of the middle two for an
 *		even count)
 * @lo:		per role, the smallest
 * @hi:		per role, the largest
 * @flags:	FL_* bits any repeat has
 * @nflag:	repeats with each FL_*
 * @starved:	repeats where some role's busiest thread did more than
 *		twice its idlest
 * @debug:	from a debug or sanitizer build
 * @first:	line number of its first repeat, for a stable order
 */
struct group {
	struct bench_line **run;
	unsigned int n;
	const struct bench_line *l;
	double med[ROLES], lo[ROLES], hi[ROLES];
	unsigned int flags;
	unsigned int nflag[FL_N];
	unsigned int starved;
	bool debug;
	int first;
};

#define G_ST(g)		((int)(g)->l->rec.w.structure)
#define G_W(g)		(&(g)->l->rec.w)
#define G_SIDE(g)	((g)->l->rec.side)

/*
 * Whether @lead opens a set of groups not met yet: no group in @done has
 * its side and its workload but for the parameters in @ignore. A new one
 * joins @done (room for every group of the walk).
 */
static bool first_of_set(const struct group **done, unsigned int *ndone,
			 const struct group *lead, unsigned int ignore)
{
	unsigned int j;

	for (j = 0; j < *ndone; j++)
		if (!strcmp(G_SIDE(done[j]), G_SIDE(lead)) &&
		    wl_equal(G_W(done[j]), G_W(lead), ignore))
			return false;
	done[(*ndone)++] = lead;
	return true;
}

struct report {
	const char *path;
	char *dir;
	struct bench_line *lines;
	int *lineno;
	unsigned int nlines;
	struct group *groups;
	unsigned int ngroups;
	struct strlist notes;
	struct strlist plot_names;
	FILE *gp;		/* plots/plots.gp */
	bool gnuplot;		/* found on PATH */
	unsigned int nplots;
	unsigned int legend;	/* FL_* marks used by the table being written */
	unsigned int summary_marks;	/* those of the summary table */
};

static const char * const sides[] = { "kernel", "user-vm", "user-host" };
#define NSIDES	3

static int side_index(const char *side)
{
	int i;

	for (i = 0; i < NSIDES; i++)
		if (!strcmp(side, sides[i]))
			return i;
	return NSIDES;
}

static bool same_names(const char * const *a, unsigned int na,
		       const char * const *b, unsigned int nb)
{
	unsigned int i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (strcmp(a[i], b[i]))
			return false;
	return true;
}

/* Everything but the rcu flavour's default name and the mode. */
static bool same_variant(const struct bench_line *a, const struct bench_line *b)
{
	const char *fa = a->rec.rcu_flavor, *fb = b->rec.rcu_flavor;

	if (!strcmp(fa, "memb"))
		fa = "";
	if (!strcmp(fb, "memb"))
		fb = "";
	return a->peer == b->peer && !strcmp(a->rec.label, b->rec.label) &&
	       !strcmp(fa, fb);
}

static bool same_point(const struct bench_line *a, const struct bench_line *b)
{
	return wl_equal(&a->rec.w, &b->rec.w, 0) && !strcmp(a->mode, b->mode) &&
	       same_variant(a, b) && !strcmp(a->rec.side, b->rec.side) &&
	       !strcmp(a->rec.kernel, b->rec.kernel) &&
	       !strcmp(a->rec.machine, b->rec.machine) &&
	       !strcmp(a->rec.rcu_flavor, b->rec.rcu_flavor) &&
	       a->rec.emulated == b->rec.emulated &&
	       same_names(a->debug, a->ndebug, b->debug, b->ndebug);
}

static int role_of_sort;

static int cmp_run(const void *a, const void *b)
{
	const struct bench_line *x = *(const struct bench_line * const *)a;
	const struct bench_line *y = *(const struct bench_line * const *)b;
	__u64 u = x->ops_per_sec[role_of_sort], v = y->ops_per_sec[role_of_sort];

	return u < v ? -1 : u > v;
}

/* Median, range and flags of a group whose runs are all in. */
static void group_finish(struct group *g)
{
	unsigned int r, i, k;

	for (r = 0; r < ROLES; r++) {
		role_of_sort = (int)r;
		qsort(g->run, g->n, sizeof(*g->run), cmp_run);
		g->lo[r] = (double)g->run[0]->ops_per_sec[r];
		g->hi[r] = (double)g->run[g->n - 1]->ops_per_sec[r];
		g->med[r] = g->n % 2 ? (double)g->run[g->n / 2]->ops_per_sec[r] :
			    ((double)g->run[g->n / 2 - 1]->ops_per_sec[r] +
			     (double)g->run[g->n / 2]->ops_per_sec[r]) / 2;
	}
	role_of_sort = 0;
	qsort(g->run, g->n, sizeof(*g->run), cmp_run);
	g->l = g->run[(g->n - 1) / 2];
	g->debug = g->l->ndebug > 0;
	for (i = 0; i < g->n; i++) {
		const struct bench_line *l = g->run[i];
		unsigned int m = line_flags(l);
		bool starved = false;

		g->flags |= m;
		for (k = 0; k < FL_N; k++)
			g->nflag[k] += !!(m & (1U << k));
		for (r = 0; r < ROLES; r++)
			if (l->rec.w.threads[r] > 1 &&
			    l->rec.res.thread_ops_max[r] >
			    2 * l->rec.res.thread_ops_min[r])
				starved = true;
		g->starved += starved;
	}
}

static void report_group(struct report *rp)
{
	unsigned int i, j;

	for (i = 0; i < rp->nlines; i++) {
		struct bench_line *l = &rp->lines[i];
		struct group *g = NULL;

		for (j = 0; j < rp->ngroups && !g; j++)
			if (same_point(rp->groups[j].run[0], l))
				g = &rp->groups[j];
		if (!g) {
			rp->groups = xrealloc(rp->groups, (rp->ngroups + 1) *
					      sizeof(*rp->groups));
			g = &rp->groups[rp->ngroups++];
			memset(g, 0, sizeof(*g));
			g->first = rp->lineno[i];
		}
		g->run = xrealloc(g->run, (g->n + 1) * sizeof(*g->run));
		g->run[g->n++] = l;
	}
	for (j = 0; j < rp->ngroups; j++)
		group_finish(&rp->groups[j]);
}

/* ---- names of things ---------------------------------------------------------- */

static const char *role_name(int st, unsigned int r)
{
	const struct bench_struct_info *in = st < 0 ? NULL : bench_info(st);

	if (!in)
		return r ? "second-role" : "first-role";
	return in->roles[r] ? in->roles[r] : "worker";
}

static bool two_roles(int st)
{
	return st >= 0 && bench_info(st) && bench_info(st)->roles[1];
}

/* "2 readers + 1 writer", "2 workers" */
static const char *threads_words_w(int st, const struct synclab_workload *w)
{
	char *b = fmt_slot();

	if (two_roles(st) && w->threads[1])
		snprintf(b, SLOT, "%u %s%s + %u %s%s", w->threads[0],
			 role_name(st, 0), w->threads[0] == 1 ? "" : "s",
			 w->threads[1], role_name(st, 1),
			 w->threads[1] == 1 ? "" : "s");
	else
		snprintf(b, SLOT, "%u %s%s", w->threads[0], role_name(st, 0),
			 w->threads[0] == 1 ? "" : "s");
	return b;
}

static const char *threads_words(const struct group *g)
{
	return threads_words_w(G_ST(g), G_W(g));
}

/* "2+1" under a "reader+writer" head, "2" under "workers". */
static const char *threads_cell(const struct group *g)
{
	const struct synclab_workload *w = G_W(g);
	char *b = fmt_slot();

	if (two_roles(G_ST(g)))
		snprintf(b, SLOT, "%u+%u", w->threads[0], w->threads[1]);
	else
		snprintf(b, SLOT, "%u", w->threads[0]);
	return b;
}

static const char *threads_head(int st)
{
	char *b = fmt_slot();

	if (two_roles(st))
		snprintf(b, SLOT, "%s+%s threads", role_name(st, 0), role_name(st, 1));
	else
		snprintf(b, SLOT, "%s threads", role_name(st, 0));
	return b;
}

/* The mode as the tables show it: "rcu", "rte_lpm (peer)", "rcu [qsbr]". */
static const char *mode_text(const struct bench_line *l)
{
	const char *fl = l->rec.rcu_flavor;
	char *b = fmt_slot();

	snprintf(b, SLOT, "%s%s%s%s%s%s%s", l->rec.label[0] ? l->rec.label : "",
		 l->rec.label[0] ? " " : "", l->mode,
		 fl[0] && strcmp(fl, "memb") ? " [" : "",
		 fl[0] && strcmp(fl, "memb") ? fl : "",
		 fl[0] && strcmp(fl, "memb") ? "]" : "",
		 l->peer ? " (peer)" : "");
	return b;
}

static const char *peer_words(const struct bench_line *l)
{
	char *b = fmt_slot();

	if (!strcmp(l->mode, "rte_lpm"))
		return "DPDK's rte_lpm";
	if (!strcmp(l->mode, "rte_fib"))
		return "DPDK's rte_fib";
	if (!strcmp(l->mode, "ck_ring"))
		return "Concurrency Kit's ck_ring";
	if (!strcmp(l->mode, "ptr_ring"))
		return "the kernel's ptr_ring";
	snprintf(b, SLOT, "%s%s%s", l->rec.label, l->rec.label[0] ? " " : "",
		 l->mode);
	return b;
}

static const char *keys_word(int st)
{
	switch (st) {
	case SYNCLAB_BENCH_ROUTE:
		return "prefixes";
	case SYNCLAB_BENCH_RING:
		return "capacity";
	case SYNCLAB_BENCH_ORDER:
		return "accounts";
	default:
		return "keys";
	}
}

static const char *param_head(int st, unsigned int p)
{
	char *b = fmt_slot();

	switch (p) {
	case P_MIX:
		return "mix ‰";
	case P_KEYS:
		return keys_word(st);
	case P_HOT:
		return "hot ‰:keys";
	case P_BATCH:
		return "batch";
	case P_PREFILL:
		return "prefill";
	case P_CS:
		return "critical section";
	case P_THINK0:
	case P_THINK1:
		snprintf(b, SLOT, "%s think", role_name(st, p - P_THINK0));
		return b;
	case P_SEED:
		return "seed";
	default:
		return "pinned";
	}
}

/* A think time of a role without threads means nothing. */
static bool param_applies(const struct synclab_workload *w, unsigned int p)
{
	return (p != P_THINK0 && p != P_THINK1) || w->threads[p - P_THINK0];
}

static const char *param_cell(const struct synclab_workload *w, unsigned int p)
{
	char *b = fmt_slot();

	if (!param_applies(w, p))
		return "—";
	switch (p) {
	case P_HOT:
		snprintf(b, SLOT, "%u:%u", w->hot, w->hot_keys);
		return b;
	case P_CS:
	case P_THINK0:
	case P_THINK1:
		return fmt_ns((double)param_value(w, p));
	case P_NOPIN:
		return w->flags & SYNCLAB_WL_NOPIN ? "no" : "yes";
	default:
		snprintf(b, SLOT, "%llu", (unsigned long long)param_value(w, p));
		return b;
	}
}

/* "cs 200 ns", "4 accounts", "batch 8": a parameter in words. */
static const char *param_words(int st, const struct synclab_workload *w,
			       unsigned int p)
{
	char *b = fmt_slot();

	switch (p) {
	case P_MIX:
		snprintf(b, SLOT, "mix %u‰", w->mix);
		break;
	case P_KEYS:
		if (st == SYNCLAB_BENCH_RING)
			snprintf(b, SLOT, "capacity %u", w->keys);
		else
			snprintf(b, SLOT, "%u %s", w->keys, keys_word(st));
		break;
	case P_HOT:
		snprintf(b, SLOT, "%u‰ hot in %u", w->hot, w->hot_keys);
		break;
	case P_BATCH:
		snprintf(b, SLOT, "batch %u", w->batch);
		break;
	case P_PREFILL:
		snprintf(b, SLOT, "prefill %u", w->prefill);
		break;
	case P_CS:
		snprintf(b, SLOT, "critical section %s", fmt_ns((double)w->cs_ns));
		break;
	case P_THINK0:
	case P_THINK1:
		snprintf(b, SLOT, "%s think %s", role_name(st, p - P_THINK0),
			 fmt_ns((double)w->think_ns[p - P_THINK0]));
		break;
	case P_SEED:
		snprintf(b, SLOT, "seed %llu", (unsigned long long)w->seed);
		break;
	default:
		snprintf(b, SLOT, "%s", w->flags & SYNCLAB_WL_NOPIN ? "unpinned" :
			 "pinned");
	}
	return b;
}

/* The parameters in @mask, in words: ", 4 accounts, batch 8". */
static char *params_words(int st, const struct synclab_workload *w,
			  unsigned int mask)
{
	char buf[512] = "";
	unsigned int p;

	for (p = 0; p < NPARAMS; p++)
		if ((mask & IGN(p)) && param_applies(w, p))
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 ", %s", param_words(st, w, p));
	return xasprintf("%s", buf);
}

/* ---- selections ---------------------------------------------------------------- */

static bool production(const struct group *g)
{
	return !g->debug;
}

/* Parameters that take more than one value over @st's groups. */
static unsigned int varying(const struct report *rp, int st, bool debug)
{
	const struct group *first = NULL;
	unsigned int i, p, mask = 0;

	for (i = 0; i < rp->ngroups; i++) {
		const struct group *g = &rp->groups[i];

		if ((st >= 0 && G_ST(g) != st) || g->debug != debug)
			continue;
		if (!first) {
			first = g;
			continue;
		}
		if (G_ST(g) != G_ST(first))
			continue;
		for (p = 0; p < NPARAMS; p++)
			if (param_value(G_W(g), p) != param_value(G_W(first), p))
				mask |= IGN(p);
	}
	return mask;
}

/*
 * The production group on @side running @mode with @like's workload but
 * for @ignore, and @like's variant; @kernel (NULL: any) must match.
 */
static const struct group *find(const struct report *rp, const struct group *like,
				const char *side, const char *mode,
				unsigned int ignore, const char *kernel)
{
	unsigned int i;

	for (i = 0; i < rp->ngroups; i++) {
		const struct group *g = &rp->groups[i];

		if (!production(g) || strcmp(G_SIDE(g), side) ||
		    strcmp(g->l->mode, mode) || !same_variant(g->l, like->l) ||
		    !wl_equal(G_W(g), G_W(like), ignore) ||
		    (kernel && strcmp(g->l->rec.kernel, kernel)))
			continue;
		return g;
	}
	return NULL;
}

/* +1: @a ahead, -1: @b ahead, 0: even (within 5% or overlapping repeats). */
static int compare(const struct group *a, const struct group *b, unsigned int r)
{
	double x = a->med[r], y = b->med[r];

	if (a->n > 1 && b->n > 1 && a->lo[r] <= b->hi[r] && b->lo[r] <= a->hi[r])
		return 0;
	if (x * 100 <= y * (100 + REPORT_EVEN_PCT) &&
	    y * 100 <= x * (100 + REPORT_EVEN_PCT))
		return 0;
	return x > y ? 1 : -1;
}

static double ratio(double a, double b)
{
	return b > 0 ? a / b : 0;
}

/* The marks of a group's flags, "" when it has none. */
static const char *marks(struct report *rp, const struct group *g)
{
	char *b = fmt_slot();
	unsigned int k;

	b[0] = '\0';
	for (k = 0; k < FL_N; k++) {
		if (!(g->flags & (1U << k)))
			continue;
		if (!b[0])
			strcat(b, " ");
		strcat(b, flag_info[k].mark);
		rp->legend |= 1U << k;
	}
	return b;
}

/* The legend of the marks the last table used. */
static void legend(struct report *rp, FILE *f)
{
	unsigned int k;
	const char *sep = "";

	if (!rp->legend)
		return;
	fputs("\n", f);
	for (k = 0; k < FL_N; k++) {
		if (!(rp->legend & (1U << k)))
			continue;
		fprintf(f, "%s%s %s%s%s%s", sep, flag_info[k].mark,
			flag_info[k].name ? "`" : "",
			flag_info[k].name ? flag_info[k].name : "",
			flag_info[k].name ? "`: " : "", flag_info[k].meaning);
		sep = "; ";
	}
	fputs(".\n", f);
	rp->legend = 0;
}

/* ---- where it ran ---------------------------------------------------------------- */

static const char *env_words(const struct bench_line *l)
{
	static char b[4][320];
	static unsigned int next;
	char *s = b[next++ % 4];

	snprintf(s, 320, "%s, kernel %s, %u CPUs, %s", l->rec.machine,
		 l->rec.kernel, l->rec.res.cpus, l->rec.emulated ?
		 "emulated (QEMU TCG)" : "not emulated");
	return s;
}

/*
 * "Where: kernel and user-vm: MACHINE, kernel K, 2 CPUs, emulated (QEMU
 * TCG); user-host: ..." over the groups @pick accepts, sides that share
 * a machine named together.
 */
static void where(const struct report *rp, FILE *f,
		  bool (*pick)(const struct group *, const void *), const void *arg)
{
	struct strlist envs = {}, who = {};
	bool emulated = false;
	unsigned int i, j;
	int s;

	for (s = 0; s < NSIDES; s++) {
		for (i = 0; i < rp->ngroups; i++) {
			const struct group *g = &rp->groups[i];
			const char *e;

			if (strcmp(G_SIDE(g), sides[s]) || !pick(g, arg))
				continue;
			emulated |= g->l->rec.emulated;
			e = env_words(g->l);
			for (j = 0; j < envs.n; j++)
				if (!strcmp(envs.v[j], e))
					break;
			if (j == envs.n) {
				sl_addf(&envs, "%s", e);
				sl_addf(&who, "%s", sides[s]);
			} else if (!strstr(who.v[j], sides[s])) {
				char *t = xasprintf("%s and %s", who.v[j], sides[s]);

				free(who.v[j]);
				who.v[j] = t;
			}
		}
	}
	fputs("*Where:* ", f);
	for (j = 0; j < envs.n; j++)
		fprintf(f, "%s%s: %s", j ? "; " : "", who.v[j], envs.v[j]);
	fputs(".", f);
	if (emulated)
		fputs(" Timings inside TCG compare sides and modes in the same VM, not with bare metal.",
		      f);
	fputs("\n", f);
	sl_free(&envs);
	sl_free(&who);
}

static bool pick_structure(const struct group *g, const void *arg)
{
	return production(g) && G_ST(g) == *(const int *)arg;
}

static bool pick_debug(const struct group *g, const void *arg)
{
	(void)arg;
	return g->debug;
}

static bool pick_production(const struct group *g, const void *arg)
{
	(void)arg;
	return production(g);
}

static bool pick_all(const struct group *g, const void *arg)
{
	(void)arg;
	(void)g;
	return true;
}

/* ---- ordering ----------------------------------------------------------------- */

static int mode_rank(const struct bench_line *l)
{
	int m = bench_mode_lookup(l->rec.w.structure, l->mode);

	return (l->peer ? 100 : 0) + (m < 0 ? 50 : m);
}

/* By parameters, threads, own modes before peers, side. */
static int cmp_group(const void *a, const void *b)
{
	const struct group *x = *(const struct group * const *)a;
	const struct group *y = *(const struct group * const *)b;
	unsigned int p;
	int c;

	if (G_ST(x) != G_ST(y))
		return G_ST(x) - G_ST(y);
	for (p = 0; p < NPARAMS; p++) {
		__u64 u = param_value(G_W(x), p), v = param_value(G_W(y), p);

		if (u != v)
			return u < v ? -1 : 1;
	}
	for (p = P_T0; p <= P_T1; p++) {
		__u64 u = param_value(G_W(x), p), v = param_value(G_W(y), p);

		if (u != v)
			return u < v ? -1 : 1;
	}
	c = mode_rank(x->l) - mode_rank(y->l);
	if (!c)
		c = strcmp(mode_text(x->l), mode_text(y->l));
	if (!c)
		c = side_index(G_SIDE(x)) - side_index(G_SIDE(y));
	return c ? c : x->first - y->first;
}

/* The groups @pick accepts, in table order; free the array. */
static const struct group **select_groups(const struct report *rp,
					  bool (*pick)(const struct group *, const void *),
					  const void *arg, unsigned int *n)
{
	const struct group **v = xrealloc(NULL, (rp->ngroups + 1) * sizeof(*v));
	unsigned int i;

	*n = 0;
	for (i = 0; i < rp->ngroups; i++)
		if (pick(&rp->groups[i], arg))
			v[(*n)++] = &rp->groups[i];
	qsort(v, *n, sizeof(*v), cmp_group);
	return v;
}

/* ---- throughput: one row per workload and mode, one column per side ---------- */

struct row {
	const struct group *cell[NSIDES];
	const struct group *any;
};

static struct row *pivot(const struct group **v, unsigned int n, unsigned int *nrows)
{
	struct row *rows = xrealloc(NULL, (n + 1) * sizeof(*rows));
	unsigned int i, j;

	*nrows = 0;
	for (i = 0; i < n; i++) {
		const struct group *g = v[i];
		int s = side_index(G_SIDE(g));
		struct row *r = NULL;

		for (j = 0; j < *nrows && !r; j++) {
			const struct group *a = rows[j].any;

			if (!rows[j].cell[s] && wl_equal(G_W(a), G_W(g), 0) &&
			    !strcmp(a->l->mode, g->l->mode) &&
			    same_variant(a->l, g->l))
				r = &rows[j];
		}
		if (!r) {
			r = &rows[(*nrows)++];
			memset(r, 0, sizeof(*r));
			r->any = g;
		}
		r->cell[s] = g;
	}
	return rows;
}

/* Own mode a peer stands beside; "" for the same name, NULL for any. */
static const char *counterpart(const struct bench_line *peer)
{
	static const struct {
		int st;
		const char *peer, *own;
	} pairs[] = {
		{ SYNCLAB_BENCH_ROUTE, "rte_lpm", "rcu" },
		{ SYNCLAB_BENCH_ROUTE, "rte_fib", "rcu" },
		{ SYNCLAB_BENCH_RING, "ck_ring", "spsc" },
		{ SYNCLAB_BENCH_RING, "ptr_ring", "spinlock" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(pairs); i++)
		if ((int)peer->rec.w.structure == pairs[i].st &&
		    !strcmp(peer->mode, pairs[i].peer))
			return pairs[i].own;
	if (bench_mode_lookup(peer->rec.w.structure, peer->mode) >= 0 &&
	    !bench_is_peer(peer->rec.w.structure,
			   bench_mode_lookup(peer->rec.w.structure, peer->mode)))
		return peer->mode;
	return NULL;
}

static bool stands_beside(const struct group *peer, const struct group *own)
{
	const char *c = counterpart(peer->l);

	return peer->l->peer && !own->l->peer && G_ST(peer) == G_ST(own) &&
	       !strcmp(G_SIDE(peer), G_SIDE(own)) &&
	       wl_equal(G_W(peer), G_W(own), 0) &&
	       (!c || !strcmp(c, own->l->mode));
}

/* "12.3M/s (11.9M–12.8M) ‡ + 1.02M/s": each role's median, range, marks. */
static char *rate_cell(struct report *rp, const struct group *g, bool bold)
{
	char buf[256] = "";
	unsigned int r;

	for (r = 0; r < ROLES; r++) {
		if (!G_W(g)->threads[r])
			continue;
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s%s%s",
			 buf[0] ? " + " : "", bold ? "**" : "",
			 fmt_rate(g->med[r]), bold ? "**" : "");
		if (g->n > 1)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 " (%s–%s)", fmt_num(g->lo[r]), fmt_num(g->hi[r]));
		bold = false;
	}
	return xasprintf("%s%s", buf, marks(rp, g));
}

/*
 * Whether @g is the fastest own mode of its side at its workload (and
 * there are at least two).
 */
static bool is_winner(const struct group **v, unsigned int n, const struct group *g)
{
	unsigned int i, rivals = 0;

	if (g->l->peer)
		return false;
	for (i = 0; i < n; i++) {
		const struct group *o = v[i];

		if (o == g || o->l->peer || strcmp(G_SIDE(o), G_SIDE(g)) ||
		    !wl_equal(G_W(o), G_W(g), 0))
			continue;
		rivals++;
		if (o->med[0] > g->med[0])
			return false;
	}
	return rivals > 0;
}

static void throughput_table(struct report *rp, FILE *f, int st,
			     const struct group **v, unsigned int n)
{
	unsigned int vary = varying(rp, st, false), nrows, i, p, c;
	bool has[NSIDES] = {}, peers = false, ratio_col;
	struct row *rows = pivot(v, n, &nrows);
	struct table t;
	int s;

	for (i = 0; i < n; i++) {
		has[side_index(G_SIDE(v[i]))] = true;
		peers |= v[i]->l->peer;
	}
	ratio_col = has[0] && has[1];
	for (c = 1, p = 0; p < NPARAMS; p++)
		c += !!(vary & IGN(p));
	c += 1 + has[0] + has[1] + has[2] + ratio_col + peers;
	tab_init(&t, c);
	for (p = 0; p < NPARAMS; p++)
		if (vary & IGN(p))
			tab_add(&t, "%s", param_head(st, p));
	tab_add(&t, "%s", threads_head(st));
	tab_add(&t, "mode");
	for (s = 0; s < NSIDES; s++) {
		if (has[s])
			tab_add(&t, "%s", sides[s]);
		if (s == 1 && ratio_col)
			tab_add(&t, "kernel ÷ user-vm");
	}
	if (peers)
		tab_add(&t, "vs peer (own ÷ peer)");
	c = 0;
	for (p = 0; p < NPARAMS; p++)
		c += !!(vary & IGN(p));
	t.right[c] = 'r';
	for (i = c + 2; i < t.ncols; i++)
		t.right[i] = 'r';

	for (i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		char peerbuf[512] = "";
		unsigned int j;

		for (p = 0; p < NPARAMS; p++)
			if (vary & IGN(p))
				tab_add(&t, "%s", param_cell(G_W(r->any), p));
		tab_add(&t, "%s", threads_cell(r->any));
		tab_add(&t, "%s", mode_text(r->any->l));
		for (s = 0; s < NSIDES; s++) {
			if (has[s]) {
				if (r->cell[s]) {
					char *cell = rate_cell(rp, r->cell[s],
							       is_winner(v, n, r->cell[s]));

					tab_add(&t, "%s", cell);
					free(cell);
				} else {
					tab_add(&t, "—");
				}
			}
			if (s == 1 && ratio_col) {
				const struct group *k = r->cell[0], *u = r->cell[1];

				if (k && u && !strcmp(k->l->rec.kernel, u->l->rec.kernel) &&
				    u->med[0] > 0)
					tab_add(&t, "%s", fmt_ratio(ratio(k->med[0], u->med[0])));
				else
					tab_add(&t, "—");
			}
		}
		if (!peers)
			continue;
		for (j = 0; j < n; j++) {
			const struct group *pg = v[j];

			for (s = 0; s < NSIDES; s++) {
				const struct group *own = r->cell[s];

				if (!own || !stands_beside(pg, own) || pg->med[0] <= 0)
					continue;
				snprintf(peerbuf + strlen(peerbuf),
					 sizeof(peerbuf) - strlen(peerbuf),
					 "%s%s %s %s: %s", peerbuf[0] ? "; " : "",
					 mode_text(pg->l), sides[s],
					 fmt_rate(pg->med[0]),
					 fmt_ratio(ratio(own->med[0], pg->med[0])));
			}
		}
		tab_add(&t, "%s", peerbuf[0] ? peerbuf : "—");
	}
	fprintf(f, "Cells: %s ops/s%s%s%s, the median over repeats with the range in parentheses when a point ran more than once; **bold**: the fastest mode of a side at that workload.%s%s\n\n",
		role_name(st, 0), two_roles(st) ? " + " : "",
		two_roles(st) ? role_name(st, 1) : "",
		two_roles(st) ? " ops/s (when it has threads)" : "",
		ratio_col ? " *kernel ÷ user-vm* compares the same workload in the same VM (first role)." : "",
		peers ? " *vs peer*: this mode's rate divided by the reference implementation's on the same side and workload." : "");
	tab_print(&t, f);
	legend(rp, f);
	tab_free(&t);
	free(rows);
}

/* ---- fairness and latency -------------------------------------------------------- */

static void fairness_table(struct report *rp, FILE *f, int st,
			   const struct group **v, unsigned int n)
{
	unsigned int vary = varying(rp, st, false), i, p, r, c = 0, starved = 0;
	struct table t;

	for (p = 0; p < NPARAMS; p++)
		c += !!(vary & IGN(p));
	tab_init(&t, c + 3 + (two_roles(st) ? 2 : 1) + 1);
	for (p = 0; p < NPARAMS; p++)
		if (vary & IGN(p))
			tab_add(&t, "%s", param_head(st, p));
	tab_add(&t, "%s", threads_head(st));
	tab_add(&t, "mode");
	tab_add(&t, "side");
	for (r = 0; r < (two_roles(st) ? 2U : 1U); r++) {
		tab_add(&t, "%s ops per thread, min–max", role_name(st, r));
		t.right[c + 3 + r] = 'r';
	}
	tab_add(&t, "starvation (max > 2× min)");
	for (i = 0; i < n; i++) {
		const struct group *g = v[i];
		const struct synclab_result *res = &g->l->rec.res;
		bool multi = false;

		for (r = 0; r < ROLES; r++)
			multi |= G_W(g)->threads[r] > 1;
		if (!multi)
			continue;
		for (p = 0; p < NPARAMS; p++)
			if (vary & IGN(p))
				tab_add(&t, "%s", param_cell(G_W(g), p));
		tab_add(&t, "%s", threads_cell(g));
		tab_add(&t, "%s", mode_text(g->l));
		tab_add(&t, "%s%s", G_SIDE(g), marks(rp, g));
		for (r = 0; r < (two_roles(st) ? 2U : 1U); r++) {
			double lo = (double)res->thread_ops_min[r];
			double hi = (double)res->thread_ops_max[r];

			if (G_W(g)->threads[r] < 2)
				tab_add(&t, "—");
			else
				tab_add(&t, "%s–%s (%s)", fmt_num(lo), fmt_num(hi),
					lo > 0 ? fmt_ratio(ratio(hi, lo)) : "∞");
		}
		if (!g->starved)
			tab_add(&t, "no");
		else if (g->n > 1)
			tab_add(&t, "**starved** in %u of %u repeats", g->starved, g->n);
		else
			tab_add(&t, "**starved**");
		starved += !!g->starved;
	}
	if (!tab_rows(&t)) {
		fputs("No point ran two threads in one role.\n", f);
		tab_free(&t);
		return;
	}
	fprintf(f, "Operations done by the idlest and the busiest thread of a role (the median repeat), and their ratio; starvation is flagged when the busiest did more than twice the idlest (locktorture's rule). %u of %u points starved.\n\n",
		starved, tab_rows(&t));
	tab_print_folded(&t, f, "fairness per point");
	legend(rp, f);
	tab_free(&t);
}

static void latency_table(struct report *rp, FILE *f, int st,
			  const struct group **v, unsigned int n)
{
	unsigned int vary = varying(rp, st, false), i, p, r, c = 0;
	unsigned int nroles = two_roles(st) ? 2 : 1;
	struct table t;

	for (p = 0; p < NPARAMS; p++)
		c += !!(vary & IGN(p));
	tab_init(&t, c + 3 + nroles);
	for (p = 0; p < NPARAMS; p++)
		if (vary & IGN(p))
			tab_add(&t, "%s", param_head(st, p));
	tab_add(&t, "%s", threads_head(st));
	tab_add(&t, "mode");
	tab_add(&t, "side");
	for (r = 0; r < nroles; r++) {
		tab_add(&t, "%s p50 / p99 / max", role_name(st, r));
		t.right[c + 3 + r] = 'r';
	}
	for (i = 0; i < n; i++) {
		const struct group *g = v[i];
		const struct bench_line *l = g->l;

		for (p = 0; p < NPARAMS; p++)
			if (vary & IGN(p))
				tab_add(&t, "%s", param_cell(G_W(g), p));
		tab_add(&t, "%s", threads_cell(g));
		tab_add(&t, "%s", mode_text(l));
		tab_add(&t, "%s%s", G_SIDE(g), marks(rp, g));
		for (r = 0; r < nroles; r++) {
			if (!G_W(g)->threads[r] || !l->samples[r])
				tab_add(&t, "—");
			else
				tab_add(&t, "%s / %s / %s", fmt_ns((double)l->p50[r]),
					fmt_ns((double)l->p99[r]),
					fmt_ns((double)l->rec.res.lat_max_ns[r]));
		}
	}
	fputs("Latency of sampled operations (the median repeat): percentiles from a log2 histogram, interpolated inside a bucket; max is the longest sampled operation.\n\n",
	      f);
	tab_print_folded(&t, f, "latency per point");
	legend(rp, f);
	tab_free(&t);
}

/* ---- plots ---------------------------------------------------------------------- */

/*
 * A string for a gnuplot script, in double quotes ("\n" breaks a line).
 * gnuplot runs `backquoted` text as a shell command even there: the
 * machine's name comes from the input file, so backquotes become quotes.
 */
static void gp_quote(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '`')
			fputc('\'', f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static const char *scale_words(double scale)
{
	return scale >= 1e6 ? " (millions)" : scale >= 1e3 ? " (thousands)" : "";
}

struct series {
	const struct group *g[64];
	double x[64];
	unsigned int n;
	char title[96];
};

static void series_sort(struct series *s)
{
	unsigned int i, j;

	for (i = 1; i < s->n; i++)
		for (j = i; j > 0 && s->x[j] < s->x[j - 1]; j--) {
			const struct group *g = s->g[j];
			double x = s->x[j];

			s->g[j] = s->g[j - 1];
			s->x[j] = s->x[j - 1];
			s->g[j - 1] = g;
			s->x[j - 1] = x;
		}
}

/**
 * plot() - one figure: its data file, its part of plots.gp, its Markdown
 * @rp:		the report
 * @f:		the Markdown
 * @name:	file name stem under plots/
 * @ser:	the series (lines), each sorted by x
 * @nser:	how many
 * @yrole:	the role whose ops/s is y
 * @xlabel:	the x axis
 * @xrate:	x is a rate (scaled to thousands or millions like y)
 * @xint:	x takes integer values (thread counts)
 * @what:	the caption's description
 */
static void plot(struct report *rp, FILE *f, const char *name,
		 struct series *ser, unsigned int nser, unsigned int yrole,
		 const char *xlabel, bool xrate, bool xint, const char *what)
{
	const struct group *g0 = ser[0].g[0];
	char *path = xasprintf("%s/plots/%s.dat", rp->dir, name), *title;
	double xmin = 0, xmax = 0, ymin = 0, ymax = 0, xscale, yscale;
	FILE *d = fopen(path, "w");
	unsigned int i, j;
	bool first = true;

	if (!d)
		cli_die_errno("report: %s", path);
	fprintf(d, "# %s\n# x  %s ops/s: median  min  max\n", what,
		role_name(G_ST(g0), yrole));
	for (i = 0; i < nser; i++) {
		fprintf(d, "%s# %s\n", i ? "\n\n" : "", ser[i].title);
		for (j = 0; j < ser[i].n; j++) {
			const struct group *g = ser[i].g[j];
			double x = ser[i].x[j];

			fprintf(d, "%.6g %.6g %.6g %.6g\n", x, g->med[yrole],
				g->lo[yrole], g->hi[yrole]);
			if (first || x < xmin)
				xmin = x;
			if (first || x > xmax)
				xmax = x;
			if (first || g->lo[yrole] < ymin)
				ymin = g->lo[yrole];
			if (first || g->hi[yrole] > ymax)
				ymax = g->hi[yrole];
			first = false;
		}
	}
	if (fclose(d))
		cli_die_errno("report: %s", path);
	free(path);

	yscale = ymax >= 1e6 ? 1e6 : ymax >= 1e3 ? 1e3 : 1;
	xscale = !xrate ? 1 : xmax >= 1e6 ? 1e6 : xmax >= 1e3 ? 1e3 : 1;
	fprintf(rp->gp, "\n# %s\nreset\nset grid\nset key outside right top\n",
		what);
	title = xasprintf("%s: %s\n%s: %s", bench_struct_name(G_ST(g0)), what,
			  G_SIDE(g0), env_words(g0->l));
	fputs("set title ", rp->gp);
	gp_quote(rp->gp, title);
	free(title);
	fputs(" noenhanced\nset offsets graph 0.03, graph 0.03, 0, 0\nset xlabel ", rp->gp);
	title = xasprintf("%s%s", xlabel, scale_words(xscale));
	gp_quote(rp->gp, title);
	free(title);
	fprintf(rp->gp, " noenhanced\nset ylabel '%s ops/s%s' noenhanced\n",
		role_name(G_ST(g0), yrole), scale_words(yscale));
	if (xmin > 0 && xmax > 10 * xmin)
		fputs("set logscale x\n", rp->gp);
	else if (xint && xmax - xmin <= 16)
		fputs("set xtics 1\n", rp->gp);
	fputs(ymin > 0 && ymax > 10 * ymin ? "set logscale y\n" : "set yrange [0:*]\n",
	      rp->gp);
	fprintf(rp->gp, "set terminal @pngterm\nset output '%s.png'\nplot ", name);
	for (i = 0; i < nser; i++) {
		fprintf(rp->gp, "%s'%s.dat' index %u using ($1/%g):($2/%g):($3/%g):($4/%g) with yerrorlines lw 2 title ",
			i ? ", \\\n     " : "", name, i, xscale, yscale, yscale,
			yscale);
		gp_quote(rp->gp, ser[i].title);
	}
	fprintf(rp->gp, "\nset terminal svg size 900,560 dynamic noenhanced\nset output '%s.svg'\nreplot\nunset output\n",
		name);
	rp->nplots++;

	if (rp->gnuplot)
		fprintf(f, "![%s](plots/%s.png)\n\n", what, name);
	else
		fprintf(f, "*(no image: gnuplot is not installed; the data is `plots/%s.dat`, the script `plots/plots.gp`)*\n\n",
			name);
	fprintf(f, "*Figure: %s. %s: %s%s.* ", what, G_SIDE(g0), env_words(g0->l),
		g0->l->rec.emulated ? "; timings inside TCG compare sides and modes in the same VM, not with bare metal" : "");
	if (rp->gnuplot)
		fprintf(f, "[SVG](plots/%s.svg) · ", name);
	fprintf(f, "[data](plots/%s.dat)\n\n", name);
}

/* @stem, or @stem-2, -3... when a figure of this report has it already. */
static char *unique_name(struct report *rp, const char *stem)
{
	char *name = xasprintf("%s", stem);
	unsigned int i, k = 1;

again:
	for (i = 0; i < rp->plot_names.n; i++) {
		if (!strcmp(rp->plot_names.v[i], name)) {
			free(name);
			name = xasprintf("%s-%u", stem, ++k);
			goto again;
		}
	}
	sl_addf(&rp->plot_names, "%s", name);
	return name;
}

static bool want_all(const struct group *g)
{
	(void)g;
	return true;
}

static bool want_lock_cs(const struct group *g)
{
	return !strcmp(g->l->mode, "spinlock") || !strcmp(g->l->mode, "mutex");
}

static bool want_route_writer(const struct group *g)
{
	return !g->l->peer && G_W(g)->threads[1] > 0;
}

static double x_threads(const struct group *g)
{
	return G_W(g)->threads[0];
}

static double x_cs(const struct group *g)
{
	return (double)G_W(g)->cs_ns;
}

static double x_writer_rate(const struct group *g)
{
	return g->med[1];
}

/**
 * struct plot_kind - a kind of figure
 * @kind:	its file names' middle part
 * @freep:	what varies inside one figure (IGN() bits); groups that
 *		agree on everything else (and the side) share a figure
 * @xparam:	the parameter whose values tell the points apart
 * @want:	which groups take part
 * @x:		a group's x
 * @xrate:	x is a rate
 * @xlabel:	the x axis
 * @what:	what the figure shows, for its title and caption
 */
struct plot_kind {
	const char *kind;
	unsigned int freep;
	unsigned int xparam;
	bool (*want)(const struct group *g);
	double (*x)(const struct group *g);
	bool xrate;
	const char *xlabel;
	const char *what;
};

/*
 * The figures of kind @pk for @st on @side; returns how many, and counts
 * in @skipped the sets that had fewer than two x values.
 */
static unsigned int plot_family(struct report *rp, FILE *f, int st, int side,
				const struct plot_kind *pk, unsigned int *skipped)
{
	const struct group **v, **done;
	unsigned int n, i, j, k, figs = 0, ndone = 0;
	int stv = st;

	v = select_groups(rp, pick_structure, &stv, &n);
	done = xrealloc(NULL, (n + 1) * sizeof(*done));
	for (i = 0; i < n; i++) {
		const struct group *lead = v[i];
		struct series ser[16];
		unsigned int nser = 0, xs = 0;
		__u64 xvals[64];
		bool t1_varies;

		if (strcmp(G_SIDE(lead), sides[side]) || !pk->want(lead))
			continue;
		if (!first_of_set(done, &ndone, lead, pk->freep))
			continue;
		memset(ser, 0, sizeof(ser));
		/* a line per count of the other role, when that varies */
		t1_varies = false;
		for (j = 0; j < n; j++)
			if (!strcmp(G_SIDE(v[j]), sides[side]) && pk->want(v[j]) &&
			    wl_equal(G_W(v[j]), G_W(lead), pk->freep) &&
			    G_W(v[j])->threads[1] != G_W(lead)->threads[1])
				t1_varies = true;
		for (j = 0; j < n; j++) {
			const struct group *g = v[j];
			struct series *s = NULL;
			char title[96];
			__u64 d;

			if (strcmp(G_SIDE(g), sides[side]) || !pk->want(g) ||
			    !wl_equal(G_W(g), G_W(lead), pk->freep))
				continue;
			snprintf(title, sizeof(title), "%s", mode_text(g->l));
			if (t1_varies)
				snprintf(title + strlen(title),
					 sizeof(title) - strlen(title), ", %u %s%s",
					 G_W(g)->threads[1], role_name(st, 1),
					 G_W(g)->threads[1] == 1 ? "" : "s");
			for (k = 0; k < nser; k++)
				if (!strcmp(ser[k].title, title))
					s = &ser[k];
			if (!s) {
				if (nser == ARRAY_LEN(ser))
					continue;
				s = &ser[nser++];
				snprintf(s->title, sizeof(s->title), "%s", title);
			}
			if (s->n == ARRAY_LEN(s->g))
				continue;
			s->g[s->n] = g;
			s->x[s->n++] = pk->x(g);
			d = param_value(G_W(g), pk->xparam);
			for (k = 0; k < xs; k++)
				if (xvals[k] == d)
					break;
			if (k == xs && xs < ARRAY_LEN(xvals))
				xvals[xs++] = d;
		}
		if (xs < 2) {
			(*skipped)++;
			continue;
		}
		for (k = 0; k < nser; k++)
			series_sort(&ser[k]);
		{
			char *stem = xasprintf("%s-%s-%s", bench_struct_name(st),
					       pk->kind, sides[side]);
			char *name = unique_name(rp, stem);
			unsigned int fixed = varying(rp, st, false) & ~pk->freep;
			char *pw = params_words(st, G_W(lead), fixed);
			char *desc = xasprintf("%s%s", pk->what, pw);

			plot(rp, f, name, ser, nser, 0, pk->xlabel, pk->xrate,
			     pk->xparam == P_T0, desc);
			free(desc);
			free(pw);
			free(name);
			free(stem);
		}
		figs++;
	}
	free(done);
	free(v);
	return figs;
}

static void plots(struct report *rp, FILE *f, int st)
{
	char what[128], xlabel[64];
	struct plot_kind threads = {
		.kind = "threads", .freep = IGN(P_T0) | IGN(P_T1),
		.xparam = P_T0, .want = want_all, .x = x_threads,
		.xlabel = xlabel, .what = what,
	};
	static const struct plot_kind crossover = {
		.kind = "crossover", .freep = IGN(P_CS), .xparam = P_CS,
		.want = want_lock_cs, .x = x_cs, .xlabel = "critical section (ns)",
		.what = "spinlock against mutex, worker ops/s against the critical section's length",
	};
	static const struct plot_kind writer = {
		.kind = "writer-rate", .freep = IGN(P_THINK1), .xparam = P_THINK1,
		.want = want_route_writer, .x = x_writer_rate, .xrate = true,
		.xlabel = "writer ops/s",
		.what = "reader ops/s against the writer's rate (its think time varied)",
	};
	unsigned int figs = 0, fig_cs = 0, fig_w = 0, skip_t = 0, skip_cs = 0;
	unsigned int skip_w = 0;
	int s;

	snprintf(what, sizeof(what), "%s ops/s against %s threads, one line per mode",
		 role_name(st, 0), role_name(st, 0));
	snprintf(xlabel, sizeof(xlabel), "%s threads", role_name(st, 0));
	fputs("\n### Plots\n\n", f);
	for (s = 0; s < NSIDES; s++)
		figs += plot_family(rp, f, st, s, &threads, &skip_t);
	for (s = 0; s < NSIDES && st == SYNCLAB_BENCH_LOCK; s++)
		fig_cs += plot_family(rp, f, st, s, &crossover, &skip_cs);
	for (s = 0; s < NSIDES && st == SYNCLAB_BENCH_ROUTE; s++)
		fig_w += plot_family(rp, f, st, s, &writer, &skip_w);
	if (skip_t)
		sl_addf(&rp->notes, "%s: %u workload set%s ran at one thread count only: no throughput-against-threads plot for %s.",
			bench_struct_name(st), skip_t, skip_t == 1 ? "" : "s",
			skip_t == 1 ? "it" : "them");
	if (st == SYNCLAB_BENCH_LOCK && (skip_cs || !fig_cs))
		sl_addf(&rp->notes, "lock: no spinlock/mutex crossover plot%s: it needs both locks at two or more critical-section lengths.",
			fig_cs ? " for some workload sets" : "");
	if (st == SYNCLAB_BENCH_ROUTE && (skip_w || !fig_w))
		sl_addf(&rp->notes, "route: no reader-against-writer-rate plot%s: it needs points with a writer at two or more writer think times.",
			fig_w ? " for some workload sets" : "");
	if (!(figs + fig_cs + fig_w))
		fputs("None: no workload set here ran at two or more thread counts, critical-section lengths or writer rates (see Notes).\n",
		      f);
}

/* ---- the sections of a structure ------------------------------------------------ */

static const char * const struct_titles[SYNCLAB_BENCH_NSTRUCTS] = {
	[SYNCLAB_BENCH_ROUTE] = "route — the RCU routing table",
	[SYNCLAB_BENCH_RING] = "ring — the producer/consumer ring",
	[SYNCLAB_BENCH_ORDER] = "order — the bank of accounts under a lock order",
	[SYNCLAB_BENCH_LOCK] = "lock — one lock, a critical section of busy work",
	[SYNCLAB_BENCH_COUNT] = "count — the engine's self-test",
};

static void structure_section(struct report *rp, FILE *f, int st)
{
	const struct group **v;
	unsigned int n;

	v = select_groups(rp, pick_structure, &st, &n);
	if (!n) {
		free(v);
		return;
	}
	fprintf(f, "\n## %s\n\n", struct_titles[st]);
	where(rp, f, pick_structure, &st);
	fputs("\n", f);
	if (st == SYNCLAB_BENCH_COUNT) {
		fputs("Each operation bumps a counter, so this is what the engine itself costs per operation: the ceiling every other structure's figures sit under.\n\n",
		      f);
		throughput_table(rp, f, st, v, n);
		free(v);
		return;
	}
	fputs("### Throughput\n\n", f);
	throughput_table(rp, f, st, v, n);
	fputs("\n### Fairness\n\n", f);
	fairness_table(rp, f, st, v, n);
	fputs("\n### Latency\n\n", f);
	latency_table(rp, f, st, v, n);
	plots(rp, f, st);
	free(v);
}

/* ---- findings: what this run shows ----------------------------------------------- */

/* A group's median rate of role @r with its flags' marks. */
static const char *grate(struct report *rp, const struct group *g, unsigned int r)
{
	char tmp[SLOT], *b;

	snprintf(tmp, sizeof(tmp), "%s%s", fmt_rate(g->med[r]), marks(rp, g));
	b = fmt_slot();
	memcpy(b, tmp, sizeof(tmp));
	return b;
}

/* "spinlock, 1 producer + 1 consumer, batch 8": a point among its kind. */
static const char *point_words(const struct report *rp, const struct group *g)
{
	char *b = fmt_slot();
	char *pw = params_words(G_ST(g), G_W(g), varying(rp, G_ST(g), false) &
				~(IGN(P_T0) | IGN(P_T1)));

	snprintf(b, SLOT, "%s, %s%s", mode_text(g->l), threads_words(g), pw);
	free(pw);
	return b;
}

/* The mode that wins each thread count, per workload set and side. */
static void find_winners(struct report *rp, struct strlist *out, int st)
{
	unsigned int n, i, j, k, ndone = 0, vary = varying(rp, st, false);
	const struct group **v = select_groups(rp, pick_structure, &st, &n);
	const struct group **done = xrealloc(NULL, (n + 1) * sizeof(*done));

	for (i = 0; i < n; i++) {
		const struct group *lead = v[i];
		char buf[2048] = "", *pw;
		unsigned int counts = 0, ties = 0, leads = 0;
		const char *sole = NULL;
		bool mixed = false;

		if (lead->l->peer)
			continue;
		if (!first_of_set(done, &ndone, lead, IGN(P_T0) | IGN(P_T1)))
			continue;
		/* each thread count of this set, in order (v is sorted) */
		for (j = 0; j < n; j++) {
			const struct group *g = v[j], *best = NULL, *next = NULL;
			unsigned int modes = 0;
			int c;

			if (g->l->peer || strcmp(G_SIDE(g), G_SIDE(lead)) ||
			    !wl_equal(G_W(g), G_W(lead), IGN(P_T0) | IGN(P_T1)))
				continue;
			/* only the first own group of each thread count */
			for (k = 0; k < j; k++)
				if (!v[k]->l->peer && !strcmp(G_SIDE(v[k]), G_SIDE(g)) &&
				    wl_equal(G_W(v[k]), G_W(g), 0))
					break;
			if (k < j)
				continue;
			for (k = 0; k < n; k++) {
				const struct group *o = v[k];

				if (o->l->peer || strcmp(G_SIDE(o), G_SIDE(g)) ||
				    !wl_equal(G_W(o), G_W(g), 0))
					continue;
				modes++;
				if (!best || o->med[0] > best->med[0]) {
					next = best;
					best = o;
				} else if (!next || o->med[0] > next->med[0]) {
					next = o;
				}
			}
			if (modes < 2)
				continue;
			counts++;
			c = compare(best, next, 0);
			if (!c) {
				ties++;
				snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
					 "%s at %s %s and %s are even (%s vs %s)",
					 buf[0] ? ";" : "", threads_words(g),
					 best->l->mode, next->l->mode, grate(rp, best, 0),
					 grate(rp, next, 0));
			} else {
				leads++;
				if (sole && strcmp(sole, best->l->mode))
					mixed = true;
				sole = best->l->mode;
				snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
					 "%s at %s %s leads%s %s (%s vs %s, %s)",
					 buf[0] ? ";" : "", threads_words(g),
					 best->l->mode, modes > 2 ? " the next best," : "",
					 next->l->mode, grate(rp, best, 0), grate(rp, next, 0),
					 fmt_ratio(ratio(best->med[0], next->med[0])));
			}
		}
		if (!counts)
			continue;
		pw = params_words(st, G_W(lead), vary & ~(IGN(P_T0) | IGN(P_T1)));
		if (leads && !ties && !mixed && counts > 1)
			sl_addf(out, "**%s**, %s%s: %s leads at every thread count tested —%s.",
				bench_struct_name(st), G_SIDE(lead), pw, sole, buf);
		else
			sl_addf(out, "**%s**, %s%s:%s.", bench_struct_name(st),
				G_SIDE(lead), pw, buf);
		free(pw);
	}
	free(done);
	free(v);
}

/* How much route readers keep of their read-only rate with a writer. */
static void find_writer_cost(struct report *rp, struct strlist *out)
{
	int st = SYNCLAB_BENCH_ROUTE, s;
	unsigned int n, i, j;
	const struct group **v = select_groups(rp, pick_structure, &st, &n);
	const unsigned int loadp = IGN(P_T1) | IGN(P_THINK1) | IGN(P_MIX);

	for (s = 0; s < NSIDES; s++) {
		const struct group *best[4] = {};	/* rcu, base, rwlock, base */

		for (i = 0; i < n; i++) {
			const struct group *rcu = v[i], *rw, *rb, *wb;

			if (strcmp(G_SIDE(rcu), sides[s]) || strcmp(rcu->l->mode, "rcu") ||
			    rcu->l->peer || (!G_W(rcu)->threads[1] && !G_W(rcu)->mix))
				continue;
			rw = find(rp, rcu, sides[s], "rwlock", 0, rcu->l->rec.kernel);
			if (!rw)
				continue;
			rb = NULL;
			wb = NULL;
			for (j = 0; j < n; j++) {
				const struct group *b = v[j];

				if (strcmp(G_SIDE(b), sides[s]) || G_W(b)->threads[1] ||
				    G_W(b)->mix || !wl_equal(G_W(b), G_W(rcu), loadp) ||
				    strcmp(b->l->rec.kernel, rcu->l->rec.kernel) ||
				    !same_variant(b->l, rcu->l))
					continue;
				if (!strcmp(b->l->mode, "rcu") && !rb)
					rb = b;
				if (!strcmp(b->l->mode, "rwlock") && !wb)
					wb = b;
			}
			if (!rb || !wb)
				continue;
			/* the most readers, then the busiest writer */
			if (!best[0] || G_W(rcu)->threads[0] > G_W(best[0])->threads[0] ||
			    (G_W(rcu)->threads[0] == G_W(best[0])->threads[0] &&
			     rcu->med[1] + rcu->med[0] * G_W(rcu)->mix / 1000 >
			     best[0]->med[1] + best[0]->med[0] * G_W(best[0])->mix / 1000)) {
				best[0] = rcu;
				best[1] = rb;
				best[2] = rw;
				best[3] = wb;
			}
		}
		if (!best[0])
			continue;
		{
			const struct group *rcu = best[0], *rw = best[2];
			char load[160];

			if (G_W(rcu)->threads[1])
				snprintf(load, sizeof(load), "%u writer%s (think %s: %s updates under rcu, %s under rwlock)",
					 G_W(rcu)->threads[1],
					 G_W(rcu)->threads[1] == 1 ? "" : "s",
					 fmt_ns((double)G_W(rcu)->think_ns[1]),
					 grate(rp, rcu, 1), grate(rp, rw, 1));
			else
				snprintf(load, sizeof(load), "readers updating at mix %u‰",
					 G_W(rcu)->mix);
			sl_addf(out, "**route**, %s, %s beside %s: rcu readers keep %s of their read-only rate (%s vs %s), rwlock readers %s (%s vs %s).",
				sides[s], load, threads_words(best[1]),
				fmt_pct(ratio(rcu->med[0], best[1]->med[0])),
				grate(rp, rcu, 0), grate(rp, best[1], 0),
				fmt_pct(ratio(rw->med[0], best[3]->med[0])),
				grate(rp, rw, 0), grate(rp, best[3], 0));
		}
	}
	free(v);
}

/* Whether a reader-writer lock beat the plain locks for readers. */
static void find_rwlock(struct report *rp, struct strlist *out, int st)
{
	unsigned int n, i;
	const struct group **v = select_groups(rp, pick_structure, &st, &n);
	int s;

	for (s = 0; s < NSIDES; s++) {
		const struct group *rw = NULL, *plain = NULL;

		for (i = 0; i < n; i++) {
			const struct group *g = v[i], *sp, *mx, *p;

			if (strcmp(G_SIDE(g), sides[s]) || strcmp(g->l->mode, "rwlock") ||
			    g->l->peer)
				continue;
			sp = find(rp, g, sides[s], "spinlock", 0, g->l->rec.kernel);
			mx = find(rp, g, sides[s], "mutex", 0, g->l->rec.kernel);
			p = sp && (!mx || sp->med[0] >= mx->med[0]) ? sp : mx;
			if (!p)
				continue;
			/* prefer read-only, then the most readers */
			if (!rw || (!G_W(g)->threads[1] && !G_W(g)->mix &&
				    (G_W(rw)->threads[1] || G_W(rw)->mix)) ||
			    ((!G_W(g)->threads[1] && !G_W(g)->mix) ==
			     (!G_W(rw)->threads[1] && !G_W(rw)->mix) &&
			     G_W(g)->threads[0] > G_W(rw)->threads[0])) {
				rw = g;
				plain = p;
			}
		}
		if (!rw)
			continue;
		{
			int c = compare(rw, plain, 0);
			char *pw = params_words(st, G_W(rw), varying(rp, st, false) &
						~(IGN(P_T0) | IGN(P_T1)));

			sl_addf(out, "**%s**, %s, %s%s: rwlock %s the best plain lock for readers: rwlock %s vs %s %s (%s).",
				bench_struct_name(st), sides[s], threads_words(rw), pw,
				c > 0 ? "beat" : c < 0 ? "lost to" : "was even with",
				grate(rp, rw, 0), plain->l->mode,
				grate(rp, plain, 0),
				fmt_ratio(ratio(rw->med[0], plain->med[0])));
			free(pw);
		}
	}
	free(v);
}

/* Where spinning stops paying: spinlock against mutex over cs_ns. */
static void find_crossover(struct report *rp, struct strlist *out)
{
	int st = SYNCLAB_BENCH_LOCK;
	unsigned int n, i, j, ndone = 0;
	const struct group **v = select_groups(rp, pick_structure, &st, &n);
	const struct group **done = xrealloc(NULL, (n + 1) * sizeof(*done));

	for (i = 0; i < n; i++) {
		const struct group *lead = v[i];
		const struct group *sp[32], *mx[32];
		unsigned int m = 0, ahead = 0, behind = 0;
		int flip = -1, prev = 0, prev_i = -1;
		char buf[1024] = "";

		if (strcmp(lead->l->mode, "spinlock"))
			continue;
		if (!first_of_set(done, &ndone, lead, IGN(P_CS)))
			continue;
		for (j = 0; j < n && m < 32; j++) {
			const struct group *g = v[j], *o;

			if (strcmp(g->l->mode, "spinlock") ||
			    strcmp(G_SIDE(g), G_SIDE(lead)) ||
			    !wl_equal(G_W(g), G_W(lead), IGN(P_CS)))
				continue;
			o = find(rp, g, G_SIDE(g), "mutex", 0, g->l->rec.kernel);
			if (!o)
				continue;
			sp[m] = g;
			mx[m++] = o;
		}
		if (m < 2)
			continue;
		for (j = 0; j < m; j++) {
			int c = compare(sp[j], mx[j], 0);

			ahead += c > 0;
			behind += c < 0;
			if (c && prev && c != prev && flip < 0) {
				flip = (int)j;
				break;
			}
			if (c) {
				prev = c;
				prev_i = (int)j;
			}
		}
		for (j = 0; j < m; j++)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 "%s%s: %s vs %s", j ? "; " : "",
				 fmt_ns((double)G_W(sp[j])->cs_ns),
				 grate(rp, sp[j], 0), grate(rp, mx[j], 0));
		if (flip >= 0)
			sl_addf(out, "**lock**, %s, %s: %s leads at a critical section of %s, %s at %s: spinning %s paying in between (spinlock vs mutex: %s).",
				G_SIDE(lead), threads_words(lead),
				prev > 0 ? "spinlock" : "mutex",
				fmt_ns((double)G_W(sp[prev_i])->cs_ns),
				prev > 0 ? "mutex" : "spinlock",
				fmt_ns((double)G_W(sp[flip])->cs_ns),
				prev > 0 ? "stops" : "starts", buf);
		else if (ahead && !behind)
			sl_addf(out, "**lock**, %s, %s: spinlock ahead or even at every critical section tested, %s to %s: spinning paid throughout (spinlock vs mutex: %s).",
				G_SIDE(lead), threads_words(lead),
				fmt_ns((double)G_W(sp[0])->cs_ns),
				fmt_ns((double)G_W(sp[m - 1])->cs_ns), buf);
		else if (behind && !ahead)
			sl_addf(out, "**lock**, %s, %s: mutex ahead or even at every critical section tested, %s to %s: spinning did not pay at any of them (spinlock vs mutex: %s).",
				G_SIDE(lead), threads_words(lead),
				fmt_ns((double)G_W(sp[0])->cs_ns),
				fmt_ns((double)G_W(sp[m - 1])->cs_ns), buf);
		else
			sl_addf(out, "**lock**, %s, %s: spinlock and mutex even at every critical section tested (spinlock vs mutex: %s).",
				G_SIDE(lead), threads_words(lead), buf);
	}
	free(done);
	free(v);
}

/* What one parameter does to each mode: ring batch, order accounts. */
static void find_param_effect(struct report *rp, struct strlist *out, int st,
			      unsigned int p)
{
	unsigned int n, i, j, ndone = 0;
	const struct group **v = select_groups(rp, pick_structure, &st, &n);
	const struct group **done = xrealloc(NULL, (n + 1) * sizeof(*done));

	for (i = 0; i < n; i++) {
		const struct group *lead = v[i], *lo = NULL, *hi = NULL;
		char buf[1024] = "";

		if (lead->l->peer)
			continue;
		if (!first_of_set(done, &ndone, lead, IGN(p)))
			continue;
		/* the smallest and largest value of p for this set */
		for (j = 0; j < n; j++) {
			const struct group *g = v[j];

			if (g->l->peer || strcmp(G_SIDE(g), G_SIDE(lead)) ||
			    !wl_equal(G_W(g), G_W(lead), IGN(p)))
				continue;
			if (!lo || param_value(G_W(g), p) < param_value(G_W(lo), p))
				lo = g;
			if (!hi || param_value(G_W(g), p) > param_value(G_W(hi), p))
				hi = g;
		}
		if (!lo || param_value(G_W(lo), p) == param_value(G_W(hi), p))
			continue;
		/* every own mode run at both ends */
		for (j = 0; j < n; j++) {
			const struct group *a = v[j], *b;
			unsigned int k;
			bool dup = false;

			if (a->l->peer || strcmp(G_SIDE(a), G_SIDE(lead)) ||
			    !wl_equal(G_W(a), G_W(lo), 0))
				continue;
			for (k = 0; k < j; k++)
				dup |= !strcmp(v[k]->l->mode, a->l->mode) &&
				       !strcmp(G_SIDE(v[k]), G_SIDE(a)) &&
				       wl_equal(G_W(v[k]), G_W(lo), 0);
			b = find(rp, hi, G_SIDE(a), a->l->mode, 0, a->l->rec.kernel);
			if (dup || !b)
				continue;
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 "%s%s %s → %s (%s)", buf[0] ? "; " : "", a->l->mode,
				 grate(rp, a, 0), grate(rp, b, 0),
				 fmt_ratio(ratio(b->med[0], a->med[0])));
		}
		if (!buf[0])
			continue;
		{
			char *from = xasprintf("%s", param_words(st, G_W(lo), p));
			char *to = xasprintf("%s", param_words(st, G_W(hi), p));

			sl_addf(out, "**%s**, %s, %s, from %s to %s: %s.",
				bench_struct_name(st), G_SIDE(lead),
				threads_words(lead), from, to, buf);
			free(from);
			free(to);
		}
	}
	free(done);
	free(v);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Kernel against userspace in the same VM, over every matching pair. */
static void find_kernel_user(struct report *rp, struct strlist *out, int st)
{
	unsigned int n, i, m = 0;
	const struct group **v = select_groups(rp, pick_structure, &st, &n);
	const struct group *kmin = NULL, *kmax = NULL, *umin = NULL, *umax = NULL;
	double *r = xrealloc(NULL, (n + 1) * sizeof(*r)), lo = 0, hi = 0;

	for (i = 0; i < n; i++) {
		const struct group *k = v[i], *u;
		double x;

		if (strcmp(G_SIDE(k), "kernel"))
			continue;
		u = find(rp, k, "user-vm", k->l->mode, 0, k->l->rec.kernel);
		if (!u || u->med[0] <= 0)
			continue;
		x = ratio(k->med[0], u->med[0]);
		r[m++] = x;
		if (!kmin || x < lo) {
			lo = x;
			kmin = k;
			umin = u;
		}
		if (!kmax || x > hi) {
			hi = x;
			kmax = k;
			umax = u;
		}
	}
	if (m == 1) {
		sl_addf(out, "**%s**: the kernel side did %s of userspace's rate in the same VM (%s: %s vs %s).",
			bench_struct_name(st), fmt_ratio(lo), point_words(rp, kmin),
			grate(rp, kmin, 0),
			grate(rp, umin, 0));
	} else if (m > 1) {
		qsort(r, m, sizeof(*r), cmp_double);
		sl_addf(out, "**%s**: kernel ÷ user-vm over %u points runs from %s (%s: %s vs %s) to %s (%s: %s vs %s), median %s.",
			bench_struct_name(st), m, fmt_ratio(lo), point_words(rp, kmin),
			grate(rp, kmin, 0), grate(rp, umin, 0),
			fmt_ratio(hi), point_words(rp, kmax), grate(rp, kmax, 0),
			grate(rp, umax, 0),
			fmt_ratio(m % 2 ? r[m / 2] : (r[m / 2 - 1] + r[m / 2]) / 2));
	}
	free(r);
	free(v);
}

/* Each peer against the mode it stands beside. */
static void find_peers(struct report *rp, struct strlist *out, int st)
{
	unsigned int n, i, j, k;
	const struct group **v = select_groups(rp, pick_structure, &st, &n);

	for (i = 0; i < n; i++) {
		const struct group *pg = v[i], *at = NULL, *own_at = NULL;
		double lo = 0, hi = 0;
		unsigned int m = 0;
		bool seen = false;

		if (!pg->l->peer)
			continue;
		/* one finding per peer variant and side */
		for (j = 0; j < i && !seen; j++)
			seen = v[j]->l->peer && !strcmp(v[j]->l->mode, pg->l->mode) &&
			       same_variant(v[j]->l, pg->l) &&
			       !strcmp(G_SIDE(v[j]), G_SIDE(pg));
		if (seen)
			continue;
		for (j = i; j < n; j++) {
			const struct group *q = v[j], *own = NULL;

			if (!q->l->peer || strcmp(q->l->mode, pg->l->mode) ||
			    !same_variant(q->l, pg->l) || strcmp(G_SIDE(q), G_SIDE(pg)))
				continue;
			for (k = 0; k < n; k++)
				if (stands_beside(q, v[k]) &&
				    (!own || v[k]->med[0] > own->med[0]))
					own = v[k];
			if (!own || q->med[0] <= 0)
				continue;
			if (!m || ratio(own->med[0], q->med[0]) < lo)
				lo = ratio(own->med[0], q->med[0]);
			if (!m || ratio(own->med[0], q->med[0]) > hi)
				hi = ratio(own->med[0], q->med[0]);
			m++;
			if (!at || G_W(q)->threads[0] + G_W(q)->threads[1] >=
			    G_W(at)->threads[0] + G_W(at)->threads[1]) {
				at = q;
				own_at = own;
			}
		}
		if (!at) {
			sl_addf(out, "**%s**, %s: %s ran (%s at %s) but no own mode ran the same workload beside it.",
				bench_struct_name(st), G_SIDE(pg), peer_words(pg->l),
				grate(rp, pg, 0), threads_words(pg));
			continue;
		}
		{
			char mem[160] = "", range[96] = "";

			if (at->l->bytes_per_prefix >= 0 &&
			    own_at->l->bytes_per_prefix >= 0)
				snprintf(mem, sizeof(mem), "; memory: %.1f bytes per prefix for %s, %.1f for %s",
					 own_at->l->bytes_per_prefix, own_at->l->mode,
					 at->l->bytes_per_prefix, at->l->mode);
			else if (at->l->bytes_per_prefix >= 0 ||
				 own_at->l->bytes_per_prefix >= 0)
				snprintf(mem, sizeof(mem), "; memory: %.1f bytes per prefix for %s",
					 at->l->bytes_per_prefix >= 0 ?
					 at->l->bytes_per_prefix :
					 own_at->l->bytes_per_prefix,
					 at->l->bytes_per_prefix >= 0 ? at->l->mode :
					 own_at->l->mode);
			if (m > 1)
				snprintf(range, sizeof(range), "; over %u points ours runs at %s to %s of it",
					 m, fmt_ratio(lo), fmt_ratio(hi));
			sl_addf(out, "**%s**, %s, %s: %s %s vs our %s %s: ours at %s%s%s.",
				bench_struct_name(st), G_SIDE(at), threads_words(at),
				peer_words(at->l), grate(rp, at, 0),
				own_at->l->mode, grate(rp, own_at, 0),
				fmt_ratio(ratio(own_at->med[0], at->med[0])), range, mem);
		}
	}
	free(v);
}

/* Starvation over every production point with two threads in a role. */
static void find_starvation(struct report *rp, struct strlist *out)
{
	const struct group *worst = NULL;
	unsigned int i, r, wr = 0, multi = 0, starved = 0;
	double wratio = 0;

	for (i = 0; i < rp->ngroups; i++) {
		const struct group *g = &rp->groups[i];
		const struct synclab_result *res = &g->l->rec.res;
		bool m = false;

		if (!production(g))
			continue;
		for (r = 0; r < ROLES; r++) {
			double x;

			if (G_W(g)->threads[r] < 2)
				continue;
			m = true;
			x = res->thread_ops_min[r] ?
			    ratio((double)res->thread_ops_max[r],
				  (double)res->thread_ops_min[r]) : 1e300;
			if (!worst || x > wratio) {
				worst = g;
				wratio = x;
				wr = r;
			}
		}
		multi += m;
		starved += !!g->starved;
	}
	if (!multi)
		return;
	{
		const struct synclab_result *res = &worst->l->rec.res;
		char *pw = params_words(G_ST(worst), G_W(worst),
					varying(rp, G_ST(worst), false) &
					~(IGN(P_T0) | IGN(P_T1)));

		sl_addf(out, "Starvation (a thread doing more than twice another of its role) in %u of %u points with two threads in a role; the most uneven: %s %s, %s, %s%s: %s vs %s %s operations per thread (%s).",
			starved, multi, bench_struct_name(G_ST(worst)),
			worst->l->mode, G_SIDE(worst), threads_words(worst), pw,
			fmt_num((double)res->thread_ops_min[wr]),
			fmt_num((double)res->thread_ops_max[wr]),
			role_name(G_ST(worst), wr),
			res->thread_ops_min[wr] ? fmt_ratio(wratio) : "∞");
		free(pw);
	}
}

static void find_flags(struct report *rp, struct strlist *out)
{
	unsigned int i, k, runs = 0, flagged = 0, count[FL_N] = {};
	char buf[512] = "";

	for (i = 0; i < rp->nlines; i++) {
		unsigned int m = line_flags(&rp->lines[i]);

		runs++;
		flagged += !!(m & FL_DOUBT);
		for (k = 0; k < FL_N; k++)
			count[k] += !!(m & (1U << k));
	}
	for (k = 0; k < FL_N; k++)
		if (count[k] && k != FL_OVERSUB)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 "%s%u %s %s", buf[0] ? ", " : "", count[k],
				 flag_info[k].mark, flag_info[k].name ?
				 flag_info[k].name : "other");
	if (flagged)
		sl_addf(out, "%u of %u runs were flagged (%s): their figures carry the mark in every table; read them as doubtful.%s",
			flagged, runs, buf, count[FL_INVARIANT] ?
			" **Some runs broke their structure's invariant: see the warning at the top.**" : "");
	else
		sl_addf(out, "None of the %u runs was flagged: no slow round trip, no disturbed host, no interruption, every invariant held.",
			runs);
	if (count[FL_OVERSUB])
		sl_addf(out, "%u run%s had more threads than CPUs (° oversubscribed): their threads took turns on the CPUs.",
			count[FL_OVERSUB], count[FL_OVERSUB] == 1 ? "" : "s");
}

static void findings(struct report *rp, struct strlist *out)
{
	unsigned int i, debug = 0;
	int st;

	for (st = 0; st < SYNCLAB_BENCH_NSTRUCTS; st++) {
		if (st == SYNCLAB_BENCH_COUNT)
			continue;
		find_winners(rp, out, st);
		if (st == SYNCLAB_BENCH_ROUTE)
			find_writer_cost(rp, out);
		if (st == SYNCLAB_BENCH_ROUTE || st == SYNCLAB_BENCH_LOCK)
			find_rwlock(rp, out, st);
		if (st == SYNCLAB_BENCH_LOCK)
			find_crossover(rp, out);
		if (st == SYNCLAB_BENCH_RING)
			find_param_effect(rp, out, st, P_BATCH);
		if (st == SYNCLAB_BENCH_ORDER)
			find_param_effect(rp, out, st, P_KEYS);
		find_peers(rp, out, st);
	}
	for (st = 0; st < SYNCLAB_BENCH_NSTRUCTS; st++)
		find_kernel_user(rp, out, st);
	find_starvation(rp, out);
	find_flags(rp, out);
	for (i = 0; i < rp->nlines; i++)
		debug += rp->lines[i].ndebug > 0;
	if (debug)
		sl_addf(out, "%u line%s from debug or sanitizer builds %s kept apart (\"Debug and sanitizer builds\") and take%s part in no comparison above.",
			debug, debug == 1 ? "" : "s", debug == 1 ? "is" : "are",
			debug == 1 ? "s" : "");
}

/* ---- summary ------------------------------------------------------------------- */

/* Per structure, side and workload set: the leader at the most threads. */
static void summary_table(struct report *rp, struct table *t)
{
	unsigned int i, j, n;
	int st;

	tab_init(t, 8);
	tab_add(t, "structure");
	tab_add(t, "side");
	tab_add(t, "workload");
	tab_add(t, "threads");
	tab_add(t, "fastest mode");
	tab_add(t, "ops/s");
	tab_add(t, "next");
	tab_add(t, "lead");
	t->right[5] = 'r';
	t->right[7] = 'r';
	for (st = 0; st < SYNCLAB_BENCH_NSTRUCTS; st++) {
		unsigned int vary = varying(rp, st, false), ndone = 0;
		const struct group **v, **done;

		if (st == SYNCLAB_BENCH_COUNT)
			continue;
		v = select_groups(rp, pick_structure, &st, &n);
		done = xrealloc(NULL, (n + 1) * sizeof(*done));
		for (i = 0; i < n; i++) {
			const struct group *lead = v[i], *top = NULL, *best = NULL, *next = NULL;
			char *pw;

			if (lead->l->peer)
				continue;
			if (!first_of_set(done, &ndone, lead,
					  IGN(P_T0) | IGN(P_T1)))
				continue;
			/* the most threads of the set (the last in order) */
			for (j = 0; j < n; j++)
				if (!v[j]->l->peer && !strcmp(G_SIDE(v[j]), G_SIDE(lead)) &&
				    wl_equal(G_W(v[j]), G_W(lead), IGN(P_T0) | IGN(P_T1)) &&
				    (!top || G_W(v[j])->threads[0] + G_W(v[j])->threads[1] >=
				     G_W(top)->threads[0] + G_W(top)->threads[1]))
					top = v[j];
			for (j = 0; j < n; j++) {
				const struct group *o = v[j];

				if (o->l->peer || strcmp(G_SIDE(o), G_SIDE(top)) ||
				    !wl_equal(G_W(o), G_W(top), 0))
					continue;
				if (!best || o->med[0] > best->med[0]) {
					next = best;
					best = o;
				} else if (!next || o->med[0] > next->med[0]) {
					next = o;
				}
			}
			pw = params_words(st, G_W(top), vary & ~(IGN(P_T0) | IGN(P_T1)));
			tab_add(t, "%s", bench_struct_name(st));
			tab_add(t, "%s", G_SIDE(top));
			tab_add(t, "%s", pw[0] ? pw + 2 : "—");
			tab_add(t, "%s", threads_words(top));
			tab_add(t, "%s", best->l->mode);
			tab_add(t, "%s%s", fmt_rate(best->med[0]), marks(rp, best));
			if (next) {
				int c = compare(best, next, 0);

				tab_add(t, "%s %s%s", next->l->mode, fmt_rate(next->med[0]),
					marks(rp, next));
				tab_add(t, "%s%s", fmt_ratio(ratio(best->med[0], next->med[0])),
					c ? "" : " (even)");
			} else {
				tab_add(t, "—");
				tab_add(t, "—");
			}
			free(pw);
		}
		free(done);
		free(v);
	}
}

/* ---- the other sections ---------------------------------------------------------- */

static void where_table(struct report *rp, FILE *f)
{
	struct table t;
	unsigned int i, j;
	int s;

	tab_init(&t, 7);
	tab_add(&t, "side");
	tab_add(&t, "machine");
	tab_add(&t, "kernel");
	tab_add(&t, "CPUs");
	tab_add(&t, "emulated");
	tab_add(&t, "build");
	tab_add(&t, "runs");
	t.right[3] = 'r';
	t.right[6] = 'r';
	for (s = 0; s < NSIDES; s++) {
		for (i = 0; i < rp->nlines; i++) {
			const struct bench_line *l = &rp->lines[i];
			unsigned int runs = 0;
			bool seen = false;
			char dbg[256] = "";

			if (strcmp(l->rec.side, sides[s]))
				continue;
			for (j = 0; j < i && !seen; j++) {
				const struct bench_line *o = &rp->lines[j];

				seen = !strcmp(o->rec.side, l->rec.side) &&
				       !strcmp(o->rec.machine, l->rec.machine) &&
				       !strcmp(o->rec.kernel, l->rec.kernel) &&
				       o->rec.res.cpus == l->rec.res.cpus &&
				       o->rec.emulated == l->rec.emulated &&
				       same_names(o->debug, o->ndebug, l->debug, l->ndebug);
			}
			if (seen)
				continue;
			for (j = i; j < rp->nlines; j++) {
				const struct bench_line *o = &rp->lines[j];

				runs += !strcmp(o->rec.side, l->rec.side) &&
					!strcmp(o->rec.machine, l->rec.machine) &&
					!strcmp(o->rec.kernel, l->rec.kernel) &&
					o->rec.res.cpus == l->rec.res.cpus &&
					o->rec.emulated == l->rec.emulated &&
					same_names(o->debug, o->ndebug, l->debug, l->ndebug);
			}
			for (j = 0; j < l->ndebug; j++)
				snprintf(dbg + strlen(dbg), sizeof(dbg) - strlen(dbg),
					 "%s%s", j ? " " : "", l->debug[j]);
			tab_add(&t, "%s", sides[s]);
			tab_add(&t, "%s", l->rec.machine);
			tab_add(&t, "%s", l->rec.kernel);
			tab_add(&t, "%u", l->rec.res.cpus);
			tab_add(&t, "%s", l->rec.emulated ? "yes: QEMU TCG" : "no");
			if (dbg[0])
				tab_add(&t, "**debug: %s**", dbg);
			else
				tab_add(&t, "production");
			tab_add(&t, "%u", runs);
		}
	}
	tab_print(&t, f);
	tab_free(&t);
}

/* Appends the names of flags the report has no mark of its own for. */
static void other_flags(const struct group *g, char *buf, size_t size)
{
	unsigned int r, q, k;

	for (r = 0; r < g->n; r++) {
		const struct bench_line *l = g->run[r];

		for (q = 0; q < l->nflags; q++) {
			for (k = 0; k < FL_OTHER; k++)
				if (!strcmp(l->flags[q], flag_info[k].name))
					break;
			if (k < FL_OTHER || strstr(buf, l->flags[q]))
				continue;
			snprintf(buf + strlen(buf), size - strlen(buf), "%s¶ %s",
				 buf[0] ? ", " : "", l->flags[q]);
		}
	}
}

static void flagged_section(struct report *rp, FILE *f)
{
	struct table t;
	unsigned int i, k;

	tab_init(&t, 5);
	tab_add(&t, "structure");
	tab_add(&t, "point");
	tab_add(&t, "side");
	tab_add(&t, "flags (repeats)");
	tab_add(&t, "flagged lines");
	for (i = 0; i < rp->ngroups; i++) {
		const struct group *g = &rp->groups[i];
		char fl[512] = "", ln[256] = "";
		unsigned int r, q;

		if (!(g->flags & FL_DOUBT))
			continue;
		for (k = 0; k < FL_N; k++) {
			if (!(g->flags & (1U << k)) || k == FL_OVERSUB)
				continue;
			if (k == FL_OTHER) {
				other_flags(g, fl, sizeof(fl));
				continue;
			}
			snprintf(fl + strlen(fl), sizeof(fl) - strlen(fl), "%s%s%s %s%s (%u of %u)",
				 fl[0] ? ", " : "", k == FL_INVARIANT ? "**" : "",
				 flag_info[k].mark, flag_info[k].name,
				 k == FL_INVARIANT ? "**" : "", g->nflag[k], g->n);
			rp->legend |= 1U << k;
		}
		/* the flagged repeats' lines, in file order */
		for (q = 0, r = 0; r < rp->nlines; r++) {
			for (k = 0; k < g->n; k++)
				if (g->run[k] == &rp->lines[r] &&
				    (line_flags(&rp->lines[r]) & FL_DOUBT))
					snprintf(ln + strlen(ln), sizeof(ln) - strlen(ln),
						 "%s%d", q++ ? ", " : "", rp->lineno[r]);
		}
		tab_add(&t, "%s", bench_struct_name(G_ST(g)));
		tab_add(&t, "%s", point_words(rp, g));
		tab_add(&t, "%s%s", G_SIDE(g), g->debug ? " (debug build)" : "");
		tab_add(&t, "%s", fl);
		tab_add(&t, "%s", ln);
	}
	fputs("\n## Flagged runs\n\n", f);
	if (!tab_rows(&t)) {
		rp->legend = 0;
		fputs("None.\n", f);
	} else {
		fputs("Points with a flagged repeat; the flags are marked wherever their figures appear. Lines are those of the input file.\n\n",
		      f);
		tab_print_folded(&t, f, "flagged points");
		legend(rp, f);
	}
	rp->legend = 0;
	tab_free(&t);
}

static void invariant_warning(struct report *rp, FILE *f)
{
	unsigned int i;
	bool any = false;

	for (i = 0; i < rp->nlines; i++) {
		const struct bench_line *l = &rp->lines[i];

		if (!bench_line_flag(l, "invariant_broken"))
			continue;
		if (!any)
			fputs("> [!WARNING]\n> **Broken invariants.** These runs' structures failed their own check: their figures are void, and the structure has a bug to find:\n",
			      f);
		any = true;
		fprintf(f, "> - line %d: %s %s, %s, %s\n", rp->lineno[i],
			bench_struct_name(l->rec.w.structure), l->mode, l->rec.side,
			threads_words_w((int)l->rec.w.structure, &l->rec.w));
	}
	if (any)
		fputs("\n", f);
}

static void debug_section(struct report *rp, FILE *f)
{
	const struct group **v;
	unsigned int n, i, p, vary = varying(rp, -1, true), c = 0;
	struct table t;

	v = select_groups(rp, pick_debug, NULL, &n);
	if (!n) {
		free(v);
		return;
	}
	fputs("\n## Debug and sanitizer builds (not comparable)\n\n", f);
	fputs("These lines come from kernels with debug options or from sanitizer builds: their timings measure the checking, not the structure. They are listed on their own and take part in no ratio, plot or finding.\n\n",
	      f);
	where(rp, f, pick_debug, NULL);
	fputs("\n", f);
	for (p = 0; p < NPARAMS; p++)
		c += !!(vary & IGN(p));
	tab_init(&t, c + 6);
	tab_add(&t, "structure");
	for (p = 0; p < NPARAMS; p++)
		if (vary & IGN(p))
			tab_add(&t, "%s", param_head(-1, p));
	tab_add(&t, "threads");
	tab_add(&t, "mode");
	tab_add(&t, "side");
	tab_add(&t, "debug");
	tab_add(&t, "ops/s per role");
	t.right[c + 5] = 'r';
	for (i = 0; i < n; i++) {
		const struct group *g = v[i];
		char dbg[256] = "", *cell;
		unsigned int j;

		for (j = 0; j < g->l->ndebug; j++)
			snprintf(dbg + strlen(dbg), sizeof(dbg) - strlen(dbg), "%s%s",
				 j ? " " : "", g->l->debug[j]);
		tab_add(&t, "%s", bench_struct_name(G_ST(g)));
		for (p = 0; p < NPARAMS; p++)
			if (vary & IGN(p))
				tab_add(&t, "%s", param_cell(G_W(g), p));
		tab_add(&t, "%s", threads_words(g));
		tab_add(&t, "%s", mode_text(g->l));
		tab_add(&t, "%s", G_SIDE(g));
		tab_add(&t, "%s", dbg);
		cell = rate_cell(rp, g, false);
		tab_add(&t, "%s", cell);
		free(cell);
	}
	tab_print_folded(&t, f, "debug-build points");
	legend(rp, f);
	tab_free(&t);
	free(v);
}

/* ---- gnuplot ---------------------------------------------------------------------- */

static bool on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, prog);
		if (n && !access(buf, X_OK))
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

/* Runs gnuplot on plots/plots.gp; 0, or -1 with its log kept. */
static int run_gnuplot(struct report *rp)
{
	char *plotdir = xasprintf("%s/plots", rp->dir);
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		cli_die_errno("report: fork");
	if (!pid) {
		FILE *log;

		if (chdir(plotdir))
			_exit(126);
		log = freopen("gnuplot.log", "w", stdout);
		if (!log || dup2(fileno(stdout), 2) < 0)
			_exit(126);
		execlp("gnuplot", "gnuplot", "plots.gp", (char *)NULL);
		_exit(127);
	}
	free(plotdir);
	if (waitpid(pid, &status, 0) < 0)
		cli_die_errno("report: waitpid");
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

/* ---- reading the file ---------------------------------------------------------------- */

static void report_free(struct report *rp)
{
	unsigned int i;

	for (i = 0; i < rp->nlines; i++)
		json_free(rp->lines[i].tree);
	for (i = 0; i < rp->ngroups; i++)
		free(rp->groups[i].run);
	free(rp->lines);
	free(rp->lineno);
	free(rp->groups);
	free(rp->dir);
	sl_free(&rp->notes);
	sl_free(&rp->plot_names);
}

/* Every line of @rp->path; 0, or 1 after one clear line on stderr. */
static int report_read(struct report *rp)
{
	FILE *f = fopen(rp->path, "r");
	char *text = NULL, why[160];
	size_t cap = 0;
	ssize_t len;
	int lineno = 0;

	if (!f) {
		fprintf(stderr, "synclab: report: %s: %s\n", rp->path, strerror(errno));
		return 1;
	}
	while ((len = getline(&text, &cap, f)) >= 0) {
		struct json_error err;
		struct json *tree;
		size_t i;

		lineno++;
		/* the line's end is not part of its value */
		while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
			len--;
		for (i = 0; i < (size_t)len && strchr(" \t", text[i]); i++)
			;
		if (i == (size_t)len)
			continue;	/* a blank line */
		tree = json_parse(text, (size_t)len, &err);
		if (!tree) {
			fprintf(stderr, "synclab: report: %s:%d:%u: %s\n", rp->path,
				lineno, err.col, err.msg);
			goto err_close;
		}
		rp->lines = xrealloc(rp->lines, (rp->nlines + 1) * sizeof(*rp->lines));
		rp->lineno = xrealloc(rp->lineno, (rp->nlines + 1) * sizeof(*rp->lineno));
		if (bench_line_read(tree, &rp->lines[rp->nlines], why, sizeof(why))) {
			json_free(tree);
			fprintf(stderr, "synclab: report: %s:%d: %s\n", rp->path,
				lineno, why);
			goto err_close;
		}
		rp->lineno[rp->nlines++] = lineno;
	}
	if (ferror(f)) {
		fprintf(stderr, "synclab: report: %s: %s\n", rp->path, strerror(errno));
		goto err_close;
	}
	free(text);
	fclose(f);
	if (!rp->nlines) {
		fprintf(stderr, "synclab: report: %s: no result lines\n", rp->path);
		return 1;
	}
	return 0;

err_close:
	free(text);
	fclose(f);
	return 1;
}

static int mkdirs(const char *dir)
{
	char *p, *d = xasprintf("%s", dir);
	int ret = 0;

	for (p = d + 1; ; p++) {
		if (*p && *p != '/')
			continue;
		{
			char c = *p;

			*p = '\0';
			if (mkdir(d, 0755) && errno != EEXIST)
				ret = -1;
			*p = c;
		}
		if (!*p || ret)
			break;
	}
	free(d);
	return ret;
}

/* ---- the whole report ----------------------------------------------------------------- */

static void write_report(struct report *rp, FILE *f, struct table *summary)
{
	struct strlist finds = {};
	unsigned int i, nrep = 0;
	int st;

	for (i = 0; i < rp->ngroups; i++)
		nrep += rp->groups[i].n > 1;
	fprintf(f, "# synclab benchmark report\n\n");
	fprintf(f, "From `%s`: %u result line%s, %u point%s (%u repeated). Generated by `synclab report`.\n\n",
		rp->path, rp->nlines, rp->nlines == 1 ? "" : "s", rp->ngroups,
		rp->ngroups == 1 ? "" : "s", nrep);
	invariant_warning(rp, f);
	fputs("## Where it ran\n\n", f);
	where_table(rp, f);
	fputs("\n", f);
	where(rp, f, pick_all, NULL);

	fputs("\n## Summary\n\n", f);
	if (tab_rows(summary)) {
		fputs("The fastest own mode at the most threads of each workload set (production builds only; ops/s of the first role, median over repeats).\n\n",
		      f);
		tab_print(summary, f);
		rp->legend = rp->summary_marks;
		legend(rp, f);
		fputs("\n", f);
		where(rp, f, pick_production, NULL);
	} else {
		fputs("No production result of route, ring, order or lock to sum up.\n",
		      f);
	}

	fputs("\n## What this run shows\n\n", f);
	findings(rp, &finds);
	for (i = 0; i < finds.n; i++)
		fprintf(f, "- %s\n", finds.v[i]);
	if (!finds.n)
		fputs("- Too few comparable points for any finding.\n", f);
	legend(rp, f);
	sl_free(&finds);

	flagged_section(rp, f);
	for (st = 0; st < SYNCLAB_BENCH_NSTRUCTS; st++)
		structure_section(rp, f, st);
	debug_section(rp, f);
}

/**
 * cmd_report() - synclab report FILE.jsonl [--out DIR]
 * @argc:	argument count, argv[0] is "report"
 * @argv:	arguments
 *
 * Return: 0, or 1 after one line on stderr.
 */
int cmd_report(int argc, char **argv)
{
	struct report rp = {};
	struct table summary;
	char *body = NULL, *md, *gp, *plotdir;
	size_t bodylen = 0;
	const char *out = NULL;
	FILE *f, *mf;
	int i, ret = 0;
	unsigned int k;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(report_usage, stdout);
			return 0;
		} else if (!strcmp(argv[i], "--out")) {
			if (++i >= argc)
				cli_die("report: --out needs a directory");
			out = argv[i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_die("report: unknown option '%s' (try synclab report --help)",
				argv[i]);
		} else if (rp.path) {
			cli_die("report: one result file at a time ('%s' and '%s')",
				rp.path, argv[i]);
		} else {
			rp.path = argv[i];
		}
	}
	if (!rp.path)
		cli_die("report: which result file? (synclab report FILE.jsonl [--out DIR])");
	if (out) {
		rp.dir = xasprintf("%s", out);
	} else {
		const char *slash = strrchr(rp.path, '/');

		rp.dir = slash ? xasprintf("%.*s", (int)(slash - rp.path) ?
					   (int)(slash - rp.path) : 1, rp.path) :
			 xasprintf(".");
	}
	if (report_read(&rp)) {
		report_free(&rp);
		return 1;
	}
	report_group(&rp);

	plotdir = xasprintf("%s/plots", rp.dir);
	if (mkdirs(plotdir)) {
		fprintf(stderr, "synclab: report: %s: %s\n", plotdir, strerror(errno));
		free(plotdir);
		report_free(&rp);
		return 1;
	}
	gp = xasprintf("%s/plots.gp", plotdir);
	rp.gp = fopen(gp, "w");
	if (!rp.gp)
		cli_die_errno("report: %s", gp);
	fputs("# synclab report: every figure of report.md; run `gnuplot plots.gp` here.\n",
	      rp.gp);
	fputs("if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) { pngterm = 'pngcairo size 900,560 noenhanced font \",10\"' } else { pngterm = 'png size 900,560 noenhanced' }\n",
	      rp.gp);
	rp.gnuplot = on_path("gnuplot");

	mf = open_memstream(&body, &bodylen);
	if (!mf)
		cli_die("report: out of memory");
	summary_table(&rp, &summary);
	rp.summary_marks = rp.legend;
	rp.legend = 0;
	write_report(&rp, mf, &summary);
	if (fclose(rp.gp))
		cli_die_errno("report: %s", gp);
	rp.gp = NULL;

	if (!rp.nplots)
		sl_addf(&rp.notes, "No plot: no workload set had two or more values on an axis.");
	else if (!rp.gnuplot)
		sl_addf(&rp.notes, "gnuplot is not installed (Debian: gnuplot-nox): the plots' data and script are in plots/; run `gnuplot plots.gp` there to draw them.");
	else if (run_gnuplot(&rp))
		sl_addf(&rp.notes, "gnuplot failed: see plots/gnuplot.log; the data and script are in plots/.");
	if (rp.notes.n) {
		fputs("\n## Notes\n\n", mf);
		for (k = 0; k < rp.notes.n; k++)
			fprintf(mf, "- %s\n", rp.notes.v[k]);
	}
	if (fclose(mf))
		cli_die("report: out of memory");

	md = xasprintf("%s/report.md", rp.dir);
	f = fopen(md, "w");
	if (!f || fwrite(body, 1, bodylen, f) != bodylen || fclose(f))
		cli_die_errno("report: %s", md);

	if (tab_rows(&summary))
		tab_print(&summary, stdout);
	rp.legend = rp.summary_marks;
	legend(&rp, stdout);
	for (k = 0; k < rp.nlines; k++)
		if (bench_line_flag(&rp.lines[k], "invariant_broken"))
			fprintf(stderr, "synclab: report: %s:%d: %s %s on %s broke its invariant\n",
				rp.path, rp.lineno[k],
				bench_struct_name(rp.lines[k].rec.w.structure),
				rp.lines[k].mode, rp.lines[k].rec.side);
	printf("\nreport: %s (%u lines, %u points, %u plot%s%s)\n", md, rp.nlines,
	       rp.ngroups, rp.nplots, rp.nplots == 1 ? "" : "s",
	       rp.nplots && !rp.gnuplot ? ", not drawn: no gnuplot" : "");
	for (k = 0; k < rp.notes.n; k++)
		if (strstr(rp.notes.v[k], "gnuplot"))
			fprintf(stderr, "synclab: report: %s\n", rp.notes.v[k]);

	tab_free(&summary);
	free(md);
	free(body);
	free(gp);
	free(plotdir);
	report_free(&rp);
	return ret;
}
