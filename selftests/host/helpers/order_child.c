// SPDX-License-Identifier: GPL-2.0
/*
 * order_child: one run of the userspace order bank, for the host tests
 * that must watch a whole process from outside: what ThreadSanitizer says
 * about a strategy (the TSan build), or how the process ends when two
 * threads really deadlock and the watchdog steps in (the ASan build).
 *
 *   order_child [--strategy S] [--accounts N] [--balance B] [--threads T]
 *               [--transfers K] [--seed S] [--max-amount A]
 *               [--pattern random|pingpong] [--sequential] [--auditor]
 *               [--switcher] [--watchdog-ms M]
 *
 * Prints one summary line on stdout. Exit status: 0 the run ended and the
 * final audit holds; 1 the audit or a transfer failed; 2 bad usage or
 * setup; 3 the watchdog found a deadlock and ended it (the audit held).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "order_user.h"

static unsigned long long num(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);

	if (!*s || *end) {
		fprintf(stderr, "order_child: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "strategy", required_argument, NULL, 's' },
		{ "accounts", required_argument, NULL, 'a' },
		{ "balance", required_argument, NULL, 'b' },
		{ "threads", required_argument, NULL, 't' },
		{ "transfers", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'S' },
		{ "max-amount", required_argument, NULL, 'm' },
		{ "pattern", required_argument, NULL, 'p' },
		{ "sequential", no_argument, NULL, 'q' },
		{ "auditor", no_argument, NULL, 'A' },
		{ "switcher", no_argument, NULL, 'W' },
		{ "watchdog-ms", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct synclab_order_create params = {
		.accounts = 8, .balance = 1000, .strategy = SYNCLAB_ORDER_ORDERED,
	};
	struct order_user_run run = {
		.threads = 4, .transfers = 100000, .seed = 1, .max_amount = 100,
	};
	struct synclab_order_audit audit = {};
	struct order_bank *bank;
	unsigned int i;
	int c, ret;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			for (i = 0; i < SYNCLAB_ORDER_NSTRATEGIES; i++)
				if (!strcmp(optarg, order_strategy_names[i]))
					break;
			if (i == SYNCLAB_ORDER_NSTRATEGIES) {
				fprintf(stderr, "order_child: unknown strategy %s\n",
					optarg);
				return 2;
			}
			params.strategy = i;
			break;
		case 'a':
			params.accounts = (u32)num(optarg);
			break;
		case 'b':
			params.balance = (s64)num(optarg);
			break;
		case 't':
			run.threads = (unsigned int)num(optarg);
			break;
		case 'n':
			run.transfers = num(optarg);
			break;
		case 'S':
			run.seed = num(optarg);
			break;
		case 'm':
			run.max_amount = (unsigned int)num(optarg);
			break;
		case 'p':
			run.pattern = strcmp(optarg, "pingpong") ?
				      ORDER_USER_RANDOM : ORDER_USER_PINGPONG;
			break;
		case 'q':
			run.sequential = true;
			break;
		case 'A':
			run.auditor = true;
			break;
		case 'W':
			run.switcher = true;
			break;
		case 'w':
			run.watchdog_ms = (unsigned int)num(optarg);
			break;
		default:
			return 2;
		}
	}
	ret = order_bank_create(&params, &bank);
	if (ret) {
		fprintf(stderr, "order_child: cannot create the bank: %s\n",
			strerror(-ret));
		return 2;
	}
	run.bank = bank;
	ret = order_user_run(&run);
	order_audit(bank, &audit);
	order_bank_destroy(bank);
	printf("order_child: %s: %llu done, %llu refused, %llu aborted, %llu retries, %llu backoffs, %llu audits (%llu bad), %u deadlocks; total %lld expected %lld\n",
	       order_strategy_names[params.strategy], run.done, run.refused,
	       run.aborted, run.retries, run.backoffs, run.audits,
	       run.bad_audits, run.deadlocks, (long long)audit.total,
	       (long long)audit.expected);
	if (!audit.ok || run.bad_audits || (ret && ret != -EDEADLK)) {
		fprintf(stderr, "order_child: %s\n", !audit.ok || run.bad_audits ?
			"the audit failed" : strerror(-ret));
		return 1;
	}
	return ret == -EDEADLK ? 3 : 0;
}
