// SPDX-License-Identifier: GPL-2.0
/*
 * count in the report: a baseline, not a structure. Its section is a word
 * on what it measures and its throughput; it takes part in no finding.
 */
#include "report.h"

const struct bench_report bench_report_count = {
	.baseline = true,
	.intro = "Each operation bumps a counter, so this is what the engine itself costs per operation: the ceiling every other structure's figures sit under.",
};
