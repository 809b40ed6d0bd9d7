// SPDX-License-Identifier: GPL-2.0
/*
 * kvmap in the report: the two claims its figures judge (claim.c computes
 * their verdicts) and its own finding, the gets that missed. Its points
 * have readers only (a write is a reader's mix), so role 0 counts every
 * operation; the modes of one point run on one matrix line, so their
 * ratios are paired run by run.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* The CPUs of the machine @g ran on. */
static unsigned int kv_cpus(const struct group *g)
{
	return g->l->rec.res.cpus;
}

/* A read-mostly (mix <= 100 per mille), uniform point, readers only. */
static bool kv_read_mostly(const struct group *g)
{
	return G_W(g)->mix <= 100 && !G_W(g)->hot && !G_W(g)->threads[1];
}

/*
 * One set's striped and bucket against its global point @g: the figures
 * into @ev; how many of the two are ahead (paired: one matrix line).
 */
static unsigned int kv_finer(struct report *rp, const struct group *g,
			     char *ev, size_t size, bool *both)
{
	static const char * const finer[] = { "striped", "bucket" };
	unsigned int k, ahead = 0;

	*both = true;
	snprintf(ev + strlen(ev), size - strlen(ev), "%s%u thread%s: global %s",
		 ev[0] ? "; " : "", G_W(g)->threads[0],
		 G_W(g)->threads[0] == 1 ? "" : "s", grate(rp, g, 0));
	for (k = 0; k < ARRAY_LEN(finer); k++) {
		const struct group *o = claim_like(rp, g, finer[k], NKEYS, 0);

		if (!o) {
			*both = false;
			continue;
		}
		ahead += claim_cmp(o, g, 0, true) > 0;
		snprintf(ev + strlen(ev), size - strlen(ev), ", %s ÷ global %s",
			 finer[k], claim_ratio(o, g, 0, true));
	}
	return ahead;
}

/*
 * "Fine-grained or striped locks reduce contention": per side, striped
 * and bucket against global on the read-mostly uniform points; the
 * verdict from the points with 2 or more threads and no more than the
 * CPUs (holds: both ahead at each; fails: neither at any), the others
 * (one thread, past the CPUs, hot keys) in the evidence.
 */
static void claim_finer_locks(struct report *rp, struct strlist *out, int st)
{
	struct claim c;
	int s;

	claim_init(&c, st, "Fine-grained or striped locks reduce contention.",
		   "global, striped and bucket at 2 or more threads within the CPUs, 90/10, uniform keys");
	for (s = 0; s < NSIDES; s++) {
		unsigned int n, i, sets = 0, won = 0, lost = 0, ahead;
		const struct group **v;
		char ev[1400] = "", hot[400] = "";
		bool both;

		if (!side_ran(rp, st, SIDE(s)))
			continue;
		v = claim_points(rp, st, SIDE(s), "global", &n);
		for (i = 0; i < n; i++) {
			unsigned int t = G_W(v[i])->threads[0];

			if (G_W(v[i])->hot && t >= 2 && !hot[0]) {
				kv_finer(rp, v[i], hot, sizeof(hot), &both);
				continue;
			}
			if (!kv_read_mostly(v[i]))
				continue;
			ahead = kv_finer(rp, v[i], ev, sizeof(ev), &both);
			if (t < 2 || t > kv_cpus(v[i]) || !both)
				continue;
			sets++;
			won += ahead == 2;
			lost += ahead == 0;
		}
		free(v);
		if (!sets) {
			claim_part(&c, V_NOT_MEASURED, SIDE(s), NULL);
			continue;
		}
		claim_part(&c, won == sets ? V_HOLDS : lost == sets ? V_FAILS : V_PART,
			   SIDE(s), "ops/s, 90/10, uniform keys, judged at 2 or more threads within the CPUs; %s%s%s.",
			   ev, hot[0] ? "; on 16 hot keys (not judged), " : "", hot);
	}
	claim_done(&c, out);
}

/*
 * "Read-mostly maps want RCU": per side, rcu against bucket (the same
 * bucket locks for writers: only the readers differ) on the read-mostly
 * uniform points, at the most threads within the CPUs; a write-heavy
 * point (mix >= 500) at that thread count in the evidence.
 */
static void claim_rcu(struct report *rp, struct strlist *out, int st)
{
	struct claim c;
	int s;

	claim_init(&c, st, "Read-mostly maps want RCU.",
		   "rcu and bucket at 90/10, uniform keys, on one side");
	for (s = 0; s < NSIDES; s++) {
		const struct group *best = NULL, *b, *w, *wb;
		const struct group **v;
		char ev[600] = "";
		unsigned int n, i;
		int cmp;

		if (!side_ran(rp, st, SIDE(s)))
			continue;
		v = claim_points(rp, st, SIDE(s), "rcu", &n);
		for (i = 0; i < n; i++)
			if (kv_read_mostly(v[i]) && claim_like(rp, v[i], "bucket", NKEYS, 0) &&
			    G_W(v[i])->threads[0] <= kv_cpus(v[i]) &&
			    (!best || G_W(v[i])->threads[0] > G_W(best)->threads[0]))
				best = v[i];
		w = NULL;
		for (i = 0; best && i < n && !w; i++)
			if (G_W(v[i])->mix >= 500 && !G_W(v[i])->hot &&
			    G_W(v[i])->threads[0] == G_W(best)->threads[0])
				w = v[i];
		free(v);
		if (!best) {
			claim_part(&c, V_NOT_MEASURED, SIDE(s), NULL);
			continue;
		}
		b = claim_like(rp, best, "bucket", NKEYS, 0);
		cmp = claim_cmp(best, b, 0, true);
		APPEND(ev, "%u threads, mix %u‰: rcu %s, bucket %s, rcu ÷ bucket %s",
		       G_W(best)->threads[0], G_W(best)->mix, grate(rp, best, 0),
		       grate(rp, b, 0), claim_ratio(best, b, 0, true));
		wb = w ? claim_like(rp, w, "bucket", NKEYS, 0) : NULL;
		if (wb)
			APPEND(ev, "; at mix %u‰ (not judged): rcu ÷ bucket %s",
			       G_W(w)->mix, claim_ratio(w, wb, 0, true));
		claim_part(&c, cmp > 0 ? V_HOLDS : V_FAILS, SIDE(s),
			   "ops/s, gets and writes (a write: delete, then put; rcu frees through call_rcu()); %s.",
			   ev);
	}
	claim_done(&c, out);
}

static void kvmap_claims(struct report *rp, struct strlist *out, int st)
{
	claim_finer_locks(rp, out, st);
	claim_rcu(rp, out, st);
}

/* Gets that missed: they fell between a writer's delete and its put. */
static void kvmap_findings(struct report *rp, struct strlist *out, int st)
{
	unsigned int n, i;
	const struct group **v = structure_groups(rp, st, &n);
	const struct group *most = NULL;
	double frac, best = 0;

	for (i = 0; i < n; i++) {
		const __u64 *x = v[i]->l->rec.res.stats;
		double gets = (double)x[SYNCLAB_KVMAP_STAT_HITS] +
			      x[SYNCLAB_KVMAP_STAT_MISSES];

		frac = gets > 0 ? x[SYNCLAB_KVMAP_STAT_MISSES] / gets : 0;
		if (frac > best) {
			best = frac;
			most = v[i];
		}
	}
	if (most)
		sl_addf(out, "**kvmap**: gets that missed a key (between a writer's delete and its put) peak at %s of gets, %s, %s, %s.",
			fmt_pct(best), mode_text(most->l), G_SIDE(most),
			point_words(rp, most));
	free(v);
}

const struct bench_report bench_report_kvmap = {
	.findings = kvmap_findings,
	.claims = kvmap_claims,
};
