// SPDX-License-Identifier: GPL-2.0
/*
 * route in the report: what readers keep of their read-only rate beside
 * a writer, under rcu and under rwlock; whether rwlock beats the plain
 * locks for readers; the figure of reader ops/s against the writer's
 * rate.
 */
#include <string.h>

#include "report.h"

/* How much route readers keep of their read-only rate with a writer. */
static void find_writer_cost(struct report *rp, struct strlist *out, int st)
{
	int s;
	unsigned int n, i, j;
	const struct group **v = structure_groups(rp, st, &n);
	const unsigned int loadp = IGN(P_T1) | IGN(P_THINK1) | IGN(P_MIX);

	for (s = 0; s < NSIDES; s++) {
		const struct group *best[4] = {};	/* rcu, base, rwlock, base */

		for (i = 0; i < n; i++) {
			const struct group *rcu = v[i], *rw, *rb, *wb;

			if (strcmp(G_SIDE(rcu), SIDE(s)) || strcmp(rcu->l->mode, "rcu") ||
			    rcu->l->peer || (!G_W(rcu)->threads[1] && !G_W(rcu)->mix))
				continue;
			rw = find(rp, rcu, SIDE(s), "rwlock", 0, rcu->l->rec.kernel);
			if (!rw)
				continue;
			rb = NULL;
			wb = NULL;
			for (j = 0; j < n; j++) {
				const struct group *b = v[j];

				if (strcmp(G_SIDE(b), SIDE(s)) || G_W(b)->threads[1] ||
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
				SIDE(s), load, threads_words(best[1]),
				fmt_pct(ratio(rcu->med[0], best[1]->med[0])),
				grate(rp, rcu, 0), grate(rp, best[1], 0),
				fmt_pct(ratio(rw->med[0], best[3]->med[0])),
				grate(rp, rw, 0), grate(rp, best[3], 0));
		}
	}
	free(v);
}

/* ---- the writer-rate figure --------------------------------------------------- */

static bool want_writer(const struct group *g)
{
	return !g->l->peer && G_W(g)->threads[1] > 0;
}

static double x_writer_rate(const struct group *g)
{
	return g->med[1];
}

static const struct plot_kind writer_rate = {
	.kind = "writer-rate", .freep = IGN(P_THINK1), .xparam = P_THINK1,
	.want = want_writer, .x = x_writer_rate, .xrate = true,
	.xlabel = "writer ops/s",
	.what = "reader ops/s against the writer's rate (its think time varied)",
	.axis = "writer rates",
	.missing = "reader-against-writer-rate plot",
	.needs = "it needs points with a writer at two or more writer think times",
};

static void route_findings(struct report *rp, struct strlist *out, int st)
{
	find_writer_cost(rp, out, st);
	find_rwlock(rp, out, st);
}

const struct bench_report bench_report_route = {
	.findings = route_findings,
	.plots = (const struct plot_kind * const []){ &writer_rate, NULL },
};
