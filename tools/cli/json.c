// SPDX-License-Identifier: GPL-2.0
/*
 * A strict recursive-descent JSON parser for result lines (see json.h).
 * Every function of the parser returns NULL (or false) after recording the
 * first error in the parser state; callers only unwind.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct json_parser {
	const char *start;
	const char *p;
	const char *end;
	unsigned int depth;
	struct json_error *err;
	bool failed;
};

static struct json *parse_value(struct json_parser *ps);

static void __attribute__((format(printf, 3, 4)))
fail_at(struct json_parser *ps, const char *at, const char *fmt, ...)
{
	va_list ap;

	if (ps->failed)
		return;
	ps->failed = true;
	ps->err->col = (unsigned int)(at - ps->start) + 1;
	va_start(ap, fmt);
	vsnprintf(ps->err->msg, sizeof(ps->err->msg), fmt, ap);
	va_end(ap);
}

/* The character at ps->p, named for a message. */
static const char *here(const struct json_parser *ps, char buf[16])
{
	unsigned char c;

	if (ps->p >= ps->end)
		return "end of line";
	c = (unsigned char)*ps->p;
	if (c >= 0x20 && c < 0x7f)
		snprintf(buf, 16, "'%c'", c);
	else
		snprintf(buf, 16, "byte 0x%02x", c);
	return buf;
}

static void skip_ws(struct json_parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
				   *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static struct json *new_value(struct json_parser *ps, enum json_type type)
{
	struct json *j = calloc(1, sizeof(*j));

	if (!j) {
		fail_at(ps, ps->p, "out of memory");
		return NULL;
	}
	j->type = type;
	return j;
}

/**
 * json_free() - free a tree and everything it holds
 * @j:	the root (NULL is fine)
 */
void json_free(struct json *j)
{
	while (j) {
		struct json *next = j->next;

		json_free(j->child);
		free(j->key);
		free(j->str);
		free(j);
		j = next;
	}
}

/* ---- strings ---------------------------------------------------------------- */

struct json_buf {
	char *s;
	size_t len, cap;
};

static bool buf_put(struct json_parser *ps, struct json_buf *b, const char *s,
		    size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 32;
		char *t;

		while (cap < b->len + n + 1)
			cap *= 2;
		t = realloc(b->s, cap);
		if (!t) {
			fail_at(ps, ps->p, "out of memory");
			return false;
		}
		b->s = t;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return true;
}

static int hex4(const char *s)
{
	int v = 0, i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* Code point @cp as UTF-8 into @out; returns its length. */
static size_t utf8_put(unsigned long cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Length of the valid UTF-8 sequence at @s (at most @n bytes), 0 when it
 * is not one: overlong forms, surrogates and values past U+10FFFF are not.
 */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned long cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/* A \u escape at ps->p (pointing at the 'u'), surrogate pairs joined. */
static bool parse_unicode(struct json_parser *ps, struct json_buf *b)
{
	const char *at = ps->p - 1;
	char out[4];
	long cp = ps->end - ps->p < 5 ? -1 : hex4(ps->p + 1);

	if (cp < 0) {
		fail_at(ps, at, "\\u needs four hex digits");
		return false;
	}
	ps->p += 5;
	if (cp >= 0xdc00 && cp <= 0xdfff) {
		fail_at(ps, at, "lone low surrogate \\u%04lx", cp);
		return false;
	}
	if (cp >= 0xd800 && cp <= 0xdbff) {
		long lo = -1;

		if (ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u')
			lo = hex4(ps->p + 2);
		if (lo < 0xdc00 || lo > 0xdfff) {
			fail_at(ps, at, "high surrogate \\u%04lx without a low one", cp);
			return false;
		}
		ps->p += 6;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	if (!cp) {
		fail_at(ps, at, "\\u0000 is not allowed in a string");
		return false;
	}
	return buf_put(ps, b, out, utf8_put((unsigned long)cp, out));
}

/* A string at ps->p (the opening quote); returns its malloc'd text. */
static char *parse_string_raw(struct json_parser *ps)
{
	struct json_buf b = {};
	const char *open = ps->p;

	ps->p++;
	if (!buf_put(ps, &b, "", 0))
		return NULL;
	while (!ps->failed) {
		unsigned char c;
		const char *run = ps->p;
		size_t n;

		/* the plain bytes up to the next quote, backslash or control */
		while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' &&
		       (unsigned char)*ps->p >= 0x20) {
			n = utf8_len((const unsigned char *)ps->p,
				     (size_t)(ps->end - ps->p));
			if (!n) {
				fail_at(ps, ps->p, "invalid UTF-8 in a string");
				break;
			}
			ps->p += n;
		}
		if (ps->failed || !buf_put(ps, &b, run, (size_t)(ps->p - run)))
			break;
		if (ps->p >= ps->end) {
			fail_at(ps, open, "string not terminated");
			break;
		}
		c = (unsigned char)*ps->p;
		if (c == '"') {
			ps->p++;
			return b.s;
		}
		if (c < 0x20) {
			fail_at(ps, ps->p, "control character 0x%02x in a string (escape it)",
				c);
			break;
		}
		/* a backslash */
		if (++ps->p >= ps->end) {
			fail_at(ps, open, "string not terminated");
			break;
		}
		switch (*ps->p) {
		case '"':
		case '\\':
		case '/':
			buf_put(ps, &b, ps->p, 1);
			break;
		case 'b':
			buf_put(ps, &b, "\b", 1);
			break;
		case 'f':
			buf_put(ps, &b, "\f", 1);
			break;
		case 'n':
			buf_put(ps, &b, "\n", 1);
			break;
		case 'r':
			buf_put(ps, &b, "\r", 1);
			break;
		case 't':
			buf_put(ps, &b, "\t", 1);
			break;
		case 'u':
			parse_unicode(ps, &b);
			continue;
		default: {
			char buf[16];

			fail_at(ps, ps->p - 1, "unknown escape \\%s", here(ps, buf));
			break;
		}
		}
		ps->p++;
	}
	free(b.s);
	return NULL;
}

/* ---- numbers, literals ------------------------------------------------------ */

static bool is_digit(const struct json_parser *ps, const char *p)
{
	return p < ps->end && *p >= '0' && *p <= '9';
}

static struct json *parse_number(struct json_parser *ps)
{
	const char *s = ps->p, *p = ps->p;
	bool integer = true, neg = false;
	struct json *j;
	char buf[128];
	uint64_t u = 0;
	bool fits = true;

	if (*p == '-') {
		neg = true;
		p++;
	}
	if (!is_digit(ps, p)) {
		fail_at(ps, p, "a number needs digits");
		return NULL;
	}
	if (*p == '0' && is_digit(ps, p + 1)) {
		fail_at(ps, p, "a number cannot start with 0");
		return NULL;
	}
	while (is_digit(ps, p)) {
		unsigned int d = (unsigned int)(*p - '0');

		if (u > (UINT64_MAX - d) / 10)
			fits = false;
		else
			u = u * 10 + d;
		p++;
	}
	if (p < ps->end && *p == '.') {
		integer = false;
		if (!is_digit(ps, ++p)) {
			fail_at(ps, p, "a fraction needs digits after '.'");
			return NULL;
		}
		while (is_digit(ps, p))
			p++;
	}
	if (p < ps->end && (*p == 'e' || *p == 'E')) {
		integer = false;
		p++;
		if (p < ps->end && (*p == '+' || *p == '-'))
			p++;
		if (!is_digit(ps, p)) {
			fail_at(ps, p, "an exponent needs digits");
			return NULL;
		}
		while (is_digit(ps, p))
			p++;
	}
	if ((size_t)(p - s) >= sizeof(buf)) {
		fail_at(ps, s, "number too long");
		return NULL;
	}
	j = new_value(ps, JSON_NUMBER);
	if (!j)
		return NULL;
	memcpy(buf, s, (size_t)(p - s));
	buf[p - s] = '\0';
	errno = 0;
	j->num = strtod(buf, NULL);
	if (errno == ERANGE && (j->num > 1 || j->num < -1)) {
		fail_at(ps, s, "number out of range");
		free(j);
		return NULL;
	}
	if (integer && !neg && fits) {
		j->u64 = u;
		j->is_u64 = true;
	}
	ps->p = p;
	return j;
}

static struct json *parse_literal(struct json_parser *ps)
{
	static const struct {
		const char *word;
		enum json_type type;
		bool value;
	} words[] = {
		{ "true", JSON_BOOL, true },
		{ "false", JSON_BOOL, false },
		{ "null", JSON_NULL, false },
		{ NULL, JSON_NULL, false },
	};
	unsigned int i;
	char buf[16];

	for (i = 0; words[i].word; i++) {
		size_t n = strlen(words[i].word);
		struct json *j;

		if ((size_t)(ps->end - ps->p) < n ||
		    memcmp(ps->p, words[i].word, n))
			continue;
		j = new_value(ps, words[i].type);
		if (j) {
			j->boolean = words[i].value;
			ps->p += n;
		}
		return j;
	}
	fail_at(ps, ps->p, "unexpected %s: expected a value", here(ps, buf));
	return NULL;
}

/* ---- arrays, objects ---------------------------------------------------------- */

/* The elements or members after '[' or '{' up to @close. */
static struct json *parse_container(struct json_parser *ps, enum json_type type,
				    char close)
{
	struct json *j = new_value(ps, type), **tail;
	const char *open = ps->p;
	char buf[16];

	if (!j)
		return NULL;
	if (++ps->depth > JSON_MAX_DEPTH) {
		fail_at(ps, ps->p, "nested deeper than %d levels", JSON_MAX_DEPTH);
		goto err_free;
	}
	tail = &j->child;
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		ps->depth--;
		return j;
	}
	for (;;) {
		struct json *v;
		char *key = NULL;

		skip_ws(ps);
		if (type == JSON_OBJECT) {
			const struct json *m;
			const char *at = ps->p;

			if (ps->p >= ps->end || *ps->p != '"') {
				fail_at(ps, ps->p, "unexpected %s: expected a member name in quotes",
					here(ps, buf));
				goto err_free;
			}
			key = parse_string_raw(ps);
			if (!key)
				goto err_free;
			for (m = j->child; m; m = m->next) {
				if (!strcmp(m->key, key)) {
					fail_at(ps, at, "duplicate member \"%s\"", key);
					free(key);
					goto err_free;
				}
			}
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				fail_at(ps, ps->p, "unexpected %s: expected ':' after \"%s\"",
					here(ps, buf), key);
				free(key);
				goto err_free;
			}
			ps->p++;
		}
		v = parse_value(ps);
		if (!v) {
			free(key);
			goto err_free;
		}
		v->key = key;
		*tail = v;
		tail = &v->next;
		j->count++;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			break;
		}
		if (ps->p >= ps->end)
			fail_at(ps, open, "'%c' not closed", *open);
		else
			fail_at(ps, ps->p, "unexpected %s: expected ',' or '%c'",
				here(ps, buf), close);
		goto err_free;
	}
	ps->depth--;
	return j;

err_free:
	json_free(j);
	return NULL;
}

static struct json *parse_value(struct json_parser *ps)
{
	struct json *j;
	char *s;

	skip_ws(ps);
	if (ps->p >= ps->end) {
		fail_at(ps, ps->p, "unexpected end of line: expected a value");
		return NULL;
	}
	switch (*ps->p) {
	case '{':
		return parse_container(ps, JSON_OBJECT, '}');
	case '[':
		return parse_container(ps, JSON_ARRAY, ']');
	case '"':
		s = parse_string_raw(ps);
		if (!s)
			return NULL;
		j = new_value(ps, JSON_STRING);
		if (!j) {
			free(s);
			return NULL;
		}
		j->str = s;
		return j;
	case '-':
	case '0' ... '9':
		return parse_number(ps);
	default:
		return parse_literal(ps);
	}
}

/**
 * json_parse() - parse one JSON value
 * @text:	the text, not necessarily NUL-terminated
 * @len:	its length in bytes
 * @err:	where and why it failed, when it does
 *
 * Return: the tree (free it with json_free()), or NULL with @err filled.
 */
struct json *json_parse(const char *text, size_t len, struct json_error *err)
{
	struct json_parser ps = {
		.start = text, .p = text, .end = text + len, .err = err,
	};
	struct json *j;
	char buf[16];

	memset(err, 0, sizeof(*err));
	j = parse_value(&ps);
	if (!j)
		return NULL;
	skip_ws(&ps);
	if (ps.p < ps.end) {
		fail_at(&ps, ps.p, "unexpected %s after the value", here(&ps, buf));
		json_free(j);
		return NULL;
	}
	return j;
}

/* ---- lookups ------------------------------------------------------------------ */

/**
 * json_member() - an object's member by name
 * @obj:	an object (anything else has no members)
 * @key:	the member's name
 *
 * Return: the member's value, or NULL.
 */
const struct json *json_member(const struct json *obj, const char *key)
{
	const struct json *m;

	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (m = obj->child; m; m = m->next)
		if (!strcmp(m->key, key))
			return m;
	return NULL;
}

/**
 * json_get() - walk a tree by path
 * @j:		where to start
 * @path:	dot-separated steps: a member name in an object, a decimal
 *		index in an array ("workload.think_ns.1"); "" is @j itself
 *
 * Return: the value at the end of the path, or NULL if a step is missing.
 */
const struct json *json_get(const struct json *j, const char *path)
{
	char step[128];

	while (j && *path) {
		size_t n = strcspn(path, ".");
		const struct json *c;

		if (n >= sizeof(step))
			return NULL;
		memcpy(step, path, n);
		step[n] = '\0';
		path += n + (path[n] == '.');
		if (j->type == JSON_OBJECT) {
			j = json_member(j, step);
		} else if (j->type == JSON_ARRAY) {
			char *end;
			unsigned long i = strtoul(step, &end, 10);

			if (!n || *end || step[0] == '-' || step[0] == '+')
				return NULL;
			for (c = j->child; c && i; c = c->next)
				i--;
			j = c;
		} else {
			return NULL;
		}
	}
	return j;
}

/**
 * json_type_name() - a type's name for messages
 * @type:	the type
 *
 * Return: "null", "boolean", "number", "string", "array" or "object".
 */
const char *json_type_name(enum json_type type)
{
	static const char * const names[] = {
		[JSON_NULL] = "null", [JSON_BOOL] = "boolean",
		[JSON_NUMBER] = "number", [JSON_STRING] = "string",
		[JSON_ARRAY] = "array", [JSON_OBJECT] = "object",
	};

	return type <= JSON_OBJECT ? names[type] : "?";
}

/* The text of a string value, or NULL for anything else (NULL too). */
const char *json_string(const struct json *j)
{
	return j && j->type == JSON_STRING ? j->str : NULL;
}

/* A number that is an exact non-negative 64-bit integer. */
bool json_u64(const struct json *j, uint64_t *v)
{
	if (!j || j->type != JSON_NUMBER || !j->is_u64)
		return false;
	*v = j->u64;
	return true;
}

/* Any number, as a double. */
bool json_double(const struct json *j, double *v)
{
	if (!j || j->type != JSON_NUMBER)
		return false;
	*v = j->num;
	return true;
}

bool json_bool(const struct json *j, bool *v)
{
	if (!j || j->type != JSON_BOOL)
		return false;
	*v = j->boolean;
	return true;
}
