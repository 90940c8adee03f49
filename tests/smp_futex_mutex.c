/*
 * smp_futex_mutex: mutual exclusion across CPUs through the futex system
 * call.  Four threads, pinned round-robin over the CPUs and released
 * together, take a mutex of their own making - Drepper's three-state
 * mutex from "Futexes Are Tricky" (0 free, 1 locked, 2 locked with
 * waiters; compare-and-swap to take it, FUTEX_WAIT while it is 2,
 * FUTEX_WAKE on unlock when it was 2; private futexes) - and inside it
 * increment a plain, non-atomic counter with a read, a pause and a
 * write.  The final count must be exactly 4 * N: no two threads were ever
 * inside at once, and no waiter slept through its wake-up (which would
 * hang, and the watchdog turns that into a failure).  How many times a
 * thread slept in FUTEX_WAIT depends on timing: whether any did is
 * logged (the count with argument "-v"), never asserted.
 */
#include "t.h"
#include "smp.h"
#include <pthread.h>
#include <sys/syscall.h>

#ifndef FUTEX_WAIT
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128
#endif

#define NTHREADS 4
#define N 5000                  /* increments per thread */
#define HOLD 8                  /* pauses inside the critical section */

static int lock_word;           /* the mutex: 0 free, 1 locked, 2 locked and contended */
static volatile long counter;   /* protected by lock_word, deliberately not atomic */
static struct smp_barrier start = SMP_BARRIER_INIT(NTHREADS);

struct worker {
	int cpu;
	int pin_err, barrier_err, futex_err;
	long waits;             /* FUTEX_WAIT calls that slept (returned 0) */
	long done;              /* increments made */
};

static long futex(int *uaddr, int op, int val)
{
	return syscall(SYS_futex, uaddr, op | FUTEX_PRIVATE_FLAG, val, NULL, NULL, 0);
}

static int cmpxchg(int *p, int old, int new)
{
	__atomic_compare_exchange_n(p, &old, new, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
	return old;
}

/* Drepper's mutex3: only the transition 2 -> 0 pays for a wake-up. */
static void mutex_lock(struct worker *w)
{
	int c = cmpxchg(&lock_word, 0, 1);
	if (c == 0)
		return;
	if (c != 2)
		c = __atomic_exchange_n(&lock_word, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		long r = futex(&lock_word, FUTEX_WAIT, 2);
		if (r == 0)
			w->waits++;
		else if (errno != EAGAIN && errno != EINTR)
			w->futex_err = errno;
		c = __atomic_exchange_n(&lock_word, 2, __ATOMIC_ACQUIRE);
	}
}

static void mutex_unlock(struct worker *w)
{
	if (__atomic_fetch_sub(&lock_word, 1, __ATOMIC_RELEASE) != 1) {
		__atomic_store_n(&lock_word, 0, __ATOMIC_RELEASE);
		if (futex(&lock_word, FUTEX_WAKE, 1) < 0)
			w->futex_err = errno;
	}
}

static void *worker(void *arg)
{
	struct worker *w = arg;
	w->pin_err = smp_pin(w->cpu);
	if (smp_barrier_wait(&start) < 0)
		w->barrier_err = 1;
	for (long i = 0; i < N; i++) {
		mutex_lock(w);
		long c = counter;
		for (int k = 0; k < HOLD; k++)
			smp_relax();
		counter = c + 1;
		mutex_unlock(w);
		w->done++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int rc = smp_test_start(argv[0], 60);
	if (rc >= 0)
		return rc;

	static struct worker w[NTHREADS];
	pthread_t th[NTHREADS];
	for (int i = 0; i < NTHREADS; i++) {
		w[i].cpu = smp_cpu[i % smp_ncpu];
		CHECK_EQ(pthread_create(&th[i], NULL, worker, &w[i]), 0);
	}
	long waits = 0;
	for (int i = 0; i < NTHREADS; i++) {
		CHECK_EQ(pthread_join(th[i], NULL), 0);
		CHECK(w[i].pin_err == 0, "pin thread %d to CPU %d: %s", i, w[i].cpu, strerror(-w[i].pin_err));
		CHECK(w[i].barrier_err == 0, "thread %d waited in vain for the others", i);
		CHECK(w[i].futex_err == 0, "thread %d: futex failed: %s", i, strerror(w[i].futex_err));
		CHECK_EQ(w[i].done, N);
		waits += w[i].waits;
	}
	CHECK_EQ(counter, (long)NTHREADS * N);
	CHECK_EQ(lock_word, 0);
	if (argc > 1 && !strcmp(argv[1], "-v"))
		t_log("%ld sleeps in FUTEX_WAIT", waits);
	else
		t_log("%s", waits ? "contended: threads slept in FUTEX_WAIT"
		      : "note: no thread ever slept in FUTEX_WAIT (timing, not asserted)");
	t_log("%d threads on %d CPUs: %d increments under the futex mutex, none lost", NTHREADS,
	      smp_ncpu < NTHREADS ? smp_ncpu : NTHREADS, NTHREADS * N);
	return t_done();
}
