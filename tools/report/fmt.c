// SPDX-License-Identifier: GPL-2.0
/*
 * The report's small helpers: allocation that cannot fail quietly, lists
 * of strings, and figures as the report writes them (3 significant
 * digits: 950, 12.3k, 1.23M; 250 ns, 2.50 µs; 1.50×; 42%).
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		cli_die("report: out of memory");
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		cli_die("report: out of memory");
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void sl_take(struct strlist *l, char *s)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = s;
}

void sl_addf(struct strlist *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sl_take(l, xvasprintf(fmt, ap));
	va_end(ap);
}

void sl_free(struct strlist *l)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/*
 * Formatted figures live in a ring of buffers, so that one printf can
 * take several of them.
 */
char *fmt_slot(void)
{
	static char ring[32][SLOT];
	static unsigned int next;

	return ring[next++ % 32];
}

/* 3 significant digits with k/M/G: 950, 12.3k, 123k, 1.23M. */
const char *fmt_num(double v)
{
	static const char * const units[] = { "", "k", "M", "G", "T" };
	char *b = fmt_slot();
	unsigned int u = 0;

	while (u < 4 && v >= 999.5)
		v /= 1000, u++;
	if (v >= 99.95 || !u)
		snprintf(b, SLOT, "%.0f%s", v, units[u]);
	else if (v >= 9.995)
		snprintf(b, SLOT, "%.1f%s", v, units[u]);
	else
		snprintf(b, SLOT, "%.2f%s", v, units[u]);
	return b;
}

const char *fmt_rate(double v)
{
	char *b = fmt_slot();

	snprintf(b, SLOT, "%s/s", fmt_num(v));
	return b;
}

const char *fmt_ns(double ns)
{
	static const struct {
		double div;
		const char *unit;
	} units[] = { { 1e3, "µs" }, { 1e6, "ms" }, { 1e9, "s" } };
	char *b = fmt_slot();
	unsigned int u = 0;
	double v;

	if (ns < 999.5) {
		snprintf(b, SLOT, "%.0f ns", ns);
		return b;
	}
	while (u < 2 && ns / units[u].div >= 999.5)
		u++;
	v = ns / units[u].div;
	/* 3 significant digits: 950, 95.0, 9.50 */
	snprintf(b, SLOT, v >= 99.95 ? "%.0f %s" : v >= 9.995 ? "%.1f %s" :
		 "%.2f %s", v, units[u].unit);
	return b;
}

const char *fmt_ratio(double r)
{
	char *b = fmt_slot();

	if (r < 9.995)
		snprintf(b, SLOT, "%.2f×", r);
	else if (r < 99.95)
		snprintf(b, SLOT, "%.1f×", r);
	else
		snprintf(b, SLOT, "%.0f×", r);
	return b;
}

const char *fmt_pct(double frac)
{
	char *b = fmt_slot();

	snprintf(b, SLOT, "%.0f%%", frac * 100);
	return b;
}

/* Display width of UTF-8 text: its code points. */
size_t text_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}
