/*
 * smp_affinity_getcpu: a task pinned with sched_setaffinity runs on that
 * CPU and every interface says so.  Pinned to each CPU of its mask in
 * turn, the process sees, over many calls with sched_yield between,
 * sched_getcpu() (musl: the vDSO), the vDSO's __vdso_getcpu and the raw
 * getcpu system call all name that CPU, /proc/self/stat and
 * /proc/self/task/TID/stat name it in field 39 (processor), and
 * sched_getaffinity returns the mask just set.  A forked child and a new
 * thread inherit the mask and run there.  A thread spinning in user mode
 * that another thread re-pins (sched_setaffinity on its tid) moves to
 * the new CPU within MOVE_SECS, and back.  The original mask comes back
 * whole.  sysconf(_SC_NPROCESSORS_ONLN) equals the number of
 * "processor" lines of /proc/cpuinfo.
 */
#include "t.h"
#include "../user/proc_field.h"
#include "smp.h"
#include "t_vdso.h"
#include <fcntl.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define ITERS 200
#define MOVE_SECS 5.0

typedef long (*getcpu_fn)(unsigned *, unsigned *, void *);
static getcpu_fn vgetcpu;

/* Field 39 (processor) of a stat file, or -1. */
static long stat_processor(const char *path)
{
	char buf[1024];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	if (!p)
		return -1;
	p += 2;                         /* field 3, the state */
	for (int field = 3; field < 39; field++) {
		p = strchr(p, ' ');
		if (!p)
			return -1;
		p++;
	}
	return strtol(p, NULL, 10);
}

/* The number of CPUs every interface agrees the caller is on, or -1 for
 * a disagreement (or -2 - which one disagreed). */
static int where(void)
{
	unsigned raw = ~0u, node = ~0u, v = ~0u;
	int libc = sched_getcpu();
	if (syscall(SYS_getcpu, &raw, &node, NULL) != 0)
		return -2;
	if (!vgetcpu || vgetcpu(&v, NULL, NULL) != 0)
		return -3;
	if (libc < 0 || (unsigned)libc != raw || raw != v)
		return -1;
	return libc;
}

/* Does the caller's affinity mask hold exactly {cpu}? */
static int mask_is(int cpu)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set))
		return 0;
	return CPU_COUNT(&set) == 1 && CPU_ISSET(cpu, &set);
}

/* How many of ITERS looks found the caller elsewhere than cpu. */
static int count_elsewhere(int cpu)
{
	int off = 0;
	for (int i = 0; i < ITERS; i++) {
		off += where() != cpu;
		if (i % 16 == 0)
			sched_yield();
	}
	return off;
}

static long thread_off;
static int thread_mask_ok;

static void *inherits(void *arg)
{
	int cpu = *(int *)arg;
	thread_mask_ok = mask_is(cpu);
	thread_off = count_elsewhere(cpu);
	return NULL;
}

/* The moved thread: publishes the CPU it runs on until told to stop. */
static int mover_tid, mover_cpu = -1, mover_stop;

static void *mover(void *arg)
{
	(void)arg;
	__atomic_store_n(&mover_tid, gettid(), __ATOMIC_RELEASE);
	while (!__atomic_load_n(&mover_stop, __ATOMIC_ACQUIRE))
		__atomic_store_n(&mover_cpu, sched_getcpu(), __ATOMIC_RELEASE);
	return NULL;
}

/* Pins the mover to cpu from outside; whether it got there in time. */
static int move_to(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(__atomic_load_n(&mover_tid, __ATOMIC_ACQUIRE), sizeof set, &set))
		return 0;
	double give_up = smp_now() + MOVE_SECS;
	while (__atomic_load_n(&mover_cpu, __ATOMIC_ACQUIRE) != cpu) {
		if (smp_now() > give_up)
			return 0;
		sched_yield();          /* it may be queued on our CPU */
	}
	return 1;
}

/* A running thread re-pinned by another moves; we stay on `here`. */
static void check_moves(int here)
{
	int there = here == smp_cpu[0] ? smp_cpu[1] : smp_cpu[0];
	pthread_t th;
	CHECK_EQ(pthread_create(&th, NULL, mover, NULL), 0);
	double give_up = smp_now() + MOVE_SECS;
	while (!__atomic_load_n(&mover_tid, __ATOMIC_ACQUIRE) && smp_now() < give_up)
		sched_yield();
	CHECK(move_to(there), "a spinning thread re-pinned to CPU %d did not get there", there);
	CHECK(move_to(here), "a spinning thread re-pinned to CPU %d did not get there", here);
	CHECK(move_to(there), "a spinning thread re-pinned to CPU %d did not get there", there);
	__atomic_store_n(&mover_stop, 1, __ATOMIC_RELEASE);
	CHECK_EQ(pthread_join(th, NULL), 0);
}

static int cpuinfo_processors(void)
{
	static char text[1 << 17];
	if (proc_read_file("/proc/cpuinfo", text, sizeof text) < 0)
		return -1;
	int count = 0;
	for (char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		count += !strncmp(l, "processor", 9) && (l[9] == '\t' || l[9] == ' ' || l[9] == ':');
	return count;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int online = smp_init();
	if (online < 2)
		return t_skip("fewer than 2 CPUs online");
	smp_watchdog(60);
	CHECK_EQ(cpuinfo_processors(), online);
	CHECK(smp_ncpu >= 2, "our affinity mask holds %d CPUs", smp_ncpu);
	vgetcpu = (getcpu_fn)vdso_sym("LINUX_2.6", "__vdso_getcpu");
	CHECK(vgetcpu != NULL, "the vDSO has no __vdso_getcpu");
	cpu_set_t orig;
	CHECK_OK(sched_getaffinity(0, sizeof orig, &orig));

	char task_stat[64];
	snprintf(task_stat, sizeof task_stat, "/proc/self/task/%d/stat", gettid());
	for (int i = 0; i < smp_ncpu; i++) {
		int cpu = smp_cpu[i];
		CHECK_EQ(smp_pin(cpu), 0);
		CHECK(mask_is(cpu), "sched_getaffinity does not give {%d} back", cpu);
		int w = where();
		CHECK(w == cpu, "pinned to CPU %d: getcpu says %d (-1: they disagree, "
		      "-2: the system call failed, -3: the vDSO's)", cpu, w);
		int off = count_elsewhere(cpu);
		CHECK(off == 0, "pinned to CPU %d: %d of %d looks found us elsewhere", cpu, off, ITERS);
		CHECK_EQ(stat_processor("/proc/self/stat"), cpu);
		CHECK_EQ(stat_processor(task_stat), cpu);
	}

	/* Still pinned to the last CPU: a child and a thread start there. */
	int last = smp_cpu[smp_ncpu - 1];
	pid_t pid = fork();
	if (pid == 0)
		_exit((mask_is(last) ? 0 : 1) | (count_elsewhere(last) ? 2 : 0) |
		      (stat_processor("/proc/self/stat") != last ? 4 : 0));
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child pinned by inheritance: status %#x "
	      "(1: its mask, 2: getcpu, 4: stat)", st);
	pthread_t th;
	CHECK_EQ(pthread_create(&th, NULL, inherits, &last), 0);
	CHECK_EQ(pthread_join(th, NULL), 0);
	CHECK(thread_mask_ok, "a new thread's mask is not its creator's");
	CHECK(thread_off == 0, "a new thread pinned by inheritance ran elsewhere %ld times", thread_off);
	check_moves(last);

	CHECK_OK(sched_setaffinity(0, sizeof orig, &orig));
	cpu_set_t back;
	CHECK_OK(sched_getaffinity(0, sizeof back, &back));
	CHECK(CPU_EQUAL(&back, &orig), "the original mask did not come back whole");
	CHECK_EQ(sysconf(_SC_NPROCESSORS_ONLN), online);
	t_log("pinned to each CPU in turn, getcpu (libc, vDSO, system call), stat and the mask agree");
	return t_done();
}
