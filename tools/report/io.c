// SPDX-License-Identifier: GPL-2.0
/*
 * The report's input and output: reading the result file through the one
 * reader (every line checked, the first bad one named with its file,
 * line and column), making directories, and running gnuplot on the
 * script plot.c wrote.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report.h"

/* Whether @prog is an executable in a directory of $PATH. */
bool on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, prog);
		if (n && !access(buf, X_OK))
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

/* Runs gnuplot on plots/plots.gp; 0, or -1 with its log kept. */
int run_gnuplot(struct report *rp)
{
	char *plotdir = xasprintf("%s/plots", rp->dir);
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		cli_die_errno("report: fork");
	if (!pid) {
		FILE *log;

		if (chdir(plotdir))
			_exit(126);
		log = freopen("gnuplot.log", "w", stdout);
		if (!log || dup2(fileno(stdout), 2) < 0)
			_exit(126);
		execlp("gnuplot", "gnuplot", "plots.gp", (char *)NULL);
		_exit(127);
	}
	free(plotdir);
	if (waitpid(pid, &status, 0) < 0)
		cli_die_errno("report: waitpid");
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

/* Everything @rp holds. */
void report_free(struct report *rp)
{
	unsigned int i;

	for (i = 0; i < rp->nlines; i++)
		bench_line_free(&rp->lines[i]);
	for (i = 0; i < rp->ngroups; i++)
		free(rp->groups[i].run);
	free(rp->lines);
	free(rp->lineno);
	free(rp->groups);
	free(rp->dir);
	sl_free(&rp->notes);
	sl_free(&rp->plot_names);
}

/* Every line of @rp->path; 0, or 1 after one clear line on stderr. */
int report_read(struct report *rp)
{
	FILE *f = fopen(rp->path, "r");
	char *text = NULL, why[160];
	size_t cap = 0;
	ssize_t len;
	int lineno = 0;

	if (!f) {
		fprintf(stderr, "synclab: report: %s: %s\n", rp->path, strerror(errno));
		return 1;
	}
	while ((len = getline(&text, &cap, f)) >= 0) {
		json_t *tree;
		size_t i;
		int col;

		lineno++;
		/* the line's end is not part of its value */
		while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
			len--;
		for (i = 0; i < (size_t)len && strchr(" \t", text[i]); i++)
			;
		if (i == (size_t)len)
			continue;	/* a blank line */
		tree = bench_line_parse(text, (size_t)len, why, sizeof(why), &col);
		if (!tree) {
			fprintf(stderr, "synclab: report: %s:%d:%d: %s\n", rp->path,
				lineno, col, why);
			goto err_close;
		}
		rp->lines = xrealloc(rp->lines, (rp->nlines + 1) * sizeof(*rp->lines));
		rp->lineno = xrealloc(rp->lineno, (rp->nlines + 1) * sizeof(*rp->lineno));
		if (bench_line_read(tree, &rp->lines[rp->nlines], why, sizeof(why))) {
			bench_line_free(&rp->lines[rp->nlines]);
			fprintf(stderr, "synclab: report: %s:%d: %s\n", rp->path,
				lineno, why);
			goto err_close;
		}
		rp->lineno[rp->nlines++] = lineno;
	}
	if (ferror(f)) {
		fprintf(stderr, "synclab: report: %s: %s\n", rp->path, strerror(errno));
		goto err_close;
	}
	free(text);
	fclose(f);
	if (!rp->nlines) {
		fprintf(stderr, "synclab: report: %s: no result lines\n", rp->path);
		return 1;
	}
	return 0;

err_close:
	free(text);
	fclose(f);
	return 1;
}

/* mkdir -p @dir; 0 or -1 with errno. */
int mkdirs(const char *dir)
{
	char *p, *d = xasprintf("%s", dir);
	int ret = 0;

	for (p = d + 1; ; p++) {
		if (*p && *p != '/')
			continue;
		{
			char c = *p;

			*p = '\0';
			if (mkdir(d, 0755) && errno != EEXIST)
				ret = -1;
			*p = c;
		}
		if (!*p || ret)
			break;
	}
	free(d);
	return ret;
}
