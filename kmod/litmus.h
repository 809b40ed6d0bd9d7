/* SPDX-License-Identifier: GPL-2.0 */
/*
 * litmus: memory-ordering litmus tests on real CPUs (kmod/litmus.c says
 * how they run). This header holds the one list of the tests, shape by
 * variant, with the name of the Linux kernel memory model's own test of
 * the same code where it has one, and the words for each shape's outcome.
 * It needs only the UAPI's types: the module, the userspace engine, the
 * CLI, the report and the VM's tests all read it.
 */
#ifndef _SYNCLAB_LITMUS_H
#define _SYNCLAB_LITMUS_H

#include <linux/types.h>

#include "uapi/synclab.h"

/**
 * struct litmus_case - one shape with one variant
 * @shape:	SYNCLAB_LITMUS_SB..R
 * @variant:	SYNCLAB_LITMUS_PLAIN..
 * @lkmm:	the LKMM's test of the same accesses, the name of
 *		tools/memory-model/litmus-tests/@lkmm.litmus in the kernel
 *		source; NULL where the kernel has none
 */
struct litmus_case {
	__u32 shape;
	__u32 variant;
	const char *lkmm;
};

#define LITMUS_CASE(s, v, f) \
	{ SYNCLAB_LITMUS_##s, SYNCLAB_LITMUS_##v, f }

/*
 * Every test, in the order tables print them. SB with smp_wmb() and with
 * release/acquire have no LKMM file: they show what does not stop store
 * buffering.
 */
#define LITMUS_CASES {							\
	LITMUS_CASE(SB, PLAIN, "SB+poonceonces"),			\
	LITMUS_CASE(SB, WMB, NULL),					\
	LITMUS_CASE(SB, REL_ACQ, NULL),					\
	LITMUS_CASE(SB, MB, "SB+fencembonceonces"),			\
	LITMUS_CASE(MP, PLAIN, "MP+poonceonces"),			\
	LITMUS_CASE(MP, WMB_RMB, "MP+fencewmbonceonce+fencermbonceonce"), \
	LITMUS_CASE(MP, REL_ACQ, "MP+pooncerelease+poacquireonce"),	\
	LITMUS_CASE(LB, PLAIN, "LB+poonceonces"),			\
	LITMUS_CASE(LB, REL_ACQ, "LB+poacquireonce+pooncerelease"),	\
	LITMUS_CASE(LB, CTRL_MB, "LB+fencembonceonce+ctrlonceonce"),	\
	LITMUS_CASE(S, PLAIN, "S+poonceonces"),				\
	LITMUS_CASE(S, WMB_ACQ, "S+fencewmbonceonce+poacquireonce"),	\
	LITMUS_CASE(R, PLAIN, "R+poonceonces"),				\
	LITMUS_CASE(R, MB, "R+fencembonceonces"),			\
}

#define LITMUS_NCASES	14

/**
 * struct litmus_shape - a shape in words
 * @p0:		what thread P0 does, variant aside ("x=1; r0=y")
 * @p1:		what P1 does
 * @first:	the first conjunct of the "exists" clause: [1] the words
 *		when it holds ("r0=0"), [0] when it does not ("r0=1")
 * @second:	the second, the same way
 *
 * r0 is P0's register and r1 P1's (MP's P1 has both); x and y alone are
 * the final values.
 */
struct litmus_shape {
	const char *p0;
	const char *p1;
	const char *first[2];
	const char *second[2];
};

#define LITMUS_SHAPES {							\
	[SYNCLAB_LITMUS_SB] = { "x=1; r0=y", "y=1; r1=x",		\
				{ "r0=1", "r0=0" }, { "r1=1", "r1=0" } }, \
	[SYNCLAB_LITMUS_MP] = { "x=1; y=1", "r0=y; r1=x",		\
				{ "r0=0", "r0=1" }, { "r1=1", "r1=0" } }, \
	[SYNCLAB_LITMUS_LB] = { "r0=x; y=1", "r1=y; x=1",		\
				{ "r0=0", "r0=1" }, { "r1=0", "r1=1" } }, \
	[SYNCLAB_LITMUS_S] = { "x=2; y=1", "r1=y; x=1",			\
			       { "x=1", "x=2" }, { "r1=0", "r1=1" } },	\
	[SYNCLAB_LITMUS_R] = { "x=1; y=1", "y=2; r1=x",			\
			       { "y=1", "y=2" }, { "r1=1", "r1=0" } },	\
}

struct litmus;

int litmus_check(__u32 shape, __u32 variant);
struct litmus *litmus_create(__u32 shape, __u32 variant, unsigned int batch);
void litmus_destroy(struct litmus *l);
unsigned long litmus_side(struct litmus *l, unsigned int side,
			  unsigned long n, const int *phase);
void litmus_finish(struct litmus *l, __u64 stats[SYNCLAB_LITMUS_NSTATS]);

#endif /* _SYNCLAB_LITMUS_H */
