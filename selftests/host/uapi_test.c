// SPDX-License-Identifier: GPL-2.0
/*
 * uapi_test: the UAPI's layout, kmod/uapi_layout.h, on the host's side.
 *
 * The list is compiled here into static assertions, as the module compiles
 * it (kmod/main.c): a size or offset that differs from what the list says
 * fails the build on either side. Then the list itself is checked, so that
 * it cannot silently fall behind the header:
 *  - whole: within each struct the listed fields follow one another with
 *    no gap and end at its size, so a field left out of the list (or
 *    padding the compiler slipped in) shows as a hole;
 *  - complete: every struct that kmod/uapi/synclab.h defines is listed,
 *    once, and the list names no struct the header lacks.
 */
#include <libgen.h>
#include <limits.h>
#include <stddef.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "uapi/synclab.h"

#define SYNCLAB_UAPI_STRUCT(s, size) \
	_Static_assert(sizeof(struct s) == (size), "sizeof(struct " #s ")")
#define SYNCLAB_UAPI_FIELD(s, f, off) \
	_Static_assert(offsetof(struct s, f) == (off), #s "." #f)
#include "uapi_layout.h"
#undef SYNCLAB_UAPI_STRUCT
#undef SYNCLAB_UAPI_FIELD

/* One line of the list, with what the compiler made of it. */
struct layout_line {
	const char *type;	/* the struct's name */
	const char *field;	/* NULL on the struct's own line */
	size_t size;		/* sizeof the struct or the field */
	size_t offset;		/* offsetof the field; 0 for the struct */
};

#define MAX_LINES	512

static struct layout_line lines[MAX_LINES];
static unsigned int nlines;

static void add_line(const char *type, const char *field, size_t size,
		     size_t offset)
{
	if (nlines < MAX_LINES)
		lines[nlines] = (struct layout_line){ type, field, size, offset };
	nlines++;
}

/* The list again, this time as a table to walk. */
static void load_lines(void)
{
	nlines = 0;
#define SYNCLAB_UAPI_STRUCT(s, size) add_line(#s, NULL, sizeof(struct s), 0)
#define SYNCLAB_UAPI_FIELD(s, f, off) \
	add_line(#s, #f, sizeof(((struct s *)0)->f), offsetof(struct s, f))
#include "uapi_layout.h"
#undef SYNCLAB_UAPI_STRUCT
#undef SYNCLAB_UAPI_FIELD
}

/* kmod/uapi/synclab.h, whole, found from build/host/uapi_test. */
static char *read_header(void)
{
	char exe[PATH_MAX], path[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *buf;
	size_t len;
	FILE *f;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	snprintf(path, sizeof(path), "%s/../../kmod/uapi/synclab.h",
		 dirname(exe));
	f = fopen(path, "r");
	if (!f)
		return NULL;
	buf = calloc(1, 1 << 20);
	len = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
	fclose(f);
	if (buf)
		buf[len] = '\0';
	return buf;
}

/* How many of the list's struct lines name @type. */
static unsigned int listed(const char *type, size_t len)
{
	unsigned int i, n = 0;

	for (i = 0; i < nlines; i++)
		if (!lines[i].field && strlen(lines[i].type) == len &&
		    !strncmp(lines[i].type, type, len))
			n++;
	return n;
}

/* Every struct line is followed by its fields, which tile the struct. */
TEST(every_struct_whole)
{
	unsigned int i, structs = 0, fields = 0;

	load_lines();
	ASSERT_GE(MAX_LINES, nlines);
	ASSERT_LT(0, nlines);
	ASSERT_EQ(NULL, lines[0].field) TH_LOG("the list starts with a field");
	for (i = 0; i < nlines; i++) {
		const struct layout_line *s = &lines[i];
		size_t end = 0;

		if (s->field)
			continue;
		structs++;
		for (i++; i < nlines && lines[i].field; i++) {
			const struct layout_line *f = &lines[i];

			EXPECT_STREQ(s->type, f->type)
				TH_LOG("%s.%s listed under struct %s", f->type,
				       f->field, s->type);
			EXPECT_EQ(end, f->offset)
				TH_LOG("struct %s: %zu bytes before .%s are not listed",
				       s->type, f->offset - end, f->field);
			end = f->offset + f->size;
			fields++;
		}
		i--;
		EXPECT_EQ(s->size, end)
			TH_LOG("struct %s: its last %zu bytes are not listed",
			       s->type, s->size - end);
	}
	printf("# %u structs, %u fields, each field where the list says\n",
	       structs, fields);
}

/* The list names each struct of the header once, and no other. */
TEST(every_header_struct_listed)
{
	char *hdr = read_header(), *p;
	unsigned int i, defined = 0;

	ASSERT_NE(NULL, hdr) TH_LOG("cannot read kmod/uapi/synclab.h");
	load_lines();
	/* Definitions only: "struct NAME {" at the start of a line. */
	for (p = hdr; (p = strstr(p, "\nstruct ")); ) {
		char *name = p + strlen("\nstruct ");
		size_t len = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_");

		p = name + len;
		if (strncmp(p, " {\n", 3))
			continue;
		defined++;
		EXPECT_EQ(1, listed(name, len))
			TH_LOG("struct %.*s: listed %u times in kmod/uapi_layout.h",
			       (int)len, name, listed(name, len));
	}
	for (i = 0; i < nlines; i++) {
		char def[128];

		if (lines[i].field)
			continue;
		snprintf(def, sizeof(def), "\nstruct %s {\n", lines[i].type);
		EXPECT_NE(NULL, strstr(hdr, def))
			TH_LOG("struct %s is listed but not defined",
			       lines[i].type);
	}
	EXPECT_LT(0, defined);
	free(hdr);
}

TEST_HARNESS_MAIN
