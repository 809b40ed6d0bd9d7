/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The synclab CLI: one binary, one subcommand table. Every error is one
 * line on stderr, "synclab: <what>: <why>", and a non-zero exit.
 */
#ifndef SYNCLAB_CLI_H
#define SYNCLAB_CLI_H

#include <stdbool.h>
#include <sys/ioctl.h>
#include <stdnoreturn.h>

#include "uapi/synclab.h"

struct cli_cmd {
	const char *name;
	const char *usage;	/* arguments, shown by --help */
	const char *help;	/* one line */
	int (*run)(int argc, char **argv);
};

noreturn void cli_die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
noreturn void cli_die_errno(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
int cli_open(const char *path, int flags);
int cli_ioctl(int fd, unsigned long cmd, void *arg, const char *what);
/* Runs a subcommand table: argv[0] names the group, argv[1] the command. */
int cli_dispatch(const char *group, const struct cli_cmd *cmds,
		 int argc, char **argv);
void cli_usage(const char *group, const struct cli_cmd *cmds, bool to_err);

#ifndef ARRAY_LEN
#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))
#endif

int cmd_version(int argc, char **argv);

/* parsing and printing shared by the subcommands */
bool parse_u32(const char *s, __u32 *v);
bool parse_u64(const char *s, __u64 *v);
__u64 cli_number(const char *what, const char *s, __u64 max);
bool parse_addr(const char *s, __u32 *addr);
const char *parse_prefix(const char *s, __u32 *prefix, __u8 *len, char *why);
void fmt_addr(__u32 addr, char buf[16]);

/* route tables */
struct synclab_route *route_read_file(const char *path, __u32 *n);
struct synclab_route *route_dump_all(int fd, __u32 *n);

#endif /* SYNCLAB_CLI_H */
