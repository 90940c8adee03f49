/*
 * thread_fatal_signal: a signal whose default action is to terminate ends
 * the whole process, whichever thread it is aimed at: kill() of a process
 * with spinning threads, tgkill() of one non-main thread from outside, and
 * a thread's tkill() of itself.  The parent sees WIFSIGNALED with that
 * signal, and the threads' counters (in shared memory) stop.
 */
#include "t.h"
#include "t_thread.h"
#include <signal.h>

struct shared {
	volatile long spins[2];
	volatile int up;
	volatile int victim_tid;
};

static struct shared *sh;

static int spinner(void *arg)
{
	long i = (long)arg;
	t_atomic_inc(&sh->up);
	for (;;)
		sh->spins[i]++;
	return 0;
}

static int victim(void *arg)
{
	(void)arg;
	t_atomic_store(&sh->victim_tid, (int)t_gettid());
	t_atomic_inc(&sh->up);
	for (;;)
		t_nap();
	return 0;
}

static int suicide(void *arg)
{
	long sig = (long)arg;
	while (t_atomic_load(&sh->up) < 1)
		t_nap();
	t_sys2(SYS_tkill, t_gettid(), sig);
	for (;;)
		t_nap();
	return 0;
}

/* Forks a process with a spinner and one more thread `fn`; main blocks. */
static pid_t start(int (*fn)(void *), void *arg)
{
	memset((void *)sh, 0, sizeof *sh);
	pid_t pid = fork();
	if (pid == 0) {
		static struct t_thread a, b;
		signal(SIGTERM, SIG_DFL);
		signal(SIGUSR1, SIG_DFL);
		if (t_thread_start(&a, spinner, (void *)0) <= 0 || (fn && t_thread_start(&b, fn, arg) <= 0))
			_exit(100);
		for (;;)
			sh->spins[1]++;
	}
	return pid;
}

static void check_stopped(const char *what)
{
	long before[2] = { sh->spins[0], sh->spins[1] };
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	nanosleep(&ts, NULL);
	CHECK(sh->spins[0] == before[0] && sh->spins[1] == before[1], "%s: a thread still runs", what);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap shared");
	int st = -1;

	/* kill(SIGKILL) and kill(SIGTERM) of the process. */
	int sigs[] = { SIGKILL, SIGTERM };
	for (int i = 0; i < 2; i++) {
		pid_t pid = start(NULL, NULL);
		CHECK(t_wait_for(&sh->up, 1), "spinner up");
		CHECK_OK(kill(pid, sigs[i]));
		CHECK_EQ(waitpid(pid, &st, 0), pid);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sigs[i], "kill(%d): status 0x%x", sigs[i], st);
		check_stopped("kill");
	}

	/* tgkill(SIGUSR1) of one non-main thread ends the whole process. */
	pid_t pid = start(victim, NULL);
	CHECK(t_wait_for(&sh->up, 2), "threads up");
	CHECK_OK(syscall(SYS_tgkill, pid, sh->victim_tid, SIGUSR1));
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1, "tgkill: status 0x%x", st);
	check_stopped("tgkill");

	/* A thread tkill()s itself with SIGTERM. */
	pid = start(suicide, (void *)(long)SIGTERM);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "tkill self: status 0x%x", st);
	check_stopped("tkill");
	CHECK_ERR(waitpid(-1, &st, WNOHANG | __WALL), ECHILD);
	munmap(sh, sizeof *sh);
	return t_done();
}
