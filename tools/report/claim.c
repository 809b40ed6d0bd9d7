// SPDX-License-Identifier: GPL-2.0
/*
 * The Claims section's verdicts: one claim is judged in parts (a side, or
 * a side and a mode), each part gets a verdict from this run's figures,
 * and the claim's verdict follows from its parts' (report.h, "claim.c",
 * says how). Also the ways a claim finds its points and words a ratio.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

static const char * const verdict_names[] = {
	[V_NOT_MEASURED] = "not measured",
	[V_HOLDS] = "holds",
	[V_PART] = "holds in part",
	[V_FAILS] = "does not hold",
};

const char *verdict_word(enum verdict v)
{
	return verdict_names[v];
}

enum verdict verdict_of(bool first, bool second)
{
	return first && second ? V_HOLDS : first || second ? V_PART : V_FAILS;
}

void claim_init(struct claim *c, int st, const char *text, const char *needs)
{
	memset(c, 0, sizeof(*c));
	c->st = st;
	c->text = text;
	c->needs = needs;
}

void claim_part(struct claim *c, enum verdict v, const char *where,
		const char *fmt, ...)
{
	va_list ap;
	char *ev;

	sl_addf(&c->where[v], "%s", where);
	if (!fmt)
		return;
	va_start(ap, fmt);
	ev = xvasprintf(fmt, ap);
	va_end(ap);
	sl_take(&c->evidence, xasprintf("%s (%s): %s", where, verdict_word(v), ev));
	free(ev);
}

/* "a", "a and b", "a, b and c" */
static char *and_list(const struct strlist *l)
{
	char *s = xasprintf("%s", l->n ? l->v[0] : ""), *t;
	unsigned int i;

	for (i = 1; i < l->n; i++) {
		t = xasprintf("%s%s%s", s, i + 1 == l->n ? " and " : ", ", l->v[i]);
		free(s);
		s = t;
	}
	return s;
}

void claim_done(struct claim *c, struct strlist *out)
{
	static const enum verdict order[] = {
		V_HOLDS, V_PART, V_FAILS, V_NOT_MEASURED,
	};
	static const char * const on[] = {
		[V_HOLDS] = "holds on", [V_PART] = "holds in part on",
		[V_FAILS] = "does not hold on",
		[V_NOT_MEASURED] = "not measured on",
	};
	unsigned int measured = c->where[V_HOLDS].n + c->where[V_PART].n +
				c->where[V_FAILS].n, k;
	enum verdict v;
	char *s, *t, *w;

	if (!measured) {
		sl_addf(out, "%s: \"%s\" **not measured**: it needs %s.",
			bench_struct_name(c->st), c->text, c->needs);
		goto out;
	}
	v = measured == c->where[V_HOLDS].n ? V_HOLDS :
	    measured == c->where[V_FAILS].n ? V_FAILS : V_PART;
	s = xasprintf("%s: \"%s\" **%s**:", bench_struct_name(c->st), c->text,
		      verdict_word(v));
	for (k = 0; k < ARRAY_LEN(order); k++) {
		if (!c->where[order[k]].n)
			continue;
		w = and_list(&c->where[order[k]]);
		t = xasprintf("%s %s %s;", s, on[order[k]], w);
		free(w);
		free(s);
		s = t;
	}
	s[strlen(s) - 1] = '.';
	for (k = 0; k < c->evidence.n; k++) {
		t = xasprintf("%s\n  - %s", s, c->evidence.v[k]);
		free(s);
		s = t;
	}
	sl_take(out, s);
out:
	for (k = 0; k < ARRAY_LEN(c->where); k++)
		sl_free(&c->where[k]);
	sl_free(&c->evidence);
}

/* ---- finding the points -------------------------------------------------------- */

/* An own point (no peer, no label such as refscale's), production. */
static bool own_point(const struct group *g)
{
	return production(g) && !g->l->peer && !g->l->rec.label[0] &&
	       !other_flavor(g->l)[0];
}

bool side_ran(const struct report *rp, int st, const char *side)
{
	unsigned int i;

	for (i = 0; i < rp->ngroups; i++)
		if (G_ST(&rp->groups[i]) == st && production(&rp->groups[i]) &&
		    !strcmp(G_SIDE(&rp->groups[i]), side))
			return true;
	return false;
}

const struct group *claim_like(const struct report *rp,
			       const struct group *like, const char *mode,
			       unsigned int p, __u64 value)
{
	unsigned int i;

	for (i = 0; i < rp->ngroups; i++) {
		const struct group *g = &rp->groups[i];

		if (own_point(g) && !strcmp(G_SIDE(g), G_SIDE(like)) &&
		    !strcmp(g->l->mode, mode ? mode : like->l->mode) &&
		    !strcmp(g->l->rec.kernel, like->l->rec.kernel) &&
		    wl_equal(G_W(g), G_W(like), p < NKEYS ? IGN(p) : 0) &&
		    (p >= NKEYS || param_value(G_W(g), p) == value))
			return g;
	}
	return NULL;
}

const struct group **claim_points(const struct report *rp, int st,
				  const char *side, const char *mode,
				  unsigned int *n)
{
	const struct group **v = structure_groups(rp, st, n);
	unsigned int i, k = 0;

	for (i = 0; i < *n; i++)
		if (own_point(v[i]) && !strcmp(G_SIDE(v[i]), side) &&
		    (!mode || !strcmp(v[i]->l->mode, mode)))
			v[k++] = v[i];
	*n = k;
	return v;
}

/* ---- ratios ------------------------------------------------------------------- */

int claim_cmp(const struct group *a, const struct group *b, unsigned int r,
	      bool paired)
{
	const double even = 1 + REPORT_EVEN_PCT / 100.0;
	struct pratio p;

	if (!paired || r || paired_ratio(a, b, &p) < 2)
		return compare(a, b, r);
	if (p.lo > 1 && p.med >= even)
		return 1;
	if (p.hi < 1 && p.med * even <= 1)
		return -1;
	return 0;
}

const char *claim_ratio(const struct group *a, const struct group *b,
			unsigned int r, bool paired)
{
	char *s = fmt_slot();
	const char *e = claim_cmp(a, b, r, paired) ? "" : ", even";
	struct pratio p;

	if (paired && !r && paired_ratio(a, b, &p) >= 2) {
		/* fmt_pratio()'s words, with "even" inside its parentheses */
		snprintf(s, SLOT, "%s", fmt_pratio(a, b));
		s[strlen(s) - 1] = '\0';
		snprintf(s + strlen(s), SLOT - strlen(s), "%s)", e);
		return s;
	}
	if (a->n > 1 && b->n > 1 && b->hi[r] > 0 && b->lo[r] > 0) {
		const char *lo = fmt_ratio(ratio(a->lo[r], b->hi[r]));

		snprintf(s, SLOT, "%s (extremes %s–%s%s)",
			 fmt_ratio(ratio(a->med[r], b->med[r])), lo,
			 fmt_ratio(ratio(a->hi[r], b->lo[r])), e);
		return s;
	}
	snprintf(s, SLOT, "%s%s", fmt_ratio(ratio(a->med[r], b->med[r])),
		 *e ? " (even)" : "");
	return s;
}
