/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading lockdep's "possible circular locking dependency" report back as
 * a few plain lines. Pure text processing: the CLI (`synclab order
 * explain`) feeds it the kernel log or a saved console log; the host tests
 * feed it canned logs.
 */
#ifndef SYNCLAB_ORDER_EXPLAIN_H
#define SYNCLAB_ORDER_EXPLAIN_H

#include <stddef.h>
#include <stdio.h>

/*
 * Explains every circular-locking report found in the @len bytes of @log
 * (kernel log lines, with or without printk timestamps, "<N>" levels or
 * userspace lines in between) to @out.
 * Return: the number of reports explained; 0 when there is none.
 */
int order_explain(const char *log, size_t len, FILE *out);

#endif /* SYNCLAB_ORDER_EXPLAIN_H */
