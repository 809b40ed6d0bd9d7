// SPDX-License-Identifier: GPL-2.0
/*
 * synclab jsonl: what tools/bench/run.sh does to files of result lines,
 * through the one reader and printer (bench_line.h), so that no script
 * edits JSON as text.
 *
 * Every line is identified by its run, "PHASE POINT REPEAT ATTEMPTS",
 * PHASE being the phase of its side (kernel, user, host: bench_sides[]);
 * refscale's lines (label "refscale") are "refscale MODE REPEAT 1", one
 * key per refscale load of one experiment, as tools/bench/guest.sh marks
 * them.
 *
 *   synclab jsonl annotate --loads FILE [--limit PCT] RUN.jsonl...
 *	Adds "host_other_cpu_pct" to each line from FILE (lines "KEY PCT",
 *	measured by run.sh around the run's begin/end markers) and the flag
 *	"disturbed" when PCT is over the limit (20); "host_load_unknown"
 *	when FILE has no figure for the run. Lines that already carry the
 *	field (the host's own) pass unchanged.
 *   synclab jsonl disturbed [--phases "kernel user refscale"] MERGED.jsonl
 *	Prints what must run again: "PHASE POINT N" (N: disturbed repeats
 *	of the point) and "refscale MODE", for the phases listed (default:
 *	the VM's).
 *   synclab jsonl replace RERUN.jsonl MERGED.jsonl
 *	Prints MERGED with each disturbed line replaced by a clean line of
 *	the same phase and point from RERUN (which takes the old line's
 *	repeat number), while there are any; refscale's lines of a mode are
 *	replaced all together when RERUN has clean ones. A disturbed line
 *	with no clean replacement stays, flag and all.
 *
 * Lines that are not changed are written as they were read.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "benchcli.h"

#define JSONL_LIMIT_PCT		20.0

/**
 * struct jline - one result line of a file
 * @text:	as read, without its end
 * @j:		parsed
 * @phase:	its key's first word: a side's phase, or "refscale"
 * @mode:	refscale's lines: their mode
 * @point:	other lines: matrix point, repeat, attempt; -1 for a line
 *		run outside a matrix, which no run of run.sh's is and which
 *		therefore is never annotated, listed or replaced
 * @repeat:	(refscale's lines too: the experiment's number)
 * @attempts:
 * @disturbed:	its flags name "disturbed"
 */
struct jline {
	char *text;
	json_t *j;
	const char *phase;
	const char *mode;
	long long point, repeat, attempts;
	bool disturbed;
};

struct jfile {
	const char *path;
	struct jline *v;
	size_t n;
};

static const char *jsonl_str(const struct jfile *f, size_t lineno, json_t *j,
			     const char *key)
{
	json_t *v = json_object_get(j, key);

	if (!json_is_string(v))
		cli_die("jsonl: %s:%zu: '%s' is %s, expected a string", f->path,
			lineno, key, v ? bench_json_type(v) : "missing");
	return json_string_value(v);
}

/* An unsigned integer, or -1 when the line has no @key. */
static long long jsonl_int(const struct jfile *f, size_t lineno, json_t *j,
			   const char *key)
{
	json_t *v = json_object_get(j, key);

	if (!v)
		return -1;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		cli_die("jsonl: %s:%zu: '%s' is %s, expected an unsigned integer",
			f->path, lineno, key, v ? bench_json_type(v) : "missing");
	return json_integer_value(v);
}

/* What run.sh keys a line by: see the top of this file. */
static void jsonl_identify(const struct jfile *f, size_t lineno, struct jline *l)
{
	json_t *label = json_object_get(l->j, "label"), *flags, *e;
	const char *side = jsonl_str(f, lineno, l->j, "side");
	int s = bench_side_lookup(side);
	size_t i;

	if (s < 0)
		cli_die("jsonl: %s:%zu: unknown side '%s'", f->path, lineno, side);
	flags = json_object_get(l->j, "flags");
	if (!json_is_array(flags))
		cli_die("jsonl: %s:%zu: 'flags' is %s, expected an array", f->path,
			lineno, flags ? bench_json_type(flags) : "missing");
	json_array_foreach(flags, i, e)
		l->disturbed |= json_is_string(e) &&
				!strcmp(json_string_value(e), "disturbed");
	if (json_is_string(label) && !strcmp(json_string_value(label), "refscale")) {
		l->phase = "refscale";
		l->mode = jsonl_str(f, lineno, l->j, "mode");
		l->repeat = json_object_get(l->j, "repeat") ?
			    jsonl_int(f, lineno, l->j, "repeat") : 0;
		return;
	}
	l->phase = bench_sides[s].phase;
	l->point = jsonl_int(f, lineno, l->j, "point");
	l->repeat = jsonl_int(f, lineno, l->j, "repeat");
	l->attempts = jsonl_int(f, lineno, l->j, "attempts");
}

/* Every line of @path; one clear line and exit on anything wrong. */
static void jsonl_read(const char *path, struct jfile *f)
{
	FILE *in = fopen(path, "r");
	char *text = NULL, why[160];
	size_t cap = 0, lineno = 0;
	ssize_t len;

	memset(f, 0, sizeof(*f));
	f->path = path;
	if (!in)
		cli_die_errno("jsonl: %s", path);
	while ((len = getline(&text, &cap, in)) >= 0) {
		struct jline *l;
		int col;

		lineno++;
		while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
			text[--len] = '\0';
		if (!text[strspn(text, " \t")])
			continue;
		f->v = realloc(f->v, (f->n + 1) * sizeof(*f->v));
		if (!f->v)
			cli_die("jsonl: out of memory");
		l = &f->v[f->n++];
		memset(l, 0, sizeof(*l));
		l->j = bench_line_parse(text, len, why, sizeof(why), &col);
		if (!l->j)
			cli_die("jsonl: %s:%zu:%d: %s", path, lineno, col, why);
		l->text = strdup(text);
		if (!l->text)
			cli_die("jsonl: out of memory");
		jsonl_identify(f, lineno, l);
	}
	if (ferror(in))
		cli_die_errno("jsonl: %s", path);
	free(text);
	fclose(in);
}

static void jsonl_free(struct jfile *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		json_decref(f->v[i].j);
		free(f->v[i].text);
	}
	free(f->v);
}

static void jsonl_key(const struct jline *l, char *buf, size_t size)
{
	if (l->mode)
		snprintf(buf, size, "refscale %s %lld 1", l->mode, l->repeat);
	else if (l->point < 0)
		snprintf(buf, size, "%s outside a matrix", l->phase);
	else
		snprintf(buf, size, "%s %lld %lld %lld", l->phase, l->point,
			 l->repeat, l->attempts);
}

static void jsonl_print(const char *text)
{
	if (printf("%s\n", text) < 0)
		cli_die_errno("jsonl: writing");
}

static void jsonl_dump(const json_t *j)
{
	if (bench_json_dump(stdout, j))
		cli_die_errno("jsonl: writing");
}

/* ---- annotate ------------------------------------------------------------- */

struct load {
	char key[4 * 64];
	double pct;
};

/* "PHASE P R A PCT" lines; others (not five words) are skipped. */
static struct load *jsonl_loads(const char *path, size_t *n)
{
	FILE *in = fopen(path, "r");
	char line[256], w[4][64], pct[64], *end;
	struct load *v = NULL;
	size_t lineno = 0;

	*n = 0;
	if (!in)
		cli_die_errno("jsonl: %s", path);
	while (fgets(line, sizeof(line), in)) {
		lineno++;
		if (sscanf(line, "%63s %63s %63s %63s %63s %*s", w[0], w[1], w[2],
			   w[3], pct) != 5)
			continue;
		v = realloc(v, (*n + 1) * sizeof(*v));
		if (!v)
			cli_die("jsonl: out of memory");
		snprintf(v[*n].key, sizeof(v[*n].key), "%s %s %s %s", w[0], w[1],
			 w[2], w[3]);
		v[*n].pct = strtod(pct, &end);
		if (*end || end == pct || v[*n].pct < 0)
			cli_die("jsonl: %s:%zu: '%s' is not a percentage", path,
				lineno, pct);
		++*n;
	}
	fclose(in);
	return v;
}

/* @flag first in the line's flags. */
static void jsonl_flag(json_t *j, const char *flag)
{
	json_array_insert_new(json_object_get(j, "flags"), 0, json_string(flag));
}

/* A copy of @j with host_other_cpu_pct where the printer puts it. */
static json_t *jsonl_with_pct(json_t *j, double pct)
{
	json_t *o = json_object(), *v;
	const char *key;
	bool put = false;

	json_object_foreach(j, key, v) {
		if (!strcmp(key, "workload")) {
			json_object_set_new(o, "host_other_cpu_pct", json_real(pct));
			put = true;
		}
		json_object_set(o, key, v);
	}
	if (!put)
		json_object_set_new(o, "host_other_cpu_pct", json_real(pct));
	return o;
}

static void jsonl_annotate_file(const char *path, const struct load *loads,
				size_t nloads, double limit)
{
	struct jfile f;
	size_t i, k;

	jsonl_read(path, &f);
	for (i = 0; i < f.n; i++) {
		struct jline *l = &f.v[i];
		char key[4 * 64];
		json_t *o;

		if (json_object_get(l->j, "host_other_cpu_pct")) {
			jsonl_print(l->text);
			continue;
		}
		jsonl_key(l, key, sizeof(key));
		for (k = 0; k < nloads && strcmp(loads[k].key, key); k++)
			;
		if (k == nloads) {
			jsonl_flag(l->j, "host_load_unknown");
			jsonl_dump(l->j);
			continue;
		}
		o = jsonl_with_pct(l->j, loads[k].pct);
		if (loads[k].pct > limit)
			jsonl_flag(o, "disturbed");
		jsonl_dump(o);
		json_decref(o);
	}
	jsonl_free(&f);
}

static int jsonl_annotate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "loads", required_argument, NULL, 'l' },
		{ "limit", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *loads_path = NULL;
	double limit = JSONL_LIMIT_PCT;
	struct load *loads;
	size_t nloads;
	int opt;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:", opts, NULL)) != -1) {
		if (opt == 'l')
			loads_path = optarg;
		else if (opt == 'm')
			limit = cli_number("jsonl annotate: --limit", optarg, 100000);
		else
			cli_die("jsonl annotate: bad option '%s' (try synclab jsonl --help)",
				argv[optind - 1]);
	}
	if (!loads_path || optind == argc)
		cli_die("jsonl annotate: takes --loads FILE and result files");
	loads = jsonl_loads(loads_path, &nloads);
	for (; optind < argc; optind++)
		jsonl_annotate_file(argv[optind], loads, nloads, limit);
	free(loads);
	return 0;
}

/* ---- disturbed ------------------------------------------------------------------ */

/* Whether the space-separated list @list names @word. */
static bool jsonl_listed(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = strstr(list, word); p; p = strstr(p + 1, word))
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}

static int jsonl_disturbed(int argc, char **argv)
{
	const char *phases = "kernel user refscale";
	struct jfile f;
	size_t i, j;

	if (argc == 4 && !strcmp(argv[1], "--phases"))
		phases = argv[2];
	else if (argc != 2)
		cli_die("jsonl disturbed: takes [--phases LIST] FILE");
	jsonl_read(argv[argc - 1], &f);
	for (i = 0; i < f.n; i++) {
		const struct jline *l = &f.v[i];
		unsigned int count = 0;
		bool seen = false;

		if (!l->disturbed || !jsonl_listed(phases, l->phase) ||
		    (!l->mode && l->point < 0))
			continue;
		/* once per point (refscale: per mode), at its first */
		for (j = 0; j < i && !seen; j++)
			seen = f.v[j].disturbed && !strcmp(f.v[j].phase, l->phase) &&
			       (l->mode ? !strcmp(f.v[j].mode, l->mode) :
					  f.v[j].point == l->point);
		if (seen)
			continue;
		if (l->mode) {
			printf("refscale %s\n", l->mode);
			continue;
		}
		for (j = i; j < f.n; j++)
			count += f.v[j].disturbed && !f.v[j].mode &&
				 !strcmp(f.v[j].phase, l->phase) &&
				 f.v[j].point == l->point;
		printf("%s %lld %u\n", l->phase, l->point, count);
	}
	jsonl_free(&f);
	return 0;
}

/* ---- replace --------------------------------------------------------------------- */

/* refscale's lines of @mode in @rerun, clean ones only if all are. */
static bool jsonl_refscale_clean(const struct jfile *rerun, const char *mode)
{
	size_t i, n = 0;

	for (i = 0; i < rerun->n; i++) {
		if (!rerun->v[i].mode || strcmp(rerun->v[i].mode, mode))
			continue;
		if (rerun->v[i].disturbed)
			return false;
		n++;
	}
	return n > 0;
}

/* The next clean line of @old's phase and point in @rerun, or NULL. */
static struct jline *jsonl_fresh(struct jfile *rerun, bool *used,
				 const struct jline *old)
{
	size_t i;

	for (i = 0; i < rerun->n; i++) {
		struct jline *l = &rerun->v[i];

		if (!used[i] && !l->mode && !l->disturbed && l->point >= 0 &&
		    !strcmp(l->phase, old->phase) && l->point == old->point) {
			used[i] = true;
			return l;
		}
	}
	return NULL;
}

static int jsonl_replace(int argc, char **argv)
{
	struct jfile rerun, merged;
	bool *used;
	size_t i, k;

	if (argc != 3)
		cli_die("jsonl replace: takes RERUN.jsonl MERGED.jsonl");
	jsonl_read(argv[1], &rerun);
	jsonl_read(argv[2], &merged);
	used = calloc(rerun.n + 1, sizeof(*used));
	if (!used)
		cli_die("jsonl: out of memory");
	for (i = 0; i < merged.n; i++) {
		const struct jline *l = &merged.v[i];
		struct jline *fresh;

		if (l->mode && jsonl_refscale_clean(&rerun, l->mode)) {
			/* the rerun's lines of the mode, where its first was */
			for (k = 0; k < rerun.n; k++)
				if (rerun.v[k].mode && !used[k] &&
				    !strcmp(rerun.v[k].mode, l->mode)) {
					used[k] = true;
					jsonl_print(rerun.v[k].text);
				}
			continue;
		}
		fresh = l->disturbed && !l->mode ?
			jsonl_fresh(&rerun, used, l) : NULL;
		if (!fresh) {
			jsonl_print(l->text);
			continue;
		}
		json_object_set_new(fresh->j, "repeat", json_integer(l->repeat));
		jsonl_dump(fresh->j);
	}
	free(used);
	jsonl_free(&rerun);
	jsonl_free(&merged);
	return 0;
}

static const char jsonl_usage[] =
"usage: synclab jsonl annotate --loads FILE [--limit PCT] RUN.jsonl...\n"
"       synclab jsonl disturbed [--phases LIST] MERGED.jsonl\n"
"       synclab jsonl replace RERUN.jsonl MERGED.jsonl\n"
"\n"
"What `make bench` (tools/bench/run.sh) does to files of result lines:\n"
"add the host's load measured around each VM-side run and flag the\n"
"disturbed ones; list the runs to make again; put clean reruns in place\n"
"of disturbed runs. Lines go to stdout. See tools/cli/jsonl.c.\n";

int cmd_jsonl(int argc, char **argv)
{
	if (argc < 2) {
		fputs(jsonl_usage, stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(jsonl_usage, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "annotate"))
		return jsonl_annotate(argc - 1, argv + 1);
	if (!strcmp(argv[1], "disturbed"))
		return jsonl_disturbed(argc - 1, argv + 1);
	if (!strcmp(argv[1], "replace"))
		return jsonl_replace(argc - 1, argv + 1);
	cli_die("jsonl: unknown command '%s' (annotate, disturbed, replace)",
		argv[1]);
}
