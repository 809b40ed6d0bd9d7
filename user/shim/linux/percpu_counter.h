/* SPDX-License-Identifier: GPL-2.0 */
/* The userspace stand-in of <linux/percpu_counter.h>: see ../shim.h. */
#include "../shim.h"
