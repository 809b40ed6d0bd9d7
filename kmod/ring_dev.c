// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/synclab/ring: the ring (ring.c) as the producer-consumer pattern.
 * write() pushes whole 8-byte records and blocks while the ring is full
 * (a record of 0 is refused: -EINVAL, or a short write up to it);
 * read() pops whole records and blocks while it is empty (and returns as
 * soon as it has at least one); poll() reports readiness; ioctls create,
 * reset, shut down and report (kmod/uapi/synclab.h); debugfs
 * synclab/ring/stat shows the same report as text.
 *
 * What protects what, outermost lock first:
 *
 *   dev->sem		rw_semaphore over the ring's shape: held for read by
 *			every data path and report for one batch, never
 *			while waiting; held for write by CREATE, RESET and
 *			SHUTDOWN, which change the ring and dev->shutdown.
 *   dev->prod_mutex	spsc mode only: makes the many writers one producer,
 *			the promise ring.c's spsc mode needs.
 *   dev->cons_mutex	every mode: one reader at a time between peeking at
 *			records and consuming them (below).
 *   the ring's locks	ring.c: a spinlock or a mutex per side, none in spsc.
 *
 * The wait-queue locks are taken only by the wait/wake calls, holding
 * none of the above. The counters of waits and wake-ups are atomics.
 *
 * Nothing touches user memory or sleeps under the ring's spinlock: a write
 * copies from userspace into a bounded kernel bounce buffer first, then
 * pushes it in batches; a read copies the records out of the ring into
 * the bounce buffer under the ring's lock, and to userspace after.
 *
 * No record is lost or duplicated, even on a fault or a signal:
 *  - write: a batch is copied in before it is pushed; only the records
 *    copied in whole are pushed; what was pushed is what the call
 *    returns. Records of a batch that were copied in but not pushed when
 *    a signal or O_NONBLOCK stopped the wait are simply not counted: the
 *    caller writes them again from the returned offset.
 *  - read: peek-copy-commit. Under cons_mutex, the reader copies records
 *    out of the ring without consuming them, copies them to userspace,
 *    and consumes only the ones that reached userspace whole. A fault
 *    therefore consumes nothing it could not deliver; cons_mutex keeps a
 *    second reader from peeking the same records meanwhile. A NULL or
 *    unmapped buffer gives EFAULT with the ring unchanged; a buffer that
 *    ends in a hole gives a short count.
 *  - a signal while waiting: EINTR (or a restart) when nothing moved yet,
 *    else the count moved so far.
 *
 * Waiting: wait_event_interruptible() on not_full / not_empty, whose
 * conditions (ring_full(), ring_empty(), dev->shutdown) are read without
 * locks and are only hints: after each wake-up the caller tries the real
 * operation again and goes back to waiting if another task was first.
 * The wakers publish records (the ring's release store) and then check
 * wq_has_sleeper(), whose smp_mb() pairs with set_current_state() in
 * prepare_to_wait_event() and with the one in poll_wait(): either the
 * waiter sees the records, or the waker sees the waiter.
 *
 * What a batch costs in shared cache lines (struct ring_dev's layout): a
 * writer and a reader both write dev->sem's count, once each per batch,
 * the one line they trade on every batch besides the ring's own (ring.c);
 * each wake-up check is an smp_mb() and a read of the other side's
 * wait-queue head, a line written only by sleepers and their wakers, so
 * while nobody sleeps it stays in both CPUs' caches.
 *
 * Shutdown and rmmod. The fops' owner pins the module while any file is
 * open, so delete_module() of a module with blocked readers or writers
 * fails (EWOULDBLOCK with O_NONBLOCK) and synclab_ring_exit() cannot run
 * under them: there is nothing for exit to wake. Waking blocked tasks with
 * an error is instead an explicit step, SYNCLAB_RING_IOC_SHUTDOWN (CLI:
 * `synclab ring shutdown`): every blocked writer and reader wakes and
 * returns ESHUTDOWN (or its partial count), later writes fail with
 * ESHUTDOWN at once, and reads drain what is left and then fail with
 * ESHUTDOWN instead of blocking, until RESET or CREATE. Records stay in
 * the ring, so nothing is lost. Once the files are closed the module
 * unloads; exit frees the ring and the node with nothing in flight.
 *
 * Contexts: every entry point here is a syscall, process context.
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/rwsem.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "ring.h"
#include "synclab.h"

#define RING_REC_SIZE	sizeof(struct synclab_ring_rec)
/* Records moved per lock acquisition and per bounce buffer: 4 KiB. */
#define RING_DEV_BATCH	512U

/*
 * Laid out by who writes what on every batch, so that a writer and a
 * reader on two CPUs share no line they need not: sem (and shutdown,
 * read beside it) is the one both sides write; each mutex is its side's
 * own; a wait-queue head is written only by the tasks that sleep on it
 * and by their wakers, so while nobody sleeps the other side's
 * wq_has_sleeper() check after each batch reads a line that stays in its
 * cache.
 */
struct ring_dev {
	struct miscdevice misc;
	struct dentry *debugfs;
	atomic64_t producer_waits;	/* bumped before a sleep, not per batch */
	atomic64_t consumer_waits;
	atomic64_t wakeups;
	struct rw_semaphore sem ____cacheline_aligned_in_smp;
	bool shutdown;		/* written under sem for write */
	/* spsc: the one producer */
	struct mutex prod_mutex ____cacheline_aligned_in_smp;
	/* peek-copy-commit of reads */
	struct mutex cons_mutex ____cacheline_aligned_in_smp;
	wait_queue_head_t not_full ____cacheline_aligned_in_smp;
	wait_queue_head_t not_empty ____cacheline_aligned_in_smp;
	struct ring ring;
};

static const char * const ring_mode_names[SYNCLAB_RING_NMODES] =
	SYNCLAB_RING_MODE_NAMES;

static struct ring_dev *ring_dev_of(struct file *file)
{
	return container_of(file->private_data, struct ring_dev, misc);
}

static void ring_dev_wake(struct ring_dev *dev, struct wait_queue_head *wq)
{
	/*
	 * Called after the ring's smp_store_release() of an index.
	 * wq_has_sleeper()'s smp_mb() pairs with set_current_state() in
	 * prepare_to_wait_event() and with the smp_mb() in poll_wait().
	 */
	if (wq_has_sleeper(wq)) {
		atomic64_inc(&dev->wakeups);
		wake_up_interruptible(wq);
	}
}

static bool ring_dev_writable(struct ring_dev *dev)
{
	return !ring_full(&dev->ring) || READ_ONCE(dev->shutdown);
}

static bool ring_dev_readable(struct ring_dev *dev)
{
	return !ring_empty(&dev->ring) || READ_ONCE(dev->shutdown);
}

/*
 * Waits until a retry of the push (@writer) or pop may succeed.
 * Return: 0 to retry, -EAGAIN, -ESHUTDOWN or -ERESTARTSYS.
 */
static int ring_dev_wait(struct ring_dev *dev, struct file *file, bool writer)
{
	if (READ_ONCE(dev->shutdown))
		return -ESHUTDOWN;
	if (file->f_flags & O_NONBLOCK)
		return -EAGAIN;
	if (writer) {
		atomic64_inc(&dev->producer_waits);
		return wait_event_interruptible(dev->not_full,
						ring_dev_writable(dev));
	}
	atomic64_inc(&dev->consumer_waits);
	return wait_event_interruptible(dev->not_empty,
					ring_dev_readable(dev));
}

/*
 * Pushes up to @n records from the bounce buffer.
 * Return: how many (0: full), -ESHUTDOWN or -EINTR.
 */
static int ring_dev_push(struct ring_dev *dev, const u64 *recs, unsigned int n)
{
	unsigned int k;
	int ret;

	ret = down_read_interruptible(&dev->sem);
	if (ret)
		return ret;
	if (dev->shutdown) {
		up_read(&dev->sem);
		return -ESHUTDOWN;
	}
	if (dev->ring.mode == SYNCLAB_RING_SPSC) {
		ret = mutex_lock_interruptible(&dev->prod_mutex);
		if (ret) {
			up_read(&dev->sem);
			return ret;
		}
		k = ring_push_batch(&dev->ring, recs, n);
		mutex_unlock(&dev->prod_mutex);
	} else {
		k = ring_push_batch(&dev->ring, recs, n);
	}
	up_read(&dev->sem);
	if (k)
		ring_dev_wake(dev, &dev->not_empty);
	return k;
}

static ssize_t ring_dev_write(struct file *file, const char __user *buf,
			      size_t len, loff_t *ppos)
{
	struct ring_dev *dev = ring_dev_of(file);
	size_t total = len / RING_REC_SIZE, done = 0;
	ssize_t ret = 0;
	u64 *bounce;

	if (len % RING_REC_SIZE)
		return -EINVAL;
	if (!total)
		return 0;
	bounce = kmalloc_array(min_t(size_t, total, RING_DEV_BATCH),
			       sizeof(*bounce), GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;

	while (done < total) {
		unsigned int want = min_t(size_t, total - done, RING_DEV_BATCH);
		unsigned int got, whole, pushed = 0;
		size_t left;

		left = copy_from_user(bounce, buf + done * RING_REC_SIZE,
				      want * RING_REC_SIZE);
		/* Only records copied in whole are pushed. */
		whole = want - DIV_ROUND_UP(left, RING_REC_SIZE);
		/* Nor a record of 0 (an empty slot to the ring), nor after. */
		got = ring_recs_valid(bounce, whole);
		while (pushed < got) {
			ret = ring_dev_push(dev, bounce + pushed, got - pushed);
			if (ret > 0) {
				pushed += ret;
				done += ret;
				continue;
			}
			if (!ret)
				ret = ring_dev_wait(dev, file, true);
			if (ret)
				goto out;
		}
		if (got < whole) {
			ret = -EINVAL;
			break;
		}
		if (got < want) {
			ret = -EFAULT;
			break;
		}
	}
out:
	kfree(bounce);
	return done ? done * RING_REC_SIZE : ret;
}

/*
 * Delivers up to @n records to @ubuf by peek-copy-commit (see the top of
 * this file). Return: records delivered (0: empty), -EFAULT when none
 * could be, -ESHUTDOWN when empty after SHUTDOWN, -EINTR.
 */
static int ring_dev_pop(struct ring_dev *dev, u64 *bounce, unsigned int n,
			char __user *ubuf)
{
	unsigned int k, ok = 0;
	size_t left;
	int ret;

	ret = down_read_interruptible(&dev->sem);
	if (ret)
		return ret;
	ret = mutex_lock_interruptible(&dev->cons_mutex);
	if (ret)
		goto out_sem;
	k = ring_peek_batch(&dev->ring, bounce, n);
	if (k) {
		left = copy_to_user(ubuf, bounce, k * RING_REC_SIZE);
		ok = k - DIV_ROUND_UP(left, RING_REC_SIZE);
		ring_consume(&dev->ring, ok);
		ret = ok ? ok : -EFAULT;
	} else {
		ret = dev->shutdown ? -ESHUTDOWN : 0;
	}
	mutex_unlock(&dev->cons_mutex);
out_sem:
	up_read(&dev->sem);
	if (ok)
		ring_dev_wake(dev, &dev->not_full);
	return ret;
}

static ssize_t ring_dev_read(struct file *file, char __user *buf, size_t len,
			     loff_t *ppos)
{
	struct ring_dev *dev = ring_dev_of(file);
	size_t total = len / RING_REC_SIZE, done = 0;
	ssize_t ret = 0;
	u64 *bounce;

	if (len % RING_REC_SIZE)
		return -EINVAL;
	if (!total)
		return 0;
	bounce = kmalloc_array(min_t(size_t, total, RING_DEV_BATCH),
			       sizeof(*bounce), GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;

	while (done < total) {
		unsigned int want = min_t(size_t, total - done, RING_DEV_BATCH);
		int k;

		k = ring_dev_pop(dev, bounce, want, buf + done * RING_REC_SIZE);
		if (k > 0) {
			done += k;
			/* Short: the ring ran dry or the buffer ended. */
			if (k < want)
				break;
			continue;
		}
		/* A fault, a signal or shutdown; or empty with records in hand. */
		ret = k;
		if (ret || done)
			break;
		ret = ring_dev_wait(dev, file, false);
		if (ret)
			break;
	}
	kfree(bounce);
	return done ? done * RING_REC_SIZE : ret;
}

static __poll_t ring_dev_poll(struct file *file, poll_table *wait)
{
	struct ring_dev *dev = ring_dev_of(file);
	__poll_t mask = 0;

	/* poll_wait()'s smp_mb() pairs with wq_has_sleeper() in the wakers. */
	poll_wait(file, &dev->not_empty, wait);
	poll_wait(file, &dev->not_full, wait);
	if (!ring_empty(&dev->ring))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(dev->shutdown))
		mask |= EPOLLHUP;
	else if (!ring_full(&dev->ring))
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}

/* Zeroes the device's counters and reopens it. Caller holds sem for write. */
static void __ring_dev_clear(struct ring_dev *dev)
{
	lockdep_assert_held_write(&dev->sem);
	atomic64_set(&dev->producer_waits, 0);
	atomic64_set(&dev->consumer_waits, 0);
	atomic64_set(&dev->wakeups, 0);
	WRITE_ONCE(dev->shutdown, false);
}

static void ring_dev_wake_all(struct ring_dev *dev)
{
	wake_up_interruptible_all(&dev->not_full);
	wake_up_interruptible_all(&dev->not_empty);
}

static long ring_ioc_create(struct ring_dev *dev, void __user *uarg)
{
	struct synclab_ring_config cfg = {};
	int ret;

	ret = synclab_copy_arg(&cfg, sizeof(cfg), uarg, cfg.reserved,
			       sizeof(cfg.reserved));
	if (ret)
		return ret;
	if (!ring_config_valid(cfg.capacity, cfg.mode))
		return -EINVAL;
	ret = down_write_killable(&dev->sem);
	if (ret)
		return ret;
	ret = ring_reconfigure(&dev->ring, cfg.capacity, cfg.mode);
	if (!ret)
		__ring_dev_clear(dev);
	up_write(&dev->sem);
	if (!ret)
		ring_dev_wake_all(dev);
	return ret;
}

static long ring_ioc_reset(struct ring_dev *dev)
{
	int ret;

	ret = down_write_killable(&dev->sem);
	if (ret)
		return ret;
	ring_reset(&dev->ring);
	__ring_dev_clear(dev);
	up_write(&dev->sem);
	ring_dev_wake_all(dev);
	return 0;
}

static long ring_ioc_shutdown(struct ring_dev *dev)
{
	int ret;

	/* Once this returns, no write pushes anything until RESET/CREATE. */
	ret = down_write_killable(&dev->sem);
	if (ret)
		return ret;
	WRITE_ONCE(dev->shutdown, true);
	up_write(&dev->sem);
	ring_dev_wake_all(dev);
	return 0;
}

static int ring_dev_fill_stats(struct ring_dev *dev,
			       struct synclab_ring_stats *st)
{
	int ret;

	ret = down_read_killable(&dev->sem);
	if (ret)
		return ret;
	ring_stats(&dev->ring, st);
	st->producer_waits = atomic64_read(&dev->producer_waits);
	st->consumer_waits = atomic64_read(&dev->consumer_waits);
	st->wakeups = atomic64_read(&dev->wakeups);
	st->flags = dev->shutdown ? SYNCLAB_RING_SHUT : 0;
	up_read(&dev->sem);
	return 0;
}

/* STAT is output only (_IOR): nothing to copy in or validate. */
static long ring_ioc_stat(struct ring_dev *dev, void __user *uarg)
{
	struct synclab_ring_stats st = {};
	int ret;

	ret = ring_dev_fill_stats(dev, &st);
	if (ret)
		return ret;
	if (copy_to_user(uarg, &st, sizeof(st)))
		return -EFAULT;
	return 0;
}

static long ring_dev_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	struct ring_dev *dev = ring_dev_of(file);
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case SYNCLAB_RING_IOC_CREATE:
		return ring_ioc_create(dev, uarg);
	case SYNCLAB_RING_IOC_STAT:
		return ring_ioc_stat(dev, uarg);
	case SYNCLAB_RING_IOC_RESET:
		return ring_ioc_reset(dev);
	case SYNCLAB_RING_IOC_SHUTDOWN:
		return ring_ioc_shutdown(dev);
	default:
		return synclab_common_ioctl(file, cmd, uarg);
	}
}

static const struct file_operations ring_dev_fops = {
	.owner		= THIS_MODULE,
	.read		= ring_dev_read,
	.write		= ring_dev_write,
	.poll		= ring_dev_poll,
	.unlocked_ioctl	= ring_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/* debugfs synclab/ring/stat: the STAT report, one "name value" per line. */
static int ring_stat_show(struct seq_file *m, void *unused)
{
	struct synclab_ring_stats st = {};
	int ret;

	ret = ring_dev_fill_stats(m->private, &st);
	if (ret)
		return ret;
	seq_printf(m, "mode %s\n", ring_mode_names[st.mode]);
	seq_printf(m, "capacity %u\n", st.capacity);
	seq_printf(m, "count %u\n", st.count);
	seq_printf(m, "head %u\n", st.head);
	seq_printf(m, "tail %u\n", st.tail);
	seq_printf(m, "hwm %u\n", st.hwm);
	seq_printf(m, "pushes %llu\n", st.pushes);
	seq_printf(m, "pops %llu\n", st.pops);
	seq_printf(m, "full %llu\n", st.full);
	seq_printf(m, "empty %llu\n", st.empty);
	seq_printf(m, "producer_waits %llu\n", st.producer_waits);
	seq_printf(m, "consumer_waits %llu\n", st.consumer_waits);
	seq_printf(m, "wakeups %llu\n", st.wakeups);
	seq_printf(m, "producer_contended %llu\n", st.producer_contended);
	seq_printf(m, "consumer_contended %llu\n", st.consumer_contended);
	seq_printf(m, "shutdown %u\n", !!(st.flags & SYNCLAB_RING_SHUT));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ring_stat);

/* ---- bring-up and teardown ------------------------------------------ */

static struct ring_dev synclab_ring_dev = {
	.misc = SYNCLAB_MISCDEV(ring, &ring_dev_fops),
};

/*
 * Undoes synclab_ring_init() in reverse, whichever of its steps ran: its
 * error path and module exit both end here. At exit no file is open (each
 * pins the module), so nobody waits or runs here; debugfs_remove() waits
 * for readers of stat. ring_fini() of a ring that ring_init() did not set
 * up frees nothing.
 */
static void ring_dev_free(struct ring_dev *dev)
{
	synclab_dev_unregister(&dev->misc);
	debugfs_remove(dev->debugfs);
	dev->debugfs = NULL;
	ring_fini(&dev->ring);
	mutex_destroy(&dev->cons_mutex);
	mutex_destroy(&dev->prod_mutex);
}

int synclab_ring_init(void)
{
	struct ring_dev *dev = &synclab_ring_dev;
	int ret;

	init_rwsem(&dev->sem);
	mutex_init(&dev->prod_mutex);
	mutex_init(&dev->cons_mutex);
	init_waitqueue_head(&dev->not_full);
	init_waitqueue_head(&dev->not_empty);
	atomic64_set(&dev->producer_waits, 0);
	atomic64_set(&dev->consumer_waits, 0);
	atomic64_set(&dev->wakeups, 0);
	ret = ring_init(&dev->ring, SYNCLAB_RING_DEFAULT_CAPACITY,
			SYNCLAB_RING_SPINLOCK);
	if (ret)
		goto err_free;
	/* debugfs is optional: its calls accept an error-pointer parent. */
	dev->debugfs = debugfs_create_dir("ring", synclab_debugfs);
	debugfs_create_file("stat", 0400, dev->debugfs, dev, &ring_stat_fops);
	ret = synclab_dev_register(&dev->misc);
	if (ret)
		goto err_free;
	return 0;

err_free:
	ring_dev_free(dev);
	return ret;
}

void synclab_ring_exit(void)
{
	ring_dev_free(&synclab_ring_dev);
}
