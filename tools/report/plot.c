// SPDX-License-Identifier: GPL-2.0
/*
 * A structure's figures: for each kind (throughput against threads for
 * every structure, and the structure's own kinds from its hooks), one
 * figure per side and workload set that has two or more values on the
 * x axis, a line per mode. Each figure is a data file, its part of
 * plots/plots.gp (gnuplot draws PNG and SVG from it, io.c runs it) and
 * its Markdown: the image, or a word that gnuplot is missing, and a
 * caption saying where it was measured.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

/*
 * A string for a gnuplot script, in double quotes ("\n" breaks a line).
 * gnuplot runs `backquoted` text as a shell command even there: the
 * machine's name comes from the input file, so backquotes become quotes.
 */
static void gp_quote(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '`')
			fputc('\'', f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static const char *scale_words(double scale)
{
	return scale >= 1e6 ? " (millions)" : scale >= 1e3 ? " (thousands)" : "";
}

#define FIG_SERIES	16	/* lines of one figure, at most */

struct series {
	const struct group *g[64];
	double x[64];
	unsigned int n;
	char title[96];
};

static void series_sort(struct series *s)
{
	unsigned int i, j;

	for (i = 1; i < s->n; i++)
		for (j = i; j > 0 && s->x[j] < s->x[j - 1]; j--) {
			const struct group *g = s->g[j];
			double x = s->x[j];

			s->g[j] = s->g[j - 1];
			s->x[j] = s->x[j - 1];
			s->g[j - 1] = g;
			s->x[j - 1] = x;
		}
}

/**
 * struct figure - one figure being written
 * @name:	file name stem under plots/
 * @ser:	the series (lines), each sorted by x
 * @nser:	how many
 * @yrole:	the role whose ops/s is y
 * @pk:		its kind: the x axis
 * @what:	the caption's description
 * @xmin:	the data's range, once written
 * @xmax:
 * @xpos:	the smallest x above 0 (0: none)
 * @ymin:
 * @ymax:
 */
struct figure {
	const char *name;
	struct series *ser;
	unsigned int nser;
	unsigned int yrole;
	const struct plot_kind *pk;
	const char *what;
	double xmin, xmax, ymin, ymax, xpos;
};

/* plots/NAME.dat: a block per series, "x median min max" a line. */
static void plot_data(struct report *rp, struct figure *fig)
{
	const struct group *g0 = fig->ser[0].g[0];
	char *path = xasprintf("%s/plots/%s.dat", rp->dir, fig->name);
	unsigned int y = fig->yrole, i, j;
	FILE *d = fopen(path, "w");
	bool first = true;

	if (!d)
		cli_die_errno("report: %s", path);
	fprintf(d, "# %s\n# x  %s ops/s: median  min  max\n", fig->what,
		role_name(G_ST(g0), y));
	for (i = 0; i < fig->nser; i++) {
		const struct series *s = &fig->ser[i];

		fprintf(d, "%s# %s\n", i ? "\n\n" : "", s->title);
		for (j = 0; j < s->n; j++) {
			const struct group *g = s->g[j];
			double x = s->x[j];

			fprintf(d, "%.6g %.6g %.6g %.6g\n", x, g->med[y], g->lo[y],
				g->hi[y]);
			if (first || x < fig->xmin)
				fig->xmin = x;
			if (first || x > fig->xmax)
				fig->xmax = x;
			if (x > 0 && (!fig->xpos || x < fig->xpos))
				fig->xpos = x;
			if (first || g->lo[y] < fig->ymin)
				fig->ymin = g->lo[y];
			if (first || g->hi[y] > fig->ymax)
				fig->ymax = g->hi[y];
			first = false;
		}
	}
	if (fclose(d))
		cli_die_errno("report: %s", path);
	free(path);
}

/* The figure's part of plots.gp: axes, scales, PNG and SVG. */
static void plot_script(struct report *rp, const struct figure *fig)
{
	const struct group *g0 = fig->ser[0].g[0];
	double xscale, yscale, ymax = fig->ymax, xmax = fig->xmax;
	const char *params = fig->what + strlen(fig->pk->what);
	FILE *gp = rp->gp;
	char *title;
	unsigned int i;

	yscale = ymax >= 1e6 ? 1e6 : ymax >= 1e3 ? 1e3 : 1;
	xscale = !fig->pk->xrate ? 1 : xmax >= 1e6 ? 1e6 : xmax >= 1e3 ? 1e3 : 1;
	fprintf(gp, "\n# %s\nreset\nset grid\nset key outside right top\n",
		fig->what);
	/*
	 * gnuplot centres the title over the graph, which a wide key
	 * narrows: a long description breaks after its kind, before the
	 * workload's parameters, rather than running off the left edge.
	 */
	if (strlen(fig->what) > 72 && params[0] == ',')
		title = xasprintf("%s: %.*s,\n%s\n%s: %s",
				  bench_struct_name(G_ST(g0)),
				  (int)(params - fig->what), fig->what,
				  params + 2, G_SIDE(g0), env_words(g0->l));
	else
		title = xasprintf("%s: %s\n%s: %s", bench_struct_name(G_ST(g0)),
				  fig->what, G_SIDE(g0), env_words(g0->l));
	fputs("set title ", gp);
	gp_quote(gp, title);
	free(title);
	fputs(" noenhanced\nset offsets graph 0.03, graph 0.03, 0, 0\nset xlabel ", gp);
	title = xasprintf("%s%s", fig->pk->xlabel, scale_words(xscale));
	gp_quote(gp, title);
	free(title);
	fprintf(gp, " noenhanced\nset ylabel '%s ops/s%s' noenhanced\n",
		role_name(G_ST(g0), fig->yrole), scale_words(yscale));
	/*
	 * An x axis over decades is logarithmic; a point at x = 0 (a
	 * critical section of 0 ns) has no place on it and is left out of
	 * the figure (the tables and findings keep it).
	 */
	if (fig->xpos > 0 && xmax > 10 * fig->xpos)
		fputs("set logscale x\n", gp);
	else if (fig->pk->xparam == P_T0 && xmax - fig->xmin <= 16)
		fputs("set xtics 1\n", gp);
	fputs(fig->ymin > 0 && ymax > 10 * fig->ymin ? "set logscale y\n" :
	      "set yrange [0:*]\n", gp);
	fprintf(gp, "set terminal @pngterm\nset output '%s.png'\nplot ", fig->name);
	for (i = 0; i < fig->nser; i++) {
		fprintf(gp, "%s'%s.dat' index %u using ($1/%g):($2/%g):($3/%g):($4/%g) with yerrorlines lw 2 title ",
			i ? ", \\\n     " : "", fig->name, i, xscale, yscale,
			yscale, yscale);
		gp_quote(gp, fig->ser[i].title);
	}
	fprintf(gp, "\nset terminal svg size 900,560 dynamic noenhanced\nset output '%s.svg'\nreplot\nunset output\n",
		fig->name);
}

/* The figure in report.md: the image and its caption. */
static void plot_markdown(struct report *rp, FILE *f, const struct figure *fig)
{
	const struct group *g0 = fig->ser[0].g[0];

	if (rp->gnuplot)
		fprintf(f, "![%s](plots/%s.png)\n\n", fig->what, fig->name);
	else
		fprintf(f, "*(no image: gnuplot is not installed; the data is `plots/%s.dat`, the script `plots/plots.gp`)*\n\n",
			fig->name);
	fprintf(f, "*Figure: %s. %s: %s%s.* ", fig->what, G_SIDE(g0),
		env_words(g0->l), g0->l->rec.emulated ?
		"; timings inside TCG compare sides and modes in the same VM, not with bare metal" : "");
	if (rp->gnuplot)
		fprintf(f, "[SVG](plots/%s.svg) · ", fig->name);
	fprintf(f, "[data](plots/%s.dat)\n\n", fig->name);
}

/* One figure: its data file, its part of plots.gp, its Markdown. */
static void plot(struct report *rp, FILE *f, struct figure *fig)
{
	plot_data(rp, fig);
	plot_script(rp, fig);
	rp->nplots++;
	plot_markdown(rp, f, fig);
}

/* @stem, or @stem-2, -3... when a figure of this report has it already. */
static char *unique_name(struct report *rp, const char *stem)
{
	char *name = xasprintf("%s", stem);
	unsigned int i, k = 1;

again:
	for (i = 0; i < rp->plot_names.n; i++) {
		if (!strcmp(rp->plot_names.v[i], name)) {
			free(name);
			name = xasprintf("%s-%u", stem, ++k);
			goto again;
		}
	}
	sl_addf(&rp->plot_names, "%s", name);
	return name;
}

/**
 * struct family - the figures of one kind, structure and side
 * @rp:		the report
 * @st:		the structure
 * @side:	the side
 * @pk:		the kind
 * @v:		the structure's groups, in table order
 * @n:		how many
 */
struct family {
	struct report *rp;
	int st;
	int side;
	const struct plot_kind *pk;
	const struct group **v;
	unsigned int n;
};

/* Group @g belongs to the figure that @lead opens. */
static bool family_has(const struct family *fa, const struct group *lead,
		       const struct group *g)
{
	return !strcmp(G_SIDE(g), SIDE(fa->side)) && fa->pk->want(g) &&
	       wl_equal(G_W(g), G_W(lead), fa->pk->freep);
}

/*
 * Adds @g to its mode's series (a line per count of the other role too);
 * false when the figure has no room for it.
 */
static bool family_add(const struct family *fa, struct series *ser,
		       unsigned int *nser, const struct group *g, bool t1_varies)
{
	struct series *s = NULL;
	char title[96];
	unsigned int k;

	snprintf(title, sizeof(title), "%s", mode_text(g->l));
	if (t1_varies)
		snprintf(title + strlen(title), sizeof(title) - strlen(title),
			 ", %u %s%s", G_W(g)->threads[1], role_name(fa->st, 1),
			 G_W(g)->threads[1] == 1 ? "" : "s");
	for (k = 0; k < *nser; k++)
		if (!strcmp(ser[k].title, title))
			s = &ser[k];
	if (!s) {
		if (*nser == FIG_SERIES)
			return false;
		s = &ser[(*nser)++];
		snprintf(s->title, sizeof(s->title), "%s", title);
	}
	if (s->n == ARRAY_LEN(s->g))
		return false;
	s->g[s->n] = g;
	s->x[s->n++] = fa->pk->x(g);
	return true;
}

/*
 * The series (at most FIG_SERIES) of the figure @lead opens; returns how
 * many values its x parameter takes.
 */
static unsigned int family_series(const struct family *fa,
				  const struct group *lead, struct series *ser,
				  unsigned int *nser)
{
	unsigned int j, k, xs = 0;
	bool t1_varies = false;
	__u64 xvals[64];

	for (j = 0; j < fa->n; j++)
		if (family_has(fa, lead, fa->v[j]) &&
		    G_W(fa->v[j])->threads[1] != G_W(lead)->threads[1])
			t1_varies = true;
	for (j = 0; j < fa->n; j++) {
		__u64 d;

		if (!family_has(fa, lead, fa->v[j]) ||
		    !family_add(fa, ser, nser, fa->v[j], t1_varies))
			continue;
		d = param_value(G_W(fa->v[j]), fa->pk->xparam);
		for (k = 0; k < xs && xvals[k] != d; k++)
			;
		if (k == xs && xs < ARRAY_LEN(xvals))
			xvals[xs++] = d;
	}
	return xs;
}

/* The figure @lead opens, named and described. */
static void family_plot(const struct family *fa, FILE *f,
			const struct group *lead, struct series *ser,
			unsigned int nser)
{
	const struct plot_kind *pk = fa->pk;
	char *stem = xasprintf("%s-%s-%s", bench_struct_name(fa->st), pk->kind,
			       SIDE(fa->side));
	char *name = unique_name(fa->rp, stem);
	unsigned int fixed = varying(fa->rp, fa->st, false) & ~pk->freep, k;
	char *pw = params_words(fa->st, G_W(lead), fixed);
	char *desc = xasprintf("%s%s", pk->what, pw);
	struct figure fig = { .name = name, .ser = ser, .nser = nser,
			      .pk = pk, .what = desc };

	for (k = 0; k < nser; k++)
		series_sort(&ser[k]);
	plot(fa->rp, f, &fig);
	free(desc);
	free(pw);
	free(name);
	free(stem);
}

/*
 * The figures of kind @pk for @st on @side; returns how many, and counts
 * in @skipped the sets that had fewer than two x values.
 */
static unsigned int plot_family(struct report *rp, FILE *f, int st, int side,
				const struct plot_kind *pk, unsigned int *skipped)
{
	struct family fa = { .rp = rp, .st = st, .side = side, .pk = pk };
	const struct group **done;
	unsigned int i, figs = 0, ndone = 0;

	fa.v = structure_groups(rp, st, &fa.n);
	done = xrealloc(NULL, (fa.n + 1) * sizeof(*done));
	for (i = 0; i < fa.n; i++) {
		const struct group *lead = fa.v[i];
		struct series ser[FIG_SERIES];
		unsigned int nser = 0;

		if (strcmp(G_SIDE(lead), SIDE(side)) || !pk->want(lead))
			continue;
		if (!first_of_set(done, &ndone, lead, pk->freep))
			continue;
		memset(ser, 0, sizeof(ser));
		if (family_series(&fa, lead, ser, &nser) < 2) {
			(*skipped)++;
			continue;
		}
		family_plot(&fa, f, lead, ser, nser);
		figs++;
	}
	free(done);
	free(fa.v);
	return figs;
}

/*
 * A point with no thread of the plotted role (route's writer alone, at 0
 * readers) has nothing to put on the y axis: 0 ops/s by construction.
 * Left out, it neither draws a line along 0 nor makes a second x value
 * for a set that otherwise ran at one thread count (the tables keep it).
 */
static bool want_role0(const struct group *g)
{
	return G_W(g)->threads[0] > 0;
}

static double x_threads(const struct group *g)
{
	return G_W(g)->threads[0];
}

/*
 * Structure @st's figures: throughput against threads, then its own
 * kinds; a note for each kind some workload set could not have.
 */
void plots(struct report *rp, FILE *f, int st)
{
	const struct plot_kind * const *own = report_hooks(st)->plots, * const *k;
	char what[128], xlabel[64], axes[256] = "thread counts";
	struct plot_kind threads = {
		.kind = "threads", .freep = IGN(P_T0) | IGN(P_T1),
		.xparam = P_T0, .want = want_role0, .x = x_threads,
		.xlabel = xlabel, .what = what,
	};
	unsigned int figs = 0, n, skip = 0;
	int s;

	snprintf(what, sizeof(what), "%s ops/s against %s threads, one line per mode",
		 role_name(st, 0), role_name(st, 0));
	snprintf(xlabel, sizeof(xlabel), "%s threads", role_name(st, 0));
	fputs("\n### Plots\n\n", f);
	for (s = 0; s < NSIDES; s++)
		figs += plot_family(rp, f, st, s, &threads, &skip);
	if (skip)
		sl_addf(&rp->notes, "%s: %u workload set%s ran at one thread count only: no throughput-against-threads plot for %s.",
			bench_struct_name(st), skip, skip == 1 ? "" : "s",
			skip == 1 ? "it" : "them");
	for (; own && *own; own++) {
		for (n = skip = 0, s = 0; s < NSIDES; s++)
			n += plot_family(rp, f, st, s, *own, &skip);
		if (skip || !n)
			sl_addf(&rp->notes, "%s: no %s%s: %s.", bench_struct_name(st),
				(*own)->missing, n ? " for some workload sets" : "",
				(*own)->needs);
		figs += n;
	}
	if (figs)
		return;
	for (k = report_hooks(st)->plots; k && *k; k++)
		snprintf(axes + strlen(axes), sizeof(axes) - strlen(axes), "%s%s",
			 k[1] ? ", " : " or ", (*k)->axis);
	fprintf(f, "None: no workload set here ran at two or more %s (see Notes).\n",
		axes);
}
