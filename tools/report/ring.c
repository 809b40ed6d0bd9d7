// SPDX-License-Identifier: GPL-2.0
/*
 * ring in the report: what batching records per push and pop does to
 * each mode.
 */
#include "report.h"

static void ring_findings(struct report *rp, struct strlist *out, int st)
{
	find_param_effect(rp, out, st, P_BATCH);
}

const struct bench_report bench_report_ring = {
	.findings = ring_findings,
};
