/* SPDX-License-Identifier: GPL-2.0 */
/*
 * route's lookup on an rcu table, inline, for callers that look up in a
 * loop: as DPDK keeps rte_lpm_lookup() in its header, the walk is then
 * part of the caller's loop, and the CPU overlaps one lookup's cache
 * misses with the next one's address arithmetic. Out of line it costs a
 * call, a mode test and saved registers per lookup: route b1 on the host
 * moved about 18% fewer lookups a second so (README, "route").
 *
 * route_lookup_nh() is this for every mode; the benchmark's readers call
 * rt_lookup_nh_rcu() itself and test the table's mode once a chunk
 * (kmod/bench_ops.c). route.c's other lookups walk with rt_trie_lookup().
 * Only route.c and kmod/bench_ops.c include this header: it makes a
 * caller depend on the trie's layout (route_trie.h).
 */
#ifndef _SYNCLAB_ROUTE_INLINE_H
#define _SYNCLAB_ROUTE_INLINE_H

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/rcupdate.h>

#include "route.h"
#include "route_trie.h"

static __always_inline void rt_check_word(const struct rt_node *w)
{
	if (RT_CHECK_POISON)
		WARN_ON_ONCE(rt_is_leaf(w) &&
			     ((unsigned long)w & RT_LEAF_MBZ ||
			      rt_len(w) > 32));
}

/*
 * Below a direct word that is a node, the answer for @addr: a slot that
 * holds its leaf inline (the common case), or names an id: a wide leaf,
 * or a level-2 node whose slot is then the answer.
 */
static __always_inline struct rt_node *rt_node_lookup(struct route_table *t,
						      struct rt_trie *tr,
						      u32 s, u32 addr)
{
	struct rt_node *w;

	if (likely(!(s & RT_S_ID)))
		return rt_slot_word(t, tr, s);
	w = rt_id_word(t, tr, rt_s_id(s));
	if (rt_is_node(w))
		w = rt_slot_word(t, tr, READ_ONCE(w->slot[addr & 0xff]));
	return w;
}

/* Call with the table's reader protection held (route.c's rt_read_lock()). */
static __always_inline struct rt_node *rt_trie_lookup(struct route_table *t,
						      struct rt_trie *tr,
						      u32 addr)
{
	struct rt_node *w = rt_deref(t, tr->direct[addr >> 16]);

	if (rt_is_node(w))
		w = rt_node_lookup(t, tr, READ_ONCE(w->slot[(addr >> 8) & 0xff]),
				   addr);
	rt_check_word(w);
	return w;
}

/*
 * rt_lookup_nh_rcu() - route_lookup_nh() on a table in rcu mode
 * @t:		the table; its mode must be SYNCLAB_ROUTE_RCU
 * @addr:	IPv4 address, host byte order
 * @nexthop:	set to the next hop on a match, untouched on a miss
 *
 * Contexts and answers as route_lookup_nh(): rcu_read_lock() inline and
 * nothing else. Return: true on a match.
 */
static __always_inline bool rt_lookup_nh_rcu(struct route_table *t, u32 addr,
					     u32 *nexthop)
{
	struct rt_trie *tr;
	struct rt_node *w;
	u32 s;

	rcu_read_lock();
	tr = rt_deref(t, t->trie);
	w = rt_deref(t, tr->direct[addr >> 16]);
	/*
	 * Most lookups end in a level-1 slot that holds its leaf, or 0: the
	 * next hop is then the slot's top bits, with no word built and taken
	 * apart again (12 instructions fewer). Where the read-side section
	 * costs nothing (the qsbr build) that was 4%-9% more lookups a
	 * second; beside memb's section no change showed (README, "route").
	 * Other slots go on as rt_trie_lookup() does, from the slot loaded.
	 */
	if (likely(rt_is_node(w))) {
		s = READ_ONCE(w->slot[(addr >> 8) & 0xff]);
		if (likely(!(s & RT_S_ID))) {
			rt_check_word(rt_slot_word(t, tr, s));
			rcu_read_unlock();
			if (!s)
				return false;
			*nexthop = s >> RT_S_SHIFT;
			return true;
		}
		w = rt_node_lookup(t, tr, s, addr);
	}
	rt_check_word(w);
	/* A leaf word or NULL: a value, usable after the section ends. */
	rcu_read_unlock();
	if (!w)
		return false;
	*nexthop = rt_nexthop(w);
	return true;
}

#endif /* _SYNCLAB_ROUTE_INLINE_H */
