/*
 * futex_pi_basic: the PI futex protocol.  FUTEX_LOCK_PI and
 * FUTEX_TRYLOCK_PI take a free word (0, or FUTEX_OWNER_DIED alone) by
 * writing the caller's tid; a contended FUTEX_LOCK_PI sets
 * FUTEX_WAITERS and sleeps until FUTEX_UNLOCK_PI hands it the lock (the
 * word: its tid | FUTEX_WAITERS), or until its timeout (ETIMEDOUT); an
 * owner that exits holding the lock hands it on with FUTEX_OWNER_DIED.
 * Errnos: EDEADLK on one's own lock, EPERM unlocking a lock one does not
 * own, EAGAIN for a contended trylock, ESRCH for an owner tid that is
 * gone, EINVAL for PI and plain operations mixed on one word, ENOSYS for
 * FUTEX_LOCK_PI with FUTEX_CLOCK_REALTIME.
 */
#include "t.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_TRYLOCK_PI 8
#define FUTEX_LOCK_PI2 13
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u

static long futex(volatile uint32_t *w, int op, uint32_t val, const struct timespec *to)
{
	long r = syscall(SYS_futex, w, op, val, to, NULL, 0);
	return r < 0 ? -errno : r;
}
static long lock_pi(volatile uint32_t *w) { return futex(w, FUTEX_LOCK_PI | FUTEX_PRIVATE_FLAG, 0, NULL); }
static long unlock_pi(volatile uint32_t *w) { return futex(w, FUTEX_UNLOCK_PI | FUTEX_PRIVATE_FLAG, 0, NULL); }
static long trylock_pi(volatile uint32_t *w) { return futex(w, FUTEX_TRYLOCK_PI | FUTEX_PRIVATE_FLAG, 0, NULL); }
static uint32_t gettid_(void) { return (uint32_t)syscall(SYS_gettid); }

static void nap(void)
{
	struct timespec ts = { 0, 1000000 };
	nanosleep(&ts, NULL);
}

/* Polls until the lock's word shows a waiter in the kernel (at most ~10 s). */
static int wait_for_waiters(volatile uint32_t *w)
{
	for (int i = 0; i < 10000 && !(__atomic_load_n(w, __ATOMIC_SEQ_CST) & FUTEX_WAITERS); i++)
		nap();
	return (*w & FUTEX_WAITERS) != 0;
}

static volatile uint32_t lock, go;

struct result { uint32_t tid, word; long ret, unlock; };

/* Takes the lock (waiting for it), notes the word, lets it go. */
static void *locker(void *arg)
{
	struct result *r = arg;
	r->tid = gettid_();
	r->ret = lock_pi(&lock);
	r->word = lock;
	r->unlock = unlock_pi(&lock);
	return NULL;
}

/* Takes the lock and exits holding it once someone waits for it. */
static void *dying_owner(void *arg)
{
	struct result *r = arg;
	r->tid = gettid_();
	r->ret = lock_pi(&lock);
	wait_for_waiters(&lock);
	return NULL;
}

/* Holds the lock until go is set. */
static void *holder(void *arg)
{
	struct result *r = arg;
	r->ret = lock_pi(&lock);
	__atomic_store_n(&r->tid, gettid_(), __ATOMIC_SEQ_CST);
	while (!go)
		futex(&go, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL);
	r->unlock = unlock_pi(&lock);
	return NULL;
}

static void check_uncontended(void)
{
	uint32_t me = gettid_();
	lock = 0;
	CHECK_EQ(lock_pi(&lock), 0);
	CHECK_EQ(lock, me);
	CHECK_EQ(lock_pi(&lock), -EDEADLK);
	CHECK_EQ(trylock_pi(&lock), -EDEADLK);
	CHECK_EQ(unlock_pi(&lock), 0);
	CHECK_EQ(lock, 0);
	CHECK_EQ(unlock_pi(&lock), -EPERM);
	CHECK_EQ(trylock_pi(&lock), 0);
	CHECK_EQ(lock, me);
	CHECK_EQ(unlock_pi(&lock), 0);
	lock = FUTEX_OWNER_DIED;
	CHECK_EQ(lock_pi(&lock), 0);
	CHECK_EQ(lock, FUTEX_OWNER_DIED | me);
	CHECK_EQ(unlock_pi(&lock), 0);
	CHECK_EQ(lock, 0);
	CHECK_EQ(futex(&lock, FUTEX_LOCK_PI | FUTEX_CLOCK_REALTIME, 0, NULL), -ENOSYS);
	CHECK_EQ(futex((uint32_t *)8, FUTEX_LOCK_PI, 0, NULL), -EFAULT);
	CHECK_EQ(futex((uint32_t *)((char *)&lock + 1), FUTEX_LOCK_PI, 0, NULL), -EINVAL);

	/* The owner's tid names no task: ESRCH, after FUTEX_WAITERS went in. */
	pid_t gone = fork();
	if (!gone)
		_exit(0);
	waitpid(gone, NULL, 0);
	lock = (uint32_t)gone;
	CHECK_EQ(lock_pi(&lock), -ESRCH);
	CHECK_EQ(lock, (uint32_t)gone | FUTEX_WAITERS);
	CHECK_EQ(unlock_pi(&lock), -EPERM);
}

static void check_handoff(void)
{
	uint32_t me = gettid_();
	struct result r = { 0 };
	pthread_t t;
	lock = 0;
	CHECK_EQ(lock_pi(&lock), 0);
	CHECK_EQ(pthread_create(&t, NULL, locker, &r), 0);
	CHECK(wait_for_waiters(&lock), "the locker waits");
	CHECK_EQ(lock, me | FUTEX_WAITERS);
	CHECK_EQ(futex(&lock, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL), -EINVAL);
	CHECK_EQ(trylock_pi(&lock), -EDEADLK);
	CHECK_EQ(unlock_pi(&lock), 0);
	pthread_join(t, NULL);
	CHECK_EQ(r.ret, 0);
	CHECK_EQ(r.word, r.tid | FUTEX_WAITERS);
	CHECK_EQ(r.unlock, 0);
	CHECK_EQ(lock, 0);
}

static void check_owner_dies(void)
{
	uint32_t me = gettid_();
	struct result r = { 0 };
	pthread_t t;
	lock = 0;
	CHECK_EQ(pthread_create(&t, NULL, dying_owner, &r), 0);
	while (!__atomic_load_n(&lock, __ATOMIC_SEQ_CST))
		nap();
	CHECK_EQ(lock_pi(&lock), 0);
	CHECK_EQ(lock, me | FUTEX_WAITERS | FUTEX_OWNER_DIED);
	pthread_join(t, NULL);
	CHECK_EQ(r.ret, 0);
	CHECK_EQ(unlock_pi(&lock), 0);
	CHECK_EQ(lock, 0);
}

static void check_contended_errors(void)
{
	struct result r = { 0 };
	pthread_t t;
	lock = go = 0;
	CHECK_EQ(pthread_create(&t, NULL, holder, &r), 0);
	while (!__atomic_load_n(&r.tid, __ATOMIC_SEQ_CST))
		nap();
	CHECK_EQ(lock, r.tid);
	CHECK_EQ(trylock_pi(&lock), -EAGAIN);
	CHECK_EQ(lock, r.tid | FUTEX_WAITERS);     /* as Linux: the failed trylock leaves it */
	CHECK_EQ(unlock_pi(&lock), -EPERM);
	struct timespec past = { 1, 0 };
	CHECK_EQ(futex(&lock, FUTEX_LOCK_PI | FUTEX_PRIVATE_FLAG, 0, &past), -ETIMEDOUT);
	struct timespec to;
	clock_gettime(CLOCK_MONOTONIC, &to);
	long long t0 = to.tv_sec * 1000000000LL + to.tv_nsec;
	to.tv_nsec += 50000000;
	if (to.tv_nsec >= 1000000000) {
		to.tv_sec++;
		to.tv_nsec -= 1000000000;
	}
	CHECK_EQ(futex(&lock, FUTEX_LOCK_PI2 | FUTEX_PRIVATE_FLAG, 0, &to), -ETIMEDOUT);
	clock_gettime(CLOCK_MONOTONIC, &to);
	CHECK(to.tv_sec * 1000000000LL + to.tv_nsec - t0 >= 50000000, "LOCK_PI2 timed out early");
	struct timespec bad = { 0, 1000000000L };
	CHECK_EQ(futex(&lock, FUTEX_LOCK_PI | FUTEX_PRIVATE_FLAG, 0, &bad), -EINVAL);
	__atomic_store_n(&go, 1, __ATOMIC_SEQ_CST);
	futex(&go, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL);
	pthread_join(t, NULL);
	CHECK_EQ(r.ret, 0);
	CHECK_EQ(r.unlock, 0);
	CHECK_EQ(lock, 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	check_uncontended();
	check_handoff();
	check_owner_dies();
	check_contended_errors();
	return t_done();
}
