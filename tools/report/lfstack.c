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

/* "ABA is real: a bare CAS on a recycled node corrupts the structure." */
static void claim_aba(struct report *rp, struct strlist *out, int st)
{
	struct claim c;
	int s;

	claim_init(&c, st, "ABA is real: a bare CAS on a recycled node corrupts the structure.",
		   "naive points (--window-ns widens the gap between reading head->next and the CAS)");
	for (s = 0; s < NSIDES; s++) {
		unsigned int n, i;
		const struct group **v;
		__u64 aba = 0, bad = 0;
		char ev[1400] = "";

		if (!side_ran(rp, st, SIDE(s)))
			continue;
		v = claim_points(rp, st, SIDE(s), "naive", &n);
		for (i = 0; i < n; i++) {
			__u64 a = stat_sum(v[i], SYNCLAB_LFSTACK_STAT_ABA);
			__u64 p = stat_sum(v[i], SYNCLAB_LFSTACK_STAT_POPS);

			aba += a;
			bad += broken(v[i]);
			APPEND(ev, "%s%s, window %u ns: %s ABA events per million pops",
			       i ? "; " : "", threads_words(v[i]),
			       G_W(v[i])->param[0], fmt_num(per_million(a, p)));
			APPEND(ev, " (%s in %s pops), %s nodes duplicated, %s lost%s",
			       fmt_num((double)a), fmt_num((double)p),
			       fmt_num((double)stat_sum(v[i], SYNCLAB_LFSTACK_STAT_DUPLICATED)),
			       fmt_num((double)stat_sum(v[i], SYNCLAB_LFSTACK_STAT_LOST)),
			       stat_sum(v[i], SYNCLAB_LFSTACK_STAT_CYCLE) ?
			       ", a cycle" : "");
		}
		free(v);
		if (!n)
			claim_part(&c, V_NOT_MEASURED, SIDE(s), NULL);
		else
			claim_part(&c, aba && bad ? V_HOLDS : aba ? V_PART : V_FAILS,
				   SIDE(s), "%s%s", ev,
				   aba && !bad ? " (the CAS took recycled heads, but nothing was lost)" :
				   !aba ? " (no ABA at these windows)" : "");
	}
	claim_done(&c, out);
}

/* Whether naive met ABA at @g's very workload. */
static bool naive_aba_at(const struct report *rp, const struct group *g)
{
	const struct group *nv = claim_like(rp, g, "naive", NKEYS, 0);

	return nv && stat_sum(nv, SYNCLAB_LFSTACK_STAT_ABA);
}

/* "Tagged pointers, hazard pointers and RCU each defeat ABA." */
static void claim_cures(struct report *rp, struct strlist *out, int st)
{
	static const char * const cures[] = { "tagged", "hazptr", "rcu" };
	struct claim c;
	int s;

	claim_init(&c, st, "Tagged pointers, hazard pointers and RCU each defeat ABA.",
		   "tagged, hazptr and rcu at a point where naive met ABA");
	for (s = 0; s < NSIDES; s++) {
		unsigned int k, tested = 0, failed = 0;
		char ev[1400] = "";

		if (!side_ran(rp, st, SIDE(s)))
			continue;
		for (k = 0; k < ARRAY_LEN(cures); k++) {
			unsigned int n, i;
			const struct group **v = claim_points(rp, st, SIDE(s),
							      cures[k], &n);
			__u64 pops = 0, bad = 0, there = 0;

			for (i = 0; i < n; i++) {
				if (!naive_aba_at(rp, v[i]))
					continue;
				pops += stat_sum(v[i], SYNCLAB_LFSTACK_STAT_POPS);
				bad += faults(v[i]);
				there++;
			}
			free(v);
			if (!there)
				continue;
			tested++;
			failed += bad > 0;
			APPEND(ev, "%s%s: %s ABA events, lost or duplicated nodes in %s pops at %llu point%s where naive met ABA",
			       ev[0] ? "; " : "", cures[k], fmt_num((double)bad),
			       fmt_num((double)pops), (unsigned long long)there,
			       there == 1 ? "" : "s");
		}
		if (!tested)
			claim_part(&c, V_NOT_MEASURED, SIDE(s), NULL);
		else
			claim_part(&c, failed ? V_FAILS :
				   tested == ARRAY_LEN(cures) ? V_HOLDS : V_PART,
				   SIDE(s), "%s%s", ev,
				   tested < ARRAY_LEN(cures) && !failed ?
				   " (not every cure ran where naive met ABA)" : "");
	}
	claim_done(&c, out);
}

/*
 * Hazard pointers against grace periods on one side: hazptr beside rcu,
 * and Concurrency Kit's ck_hp beside its ck_epoch, at the same workload.
 */
struct reclaim_tally {
	unsigned int pairs, hz_less, rc_fast;
	char ev[1400];
};

static void tally_pairs(struct report *rp, int st, const char *side,
			const char *hzm, const char *rcm,
			struct reclaim_tally *t)
{
	unsigned int n, i;
	const struct group **v = structure_groups(rp, st, &n);

	for (i = 0; i < n; i++) {
		const struct group *hz = v[i], *rc;
		__u64 hp, rh;

		if (strcmp(G_SIDE(hz), side) || strcmp(hz->l->mode, hzm) ||
		    hz->l->rec.label[0])
			continue;
		rc = find(rp, hz, side, rcm, 0, hz->l->rec.kernel);
		if (!rc)
			continue;
		t->pairs++;
		hp = stat_max(hz, SYNCLAB_LFSTACK_STAT_HELD_PEAK);
		rh = stat_max(rc, SYNCLAB_LFSTACK_STAT_HELD_PEAK);
		t->hz_less += hp < rh;
		t->rc_fast += claim_cmp(rc, hz, 0, true) >= 0;
		APPEND(t->ev, "%s%s, window %u ns: %s held at most %s nodes, %s %s",
		       t->ev[0] ? "; " : "", threads_words(hz),
		       G_W(hz)->param[0], hzm, fmt_num((double)hp), rcm,
		       fmt_num((double)rh));
		APPEND(t->ev, "; %s ÷ %s ops/s %s", rcm, hzm,
		       claim_ratio(rc, hz, 0, true));
	}
	free(v);
}

/*
 * "Hazard pointers are more memory-efficient than RCU" and "RCU: cheap
 * reads, expensive writes", from the same pairs.
 */
static void claim_reclaim(struct report *rp, struct strlist *out, int st)
{
	struct claim mem, cost;
	int s;

	claim_init(&mem, st, "Hazard pointers are more memory-efficient than RCU.",
		   "hazptr and rcu (or ck_hp and ck_epoch) at the same point");
	claim_init(&cost, st, "RCU: cheap reads, expensive writes (in a stack, where every pop reads and retires).",
		   "hazptr and rcu (or ck_hp and ck_epoch) at the same point");
	for (s = 0; s < NSIDES; s++) {
		struct reclaim_tally t = { 0 };
		unsigned int pairs;

		if (!side_ran(rp, st, SIDE(s)))
			continue;
		tally_pairs(rp, st, SIDE(s), "hazptr", "rcu", &t);
		tally_pairs(rp, st, SIDE(s), "ck_hp", "ck_epoch", &t);
		pairs = t.pairs;
		if (!pairs) {
			claim_part(&mem, V_NOT_MEASURED, SIDE(s), NULL);
			claim_part(&cost, V_NOT_MEASURED, SIDE(s), NULL);
			continue;
		}
		claim_part(&mem, t.hz_less == pairs ? V_HOLDS :
			   t.hz_less ? V_PART : V_FAILS, SIDE(s),
			   "hazard pointers held fewer retired nodes at %u of %u points: %s",
			   t.hz_less, pairs, t.ev);
		/* cheap reads: the grace-period scheme's pop as fast or faster */
		claim_part(&cost, verdict_of(t.rc_fast == pairs,
					     t.hz_less == pairs), SIDE(s),
			   "as fast or faster at %u of %u points, more memory held until a grace period ends at %u of %u",
			   t.rc_fast, pairs, t.hz_less, pairs);
	}
	claim_done(&mem, out);
	claim_done(&cost, out);
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
