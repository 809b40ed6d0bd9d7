// SPDX-License-Identifier: GPL-2.0
/*
 * json_test: the one printer of results (tools/cli/bench_json.c) and the
 * one reader (tools/cli/json.c, tools/cli/bench_line.c) agree. A result
 * printed for each kind of structure parses, carries every field the
 * design requires with its type (structure, mode, side, threads and
 * ops_per_sec per role, thread_ops_min/max, latency_ns p50/p99/max per
 * role, every workload field, kernel, cpus, debug, peer) and reads back
 * into the very workload and counters that were printed. The parser
 * keeps exact 64-bit integers, resolves escapes, and refuses malformed
 * text with the column of the fault, truncated lines included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "../../tools/cli/bench_line.h"

/* A record with every field set, each to a value of its own. */
static void make_record(struct bench_record *rec, __u32 structure, __u32 mode,
			__u32 t0, __u32 t1)
{
	struct synclab_workload *w = &rec->w;
	struct synclab_result *res = &rec->res;
	unsigned int r, b;

	memset(rec, 0, sizeof(*rec));
	w->structure = structure;
	w->mode = mode;
	w->threads[0] = t0;
	w->threads[1] = t1;
	w->mix = 17;
	w->keys = 4096;
	w->hot = 900;
	w->hot_keys = 33;
	w->batch = 8;
	w->prefill = 512;
	w->cs_ns = 2500;
	w->think_ns[0] = 11;
	w->think_ns[1] = 50000;
	w->seed = 0xfedcba9876543210ULL;	/* needs all 64 bits */
	w->warmup_ns = 200000000;
	w->duration_ns = 1000000000;
	w->sample_shift = 6;
	w->flags = SYNCLAB_WL_NOPIN;
	res->elapsed_ns = 1000123456;
	for (r = 0; r < SYNCLAB_BENCH_ROLES; r++) {
		res->ops[r] = 7000000 + r;
		res->ops_total[r] = 9000000 + r;
		res->thread_ops_min[r] = 1000 + r;
		res->thread_ops_max[r] = 3000 + r;
		res->failures[r] = 5 + r;
		res->extra[r] = 77 + r;
		res->lat_max_ns[r] = 123456 + r;
		for (b = 4; b < 12; b++)
			res->hist[r][b] = 10 * b + r;
	}
	res->rtt_before_ns = 58;
	res->rtt_after_ns = 61;
	res->clock_ns = 20;
	res->threads_run = t0 + t1;
	res->flags = SYNCLAB_RESULT_INTERRUPTED | SYNCLAB_RESULT_OVERSUBSCRIBED;
	res->cpus = 2;
	rec->side = "user-vm";
	snprintf(rec->kernel, sizeof(rec->kernel), "6.1.0-56-amd64");
	snprintf(rec->machine, sizeof(rec->machine), "QEMU \"TCG\" CPU\\2.5+");
	rec->emulated = true;
	rec->debug = SYNCLAB_DBG_LOCKDEP | SYNCLAB_DBG_KASAN;
	rec->sanitizers[rec->nsanitizers++] = "asan";
	rec->notes[rec->nnotes++] = "rtt_slow";
	snprintf(rec->label, sizeof(rec->label), "a label");
	snprintf(rec->rcu_flavor, sizeof(rec->rcu_flavor), "memb");
	rec->point = 3;
	rec->repeat = 1;
	rec->attempts = 2;
	rec->host_other_cpu_pct = 12.5;
}

/* The printer's line for @rec, NUL-terminated. */
static char *print_line(const struct bench_record *rec)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	bench_json_print(f, rec);
	fclose(f);
	return text;
}

static struct json *parse(const char *text, struct json_error *err)
{
	return json_parse(text, strlen(text), err);
}

/* Asserts @path exists with @type; returns it. */
#define HAS(root, path, want) ({					\
	const struct json *__j = json_get(root, path);			\
	ASSERT_NE(NULL, __j) TH_LOG("missing '%s'", path);		\
	ASSERT_EQ(want, __j->type)					\
		TH_LOG("'%s' is a %s", path, json_type_name(__j->type));	\
	__j; })

/* Asserts @path is an exact unsigned integer equal to @v. */
#define HAS_U64(root, path, v) do {					\
	uint64_t __x = 0;						\
	ASSERT_TRUE(json_u64(HAS(root, path, JSON_NUMBER), &__x))	\
		TH_LOG("'%s' is not an unsigned integer", path);	\
	EXPECT_EQ((uint64_t)(v), __x) TH_LOG("'%s'", path);		\
} while (0)

/*
 * Every field the design's "Workload and results" requires, for a
 * structure with roles @r0 and @r1 (NULL: one role).
 */
static void check_fields(struct __test_metadata *_metadata,
			 const struct json *j, const struct bench_record *rec,
			 const char *r0, const char *r1)
{
	const char *roles[2] = { r0, r1 };
	const struct json *a;
	char path[96];
	unsigned int r, k;
	static const char * const lat[] = { "p50", "p99", "max", "samples" };
	static const char * const per_role[] = {
		"threads", "ops_per_sec", "ops", "thread_ops_min",
		"thread_ops_max", "failures", "extra",
	};

	ASSERT_EQ(JSON_OBJECT, j->type);
	HAS_U64(j, "schema", 1);
	EXPECT_STREQ(bench_struct_name(rec->w.structure),
		     json_string(HAS(j, "structure", JSON_STRING)));
	EXPECT_STREQ(bench_mode_name(rec->w.structure, rec->w.mode),
		     json_string(HAS(j, "mode", JSON_STRING)));
	EXPECT_STREQ(rec->side, json_string(HAS(j, "side", JSON_STRING)));
	HAS(j, "peer", JSON_BOOL);
	for (k = 0; k < ARRAY_LEN(per_role); k++) {
		a = HAS(j, per_role[k], JSON_OBJECT);
		/* exactly the roles that have threads */
		EXPECT_EQ(r1 ? 2U : 1U, a->count) TH_LOG("'%s'", per_role[k]);
		for (r = 0; r < 2 && roles[r]; r++) {
			snprintf(path, sizeof(path), "%s.%s", per_role[k], roles[r]);
			HAS(j, path, JSON_NUMBER);
		}
	}
	for (r = 0; r < 2 && roles[r]; r++) {
		snprintf(path, sizeof(path), "threads.%s", roles[r]);
		HAS_U64(j, path, rec->w.threads[r]);
		snprintf(path, sizeof(path), "thread_ops_min.%s", roles[r]);
		HAS_U64(j, path, rec->res.thread_ops_min[r]);
		snprintf(path, sizeof(path), "thread_ops_max.%s", roles[r]);
		HAS_U64(j, path, rec->res.thread_ops_max[r]);
		snprintf(path, sizeof(path), "ops_per_sec.%s", roles[r]);
		HAS_U64(j, path, (__u64)((double)rec->res.ops[r] * 1e9 /
					 rec->res.elapsed_ns + 0.5));
		for (k = 0; k < ARRAY_LEN(lat); k++) {
			snprintf(path, sizeof(path), "latency_ns.%s.%s", roles[r],
				 lat[k]);
			HAS(j, path, JSON_NUMBER);
		}
		snprintf(path, sizeof(path), "latency_ns.%s.p50", roles[r]);
		HAS_U64(j, path, bench_percentile(rec->res.hist[r], 50));
		snprintf(path, sizeof(path), "latency_ns.%s.p99", roles[r]);
		HAS_U64(j, path, bench_percentile(rec->res.hist[r], 99));
		snprintf(path, sizeof(path), "latency_ns.%s.max", roles[r]);
		HAS_U64(j, path, rec->res.lat_max_ns[r]);
	}

	/* every field of struct synclab_workload but the reserved ones */
	a = HAS(j, "workload", JSON_OBJECT);
	EXPECT_EQ(18U - 2U, a->count);	/* threads and think_ns are arrays */
	HAS_U64(j, "workload.structure", rec->w.structure);
	HAS_U64(j, "workload.mode", rec->w.mode);
	EXPECT_EQ(2U, HAS(j, "workload.threads", JSON_ARRAY)->count);
	HAS_U64(j, "workload.threads.0", rec->w.threads[0]);
	HAS_U64(j, "workload.threads.1", rec->w.threads[1]);
	HAS_U64(j, "workload.mix", rec->w.mix);
	HAS_U64(j, "workload.keys", rec->w.keys);
	HAS_U64(j, "workload.hot", rec->w.hot);
	HAS_U64(j, "workload.hot_keys", rec->w.hot_keys);
	HAS_U64(j, "workload.batch", rec->w.batch);
	HAS_U64(j, "workload.prefill", rec->w.prefill);
	HAS_U64(j, "workload.cs_ns", rec->w.cs_ns);
	EXPECT_EQ(2U, HAS(j, "workload.think_ns", JSON_ARRAY)->count);
	HAS_U64(j, "workload.think_ns.0", rec->w.think_ns[0]);
	HAS_U64(j, "workload.think_ns.1", rec->w.think_ns[1]);
	HAS_U64(j, "workload.seed", rec->w.seed);
	HAS_U64(j, "workload.warmup_ns", rec->w.warmup_ns);
	HAS_U64(j, "workload.duration_ns", rec->w.duration_ns);
	HAS_U64(j, "workload.sample_shift", rec->w.sample_shift);
	HAS_U64(j, "workload.flags", rec->w.flags);

	EXPECT_STREQ(rec->kernel, json_string(HAS(j, "kernel", JSON_STRING)));
	HAS_U64(j, "cpus", rec->res.cpus);
	HAS(j, "debug", JSON_ARRAY);
	HAS(j, "flags", JSON_ARRAY);
	EXPECT_STREQ(rec->machine, json_string(HAS(j, "machine", JSON_STRING)));
	HAS(j, "emulated", JSON_BOOL);
	HAS_U64(j, "elapsed_ns", rec->res.elapsed_ns);
	HAS_U64(j, "rtt_ns.before", rec->res.rtt_before_ns);
	HAS_U64(j, "rtt_ns.after", rec->res.rtt_after_ns);
}

/* The line reads back into the record that was printed. */
static void check_roundtrip(struct __test_metadata *_metadata,
			    struct json *j, const struct bench_record *rec)
{
	struct bench_line l;
	char why[160] = "";
	unsigned int r;

	ASSERT_EQ(0, bench_line_read(j, &l, why, sizeof(why))) TH_LOG("%s", why);
	EXPECT_EQ(0, memcmp(&rec->w, &l.rec.w, sizeof(rec->w)));
	EXPECT_STREQ(rec->side, l.rec.side);
	EXPECT_STREQ(rec->kernel, l.rec.kernel);
	EXPECT_STREQ(rec->machine, l.rec.machine);
	EXPECT_STREQ(rec->label, l.rec.label);
	EXPECT_STREQ(rec->rcu_flavor, l.rec.rcu_flavor);
	EXPECT_EQ(rec->emulated, l.rec.emulated);
	EXPECT_EQ(rec->debug, l.rec.debug);
	EXPECT_EQ(rec->nsanitizers, l.rec.nsanitizers);
	EXPECT_EQ(rec->nnotes, l.rec.nnotes);
	EXPECT_EQ(rec->res.flags, l.rec.res.flags);
	EXPECT_EQ(rec->point, l.rec.point);
	EXPECT_EQ(rec->repeat, l.rec.repeat);
	EXPECT_EQ(rec->attempts, l.rec.attempts);
	EXPECT_EQ(rec->res.elapsed_ns, l.rec.res.elapsed_ns);
	EXPECT_EQ(rec->res.cpus, l.rec.res.cpus);
	EXPECT_EQ(rec->res.threads_run, l.rec.res.threads_run);
	EXPECT_EQ(rec->res.clock_ns, l.rec.res.clock_ns);
	EXPECT_EQ(bench_is_peer(rec->w.structure, rec->w.mode), l.peer);
	for (r = 0; r < SYNCLAB_BENCH_ROLES; r++) {
		if (!rec->w.threads[r])
			continue;
		EXPECT_EQ(rec->res.ops[r], l.rec.res.ops[r]);
		EXPECT_EQ(rec->res.thread_ops_min[r], l.rec.res.thread_ops_min[r]);
		EXPECT_EQ(rec->res.thread_ops_max[r], l.rec.res.thread_ops_max[r]);
		EXPECT_EQ(rec->res.failures[r], l.rec.res.failures[r]);
		EXPECT_EQ(rec->res.extra[r], l.rec.res.extra[r]);
		EXPECT_EQ(rec->res.lat_max_ns[r], l.rec.res.lat_max_ns[r]);
		EXPECT_EQ(bench_percentile(rec->res.hist[r], 50), l.p50[r]);
		EXPECT_EQ(bench_percentile(rec->res.hist[r], 99), l.p99[r]);
	}
}

/* route: two roles, reader and writer; every field, read back exactly. */
TEST(route_line_carries_every_field)
{
	struct bench_record rec;
	struct json_error err;
	struct json *j;
	char *text;

	make_record(&rec, SYNCLAB_BENCH_ROUTE, SYNCLAB_ROUTE_RCU, 2, 1);
	text = print_line(&rec);
	j = parse(text, &err);
	ASSERT_NE(NULL, j) TH_LOG("col %u: %s in %s", err.col, err.msg, text);
	check_fields(_metadata, j, &rec, "reader", "writer");
	EXPECT_FALSE(json_get(j, "peer")->boolean);
	EXPECT_EQ(3U, json_get(j, "debug")->count);	/* lockdep kasan asan */
	EXPECT_STREQ("kasan", json_string(json_get(j, "debug.1")));
	EXPECT_STREQ("asan", json_string(json_get(j, "debug.2")));
	check_roundtrip(_metadata, j, &rec);
	json_free(j);
	free(text);
}

/* order: one role (worker); no trace of a second one anywhere. */
TEST(one_role_line)
{
	struct bench_record rec;
	struct json_error err;
	struct json *j;
	char *text;

	make_record(&rec, SYNCLAB_BENCH_ORDER, 1, 3, 0);
	text = print_line(&rec);
	j = parse(text, &err);
	ASSERT_NE(NULL, j) TH_LOG("col %u: %s", err.col, err.msg);
	check_fields(_metadata, j, &rec, "worker", NULL);
	check_roundtrip(_metadata, j, &rec);
	json_free(j);
	free(text);
}

/* A production line of a peer: "peer": true, "debug": []. */
TEST(peer_production_line)
{
	struct bench_record rec;
	struct json_error err;
	struct json *j;
	char *text;

	make_record(&rec, SYNCLAB_BENCH_RING, SYNCLAB_BENCH_RING_CK_RING, 1, 1);
	rec.debug = 0;
	rec.nsanitizers = 0;
	rec.nnotes = 0;
	rec.res.flags = 0;
	rec.side = "user-host";
	rec.emulated = false;
	text = print_line(&rec);
	j = parse(text, &err);
	ASSERT_NE(NULL, j) TH_LOG("col %u: %s", err.col, err.msg);
	check_fields(_metadata, j, &rec, "producer", "consumer");
	EXPECT_TRUE(json_get(j, "peer")->boolean);
	EXPECT_STREQ("ck_ring", json_string(json_get(j, "mode")));
	EXPECT_EQ(0U, json_get(j, "debug")->count);
	EXPECT_EQ(0U, json_get(j, "flags")->count);
	check_roundtrip(_metadata, j, &rec);
	json_free(j);
	free(text);
}

/* Every structure's line, each mode: it parses and reads back. */
TEST(every_structure_and_mode)
{
	unsigned int st, m;

	for (st = 0; st < SYNCLAB_BENCH_NSTRUCTS; st++) {
		const struct bench_desc *in = bench_desc(st);

		for (m = 0; m < bench_nmodes(in); m++) {
			struct bench_record rec;
			struct json_error err;
			struct json *j;
			char *text;

			make_record(&rec, st, m, 2, in->roles[1] ? 2 : 0);
			text = print_line(&rec);
			j = parse(text, &err);
			ASSERT_NE(NULL, j) TH_LOG("%s %s: col %u: %s",
					bench_struct_name(st),
					bench_mode_name(st, m), err.col, err.msg);
			check_fields(_metadata, j, &rec, in->roles[0], in->roles[1]);
			check_roundtrip(_metadata, j, &rec);
			json_free(j);
			free(text);
		}
	}
}

/* Values: escapes, exact 64-bit integers, doubles, literals, paths. */
TEST(parser_values)
{
	static const char text[] =
		" {\"s\":\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00 é\","
		"\"max\":18446744073709551615,\"big\":18446744073709551616,"
		"\"neg\":-12,\"d\":-1.5e3,\"z\":0,\"f\":0.25,"
		"\"t\":true,\"n\":null,\"e\":[],\"o\":{},"
		"\"a\":[1,[2,{\"k\":\"v\"}]]} \r\n";
	struct json_error err;
	struct json *j = parse(text, &err);
	uint64_t u;
	double d;
	bool b;

	ASSERT_NE(NULL, j) TH_LOG("col %u: %s", err.col, err.msg);
	EXPECT_STREQ("a\"b\\c/d\n\té\xf0\x9f\x98\x80 é",
		     json_string(json_get(j, "s")));
	ASSERT_TRUE(json_u64(json_get(j, "max"), &u));
	EXPECT_EQ(UINT64_MAX, u);
	/* past 64 bits: a double, not an exact integer */
	EXPECT_FALSE(json_u64(json_get(j, "big"), &u));
	ASSERT_TRUE(json_double(json_get(j, "big"), &d));
	EXPECT_TRUE(d > 1.8e19);
	EXPECT_FALSE(json_u64(json_get(j, "neg"), &u));
	ASSERT_TRUE(json_double(json_get(j, "neg"), &d));
	EXPECT_EQ(-12, (int)d);
	ASSERT_TRUE(json_double(json_get(j, "d"), &d));
	EXPECT_EQ(-1500, (int)d);
	ASSERT_TRUE(json_u64(json_get(j, "z"), &u));
	EXPECT_EQ(0U, u);
	EXPECT_FALSE(json_u64(json_get(j, "f"), &u));
	ASSERT_TRUE(json_bool(json_get(j, "t"), &b));
	EXPECT_TRUE(b);
	EXPECT_EQ(JSON_NULL, json_get(j, "n")->type);
	EXPECT_EQ(0U, json_get(j, "e")->count);
	EXPECT_EQ(0U, json_get(j, "o")->count);
	EXPECT_STREQ("v", json_string(json_get(j, "a.1.1.k")));
	EXPECT_EQ(j, json_get(j, ""));
	/* what is not there */
	EXPECT_EQ(NULL, json_get(j, "a.2"));
	EXPECT_EQ(NULL, json_get(j, "a.-1"));
	EXPECT_EQ(NULL, json_get(j, "a.x"));
	EXPECT_EQ(NULL, json_get(j, "s.x"));
	EXPECT_EQ(NULL, json_get(j, "nope"));
	EXPECT_EQ(NULL, json_string(json_get(j, "z")));
	EXPECT_FALSE(json_bool(json_get(j, "n"), &b));
	json_free(j);
}

/* Malformed text: NULL, the column of the fault and what is wrong. */
TEST(parser_errors)
{
	static const struct {
		const char *text;
		unsigned int col;
		const char *msg;
	} bad[] = {
		{ "", 1, "expected a value" },
		{ "   ", 4, "expected a value" },
		{ "{", 2, "expected a member name" },
		{ "{\"a\":1", 1, "'{' not closed" },
		{ "{\"a\":}", 6, "expected a value" },
		{ "{\"a\" 1}", 6, "expected ':'" },
		{ "{a:1}", 2, "expected a member name" },
		{ "{\"a\":1,}", 8, "expected a member name" },
		{ "[1,]", 4, "expected a value" },
		{ "[1 2]", 4, "expected ',' or ']'" },
		{ "{\"a\":1,\"a\":2}", 8, "duplicate member \"a\"" },
		{ "{\"a\":1}x", 8, "after the value" },
		{ "{\"a\":1}{}", 8, "after the value" },
		{ "01", 1, "cannot start with 0" },
		{ "-", 2, "needs digits" },
		{ "1.", 3, "needs digits after '.'" },
		{ "1e", 3, "exponent needs digits" },
		{ "+1", 1, "expected a value" },
		{ "1e999", 1, "out of range" },
		{ "tru", 1, "expected a value" },
		{ "nul", 1, "expected a value" },
		{ "\"abc", 1, "not terminated" },
		{ "\"a\\x\"", 3, "unknown escape" },
		{ "\"\\u12\"", 2, "four hex digits" },
		{ "\"\\u0000\"", 2, "\\u0000" },
		{ "\"\\udc00\"", 2, "lone low surrogate" },
		{ "\"\\ud800x\"", 2, "without a low one" },
		{ "\"a\tb\"", 3, "control character" },
		{ "\"\xc3\"", 2, "invalid UTF-8" },
		{ "\"\xc0\xaf\"", 2, "invalid UTF-8" },
		{ "\"\xed\xa0\x80\"", 2, "invalid UTF-8" },
		{ "NaN", 1, "expected a value" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		struct json_error err;
		struct json *j = parse(bad[i].text, &err);

		EXPECT_EQ(NULL, j) TH_LOG("'%s' parsed", bad[i].text);
		json_free(j);
		EXPECT_EQ(bad[i].col, err.col) TH_LOG("'%s': col %u: %s",
						      bad[i].text, err.col, err.msg);
		EXPECT_NE(NULL, strstr(err.msg, bad[i].msg))
			TH_LOG("'%s': got \"%s\", want \"%s\"", bad[i].text,
			       err.msg, bad[i].msg);
	}
}

/* A NUL byte inside a line is not text. */
TEST(parser_nul_byte)
{
	static const char text[] = "{\"a\":1}\0garbage";
	struct json_error err;

	EXPECT_EQ(NULL, json_parse(text, sizeof(text) - 1, &err));
	EXPECT_EQ(8U, err.col);
}

/* Nesting is bounded, so hostile input cannot exhaust the stack. */
TEST(parser_depth)
{
	char text[2 * (JSON_MAX_DEPTH + 1) + 1];
	struct json_error err;
	struct json *j;
	unsigned int d;

	for (d = JSON_MAX_DEPTH; d <= JSON_MAX_DEPTH + 1; d++) {
		memset(text, '[', d);
		memset(text + d, ']', d);
		text[2 * d] = '\0';
		j = parse(text, &err);
		if (d == JSON_MAX_DEPTH) {
			EXPECT_NE(NULL, j) TH_LOG("%s", err.msg);
		} else {
			EXPECT_EQ(NULL, j);
			EXPECT_NE(NULL, strstr(err.msg, "nested deeper"));
		}
		json_free(j);
	}
}

/* Every cut of a printed line is refused, cleanly (ASan watches). */
TEST(truncated_lines)
{
	struct bench_record rec;
	struct json_error err;
	char *text;
	size_t len, n;

	make_record(&rec, SYNCLAB_BENCH_ROUTE, SYNCLAB_ROUTE_RWLOCK, 1, 1);
	text = print_line(&rec);
	len = strlen(text) - 1;	/* without the newline */
	for (n = 0; n < len; n++) {
		struct json *j = json_parse(text, n, &err);

		EXPECT_EQ(NULL, j) TH_LOG("cut at %zu parsed", n);
		json_free(j);
		EXPECT_NE(0U, err.col);
	}
	free(text);
}

/*
 * The reader refuses a line that lost or changed a required field, and
 * says which: a printer regression cannot slip into a report.
 */
TEST(reader_refuses_incomplete_lines)
{
	static const struct {
		const char *from, *to, *why;
	} cuts[] = {
		{ "\"cpus\":", "\"cpuz\":", "missing field 'cpus'" },
		{ "\"kernel\":", "\"kernal\":", "missing field 'kernel'" },
		{ "\"debug\":[", "\"debug\":7,\"x\":[", "'debug' is a number, expected an array" },
		{ "\"peer\":false", "\"peer\":0", "'peer' is a number, expected a boolean" },
		{ "\"side\":\"user-vm\"", "\"side\":\"vm\"", "side 'vm'" },
		{ "\"schema\":1", "\"schema\":2", "schema 2" },
		{ "\"structure\":\"route\"", "\"structure\":\"tree\"", "unknown structure 'tree'" },
		{ "\"threads\":{\"reader\":2", "\"threads\":{\"reader\":3", "'threads.reader' is 3" },
		{ "\"ops_per_sec\":{\"reader\":", "\"ops_per_sec\":{\"readers\":", "missing field 'ops_per_sec.reader'" },
		{ "\"p99\":", "\"p98\":", "missing field 'latency_ns.reader.p99'" },
		{ "\"seed\":", "\"sead\":", "missing field 'workload.seed'" },
		{ "\"mix\":17", "\"mix\":-17", "'workload.mix' must be an unsigned integer" },
		{ "\"batch\":8", "\"batch\":4294967296", "'workload.batch' is 4294967296" },
	};
	struct bench_record rec;
	unsigned int i;
	char *text;

	make_record(&rec, SYNCLAB_BENCH_ROUTE, SYNCLAB_ROUTE_RCU, 2, 1);
	text = print_line(&rec);
	for (i = 0; i < ARRAY_LEN(cuts); i++) {
		const char *at = strstr(text, cuts[i].from);
		struct json_error err;
		struct bench_line l;
		char *bad, why[160] = "";
		struct json *j;

		ASSERT_NE(NULL, at) TH_LOG("no '%s' in the line", cuts[i].from);
		ASSERT_LE(0, asprintf(&bad, "%.*s%s%s", (int)(at - text), text,
				      cuts[i].to, at + strlen(cuts[i].from)));
		j = parse(bad, &err);
		ASSERT_NE(NULL, j) TH_LOG("%s: col %u: %s", cuts[i].to, err.col,
					  err.msg);
		EXPECT_EQ(-1, bench_line_read(j, &l, why, sizeof(why)));
		EXPECT_NE(NULL, strstr(why, cuts[i].why))
			TH_LOG("got \"%s\", want \"%s\"", why, cuts[i].why);
		json_free(j);
		free(bad);
	}
	free(text);
}

TEST_HARNESS_MAIN
