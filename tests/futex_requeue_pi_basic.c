/*
 * futex_requeue_pi_basic: FUTEX_WAIT_REQUEUE_PI waits on a plain futex
 * (a condition variable) until FUTEX_CMP_REQUEUE_PI moves it onto a PI
 * futex (the mutex): if the mutex is free the waiter takes it at once
 * (woken owning it); if it is held, the waiter becomes its PI waiter and
 * gets it from FUTEX_UNLOCK_PI.  Mixing the pairs is EINVAL (a plain
 * waiter under CMP_REQUEUE_PI, a requeue-PI waiter under FUTEX_WAKE or
 * FUTEX_CMP_REQUEUE), as are nr_wake != 1 and one word for both; a moved
 * value is EAGAIN and a timeout ETIMEDOUT.
 */
#include "t.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_WAIT_REQUEUE_PI 11
#define FUTEX_CMP_REQUEUE_PI 12
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_WAITERS 0x80000000u

static volatile uint32_t cond, mutex;

static long futex(volatile uint32_t *w, int op, uint32_t val, long val2, volatile uint32_t *w2,
		  uint32_t val3)
{
	long r = syscall(SYS_futex, w, op | FUTEX_PRIVATE_FLAG, val, val2, w2, val3);
	return r < 0 ? -errno : r;
}
static long wait_requeue_pi(uint32_t val, const struct timespec *to)
{
	return futex(&cond, FUTEX_WAIT_REQUEUE_PI, val, (long)to, &mutex, 0);
}
static long cmp_requeue_pi(int nr_requeue)
{
	return futex(&cond, FUTEX_CMP_REQUEUE_PI, 1, nr_requeue, &mutex, 0);
}
static uint32_t gettid_(void) { return (uint32_t)syscall(SYS_gettid); }

static void nap(void)
{
	struct timespec ts = { 0, 1000000 };
	nanosleep(&ts, NULL);
}

struct result { uint32_t tid, word; long ret, unlock; };

static void *requeue_waiter(void *arg)
{
	struct result *r = arg;
	r->tid = gettid_();
	r->ret = wait_requeue_pi(0, NULL);
	r->word = mutex;
	r->unlock = futex(&mutex, FUTEX_UNLOCK_PI, 0, 0, NULL, 0);
	return NULL;
}

static void *plain_waiter(void *arg)
{
	struct result *r = arg;
	r->ret = futex(&cond, FUTEX_WAIT, 0, 0, NULL, 0);
	return NULL;
}

/* Calls op until it finds the waiter there (a result other than 0), at most ~10 s. */
static long retry(long (*op)(int), int arg)
{
	long r = 0;
	for (int i = 0; i < 10000 && (r = op(arg)) == 0; i++)
		nap();
	return r;
}
static long plain_requeue(int n)
{
	return futex(&cond, FUTEX_CMP_REQUEUE, 0, n, &mutex, 0);
}

/* The mutex is free: the first waiter takes it and is woken. */
static void check_free_mutex(void)
{
	struct result r = { 0 };
	pthread_t t;
	cond = mutex = 0;
	CHECK_EQ(pthread_create(&t, NULL, requeue_waiter, &r), 0);
	CHECK_EQ(retry(cmp_requeue_pi, 0), 1);
	pthread_join(t, NULL);
	CHECK_EQ(r.ret, 0);
	CHECK_EQ(r.word, r.tid);
	CHECK_EQ(r.unlock, 0);
	CHECK_EQ(mutex, 0);
}

/* The mutex is ours: the waiter moves onto it and gets it at our unlock. */
static void check_held_mutex(void)
{
	struct result r = { 0 };
	pthread_t t;
	cond = mutex = 0;
	CHECK_EQ(futex(&mutex, FUTEX_LOCK_PI, 0, 0, NULL, 0), 0);
	CHECK_EQ(pthread_create(&t, NULL, requeue_waiter, &r), 0);
	long n = retry(cmp_requeue_pi, 1);
	CHECK_EQ(n, 1);
	CHECK_EQ(mutex, gettid_() | FUTEX_WAITERS);
	CHECK_EQ(futex(&mutex, FUTEX_UNLOCK_PI, 0, 0, NULL, 0), 0);
	pthread_join(t, NULL);
	CHECK_EQ(r.ret, 0);
	CHECK_EQ(r.word, r.tid | FUTEX_WAITERS);
	CHECK_EQ(r.unlock, 0);
	CHECK_EQ(mutex, 0);
}

/* A requeue-PI waiter refuses plain wakes and requeues, then a plain waiter refuses requeue-PI. */
static void check_mismatched(void)
{
	struct result r = { 0 }, p = { 0 };
	pthread_t t;
	cond = mutex = 0;
	CHECK_EQ(pthread_create(&t, NULL, requeue_waiter, &r), 0);
	CHECK_EQ(retry(plain_requeue, 1), -EINVAL);
	CHECK_EQ(futex(&cond, FUTEX_WAKE, 1, 0, NULL, 0), -EINVAL);
	CHECK_EQ(cmp_requeue_pi(0), 1);
	pthread_join(t, NULL);
	CHECK_EQ(r.ret, 0);

	CHECK_EQ(pthread_create(&t, NULL, plain_waiter, &p), 0);
	CHECK_EQ(retry(cmp_requeue_pi, 0), -EINVAL);
	CHECK_EQ(futex(&cond, FUTEX_WAKE, 1, 0, NULL, 0), 1);
	pthread_join(t, NULL);
	CHECK_EQ(p.ret, 0);
}

static void check_errors(void)
{
	cond = mutex = 0;
	CHECK_EQ(futex(&cond, FUTEX_CMP_REQUEUE_PI, 2, 0, &mutex, 0), -EINVAL);
	CHECK_EQ(futex(&cond, FUTEX_CMP_REQUEUE_PI, 1, 0, &cond, 0), -EINVAL);
	CHECK_EQ(futex(&cond, FUTEX_CMP_REQUEUE_PI, 1, 0, &mutex, 1), -EAGAIN);
	CHECK_EQ(cmp_requeue_pi(0), 0);
	CHECK_EQ(futex(&cond, FUTEX_WAIT_REQUEUE_PI, 0, 0, &cond, 0), -EINVAL);
	CHECK_EQ(wait_requeue_pi(1, NULL), -EAGAIN);
	struct timespec past = { 1, 0 };
	CHECK_EQ(wait_requeue_pi(0, &past), -ETIMEDOUT);
	CHECK_EQ(mutex, 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	check_errors();
	check_free_mutex();
	check_held_mutex();
	check_mismatched();
	return t_done();
}
