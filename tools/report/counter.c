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
			 threads_words(g), fmt_pratio(g, o), c ? "" : " (even)");
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

/* "counter += 1 from N threads loses updates": where, and how many. */
static void claim_lost(struct report *rp, struct strlist *out, int st)
{
	unsigned int n, i, points = 0, lossy = 0;
	const struct group **v = structure_groups(rp, st, &n);
	char buf[1024] = "";

	for (i = 0; i < n; i++) {
		size_t len = strlen(buf);
		double med, lo, hi;

		if (!racy_point(v[i]))
			continue;
		lost_range(v[i], &med, &lo, &hi);
		points++;
		lossy += hi > 0;
		snprintf(buf + len, sizeof(buf) - len, "%s%s at %s: %s",
			 len ? "; " : "", G_SIDE(v[i]), threads_words(v[i]),
			 lost_words(v[i]));
	}
	free(v);
	if (!points)
		sl_addf(out, "\"counter += 1 from N threads loses updates\" — not measured in this run (no racy point with two or more incrementers).");
	else
		sl_addf(out, "\"counter += 1 from N threads loses updates\" — **%s**: %s.",
			lossy == points ? "confirmed" : lossy ? "depends on the side and thread count" :
			"refuted in this run (no update lost)", buf);
}

/*
 * Per side: atomic ahead of locked at every incrementer count; percpu's
 * rate growing more than atomic's from the fewest incrementers to the
 * most, at each batch run. One side's words into @buf; *@cheaper and
 * *@scales; false when the side lacks the figures.
 */
static bool scale_side(struct report *rp, int st, const char *side,
		       char *buf, size_t size, bool *cheaper, unsigned int *scales,
		       unsigned int *nbatch)
{
	char al[512], pa[512];
	unsigned int m, a, b, k, nb;
	__u32 bv[8];
	size_t len;

	m = versus(rp, st, side, "atomic", "locked", COUNTER_DEF_BATCH, al,
		   sizeof(al), &a, &b);
	nb = batches(rp, st, side, bv, ARRAY_LEN(bv));
	if (!m || !nb)
		return false;
	*cheaper = a == m;
	*scales = 0;
	*nbatch = nb;
	snprintf(buf, size, "%s: atomic vs locked %s (%s)", side, al,
		 *cheaper ? "cheaper" : "not cheaper everywhere");
	for (k = 0; k < nb; k++) {
		double ga = growth(rp, st, side, "atomic", COUNTER_DEF_BATCH);
		double gp = growth(rp, st, side, "percpu", bv[k]);
		bool up = gp > ga * (100 + REPORT_EVEN_PCT) / 100.0;

		if (!versus(rp, st, side, "percpu", "atomic", bv[k], pa,
			    sizeof(pa), &a, &b))
			continue;
		*scales += up;
		len = strlen(buf);
		snprintf(buf + len, size - len,
			 "; percpu at batch %u vs atomic %s, percpu grows %s and atomic %s with incrementers (%s)",
			 bv[k], pa, fmt_ratio(gp), fmt_ratio(ga),
			 up ? "percpu scales" : "percpu does not scale better");
	}
	return true;
}

/* "atomics are cheaper than locks but per-CPU counters scale". */
static void claim_scale(struct report *rp, struct strlist *out, int st)
{
	char buf[3072] = "", one[1024];
	unsigned int s, sides = 0, yes = 0, part = 0, scales, nb;
	bool cheaper;

	for (s = 0; s < NSIDES; s++) {
		size_t len = strlen(buf);

		if (!scale_side(rp, st, SIDE(s), one, sizeof(one), &cheaper,
				&scales, &nb))
			continue;
		sides++;
		yes += cheaper && scales == nb;
		part += cheaper && scales && scales < nb;
		snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? "; " : "",
			 one);
	}
	if (!sides)
		sl_addf(out, "\"atomics are cheaper than locks but per-CPU counters scale\" — not measured in this run (needs atomic, locked and percpu at two or more incrementer counts).");
	else
		sl_addf(out, "\"atomics are cheaper than locks but per-CPU counters scale\" — **%s**: %s.",
			yes == sides ? "confirmed" :
			part ? "depends on the batch" :
			yes ? "depends on the side" : "refuted in this run", buf);
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
