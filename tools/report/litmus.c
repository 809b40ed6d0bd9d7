// SPDX-License-Identifier: GPL-2.0
/*
 * litmus in the report: the outcome table per side, and the claims about
 * memory ordering its counts can judge.
 */
#include "report.h"

const struct bench_report bench_report_litmus = {
	.intro = NULL,
};
