// SPDX-License-Identifier: GPL-2.0
/*
 * The one printer of benchmark results: a struct synclab_result, with the
 * workload that produced it and where it ran, becomes one JSON line. Any
 * engine, either side, and the peers all come through here, so every line
 * carries the same fields and `synclab report` reads them all the same way.
 */
#include <stdio.h>
#include <string.h>

#include "benchcli.h"

static const char * const struct_names[SYNCLAB_BENCH_NSTRUCTS] =
	SYNCLAB_BENCH_STRUCT_NAMES;
static const char * const route_modes[] = { "rcu", "rwlock", "spinlock",
					    "mutex", "rte_lpm", "rte_fib" };
static const char * const ring_modes[] = { "spinlock", "mutex", "spsc",
					   "ptr_ring", "ck_ring" };
static const char * const order_modes[] = SYNCLAB_ORDER_STRATEGY_NAMES;
static const char * const lock_modes[] = SYNCLAB_BENCH_LOCK_MODE_NAMES;
static const char * const count_modes[] = { "count" };
static const char * const dbg_names[SYNCLAB_DBG_NBITS] = SYNCLAB_DBG_NAMES;

static const struct bench_struct_info infos[SYNCLAB_BENCH_NSTRUCTS] = {
	[SYNCLAB_BENCH_ROUTE] = { route_modes, ARRAY_LEN(route_modes),
				  SYNCLAB_ROUTE_NMODES, { "reader", "writer" } },
	[SYNCLAB_BENCH_RING] = { ring_modes, ARRAY_LEN(ring_modes),
				 SYNCLAB_RING_NMODES, { "producer", "consumer" } },
	[SYNCLAB_BENCH_ORDER] = { order_modes, ARRAY_LEN(order_modes),
				  SYNCLAB_ORDER_NSTRATEGIES, { "worker", NULL } },
	[SYNCLAB_BENCH_LOCK] = { lock_modes, ARRAY_LEN(lock_modes),
				 SYNCLAB_BENCH_LOCK_NMODES, { "worker", NULL } },
	[SYNCLAB_BENCH_COUNT] = { count_modes, ARRAY_LEN(count_modes), 1,
				  { "worker", NULL } },
};

const struct bench_struct_info *bench_info(__u32 structure)
{
	return structure < SYNCLAB_BENCH_NSTRUCTS ? &infos[structure] : NULL;
}

const char *bench_struct_name(__u32 structure)
{
	return structure < SYNCLAB_BENCH_NSTRUCTS ? struct_names[structure] : "?";
}

int bench_struct_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < SYNCLAB_BENCH_NSTRUCTS; i++)
		if (!strcmp(name, struct_names[i]))
			return i;
	return -1;
}

const char *bench_mode_name(__u32 structure, __u32 mode)
{
	const struct bench_struct_info *in = bench_info(structure);

	return in && mode < in->nmodes ? in->modes[mode] : "?";
}

int bench_mode_lookup(__u32 structure, const char *name)
{
	const struct bench_struct_info *in = bench_info(structure);
	unsigned int i;

	for (i = 0; in && i < in->nmodes; i++)
		if (!strcmp(name, in->modes[i]))
			return i;
	return -1;
}

bool bench_is_peer(__u32 structure, __u32 mode)
{
	const struct bench_struct_info *in = bench_info(structure);

	return in && mode >= in->nown;
}

/* Sampled operations of a role. */
static __u64 hist_total(const __u64 *hist)
{
	__u64 n = 0;
	unsigned int b;

	for (b = 0; b < SYNCLAB_BENCH_HIST; b++)
		n += hist[b];
	return n;
}

/*
 * The @pct-th percentile of a log2 histogram, interpolated linearly inside
 * its bucket [2^b, 2^(b+1)); 0 when nothing was sampled.
 */
__u64 bench_percentile(const __u64 *hist, unsigned int pct)
{
	__u64 total = hist_total(hist), want, seen = 0;
	unsigned int b;

	if (!total)
		return 0;
	want = (total * pct + 99) / 100;
	for (b = 0; b < SYNCLAB_BENCH_HIST; b++) {
		if (seen + hist[b] >= want) {
			__u64 lo = b ? 1ULL << b : 0, width = b ? 1ULL << b : 1;

			return lo + width * (want - seen) / hist[b];
		}
		seen += hist[b];
	}
	return 1ULL << (SYNCLAB_BENCH_HIST - 1);
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* "role": value for each role that has threads. */
static void json_roles(FILE *f, const char *key, const struct bench_record *rec,
		       const __u64 *v)
{
	const struct bench_struct_info *in = bench_info(rec->w.structure);
	const char *sep = "";
	unsigned int r;

	fprintf(f, ",\"%s\":{", key);
	for (r = 0; r < SYNCLAB_BENCH_ROLES; r++) {
		if (!in->roles[r] || !rec->w.threads[r])
			continue;
		fprintf(f, "%s\"%s\":%llu", sep, in->roles[r],
			(unsigned long long)v[r]);
		sep = ",";
	}
	fputc('}', f);
}

/**
 * bench_json_print() - one result as one JSON line
 * @f:		where to
 * @rec:	the workload, the result and where it ran
 */
void bench_json_print(FILE *f, const struct bench_record *rec)
{
	const struct synclab_workload *w = &rec->w;
	const struct synclab_result *res = &rec->res;
	const struct bench_struct_info *in = bench_info(w->structure);
	__u64 ops_ps[SYNCLAB_BENCH_ROLES] = {};
	const char *sep = "";
	unsigned int r, i;

	fputs("{\"schema\":1,\"structure\":", f);
	json_str(f, bench_struct_name(w->structure));
	fputs(",\"mode\":", f);
	json_str(f, bench_mode_name(w->structure, w->mode));
	fputs(",\"side\":", f);
	json_str(f, rec->side);
	fprintf(f, ",\"peer\":%s", rec->peer ||
		bench_is_peer(w->structure, w->mode) ? "true" : "false");
	if (rec->label[0]) {
		fputs(",\"label\":", f);
		json_str(f, rec->label);
	}
	fputs(",\"threads\":{", f);
	for (r = 0; r < SYNCLAB_BENCH_ROLES; r++) {
		if (!in->roles[r] || !w->threads[r])
			continue;
		fprintf(f, "%s\"%s\":%u", sep, in->roles[r], w->threads[r]);
		sep = ",";
	}
	fputc('}', f);

	for (r = 0; r < SYNCLAB_BENCH_ROLES; r++)
		if (res->elapsed_ns)
			ops_ps[r] = (__u64)((double)res->ops[r] * 1e9 /
					    res->elapsed_ns + 0.5);
	json_roles(f, "ops_per_sec", rec, ops_ps);
	json_roles(f, "ops", rec, res->ops);
	json_roles(f, "thread_ops_min", rec, res->thread_ops_min);
	json_roles(f, "thread_ops_max", rec, res->thread_ops_max);
	json_roles(f, "failures", rec, res->failures);
	json_roles(f, "extra", rec, res->extra);

	fputs(",\"latency_ns\":{", f);
	sep = "";
	for (r = 0; r < SYNCLAB_BENCH_ROLES; r++) {
		if (!in->roles[r] || !w->threads[r])
			continue;
		fprintf(f, "%s\"%s\":{\"p50\":%llu,\"p99\":%llu,\"max\":%llu,\"samples\":%llu}",
			sep, in->roles[r],
			(unsigned long long)bench_percentile(res->hist[r], 50),
			(unsigned long long)bench_percentile(res->hist[r], 99),
			(unsigned long long)res->lat_max_ns[r],
			(unsigned long long)hist_total(res->hist[r]));
		sep = ",";
	}
	fputc('}', f);

	fprintf(f, ",\"elapsed_ns\":%llu,\"cpus\":%u,\"threads_run\":%u",
		(unsigned long long)res->elapsed_ns, res->cpus, res->threads_run);
	fprintf(f, ",\"rtt_ns\":{\"before\":%llu,\"after\":%llu},\"clock_ns\":%llu",
		(unsigned long long)res->rtt_before_ns,
		(unsigned long long)res->rtt_after_ns,
		(unsigned long long)res->clock_ns);
	if (res->mem_bytes)
		fprintf(f, ",\"mem_bytes\":%llu",
			(unsigned long long)res->mem_bytes);
	fputs(",\"flags\":[", f);
	sep = "";
	if (res->flags & SYNCLAB_RESULT_INTERRUPTED) {
		fprintf(f, "%s\"interrupted\"", sep);
		sep = ",";
	}
	if (res->flags & SYNCLAB_RESULT_INVARIANT) {
		fprintf(f, "%s\"invariant_broken\"", sep);
		sep = ",";
	}
	if (res->flags & SYNCLAB_RESULT_OVERSUBSCRIBED) {
		fprintf(f, "%s\"oversubscribed\"", sep);
		sep = ",";
	}
	for (i = 0; i < rec->nnotes; i++) {
		fprintf(f, "%s", sep);
		json_str(f, rec->notes[i]);
		sep = ",";
	}
	fputc(']', f);

	fputs(",\"kernel\":", f);
	json_str(f, rec->kernel);
	fputs(",\"debug\":[", f);
	sep = "";
	for (i = 0; i < SYNCLAB_DBG_NBITS; i++) {
		if (!(rec->debug & (1U << i)))
			continue;
		fprintf(f, "%s\"%s\"", sep, dbg_names[i]);
		sep = ",";
	}
	for (i = 0; i < rec->nsanitizers; i++) {
		fprintf(f, "%s", sep);
		json_str(f, rec->sanitizers[i]);
		sep = ",";
	}
	fputc(']', f);
	fputs(",\"machine\":", f);
	json_str(f, rec->machine);
	fprintf(f, ",\"emulated\":%s", rec->emulated ? "true" : "false");
	if (rec->rcu_flavor[0]) {
		fputs(",\"rcu_flavor\":", f);
		json_str(f, rec->rcu_flavor);
	}
	if (rec->point >= 0)
		fprintf(f, ",\"point\":%d,\"repeat\":%d,\"attempts\":%d",
			rec->point, rec->repeat, rec->attempts);
	if (rec->host_other_cpu_pct >= 0)
		fprintf(f, ",\"host_other_cpu_pct\":%.1f", rec->host_other_cpu_pct);

	fprintf(f, ",\"workload\":{\"structure\":%u,\"mode\":%u,\"threads\":[%u,%u]",
		w->structure, w->mode, w->threads[0], w->threads[1]);
	fprintf(f, ",\"mix\":%u,\"keys\":%u,\"hot\":%u,\"hot_keys\":%u", w->mix,
		w->keys, w->hot, w->hot_keys);
	fprintf(f, ",\"batch\":%u,\"prefill\":%u,\"cs_ns\":%llu", w->batch,
		w->prefill, (unsigned long long)w->cs_ns);
	fprintf(f, ",\"think_ns\":[%llu,%llu],\"seed\":%llu",
		(unsigned long long)w->think_ns[0],
		(unsigned long long)w->think_ns[1],
		(unsigned long long)w->seed);
	fprintf(f, ",\"warmup_ns\":%llu,\"duration_ns\":%llu",
		(unsigned long long)w->warmup_ns,
		(unsigned long long)w->duration_ns);
	fprintf(f, ",\"sample_shift\":%u,\"flags\":%u}}\n", w->sample_shift,
		w->flags);
	fflush(f);
}
