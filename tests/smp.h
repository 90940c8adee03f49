/*
 * smp.h - helpers for the tests that need several CPUs (smp_*).
 *
 *   smp_init()            counts the online CPUs (sysconf) and lists the
 *                         CPUs this process may run on (sched_getaffinity)
 *                         in smp_cpu[]; returns the online count.  A test
 *                         skips when it is below 2.  Call it before any
 *                         pinning: musl's sysconf counts the caller's mask.
 *   smp_pin(cpu)          restricts the calling thread to one CPU; 0 or
 *                         -errno.  Linux moves the thread there before
 *                         the call returns.
 *   smp_now()             CLOCK_MONOTONIC in seconds
 *   smp_barrier_wait(b)   a reusable spinning barrier: everyone leaves
 *                         together, so pinned threads really run at once;
 *                         gives up after SMP_BARRIER_SECS (-1) so that a
 *                         thread the kernel never runs is a failure, not
 *                         a hang
 *   smp_watchdog(secs)    alarm(): a last resort, a hang becomes death by
 *                         SIGALRM, which the runner reports as a failure
 *
 * Threads record what they saw in memory the main thread checks after
 * pthread_join: t.h's counters are not atomic, so no CHECK in a thread.
 * The waits are spins with sched_yield now and then, so they also
 * progress when the threads share one CPU.
 */
#ifndef USHI_SMP_H
#define USHI_SMP_H

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#define SMP_MAX_CPUS 64
#define SMP_BARRIER_SECS 20.0

static int smp_cpu[SMP_MAX_CPUS];       /* the CPUs of the initial mask, ascending */
static int smp_ncpu;                    /* how many of them */

static inline int smp_init(void)
{
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;
	CPU_ZERO(&set);
	smp_ncpu = 0;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		for (int c = 0; c < CPU_SETSIZE && smp_ncpu < SMP_MAX_CPUS; c++)
			if (CPU_ISSET(c, &set))
				smp_cpu[smp_ncpu++] = c;
	return (int)online;
}

static inline int smp_pin(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof set, &set) ? -errno : 0;
}

static inline double smp_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline void smp_relax(void)
{
	__asm__ volatile ("pause" ::: "memory");
}

struct smp_barrier {
	int n;                  /* how many threads meet */
	int arrived;            /* how many are in this generation */
	int gen;                /* bumped by the last to arrive */
};

#define SMP_BARRIER_INIT(count) { .n = (count), .arrived = 0, .gen = 0 }

/* 1 for the last to arrive, 0 for the others, -1 if it gave up waiting. */
static inline int smp_barrier_wait(struct smp_barrier *b)
{
	int gen = __atomic_load_n(&b->gen, __ATOMIC_ACQUIRE);
	if (__atomic_add_fetch(&b->arrived, 1, __ATOMIC_ACQ_REL) == b->n) {
		__atomic_store_n(&b->arrived, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&b->gen, gen + 1, __ATOMIC_RELEASE);
		return 1;
	}
	double give_up = smp_now() + SMP_BARRIER_SECS;
	for (unsigned spins = 1; __atomic_load_n(&b->gen, __ATOMIC_ACQUIRE) == gen; spins++) {
		smp_relax();
		if (spins % 1024 == 0) {
			sched_yield();
			if (smp_now() > give_up)
				return -1;
		}
	}
	return 0;
}

/* Spins until *p != 0 (sched_yield now and then); 0 after `secs`, else 1. */
static inline int smp_wait_flag(const int *p, double secs)
{
	double give_up = smp_now() + secs;
	for (unsigned spins = 1; !__atomic_load_n(p, __ATOMIC_ACQUIRE); spins++) {
		smp_relax();
		if (spins % 1024 == 0) {
			sched_yield();
			if (smp_now() > give_up)
				return __atomic_load_n(p, __ATOMIC_ACQUIRE) != 0;
		}
	}
	return 1;
}

static inline void smp_watchdog(unsigned secs)
{
	signal(SIGALRM, SIG_DFL);
	alarm(secs);
}

/*
 * The start of every test that needs two CPUs (t.h included first):
 * t_start, a skip below 2 online CPUs, a failure if our own affinity
 * mask holds fewer, and the watchdog.  Returns -1 to go on, else the
 * status main returns.
 */
static inline int smp_test_start(const char *argv0, unsigned watchdog_secs)
{
	t_start(argv0);
	if (smp_init() < 2)
		return t_skip("fewer than 2 CPUs online");
	CHECK(smp_ncpu >= 2, "our affinity mask holds %d CPUs", smp_ncpu);
	if (smp_ncpu < 2)
		return t_done();
	smp_watchdog(watchdog_secs);
	return -1;
}

#endif
