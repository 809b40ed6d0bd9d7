// SPDX-License-Identifier: GPL-2.0
/*
 * synclab kvmap: put, get and delete keys of /dev/synclab/kvmap, show its
 * statistics, and replace the map with one of another mode or size.
 * Keys and values are unsigned 64-bit numbers (decimal or 0x hex).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char * const kvmap_modes[SYNCLAB_KVMAP_NMODES] =
	SYNCLAB_KVMAP_MODE_NAMES;

static int kvmap_open(void)
{
	return cli_open(SYNCLAB_DEV_KVMAP, O_RDWR);
}

/* The subcommand's @n positional arguments, as u64 numbers. */
static void kvmap_args(int argc, char **argv, int n, const char *what,
		       __u64 *out)
{
	int i;

	if (argc != n + 1)
		cli_die("kvmap %s: takes %d argument%s (synclab kvmap --help)",
			what, n, n == 1 ? "" : "s");
	for (i = 0; i < n; i++)
		out[i] = cli_number(i ? "kvmap: value" : "kvmap: key",
				    argv[i + 1], UINT64_MAX);
}

/* put K V: prints whether K was new or replaced. */
static int kvmap_put(int argc, char **argv)
{
	struct synclab_kvmap_kv kv = {};
	__u64 a[2];
	int fd;

	kvmap_args(argc, argv, 2, "put", a);
	kv.key = a[0];
	kv.value = a[1];
	fd = kvmap_open();
	cli_ioctl(fd, SYNCLAB_KVMAP_IOC_PUT, &kv, "kvmap put");
	close(fd);
	printf("%llu %llu %s\n", (unsigned long long)kv.key,
	       (unsigned long long)kv.value,
	       kv.flags & SYNCLAB_KVMAP_REPLACED ? "replaced" : "new");
	return 0;
}

/* get K: prints the value; exit 1 when the key is absent. */
static int kvmap_get(int argc, char **argv)
{
	struct synclab_kvmap_kv kv = {};
	__u64 k;
	int fd;

	kvmap_args(argc, argv, 1, "get", &k);
	kv.key = k;
	fd = kvmap_open();
	cli_ioctl(fd, SYNCLAB_KVMAP_IOC_GET, &kv, "kvmap get");
	close(fd);
	if (!(kv.flags & SYNCLAB_KVMAP_FOUND)) {
		fprintf(stderr, "synclab: kvmap get: key %llu: not found\n",
			(unsigned long long)k);
		return 1;
	}
	printf("%llu\n", (unsigned long long)kv.value);
	return 0;
}

static int kvmap_del(int argc, char **argv)
{
	struct synclab_kvmap_kv kv = {};
	__u64 k;
	int fd;

	kvmap_args(argc, argv, 1, "del", &k);
	kv.key = k;
	fd = kvmap_open();
	if (ioctl(fd, SYNCLAB_KVMAP_IOC_DEL, &kv)) {
		if (errno == ENOENT)
			cli_die("kvmap del: key %llu: not found",
				(unsigned long long)k);
		cli_die_errno("kvmap del");
	}
	close(fd);
	return 0;
}

static int kvmap_stats(int argc, char **argv)
{
	struct synclab_kvmap_stats st = {};
	int fd;

	(void)argv;
	if (argc > 1)
		cli_die("kvmap stats: takes no arguments");
	fd = kvmap_open();
	cli_ioctl(fd, SYNCLAB_KVMAP_IOC_STATS, &st, "kvmap stats");
	close(fd);
	printf("mode %s\nbuckets %u\nlocks %u\n", st.mode < SYNCLAB_KVMAP_NMODES ?
	       kvmap_modes[st.mode] : "unknown", st.buckets, st.locks);
	printf("entries %llu\nused_buckets %llu\nlongest_chain %llu\n",
	       (unsigned long long)st.entries,
	       (unsigned long long)st.used_buckets,
	       (unsigned long long)st.longest_chain);
	printf("gets %llu\nhits %llu\nmisses %llu\n",
	       (unsigned long long)st.gets, (unsigned long long)st.hits,
	       (unsigned long long)st.misses);
	printf("inserts %llu\nreplaces %llu\ndeletes %llu\nbytes %llu\n",
	       (unsigned long long)st.inserts,
	       (unsigned long long)st.replaces,
	       (unsigned long long)st.deletes, (unsigned long long)st.bytes);
	return 0;
}

static __u32 kvmap_mode_of(const char *s)
{
	unsigned int m;

	for (m = 0; m < SYNCLAB_KVMAP_NMODES; m++)
		if (!strcmp(s, kvmap_modes[m]))
			return m;
	cli_die("kvmap create: unknown mode '%s' (global, striped, bucket, rcu)",
		s);
}

static const char *kvmap_optarg(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		cli_die("kvmap create: %s needs a value", argv[*i]);
	return argv[++*i];
}

static bool pow2_in(__u32 v, __u32 max)
{
	return v && !(v & (v - 1)) && v <= max;
}

/* create --mode M --buckets N [--stripes S] */
static int kvmap_create(int argc, char **argv)
{
	struct synclab_kvmap_create c = {
		.mode = SYNCLAB_KVMAP_NMODES,
		.buckets = SYNCLAB_KVMAP_DEFAULT_BUCKETS,
	};
	bool have_stripes = false;
	int fd, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--mode")) {
			c.mode = kvmap_mode_of(kvmap_optarg(argc, argv, &i));
		} else if (!strcmp(argv[i], "--buckets")) {
			c.buckets = cli_number("kvmap create: --buckets",
					       kvmap_optarg(argc, argv, &i),
					       UINT32_MAX);
		} else if (!strcmp(argv[i], "--stripes")) {
			c.stripes = cli_number("kvmap create: --stripes",
					       kvmap_optarg(argc, argv, &i),
					       UINT32_MAX);
			have_stripes = true;
		} else {
			cli_die("kvmap create: unexpected '%s'", argv[i]);
		}
	}
	if (c.mode == SYNCLAB_KVMAP_NMODES)
		cli_die("kvmap create: which mode? (--mode global|striped|bucket|rcu)");
	if (!pow2_in(c.buckets, SYNCLAB_KVMAP_MAX_BUCKETS))
		cli_die("kvmap create: --buckets %u: need a power of two in 1..%lu",
			c.buckets, (unsigned long)SYNCLAB_KVMAP_MAX_BUCKETS);
	if (c.mode == SYNCLAB_KVMAP_STRIPED && !have_stripes)
		c.stripes = c.buckets < SYNCLAB_KVMAP_DEFAULT_STRIPES ?
			    c.buckets : SYNCLAB_KVMAP_DEFAULT_STRIPES;
	if (c.mode != SYNCLAB_KVMAP_STRIPED && have_stripes)
		cli_die("kvmap create: --stripes is for --mode striped only");
	if (c.mode == SYNCLAB_KVMAP_STRIPED &&
	    !pow2_in(c.stripes, SYNCLAB_KVMAP_MAX_STRIPES < c.buckets ?
		     SYNCLAB_KVMAP_MAX_STRIPES : c.buckets))
		cli_die("kvmap create: --stripes %u: need a power of two in 1..%u and at most --buckets",
			c.stripes, SYNCLAB_KVMAP_MAX_STRIPES);
	fd = kvmap_open();
	cli_ioctl(fd, SYNCLAB_KVMAP_IOC_CREATE, &c, "kvmap create");
	close(fd);
	printf("kvmap: %s, %u buckets", kvmap_modes[c.mode], c.buckets);
	if (c.stripes)
		printf(", %u stripes", c.stripes);
	printf("\n");
	return 0;
}

static const struct cli_cmd kvmap_cmds[] = {
	{ "put", "K V", "set key K to value V (new or replaced)", kvmap_put },
	{ "get", "K", "print K's value (exit 1: not found)", kvmap_get },
	{ "del", "K", "delete key K", kvmap_del },
	{ "stats", "", "mode, size, chains and counters", kvmap_stats },
	{ "create", "--mode M [--buckets N] [--stripes S]",
	  "replace the map (default 1024 buckets, 64 stripes)", kvmap_create },
	{ NULL, NULL, NULL, NULL },
};

static int cmd_kvmap(int argc, char **argv)
{
	return cli_dispatch("synclab kvmap", kvmap_cmds, argc, argv);
}

/* `synclab kvmap`, listed by kvmap's descriptor (bench_desc.c) */
const struct cli_cmd cli_cmd_kvmap = {
	"kvmap", "<command> [args]",
	"the hash map (/dev/synclab/kvmap)", cmd_kvmap,
};
