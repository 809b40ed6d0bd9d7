// SPDX-License-Identifier: GPL-2.0
/*
 * shim_test: user/shim maps kernel primitives onto pthreads and liburcu;
 * these tests check that each mapping keeps the kernel's contract, since
 * every userspace build of a structure stands on them: locks exclude,
 * synchronize_rcu() waits for readers that started before it, call_rcu()
 * callbacks have all run after rcu_barrier(), and the lockdep stand-ins
 * really assert in a SHIM_DEBUG build.
 */
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#define THREADS		4
#define ITERS		200000

struct counter {
	spinlock_t spin;
	rwlock_t rw;
	struct mutex mtx;
	unsigned long a, b;
	int bad;
};

static void *spin_worker(void *arg)
{
	struct counter *c = arg;
	int i;

	for (i = 0; i < ITERS; i++) {
		spin_lock(&c->spin);
		lockdep_assert_held(&c->spin);
		c->a++;
		spin_unlock(&c->spin);
	}
	return NULL;
}

static void *mutex_worker(void *arg)
{
	struct counter *c = arg;
	int i;

	for (i = 0; i < ITERS; i++) {
		mutex_lock(&c->mtx);
		lockdep_assert_held(&c->mtx);
		c->a++;
		mutex_unlock(&c->mtx);
	}
	return NULL;
}

/* Writers keep a == b under write_lock; readers must never see them differ. */
static void *rw_worker(void *arg)
{
	struct counter *c = arg;
	int i;

	for (i = 0; i < ITERS / 4; i++) {
		if (i & 1) {
			write_lock(&c->rw);
			c->a++;
			c->b++;
			write_unlock(&c->rw);
		} else {
			read_lock(&c->rw);
			lockdep_assert_held(&c->rw);
			if (c->a != c->b)
				__atomic_add_fetch(&c->bad, 1, __ATOMIC_RELAXED);
			read_unlock(&c->rw);
		}
	}
	return NULL;
}

static unsigned long run_threads(void *(*fn)(void *), struct counter *c)
{
	pthread_t t[THREADS];
	int i;

	for (i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, fn, c);
	for (i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	return c->a;
}

TEST(spinlock_excludes)
{
	struct counter c = {};

	spin_lock_init(&c.spin);
	EXPECT_EQ((unsigned long)THREADS * ITERS, run_threads(spin_worker, &c));
	EXPECT_FALSE(lockdep_is_held(&c.spin));
	EXPECT_TRUE(spin_trylock(&c.spin));
	EXPECT_TRUE(lockdep_is_held(&c.spin));
	EXPECT_FALSE(spin_trylock(&c.spin));
	spin_unlock(&c.spin);
}

TEST(mutex_excludes)
{
	struct counter c = {};

	mutex_init(&c.mtx);
	EXPECT_EQ((unsigned long)THREADS * ITERS, run_threads(mutex_worker, &c));
	EXPECT_TRUE(mutex_trylock(&c.mtx));
	EXPECT_FALSE(mutex_trylock(&c.mtx));
	mutex_unlock(&c.mtx);
}

TEST(rwlock_readers_see_whole_updates)
{
	struct counter c = {};

	rwlock_init(&c.rw);
	run_threads(rw_worker, &c);
	EXPECT_EQ(0, c.bad);
	EXPECT_EQ(c.a, c.b);
	EXPECT_EQ((unsigned long)THREADS * ITERS / 8, c.a);
}

/* Runs @fn in a child; true when the child died of SIGABRT (an assert). */
static bool aborts(void (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	return waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	       WTERMSIG(status) == SIGABRT;
}

static void assert_unheld_spinlock(void)
{
	spinlock_t l;

	spin_lock_init(&l);
	lockdep_assert_held(&l);
}

static void dereference_unprotected(void)
{
	struct mutex m;
	int x = 1, *__rcu p = &x, *q;

	mutex_init(&m);
	q = rcu_dereference_protected(p, lockdep_is_held(&m));
	(void)q;
}

/*
 * The lockdep stand-ins check something: lockdep_assert_held() on a lock
 * nobody holds and rcu_dereference_protected() without its lock abort.
 */
TEST(lockdep_standins_assert)
{
	EXPECT_TRUE(aborts(assert_unheld_spinlock));
	EXPECT_TRUE(aborts(dereference_unprotected));
}

static int reader_inside, reader_done;

static void *slow_reader(void *arg)
{
	(void)arg;
	rcu_register_thread();
	rcu_read_lock();
	__atomic_store_n(&reader_inside, 1, __ATOMIC_RELEASE);
	usleep(200 * 1000);
	__atomic_store_n(&reader_done, 1, __ATOMIC_RELEASE);
	rcu_read_unlock();
	rcu_unregister_thread();
	return NULL;
}

/* synchronize_rcu() returns only after a reader that began before it ends. */
TEST(synchronize_waits_for_reader)
{
	pthread_t t;

	rcu_register_thread();
	ASSERT_EQ(0, pthread_create(&t, NULL, slow_reader, NULL));
	while (!__atomic_load_n(&reader_inside, __ATOMIC_ACQUIRE))
		usleep(1000);
	synchronize_rcu();
	EXPECT_EQ(1, __atomic_load_n(&reader_done, __ATOMIC_ACQUIRE));
	pthread_join(t, NULL);
	rcu_unregister_thread();
}

struct deferred {
	struct rcu_head rcu;
	int *count;
};

static void deferred_free(struct rcu_head *head)
{
	struct deferred *d = container_of(head, struct deferred, rcu);

	__atomic_add_fetch(d->count, 1, __ATOMIC_RELAXED);
	kfree(d);
}

/* Every call_rcu() callback has run once rcu_barrier() returns. */
TEST(call_rcu_then_barrier)
{
	int i, count = 0;

	rcu_register_thread();
	for (i = 0; i < 1000; i++) {
		struct deferred *d = kzalloc(sizeof(*d), GFP_KERNEL);

		ASSERT_NE(NULL, d);
		d->count = &count;
		call_rcu(&d->rcu, deferred_free);
	}
	rcu_barrier();
	EXPECT_EQ(1000, __atomic_load_n(&count, __ATOMIC_RELAXED));
	rcu_unregister_thread();
}

TEST(kmalloc_helpers)
{
	unsigned long *p = kcalloc(16, sizeof(*p), GFP_KERNEL);
	int i;

	ASSERT_NE(NULL, p);
	for (i = 0; i < 16; i++)
		EXPECT_EQ(0, p[i]);
	kfree(p);
	EXPECT_EQ(NULL, kmalloc_array(SIZE_MAX / 2, 4, GFP_KERNEL));
	EXPECT_TRUE(is_power_of_2(1024));
	EXPECT_FALSE(is_power_of_2(1000));
	EXPECT_EQ(1024, roundup_pow_of_two(1000));
	EXPECT_EQ(10, ilog2(1024));
}

TEST_HARNESS_MAIN
