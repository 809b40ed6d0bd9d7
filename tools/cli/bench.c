// SPDX-License-Identifier: GPL-2.0
/*
 * synclab bench: run one workload on one side and print its JSON line, or
 * run a matrix file of them (the `make bench` matrix, tools/bench/matrix).
 *
 * One parser of workload options serves the command line and every matrix
 * line; one printer (bench_json.c) writes every result.
 *
 * Disturbed runs. The host's other load distorts results, under TCG
 * enormously, and the cross-CPU round trip of these machines is bimodal
 * (the host moving vCPUs makes it 5x slower). So every run is bracketed
 * by round-trip probes, and a run whose probes are well above the fastest
 * seen is flagged "rtt_slow" and made again (up to BENCH_ATTEMPTS times).
 * On the host, the CPU time other processes used during the run is
 * measured too (/proc/stat minus our own rusage), and a run where they
 * took more than BENCH_DISTURBED_PCT of a CPU is flagged "disturbed" and
 * made again. Inside the VM the host's load cannot be seen: the runner
 * prints begin/end markers on stderr for tools/bench/run.sh to measure.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench_user.h"
#include "benchcli.h"

#define BENCH_ATTEMPTS		3
#define BENCH_DISTURBED_PCT	20.0
#define BENCH_MAX_ARGS		64
#define BENCH_MAX_POINTS	4096

/* Which workload fields the command line set; defaults fill the rest. */
enum {
	SET_THREADS = 1 << 0,
	SET_KEYS = 1 << 1,
	SET_MODE = 1 << 2,
};

struct bench_cli {
	struct synclab_workload w;
	const char *side;
	char label[64];
	unsigned int set;
	int structure;		/* -1 until --structure */
	const char *mode_name;
};

static const char bench_usage[] =
"usage: synclab bench [--side kernel|user] --structure S [options]\n"
"       synclab bench --matrix FILE --side kernel|user [--quick] [--repeat N]\n"
"                     [--points I,J,...] [--list]\n"
"\n"
"Runs one workload and prints one JSON line (see README.md, \"Reading the\n"
"report\"), or runs every point of a matrix file for one side.\n"
"\n"
"where it runs:\n"
"  --side kernel        kthreads in the module (/dev/synclab/ctl)\n"
"  --side user          pthreads in this process; reported as user-vm in\n"
"                       the QEMU guest, user-host elsewhere (default)\n"
"\n"
"what it runs:\n"
"  --structure S        route, ring, order, lock or count\n"
"  --mode M             route: rcu rwlock spinlock mutex, rte_lpm rte_fib\n"
"                             (peers, host)\n"
"                       ring: spinlock mutex spsc, ptr_ring (peer, kernel),\n"
"                             ck_ring (peer, host)\n"
"                       order: ordered trylock coarse\n"
"                       lock: spinlock mutex rwlock rcu\n"
"                       count: count (the engine's self-test)\n"
"  --threads N[,M]      threads per role: route reader,writer; ring\n"
"                       producer,consumer; others worker (default 1 / 1,1)\n"
"  --mix PERMILLE       role-0 operations that are role-1 ones instead\n"
"                       (route: readers that also update), 0..1000\n"
"  --keys N             route: prefixes loaded from `synclab route gen`\n"
"                       (100000); ring: capacity, a power of two (1024);\n"
"                       order: accounts (16)\n"
"  --hot PERMILLE:KEYS  draw PERMILLE of the keys from the first KEYS\n"
"  --batch N            route: lookups per call (route_lookup_bulk); ring:\n"
"                       records per push and pop (1)\n"
"  --prefill N          ring: records pushed before the start\n"
"  --cs-ns N            busy work inside each critical section (lock)\n"
"  --think-ns N[,M]     busy work after each operation, per role\n"
"  --seed N             the run's seed (1); thread i's operations depend\n"
"                       on (seed, i) only, the same on both sides\n"
"  --warmup-ms N        running before the window, not counted (200)\n"
"  --duration-ms N      the timed window (1000)\n"
"  --sample-shift N     time one operation in 2^N per thread (8)\n"
"  --nopin              do not pin threads to CPUs\n"
"  --label TEXT         a label carried into the JSON line\n"
"\n"
"a matrix (workload options given too apply to every point, over its own):\n"
"  --matrix FILE        run FILE's points for --side (format: tools/bench/matrix)\n"
"  --quick              only the points marked quick\n"
"  --repeat N           runs per point (3)\n"
"  --points I,J,...     only these points (numbers from --list)\n"
"  --budget-s S         when the rest would not fit in S seconds at the pace\n"
"                       so far, run each point once, without retries\n"
"  --list               print the points, check that each is a valid workload,\n"
"                       run nothing\n"
"\n"
"refscale (kernel/rcu/refscale.c) as results:\n"
"  --from-refscale FILE read refscale's kernel log (dmesg; - for stdin) and\n"
"                       print a line per experiment of types rcu, lock,\n"
"                       rwlock: structure lock, side kernel, label refscale\n";

static void bench_defaults(struct bench_cli *o)
{
	memset(o, 0, sizeof(*o));
	o->structure = -1;
	o->side = "user";
	o->w.batch = 1;
	o->w.seed = 1;
	o->w.warmup_ns = 200000000ULL;
	o->w.duration_ns = 1000000000ULL;
	o->w.sample_shift = 8;
}

static const char *bench_arg(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		cli_die("bench: %s needs a value", argv[*i]);
	return argv[++*i];
}

/* "N" or "N,M" into two values. */
static void bench_pair(const char *what, const char *s, __u64 max,
		       __u64 *a, __u64 *b)
{
	char buf[64];
	char *comma;

	snprintf(buf, sizeof(buf), "%s", s);
	comma = strchr(buf, ',');
	if (comma)
		*comma = '\0';
	*a = cli_number(what, buf, max);
	*b = comma ? cli_number(what, comma + 1, max) : 0;
}

/*
 * The one parser of workload options: argv[0..argc) are options (no
 * command word). Matrix lines come through here too.
 */
static void bench_parse(struct bench_cli *o, int argc, char **argv,
			const char *where)
{
	__u64 a, b;
	int i;

	for (i = 0; i < argc; i++) {
		const char *opt = argv[i];

		if (!strcmp(opt, "--side")) {
			o->side = bench_arg(argc, argv, &i);
		} else if (!strcmp(opt, "--structure")) {
			o->structure = bench_struct_lookup(bench_arg(argc, argv, &i));
			if (o->structure < 0)
				cli_die("%s: unknown structure '%s' (route ring order lock count)",
					where, argv[i]);
		} else if (!strcmp(opt, "--mode")) {
			o->mode_name = bench_arg(argc, argv, &i);
			o->set |= SET_MODE;
		} else if (!strcmp(opt, "--threads")) {
			bench_pair("bench: --threads", bench_arg(argc, argv, &i),
				   SYNCLAB_BENCH_MAX_THREADS, &a, &b);
			o->w.threads[0] = a;
			o->w.threads[1] = b;
			o->set |= SET_THREADS;
		} else if (!strcmp(opt, "--mix")) {
			o->w.mix = cli_number("bench: --mix",
					      bench_arg(argc, argv, &i), 1000);
		} else if (!strcmp(opt, "--keys")) {
			o->w.keys = cli_number("bench: --keys",
					       bench_arg(argc, argv, &i), UINT32_MAX);
			o->set |= SET_KEYS;
		} else if (!strcmp(opt, "--hot")) {
			char buf[64], *colon;

			snprintf(buf, sizeof(buf), "%s", bench_arg(argc, argv, &i));
			colon = strchr(buf, ':');
			if (!colon)
				cli_die("%s: --hot takes PERMILLE:KEYS", where);
			*colon = '\0';
			o->w.hot = cli_number("bench: --hot", buf, 1000);
			o->w.hot_keys = cli_number("bench: --hot", colon + 1,
						   UINT32_MAX);
		} else if (!strcmp(opt, "--batch")) {
			o->w.batch = cli_number("bench: --batch",
						bench_arg(argc, argv, &i),
						SYNCLAB_BENCH_MAX_BATCH);
		} else if (!strcmp(opt, "--prefill")) {
			o->w.prefill = cli_number("bench: --prefill",
						  bench_arg(argc, argv, &i),
						  UINT32_MAX);
		} else if (!strcmp(opt, "--cs-ns")) {
			o->w.cs_ns = cli_number("bench: --cs-ns",
						bench_arg(argc, argv, &i),
						SYNCLAB_BENCH_MAX_WORK_NS);
		} else if (!strcmp(opt, "--think-ns")) {
			bench_pair("bench: --think-ns", bench_arg(argc, argv, &i),
				   SYNCLAB_BENCH_MAX_WORK_NS, &a, &b);
			o->w.think_ns[0] = a;
			o->w.think_ns[1] = b;
		} else if (!strcmp(opt, "--seed")) {
			o->w.seed = cli_number("bench: --seed",
					       bench_arg(argc, argv, &i), UINT64_MAX);
		} else if (!strcmp(opt, "--warmup-ms")) {
			o->w.warmup_ns = 1000000ULL *
				cli_number("bench: --warmup-ms",
					   bench_arg(argc, argv, &i),
					   SYNCLAB_BENCH_MAX_WARMUP_NS / 1000000);
		} else if (!strcmp(opt, "--duration-ms")) {
			o->w.duration_ns = 1000000ULL *
				cli_number("bench: --duration-ms",
					   bench_arg(argc, argv, &i),
					   SYNCLAB_BENCH_MAX_DURATION_NS / 1000000);
		} else if (!strcmp(opt, "--sample-shift")) {
			o->w.sample_shift = cli_number("bench: --sample-shift",
						       bench_arg(argc, argv, &i),
						       SYNCLAB_BENCH_MAX_SAMPLE_SHIFT);
		} else if (!strcmp(opt, "--nopin")) {
			o->w.flags |= SYNCLAB_WL_NOPIN;
		} else if (!strcmp(opt, "--label")) {
			snprintf(o->label, sizeof(o->label), "%s",
				 bench_arg(argc, argv, &i));
		} else {
			cli_die("%s: unknown option '%s' (try synclab bench --help)",
				where, opt);
		}
	}
	if (o->structure < 0)
		cli_die("%s: --structure is required (route ring order lock count)",
			where);
	o->w.structure = o->structure;
	if (o->set & SET_MODE) {
		int m = bench_mode_lookup(o->structure, o->mode_name);

		if (m < 0)
			cli_die("%s: %s has no mode '%s'", where,
				bench_struct_name(o->structure), o->mode_name);
		o->w.mode = m;
	}
	if (!(o->set & SET_THREADS)) {
		o->w.threads[0] = 1;
		o->w.threads[1] = o->structure == SYNCLAB_BENCH_RING;
	}
	if (!(o->set & SET_KEYS))
		o->w.keys = o->structure == SYNCLAB_BENCH_ROUTE ? 100000 :
			    o->structure == SYNCLAB_BENCH_RING ? 1024 :
			    o->structure == SYNCLAB_BENCH_ORDER ? 16 : 0;
}

/* ---- where we run ---------------------------------------------------------- */

static void bench_cpu_model(char *buf, size_t size, bool *emulated)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];

	snprintf(buf, size, "unknown");
	*emulated = false;
	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) || !colon)
			continue;
		colon += 2;
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(buf, size, "%s", colon);
		*emulated = strstr(colon, "QEMU") != NULL;
		break;
	}
	if (f)
		fclose(f);
}

/* The running kernel's debug options, when the module is there to say. */
static __u32 bench_kernel_debug(void)
{
	struct synclab_version v = {};
	int fd = open(SYNCLAB_DEV_CTL, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (ioctl(fd, SYNCLAB_IOC_VERSION, &v))
		v.debug = 0;
	close(fd);
	return v.debug;
}

static void bench_record_init(struct bench_record *rec, const struct bench_cli *o)
{
	struct utsname u;

	memset(rec, 0, sizeof(*rec));
	rec->w = o->w;
	snprintf(rec->label, sizeof(rec->label), "%s", o->label);
	if (!uname(&u))
		snprintf(rec->kernel, sizeof(rec->kernel), "%s", u.release);
	bench_cpu_model(rec->machine, sizeof(rec->machine), &rec->emulated);
	rec->point = -1;
	rec->host_other_cpu_pct = -1;
	if (!strcmp(o->side, "kernel")) {
		rec->side = "kernel";
		return;
	}
	if (strcmp(o->side, "user") && strcmp(o->side, "user-vm") &&
	    strcmp(o->side, "user-host"))
		cli_die("bench: unknown side '%s' (kernel, user)", o->side);
	rec->side = rec->emulated ? "user-vm" : "user-host";
	snprintf(rec->rcu_flavor, sizeof(rec->rcu_flavor), "%s",
		 bench_user_rcu_flavor());
#if defined(__SANITIZE_ADDRESS__)
	rec->sanitizers[rec->nsanitizers++] = "asan";
#endif
#if defined(__SANITIZE_THREAD__)
	rec->sanitizers[rec->nsanitizers++] = "tsan";
#endif
	/* numbers from a debug kernel's guest are not production numbers */
	if (rec->emulated)
		rec->debug = bench_kernel_debug();
}

static void bench_on_signal(int sig)
{
	(void)sig;
	bench_user_interrupt();
}

/* Catch SIGINT/SIGTERM so a run stops early and still prints its line. */
static void bench_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = bench_on_signal;	/* no SA_RESTART: ioctl gets EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Run rec->w on rec->side; 0 or -errno (-EINTR: partial rec->res). */
static int bench_exec(struct bench_record *rec)
{
	int ret;

	if (!strcmp(rec->side, "kernel")) {
		struct synclab_bench b = { .workload = rec->w };
		int fd = cli_open(SYNCLAB_DEV_CTL, O_RDWR);

		ret = ioctl(fd, SYNCLAB_IOC_BENCH_RUN, &b) ? -errno : 0;
		close(fd);
		if (!ret || ret == -EINTR)
			rec->res = b.result;
		rec->debug = rec->res.debug;
		return ret;
	}
	return bench_user_run(&rec->w, &rec->res);
}

static const char *bench_errstr(int err)
{
	switch (-err) {
	case EINVAL:
		return "the workload is out of range (see synclab bench --help)";
	case EOPNOTSUPP:
		return "this side has no such peer";
	case EBUSY:
		return "another benchmark run is going on";
	default:
		return strerror(-err);
	}
}

/* ---- host load: CPU time others used while we ran ------------------------- */

struct bench_load {
	unsigned long long busy;	/* /proc/stat ticks, all CPUs */
	double self;			/* our CPU seconds */
	double wall;
};

static double bench_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void bench_load_sample(struct bench_load *l)
{
	unsigned long long v[8] = {};
	struct rusage ru;
	FILE *f = fopen("/proc/stat", "r");

	if (f) {
		if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu",
			   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
			   &v[7]) != 8)
			memset(v, 0, sizeof(v));
		fclose(f);
	}
	/* busy: user nice system irq softirq steal; not idle, iowait */
	l->busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
	getrusage(RUSAGE_SELF, &ru);
	l->self = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
		  ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
	l->wall = bench_seconds();
}

/* Percent of one CPU that other processes used between a and b. */
static double bench_load_other(const struct bench_load *a,
			       const struct bench_load *b)
{
	double busy = (double)(b->busy - a->busy) / sysconf(_SC_CLK_TCK);
	double other = busy - (b->self - a->self);
	double wall = b->wall - a->wall;

	return wall > 0 && other > 0 ? 100.0 * other / wall : 0;
}

/* ---- one run from the command line ------------------------------------------ */

static int bench_one(struct bench_cli *o)
{
	struct bench_record rec;
	struct bench_load l0, l1;
	int ret;

	bench_record_init(&rec, o);
	bench_signals();
	bench_load_sample(&l0);
	ret = bench_exec(&rec);
	bench_load_sample(&l1);
	if (ret && ret != -EINTR)
		cli_die("bench: %s: %s", rec.side, bench_errstr(ret));
	if (!strcmp(rec.side, "user-host"))
		rec.host_other_cpu_pct = bench_load_other(&l0, &l1);
	bench_json_print(stdout, &rec);
	return ret ? 1 : 0;
}

/* ---- a matrix --------------------------------------------------------------- */

struct bench_point {
	char sides[8];		/* k, v, h */
	bool quick;
	char *args;		/* expanded: no braces left */
	int line;
};

struct bench_matrix {
	struct bench_point *p;
	int n;
};

static void bench_add_point(struct bench_matrix *m, const char *sides,
			    bool quick, const char *args, int line)
{
	struct bench_point *p;

	if (m->n >= BENCH_MAX_POINTS)
		cli_die("bench: matrix: more than %d points", BENCH_MAX_POINTS);
	m->p = realloc(m->p, (m->n + 1) * sizeof(*m->p));
	if (!m->p)
		cli_die("bench: out of memory");
	p = &m->p[m->n++];
	snprintf(p->sides, sizeof(p->sides), "%s", sides);
	p->quick = quick;
	p->args = strdup(args);
	p->line = line;
}

/* Expand the first {a,b,c} of @args into one point per alternative. */
static void bench_expand(struct bench_matrix *m, const char *sides, bool quick,
			 const char *args, int line, const char *path)
{
	const char *open = strchr(args, '{'), *close, *alt;

	if (!open) {
		bench_add_point(m, sides, quick, args, line);
		return;
	}
	close = strchr(open, '}');
	if (!close)
		cli_die("bench: %s:%d: '{' without '}'", path, line);
	for (alt = open + 1; alt <= close;) {
		size_t len = strcspn(alt, ",}");
		size_t n = (open - args) + len + strlen(close + 1) + 1;
		char *one = malloc(n);

		if (!one)
			cli_die("bench: out of memory");
		snprintf(one, n, "%.*s%.*s%s", (int)(open - args), args,
			 (int)len, alt, close + 1);
		bench_expand(m, sides, quick, one, line, path);
		free(one);
		alt += len + 1;
	}
}

/*
 * Matrix file: one point per line after expansion, "SIDES [quick] OPTIONS",
 * SIDES a subset of "kvh" (kernel, user in the VM, user on the host);
 * '#' comments; every {a,b} yields one point per alternative. A line
 * "defaults OPTIONS" puts OPTIONS before those of every later point (a
 * point's own options win), until the next "defaults" line.
 */
static void bench_read_matrix(const char *path, struct bench_matrix *m)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *defaults = strdup(""), *full = NULL;
	size_t cap = 0;
	int lineno = 0;

	if (!f)
		cli_die_errno("bench: %s", path);
	memset(m, 0, sizeof(*m));
	while (getline(&line, &cap, f) >= 0) {
		char *s = line, *sides, *end, *hash = strchr(line, '#');
		bool quick = false;

		lineno++;
		if (hash)
			*hash = '\0';
		s[strcspn(s, "\n")] = '\0';
		end = s + strlen(s);
		while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		sides = strtok(s, " \t");
		if (!sides)
			continue;
		/* what follows the first word, if anything */
		s = sides + strlen(sides);
		s += s < end;
		s += strspn(s, " \t");
		if (!strcmp(sides, "defaults")) {
			if (strchr(s, '{'))
				cli_die("bench: %s:%d: no {a,b} in defaults", path,
					lineno);
			free(defaults);
			defaults = strdup(s);
			continue;
		}
		if (strspn(sides, "kvh") != strlen(sides))
			cli_die("bench: %s:%d: sides '%s' must be letters of kvh",
				path, lineno, sides);
		if (!strncmp(s, "quick", 5) && (s[5] == ' ' || s[5] == '\t')) {
			quick = true;
			s += 5 + strspn(s + 5, " \t");
		}
		if (!defaults)
			cli_die("bench: out of memory");
		free(full);
		full = malloc(strlen(defaults) + strlen(s) + 2);
		if (!full)
			cli_die("bench: out of memory");
		sprintf(full, "%s%s%s", defaults, *defaults ? " " : "", s);
		bench_expand(m, sides, quick, full, lineno, path);
	}
	free(full);
	free(defaults);
	free(line);
	fclose(f);
}

/* Split an expanded argument string (no quoting) into argv. */
static int bench_split(char *s, char **argv)
{
	int argc = 0;
	char *tok;

	for (tok = strtok(s, " \t"); tok; tok = strtok(NULL, " \t")) {
		if (argc == BENCH_MAX_ARGS)
			cli_die("bench: too many options on one matrix line");
		argv[argc++] = tok;
	}
	return argc;
}

static bool bench_point_wanted(const char *points, int idx)
{
	const char *s = points;

	if (!points)
		return true;
	while (*s) {
		if (atoi(s) == idx)
			return true;
		s += strcspn(s, ",");
		s += *s == ',';
	}
	return false;
}

static char bench_side_letter(const char *side)
{
	return !strcmp(side, "kernel") ? 'k' :
	       !strcmp(side, "user-vm") ? 'v' : 'h';
}

/*
 * Parse point @p into @po: its options, then @over (the command line's,
 * which win). Returns the buffer @po's strings point into, to free.
 */
static char *bench_point_parse(struct bench_cli *po, const struct bench_point *p,
			       const char *side, int nover, char **over,
			       const char *path)
{
	char *argv[BENCH_MAX_ARGS * 2], *args = strdup(p->args), where[512];
	int argc, j;

	if (!args)
		cli_die("bench: out of memory");
	argc = bench_split(args, argv);
	for (j = 0; j < nover; j++)
		argv[argc++] = over[j];
	snprintf(where, sizeof(where), "%s:%d", path, p->line);
	bench_defaults(po);
	po->side = side;
	bench_parse(po, argc, argv, where);
	return args;
}

/*
 * --list: every point, and whether this binary's engine accepts it (the
 * same bench_validate() as the kernel's, so kernel points are checked
 * too). A peer this binary lacks is an error only for a point that runs
 * on this binary's side.
 */
static int bench_list(const struct bench_matrix *m, const char *side,
		      char letter, int nover, char **over, const char *path)
{
	int i, bad = 0;

	for (i = 0; i < m->n; i++) {
		struct bench_cli po;
		char *args = bench_point_parse(&po, &m->p[i], side, nover, over,
					       path);
		int ret = bench_user_validate(&po.w);

		if (ret == -EOPNOTSUPP && (letter == 'k' ||
					   !strchr(m->p[i].sides, letter)))
			ret = 0;
		if (ret) {
			fprintf(stderr, "synclab: bench: point %d (%s:%d): %s\n",
				i, path, m->p[i].line, bench_errstr(ret));
			bad++;
		}
		printf("%4d %-3s %-5s %s\n", i, m->p[i].sides,
		       m->p[i].quick ? "quick" : "", m->p[i].args);
		free(args);
	}
	return bad ? 1 : 0;
}

/*
 * With a time budget, a point runs its repeats only while the rest of the
 * matrix, at the pace so far, still fits: otherwise once, without retries
 * (every point keeps a result; fewer repeats, never fewer points).
 */
static int bench_point_repeats(double budget, double t_start, int done,
			       int left, int repeat, bool *hurry, int point)
{
	double el = bench_seconds() - t_start;
	bool late;

	if (budget <= 0 || !done)
		return repeat;
	late = el + el / done * left * repeat > budget;
	if (late && !*hurry)
		fprintf(stderr, "synclab: bench: behind the time budget (%.0f s): %sno retries from point %d on\n",
			budget, repeat > 1 ? "one run per point, " : "", point);
	if (!late && *hurry)
		fprintf(stderr, "synclab: bench: back within the time budget from point %d on\n",
			point);
	*hurry = late;
	return late ? 1 : repeat;
}

static int bench_matrix(const char *path, struct bench_cli *o, bool quick,
			int repeat, const char *points, bool list, int nover,
			char **over, double budget)
{
	struct bench_matrix m;
	struct bench_cli po;
	struct bench_record probe;
	__u64 best_rtt = 0;
	int i, r, todo = 0, done = 0, failed = 0, left, total, reps;
	char letter;
	double t_start;
	bool hurry = false;

	bench_read_matrix(path, &m);
	bench_record_init(&probe, o);
	letter = bench_side_letter(probe.side);
	if (list)
		return bench_list(&m, o->side, letter, nover, over, path);
	for (i = 0; i < m.n; i++)
		if (strchr(m.p[i].sides, letter) && (!quick || m.p[i].quick) &&
		    bench_point_wanted(points, i))
			todo++;
	bench_signals();
	t_start = bench_seconds();
	left = todo;
	total = todo * repeat;
	for (i = 0; i < m.n; i++) {
		char *args;

		if (!strchr(m.p[i].sides, letter) || (quick && !m.p[i].quick) ||
		    !bench_point_wanted(points, i))
			continue;
		args = bench_point_parse(&po, &m.p[i], o->side, nover, over,
					 path);
		reps = bench_point_repeats(budget, t_start, done, left, repeat,
					   &hurry, i);
		left--;
		total -= repeat - reps;
		for (r = 0; r < reps; r++) {
			struct bench_record rec;
			int attempt, ret = 0;
			double eta;

			for (attempt = 1; attempt <= (hurry ? 1 : BENCH_ATTEMPTS);
			     attempt++) {
				struct bench_load l0, l1;
				__u64 rtt;

				bench_record_init(&rec, &po);
				rec.point = i;
				rec.repeat = r;
				rec.attempts = attempt;
				fprintf(stderr, "synclab-bench: begin %d %d %d\n", i,
					r, attempt);
				bench_load_sample(&l0);
				ret = bench_exec(&rec);
				bench_load_sample(&l1);
				fprintf(stderr, "synclab-bench: end %d %d %d\n", i, r,
					attempt);
				if (ret)
					break;
				rtt = rec.res.rtt_before_ns > rec.res.rtt_after_ns ?
				      rec.res.rtt_before_ns : rec.res.rtt_after_ns;
				if (rec.res.rtt_before_ns && (!best_rtt ||
				    rec.res.rtt_before_ns < best_rtt))
					best_rtt = rec.res.rtt_before_ns;
				if (rec.res.rtt_after_ns && rec.res.rtt_after_ns < best_rtt)
					best_rtt = rec.res.rtt_after_ns;
				if (rtt > 2 * best_rtt + 50)
					rec.notes[rec.nnotes++] = "rtt_slow";
				if (!strcmp(rec.side, "user-host")) {
					rec.host_other_cpu_pct =
						bench_load_other(&l0, &l1);
					if (rec.host_other_cpu_pct >
					    BENCH_DISTURBED_PCT)
						rec.notes[rec.nnotes++] = "disturbed";
				}
				if (!rec.nnotes)
					break;
			}
			if (ret && ret != -EINTR) {
				fprintf(stderr, "synclab: bench: point %d (%s:%d): %s\n",
					i, path, m.p[i].line, bench_errstr(ret));
				failed++;
				break;
			}
			bench_json_print(stdout, &rec);
			done++;
			eta = (bench_seconds() - t_start) / done * (total - done);
			fprintf(stderr, "[bench %s %d/%d] point %d repeat %d/%d: %s %s, %llu ops/s%s, ~%dm%02ds left\n",
				rec.side, done, total, i, r + 1, reps,
				bench_struct_name(rec.w.structure),
				bench_mode_name(rec.w.structure, rec.w.mode),
				(unsigned long long)(rec.res.elapsed_ns ?
					(double)(rec.res.ops[0] + rec.res.ops[1]) *
					1e9 / rec.res.elapsed_ns : 0),
				rec.nnotes ? " (flagged)" : "",
				(int)eta / 60, (int)eta % 60);
			if (ret == -EINTR) {
				free(args);
				fprintf(stderr, "synclab: bench: interrupted\n");
				return 1;
			}
		}
		free(args);
	}
	return failed ? 1 : 0;
}

/* --from-refscale FILE: refscale's log as JSON lines (bench_refscale.c). */
static int bench_from_refscale(const char *path, struct bench_cli *o, int nrest)
{
	struct bench_record base;
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	int n;

	if (nrest)
		cli_die("bench: --from-refscale takes no workload options");
	if (!f)
		cli_die_errno("bench: %s", path);
	o->side = "kernel";
	bench_record_init(&base, o);
	base.debug = bench_kernel_debug();
	n = bench_refscale_convert(f, path, &base, stdout);
	if (f != stdin)
		fclose(f);
	if (!n)
		cli_die("bench: %s: no refscale results (rcu, lock or rwlock) in it",
			path);
	return 0;
}

int cmd_bench(int argc, char **argv)
{
	const char *matrix = NULL, *points = NULL, *refscale = NULL;
	char *rest[BENCH_MAX_ARGS * 2];
	struct bench_cli o;
	int i, n = 0, repeat = 3;
	double budget = 0;
	bool quick = false, list = false;

	bench_defaults(&o);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(bench_usage, stdout);
			return 0;
		} else if (!strcmp(argv[i], "--matrix")) {
			matrix = bench_arg(argc, argv, &i);
		} else if (!strcmp(argv[i], "--from-refscale")) {
			refscale = bench_arg(argc, argv, &i);
		} else if (!strcmp(argv[i], "--quick")) {
			quick = true;
		} else if (!strcmp(argv[i], "--list")) {
			list = true;
		} else if (!strcmp(argv[i], "--repeat")) {
			repeat = cli_number("bench: --repeat",
					    bench_arg(argc, argv, &i), 100);
		} else if (!strcmp(argv[i], "--budget-s")) {
			budget = cli_number("bench: --budget-s",
					    bench_arg(argc, argv, &i), 86400);
		} else if (!strcmp(argv[i], "--points")) {
			points = bench_arg(argc, argv, &i);
		} else if (!strcmp(argv[i], "--side")) {
			o.side = bench_arg(argc, argv, &i);
		} else if (n < (int)ARRAY_LEN(rest)) {
			rest[n++] = argv[i];
		}
	}
	if (refscale)
		return bench_from_refscale(refscale, &o, n);
	if (matrix) {
		if (n > BENCH_MAX_ARGS)
			cli_die("bench: too many options for every point");
		if (!repeat)
			cli_die("bench: --repeat must be 1 or more");
		return bench_matrix(matrix, &o, quick, repeat, points, list, n,
				    rest, budget);
	}
	bench_parse(&o, n, rest, "bench");
	return bench_one(&o);
}
