/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace stand-ins for the kernel facilities synclab's structures
 * use, so that kmod/<structure>.c compiles unchanged on the host:
 *
 *   spinlock_t   -> pthread_spinlock_t     rwlock_t -> pthread_rwlock_t
 *   struct mutex -> pthread_mutex_t        RCU      -> liburcu (memb; qsbr
 *   kmalloc      -> malloc                              with SHIM_RCU_QSBR)
 *   struct percpu_rw_semaphore -> one pthread_rwlock_t per reader slot
 *   ndelay       -> a spin on CLOCK_MONOTONIC
 *   lockdep      -> holder tracking and assert() when SHIM_DEBUG is set,
 *                   nothing otherwise
 *
 * The files under shim/linux/ only include this one; none of them shadows a
 * header that exists in /usr/include/linux (types.h, kernel.h, errno.h,
 * string.h, wait.h, sched.h... come from the system, unchanged).
 */
#ifndef SYNCLAB_SHIM_H
#define SYNCLAB_SHIM_H

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/types.h>

/* ---- types ---------------------------------------------------------- */
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;
typedef unsigned int gfp_t;

/* ---- limits and overflow checks (<linux/limits.h>, <linux/overflow.h>) */
#ifndef S64_MAX
#define U8_MAX			((u8)~0U)
#define U16_MAX			((u16)~0U)
#define U32_MAX			((u32)~0U)
#define U64_MAX			((u64)~0ULL)
#define S32_MAX			((s32)(U32_MAX >> 1))
#define S32_MIN			(-S32_MAX - 1)
#define S64_MAX			((s64)(U64_MAX >> 1))
#define S64_MIN			(-S64_MAX - 1)
#endif
#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_sub_overflow(a, b, d)	__builtin_sub_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

static inline size_t size_mul(size_t a, size_t b)
{
	size_t r;

	return __builtin_mul_overflow(a, b, &r) ? SIZE_MAX : r;
}

static inline size_t size_add(size_t a, size_t b)
{
	size_t r;

	return __builtin_add_overflow(a, b, &r) ? SIZE_MAX : r;
}

#define array_size(n, s)	size_mul(n, s)
#define struct_size(p, member, n) \
	size_add(sizeof(*(p)), size_mul(sizeof(*(p)->member), n))

/* ---- compiler ------------------------------------------------------- */
#define __rcu
#define __user
#define __force
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)
#define __cond_acquires(x)
#define __acquire(x)		((void)0)
#define __release(x)		((void)0)
#ifndef __always_inline
#define __always_inline		inline __attribute__((always_inline))
#endif
#define noinline		__attribute__((noinline))
#define __maybe_unused		__attribute__((unused))
#define __always_unused		__attribute__((unused))
#define __aligned(x)		__attribute__((aligned(x)))
#ifndef likely
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#endif
#define barrier()		__asm__ __volatile__("" ::: "memory")
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))
/*
 * data_race(): an access that races on purpose. Under TSan (the host's
 * -fsanitize=thread builds) its accesses are hidden from the detector,
 * as KCSAN ignores them in the kernel; elsewhere it is the expression.
 */
#ifdef __SANITIZE_THREAD__
void AnnotateIgnoreReadsBegin(const char *file, int line);
void AnnotateIgnoreReadsEnd(const char *file, int line);
void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);
#define data_race(expr)		({ \
	AnnotateIgnoreReadsBegin(__FILE__, __LINE__); \
	AnnotateIgnoreWritesBegin(__FILE__, __LINE__); \
	__typeof__(expr) __dr_v = (expr); \
	AnnotateIgnoreWritesEnd(__FILE__, __LINE__); \
	AnnotateIgnoreReadsEnd(__FILE__, __LINE__); \
	__dr_v; })
#else
#define data_race(expr)		(expr)
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif
#define ALIGN(x, a)		(((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define BUILD_BUG_ON(c)		_Static_assert(!(c), #c)
#define fallthrough		__attribute__((fallthrough))

#define SMP_CACHE_BYTES		64
#define L1_CACHE_BYTES		64
#define ____cacheline_aligned_in_smp	__aligned(SMP_CACHE_BYTES)
#define ____cacheline_aligned		__aligned(SMP_CACHE_BYTES)

/* ---- barriers: C11 fences (x86 needs only the compiler ones) ------- */
#define smp_mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)
#define cpu_relax()		__builtin_ia32_pause()
#define prefetch(x)		__builtin_prefetch(x)

/* ---- assertions ----------------------------------------------------- */
/*
 * A WARN marks the impossible; in a SHIM_DEBUG build (the host tests) it
 * aborts, so a test sees it as a failure.
 */
#ifdef SHIM_DEBUG
#define SHIM_WARN_FATAL		1
#else
#define SHIM_WARN_FATAL		0
#endif
#define WARN_ON(c)		({ bool __w = !!(c); \
	if (__w) { \
		fprintf(stderr, "WARN_ON(%s) at %s:%d\n", #c, __FILE__, \
			__LINE__); \
		if (SHIM_WARN_FATAL) \
			abort(); \
	} \
	__w; })
#define WARN_ON_ONCE(c)		WARN_ON(c)
#define BUG_ON(c)		assert(!(c))
#define BUG()			abort()

/* ---- atomics -------------------------------------------------------- */
typedef struct { long counter; } atomic_long_t;
typedef struct { int counter; } atomic_t;
#define atomic_long_read(v)	__atomic_load_n(&(v)->counter, __ATOMIC_RELAXED)
#define atomic_long_set(v, i)	__atomic_store_n(&(v)->counter, (i), __ATOMIC_RELAXED)
#define atomic_long_inc(v)	((void)__atomic_add_fetch(&(v)->counter, 1, __ATOMIC_RELAXED))
#define atomic_long_dec(v)	((void)__atomic_sub_fetch(&(v)->counter, 1, __ATOMIC_RELAXED))
#define atomic_long_add(i, v)	((void)__atomic_add_fetch(&(v)->counter, (i), __ATOMIC_RELAXED))
#define atomic_read(v)		__atomic_load_n(&(v)->counter, __ATOMIC_RELAXED)
#define atomic_read_acquire(v)	__atomic_load_n(&(v)->counter, __ATOMIC_ACQUIRE)
#define atomic_set(v, i)	__atomic_store_n(&(v)->counter, (i), __ATOMIC_RELAXED)
#define atomic_inc(v)		((void)__atomic_add_fetch(&(v)->counter, 1, __ATOMIC_RELAXED))
#define atomic_dec(v)		((void)__atomic_sub_fetch(&(v)->counter, 1, __ATOMIC_RELAXED))
#define atomic_inc_return(v)	__atomic_add_fetch(&(v)->counter, 1, __ATOMIC_SEQ_CST)
#define atomic_dec_return(v)	__atomic_sub_fetch(&(v)->counter, 1, __ATOMIC_SEQ_CST)

/* ---- min/max -------------------------------------------------------- */
/* Each argument is evaluated once, as in the kernel. */
#define min(a, b)		({ __typeof__(a) __min_a = (a); \
	__typeof__(b) __min_b = (b); __min_a < __min_b ? __min_a : __min_b; })
#define max(a, b)		({ __typeof__(a) __max_a = (a); \
	__typeof__(b) __max_b = (b); __max_a > __max_b ? __max_a : __max_b; })
#define min_t(t, a, b)		min((t)(a), (t)(b))
#define max_t(t, a, b)		max((t)(a), (t)(b))
#define clamp(v, lo, hi)	min(max(v, lo), hi)

/* ---- bits and powers of two ----------------------------------------- */
#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
#define hweight32(x)		((unsigned int)__builtin_popcount(x))
#define hweight64(x)		((unsigned int)__builtin_popcountll(x))
#define BITS_PER_LONG		(8 * (int)sizeof(long))
/* the lowest set bit's index; undefined for 0, as in the kernel */
#define __ffs(x)		((unsigned long)__builtin_ctzl(x))
static inline bool is_power_of_2(unsigned long n)
{
	return n && !(n & (n - 1));
}

static inline int ilog2(unsigned long n)
{
	return n ? (int)(sizeof(long) * 8 - 1 - __builtin_clzl(n)) : -1;
}

static inline unsigned long roundup_pow_of_two(unsigned long n)
{
	return n <= 1 ? 1 : 1UL << (ilog2(n - 1) + 1);
}

/* ---- memory --------------------------------------------------------- */
#define GFP_KERNEL		0x1u
#define GFP_ATOMIC		0x2u
#define GFP_NOWAIT		0x4u
#define __GFP_NOWARN		0x100u
#define __GFP_ZERO		0x200u
#define __GFP_NORETRY		0x400u

/*
 * Like the kernel's kmalloc caches, objects of a cache line or more start
 * on a cache line: structs with ____cacheline_aligned_in_smp members need
 * it (UBSan checks the alignment of every access).
 */
static inline void *kmalloc(size_t size, gfp_t gfp)
{
	void *p;

	if (size < SMP_CACHE_BYTES)
		return (gfp & __GFP_ZERO) ? calloc(1, size) : malloc(size);
	if (posix_memalign(&p, SMP_CACHE_BYTES, size))
		return NULL;
	if (gfp & __GFP_ZERO)
		memset(p, 0, size);
	return p;
}

#define kzalloc(s, gfp)		kmalloc(s, (gfp) | __GFP_ZERO)
#define kvmalloc(s, gfp)	kmalloc(s, gfp)
#define kvzalloc(s, gfp)	kzalloc(s, gfp)
#define kfree(p)		free((void *)(p))
#define kvfree(p)		free((void *)(p))
#define vfree(p)		free((void *)(p))

/* vmalloc() memory is page-aligned; so is this. */
static inline void *vmalloc(size_t size)
{
	void *p;

	if (posix_memalign(&p, 4096, size ? size : 1))
		return NULL;
	return p;
}

static inline void *__vmalloc(size_t size, gfp_t gfp)
{
	void *p = vmalloc(size);

	if (p && (gfp & __GFP_ZERO))
		memset(p, 0, size);
	return p;
}

static inline void *vzalloc(size_t size)
{
	void *p = vmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

static inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kmalloc(n * size, gfp);
}

#define kcalloc(n, s, gfp)	kmalloc_array(n, s, (gfp) | __GFP_ZERO)
#define kvcalloc(n, s, gfp)	kcalloc(n, s, gfp)
#define kvmalloc_array(n, s, gfp) kmalloc_array(n, s, gfp)

/* A slab cache is just its object size; objects come from the heap. */
struct kmem_cache {
	size_t size;
};

#define SLAB_HWCACHE_ALIGN	0x2000u

static inline struct kmem_cache *kmem_cache_create(const char *name,
						   unsigned int size,
						   unsigned int align,
						   unsigned int flags,
						   void (*ctor)(void *))
{
	struct kmem_cache *c = malloc(sizeof(*c));

	(void)name;
	(void)align;
	(void)flags;
	(void)ctor;
	if (c)
		c->size = size;
	return c;
}

#define kmem_cache_destroy(c)		free(c)
#define kmem_cache_alloc(c, gfp)	kmalloc((c)->size, gfp)
#define kmem_cache_zalloc(c, gfp)	kzalloc((c)->size, gfp)
#define kmem_cache_free(c, p)		((void)(c), free(p))

/* ---- lock holder tracking (lockdep stand-in) ------------------------ */
/*
 * With SHIM_DEBUG, every lock records its exclusive holder and its reader
 * count, so lockdep_assert_held() and lockdep_is_held() check something
 * real. Without it they compile to nothing, as on a production kernel.
 */
struct lock_class_key { int unused; };

struct shim_held {
#ifdef SHIM_DEBUG
	pthread_t owner;
	int owned;	/* atomic */
	int readers;	/* atomic */
#endif
};

#ifdef SHIM_DEBUG
static inline void shim_held_set(struct shim_held *h)
{
	h->owner = pthread_self();
	__atomic_store_n(&h->owned, 1, __ATOMIC_RELAXED);
}

static inline void shim_held_clear(struct shim_held *h)
{
	__atomic_store_n(&h->owned, 0, __ATOMIC_RELAXED);
}

static inline void shim_held_read(struct shim_held *h, int delta)
{
	__atomic_add_fetch(&h->readers, delta, __ATOMIC_RELAXED);
}

static inline bool shim_held_check_write(struct shim_held *h)
{
	return __atomic_load_n(&h->owned, __ATOMIC_RELAXED) &&
	       pthread_equal(h->owner, pthread_self());
}

static inline bool shim_held_check(struct shim_held *h)
{
	return shim_held_check_write(h) ||
	       __atomic_load_n(&h->readers, __ATOMIC_RELAXED) > 0;
}
#else
#define shim_held_set(h)	((void)(h))
#define shim_held_clear(h)	((void)(h))
#define shim_held_read(h, d)	((void)(h))
#define shim_held_check(h)	((void)(h), true)
#define shim_held_check_write(h) ((void)(h), true)
#endif

#define SINGLE_DEPTH_NESTING		1
#define lockdep_is_held(l)		shim_held_check(&(l)->held)
#define lockdep_assert(c)		assert(c)
#define lockdep_assert_held(l)		assert(lockdep_is_held(l))
#define lockdep_assert_held_write(l)	assert(shim_held_check_write(&(l)->held))
#define lockdep_assert_not_held(l)	((void)(l))
#define lockdep_set_class(l, key)	((void)(l), (void)(key))
#define lockdep_set_class_and_subclass(l, key, sub) \
	((void)(l), (void)(key), (void)(sub))
#define lockdep_register_key(key)	((void)(key))
#define lockdep_unregister_key(key)	((void)(key))
#define might_sleep()			do { } while (0)
#define cond_resched()			do { } while (0)

/* ---- spinlock_t, rwlock_t ------------------------------------------- */
typedef struct {
	pthread_spinlock_t lock;
	struct shim_held held;
} spinlock_t;

static inline void spin_lock_init(spinlock_t *l)
{
	memset(l, 0, sizeof(*l));
	pthread_spin_init(&l->lock, PTHREAD_PROCESS_PRIVATE);
}

static inline void spin_lock(spinlock_t *l)
{
	pthread_spin_lock(&l->lock);
	shim_held_set(&l->held);
}

static inline bool spin_trylock(spinlock_t *l)
{
	if (pthread_spin_trylock(&l->lock))
		return false;
	shim_held_set(&l->held);
	return true;
}

static inline void spin_unlock(spinlock_t *l)
{
	shim_held_clear(&l->held);
	pthread_spin_unlock(&l->lock);
}

/* Userspace has no interrupts: the _bh/_irq variants are the plain ones. */
#define spin_lock_nested(l, sub)	spin_lock(l)
#define spin_lock_bh(l)			spin_lock(l)
#define spin_unlock_bh(l)		spin_unlock(l)
#define spin_lock_irq(l)		spin_lock(l)
#define spin_unlock_irq(l)		spin_unlock(l)
#define spin_lock_irqsave(l, f)		do { (f) = 0; spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, f)	do { (void)(f); spin_unlock(l); } while (0)
#define spin_lock_destroy(l)		pthread_spin_destroy(&(l)->lock)
#define spin_is_locked(l)		shim_held_check(&(l)->held)

typedef struct {
	pthread_rwlock_t lock;
	struct shim_held held;
} rwlock_t;

/*
 * The kernel's queued rwlock makes new readers wait behind a waiting
 * writer; glibc's default prefers readers and lets them starve writers.
 * Ask glibc for the kernel's behaviour.
 */
static inline void rwlock_init(rwlock_t *l)
{
	pthread_rwlockattr_t attr;

	memset(l, 0, sizeof(*l));
	pthread_rwlockattr_init(&attr);
	pthread_rwlockattr_setkind_np(&attr,
		PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&l->lock, &attr);
	pthread_rwlockattr_destroy(&attr);
}

static inline void read_lock(rwlock_t *l)
{
	pthread_rwlock_rdlock(&l->lock);
	shim_held_read(&l->held, 1);
}

static inline void read_unlock(rwlock_t *l)
{
	shim_held_read(&l->held, -1);
	pthread_rwlock_unlock(&l->lock);
}

static inline void write_lock(rwlock_t *l)
{
	pthread_rwlock_wrlock(&l->lock);
	shim_held_set(&l->held);
}

static inline void write_unlock(rwlock_t *l)
{
	shim_held_clear(&l->held);
	pthread_rwlock_unlock(&l->lock);
}

#define read_lock_bh(l)		read_lock(l)
#define read_unlock_bh(l)	read_unlock(l)
#define write_lock_bh(l)	write_lock(l)
#define write_unlock_bh(l)	write_unlock(l)
#define rwlock_destroy(l)	pthread_rwlock_destroy(&(l)->lock)

/* ---- struct mutex --------------------------------------------------- */
/*
 * Like the kernel's, a mutex knows its owner (here for the watchdog's
 * report, below). The killable and interruptible variants fail with -EINTR
 * where the kernel's would see a fatal signal: here, when the timed-lock
 * watchdog tells them to give up.
 */
struct mutex {
	pthread_mutex_t lock;
	struct shim_held held;
	pthread_t owner;	/* atomic; meaningful while owned */
	int owned;		/* atomic */
};

/*
 * The timed-lock watchdog. A front end that sets shim_lock_watch (before it
 * starts its threads) makes every mutex_lock*() wait in slices of
 * ->slice_ns with pthread_mutex_timedlock(); after each slice that ends
 * without the lock, the waiter calls ->waiting(m, waited_ns), and a false
 * answer makes a killable lock give up with -EINTR (mutex_lock() cannot
 * fail: it keeps waiting). ->done(m) follows every wait that ->waiting()
 * saw, however it ended. A deadlock then ends in a report, not a hang.
 */
struct shim_lock_watch {
	long long slice_ns;
	bool (*waiting)(struct mutex *m, long long waited_ns);
	void (*done)(struct mutex *m);
};

/* One pointer for the whole program: every object's weak copy merges. */
__attribute__((weak)) struct shim_lock_watch *shim_lock_watch;

static inline void mutex_init(struct mutex *m)
{
	memset(m, 0, sizeof(*m));
	pthread_mutex_init(&m->lock, NULL);
}

#define __mutex_init(m, name, key)	((void)(name), (void)(key), mutex_init(m))

static inline void shim_mutex_acquired(struct mutex *m)
{
	__atomic_store_n(&m->owner, pthread_self(), __ATOMIC_RELAXED);
	__atomic_store_n(&m->owned, 1, __ATOMIC_RELEASE);
	shim_held_set(&m->held);
}

/* The owner of @m, when it has one; racy by nature, for reports only. */
static inline bool shim_mutex_owner(struct mutex *m, pthread_t *owner)
{
	if (!__atomic_load_n(&m->owned, __ATOMIC_ACQUIRE))
		return false;
	*owner = __atomic_load_n(&m->owner, __ATOMIC_RELAXED);
	return true;
}

/* Waits for @m under the watchdog @w; 0 or -EINTR (killable waits only). */
static inline int shim_mutex_watched(struct mutex *m,
				     struct shim_lock_watch *w, bool killable)
{
	long long waited = 0;
	struct timespec ts;
	int ret = 0;

	for (;;) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += w->slice_ns % 1000000000LL;
		ts.tv_sec += w->slice_ns / 1000000000LL + ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		if (!pthread_mutex_timedlock(&m->lock, &ts))
			break;
		waited += w->slice_ns;
		if (!w->waiting(m, waited) && killable) {
			ret = -EINTR;
			break;
		}
	}
	if (waited && w->done)
		w->done(m);
	return ret;
}

static inline int shim_mutex_lock(struct mutex *m, bool killable)
{
	struct shim_lock_watch *w;

	w = __atomic_load_n(&shim_lock_watch, __ATOMIC_ACQUIRE);
	if (!w)
		pthread_mutex_lock(&m->lock);
	else if (shim_mutex_watched(m, w, killable))
		return -EINTR;
	shim_mutex_acquired(m);
	return 0;
}

static inline void mutex_lock(struct mutex *m)
{
	shim_mutex_lock(m, false);
}

static inline bool mutex_trylock(struct mutex *m)
{
	if (pthread_mutex_trylock(&m->lock))
		return false;
	shim_mutex_acquired(m);
	return true;
}

static inline void mutex_unlock(struct mutex *m)
{
	shim_held_clear(&m->held);
	__atomic_store_n(&m->owned, 0, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&m->lock);
}

static inline int mutex_lock_killable(struct mutex *m)
{
	return shim_mutex_lock(m, true);
}

#define mutex_lock_interruptible(m)		mutex_lock_killable(m)
#define mutex_lock_nested(m, sub)		mutex_lock(m)
#define mutex_lock_killable_nested(m, sub)	mutex_lock_killable(m)
#define mutex_destroy(m)			pthread_mutex_destroy(&(m)->lock)

/* ---- struct percpu_rw_semaphore ------------------------------------- */
/*
 * Readers take one of SHIM_PCPU_SLOTS reader-writer locks, picked by a hash
 * of the thread, so readers on different CPUs share no cache line (the
 * kernel uses per-CPU counters); a writer takes every slot, in order. As
 * in the kernel, a waiting writer holds back new readers.
 */
#define SHIM_PCPU_SLOTS		16

struct shim_pcpu_slot {
	pthread_rwlock_t lock;
} __aligned(SMP_CACHE_BYTES);

struct percpu_rw_semaphore {
	struct shim_pcpu_slot slot[SHIM_PCPU_SLOTS];
	struct shim_held held;
};

static inline unsigned int shim_pcpu_slot(void)
{
	uint64_t h = (uint64_t)(uintptr_t)pthread_self() * 0x9e3779b97f4a7c15ULL;

	return (unsigned int)(h >> 60) % SHIM_PCPU_SLOTS;
}

static inline int __percpu_init_rwsem(struct percpu_rw_semaphore *s,
				      const char *name,
				      struct lock_class_key *key)
{
	pthread_rwlockattr_t attr;
	int i;

	(void)name;
	(void)key;
	memset(s, 0, sizeof(*s));
	pthread_rwlockattr_init(&attr);
	pthread_rwlockattr_setkind_np(&attr,
		PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	for (i = 0; i < SHIM_PCPU_SLOTS; i++)
		pthread_rwlock_init(&s->slot[i].lock, &attr);
	pthread_rwlockattr_destroy(&attr);
	return 0;
}

#define percpu_init_rwsem(s)	__percpu_init_rwsem(s, #s, NULL)

static inline void percpu_free_rwsem(struct percpu_rw_semaphore *s)
{
	int i;

	for (i = 0; i < SHIM_PCPU_SLOTS; i++)
		pthread_rwlock_destroy(&s->slot[i].lock);
}

static inline void percpu_down_read(struct percpu_rw_semaphore *s)
{
	pthread_rwlock_rdlock(&s->slot[shim_pcpu_slot()].lock);
	shim_held_read(&s->held, 1);
}

static inline void percpu_up_read(struct percpu_rw_semaphore *s)
{
	shim_held_read(&s->held, -1);
	pthread_rwlock_unlock(&s->slot[shim_pcpu_slot()].lock);
}

static inline void percpu_down_write(struct percpu_rw_semaphore *s)
{
	int i;

	for (i = 0; i < SHIM_PCPU_SLOTS; i++)
		pthread_rwlock_wrlock(&s->slot[i].lock);
	shim_held_set(&s->held);
}

static inline void percpu_up_write(struct percpu_rw_semaphore *s)
{
	int i;

	shim_held_clear(&s->held);
	for (i = SHIM_PCPU_SLOTS - 1; i >= 0; i--)
		pthread_rwlock_unlock(&s->slot[i].lock);
}

#define percpu_rwsem_assert_held(s)	lockdep_assert_held(s)

/* ---- struct percpu_counter ------------------------------------------ */
/*
 * The kernel's percpu_counter, with a thread's own slot where the kernel
 * has a CPU's: a thread takes a free slot of SHIM_NR_CPUS at its first
 * add and gives it back when it exits, so a slot has one writer at a time
 * and its adds are a plain load and store (relaxed atomics, so that TSan
 * sees them), as this_cpu_add() is. As in the kernel, an add that brings
 * the slot to +-batch folds it into ->count under ->lock;
 * percpu_counter_read() is ->count alone (off by less than batch per
 * slot), percpu_counter_sum() adds the slots under ->lock. A thread that
 * finds every slot taken adds to ->count under ->lock.
 */
#define SHIM_NR_CPUS		64

struct shim_pcpu_count {
	s64 v;		/* relaxed atomics; written by the slot's owner */
} __aligned(SMP_CACHE_BYTES);

struct percpu_counter {
	spinlock_t lock;
	s64 count;	/* relaxed atomics; written under ->lock */
	struct shim_pcpu_count *counters;
};

/* Which threads own which slots, process-wide; a slot is a "CPU". */
__attribute__((weak)) int shim_cpu_used[SHIM_NR_CPUS];
__attribute__((weak)) int shim_cpu_hi;	/* slots ever taken: 0..hi-1 */
__attribute__((weak)) pthread_key_t shim_cpu_key;
__attribute__((weak)) pthread_once_t shim_cpu_once = PTHREAD_ONCE_INIT;
__attribute__((weak)) __thread int shim_cpu_slot;	/* slot + 1; 0: none */

/* A thread's exit gives its slot back (release: pairs with the CAS). */
static inline void shim_cpu_put(void *slot)
{
	__atomic_store_n(&shim_cpu_used[(uintptr_t)slot - 1], 0,
			 __ATOMIC_RELEASE);
}

static inline void shim_cpu_key_init(void)
{
	pthread_key_create(&shim_cpu_key, shim_cpu_put);
}

/* A sum walks the slots below hi, as the kernel's the online CPUs. */
static inline void shim_cpu_raise_hi(int hi)
{
	int cur = __atomic_load_n(&shim_cpu_hi, __ATOMIC_RELAXED);

	while (cur < hi &&
	       !__atomic_compare_exchange_n(&shim_cpu_hi, &cur, hi, false,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

/* The caller's slot, taken on first use; -1 when all are taken. */
static inline int shim_cpu_id(void)
{
	int i, zero;

	if (shim_cpu_slot)
		return shim_cpu_slot - 1;
	pthread_once(&shim_cpu_once, shim_cpu_key_init);
	for (i = 0; i < SHIM_NR_CPUS; i++) {
		zero = 0;
		if (__atomic_compare_exchange_n(&shim_cpu_used[i], &zero, 1,
						false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED)) {
			shim_cpu_slot = i + 1;
			shim_cpu_raise_hi(i + 1);
			pthread_setspecific(shim_cpu_key,
					    (void *)(uintptr_t)shim_cpu_slot);
			return i;
		}
	}
	return -1;
}

static inline int percpu_counter_init(struct percpu_counter *fbc, s64 value,
				      gfp_t gfp)
{
	spin_lock_init(&fbc->lock);
	fbc->count = value;
	fbc->counters = kcalloc(SHIM_NR_CPUS, sizeof(*fbc->counters), gfp);
	return fbc->counters ? 0 : -ENOMEM;
}

static inline void percpu_counter_destroy(struct percpu_counter *fbc)
{
	kfree(fbc->counters);
	fbc->counters = NULL;
	spin_lock_destroy(&fbc->lock);
}

static inline void percpu_counter_add_batch(struct percpu_counter *fbc,
					    s64 amount, s32 batch)
{
	int cpu = shim_cpu_id();
	s64 *slot, v;

	if (cpu < 0) {
		spin_lock(&fbc->lock);
		__atomic_store_n(&fbc->count, fbc->count + amount,
				 __ATOMIC_RELAXED);
		spin_unlock(&fbc->lock);
		return;
	}
	slot = &fbc->counters[cpu].v;
	v = __atomic_load_n(slot, __ATOMIC_RELAXED) + amount;
	if (v >= batch || v <= -batch) {
		spin_lock(&fbc->lock);
		__atomic_store_n(&fbc->count, fbc->count + v, __ATOMIC_RELAXED);
		__atomic_store_n(slot, 0, __ATOMIC_RELAXED);
		spin_unlock(&fbc->lock);
		return;
	}
	__atomic_store_n(slot, v, __ATOMIC_RELAXED);
}

static inline s64 percpu_counter_read(struct percpu_counter *fbc)
{
	return __atomic_load_n(&fbc->count, __ATOMIC_RELAXED);
}

static inline s64 percpu_counter_sum(struct percpu_counter *fbc)
{
	int i, hi = __atomic_load_n(&shim_cpu_hi, __ATOMIC_RELAXED);
	s64 sum;

	spin_lock(&fbc->lock);
	sum = fbc->count;
	for (i = 0; i < hi; i++)
		sum += __atomic_load_n(&fbc->counters[i].v, __ATOMIC_RELAXED);
	spin_unlock(&fbc->lock);
	return sum;
}

/* ---- delays (<linux/delay.h>): busy waits, as in the kernel --------- */
static inline void ndelay(unsigned long ns)
{
	struct timespec t0, t;
	unsigned long long spent;

	if (!ns)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		cpu_relax();
		clock_gettime(CLOCK_MONOTONIC, &t);
		spent = (unsigned long long)(t.tv_sec - t0.tv_sec) * 1000000000ULL +
			(unsigned long long)t.tv_nsec - (unsigned long long)t0.tv_nsec;
	} while (spent < ns);
}

#define udelay(us)		ndelay((us) * 1000UL)

/* ---- RCU: liburcu --------------------------------------------------- */
#ifndef _LGPL_SOURCE
/* Inline read-side fast paths: 2 ns per read instead of 18 for memb. */
#define _LGPL_SOURCE
#endif
/* Keep liburcu's rcu_read_lock()... names mapped onto the chosen flavor. */
#define URCU_API_MAP
#ifdef SHIM_RCU_QSBR
#include <urcu/urcu-qsbr.h>
#define SHIM_RCU_FLAVOR		"qsbr"
#else
#include <urcu/urcu-memb.h>
#define SHIM_RCU_FLAVOR		"memb"
#endif

/*
 * Kernel-only accessor forms. rcu_dereference(), rcu_assign_pointer(),
 * rcu_read_lock(), call_rcu(), rcu_barrier() and struct rcu_head keep the
 * names liburcu already gives them.
 */
#define rcu_dereference_protected(p, c)	({ assert(c); (p); })
#define rcu_dereference_check(p, c)	({ (void)sizeof(c); rcu_dereference(p); })
#define rcu_dereference_raw(p)		rcu_dereference(p)
#define rcu_access_pointer(p)		__atomic_load_n(&(p), __ATOMIC_RELAXED)
#define RCU_INIT_POINTER(p, v)		__atomic_store_n(&(p), (v), __ATOMIC_RELAXED)
#define rcu_replace_pointer(rp, p, c)	({ __typeof__(rp) __old = \
	rcu_dereference_protected(rp, c); rcu_assign_pointer(rp, p); __old; })
#define rcu_read_lock_held()		true

/*
 * qsbr readers must announce quiescent states between read-side sections;
 * memb readers need not. Reader loops call this every few operations.
 */
#ifdef SHIM_RCU_QSBR
#define shim_rcu_quiescent()		rcu_quiescent_state()
/* Around a wait that can be long: an offline thread holds up no grace period. */
#define shim_rcu_offline()		rcu_thread_offline()
#define shim_rcu_online()		rcu_thread_online()
#else
#define shim_rcu_quiescent()		do { } while (0)
#define shim_rcu_offline()		do { } while (0)
#define shim_rcu_online()		do { } while (0)
#endif
#define RCU_LOCKDEP_WARN(c, s)		do { } while (0)

#endif /* SYNCLAB_SHIM_H */
