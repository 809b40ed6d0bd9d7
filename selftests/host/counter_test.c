// SPDX-License-Identifier: GPL-2.0
/*
 * counter_test: the counter (kmod/counter.c, unchanged, over user/shim)
 * on the host, under ASan+UBSan (and TSan: build/host-tsan/counter_test).
 *
 * - atomic, locked and percpu (batches of 1, 32 and 1024) are exact
 *   after N threads x M increments, with and without a reader beside
 *   them; the reader never sees the total go down nor above what was
 *   added, and percpu's fast read is never above the exact one nor short
 *   by a batch per thread or more once the adders are done.
 * - racy is never over (a lost update makes it short; whether it loses
 *   any is a measurement, the benchmark's, not a guarantee).
 * - Bad input (a mode past the last, a percpu batch of 0 or past
 *   COUNTER_MAX_BATCH, no thread) is refused with EINVAL.
 * - Children watched from outside: ThreadSanitizer reports the data race
 *   of racy without its annotation, in counter_add_racy(), and nothing
 *   for racy annotated nor for the other three modes.
 */
#include "kselftest_harness.h"
#include "child.h"
#include "counter_user.h"

#define THREADS_MAX	4
#define INCREMENTS	200000

FIXTURE(race) {
	struct counter *c;
	struct counter_user_race r;
};

FIXTURE_VARIANT(race) {
	u32 mode;
	unsigned int threads;
	bool reader;
	u32 batch;
};

#define RACE_B(m, n, rd, b) \
	FIXTURE_VARIANT_ADD(race, m##_##n##rd##_##b) { \
		.mode = SYNCLAB_COUNTER_##m, .threads = n, .reader = rd, \
		.batch = b, \
	}
#define RACE(m, n, rd)	RACE_B(m, n, rd, COUNTER_PERCPU_BATCH)

RACE(RACY, 2, false);
RACE(RACY, 4, true);
RACE(ATOMIC, 1, false);
RACE(ATOMIC, 2, false);
RACE(ATOMIC, 4, true);
RACE(LOCKED, 2, false);
RACE(LOCKED, 4, true);
RACE(PERCPU, 1, false);
RACE(PERCPU, 2, false);
RACE(PERCPU, 4, true);
RACE_B(PERCPU, 2, true, 1);
RACE_B(PERCPU, 4, false, 1024);

FIXTURE_SETUP(race)
{
	ASSERT_EQ(0, counter_create(&self->c, variant->mode, variant->batch));
	ASSERT_EQ(variant->mode, counter_mode(self->c));
	EXPECT_EQ(0, counter_read(self->c));
	EXPECT_EQ(0, counter_read_fast(self->c));
}

FIXTURE_TEARDOWN(race)
{
	counter_destroy(self->c);
}

TEST_F(race, total_is_right_for_the_mode)
{
	struct counter_user_race *r = &self->r;
	u64 bound = (u64)(variant->batch - 1) * variant->threads;

	ASSERT_EQ(0, counter_user_race(self->c, variant->threads, INCREMENTS,
				       variant->reader, r));
	EXPECT_EQ((u64)variant->threads * INCREMENTS, r->expected);
	TH_LOG("expected %llu got %llu lost %llu",
	       (unsigned long long)r->expected, (unsigned long long)r->total,
	       (unsigned long long)(r->expected - r->total));
	if (variant->mode == SYNCLAB_COUNTER_RACY) {
		EXPECT_LE(r->total, r->expected);
		EXPECT_LE(r->read_max, r->expected);
		return;
	}
	EXPECT_EQ(r->expected, r->total);
	if (variant->mode == SYNCLAB_COUNTER_PERCPU) {
		EXPECT_LE(r->fast, r->total);
		EXPECT_LT(r->total - r->fast, bound + 1);
	} else {
		EXPECT_EQ(r->total, r->fast);
	}
	if (!variant->reader)
		return;
	EXPECT_LT(0, r->reads);
	EXPECT_EQ(0, r->backwards);
	EXPECT_EQ(0, r->fast_over);
	EXPECT_LE(r->read_max, r->expected);
	EXPECT_EQ(r->expected, r->read_max) TH_LOG("the last read is after the adders");
	/* a read apart, so adds in between count too: shown, not checked */
	TH_LOG("reads %llu, fast read short by at most %llu (percpu bound %llu)",
	       (unsigned long long)r->reads,
	       (unsigned long long)r->fast_err_max,
	       (unsigned long long)bound);
}

/* The per-thread slots outlive their threads: a second race adds on. */
TEST(percpu_slots_keep_their_counts_across_threads)
{
	struct counter_user_race r;
	struct counter *c;

	ASSERT_EQ(0, counter_create(&c, SYNCLAB_COUNTER_PERCPU, 8));
	ASSERT_EQ(0, counter_user_race(c, 3, 1000 + 7, false, &r));
	ASSERT_EQ(0, counter_user_race(c, 2, 5, false, &r));
	EXPECT_EQ(3 * 1007 + 2 * 5, r.total);
	counter_destroy(c);
}

TEST(one_thread_counts_exactly_in_every_mode)
{
	struct counter *c;
	u32 mode;

	for (mode = 0; mode < SYNCLAB_COUNTER_NMODES; mode++) {
		ASSERT_EQ(0, counter_create(&c, mode, COUNTER_PERCPU_BATCH));
		counter_add(c, 1);
		counter_add(c, 99);
		EXPECT_EQ(100, counter_read(c));
		counter_add(c, COUNTER_PERCPU_BATCH * 3);
		EXPECT_EQ(100 + COUNTER_PERCPU_BATCH * 3, counter_read(c));
		EXPECT_LE(counter_read_fast(c), counter_read(c));
		counter_destroy(c);
	}
}

TEST(bad_arguments_are_refused)
{
	struct counter_user_race r;
	struct counter *c = (struct counter *)0x1;

	EXPECT_EQ(-EINVAL, counter_create(&c, SYNCLAB_COUNTER_NMODES, 32));
	EXPECT_EQ(-EINVAL, counter_create(&c, ~0u, 32));
	EXPECT_EQ(-EINVAL, counter_create(&c, SYNCLAB_COUNTER_PERCPU, 0));
	EXPECT_EQ(-EINVAL, counter_create(&c, SYNCLAB_COUNTER_PERCPU,
					  COUNTER_MAX_BATCH + 1));
	EXPECT_EQ((struct counter *)0x1, c);
	ASSERT_EQ(0, counter_create(&c, SYNCLAB_COUNTER_PERCPU,
				    COUNTER_MAX_BATCH));
	counter_destroy(c);
	ASSERT_EQ(0, counter_create(&c, SYNCLAB_COUNTER_ATOMIC, 0));
	EXPECT_EQ(-EINVAL, counter_user_race(c, 0, 10, false, &r));
	EXPECT_EQ(-EINVAL, counter_user_race(c, COUNTER_USER_MAX_THREADS + 1,
					     10, false, &r));
	EXPECT_EQ(0, counter_read(c));
	counter_destroy(c);
	counter_destroy(NULL);
}

/* ---- ThreadSanitizer, from outside ---------------------------------- */

#define TSAN_CHILD_OPTIONS	"halt_on_error=0:exitcode=66"

FIXTURE(tsan) {
	struct child c;
};

FIXTURE_VARIANT(tsan) {
	const char *mode;
	bool plain;
};

FIXTURE_VARIANT_ADD(tsan, racy_plain) { .mode = "racy", .plain = true };
FIXTURE_VARIANT_ADD(tsan, racy) { .mode = "racy" };
FIXTURE_VARIANT_ADD(tsan, atomic) { .mode = "atomic" };
FIXTURE_VARIANT_ADD(tsan, locked) { .mode = "locked" };
FIXTURE_VARIANT_ADD(tsan, percpu) { .mode = "percpu" };

FIXTURE_SETUP(tsan) {}
FIXTURE_TEARDOWN(tsan) {}

/*
 * Two adders and a reader. TSan flags racy without its annotation -- the
 * increment's load and store in counter_add_racy() -- and nothing else:
 * not racy with data_race() (the shim hides those accesses from TSan as
 * KCSAN ignores them), not the three fixes.
 */
TEST_F(tsan, reports_only_the_unannotated_race)
{
	char mode[16];
	char *argv[] = {
		"counter_child-tsan", "--mode", mode, "--threads", "2",
		"--increments", "20000", "--reader",
		variant->plain ? "--plain" : NULL, NULL,
	};

	snprintf(mode, sizeof(mode), "%s", variant->mode);
	run_child(_metadata, argv, TSAN_CHILD_OPTIONS, 120, &self->c);
	EXPECT_NE(NULL, strstr(self->c.out, "expected 40000 got "))
		TH_LOG("stdout: %s", self->c.out);
	if (variant->plain) {
		EXPECT_EQ(66, self->c.status);
		EXPECT_NE(NULL, strstr(self->c.err, "ThreadSanitizer: data race"))
			TH_LOG("stderr: %.2000s", self->c.err);
		EXPECT_NE(NULL, strstr(self->c.err, "counter_add_racy"));
	} else {
		EXPECT_EQ(0, self->c.status);
		EXPECT_EQ(NULL, strstr(self->c.err, "ThreadSanitizer"))
			TH_LOG("stderr: %.2000s", self->c.err);
	}
}

TEST_HARNESS_MAIN
