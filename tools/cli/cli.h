/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The synclab CLI: one binary, one subcommand table. Every error is one
 * line on stderr, "synclab: <what>: <why>", and a non-zero exit.
 */
#ifndef SYNCLAB_CLI_H
#define SYNCLAB_CLI_H

#include <stdbool.h>
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

int cmd_version(int argc, char **argv);
int cmd_order(int argc, char **argv);

#endif /* SYNCLAB_CLI_H */
