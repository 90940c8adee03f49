/*
 * lockdep_selftest.c - the lock validator checks itself (debug kernels).
 *
 * kernel_init calls lockdep_selftest() after init's execve, just before
 * pid 1 leaves for user mode.  Every debug boot first runs the patterns
 * the validator must accept (each kind of lock, nesting, releases out of
 * order, a trylock against the recorded order, a subclass, a mutex held
 * where sleeping is allowed); a false report there panics the boot.
 *
 * audit_selftest=lock_order|lock_sleep|lock_unheld|lock_user then breaks
 * one rule on purpose, so that a student (and tests/host/audits.sh) sees
 * the report it gives:
 *   lock_order   a (an rwsem), b and c (mutexes) taken in a cycle over
 *                three functions, two at a time: a for reading then b,
 *                b then c, c then a for writing; no deadlock happens,
 *                the third function's order closes the cycle;
 *   lock_sleep   mutex_lock (which may sleep) with a spinlock held;
 *   lock_unheld  spin_unlock of a lock nobody took;
 *   lock_user    a mutex still held when pid 1 returns to user space.
 */
#ifdef USHI_DEBUG

#include <kernel.h>
#include <lockdep.h>
#include <mutex.h>
#include <rwsem.h>
#include <setup.h>
#include <spinlock.h>

static DEFINE_SPINLOCK(selftest_spin);
static DEFINE_SPINLOCK(selftest_spin2);
static struct mutex selftest_mutex;
static struct rw_semaphore selftest_rwsem;
static struct rw_semaphore selftest_a;          /* lock_order's cycle */
static struct mutex selftest_b, selftest_c;
static spinlock_t selftest_pair[2];     /* one class: both from one init site */

static void check(bool ok, const char *what)
{
	if (!ok)
		panic("lockdep selftest: %s", what);
}

/* Orders the validator must accept, on locks of their own. */
static void selftest_legal(void)
{
	mutex_init(&selftest_mutex);
	init_rwsem(&selftest_rwsem);
	for (int i = 0; i < 2; i++)
		spin_lock_init(&selftest_pair[i]);

	down_read(&selftest_rwsem);             /* rwsem (read), mutex, spinlock */
	mutex_lock(&selftest_mutex);
	lockdep_assert_can_sleep(_THIS_IP_);    /* sleeping with a mutex held is fine */
	spin_lock(&selftest_pair[0]);
	lockdep_assert_held(&selftest_pair[0]);
	mutex_unlock(&selftest_mutex);          /* out of order */
	spin_unlock(&selftest_pair[0]);
	up_read(&selftest_rwsem);
	check(!lock_is_held(&selftest_mutex.dep_map), "a released mutex still held");

	down_write(&selftest_rwsem);            /* the same order, exclusive */
	mutex_lock(&selftest_mutex);
	mutex_unlock(&selftest_mutex);
	downgrade_write(&selftest_rwsem);
	up_read(&selftest_rwsem);

	spin_lock(&selftest_pair[0]);           /* the other order, but a trylock */
	check(mutex_trylock(&selftest_mutex), "mutex_trylock of a free mutex");
	check(down_read_trylock(&selftest_rwsem), "down_read_trylock of a free rwsem");
	up_read(&selftest_rwsem);
	mutex_unlock(&selftest_mutex);
	spin_unlock(&selftest_pair[0]);

	spin_lock(&selftest_spin);              /* two spinlocks, and the other way by trylock */
	spin_lock(&selftest_spin2);
	spin_unlock(&selftest_spin);
	spin_unlock(&selftest_spin2);
	spin_lock(&selftest_spin2);
	check(spin_trylock(&selftest_spin), "spin_trylock of a free lock");
	spin_unlock(&selftest_spin);
	spin_unlock(&selftest_spin2);

	spin_lock(&selftest_pair[0]);           /* two of one class, annotated */
	spin_lock_nested(&selftest_pair[1], SINGLE_DEPTH_NESTING);
	spin_unlock(&selftest_pair[0]);
	spin_unlock(&selftest_pair[1]);
}

/* lock_order: a then b here, b then c in the next, c then a in the last.
 * A shared hold counts: a writer queued on a would block the reader. */
static noinline void selftest_order_ab(void)
{
	down_read(&selftest_a);
	mutex_lock(&selftest_b);
	mutex_unlock(&selftest_b);
	up_read(&selftest_a);
}

static noinline void selftest_order_bc(void)
{
	mutex_lock(&selftest_b);
	mutex_lock(&selftest_c);
	mutex_unlock(&selftest_c);
	mutex_unlock(&selftest_b);
}

static noinline void selftest_order_ca(void)
{
	mutex_lock(&selftest_c);
	down_write(&selftest_a);                /* the validator panics here */
	up_write(&selftest_a);
	mutex_unlock(&selftest_c);
}

void lockdep_selftest(void)
{
	const char *what = audit_selftest_param;
	selftest_legal();
	if (!what || strncmp(what, "lock_", 5) != 0)
		return;
	if (strcmp(what, "lock_order") == 0) {
		init_rwsem(&selftest_a);
		mutex_init(&selftest_b);
		mutex_init(&selftest_c);
		selftest_order_ab();
		selftest_order_bc();
		selftest_order_ca();
	} else if (strcmp(what, "lock_sleep") == 0) {
		spin_lock(&selftest_spin);
		mutex_lock(&selftest_mutex);
	} else if (strcmp(what, "lock_unheld") == 0) {
		spin_unlock(&selftest_spin2);
	} else if (strcmp(what, "lock_user") == 0) {
		mutex_lock(&selftest_mutex);    /* a mutex: schedule() on the way out is allowed */
		return;
	} else {
		return;
	}
	panic("lockdep selftest: audit_selftest=%s was not caught", what);
}

#endif
