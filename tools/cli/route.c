// SPDX-License-Identifier: GPL-2.0
/*
 * synclab route: the routing table of /dev/synclab/route from the command
 * line. Prefixes are written "10.0.0.0/8"; a prefix with bits set beyond
 * its length is refused, with the prefix it probably meant.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "routegen.h"

static const char * const route_modes[SYNCLAB_ROUTE_NMODES] =
	SYNCLAB_ROUTE_MODE_NAMES;

void fmt_addr(__u32 addr, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff,
		 (addr >> 8) & 0xff, addr & 0xff);
}

bool parse_addr(const char *s, __u32 *addr)
{
	struct in_addr in;

	if (inet_pton(AF_INET, s, &in) != 1)
		return false;
	*addr = ntohl(in.s_addr);
	return true;
}

/*
 * Parses "a.b.c.d/len". Returns NULL, or what is wrong with it (in @why,
 * room for 96 bytes).
 */
const char *parse_prefix(const char *s, __u32 *prefix, __u8 *len, char *why)
{
	char addr[32], fixed[16];
	const char *slash = strchr(s, '/');
	__u32 l;

	if (!slash)
		return "missing /LEN (write it as 10.0.0.0/8)";
	if ((size_t)(slash - s) >= sizeof(addr))
		return "not an IPv4 address";
	memcpy(addr, s, slash - s);
	addr[slash - s] = '\0';
	if (!parse_addr(addr, prefix))
		return "not an IPv4 address";
	if (!parse_u32(slash + 1, &l) || l > 32)
		return "prefix length must be 0..32";
	*len = l;
	if (*prefix & ~synclab_route_mask(l)) {
		fmt_addr(*prefix & synclab_route_mask(l), fixed);
		snprintf(why, 96, "host bits set beyond /%u (did you mean %s/%u?)",
			 l, fixed, l);
		return why;
	}
	return NULL;
}

static void need_prefix(const char *what, const char *s, __u32 *prefix,
			__u8 *len)
{
	char why[96];
	const char *err = parse_prefix(s, prefix, len, why);

	if (err)
		cli_die("route %s: %s: %s", what, s, err);
}

static int route_open(void)
{
	return cli_open(SYNCLAB_DEV_ROUTE, O_RDWR);
}

static int cmd_route_add(int argc, char **argv)
{
	struct synclab_route r = {};
	char buf[16];
	int fd;

	if (argc != 3)
		cli_die("route add: usage: synclab route add PREFIX/LEN NEXTHOP");
	need_prefix("add", argv[1], &r.prefix, &r.len);
	if (!parse_u32(argv[2], &r.nexthop))
		cli_die("route add: %s: next hop must be 0..4294967295", argv[2]);
	fd = route_open();
	cli_ioctl(fd, SYNCLAB_ROUTE_IOC_ADD, &r, "route add");
	fmt_addr(r.prefix, buf);
	printf("%s %s/%u %u\n",
	       r.flags & SYNCLAB_ROUTE_REPLACED ? "replaced" : "added", buf,
	       r.len, r.nexthop);
	close(fd);
	return 0;
}

static int cmd_route_del(int argc, char **argv)
{
	struct synclab_route r = {};
	int fd;

	if (argc != 2)
		cli_die("route del: usage: synclab route del PREFIX/LEN");
	need_prefix("del", argv[1], &r.prefix, &r.len);
	fd = route_open();
	if (ioctl(fd, SYNCLAB_ROUTE_IOC_DEL, &r) < 0) {
		if (errno == ENOENT)
			cli_die("route del: %s: no such route", argv[1]);
		cli_die_errno("route del: %s", argv[1]);
	}
	close(fd);
	return 0;
}

static int cmd_route_lookup(int argc, char **argv)
{
	struct synclab_route_lookup q = {};
	char buf[16];
	int fd;

	if (argc != 2)
		cli_die("route lookup: usage: synclab route lookup ADDRESS");
	if (!parse_addr(argv[1], &q.addr))
		cli_die("route lookup: %s: not an IPv4 address", argv[1]);
	fd = route_open();
	cli_ioctl(fd, SYNCLAB_ROUTE_IOC_LOOKUP, &q, "route lookup");
	close(fd);
	if (!q.found) {
		printf("%s: no route\n", argv[1]);
		return 1;
	}
	fmt_addr(q.prefix, buf);
	printf("%s via %u (%s/%u)\n", argv[1], q.nexthop, buf, q.len);
	return 0;
}

static int cmd_route_flush(int argc, char **argv)
{
	int fd;

	(void)argv;
	if (argc != 1)
		cli_die("route flush: takes no arguments");
	fd = route_open();
	cli_ioctl(fd, SYNCLAB_ROUTE_IOC_FLUSH, NULL, "route flush");
	close(fd);
	return 0;
}

static int cmd_route_create(int argc, char **argv)
{
	struct synclab_route_table arg = {};
	unsigned int m;
	int fd;

	if (argc != 3 || strcmp(argv[1], "--mode"))
		cli_die("route create: usage: synclab route create --mode rcu|rwlock|spinlock|mutex");
	for (m = 0; m < SYNCLAB_ROUTE_NMODES; m++)
		if (!strcmp(argv[2], route_modes[m]))
			break;
	if (m == SYNCLAB_ROUTE_NMODES)
		cli_die("route create: unknown mode '%s' (valid: rcu rwlock spinlock mutex)",
			argv[2]);
	arg.mode = m;
	fd = route_open();
	cli_ioctl(fd, SYNCLAB_ROUTE_IOC_CREATE, &arg, "route create");
	close(fd);
	printf("new empty table, mode %s\n", route_modes[m]);
	return 0;
}

/*
 * Reads a route file: "PREFIX/LEN NEXTHOP" per line, '#' starts a comment,
 * blank lines are skipped. Any bad line is reported with its number and
 * nothing is returned. On success returns the routes, their number in @n.
 */
struct synclab_route *route_read_file(const char *path, __u32 *n)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	struct synclab_route *routes = NULL;
	size_t cap = 0, count = 0, lineno = 0;
	char *line = NULL;
	size_t linecap = 0;

	if (!f)
		cli_die_errno("route load: %s", path);
	while (getline(&line, &linecap, f) >= 0) {
		char *hash = strchr(line, '#'), *pfx, *nh, *extra, *save;
		char why[96];
		const char *err;

		lineno++;
		if (hash)
			*hash = '\0';
		pfx = strtok_r(line, " \t\r\n", &save);
		if (!pfx)
			continue;
		nh = strtok_r(NULL, " \t\r\n", &save);
		extra = strtok_r(NULL, " \t\r\n", &save);
		if (!nh || extra)
			cli_die("route load: %s:%zu: expected 'PREFIX/LEN NEXTHOP'",
				path, lineno);
		if (count == cap) {
			cap = cap ? cap * 2 : 4096;
			routes = realloc(routes, cap * sizeof(*routes));
			if (!routes)
				cli_die("route load: out of memory");
		}
		memset(&routes[count], 0, sizeof(routes[count]));
		err = parse_prefix(pfx, &routes[count].prefix,
				   &routes[count].len, why);
		if (err)
			cli_die("route load: %s:%zu: %s: %s", path, lineno, pfx,
				err);
		if (!parse_u32(nh, &routes[count].nexthop))
			cli_die("route load: %s:%zu: %s: next hop must be 0..4294967295",
				path, lineno, nh);
		if (++count > SYNCLAB_ROUTE_MAX_LOAD)
			cli_die("route load: %s: more than %lu routes", path,
				(unsigned long)SYNCLAB_ROUTE_MAX_LOAD);
	}
	if (ferror(f))
		cli_die_errno("route load: %s", path);
	free(line);
	if (f != stdin)
		fclose(f);
	*n = count;
	return routes;
}

static int cmd_route_load(int argc, char **argv)
{
	struct synclab_route_batch b = {};
	struct synclab_route *routes;
	__u32 n;
	int fd;

	if (argc != 2)
		cli_die("route load: usage: synclab route load FILE (- for stdin)");
	routes = route_read_file(argv[1], &n);
	fd = route_open();
	b.routes = (uintptr_t)routes;
	b.count = n;
	cli_ioctl(fd, SYNCLAB_ROUTE_IOC_LOAD, &b, "route load");
	close(fd);
	free(routes);
	printf("loaded %u routes\n", n);
	return 0;
}

/* The whole table, sorted; retries while it grows under us. */
struct synclab_route *route_dump_all(int fd, __u32 *n)
{
	struct synclab_route_batch b = {};
	struct synclab_route *routes = NULL;
	__u32 cap = 0;

	for (;;) {
		b.routes = (uintptr_t)routes;
		b.count = cap;
		b.total = 0;
		cli_ioctl(fd, SYNCLAB_ROUTE_IOC_DUMP, &b, "route dump");
		if (b.total <= cap)
			break;
		cap = b.total + b.total / 8 + 16;
		free(routes);
		routes = calloc(cap, sizeof(*routes));
		if (!routes)
			cli_die("route dump: out of memory");
	}
	*n = b.count;
	return routes;
}

static int cmd_route_dump(int argc, char **argv)
{
	struct synclab_route *routes;
	char buf[16];
	__u32 n, i;
	int fd;

	(void)argv;
	if (argc != 1)
		cli_die("route dump: takes no arguments");
	fd = route_open();
	routes = route_dump_all(fd, &n);
	close(fd);
	for (i = 0; i < n; i++) {
		fmt_addr(routes[i].prefix, buf);
		printf("%s/%u %u\n", buf, routes[i].len, routes[i].nexthop);
	}
	free(routes);
	return 0;
}

static int cmd_route_stats(int argc, char **argv)
{
	struct synclab_route_stats st;
	int fd;

	(void)argv;
	if (argc != 1)
		cli_die("route stats: takes no arguments");
	fd = route_open();
	cli_ioctl(fd, SYNCLAB_ROUTE_IOC_STATS, &st, "route stats");
	close(fd);
	printf("mode %s\n", st.mode < SYNCLAB_ROUTE_NMODES ?
	       route_modes[st.mode] : "?");
	printf("prefixes %llu\n", (unsigned long long)st.prefixes);
	printf("lookups %llu\nhits %llu\nmisses %llu\n",
	       (unsigned long long)st.lookups, (unsigned long long)st.hits,
	       (unsigned long long)st.misses);
	printf("adds %llu\nreplaces %llu\ndeletes %llu\nloads %llu\n",
	       (unsigned long long)st.adds, (unsigned long long)st.replaces,
	       (unsigned long long)st.deletes, (unsigned long long)st.loads);
	printf("nodes %llu\nbytes %llu\n", (unsigned long long)st.nodes,
	       (unsigned long long)st.bytes);
	if (st.prefixes)
		printf("bytes_per_prefix %.1f\n", (double)st.bytes / st.prefixes);
	printf("rcu_pending %llu\nrcu_completed %llu\n",
	       (unsigned long long)st.rcu_pending,
	       (unsigned long long)st.rcu_completed);
	return 0;
}

static int cmd_route_gen(int argc, char **argv)
{
	struct synclab_route *routes;
	__u32 count = 0, i;
	__u64 seed = 1;
	char buf[16];
	int a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--count") && a + 1 < argc) {
			if (!parse_u32(argv[++a], &count) || !count ||
			    count > SYNCLAB_ROUTE_MAX_LOAD)
				cli_die("route gen: --count must be 1..%lu",
					(unsigned long)SYNCLAB_ROUTE_MAX_LOAD);
		} else if (!strcmp(argv[a], "--seed") && a + 1 < argc) {
			if (!parse_u64(argv[++a], &seed))
				cli_die("route gen: --seed: not a number: %s",
					argv[a]);
		} else {
			cli_die("route gen: usage: synclab route gen --count N [--seed S]");
		}
	}
	if (!count)
		cli_die("route gen: usage: synclab route gen --count N [--seed S]");
	routes = calloc(count, sizeof(*routes));
	if (!routes || routegen(routes, count, seed))
		cli_die("route gen: out of memory");
	printf("# synclab route gen --count %u --seed %llu\n", count,
	       (unsigned long long)seed);
	for (i = 0; i < count; i++) {
		fmt_addr(routes[i].prefix, buf);
		printf("%s/%u %u\n", buf, routes[i].len, routes[i].nexthop);
	}
	free(routes);
	return 0;
}

static const struct cli_cmd route_cmds[] = {
	{ "add", "PREFIX/LEN NEXTHOP", "add a route, or replace its next hop",
	  cmd_route_add },
	{ "del", "PREFIX/LEN", "delete a route", cmd_route_del },
	{ "lookup", "ADDRESS", "longest-prefix match (exit 1: no route)",
	  cmd_route_lookup },
	{ "flush", "", "empty the table (CAP_SYS_ADMIN)", cmd_route_flush },
	{ "load", "FILE", "replace the table with FILE's routes, atomically",
	  cmd_route_load },
	{ "dump", "", "every route, sorted", cmd_route_dump },
	{ "stats", "", "counters, memory per prefix", cmd_route_stats },
	{ "create", "--mode MODE", "new empty table: rcu rwlock spinlock mutex",
	  cmd_route_create },
	{ "gen", "--count N [--seed S]", "write a synthetic Internet-like table",
	  cmd_route_gen },
	{ NULL, NULL, NULL, NULL },
};

static int cmd_route(int argc, char **argv)
{
	return cli_dispatch("synclab route", route_cmds, argc, argv);
}

/* `synclab route`, listed by route's descriptor (bench_desc.c) */
const struct cli_cmd cli_cmd_route = {
	"route", "<command>", "the RCU routing table (route --help)", cmd_route,
};
