/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A synthetic Internet-like IPv4 table: see kmod/routegen.c. UAPI types
 * only: the CLI includes this without the userspace shim.
 */
#ifndef _SYNCLAB_ROUTEGEN_H
#define _SYNCLAB_ROUTEGEN_H

#include <linux/types.h>

#include "uapi/synclab.h"

int routegen(struct synclab_route *out, __u32 count, __u64 seed);

#endif /* _SYNCLAB_ROUTEGEN_H */
