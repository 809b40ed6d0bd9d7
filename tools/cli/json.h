/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one reader of benchmark result lines: a small, strict JSON parser
 * (RFC 8259) for one value per line, as bench_json.c writes them. It builds
 * a tree that json_get() walks by key path ("latency_ns.reader.p99",
 * "workload.threads.1"); json_free() releases all of it.
 *
 * Strict means: no trailing commas, no comments, no leading zeros, no bare
 * control characters or invalid UTF-8 in strings, no duplicate keys, no
 * lone surrogates, no "\u0000" (C strings carry the values), nothing after
 * the value but white space, at most JSON_MAX_DEPTH levels of nesting.
 * Integers without sign, fraction or exponent that fit in 64 bits keep
 * their exact value (json_u64()); every number also has a double.
 *
 * Pure memory-to-tree code: no I/O, no exit. Errors come back as a column
 * and a message; the caller adds the file and line.
 */
#ifndef SYNCLAB_JSON_H
#define SYNCLAB_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_DEPTH	64

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

/**
 * struct json - one value of a parsed tree
 * @type:	what it is
 * @key:	its name when it is an object member, else NULL
 * @next:	the next element or member of the same array or object
 * @child:	the first element or member (arrays, objects)
 * @count:	how many elements or members (arrays, objects)
 * @str:	the text, NUL-terminated, escapes resolved (strings)
 * @num:	the value (numbers)
 * @u64:	the exact value when @is_u64 (numbers)
 * @is_u64:	a non-negative integer written without fraction or
 *		exponent that fits in 64 bits
 * @boolean:	the value (true/false)
 */
struct json {
	enum json_type type;
	char *key;
	struct json *next;
	struct json *child;
	unsigned int count;
	char *str;
	double num;
	uint64_t u64;
	bool is_u64;
	bool boolean;
};

/**
 * struct json_error - where and why parsing stopped
 * @col:	1-based byte column of the offending character
 * @msg:	what was wrong there
 */
struct json_error {
	unsigned int col;
	char msg[128];
};

struct json *json_parse(const char *text, size_t len, struct json_error *err);
void json_free(struct json *j);

const struct json *json_member(const struct json *obj, const char *key);
const struct json *json_get(const struct json *j, const char *path);
const char *json_type_name(enum json_type type);

const char *json_string(const struct json *j);
bool json_u64(const struct json *j, uint64_t *v);
bool json_double(const struct json *j, double *v);
bool json_bool(const struct json *j, bool *v);

#endif /* SYNCLAB_JSON_H */
