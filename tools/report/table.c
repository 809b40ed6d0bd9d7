// SPDX-License-Identifier: GPL-2.0
/*
 * Markdown tables: cells added row by row, columns padded to their widest
 * cell (in code points), figures right-aligned; a long table folds away
 * behind a summary line on GitHub.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

void tab_init(struct table *t, unsigned int ncols)
{
	memset(t, 0, sizeof(*t));
	if (ncols > sizeof(t->right))
		cli_die("report: a table with %u columns", ncols);
	t->ncols = ncols;
}

/* The next cell, rows filled left to right; '|' is escaped. */
void tab_add(struct table *t, const char *fmt, ...)
{
	char *s, *e;
	size_t pipes = 0, i, j;
	va_list ap;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	for (i = 0; s[i]; i++)
		pipes += s[i] == '|';
	if (pipes) {
		e = xrealloc(NULL, strlen(s) + pipes + 1);
		for (i = j = 0; s[i]; i++) {
			if (s[i] == '|')
				e[j++] = '\\';
			e[j++] = s[i];
		}
		e[j] = '\0';
		free(s);
		s = e;
	}
	sl_take(&t->cells, s);
}

unsigned int tab_rows(const struct table *t)
{
	return t->cells.n / t->ncols - 1;
}

void tab_print(const struct table *t, FILE *f)
{
	size_t width[16] = {};
	unsigned int r, c, rows = t->cells.n / t->ncols;

	for (r = 0; r < rows; r++)
		for (c = 0; c < t->ncols; c++) {
			size_t w = text_width(t->cells.v[r * t->ncols + c]);

			if (w > width[c])
				width[c] = w;
		}
	for (r = 0; r < rows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *s = t->cells.v[r * t->ncols + c];
			int pad = (int)(width[c] - text_width(s));

			if (t->right[c] == 'r' && r)
				fprintf(f, "| %*s%s ", pad, "", s);
			else
				fprintf(f, "| %s%*s ", s, pad, "");
		}
		fputs("|\n", f);
		if (r)
			continue;
		for (c = 0; c < t->ncols; c++) {
			size_t w = width[c] < 3 ? 3 : width[c];

			fputs("| ", f);
			for (; w > 1; w--)
				fputc('-', f);
			fputc(t->right[c] == 'r' ? ':' : '-', f);
			fputc(' ', f);
		}
		fputs("|\n", f);
	}
}

/* A long table folds away behind its @summary on GitHub. */
void tab_print_folded(const struct table *t, FILE *f, const char *summary)
{
	bool fold = tab_rows(t) > REPORT_DETAILS_ROWS;

	if (fold)
		fprintf(f, "<details><summary>%s (%u rows)</summary>\n\n", summary,
			tab_rows(t));
	tab_print(t, f);
	if (fold)
		fputs("\n</details>\n", f);
}

void tab_free(struct table *t)
{
	sl_free(&t->cells);
}
