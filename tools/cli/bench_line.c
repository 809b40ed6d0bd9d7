// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a result line back (see bench_line.h). jansson parses, strictly:
 * duplicate keys, trailing text, NUL bytes, invalid UTF-8, "\u0000" and
 * integers of 2^63 or more are refused, and nesting is bounded. Then every
 * field that the printer always writes must be there with its type, roles
 * must agree with the workload's thread counts, and the names must be
 * ones the printer uses. Fields a newer printer adds are ignored.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bench_line.h"

/**
 * bench_line_parse() - one line of text into a JSON object
 * @text:	the line, without its end (it need not be NUL-terminated)
 * @len:	its length
 * @why:	what is wrong with it, when something is
 * @size:	size of @why
 * @col:	the 1-based column where the fault is, when there is one
 *
 * Return: the object (json_decref() it), or NULL.
 */
json_t *bench_line_parse(const char *text, size_t len, char *why, size_t size,
			 int *col)
{
	const char *nul = memchr(text, '\0', len);
	json_error_t err;
	json_t *j;

	if (nul) {
		*col = (int)(nul - text) + 1;
		snprintf(why, size, "a NUL byte in the line");
		return NULL;
	}
	j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (!j) {
		*col = err.column > 0 ? err.column : 1;
		snprintf(why, size, "%s", err.text);
		return NULL;
	}
	if (!json_is_object(j)) {
		*col = 1;
		snprintf(why, size, "a result line is an object, not %s",
			 bench_json_type(j));
		json_decref(j);
		return NULL;
	}
	return j;
}

/* "an object", "a number": what a value of @type is, for messages. */
static const char *type_words(json_type type)
{
	switch (type) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

/* What @j is, for messages: "an array". */
const char *bench_json_type(const json_t *j)
{
	return type_words(json_typeof(j));
}

/*
 * The value at @path below @j: keys of objects and indexes of arrays
 * joined by dots ("latency_ns.reader.p99", "workload.threads.1"); NULL
 * when there is none. "" is @j itself.
 */
json_t *bench_json_get(const json_t *j, const char *path)
{
	char key[128];

	while (j && *path) {
		size_t n = strcspn(path, ".");
		char *end;

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		if (json_is_object(j)) {
			j = json_object_get(j, key);
		} else if (json_is_array(j) && n && key[0] >= '0' && key[0] <= '9') {
			unsigned long i = strtoul(key, &end, 10);

			j = *end ? NULL : json_array_get(j, i);
		} else {
			return NULL;
		}
		path += n + (path[n] == '.');
	}
	return (json_t *)j;
}

struct reader {
	const json_t *top;
	char *why;
	size_t len;
	bool failed;
};

static bool __attribute__((format(printf, 2, 3)))
bad(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	if (!r->failed) {
		va_start(ap, fmt);
		vsnprintf(r->why, r->len, fmt, ap);
		va_end(ap);
		r->failed = true;
	}
	return false;
}

/*
 * The value at @path, of @type (JSON_INTEGER: any number, JSON_TRUE: a
 * boolean), or an error naming what is there instead.
 */
static json_t *need(struct reader *r, const char *path, json_type type)
{
	json_t *j = bench_json_get(r->top, path);
	bool ok;

	if (!j) {
		bad(r, "missing field '%s'", path);
		return NULL;
	}
	switch (type) {
	case JSON_INTEGER:
		ok = json_is_number(j);
		break;
	case JSON_TRUE:
		ok = json_is_boolean(j);
		break;
	default:
		ok = json_typeof(j) == type;
	}
	if (!ok) {
		bad(r, "'%s' is %s, expected %s", path, bench_json_type(j),
		    type_words(type));
		return NULL;
	}
	return j;
}

static bool need_u64(struct reader *r, const char *path, __u64 max, __u64 *v)
{
	json_t *j = need(r, path, JSON_INTEGER);
	json_int_t x;

	if (!j)
		return false;
	if (!json_is_integer(j) || json_integer_value(j) < 0)
		return bad(r, "'%s' must be an unsigned integer", path);
	x = json_integer_value(j);
	if ((__u64)x > max)
		return bad(r, "'%s' is %lld, more than %llu", path, (long long)x,
			   (unsigned long long)max);
	*v = (__u64)x;
	return true;
}

static bool need_u32(struct reader *r, const char *path, __u32 *v)
{
	__u64 x;

	if (!need_u64(r, path, UINT32_MAX, &x))
		return false;
	*v = (__u32)x;
	return true;
}

static const char *need_str(struct reader *r, const char *path)
{
	json_t *j = need(r, path, JSON_STRING);

	return j ? json_string_value(j) : NULL;
}

static bool need_bool(struct reader *r, const char *path, bool *v)
{
	json_t *j = need(r, path, JSON_TRUE);

	if (j)
		*v = json_is_true(j);
	return j;
}

/* A string into a fixed buffer of the record. */
static bool need_copy(struct reader *r, const char *path, char *buf,
		      size_t size)
{
	const char *s = need_str(r, path);

	if (!s)
		return false;
	if (strlen(s) >= size)
		return bad(r, "'%s' is longer than %zu bytes", path, size - 1);
	memcpy(buf, s, strlen(s) + 1);
	return true;
}

/* A list of strings: "flags", "debug". */
static bool need_names(struct reader *r, const char *path, const char **names,
		       unsigned int *n)
{
	json_t *a = need(r, path, JSON_ARRAY), *e;
	size_t i;

	*n = 0;
	if (!a)
		return false;
	json_array_foreach(a, i, e) {
		if (!json_is_string(e))
			return bad(r, "'%s' must list strings, not %s", path,
				   bench_json_type(e));
		if (*n == BENCH_LINE_MAX_NAMES)
			return bad(r, "'%s' lists more than %d names", path,
				   BENCH_LINE_MAX_NAMES);
		names[(*n)++] = json_string_value(e);
	}
	return true;
}

/* A counted run's length and the structure's own parameters: lines from
 * before they existed have neither, and mean 0. */
static void read_counted(struct reader *r, struct synclab_workload *w)
{
	json_t *wl = json_object_get(r->top, "workload");
	unsigned int i;
	char path[64];
	__u64 v;

	if (json_object_get(wl, "ops_per_thread"))
		need_u64(r, "workload.ops_per_thread", UINT64_MAX,
			 &w->ops_per_thread);
	if (!json_object_get(wl, "param"))
		return;
	for (i = 0; i < SYNCLAB_BENCH_PARAMS && !r->failed; i++) {
		snprintf(path, sizeof(path), "workload.param.%u", i);
		if (need_u64(r, path, UINT32_MAX, &v))
			w->param[i] = (__u32)v;
	}
}

/* The structure's own counters, "stats.NAME", when it has them. */
static void read_stats(struct reader *r, const struct bench_desc *d,
		       struct synclab_result *res)
{
	unsigned int i;
	char path[96];

	for (i = 0; i < d->nstats && !r->failed; i++) {
		snprintf(path, sizeof(path), "stats.%s", d->stats[i]);
		need_u64(r, path, UINT64_MAX, &res->stats[i]);
	}
}

static void read_workload(struct reader *r, struct synclab_workload *w)
{
	static const struct {
		const char *path;
		size_t off;
		bool wide;
	} fields[] = {
#define WL32(f, p) { "workload." p, offsetof(struct synclab_workload, f), false }
#define WL64(f, p) { "workload." p, offsetof(struct synclab_workload, f), true }
		WL32(structure, "structure"), WL32(mode, "mode"),
		WL32(threads[0], "threads.0"), WL32(threads[1], "threads.1"),
		WL32(mix, "mix"), WL32(keys, "keys"), WL32(hot, "hot"),
		WL32(hot_keys, "hot_keys"), WL32(batch, "batch"),
		WL32(prefill, "prefill"), WL64(cs_ns, "cs_ns"),
		WL64(think_ns[0], "think_ns.0"), WL64(think_ns[1], "think_ns.1"),
		WL64(seed, "seed"), WL64(warmup_ns, "warmup_ns"),
		WL64(duration_ns, "duration_ns"),
		WL32(sample_shift, "sample_shift"), WL32(flags, "flags"),
#undef WL32
#undef WL64
	};
	unsigned int i;

	read_counted(r, w);
	for (i = 0; i < ARRAY_LEN(fields) && !r->failed; i++) {
		void *dst = (char *)w + fields[i].off;
		__u64 v;

		if (!need_u64(r, fields[i].path,
			      fields[i].wide ? UINT64_MAX : UINT32_MAX, &v))
			return;
		if (fields[i].wide)
			memcpy(dst, &v, sizeof(__u64));
		else
			*(__u32 *)dst = (__u32)v;
	}
}

/* Per-role counters: "KEY.ROLE[.SUB]" for each role that has threads. */
static void read_roles(struct reader *r, const struct bench_desc *d,
		       const struct synclab_workload *w, const char *key,
		       const char *sub, __u64 *v)
{
	unsigned int k;

	for (k = 0; k < SYNCLAB_BENCH_ROLES && !r->failed; k++) {
		char path[96];

		if (!d->roles[k] || !w->threads[k])
			continue;
		snprintf(path, sizeof(path), "%s.%s%s%s", key, d->roles[k],
			 sub ? "." : "", sub ? sub : "");
		need_u64(r, path, UINT64_MAX, &v[k]);
	}
}

static void read_flags(struct reader *r, struct bench_line *l)
{
	struct bench_record *rec = &l->rec;
	unsigned int i, k;

	if (!need_names(r, "flags", l->flags, &l->nflags))
		return;
	for (i = 0; i < l->nflags; i++) {
		const char *f = l->flags[i];

		for (k = 0; k < ARRAY_LEN(bench_result_flags); k++)
			if (!strcmp(f, bench_result_flags[k].name))
				break;
		if (k < ARRAY_LEN(bench_result_flags))
			rec->res.flags |= bench_result_flags[k].bit;
		else if (rec->nnotes < ARRAY_LEN(rec->notes))
			rec->notes[rec->nnotes++] = f;
		else
			bad(r, "'flags' has more than %zu runner notes",
			    ARRAY_LEN(rec->notes));
	}
}

static void read_debug(struct reader *r, struct bench_line *l)
{
	struct bench_record *rec = &l->rec;
	unsigned int i, b;

	if (!need_names(r, "debug", l->debug, &l->ndebug))
		return;
	for (i = 0; i < l->ndebug; i++) {
		for (b = 0; b < SYNCLAB_DBG_NBITS; b++)
			if (!strcmp(l->debug[i], bench_debug_names[b]))
				break;
		if (b < SYNCLAB_DBG_NBITS)
			rec->debug |= 1U << b;
		else if (rec->nsanitizers < ARRAY_LEN(rec->sanitizers))
			rec->sanitizers[rec->nsanitizers++] = l->debug[i];
		else
			bad(r, "'debug' names more than %zu sanitizers",
			    ARRAY_LEN(rec->sanitizers));
	}
	rec->res.debug = rec->debug;
}

/* Fields the printer writes only sometimes. */
static void read_optional(struct reader *r, struct bench_line *l)
{
	struct bench_record *rec = &l->rec;
	json_t *pct;
	__u64 v[3];

	rec->point = -1;
	rec->repeat = 0;
	rec->host_other_cpu_pct = -1;
	l->bytes_per_prefix = -1;
	if (json_object_get(r->top, "label"))
		need_copy(r, "label", rec->label, sizeof(rec->label));
	if (json_object_get(r->top, "rcu_flavor"))
		need_copy(r, "rcu_flavor", rec->rcu_flavor, sizeof(rec->rcu_flavor));
	if (json_object_get(r->top, "point") &&
	    need_u64(r, "point", INT32_MAX, &v[0]) &&
	    need_u64(r, "repeat", INT32_MAX, &v[1]) &&
	    need_u64(r, "attempts", INT32_MAX, &v[2])) {
		rec->point = (int)v[0];
		rec->repeat = (int)v[1];
		rec->attempts = (int)v[2];
	} else if (json_object_get(r->top, "repeat") &&
		   need_u64(r, "repeat", INT32_MAX, &v[1])) {
		rec->repeat = (int)v[1];
	}
	pct = json_object_get(r->top, "host_other_cpu_pct");
	if (pct && need(r, "host_other_cpu_pct", JSON_INTEGER))
		rec->host_other_cpu_pct = json_number_value(pct);
	/* Memory per prefix: a route table's bytes over the prefixes loaded. */
	if (json_object_get(r->top, "mem_bytes") &&
	    need_u64(r, "mem_bytes", UINT64_MAX, &rec->res.mem_bytes) &&
	    rec->w.structure == SYNCLAB_BENCH_ROUTE && rec->w.keys &&
	    rec->res.mem_bytes)	/* 0: not measured (struct synclab_result) */
		l->bytes_per_prefix = (double)rec->res.mem_bytes / rec->w.keys;
}

/*
 * "accel", one of bench_accel_name()'s; lines written before it existed
 * say "tcg" by "emulated" (every guest ran under TCG then) or by their
 * side, and "none" on the host.
 */
static void read_accel(struct reader *r, struct bench_record *rec)
{
	const char *s;

	if (!json_object_get(r->top, "accel")) {
		rec->accel = rec->emulated ||
			     !strcmp(rec->side, bench_sides[BENCH_KERNEL].name) ||
			     !strcmp(rec->side, bench_sides[BENCH_USER_VM].name) ?
			     "tcg" : "none";
		return;
	}
	s = need_str(r, "accel");
	if (!s)
		return;
	rec->accel = bench_accel_name(s);
	if (!rec->accel)
		bad(r, "accel '%s' is none of kvm, tcg, none", s);
	else if (rec->emulated != !strcmp(rec->accel, "tcg"))
		bad(r, "accel '%s' but emulated %s", s,
		    rec->emulated ? "true" : "false");
}

/* schema, structure, mode, side, peer and the workload; its descriptor. */
static const struct bench_desc *read_head(struct reader *r, struct bench_line *l)
{
	struct bench_record *rec = &l->rec;
	const char *s;
	char names[128];
	__u64 v;
	int st;

	if (!need_u64(r, "schema", UINT32_MAX, &v))
		return NULL;
	if (v != BENCH_LINE_SCHEMA)
		return bad(r, "schema %llu: this reader knows schema %d",
			   (unsigned long long)v, BENCH_LINE_SCHEMA), NULL;
	s = need_str(r, "structure");
	if (!s)
		return NULL;
	st = bench_desc_lookup(s);
	if (st < 0)
		return bad(r, "unknown structure '%s' (%s)", s,
			   bench_struct_names(names, sizeof(names), " ")), NULL;
	l->mode = need_str(r, "mode");
	rec->side = need_str(r, "side");
	if (r->failed)
		return NULL;
	if (bench_side_lookup(rec->side) < 0)
		return bad(r, "side '%s' is none of %s", rec->side,
			   bench_side_names(names, sizeof(names), ", ")), NULL;
	if (!need_bool(r, "peer", &l->peer))
		return NULL;
	read_workload(r, &rec->w);
	if (r->failed)
		return NULL;
	if (rec->w.structure != (__u32)st)
		return bad(r, "workload.structure %u is not '%s'",
			   rec->w.structure, s), NULL;
	return bench_desc(st);
}

/* "threads": a count per role that has threads, as the workload says. */
static bool read_threads(struct reader *r, const struct bench_desc *d,
			 const struct synclab_workload *w)
{
	unsigned int k;

	if (!w->threads[0] && !w->threads[1])
		return bad(r, "workload.threads: no threads");
	for (k = 0; k < SYNCLAB_BENCH_ROLES; k++) {
		char path[64];
		__u32 t;

		if (w->threads[k] && !d->roles[k])
			return bad(r, "workload.threads.%u: %s has no role %u", k,
				   d->name, k);
		if (!w->threads[k])
			continue;
		snprintf(path, sizeof(path), "threads.%s", d->roles[k]);
		if (!need_u32(r, path, &t))
			return false;
		if (t != w->threads[k])
			return bad(r, "'%s' is %u but workload.threads.%u is %u",
				   path, t, k, w->threads[k]);
	}
	return need(r, "threads", JSON_OBJECT);
}

static void read_counters(struct reader *r, const struct bench_desc *d,
			  struct bench_line *l)
{
	const struct synclab_workload *w = &l->rec.w;
	struct synclab_result *res = &l->rec.res;

	read_roles(r, d, w, "ops_per_sec", NULL, l->ops_per_sec);
	read_roles(r, d, w, "ops", NULL, res->ops);
	read_roles(r, d, w, "thread_ops_min", NULL, res->thread_ops_min);
	read_roles(r, d, w, "thread_ops_max", NULL, res->thread_ops_max);
	read_roles(r, d, w, "failures", NULL, res->failures);
	read_roles(r, d, w, "extra", NULL, res->extra);
	read_roles(r, d, w, "latency_ns", "p50", l->p50);
	read_roles(r, d, w, "latency_ns", "p99", l->p99);
	read_roles(r, d, w, "latency_ns", "max", res->lat_max_ns);
	read_roles(r, d, w, "latency_ns", "samples", l->samples);
	need_u64(r, "elapsed_ns", UINT64_MAX, &res->elapsed_ns);
	need_u32(r, "cpus", &res->cpus);
	need_u32(r, "threads_run", &res->threads_run);
	need_u64(r, "rtt_ns.before", UINT64_MAX, &res->rtt_before_ns);
	need_u64(r, "rtt_ns.after", UINT64_MAX, &res->rtt_after_ns);
	need_u64(r, "clock_ns", UINT64_MAX, &res->clock_ns);
	read_stats(r, d, res);
}

/**
 * bench_line_read() - a parsed result line into a struct bench_line
 * @tree:	the line as bench_line_parse() returned it; @l takes it over
 *		(bench_line_free(@l) when done with @l), even on failure
 * @l:		filled
 * @why:	what is wrong with the line, when something is
 * @len:	size of @why
 *
 * Return: 0, or -1 with @why saying which field is missing or wrong.
 */
int bench_line_read(json_t *tree, struct bench_line *l, char *why, size_t len)
{
	struct reader r = { .top = tree, .why = why, .len = len };
	struct bench_record *rec = &l->rec;
	const struct bench_desc *d;

	memset(l, 0, sizeof(*l));
	l->tree = tree;
	d = read_head(&r, l);
	if (!d || !read_threads(&r, d, &rec->w))
		return -1;
	read_counters(&r, d, l);
	need_copy(&r, "kernel", rec->kernel, sizeof(rec->kernel));
	need_copy(&r, "machine", rec->machine, sizeof(rec->machine));
	need_bool(&r, "emulated", &rec->emulated);
	if (!r.failed)
		read_accel(&r, rec);
	if (!r.failed)
		read_flags(&r, l);
	if (!r.failed)
		read_debug(&r, l);
	if (!r.failed)
		read_optional(&r, l);
	return r.failed ? -1 : 0;
}

/* Drops the line's tree, and with it every string @l points to. */
void bench_line_free(struct bench_line *l)
{
	json_decref(l->tree);
	l->tree = NULL;
}

/* Whether the line's "flags" list names @name. */
bool bench_line_flag(const struct bench_line *l, const char *name)
{
	unsigned int i;

	for (i = 0; i < l->nflags; i++)
		if (!strcmp(l->flags[i], name))
			return true;
	return false;
}
