/* SPDX-License-Identifier: GPL-2.0 */
/* lfstack's host peers (user/lfstack_peers.c), for user/bench_peers.c. */
#ifndef SYNCLAB_LFSTACK_PEERS_H
#define SYNCLAB_LFSTACK_PEERS_H

#include "bench.h"

const struct bench_ops *lfstack_user_peer(u32 mode);

#endif /* SYNCLAB_LFSTACK_PEERS_H */
