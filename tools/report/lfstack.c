// SPDX-License-Identifier: GPL-2.0
/*
 * lfstack in the report: how often naive's bare CAS meets ABA, per window
 * and thread count, and what it breaks; the memory each reclamation
 * scheme holds back; and the four claims of the seeds' lock-free pages,
 * each with a verdict computed from this run's stats (result.stats[],
 * SYNCLAB_LFSTACK_STAT_*), summed over a point's repeats.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* A stat summed over @g's repeats. */
static __u64 stat_sum(const struct group *g, unsigned int i)
{
	__u64 sum = 0;
	unsigned int r;

	for (r = 0; r < g->n; r++)
		sum += g->run[r]->rec.res.stats[i];
	return sum;
}

/* The largest of @g's repeats. */
static __u64 stat_max(const struct group *g, unsigned int i)
{
	__u64 m = 0;
	unsigned int r;

	for (r = 0; r < g->n; r++)
		if (g->run[r]->rec.res.stats[i] > m)
			m = g->run[r]->rec.res.stats[i];
	return m;
}

static bool own_mode(const struct group *g, const char *mode)
{
	return !g->l->peer && !strcmp(g->l->mode, mode);
}

/* What naive did wrong beyond the ABA events: nodes lost or duplicated. */
static __u64 broken(const struct group *g)
{
	return stat_sum(g, SYNCLAB_LFSTACK_STAT_DUPLICATED) +
	       stat_sum(g, SYNCLAB_LFSTACK_STAT_LOST) +
	       stat_sum(g, SYNCLAB_LFSTACK_STAT_CYCLE);
}

/* ABA, duplicates, losses and poisoned reads: all zero in a sound mode. */
static __u64 faults(const struct group *g)
{
	return stat_sum(g, SYNCLAB_LFSTACK_STAT_ABA) + broken(g) +
	       stat_sum(g, SYNCLAB_LFSTACK_STAT_POISONED);
}

static double per_million(__u64 n, __u64 of)
{
	return of ? (double)n * 1e6 / (double)of : 0;
}

/* "2 pushers, window 1000 ns": where a figure comes from. */
static const char *where_words(const struct group *g)
{
	char *b = fmt_slot();

	snprintf(b, SLOT, "%s, %s, window %u ns", G_SIDE(g), threads_words(g),
		 G_W(g)->param[0]);
	return b;
}

/* ---- findings --------------------------------------------------------------- */

/* naive: ABA events per million pops, and what they broke, per point. */
static void find_aba(struct report *rp, struct strlist *out, int st)
{
	unsigned int n, i;
	const struct group **v = structure_groups(rp, st, &n);

	(void)rp;
	for (i = 0; i < n; i++) {
		const struct group *g = v[i];
		__u64 pops = stat_sum(g, SYNCLAB_LFSTACK_STAT_POPS);

		if (!own_mode(g, "naive"))
			continue;
		sl_addf(out, "**lfstack** naive, %s: %s ABA events per million pops (%s in %s pops), %s nodes duplicated, %s lost%s.",
			where_words(g),
			fmt_num(per_million(stat_sum(g, SYNCLAB_LFSTACK_STAT_ABA), pops)),
			fmt_num((double)stat_sum(g, SYNCLAB_LFSTACK_STAT_ABA)),
			fmt_num((double)pops),
			fmt_num((double)stat_sum(g, SYNCLAB_LFSTACK_STAT_DUPLICATED)),
			fmt_num((double)stat_sum(g, SYNCLAB_LFSTACK_STAT_LOST)),
			stat_sum(g, SYNCLAB_LFSTACK_STAT_CYCLE) ?
			", and the stack became a cycle" : "");
	}
	free(v);
}

/* hazptr beside rcu at the same point: the memory each held back. */
static void find_held(struct report *rp, struct strlist *out, int st)
{
	unsigned int n, i;
	const struct group **v = structure_groups(rp, st, &n);

	for (i = 0; i < n; i++) {
		const struct group *hz = v[i], *rc;
		__u64 bytes = hz->l->rec.res.stats[SYNCLAB_LFSTACK_STAT_NODE_BYTES];

		if (!own_mode(hz, "hazptr"))
			continue;
		rc = find(rp, hz, G_SIDE(hz), "rcu", 0, hz->l->rec.kernel);
		if (!rc)
			continue;
		sl_addf(out, "**lfstack** memory held for reclamation, %s: hazptr at most %s nodes (%s bytes; bound %s, %s scans), rcu %s nodes (%s bytes; %s grace periods), averages %s and %s; ops/s %s vs %s.",
			where_words(hz),
			fmt_num((double)stat_max(hz, SYNCLAB_LFSTACK_STAT_HELD_PEAK)),
			fmt_num((double)(stat_max(hz, SYNCLAB_LFSTACK_STAT_HELD_PEAK) * bytes)),
			fmt_num((double)hz->l->rec.res.stats[SYNCLAB_LFSTACK_STAT_HP_BOUND]),
			fmt_num((double)hz->l->rec.res.stats[SYNCLAB_LFSTACK_STAT_SCANS]),
			fmt_num((double)stat_max(rc, SYNCLAB_LFSTACK_STAT_HELD_PEAK)),
			fmt_num((double)(stat_max(rc, SYNCLAB_LFSTACK_STAT_HELD_PEAK) * bytes)),
			rc->l->rec.res.stats[SYNCLAB_LFSTACK_STAT_GRACE_PERIODS] ?
			fmt_num((double)rc->l->rec.res.stats[SYNCLAB_LFSTACK_STAT_GRACE_PERIODS]) :
			"uncounted",
			fmt_num((double)hz->l->rec.res.stats[SYNCLAB_LFSTACK_STAT_HELD_AVG]),
			fmt_num((double)rc->l->rec.res.stats[SYNCLAB_LFSTACK_STAT_HELD_AVG]),
			grate(rp, hz, 0), grate(rp, rc, 0));
	}
	free(v);
}

static void lfstack_findings(struct report *rp, struct strlist *out, int st)
{
	find_aba(rp, out, st);
	find_held(rp, out, st);
}

/* ---- claims ----------------------------------------------------------------- */

/* "ABA is real: a bare CAS on a recycled node corrupts the structure". */
static void claim_aba(struct report *rp, struct strlist *out, int st)
{
	unsigned int n, i, runs = 0;
	const struct group **v = structure_groups(rp, st, &n);
	__u64 aba = 0, pops = 0, bad = 0;
	char best[SLOT] = "";
	double top = -1;

	for (i = 0; i < n; i++) {
		const struct group *g = v[i];
		__u64 a = stat_sum(g, SYNCLAB_LFSTACK_STAT_ABA);
		__u64 p = stat_sum(g, SYNCLAB_LFSTACK_STAT_POPS);

		if (!own_mode(g, "naive"))
			continue;
		runs++;
		aba += a;
		pops += p;
		bad += broken(g);
		if (per_million(a, p) > top) {
			top = per_million(a, p);
			snprintf(best, sizeof(best), "%s per million pops at %s",
				 fmt_num(top), where_words(g));
		}
	}
	free(v);
	if (!runs)
		sl_addf(out, "\"ABA is real: a bare CAS on a recycled node corrupts the structure\" (lfstack): **not measured in this run** (no naive point).");
	else if (aba && bad)
		sl_addf(out, "\"ABA is real: a bare CAS on a recycled node corrupts the structure\" (lfstack): **confirmed** — naive's CAS took a recycled head %s times in %s pops (most: %s), and %s nodes ended lost, duplicated or in a cycle.",
			fmt_num((double)aba), fmt_num((double)pops), best,
			fmt_num((double)bad));
	else if (aba)
		sl_addf(out, "\"ABA is real: a bare CAS on a recycled node corrupts the structure\" (lfstack): **confirmed in part** — naive's CAS took a recycled head %s times in %s pops (most: %s), but no node was lost or duplicated in this run (the recycled head still had the same next).",
			fmt_num((double)aba), fmt_num((double)pops), best);
	else
		sl_addf(out, "\"ABA is real: a bare CAS on a recycled node corrupts the structure\" (lfstack): **not seen in this run** — no ABA event in %s naive pops; a wider --window-ns or more threads provoke it.",
			fmt_num((double)pops));
}

/* Whether naive met ABA at @g's point (side, threads, mix, window). */
static bool naive_aba_at(struct report *rp, const struct group *g)
{
	const struct group *nv = find(rp, g, G_SIDE(g), "naive", 0, NULL);

	return nv && stat_sum(nv, SYNCLAB_LFSTACK_STAT_ABA);
}

/* "tagged pointers / hazard pointers / RCU each defeat ABA". */
static void claim_cures(struct report *rp, struct strlist *out, int st)
{
	static const char * const cures[] = { "tagged", "hazptr", "rcu" };
	unsigned int n, i, c, ran = 0, beside = 0, failed = 0;
	const struct group **v = structure_groups(rp, st, &n);
	char buf[1024] = "";

	for (c = 0; c < ARRAY_LEN(cures); c++) {
		__u64 pops = 0, bad = 0, tested = 0;
		size_t len = strlen(buf);

		for (i = 0; i < n; i++) {
			const struct group *g = v[i];

			if (!own_mode(g, cures[c]))
				continue;
			pops += stat_sum(g, SYNCLAB_LFSTACK_STAT_POPS);
			bad += faults(g);
			if (naive_aba_at(rp, g))
				tested += stat_sum(g, SYNCLAB_LFSTACK_STAT_POPS);
		}
		if (!pops)
			continue;
		ran++;
		beside += tested > 0;
		failed += bad > 0;
		snprintf(buf + len, sizeof(buf) - len,
			 "%s%s: %s faults in %s pops (%s of them where naive met ABA)",
			 len ? "; " : "", cures[c], fmt_num((double)bad),
			 fmt_num((double)pops), fmt_num((double)tested));
	}
	free(v);
	if (!ran)
		sl_addf(out, "\"Tagged pointers, hazard pointers and RCU each defeat ABA\" (lfstack): **not measured in this run**.");
	else if (failed)
		sl_addf(out, "\"Tagged pointers, hazard pointers and RCU each defeat ABA\" (lfstack): **refuted** — %s.",
			buf);
	else if (beside == ran && ran == ARRAY_LEN(cures))
		sl_addf(out, "\"Tagged pointers, hazard pointers and RCU each defeat ABA\" (lfstack): **confirmed** — %s.",
			buf);
	else
		sl_addf(out, "\"Tagged pointers, hazard pointers and RCU each defeat ABA\" (lfstack): **depends on the points run** — none failed, but not each ran where naive met ABA: %s.",
			buf);
}

/* Hazard pointers against grace periods: (hazptr, rcu), (ck_hp, ck_epoch). */
struct reclaim_tally {
	unsigned int pairs, hz_less, rc_fast;
	char ex[SLOT * 2];
};

static void tally_pairs(struct report *rp, const struct group **v,
			unsigned int n, const char *hzm, const char *rcm,
			struct reclaim_tally *t)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct group *hz = v[i], *rc;
		__u64 hp, rh;

		if (strcmp(hz->l->mode, hzm))
			continue;
		rc = find(rp, hz, G_SIDE(hz), rcm, 0, hz->l->rec.kernel);
		if (!rc)
			continue;
		t->pairs++;
		hp = stat_max(hz, SYNCLAB_LFSTACK_STAT_HELD_PEAK);
		rh = stat_max(rc, SYNCLAB_LFSTACK_STAT_HELD_PEAK);
		t->hz_less += hp < rh;
		t->rc_fast += compare(rc, hz, 0) >= 0;
		if (!t->ex[0])
			snprintf(t->ex, sizeof(t->ex), "at %s: held at most %s nodes under %s, %s under %s; ops/s %s vs %s",
				 where_words(hz), fmt_num((double)hp), hzm,
				 fmt_num((double)rh), rcm, grate(rp, hz, 0),
				 grate(rp, rc, 0));
	}
}

/*
 * "RCU: cheap reads, expensive writes" and "hazard pointers are more
 * memory-efficient than RCU": hazptr beside rcu at the same points, and
 * Concurrency Kit's ck_hp beside its ck_epoch.
 */
static void claim_reclaim(struct report *rp, struct strlist *out, int st)
{
	struct reclaim_tally own = { 0 }, ck = { 0 };
	unsigned int n, pairs, less, fast;
	const struct group **v = structure_groups(rp, st, &n);

	tally_pairs(rp, v, n, "hazptr", "rcu", &own);
	tally_pairs(rp, v, n, "ck_hp", "ck_epoch", &ck);
	free(v);
	pairs = own.pairs + ck.pairs;
	less = own.hz_less + ck.hz_less;
	fast = own.rc_fast + ck.rc_fast;
	if (!pairs) {
		sl_addf(out, "\"RCU: cheap reads, expensive writes\" and \"hazard pointers are more memory-efficient than RCU\" (lfstack): **not measured in this run** (no hazptr and rcu, nor ck_hp and ck_epoch, at the same point).");
		return;
	}
	sl_addf(out, "\"Hazard pointers are more memory-efficient than RCU\" (lfstack): **%s** — hazard pointers held fewer retired nodes at %u of %u points (hazptr against rcu: %u of %u%s%s; ck_hp against ck_epoch: %u of %u%s%s).",
		less == pairs ? "confirmed" : less ? "depends on the point" :
		"refuted", less, pairs, own.hz_less, own.pairs,
		own.ex[0] ? ", " : "", own.ex, ck.hz_less, ck.pairs,
		ck.ex[0] ? ", " : "", ck.ex);
	sl_addf(out, "\"RCU: cheap reads, expensive writes\" (lfstack): **%s** — in a stack every pop both reads (under a read-side section or a hazard pointer) and retires: the grace-period scheme was as fast or faster at %u of %u points (rcu %u of %u, ck_epoch %u of %u), and its writes' cost shows as memory held until a grace period ends (more than the hazard pointers' at %u of %u).",
		fast == pairs && less == pairs ? "confirmed" :
		!fast && less == pairs ?
		"depends: the deferred free costs the pop itself here" :
		"depends on the point and the implementation", fast, pairs,
		own.rc_fast, own.pairs, ck.rc_fast, ck.pairs, less, pairs);
}

static void lfstack_claims(struct report *rp, struct strlist *out, int st)
{
	claim_aba(rp, out, st);
	claim_cures(rp, out, st);
	claim_reclaim(rp, out, st);
}

const struct bench_report bench_report_lfstack = {
	.findings = lfstack_findings,
	.claims = lfstack_claims,
};
