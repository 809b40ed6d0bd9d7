// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel side of the benchmark engine (kmod/bench.c): kthreads bound
 * to CPUs, ktime, an interruptible sleep for the caller, the kernel's
 * ptr_ring as a peer, and SYNCLAB_IOC_BENCH_RUN on /dev/synclab/ctl.
 *
 * One run at a time: bench_lock (a mutex, only ever trylocked by the
 * ioctl) is held for the whole run; a second caller gets EBUSY. The run
 * blocks its caller, whose signal stops every thread early
 * (SYNCLAB_RESULT_INTERRUPTED, -EINTR). The caller holds /dev/synclab/ctl
 * open meanwhile, so the module cannot be unloaded under running threads.
 * bench_last (settings and outcome of the last run, for debugfs) is
 * written under bench_lock and read under bench_last_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": bench: " fmt

#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/ptr_ring.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#include "bench.h"
#include "synclab.h"

static DEFINE_MUTEX(bench_lock);

static DEFINE_SPINLOCK(bench_last_lock);
struct bench_last {
	bool valid;
	int ret;
	struct synclab_workload w;
	struct synclab_result res;
};

/* The last run, and the last of each structure with stat names. */
static struct bench_last bench_last, bench_last_of[SYNCLAB_BENCH_NSTRUCTS];

/* ---- the environment the engine needs -------------------------------- */

u64 bench_env_now(void)
{
	return ktime_get_ns();
}

unsigned int bench_env_cpus(void)
{
	return num_online_cpus();
}

void bench_env_yield(void)
{
	cond_resched();
}

void bench_env_wait(void)
{
	cond_resched();
	cpu_relax();
}

/*
 * Runnable, so CFS takes us off the CPU only for a thread whose virtual
 * runtime is behind ours: the one that can empty the ring, once it has
 * waited a little.
 */
void bench_env_stall(void)
{
	schedule();
}

static int bench_kthread(void *arg)
{
	bench_thread_main(arg);
	/* kthread_stop() reaps us: wait for it. */
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

int bench_env_spawn(struct bench_thread *t)
{
	struct task_struct *task;

	task = kthread_create(bench_kthread, t, "synclab-bench/%u", t->id);
	if (IS_ERR(task))
		return PTR_ERR(task);
	if (!(t->run->w.flags & SYNCLAB_WL_NOPIN))
		kthread_bind(task, cpumask_nth(t->cpu, cpu_online_mask));
	get_task_struct(task);
	t->env = task;
	wake_up_process(task);
	return 0;
}

void bench_env_join(struct bench_thread *t)
{
	struct task_struct *task = t->env;

	kthread_stop(task);
	put_task_struct(task);
	t->env = NULL;
}

/* Sleep until @ns have passed or a signal asks the caller to stop. */
int bench_env_sleep(u64 ns)
{
	ktime_t end = ktime_add_ns(ktime_get(), ns);

	while (ktime_before(ktime_get(), end)) {
		if (signal_pending(current))
			return -EINTR;
		set_current_state(TASK_INTERRUPTIBLE);
		schedule_hrtimeout_range(&end, 50 * NSEC_PER_USEC,
					 HRTIMER_MODE_ABS);
	}
	return signal_pending(current) ? -EINTR : 0;
}

struct bench_rtt_arg {
	struct bench_pingpong *pp;
	int side;
	struct completion done;
};

static int bench_rtt_thread(void *data)
{
	struct bench_rtt_arg *a = data;

	bench_pingpong(a->pp, a->side);
	complete(&a->done);
	return 0;
}

/* Two kthreads on the first two online CPUs pass a cache line back and forth. */
u64 bench_env_rtt(void)
{
	struct bench_rtt_arg a[2];
	struct bench_pingpong *pp;
	int i, n = 0;
	u64 ns = 0;

	if (num_online_cpus() < 2)
		return 0;
	pp = kzalloc(sizeof(*pp), GFP_KERNEL);
	if (!pp)
		return 0;
	for (i = 0; i < 2; i++) {
		struct task_struct *task;

		a[i].pp = pp;
		a[i].side = i;
		init_completion(&a[i].done);
		task = kthread_create(bench_rtt_thread, &a[i], "synclab-rtt/%d",
				      i);
		if (IS_ERR(task))
			break;
		kthread_bind(task, cpumask_nth(i, cpu_online_mask));
		wake_up_process(task);
		n++;
	}
	/* a partner that never came: side 0 gives up within its budget */
	for (i = 0; i < n; i++)
		wait_for_completion(&a[i].done);
	if (n == 2)
		ns = pp->ns;
	kfree(pp);
	return ns;
}

/* ---- a peer: the kernel's ptr_ring, run like ring's modes ------------------ */

struct bench_ptr_ring {
	struct ptr_ring r;
};

/* A consumer's buffer for ptr_ring_consume_batched() (t->priv). */
struct bench_ptr_ring_thread {
	void *items[SYNCLAB_BENCH_MAX_BATCH];
};

static int bench_ptr_ring_check(const struct synclab_workload *w)
{
	return !w->keys || w->keys > SYNCLAB_RING_MAX_CAPACITY ||
	       w->prefill > w->keys || w->mix ? -EINVAL : 0;
}

static int bench_ptr_ring_setup(struct bench_run *run)
{
	struct bench_ptr_ring *s = kzalloc(sizeof(*s), GFP_KERNEL);
	unsigned int i;
	int ret;

	run->state = s;
	if (!s)
		return -ENOMEM;
	ret = ptr_ring_init(&s->r, run->w.keys, GFP_KERNEL);
	if (ret) {
		kfree(s);
		run->state = NULL;
		return ret;
	}
	for (i = 0; i < run->w.prefill; i++)
		if (ptr_ring_produce(&s->r, (void *)(uintptr_t)(i + 1)))
			return -ENOSPC;
	return 0;
}

static void bench_ptr_ring_teardown(struct bench_run *run)
{
	struct bench_ptr_ring *s = run->state;

	if (!s)
		return;
	ptr_ring_cleanup(&s->r, NULL);
	kfree(s);
}

/* ptr_ring has no batched produce: one lock round per record. */
static unsigned int bench_ptr_ring_produce(struct bench_thread *t,
					   struct ptr_ring *r,
					   unsigned int batch)
{
	unsigned int i;

	for (i = 0; i < batch; i++)
		if (ptr_ring_produce(r, (void *)(uintptr_t)(++t->seq)))
			break;
	return i;
}

static unsigned int bench_ptr_ring_op(struct bench_thread *t, unsigned int n)
{
	struct bench_ptr_ring *s = t->run->state;
	struct bench_ptr_ring_thread *p = t->priv;
	unsigned int k, got, items = 0, batch = t->run->w.batch;

	for (k = 0; k < n; k++) {
		if (t->role == 1)
			got = ptr_ring_consume_batched(&s->r, p->items, batch);
		else
			got = bench_ptr_ring_produce(t, &s->r, batch);
		items += got;
		t->failures += !got;
	}
	return items;
}

static const struct bench_ops bench_ptr_ring_ops = {
	.name		= "ptr_ring",
	.structure	= SYNCLAB_BENCH_RING,
	.nmodes		= SYNCLAB_RING_NMODES,
	.priv_size	= sizeof(struct bench_ptr_ring_thread),
	.check		= bench_ptr_ring_check,
	.setup		= bench_ptr_ring_setup,
	.teardown	= bench_ptr_ring_teardown,
	.op		= bench_ptr_ring_op,
};

const struct bench_ops *bench_env_peer(u32 structure, u32 mode)
{
	if (structure == SYNCLAB_BENCH_RING &&
	    mode == SYNCLAB_BENCH_RING_PTR_RING)
		return &bench_ptr_ring_ops;
	if (structure == SYNCLAB_BENCH_LFSTACK &&
	    mode == SYNCLAB_BENCH_LFSTACK_LLIST)
		return &bench_llist_ops;
	if (structure == SYNCLAB_BENCH_KVMAP &&
	    mode == SYNCLAB_BENCH_KVMAP_RHASHTABLE)
		return &bench_rhashtable_ops;
	return NULL;
}

/* ---- the ioctl and debugfs ------------------------------------------------ */

static void bench_last_save(const struct synclab_workload *w,
			    const struct synclab_result *res, int ret)
{
	struct bench_last rec = { .valid = true, .ret = ret, .w = *w,
				  .res = *res };
	const struct bench_ops *ops = bench_struct_ops(w->structure);

	spin_lock(&bench_last_lock);
	bench_last = rec;
	if (ops && ops->nstats)
		bench_last_of[w->structure] = rec;
	spin_unlock(&bench_last_lock);
}

/**
 * synclab_ioc_bench_run() - SYNCLAB_IOC_BENCH_RUN: run a workload
 * @uarg:	struct synclab_bench: the workload in, the result out
 *
 * Return: 0; -EINTR with a partial result; -EBUSY while another run goes;
 * -EINVAL, -EOPNOTSUPP, -EFAULT, -ENOMEM.
 */
long synclab_ioc_bench_run(void __user *uarg)
{
	struct synclab_bench __user *ub = uarg;
	struct synclab_workload w = {};
	struct synclab_result *res;
	int ret;

	ret = synclab_copy_arg(&w, sizeof(w), &ub->workload, w.reserved,
			       sizeof(w.reserved));
	if (ret)
		return ret;
	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		return -ENOMEM;
	if (!mutex_trylock(&bench_lock)) {
		kfree(res);
		return -EBUSY;
	}
	ret = bench_run(&w, res);
	res->debug = synclab_debug_flags();
	bench_last_save(&w, res, ret);
	mutex_unlock(&bench_lock);

	if ((!ret || ret == -EINTR) &&
	    copy_to_user(&ub->result, res, sizeof(*res)))
		ret = -EFAULT;
	kfree(res);
	return ret;
}

static void bench_last_print(struct seq_file *m, const struct bench_last *l)
{
	const struct synclab_workload *w = &l->w;
	const struct synclab_result *r = &l->res;
	const struct bench_ops *ops = bench_struct_ops(w->structure);
	unsigned int i;

	seq_printf(m, "status %d\n", l->ret);
	seq_printf(m, "structure %u\nmode %u\nops %s\n", w->structure, w->mode,
		   bench_ops_name(w));
	seq_printf(m, "threads %u %u\nmix %u\nkeys %u\n", w->threads[0],
		   w->threads[1], w->mix, w->keys);
	seq_printf(m, "hot %u\nhot_keys %u\nbatch %u\nprefill %u\n", w->hot,
		   w->hot_keys, w->batch, w->prefill);
	seq_printf(m, "cs_ns %llu\nthink_ns %llu %llu\nseed %llu\n", w->cs_ns,
		   w->think_ns[0], w->think_ns[1], w->seed);
	seq_printf(m, "warmup_ns %llu\nduration_ns %llu\nops_per_thread %llu\n",
		   w->warmup_ns, w->duration_ns, w->ops_per_thread);
	seq_printf(m, "param %u %u %u %u\n", w->param[0], w->param[1],
		   w->param[2], w->param[3]);
	seq_printf(m, "sample_shift %u\nflags %#x\n", w->sample_shift,
		   w->flags);
	seq_printf(m, "elapsed_ns %llu\nops %llu %llu\n", r->elapsed_ns,
		   r->ops[0], r->ops[1]);
	seq_printf(m, "result_flags %#x\nthreads_run %u\ncpus %u\n", r->flags,
		   r->threads_run, r->cpus);
	for (i = 0; ops && i < ops->nstats; i++)
		seq_printf(m, "%s %llu\n", ops->stat_names[i], r->stats[i]);
}

/* Shows bench_last, or bench_last_of[structure] with m->private set. */
static int bench_last_show(struct seq_file *m, void *unused)
{
	struct bench_last *l = m->private, rec;

	spin_lock(&bench_last_lock);
	rec = l ? *l : bench_last;
	spin_unlock(&bench_last_lock);
	if (!rec.valid) {
		seq_puts(m, "no run yet\n");
		return 0;
	}
	bench_last_print(m, &rec);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(bench_last);

static struct dentry *bench_dir, *bench_dirs[SYNCLAB_BENCH_NSTRUCTS];

/**
 * bench_debugfs_dir() - /sys/kernel/debug/synclab/<name>/ of a structure
 * @structure:	SYNCLAB_BENCH_*
 *
 * The engine makes it for each structure with stat names (it holds
 * "last", that structure's last kernel run); the structure's device puts
 * its own files there rather than making the directory again. Removed
 * with the module's debugfs, after every device part has gone.
 *
 * Return: the directory; NULL for a structure without one (or an error
 * pointer when debugfs failed: debugfs calls take either).
 */
struct dentry *bench_debugfs_dir(u32 structure)
{
	return structure < SYNCLAB_BENCH_NSTRUCTS ? bench_dirs[structure] :
						    NULL;
}

int synclab_bench_init(void)
{
	const struct bench_ops *ops;
	u32 st;

	bench_dir = debugfs_create_dir("bench", synclab_debugfs);
	debugfs_create_file("last", 0400, bench_dir, NULL, &bench_last_fops);
	for (st = 0; (ops = bench_struct_ops(st)); st++) {
		if (!ops->nstats)
			continue;
		bench_dirs[st] = debugfs_create_dir(ops->name, synclab_debugfs);
		debugfs_create_file("last", 0400, bench_dirs[st],
				    &bench_last_of[st], &bench_last_fops);
	}
	return 0;
}

void synclab_bench_exit(void)
{
	u32 st;

	for (st = 0; st < SYNCLAB_BENCH_NSTRUCTS; st++) {
		debugfs_remove(bench_dirs[st]);
		bench_dirs[st] = NULL;
	}
	debugfs_remove(bench_dir);
	bench_dir = NULL;
}
