// SPDX-License-Identifier: GPL-2.0
/*
 * A synthetic Internet-like IPv4 table, the same for a given count and seed
 * on every machine and on both sides (kmod/prng.h): `synclab route gen`
 * writes it, and both benchmark engines load it. The same file builds into
 * the module and, over user/shim, into userspace.
 *
 * Shape, after the global BGP table of the 2020s:
 *  - lengths, in per mille: /24 555; /23 95, /22 110; /21 50, /20 50,
 *    /19 40, /18 22, /17 15, /16 28; shorter (/8../15) 15 in all; longer
 *    than /24 (/25../30, /32) 20 in all, which the global table filters but
 *    internal tables carry;
 *  - addresses cluster as real allocations do: prefixes of /16 and longer
 *    fall in a pool of count/24 random /16 blocks (at least 64) of the
 *    unicast space 1/8..223/8 (not 10/8, 127/8), about two dozen per block;
 *    shorter prefixes cover blocks of the same pool;
 *  - next hops are uniform in 1..1024;
 *  - every prefix is distinct; a length whose space is exhausted (there
 *    are few /8s) gives its turn to a fresh draw.
 */
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "prng.h"
#include "routegen.h"

static const struct {
	unsigned char len;
	unsigned short permille;
} routegen_mix[] = {
	{ 24, 555 }, { 23, 95 }, { 22, 110 }, { 21, 50 }, { 20, 50 },
	{ 19, 40 }, { 18, 22 }, { 17, 15 }, { 16, 28 },
	{ 15, 3 }, { 14, 3 }, { 13, 2 }, { 12, 2 }, { 11, 1 }, { 10, 1 },
	{ 9, 1 }, { 8, 2 },
	{ 25, 5 }, { 26, 4 }, { 27, 3 }, { 28, 3 }, { 29, 2 }, { 30, 2 },
	{ 32, 1 },
};

struct pfx_set {
	u64 *key;	/* prefix << 8 | len, + 1; 0 = empty */
	size_t mask;
};

static bool pfx_set_add(struct pfx_set *s, u32 prefix, unsigned int len)
{
	u64 key = ((u64)prefix << 8 | len) + 1;
	size_t i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 20) & s->mask;

	for (; s->key[i]; i = (i + 1) & s->mask)
		if (s->key[i] == key)
			return false;
	s->key[i] = key;
	return true;
}

static unsigned int routegen_len(struct synclab_prng *r)
{
	unsigned int x = synclab_prng_below(r, 1000), i;

	for (i = 0; i < ARRAY_SIZE(routegen_mix); i++) {
		if (x < routegen_mix[i].permille)
			return routegen_mix[i].len;
		x -= routegen_mix[i].permille;
	}
	return 24;
}

static u32 routegen_block(struct synclab_prng *r)
{
	for (;;) {
		u32 top = 1 + synclab_prng_below(r, 223);

		if (top != 10 && top != 127)
			return top << 24 | synclab_prng_below(r, 256) << 16;
	}
}

/**
 * routegen() - fill @out with @count distinct routes
 * @out:	room for @count routes
 * @count:	how many
 * @seed:	the table's seed
 *
 * Process context (it allocates with GFP_KERNEL).
 *
 * Return: 0, or -ENOMEM.
 */
int routegen(struct synclab_route *out, __u32 count, __u64 seed)
{
	size_t nblocks = count / 24 > 64 ? count / 24 : 64, cap = 1024;
	struct synclab_prng r;
	struct pfx_set set;
	u32 *block, n = 0;
	size_t i;

	while (cap < (size_t)count * 2)
		cap *= 2;
	set.key = kvcalloc(cap, sizeof(*set.key), GFP_KERNEL | __GFP_NOWARN);
	set.mask = cap - 1;
	block = kvmalloc_array(nblocks, sizeof(*block), GFP_KERNEL | __GFP_NOWARN);
	if (!set.key || !block) {
		kvfree(set.key);
		kvfree(block);
		return -ENOMEM;
	}
	synclab_prng_seed(&r, seed, 0);
	for (i = 0; i < nblocks; i++)
		block[i] = routegen_block(&r);
	while (n < count) {
		unsigned int len = routegen_len(&r), tries;

		for (tries = 0; tries < 64; tries++) {
			u32 addr = block[synclab_prng_below(&r, nblocks)] |
				   (u32)synclab_prng_next(&r) >> 16;
			u32 prefix = addr & synclab_route_mask(len);

			if (!pfx_set_add(&set, prefix, len))
				continue;
			memset(&out[n], 0, sizeof(out[n]));
			out[n].prefix = prefix;
			out[n].len = len;
			out[n].nexthop = 1 + synclab_prng_below(&r, 1024);
			n++;
			break;
		}
	}
	kvfree(set.key);
	kvfree(block);
	return 0;
}
