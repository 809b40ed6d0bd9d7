/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace benchmark engine (kmod/bench.c over pthreads), for the
 * CLI. UAPI types only: the CLI includes this without the shim.
 */
#ifndef _SYNCLAB_BENCH_USER_H
#define _SYNCLAB_BENCH_USER_H

#include "uapi/synclab.h"

/* Run @w in this process; 0, -EINTR (partial @res), or -errno. */
int bench_user_run(const struct synclab_workload *w, struct synclab_result *res);
/* What the engine says of @w without running it: 0, -EINVAL, -EOPNOTSUPP. */
int bench_user_validate(const struct synclab_workload *w);
/* Async-signal-safe: ask the running run to stop (SIGINT, SIGTERM). */
void bench_user_interrupt(void);
/* The liburcu flavor the structures run over: "memb" or "qsbr". */
const char *bench_user_rcu_flavor(void);
/* Whether this binary carries the host peers (rte_lpm, ck_ring). */
int bench_user_has_peers(void);

#endif /* _SYNCLAB_BENCH_USER_H */
