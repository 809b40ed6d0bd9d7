/* SPDX-License-Identifier: GPL-2.0 */
/*
 * synclab report: the benchmark report, built into the host's CLI only
 * (the guest's static binary says the report is host-only). One file per
 * concern:
 *   report.c    the command, the order of the sections
 *   io.c        reading the result lines, directories, running gnuplot
 *   group.c     grouping repeats into points, their statistics, which
 *               points compare and how (the rules at the top of report.c)
 *   names.c     how things are named: roles, modes, parameters, flags'
 *               marks, where a figure was measured
 *   fmt.c       memory, string lists, figures (12.3M/s, 250 ns, 1.5×)
 *   table.c     Markdown tables
 *   tables.c    a structure's section: throughput, fairness, latency
 *   plot.c      figures: gnuplot data and script
 *   findings.c  "What this run shows": the findings every structure gets,
 *               and the structures' own through their hooks
 *   overview.c  where it ran, the summary, the Claims section, flagged
 *               runs, debug builds
 *   claim.c     a claim's verdict from its parts', its points, its ratios
 *   NAME.c      a structure's hooks (struct bench_report), named by its
 *               descriptor (tools/cli/bench_desc.c): its own findings,
 *               figures and, later, claims
 */
#ifndef SYNCLAB_REPORT_H
#define SYNCLAB_REPORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "benchcli.h"

#define REPORT_EVEN_PCT		5	/* closer than this is "even" */
#define REPORT_DETAILS_ROWS	12	/* longer tables fold away */
#define REPORT_SCALE_PCT	75	/* N threads "scale": >= 75% of N x one */
#define ROLES			SYNCLAB_BENCH_ROLES
#define SLOT			160	/* bytes of one formatted figure */
#define NSIDES			BENCH_NSIDES
#define SIDE(s)			(bench_sides[s].name)

/* ---- fmt.c ------------------------------------------------------------------ */

struct strlist {
	char **v;
	unsigned int n;
};

void *xrealloc(void *p, size_t n);
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sl_take(struct strlist *l, char *s);
void sl_addf(struct strlist *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sl_free(struct strlist *l);
char *fmt_slot(void);
const char *fmt_num(double v);
const char *fmt_rate(double v);
const char *fmt_ns(double ns);
const char *fmt_ratio(double r);
const char *fmt_pct(double frac);
size_t text_width(const char *s);

/* ---- table.c ---------------------------------------------------------------- */

struct table {
	unsigned int ncols;
	struct strlist cells;	/* header row first, row-major */
	char right[16];		/* 'r': a column of figures */
};

void tab_init(struct table *t, unsigned int ncols);
void tab_add(struct table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
unsigned int tab_rows(const struct table *t);
void tab_print(const struct table *t, FILE *f);
void tab_print_folded(const struct table *t, FILE *f, const char *summary);
void tab_free(struct table *t);

/* ---- group.c: flags ------------------------------------------------------------ */

enum {
	FL_INVARIANT,
	FL_INTERRUPTED,
	FL_RTT_SLOW,
	FL_DISTURBED,
	FL_OVERSUB,
	FL_OTHER,
	FL_N
};

/* Flags that make a figure doubtful (oversubscribed only describes it). */
#define FL_DOUBT	((1U << FL_INVARIANT) | (1U << FL_INTERRUPTED) | \
			 (1U << FL_RTT_SLOW) | (1U << FL_DISTURBED) | \
			 (1U << FL_OTHER))

struct flag_info {
	const char *name;
	const char *mark;
	const char *meaning;
};

extern const struct flag_info flag_info[FL_N];

unsigned int line_flags(const struct bench_line *l);

/* ---- group.c: points, the repeats of one workload on one side ------------------- */

/*
 * What tells two workloads of a structure apart: the parameters a table
 * shows as columns when they vary, then the thread counts.
 */
enum param {
	P_MIX, P_KEYS, P_HOT, P_BATCH, P_PREFILL, P_CS, P_THINK0, P_THINK1,
	/* workload.param[], named by the structure's descriptor */
	P_PARAM0, P_PARAM_LAST = P_PARAM0 + SYNCLAB_BENCH_PARAMS - 1,
	P_SEED, P_NOPIN,
	NPARAMS,
	P_T0 = NPARAMS, P_T1,
	NKEYS
};

#define IGN(p)	(1U << (p))

/**
 * struct group - the repeats of one point
 * @run:	its lines, by role-0 ops/s
 * @n:		how many
 * @l:		the median repeat (by role-0 ops/s): identity, latency,
 *		fairness
 * @med:	per role, median ops/s (the mean of the middle two for an
 *		even count)
 * @lo:		per role, the smallest
 * @hi:		per role, the largest
 * @flags:	FL_* bits any repeat has
 * @nflag:	repeats with each FL_*
 * @starved:	repeats where some role's busiest thread did more than
 *		twice its idlest
 * @debug:	from a debug or sanitizer build
 * @first:	line number of its first repeat, for a stable order
 */
struct group {
	struct bench_line **run;
	unsigned int n;
	const struct bench_line *l;
	double med[ROLES], lo[ROLES], hi[ROLES];
	unsigned int flags;
	unsigned int nflag[FL_N];
	unsigned int starved;
	bool debug;
	int first;
};

#define G_ST(g)		((int)(g)->l->rec.w.structure)
#define G_W(g)		(&(g)->l->rec.w)
#define G_SIDE(g)	((g)->l->rec.side)

/**
 * struct report - one report being written
 * @path:	the result file
 * @dir:	where report.md and plots/ go
 * @lines:	its lines, read and checked
 * @lineno:	the file's line number of each
 * @nlines:	how many
 * @groups:	the points
 * @ngroups:	how many
 * @notes:	the "Notes" section's items
 * @plot_names:	the figures' names so far, each once
 * @gp:		plots/plots.gp
 * @gnuplot:	gnuplot is on PATH
 * @nplots:	figures so far
 * @legend:	FL_* marks used by the table being written
 * @summary_marks: those of the summary table
 */
struct report {
	const char *path;
	char *dir;
	struct bench_line *lines;
	int *lineno;
	unsigned int nlines;
	struct group *groups;
	unsigned int ngroups;
	struct strlist notes;
	struct strlist plot_names;
	FILE *gp;
	bool gnuplot;
	unsigned int nplots;
	unsigned int legend;
	unsigned int summary_marks;
};

/* Every line's side is one of them: bench_line_read() checks. */
static inline int side_index(const char *side)
{
	return bench_side_lookup(side);
}

/* A selection of groups: whether @g is in it. */
typedef bool (*pick_fn)(const struct group *g, const void *arg);

__u64 param_value(const struct synclab_workload *w, unsigned int p);
bool wl_equal(const struct synclab_workload *a,
	      const struct synclab_workload *b, unsigned int ignore);
bool first_of_set(const struct group **done, unsigned int *ndone,
		  const struct group *lead, unsigned int ignore);
bool same_names(const char * const *a, unsigned int na,
		const char * const *b, unsigned int nb);
const char *other_flavor(const struct bench_line *l);
bool same_flavor(const struct bench_line *a, const struct bench_line *b);
bool same_variant(const struct bench_line *a, const struct bench_line *b);
void report_group(struct report *rp);
bool production(const struct group *g);
unsigned int varying(const struct report *rp, int st, bool debug);
const struct group *find(const struct report *rp, const struct group *like,
			 const char *side, const char *mode,
			 unsigned int ignore, const char *kernel);
int compare(const struct group *a, const struct group *b, unsigned int r);
bool close_medians(const struct group *a, const struct group *b,
		   unsigned int r);
const char *tie_mark(const struct group *a, const struct group *b,
		     unsigned int r);
double ratio(double a, double b);

/* A ratio measured run by run: median and range (paired_ratio()). */
struct pratio {
	double med, lo, hi;
};

unsigned int paired_ratio(const struct group *a, const struct group *b,
			  struct pratio *p);
unsigned int paired_ratio_where(const struct group *a, const struct group *b,
				unsigned int mask, bool set, struct pratio *p);
const char *fmt_pratio(const struct group *a, const struct group *b);
unsigned int best_two(const struct group **v, unsigned int n,
		      const struct group *g, const struct group **best,
		      const struct group **next);
bool pick_structure(const struct group *g, const void *arg);
bool pick_debug(const struct group *g, const void *arg);
bool pick_production(const struct group *g, const void *arg);
bool pick_all(const struct group *g, const void *arg);
const struct group **select_groups(const struct report *rp, pick_fn pick,
				   const void *arg, unsigned int *n);
const struct group **structure_groups(const struct report *rp, int st,
				      unsigned int *n);

/* ---- names.c --------------------------------------------------------------------- */

const char *role_name(int st, unsigned int r);
bool two_roles(int st);
const char *threads_words_w(int st, const struct synclab_workload *w);
const char *threads_words(const struct group *g);
const char *threads_cell(const struct group *g);
const char *threads_head(int st);
const char *mode_text(const struct bench_line *l);
const char *peer_words(const struct bench_line *l);
const char *param_head(int st, unsigned int p);
const char *param_cell(const struct synclab_workload *w, unsigned int p);
const char *param_words(int st, const struct synclab_workload *w,
			unsigned int p);
char *params_words(int st, const struct synclab_workload *w,
		   unsigned int mask);
const char *marks(struct report *rp, const struct group *g);
void legend(struct report *rp, FILE *f);
const char *env_words(const struct bench_line *l);
const char *accel_words(const struct bench_line *l);
const char *grate(struct report *rp, const struct group *g, unsigned int r);
const char *point_words(const struct report *rp, const struct group *g);

/* ---- tables.c, plot.c: a structure's section ------------------------------------ */

/**
 * struct plot_kind - a kind of figure
 * @kind:	its file names' middle part
 * @freep:	what varies inside one figure (IGN() bits); groups that
 *		agree on everything else (and the side) share a figure
 * @xparam:	the parameter whose values tell the points apart
 * @want:	which groups take part
 * @x:		a group's x
 * @xrate:	x is a rate
 * @xlabel:	the x axis
 * @what:	what the figure shows, for its title and caption
 * @axis:	what x takes two or more of, in words ("writer rates")
 * @missing:	when a set cannot have the figure: what it is ("spinlock/
 *		mutex crossover plot") and what it needs (@needs), for Notes
 * @needs:
 */
struct plot_kind {
	const char *kind;
	unsigned int freep;
	unsigned int xparam;
	bool (*want)(const struct group *g);
	double (*x)(const struct group *g);
	bool xrate;
	const char *xlabel;
	const char *what;
	const char *axis;
	const char *missing;
	const char *needs;
};

void structure_section(struct report *rp, FILE *f, int st);
char *rate_cell(struct report *rp, const struct group *g, bool bold);
bool stands_beside(const struct group *peer, const struct group *own);
void plots(struct report *rp, FILE *f, int st);

/* ---- findings.c ------------------------------------------------------------------- */

void findings(struct report *rp, struct strlist *out);
void find_rwlock(struct report *rp, struct strlist *out, int st);
void find_param_effect(struct report *rp, struct strlist *out, int st,
		       unsigned int p);

/* ---- overview.c ----------------------------------------------------------------- */

void where(const struct report *rp, FILE *f, pick_fn pick, const void *arg);
void where_table(struct report *rp, FILE *f);
void summary_table(struct report *rp, struct table *t);
void claims_section(struct report *rp, FILE *f);
void flagged_section(struct report *rp, FILE *f);
void invariant_warning(struct report *rp, FILE *f);
void debug_section(struct report *rp, FILE *f);

/* ---- claim.c: the Claims section ------------------------------------------------ */

/*
 * A claim is a sentence of folklore ("spinlocks beat mutexes for short
 * critical sections") that this run's figures can judge. Its structure's
 * @claims hook judges it in parts, usually one per side (kernel, user-vm,
 * user-host), sometimes per side and mode or thread count, and gives each
 * part a verdict with its evidence in figures:
 *
 *	struct claim c;
 *
 *	claim_init(&c, st, "Batching amortises synchronisation.",
 *		   "the same ring point at batch 1 and at a larger batch");
 *	for each side that ran the structure:
 *		no points for it:  claim_part(&c, V_NOT_MEASURED, side, NULL);
 *		else:              claim_part(&c, verdict, side, "%s ...", ...);
 *	claim_done(&c, out);
 *
 * claim_done() words it as one item of the section: the structure, the
 * sentence in quotes, the claim's verdict in bold, where each verdict
 * applies, then a sub-item per part with evidence. The claim's verdict:
 * V_HOLDS when every measured part holds, V_FAILS when every one fails,
 * V_PART otherwise; V_NOT_MEASURED when no part was measured (QUICK=1
 * runs, a matrix without its points), and then @needs says what it
 * needs. A claim never guesses: a part without its points is not
 * measured, never judged from other points. selftests/host/report_test.sh
 * checks that every item of the section carries one of the four verdicts.
 *
 * A part's verdict comes from comparisons of points of this run, with
 * the report's rule for "even" (claim_cmp()): two halves of a claim
 * ("X beats Y for short sections; Y wins for long ones") give
 * verdict_of(first holds, second holds). Evidence shows the figures and
 * ratios with their spread (claim_ratio()).
 *
 * Figures are formatted into fmt_slot()'s ring of 32: a grate() takes 4
 * slots, a claim_ratio() up to 5, so one printf of many figures overruns
 * it and prints garbage. Build long evidence with APPEND() into a char
 * array, a few figures at a time.
 */
#define APPEND(buf, ...) \
	snprintf((buf) + strlen(buf), sizeof(buf) - strlen(buf), __VA_ARGS__)
/* APPEND() for a buffer passed with its length. */
#define APPEND_N(buf, len, ...) \
	snprintf((buf) + strlen(buf), (len) - strlen(buf), __VA_ARGS__)

enum verdict {
	V_NOT_MEASURED,		/* the points it needs did not run */
	V_HOLDS,
	V_PART,			/* holds in part: the evidence says where */
	V_FAILS,		/* does not hold */
	V_NVERDICTS
};

/**
 * struct claim - one claim being judged
 * @st:		the structure whose figures judge it
 * @text:	the folklore, one sentence (quoted in the report)
 * @needs:	the points it needs, for "not measured"
 * @where:	per verdict, the parts that got it ("kernel")
 * @evidence:	per part judged, "kernel (holds): figures"
 */
struct claim {
	int st;
	const char *text;
	const char *needs;
	struct strlist where[V_NVERDICTS];
	struct strlist evidence;
};

/* "holds", "does not hold", "holds in part", "not measured" */
const char *verdict_word(enum verdict v);
/* Two halves of a claim: both hold, one does, neither. */
enum verdict verdict_of(bool first, bool second);
void claim_init(struct claim *c, int st, const char *text, const char *needs);
/* Part @where got @v; @fmt (NULL: no sub-item) is its evidence. */
void claim_part(struct claim *c, enum verdict v, const char *where,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The claim's item into @out; frees what @c holds. */
void claim_done(struct claim *c, struct strlist *out);
/* Whether structure @st has a production point on @side. */
bool side_ran(const struct report *rp, int st, const char *side);
/*
 * The own production point (no peer, no label, default RCU flavour) of
 * @like's side and kernel running @mode (NULL: @like's) with @like's
 * workload but parameter @p (enum param, P_T0, P_T1) at @value; @p =
 * NKEYS: the very workload. NULL when it did not run.
 */
const struct group *claim_like(const struct report *rp,
			       const struct group *like, const char *mode,
			       unsigned int p, __u64 value);
/*
 * @st's own production points on @side running @mode (NULL: any), in
 * table order; free the array.
 */
const struct group **claim_points(const struct report *rp, int st,
				  const char *side, const char *mode,
				  unsigned int *n);
/*
 * +1: @a ahead of @b in role @r, -1: behind, 0: even. @paired when the
 * two points ran on one matrix line (their repeats interleave): for role
 * 0 then run by run, ahead when every paired ratio is above 1 and their
 * median 5% or more; otherwise compare()'s rule on the medians.
 */
int claim_cmp(const struct group *a, const struct group *b, unsigned int r,
	      bool paired);
/*
 * @a ÷ @b in role @r with its spread: "1.52× (1.40–1.60×, 3 paired runs)"
 * when @paired (fmt_pratio()), else "1.52× (extremes 1.31–1.70×)", the
 * ratio of the medians and of the repeats' extremes; ", even" or
 * " (even)" where claim_cmp() says so.
 */
const char *claim_ratio(const struct group *a, const struct group *b,
			unsigned int r, bool paired);

/* ---- io.c ------------------------------------------------------------------------- */

int report_read(struct report *rp);
void report_free(struct report *rp);
int mkdirs(const char *dir);
bool on_path(const char *prog);
int run_gnuplot(struct report *rp);

/* ---- a structure's hooks ------------------------------------------------------------ */

/**
 * struct bench_report - what a structure adds to the report; its
 * descriptor's @report points here (tools/report/NAME.c)
 * @findings:	its own findings, after who leads at which thread count
 *		and before how it compares with its peers; NULL: none
 * @plots:	its own kinds of figure, after throughput against threads;
 *		NULL-terminated, NULL: none
 * @claims:	the claims this structure's figures can judge, for the
 *		Claims section: one claim_done() item each (claim.c above);
 *		NULL: none
 * @tables:	its own tables, after latency and before the plots (litmus:
 *		the outcomes); NULL: none
 * @baseline:	a baseline rather than a structure (count: the engine's own
 *		cost): its section is @intro and its throughput; it takes
 *		part in no finding or summary row
 * @intro:	a baseline's words above its table
 */
struct bench_report {
	void (*findings)(struct report *rp, struct strlist *out, int st);
	const struct plot_kind * const *plots;
	void (*claims)(struct report *rp, struct strlist *out, int st);
	void (*tables)(struct report *rp, FILE *f, int st);
	bool baseline;
	const char *intro;
};

/* The hooks of structure @st (the report checks every one has them). */
static inline const struct bench_report *report_hooks(int st)
{
	return bench_desc(st)->report;
}

int cmd_report(int argc, char **argv);

#endif /* SYNCLAB_REPORT_H */
