/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one pseudo-random generator of synclab, identical in the kernel and
 * in userspace: benchmark thread i draws the same sequence on both sides,
 * and `synclab route gen --seed S` writes the same table everywhere.
 *
 * splitmix64 (Steele, Lea, Flood 2014): one 64-bit word of state, one
 * multiply-xorshift finaliser per draw. Not for cryptography.
 */
#ifndef _SYNCLAB_PRNG_H
#define _SYNCLAB_PRNG_H

#include <linux/types.h>

struct synclab_prng {
	__u64 state;
};

static inline __u64 synclab_prng_next(struct synclab_prng *r)
{
	__u64 z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Seeds stream @id of run @seed; distinct ids give unrelated streams. */
static inline void synclab_prng_seed(struct synclab_prng *r, __u64 seed,
				     __u64 id)
{
	r->state = seed ^ (id * 0xd1b54a32d192ed03ULL);
	synclab_prng_next(r);
}

/* A draw in [0, bound), bound > 0, by multiply-shift (Lemire). */
static inline __u32 synclab_prng_below(struct synclab_prng *r, __u32 bound)
{
	return (__u32)(((synclab_prng_next(r) >> 32) * bound) >> 32);
}

#endif /* _SYNCLAB_PRNG_H */
