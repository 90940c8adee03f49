/*
 * smp_kill_threads: ending and signalling threads that are running, in
 * user mode, on other CPUs - they never enter the kernel by themselves,
 * so the kernel has to interrupt them there.
 *
 *   kill     a child whose three threads spin pinned to different CPUs
 *            is killed by SIGKILL from the parent: waitpid reports
 *            WIFSIGNALED with SIGKILL within PROMPT_SECS
 *   exit     in a child, one thread calls exit_group(7) while three
 *            others spin on the other CPUs: the parent sees exit status 7
 *            within PROMPT_SECS of the exiting thread seeing them spin
 *   signal   a thread of ours spinning on the second CPU gets SIGUSR1
 *            from pthread_kill and from a raw tgkill, again and again:
 *            each time its handler runs within PROMPT_SECS, in that
 *            thread (gettid) and on that CPU (sched_getcpu)
 *
 * The spinners publish counters in shared memory, and the signals are sent
 * only once every counter has moved: every thread is really running.
 */
#include "t.h"
#include "smp.h"
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define SPINNERS 3
#define PROMPT_SECS 5.0
#define START_SECS 20.0         /* for the threads to get going */
#define SIGNALS 20

/* Shared with the children: each spinner's counter. */
struct shared {
	volatile unsigned long spins[SPINNERS];
	int pin_err;
	int spun;               /* exit: the exiting thread saw every spinner move */
};
static struct shared *sh;

struct spinner {
	int idx, cpu;
};

static void *spin(void *arg)
{
	struct spinner *s = arg;
	int e = smp_pin(s->cpu);
	if (e)
		sh->pin_err = e;
	for (;;)
		sh->spins[s->idx]++;
	return NULL;
}

/* Whether every spinner's counter moved, twice (so each is running). */
static int all_spinning(void)
{
	unsigned long seen[SPINNERS];
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < SPINNERS; i++)
			seen[i] = sh->spins[i];
		double give_up = smp_now() + START_SECS;
		for (int i = 0; i < SPINNERS; i++)
			while (sh->spins[i] == seen[i]) {
				if (smp_now() > give_up)
					return 0;
				sched_yield();
			}
	}
	return 1;
}

/* Starts the spinners on CPUs smp_cpu[first...] round-robin; 0 on success. */
static int start_spinners(int first)
{
	static struct spinner s[SPINNERS];
	pthread_t th;
	for (int i = 0; i < SPINNERS; i++) {
		s[i].idx = i;
		s[i].cpu = smp_cpu[first + i % (smp_ncpu - first)];
		if (pthread_create(&th, NULL, spin, &s[i]))
			return 1;
	}
	return 0;
}

/* Polls the child for PROMPT_SECS; its status, or -1 if it did not end. */
static int reap_promptly(pid_t pid)
{
	double give_up = smp_now() + PROMPT_SECS;
	int st;
	struct timespec nap = { 0, 1000 * 1000 };
	while (waitpid(pid, &st, WNOHANG) == 0) {
		if (smp_now() > give_up)
			return -1;
		nanosleep(&nap, NULL);
	}
	return st;
}

static void reset_shared(void)
{
	memset((void *)sh, 0, sizeof *sh);
}

static void kill_spinning(void)
{
	reset_shared();
	pid_t pid = fork();
	if (pid == 0) {
		alarm(60);              /* never spin for ever, even if the parent is gone */
		if (start_spinners(0))
			_exit(10);
		for (;;)
			pause();
	}
	CHECK(pid > 0, "fork: %s", strerror(errno));
	CHECK(all_spinning(), "kill: the child's threads did not all spin");
	CHECK_EQ(sh->pin_err, 0);
	CHECK_OK(kill(pid, SIGKILL));
	int st = reap_promptly(pid);
	CHECK(st != -1, "kill: the child still runs %.0f s after SIGKILL", PROMPT_SECS);
	if (st == -1)
		return;
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "kill: status %#x", st);
}

static void *exit_group_7(void *arg)
{
	(void)arg;
	int e = smp_pin(smp_cpu[0]);
	if (e)
		sh->pin_err = e;
	if (all_spinning()) {
		__atomic_store_n(&sh->spun, 1, __ATOMIC_RELEASE);
		syscall(SYS_exit_group, 7);
	}
	syscall(SYS_exit_group, 11);
	return NULL;
}

static void exit_while_spinning(void)
{
	reset_shared();
	pid_t pid = fork();
	if (pid == 0) {
		alarm(60);
		pthread_t th;
		if (start_spinners(1) || pthread_create(&th, NULL, exit_group_7, NULL))
			_exit(10);
		pthread_join(th, NULL);
		_exit(12);
	}
	CHECK(pid > 0, "fork: %s", strerror(errno));
	/* The exiting thread itself says when every spinner moved: the
	 * parent watching the counters too would race with the exit that
	 * stops them. */
	double give_up = smp_now() + START_SECS;
	while (!__atomic_load_n(&sh->spun, __ATOMIC_ACQUIRE) && smp_now() < give_up)
		sched_yield();
	CHECK(sh->spun, "exit: the child's threads did not all spin");
	int st = reap_promptly(pid);
	CHECK(st != -1, "exit: the child still runs %.0f s after its threads spun", PROMPT_SECS);
	if (st == -1) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return;
	}
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "exit: status %#x, expected exit 7", st);
	CHECK_EQ(sh->pin_err, 0);
}

/* The signal part: the handler says where it ran. */
static volatile int handled, handler_tid, handler_cpu, stop_spinning;
static volatile unsigned long my_spins;

static void on_usr1(int sig)
{
	(void)sig;
	handler_tid = gettid();
	handler_cpu = sched_getcpu();
	__atomic_add_fetch(&handled, 1, __ATOMIC_RELEASE);
}

struct target {
	int tid, pin_err;
};

static void *spin_until_stopped(void *arg)
{
	struct target *t = arg;
	t->pin_err = smp_pin(smp_cpu[1]);
	__atomic_store_n(&t->tid, gettid(), __ATOMIC_RELEASE);
	while (!stop_spinning)
		my_spins++;
	return NULL;
}

/* Waits until the target's counter moves: it is running in user mode. */
static int target_spins(void)
{
	unsigned long seen = my_spins;
	double give_up = smp_now() + START_SECS;
	while (my_spins == seen)
		if (smp_now() > give_up)
			return 0;
		else
			sched_yield();
	return 1;
}

static void signal_spinning(void)
{
	signal(SIGUSR1, on_usr1);
	struct target t = { 0, 0 };
	pthread_t th;
	CHECK_EQ(pthread_create(&th, NULL, spin_until_stopped, &t), 0);
	int late = 0, wrong_tid = 0, wrong_cpu = 0, not_running = 0;
	for (int i = 0; i < SIGNALS && !late; i++) {
		if (!target_spins()) {
			not_running++;
			break;
		}
		if (i % 2 == 0)
			CHECK_EQ(pthread_kill(th, SIGUSR1), 0);
		else
			CHECK_OK(syscall(SYS_tgkill, getpid(), t.tid, SIGUSR1));
		double give_up = smp_now() + PROMPT_SECS;
		while (__atomic_load_n(&handled, __ATOMIC_ACQUIRE) <= i && !late)
			late = smp_now() > give_up;
		if (late)
			break;
		wrong_tid += handler_tid != t.tid;
		wrong_cpu += handler_cpu != smp_cpu[1];
	}
	stop_spinning = 1;
	CHECK_EQ(pthread_join(th, NULL), 0);
	CHECK(t.pin_err == 0, "signal: pin the target to CPU %d: %s", smp_cpu[1], strerror(-t.pin_err));
	CHECK(not_running == 0, "signal: the target thread did not spin");
	CHECK(!late, "signal: a handler did not run within %.0f s", PROMPT_SECS);
	CHECK_EQ(handled, SIGNALS);
	CHECK(wrong_tid == 0, "signal: %d handlers ran in another thread", wrong_tid);
	CHECK(wrong_cpu == 0, "signal: %d handlers ran on another CPU", wrong_cpu);
}

int main(int argc, char **argv)
{
	(void)argc;
	int rc = smp_test_start(argv[0], 90);
	if (rc >= 0)
		return rc;
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK_EQ(smp_pin(smp_cpu[0]), 0);
	kill_spinning();
	exit_while_spinning();
	signal_spinning();
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	t_log("threads spinning on other CPUs were killed, ended by exit_group and signalled promptly");
	return t_done();
}
