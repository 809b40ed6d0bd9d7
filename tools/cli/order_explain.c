// SPDX-License-Identifier: GPL-2.0
/*
 * order_explain: lockdep's "possible circular locking dependency" report,
 * read back as a few plain lines -- which lock was held while which was
 * taken, in which functions, the cycle they close, the Coffman condition
 * to break and the fix.
 *
 * What the report holds (kernel/locking/lockdep.c, print_circular_bug()):
 *   COMM/PID is trying to acquire lock:      X, at: the function taking it
 *   but task is already holding lock:        H, at: where H was taken
 *   the existing dependency chain (in reverse order) is:
 *   -> #N (H): the stack that took H while holding the class of #N-1
 *   ...
 *   -> #1 (C1): the stack that took C1 while holding X
 *   -> #0 (X): the current stack, taking X while holding H
 * so the cycle is X -> C1 -> ... -> H -> X. The first frame of a stack
 * that is not lock machinery names the function that took the lock.
 *
 * Lines may carry a printk timestamp "[   12.345678] " (a console log),
 * a "<4>" level (klogctl), userspace output before the timestamp, or
 * nothing at all; only the kernel text after them is read.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "order_explain.h"

#define NAME_MAX_LEN	128
#define MAX_CHAIN	16

struct lock_ref {
	char name[NAME_MAX_LEN];	/* class, with "#n" and "/subclass" */
	char func[NAME_MAX_LEN];	/* who took it; "" when unknown */
};

struct report {
	char task[NAME_MAX_LEN];	/* "comm/pid" */
	struct lock_ref taking;		/* X: being acquired */
	struct lock_ref holding;	/* H: already held */
	struct lock_ref chain[MAX_CHAIN]; /* chain[k]: the "-> #k" entry */
	int depth;			/* highest k seen, -1 before any */
};

struct cursor {
	const char *p, *end;
	char line[1024];
};

/* The kernel text of the next line, without timestamp or level. */
static const char *next_line(struct cursor *c)
{
	const char *nl, *s, *ts;
	size_t n;

	if (c->p >= c->end)
		return NULL;
	nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	if (!nl)
		nl = c->end;
	n = (size_t)(nl - c->p);
	if (n >= sizeof(c->line))
		n = sizeof(c->line) - 1;
	memcpy(c->line, c->p, n);
	c->line[n] = '\0';
	c->p = nl < c->end ? nl + 1 : c->end;
	while (n && (c->line[n - 1] == '\r'))
		c->line[--n] = '\0';

	s = c->line;
	if (s[0] == '<' && isdigit((unsigned char)s[1])) {
		const char *gt = strchr(s, '>');

		if (gt)
			s = gt + 1;
	}
	/* The last "[ seconds.micros]" on the line starts the kernel text. */
	for (ts = strchr(s, '['); ts; ts = strchr(ts + 1, '[')) {
		const char *q = ts + 1;

		while (*q == ' ')
			q++;
		if (!isdigit((unsigned char)*q))
			continue;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q != '.' || !isdigit((unsigned char)q[1]))
			continue;
		q++;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q != ']')
			continue;
		s = q[1] == ' ' ? q + 2 : q + 1;
	}
	return s;
}

static void copy_name(char *dst, const char *src, size_t n)
{
	if (n >= NAME_MAX_LEN)
		n = NAME_MAX_LEN - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * The lock class in "... (name){usage}-{a:b}...": the text inside the
 * first parenthesis group that is followed by '{'. Names may contain
 * parentheses themselves ("(wq_completion)events").
 */
static bool parse_class(const char *s, char *name)
{
	const char *open;

	for (open = strchr(s, '('); open; open = strchr(open + 1, '(')) {
		const char *q = open + 1;
		int depth = 1;

		while (*q && depth) {
			if (*q == '(')
				depth++;
			else if (*q == ')')
				depth--;
			q++;
		}
		if (!depth && *q == '{') {
			copy_name(name, open + 1, (size_t)(q - 1 - (open + 1)));
			return true;
		}
	}
	return false;
}

/* "func+0x1c/0x80 [mod]" -> "func". */
static void parse_func(const char *s, char *func)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strcspn(s, "+ \t");
	copy_name(func, s, n);
}

/* A lock description line: "ADDR (class){....}-{a:b}, at: func+0x../0x..". */
static void parse_lock_line(const char *s, struct lock_ref *ref)
{
	const char *at = strstr(s, ", at: ");

	if (!parse_class(s, ref->name))
		copy_name(ref->name, "?", 1);
	if (at)
		parse_func(at + 6, ref->func);
}

/* Frames that belong to the locking machinery, not to who took the lock. */
static bool lock_machinery(const char *func)
{
	static const char * const prefixes[] = {
		"lock_acquire", "__lock_acquire", "lock_acquired",
		"lock_contended", "lock_sync", "validate_chain",
		"check_prev", "check_prevs", "check_noncircular",
		"print_circular", "save_trace", "stack_trace_save",
		"dump_stack", "mutex_lock", "__mutex_lock", "mutex_trylock",
		"_mutex_lock", "ww_mutex", "__ww_mutex", "_raw_", "__raw_",
		"do_raw_", "spin_lock", "_spin_lock", "read_lock",
		"write_lock", "down_", "__down", "rwsem_", "percpu_down",
		"__percpu_down", "rt_mutex", "__rt_mutex", "rt_spin",
		"rtlock_", "local_lock", "lock_sock", "__flush_work",
		"flush_work", "start_flush_work",
	};
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(func, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Reads one report, the cursor just past its "WARNING:" line. */
static void parse_report(struct cursor *c, struct report *r)
{
	enum { HEAD, TAKING, HOLDING, CHAIN } state = HEAD;
	struct lock_ref *entry = NULL;
	const char *s;

	memset(r, 0, sizeof(*r));
	r->depth = -1;
	for (;;) {
		const char *t, *mark = c->p;

		s = next_line(c);
		if (!s)
			break;
		if (strstr(s, "possible circular locking dependency detected")) {
			c->p = mark;	/* the next report's: leave it */
			break;
		}
		t = s;
		while (*t == ' ' || *t == '\t')
			t++;
		if (starts_with(t, "stack backtrace:")) {
			break;
		} else if (strstr(s, " is trying to acquire lock:")) {
			copy_name(r->task, t, strcspn(t, " "));
			state = TAKING;
		} else if (starts_with(t, "but task is already holding lock:")) {
			state = HOLDING;
		} else if (state == TAKING && *t) {
			parse_lock_line(t, &r->taking);
			state = HEAD;
		} else if (state == HOLDING && *t) {
			parse_lock_line(t, &r->holding);
			state = HEAD;
		} else if (starts_with(t, "the existing dependency chain")) {
			state = CHAIN;
		} else if (state == CHAIN && starts_with(t, "-> #")) {
			int k = atoi(t + 4);

			entry = NULL;
			if (k >= 0 && k < MAX_CHAIN) {
				entry = &r->chain[k];
				if (!parse_class(t, entry->name))
					copy_name(entry->name, "?", 1);
				if (k > r->depth)
					r->depth = k;
			}
		} else if (state == CHAIN && entry && *t && !entry->func[0]) {
			char func[NAME_MAX_LEN];

			parse_func(t, func);
			if (func[0] && !lock_machinery(func))
				memcpy(entry->func, func, sizeof(func));
		} else if (starts_with(t, "other info that might help")) {
			state = HEAD;
			entry = NULL;
		}
	}
}

/* "order_account/1" -> base "order_account", subclass 1. */
static int split_class(const char *name, char *base)
{
	const char *slash = strrchr(name, '/');
	size_t n = strlen(name);
	int sub = 0;

	if (slash && slash[1] && strspn(slash + 1, "0123456789") ==
	    strlen(slash + 1)) {
		sub = atoi(slash + 1);
		n = (size_t)(slash - name);
	}
	copy_name(base, name, n);
	n = strcspn(base, "#");
	base[n] = '\0';
	return sub;
}

static const char *or_unknown(const char *func)
{
	return func[0] ? func : "an unknown function";
}

static void explain_report(const struct report *r, FILE *out)
{
	const char *x = r->taking.name[0] ? r->taking.name : r->chain[0].name;
	const char *h = r->holding.name[0] ? r->holding.name :
			(r->depth > 0 ? r->chain[r->depth].name : "?");
	const char *now = r->taking.func[0] ? r->taking.func : r->chain[0].func;
	char base_x[NAME_MAX_LEN], base_h[NAME_MAX_LEN];
	int k, sub_x, sub_h;

	fprintf(out, "lockdep: possible deadlock: %s\n", r->depth > 1 ?
		"code paths take these locks in orders that close a cycle" :
		"two code paths take two locks in opposite orders");
	fprintf(out, "  now:     %s holds %s (taken in %s)\n"
		     "           and takes %s in %s\n",
		r->task[0] ? r->task : "a task", h,
		or_unknown(r->holding.func), x, or_unknown(now));
	for (k = 1; k <= r->depth; k++)
		fprintf(out, "  earlier: %s took %s while holding %s\n",
			or_unknown(r->chain[k].func), r->chain[k].name,
			r->chain[k - 1].name);
	fprintf(out, "  cycle:   %s", x);
	for (k = 1; k <= r->depth; k++)
		fprintf(out, " -> %s", r->chain[k].name);
	fprintf(out, " -> %s\n", x);
	fprintf(out, "Run at the same time, each path would hold one lock and wait forever for\n"
		     "the other. Lockdep saw both orders, so it reports before any deadlock.\n");
	fprintf(out, "Coffman condition to break: circular wait (mutual exclusion, hold and\n"
		     "wait, and no preemption can stay).\n");

	/*
	 * One class nested both ways ("X" under "X/1"): the subclass is the
	 * lock's rank, and the path taking the higher rank first is the one
	 * out of order; the chain's other path shows the right order.
	 */
	sub_x = split_class(x, base_x);
	sub_h = split_class(h, base_h);
	if (!strcmp(base_x, base_h) && sub_x < sub_h) {
		const char *keeper = r->depth >= 1 ? r->chain[r->depth].func : "";

		fprintf(out, "Fix: take the %s locks in one order, by id, the lower id first%s%s%s;\n"
			     "     %s takes the higher one first.\n",
			base_x, keeper[0] ? ",\n     as " : "", keeper,
			keeper[0] ? " does" : "", or_unknown(now));
	} else {
		fprintf(out, "Fix: choose one order for these locks and take them in it on every\n"
			     "     path, which removes one edge of the cycle; or never wait while\n"
			     "     holding: trylock the next lock, back off and retry.\n");
	}
}

int order_explain(const char *log, size_t len, FILE *out)
{
	struct cursor c = { .p = log, .end = log + len };
	struct report *r = malloc(sizeof(*r));
	const char *s;
	int found = 0;

	if (!r)
		return 0;
	while ((s = next_line(&c))) {
		if (!strstr(s, "possible circular locking dependency detected"))
			continue;
		parse_report(&c, r);
		if (found)
			fprintf(out, "\n");
		found++;
		explain_report(r, out);
	}
	free(r);
	return found;
}
