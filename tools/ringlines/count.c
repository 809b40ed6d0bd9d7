// SPDX-License-Identifier: GPL-2.0
/*
 * ringlines count: follows the cache lines of a ring between the "CPUs"
 * of driver.c, from the driver's address list and valgrind lackey's trace
 * of the same run, and prints how many times per record a line had to
 * come from another CPU's cache.
 *
 * The model is MESI without timing: a line is held by a set of CPUs. A
 * load by a CPU outside the set is a read miss (the line comes over, the
 * set grows); a store by a CPU outside it a write miss, a store by a CPU
 * inside a set of several an upgrade (the others lose it). Both count as
 * one crossing. Lines outside the ring's struct and slots are ignored,
 * and so are the driver's warm-up laps.
 *
 * Usage: count ADDRESSES TRACE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE		64
#define MAXLINES	4096
#define NCPU		4

struct region {
	unsigned long start, bytes;
};

static struct region ring, slots;
static unsigned long cpu_addr[NCPU], go_addr, stop_addr, records;
static unsigned long line_of[MAXLINES];
static unsigned char holders[MAXLINES];	/* bitmask of CPUs */
static unsigned int nlines;
/* [where: 0..7 the struct's lines, 8 the slots][read/write/upgrade] */
static unsigned long events[9][3];

static void die(const char *what)
{
	fprintf(stderr, "count: %s\n", what);
	exit(2);
}

static void read_addresses(const char *path)
{
	char key[16];
	unsigned long a, b;
	FILE *f = fopen(path, "r");
	int i;

	if (!f)
		die("cannot open the address list");
	while (fscanf(f, "%15s %lx", key, &a) == 2) {
		if (!strcmp(key, "ring") && fscanf(f, "%lu", &b) == 1)
			ring = (struct region){ a, b };
		else if (!strcmp(key, "slots") && fscanf(f, "%lu", &b) == 1)
			slots = (struct region){ a, b };
		else if (!strcmp(key, "go"))
			go_addr = a;
		else if (!strcmp(key, "stop"))
			stop_addr = a;
		else if (!strcmp(key, "records"))
			records = a;
		for (i = 0; i < NCPU; i++) {
			char name[8];

			snprintf(name, sizeof(name), "cpu%d", i);
			if (!strcmp(key, name))
				cpu_addr[i] = a;
		}
	}
	fclose(f);
	if (!ring.bytes || !slots.bytes || !go_addr || !stop_addr || !records)
		die("incomplete address list");
}

/* Which of events[] an address belongs to, or -1. */
static int where(unsigned long a)
{
	if (a >= ring.start && a < ring.start + ring.bytes)
		return (a - ring.start) / LINE < 8 ? (a - ring.start) / LINE : 7;
	if (a >= slots.start && a < slots.start + slots.bytes)
		return 8;
	return -1;
}

static unsigned char *line_state(unsigned long line)
{
	unsigned int i;

	for (i = 0; i < nlines; i++)
		if (line_of[i] == line)
			return &holders[i];
	if (nlines == MAXLINES)
		die("too many lines");
	line_of[nlines] = line;
	return &holders[nlines++];
}

int main(int argc, char **argv)
{
	int cpu = -1, counting = 0, w, i, ev;
	unsigned long a, total = 0;
	char buf[256], op;
	FILE *t;

	if (argc != 3)
		die("usage: count ADDRESSES TRACE");
	read_addresses(argv[1]);
	t = fopen(argv[2], "r");
	if (!t)
		die("cannot open the trace");
	while (fgets(buf, sizeof(buf), t)) {
		unsigned char *h, me;

		/* lackey: " L addr,size", " S ...", " M ..." (load and store) */
		if (sscanf(buf, " %c %lx,", &op, &a) != 2 ||
		    (op != 'L' && op != 'S' && op != 'M'))
			continue;
		if (op != 'L') {
			for (i = 0; i < NCPU; i++)
				if (a == cpu_addr[i])
					break;
			if (i < NCPU) {
				cpu = i;
				continue;
			}
			if (a == go_addr)
				counting = 1;
			if (a == stop_addr)
				break;
		}
		w = where(a);
		if (w < 0 || cpu < 0)
			continue;
		h = line_state(a / LINE);
		me = 1u << cpu;
		ev = -1;
		if (op == 'L') {
			if (*h && !(*h & me))
				ev = 0;
			*h |= me;
		} else {
			if (*h && !(*h & me))
				ev = 1;
			else if (*h & ~me)
				ev = 2;
			*h = me;
		}
		if (ev >= 0 && counting) {
			events[w][ev]++;
			total++;
		}
	}
	fclose(t);
	printf("%.2f line crossings per record\n", (double)total / records);
	for (w = 0; w < 9; w++) {
		unsigned long sum = events[w][0] + events[w][1] + events[w][2];

		if (sum * 200 < records)	/* under 0.005 a record */
			continue;
		if (w < 8)
			printf("  struct line %d (bytes %3d..%3d)", w, w * LINE,
			       w * LINE + LINE - 1);
		else
			printf("  slots                        ");
		printf(" %.2f  (read %.2f, write %.2f, upgrade %.2f)\n",
		       (double)sum / records, (double)events[w][0] / records,
		       (double)events[w][1] / records,
		       (double)events[w][2] / records);
	}
	return 0;
}
