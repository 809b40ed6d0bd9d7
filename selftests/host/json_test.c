// SPDX-License-Identifier: GPL-2.0
/*
 * json_test: the one printer of results (tools/cli/bench_json.c) and the
 * one reader (tools/cli/bench_line.c), both over jansson, agree. A result
 * printed for each structure and mode parses, carries every field the
 * design requires with its type (structure, mode, side, threads and
 * ops_per_sec per role, thread_ops_min/max, latency_ns p50/p99/max per
 * role, every workload field, kernel, cpus, debug, peer) and reads back
 * into the very workload and counters that were printed. Seeds up to
 * 2^63 - 1 travel exactly; the printer refuses 2^63, and so does the
 * parser. The parser is strict (duplicate keys, trailing text, NUL bytes,
 * invalid UTF-8, "\u0000", nesting without bound) and says where a line
 * goes wrong, truncated lines included; the reader names the field that
 * is missing or of the wrong type.
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
	w->seed = 0x7edcba9876543210ULL;	/* needs 63 bits */
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

/* The printer's line for @rec, NUL-terminated; NULL when it refuses. */
static char *print_line(const struct bench_record *rec, char *why, size_t len)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	int ret = bench_json_print(f, rec, why, len);

	fclose(f);
	if (ret) {
		free(text);
		return NULL;
	}
	return text;
}

/* The parsed line, or NULL with why and where in @why. */
static json_t *parse(const char *text, char *why, size_t len)
{
	char msg[160];
	int col = 0;
	json_t *j = bench_line_parse(text, strlen(text), msg, sizeof(msg), &col);

	if (!j)
		snprintf(why, len, "col %d: %s", col, msg);
	return j;
}

/* The line of @rec, parsed; the test fails when either step does. */
#define LINE(rec) ({							\
	char __why[200] = "", *__text = print_line(rec, __why, sizeof(__why)); \
	json_t *__j;							\
	ASSERT_NE(NULL, __text) TH_LOG("printer: %s", __why);		\
	__j = parse(__text, __why, sizeof(__why));			\
	ASSERT_NE(NULL, __j) TH_LOG("%s in %s", __why, __text);	\
	free(__text);							\
	__j; })

/* Asserts @path exists with @type; returns it. */
#define HAS(root, path, want) ({					\
	json_t *__j = bench_json_get(root, path);			\
	ASSERT_NE(NULL, __j) TH_LOG("missing '%s'", path);		\
	ASSERT_EQ(want, json_typeof(__j))				\
		TH_LOG("'%s' is %s", path, bench_json_type(__j));	\
	__j; })

/* Asserts @path is an integer equal to @v. */
#define HAS_U64(root, path, v)						\
	EXPECT_EQ((json_int_t)(v),					\
		  json_integer_value(HAS(root, path, JSON_INTEGER)))	\
		TH_LOG("'%s'", path)

/* Every field of struct synclab_workload but the reserved ones. */
static void check_workload(struct __test_metadata *_metadata, json_t *j,
			   const struct synclab_workload *w)
{
	/* one key a field: threads, think_ns and param are arrays */
	EXPECT_EQ(18U, json_object_size(HAS(j, "workload", JSON_OBJECT)));
	HAS_U64(j, "workload.structure", w->structure);
	HAS_U64(j, "workload.mode", w->mode);
	EXPECT_EQ(2U, json_array_size(HAS(j, "workload.threads", JSON_ARRAY)));
	HAS_U64(j, "workload.threads.0", w->threads[0]);
	HAS_U64(j, "workload.threads.1", w->threads[1]);
	HAS_U64(j, "workload.mix", w->mix);
	HAS_U64(j, "workload.keys", w->keys);
	HAS_U64(j, "workload.hot", w->hot);
	HAS_U64(j, "workload.hot_keys", w->hot_keys);
	HAS_U64(j, "workload.batch", w->batch);
	HAS_U64(j, "workload.prefill", w->prefill);
	HAS_U64(j, "workload.cs_ns", w->cs_ns);
	EXPECT_EQ(2U, json_array_size(HAS(j, "workload.think_ns", JSON_ARRAY)));
	HAS_U64(j, "workload.think_ns.0", w->think_ns[0]);
	HAS_U64(j, "workload.think_ns.1", w->think_ns[1]);
	HAS_U64(j, "workload.seed", w->seed);
	HAS_U64(j, "workload.warmup_ns", w->warmup_ns);
	HAS_U64(j, "workload.duration_ns", w->duration_ns);
	HAS_U64(j, "workload.sample_shift", w->sample_shift);
	HAS_U64(j, "workload.flags", w->flags);
	HAS_U64(j, "workload.ops_per_thread", w->ops_per_thread);
	EXPECT_EQ(4U, json_array_size(HAS(j, "workload.param", JSON_ARRAY)));
	HAS_U64(j, "workload.param.0", w->param[0]);
	HAS_U64(j, "workload.param.3", w->param[3]);
}

/* Asserts @path is a boolean; returns its value. */
#define HAS_BOOL(root, path) ({						\
	json_t *__b = bench_json_get(root, path);			\
	ASSERT_TRUE(json_is_boolean(__b)) TH_LOG("'%s'", path);		\
	json_is_true(__b); })

/*
 * Every field the design's "Workload and results" requires, for a
 * structure with roles @r0 and @r1 (NULL: one role).
 */
static void check_fields(struct __test_metadata *_metadata, json_t *j,
			 const struct bench_record *rec, const char *r0,
			 const char *r1)
{
	const char *roles[2] = { r0, r1 };
	json_t *a;
	char path[96];
	unsigned int r, k;
	static const char * const lat[] = { "p50", "p99", "max", "samples" };
	static const char * const per_role[] = {
		"threads", "ops_per_sec", "ops", "thread_ops_min",
		"thread_ops_max", "failures", "extra",
	};

	ASSERT_TRUE(json_is_object(j));
	HAS_U64(j, "schema", 1);
	EXPECT_STREQ(bench_struct_name(rec->w.structure),
		     json_string_value(HAS(j, "structure", JSON_STRING)));
	EXPECT_STREQ(bench_mode_name(rec->w.structure, rec->w.mode),
		     json_string_value(HAS(j, "mode", JSON_STRING)));
	EXPECT_STREQ(rec->side, json_string_value(HAS(j, "side", JSON_STRING)));
	HAS_BOOL(j, "peer");
	for (k = 0; k < ARRAY_LEN(per_role); k++) {
		a = HAS(j, per_role[k], JSON_OBJECT);
		/* exactly the roles that have threads */
		EXPECT_EQ(r1 ? 2U : 1U, json_object_size(a))
			TH_LOG("'%s'", per_role[k]);
		for (r = 0; r < 2 && roles[r]; r++) {
			snprintf(path, sizeof(path), "%s.%s", per_role[k], roles[r]);
			HAS(j, path, JSON_INTEGER);
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
			HAS(j, path, JSON_INTEGER);
		}
		snprintf(path, sizeof(path), "latency_ns.%s.p50", roles[r]);
		HAS_U64(j, path, bench_percentile(rec->res.hist[r], 50));
		snprintf(path, sizeof(path), "latency_ns.%s.p99", roles[r]);
		HAS_U64(j, path, bench_percentile(rec->res.hist[r], 99));
		snprintf(path, sizeof(path), "latency_ns.%s.max", roles[r]);
		HAS_U64(j, path, rec->res.lat_max_ns[r]);
	}
	check_workload(_metadata, j, &rec->w);
	EXPECT_STREQ(rec->kernel, json_string_value(HAS(j, "kernel", JSON_STRING)));
	HAS_U64(j, "cpus", rec->res.cpus);
	HAS(j, "debug", JSON_ARRAY);
	HAS(j, "flags", JSON_ARRAY);
	EXPECT_STREQ(rec->machine, json_string_value(HAS(j, "machine", JSON_STRING)));
	HAS_BOOL(j, "emulated");
	HAS_U64(j, "elapsed_ns", rec->res.elapsed_ns);
	HAS_U64(j, "rtt_ns.before", rec->res.rtt_before_ns);
	HAS_U64(j, "rtt_ns.after", rec->res.rtt_after_ns);
}

/* The line reads back into the record that was printed. */
static void check_roundtrip(struct __test_metadata *_metadata, json_t *j,
			    const struct bench_record *rec)
{
	struct bench_line l;
	char why[160] = "";
	unsigned int r;

	ASSERT_EQ(0, bench_line_read(json_incref(j), &l, why, sizeof(why)))
		TH_LOG("%s", why);
	EXPECT_EQ(0, memcmp(&rec->w, &l.rec.w, sizeof(rec->w)));
	EXPECT_STREQ(rec->side, l.rec.side);
	EXPECT_STREQ(rec->kernel, l.rec.kernel);
	EXPECT_STREQ(rec->machine, l.rec.machine);
	EXPECT_STREQ(rec->label, l.rec.label);
	EXPECT_STREQ(rec->rcu_flavor, l.rec.rcu_flavor);
	EXPECT_EQ(rec->emulated, l.rec.emulated);
	EXPECT_STREQ(rec->emulated ? "tcg" : "none", l.rec.accel);
	EXPECT_EQ(rec->debug, l.rec.debug);
	EXPECT_EQ(rec->nsanitizers, l.rec.nsanitizers);
	EXPECT_EQ(rec->nnotes, l.rec.nnotes);
	EXPECT_EQ(rec->res.flags, l.rec.res.flags);
	EXPECT_EQ(rec->point, l.rec.point);
	EXPECT_EQ(rec->repeat, l.rec.repeat);
	EXPECT_EQ(rec->attempts, l.rec.attempts);
	EXPECT_EQ(rec->host_other_cpu_pct, l.rec.host_other_cpu_pct);
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
	bench_line_free(&l);
}

/* route: two roles, reader and writer; every field, read back exactly. */
TEST(route_line_carries_every_field)
{
	struct bench_record rec;
	json_t *j;

	make_record(&rec, SYNCLAB_BENCH_ROUTE, SYNCLAB_ROUTE_RCU, 2, 1);
	j = LINE(&rec);
	check_fields(_metadata, j, &rec, "reader", "writer");
	EXPECT_FALSE(HAS_BOOL(j, "peer"));
	EXPECT_EQ(3U, json_array_size(bench_json_get(j, "debug")));
	EXPECT_STREQ("kasan", json_string_value(bench_json_get(j, "debug.1")));
	EXPECT_STREQ("asan", json_string_value(bench_json_get(j, "debug.2")));
	EXPECT_EQ(12.5, json_number_value(bench_json_get(j, "host_other_cpu_pct")));
	check_roundtrip(_metadata, j, &rec);
	json_decref(j);
}

/* order: one role (worker); no trace of a second one anywhere. */
TEST(one_role_line)
{
	struct bench_record rec;
	json_t *j;

	make_record(&rec, SYNCLAB_BENCH_ORDER, 1, 3, 0);
	j = LINE(&rec);
	check_fields(_metadata, j, &rec, "worker", NULL);
	check_roundtrip(_metadata, j, &rec);
	json_decref(j);
}

/* A production line of a peer: "peer": true, "debug": []. */
TEST(peer_production_line)
{
	struct bench_record rec;
	json_t *j;

	make_record(&rec, SYNCLAB_BENCH_RING, SYNCLAB_BENCH_RING_CK_RING, 1, 1);
	rec.debug = 0;
	rec.nsanitizers = 0;
	rec.nnotes = 0;
	rec.res.flags = 0;
	rec.side = "user-host";
	rec.emulated = false;
	j = LINE(&rec);
	check_fields(_metadata, j, &rec, "producer", "consumer");
	EXPECT_TRUE(HAS_BOOL(j, "peer"));
	EXPECT_STREQ("ck_ring", json_string_value(bench_json_get(j, "mode")));
	EXPECT_EQ(0U, json_array_size(bench_json_get(j, "debug")));
	EXPECT_EQ(0U, json_array_size(bench_json_get(j, "flags")));
	check_roundtrip(_metadata, j, &rec);
	json_decref(j);
}

/* Every structure's line, each mode: it parses and reads back. */
TEST(every_structure_and_mode)
{
	const struct bench_desc *d;
	unsigned int st, m;

	for (st = 0; (d = bench_desc(st)); st++) {
		for (m = 0; m < bench_nmodes(d); m++) {
			struct bench_record rec;
			json_t *j;

			make_record(&rec, st, m, 2, d->roles[1] ? 2 : 0);
			j = LINE(&rec);
			check_fields(_metadata, j, &rec, d->roles[0], d->roles[1]);
			check_roundtrip(_metadata, j, &rec);
			json_decref(j);
		}
	}
}

/*
 * Seeds: jansson's integers are signed 64-bit. 2^63 - 1 goes through
 * exactly; the printer will not write 2^63 and names the field; a line
 * that carries it anyway is refused by the parser, with its column.
 */
TEST(seed_range)
{
	struct bench_record rec;
	char why[200] = "", *text, *bad, *at;
	json_t *j;

	make_record(&rec, SYNCLAB_BENCH_ROUTE, SYNCLAB_ROUTE_RCU, 1, 0);
	rec.w.seed = INT64_MAX;
	j = LINE(&rec);
	check_roundtrip(_metadata, j, &rec);
	json_decref(j);

	rec.w.seed = (__u64)INT64_MAX + 1;
	EXPECT_EQ(NULL, print_line(&rec, why, sizeof(why)));
	EXPECT_NE(NULL, strstr(why, "workload.seed is 9223372036854775808"))
		TH_LOG("%s", why);

	rec.w.seed = 1;
	text = print_line(&rec, why, sizeof(why));
	ASSERT_NE(NULL, text);
	at = strstr(text, "\"seed\":1,");
	ASSERT_NE(NULL, at);
	ASSERT_LE(0, asprintf(&bad, "%.*s\"seed\":9223372036854775808,%s",
			      (int)(at - text), text, at + strlen("\"seed\":1,")));
	EXPECT_EQ(NULL, parse(bad, why, sizeof(why)));
	EXPECT_NE(NULL, strstr(why, "too big integer")) TH_LOG("%s", why);
	EXPECT_NE(NULL, strstr(why, "col ")) TH_LOG("%s", why);
	free(bad);
	free(text);
}

/* The path getter: keys, array indexes, and what is not there. */
TEST(paths)
{
	static const char text[] =
		"{\"s\":\"a\\\"b\\u00e9\",\"max\":9223372036854775807,"
		"\"a\":[1,[2,{\"k\":\"v\"}]],\"e\":{}}";
	char why[200];
	json_t *j = parse(text, why, sizeof(why));

	ASSERT_NE(NULL, j) TH_LOG("%s", why);
	EXPECT_STREQ("a\"b\xc3\xa9", json_string_value(bench_json_get(j, "s")));
	EXPECT_EQ(INT64_MAX, json_integer_value(bench_json_get(j, "max")));
	EXPECT_STREQ("v", json_string_value(bench_json_get(j, "a.1.1.k")));
	EXPECT_EQ(j, bench_json_get(j, ""));
	EXPECT_EQ(NULL, bench_json_get(j, "a.2"));
	EXPECT_EQ(NULL, bench_json_get(j, "a.-1"));
	EXPECT_EQ(NULL, bench_json_get(j, "a.x"));
	EXPECT_EQ(NULL, bench_json_get(j, "a.1x"));
	EXPECT_EQ(NULL, bench_json_get(j, "s.x"));
	EXPECT_EQ(NULL, bench_json_get(j, "e.x"));
	EXPECT_EQ(NULL, bench_json_get(j, "nope"));
	json_decref(j);
}

/* Malformed text: NULL, the column of the fault and what is wrong. */
TEST(parser_errors)
{
	static const struct {
		const char *text;
		int col;
		const char *msg;
	} bad[] = {
		{ "", 0, "" },
		{ "this is not json", 4, "'[' or '{' expected" },
		{ "[1,2]", 1, "an object, not an array" },
		{ "{\"a\":1", 6, "'}' expected" },
		{ "{\"a\":}", 6, "unexpected token" },
		{ "{\"a\":1,}", 8, "string or '}' expected" },
		{ "{\"a\":1,\"a\":2}", 10, "duplicate object key" },
		{ "{\"a\":1}x", 8, "end of file expected" },
		{ "{\"a\":01}", 6, "invalid token" },
		{ "{\"a\":NaN}", 0, "invalid token" },
		{ "{\"a\":1e999}", 0, "real number overflow" },
		{ "{\"a\":18446744073709551615}", 0, "too big integer" },
		{ "{\"a\":\"abc", 0, "premature end of input" },
		{ "{\"a\":\"\\x\"}", 0, "invalid escape" },
		{ "{\"a\":\"\\u0000\"}", 0, "\\u0000 is not allowed" },
		{ "{\"a\":\"\\udc00\"}", 0, "invalid Unicode" },
		{ "{\"a\":\"a\tb\"}", 0, "control character" },
		{ "{\"a\":\"\xc3\"}", 0, "unable to decode byte" },
		{ "{\"a\":\"\xc0\xaf\"}", 0, "unable to decode byte" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		char why[200] = "";
		json_t *j = parse(bad[i].text, why, sizeof(why));
		char col[16];

		EXPECT_EQ(NULL, j) TH_LOG("'%s' parsed", bad[i].text);
		json_decref(j);
		EXPECT_NE(NULL, strstr(why, bad[i].msg))
			TH_LOG("'%s': got \"%s\", want \"%s\"", bad[i].text, why,
			       bad[i].msg);
		snprintf(col, sizeof(col), "col %d:", bad[i].col);
		if (bad[i].col)
			EXPECT_EQ(0, strncmp(why, col, strlen(col)))
				TH_LOG("'%s': got \"%s\", want %s", bad[i].text,
				       why, col);
	}
}

/* A NUL byte inside a line is not text, wherever it is. */
TEST(parser_nul_byte)
{
	static const char text[] = "{\"a\":1}\0garbage";
	char why[128];
	int col = 0;

	EXPECT_EQ(NULL, bench_line_parse(text, sizeof(text) - 1, why,
					 sizeof(why), &col));
	EXPECT_EQ(8, col);
	EXPECT_NE(NULL, strstr(why, "NUL"));
}

/* Nesting is bounded, so hostile input cannot exhaust the stack. */
TEST(parser_depth)
{
	size_t d = 100000, n = 2 * d + 8;
	char *text = malloc(n), why[200];
	json_t *j;

	ASSERT_NE(NULL, text);
	memcpy(text, "{\"a\":", 5);
	memset(text + 5, '[', d);
	memset(text + 5 + d, ']', d);
	strcpy(text + 5 + 2 * d, "}");
	j = parse(text, why, sizeof(why));
	EXPECT_EQ(NULL, j);
	EXPECT_NE(NULL, strstr(why, "maximum parsing depth")) TH_LOG("%s", why);
	json_decref(j);
	/* 64 levels, more than a line has, are fine */
	memset(text + 5, '[', 64);
	memset(text + 5 + 64, ']', 64);
	strcpy(text + 5 + 128, "}");
	j = parse(text, why, sizeof(why));
	EXPECT_NE(NULL, j) TH_LOG("%s", why);
	json_decref(j);
	free(text);
}

/* Every cut of a printed line is refused, cleanly (ASan watches). */
TEST(truncated_lines)
{
	struct bench_record rec;
	char why[160], *text;
	size_t len, n;

	make_record(&rec, SYNCLAB_BENCH_ROUTE, SYNCLAB_ROUTE_RWLOCK, 1, 1);
	text = print_line(&rec, why, sizeof(why));
	ASSERT_NE(NULL, text);
	len = strlen(text) - 1;	/* without the newline */
	for (n = 0; n < len; n++) {
		int col = 0;
		json_t *j = bench_line_parse(text, n, why, sizeof(why), &col);

		EXPECT_EQ(NULL, j) TH_LOG("cut at %zu parsed", n);
		json_decref(j);
		EXPECT_LT(0, col);
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
		{ "\"machine\":", "\"machine\":[],\"x\":", "'machine' is an array, expected a string" },
		{ "\"side\":\"user-vm\"", "\"side\":\"vm\"", "side 'vm' is none of kernel, user-vm, user-host" },
		{ "\"schema\":1", "\"schema\":2", "schema 2" },
		{ "\"structure\":\"route\"", "\"structure\":\"tree\"", "unknown structure 'tree' (route ring order lock count" },
		{ "\"threads\":{\"reader\":2", "\"threads\":{\"reader\":3", "'threads.reader' is 3" },
		{ "\"ops_per_sec\":{\"reader\":", "\"ops_per_sec\":{\"readers\":", "missing field 'ops_per_sec.reader'" },
		{ "\"p99\":", "\"p98\":", "missing field 'latency_ns.reader.p99'" },
		{ "\"seed\":", "\"sead\":", "missing field 'workload.seed'" },
		{ "\"mix\":17", "\"mix\":-17", "'workload.mix' must be an unsigned integer" },
		{ "\"mix\":17", "\"mix\":17.0", "'workload.mix' must be an unsigned integer" },
		{ "\"cpus\":2", "\"cpus\":2e0", "'cpus' must be an unsigned integer" },
		{ "\"batch\":8", "\"batch\":4294967296", "'workload.batch' is 4294967296" },
		{ "\"flags\":[", "\"flags\":[1,", "'flags' must list strings, not a number" },
		{ "\"accel\":\"tcg\"", "\"accel\":\"hvf\"", "accel 'hvf' is none of kvm, tcg, none" },
		{ "\"accel\":\"tcg\"", "\"accel\":\"kvm\"", "accel 'kvm' but emulated true" },
		{ "\"accel\":\"tcg\"", "\"accel\":1", "'accel' is a number, expected a string" },
	};
	struct bench_record rec;
	unsigned int i;
	char why[200], *text;

	make_record(&rec, SYNCLAB_BENCH_ROUTE, SYNCLAB_ROUTE_RCU, 2, 1);
	text = print_line(&rec, why, sizeof(why));
	ASSERT_NE(NULL, text);
	for (i = 0; i < ARRAY_LEN(cuts); i++) {
		const char *at = strstr(text, cuts[i].from);
		struct bench_line l;
		char *bad;
		json_t *j;

		ASSERT_NE(NULL, at) TH_LOG("no '%s' in the line", cuts[i].from);
		ASSERT_LE(0, asprintf(&bad, "%.*s%s%s", (int)(at - text), text,
				      cuts[i].to, at + strlen(cuts[i].from)));
		j = parse(bad, why, sizeof(why));
		ASSERT_NE(NULL, j) TH_LOG("%s: %s", cuts[i].to, why);
		why[0] = '\0';
		EXPECT_EQ(-1, bench_line_read(j, &l, why, sizeof(why)));
		EXPECT_NE(NULL, strstr(why, cuts[i].why))
			TH_LOG("got \"%s\", want \"%s\"", why, cuts[i].why);
		bench_line_free(&l);
		free(bad);
	}
	free(text);
}

/*
 * "accel" says how the guest ran: kvm travels as written; a line from
 * before the field reads as tcg when emulated or from a guest's side, as
 * none from the host.
 */
TEST(accel_kvm_and_older_lines)
{
	static const struct {
		const char *side;
		bool emulated;
		const char *accel;	/* NULL: the line has no "accel" */
		const char *want;
	} cases[] = {
		{ "kernel", false, "kvm", "kvm" },
		{ "host-kernel", false, "none", "none" },
		{ "user-vm", true, NULL, "tcg" },
		{ "kernel", false, NULL, "tcg" },
		{ "user-host", false, NULL, "none" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(cases); i++) {
		struct bench_record rec;
		struct bench_line l;
		char why[200] = "";
		json_t *j;

		make_record(&rec, SYNCLAB_BENCH_ROUTE, SYNCLAB_ROUTE_RCU, 2, 1);
		rec.side = cases[i].side;
		rec.emulated = cases[i].emulated;
		rec.accel = cases[i].accel;
		j = bench_json_line(&rec, why, sizeof(why));
		ASSERT_NE(NULL, j) TH_LOG("%s", why);
		if (!cases[i].accel)
			json_object_del(j, "accel");
		ASSERT_EQ(0, bench_line_read(j, &l, why, sizeof(why)))
			TH_LOG("%s: %s", cases[i].side, why);
		EXPECT_STREQ(cases[i].want, l.rec.accel)
			TH_LOG("%s, emulated %d", cases[i].side, cases[i].emulated);
		bench_line_free(&l);
	}
}

TEST_HARNESS_MAIN
