// SPDX-License-Identifier: GPL-2.0
/*
 * synclab ring: push and pop records through /dev/synclab/ring, and
 * create, report, reset and shut down the ring behind it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char * const ring_modes[SYNCLAB_RING_NMODES] =
	SYNCLAB_RING_MODE_NAMES;

/* Records per read()/write() call. */
#define RING_CLI_CHUNK	512

/* The option's value: argv[*i + 1], which must exist. */
static const char *ring_optarg(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		cli_die("ring: %s needs a value", argv[*i]);
	return argv[++*i];
}

static int ring_open(int flags)
{
	return cli_open(SYNCLAB_DEV_RING, flags);
}

/* push N [--producer ID] [--seq FIRST] [--nonblock] */
static int ring_push(int argc, char **argv)
{
	unsigned long long n = 0, seq = 0, done = 0;
	unsigned int producer = getpid() & 0xffff;
	struct synclab_ring_rec buf[RING_CLI_CHUNK];
	bool have_n = false, nonblock = false;
	int fd, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--producer")) {
			producer = cli_number("ring: --producer",
					       ring_optarg(argc, argv, &i),
					       0xffff);
		} else if (!strcmp(argv[i], "--seq")) {
			seq = cli_number("ring: --seq", ring_optarg(argc, argv, &i),
					  UINT32_MAX);
		} else if (!strcmp(argv[i], "--nonblock")) {
			nonblock = true;
		} else if (!have_n && argv[i][0] != '-') {
			n = cli_number("ring: N", argv[i], UINT32_MAX);
			have_n = true;
		} else {
			cli_die("ring push: unexpected '%s'", argv[i]);
		}
	}
	if (!have_n)
		cli_die("ring push: how many records? (synclab ring push N)");

	fd = ring_open(O_WRONLY | (nonblock ? O_NONBLOCK : 0));
	while (done < n) {
		size_t k = n - done < RING_CLI_CHUNK ? n - done : RING_CLI_CHUNK;
		ssize_t w;
		size_t j;

		for (j = 0; j < k; j++)
			buf[j] = synclab_ring_rec_make(producer,
						       (__u32)(seq + done + j));
		w = write(fd, buf, k * sizeof(buf[0]));
		if (w < 0) {
			if (errno == EAGAIN)
				cli_die("ring push: ring full after %llu of %llu records",
					done, n);
			if (errno == ESHUTDOWN)
				cli_die("ring push: ring shut down after %llu of %llu records",
					done, n);
			cli_die_errno("ring push: write after %llu records",
				      done);
		}
		done += w / sizeof(buf[0]);
	}
	close(fd);
	printf("pushed %llu records, producer %u, seq %llu..%llu\n", n,
	       producer, seq, seq + n - (n ? 1 : 0));
	return 0;
}

/* pop N [--nonblock] [--quiet]: prints "producer seq" per record. */
static int ring_pop(int argc, char **argv)
{
	unsigned long long n = 0, done = 0, bad = 0;
	struct synclab_ring_rec buf[RING_CLI_CHUNK];
	bool have_n = false, nonblock = false, quiet = false;
	int fd, i, stop = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--nonblock")) {
			nonblock = true;
		} else if (!strcmp(argv[i], "--quiet")) {
			quiet = true;
		} else if (!have_n && argv[i][0] != '-') {
			n = cli_number("ring: N", argv[i], UINT32_MAX);
			have_n = true;
		} else {
			cli_die("ring pop: unexpected '%s'", argv[i]);
		}
	}
	if (!have_n)
		cli_die("ring pop: how many records? (synclab ring pop N)");

	fd = ring_open(O_RDONLY | (nonblock ? O_NONBLOCK : 0));
	while (done < n) {
		size_t k = n - done < RING_CLI_CHUNK ? n - done : RING_CLI_CHUNK;
		ssize_t r = read(fd, buf, k * sizeof(buf[0]));
		size_t j;

		if (r < 0) {
			/* Empty, non-blocking or shut down: report what came. */
			if (errno == EAGAIN || errno == ESHUTDOWN) {
				stop = errno;
				break;
			}
			cli_die_errno("ring pop: read after %llu records", done);
		}
		for (j = 0; j < r / sizeof(buf[0]); j++) {
			bool ok = synclab_ring_rec_ok(&buf[j]);

			bad += !ok;
			if (!quiet || !ok)
				printf("%u %u%s\n", buf[j].producer, buf[j].seq,
				       ok ? "" : " bad-checksum");
		}
		done += r / sizeof(buf[0]);
	}
	close(fd);
	fflush(stdout);
	if (bad)
		cli_die("ring pop: %llu of %llu records had a bad checksum",
			bad, done);
	if (stop == ESHUTDOWN)
		cli_die("ring pop: %llu of %llu records: the ring is shut down and empty",
			done, n);
	fprintf(stderr, "popped %llu of %llu records%s\n", done, n,
		stop == EAGAIN ? " (the ring is empty)" : "");
	return 0;
}

static int ring_stat(int argc, char **argv)
{
	struct synclab_ring_stats st = {};
	int fd;

	(void)argv;
	if (argc > 1)
		cli_die("ring stat: takes no arguments");
	fd = ring_open(O_RDONLY);
	cli_ioctl(fd, SYNCLAB_RING_IOC_STAT, &st, "ring stat");
	close(fd);
	printf("mode %s\n", st.mode < SYNCLAB_RING_NMODES ?
	       ring_modes[st.mode] : "unknown");
	printf("capacity %u\ncount %u\nhead %u\ntail %u\nhwm %u\n",
	       st.capacity, st.count, st.head, st.tail, st.hwm);
	printf("pushes %llu\npops %llu\nfull %llu\nempty %llu\n",
	       (unsigned long long)st.pushes, (unsigned long long)st.pops,
	       (unsigned long long)st.full, (unsigned long long)st.empty);
	printf("producer_waits %llu\nconsumer_waits %llu\nwakeups %llu\n",
	       (unsigned long long)st.producer_waits,
	       (unsigned long long)st.consumer_waits,
	       (unsigned long long)st.wakeups);
	printf("producer_contended %llu\nconsumer_contended %llu\n",
	       (unsigned long long)st.producer_contended,
	       (unsigned long long)st.consumer_contended);
	printf("shutdown %u\n", !!(st.flags & SYNCLAB_RING_SHUT));
	return 0;
}

static int ring_simple_ioctl(int argc, unsigned long cmd, const char *what)
{
	int fd;

	if (argc > 1)
		cli_die("%s: takes no arguments", what);
	fd = ring_open(O_RDONLY);
	cli_ioctl(fd, cmd, NULL, what);
	close(fd);
	return 0;
}

static int ring_reset(int argc, char **argv)
{
	(void)argv;
	return ring_simple_ioctl(argc, SYNCLAB_RING_IOC_RESET, "ring reset");
}

static int ring_shutdown(int argc, char **argv)
{
	(void)argv;
	return ring_simple_ioctl(argc, SYNCLAB_RING_IOC_SHUTDOWN,
				 "ring shutdown");
}

/* create [--capacity C] [--mode spinlock|mutex|spsc] */
static int ring_create(int argc, char **argv)
{
	struct synclab_ring_config cfg = {
		.capacity = SYNCLAB_RING_DEFAULT_CAPACITY,
		.mode = SYNCLAB_RING_SPINLOCK,
	};
	const char *mode = ring_modes[cfg.mode];
	unsigned int m;
	int fd, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--capacity")) {
			cfg.capacity = cli_number("ring: --capacity",
						   ring_optarg(argc, argv, &i),
						   UINT32_MAX);
		} else if (!strcmp(argv[i], "--mode")) {
			mode = ring_optarg(argc, argv, &i);
			for (m = 0; m < SYNCLAB_RING_NMODES; m++)
				if (!strcmp(mode, ring_modes[m]))
					break;
			if (m == SYNCLAB_RING_NMODES)
				cli_die("ring create: unknown mode '%s' (spinlock, mutex, spsc)",
					mode);
			cfg.mode = m;
		} else {
			cli_die("ring create: unexpected '%s'", argv[i]);
		}
	}
	if (cfg.capacity & (cfg.capacity - 1) || !cfg.capacity ||
	    cfg.capacity > SYNCLAB_RING_MAX_CAPACITY)
		cli_die("ring create: capacity %u: need a power of two in 1..%lu",
			cfg.capacity, (unsigned long)SYNCLAB_RING_MAX_CAPACITY);
	fd = ring_open(O_RDONLY);
	cli_ioctl(fd, SYNCLAB_RING_IOC_CREATE, &cfg, "ring create");
	close(fd);
	printf("ring: %u records, %s\n", cfg.capacity, mode);
	return 0;
}

static const struct cli_cmd ring_cmds[] = {
	{ "push", "N [--producer ID] [--seq S] [--nonblock]",
	  "write N checksummed records (producer: pid & 0xffff)", ring_push },
	{ "pop", "N [--nonblock] [--quiet]",
	  "read N records, print 'producer seq', check them", ring_pop },
	{ "stat", "", "capacity, occupancy, indices and counters", ring_stat },
	{ "reset", "", "empty the ring, zero counters, undo shutdown",
	  ring_reset },
	{ "create", "[--capacity C] [--mode spinlock|mutex|spsc]",
	  "replace the ring (default 1024, spinlock)", ring_create },
	{ "shutdown", "", "wake blocked readers/writers with ESHUTDOWN",
	  ring_shutdown },
	{ NULL, NULL, NULL, NULL },
};

static int cmd_ring(int argc, char **argv)
{
	return cli_dispatch("synclab ring", ring_cmds, argc, argv);
}

/* `synclab ring`, listed by ring's descriptor (bench_desc.c) */
const struct cli_cmd cli_cmd_ring = {
	"ring", "<command> [args]",
	"the producer/consumer ring (/dev/synclab/ring)", cmd_ring,
};
