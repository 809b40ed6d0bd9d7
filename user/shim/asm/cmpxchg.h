/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace stand-in of <asm/cmpxchg.h> (see ../shim.h): the
 * kernel's xchg(), cmpxchg() and, for x86-64, cmpxchg_double() and
 * system_has_cmpxchg_double(), as GCC builtins. Like the kernel's, each
 * is a full barrier.
 *
 * cmpxchg_double() is one 16-byte compare-and-swap (lock cmpxchg16b).
 * GCC emits that instruction inline only for the legacy __sync builtin in
 * code compiled for the cx16 target (the __atomic builtins on 16 bytes
 * call libatomic, which may take a lock): hence the target attribute on
 * one small function, so no build flag (-mcx16) and no libatomic are
 * needed. system_has_cmpxchg_double() asks CPUID, as the kernel's
 * boot_cpu_has(X86_FEATURE_CX16) does; a caller must check it first.
 */
#ifndef SYNCLAB_SHIM_ASM_CMPXCHG_H
#define SYNCLAB_SHIM_ASM_CMPXCHG_H

#include "../shim.h"

#ifndef xchg
#define xchg(p, v)		__atomic_exchange_n(p, v, __ATOMIC_SEQ_CST)
#endif

#ifndef cmpxchg
/* The value found at *p; the swap happened when it equals o. */
#define cmpxchg(p, o, n)	({ __typeof__(*(p)) __cx_o = (o); \
	__atomic_compare_exchange_n(p, &__cx_o, (n), false, \
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
	__cx_o; })
#endif

#ifndef cmpxchg_double
__attribute__((target("cx16")))
static inline bool shim_cmpxchg16(unsigned __int128 *p, unsigned __int128 o,
				  unsigned __int128 n)
{
	return __sync_bool_compare_and_swap(p, o, n);
}

/*
 * The kernel's form: two adjacent longs, the first 16-byte aligned,
 * compared with (o1, o2) and replaced by (n1, n2) together.
 */
#define cmpxchg_double(p1, p2, o1, o2, n1, n2) ({ \
	BUILD_BUG_ON(sizeof(*(p1)) != 8 || sizeof(*(p2)) != 8); \
	assert((void *)((p1) + 1) == (void *)(p2)); \
	shim_cmpxchg16((unsigned __int128 *)(void *)(p1), \
		(unsigned __int128)(unsigned long)(o1) | \
		(unsigned __int128)(unsigned long)(o2) << 64, \
		(unsigned __int128)(unsigned long)(n1) | \
		(unsigned __int128)(unsigned long)(n2) << 64); })

#define system_has_cmpxchg_double()	(!!__builtin_cpu_supports("cmpxchg16b"))
#endif

#endif /* SYNCLAB_SHIM_ASM_CMPXCHG_H */
