// SPDX-License-Identifier: GPL-2.0
/*
 * lock in the report: whether rwlock beats the plain locks for readers;
 * where spinning stops paying against sleeping (spinlock against mutex
 * over the critical section's length), as a finding and as a figure; and
 * the claims these figures judge: spinlock against mutex by section
 * length and with more threads than CPUs, Amdahl's bound.
 */
#include <stdlib.h>
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

/* ---- claims -------------------------------------------------------------------- */

static bool at_cpus(const struct group *g)
{
	return G_W(g)->threads[0] == g->l->rec.res.cpus;
}

/*
 * The spinlock points of @side that pass @want, each with its mutex
 * partner (same workload: the two ran on one matrix line), in table
 * order; with @one_set, only those of the first workload set met, which
 * differ in the critical section alone. How many.
 */
static unsigned int spin_mutex(struct report *rp, int st, const char *side,
			       bool (*want)(const struct group *g), bool one_set,
			       const struct group **sp, const struct group **mx,
			       unsigned int max)
{
	unsigned int n, i, m = 0;
	const struct group **v = claim_points(rp, st, side, "spinlock", &n);

	for (i = 0; i < n && m < max; i++) {
		const struct group *o;

		if (!want(v[i]) || G_W(v[i])->think_ns[0] || G_W(v[i])->mix)
			continue;
		/* one workload set: the first met, by critical section */
		if (one_set && m && !wl_equal(G_W(v[i]), G_W(sp[0]), IGN(P_CS)))
			continue;
		o = claim_like(rp, v[i], "mutex", NKEYS, 0);
		if (!o)
			continue;
		sp[m] = v[i];
		mx[m++] = o;
	}
	free(v);
	return m;
}

/* Where the lead changes hands over @m critical sections, in words. */
static void crossover_words(char *buf, size_t size, const int *k,
			    const struct group **sp, unsigned int m)
{
	int lastsp = -1, firstmx = -1;
	unsigned int i;

	for (i = 0; i < m && firstmx < 0; i++)
		if (k[i] < 0)
			firstmx = (int)i;
	for (i = 0; i < m && (firstmx < 0 || (int)i < firstmx); i++)
		if (k[i] > 0)
			lastsp = (int)i;
	if (lastsp >= 0 && firstmx >= 0)
		snprintf(buf, size, "crossover between %s (spinlock last ahead) and %s (mutex first ahead)",
			 fmt_ns((double)G_W(sp[lastsp])->cs_ns),
			 fmt_ns((double)G_W(sp[firstmx])->cs_ns));
	else if (lastsp >= 0)
		snprintf(buf, size, "no crossover: the mutex is never ahead up to %s",
			 fmt_ns((double)G_W(sp[m - 1])->cs_ns));
	else if (firstmx >= 0)
		snprintf(buf, size, "no crossover: the spinlock is never ahead, the mutex leads from %s",
			 fmt_ns((double)G_W(sp[firstmx])->cs_ns));
	else
		snprintf(buf, size, "even throughout");
}

/* "Spinlocks beat mutexes for short sections; mutexes win long ones." */
static void claim_crossover(struct report *rp, struct strlist *out, int st)
{
	struct claim c;
	int s;

	claim_init(&c, st, "Spinlocks beat mutexes for short critical sections; mutexes win when the section is long.",
		   "spinlock and mutex at threads = CPUs at two or more critical-section lengths (`tools/bench/matrix`, the lock cs sweep)");
	for (s = 0; s < NSIDES; s++) {
		const struct group *sp[32], *mx[32];
		unsigned int m, i;
		int k[32];
		char ev[1400] = "", cross[200];

		if (!side_ran(rp, st, SIDE(s)))
			continue;
		m = spin_mutex(rp, st, SIDE(s), at_cpus, true, sp, mx, 32);
		if (m < 2) {
			claim_part(&c, V_NOT_MEASURED, SIDE(s), NULL);
			continue;
		}
		for (i = 0; i < m; i++) {
			k[i] = claim_cmp(sp[i], mx[i], 0, true);
			APPEND(ev, "%s%s: %s vs %s, %s", i ? "; " : "",
			       fmt_ns((double)G_W(sp[i])->cs_ns),
			       grate(rp, sp[i], 0), grate(rp, mx[i], 0),
			       claim_ratio(sp[i], mx[i], 0, true));
		}
		crossover_words(cross, sizeof(cross), k, sp, m);
		claim_part(&c, verdict_of(k[0] > 0, k[m - 1] < 0), SIDE(s),
			   "%s (= CPUs), spinlock vs mutex by critical section: %s; %s.",
			   threads_words(sp[0]), ev, cross);
	}
	claim_done(&c, out);
}

static bool oversubscribed(const struct group *g)
{
	return G_W(g)->threads[0] > g->l->rec.res.cpus;
}

/* "Spinning with more threads than CPUs wastes the CPU." */
static void claim_oversub(struct report *rp, struct strlist *out, int st)
{
	struct claim c;
	int s;

	claim_init(&c, st, "Spinning with more threads than CPUs wastes the CPU.",
		   "spinlock and mutex with more workers than CPUs (the matrix's 4 workers on 2 CPUs)");
	for (s = 0; s < NSIDES; s++) {
		const struct group *sp[32], *mx[32];
		unsigned int m, i, won = 0;
		char ev[1400] = "";

		if (!side_ran(rp, st, SIDE(s)))
			continue;
		m = spin_mutex(rp, st, SIDE(s), oversubscribed, false, sp, mx, 32);
		if (!m) {
			claim_part(&c, V_NOT_MEASURED, SIDE(s), NULL);
			continue;
		}
		for (i = 0; i < m; i++) {
			__u32 cpus = sp[i]->l->rec.res.cpus;
			const struct group *s2 = claim_like(rp, sp[i], NULL, P_T0, cpus);
			const struct group *m2 = claim_like(rp, mx[i], NULL, P_T0, cpus);

			won += claim_cmp(sp[i], mx[i], 0, true) < 0;
			APPEND(ev, "%s%s, %s: %s vs %s, %s", i ? "; " : "",
			       threads_words(sp[i]), fmt_ns((double)G_W(sp[i])->cs_ns),
			       grate(rp, sp[i], 0), grate(rp, mx[i], 0),
			       claim_ratio(sp[i], mx[i], 0, true));
			if (s2 && m2)
				APPEND(ev, " (at %u workers: %s; from %u to %u workers the spinlock keeps %s of its rate, the mutex %s)",
				       cpus, claim_ratio(s2, m2, 0, true), cpus,
				       G_W(sp[i])->threads[0],
				       fmt_pct(ratio(sp[i]->med[0], s2->med[0])),
				       fmt_pct(ratio(mx[i]->med[0], m2->med[0])));
		}
		claim_part(&c, won == m ? V_HOLDS : won ? V_PART : V_FAILS, SIDE(s),
			   "%u CPUs, spinlock vs mutex by workers and critical section (it holds where the mutex is ahead): %s.",
			   sp[0]->l->rec.res.cpus, ev);
	}
	claim_done(&c, out);
}

/* Amdahl's speed-up at @n threads for a serial fraction @sf. */
static double amdahl(double sf, unsigned int n)
{
	return 1 / (sf + (1 - sf) / n);
}

/* One side's Amdahl part from the spinlock point @one of 1 worker. */
static void amdahl_part(struct report *rp, struct claim *c, int st,
			const struct group *one)
{
	const double even = 1 + REPORT_EVEN_PCT / 100.0;
	const struct synclab_workload *w = G_W(one);
	double sf = (double)w->cs_ns / (double)(w->cs_ns + w->think_ns[0]);
	unsigned int n, i, judged = 0, above = 0;
	const struct group **v = claim_points(rp, st, G_SIDE(one), "spinlock", &n);
	char ev[1400] = "";

	for (i = 0; i < n; i++) {
		struct pratio p;
		double bound;

		if (G_W(v[i])->threads[0] < 2 ||
		    !wl_equal(G_W(v[i]), w, IGN(P_T0)))
			continue;
		paired_ratio(v[i], one, &p);
		bound = amdahl(sf, G_W(v[i])->threads[0]);
		judged++;
		if (p.med > bound * even && p.lo > bound)
			above++;
		APPEND(ev, "; %s%s: speed-up %s against Amdahl's %s (%s of it)",
		       threads_words(v[i]), oversubscribed(v[i]) ? " (oversubscribed)" : "",
		       claim_ratio(v[i], one, 0, true), fmt_ratio(bound),
		       fmt_pct(p.med / bound));
	}
	free(v);
	if (!judged) {
		claim_part(c, V_NOT_MEASURED, G_SIDE(one), NULL);
		return;
	}
	claim_part(c, !above ? V_HOLDS : above == judged ? V_FAILS : V_PART,
		   G_SIDE(one),
		   "s = %s ÷ (%s + %s think) = %.2f, so no count of threads passes 1/s = %s; 1 worker %s%s.",
		   fmt_ns((double)w->cs_ns), fmt_ns((double)w->cs_ns),
		   fmt_ns((double)w->think_ns[0]), sf, fmt_ratio(1 / sf),
		   grate(rp, one, 0), ev);
}

/* "A serial fraction s bounds the speed-up by 1/s." */
static void claim_amdahl(struct report *rp, struct strlist *out, int st)
{
	struct claim c;
	int s;

	claim_init(&c, st, "Amdahl's law: a serial fraction s bounds the speed-up by 1/s.",
		   "the spinlock with a critical section and think time outside it at 1 worker and more (the matrix's --cs-ns 1000 --think-ns 4000 sweep)");
	for (s = 0; s < NSIDES; s++) {
		const struct group *one = NULL;
		const struct group **v;
		unsigned int n, i;

		if (!side_ran(rp, st, SIDE(s)))
			continue;
		v = claim_points(rp, st, SIDE(s), "spinlock", &n);
		for (i = 0; i < n && !one; i++)
			if (G_W(v[i])->threads[0] == 1 && G_W(v[i])->cs_ns &&
			    G_W(v[i])->think_ns[0] && !G_W(v[i])->mix)
				one = v[i];
		free(v);
		if (one)
			amdahl_part(rp, &c, st, one);
		else
			claim_part(&c, V_NOT_MEASURED, SIDE(s), NULL);
	}
	claim_done(&c, out);
}

static void lock_claims(struct report *rp, struct strlist *out, int st)
{
	claim_crossover(rp, out, st);
	claim_oversub(rp, out, st);
	claim_amdahl(rp, out, st);
}

static void lock_findings(struct report *rp, struct strlist *out, int st)
{
	find_rwlock(rp, out, st);
	find_crossover(rp, out, st);
}

const struct bench_report bench_report_lock = {
	.findings = lock_findings,
	.plots = (const struct plot_kind * const []){ &crossover, NULL },
	.claims = lock_claims,
};
