// SPDX-License-Identifier: GPL-2.0
/*
 * Grouping and statistics: the repeats of one point (same structure,
 * mode, side, workload, kernel and machine) become one group with the
 * min, median and max of each role's ops/s; which groups are production
 * figures, which parameters vary, which group stands for a workload on a
 * side, whether two figures differ (more than REPORT_EVEN_PCT, ranges
 * apart), and the order tables list groups in.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* ---- flags ------------------------------------------------------------------ */

const struct flag_info flag_info[FL_N] = {
	[FL_INVARIANT] = { "invariant_broken", "‼",
		"the structure's own check failed: its figures are void" },
	[FL_INTERRUPTED] = { "interrupted", "§",
		"a signal ended the run early: a partial result" },
	[FL_RTT_SLOW] = { "rtt_slow", "†",
		"the cross-CPU round trip was in its slow mode (the host moved vCPUs)" },
	[FL_DISTURBED] = { "disturbed", "‡",
		"other processes used more than 20% of a host CPU during the run" },
	[FL_OVERSUB] = { "oversubscribed", "°",
		"more threads than CPUs" },
	[FL_OTHER] = { NULL, "¶",
		"another flag, named under \"Flagged runs\"" },
};

/* The FL_* bits of a line's flags. */
unsigned int line_flags(const struct bench_line *l)
{
	unsigned int i, k, m = 0;

	for (i = 0; i < l->nflags; i++) {
		for (k = 0; k < FL_OTHER; k++)
			if (!strcmp(l->flags[i], flag_info[k].name))
				break;
		m |= 1U << k;
	}
	return m;
}

/* ---- points: the repeats of one workload on one side -------------------------- */

/*
 * The seed counts only where a run draws from the engine's generator: route
 * and order pick their keys with it, and any structure with a mix draws
 * which operations are role 1. Elsewhere (a ring or lock run without a mix,
 * or refscale's lines, which carry seed 0) two seeds are the same workload.
 */
static bool seed_counts(const struct synclab_workload *w)
{
	const struct bench_desc *d = bench_desc(w->structure);

	return (d && d->seed_counts) || w->mix;
}

__u64 param_value(const struct synclab_workload *w, unsigned int p)
{
	switch (p) {
	case P_MIX:
		return w->mix;
	case P_KEYS:
		return w->keys;
	case P_HOT:
		return (__u64)w->hot << 32 | w->hot_keys;
	case P_BATCH:
		return w->batch;
	case P_PREFILL:
		return w->prefill;
	case P_CS:
		return w->cs_ns;
	case P_THINK0:
		return w->think_ns[0];
	case P_THINK1:
		return w->think_ns[1];
	case P_PARAM0 ... P_PARAM_LAST:
		return w->param[p - P_PARAM0];
	case P_SEED:
		return seed_counts(w) ? w->seed : 0;
	case P_NOPIN:
		return w->flags & SYNCLAB_WL_NOPIN;
	case P_T0:
		return w->threads[0];
	case P_T1:
		return w->threads[1];
	}
	return 0;
}

/*
 * Same workload but for the parameters in @ignore (warm-up, duration and
 * sampling never count).
 */
bool wl_equal(const struct synclab_workload *a,
	      const struct synclab_workload *b, unsigned int ignore)
{
	unsigned int p;

	if (a->structure != b->structure)
		return false;
	for (p = 0; p < NKEYS; p++)
		if (!(ignore & IGN(p)) && param_value(a, p) != param_value(b, p))
			return false;
	return true;
}



/*
 * Whether @lead opens a set of groups not met yet: no group in @done has
 * its side and its workload but for the parameters in @ignore. A new one
 * joins @done (room for every group of the walk).
 */
bool first_of_set(const struct group **done, unsigned int *ndone,
		  const struct group *lead, unsigned int ignore)
{
	unsigned int j;

	for (j = 0; j < *ndone; j++)
		if (!strcmp(G_SIDE(done[j]), G_SIDE(lead)) &&
		    wl_equal(G_W(done[j]), G_W(lead), ignore))
			return false;
	done[(*ndone)++] = lead;
	return true;
}


bool same_names(const char * const *a, unsigned int na,
		const char * const *b, unsigned int nb)
{
	unsigned int i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (strcmp(a[i], b[i]))
			return false;
	return true;
}

/*
 * A line's liburcu flavor when it is not the default: "" for memb and for
 * lines that name none (the kernel side's), else the flavor ("qsbr").
 */
const char *other_flavor(const struct bench_line *l)
{
	const char *fl = l->rec.rcu_flavor;

	return strcmp(fl, "memb") ? fl : "";
}

/* Ran over the same liburcu flavor: memb (the default) or none alike. */
bool same_flavor(const struct bench_line *a, const struct bench_line *b)
{
	return !strcmp(other_flavor(a), other_flavor(b));
}

/* Everything but the rcu flavour's default name and the mode. */
bool same_variant(const struct bench_line *a, const struct bench_line *b)
{
	return a->peer == b->peer && !strcmp(a->rec.label, b->rec.label) &&
	       same_flavor(a, b);
}

static bool same_point(const struct bench_line *a, const struct bench_line *b)
{
	return wl_equal(&a->rec.w, &b->rec.w, 0) && !strcmp(a->mode, b->mode) &&
	       same_variant(a, b) && !strcmp(a->rec.side, b->rec.side) &&
	       !strcmp(a->rec.kernel, b->rec.kernel) &&
	       !strcmp(a->rec.machine, b->rec.machine) &&
	       !strcmp(a->rec.rcu_flavor, b->rec.rcu_flavor) &&
	       !strcmp(a->rec.accel, b->rec.accel) &&
	       same_names(a->debug, a->ndebug, b->debug, b->ndebug);
}

static int role_of_sort;

static int cmp_run(const void *a, const void *b)
{
	const struct bench_line *x = *(const struct bench_line * const *)a;
	const struct bench_line *y = *(const struct bench_line * const *)b;
	__u64 u = x->ops_per_sec[role_of_sort], v = y->ops_per_sec[role_of_sort];

	return u < v ? -1 : u > v;
}

/* Median, range and flags of a group whose runs are all in. */
static void group_finish(struct group *g)
{
	unsigned int r, i, k;

	for (r = 0; r < ROLES; r++) {
		role_of_sort = (int)r;
		qsort(g->run, g->n, sizeof(*g->run), cmp_run);
		g->lo[r] = (double)g->run[0]->ops_per_sec[r];
		g->hi[r] = (double)g->run[g->n - 1]->ops_per_sec[r];
		g->med[r] = g->n % 2 ? (double)g->run[g->n / 2]->ops_per_sec[r] :
			    ((double)g->run[g->n / 2 - 1]->ops_per_sec[r] +
			     (double)g->run[g->n / 2]->ops_per_sec[r]) / 2;
	}
	role_of_sort = 0;
	qsort(g->run, g->n, sizeof(*g->run), cmp_run);
	g->l = g->run[(g->n - 1) / 2];
	g->debug = g->l->ndebug > 0;
	for (i = 0; i < g->n; i++) {
		const struct bench_line *l = g->run[i];
		unsigned int m = line_flags(l);
		bool starved = false;

		g->flags |= m;
		for (k = 0; k < FL_N; k++)
			g->nflag[k] += !!(m & (1U << k));
		for (r = 0; r < ROLES; r++)
			if (l->rec.w.threads[r] > 1 &&
			    l->rec.res.thread_ops_max[r] >
			    2 * l->rec.res.thread_ops_min[r])
				starved = true;
		g->starved += starved;
	}
}

void report_group(struct report *rp)
{
	unsigned int i, j;

	for (i = 0; i < rp->nlines; i++) {
		struct bench_line *l = &rp->lines[i];
		struct group *g = NULL;

		for (j = 0; j < rp->ngroups && !g; j++)
			if (same_point(rp->groups[j].run[0], l))
				g = &rp->groups[j];
		if (!g) {
			rp->groups = xrealloc(rp->groups, (rp->ngroups + 1) *
					      sizeof(*rp->groups));
			g = &rp->groups[rp->ngroups++];
			memset(g, 0, sizeof(*g));
			g->first = rp->lineno[i];
		}
		g->run = xrealloc(g->run, (g->n + 1) * sizeof(*g->run));
		g->run[g->n++] = l;
	}
	for (j = 0; j < rp->ngroups; j++)
		group_finish(&rp->groups[j]);
}


/* ---- selections ---------------------------------------------------------------- */

bool production(const struct group *g)
{
	return !g->debug;
}

/* Parameters that take more than one value over @st's groups. */
unsigned int varying(const struct report *rp, int st, bool debug)
{
	const struct group *first = NULL;
	unsigned int i, p, mask = 0;

	for (i = 0; i < rp->ngroups; i++) {
		const struct group *g = &rp->groups[i];

		if ((st >= 0 && G_ST(g) != st) || g->debug != debug)
			continue;
		if (!first) {
			first = g;
			continue;
		}
		if (G_ST(g) != G_ST(first))
			continue;
		for (p = 0; p < NPARAMS; p++)
			if (param_value(G_W(g), p) != param_value(G_W(first), p))
				mask |= IGN(p);
	}
	return mask;
}

/*
 * The production group on @side running @mode with @like's workload but
 * for @ignore, and @like's variant; @kernel (NULL: any) must match.
 */
const struct group *find(const struct report *rp, const struct group *like,
			 const char *side, const char *mode,
			 unsigned int ignore, const char *kernel)
{
	unsigned int i;

	for (i = 0; i < rp->ngroups; i++) {
		const struct group *g = &rp->groups[i];

		if (!production(g) || strcmp(G_SIDE(g), side) ||
		    strcmp(g->l->mode, mode) || !same_variant(g->l, like->l) ||
		    !wl_equal(G_W(g), G_W(like), ignore) ||
		    (kernel && strcmp(g->l->rec.kernel, kernel)))
			continue;
		return g;
	}
	return NULL;
}

/* Whether @x and @y are within REPORT_EVEN_PCT of each other. */
static bool close_to(double x, double y)
{
	return x * 100 <= y * (100 + REPORT_EVEN_PCT) &&
	       y * 100 <= x * (100 + REPORT_EVEN_PCT);
}

/* +1: @a ahead, -1: @b ahead, 0: even (within 5% or overlapping repeats). */
int compare(const struct group *a, const struct group *b, unsigned int r)
{
	double x = a->med[r], y = b->med[r];

	if (a->n > 1 && b->n > 1 && a->lo[r] <= b->hi[r] && b->lo[r] <= a->hi[r])
		return 0;
	if (close_to(x, y))
		return 0;
	return x > y ? 1 : -1;
}

/*
 * Of two groups compare() calls even: whether their medians are within
 * REPORT_EVEN_PCT (false: farther apart, but their repeats overlap).
 */
bool close_medians(const struct group *a, const struct group *b,
		   unsigned int r)
{
	return close_to(a->med[r], b->med[r]);
}

/* The mark after a lead's ratio: "", " (even)" or " (overlap)". */
const char *tie_mark(const struct group *a, const struct group *b,
		     unsigned int r)
{
	if (compare(a, b, r))
		return "";
	return close_medians(a, b, r) ? " (even)" : " (overlap)";
}

double ratio(double a, double b)
{
	return b > 0 ? a / b : 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/**
 * paired_ratio_where() - paired_ratio() over some of @a's runs
 * @a, @b, @p:	as paired_ratio()
 * @mask:	FL_* bits of @a's runs to look at (0: every run counts)
 * @set:	take the runs with one of @mask's flags, or those with none
 *
 * Return: how many pairs; fewer than 2 leaves @p the ratio of the medians.
 */
unsigned int paired_ratio_where(const struct group *a, const struct group *b,
				unsigned int mask, bool set, struct pratio *p)
{
	double r[64];
	unsigned int i, j, n = 0;

	p->med = p->lo = p->hi = ratio(a->med[0], b->med[0]);
	for (i = 0; i < a->n && n < ARRAY_LEN(r); i++) {
		if (mask && !!(line_flags(a->run[i]) & mask) != set)
			continue;
		for (j = 0; j < b->n; j++)
			if (a->run[i]->rec.repeat == b->run[j]->rec.repeat &&
			    b->run[j]->ops_per_sec[0]) {
				r[n++] = ratio(a->run[i]->ops_per_sec[0],
					       b->run[j]->ops_per_sec[0]);
				break;
			}
	}
	if (n < 2)
		return n;
	qsort(r, n, sizeof(r[0]), cmp_double);
	p->lo = r[0];
	p->hi = r[n - 1];
	p->med = n % 2 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
	return n;
}

/**
 * paired_ratio() - @a ÷ @b, role 0, run by run
 * @a:		a point
 * @b:		the point it is compared with, run in the same rounds
 * @p:		filled: the median of the paired ratios, their range
 *
 * The matrix interleaves the points of one line (A B A B), so repeat r
 * of @a ran next to repeat r of @b: their ratio is one measurement, and
 * the spread of those is the honest spread of the ratio. Runs without a
 * partner are left out.
 *
 * Return: how many pairs; fewer than 2 leaves @p the ratio of the medians.
 */
unsigned int paired_ratio(const struct group *a, const struct group *b,
			  struct pratio *p)
{
	return paired_ratio_where(a, b, 0, false, p);
}

/* "1.12× (1.05–1.20×, 3 paired runs)", or the bare ratio. */
const char *fmt_pratio(const struct group *a, const struct group *b)
{
	static char buf[4][96];
	static unsigned int k;
	struct pratio p;
	unsigned int n = paired_ratio(a, b, &p);
	char *s = buf[k++ % 4];

	if (n < 2) {
		snprintf(s, sizeof(buf[0]), "%s", fmt_ratio(p.med));
		return s;
	}
	snprintf(s, sizeof(buf[0]), "%s (", fmt_ratio(p.med));
	snprintf(s + strlen(s), sizeof(buf[0]) - strlen(s), "%s–",
		 fmt_ratio(p.lo));
	snprintf(s + strlen(s), sizeof(buf[0]) - strlen(s), "%s, %u paired runs)",
		 fmt_ratio(p.hi), n);
	return s;
}


bool pick_structure(const struct group *g, const void *arg)
{
	return production(g) && G_ST(g) == *(const int *)arg;
}

bool pick_debug(const struct group *g, const void *arg)
{
	(void)arg;
	return g->debug;
}

bool pick_production(const struct group *g, const void *arg)
{
	(void)arg;
	return production(g);
}

bool pick_all(const struct group *g, const void *arg)
{
	(void)arg;
	(void)g;
	return true;
}


/* The best and next best own mode of @g's side and workload; how many. */
unsigned int best_two(const struct group **v, unsigned int n,
		      const struct group *g, const struct group **best,
		      const struct group **next)
{
	unsigned int k, modes = 0;

	*best = *next = NULL;
	for (k = 0; k < n; k++) {
		const struct group *o = v[k];

		if (o->l->peer || strcmp(G_SIDE(o), G_SIDE(g)) ||
		    !wl_equal(G_W(o), G_W(g), 0))
			continue;
		modes++;
		if (!*best || o->med[0] > (*best)->med[0]) {
			*next = *best;
			*best = o;
		} else if (!*next || o->med[0] > (*next)->med[0]) {
			*next = o;
		}
	}
	return modes;
}

/* ---- ordering ----------------------------------------------------------------- */

static int mode_rank(const struct bench_line *l)
{
	int m = bench_mode_lookup(l->rec.w.structure, l->mode);

	return (l->peer ? 100 : 0) + (m < 0 ? 50 : m);
}

/* By parameters, threads, own modes before peers, side. */
static int cmp_group(const void *a, const void *b)
{
	const struct group *x = *(const struct group * const *)a;
	const struct group *y = *(const struct group * const *)b;
	unsigned int p;
	int c;

	if (G_ST(x) != G_ST(y))
		return G_ST(x) - G_ST(y);
	for (p = 0; p < NPARAMS; p++) {
		__u64 u = param_value(G_W(x), p), v = param_value(G_W(y), p);

		if (u != v)
			return u < v ? -1 : 1;
	}
	for (p = P_T0; p <= P_T1; p++) {
		__u64 u = param_value(G_W(x), p), v = param_value(G_W(y), p);

		if (u != v)
			return u < v ? -1 : 1;
	}
	c = mode_rank(x->l) - mode_rank(y->l);
	if (!c)
		c = strcmp(mode_text(x->l), mode_text(y->l));
	if (!c)
		c = side_index(G_SIDE(x)) - side_index(G_SIDE(y));
	return c ? c : x->first - y->first;
}

/* The groups @pick accepts, in table order; free the array. */
const struct group **select_groups(const struct report *rp, pick_fn pick,
				   const void *arg, unsigned int *n)
{
	const struct group **v = xrealloc(NULL, (rp->ngroups + 1) * sizeof(*v));
	unsigned int i;

	*n = 0;
	for (i = 0; i < rp->ngroups; i++)
		if (pick(&rp->groups[i], arg))
			v[(*n)++] = &rp->groups[i];
	qsort(v, *n, sizeof(*v), cmp_group);
	return v;
}

/* The production groups of structure @st, in table order; free the array. */
const struct group **structure_groups(const struct report *rp, int st,
				      unsigned int *n)
{
	return select_groups(rp, pick_structure, &st, n);
}
