/* SPDX-License-Identifier: GPL-2.0 */
/*
 * litmus: what the Linux kernel memory model says of each test
 * (kmod/litmus.h), read at build time from the kernel source's own
 * litmus tests (tools/litmus/lkmm.sh), and what a run's counts then mean.
 * Plain data and lookups, no I/O: the CLIs, the report and the tests (in
 * the VM too) link it.
 */
#ifndef SYNCLAB_LITMUS_LKMM_H
#define SYNCLAB_LITMUS_LKMM_H

#include <stdbool.h>

#include "litmus.h"

enum litmus_verdict {
	LITMUS_NO_MODEL,	/* the kernel has no LKMM test of this code */
	LITMUS_ALLOWED,		/* Result: Sometimes (or Always) */
	LITMUS_FORBIDDEN,	/* Result: Never */
};

/* What a run's count of the outcome asked about means, beside the model. */
enum litmus_class {
	LITMUS_ALLOWED_SEEN,
	LITMUS_ALLOWED_NOT_SEEN,	/* the CPU is stronger than the LKMM */
	LITMUS_FORBIDDEN_NOT_SEEN,
	LITMUS_FORBIDDEN_SEEN,		/* a bug in the test or the machine */
	LITMUS_UNMODELLED_SEEN,
	LITMUS_UNMODELLED_NOT_SEEN,
};

extern const struct litmus_case litmus_cases[LITMUS_NCASES];
extern const struct litmus_shape litmus_shapes[SYNCLAB_LITMUS_NSHAPES];
extern const char * const litmus_shape_names[SYNCLAB_LITMUS_NSHAPES];
extern const char * const litmus_variant_names[SYNCLAB_LITMUS_NVARIANTS];

/* The kernel source the verdicts were read from ("linux-source-6.1-..."). */
extern const char litmus_lkmm_source[];

const struct litmus_case *litmus_case_of(__u32 shape, __u32 variant);
int litmus_shape_lookup(const char *name);
int litmus_variant_lookup(const char *name);
enum litmus_verdict litmus_verdict(const struct litmus_case *c);
const char *litmus_verdict_words(enum litmus_verdict v);
enum litmus_class litmus_classify(enum litmus_verdict v, __u64 both);
const char *litmus_class_words(enum litmus_class c);

#endif /* SYNCLAB_LITMUS_LKMM_H */
