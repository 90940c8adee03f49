/*
 * bench.c - process and memory micro-benchmarks, the same static binary
 * on ushi and on Linux (see bench/README.md).
 *
 *   bench            every single-CPU row, full iteration counts
 *   bench --smp      only the rows that need two CPUs (bench_smp.c),
 *                    wall time in ns
 *   bench --smoke    a few iterations of every row (both kinds) and
 *                    small regions: checks only
 *   bench --exit     exits 43 at once (what posix_spawn and execve run)
 *
 * Each row prints "name value unit": the median of many timed runs, in
 * TSC cycles ("cyc").  The timestamps are rdtsc between two lfences.
 * Under QEMU with -icount shift=0 the guest TSC advances by one per guest
 * instruction, so a row is an instruction count and repeats exactly.
 * Every row also reads CLOCK_MONOTONIC around its whole loop; if that
 * disagrees with the TSC rate measured at the start, a note says so.
 *
 * The benchmark checks what it times: each child's exit status, the
 * value a thread returns, memory contents after copy-on-write in both
 * parent and child, zero-filled memory.  A wrong result is a failure
 * ("bench: FAIL ...", exit status 1), not a number.  As pid 1 (booted
 * as init) it ends by powering the machine off with reboot(2), after a
 * last line "bench: done, status N".
 *
 * tests/bench_smoke.c includes this file and bench_smp.c with BENCH_TEST
 * defined: the smoke mode as an ordinary test program, which prints no
 * timings.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"

extern char **environ;

const char *prog = "bench";
static const char *self;                /* argv[0], re-executed with --exit */
int smoke;
int show_values = 1;
static double tsc_per_ns;               /* measured at the start */

/* ---- time ---------------------------------------------------------------- */

uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- ending ---------------------------------------------------------------- */

_Noreturn void finish(int status)
{
	dprintf(1, "%s: done, status %d\n", prog, status);
	if (getpid() == 1) {
		sync();
		reboot(RB_POWER_OFF);
		dprintf(1, "%s: reboot: %s\n", prog, strerror(errno));
		for (;;)
			pause();
	}
	exit(status);
}

void check_exit(int status, int code, const char *what)
{
	if (!WIFEXITED(status) || WEXITSTATUS(status) != code)
		FAIL("%s: wait status %#x, expected exit %d", what, status, code);
}

/* ---- one row: samples, median, output -------------------------------------- */

void row_start(struct row *r, const char *name)
{
	r->name = name;
	r->n = 0;
	r->ns0 = mono_ns();
	r->tsc0 = rdtsc_fenced();
}

void row_add(struct row *r, uint64_t v)
{
	if (r->n < MAX_RUNS)
		r->v[r->n++] = v;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

uint64_t row_median(struct row *r)
{
	if (r->n == 0)
		FAIL("%s: no samples", r->name);
	qsort(r->v, r->n, sizeof r->v[0], cmp_u64);
	return r->v[r->n / 2];
}

/* Prints the median of the samples divided by div (units per run). */
void row_end(struct row *r, uint64_t div, const char *unit)
{
	uint64_t tsc = rdtsc_fenced() - r->tsc0, ns = mono_ns() - r->ns0;
	uint64_t med = row_median(r);
	if (!show_values) {
		dprintf(1, "%s: %s: %d runs checked\n", prog, r->name, r->n);
		return;
	}
	dprintf(1, "%s %llu %s\n", r->name, (unsigned long long)((med + div / 2) / div), unit);
	/* The cross-check: the row's TSC ticks against its monotonic time. */
	if (!smoke && ns > 10000000) {
		double rate = (double)tsc / ns / tsc_per_ns;
		if (rate < 0.9 || rate > 1.1)
			dprintf(1, "%s: note: %s: TSC ran at %.2f times its measured rate "
				"against CLOCK_MONOTONIC\n", prog, r->name, rate);
	}
}

/* TSC ticks per nanosecond, over about 50 ms (5 ms in smoke mode). */
static void calibrate(void)
{
	uint64_t span = smoke ? 5000000 : 50000000;
	uint64_t n0 = mono_ns(), t0 = rdtsc_fenced(), n1;
	while ((n1 = mono_ns()) - n0 < span)
		;
	uint64_t t1 = rdtsc_fenced();
	tsc_per_ns = (double)(t1 - t0) / (n1 - n0);
	if (tsc_per_ns <= 0)
		FAIL("the TSC does not advance");
	if (show_values)
		dprintf(1, "tsc_mhz %.0f MHz\n", tsc_per_ns * 1000);
}

/* ---- processes and threads ----------------------------------------------- */

static inline long raw_getpid(void)
{
	long r;
	asm volatile("syscall" : "=a"(r) : "0"((long)SYS_getpid) : "rcx", "r11", "memory");
	return r;
}

static void bench_getpid(int runs)
{
	enum { BATCH = 16 };
	static struct row r;
	if (raw_getpid() != getpid())
		FAIL("raw getpid %ld, getpid %d", raw_getpid(), (int)getpid());
	row_start(&r, "getpid");
	for (int i = 0; i < runs; i++) {
		uint64_t t0 = rdtsc_fenced();
		for (int j = 0; j < BATCH; j++)
			raw_getpid();
		row_add(&r, rdtsc_fenced() - t0);
	}
	row_end(&r, BATCH, "cyc");
}

/* ---- clocks -------------------------------------------------------------- */

static inline long raw_clock_gettime(clockid_t clk, struct timespec *ts)
{
	long r;
	asm volatile("syscall" : "=a"(r) : "0"((long)SYS_clock_gettime), "D"((long)clk), "S"(ts)
		     : "rcx", "r11", "memory");
	return r;
}

static uint64_t ts_ns(struct timespec ts)
{
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * CLOCK_MONOTONIC read through musl's clock_gettime (which uses the vDSO
 * when the kernel gives one) or by the system call itself; each batch's
 * readings must never go backwards.
 */
static void bench_clock_gettime(int runs, int syscall_only)
{
	enum { BATCH = 16 };
	static struct row r;
	row_start(&r, syscall_only ? "clock_gettime_syscall" : "clock_gettime");
	for (int i = 0; i < runs; i++) {
		struct timespec ts[BATCH];
		uint64_t t0 = rdtsc_fenced();
		for (int j = 0; j < BATCH; j++) {
			if (syscall_only)
				raw_clock_gettime(CLOCK_MONOTONIC, &ts[j]);
			else
				clock_gettime(CLOCK_MONOTONIC, &ts[j]);
		}
		row_add(&r, rdtsc_fenced() - t0);
		for (int j = 1; j < BATCH; j++)
			if (ts_ns(ts[j]) < ts_ns(ts[j - 1]))
				FAIL("%s: CLOCK_MONOTONIC went back", r.name);
	}
	row_end(&r, BATCH, "cyc");
}

void wait_child(pid_t pid, int code, const char *what)
{
	int status;
	pid_t w;
	while ((w = wait4(pid, &status, 0, NULL)) < 0 && errno == EINTR)
		;
	if (w != pid)
		FAIL("%s: wait4 returned %d (%s), expected %d", what, (int)w, strerror(errno), (int)pid);
	check_exit(status, code, what);
}

static void bench_fork(int runs)
{
	static struct row r;
	row_start(&r, "fork_exit_wait");
	for (int i = 0; i < runs; i++) {
		uint64_t t0 = rdtsc_fenced();
		pid_t pid = fork();
		if (pid == 0)
			_exit(CHILD_CODE);
		if (pid < 0)
			FAIL("fork: %s", strerror(errno));
		wait_child(pid, CHILD_CODE, "fork child");
		row_add(&r, rdtsc_fenced() - t0);
	}
	row_end(&r, 1, "cyc");
}

static void bench_vfork(int runs)
{
	static struct row r;
	row_start(&r, "vfork_exit_wait");
	for (int i = 0; i < runs; i++) {
		uint64_t t0 = rdtsc_fenced();
		pid_t pid = vfork();
		if (pid == 0)
			_exit(CHILD_CODE);
		if (pid < 0)
			FAIL("vfork: %s", strerror(errno));
		wait_child(pid, CHILD_CODE, "vfork child");
		row_add(&r, rdtsc_fenced() - t0);
	}
	row_end(&r, 1, "cyc");
}

/*
 * clone(CLONE_VM | SIGCHLD) straight from assembly: the child runs on
 * the given stack only long enough to call exit(CHILD_CODE), so it never
 * touches memory the parent is using.
 */
static long clone_vm_exit(void *stack_top)
{
	long ret;
	register long r10 asm("r10") = 0;
	register long r8 asm("r8") = 0;
	asm volatile("syscall\n\t"
		     "test %%rax, %%rax\n\t"
		     "jnz 1f\n\t"
		     "mov %[nr_exit], %%eax\n\t"
		     "mov %[code], %%edi\n\t"
		     "syscall\n\t"
		     "ud2\n"
		     "1:"
		     : "=a"(ret)
		     : "0"((long)SYS_clone), "D"((long)(CLONE_VM | SIGCHLD)), "S"(stack_top),
		       "d"(0L), "r"(r10), "r"(r8), [nr_exit] "i"(SYS_exit), [code] "i"(CHILD_CODE)
		     : "rcx", "r11", "memory");
	return ret;
}

static void bench_clone_vm(int runs)
{
	static struct row r;
	static char stack[16384] __attribute__((aligned(16)));
	row_start(&r, "clone_vm_wait");
	for (int i = 0; i < runs; i++) {
		uint64_t t0 = rdtsc_fenced();
		long pid = clone_vm_exit(stack + sizeof stack);
		if (pid < 0)
			FAIL("clone: %s", strerror(-pid));
		wait_child(pid, CHILD_CODE, "clone child");
		row_add(&r, rdtsc_fenced() - t0);
	}
	row_end(&r, 1, "cyc");
}

static void *thread_fn(void *arg)
{
	return (char *)arg + 1;
}

static void bench_pthread(int runs)
{
	static struct row r;
	static char token[2];
	row_start(&r, "pthread_create_join");
	for (int i = 0; i < runs; i++) {
		pthread_t t;
		void *ret = NULL;
		uint64_t t0 = rdtsc_fenced();
		int e = pthread_create(&t, NULL, thread_fn, token);
		if (e)
			FAIL("pthread_create: %s", strerror(e));
		if ((e = pthread_join(t, &ret)))
			FAIL("pthread_join: %s", strerror(e));
		row_add(&r, rdtsc_fenced() - t0);
		if (ret != token + 1)
			FAIL("the thread returned %p, expected %p", ret, (void *)(token + 1));
	}
	row_end(&r, 1, "cyc");
}

static void bench_posix_spawn(int runs)
{
	static struct row r;
	char *argv[] = { (char *)self, "--exit", NULL };
	row_start(&r, "posix_spawn_wait");
	for (int i = 0; i < runs; i++) {
		pid_t pid;
		uint64_t t0 = rdtsc_fenced();
		int e = posix_spawn(&pid, self, NULL, NULL, argv, environ);
		if (e)
			FAIL("posix_spawn %s: %s", self, strerror(e));
		wait_child(pid, EXEC_CODE, "spawned child");
		row_add(&r, rdtsc_fenced() - t0);
	}
	row_end(&r, 1, "cyc");
}

static void bench_fork_exec(int runs)
{
	static struct row r;
	char *argv[] = { (char *)self, "--exit", NULL };
	row_start(&r, "fork_exec_wait");
	for (int i = 0; i < runs; i++) {
		uint64_t t0 = rdtsc_fenced();
		pid_t pid = fork();
		if (pid == 0) {
			execve(self, argv, environ);
			_exit(127);
		}
		if (pid < 0)
			FAIL("fork: %s", strerror(errno));
		wait_child(pid, EXEC_CODE, "exec'd child");
		row_add(&r, rdtsc_fenced() - t0);
	}
	row_end(&r, 1, "cyc");
}

/* ---- memory ------------------------------------------------------------------ */

char *map_anon(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		FAIL("mmap %zu bytes: %s", len, strerror(errno));
	return p;
}

void unmap(char *p, size_t len)
{
	if (munmap(p, len))
		FAIL("munmap: %s", strerror(errno));
}

static void touch(char *p, size_t len)
{
	for (size_t off = 0; off < len; off += PAGE)
		p[off] = 1;
}

/*
 * Fork with `mib` MiB of private anonymous memory touched (one write per
 * page): the time until fork returns in the parent, and until the child
 * has exited and been reaped.
 */
static void bench_fork_touched(unsigned mib, int runs)
{
	static struct row lat, full;
	static char name1[48], name2[48];
	size_t len = (size_t)mib * MiB;
	char *p = len ? map_anon(len) : NULL;
	touch(p, len);
	snprintf(name1, sizeof name1, "fork_touched_%uM", mib);
	snprintf(name2, sizeof name2, "fork_wait_touched_%uM", mib);
	row_start(&lat, name1);
	row_start(&full, name2);
	for (int i = 0; i < runs; i++) {
		uint64_t t0 = rdtsc_fenced();
		pid_t pid = fork();
		if (pid == 0)
			_exit(CHILD_CODE);
		uint64_t t1 = rdtsc_fenced();
		if (pid < 0)
			FAIL("fork with %u MiB: %s", mib, strerror(errno));
		wait_child(pid, CHILD_CODE, "fork child");
		uint64_t t2 = rdtsc_fenced();
		row_add(&lat, t1 - t0);
		row_add(&full, t2 - t0);
	}
	row_end(&lat, 1, "cyc");
	row_end(&full, 1, "cyc");
	if (len)
		unmap(p, len);
}

uint64_t pattern(size_t page)
{
	return (page + 1) * 0x9e3779b97f4a7c15ULL;
}

/*
 * Forks a child that writes a byte at offset 8 of every step-th byte of
 * [p, p + len) (each page's first word keeps pattern(page)), timing the
 * writes, checks its memory and sends the time; returns it once the
 * child is reaped.  what names the child in a failure.
 */
static uint64_t child_timed_writes(char *p, size_t len, size_t step, const char *what)
{
	int fd[2];
	if (pipe(fd))
		FAIL("pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		FAIL("fork: %s", strerror(errno));
	if (pid == 0) {
		uint64_t t0 = rdtsc_fenced();
		for (size_t off = 0; off < len; off += step)
			p[off + 8] = 1;
		uint64_t dt = rdtsc_fenced() - t0;
		for (size_t off = 0; off < len; off += step)
			if (*(uint64_t *)(p + off) != pattern(off / PAGE) || p[off + 8] != 1)
				_exit(2);
		_exit(write(fd[1], &dt, sizeof dt) == sizeof dt ? 0 : 3);
	}
	uint64_t dt = 0;
	ssize_t n = read(fd[0], &dt, sizeof dt);
	close(fd[0]);
	close(fd[1]);
	wait_child(pid, 0, what);
	if (n != sizeof dt)
		FAIL("read the child's time: %zd", n);
	return dt;
}

/*
 * The child writes one byte in each page of a region its parent filled
 * before the fork: one copy-on-write fault per page.  Both sides then
 * check every page: the child sees the parent's data plus its byte, the
 * parent sees its own data unchanged.
 */
static void bench_cow(size_t len, int runs)
{
	static struct row r;
	size_t pages = len / PAGE;
	char *p = map_anon(len);
	for (size_t i = 0; i < pages; i++)
		*(uint64_t *)(p + i * PAGE) = pattern(i);
	row_start(&r, "cow_fault_per_page");
	for (int run = 0; run < runs; run++) {
		uint64_t dt = child_timed_writes(p, len, PAGE, "COW child (2: wrong memory after COW)");
		for (size_t i = 0; i < pages; i++)
			if (*(uint64_t *)(p + i * PAGE) != pattern(i) || p[i * PAGE + 8] != 0)
				FAIL("the parent's page %zu changed after the child's COW write", i);
		row_add(&r, dt);
	}
	row_end(&r, pages, "cyc");
	unmap(p, len);
}

/*
 * What a child's writes cost after fork, with `len` of the parent's memory
 * touched: the rows that tell fork=odf from fork=classic (bench/README.md,
 * "On-demand fork").  The region starts on a 2 MiB boundary, so each 2 MiB
 * span is one last-level page table's worth.
 *   fork_first_write_per_2M       the child's first write into each span:
 *                                 one COW fault (under fork=odf, also the
 *                                 copy of the span's page table), per span
 *   fork_wait_write_1per2M_<N>M   fork, the child writes one page per span
 *                                 and exits, wait: the whole cost
 *   fork_wait_write_all_<N>M      the same, the child writing every page
 * The parent checks after each child that its pages kept their data.
 */
static void bench_fork_writes(size_t len, int runs)
{
	static struct row first, sparse, all;
	static char name2[48], name3[48];
	size_t pages = len / PAGE, span = 2 * MiB, spans = len / span;
	char *raw = map_anon(len + span);
	char *p = (char *)(((uintptr_t)raw + span - 1) & ~(span - 1));
	for (size_t i = 0; i < pages; i++)
		*(uint64_t *)(p + i * PAGE) = pattern(i);
	snprintf(name2, sizeof name2, "fork_wait_write_1per2M_%zuM", len / MiB);
	snprintf(name3, sizeof name3, "fork_wait_write_all_%zuM", len / MiB);
	row_start(&first, "fork_first_write_per_2M");
	row_start(&sparse, name2);
	row_start(&all, name3);
	for (int run = 0; run < runs; run++) {
		row_add(&first, child_timed_writes(p, len, span,
						   "first-write child (2: wrong memory after its writes)"));
		for (int every = 0; every < 2; every++) {
			size_t step = every ? PAGE : span;
			uint64_t t0 = rdtsc_fenced();
			pid_t pid = fork();
			if (pid == 0) {
				for (size_t off = 0; off < len; off += step)
					p[off + 8] = 1;
				_exit(CHILD_CODE);
			}
			if (pid < 0)
				FAIL("fork: %s", strerror(errno));
			wait_child(pid, CHILD_CODE, "writing child");
			row_add(every ? &all : &sparse, rdtsc_fenced() - t0);
		}
		for (size_t i = 0; i < pages; i++)
			if (*(uint64_t *)(p + i * PAGE) != pattern(i) || p[i * PAGE + 8] != 0)
				FAIL("the parent's page %zu changed after a child's write", i);
	}
	row_end(&first, spans, "cyc");
	row_end(&sparse, 1, "cyc");
	row_end(&all, 1, "cyc");
	unmap(raw, len + span);
}

/* First write to fresh anonymous memory: a zeroed frame per page. */
static void bench_zero_fill(size_t len, int runs)
{
	static struct row r;
	size_t pages = len / PAGE;
	row_start(&r, "zero_fill_fault_per_page");
	for (int run = 0; run < runs; run++) {
		char *p = map_anon(len);
		uint64_t t0 = rdtsc_fenced();
		for (size_t i = 0; i < pages; i++)
			p[i * PAGE + 8] = 1;
		row_add(&r, rdtsc_fenced() - t0);
		for (size_t i = 0; i < pages; i++)
			if (*(uint64_t *)(p + i * PAGE) != 0 || p[i * PAGE + 4095] != 0)
				FAIL("fresh page %zu is not zero", i);
		unmap(p, len);
	}
	row_end(&r, pages, "cyc");
}

/* First read of fresh anonymous memory: the shared zero page. */
static void bench_read_fault(size_t len, int runs)
{
	static struct row r;
	size_t pages = len / PAGE;
	row_start(&r, "read_fault_per_page");
	for (int run = 0; run < runs; run++) {
		char *p = map_anon(len);
		unsigned sum = 0;
		uint64_t t0 = rdtsc_fenced();
		for (size_t i = 0; i < pages; i++)
			sum += *(volatile char *)(p + i * PAGE);
		row_add(&r, rdtsc_fenced() - t0);
		if (sum)
			FAIL("fresh memory read back non-zero");
		unmap(p, len);
	}
	row_end(&r, pages, "cyc");
}

static void bench_munmap(size_t len, int runs)
{
	static struct row r;
	static char name[48];
	snprintf(name, sizeof name, "munmap_touched_%zuM", len / MiB);
	row_start(&r, name);
	for (int run = 0; run < runs; run++) {
		char *p = map_anon(len);
		touch(p, len);
		uint64_t t0 = rdtsc_fenced();
		unmap(p, len);
		row_add(&r, rdtsc_fenced() - t0);
	}
	row_end(&r, 1, "cyc");
}

/* ---- main ------------------------------------------------------------------- */

static int bench_main(int argc, char **argv)
{
	int smp_only = 0;
	self = argv[0];
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--exit") == 0)
			return EXEC_CODE;
		else if (strcmp(argv[i], "--smoke") == 0)
			smoke = 1;
		else if (strcmp(argv[i], "--smp") == 0)
			smp_only = 1;
		else if (getpid() != 1) {       /* init gets Linux's unknown boot words */
			dprintf(2, "usage: %s [--smoke | --smp]\n", argv[0]);
			return 2;
		}
	}
	struct utsname u;
	uname(&u);
	dprintf(1, "%s: %s %s, %s mode\n", prog, u.sysname, u.release,
		smoke ? "smoke" : smp_only ? "smp" : "full");
	calibrate();
	if (smp_only && !smoke) {
		bench_smp();
		finish(0);
	}

	int n = smoke ? 3 : 0;          /* runs per row: n, or the full count */
	size_t region = smoke ? 2 * MiB : 64 * MiB;
	bench_getpid(n ? n : 301);
	bench_clock_gettime(n ? n : 301, 0);
	bench_clock_gettime(n ? n : 301, 1);
	bench_fork(n ? n : 101);
	bench_vfork(n ? n : 101);
	bench_clone_vm(n ? n : 101);
	bench_pthread(n ? n : 101);
	bench_posix_spawn(n ? n : 51);
	bench_fork_exec(n ? n : 51);
	static const unsigned full_mib[] = { 0, 1, 16, 64, 256 };
	static const int full_runs[] = { 51, 31, 15, 9, 5 };
	static const unsigned smoke_mib[] = { 0, 1, 4 };
	int sizes = smoke ? 3 : 5;
	for (int i = 0; i < sizes; i++)
		bench_fork_touched(smoke ? smoke_mib[i] : full_mib[i], n ? n : full_runs[i]);
	bench_cow(region, n ? n : 5);
	bench_zero_fill(region, n ? n : 5);
	bench_read_fault(region, n ? n : 5);
	bench_munmap(region, n ? n : 5);
	bench_fork_writes(smoke ? 4 * MiB : 64 * MiB, n ? n : 9);
	if (smoke)
		bench_smp();
	finish(0);
	return 0;
}

#ifdef BENCH_TEST
/* The smoke run as a test program: tests/bench_smoke.c. */
int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--exit") == 0)
		return EXEC_CODE;
	const char *slash = strrchr(argv[0], '/');
	prog = slash ? slash + 1 : argv[0];
	show_values = 0;
	char *args[] = { argv[0], "--smoke", NULL };
	return bench_main(2, args);
}
#else
int main(int argc, char **argv)
{
	return bench_main(argc, argv);
}
#endif
