// SPDX-License-Identifier: GPL-2.0
/*
 * A structure's section of the report: throughput (one row per workload
 * and mode, one column per side, kernel ÷ user-vm and the peers beside
 * their counterparts), fairness (the idlest and busiest thread of a role)
 * and latency percentiles, then its figures (plot.c).
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* ---- throughput: one row per workload and mode, one column per side ---------- */

struct row {
	const struct group *cell[NSIDES];
	const struct group *any;
};

static struct row *pivot(const struct group **v, unsigned int n, unsigned int *nrows)
{
	struct row *rows = xrealloc(NULL, (n + 1) * sizeof(*rows));
	unsigned int i, j;

	*nrows = 0;
	for (i = 0; i < n; i++) {
		const struct group *g = v[i];
		int s = side_index(G_SIDE(g));
		struct row *r = NULL;

		for (j = 0; j < *nrows && !r; j++) {
			const struct group *a = rows[j].any;

			if (!rows[j].cell[s] && wl_equal(G_W(a), G_W(g), 0) &&
			    !strcmp(a->l->mode, g->l->mode) &&
			    same_variant(a->l, g->l))
				r = &rows[j];
		}
		if (!r) {
			r = &rows[(*nrows)++];
			memset(r, 0, sizeof(*r));
			r->any = g;
		}
		r->cell[s] = g;
	}
	return rows;
}

/* Own mode a peer stands beside; "" for the same name, NULL for any. */
static const char *counterpart(const struct bench_line *peer)
{
	const struct bench_peer *p = bench_peer_named(peer->rec.w.structure,
						      peer->mode);

	if (p)
		return p->beside;
	if (bench_mode_lookup(peer->rec.w.structure, peer->mode) >= 0 &&
	    !bench_is_peer(peer->rec.w.structure,
			   bench_mode_lookup(peer->rec.w.structure, peer->mode)))
		return peer->mode;
	return NULL;
}

bool stands_beside(const struct group *peer, const struct group *own)
{
	const char *c = counterpart(peer->l);

	return peer->l->peer && !own->l->peer && G_ST(peer) == G_ST(own) &&
	       !strcmp(G_SIDE(peer), G_SIDE(own)) && same_flavor(peer->l, own->l) &&
	       wl_equal(G_W(peer), G_W(own), 0) &&
	       (!c || !strcmp(c, own->l->mode));
}

/* "12.3M/s (11.9M–12.8M) ‡ + 1.02M/s": each role's median, range, marks. */
char *rate_cell(struct report *rp, const struct group *g, bool bold)
{
	char buf[256] = "";
	unsigned int r;

	for (r = 0; r < ROLES; r++) {
		if (!G_W(g)->threads[r])
			continue;
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s%s%s",
			 buf[0] ? " + " : "", bold ? "**" : "",
			 fmt_rate(g->med[r]), bold ? "**" : "");
		if (g->n > 1)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 " (%s–%s)", fmt_num(g->lo[r]), fmt_num(g->hi[r]));
		bold = false;
	}
	return xasprintf("%s%s", buf, marks(rp, g));
}

/*
 * Whether @g is the fastest own mode of its side at its workload (and
 * there are at least two).
 */
static bool is_winner(const struct group **v, unsigned int n, const struct group *g)
{
	unsigned int i, rivals = 0;

	if (g->l->peer)
		return false;
	for (i = 0; i < n; i++) {
		const struct group *o = v[i];

		if (o == g || o->l->peer || strcmp(G_SIDE(o), G_SIDE(g)) ||
		    !wl_equal(G_W(o), G_W(g), 0))
			continue;
		rivals++;
		if (o->med[0] > g->med[0])
			return false;
	}
	return rivals > 0;
}

/**
 * struct tput - a throughput table being written
 * @rp:		the report
 * @st:		its structure
 * @v:		its groups, in table order
 * @n:		how many
 * @vary:	the parameters that vary: a column each
 * @has:	the sides that have groups: a column each
 * @peers:	a peer ran: the "vs peer" column
 * @ratio_col:	kernel and user-vm both ran: their ratio's column
 */
struct tput {
	struct report *rp;
	int st;
	const struct group **v;
	unsigned int n;
	unsigned int vary;
	bool has[NSIDES];
	bool peers;
	bool ratio_col;
};

/* The header row, and which columns hold figures. */
static void tput_head(const struct tput *tp, struct table *t)
{
	unsigned int p, c = 0, i;
	int s;

	for (p = 0; p < NPARAMS; p++)
		c += !!(tp->vary & IGN(p));
	tab_init(t, c + 2 + tp->has[0] + tp->has[1] + tp->has[2] +
		 tp->ratio_col + tp->peers);
	for (p = 0; p < NPARAMS; p++)
		if (tp->vary & IGN(p))
			tab_add(t, "%s", param_head(tp->st, p));
	tab_add(t, "%s", threads_head(tp->st));
	tab_add(t, "mode");
	for (s = 0; s < NSIDES; s++) {
		if (tp->has[s])
			tab_add(t, "%s", SIDE(s));
		if (s == BENCH_USER_VM && tp->ratio_col)
			tab_add(t, "kernel ÷ user-vm");
	}
	if (tp->peers)
		tab_add(t, "vs peer (own ÷ peer)");
	t->right[c] = 'r';
	for (i = c + 2; i < t->ncols; i++)
		t->right[i] = 'r';
}

/* A row's cell for each side, and kernel ÷ user-vm after user-vm's. */
static void tput_sides(const struct tput *tp, struct table *t,
		       const struct row *r)
{
	int s;

	for (s = 0; s < NSIDES; s++) {
		if (tp->has[s] && r->cell[s]) {
			char *cell = rate_cell(tp->rp, r->cell[s],
					       is_winner(tp->v, tp->n, r->cell[s]));

			tab_add(t, "%s", cell);
			free(cell);
		} else if (tp->has[s]) {
			tab_add(t, "—");
		}
		if (s == BENCH_USER_VM && tp->ratio_col) {
			const struct group *k = r->cell[BENCH_KERNEL];
			const struct group *u = r->cell[BENCH_USER_VM];

			if (k && u && !strcmp(k->l->rec.kernel, u->l->rec.kernel) &&
			    u->med[0] > 0)
				tab_add(t, "%s", fmt_ratio(ratio(k->med[0], u->med[0])));
			else
				tab_add(t, "—");
		}
	}
}

/* A row's "vs peer" cell: each peer beside one of its groups. */
static void tput_peers(const struct tput *tp, struct table *t,
		       const struct row *r)
{
	char buf[512] = "";
	unsigned int j;
	int s;

	for (j = 0; j < tp->n; j++) {
		const struct group *pg = tp->v[j];

		for (s = 0; s < NSIDES; s++) {
			const struct group *own = r->cell[s];

			if (!own || !stands_beside(pg, own) || pg->med[0] <= 0)
				continue;
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 "%s%s %s %s: %s", buf[0] ? "; " : "",
				 mode_text(pg->l), SIDE(s), fmt_rate(pg->med[0]),
				 fmt_pratio(own, pg));
		}
	}
	tab_add(t, "%s", buf[0] ? buf : "—");
}

static void throughput_table(struct report *rp, FILE *f, int st,
			     const struct group **v, unsigned int n)
{
	struct tput tp = { .rp = rp, .st = st, .v = v, .n = n,
			   .vary = varying(rp, st, false) };
	unsigned int nrows, i, p;
	struct row *rows = pivot(v, n, &nrows);
	struct table t;

	for (i = 0; i < n; i++) {
		tp.has[side_index(G_SIDE(v[i]))] = true;
		tp.peers |= v[i]->l->peer;
	}
	tp.ratio_col = tp.has[BENCH_KERNEL] && tp.has[BENCH_USER_VM];
	tput_head(&tp, &t);
	for (i = 0; i < nrows; i++) {
		for (p = 0; p < NPARAMS; p++)
			if (tp.vary & IGN(p))
				tab_add(&t, "%s", param_cell(G_W(rows[i].any), p));
		tab_add(&t, "%s", threads_cell(rows[i].any));
		tab_add(&t, "%s", mode_text(rows[i].any->l));
		tput_sides(&tp, &t, &rows[i]);
		if (tp.peers)
			tput_peers(&tp, &t, &rows[i]);
	}
	fprintf(f, "Cells: %s ops/s%s%s%s, the median over repeats with the range in parentheses when a point ran more than once; **bold**: the fastest mode of a side at that workload.%s%s\n\n",
		role_name(st, 0), two_roles(st) ? " + " : "",
		two_roles(st) ? role_name(st, 1) : "",
		two_roles(st) ? " ops/s (when it has threads)" : "",
		tp.ratio_col ? " *kernel ÷ user-vm* compares the same workload in the same VM (first role)." : "",
		tp.peers ? " *vs peer*: this mode's rate divided by the reference implementation's on the same side and workload, the median of the ratios of runs made side by side, with their range." : "");
	tab_print(&t, f);
	legend(rp, f);
	tab_free(&t);
	free(rows);
}

/* ---- fairness and latency -------------------------------------------------------- */

/*
 * A table of points, one row each: its head's first columns (the varying
 * parameters, threads, mode, side) and room for @more; returns the index
 * of the first of those.
 */
static unsigned int point_head(struct table *t, int st, unsigned int vary,
			       unsigned int more)
{
	unsigned int p, c = 0;

	for (p = 0; p < NPARAMS; p++)
		c += !!(vary & IGN(p));
	tab_init(t, c + 3 + more);
	for (p = 0; p < NPARAMS; p++)
		if (vary & IGN(p))
			tab_add(t, "%s", param_head(st, p));
	tab_add(t, "%s", threads_head(st));
	tab_add(t, "mode");
	tab_add(t, "side");
	return c + 3;
}

/* A row's first cells, under point_head()'s columns. */
static void point_cells(struct report *rp, struct table *t,
			const struct group *g, unsigned int vary)
{
	unsigned int p;

	for (p = 0; p < NPARAMS; p++)
		if (vary & IGN(p))
			tab_add(t, "%s", param_cell(G_W(g), p));
	tab_add(t, "%s", threads_cell(g));
	tab_add(t, "%s", mode_text(g->l));
	tab_add(t, "%s%s", G_SIDE(g), marks(rp, g));
}

static void fairness_table(struct report *rp, FILE *f, int st,
			   const struct group **v, unsigned int n)
{
	unsigned int vary = varying(rp, st, false), i, r, c, starved = 0;
	unsigned int nroles = two_roles(st) ? 2 : 1;
	struct table t;

	c = point_head(&t, st, vary, nroles + 1);
	for (r = 0; r < nroles; r++) {
		tab_add(&t, "%s ops per thread, min–max", role_name(st, r));
		t.right[c + r] = 'r';
	}
	tab_add(&t, "starvation (max > 2× min)");
	for (i = 0; i < n; i++) {
		const struct group *g = v[i];
		const struct synclab_result *res = &g->l->rec.res;
		bool multi = false;

		for (r = 0; r < ROLES; r++)
			multi |= G_W(g)->threads[r] > 1;
		if (!multi)
			continue;
		point_cells(rp, &t, g, vary);
		for (r = 0; r < nroles; r++) {
			double lo = (double)res->thread_ops_min[r];
			double hi = (double)res->thread_ops_max[r];

			if (G_W(g)->threads[r] < 2)
				tab_add(&t, "—");
			else
				tab_add(&t, "%s–%s (%s)", fmt_num(lo), fmt_num(hi),
					lo > 0 ? fmt_ratio(ratio(hi, lo)) : "∞");
		}
		if (!g->starved)
			tab_add(&t, "no");
		else if (g->n > 1)
			tab_add(&t, "**starved** in %u of %u repeats", g->starved, g->n);
		else
			tab_add(&t, "**starved**");
		starved += !!g->starved;
	}
	if (!tab_rows(&t)) {
		fputs("No point ran two threads in one role.\n", f);
		tab_free(&t);
		return;
	}
	fprintf(f, "Operations done by the idlest and the busiest thread of a role (the median repeat), and their ratio; starvation is flagged when the busiest did more than twice the idlest (locktorture's rule). %u of %u points starved.\n\n",
		starved, tab_rows(&t));
	tab_print_folded(&t, f, "fairness per point");
	legend(rp, f);
	tab_free(&t);
}

static void latency_table(struct report *rp, FILE *f, int st,
			  const struct group **v, unsigned int n)
{
	unsigned int vary = varying(rp, st, false), i, r, c;
	unsigned int nroles = two_roles(st) ? 2 : 1;
	struct table t;

	c = point_head(&t, st, vary, nroles);
	for (r = 0; r < nroles; r++) {
		tab_add(&t, "%s p50 / p99 / max", role_name(st, r));
		t.right[c + r] = 'r';
	}
	for (i = 0; i < n; i++) {
		const struct group *g = v[i];
		const struct bench_line *l = g->l;

		point_cells(rp, &t, g, vary);
		for (r = 0; r < nroles; r++) {
			if (!G_W(g)->threads[r] || !l->samples[r])
				tab_add(&t, "—");
			else
				tab_add(&t, "%s / %s / %s", fmt_ns((double)l->p50[r]),
					fmt_ns((double)l->p99[r]),
					fmt_ns((double)l->rec.res.lat_max_ns[r]));
		}
	}
	fputs("Latency of sampled operations (the median repeat): percentiles from a log2 histogram, interpolated inside a bucket; max is the longest sampled operation.\n\n",
	      f);
	tab_print_folded(&t, f, "latency per point");
	legend(rp, f);
	tab_free(&t);
}


/* ---- the section ---------------------------------------------------------------- */

/*
 * Structure @st's section: where it ran; a baseline's words and its
 * throughput; else throughput, fairness, latency and figures.
 */
void structure_section(struct report *rp, FILE *f, int st)
{
	const struct group **v;
	unsigned int n;

	v = structure_groups(rp, st, &n);
	if (!n) {
		free(v);
		return;
	}
	fprintf(f, "\n## %s\n\n", bench_desc(st)->title);
	where(rp, f, pick_structure, &st);
	fputs("\n", f);
	if (report_hooks(st)->baseline) {
		fprintf(f, "%s\n\n", report_hooks(st)->intro);
		throughput_table(rp, f, st, v, n);
		free(v);
		return;
	}
	fputs("### Throughput\n\n", f);
	throughput_table(rp, f, st, v, n);
	fputs("\n### Fairness\n\n", f);
	fairness_table(rp, f, st, v, n);
	fputs("\n### Latency\n\n", f);
	latency_table(rp, f, st, v, n);
	if (report_hooks(st)->tables)
		report_hooks(st)->tables(rp, f, st);
	plots(rp, f, st);
	free(v);
}

