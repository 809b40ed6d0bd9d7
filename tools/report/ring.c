// SPDX-License-Identifier: GPL-2.0
/*
 * ring in the report: what batching records per push and pop does to
 * each mode; the claims these figures judge (the lockless SPSC ring
 * against the locked ones, batching).
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

static void ring_findings(struct report *rp, struct strlist *out, int st)
{
	find_param_effect(rp, out, st, P_BATCH);
}

/* ---- claims -------------------------------------------------------------------- */

/* "A lock-free SPSC ring beats a locked one." */
static void claim_spsc(struct report *rp, struct strlist *out, int st)
{
	static const char * const locked[] = { "spinlock", "mutex" };
	struct claim c;
	int s;

	claim_init(&c, st, "A lock-free SPSC ring beats a locked one.",
		   "spsc and a locked mode (spinlock, mutex) at 1 producer + 1 consumer on one side");
	for (s = 0; s < NSIDES; s++) {
		unsigned int n, i, k, sets = 0, won = 0;
		const struct group **v;
		char ev[1400] = "";

		if (!side_ran(rp, st, SIDE(s)))
			continue;
		v = claim_points(rp, st, SIDE(s), "spsc", &n);
		for (i = 0; i < n; i++) {
			bool ahead = true, any = false;

			if (G_W(v[i])->threads[0] != 1 || G_W(v[i])->threads[1] != 1)
				continue;
			for (k = 0; k < ARRAY_LEN(locked); k++) {
				const struct group *o = claim_like(rp, v[i], locked[k], NKEYS, 0);

				if (!o)
					continue;
				if (!any)
					APPEND(ev, "%sbatch %u: spsc %s", sets ? "; " : "",
					       G_W(v[i])->batch, grate(rp, v[i], 0));
				any = true;
				ahead &= claim_cmp(v[i], o, 0, false) > 0;
				APPEND(ev, ", %s %s (spsc ÷ %s %s)", locked[k],
				       grate(rp, o, 0), locked[k],
				       claim_ratio(v[i], o, 0, false));
			}
			sets += any;
			won += any && ahead;
		}
		free(v);
		if (!sets) {
			claim_part(&c, V_NOT_MEASURED, SIDE(s), NULL);
			continue;
		}
		claim_part(&c, won == sets ? V_HOLDS : won ? V_PART : V_FAILS, SIDE(s),
			   "1 producer + 1 consumer, records pushed a second; %s.", ev);
	}
	claim_done(&c, out);
}

/*
 * The point of @g's set (same side, mode, workload but the batch) with
 * the largest batch, if larger than @g's; NULL when @g is not the
 * smallest batch of its set or is alone in it.
 */
static const struct group *larger_batch(const struct group **v, unsigned int n,
					const struct group *g)
{
	const struct group *hi = NULL;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i]->l->mode, g->l->mode) ||
		    !wl_equal(G_W(v[i]), G_W(g), IGN(P_BATCH)))
			continue;
		if (G_W(v[i])->batch < G_W(g)->batch)
			return NULL;
		if (G_W(v[i])->batch > G_W(g)->batch &&
		    (!hi || G_W(v[i])->batch > G_W(hi)->batch))
			hi = v[i];
	}
	return hi;
}

/* "Batching amortises synchronisation." */
static void claim_batching(struct report *rp, struct strlist *out, int st)
{
	struct claim c;
	int s;

	claim_init(&c, st, "Batching amortises synchronisation.",
		   "one ring point at batch 1 and at a larger batch (the matrix's --batch 32 points)");
	for (s = 0; s < NSIDES; s++) {
		unsigned int n, i, sets = 0, won = 0;
		const struct group **v;
		char ev[1400] = "";

		if (!side_ran(rp, st, SIDE(s)))
			continue;
		v = claim_points(rp, st, SIDE(s), NULL, &n);
		for (i = 0; i < n; i++) {
			const struct group *hi = larger_batch(v, n, v[i]);

			if (!hi)
				continue;
			won += claim_cmp(hi, v[i], 0, false) > 0;
			APPEND(ev, "%s%s %s, batch %u → %u: %s → %s, %s",
			       sets++ ? "; " : "", v[i]->l->mode, threads_cell(v[i]),
			       G_W(v[i])->batch, G_W(hi)->batch,
			       grate(rp, v[i], 0), grate(rp, hi, 0),
			       claim_ratio(hi, v[i], 0, false));
		}
		free(v);
		if (!sets) {
			claim_part(&c, V_NOT_MEASURED, SIDE(s), NULL);
			continue;
		}
		claim_part(&c, won == sets ? V_HOLDS : won ? V_PART : V_FAILS, SIDE(s),
			   "records pushed a second, by mode and producers+consumers: %s.",
			   ev);
	}
	claim_done(&c, out);
}

static void ring_claims(struct report *rp, struct strlist *out, int st)
{
	claim_spsc(rp, out, st);
	claim_batching(rp, out, st);
}

const struct bench_report bench_report_ring = {
	.findings = ring_findings,
	.claims = ring_claims,
};
