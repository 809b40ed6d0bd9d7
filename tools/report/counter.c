// SPDX-License-Identifier: GPL-2.0
/*
 * counter in the report: how many updates racy lost, per million, on
 * each side; what each fix costs against the others as incrementers are
 * added (atomic against locked, percpu against atomic); what a reader
 * pays beside percpu; and the two seed claims, with verdicts computed
 * from these figures.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* Lost updates per million increments in one repeat. */
static double lost_ppm(const struct bench_line *l)
{
	const __u64 *st = l->rec.res.stats;

	return st[SYNCLAB_COUNTER_STAT_INCREMENTS] ?
	       1e6 * st[SYNCLAB_COUNTER_STAT_LOST] /
	       st[SYNCLAB_COUNTER_STAT_INCREMENTS] : 0;
}

/* The median, lowest and highest lost_ppm() over @g's repeats. */
static void lost_range(const struct group *g, double *med, double *lo,
		       double *hi)
{
	double v[64] = { 0 };
	unsigned int i, j, n = g->n < 64 ? g->n : 64;

	if (!n) {
		*med = *lo = *hi = 0;
		return;
	}

	for (i = 0; i < n; i++) {
		double x = lost_ppm(g->run[i]);

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	*lo = v[0];
	*hi = v[n - 1];
	*med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static bool is_mode(const struct group *g, const char *mode)
{
	return !strcmp(g->l->mode, mode);
}

/* racy with two or more incrementers and no reader: the lost update. */
static bool racy_point(const struct group *g)
{
	return is_mode(g, "racy") && G_W(g)->threads[0] >= 2 &&
	       !G_W(g)->threads[1];
}

/* "X per million (a-b)" for @g. */
static const char *lost_words(const struct group *g)
{
	char *s = fmt_slot();
	double med, lo, hi;

	lost_range(g, &med, &lo, &hi);
	if (g->n > 1)
		snprintf(s, SLOT, "%.0f per million (%.0f-%.0f over %u runs)",
			 med, lo, hi, g->n);
	else
		snprintf(s, SLOT, "%.0f per million", med);
	return s;
}

static void find_lost(struct report *rp, struct strlist *out, int st)
{
	unsigned int n, i;
	const struct group **v = structure_groups(rp, st, &n);

	for (i = 0; i < n; i++)
		if (racy_point(v[i]))
			sl_addf(out, "**counter**, %s, %s: racy lost %s of the increments (`counter += 1`, a load and a store apart).",
				G_SIDE(v[i]), threads_words(v[i]),
				lost_words(v[i]));
	free(v);
}

/* Mode @mode at percpu batch @batch (workload.keys), no reader, on @side. */
static bool at_batch(const struct group *g, const char *side,
		     const char *mode, __u32 batch)
{
	return is_mode(g, mode) && !strcmp(G_SIDE(g), side) &&
	       !G_W(g)->threads[1] && G_W(g)->keys == batch;
}

/*
 * @a at batch @batch against @b (at the same batch, or any: only percpu
 * has one) at each incrementer count of @side with no reader, run by run
 * (fmt_pratio()): "1 incrementer 1.8x (1.7-1.9x, 3 paired runs), ...".
 * Returns how many counts had both; *@ahead,
 * *@behind: where @a led, where @b did.
 */
static unsigned int versus(struct report *rp, int st, const char *side,
			   const char *a, const char *b, __u32 batch,
			   char *buf, size_t size, unsigned int *ahead,
			   unsigned int *behind)
{
	unsigned int n, i, m = 0;
	const struct group **v = structure_groups(rp, st, &n);

	*buf = '\0';
	*ahead = *behind = 0;
	for (i = 0; i < n; i++) {
		const struct group *g = v[i], *o;
		size_t len = strlen(buf);
		int c;

		if (!at_batch(g, side, a, batch))
			continue;
		o = find(rp, g, side, b, 0, g->l->rec.kernel) ?:
		    find(rp, g, side, b, IGN(P_KEYS), g->l->rec.kernel);
		if (!o)
			continue;
		c = compare(g, o, 0);
		*ahead += c > 0;
		*behind += c < 0;
		snprintf(buf + len, size - len, "%s%s %s%s", m ? ", " : "",
			 threads_words(g), fmt_pratio(g, o), tie_mark(g, o, 0));
		m++;
	}
	free(v);
	return m;
}

/*
 * The growth of @mode's incrementer rate (at batch @batch) from its
 * fewest incrementers to its most.
 */
static double growth(struct report *rp, int st, const char *side,
		     const char *mode, __u32 batch)
{
	unsigned int n, i;
	const struct group **v = structure_groups(rp, st, &n);
	const struct group *lo = NULL, *hi = NULL;

	for (i = 0; i < n; i++) {
		const struct group *g = v[i];

		if (!at_batch(g, side, mode, batch))
			continue;
		if (!lo || G_W(g)->threads[0] < G_W(lo)->threads[0])
			lo = g;
		if (!hi || G_W(g)->threads[0] > G_W(hi)->threads[0])
			hi = g;
	}
	free(v);
	if (!lo || lo == hi || G_W(lo)->threads[0] == G_W(hi)->threads[0])
		return 0;
	return ratio(hi->med[0], lo->med[0]);
}

/* The percpu batches run on @side, in the order first met; how many. */
static unsigned int batches(struct report *rp, int st, const char *side,
			    __u32 *v, unsigned int max)
{
	unsigned int n, i, j, m = 0;
	const struct group **g = structure_groups(rp, st, &n);

	for (i = 0; i < n && m < max; i++) {
		if (!is_mode(g[i], "percpu") || strcmp(G_SIDE(g[i]), side))
			continue;
		for (j = 0; j < m && v[j] != G_W(g[i])->keys; j++)
			;
		if (j == m)
			v[m++] = G_W(g[i])->keys;
	}
	free(g);
	return m;
}

/* Every mode but percpu runs at the descriptor's keys: percpu's default. */
#define COUNTER_DEF_BATCH	32

static void find_fixes(struct report *rp, struct strlist *out, int st)
{
	char buf[1024];
	unsigned int s, a, b, nb, k;
	__u32 bv[8];

	for (s = 0; s < NSIDES; s++) {
		if (versus(rp, st, SIDE(s), "atomic", "locked", COUNTER_DEF_BATCH,
			   buf, sizeof(buf), &a, &b))
			sl_addf(out, "**counter**, %s: atomic against locked, incrementer rates: %s.",
				SIDE(s), buf);
		nb = batches(rp, st, SIDE(s), bv, ARRAY_LEN(bv));
		for (k = 0; k < nb; k++)
			if (versus(rp, st, SIDE(s), "percpu", "atomic", bv[k],
				   buf, sizeof(buf), &a, &b))
				sl_addf(out, "**counter**, %s: percpu (batch %u) against atomic: %s; from the fewest incrementers to the most, percpu's rate grows %s, atomic's %s.",
					SIDE(s), bv[k], buf,
					fmt_ratio(growth(rp, st, SIDE(s), "percpu", bv[k])),
					fmt_ratio(growth(rp, st, SIDE(s), "atomic",
							 COUNTER_DEF_BATCH)));
	}
}

/* A reader beside incrementers: its rate in percpu against atomic. */
static void find_reader(struct report *rp, struct strlist *out, int st)
{
	unsigned int n, i;
	const struct group **v = structure_groups(rp, st, &n);

	for (i = 0; i < n; i++) {
		const struct group *g = v[i], *o;
		const __u64 *sv = g->l->rec.res.stats;

		if (!is_mode(g, "percpu") || !G_W(g)->threads[1])
			continue;
		o = find(rp, g, G_SIDE(g), "atomic", 0, g->l->rec.kernel);
		sl_addf(out, "**counter**, %s, %s: a percpu reader (percpu_counter_sum() over every CPU's count) does %s%s%s; the exact sum ran ahead of the fast read (the shared count alone) by up to %llu: the fast read's own error, under (batch %llu - 1) per CPU or thread that adds, plus the adds between the two reads.",
			G_SIDE(g), threads_words(g), grate(rp, g, 1),
			o ? ", against an atomic reader's " : "",
			o ? grate(rp, o, 1) : "",
			(unsigned long long)sv[SYNCLAB_COUNTER_STAT_READ_ERR],
			(unsigned long long)sv[SYNCLAB_COUNTER_STAT_BATCH]);
	}
	free(v);
}

static void counter_findings(struct report *rp, struct strlist *out, int st)
{
	find_lost(rp, out, st);
	find_fixes(rp, out, st);
	find_reader(rp, out, st);
}

/* ---- claims -------------------------------------------------------------------- */

/* "counter += 1 from N threads loses updates": where, and how many. */
static void claim_lost(struct report *rp, struct strlist *out, int st)
{
	struct claim c;
	int s;

	claim_init(&c, st, "counter += 1 from N threads loses updates.",
		   "racy at 2 or more incrementers, no reader");
	for (s = 0; s < NSIDES; s++) {
		unsigned int n, i, sets = 0, lossy = 0;
		const struct group **v;
		char ev[1400] = "";

		if (!side_ran(rp, st, SIDE(s)))
			continue;
		v = claim_points(rp, st, SIDE(s), "racy", &n);
		for (i = 0; i < n; i++) {
			double med, lo, hi;

			if (!racy_point(v[i]))
				continue;
			lost_range(v[i], &med, &lo, &hi);
			lossy += med > 0;
			APPEND(ev, "%s%s: %s", sets++ ? "; " : "",
			       threads_words(v[i]), lost_words(v[i]));
		}
		free(v);
		if (!sets) {
			claim_part(&c, V_NOT_MEASURED, SIDE(s), NULL);
			continue;
		}
		claim_part(&c, lossy == sets ? V_HOLDS : lossy ? V_PART : V_FAILS,
			   SIDE(s), "updates lost: %s.", ev);
	}
	claim_done(&c, out);
}

/* @mode's point of @side with the most incrementers at @batch, no reader. */
static const struct group *most(struct report *rp, int st, const char *side,
				const char *mode, __u32 batch)
{
	unsigned int n, i;
	const struct group **v = claim_points(rp, st, side, mode, &n);
	const struct group *hi = NULL;

	for (i = 0; i < n; i++)
		if (at_batch(v[i], side, mode, batch) &&
		    (!hi || G_W(v[i])->threads[0] > G_W(hi)->threads[0]))
			hi = v[i];
	free(v);
	return hi;
}

/*
 * Atomic against locked at every incrementer count of @side (batch
 * COUNTER_DEF_BATCH); *@sets, *@ahead. Evidence into @ev.
 */
static void atomic_vs_locked(struct report *rp, int st, const char *side,
			     char *ev, size_t size, unsigned int *sets,
			     unsigned int *ahead)
{
	unsigned int n, i;
	const struct group **v = claim_points(rp, st, side, "atomic", &n);

	*sets = *ahead = 0;
	for (i = 0; i < n; i++) {
		const struct group *o;

		if (!at_batch(v[i], side, "atomic", COUNTER_DEF_BATCH))
			continue;
		o = claim_like(rp, v[i], "locked", NKEYS, 0);
		if (!o)
			continue;
		*ahead += claim_cmp(v[i], o, 0, true) > 0;
		snprintf(ev + strlen(ev), size - strlen(ev), "%s%s %s",
			 (*sets)++ ? ", " : "", threads_words(v[i]),
			 claim_ratio(v[i], o, 0, true));
	}
	free(v);
}

/*
 * "Atomics are cheaper than locks, but per-CPU counters scale." Per side:
 * atomic ahead of locked at every incrementer count; and percpu ahead of
 * atomic at the most incrementers, at percpu_counter's batch (32) -- or
 * only at a larger batch, which makes it hold in part.
 */
static void claim_scale(struct report *rp, struct strlist *out, int st)
{
	struct claim c;
	int s;

	claim_init(&c, st, "Atomics are cheaper than locks, but per-CPU counters scale.",
		   "atomic, locked and percpu at 1 and at 2 or more incrementers on one side");
	for (s = 0; s < NSIDES; s++) {
		unsigned int sets, ahead, nb, k, scaled = 0, scaled_def = 0;
		char ev[1400] = "", al[600] = "";
		__u32 bv[8];
		bool cheaper;

		if (!side_ran(rp, st, SIDE(s)))
			continue;
		atomic_vs_locked(rp, st, SIDE(s), al, sizeof(al), &sets, &ahead);
		nb = batches(rp, st, SIDE(s), bv, ARRAY_LEN(bv));
		APPEND(ev, "atomic ÷ locked: %s", sets ? al : "not run");
		for (k = 0; k < nb; k++) {
			const struct group *p = most(rp, st, SIDE(s), "percpu", bv[k]);
			const struct group *a = p ? claim_like(rp, p, "atomic", NKEYS, 0) : NULL;

			if (!a)
				a = p ? claim_like(rp, p, "atomic", P_KEYS,
						   COUNTER_DEF_BATCH) : NULL;
			if (!a)
				continue;
			if (claim_cmp(p, a, 0, true) > 0) {
				scaled++;
				scaled_def += bv[k] == COUNTER_DEF_BATCH;
			}
			APPEND(ev, "; percpu ÷ atomic at %s, batch %u: %s",
			       threads_words(p), bv[k], claim_ratio(p, a, 0, true));
		}
		if (!sets || !nb) {
			claim_part(&c, V_NOT_MEASURED, SIDE(s), NULL);
			continue;
		}
		cheaper = ahead == sets;
		claim_part(&c, cheaper && scaled_def ? V_HOLDS :
			   !cheaper && !scaled ? V_FAILS : V_PART, SIDE(s),
			   "incrementer ops/s, %s%s.", ev,
			   scaled && !scaled_def ?
			   " (percpu leads only at a larger batch than percpu_counter's 32)" : "");
	}
	claim_done(&c, out);
}

static void counter_claims(struct report *rp, struct strlist *out, int st)
{
	claim_lost(rp, out, st);
	claim_scale(rp, out, st);
}

const struct bench_report bench_report_counter = {
	.findings = counter_findings,
	.claims = counter_claims,
};
