// SPDX-License-Identifier: GPL-2.0
/*
 * "What this run shows": findings computed from the figures, never
 * written in advance. Every structure gets who leads at which thread
 * count, how it compares with its peers and the kernel ÷ user-vm ratio;
 * a structure's own findings come from its hooks (tools/report/NAME.c),
 * which may use the shared ones here (a reader-writer lock against the
 * plain locks, what one parameter does to each mode). Production figures
 * only; two figures are even within REPORT_EVEN_PCT, and not told apart
 * when their repeats overlap.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

/**
 * struct race - who leads at each thread count of one workload set
 * @buf:	the finding's clauses so far
 * @counts:	thread counts where two or more modes ran
 * @ties:	of those, where the two best were even
 * @leads:	where one led
 * @sole:	the mode that led last
 * @mixed:	different modes led
 */
struct race {
	char buf[2048];
	unsigned int counts, ties, leads;
	const char *sole;
	bool mixed;
};

/* The clause for @g's thread count: who leads, or who is even. */
static void race_at(struct report *rp, struct race *ra, const struct group **v,
		    unsigned int n, const struct group *g)
{
	const struct group *best, *next;
	unsigned int modes = best_two(v, n, g, &best, &next);
	size_t len = strlen(ra->buf);

	if (modes < 2)
		return;
	ra->counts++;
	if (!compare(best, next, 0)) {
		ra->ties++;
		snprintf(ra->buf + len, sizeof(ra->buf) - len,
			 "%s at %s %s and %s are %s (%s vs %s)",
			 len ? ";" : "", threads_words(g), best->l->mode,
			 next->l->mode, close_medians(best, next, 0) ? "even" :
			 "not told apart: their repeats overlap",
			 grate(rp, best, 0), grate(rp, next, 0));
		return;
	}
	ra->leads++;
	if (ra->sole && strcmp(ra->sole, best->l->mode))
		ra->mixed = true;
	ra->sole = best->l->mode;
	snprintf(ra->buf + len, sizeof(ra->buf) - len,
		 "%s at %s %s leads%s %s (%s vs %s, %s)", len ? ";" : "",
		 threads_words(g), best->l->mode,
		 modes > 2 ? " the next best," : "", next->l->mode,
		 grate(rp, best, 0), grate(rp, next, 0),
		 fmt_ratio(ratio(best->med[0], next->med[0])));
}

/* Whether @v[j] is the first own group of its side and workload. */
static bool first_own(const struct group **v, unsigned int j)
{
	unsigned int k;

	for (k = 0; k < j; k++)
		if (!v[k]->l->peer && !strcmp(G_SIDE(v[k]), G_SIDE(v[j])) &&
		    wl_equal(G_W(v[k]), G_W(v[j]), 0))
			return false;
	return true;
}

/* The mode that wins each thread count, per workload set and side. */
static void find_winners(struct report *rp, struct strlist *out, int st)
{
	const unsigned int tt = IGN(P_T0) | IGN(P_T1);
	unsigned int n, i, j, ndone = 0, vary = varying(rp, st, false);
	const struct group **v = structure_groups(rp, st, &n);
	const struct group **done = xrealloc(NULL, (n + 1) * sizeof(*done));

	for (i = 0; i < n; i++) {
		const struct group *lead = v[i];
		struct race ra = {};
		char *pw;

		if (lead->l->peer || !first_of_set(done, &ndone, lead, tt))
			continue;
		/* each thread count of this set, in order (v is sorted) */
		for (j = 0; j < n; j++)
			if (!v[j]->l->peer && !strcmp(G_SIDE(v[j]), G_SIDE(lead)) &&
			    wl_equal(G_W(v[j]), G_W(lead), tt) && first_own(v, j))
				race_at(rp, &ra, v, n, v[j]);
		if (!ra.counts)
			continue;
		pw = params_words(st, G_W(lead), vary & ~tt);
		if (ra.leads && !ra.ties && !ra.mixed && ra.counts > 1)
			sl_addf(out, "**%s**, %s%s: %s leads at every thread count tested —%s.",
				bench_struct_name(st), G_SIDE(lead), pw, ra.sole,
				ra.buf);
		else
			sl_addf(out, "**%s**, %s%s:%s.", bench_struct_name(st),
				G_SIDE(lead), pw, ra.buf);
		free(pw);
	}
	free(done);
	free(v);
}

/* Whether a reader-writer lock beat the plain locks for readers. */
void find_rwlock(struct report *rp, struct strlist *out, int st)
{
	unsigned int n, i;
	const struct group **v = structure_groups(rp, st, &n);
	int s;

	for (s = 0; s < NSIDES; s++) {
		const struct group *rw = NULL, *plain = NULL;

		for (i = 0; i < n; i++) {
			const struct group *g = v[i], *sp, *mx, *p;

			if (strcmp(G_SIDE(g), SIDE(s)) || strcmp(g->l->mode, "rwlock") ||
			    g->l->peer)
				continue;
			sp = find(rp, g, SIDE(s), "spinlock", 0, g->l->rec.kernel);
			mx = find(rp, g, SIDE(s), "mutex", 0, g->l->rec.kernel);
			p = sp && (!mx || sp->med[0] >= mx->med[0]) ? sp : mx;
			if (!p)
				continue;
			/* prefer read-only, then the most readers */
			if (!rw || (!G_W(g)->threads[1] && !G_W(g)->mix &&
				    (G_W(rw)->threads[1] || G_W(rw)->mix)) ||
			    ((!G_W(g)->threads[1] && !G_W(g)->mix) ==
			     (!G_W(rw)->threads[1] && !G_W(rw)->mix) &&
			     G_W(g)->threads[0] > G_W(rw)->threads[0])) {
				rw = g;
				plain = p;
			}
		}
		if (!rw)
			continue;
		{
			int c = compare(rw, plain, 0);
			char *pw = params_words(st, G_W(rw), varying(rp, st, false) &
						~(IGN(P_T0) | IGN(P_T1)));

			sl_addf(out, "**%s**, %s, %s%s: rwlock %s the best plain lock for readers: rwlock %s vs %s %s (%s).",
				bench_struct_name(st), SIDE(s), threads_words(rw), pw,
				c > 0 ? "beat" : c < 0 ? "lost to" :
				close_medians(rw, plain, 0) ? "was even with" :
				"was not told apart from",
				grate(rp, rw, 0), plain->l->mode,
				grate(rp, plain, 0),
				fmt_ratio(ratio(rw->med[0], plain->med[0])));
			free(pw);
		}
	}
	free(v);
}

/* What one parameter does to each mode: ring batch, order accounts. */
void find_param_effect(struct report *rp, struct strlist *out, int st,
		       unsigned int p)
{
	unsigned int n, i, j, ndone = 0;
	const struct group **v = structure_groups(rp, st, &n);
	const struct group **done = xrealloc(NULL, (n + 1) * sizeof(*done));

	for (i = 0; i < n; i++) {
		const struct group *lead = v[i], *lo = NULL, *hi = NULL;
		char buf[1024] = "";

		if (lead->l->peer)
			continue;
		if (!first_of_set(done, &ndone, lead, IGN(p)))
			continue;
		/* the smallest and largest value of p for this set */
		for (j = 0; j < n; j++) {
			const struct group *g = v[j];

			if (g->l->peer || strcmp(G_SIDE(g), G_SIDE(lead)) ||
			    !wl_equal(G_W(g), G_W(lead), IGN(p)))
				continue;
			if (!lo || param_value(G_W(g), p) < param_value(G_W(lo), p))
				lo = g;
			if (!hi || param_value(G_W(g), p) > param_value(G_W(hi), p))
				hi = g;
		}
		if (!lo || param_value(G_W(lo), p) == param_value(G_W(hi), p))
			continue;
		/* every own mode run at both ends */
		for (j = 0; j < n; j++) {
			const struct group *a = v[j], *b;
			unsigned int k;
			bool dup = false;

			if (a->l->peer || strcmp(G_SIDE(a), G_SIDE(lead)) ||
			    !wl_equal(G_W(a), G_W(lo), 0))
				continue;
			for (k = 0; k < j; k++)
				dup |= !strcmp(v[k]->l->mode, a->l->mode) &&
				       !strcmp(G_SIDE(v[k]), G_SIDE(a)) &&
				       wl_equal(G_W(v[k]), G_W(lo), 0);
			b = find(rp, hi, G_SIDE(a), a->l->mode, 0, a->l->rec.kernel);
			if (dup || !b)
				continue;
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 "%s%s %s → %s (%s)", buf[0] ? "; " : "", a->l->mode,
				 grate(rp, a, 0), grate(rp, b, 0),
				 fmt_ratio(ratio(b->med[0], a->med[0])));
		}
		if (!buf[0])
			continue;
		{
			char *from = xasprintf("%s", param_words(st, G_W(lo), p));
			char *to = xasprintf("%s", param_words(st, G_W(hi), p));

			sl_addf(out, "**%s**, %s, %s, from %s to %s: %s.",
				bench_struct_name(st), G_SIDE(lead),
				threads_words(lead), from, to, buf);
			free(from);
			free(to);
		}
	}
	free(done);
	free(v);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Kernel against userspace on the same CPUs, over every matching pair:
 * kernel ÷ user-vm in the guest, host-kernel ÷ user-host on the host.
 */
static void find_kernel_user(struct report *rp, struct strlist *out, int st,
			     int ks, int us)
{
	const char *where = ks == BENCH_KERNEL ? "in the same VM" : "on the same host";
	unsigned int n, i, m = 0;
	const struct group **v = structure_groups(rp, st, &n);
	const struct group *kmin = NULL, *kmax = NULL, *umin = NULL, *umax = NULL;
	double *r = xrealloc(NULL, (n + 1) * sizeof(*r)), lo = 0, hi = 0;

	for (i = 0; i < n; i++) {
		const struct group *k = v[i], *u;
		double x;

		if (strcmp(G_SIDE(k), SIDE(ks)))
			continue;
		u = find(rp, k, SIDE(us), k->l->mode, 0, k->l->rec.kernel);
		if (!u || u->med[0] <= 0)
			continue;
		x = ratio(k->med[0], u->med[0]);
		r[m++] = x;
		if (!kmin || x < lo) {
			lo = x;
			kmin = k;
			umin = u;
		}
		if (!kmax || x > hi) {
			hi = x;
			kmax = k;
			umax = u;
		}
	}
	if (m == 1) {
		sl_addf(out, "**%s**: the %s side did %s of userspace's rate %s (%s: %s vs %s).",
			bench_struct_name(st), SIDE(ks), fmt_ratio(lo), where,
			point_words(rp, kmin),
			grate(rp, kmin, 0),
			grate(rp, umin, 0));
	} else if (m > 1) {
		qsort(r, m, sizeof(*r), cmp_double);
		sl_addf(out, "**%s**: %s ÷ %s over %u points runs from %s (%s: %s vs %s) to %s (%s: %s vs %s), median %s.",
			bench_struct_name(st), SIDE(ks), SIDE(us), m, fmt_ratio(lo),
			point_words(rp, kmin),
			grate(rp, kmin, 0), grate(rp, umin, 0),
			fmt_ratio(hi), point_words(rp, kmax), grate(rp, kmax, 0),
			grate(rp, umax, 0),
			fmt_ratio(m % 2 ? r[m / 2] : (r[m / 2 - 1] + r[m / 2]) / 2));
	}
	free(r);
	free(v);
}

/*
 * A ring's regime at batch 1 (one record per call), from @g's median
 * repeat: "spinlock 1%/8%", the shares of pushes that found it full and of
 * pops that found it empty (of calls over the whole run, the window's
 * counted up to the warm-up's length). Whether a ring chases its
 * producer while nearly empty or pushes against a full ring can decide its
 * rate more than its code does (README, ring), so a peer's ratio carries
 * both sides' regimes. Empty where it does not apply.
 */
static void ring_regime(const struct group *g, char *buf, size_t size)
{
	const struct synclab_result *r = &g->l->rec.res;
	double sh[ROLES], whole;
	unsigned int k;

	buf[0] = 0;
	if (G_ST(g) != SYNCLAB_BENCH_RING || G_W(g)->batch != 1 ||
	    !r->elapsed_ns)
		return;
	/* failures count the warm-up too, ops only the window: scale ops */
	whole = (double)(r->elapsed_ns + G_W(g)->warmup_ns) /
		(double)r->elapsed_ns;
	for (k = 0; k < ROLES; k++) {
		double calls = (double)r->ops[k] * whole + (double)r->failures[k];

		sh[k] = calls > 0 ? 100.0 * (double)r->failures[k] / calls : 0;
	}
	snprintf(buf, size, "%s %.0f%%/%.0f%%", g->l->mode, sh[0], sh[1]);
}

/* A peer's points listed one by one when there are at most this many. */
#define PEER_EACH	6

/*
 * " at batch 1, rcu 31.6M/s vs 30.6M/s: 0.86× (…); at batch 32, …": each
 * of @m points of a peer (@q) against our mode beside it (@own), named by
 * what differs between them (threads only where they do).
 */
static void peer_each(struct report *rp, char *buf, size_t size,
		      const struct group **q, const struct group **own,
		      unsigned int m)
{
	unsigned int j, p, mask = 0;
	bool threads = false;

	for (j = 1; j < m; j++) {
		for (p = 0; p < NPARAMS; p++)
			if (param_value(G_W(q[j]), p) != param_value(G_W(q[0]), p))
				mask |= IGN(p);
		threads |= memcmp(G_W(q[j])->threads, G_W(q[0])->threads,
				  sizeof(G_W(q[0])->threads)) != 0;
	}
	for (j = 0; j < m; j++) {
		char *pw = params_words(G_ST(q[j]), G_W(q[j]), mask);
		size_t len = strlen(buf);
		char ro[64], rq[64];

		snprintf(buf + len, size - len, "%s at %s%s, %s %s vs %s: %s",
			 j ? ";" : "", threads ? threads_words(q[j]) : "",
			 threads ? pw : pw + 2, mode_text(own[j]->l),
			 grate(rp, own[j], 0), grate(rp, q[j], 0),
			 fmt_pratio(own[j], q[j]));
		free(pw);
		ring_regime(own[j], ro, sizeof(ro));
		ring_regime(q[j], rq, sizeof(rq));
		len = strlen(buf);
		if (*ro && *rq)
			snprintf(buf + len, size - len,
				 ", pushes full/pops empty: %s, %s", ro, rq);
	}
}

/* What a finding says of a line that ran over another flavor than memb. */
static const char *flavor_words(const struct bench_line *l)
{
	const char *fl = other_flavor(l);

	if (!fl[0])
		return "";
	if (!strcmp(fl, "qsbr"))
		return ", both in the qsbr build (synclab-qsbr: no read-side section per lookup, quiescent states between chunks, as DPDK readers report theirs)";
	return ", both over liburcu's other flavor";
}

/* Each peer against the mode it stands beside (over the same flavor). */
static void find_peers(struct report *rp, struct strlist *out, int st)
{
	unsigned int n, i, j, k;
	const struct group **v = structure_groups(rp, st, &n);

	for (i = 0; i < n; i++) {
		const struct group *pg = v[i], *at = NULL, *own_at = NULL;
		const struct group *qs[PEER_EACH], *owns[PEER_EACH];
		double lo = 0, hi = 0;
		unsigned int m = 0;
		bool seen = false;

		if (!pg->l->peer)
			continue;
		/* one finding per peer variant and side */
		for (j = 0; j < i && !seen; j++)
			seen = v[j]->l->peer && !strcmp(v[j]->l->mode, pg->l->mode) &&
			       same_variant(v[j]->l, pg->l) &&
			       !strcmp(G_SIDE(v[j]), G_SIDE(pg));
		if (seen)
			continue;
		for (j = i; j < n; j++) {
			const struct group *q = v[j], *own = NULL;

			if (!q->l->peer || strcmp(q->l->mode, pg->l->mode) ||
			    !same_variant(q->l, pg->l) || strcmp(G_SIDE(q), G_SIDE(pg)))
				continue;
			for (k = 0; k < n; k++)
				if (stands_beside(q, v[k]) &&
				    (!own || v[k]->med[0] > own->med[0]))
					own = v[k];
			if (!own || q->med[0] <= 0)
				continue;
			if (!m || ratio(own->med[0], q->med[0]) < lo)
				lo = ratio(own->med[0], q->med[0]);
			if (!m || ratio(own->med[0], q->med[0]) > hi)
				hi = ratio(own->med[0], q->med[0]);
			if (m < PEER_EACH) {
				qs[m] = q;
				owns[m] = own;
			}
			m++;
			if (!at || G_W(q)->threads[0] + G_W(q)->threads[1] >=
			    G_W(at)->threads[0] + G_W(at)->threads[1]) {
				at = q;
				own_at = own;
			}
		}
		if (!at) {
			sl_addf(out, "**%s**, %s: %s ran (%s at %s) but no own mode ran the same workload beside it.",
				bench_struct_name(st), G_SIDE(pg), peer_words(pg->l),
				grate(rp, pg, 0), threads_words(pg));
			continue;
		}
		{
			char mem[160] = "", range[2048] = "";

			if (at->l->bytes_per_prefix >= 0 &&
			    own_at->l->bytes_per_prefix >= 0)
				snprintf(mem, sizeof(mem), "; memory: %.1f bytes per prefix for %s, %.1f for %s",
					 own_at->l->bytes_per_prefix, own_at->l->mode,
					 at->l->bytes_per_prefix, at->l->mode);
			else if (at->l->bytes_per_prefix >= 0 ||
				 own_at->l->bytes_per_prefix >= 0)
				snprintf(mem, sizeof(mem), "; memory: %.1f bytes per prefix for %s",
					 at->l->bytes_per_prefix >= 0 ?
					 at->l->bytes_per_prefix :
					 own_at->l->bytes_per_prefix,
					 at->l->bytes_per_prefix >= 0 ? at->l->mode :
					 own_at->l->mode);
			if (m > 1 && m <= PEER_EACH) {
				peer_each(rp, range, sizeof(range), qs, owns, m);
				sl_addf(out, "**%s**, %s: %s against ours%s —%s%s.",
					bench_struct_name(st), G_SIDE(at),
					peer_words(at->l), flavor_words(at->l),
					range, mem);
				continue;
			}
			if (m > 1)
				snprintf(range, sizeof(range), "; over %u points ours runs at %s to %s of it",
					 m, fmt_ratio(lo), fmt_ratio(hi));
			sl_addf(out, "**%s**, %s, %s: %s %s vs our %s %s%s: ours at %s%s%s.",
				bench_struct_name(st), G_SIDE(at), threads_words(at),
				peer_words(at->l), grate(rp, at, 0),
				mode_text(own_at->l), grate(rp, own_at, 0),
				flavor_words(at->l),
				fmt_pratio(own_at, at), range, mem);
		}
	}
	free(v);
}

/* Starvation over every production point with two threads in a role. */
static void find_starvation(struct report *rp, struct strlist *out)
{
	const struct group *worst = NULL;
	unsigned int i, r, wr = 0, multi = 0, starved = 0;
	double wratio = 0;

	for (i = 0; i < rp->ngroups; i++) {
		const struct group *g = &rp->groups[i];
		const struct synclab_result *res = &g->l->rec.res;
		bool m = false;

		if (!production(g))
			continue;
		for (r = 0; r < ROLES; r++) {
			double x;

			if (G_W(g)->threads[r] < 2)
				continue;
			m = true;
			x = res->thread_ops_min[r] ?
			    ratio((double)res->thread_ops_max[r],
				  (double)res->thread_ops_min[r]) : 1e300;
			if (!worst || x > wratio) {
				worst = g;
				wratio = x;
				wr = r;
			}
		}
		multi += m;
		starved += !!g->starved;
	}
	if (!multi)
		return;
	{
		const struct synclab_result *res = &worst->l->rec.res;
		char *pw = params_words(G_ST(worst), G_W(worst),
					varying(rp, G_ST(worst), false) &
					~(IGN(P_T0) | IGN(P_T1)));

		sl_addf(out, "Starvation (a thread doing more than twice another of its role) in %u of %u points with two threads in a role; the most uneven: %s %s, %s, %s%s: %s vs %s %s operations per thread (%s).",
			starved, multi, bench_struct_name(G_ST(worst)),
			worst->l->mode, G_SIDE(worst), threads_words(worst), pw,
			fmt_num((double)res->thread_ops_min[wr]),
			fmt_num((double)res->thread_ops_max[wr]),
			role_name(G_ST(worst), wr),
			res->thread_ops_min[wr] ? fmt_ratio(wratio) : "∞");
		free(pw);
	}
}

static void find_flags(struct report *rp, struct strlist *out)
{
	unsigned int i, k, runs = 0, flagged = 0, count[FL_N] = {};
	char buf[512] = "";

	for (i = 0; i < rp->nlines; i++) {
		unsigned int m = line_flags(&rp->lines[i]);

		runs++;
		flagged += !!(m & FL_DOUBT);
		for (k = 0; k < FL_N; k++)
			count[k] += !!(m & (1U << k));
	}
	for (k = 0; k < FL_N; k++)
		if (count[k] && k != FL_OVERSUB)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 "%s%u %s %s", buf[0] ? ", " : "", count[k],
				 flag_info[k].mark, flag_info[k].name ?
				 flag_info[k].name : "other");
	if (flagged)
		sl_addf(out, "%u of %u runs were flagged (%s): their figures carry the mark in every table; read them as doubtful.%s",
			flagged, runs, buf, count[FL_INVARIANT] ?
			" **Some runs broke their structure's invariant: see the warning at the top.**" : "");
	else
		sl_addf(out, "None of the %u runs was flagged: no slow round trip, no disturbed host, no interruption, every invariant held.",
			runs);
	if (count[FL_OVERSUB])
		sl_addf(out, "%u run%s had more threads than CPUs (° oversubscribed): their threads took turns on the CPUs.",
			count[FL_OVERSUB], count[FL_OVERSUB] == 1 ? "" : "s");
}

/**
 * findings() - "What this run shows", every finding in order
 * @rp:		the report
 * @out:	the findings, one item each
 *
 * Per structure (baselines aside): who leads at which thread count, the
 * structure's own findings (its hooks), its peers; then kernel against
 * user-vm for every structure, starvation, flagged runs, debug lines.
 */
void findings(struct report *rp, struct strlist *out)
{
	const struct bench_desc *d;
	unsigned int i, debug = 0;
	int st;

	for (st = 0; (d = bench_desc(st)); st++) {
		if (d->report->baseline)
			continue;
		find_winners(rp, out, st);
		if (d->report->findings)
			d->report->findings(rp, out, st);
		find_peers(rp, out, st);
	}
	for (st = 0; bench_desc(st); st++) {
		find_kernel_user(rp, out, st, BENCH_KERNEL, BENCH_USER_VM);
		find_kernel_user(rp, out, st, BENCH_HOST_KERNEL, BENCH_USER_HOST);
	}
	find_starvation(rp, out);
	find_flags(rp, out);
	for (i = 0; i < rp->nlines; i++)
		debug += rp->lines[i].ndebug > 0;
	if (debug)
		sl_addf(out, "%u line%s from debug or sanitizer builds %s kept apart (\"Debug and sanitizer builds\") and take%s part in no comparison above.",
			debug, debug == 1 ? "" : "s", debug == 1 ? "is" : "are",
			debug == 1 ? "s" : "");
}
