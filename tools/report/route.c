// SPDX-License-Identifier: GPL-2.0
/*
 * route in the report: what readers keep of their read-only rate beside
 * a writer, under rcu and under rwlock; whether rwlock beats the plain
 * locks for readers; the figure of reader ops/s against the writer's
 * rate; the claims about RCU these figures judge.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

/*
 * The rcu readers' share run by run, and split by the round trip between
 * the CPUs: each update the readers see costs them a cache line from the
 * writer's CPU, so the slow mode (†) sets what they keep (README, "Beside
 * a writer").
 */
static void writer_cost_rtt(char *ev, size_t size, const struct group *rcu,
			    const struct group *base)
{
	const unsigned int slow = 1U << FL_RTT_SLOW;
	struct pratio ps, pf;
	unsigned int ns = paired_ratio_where(rcu, base, slow, true, &ps);
	unsigned int nf = paired_ratio_where(rcu, base, slow, false, &pf);
	unsigned int n = ns + nf;	/* every pair is one or the other */

	ev[0] = '\0';
	if (n < 2)
		return;
	APPEND_N(ev, size, " Run by run, rcu readers keep %s", fmt_pratio(rcu, base));
	if (ns == n || nf == n) {
		APPEND_N(ev, size, ", every one with a %s round trip between the CPUs%s.",
			 ns == n ? "slow" : "fast", ns == n ? " (†)" : "");
		return;
	}
	if (ns >= 2)
		APPEND_N(ev, size, ": %s in the %u whose CPUs were a slow round trip apart (†)",
			 fmt_ratio(ps.med), ns);
	if (nf >= 2)
		APPEND_N(ev, size, "%s %s in the %u with a fast %s", ns >= 2 ? "," : ":",
			 fmt_ratio(pf.med), nf, ns >= 2 ? "one" : "round trip");
	APPEND_N(ev, size, ".");
}

/*
 * Whether beside-writer point @a is the one to show rather than @b: the
 * most readers, then a writer of its own over readers that update (issue
 * 12's figure), then the busiest writer.
 */
static bool writer_point_before(const struct group *a, const struct group *b)
{
	const struct synclab_workload *wa = G_W(a), *wb = G_W(b);

	if (wa->threads[0] != wb->threads[0])
		return wa->threads[0] > wb->threads[0];
	if (!!wa->threads[1] != !!wb->threads[1])
		return wa->threads[1];
	return a->med[1] + a->med[0] * wa->mix / 1000 >
	       b->med[1] + b->med[0] * wb->mix / 1000;
}

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
			if (!best[0] || writer_point_before(rcu, best[0])) {
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
			char load[160], rtt[256];

			writer_cost_rtt(rtt, sizeof(rtt), rcu, best[1]);

			if (G_W(rcu)->threads[1])
				snprintf(load, sizeof(load), "%u writer%s (think %s: %s updates under rcu, %s under rwlock)",
					 G_W(rcu)->threads[1],
					 G_W(rcu)->threads[1] == 1 ? "" : "s",
					 fmt_ns((double)G_W(rcu)->think_ns[1]),
					 grate(rp, rcu, 1), grate(rp, rw, 1));
			else
				snprintf(load, sizeof(load), "readers updating at mix %u‰",
					 G_W(rcu)->mix);
			sl_addf(out, "**route**, %s, %s beside %s: rcu readers keep %s of their read-only rate (%s vs %s), rwlock readers %s (%s vs %s).%s",
				SIDE(s), load, threads_words(best[1]),
				fmt_pct(ratio(rcu->med[0], best[1]->med[0])),
				grate(rp, rcu, 0), grate(rp, best[1], 0),
				fmt_pct(ratio(rw->med[0], best[3]->med[0])),
				grate(rp, rw, 0), grate(rp, best[3], 0), rtt);
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

/* ---- claims -------------------------------------------------------------------- */

/*
 * The first read-only set (no writer threads) of @side where rcu and
 * rwlock ran at 1 reader and at one per CPU: p[0..3] = rcu 1, rcu N,
 * rwlock 1, rwlock N. False when there is none.
 */
static bool scaling_points(struct report *rp, int st, const char *side,
			   const struct group **p)
{
	unsigned int n, i;
	const struct group **v = claim_points(rp, st, side, "rcu", &n);
	bool found = false;

	for (i = 0; i < n && !found; i++) {
		__u32 cpus = v[i]->l->rec.res.cpus;

		if (G_W(v[i])->threads[0] != 1 || G_W(v[i])->threads[1] || cpus < 2)
			continue;
		p[0] = v[i];
		p[1] = claim_like(rp, v[i], NULL, P_T0, cpus);
		p[2] = claim_like(rp, v[i], "rwlock", NKEYS, 0);
		p[3] = claim_like(rp, v[i], "rwlock", P_T0, cpus);
		found = p[1] && p[2] && p[3];
	}
	free(v);
	return found;
}

/* "RCU readers scale with readers, rwlock readers do not." */
static void claim_scaling(struct report *rp, struct strlist *out, int st)
{
	struct claim c;
	int s;

	claim_init(&c, st, "RCU readers scale with readers, rwlock readers do not.",
		   "rcu and rwlock readers, no writer thread, at 1 reader and at one per CPU (the matrix's --mix 10 points at 1 and 2 readers)");
	for (s = 0; s < NSIDES; s++) {
		const struct group *p[4];
		double su[2], want;
		unsigned int cpus;
		char ev[1024] = "";

		if (!side_ran(rp, st, SIDE(s)))
			continue;
		if (!scaling_points(rp, st, SIDE(s), p)) {
			claim_part(&c, V_NOT_MEASURED, SIDE(s), NULL);
			continue;
		}
		cpus = G_W(p[1])->threads[0];
		want = cpus * REPORT_SCALE_PCT / 100.0;
		su[0] = ratio(p[1]->med[0], p[0]->med[0]);
		su[1] = ratio(p[3]->med[0], p[2]->med[0]);
		/* a few figures at a time: they share fmt_slot()'s ring */
		APPEND(ev, "%s, 1 → %u readers (= CPUs): ",
		       param_words(st, G_W(p[0]), P_MIX), cpus);
		APPEND(ev, "rcu %s → %s, ", grate(rp, p[0], 0), grate(rp, p[1], 0));
		APPEND(ev, "%s; ", claim_ratio(p[1], p[0], 0, false));
		APPEND(ev, "rwlock %s → %s, ", grate(rp, p[2], 0), grate(rp, p[3], 0));
		APPEND(ev, "%s; ", claim_ratio(p[3], p[2], 0, false));
		claim_part(&c, verdict_of(su[0] >= want, su[1] < want), SIDE(s),
			   "%sscaling is %u%% of %u × one reader's rate, %s or more.",
			   ev, REPORT_SCALE_PCT, cpus, fmt_ratio(want));
	}
	claim_done(&c, out);
}

/*
 * One reader beside one writer updating flat out, and alone, under rcu
 * and rwlock: p[0..3] = rcu 1+1, rcu 1+0, rwlock 1+1, rwlock 1+0 (one
 * matrix line). False when the side lacks one.
 */
static bool writer_points(struct report *rp, int st, const char *side,
			  const struct group **p)
{
	unsigned int n, i;
	const struct group **v = claim_points(rp, st, side, "rcu", &n);
	bool found = false;

	for (i = 0; i < n && !found; i++) {
		const struct synclab_workload *w = G_W(v[i]);

		if (w->threads[0] != 1 || w->threads[1] != 1 || w->think_ns[0] ||
		    w->think_ns[1] || w->mix)
			continue;
		p[0] = v[i];
		p[1] = claim_like(rp, v[i], NULL, P_T1, 0);
		p[2] = claim_like(rp, v[i], "rwlock", NKEYS, 0);
		p[3] = claim_like(rp, v[i], "rwlock", P_T1, 0);
		found = p[1] && p[2] && p[3];
	}
	free(v);
	return found;
}

/* "RCU: cheap reads, expensive writes." */
static void claim_rcu_costs(struct report *rp, struct strlist *out, int st)
{
	struct claim c;
	int s;

	claim_init(&c, st, "RCU: cheap reads, expensive writes.",
		   "one reader alone and beside one writer updating flat out, under rcu and rwlock (the matrix's --threads 1,{0,1} line)");
	for (s = 0; s < NSIDES; s++) {
		const struct group *p[4];
		int reads, writes;
		char ev[1400] = "";

		if (!side_ran(rp, st, SIDE(s)))
			continue;
		if (!writer_points(rp, st, SIDE(s), p)) {
			claim_part(&c, V_NOT_MEASURED, SIDE(s), NULL);
			continue;
		}
		reads = claim_cmp(p[0], p[2], 0, true);
		writes = claim_cmp(p[0], p[2], 1, false);
		/* a few figures at a time: they share fmt_slot()'s ring */
		APPEND(ev, "reads %s: ", reads > 0 ? "cheaper" : "not cheaper than rwlock's");
		APPEND(ev, "beside a writer the rcu reader does %s, the rwlock reader %s, ",
		       grate(rp, p[0], 0), grate(rp, p[2], 0));
		APPEND(ev, "rcu ÷ rwlock %s; ", claim_ratio(p[0], p[2], 0, true));
		APPEND(ev, "alone %s and %s, ", grate(rp, p[1], 0), grate(rp, p[3], 0));
		APPEND(ev, "so beside ÷ alone is %s for rcu, ",
		       claim_ratio(p[0], p[1], 0, true));
		APPEND(ev, "%s for rwlock. ", claim_ratio(p[2], p[3], 0, true));
		APPEND(ev, "Writes %s: ", writes < 0 ? "dearer" : "not dearer than rwlock's");
		APPEND(ev, "the writer does %s under rcu, %s under rwlock, ",
		       grate(rp, p[0], 1), grate(rp, p[2], 1));
		APPEND(ev, "rcu ÷ rwlock %s.", claim_ratio(p[0], p[2], 1, false));
		claim_part(&c, verdict_of(reads > 0, writes < 0), SIDE(s), "%s", ev);
	}
	claim_done(&c, out);
}

static void route_claims(struct report *rp, struct strlist *out, int st)
{
	claim_scaling(rp, out, st);
	claim_rcu_costs(rp, out, st);
}

static void route_findings(struct report *rp, struct strlist *out, int st)
{
	find_writer_cost(rp, out, st);
	find_rwlock(rp, out, st);
}

const struct bench_report bench_report_route = {
	.findings = route_findings,
	.plots = (const struct plot_kind * const []){ &writer_rate, NULL },
	.claims = route_claims,
};
