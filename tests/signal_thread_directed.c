/*
 * signal_thread_directed: signals in a process with several threads.  A
 * kill() (process-directed) goes to a thread that does not block it: with
 * SIGUSR1 blocked in the main thread only, the handler runs in the other
 * thread.  A tgkill() (thread-directed) stays with its thread: pending in
 * the main thread's sigpending, not in the other's, and it waits there
 * even when another thread unblocks the signal.  A process-directed
 * signal blocked everywhere is pending for every thread, and the first
 * thread to unblock it takes it.  A fault is delivered to the faulting
 * thread.  A new thread starts with its creator's mask but none of its
 * pending signals.  A process whose leader thread has exited still gets
 * kill()'s signal, through the thread that is left.
 */
#include "t.h"
#include "t_signal.h"
#include "t_thread.h"
#include <pthread.h>
#include <setjmp.h>
#include <sys/wait.h>

static volatile int usr1_tid, usr2_tids[4], nusr2, ill_tid;
static int to_thread[2], from_thread[2];
static sigjmp_buf ill_env;

static void on_usr1(int sig) { (void)sig; usr1_tid = gettid(); }
static void on_usr2(int sig) { (void)sig; if (nusr2 < 4) usr2_tids[nusr2++] = gettid(); }
static void on_ill(int sig) { (void)sig; ill_tid = gettid(); siglongjmp(ill_env, 1); }

static unsigned long sigpending_raw(void)
{
	unsigned long set = 0;
	ts_syscall6(SYS_rt_sigpending, (long)&set, 8, 0, 0, 0, 0);
	return set;
}
#define BIT(sig) (1UL << ((sig) - 1))

static void say(int fd, char c) { write(fd, &c, 1); }
static char hear(int fd) { char c = 0; read(fd, &c, 1); return c; }

/* The second thread: does what the main thread asks, one letter at a time. */
static void *worker(void *arg)
{
	(void)arg;
	sigset_t s;
	for (;;) {
		char c = hear(to_thread[0]);
		switch (c) {
		case 't':       /* tell our tid */
			say(from_thread[1], 0);
			write(from_thread[1], &(int){ gettid() }, sizeof(int));
			continue;
		case 'u':       /* unblock SIGUSR1 and wait for it in sigsuspend */
			sigemptyset(&s);
			while (!usr1_tid)
				sigsuspend(&s);
			break;
		case 'p': {     /* report our pending set */
			unsigned long p = sigpending_raw();
			say(from_thread[1], 0);
			write(from_thread[1], &p, sizeof p);
			continue;
		}
		case '2':       /* unblock SIGUSR2 for a moment */
			sigemptyset(&s);
			sigaddset(&s, SIGUSR2);
			pthread_sigmask(SIG_UNBLOCK, &s, NULL);
			pthread_sigmask(SIG_BLOCK, &s, NULL);
			break;
		case 'i':       /* fault */
			if (!sigsetjmp(ill_env, 1))
				__asm__ volatile ("ud2");
			break;
		case 'q':
			return NULL;
		}
		say(from_thread[1], c);
	}
}

static void ask(char c)
{
	say(to_thread[1], c);
	CHECK_EQ(hear(from_thread[0]), c);
}

/* A raw thread that waits for a process-directed SIGUSR1 (blocked, so it
 * stays queued for the process) and exits the group with 42 on it. */
static int usr1_waiter(void *arg)
{
	(void)arg;
	unsigned long set = BIT(SIGUSR1);
	siginfo_t si;
	t_sys6(SYS_rt_sigprocmask, SIG_BLOCK, (long)&set, 0, 8, 0, 0);
	long r = t_sys6(SYS_rt_sigtimedwait, (long)&set, (long)&si, 0, 8, 0, 0);
	t_exit_group(r == SIGUSR1 ? 42 : 1);
}

static int raw_mask_ok;
static unsigned long raw_mask, raw_pending;

static int raw_thread(void *arg)
{
	(void)arg;
	t_sys6(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)&raw_mask, 8, 0, 0);
	t_sys6(SYS_rt_sigpending, (long)&raw_pending, 8, 0, 0, 0, 0);
	t_atomic_store(&raw_mask_ok, 1);
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, on_usr2);
	signal(SIGILL, on_ill);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGUSR2);
	CHECK_OK(sigprocmask(SIG_BLOCK, &s, NULL));     /* the worker inherits this */
	CHECK_OK(pipe(to_thread));
	CHECK_OK(pipe(from_thread));
	pthread_t th;
	CHECK_EQ(pthread_create(&th, NULL, worker, NULL), 0);
	say(to_thread[1], 't');
	CHECK_EQ(hear(from_thread[0]), 0);
	int wtid = 0;
	CHECK_EQ(read(from_thread[0], &wtid, sizeof wtid), (ssize_t)sizeof wtid);
	int me = gettid();

	t_log("kill(): the thread that does not block the signal handles it");
	say(to_thread[1], 'u');
	CHECK(ts_wait_state(getpid(), wtid, 'S'), "the worker never slept");
	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK_EQ(hear(from_thread[0]), 'u');
	CHECK(usr1_tid == wtid, "SIGUSR1 ran in the wrong thread");

	t_log("tgkill(): pending for that thread only, even if another unblocks it");
	CHECK_OK(syscall(SYS_tgkill, getpid(), me, SIGUSR2));
	CHECK_EQ(sigpending_raw(), BIT(SIGUSR2));
	unsigned long wp = 1;
	say(to_thread[1], 'p');
	CHECK_EQ(hear(from_thread[0]), 0);
	CHECK_EQ(read(from_thread[0], &wp, sizeof wp), (ssize_t)sizeof wp);
	CHECK_EQ(wp, 0);
	ask('2');
	CHECK_EQ(nusr2, 0);
	CHECK_EQ(sigpending_raw(), BIT(SIGUSR2));

	t_log("kill() blocked everywhere: pending for all; the first to unblock takes it");
	CHECK_OK(kill(getpid(), SIGUSR2));
	say(to_thread[1], 'p');
	CHECK_EQ(hear(from_thread[0]), 0);
	CHECK_EQ(read(from_thread[0], &wp, sizeof wp), (ssize_t)sizeof wp);
	CHECK_EQ(wp, BIT(SIGUSR2));
	ask('2');
	CHECK_EQ(nusr2, 1);
	CHECK(usr2_tids[0] == wtid, "the process-directed SIGUSR2 ran in the wrong thread");
	CHECK_EQ(sigpending_raw(), BIT(SIGUSR2));       /* ours is still here */
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &s, NULL));
	CHECK_EQ(nusr2, 2);
	CHECK(usr2_tids[1] == me, "the thread-directed SIGUSR2 ran in the wrong thread");
	CHECK_OK(sigprocmask(SIG_BLOCK, &s, NULL));

	t_log("a fault goes to the faulting thread");
	ask('i');
	CHECK(ill_tid == wtid, "SIGILL ran in the wrong thread");
	say(to_thread[1], 'q');
	CHECK_EQ(pthread_join(th, NULL), 0);

	t_log("a new thread: its creator's mask, not its pending signals");
	CHECK_OK(syscall(SYS_tgkill, getpid(), me, SIGUSR2));   /* pending for us */
	unsigned long mine = 0;
	ts_syscall6(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)&mine, 8, 0, 0);
	struct t_thread rt;
	CHECK(t_thread_start(&rt, raw_thread, NULL) > 0, "raw thread");
	t_thread_join(&rt);
	CHECK_EQ(raw_mask_ok, 1);
	CHECK_EQ(raw_mask, mine);
	CHECK_EQ(raw_pending, 0);
	CHECK_EQ(sigpending_raw(), BIT(SIGUSR2));
	CHECK(signal(SIGUSR2, SIG_IGN) != SIG_ERR, "signal");  /* discard it */

	t_log("kill() reaches a process whose leader thread has exited");
	pid_t pid = fork();
	if (pid == 0) {
		struct t_thread th;
		if (t_thread_start(&th, usr1_waiter, NULL) < 0)
			_exit(2);
		t_exit_thread(0);       /* the leader only */
	}
	CHECK(ts_wait_state(pid, pid, 'Z'), "the leader did not exit");
	CHECK_OK(kill(pid, SIGUSR1));
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "status %#x", st);

	return t_done();
}
