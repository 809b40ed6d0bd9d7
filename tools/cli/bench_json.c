// SPDX-License-Identifier: GPL-2.0
/*
 * The one printer of benchmark results: a struct synclab_result, with the
 * workload that produced it and where it ran, becomes one JSON line
 * (jansson builds and writes it). Any engine, either side, and the peers
 * all come through here, so every line carries the same fields in the
 * same order and `synclab report` reads them all the same way.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bench_line.h"

/*
 * Reals are written with 6 significant digits: the only one a line
 * carries, host_other_cpu_pct, is a percentage with one decimal.
 */
#define BENCH_JSON_FLAGS	(JSON_COMPACT | JSON_REAL_PRECISION(6))

const struct bench_flag bench_result_flags[4] = {
	{ SYNCLAB_RESULT_INTERRUPTED, "interrupted" },
	{ SYNCLAB_RESULT_INVARIANT, "invariant_broken" },
	{ SYNCLAB_RESULT_OVERSUBSCRIBED, "oversubscribed" },
	{ SYNCLAB_RESULT_TRUNCATED, "truncated" },
};

const char * const bench_debug_names[SYNCLAB_DBG_NBITS] = SYNCLAB_DBG_NAMES;

/*
 * "accel": how the guest's CPUs ran, kvm or tcg (tools/vm/accel.sh), or
 * none outside a synclab guest. @name as a string of this table, or NULL.
 */
const char *bench_accel_name(const char *name)
{
	static const char * const accels[] = { "kvm", "tcg", "none" };
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(accels); i++)
		if (!strcmp(name, accels[i]))
			return accels[i];
	return NULL;
}

/* Sampled operations of a role. */
static __u64 hist_total(const __u64 *hist)
{
	__u64 n = 0;
	unsigned int b;

	for (b = 0; b < SYNCLAB_BENCH_HIST; b++)
		n += hist[b];
	return n;
}

/*
 * The @pct-th percentile of a log2 histogram, interpolated linearly inside
 * its bucket [2^b, 2^(b+1)); 0 when nothing was sampled.
 */
__u64 bench_percentile(const __u64 *hist, unsigned int pct)
{
	__u64 total = hist_total(hist), want, seen = 0;
	unsigned int b;

	if (!total)
		return 0;
	want = (total * pct + 99) / 100;
	for (b = 0; b < SYNCLAB_BENCH_HIST; b++) {
		if (seen + hist[b] >= want) {
			__u64 lo = b ? 1ULL << b : 0, width = b ? 1ULL << b : 1;

			return lo + width * (want - seen) / hist[b];
		}
		seen += hist[b];
	}
	return 1ULL << (SYNCLAB_BENCH_HIST - 1);
}

/* A line being built: the first field that did not fit, if any. */
struct builder {
	const char *bad;
	__u64 bad_value;
};

/* Sets @key of @obj; @v is consumed. */
static void put(json_t *obj, const char *key, json_t *v)
{
	json_object_set_new(obj, key, v);
}

static json_t *num(struct builder *b, const char *what, __u64 v)
{
	if (v > INT64_MAX && !b->bad) {
		b->bad = what;
		b->bad_value = v;
	}
	return json_integer(v > INT64_MAX ? 0 : (json_int_t)v);
}

/* Text as a JSON string: bytes that are not UTF-8 become '?'. */
static json_t *str(const char *s)
{
	json_t *j = json_string(s);
	char *copy, *c;

	if (j)
		return j;
	copy = strdup(s);
	for (c = copy; c && *c; c++)
		if ((unsigned char)*c >= 0x80)
			*c = '?';
	j = json_string(copy ? copy : "?");
	free(copy);
	return j;
}

/* { role: value } for each role that has threads. */
static json_t *roles(struct builder *b, const struct bench_record *rec,
		     const char *what, const __u64 *v)
{
	const struct bench_desc *d = bench_desc(rec->w.structure);
	json_t *o = json_object();
	unsigned int r;

	for (r = 0; r < SYNCLAB_BENCH_ROLES; r++)
		if (d->roles[r] && rec->w.threads[r])
			put(o, d->roles[r], num(b, what, v[r]));
	return o;
}

/* Per role: p50, p99, max and samples of its latency histogram. */
static json_t *latency(struct builder *b, const struct bench_record *rec)
{
	const struct bench_desc *d = bench_desc(rec->w.structure);
	const struct synclab_result *res = &rec->res;
	json_t *o = json_object();
	unsigned int r;

	for (r = 0; r < SYNCLAB_BENCH_ROLES; r++) {
		json_t *l;

		if (!d->roles[r] || !rec->w.threads[r])
			continue;
		l = json_object();
		put(l, "p50", num(b, "latency", bench_percentile(res->hist[r], 50)));
		put(l, "p99", num(b, "latency", bench_percentile(res->hist[r], 99)));
		put(l, "max", num(b, "latency", res->lat_max_ns[r]));
		put(l, "samples", num(b, "latency", hist_total(res->hist[r])));
		put(o, d->roles[r], l);
	}
	return o;
}

/* The result's flags, then the runner's notes. */
static json_t *flags(const struct bench_record *rec)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(bench_result_flags); i++)
		if (rec->res.flags & bench_result_flags[i].bit)
			json_array_append_new(a, str(bench_result_flags[i].name));
	for (i = 0; i < rec->nnotes; i++)
		json_array_append_new(a, str(rec->notes[i]));
	return a;
}

/* The kernel's debug options, then this binary's sanitizers. */
static json_t *debug(const struct bench_record *rec)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; i < SYNCLAB_DBG_NBITS; i++)
		if (rec->debug & (1U << i))
			json_array_append_new(a, str(bench_debug_names[i]));
	for (i = 0; i < rec->nsanitizers; i++)
		json_array_append_new(a, str(rec->sanitizers[i]));
	return a;
}

static json_t *pair(struct builder *b, const char *what, __u64 x, __u64 y)
{
	return json_pack("[oo]", num(b, what, x), num(b, what, y));
}

/* Every field of struct synclab_workload but the reserved ones. */
static json_t *workload(struct builder *b, const struct synclab_workload *w)
{
	json_t *o = json_object();

	put(o, "structure", num(b, "workload.structure", w->structure));
	put(o, "mode", num(b, "workload.mode", w->mode));
	put(o, "threads", pair(b, "workload.threads", w->threads[0],
			       w->threads[1]));
	put(o, "mix", num(b, "workload.mix", w->mix));
	put(o, "keys", num(b, "workload.keys", w->keys));
	put(o, "hot", num(b, "workload.hot", w->hot));
	put(o, "hot_keys", num(b, "workload.hot_keys", w->hot_keys));
	put(o, "batch", num(b, "workload.batch", w->batch));
	put(o, "prefill", num(b, "workload.prefill", w->prefill));
	put(o, "cs_ns", num(b, "workload.cs_ns", w->cs_ns));
	put(o, "think_ns", pair(b, "workload.think_ns", w->think_ns[0],
				w->think_ns[1]));
	put(o, "seed", num(b, "workload.seed", w->seed));
	put(o, "warmup_ns", num(b, "workload.warmup_ns", w->warmup_ns));
	put(o, "duration_ns", num(b, "workload.duration_ns", w->duration_ns));
	put(o, "sample_shift", num(b, "workload.sample_shift", w->sample_shift));
	put(o, "flags", num(b, "workload.flags", w->flags));
	put(o, "ops_per_thread", num(b, "workload.ops_per_thread",
				     w->ops_per_thread));
	put(o, "param", json_pack("[oooo]", num(b, "workload.param", w->param[0]),
				  num(b, "workload.param", w->param[1]),
				  num(b, "workload.param", w->param[2]),
				  num(b, "workload.param", w->param[3])));
	return o;
}

/* The structure's own counters, by the names its descriptor gives. */
static json_t *stats(struct builder *b, const struct bench_desc *d,
		     const struct synclab_result *res)
{
	json_t *o = json_object();
	unsigned int i;

	for (i = 0; i < d->nstats; i++)
		put(o, d->stats[i], num(b, "stats", res->stats[i]));
	return o;
}

/* What was counted: rates, counters and latency per role. */
static void counters(struct builder *b, json_t *o, const struct bench_record *rec)
{
	const struct synclab_result *res = &rec->res;
	__u64 ops_ps[SYNCLAB_BENCH_ROLES] = {};
	unsigned int r;

	for (r = 0; r < SYNCLAB_BENCH_ROLES; r++)
		if (res->elapsed_ns)
			ops_ps[r] = (__u64)((double)res->ops[r] * 1e9 /
					    res->elapsed_ns + 0.5);
	put(o, "ops_per_sec", roles(b, rec, "ops_per_sec", ops_ps));
	put(o, "ops", roles(b, rec, "ops", res->ops));
	put(o, "thread_ops_min", roles(b, rec, "thread_ops_min",
				       res->thread_ops_min));
	put(o, "thread_ops_max", roles(b, rec, "thread_ops_max",
				       res->thread_ops_max));
	put(o, "failures", roles(b, rec, "failures", res->failures));
	put(o, "extra", roles(b, rec, "extra", res->extra));
	put(o, "latency_ns", latency(b, rec));
	put(o, "elapsed_ns", num(b, "elapsed_ns", res->elapsed_ns));
	put(o, "cpus", num(b, "cpus", res->cpus));
	put(o, "threads_run", num(b, "threads_run", res->threads_run));
	put(o, "rtt_ns", json_pack("{soso}", "before",
				   num(b, "rtt_ns", res->rtt_before_ns), "after",
				   num(b, "rtt_ns", res->rtt_after_ns)));
	put(o, "clock_ns", num(b, "clock_ns", res->clock_ns));
	if (res->mem_bytes)
		put(o, "mem_bytes", num(b, "mem_bytes", res->mem_bytes));
}

/* Where it ran and how the runner placed it. */
static void context(struct builder *b, json_t *o, const struct bench_record *rec)
{
	char pct[32];

	put(o, "flags", flags(rec));
	put(o, "kernel", str(rec->kernel));
	put(o, "debug", debug(rec));
	put(o, "machine", str(rec->machine));
	put(o, "emulated", json_boolean(rec->emulated));
	/* a record made without bench_record_init(): by "emulated" */
	put(o, "accel", str(rec->accel ? rec->accel :
			    rec->emulated ? "tcg" : "none"));
	if (rec->rcu_flavor[0])
		put(o, "rcu_flavor", str(rec->rcu_flavor));
	if (rec->point >= 0) {
		put(o, "point", num(b, "point", rec->point));
		put(o, "repeat", num(b, "repeat", rec->repeat));
		put(o, "attempts", num(b, "attempts", rec->attempts));
	} else if (rec->repeat) {
		/* outside a matrix: refscale's experiment k (0: left out) */
		put(o, "repeat", num(b, "repeat", rec->repeat));
	}
	if (rec->host_other_cpu_pct >= 0) {
		/* one decimal, as measured */
		snprintf(pct, sizeof(pct), "%.1f", rec->host_other_cpu_pct);
		put(o, "host_other_cpu_pct", json_real(strtod(pct, NULL)));
	}
}

/**
 * bench_json_line() - one result as a JSON object, fields in line order
 * @rec:	the workload, the result and where it ran
 * @why:	what does not fit a line, when something does not
 * @len:	size of @why
 *
 * Return: the object (json_decref() it), or NULL with @why naming the
 * field of 2^63 or more.
 */
json_t *bench_json_line(const struct bench_record *rec, char *why, size_t len)
{
	const struct synclab_workload *w = &rec->w;
	const struct bench_desc *d = bench_desc(w->structure);
	struct builder b = {};
	json_t *o = json_object();

	if (!d) {
		snprintf(why, len, "structure %u has no descriptor", w->structure);
		json_decref(o);
		return NULL;
	}
	put(o, "schema", json_integer(BENCH_LINE_SCHEMA));
	put(o, "structure", str(d->name));
	put(o, "mode", str(bench_mode_name(w->structure, w->mode)));
	put(o, "side", str(rec->side));
	put(o, "peer", json_boolean(rec->peer || bench_is_peer(w->structure,
							       w->mode)));
	if (rec->label[0])
		put(o, "label", str(rec->label));
	put(o, "threads", roles(&b, rec, "threads", (__u64[]){ w->threads[0],
							       w->threads[1] }));
	counters(&b, o, rec);
	if (d->nstats)
		put(o, "stats", stats(&b, d, &rec->res));
	context(&b, o, rec);
	put(o, "workload", workload(&b, w));
	if (b.bad) {
		snprintf(why, len, "%s is %llu: a result line carries integers below 2^63",
			 b.bad, (unsigned long long)b.bad_value);
		json_decref(o);
		return NULL;
	}
	return o;
}

/* @line on one line of @f, as every result line is written; 0 or -1. */
int bench_json_dump(FILE *f, const json_t *line)
{
	if (json_dumpf(line, f, BENCH_JSON_FLAGS) || fputc('\n', f) == EOF)
		return -1;
	return fflush(f) ? -1 : 0;
}

/**
 * bench_json_print() - one result as one JSON line
 * @f:		where to
 * @rec:	the workload, the result and where it ran
 * @why:	what went wrong, when something did
 * @len:	size of @why
 *
 * Return: 0, or -1 with @why saying which field does not fit a line or
 * that @f could not be written.
 */
int bench_json_print(FILE *f, const struct bench_record *rec, char *why,
		     size_t len)
{
	json_t *line = bench_json_line(rec, why, len);
	int ret;

	if (!line)
		return -1;
	ret = bench_json_dump(f, line);
	if (ret)
		snprintf(why, len, "writing the result line failed");
	json_decref(line);
	return ret;
}
