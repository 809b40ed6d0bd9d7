// SPDX-License-Identifier: GPL-2.0
/*
 * synclab: the command-line front end of the synclab module and its
 * userspace twins. `synclab --help` lists the subcommands.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "benchcli.h"

static void vwarn(const char *fmt, va_list ap, int err)
{
	fputs("synclab: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
}

noreturn void cli_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap, 0);
	va_end(ap);
	exit(1);
}

noreturn void cli_die_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap, err);
	va_end(ap);
	exit(1);
}

/* Opens a device node, explaining the usual reasons it fails. */
static int cli_open_node(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT)
		cli_die("%s: no such device (is synclab.ko loaded?)", path);
	if (errno == EACCES)
		cli_die("%s: permission denied (the nodes are root-only)", path);
	cli_die_errno("%s", path);
}

/*
 * The loaded module must speak this tool's ABI: the structs of
 * kmod/uapi/synclab.h are shared as they are, so a module from another
 * tree would read them wrong. Checked once, before the first node opens,
 * through the version ioctl, which every ABI keeps as it is.
 */
static void cli_check_abi(void)
{
	static bool checked;
	struct synclab_version v = {};
	int fd;

	if (checked)
		return;
	fd = cli_open_node(SYNCLAB_DEV_CTL, O_RDWR);
	if (ioctl(fd, SYNCLAB_IOC_VERSION, &v))
		cli_die("%s: the loaded module does not answer synclab's version ioctl (%s): it is not the synclab.ko of this tool",
			SYNCLAB_DEV_CTL, strerror(errno));
	close(fd);
	if (v.abi != SYNCLAB_ABI)
		cli_die("the loaded synclab.ko (%u.%u) speaks ABI %u, this tool ABI %u: load the module built with it (make install, or rmmod synclab; insmod build/kmod-$(uname -r)/synclab.ko)",
			v.major, v.minor, v.abi, SYNCLAB_ABI);
	checked = true;
}

/* A node of the module, once its ABI is known to be this tool's. */
int cli_open(const char *path, int flags)
{
	if (!strncmp(path, SYNCLAB_DEV_DIR "/", strlen(SYNCLAB_DEV_DIR "/")))
		cli_check_abi();
	return cli_open_node(path, flags);
}

bool parse_u64(const char *s, __u64 *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end;
}

bool parse_u32(const char *s, __u32 *v)
{
	__u64 x;

	if (!parse_u64(s, &x) || x > UINT32_MAX)
		return false;
	*v = x;
	return true;
}

/* A number in 0..@max (decimal, or 0x hex), or one clear line and exit. */
__u64 cli_number(const char *what, const char *s, __u64 max)
{
	__u64 v;

	if (!parse_u64(s, &v) || v > max)
		cli_die("%s: '%s' is not a number in 0..%llu", what, s,
			(unsigned long long)max);
	return v;
}

int cli_ioctl(int fd, unsigned long cmd, void *arg, const char *what)
{
	int ret = ioctl(fd, cmd, arg);

	if (ret < 0)
		cli_die_errno("%s", what);
	return ret;
}

int cmd_version(int argc, char **argv)
{
	static const char * const names[SYNCLAB_DBG_NBITS] = SYNCLAB_DBG_NAMES;
	struct synclab_version v = {};
	unsigned int i;
	int fd;

	(void)argv;
	if (argc > 1)
		cli_die("version: takes no arguments");
	/* says what both sides speak before refusing a mismatch */
	fd = cli_open_node(SYNCLAB_DEV_CTL, O_RDWR);
	cli_ioctl(fd, SYNCLAB_IOC_VERSION, &v, "version");
	close(fd);
	printf("module %u.%u abi %u (this tool: %u.%u abi %u)\n", v.major,
	       v.minor, v.abi, SYNCLAB_VERSION_MAJOR, SYNCLAB_VERSION_MINOR,
	       SYNCLAB_ABI);
	printf("debug");
	for (i = 0; i < SYNCLAB_DBG_NBITS; i++)
		if (v.debug & (1U << i))
			printf(" %s", names[i]);
	printf("\n");
	if (v.abi != SYNCLAB_ABI)
		cli_die("version: module ABI %u, this tool speaks %u", v.abi,
			SYNCLAB_ABI);
	return 0;
}

void cli_usage(const char *group, const struct cli_cmd *cmds, bool to_err)
{
	FILE *f = to_err ? stderr : stdout;
	const struct cli_cmd *c;

	fprintf(f, "usage: %s <command> [args]\n\ncommands:\n", group);
	for (c = cmds; c->name; c++)
		fprintf(f, "  %-8s %-28s %s\n", c->name, c->usage, c->help);
}

int cli_dispatch(const char *group, const struct cli_cmd *cmds,
		 int argc, char **argv)
{
	const struct cli_cmd *c;

	if (argc < 2) {
		cli_usage(group, cmds, true);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		cli_usage(group, cmds, false);
		return 0;
	}
	for (c = cmds; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s' (try --help)\n",
		group, argv[1]);
	return 2;
}

#ifndef SYNCLAB_REPORT
/*
 * The report (tools/report/) is built into the host's CLI only: the
 * guest's static binary never runs it, and needs neither its code nor
 * gnuplot's plumbing.
 */
int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_die("report: the report is host-only: run build/host-bin/synclab report on the host");
}
#endif

static const struct cli_cmd top_cmds[] = {
	{ "version", "", "module version, ABI and the kernel's debug options",
	  cmd_version },
	/* here, the structures' own commands (their descriptors') */
	{ "bench", "[options]", "run a workload, print its JSON line (bench --help)",
	  cmd_bench },
	{ "report", "FILE.jsonl [--out DIR]",
	  "tables, plots and findings from bench lines (report --help)",
	  cmd_report },
	{ "jsonl", "<command> FILE...",
	  "mark, list and replace disturbed runs in bench lines (jsonl --help)",
	  cmd_jsonl },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	struct cli_cmd cmds[ARRAY_LEN(top_cmds) + SYNCLAB_BENCH_NSTRUCTS];
	const struct bench_desc *d;
	unsigned int i, n = 0, st;

	cmds[n++] = top_cmds[0];
	for (st = 0; (d = bench_desc(st)); st++)
		if (d->command)
			cmds[n++] = *d->command;
	for (i = 1; i < ARRAY_LEN(top_cmds); i++)
		cmds[n++] = top_cmds[i];
	return cli_dispatch("synclab", cmds, argc, argv);
}
