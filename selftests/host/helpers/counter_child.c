// SPDX-License-Identifier: GPL-2.0
/*
 * counter_child: one race on the userspace counter (kmod/counter.c over
 * user/shim), for the host test that must watch a whole process from
 * outside: what ThreadSanitizer says about each mode (the TSan build).
 *
 *   counter_child --mode racy|atomic|locked|percpu [--threads N]
 *                 [--increments M] [--reader] [--plain]
 *
 * --plain: racy without its data_race() annotation (counter_racy_plain).
 * Prints "expected E got G lost L" on stdout. Exit status: 0 the run
 * ended and the total is right for the mode (exact, or never over for
 * racy); 1 it is not; 2 bad usage or setup.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counter_user.h"

static unsigned long long num(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);

	if (!*s || *end) {
		fprintf(stderr, "counter_child: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static int mode_of(const char *s)
{
	static const char *const names[] = SYNCLAB_COUNTER_MODE_NAMES;
	unsigned int i;

	for (i = 0; i < SYNCLAB_COUNTER_NMODES; i++)
		if (!strcmp(s, names[i]))
			return i;
	fprintf(stderr, "counter_child: unknown mode '%s'\n", s);
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "threads", required_argument, NULL, 't' },
		{ "increments", required_argument, NULL, 'n' },
		{ "reader", no_argument, NULL, 'r' },
		{ "plain", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct counter_user_race r;
	unsigned long long threads = 2, increments = 100000;
	bool reader = false;
	struct counter *c;
	int opt, mode = SYNCLAB_COUNTER_RACY, ret;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'm':
			mode = mode_of(optarg);
			break;
		case 't':
			threads = num(optarg);
			break;
		case 'n':
			increments = num(optarg);
			break;
		case 'r':
			reader = true;
			break;
		case 'p':
			counter_racy_plain = true;
			break;
		default:
			return 2;
		}
	}
	if (counter_create(&c, mode, COUNTER_PERCPU_BATCH))
		return 2;
	ret = counter_user_race(c, threads, increments, reader, &r);
	counter_destroy(c);
	if (ret) {
		fprintf(stderr, "counter_child: race: %s\n", strerror(-ret));
		return 2;
	}
	printf("expected %llu got %llu lost %llu\n",
	       (unsigned long long)r.expected, (unsigned long long)r.total,
	       (unsigned long long)(r.expected - r.total));
	if (mode == SYNCLAB_COUNTER_RACY)
		return r.total <= r.expected ? 0 : 1;
	return r.total == r.expected ? 0 : 1;
}
