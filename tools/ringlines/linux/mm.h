/* SPDX-License-Identifier: GPL-2.0 */
/* ptr_ring.h includes <linux/mm.h>; nothing the driver uses needs it. */
