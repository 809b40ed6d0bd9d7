// SPDX-License-Identifier: GPL-2.0
/*
 * order in the report: what the number of accounts (and so how often two
 * transfers want the same lock) does to each strategy.
 */
#include "report.h"

static void order_findings(struct report *rp, struct strlist *out, int st)
{
	find_param_effect(rp, out, st, P_KEYS);
}

const struct bench_report bench_report_order = {
	.findings = order_findings,
};
