// SPDX-License-Identifier: GPL-2.0
/*
 * synclab bench --matrix FILE: every point of a matrix file for one side
 * (the `make bench` matrix is tools/bench/matrix).
 *
 * Matrix file: one point per line after expansion, "SIDES [quick [xN]]
 * OPTIONS", SIDES a subset of the sides' letters (k kernel, v user in the
 * VM, h user on the host) and q (user on the host, run by the qsbr build
 * synclab-qsbr instead: its lines say rcu_flavor "qsbr"); '#' comments;
 * every {a,b} yields one point per alternative. A line "defaults
 * OPTIONS" puts OPTIONS before those of every later point (a point's own
 * options win), until the next "defaults" line. Thread counts may follow
 * the machine's CPUs: "cpus", "2cpus", {1..2cpus} (bench_cpus.c). A
 * point's options go through the command line's parser (bench.c); the
 * command line's workload options then apply over them.
 *
 * The points of one line are compared with each other, so their repeats
 * interleave: with two alternatives A and B, each round runs A then B,
 * and a slow spell of the host falls on both, not on one of them. A
 * "quick xN" line runs N times a round (A B A B ... , N pairs): its
 * points get N times the repeats, for a ratio whose median holds still
 * on a machine whose speed swings from one second to the next (not
 * under --quick, where every point runs once a repeat). The
 * matrix runs in rounds (bench_matrix()): every point once, then, repeat
 * by repeat, the quick lines (the headline comparisons) and then the
 * others, each line only while its points' first runs, timed, still fit
 * the time budget: fewer repeats where time is short, never fewer points,
 * and the headline points keep theirs longest.
 *
 * A run whose cross-CPU round trip was well above the fastest seen is
 * flagged "rtt_slow" and made again, as is a host run that other
 * processes disturbed (see bench.c), up to BENCH_ATTEMPTS times. The
 * "synclab-bench: begin/end POINT REPEAT ATTEMPT" markers on stderr let
 * tools/bench/run.sh measure the host's load around a run in the VM.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bench_user.h"
#include "benchcli.h"

#define BENCH_ATTEMPTS		3
#define BENCH_MAX_POINTS	4096

struct bench_point {
	char sides[8];		/* letters of bench_sides[] */
	bool quick;
	unsigned int times;	/* runs a repeat: 1, or N of "quick xN" */
	char *args;		/* expanded: no braces left */
	int line;
};

/* The most runs a repeat a line may ask for ("quick x9"). */
#define BENCH_MAX_TIMES		9

struct bench_matrix {
	struct bench_point *p;
	int n;
};

/**
 * struct matrix_run - a matrix being run on one side
 * @c:		the command line
 * @m:		the points
 * @letter:	the side's letter
 * @t_start:	when the first run began
 * @best_rtt:	the fastest cross-CPU round trip probed so far
 * @done:	runs done
 * @total:	runs to do in all, as far as known
 * @hurry:	behind the time budget: no retries
 * @first_s:	per point, how long its first round took (seconds)
 * @dead:	per point, failed: no more rounds
 */
struct matrix_run {
	const struct bench_cmd *c;
	struct bench_matrix m;
	char letter;
	double t_start;
	__u64 best_rtt;
	int done;
	int total;
	bool hurry;
	double first_s[BENCH_MAX_POINTS];
	bool dead[BENCH_MAX_POINTS];
};

/* A point of @proto's line (sides, quick, times, line) with @args. */
static void bench_add_point(struct bench_matrix *m,
			    const struct bench_point *proto, const char *args)
{
	struct bench_point *p;
	int i;

	/* a point twice (a sweep meeting a fixed count) is one point */
	for (i = 0; i < m->n; i++)
		if (!strcmp(m->p[i].sides, proto->sides) &&
		    !strcmp(m->p[i].args, args))
			return;
	if (m->n >= BENCH_MAX_POINTS)
		cli_die("bench: matrix: more than %d points", BENCH_MAX_POINTS);
	m->p = realloc(m->p, (m->n + 1) * sizeof(*m->p));
	if (!m->p)
		cli_die("bench: out of memory");
	p = &m->p[m->n++];
	*p = *proto;
	p->args = strdup(args);
	if (!p->args)
		cli_die("bench: out of memory");
}

/* Expand the first {a,b,c} of @args into one point per alternative. */
static void bench_expand(struct bench_matrix *m,
			 const struct bench_point *proto, const char *args,
			 const char *path)
{
	const char *open = strchr(args, '{'), *close, *alt;

	if (!open) {
		bench_add_point(m, proto, args);
		return;
	}
	close = strchr(open, '}');
	if (!close)
		cli_die("bench: %s:%d: '{' without '}'", path, proto->line);
	for (alt = open + 1; alt <= close;) {
		size_t len = strcspn(alt, ",}");
		size_t n = (open - args) + len + strlen(close + 1) + 1;
		char *one = malloc(n);

		if (!one)
			cli_die("bench: out of memory");
		snprintf(one, n, "%.*s%.*s%s", (int)(open - args), args,
			 (int)len, alt, close + 1);
		bench_expand(m, proto, one, path);
		free(one);
		alt += len + 1;
	}
}

/* The host's points for the build over liburcu's qsbr flavor. */
#define BENCH_QSBR_LETTER	'q'

/* Whether @sides is made of the sides' letters (and q) only. */
static bool bench_sides_valid(const char *sides)
{
	char letters[BENCH_NSIDES + 2];
	unsigned int i;

	for (i = 0; i < BENCH_NSIDES; i++)
		letters[i] = bench_sides[i].letter;
	letters[i++] = BENCH_QSBR_LETTER;
	letters[i] = '\0';
	return strspn(sides, letters) == strlen(sides);
}

/* @s without its comment and trailing blanks; NULL for a blank line. */
static char *bench_line_words(char *s)
{
	char *end, *hash = strchr(s, '#');

	if (hash)
		*hash = '\0';
	s[strcspn(s, "\n")] = '\0';
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	s += strspn(s, " \t");
	return *s ? s : NULL;
}

/* One line of a matrix file (see the top of this file). */
static void bench_matrix_line(struct bench_matrix *m, char *s, char **defaults,
			      const char *path, int lineno)
{
	struct bench_point proto = { .times = 1, .line = lineno };
	size_t n = strcspn(s, " \t");
	char *sides = s, *full, *words, where[512];

	s += n;
	if (*s)
		*s++ = '\0';
	s += strspn(s, " \t");
	if (!strcmp(sides, "defaults")) {
		if (strchr(s, '{'))
			cli_die("bench: %s:%d: no {a,b} in defaults", path, lineno);
		free(*defaults);
		*defaults = strdup(s);
		if (!*defaults)
			cli_die("bench: out of memory");
		return;
	}
	if (!bench_sides_valid(sides))
		cli_die("bench: %s:%d: sides '%s' must be letters of kvhq", path,
			lineno, sides);
	snprintf(proto.sides, sizeof(proto.sides), "%s", sides);
	if (!strncmp(s, "quick", 5) && (s[5] == ' ' || s[5] == '\t')) {
		proto.quick = true;
		s += 5 + strspn(s + 5, " \t");
		if (s[0] == 'x' && s[1] >= '0' && s[1] <= '9') {
			char *end;
			unsigned long t = strtoul(s + 1, &end, 10);

			if ((*end && *end != ' ' && *end != '\t') || !t ||
			    t > BENCH_MAX_TIMES)
				cli_die("bench: %s:%d: quick x%.*s: N must be 1 to %d",
					path, lineno, (int)strcspn(s + 1, " \t"),
					s + 1, BENCH_MAX_TIMES);
			proto.times = t;
			s = end + strspn(end, " \t");
		}
	}
	if (asprintf(&full, "%s%s%s", *defaults, **defaults ? " " : "", s) < 0)
		cli_die("bench: out of memory");
	/* "cpus", "2cpus", {1..2cpus}: thread counts for this machine */
	snprintf(where, sizeof(where), "%s:%d", path, lineno);
	words = bench_matrix_cpus(full, bench_matrix_ncpus(), where);
	bench_expand(m, &proto, words, path);
	free(words);
	free(full);
}

static void bench_read_matrix(const char *path, struct bench_matrix *m)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *defaults = strdup(""), *s;
	size_t cap = 0;
	int lineno = 0;

	if (!f)
		cli_die_errno("bench: %s", path);
	if (!defaults)
		cli_die("bench: out of memory");
	memset(m, 0, sizeof(*m));
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		s = bench_line_words(line);
		if (s)
			bench_matrix_line(m, s, &defaults, path, lineno);
	}
	free(defaults);
	free(line);
	fclose(f);
}

static void bench_free_matrix(struct bench_matrix *m)
{
	int i;

	for (i = 0; i < m->n; i++)
		free(m->p[i].args);
	free(m->p);
}

static bool bench_point_wanted(const char *points, int idx)
{
	const char *s = points;

	if (!points)
		return true;
	while (*s) {
		if (atoi(s) == idx)
			return true;
		s += strcspn(s, ",");
		s += *s == ',';
	}
	return false;
}

/*
 * Parse point @p into @po: its options, then the command line's (which
 * win). Returns the buffer @po's strings point into, to free.
 */
static char *bench_point_parse(struct bench_cli *po, const struct bench_point *p,
			       const struct bench_cmd *c)
{
	char *argv[BENCH_MAX_ARGS + 1], *args = strdup(p->args), *tok, where[512];
	int argc = 0;

	if (!args)
		cli_die("bench: out of memory");
	argv[argc++] = "bench";
	for (tok = strtok(args, " \t"); tok; tok = strtok(NULL, " \t")) {
		if (argc == BENCH_MAX_ARGS + 1)
			cli_die("bench: %s:%d: more than %d options", c->matrix,
				p->line, BENCH_MAX_ARGS);
		argv[argc++] = tok;
	}
	snprintf(where, sizeof(where), "%s:%d", c->matrix, p->line);
	bench_defaults(po);
	po->side = c->o.side;
	bench_parse(po, argc, argv, c, where);
	return args;
}

/* "quick", "quick xN" or "", as the matrix line said. */
static const char *bench_quick_mark(const struct bench_point *p, char *buf,
				    size_t size)
{
	if (!p->quick)
		return "";
	if (p->times == 1)
		return "quick";
	snprintf(buf, size, "quick x%u", p->times);
	return buf;
}

/*
 * --list: every point, and whether this binary's engine accepts it (the
 * same bench_validate() as the kernel's, so kernel points are checked
 * too). A peer this binary lacks is an error only for a point that runs
 * on this binary's side.
 */
static int bench_list(const struct matrix_run *mr)
{
	const struct bench_matrix *m = &mr->m;
	int i, bad = 0;
	char mark[16];

	for (i = 0; i < m->n; i++) {
		struct bench_cli po;
		char *args = bench_point_parse(&po, &m->p[i], mr->c);
		int ret = bench_user_validate(&po.w);

		if (ret == -EOPNOTSUPP &&
		    (mr->letter == bench_sides[BENCH_KERNEL].letter ||
		     !strchr(m->p[i].sides, mr->letter)))
			ret = 0;
		if (ret) {
			fprintf(stderr, "synclab: bench: point %d (%s:%d): %s\n",
				i, mr->c->matrix, m->p[i].line, bench_errstr(ret));
			bad++;
		}
		printf("%4d %-3s %-5s %s\n", i, m->p[i].sides,
		       bench_quick_mark(&m->p[i], mark, sizeof(mark)),
		       m->p[i].args);
		free(args);
	}
	return bad ? 1 : 0;
}

/*
 * Round 0 runs every point; with a time budget, when the rest of it would
 * not fit at the pace so far, without retries. Said once each way.
 */
static void bench_pace(struct matrix_run *mr, int left, int point)
{
	double el = bench_seconds() - mr->t_start, budget = mr->c->budget;
	bool late;

	if (budget <= 0 || !mr->done)
		return;
	late = el + el / mr->done * left > budget;
	if (late && !mr->hurry)
		fprintf(stderr, "synclab: bench: behind the time budget (%.0f s): no retries from point %d on\n",
			budget, point);
	if (!late && mr->hurry)
		fprintf(stderr, "synclab: bench: back within the time budget from point %d on\n",
			point);
	mr->hurry = late;
}

/* Flags a run whose round trip or host load makes it doubtful. */
static void bench_judge(struct matrix_run *mr, struct bench_record *rec,
			const struct bench_load *l0, const struct bench_load *l1)
{
	const struct synclab_result *res = &rec->res;
	__u64 rtt = bench_rtt(res);

	if (res->rtt_before_ns && (!mr->best_rtt ||
				   res->rtt_before_ns < mr->best_rtt))
		mr->best_rtt = res->rtt_before_ns;
	if (res->rtt_after_ns && res->rtt_after_ns < mr->best_rtt)
		mr->best_rtt = res->rtt_after_ns;
	if (rtt > 2 * mr->best_rtt + 50)
		rec->notes[rec->nnotes++] = "rtt_slow";
	if (!strcmp(rec->side, bench_sides[BENCH_USER_HOST].name)) {
		rec->host_other_cpu_pct = bench_load_other(l0, l1);
		if (rec->host_other_cpu_pct > BENCH_DISTURBED_PCT)
			rec->notes[rec->nnotes++] = "disturbed";
	}
}

/* One repeat of point @i: up to BENCH_ATTEMPTS runs until one is clean. */
static int bench_attempts(struct matrix_run *mr, const struct bench_cli *po,
			  int i, int r, struct bench_record *rec)
{
	int attempt, ret = 0;

	for (attempt = 1; attempt <= (mr->hurry ? 1 : BENCH_ATTEMPTS); attempt++) {
		struct bench_load l0, l1;

		bench_record_init(rec, po);
		rec->point = i;
		rec->repeat = r + mr->c->repeat_from;
		rec->attempts = attempt;
		fprintf(stderr, "synclab-bench: begin %d %d %d\n", i,
			rec->repeat, attempt);
		bench_load_sample(&l0);
		ret = bench_exec(rec);
		bench_load_sample(&l1);
		fprintf(stderr, "synclab-bench: end %d %d %d\n", i,
			rec->repeat, attempt);
		if (ret)
			break;
		bench_judge(mr, rec, &l0, &l1);
		if (!rec->nnotes)
			break;
	}
	return ret;
}

/* "[bench SIDE d/n] point P repeat r/R: what, rate, time left" */
static void bench_progress(const struct matrix_run *mr,
			   const struct bench_record *rec, int i, int r, int reps)
{
	double eta = (bench_seconds() - mr->t_start) / mr->done *
		     (mr->total - mr->done);
	const struct synclab_result *res = &rec->res;

	fprintf(stderr, "[bench %s %d/%d] point %d repeat %d/%d: %s %s, %llu ops/s%s, ~%dm%02ds left\n",
		rec->side, mr->done, mr->total, i, r + 1, reps,
		bench_struct_name(rec->w.structure),
		bench_mode_name(rec->w.structure, rec->w.mode),
		(unsigned long long)(res->elapsed_ns ?
			(double)(res->ops[0] + res->ops[1]) * 1e9 /
			res->elapsed_ns : 0),
		rec->nnotes ? " (flagged)" : "", (int)eta / 60, (int)eta % 60);
}

/* Repeat @r of point @i: 0, 1 (the run failed) or -EINTR. */
static int bench_point_once(struct matrix_run *mr, int i, int r, int reps)
{
	const struct bench_point *p = &mr->m.p[i];
	struct bench_record rec;
	struct bench_cli po;
	char *args = bench_point_parse(&po, p, mr->c), why[160];
	int ret;

	ret = bench_attempts(mr, &po, i, r, &rec);
	free(args);
	if (ret && ret != -EINTR) {
		fprintf(stderr, "synclab: bench: point %d (%s:%d): %s\n",
			i, mr->c->matrix, p->line, bench_errstr(ret));
		return 1;
	}
	if (bench_json_print(stdout, &rec, why, sizeof(why)))
		cli_die("bench: point %d: %s", i, why);
	mr->done++;
	bench_progress(mr, &rec, i, r, reps);
	if (ret == -EINTR)
		fprintf(stderr, "synclab: bench: interrupted\n");
	return ret;
}

static bool bench_point_todo(const struct matrix_run *mr, int i)
{
	const struct bench_point *p = &mr->m.p[i];

	return strchr(p->sides, mr->letter) && (!mr->c->quick || p->quick) &&
	       bench_point_wanted(mr->c->points, i);
}

/* Runs a repeat of point @i: its line's N (one each under --quick). */
static unsigned int bench_times(const struct matrix_run *mr, int i)
{
	return mr->c->quick ? 1 : mr->m.p[i].times;
}

/* Runs of point @i a repeat if it is to be done, else 0. */
static int bench_point_runs(const struct matrix_run *mr, int i)
{
	return bench_point_todo(mr, i) ? bench_times(mr, i) : 0;
}

/*
 * Round @r of the points [@first, @end) of one matrix line, those to do
 * and not failed: the line's times runs of each, as repeats r * times +
 * j, the points taking turns (A B A B); round 0 times each point's first
 * run (mr->first_s). A failed point leaves the rounds. 0 or -EINTR.
 */
static int bench_line_round(struct matrix_run *mr, int first, int end, int r,
			    int *failed)
{
	unsigned int j, times = bench_times(mr, first);
	int i, ret;

	for (j = 0; j < times; j++)
		for (i = first; i < end; i++) {
			double t0;

			if (!bench_point_todo(mr, i) || mr->dead[i])
				continue;
			t0 = bench_seconds();
			ret = bench_point_once(mr, i, r * times + j,
					       mr->c->repeat * times);
			if (ret == -EINTR)
				return ret;
			if (ret == 1) {
				mr->dead[i] = true;
				(*failed)++;
			}
			if (!r && !j)
				mr->first_s[i] = bench_seconds() - t0;
		}
	return 0;
}

/*
 * Whether one more round of the line [@first, @end) fits in what is left
 * of the budget: its first round's time, and half again for retries. When
 * not, that round's runs leave the count still to do.
 */
static bool bench_line_fits(struct matrix_run *mr, int first, int end)
{
	double need = 0, left = mr->c->budget -
				(bench_seconds() - mr->t_start);
	int i, n = 0;

	for (i = first; i < end; i++) {
		if (!bench_point_todo(mr, i) || mr->dead[i])
			continue;
		need += mr->first_s[i] * bench_times(mr, i);
		n += bench_times(mr, i);
	}
	if (!n || mr->c->budget <= 0 || 1.5 * need <= left)
		return n;
	mr->total -= n;
	return false;
}

/* The end of the line that begins at point @i. */
static int bench_line_end(const struct matrix_run *mr, int i)
{
	int next;

	for (next = i + 1; next < mr->m.n &&
	     mr->m.p[next].line == mr->m.p[i].line; next++)
		;
	return next;
}

/**
 * bench_matrix() - synclab bench --matrix
 * @c:	the command line
 *
 * Return: 0, or 1 when a point failed or a signal stopped the runs.
 */
int bench_matrix(const struct bench_cmd *c)
{
	static struct matrix_run mr;	/* 36 KiB of per-point state */
	struct bench_record probe;
	int i, k, r, pass, next, todo = 0, failed = 0, ret = 0;

	memset(&mr, 0, sizeof(mr));
	mr.c = c;
	bench_read_matrix(c->matrix, &mr.m);
	bench_record_init(&probe, &c->o);
	mr.letter = bench_sides[bench_side_lookup(probe.side)].letter;
	if (mr.letter == bench_sides[BENCH_USER_HOST].letter &&
	    !strcmp(bench_user_rcu_flavor(), "qsbr"))
		mr.letter = BENCH_QSBR_LETTER;
	if (c->list) {
		ret = bench_list(&mr);
		bench_free_matrix(&mr.m);
		return ret;
	}
	for (i = 0; i < mr.m.n; i++)
		todo += bench_point_runs(&mr, i);
	bench_signals();
	mr.t_start = bench_seconds();
	mr.total = todo * c->repeat;
	for (i = 0; i < mr.m.n && ret != -EINTR; i = next) {
		next = bench_line_end(&mr, i);
		bench_pace(&mr, todo, i);
		for (k = i; k < next; k++)
			todo -= bench_point_runs(&mr, k);
		ret = bench_line_round(&mr, i, next, 0, &failed);
	}
	mr.hurry = false;
	/* the quick lines first in every later round, then the others */
	for (r = 1; r < c->repeat && ret != -EINTR; r++)
		for (pass = 0; pass < 2 && ret != -EINTR; pass++)
			for (i = 0; i < mr.m.n && ret != -EINTR; i = next) {
				next = bench_line_end(&mr, i);
				if (mr.m.p[i].quick != !pass ||
				    !bench_line_fits(&mr, i, next))
					continue;
				ret = bench_line_round(&mr, i, next, r, &failed);
			}
	bench_free_matrix(&mr.m);
	return failed || ret == -EINTR ? 1 : 0;
}
