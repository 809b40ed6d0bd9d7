// SPDX-License-Identifier: GPL-2.0
/*
 * refscale's results as benchmark results: `synclab bench --from-refscale
 * FILE` reads the kernel log of a refscale run (kernel/rcu/refscale.c,
 * loaded as a module; tools/bench/refscale.sh builds it for the stock
 * kernel) and prints one JSON line per experiment through the one printer,
 * next to the engine's own figure for the same read section.
 *
 * What refscale 6.1 logs, and what is read of it (each line may carry a
 * "[seconds]" timestamp and a "<level>" prefix, both skipped):
 *
 *   TYPE-ref-scale: --- Start of test:  ... loops=L nreaders=R nruns=N readdelay=D
 *   TYPE-ref-scale: END OF TEST. Calculating average duration per loop ...
 *   Runs<TAB>Time(ns)
 *   1<TAB>20.082            one row per experiment: nanoseconds per loop,
 *   ...                     averaged over the readers
 *
 * Each reader times L loops of one empty read section (TYPE rcu:
 * rcu_read_lock()/rcu_read_unlock(); lock: raw_spin_lock()/unlock() with
 * preemption off; rwlock: read_lock()/read_unlock()), alone on its CPU,
 * interrupts off. A row becomes a result of structure "lock", mode rcu,
 * spinlock or rwlock, side "kernel", one worker per reader, with
 * ops = L * R and elapsed_ns = L * (ns per loop): ops_per_sec is then
 * R * 1e9 / (ns per loop). It has no latency samples, no round-trip
 * probes, label "refscale" and "peer": true. Other scale types have no
 * engine counterpart and are skipped with a note.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benchcli.h"

#define REFSCALE_TAG	"-ref-scale: "

static const struct {
	const char *type;
	__u32 mode;
} refscale_modes[] = {
	{ "rcu", SYNCLAB_BENCH_LOCK_RCU },
	{ "lock", SYNCLAB_BENCH_LOCK_SPINLOCK },
	{ "rwlock", SYNCLAB_BENCH_LOCK_RWLOCK },
};

/* The message of a kernel log line: past "<6>" and "[   1.234567] ". */
static const char *refscale_msg(const char *line)
{
	const char *s = line;

	if (*s == '<') {
		const char *gt = strchr(s, '>');

		if (gt)
			s = gt + 1;
	}
	if (*s == '[') {
		const char *br = strchr(s, ']');

		if (br)
			s = br + 1 + (br[1] == ' ');
	}
	return s;
}

/* "key=N" anywhere in @s, as a number; false when absent. */
static bool refscale_param(const char *s, const char *key, long *v)
{
	size_t n = strlen(key);
	const char *p;

	for (p = strstr(s, key); p; p = strstr(p + 1, key)) {
		if ((p == s || p[-1] == ' ') && p[n] == '=') {
			*v = strtol(p + n + 1, NULL, 10);
			return true;
		}
	}
	return false;
}

/* A row of the final table, "RUN<TAB>NS.FFF"; false for anything else. */
static bool refscale_row(const char *s, long *run, double *ns)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	*run = strtol(s, &end, 10);
	if (end == s || (*end != '\t' && *end != ' '))
		return false;
	s = end + strspn(end, " \t");
	if (!isdigit((unsigned char)*s))
		return false;
	*ns = strtod(s, &end);
	return end != s && (*end == '\0' || isspace((unsigned char)*end));
}

struct refscale_test {
	char type[32];
	long loops, nreaders, nruns, readdelay;
	int mode;		/* -1: no engine counterpart */
	bool ended;		/* END OF TEST seen: rows follow */
	long rows;
};

static void refscale_start(struct refscale_test *t, const char *msg,
			   const char *tag, const char *where)
{
	size_t n = tag - msg, i;

	memset(t, 0, sizeof(*t));
	snprintf(t->type, sizeof(t->type), "%.*s", (int)n, msg);
	t->mode = -1;
	for (i = 0; i < ARRAY_LEN(refscale_modes); i++)
		if (!strcmp(t->type, refscale_modes[i].type))
			t->mode = refscale_modes[i].mode;
	if (!refscale_param(msg, "loops", &t->loops) ||
	    !refscale_param(msg, "nreaders", &t->nreaders) ||
	    !refscale_param(msg, "nruns", &t->nruns) || t->loops <= 0 ||
	    t->nreaders <= 0 || t->nruns <= 0) {
		fprintf(stderr, "synclab: bench: %s: a %s test without loops, nreaders or nruns; skipped\n",
			where, t->type);
		t->mode = -1;
	}
	if (!refscale_param(msg, "readdelay", &t->readdelay))
		t->readdelay = 0;
	if (t->mode < 0)
		fprintf(stderr, "synclab: bench: %s: refscale type '%s' has no engine counterpart (rcu lock rwlock); skipped\n",
			where, t->type);
}

static void refscale_print(const struct refscale_test *t, double ns,
			   const struct bench_record *base, FILE *out)
{
	struct bench_record rec = *base;
	struct synclab_workload *w = &rec.w;
	struct synclab_result *res = &rec.res;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	char why[160];

	memset(w, 0, sizeof(*w));
	memset(res, 0, sizeof(*res));
	w->structure = SYNCLAB_BENCH_LOCK;
	w->mode = t->mode;
	w->threads[0] = t->nreaders;
	w->batch = 1;
	w->cs_ns = t->readdelay;
	res->ops[0] = (__u64)t->loops * t->nreaders;
	res->ops_total[0] = res->ops[0];
	res->thread_ops_min[0] = t->loops;
	res->thread_ops_max[0] = t->loops;
	res->elapsed_ns = (__u64)(ns * t->loops + 0.5);
	res->threads_run = t->nreaders;
	res->cpus = cpus > 0 ? cpus : 1;
	if ((long)res->cpus < t->nreaders)
		res->flags |= SYNCLAB_RESULT_OVERSUBSCRIBED;
	rec.peer = true;
	rec.point = -1;
	/* experiment k of a test is repeat k, counted from --repeat-from */
	rec.repeat = base->repeat + t->rows;
	snprintf(rec.label, sizeof(rec.label), "refscale");
	if (res->elapsed_ns && bench_json_print(out, &rec, why, sizeof(why)))
		cli_die("bench: refscale: %s", why);
}

/**
 * bench_refscale_convert() - refscale's log to JSON lines
 * @in:		the kernel log (dmesg) of one or more refscale runs
 * @where:	its name, for messages
 * @base:	side, kernel, machine and debug flags to print with each
 * @out:	where the JSON lines go
 *
 * Return: the lines printed; a test that started but printed no table
 * (still running, or cut short) is named on stderr.
 */
int bench_refscale_convert(FILE *in, const char *where,
			   const struct bench_record *base, FILE *out)
{
	struct refscale_test t = { .mode = -1 };
	bool in_test = false;
	char *line = NULL;
	size_t cap = 0;
	int printed = 0;

	while (getline(&line, &cap, in) >= 0) {
		const char *msg, *tag;
		double ns;
		long run;

		line[strcspn(line, "\r\n")] = '\0';
		msg = refscale_msg(line);
		tag = strstr(msg, REFSCALE_TAG);
		if (tag && strstr(tag, "--- Start of test:")) {
			if (in_test && t.rows < t.nruns && t.mode >= 0)
				fprintf(stderr, "synclab: bench: %s: the %s test printed %ld of %ld results\n",
					where, t.type, t.rows, t.nruns);
			refscale_start(&t, msg, tag, where);
			in_test = true;
		} else if (tag && strstr(tag, "END OF TEST")) {
			t.ended = in_test;
		} else if (in_test && t.ended && t.mode >= 0 &&
			   t.rows < t.nruns && refscale_row(msg, &run, &ns)) {
			refscale_print(&t, ns, base, out);
			t.rows++;
			printed++;
		}
	}
	if (in_test && t.mode >= 0 && t.rows < t.nruns)
		fprintf(stderr, "synclab: bench: %s: the %s test printed %ld of %ld results\n",
			where, t.type, t.rows, t.nruns);
	free(line);
	return printed;
}
