// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a result line back (see bench_line.h): every field that
 * bench_json_print() always writes must be there with its type, roles
 * must agree with the workload's thread counts, and the names must be
 * ones the printer uses. Fields a newer printer adds are ignored.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bench_line.h"

/* What bench_json_print() writes as "schema". */
#define BENCH_LINE_SCHEMA	1

struct reader {
	const struct json *top;
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

/* The value at @path, of @type, or an error naming what is there instead. */
static const struct json *need(struct reader *r, const char *path,
			       enum json_type type)
{
	const struct json *j = json_get(r->top, path);

	if (!j) {
		bad(r, "missing field '%s'", path);
		return NULL;
	}
	if (j->type != type) {
		bad(r, "'%s' is a%s %s, expected a%s %s", path,
		    j->type == JSON_ARRAY || j->type == JSON_OBJECT ? "n" : "",
		    json_type_name(j->type), type == JSON_ARRAY ||
		    type == JSON_OBJECT ? "n" : "", json_type_name(type));
		return NULL;
	}
	return j;
}

static bool need_u64(struct reader *r, const char *path, __u64 max, __u64 *v)
{
	const struct json *j = need(r, path, JSON_NUMBER);
	uint64_t x;

	if (!j)
		return false;
	if (!json_u64(j, &x))
		return bad(r, "'%s' must be an unsigned integer", path);
	if (x > max)
		return bad(r, "'%s' is %llu, more than %llu", path,
			   (unsigned long long)x, (unsigned long long)max);
	*v = x;
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
	const struct json *j = need(r, path, JSON_STRING);

	return j ? j->str : NULL;
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
	const struct json *a = need(r, path, JSON_ARRAY), *e;

	*n = 0;
	if (!a)
		return false;
	for (e = a->child; e; e = e->next) {
		if (e->type != JSON_STRING)
			return bad(r, "'%s' must list strings, not a %s", path,
				   json_type_name(e->type));
		if (*n == BENCH_LINE_MAX_NAMES)
			return bad(r, "'%s' lists more than %d names", path,
				   BENCH_LINE_MAX_NAMES);
		names[(*n)++] = e->str;
	}
	return true;
}

static void read_workload(struct reader *r, struct synclab_workload *w)
{
	static const struct {
		const char *name;
		size_t off;
		bool wide;
	} fields[] = {
#define WL32(f) { "workload." #f, offsetof(struct synclab_workload, f), false }
#define WL64(f) { "workload." #f, offsetof(struct synclab_workload, f), true }
		WL32(structure), WL32(mode), WL32(threads[0]),
		WL32(threads[1]), WL32(mix), WL32(keys), WL32(hot),
		WL32(hot_keys), WL32(batch), WL32(prefill), WL64(cs_ns),
		WL64(think_ns[0]), WL64(think_ns[1]), WL64(seed),
		WL64(warmup_ns), WL64(duration_ns), WL32(sample_shift),
		WL32(flags),
#undef WL32
#undef WL64
	};
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(fields) && !r->failed; i++) {
		char path[64], *bracket;
		void *dst = (char *)w + fields[i].off;
		__u64 v;

		/* "threads[1]" is "threads.1" in the line */
		snprintf(path, sizeof(path), "%s", fields[i].name);
		bracket = strchr(path, '[');
		if (bracket) {
			*bracket = '.';
			bracket[2] = '\0';
		}
		if (!need_u64(r, path, fields[i].wide ? UINT64_MAX : UINT32_MAX,
			      &v))
			return;
		if (fields[i].wide)
			memcpy(dst, &v, sizeof(__u64));
		else
			*(__u32 *)dst = (__u32)v;
	}
}

/* Per-role counters: "KEY.ROLE" for each role that has threads. */
static void read_roles(struct reader *r, const struct bench_desc *in,
		       const struct synclab_workload *w, const char *key,
		       const char *sub, __u64 *v)
{
	unsigned int k;

	for (k = 0; k < SYNCLAB_BENCH_ROLES && !r->failed; k++) {
		char path[96];

		if (!in->roles[k] || !w->threads[k])
			continue;
		snprintf(path, sizeof(path), "%s.%s%s%s", key, in->roles[k],
			 sub ? "." : "", sub ? sub : "");
		need_u64(r, path, UINT64_MAX, &v[k]);
	}
}

static void read_flags(struct reader *r, struct bench_line *l)
{
	struct bench_record *rec = &l->rec;
	unsigned int i;

	if (!need_names(r, "flags", l->flags, &l->nflags))
		return;
	for (i = 0; i < l->nflags; i++) {
		const char *f = l->flags[i];

		if (!strcmp(f, "interrupted"))
			rec->res.flags |= SYNCLAB_RESULT_INTERRUPTED;
		else if (!strcmp(f, "invariant_broken"))
			rec->res.flags |= SYNCLAB_RESULT_INVARIANT;
		else if (!strcmp(f, "oversubscribed"))
			rec->res.flags |= SYNCLAB_RESULT_OVERSUBSCRIBED;
		else if (rec->nnotes < ARRAY_LEN(rec->notes))
			rec->notes[rec->nnotes++] = f;
		else
			bad(r, "'flags' has more than %zu runner notes",
			    ARRAY_LEN(rec->notes));
	}
}

static void read_debug(struct reader *r, struct bench_line *l)
{
	static const char * const dbg_names[SYNCLAB_DBG_NBITS] =
		SYNCLAB_DBG_NAMES;
	struct bench_record *rec = &l->rec;
	unsigned int i, b;

	if (!need_names(r, "debug", l->debug, &l->ndebug))
		return;
	for (i = 0; i < l->ndebug; i++) {
		for (b = 0; b < SYNCLAB_DBG_NBITS; b++)
			if (!strcmp(l->debug[i], dbg_names[b]))
				break;
		if (b < SYNCLAB_DBG_NBITS)
			rec->debug |= 1U << b;
		else if (rec->nsanitizers < ARRAY_LEN(rec->sanitizers))
			rec->sanitizers[rec->nsanitizers++] = l->debug[i];
		else
			bad(r, "'debug' names more than %zu sanitizers",
			    ARRAY_LEN(rec->sanitizers));
	}
}

/* Fields the printer writes only sometimes. */
static void read_optional(struct reader *r, struct bench_line *l)
{
	struct bench_record *rec = &l->rec;
	__u64 v;

	rec->point = -1;
	rec->host_other_cpu_pct = -1;
	l->bytes_per_prefix = -1;
	if (json_member(r->top, "label") &&
	    !need_copy(r, "label", rec->label, sizeof(rec->label)))
		return;
	if (json_member(r->top, "rcu_flavor") &&
	    !need_copy(r, "rcu_flavor", rec->rcu_flavor, sizeof(rec->rcu_flavor)))
		return;
	if (json_member(r->top, "point")) {
		if (!need_u64(r, "point", INT32_MAX, &v))
			return;
		rec->point = (int)v;
		if (!need_u64(r, "repeat", INT32_MAX, &v))
			return;
		rec->repeat = (int)v;
		if (!need_u64(r, "attempts", INT32_MAX, &v))
			return;
		rec->attempts = (int)v;
	}
	if (json_member(r->top, "host_other_cpu_pct") &&
	    need(r, "host_other_cpu_pct", JSON_NUMBER))
		json_double(json_member(r->top, "host_other_cpu_pct"),
			    &rec->host_other_cpu_pct);
	/* Memory per prefix: a route table's bytes over the prefixes loaded. */
	if (json_member(r->top, "mem_bytes")) {
		if (!need_u64(r, "mem_bytes", UINT64_MAX, &rec->res.mem_bytes))
			return;
		/* 0: not measured (struct synclab_result) */
		if (rec->w.structure == SYNCLAB_BENCH_ROUTE && rec->w.keys &&
		    rec->res.mem_bytes)
			l->bytes_per_prefix = (double)rec->res.mem_bytes /
					      rec->w.keys;
	}
}

/**
 * bench_line_read() - a parsed result line into a struct bench_line
 * @tree:	the line as json_parse() returned it; @l takes it over
 *		(free it with json_free(@l->tree) when done with @l)
 * @l:		filled
 * @why:	what is wrong with the line, when something is
 * @len:	size of @why
 *
 * Return: 0, or -1 with @why saying which field is missing or wrong.
 */
int bench_line_read(struct json *tree, struct bench_line *l, char *why,
		    size_t len)
{
	struct reader r = { .top = tree, .why = why, .len = len };
	struct bench_record *rec = &l->rec;
	struct synclab_workload *w = &rec->w;
	struct synclab_result *res = &rec->res;
	const struct bench_desc *in;
	char names[128];
	const char *s;
	__u64 v;
	int st;
	unsigned int k;

	memset(l, 0, sizeof(*l));
	l->tree = tree;
	if (tree->type != JSON_OBJECT)
		return bad(&r, "a result line is an object, not a%s %s",
			   tree->type == JSON_ARRAY ? "n" : "",
			   json_type_name(tree->type)), -1;
	if (!need_u64(&r, "schema", UINT32_MAX, &v))
		return -1;
	if (v != BENCH_LINE_SCHEMA)
		return bad(&r, "schema %llu: this reader knows schema %d",
			   (unsigned long long)v, BENCH_LINE_SCHEMA), -1;
	s = need_str(&r, "structure");
	if (!s)
		return -1;
	st = bench_desc_lookup(s);
	if (st < 0)
		return bad(&r, "unknown structure '%s' (%s)", s,
			   bench_struct_names(names, sizeof(names), " ")), -1;
	in = bench_desc(st);
	l->mode = need_str(&r, "mode");
	rec->side = need_str(&r, "side");
	if (r.failed)
		return -1;
	if (bench_side_lookup(rec->side) < 0)
		return bad(&r, "side '%s' is none of %s", rec->side,
			   bench_side_names(names, sizeof(names), ", ")), -1;
	if (!need(&r, "peer", JSON_BOOL))
		return -1;
	json_bool(json_member(tree, "peer"), &l->peer);

	read_workload(&r, w);
	if (r.failed)
		return -1;
	if (w->structure != (__u32)st)
		return bad(&r, "workload.structure %u is not '%s'", w->structure,
			   s), -1;
	if (!w->threads[0] && !w->threads[1])
		return bad(&r, "workload.threads: no threads"), -1;
	for (k = 0; k < SYNCLAB_BENCH_ROLES; k++) {
		char path[64];
		__u32 t;

		if (w->threads[k] && !in->roles[k])
			return bad(&r, "workload.threads.%u: %s has no role %u", k,
				   s, k), -1;
		if (!w->threads[k])
			continue;
		snprintf(path, sizeof(path), "threads.%s", in->roles[k]);
		if (!need_u32(&r, path, &t))
			return -1;
		if (t != w->threads[k])
			return bad(&r, "'%s' is %u but workload.threads.%u is %u",
				   path, t, k, w->threads[k]), -1;
	}
	if (!need(&r, "threads", JSON_OBJECT))
		return -1;

	read_roles(&r, in, w, "ops_per_sec", NULL, l->ops_per_sec);
	read_roles(&r, in, w, "ops", NULL, res->ops);
	read_roles(&r, in, w, "thread_ops_min", NULL, res->thread_ops_min);
	read_roles(&r, in, w, "thread_ops_max", NULL, res->thread_ops_max);
	read_roles(&r, in, w, "failures", NULL, res->failures);
	read_roles(&r, in, w, "extra", NULL, res->extra);
	read_roles(&r, in, w, "latency_ns", "p50", l->p50);
	read_roles(&r, in, w, "latency_ns", "p99", l->p99);
	read_roles(&r, in, w, "latency_ns", "max", res->lat_max_ns);
	read_roles(&r, in, w, "latency_ns", "samples", l->samples);
	need_u64(&r, "elapsed_ns", UINT64_MAX, &res->elapsed_ns);
	need_u32(&r, "cpus", &res->cpus);
	need_u32(&r, "threads_run", &res->threads_run);
	need_u64(&r, "rtt_ns.before", UINT64_MAX, &res->rtt_before_ns);
	need_u64(&r, "rtt_ns.after", UINT64_MAX, &res->rtt_after_ns);
	need_u64(&r, "clock_ns", UINT64_MAX, &res->clock_ns);
	need_copy(&r, "kernel", rec->kernel, sizeof(rec->kernel));
	need_copy(&r, "machine", rec->machine, sizeof(rec->machine));
	if (need(&r, "emulated", JSON_BOOL))
		json_bool(json_member(tree, "emulated"), &rec->emulated);
	if (r.failed)
		return -1;
	read_flags(&r, l);
	if (!r.failed)
		read_debug(&r, l);
	res->debug = rec->debug;
	if (!r.failed)
		read_optional(&r, l);
	return r.failed ? -1 : 0;
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
