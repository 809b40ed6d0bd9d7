// SPDX-License-Identifier: GPL-2.0
/*
 * litmus in the report: the outcome table (per side, test and batch, the
 * four outcomes summed over repeats, the test's own per million, the
 * LKMM's verdict and what the count means beside it), and the claims
 * about memory ordering that those counts judge. Counts are not timings:
 * every line takes part, debug and sanitizer builds included (an
 * ordering a debug kernel shows is an ordering the CPU did).
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "litmus_lkmm.h"

#define LIT_MAX_ROWS	256

/* The runs of one test on one side, with one batch, summed. */
struct lit_row {
	const char *side;
	__u32 shape, variant, batch;
	__u64 st[SYNCLAB_LITMUS_NSTATS];
	unsigned int runs;
};

static int lit_case_index(__u32 shape, __u32 variant)
{
	const struct litmus_case *c = litmus_case_of(shape, variant);

	return c ? (int)(c - litmus_cases) : LITMUS_NCASES;
}

static int lit_cmp(const void *a, const void *b)
{
	const struct lit_row *x = a, *y = b;
	int d = side_index(x->side) - side_index(y->side);

	if (!d)
		d = lit_case_index(x->shape, x->variant) -
		    lit_case_index(y->shape, y->variant);
	return d ? d : (int)x->batch - (int)y->batch;
}

/*
 * Every litmus line of the report, summed by side, test and batch; with
 * @production, those of production builds only (the claims').
 */
static unsigned int lit_rows(const struct report *rp, int st,
			     struct lit_row *rows, bool production)
{
	unsigned int i, j, n = 0, k;

	for (i = 0; i < rp->nlines; i++) {
		const struct bench_record *r = &rp->lines[i].rec;

		if ((int)r->w.structure != st)
			continue;
		if (production && (rp->lines[i].ndebug || r->nsanitizers))
			continue;
		for (j = 0; j < n; j++)
			if (!strcmp(rows[j].side, r->side) &&
			    rows[j].shape == r->w.param[0] &&
			    rows[j].variant == r->w.param[1] &&
			    rows[j].batch == r->w.batch)
				break;
		if (j == n) {
			if (n == LIT_MAX_ROWS)
				continue;
			memset(&rows[n], 0, sizeof(rows[n]));
			rows[n].side = r->side;
			rows[n].shape = r->w.param[0];
			rows[n].variant = r->w.param[1];
			rows[n].batch = r->w.batch;
			n++;
		}
		for (k = 0; k < SYNCLAB_LITMUS_NSTATS; k++)
			rows[j].st[k] += r->res.stats[k];
		rows[j].runs++;
	}
	qsort(rows, n, sizeof(*rows), lit_cmp);
	return n;
}

static double per_million(__u64 k, __u64 n)
{
	return n ? 1e6 * (double)k / (double)n : 0;
}

static void lit_tables(struct report *rp, FILE *f, int st)
{
	static const char * const head[] = {
		"side", "test", "batch", "iterations", "asked", "seen",
		"per 1M", "the other outcomes", "LKMM", "reading",
	};
	struct lit_row *rows = xrealloc(NULL, LIT_MAX_ROWS * sizeof(*rows));
	unsigned int n = lit_rows(rp, st, rows, false), i, k;
	struct table t;

	if (!n) {
		free(rows);
		return;
	}
	fputs("\n### Outcomes\n\n", f);
	fprintf(f, "Each test counts all four outcomes of every iteration, summed over repeats; *asked* is the outcome of the LKMM test's `exists` clause. *batch*: iterations per meeting of the two threads. Verdicts from %s's `tools/memory-model/litmus-tests`. *allowed, not seen*: the model allows it, this CPU is stronger (x86 is TSO); **FORBIDDEN BUT SEEN** would be a bug in the test, the kernel or the machine.\n\n",
		litmus_lkmm_source);
	tab_init(&t, ARRAY_LEN(head));
	strcpy(t.right, "..rr.rr...");
	for (i = 0; i < ARRAY_LEN(head); i++)
		tab_add(&t, "%s", head[i]);
	for (i = 0; i < n; i++) {
		const struct lit_row *r = &rows[i];
		const struct litmus_case *c = litmus_case_of(r->shape, r->variant);
		const struct litmus_shape *s;
		enum litmus_verdict v;
		char other[160] = "";

		if (!c || r->shape >= SYNCLAB_LITMUS_NSHAPES)
			continue;
		s = &litmus_shapes[r->shape];
		v = litmus_verdict(c);
		for (k = 0; k < SYNCLAB_LITMUS_BOTH; k++)
			snprintf(other + strlen(other), sizeof(other) - strlen(other),
				 "%s%s %s: %s", k ? "; " : "", s->first[k & 1],
				 s->second[k >> 1], fmt_num((double)r->st[k]));
		tab_add(&t, "%s", r->side);
		tab_add(&t, "%s %s", litmus_shape_names[r->shape],
			litmus_variant_names[r->variant]);
		tab_add(&t, "%u", r->batch);
		tab_add(&t, "%s", fmt_num((double)r->st[SYNCLAB_LITMUS_ITERATIONS]));
		tab_add(&t, "%s %s", s->first[1], s->second[1]);
		tab_add(&t, "%s", fmt_num((double)r->st[SYNCLAB_LITMUS_BOTH]));
		tab_add(&t, "%.1f", per_million(r->st[SYNCLAB_LITMUS_BOTH],
					       r->st[SYNCLAB_LITMUS_ITERATIONS]));
		tab_add(&t, "%s", other);
		tab_add(&t, "%s", litmus_verdict_words(v));
		tab_add(&t, "%s", litmus_class_words(litmus_classify(v,
					r->st[SYNCLAB_LITMUS_BOTH])));
	}
	tab_print(&t, f);
	tab_free(&t);
	free(rows);
}

/* ---- claims -------------------------------------------------------------------- */

/* One test on one side, every batch: iterations and the asked outcome. */
struct lit_sum {
	__u64 n, seen;
};

static struct lit_sum lit_sum(const struct lit_row *rows, unsigned int nrows,
			      const char *side, __u32 shape, __u32 variant)
{
	struct lit_sum s = { 0, 0 };
	unsigned int i;

	for (i = 0; i < nrows; i++)
		if (!strcmp(rows[i].side, side) && rows[i].shape == shape &&
		    rows[i].variant == variant) {
			s.n += rows[i].st[SYNCLAB_LITMUS_ITERATIONS];
			s.seen += rows[i].st[SYNCLAB_LITMUS_BOTH];
		}
	return s;
}

/* "SB plain 37 in 100k", or "SB plain not run". */
static const char *lit_words(struct lit_sum s, __u32 shape, __u32 variant)
{
	char *b = fmt_slot();

	if (!s.n)
		snprintf(b, SLOT, "%s %s not run", litmus_shape_names[shape],
			 litmus_variant_names[variant]);
	else
		snprintf(b, SLOT, "%s %s %s in %s", litmus_shape_names[shape],
			 litmus_variant_names[variant], fmt_num((double)s.seen),
			 fmt_num((double)s.n));
	return b;
}

/*
 * The sums of @k cases (shape, variant) on @side into @sums, and their
 * words, joined by ", ", into @buf: a judge's evidence before its verdict.
 */
static void lit_list(const struct lit_row *rows, unsigned int n,
		     const char *side, const __u32 (*cases)[2], unsigned int k,
		     struct lit_sum *sums, char *buf, size_t len)
{
	unsigned int i;

	buf[0] = 0;
	for (i = 0; i < k; i++) {
		sums[i] = lit_sum(rows, n, side, cases[i][0], cases[i][1]);
		APPEND_N(buf, len, "%s%s", i ? ", " : "",
			 lit_words(sums[i], cases[i][0], cases[i][1]));
	}
}

/*
 * A judge: one claim on one side, its verdict and its evidence in @buf.
 * V_PART where the claim's outcome to stop was never there to see.
 */
typedef enum verdict (*lit_judge)(const struct lit_row *rows,
				  unsigned int n, const char *side,
				  char *buf, size_t len);

/* x86 is TSO: store->load (SB, R) visible, MP, LB and S never. */
static enum verdict lit_tso(const struct lit_row *rows, unsigned int n,
			    const char *side, char *buf, size_t len)
{
	/* SB and R first, then the orderings TSO forbids */
	static const __u32 cases[][2] = {
		{ SYNCLAB_LITMUS_SB, 0 }, { SYNCLAB_LITMUS_R, 0 },
		{ SYNCLAB_LITMUS_MP, 0 }, { SYNCLAB_LITMUS_LB, 0 },
		{ SYNCLAB_LITMUS_S, 0 },
	};
	struct lit_sum s[ARRAY_LEN(cases)];
	unsigned int i, ran = 0, seen = 0;

	lit_list(rows, n, side, cases, ARRAY_LEN(cases), s, buf, len);
	for (i = 2; i < ARRAY_LEN(cases); i++) {
		ran += !!s[i].n;
		seen += !!s[i].seen;
	}
	if (seen) {
		APPEND_N(buf, len, ": an ordering TSO forbids was seen");
		return V_FAILS;
	}
	if (!ran || (!s[0].n && !s[1].n))
		return V_NOT_MEASURED;
	if (s[0].seen || s[1].seen) {
		APPEND_N(buf, len, ": store buffering seen, no other reordering");
		return V_HOLDS;
	}
	APPEND_N(buf, len, ": no other reordering, but store buffering was not seen either");
	return V_PART;
}

/* smp_mb() stops store buffering: SB plain seen, SB mb never. */
static enum verdict lit_mb(const struct lit_row *rows, unsigned int n,
			   const char *side, char *buf, size_t len)
{
	static const __u32 cases[][2] = {	/* plain, wmb, mb */
		{ SYNCLAB_LITMUS_SB, SYNCLAB_LITMUS_PLAIN },
		{ SYNCLAB_LITMUS_SB, SYNCLAB_LITMUS_WMB },
		{ SYNCLAB_LITMUS_SB, SYNCLAB_LITMUS_MB },
	};
	struct lit_sum s[ARRAY_LEN(cases)];

	lit_list(rows, n, side, cases, ARRAY_LEN(cases), s, buf, len);
	if (!s[2].n || !s[0].n)
		return V_NOT_MEASURED;
	if (s[2].seen) {
		APPEND_N(buf, len, ": SB showed with smp_mb(), a bug in the test, the kernel or the machine");
		return V_FAILS;
	}
	if (s[0].seen) {
		APPEND_N(buf, len, ": SB showed without it, never with it");
		return V_HOLDS;
	}
	APPEND_N(buf, len, ": never with it, but never without it either");
	return V_PART;
}

/* An SPSC ring needs only acquire/release: MP release-acquire never. */
static enum verdict lit_spsc(const struct lit_row *rows, unsigned int n,
			     const char *side, char *buf, size_t len)
{
	static const __u32 cases[][2] = {	/* release-acquire, plain */
		{ SYNCLAB_LITMUS_MP, SYNCLAB_LITMUS_REL_ACQ },
		{ SYNCLAB_LITMUS_MP, SYNCLAB_LITMUS_PLAIN },
	};
	struct lit_sum s[ARRAY_LEN(cases)];

	lit_list(rows, n, side, cases, ARRAY_LEN(cases), s, buf, len);
	if (!s[0].n)
		return V_NOT_MEASURED;
	if (s[0].seen) {
		APPEND_N(buf, len, ": MP failed with release/acquire");
		return V_FAILS;
	}
	APPEND_N(buf, len, ": message passing with a release store and an acquire load never failed (the ring's spsc mode publishes each slot so)%s",
		 s[1].n && !s[1].seen ? "; plain MP never failed either on this TSO CPU, so the LKMM's verdict, not the count, is what carries to weaker CPUs" : "");
	return V_HOLDS;
}

/* One claim: a part per side that ran litmus. */
static void lit_claim(struct strlist *out, const struct lit_row *rows,
		      unsigned int n, int st, const char *text,
		      const char *needs, lit_judge judge)
{
	struct claim c;
	char ev[1024];
	enum verdict v;
	unsigned int i;
	int s;

	claim_init(&c, st, text, needs);
	for (s = 0; s < NSIDES; s++) {
		for (i = 0; i < n; i++)
			if (!strcmp(rows[i].side, SIDE(s)))
				break;
		if (i == n)
			continue;
		v = judge(rows, n, SIDE(s), ev, sizeof(ev));
		if (v == V_NOT_MEASURED)
			claim_part(&c, v, SIDE(s), NULL);
		else
			claim_part(&c, v, SIDE(s), "%s", ev);
	}
	claim_done(&c, out);
}

static void lit_claims(struct report *rp, struct strlist *out, int st)
{
	struct lit_row *rows = xrealloc(NULL, LIT_MAX_ROWS * sizeof(*rows));
	unsigned int n = lit_rows(rp, st, rows, true);

	lit_claim(out, rows, n, st,
		  "x86 is TSO: only store→load reordering is visible.",
		  "SB or R plain and MP, LB and S plain on one side", lit_tso);
	lit_claim(out, rows, n, st, "smp_mb() stops store buffering.",
		  "SB plain and SB mb on one side", lit_mb);
	lit_claim(out, rows, n, st,
		  "An SPSC ring needs only acquire/release.",
		  "MP release-acquire on one side", lit_spsc);
	free(rows);
}

const struct bench_report bench_report_litmus = {
	.claims = lit_claims,
	.tables = lit_tables,
};
