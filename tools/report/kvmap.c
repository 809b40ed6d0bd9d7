// SPDX-License-Identifier: GPL-2.0
/*
 * kvmap in the report: the two claims its figures judge, each with a
 * verdict computed from the run, and its own finding (gets that missed).
 *
 *  - "fine-grained/striped locks reduce contention": striped and bucket
 *    against global, total ops/s, at each thread count of the read-mostly
 *    uniform points (mix <= 100 per mille, no hot set); the verdict is
 *    taken at the most threads the CPUs hold without oversubscription,
 *    and the line says what happens past that (where it stops paying) and
 *    on the hot-key point, when the run has them.
 *  - "read-mostly maps want RCU": rcu against bucket (the same bucket
 *    locks for writers; only the readers differ) at that point, and at a
 *    write-heavy one (mix >= 500) when the run has it: "depends on the
 *    mix" when RCU leads at one and not at the other.
 *
 * "Ahead" is compare()'s: more than REPORT_EVEN_PCT apart and repeats
 * that do not overlap.
 */
#include <string.h>

#include "report.h"

/* Every operation, gets and writes: what a discipline lets through. */
static double kv_total(const struct group *g)
{
	return g->med[0] + g->med[1];
}

static unsigned int kv_threads(const struct group *g)
{
	return G_W(g)->threads[0] + G_W(g)->threads[1];
}

/*
 * @a against @b: +1 ahead, -1 behind, 0 even. The points compared have
 * readers only (writes are their mix), so role 0 is every operation.
 */
static int kv_compare(const struct group *a, const struct group *b)
{
	return compare(a, b, 0);
}

static const char *kv_word(int c)
{
	return c > 0 ? "ahead" : c < 0 ? "behind" : "even";
}

/* @g's workload in the same set as @like but for the thread counts. */
static bool kv_same_set(const struct group *g, const struct group *like)
{
	return !strcmp(G_SIDE(g), G_SIDE(like)) &&
	       !strcmp(g->l->rec.kernel, like->l->rec.kernel) &&
	       same_variant(g->l, like->l) &&
	       wl_equal(G_W(g), G_W(like), IGN(P_T0) | IGN(P_T1));
}

/* The production global-mode points of side @s, read-mostly, uniform. */
static bool kv_read_mostly(const struct group *g, const char *side)
{
	return !g->l->peer && !strcmp(g->l->mode, "global") &&
	       !strcmp(G_SIDE(g), side) && G_W(g)->mix <= 100 &&
	       !G_W(g)->hot && !G_W(g)->threads[1];
}

/* The mode @mode's point like @g (same side, workload and kernel). */
static const struct group *kv_mode(struct report *rp, const struct group *g,
				   const char *mode)
{
	return find(rp, g, G_SIDE(g), mode, 0, g->l->rec.kernel);
}

/*
 * Claim 1 on one side: @v holds its read-mostly global points of one
 * set, by thread count.
 */
static void kv_claim_fine(struct report *rp, struct strlist *out,
			  const struct group **v, unsigned int n)
{
	const struct group *at = NULL, *past = NULL, *s, *b;
	char figs[768] = "", where[256] = "";
	const char *verdict;
	unsigned int i, cpus = v[0]->l->rec.res.cpus;
	int cs = 0, cb = 0;

	for (i = 0; i < n; i++) {
		s = kv_mode(rp, v[i], "striped");
		b = kv_mode(rp, v[i], "bucket");
		if (!s || !b)
			continue;
		snprintf(figs + strlen(figs), sizeof(figs) - strlen(figs),
			 "%s%u: global %s, striped %s, bucket %s",
			 figs[0] ? "; " : "", kv_threads(v[i]),
			 fmt_rate(kv_total(v[i])),
			 fmt_ratio(ratio(kv_total(s), kv_total(v[i]))),
			 fmt_ratio(ratio(kv_total(b), kv_total(v[i]))));
		if (kv_threads(v[i]) >= 2 && kv_threads(v[i]) <= cpus) {
			at = v[i];
			cs = kv_compare(s, v[i]);
			cb = kv_compare(b, v[i]);
		} else if (kv_threads(v[i]) > cpus) {
			past = v[i];
		}
	}
	if (!figs[0])
		return;
	if (!at)
		verdict = "not measured in this run (no point with 2 or more threads within the CPUs)";
	else if (cs > 0 && cb > 0)
		verdict = "**confirmed**";
	else if (cs < 0 && cb < 0)
		verdict = "**refuted**";
	else if (!cs && !cb)
		verdict = "**not seen here**: even within 5%";
	else
		verdict = "**depends on the granularity**";
	if (at)
		snprintf(where, sizeof(where), " at %u threads on %u CPUs (striped %s, bucket %s)",
			 kv_threads(at), cpus, kv_word(cs), kv_word(cb));
	if (past)
		snprintf(where + strlen(where), sizeof(where) - strlen(where),
			 "; past the CPUs (%u threads) the threads queue for CPUs as much as for locks",
			 kv_threads(past));
	sl_addf(out, "\"Fine-grained/striped locks reduce contention\" — kvmap, %s, %s keys, mix %u‰, uniform; total ops/s by threads (striped, bucket × global) %s. Verdict: %s%s.",
		G_SIDE(v[0]), fmt_num(G_W(v[0])->keys), G_W(v[0])->mix, figs,
		verdict, where);
}

/* The hot-key point of side @side at @threads, as a claim's postscript. */
static void kv_claim_hot(struct report *rp, struct strlist *out,
			 const struct group **v, unsigned int n,
			 const char *side)
{
	const struct group *g, *s, *b;
	unsigned int i;

	for (i = 0; i < n; i++) {
		g = v[i];
		if (g->l->peer || strcmp(g->l->mode, "global") ||
		    strcmp(G_SIDE(g), side) || !G_W(g)->hot || kv_threads(g) < 2)
			continue;
		s = kv_mode(rp, g, "striped");
		b = kv_mode(rp, g, "bucket");
		if (!s || !b)
			continue;
		sl_addf(out, "\"Fine-grained/striped locks reduce contention\" on hot keys — kvmap, %s, %u threads, %u‰ of draws from %u keys: global %s, striped %s (%s), bucket %s (%s): finer locks %s when the contention is on the keys themselves.",
			side, kv_threads(g), G_W(g)->hot, G_W(g)->hot_keys,
			fmt_rate(kv_total(g)), fmt_rate(kv_total(s)),
			kv_word(kv_compare(s, g)), fmt_rate(kv_total(b)),
			kv_word(kv_compare(b, g)),
			kv_compare(s, g) > 0 || kv_compare(b, g) > 0 ?
			"still help" : "do not help");
	}
}

/* Claim 2 on one side, at @at (a global point): rcu against bucket. */
static void kv_claim_rcu(struct report *rp, struct strlist *out,
			 const struct group *at, const struct group **v,
			 unsigned int n)
{
	const struct group *r = kv_mode(rp, at, "rcu");
	const struct group *b = kv_mode(rp, at, "bucket");
	const struct group *wr = NULL, *wb = NULL;
	char heavy[256] = "";
	const char *verdict;
	unsigned int i;
	int c, cw = 2;

	if (!r || !b)
		return;
	c = kv_compare(r, b);
	for (i = 0; i < n && !wr; i++) {
		const struct group *g = v[i];

		if (g->l->peer || strcmp(g->l->mode, "rcu") ||
		    strcmp(G_SIDE(g), G_SIDE(at)) || G_W(g)->mix < 500 ||
		    G_W(g)->hot || kv_threads(g) != kv_threads(at))
			continue;
		wb = kv_mode(rp, g, "bucket");
		if (wb)
			wr = g;
	}
	if (wr) {
		cw = kv_compare(wr, wb);
		snprintf(heavy, sizeof(heavy), "; at mix %u‰: rcu %s, bucket %s (%s, %s)",
			 G_W(wr)->mix, fmt_rate(kv_total(wr)),
			 fmt_rate(kv_total(wb)),
			 fmt_ratio(ratio(kv_total(wr), kv_total(wb))),
			 kv_word(cw));
	}
	if (c > 0 && wr && cw <= 0)
		verdict = "**depends on the mix**: RCU pays while reads dominate";
	else if (c > 0)
		verdict = "**confirmed**";
	else if (c < 0)
		verdict = "**refuted**";
	else
		verdict = "**not seen here**: even within 5%";
	sl_addf(out, "\"Read-mostly maps want RCU\" — kvmap, %s, %u threads, mix %u‰, uniform: rcu %s, bucket %s (%s, %s)%s. Verdict: %s.",
		G_SIDE(at), kv_threads(at), G_W(at)->mix, fmt_rate(kv_total(r)),
		fmt_rate(kv_total(b)), fmt_ratio(ratio(kv_total(r), kv_total(b))),
		kv_word(c), heavy, verdict);
}

/* The read-mostly global points of @side like @lead, by thread count. */
static unsigned int kv_set(const struct group **v, unsigned int n,
			   const struct group *lead, const struct group **set)
{
	unsigned int i, j, k = 0;

	for (i = 0; i < n; i++)
		if (kv_read_mostly(v[i], G_SIDE(lead)) && kv_same_set(v[i], lead))
			set[k++] = v[i];
	for (i = 1; i < k; i++)		/* by thread count */
		for (j = i; j > 0 && kv_threads(set[j]) < kv_threads(set[j - 1]); j--) {
			const struct group *t = set[j];

			set[j] = set[j - 1];
			set[j - 1] = t;
		}
	return k;
}

static void kvmap_claims(struct report *rp, struct strlist *out, int st)
{
	unsigned int n, i, k, ndone = 0;
	const struct group **v = structure_groups(rp, st, &n);
	const struct group **done = xrealloc(NULL, (n + 1) * sizeof(*done));
	const struct group **set = xrealloc(NULL, (n + 1) * sizeof(*set));
	int s;

	for (s = 0; s < NSIDES; s++) {
		for (i = 0; i < n; i++) {
			if (!kv_read_mostly(v[i], SIDE(s)) ||
			    !first_of_set(done, &ndone, v[i],
					  IGN(P_T0) | IGN(P_T1)))
				continue;
			k = kv_set(v, n, v[i], set);
			kv_claim_fine(rp, out, set, k);
			/* RCU at the most threads the CPUs hold */
			while (k > 1 && kv_threads(set[k - 1]) >
			       set[k - 1]->l->rec.res.cpus)
				k--;
			kv_claim_rcu(rp, out, set[k - 1], v, n);
		}
		kv_claim_hot(rp, out, v, n, SIDE(s));
	}
	free(set);
	free(done);
	free(v);
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
