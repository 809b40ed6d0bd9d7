// SPDX-License-Identifier: GPL-2.0
/*
 * litmus: the LKMM's verdict on each test and the reading of a run's
 * counts beside it (litmus_lkmm.h). The verdicts are the generated
 * LITMUS_LKMM_VERDICTS (build/gen/litmus_lkmm.h): each of the kernel
 * source's tools/memory-model/litmus-tests/ files with its "Result:".
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "litmus_lkmm.h"
#include "litmus_lkmm_gen.h"

const struct litmus_case litmus_cases[LITMUS_NCASES] = LITMUS_CASES;
const struct litmus_shape litmus_shapes[SYNCLAB_LITMUS_NSHAPES] = LITMUS_SHAPES;
const char * const litmus_shape_names[SYNCLAB_LITMUS_NSHAPES] =
	SYNCLAB_LITMUS_SHAPE_NAMES;
const char * const litmus_variant_names[SYNCLAB_LITMUS_NVARIANTS] =
	SYNCLAB_LITMUS_VARIANT_NAMES;
const char litmus_lkmm_source[] = LITMUS_LKMM_SOURCE;

struct litmus_lkmm {
	const char *name;
	const char *result;
};

static const struct litmus_lkmm litmus_lkmm[] = LITMUS_LKMM_VERDICTS;

/* The test of @shape with @variant, NULL when there is none. */
const struct litmus_case *litmus_case_of(__u32 shape, __u32 variant)
{
	unsigned int i;

	for (i = 0; i < LITMUS_NCASES; i++)
		if (litmus_cases[i].shape == shape &&
		    litmus_cases[i].variant == variant)
			return &litmus_cases[i];
	return NULL;
}

/* SYNCLAB_LITMUS_SB.. for a shape's name (any case), or -1. */
int litmus_shape_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < SYNCLAB_LITMUS_NSHAPES; i++)
		if (!strcasecmp(name, litmus_shape_names[i]))
			return i;
	return -1;
}

/* SYNCLAB_LITMUS_PLAIN.. for a variant's name, or -1. */
int litmus_variant_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < SYNCLAB_LITMUS_NVARIANTS; i++)
		if (!strcmp(name, litmus_variant_names[i]))
			return i;
	return -1;
}

/*
 * The model's verdict on @c's outcome, from the kernel source's test of
 * the same code; LITMUS_NO_MODEL when there is no such file, or it has
 * no Result line.
 */
enum litmus_verdict litmus_verdict(const struct litmus_case *c)
{
	unsigned int i;

	if (!c->lkmm)
		return LITMUS_NO_MODEL;
	for (i = 0; i < sizeof(litmus_lkmm) / sizeof(litmus_lkmm[0]); i++) {
		if (strcmp(litmus_lkmm[i].name, c->lkmm))
			continue;
		if (!litmus_lkmm[i].result)
			return LITMUS_NO_MODEL;
		if (!strcmp(litmus_lkmm[i].result, "Never"))
			return LITMUS_FORBIDDEN;
		return LITMUS_ALLOWED;
	}
	return LITMUS_NO_MODEL;
}

const char *litmus_verdict_words(enum litmus_verdict v)
{
	switch (v) {
	case LITMUS_ALLOWED:
		return "allowed";
	case LITMUS_FORBIDDEN:
		return "forbidden";
	default:
		return "no LKMM test";
	}
}

/* What @both iterations of the outcome asked about mean under @v. */
enum litmus_class litmus_classify(enum litmus_verdict v, __u64 both)
{
	switch (v) {
	case LITMUS_ALLOWED:
		return both ? LITMUS_ALLOWED_SEEN : LITMUS_ALLOWED_NOT_SEEN;
	case LITMUS_FORBIDDEN:
		return both ? LITMUS_FORBIDDEN_SEEN : LITMUS_FORBIDDEN_NOT_SEEN;
	default:
		return both ? LITMUS_UNMODELLED_SEEN : LITMUS_UNMODELLED_NOT_SEEN;
	}
}

const char *litmus_class_words(enum litmus_class c)
{
	static const char * const words[] = {
		[LITMUS_ALLOWED_SEEN] = "allowed and seen",
		[LITMUS_ALLOWED_NOT_SEEN] = "allowed, not seen on this CPU",
		[LITMUS_FORBIDDEN_NOT_SEEN] = "forbidden and never seen",
		[LITMUS_FORBIDDEN_SEEN] = "FORBIDDEN BUT SEEN",
		[LITMUS_UNMODELLED_SEEN] = "seen (no LKMM test)",
		[LITMUS_UNMODELLED_NOT_SEEN] = "not seen (no LKMM test)",
	};

	return c < sizeof(words) / sizeof(words[0]) ? words[c] : "?";
}
