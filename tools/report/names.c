// SPDX-License-Identifier: GPL-2.0
/*
 * How the report names things: roles and thread counts ("2 readers + 1
 * writer"), modes ("rcu [qsbr]", "rte_lpm (peer)"), workload parameters
 * in table heads, cells and words, the marks of flagged figures and their
 * legend, and where a figure was measured. Structures' names, roles,
 * what their keys count and their peers' names come from their
 * descriptors.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* Role @r of structure @st ("reader"); st -1: of any. */
const char *role_name(int st, unsigned int r)
{
	const struct bench_desc *d = st < 0 ? NULL : bench_desc(st);

	if (!d)
		return r ? "second-role" : "first-role";
	return d->roles[r] ? d->roles[r] : "worker";
}

bool two_roles(int st)
{
	return st >= 0 && bench_two_roles(bench_desc(st));
}

/* "2 readers + 1 writer", "2 workers" */
const char *threads_words_w(int st, const struct synclab_workload *w)
{
	char *b = fmt_slot();

	if (two_roles(st) && w->threads[1])
		snprintf(b, SLOT, "%u %s%s + %u %s%s", w->threads[0],
			 role_name(st, 0), w->threads[0] == 1 ? "" : "s",
			 w->threads[1], role_name(st, 1),
			 w->threads[1] == 1 ? "" : "s");
	else
		snprintf(b, SLOT, "%u %s%s", w->threads[0], role_name(st, 0),
			 w->threads[0] == 1 ? "" : "s");
	return b;
}

const char *threads_words(const struct group *g)
{
	return threads_words_w(G_ST(g), G_W(g));
}

/* "2+1" under a "reader+writer" head, "2" under "workers". */
const char *threads_cell(const struct group *g)
{
	const struct synclab_workload *w = G_W(g);
	char *b = fmt_slot();

	if (two_roles(G_ST(g)))
		snprintf(b, SLOT, "%u+%u", w->threads[0], w->threads[1]);
	else
		snprintf(b, SLOT, "%u", w->threads[0]);
	return b;
}

const char *threads_head(int st)
{
	char *b = fmt_slot();

	if (two_roles(st))
		snprintf(b, SLOT, "%s+%s threads", role_name(st, 0), role_name(st, 1));
	else
		snprintf(b, SLOT, "%s threads", role_name(st, 0));
	return b;
}

/* The mode as the tables show it: "rcu", "rte_lpm (peer)", "rcu [qsbr]". */
const char *mode_text(const struct bench_line *l)
{
	const char *fl = other_flavor(l);
	char *b = fmt_slot();

	snprintf(b, SLOT, "%s%s%s%s%s%s%s", l->rec.label[0] ? l->rec.label : "",
		 l->rec.label[0] ? " " : "", l->mode, fl[0] ? " [" : "", fl,
		 fl[0] ? "]" : "", l->peer ? " (peer)" : "");
	return b;
}

const char *peer_words(const struct bench_line *l)
{
	const struct bench_peer *p = bench_peer_named(l->rec.w.structure,
						      l->mode);
	char *b = fmt_slot();

	if (p)
		return p->words;
	snprintf(b, SLOT, "%s%s%s", l->rec.label, l->rec.label[0] ? " " : "",
		 l->mode);
	return b;
}

static const char *keys_word(int st)
{
	const struct bench_desc *d = st < 0 ? NULL : bench_desc(st);

	return d && d->keys ? d->keys : "keys";
}

/* The name of a structure's own parameter (its descriptor's). */
static const char *param_name(int st, unsigned int p)
{
	const struct bench_desc *d = st < 0 ? NULL : bench_desc(st);
	unsigned int i = p - P_PARAM0;

	return d && i < d->nparams ? d->params[i].name : "param";
}

const char *param_head(int st, unsigned int p)
{
	char *b = fmt_slot();

	switch (p) {
	case P_MIX:
		return "mix ‰";
	case P_KEYS:
		return keys_word(st);
	case P_HOT:
		return "hot ‰:keys";
	case P_BATCH:
		return "batch";
	case P_PREFILL:
		return "prefill";
	case P_CS:
		return "critical section";
	case P_THINK0:
	case P_THINK1:
		snprintf(b, SLOT, "%s think", role_name(st, p - P_THINK0));
		return b;
	case P_PARAM0 ... P_PARAM_LAST:
		return param_name(st, p);
	case P_SEED:
		return "seed";
	default:
		return "pinned";
	}
}

/* A think time of a role without threads means nothing. */
static bool param_applies(const struct synclab_workload *w, unsigned int p)
{
	return (p != P_THINK0 && p != P_THINK1) || w->threads[p - P_THINK0];
}

const char *param_cell(const struct synclab_workload *w, unsigned int p)
{
	char *b = fmt_slot();

	if (!param_applies(w, p))
		return "—";
	switch (p) {
	case P_HOT:
		snprintf(b, SLOT, "%u:%u", w->hot, w->hot_keys);
		return b;
	case P_CS:
	case P_THINK0:
	case P_THINK1:
		return fmt_ns((double)param_value(w, p));
	case P_NOPIN:
		return w->flags & SYNCLAB_WL_NOPIN ? "no" : "yes";
	default:
		snprintf(b, SLOT, "%llu", (unsigned long long)param_value(w, p));
		return b;
	}
}

/* "cs 200 ns", "4 accounts", "batch 8": a parameter in words. */
const char *param_words(int st, const struct synclab_workload *w,
			unsigned int p)
{
	char *b = fmt_slot();

	switch (p) {
	case P_MIX:
		snprintf(b, SLOT, "mix %u‰", w->mix);
		break;
	case P_KEYS:
		if (st >= 0 && bench_desc(st)->keys_first)
			snprintf(b, SLOT, "%s %u", keys_word(st), w->keys);
		else
			snprintf(b, SLOT, "%u %s", w->keys, keys_word(st));
		break;
	case P_HOT:
		snprintf(b, SLOT, "%u‰ hot in %u", w->hot, w->hot_keys);
		break;
	case P_BATCH:
		snprintf(b, SLOT, "batch %u", w->batch);
		break;
	case P_PREFILL:
		snprintf(b, SLOT, "prefill %u", w->prefill);
		break;
	case P_CS:
		snprintf(b, SLOT, "critical section %s", fmt_ns((double)w->cs_ns));
		break;
	case P_THINK0:
	case P_THINK1:
		snprintf(b, SLOT, "%s think %s", role_name(st, p - P_THINK0),
			 fmt_ns((double)w->think_ns[p - P_THINK0]));
		break;
	case P_PARAM0 ... P_PARAM_LAST:
		snprintf(b, SLOT, "%s %u", param_name(st, p),
			 w->param[p - P_PARAM0]);
		break;
	case P_SEED:
		snprintf(b, SLOT, "seed %llu", (unsigned long long)w->seed);
		break;
	default:
		snprintf(b, SLOT, "%s", w->flags & SYNCLAB_WL_NOPIN ? "unpinned" :
			 "pinned");
	}
	return b;
}

/* The parameters in @mask, in words: ", 4 accounts, batch 8". */
char *params_words(int st, const struct synclab_workload *w,
		   unsigned int mask)
{
	char buf[512] = "";
	unsigned int p;

	for (p = 0; p < NPARAMS; p++)
		if ((mask & IGN(p)) && param_applies(w, p))
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 ", %s", param_words(st, w, p));
	return xasprintf("%s", buf);
}


/* The marks of a group's flags, "" when it has none. */
const char *marks(struct report *rp, const struct group *g)
{
	char *b = fmt_slot();
	unsigned int k;

	b[0] = '\0';
	for (k = 0; k < FL_N; k++) {
		if (!(g->flags & (1U << k)))
			continue;
		if (!b[0])
			strcat(b, " ");
		strcat(b, flag_info[k].mark);
		rp->legend |= 1U << k;
	}
	return b;
}

/* The legend of the marks the last table used. */
void legend(struct report *rp, FILE *f)
{
	unsigned int k;
	const char *sep = "";

	if (!rp->legend)
		return;
	fputs("\n", f);
	for (k = 0; k < FL_N; k++) {
		if (!(rp->legend & (1U << k)))
			continue;
		fprintf(f, "%s%s %s%s%s%s", sep, flag_info[k].mark,
			flag_info[k].name ? "`" : "",
			flag_info[k].name ? flag_info[k].name : "",
			flag_info[k].name ? "`: " : "", flag_info[k].meaning);
		sep = "; ";
	}
	fputs(".\n", f);
	rp->legend = 0;
}


/* ---- where it ran, a point among its kind ------------------------------------ */

/* How the line's CPUs ran: the "accel" column of "Where it ran". */
const char *accel_words(const struct bench_line *l)
{
	if (!strcmp(l->rec.accel, "tcg"))
		return "tcg: emulated (QEMU TCG)";
	if (!strcmp(l->rec.accel, "kvm"))
		return "kvm: QEMU guest on KVM";
	return "none: no VM";
}

const char *env_words(const struct bench_line *l)
{
	static char b[4][320];
	static unsigned int next;
	char *s = b[next++ % 4];

	snprintf(s, 320, "%s, kernel %s, %u CPUs, %s", l->rec.machine,
		 l->rec.kernel, l->rec.res.cpus,
		 !strcmp(l->rec.accel, "tcg") ? "emulated (QEMU TCG)" :
		 !strcmp(l->rec.accel, "kvm") ? "QEMU guest on KVM" :
		 "not emulated");
	return s;
}

/*
 * "Where: kernel and user-vm: MACHINE, kernel K, 2 CPUs, emulated (QEMU
 * TCG); user-host: ..." over the groups @pick accepts, sides that share
 * a machine named together.
 */

/* A group's median rate of role @r with its flags' marks. */
const char *grate(struct report *rp, const struct group *g, unsigned int r)
{
	char tmp[SLOT], *b;

	snprintf(tmp, sizeof(tmp), "%s%s", fmt_rate(g->med[r]), marks(rp, g));
	b = fmt_slot();
	memcpy(b, tmp, sizeof(tmp));
	return b;
}

/* "spinlock, 1 producer + 1 consumer, batch 8": a point among its kind. */
const char *point_words(const struct report *rp, const struct group *g)
{
	char *b = fmt_slot();
	char *pw = params_words(G_ST(g), G_W(g), varying(rp, G_ST(g), false) &
				~(IGN(P_T0) | IGN(P_T1)));

	snprintf(b, SLOT, "%s, %s%s", mode_text(g->l), threads_words(g), pw);
	free(pw);
	return b;
}
