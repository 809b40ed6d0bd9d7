// SPDX-License-Identifier: GPL-2.0
/*
 * desc_test: the structures' descriptors (tools/cli/bench_desc.c) are
 * complete: every structure id the UAPI has one, with a name of its own,
 * a title, modes, a first role and defaults the engine takes; a peer's
 * mode number is its UAPI id; lookups by name find what they should and
 * nothing else; the side table names each side once; every own mode of
 * every structure runs on the pthread engine.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "../bench_cases.h"
#include "bench.h"
#include "bench_user.h"

/* Every UAPI structure id has a descriptor, and no more of them. */
/* Stats as the engine names them, parameters that fit the workload. */
static void check_stats_params(struct __test_metadata *_metadata,
			       unsigned int st, const struct bench_desc *d)
{
	const struct bench_ops *ops = bench_struct_ops(st);
	unsigned int i;

	ASSERT_NE(NULL, ops);
	EXPECT_GE(SYNCLAB_BENCH_STATS, d->nstats) TH_LOG("%s", d->name);
	EXPECT_EQ(ops->nstats, d->nstats) TH_LOG("%s", d->name);
	for (i = 0; i < d->nstats && i < ops->nstats; i++) {
		EXPECT_STREQ(ops->stat_names[i], d->stats[i]);
		EXPECT_EQ((int)i, bench_stat_lookup(d, d->stats[i]));
	}
	EXPECT_GE(SYNCLAB_BENCH_PARAMS, d->nparams) TH_LOG("%s", d->name);
	for (i = 0; i < d->nparams; i++) {
		const struct bench_param *p = &d->params[i];

		EXPECT_LE(p->min, p->def) TH_LOG("%s --%s", d->name, p->name);
		EXPECT_LE(p->def, p->max) TH_LOG("%s --%s", d->name, p->name);
		EXPECT_EQ((int)i, bench_param_lookup(d, p->name));
	}
}

TEST(every_structure_described)
{
	unsigned int st, other, m;

	for (st = 0; st < SYNCLAB_BENCH_NSTRUCTS; st++) {
		const struct bench_desc *d = bench_desc(st);

		ASSERT_NE(NULL, d) TH_LOG("structure %u", st);
		ASSERT_NE(NULL, d->name) TH_LOG("structure %u has no name", st);
		EXPECT_NE(NULL, d->title) TH_LOG("%s", d->name);
		EXPECT_NE(NULL, d->roles[0]) TH_LOG("%s", d->name);
		EXPECT_LT(0U, d->nmodes) TH_LOG("%s", d->name);
		EXPECT_LT(0U, d->threads[0]) TH_LOG("%s", d->name);
		EXPECT_EQ(!!d->roles[1] || !d->threads[1], 1)
			TH_LOG("%s: threads for a role it lacks", d->name);
		EXPECT_EQ((int)st, bench_desc_lookup(d->name));
		EXPECT_STREQ(d->name, bench_struct_name(st));
		for (other = 0; other < st; other++)
			EXPECT_STRNE(d->name, bench_desc(other)->name);
		for (m = 0; m < bench_nmodes(d); m++) {
			EXPECT_EQ((int)m, bench_mode_lookup(st, bench_mode_name(st, m)))
				TH_LOG("%s mode %u", d->name, m);
			EXPECT_EQ(m >= d->nmodes, bench_is_peer(st, m));
		}
		EXPECT_EQ(-1, bench_mode_lookup(st, "nonesuch"));
		check_stats_params(_metadata, st, d);
	}
	EXPECT_EQ(NULL, bench_desc(SYNCLAB_BENCH_NSTRUCTS));
	EXPECT_EQ(-1, bench_desc_lookup("nonesuch"));
	EXPECT_STREQ("?", bench_mode_name(SYNCLAB_BENCH_NSTRUCTS, 0));
}

/* Peers have the mode numbers the UAPI gives them. */
TEST(peers_at_their_uapi_ids)
{
	EXPECT_STREQ("rte_lpm", bench_mode_name(SYNCLAB_BENCH_ROUTE,
						SYNCLAB_BENCH_ROUTE_RTE_LPM));
	EXPECT_STREQ("ptr_ring", bench_mode_name(SYNCLAB_BENCH_RING,
						 SYNCLAB_BENCH_RING_PTR_RING));
	EXPECT_STREQ("ck_ring", bench_mode_name(SYNCLAB_BENCH_RING,
						SYNCLAB_BENCH_RING_CK_RING));
	EXPECT_STREQ("rcu", bench_peer_named(SYNCLAB_BENCH_ROUTE, "rte_lpm")->beside);
	EXPECT_EQ(NULL, bench_peer_named(SYNCLAB_BENCH_ROUTE, "rcu"));
	EXPECT_EQ(NULL, bench_peer_named(SYNCLAB_BENCH_NSTRUCTS, "rcu"));
}

/* Each structure's small test workload is one the engine takes. */
TEST(test_workloads_valid)
{
	unsigned int st;

	for (st = 0; st < SYNCLAB_BENCH_NSTRUCTS; st++) {
		struct synclab_workload w = bench_case_ok(st);

		EXPECT_EQ(0, bench_validate(&w)) TH_LOG("%s", bench_struct_name(st));
	}
}

static int run_user(void *ctx, const struct synclab_workload *w,
		    struct synclab_result *res)
{
	(void)ctx;
	return bench_user_run(w, res);
}

/*
 * Every own mode of every structure runs on the pthread engine from the
 * tests' small workload with its invariant intact: a structure added to
 * the descriptors is run here without a line of this test changing.
 */
TEST(every_described_mode_runs)
{
	char why[160] = "";

	EXPECT_EQ(0, bench_case_every_mode(run_user, NULL, why, sizeof(why)))
		TH_LOG("%s", why);
}

/*
 * The list of names a message offers holds every structure, in id order,
 * and every mode the benchmark takes.
 */
TEST(names_for_messages)
{
	char buf[256], want[256] = "";
	const struct bench_desc *d;
	unsigned int st;

	for (st = 0; (d = bench_desc(st)); st++)
		snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s%s",
			 st ? " " : "", d->name);
	EXPECT_EQ(0, strncmp(want, "route ring order lock count", 27));
	EXPECT_STREQ(want, bench_struct_names(buf, sizeof(buf), " "));
	/* order's inverted strategy is refused by the benchmark */
	EXPECT_STREQ("ordered trylock coarse",
		     bench_mode_names(SYNCLAB_BENCH_ORDER, buf, sizeof(buf)));
	EXPECT_STREQ("spinlock mutex spsc ptr_ring ck_ring",
		     bench_mode_names(SYNCLAB_BENCH_RING, buf, sizeof(buf)));
}

TEST(sides)
{
	char buf[64];
	unsigned int i;

	for (i = 0; i < BENCH_NSIDES; i++)
		EXPECT_EQ((int)i, bench_side_lookup(bench_sides[i].name));
	EXPECT_EQ(-1, bench_side_lookup("user"));
	EXPECT_STREQ("kernel, user-vm, user-host, host-kernel",
		     bench_side_names(buf, sizeof(buf), ", "));
}

TEST_HARNESS_MAIN
