// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace side of the benchmark engine (kmod/bench.c): pthreads
 * pinned with pthread_setaffinity_np(), clock_gettime(CLOCK_MONOTONIC),
 * a sleep that a signal handler can cut short, and the host peers when
 * the binary carries them (user/bench_peers.c, linked into the host build
 * only: bench_user_peer() is weak here).
 *
 * Thread registration with liburcu belongs to the thread trampoline, not
 * to the structures: every engine thread registers before it runs and
 * unregisters after; so does the caller, around the run. Built over
 * liburcu's qsbr flavor (SHIM_RCU_QSBR: the host's synclab-qsbr), the
 * engine's threads announce quiescent states between chunks and the
 * caller is offline while it waits out the phases.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "bench_user.h"

static volatile sig_atomic_t bench_user_stop;

void bench_user_interrupt(void)
{
	bench_user_stop = 1;
}

const char *bench_user_rcu_flavor(void)
{
	return SHIM_RCU_FLAVOR;
}

/* Defined by user/bench_peers.c in the host build. */
__attribute__((weak)) const struct bench_ops *bench_user_peer(u32 structure,
							       u32 mode);

int bench_user_has_peers(void)
{
	return bench_user_peer != NULL;
}

const struct bench_ops *bench_env_peer(u32 structure, u32 mode)
{
	return bench_user_peer ? bench_user_peer(structure, mode) : NULL;
}

u64 bench_env_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

unsigned int bench_env_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? n : 1;
}

/*
 * The OS preempts pthreads: no voluntary preemption point is needed. In
 * the qsbr build (synclab-qsbr) this is where a thread announces its
 * quiescent state: between chunks, outside every read-side section, as a
 * DPDK lcore reports to rte_rcu_qsbr between bursts.
 */
void bench_env_yield(void)
{
	shim_rcu_quiescent();
}

void bench_env_wait(void)
{
	shim_rcu_quiescent();
	sched_yield();
}

/* A thread that made no progress waits as one at the barrier does. */
void bench_env_stall(void)
{
	bench_env_wait();
}

static int bench_pin(pthread_t th, unsigned int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return pthread_setaffinity_np(th, sizeof(set), &set);
}

static void *bench_pthread(void *arg)
{
	struct bench_thread *t = arg;

	rcu_register_thread();
	bench_thread_main(t);
	rcu_unregister_thread();
	return NULL;
}

int bench_env_spawn(struct bench_thread *t)
{
	pthread_t *th = malloc(sizeof(*th));
	pthread_attr_t attr;
	cpu_set_t set;
	int ret;

	if (!th)
		return -ENOMEM;
	pthread_attr_init(&attr);
	if (!(t->run->w.flags & SYNCLAB_WL_NOPIN)) {
		CPU_ZERO(&set);
		CPU_SET(t->cpu, &set);
		pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
	}
	ret = pthread_create(th, &attr, bench_pthread, t);
	pthread_attr_destroy(&attr);
	if (ret) {
		free(th);
		return -ret;
	}
	t->env = th;
	return 0;
}

void bench_env_join(struct bench_thread *t)
{
	pthread_t *th = t->env;

	pthread_join(*th, NULL);
	free(th);
	t->env = NULL;
}

/* The caller's wait through a run's phases; offline there under qsbr. */
int bench_env_sleep(u64 ns)
{
	u64 end = bench_env_now() + ns;
	int ret = 0;

	shim_rcu_offline();
	for (;;) {
		u64 now = bench_env_now(), step;
		struct timespec ts;

		if (bench_user_stop) {
			ret = -EINTR;
			break;
		}
		if (now >= end)
			break;
		step = min_t(u64, end - now, 10000000);
		ts.tv_sec = step / 1000000000ULL;
		ts.tv_nsec = step % 1000000000ULL;
		nanosleep(&ts, NULL);
	}
	shim_rcu_online();
	return ret;
}

struct bench_rtt_arg {
	struct bench_pingpong *pp;
	int side;
};

static void *bench_rtt_pthread(void *arg)
{
	struct bench_rtt_arg *a = arg;

	bench_pin(pthread_self(), a->side);
	bench_pingpong(a->pp, a->side);
	return NULL;
}

u64 bench_env_rtt(void)
{
	struct bench_rtt_arg a[2];
	struct bench_pingpong *pp;
	pthread_t th[2];
	u64 ns;
	int i;

	if (bench_env_cpus() < 2)
		return 0;
	pp = kzalloc(sizeof(*pp), GFP_KERNEL);
	if (!pp)
		return 0;
	for (i = 0; i < 2; i++) {
		a[i].pp = pp;
		a[i].side = i;
		/* a partner that never came: side 0 gives up within its budget */
		if (pthread_create(&th[i], NULL, bench_rtt_pthread, &a[i]))
			break;
	}
	while (i--)
		pthread_join(th[i], NULL);
	ns = pp->ns;
	kfree(pp);
	return ns;
}

int bench_user_validate(const struct synclab_workload *w)
{
	return bench_validate(w);
}

int bench_user_run(const struct synclab_workload *w, struct synclab_result *res)
{
	int ret;

	bench_user_stop = 0;
	rcu_register_thread();
	ret = bench_run(w, res);
	rcu_unregister_thread();
	return ret;
}
