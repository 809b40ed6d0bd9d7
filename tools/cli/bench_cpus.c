// SPDX-License-Identifier: GPL-2.0
/*
 * Thread counts that follow the machine: a matrix line's words for the
 * CPUs of wherever it runs (the guest's vCPUs for k and v points, the
 * host's for h), so one matrix sweeps 1..4 on 2 CPUs and 1..128 on 64.
 *
 *   cpus, Kcpus, Kcpus+M   K times the CPUs (plus M): "cpus" is C, "2cpus"
 *                          is 2C, "cpus+1" is C + 1
 *   {A..B}                 an alternative of a {a,b} list: A, the powers of
 *                          two between, C and 2C where they fall between,
 *                          and B; so {1..2cpus} is 1,2,4 on 2 CPUs,
 *                          1,2,4,6,8,12 on 6 and 1,2,...,64,128 on 64
 *
 * Every count stops at SYNCLAB_BENCH_MAX_THREADS. C is the CPUs online,
 * or SYNCLAB_MATRIX_CPUS (to list or check another machine's points). A
 * count the words give twice on a line is one point (bench_matrix.c also
 * drops a point identical to an earlier one).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benchcli.h"

/* The CPUs the matrix's words stand for. */
unsigned int bench_matrix_ncpus(void)
{
	const char *env = getenv("SYNCLAB_MATRIX_CPUS");
	__u32 v;

	if (env && *env) {
		if (!parse_u32(env, &v) || !v || v > 4096)
			cli_die("bench: SYNCLAB_MATRIX_CPUS='%s' is not a number in 1..4096",
				env);
		return v;
	}
	v = sysconf(_SC_NPROCESSORS_ONLN);
	return v ? v : 1;
}

static unsigned long cap(unsigned long v)
{
	return v > SYNCLAB_BENCH_MAX_THREADS ? SYNCLAB_BENCH_MAX_THREADS : v;
}

/*
 * One count, "N" or "[K]cpus[+M]", of exactly @len bytes at @s, into
 * @v; false when it is neither.
 */
static bool cpus_count(const char *s, size_t len, unsigned int ncpus,
		       unsigned long *v)
{
	char buf[32], *p, *end;
	unsigned long k = 1, m = 0;

	if (!len || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	p = strstr(buf, "cpus");
	if (!p) {
		*v = strtoul(buf, &end, 10);
		return isdigit((unsigned char)buf[0]) && !*end;
	}
	if (p > buf) {
		k = strtoul(buf, &end, 10);
		if (end != p || !isdigit((unsigned char)buf[0]))
			return false;
	}
	p += 4;
	if (*p == '+') {
		m = strtoul(p + 1, &end, 10);
		if (!isdigit((unsigned char)p[1]) || *end)
			return false;
	} else if (*p) {
		return false;
	}
	*v = cap(k * ncpus + m);
	return true;
}

/* Appends ",v" (or "v" first) unless v is there already. */
static void add_count(char *out, size_t size, unsigned long v)
{
	char num[24], *p;
	size_t n;

	n = snprintf(num, sizeof(num), "%lu", v);
	for (p = out; *p; p += strcspn(p, ","), p += *p == ',')
		if (!strncmp(p, num, n) && (p[n] == ',' || !p[n]))
			return;
	snprintf(out + strlen(out), size - strlen(out), "%s%s",
		 *out ? "," : "", num);
}

static int cmp_count(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* "A..B": the sweep of the top of this file, ascending, comma-separated. */
static void cpus_range(char *out, size_t size, unsigned long a,
		       unsigned long b, unsigned int ncpus)
{
	unsigned long v[72], p;
	unsigned int n = 0, i;

	v[n++] = a;
	for (p = 1; p < b && n < 68; p *= 2)
		if (p > a)
			v[n++] = p;
	if (cap(ncpus) > a && cap(ncpus) < b)
		v[n++] = cap(ncpus);
	if (cap(2UL * ncpus) > a && cap(2UL * ncpus) < b)
		v[n++] = cap(2UL * ncpus);
	v[n++] = b;
	qsort(v, n, sizeof(v[0]), cmp_count);
	out[0] = '\0';
	for (i = 0; i < n; i++)
		add_count(out, size, v[i]);
}

/**
 * bench_matrix_cpus() - a matrix line with its CPU words replaced
 * @args:	the line's options, braces not yet expanded
 * @ncpus:	what "cpus" stands for
 * @where:	"FILE:LINE", for messages
 *
 * Return: the new line (free() it). A range outside braces, or a range
 * whose ends are not counts, ends the program with one line.
 */
char *bench_matrix_cpus(const char *args, unsigned int ncpus, const char *where)
{
	size_t size = strlen(args) * 8 + 4096, len;
	char *out = malloc(size), *o, *dots;
	const char *s = args;
	bool in_braces = false;
	unsigned long a, b;

	if (!out)
		cli_die("bench: out of memory");
	o = out;
	*o = '\0';
	while (*s) {
		/* a word starts after a blank, a comma or a brace */
		len = strspn(s, "0123456789abcdefghijklmnopqrstuvwxyz.+");
		dots = memchr(s, '.', len);
		if (!len || (s > args && !strchr(" \t,{", s[-1]))) {
			if (*s == '{' || *s == '}')
				in_braces = *s == '{';
			*o++ = *s++;
			*o = '\0';
			continue;
		}
		if (dots && dots + 1 < s + len && dots[1] == '.') {
			if (!in_braces)
				cli_die("bench: %s: the range '%.*s' goes inside {...}",
					where, (int)len, s);
			if (!cpus_count(s, dots - s, ncpus, &a) ||
			    !cpus_count(dots + 2, s + len - dots - 2, ncpus, &b) ||
			    !a || a > b)
				cli_die("bench: %s: '%.*s' is not a range A..B of counts 1 <= A <= B (N, cpus, 2cpus, cpus+1)",
					where, (int)len, s);
			cpus_range(o, size - (o - out), a, b, ncpus);
		} else if (cpus_count(s, len, ncpus, &a) && memmem(s, len, "cpus", 4)) {
			snprintf(o, size - (o - out), "%lu", a);
		} else {
			snprintf(o, size - (o - out), "%.*s", (int)len, s);
		}
		o += strlen(o);
		s += len;
	}
	return out;
}
