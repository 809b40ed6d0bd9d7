// SPDX-License-Identifier: GPL-2.0
/*
 * lock in the report: whether rwlock beats the plain locks for readers;
 * where spinning stops paying against sleeping (spinlock against mutex
 * over the critical section's length), as a finding and as a figure.
 */
#include <string.h>

#include "report.h"

/* Where spinning stops paying: spinlock against mutex over cs_ns. */
static void find_crossover(struct report *rp, struct strlist *out, int st)
{
	unsigned int n, i, j, ndone = 0;
	const struct group **v = structure_groups(rp, st, &n);
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

/* ---- the crossover figure ----------------------------------------------------- */

static bool want_spin_or_sleep(const struct group *g)
{
	return !strcmp(g->l->mode, "spinlock") || !strcmp(g->l->mode, "mutex");
}

static double x_cs(const struct group *g)
{
	return (double)G_W(g)->cs_ns;
}

static const struct plot_kind crossover = {
	.kind = "crossover", .freep = IGN(P_CS), .xparam = P_CS,
	.want = want_spin_or_sleep, .x = x_cs,
	.xlabel = "critical section (ns)",
	.what = "spinlock against mutex, worker ops/s against the critical section's length",
	.axis = "critical-section lengths",
	.missing = "spinlock/mutex crossover plot",
	.needs = "it needs both locks at two or more critical-section lengths",
};

static void lock_findings(struct report *rp, struct strlist *out, int st)
{
	find_rwlock(rp, out, st);
	find_crossover(rp, out, st);
}

const struct bench_report bench_report_lock = {
	.findings = lock_findings,
	.plots = (const struct plot_kind * const []){ &crossover, NULL },
};
