// SPDX-License-Identifier: GPL-2.0
/*
 * counter's kernel-only part: the switch of the KCSAN demo. The counter
 * has no device of its own: it runs through the benchmark
 * (SYNCLAB_IOC_BENCH_RUN on /dev/synclab/ctl, structure counter), and its
 * last kernel run shows in debugfs synclab/counter/last.
 *
 * counter_racy_plain=1, at load only (the parameter is read-only
 * afterwards, so a module loaded without it never runs the demo): racy
 * counters add without their data_race() annotation, and KCSAN reports
 * the data race between two adders' load and store in
 * counter_add_racy(). Only the demo boot sets it.
 */
#include <linux/moduleparam.h>

#include "counter.h"

module_param_named(counter_racy_plain, counter_racy_plain, bool, 0444);
MODULE_PARM_DESC(counter_racy_plain,
		 "racy counters add without data_race(), so that KCSAN reports them (the demo; load time only)");
