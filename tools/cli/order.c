// SPDX-License-Identifier: GPL-2.0
/*
 * synclab order: the bank of /dev/synclab/order from the command line --
 * create, transfer, audit, strategy, stats, the lockdep demo, and explain,
 * which reads lockdep's report back in plain words (no device needed).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <stdnoreturn.h>
#include <sys/klog.h>
#include <unistd.h>

#include "cli.h"
#include "order_explain.h"

static const char * const strategy_names[SYNCLAB_ORDER_NSTRATEGIES] =
	SYNCLAB_ORDER_STRATEGY_NAMES;

#define INVERTED_HINT \
	"inverted needs synclab loaded with order_allow_inverted=1 and CAP_SYS_ADMIN"

static const char *strategy_name(__u32 s)
{
	return s < SYNCLAB_ORDER_NSTRATEGIES ? strategy_names[s] : "unknown";
}

static __u32 parse_strategy(const char *what, const char *s)
{
	__u32 i;

	for (i = 0; i < SYNCLAB_ORDER_NSTRATEGIES; i++)
		if (!strcmp(s, strategy_names[i]))
			return i;
	cli_die("%s: unknown strategy '%s' (ordered, trylock, coarse, inverted)",
		what, s);
}

static int order_open(void)
{
	return cli_open(SYNCLAB_DEV_ORDER, O_RDWR);
}

/* One line on why an order ioctl failed with errno, then exit. */
static noreturn void order_fail(const char *what)
{
	switch (errno) {
	case EPERM:
		cli_die("%s: refused: " INVERTED_HINT, what);
	case ERANGE:
		cli_die("%s: refused: a balance would leave its range (below zero on a bank without overdraw)",
			what);
	default:
		cli_die_errno("%s", what);
	}
}

static void order_ioctl(int fd, unsigned long cmd, void *arg, const char *what)
{
	if (ioctl(fd, cmd, arg))
		order_fail(what);
}

static int cmd_create(int argc, char **argv)
{
	struct synclab_order_create c = { .strategy = SYNCLAB_ORDER_ORDERED };
	int i, pos = 0, fd;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--overdraw")) {
			c.flags |= SYNCLAB_ORDER_OVERDRAW;
		} else if (pos == 0) {
			c.accounts = (__u32)cli_number("order create: ACCOUNTS", argv[i],
						      SYNCLAB_ORDER_MAX_ACCOUNTS);
			pos++;
		} else if (pos == 1) {
			c.balance = (__s64)cli_number("order create: BALANCE", argv[i],
						     INT64_MAX);
			pos++;
		} else if (pos == 2) {
			c.strategy = parse_strategy("order create", argv[i]);
			pos++;
		} else {
			cli_die("order create: too many arguments");
		}
	}
	if (pos < 2)
		cli_die("order create: usage: create ACCOUNTS BALANCE [STRATEGY] [--overdraw]");
	fd = order_open();
	if (ioctl(fd, SYNCLAB_ORDER_IOC_CREATE, &c)) {
		if (errno == EINVAL)
			cli_die("order create: invalid bank: %d..%u accounts, a total that fits in 64 bits",
				SYNCLAB_ORDER_MIN_ACCOUNTS,
				SYNCLAB_ORDER_MAX_ACCOUNTS);
		order_fail("order create");
	}
	close(fd);
	printf("bank: %u accounts of %" PRId64 ", %s%s\n", c.accounts,
	       (int64_t)c.balance, strategy_name(c.strategy),
	       c.flags & SYNCLAB_ORDER_OVERDRAW ? ", overdraw allowed" : "");
	return 0;
}

static int cmd_transfer(int argc, char **argv)
{
	struct synclab_order_transfer t = {};
	int fd;

	if (argc != 4)
		cli_die("order transfer: usage: transfer FROM TO AMOUNT");
	t.from = (__u32)cli_number("order transfer: FROM", argv[1], UINT32_MAX);
	t.to = (__u32)cli_number("order transfer: TO", argv[2], UINT32_MAX);
	t.amount = cli_number("order transfer: AMOUNT", argv[3], INT64_MAX);
	fd = order_open();
	if (ioctl(fd, SYNCLAB_ORDER_IOC_TRANSFER, &t)) {
		if (errno == EINVAL)
			cli_die("order transfer: invalid: the accounts must differ and exist in the bank");
		order_fail("order transfer");
	}
	close(fd);
	printf("moved %" PRIu64 " from %u to %u (%s, %u retries, %u backoffs)\n",
	       (uint64_t)t.amount, t.from, t.to, strategy_name(t.strategy),
	       t.retries, t.backoffs);
	return 0;
}

static int cmd_audit(int argc, char **argv)
{
	struct synclab_order_audit a = {};
	int fd;

	(void)argv;
	if (argc != 1)
		cli_die("order audit: takes no arguments");
	fd = order_open();
	order_ioctl(fd, SYNCLAB_ORDER_IOC_AUDIT, &a, "order audit");
	close(fd);
	printf("total %" PRId64 " expected %" PRId64 " %s\n", (int64_t)a.total,
	       (int64_t)a.expected, a.ok ? "ok" : "BROKEN");
	if (!a.ok)
		cli_die("order audit: the total changed: money was created or lost");
	return 0;
}

static int cmd_strategy(int argc, char **argv)
{
	struct synclab_order_strategy s = {};
	struct synclab_order_stats st = {};
	int fd;

	if (argc > 2)
		cli_die("order strategy: usage: strategy [NAME]");
	fd = order_open();
	if (argc == 2) {
		s.strategy = parse_strategy("order strategy", argv[1]);
		order_ioctl(fd, SYNCLAB_ORDER_IOC_STRATEGY, &s, "order strategy");
	}
	order_ioctl(fd, SYNCLAB_ORDER_IOC_STATS, &st, "order strategy");
	close(fd);
	printf("%s\n", strategy_name(st.strategy));
	return 0;
}

static int cmd_stats(int argc, char **argv)
{
	struct synclab_order_stats st = {};
	unsigned int i;
	int fd;

	(void)argv;
	if (argc != 1)
		cli_die("order stats: takes no arguments");
	fd = order_open();
	order_ioctl(fd, SYNCLAB_ORDER_IOC_STATS, &st, "order stats");
	close(fd);
	printf("accounts %u strategy %s overdraw %u audits %" PRIu64 "\n",
	       st.accounts, strategy_name(st.strategy),
	       !!(st.flags & SYNCLAB_ORDER_OVERDRAW), (uint64_t)st.audits);
	for (i = 0; i < SYNCLAB_ORDER_NSTRATEGIES; i++)
		printf("%-8s transfers %" PRIu64 " refused %" PRIu64
		       " retries %" PRIu64 " backoffs %" PRIu64 "\n",
		       strategy_names[i], (uint64_t)st.per[i].transfers,
		       (uint64_t)st.per[i].refused, (uint64_t)st.per[i].retries,
		       (uint64_t)st.per[i].backoffs);
	return 0;
}

static int cmd_demo(int argc, char **argv)
{
	struct synclab_order_demo d = {};
	int fd;

	(void)argv;
	if (argc != 1)
		cli_die("order demo: takes no arguments");
	fd = order_open();
	order_ioctl(fd, SYNCLAB_ORDER_IOC_DEMO, &d, "order demo");
	close(fd);
	printf("order demo: one thread took accounts 0 then 1, then 1 then 0: no deadlock\n");
	if (!d.lockdep) {
		printf("order demo: this kernel has no lockdep, so nothing watched (use the debug kernel)\n");
	} else if (!d.before) {
		printf("order demo: lockdep was already off (it stops after its first report): reboot to see it\n");
	} else if (!d.after) {
		printf("order demo: lockdep reported the inversion; read it with: synclab order explain\n");
	} else {
		cli_die("order demo: lockdep stayed silent about the inversion");
	}
	return 0;
}

/* The whole kernel log, as dmesg would print it. */
static char *read_kernel_log(size_t *len)
{
	int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	char *buf;
	int n;

	if (size <= 0)
		cli_die_errno("order explain: kernel log size");
	buf = malloc((size_t)size);
	if (!buf)
		cli_die("order explain: out of memory");
	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, size);
	if (n < 0)
		cli_die_errno("order explain: reading the kernel log");
	*len = (size_t)n;
	return buf;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	size_t cap = 1 << 16, n = 0, got;
	char *buf = malloc(cap);

	if (!f)
		cli_die_errno("order explain: %s", path);
	if (!buf)
		cli_die("order explain: out of memory");
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				cli_die("order explain: out of memory");
		}
	}
	if (ferror(f))
		cli_die_errno("order explain: %s", path);
	if (f != stdin)
		fclose(f);
	*len = n;
	return buf;
}

static int cmd_explain(int argc, char **argv)
{
	const char *source = argc > 1 ? argv[1] : "the kernel log";
	size_t len;
	char *log;
	int n;

	if (argc > 2)
		cli_die("order explain: usage: explain [LOGFILE|-]");
	log = argc > 1 ? read_file(argv[1], &len) : read_kernel_log(&len);
	n = order_explain(log, len, stdout);
	free(log);
	if (!n)
		cli_die("order explain: no \"possible circular locking dependency\" report in %s",
			source);
	return 0;
}

static const struct cli_cmd order_cmds[] = {
	{ "create", "ACCOUNTS BALANCE [STRATEGY] [--overdraw]",
	  "replace the bank (strategies: ordered trylock coarse inverted)",
	  cmd_create },
	{ "transfer", "FROM TO AMOUNT", "move AMOUNT between two accounts",
	  cmd_transfer },
	{ "audit", "", "total the balances; fails if money appeared or vanished",
	  cmd_audit },
	{ "strategy", "[NAME]", "show or switch the bank's locking strategy",
	  cmd_strategy },
	{ "stats", "", "transfers, refusals, retries and backoffs per strategy",
	  cmd_stats },
	{ "demo", "", "let lockdep catch an ABBA inversion, without deadlock",
	  cmd_demo },
	{ "explain", "[LOGFILE|-]",
	  "lockdep's circular-locking report in plain words (default: dmesg)",
	  cmd_explain },
	{ NULL, NULL, NULL, NULL },
};

static int cmd_order(int argc, char **argv)
{
	return cli_dispatch("synclab order", order_cmds, argc, argv);
}

/* `synclab order`, listed by order's descriptor (bench_desc.c) */
const struct cli_cmd cli_cmd_order = {
	"order", "<command> ...",
	"lock ordering: a bank of accounts under lockdep", cmd_order,
};
