// SPDX-License-Identifier: GPL-2.0
/*
 * synclab bench: run one workload on one side and print its JSON line, or
 * run a matrix file of them (the `make bench` matrix, tools/bench/matrix).
 *
 * One parser of workload options (getopt_long) serves the command line
 * and every matrix line (bench_matrix.c); one printer (bench_json.c)
 * writes every result; each structure's names and defaults come from its
 * descriptor (bench_desc.c).
 *
 * Disturbed runs. The host's other load distorts results, under TCG
 * enormously, and the cross-CPU round trip of these machines is bimodal
 * (the host moving vCPUs makes it 5x slower). So every run is bracketed
 * by round-trip probes, and a run whose probes are well above the fastest
 * seen is flagged "rtt_slow" and made again (bench_matrix.c).
 * On the host, the CPU time other processes used during the run is
 * measured too (/proc/stat minus our own rusage), and a run where they
 * took more than BENCH_DISTURBED_PCT of a CPU is flagged "disturbed" and
 * made again. Inside the VM the host's load cannot be seen: the runner
 * prints begin/end markers on stderr for tools/bench/run.sh to measure.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stddef.h>
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

/*
 * The options, for getopt_long(). Those before OPT_COMMAND describe a
 * workload and may stand on a matrix line; the others only on the
 * command line.
 */
enum {
	OPT_STRUCTURE = 0x100,
	OPT_MODE,
	OPT_THREADS,
	OPT_HOT,
	OPT_THINK,
	OPT_NOPIN,
	OPT_LABEL,
	OPT_NUMBER,		/* the numbers of bench_numbers[] */
	OPT_PARAM = 0x180,	/* the structures' own, bench_long_options() */
	OPT_COMMAND = 0x200,
	OPT_SIDE = OPT_COMMAND,
	OPT_MATRIX,
	OPT_QUICK,
	OPT_REPEAT,
	OPT_REPEAT_FROM,
	OPT_POINTS,
	OPT_BUDGET,
	OPT_LIST,
	OPT_REFSCALE,
};

/* A workload option that is one number into one field. */
struct bench_number {
	const char *name;
	size_t off;		/* in struct synclab_workload */
	size_t size;		/* 4 or 8 bytes */
	__u64 max;		/* as given */
	__u64 scale;		/* the field holds the value times this */
	unsigned int set;	/* SET_* */
	const char *why;	/* why @max, or NULL */
};

#define WL(f)	offsetof(struct synclab_workload, f), \
		sizeof(((struct synclab_workload *)0)->f)

static const struct bench_number bench_numbers[] = {
	{ "mix", WL(mix), 1000, 1, 0, NULL },
	{ "keys", WL(keys), UINT32_MAX, 1, SET_KEYS, NULL },
	{ "batch", WL(batch), SYNCLAB_BENCH_MAX_BATCH, 1, 0, NULL },
	{ "prefill", WL(prefill), UINT32_MAX, 1, 0, NULL },
	{ "cs-ns", WL(cs_ns), SYNCLAB_BENCH_MAX_WORK_NS, 1, 0, NULL },
	{ "seed", WL(seed), INT64_MAX, 1, 0,
	  " (seeds are below 2^63, the range of a result line's integers)" },
	{ "warmup-ms", WL(warmup_ns), SYNCLAB_BENCH_MAX_WARMUP_NS / 1000000,
	  1000000, 0, NULL },
	{ "duration-ms", WL(duration_ns),
	  SYNCLAB_BENCH_MAX_DURATION_NS / 1000000, 1000000, 0, NULL },
	{ "sample-shift", WL(sample_shift), SYNCLAB_BENCH_MAX_SAMPLE_SHIFT, 1,
	  0, NULL },
	{ "ops", WL(ops_per_thread), SYNCLAB_BENCH_MAX_OPS, 1, 0,
	  " (a counted run: each role-0 thread does this many operations)" },
};

#define NUMBER(i) { bench_numbers[i].name, required_argument, NULL, \
		    OPT_NUMBER + (i) }

static const struct option bench_options[] = {
	{ "structure", required_argument, NULL, OPT_STRUCTURE },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "hot", required_argument, NULL, OPT_HOT },
	{ "think-ns", required_argument, NULL, OPT_THINK },
	{ "nopin", no_argument, NULL, OPT_NOPIN },
	{ "label", required_argument, NULL, OPT_LABEL },
	NUMBER(0), NUMBER(1), NUMBER(2), NUMBER(3), NUMBER(4), NUMBER(5),
	NUMBER(6), NUMBER(7), NUMBER(8), NUMBER(9),
	{ "side", required_argument, NULL, OPT_SIDE },
	{ "matrix", required_argument, NULL, OPT_MATRIX },
	{ "quick", no_argument, NULL, OPT_QUICK },
	{ "repeat", required_argument, NULL, OPT_REPEAT },
	{ "repeat-from", required_argument, NULL, OPT_REPEAT_FROM },
	{ "points", required_argument, NULL, OPT_POINTS },
	{ "budget-s", required_argument, NULL, OPT_BUDGET },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "from-refscale", required_argument, NULL, OPT_REFSCALE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

_Static_assert(ARRAY_LEN(bench_numbers) == 10, "a NUMBER() for each number");

/*
 * Every structure's own parameters are options too, `--NAME N`, one
 * option per distinct name (bench_param_names[]), resolved against the
 * structure's descriptor once it is known (bench_finish()).
 */
static const char *bench_param_names[BENCH_MAX_PARAM_NAMES];
static unsigned int bench_nparam_names;

static const struct option *bench_long_options(void)
{
	static struct option all[ARRAY_LEN(bench_options) +
				 BENCH_MAX_PARAM_NAMES];
	const struct bench_desc *d;
	unsigned int n = ARRAY_LEN(bench_options) - 1, st, i, k;

	if (all[0].name)
		return all;
	memcpy(all, bench_options, sizeof(bench_options));
	for (st = 0; (d = bench_desc(st)); st++) {
		for (i = 0; i < d->nparams; i++) {
			for (k = 0; k < bench_nparam_names; k++)
				if (!strcmp(bench_param_names[k],
					    d->params[i].name))
					break;
			if (k < bench_nparam_names)
				continue;
			if (k == BENCH_MAX_PARAM_NAMES)
				cli_die("bench: more than %d parameter names",
					BENCH_MAX_PARAM_NAMES);
			bench_param_names[bench_nparam_names++] =
				d->params[i].name;
			all[n++] = (struct option){ d->params[i].name,
						    required_argument, NULL,
						    OPT_PARAM + k };
		}
	}
	all[n] = (struct option){ NULL, 0, NULL, 0 };
	return all;
}

void bench_defaults(struct bench_cli *o)
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

/* "PERMILLE:KEYS" */
static void bench_hot(struct bench_cli *o, const char *val, const char *where)
{
	char buf[64], what[600], *colon;

	snprintf(what, sizeof(what), "%s: --hot", where);
	snprintf(buf, sizeof(buf), "%s", val);
	colon = strchr(buf, ':');
	if (!colon)
		cli_die("%s takes PERMILLE:KEYS", what);
	*colon = '\0';
	o->w.hot = cli_number(what, buf, 1000);
	o->w.hot_keys = cli_number(what, colon + 1, UINT32_MAX);
}

static void bench_number(struct bench_cli *o, const struct bench_number *n,
			 const char *val, const char *where)
{
	__u64 v;
	void *field = (char *)&o->w + n->off;

	if (!parse_u64(val, &v) || v > n->max)
		cli_die("%s: --%s: '%s' is not a number in 0..%llu%s", where,
			n->name, val, (unsigned long long)n->max,
			n->why ? n->why : "");
	v *= n->scale;
	if (n->size == sizeof(__u64))
		memcpy(field, &v, sizeof(v));
	else
		*(__u32 *)field = (__u32)v;
	o->set |= n->set;
}

/* A label goes into JSON lines: UTF-8 text that fits. */
static void bench_label(struct bench_cli *o, const char *val, const char *where)
{
	json_t *j = json_string(val);

	json_decref(j);
	if (!j)
		cli_die("%s: --label: not UTF-8 text", where);
	if (strlen(val) >= sizeof(o->label))
		cli_die("%s: --label: longer than %zu bytes", where,
			sizeof(o->label) - 1);
	snprintf(o->label, sizeof(o->label), "%s", val);
}

/* One workload option @opt with its value @val into @o. */
static void bench_apply(struct bench_cli *o, int opt, const char *val,
			const char *where)
{
	char what[600], names[256];
	__u64 a, b;

	snprintf(what, sizeof(what), "%s: --%s", where,
		 opt == OPT_THREADS ? "threads" : "think-ns");
	switch (opt) {
	case OPT_STRUCTURE:
		o->structure = bench_desc_lookup(val);
		if (o->structure < 0)
			cli_die("%s: unknown structure '%s' (%s)", where, val,
				bench_struct_names(names, sizeof(names), " "));
		break;
	case OPT_MODE:
		o->mode_name = val;
		o->set |= SET_MODE;
		break;
	case OPT_THREADS:
		bench_pair(what, val, SYNCLAB_BENCH_MAX_THREADS, &a, &b);
		o->w.threads[0] = a;
		o->w.threads[1] = b;
		o->set |= SET_THREADS;
		break;
	case OPT_HOT:
		bench_hot(o, val, where);
		break;
	case OPT_THINK:
		bench_pair(what, val, SYNCLAB_BENCH_MAX_WORK_NS, &a, &b);
		o->w.think_ns[0] = a;
		o->w.think_ns[1] = b;
		break;
	case OPT_NOPIN:
		o->w.flags |= SYNCLAB_WL_NOPIN;
		break;
	case OPT_LABEL:
		bench_label(o, val, where);
		break;
	case OPT_PARAM ... OPT_PARAM + BENCH_MAX_PARAM_NAMES - 1:
		o->param_val[opt - OPT_PARAM] = val;
		break;
	default:
		bench_number(o, &bench_numbers[opt - OPT_NUMBER], val, where);
	}
}

/* "--name" of option @opt, for messages. */
static const char *bench_opt_name(int opt)
{
	static char buf[64];
	const struct option *o;

	for (o = bench_long_options(); o->name; o++)
		if (o->val == opt)
			break;
	snprintf(buf, sizeof(buf), "--%s", o->name ? o->name : "?");
	return buf;
}

/*
 * getopt_long() over argv[1..@argc): each option goes to @fn. An unknown
 * option, a missing value, a stray argument, or a command-line option
 * where @command is false ends the program with one line naming @where.
 */
static void bench_getopt(int argc, char **argv, const char *where, bool command,
			 void (*fn)(void *ctx, int opt, const char *val),
			 void *ctx)
{
	int opt;

	optind = 0;	/* GNU: start afresh, on another argv maybe */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:h",
				  bench_long_options(), NULL)) != -1) {
		if (opt == '?' && optopt)
			cli_die("%s: unknown option '-%c' (try synclab bench --help)",
				where, optopt);
		if (opt == '?')
			cli_die("%s: unknown option '%s' (try synclab bench --help)",
				where, argv[optind - 1]);
		if (opt == ':')
			cli_die("%s: %s needs a value", where,
				bench_opt_name(optopt));
		if ((opt >= OPT_COMMAND || opt == 'h') && !command)
			cli_die("%s: %s is not a workload option", where,
				bench_opt_name(opt));
		fn(ctx, opt, optarg);
	}
	if (optind < argc)
		cli_die("%s: unexpected argument '%s' (try synclab bench --help)",
			where, argv[optind]);
}

static void bench_point_opt(void *ctx, int opt, const char *val)
{
	void **args = ctx;

	bench_apply(args[0], opt, val, args[1]);
}

/* The structure's own parameters: the options given, else its defaults. */
static void bench_params(struct bench_cli *o, const struct bench_desc *d,
			 const char *where)
{
	unsigned int i, k;
	__u64 v;
	int p;

	for (i = 0; i < d->nparams; i++)
		o->w.param[i] = d->params[i].def;
	for (k = 0; k < bench_nparam_names; k++) {
		const char *val = o->param_val[k];

		if (!val)
			continue;
		p = bench_param_lookup(d, bench_param_names[k]);
		if (p < 0)
			cli_die("%s: --%s is not a parameter of %s", where,
				bench_param_names[k], d->name);
		if (!parse_u64(val, &v) || v < d->params[p].min ||
		    v > d->params[p].max)
			cli_die("%s: --%s: '%s' is not a number in %u..%u",
				where, d->params[p].name, val,
				d->params[p].min, d->params[p].max);
		o->w.param[p] = (__u32)v;
	}
}

/*
 * After the options: the structure is known, so the mode can be looked
 * up and the structure's defaults fill what the options left.
 */
static void bench_finish(struct bench_cli *o, const char *where)
{
	const struct bench_desc *d;
	char names[256];
	int m;

	if (o->structure < 0)
		cli_die("%s: --structure is required (%s)", where,
			bench_struct_names(names, sizeof(names), " "));
	d = bench_desc(o->structure);
	o->w.structure = o->structure;
	if (o->set & SET_MODE) {
		m = bench_mode_lookup(o->structure, o->mode_name);
		if (m < 0)
			cli_die("%s: %s has no mode '%s' (%s)", where, d->name,
				o->mode_name, bench_mode_names(o->structure, names,
							       sizeof(names)));
		o->w.mode = m;
	}
	if (!(o->set & SET_THREADS)) {
		o->w.threads[0] = d->threads[0];
		o->w.threads[1] = d->threads[1];
	}
	if (!(o->set & SET_KEYS))
		o->w.keys = d->nkeys;
	bench_params(o, d, where);
}

/**
 * bench_parse() - the one parser of workload options
 * @o:		filled; bench_defaults() first
 * @argc:	options in @argv[1..@argc)
 * @argv:	a matrix point's options (argv[0] is not one)
 * @c:		the command line, whose workload options apply over them,
 *		or NULL
 * @where:	"FILE:LINE", for messages
 */
void bench_parse(struct bench_cli *o, int argc, char **argv,
		 const struct bench_cmd *c, const char *where)
{
	void *ctx[2] = { o, (void *)where };
	int i;

	bench_getopt(argc, argv, where, false, bench_point_opt, ctx);
	for (i = 0; c && i < c->nover; i++)
		bench_apply(o, c->over[i].opt, c->over[i].val, "bench");
	bench_finish(o, where);
}

/* ---- where we run ---------------------------------------------------------- */

static void bench_cpu_model(char *buf, size_t size)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];

	snprintf(buf, size, "unknown");
	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) || !colon)
			continue;
		colon += 2;
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(buf, size, "%s", colon);
		break;
	}
	if (f)
		fclose(f);
}

/*
 * The accelerator of the synclab guest we run in: tools/vm/run.sh puts
 * synclab.accel=kvm|tcg on its command line. Without it we are on the
 * host ("none"), unless the CPU is QEMU's own model: a guest booted by
 * hand, under TCG (under KVM, -cpu host shows the host's model).
 */
static const char *bench_accel(const char *model)
{
	char line[4096], *p;
	const char *a = NULL;
	FILE *f = fopen("/proc/cmdline", "r");

	if (f && fgets(line, sizeof(line), f)) {
		for (p = strtok(line, " \n"); p; p = strtok(NULL, " \n"))
			if (!strncmp(p, "synclab.accel=", 14))
				a = bench_accel_name(p + 14);
	}
	if (f)
		fclose(f);
	if (a)
		return a;
	return strstr(model, "QEMU") ? "tcg" : "none";
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

void bench_record_init(struct bench_record *rec, const struct bench_cli *o)
{
	struct utsname u;
	bool in_vm;

	memset(rec, 0, sizeof(*rec));
	rec->w = o->w;
	snprintf(rec->label, sizeof(rec->label), "%s", o->label);
	if (!uname(&u))
		snprintf(rec->kernel, sizeof(rec->kernel), "%s", u.release);
	bench_cpu_model(rec->machine, sizeof(rec->machine));
	rec->accel = bench_accel(rec->machine);
	rec->emulated = !strcmp(rec->accel, "tcg");
	in_vm = strcmp(rec->accel, "none");
	rec->point = -1;
	rec->host_other_cpu_pct = -1;
	/* the module's kthreads: in the guest, or in the host's own kernel */
	if (!strcmp(o->side, bench_sides[BENCH_KERNEL].name) ||
	    !strcmp(o->side, bench_sides[BENCH_HOST_KERNEL].name)) {
		rec->side = bench_sides[in_vm ? BENCH_KERNEL :
					BENCH_HOST_KERNEL].name;
		return;
	}
	if (strcmp(o->side, "user") && bench_side_lookup(o->side) < 0)
		cli_die("bench: unknown side '%s' (kernel, user)", o->side);
	rec->side = bench_sides[in_vm ? BENCH_USER_VM : BENCH_USER_HOST].name;
	snprintf(rec->rcu_flavor, sizeof(rec->rcu_flavor), "%s",
		 bench_user_rcu_flavor());
#if defined(__SANITIZE_ADDRESS__)
	rec->sanitizers[rec->nsanitizers++] = "asan";
#endif
#if defined(__SANITIZE_THREAD__)
	rec->sanitizers[rec->nsanitizers++] = "tsan";
#endif
	/* numbers from a debug kernel's guest are not production numbers */
	if (in_vm)
		rec->debug = bench_kernel_debug();
}

static void bench_on_signal(int sig)
{
	(void)sig;
	bench_user_interrupt();
}

/* Catch SIGINT/SIGTERM so a run stops early and still prints its line. */
void bench_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = bench_on_signal;	/* no SA_RESTART: ioctl gets EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Run rec->w on rec->side; 0 or -errno (-EINTR: partial rec->res). */
int bench_exec(struct bench_record *rec)
{
	int ret;

	if (!strcmp(rec->side, bench_sides[BENCH_KERNEL].name) ||
	    !strcmp(rec->side, bench_sides[BENCH_HOST_KERNEL].name)) {
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

const char *bench_errstr(int err)
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

double bench_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

void bench_load_sample(struct bench_load *l)
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
double bench_load_other(const struct bench_load *a,
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
	char why[160];
	struct bench_load l0, l1;
	int ret;

	bench_record_init(&rec, o);
	bench_signals();
	bench_load_sample(&l0);
	ret = bench_exec(&rec);
	bench_load_sample(&l1);
	if (ret && ret != -EINTR)
		cli_die("bench: %s: %s", rec.side, bench_errstr(ret));
	if (!strcmp(rec.side, bench_sides[BENCH_USER_HOST].name))
		rec.host_other_cpu_pct = bench_load_other(&l0, &l1);
	if (bench_json_print(stdout, &rec, why, sizeof(why)))
		cli_die("bench: %s", why);
	return ret ? 1 : 0;
}

/* ---- the command line ------------------------------------------------------ */

static void bench_cmd_opt(void *ctx, int opt, const char *val)
{
	struct bench_cmd *c = ctx;

	switch (opt) {
	case 'h':
		bench_usage(stdout);
		exit(0);
	case OPT_SIDE:
		c->o.side = val;
		break;
	case OPT_MATRIX:
		c->matrix = val;
		break;
	case OPT_QUICK:
		c->quick = true;
		break;
	case OPT_REPEAT:
		c->repeat = cli_number("bench: --repeat", val, 100);
		if (!c->repeat)
			cli_die("bench: --repeat must be 1 or more");
		break;
	case OPT_REPEAT_FROM:
		c->repeat_from = cli_number("bench: --repeat-from", val, 100);
		break;
	case OPT_POINTS:
		c->points = val;
		break;
	case OPT_BUDGET:
		c->budget = cli_number("bench: --budget-s", val, 86400);
		break;
	case OPT_LIST:
		c->list = true;
		break;
	case OPT_REFSCALE:
		c->refscale = val;
		break;
	default:
		/* a workload option: this run's, or every matrix point's */
		if (c->nover == BENCH_MAX_ARGS)
			cli_die("bench: more than %d workload options", BENCH_MAX_ARGS);
		c->over[c->nover++] = (struct bench_opt){ opt, val };
		bench_apply(&c->o, opt, val, "bench");
	}
}

/* --from-refscale FILE: refscale's log as JSON lines (bench_refscale.c). */
static int bench_from_refscale(struct bench_cmd *c)
{
	struct bench_record base;
	const char *path = c->refscale;
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	int n;

	if (c->nover)
		cli_die("bench: --from-refscale takes no workload options");
	if (!f)
		cli_die_errno("bench: %s", path);
	c->o.side = bench_sides[BENCH_KERNEL].name;
	bench_record_init(&base, &c->o);
	base.repeat = c->repeat_from;
	base.debug = bench_kernel_debug();
	n = bench_refscale_convert(f, path, &base, stdout);
	if (f != stdin)
		fclose(f);
	if (!n)
		cli_die("bench: %s: no refscale results (rcu, lock or rwlock) in it",
			path);
	return 0;
}

/**
 * cmd_bench() - synclab bench [options]
 * @argc:	argument count, argv[0] is "bench"
 * @argv:	arguments
 *
 * Return: 0, or 1 when a run failed or was interrupted.
 */
int cmd_bench(int argc, char **argv)
{
	static struct bench_cmd c;

	memset(&c, 0, sizeof(c));
	c.repeat = 3;
	bench_defaults(&c.o);
	bench_getopt(argc, argv, "bench", true, bench_cmd_opt, &c);
	if (c.refscale)
		return bench_from_refscale(&c);
	if (c.matrix)
		return bench_matrix(&c);
	bench_finish(&c.o, "bench");
	return bench_one(&c.o);
}
