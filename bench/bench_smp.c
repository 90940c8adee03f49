/*
 * bench_smp.c - the benchmark's rows that need two CPUs (`bench --smp`,
 * and a few runs of each in `bench --smoke`; see bench/README.md).  Each
 * value is wall time from CLOCK_MONOTONIC in ns, the median of several
 * runs: under multi-threaded TCG the guest's clock is the host's, and
 * the two virtual CPUs really run at once.
 *
 *   smp_fault_1proc_per_page    one process pinned to CPU A writes a byte
 *                               in each of N fresh pages (a zero-fill
 *                               fault each): wall ns per page
 *   smp_fault_2proc_per_page    two processes, pinned to CPU A and CPU B,
 *                               do the same at once: wall ns from the
 *                               first one's start to the last one's end,
 *                               per page of the 2N
 *   smp_fault_speedup           the first over the second: 2.00 when two
 *                               CPUs fault twice as fast as one
 *   smp_fork_exit_wait_idle     fork+exit+wait pinned to CPU A (the child
 *                               inherits the mask), CPU B idle
 *   smp_fork_exit_wait_busy     the same while another process spins in
 *                               user mode, pinned to CPU B
 *   smp_cow_fault_per_page      a process alone on CPU A writes a byte in
 *                               each page it shares with its child after
 *                               a fork: a copy-on-write fault per page
 *   smp_cow_shootdown_per_page  the same while a thread of that process
 *                               spins on CPU B: the page's old entry may
 *                               sit in CPU B's TLB, so each fault also
 *                               has CPU B flush it (an IPI, and a wait)
 *
 * CPU A and CPU B are the first two CPUs of the affinity mask found at
 * the start.  With only one there, everything runs on it (a note says so
 * in --smp mode), and whatever waits or spins yields the CPU each time
 * around, so that the smoke mode passes on one CPU too.
 *
 * What is checked: every child's exit status, each pinned task's CPU
 * (sched_getcpu right after sched_setaffinity), zeroed fresh pages,
 * parent and child memory after the COW writes, that the spinners ran.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

#define SPIN_LIMIT_NS (30 * 1000000000ULL)      /* a wait this long is a failure */

static int cpu_a, cpu_b;        /* the two CPUs (the same one when there is one) */
static int one_cpu;             /* 1: every task shares cpu_a */

/* ---- CPUs and waiting ------------------------------------------------------ */

static void *map_shared(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		FAIL("mmap shared %zu bytes: %s", len, strerror(errno));
	memset(p, 0, len);
	return p;
}

/* Restricts the calling thread to cpu; 0 if it then runs there, else -1. */
static int pin(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof set, &set))
		return -1;
	return sched_getcpu() == cpu ? 0 : -1;
}

/* One turn of a wait loop: a pause, or the CPU to the others on one CPU. */
static inline void relax(void)
{
	if (one_cpu)
		sched_yield();
	else
		asm volatile("pause" ::: "memory");
}

/* Spins until *p >= want; -1 if that takes longer than SPIN_LIMIT_NS. */
static int spin_until(const int *p, int want)
{
	uint64_t give_up = 0;
	for (unsigned spins = 1; __atomic_load_n(p, __ATOMIC_ACQUIRE) < want; spins++) {
		relax();
		if (spins % 1024 == 0) {
			uint64_t now = mono_ns();
			if (!give_up)
				give_up = now + SPIN_LIMIT_NS;
			else if (now > give_up)
				return -1;
		}
	}
	return 0;
}

/* A task that keeps a CPU busy in user mode until told to stop. */
struct spinner {
	int running;            /* set once it spins on its CPU */
	int cpu;                /* where it found itself after pinning, or -1 */
	int stop;               /* set by the one who started it */
	unsigned long count;    /* turns of its loop */
};

/* The spinner's body: pin to cpu, report, spin (yield on one CPU). */
static void spin_on(struct spinner *s, int cpu)
{
	s->cpu = pin(cpu) ? -1 : cpu;
	__atomic_store_n(&s->running, 1, __ATOMIC_RELEASE);
	do {
		s->count++;
		if (one_cpu)
			sched_yield();
	} while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE));
}

static void *spin_thread(void *arg)
{
	spin_on(arg, cpu_b);
	return arg;
}

/* Waits for the spinner to run, and checks that it runs on CPU B. */
static void spinner_started(struct spinner *s, const char *what)
{
	if (spin_until(&s->running, 1))
		FAIL("%s never ran", what);
	if (s->cpu != cpu_b)
		FAIL("%s: not running on CPU %d after sched_setaffinity", what, cpu_b);
}

/* Tells the spinner to stop; the caller then reaps it. */
static void spinner_stop(struct spinner *s)
{
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
}

/* Prints "name value unit" with two decimals (not in the test). */
static void print_ratio(const char *name, double v, const char *unit)
{
	if (show_values)
		dprintf(1, "%s %.2f %s\n", name, v, unit);
}

/* ---- page-fault throughput, one process and two ---------------------------- */

struct fault_run {
	int ready;              /* children at the start line */
	uint64_t t0[2], t1[2];  /* each child's first and after-last fault */
};

/*
 * Child i of fault_once: pinned to cpu, maps its own fresh region, waits
 * until all nproc children are at the start line, then writes one byte
 * per page.  Exits 0, or 3 (pinning), 4 (the others never came),
 * 5 (a fresh page was not zero), 6 (mmap).
 */
static _Noreturn void fault_child(struct fault_run *s, int i, int nproc, int cpu, size_t pages)
{
	if (pin(cpu))
		_exit(3);
	char *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		_exit(6);
	__atomic_add_fetch(&s->ready, 1, __ATOMIC_ACQ_REL);
	if (spin_until(&s->ready, nproc))
		_exit(4);
	uint64_t t0 = mono_ns();
	for (size_t k = 0; k < pages; k++)
		p[k * PAGE + 8] = 1;
	uint64_t t1 = mono_ns();
	for (size_t k = 0; k < pages; k++)
		if (*(uint64_t *)(p + k * PAGE) != 0 || p[k * PAGE + 4095] != 0)
			_exit(5);
	s->t0[i] = t0;
	s->t1[i] = t1;
	_exit(0);
}

/* nproc (1 or 2) children fault pages each at once: wall ns, first start to last end. */
static uint64_t fault_once(struct fault_run *s, int nproc, size_t pages)
{
	pid_t pid[2];
	memset(s, 0, sizeof *s);
	for (int i = 0; i < nproc; i++) {
		pid[i] = fork();
		if (pid[i] < 0)
			FAIL("fork: %s", strerror(errno));
		if (pid[i] == 0)
			fault_child(s, i, nproc, i ? cpu_b : cpu_a, pages);
	}
	for (int i = 0; i < nproc; i++)
		wait_child(pid[i], 0, "fault child (3: pinning, 4: start line, 5: page not zero, 6: mmap)");
	uint64_t start = s->t0[0], end = s->t1[0];
	for (int i = 1; i < nproc; i++) {
		start = s->t0[i] < start ? s->t0[i] : start;
		end = s->t1[i] > end ? s->t1[i] : end;
	}
	return end - start;
}

static void bench_smp_faults(size_t pages, int runs)
{
	static struct row one, two;
	struct fault_run *s = map_shared(sizeof *s);
	row_start(&one, "smp_fault_1proc_per_page");
	row_start(&two, "smp_fault_2proc_per_page");
	for (int run = 0; run < runs; run++) {      /* alternating: the host's load hits both */
		row_add(&one, fault_once(s, 1, pages));
		row_add(&two, fault_once(s, 2, pages));
	}
	double speedup = 2.0 * row_median(&one) / (row_median(&two) ? row_median(&two) : 1);
	row_end(&one, pages, "ns");
	row_end(&two, 2 * pages, "ns");
	print_ratio("smp_fault_speedup", speedup, "x");
	munmap(s, sizeof *s);
}

/* ---- fork+exit+wait, the other CPU idle or busy ----------------------------- */

static void fork_runs(struct row *r, int runs)
{
	for (int i = 0; i < runs; i++) {
		uint64_t t0 = mono_ns();
		pid_t pid = fork();
		if (pid == 0)
			_exit(CHILD_CODE);
		if (pid < 0)
			FAIL("fork: %s", strerror(errno));
		wait_child(pid, CHILD_CODE, "fork child");
		row_add(r, mono_ns() - t0);
	}
}

/* The caller runs pinned to CPU A; blocks of runs alternate between idle and busy. */
static void bench_smp_fork(int blocks, int runs)
{
	static struct row idle, busy;
	struct spinner *s = map_shared(sizeof *s);
	row_start(&idle, "smp_fork_exit_wait_idle");
	row_start(&busy, "smp_fork_exit_wait_busy");
	for (int b = 0; b < blocks; b++) {
		fork_runs(&idle, runs);
		memset(s, 0, sizeof *s);
		pid_t pid = fork();
		if (pid < 0)
			FAIL("fork: %s", strerror(errno));
		if (pid == 0) {
			spin_on(s, cpu_b);
			_exit(0);
		}
		spinner_started(s, "the spinning process");
		fork_runs(&busy, runs);
		spinner_stop(s);
		wait_child(pid, 0, "spinning process");
		if (s->count == 0)
			FAIL("the spinning process never went round its loop");
	}
	row_end(&idle, 1, "ns");
	row_end(&busy, 1, "ns");
	munmap(s, sizeof *s);
}

/* ---- COW faults, with and without a shootdown ------------------------------- */

/*
 * One run: a fresh region filled with a pattern, a child that shares it
 * and waits (so every page stays shared), then one write per page in the
 * parent, timed.  Afterwards the child checks that it still sees the
 * pattern, the parent that it sees its writes.  Wall ns of the writes.
 */
static uint64_t cow_once(size_t pages)
{
	int ready[2], go[2];
	char c = 0;
	char *p = map_anon(pages * PAGE);
	for (size_t k = 0; k < pages; k++)
		*(uint64_t *)(p + k * PAGE) = pattern(k);
	if (pipe(ready) || pipe(go))
		FAIL("pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		FAIL("fork: %s", strerror(errno));
	if (pid == 0) {
		if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(3);
		for (size_t k = 0; k < pages; k++)
			if (*(uint64_t *)(p + k * PAGE) != pattern(k) || p[k * PAGE + 8] != 0)
				_exit(2);
		_exit(0);
	}
	if (read(ready[0], &c, 1) != 1)
		FAIL("the COW child did not start: %s", strerror(errno));
	uint64_t t0 = mono_ns();
	for (size_t k = 0; k < pages; k++)
		p[k * PAGE + 8] = 1;
	uint64_t dt = mono_ns() - t0;
	if (write(go[1], &c, 1) != 1)
		FAIL("write: %s", strerror(errno));
	wait_child(pid, 0, "COW child (2: its memory changed, 3: pipe)");
	for (int i = 0; i < 2; i++) {
		close(ready[i]);
		close(go[i]);
	}
	for (size_t k = 0; k < pages; k++)
		if (*(uint64_t *)(p + k * PAGE) != pattern(k) || p[k * PAGE + 8] != 1)
			FAIL("page %zu after the COW write", k);
	unmap(p, pages * PAGE);
	return dt;
}

/*
 * runs of cow_once in a new process (whose memory has only ever been on
 * CPU A: the caller is pinned there), with or without a thread spinning
 * on CPU B.  The samples go to r, which is in shared memory.
 */
static void cow_runs(struct row *r, size_t pages, int runs, int with_thread)
{
	pid_t pid = fork();
	if (pid < 0)
		FAIL("fork: %s", strerror(errno));
	if (pid == 0) {
		static struct spinner s;
		pthread_t t;
		void *ret = NULL;
		if (with_thread) {
			int e = pthread_create(&t, NULL, spin_thread, &s);
			if (e)
				FAIL("pthread_create: %s", strerror(e));
			spinner_started(&s, "the spinning thread");
		}
		for (int i = 0; i < runs; i++)
			row_add(r, cow_once(pages));
		if (with_thread) {
			spinner_stop(&s);
			if (pthread_join(t, &ret) || ret != &s || s.count == 0)
				FAIL("the spinning thread: joined %p, %lu turns", ret, s.count);
		}
		_exit(0);
	}
	wait_child(pid, 0, "COW measuring process");
}

static void bench_smp_cow(size_t pages, int blocks, int runs)
{
	struct row *rows = map_shared(2 * sizeof *rows);
	row_start(&rows[0], "smp_cow_fault_per_page");
	row_start(&rows[1], "smp_cow_shootdown_per_page");
	for (int b = 0; b < blocks; b++) {
		cow_runs(&rows[0], pages, runs, 0);
		cow_runs(&rows[1], pages, runs, 1);
	}
	row_end(&rows[0], pages, "ns");
	row_end(&rows[1], pages, "ns");
	munmap(rows, 2 * sizeof *rows);
}

/* ---- the whole set ------------------------------------------------------------ */

/* CPU A and B from the affinity mask; the mask comes back at the end. */
void bench_smp(void)
{
	cpu_set_t orig;
	if (sched_getaffinity(0, sizeof orig, &orig))
		FAIL("sched_getaffinity: %s", strerror(errno));
	cpu_a = cpu_b = -1;
	for (int c = 0; c < CPU_SETSIZE && cpu_b < 0; c++)
		if (CPU_ISSET(c, &orig))
			*(cpu_a < 0 ? &cpu_a : &cpu_b) = c;
	if (cpu_a < 0)
		FAIL("an empty affinity mask");
	one_cpu = cpu_b < 0;
	if (one_cpu) {
		cpu_b = cpu_a;
		if (!smoke)
			dprintf(1, "%s: note: one CPU in the affinity mask: "
				"the 2-CPU rows ran on CPU %d alone\n", prog, cpu_a);
	}
	bench_smp_faults(smoke ? 64 : 4096, smoke ? 3 : 9);
	if (pin(cpu_a))
		FAIL("sched_setaffinity to CPU %d: %s", cpu_a, strerror(errno));
	bench_smp_fork(smoke ? 1 : 3, smoke ? 3 : 17);
	bench_smp_cow(smoke ? 16 : 1024, smoke ? 1 : 3, smoke ? 3 : 5);
	if (sched_setaffinity(0, sizeof orig, &orig))
		FAIL("sched_setaffinity back: %s", strerror(errno));
}
