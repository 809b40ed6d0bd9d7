// SPDX-License-Identifier: GPL-2.0
/*
 * The report's sections around the structures': where it ran, the
 * summary table, the Claims section, flagged runs, the warning
 * about broken invariants, and the debug and sanitizer builds kept apart.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

/*
 * "Where: kernel and user-vm: MACHINE, kernel K, 2 CPUs, emulated (QEMU
 * TCG); user-host: ..." over the groups @pick accepts, sides that share
 * a machine named together.
 */
void where(const struct report *rp, FILE *f, pick_fn pick, const void *arg)
{
	struct strlist envs = {}, who = {};
	bool emulated = false;
	unsigned int i, j;
	int s;

	for (s = 0; s < NSIDES; s++) {
		for (i = 0; i < rp->ngroups; i++) {
			const struct group *g = &rp->groups[i];
			const char *e;

			if (strcmp(G_SIDE(g), SIDE(s)) || !pick(g, arg))
				continue;
			emulated |= g->l->rec.emulated;
			e = env_words(g->l);
			for (j = 0; j < envs.n; j++)
				if (!strcmp(envs.v[j], e))
					break;
			if (j == envs.n) {
				sl_addf(&envs, "%s", e);
				sl_addf(&who, "%s", SIDE(s));
			} else if (!strstr(who.v[j], SIDE(s))) {
				char *t = xasprintf("%s and %s", who.v[j], SIDE(s));

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

/* ---- summary ------------------------------------------------------------------- */

/* The summary's row for the workload set that @lead opens. */
static void summary_row(struct report *rp, struct table *t, int st,
			const struct group **v, unsigned int n,
			const struct group *lead)
{
	const unsigned int tt = IGN(P_T0) | IGN(P_T1);
	const struct group *top = NULL, *best, *next;
	unsigned int j;
	char *pw;

	/* the most threads of the set (the last in order) */
	for (j = 0; j < n; j++)
		if (!v[j]->l->peer && !strcmp(G_SIDE(v[j]), G_SIDE(lead)) &&
		    wl_equal(G_W(v[j]), G_W(lead), tt) &&
		    (!top || G_W(v[j])->threads[0] + G_W(v[j])->threads[1] >=
		     G_W(top)->threads[0] + G_W(top)->threads[1]))
			top = v[j];
	best_two(v, n, top, &best, &next);
	pw = params_words(st, G_W(top), varying(rp, st, false) & ~tt);
	tab_add(t, "%s", bench_struct_name(st));
	tab_add(t, "%s", G_SIDE(top));
	tab_add(t, "%s", pw[0] ? pw + 2 : "—");
	tab_add(t, "%s", threads_words(top));
	tab_add(t, "%s", best->l->mode);
	tab_add(t, "%s%s", fmt_rate(best->med[0]), marks(rp, best));
	if (next) {
		tab_add(t, "%s %s%s", next->l->mode, fmt_rate(next->med[0]),
			marks(rp, next));
		tab_add(t, "%s%s", fmt_ratio(ratio(best->med[0], next->med[0])),
			tie_mark(best, next, 0));
	} else {
		tab_add(t, "—");
		tab_add(t, "—");
	}
	free(pw);
}

/* Per structure, side and workload set: the leader at the most threads. */
void summary_table(struct report *rp, struct table *t)
{
	static const char * const head[] = {
		"structure", "side", "workload", "threads", "fastest mode",
		"ops/s", "next", "lead",
	};
	const struct bench_desc *d;
	unsigned int i, n, ndone;
	int st;

	tab_init(t, ARRAY_LEN(head));
	for (i = 0; i < ARRAY_LEN(head); i++)
		tab_add(t, "%s", head[i]);
	t->right[5] = 'r';
	t->right[7] = 'r';
	for (st = 0; (d = bench_desc(st)); st++) {
		const struct group **v, **done;

		if (d->report->baseline)
			continue;
		v = structure_groups(rp, st, &n);
		done = xrealloc(NULL, (n + 1) * sizeof(*done));
		for (i = 0, ndone = 0; i < n; i++)
			if (!v[i]->l->peer &&
			    first_of_set(done, &ndone, v[i], IGN(P_T0) | IGN(P_T1)))
				summary_row(rp, t, st, v, n, v[i]);
		free(done);
		free(v);
	}
}

/*
 * The Claims section: the folklore synclab checks, an item per claim with
 * a verdict computed from this run's figures and the figures that bear on
 * it (claim.c). Each structure brings its claims through its hooks
 * (struct bench_report's @claims); with none, the section is left out.
 */
void claims_section(struct report *rp, FILE *f)
{
	const struct bench_desc *d;
	struct strlist claims = {};
	unsigned int i;
	int st;

	for (st = 0; (d = bench_desc(st)); st++)
		if (d->report->claims)
			d->report->claims(rp, &claims, st);
	if (!claims.n)
		return;
	fputs("\n## Claims\n\n", f);
	fputs("What concurrency folklore says, judged by this run's production figures. A verdict is computed, never written in advance: *holds*, *does not hold*, *holds in part* (where, and where not), or *not measured* when the points a claim needs did not run. Ratios are A ÷ B with their spread: run by run (*paired runs*) where the two points ran on one matrix line, else between the repeats' extremes; *even* is the report's rule (under 5%, or overlapping).\n\n",
	      f);
	for (i = 0; i < claims.n; i++)
		fprintf(f, "- %s\n", claims.v[i]);
	legend(rp, f);
	sl_free(&claims);
}

/* ---- the other sections ---------------------------------------------------------- */

/* Lines measured on the same side, machine, kernel, CPUs and build. */
static bool same_env(const struct bench_line *a, const struct bench_line *b)
{
	return !strcmp(a->rec.side, b->rec.side) &&
	       !strcmp(a->rec.machine, b->rec.machine) &&
	       !strcmp(a->rec.kernel, b->rec.kernel) &&
	       a->rec.res.cpus == b->rec.res.cpus &&
	       !strcmp(a->rec.accel, b->rec.accel) &&
	       same_names(a->debug, a->ndebug, b->debug, b->ndebug);
}

static int cmp_u64(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * The "round trip" cell of a row: @n runs' round trips (bench_rtt(), 0
 * for none), median (min-max); "—" without any.
 */
static void rtt_cell(struct table *t, __u64 *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
	while (n && !v[0]) {	/* one CPU: no probe */
		v++;
		n--;
	}
	if (!n)
		tab_add(t, "—");
	else if (v[0] == v[n - 1])
		tab_add(t, "%llu ns", (unsigned long long)v[0]);
	else
		tab_add(t, "%llu ns (%llu–%llu)", (unsigned long long)v[n / 2],
			(unsigned long long)v[0], (unsigned long long)v[n - 1]);
}

/*
 * "Where it ran": a row per side and machine, with its cross-CPU round
 * trip and its count of runs.
 */
void where_table(struct report *rp, FILE *f)
{
	static const char * const head[] = {
		"side", "machine", "kernel", "CPUs", "accel", "build",
		"round trip", "runs",
	};
	__u64 *rtt = xrealloc(NULL, (rp->nlines + 1) * sizeof(*rtt));
	struct table t;
	unsigned int i, j, runs;
	int s;

	tab_init(&t, ARRAY_LEN(head));
	for (i = 0; i < ARRAY_LEN(head); i++)
		tab_add(&t, "%s", head[i]);
	t.right[3] = 'r';
	t.right[7] = 'r';
	for (s = 0; s < NSIDES; s++) {
		for (i = 0; i < rp->nlines; i++) {
			const struct bench_line *l = &rp->lines[i];
			char dbg[256] = "";

			if (strcmp(l->rec.side, SIDE(s)))
				continue;
			for (j = 0; j < i && !same_env(&rp->lines[j], l); j++)
				;
			if (j < i)
				continue;
			for (runs = 0, j = i; j < rp->nlines; j++)
				if (same_env(&rp->lines[j], l))
					rtt[runs++] = bench_rtt(&rp->lines[j].rec.res);
			for (j = 0; j < l->ndebug; j++)
				snprintf(dbg + strlen(dbg), sizeof(dbg) - strlen(dbg),
					 "%s%s", j ? " " : "", l->debug[j]);
			tab_add(&t, "%s", SIDE(s));
			tab_add(&t, "%s", l->rec.machine);
			tab_add(&t, "%s", l->rec.kernel);
			tab_add(&t, "%u", l->rec.res.cpus);
			tab_add(&t, "%s", accel_words(l));
			if (dbg[0])
				tab_add(&t, "**debug: %s**", dbg);
			else
				tab_add(&t, "production");
			rtt_cell(&t, rtt, runs);
			tab_add(&t, "%u", runs);
		}
	}
	tab_print(&t, f);
	tab_free(&t);
	free(rtt);
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

/* "Flagged runs": each point with a doubtful repeat, its flags, its lines. */
void flagged_section(struct report *rp, FILE *f)
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

/* Above everything: the lines whose structure broke its own invariant. */
void invariant_warning(struct report *rp, FILE *f)
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

/* Debug kernels and sanitizer builds: listed apart, compared with nothing. */
void debug_section(struct report *rp, FILE *f)
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

