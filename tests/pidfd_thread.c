/*
 * pidfd_thread: pidfds that name one thread (PIDFD_THREAD, Linux 6.9 and
 * later).  clone(CLONE_PIDFD|CLONE_THREAD) gives one - F_GETFL shows
 * PIDFD_THREAD (O_EXCL) - and so does pidfd_open(tid, PIDFD_THREAD).
 * pidfd_send_signal through it reaches that thread only: a signal the
 * thread blocks stays pending there even though the main thread would
 * take it, while PIDFD_SIGNAL_THREAD_GROUP sends it to the process (the
 * main thread runs the handler at once).  More than one target flag, or an
 * unknown one, is EINVAL; waitid(P_PIDFD) finds no child in a live
 * thread's pidfd (ECHILD).  It polls readable when the thread exits,
 * while the process pidfd does not.
 */
#include "t.h"
#include "t_signal.h"
#include "t_thread.h"
#include <poll.h>
#include <sys/wait.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#define PIDFD_THREAD O_EXCL
#define PIDFD_SIGNAL_THREAD 1
#define PIDFD_SIGNAL_THREAD_GROUP 2
#define BIT(sig) (1UL << ((sig) - 1))

static long pidfd_open(long pid, long flags) { return syscall(434, pid, flags); }
static long send_sig(long fd, long sig, long flags) { return syscall(424, fd, sig, NULL, flags); }

static volatile int usr1_tid, usr2_tid, stop, ready;
static volatile int tidword = -1;
static unsigned long thread_pending;

static void on_usr1(int sig) { (void)sig; usr1_tid = (int)t_gettid(); }
static void on_usr2(int sig) { (void)sig; usr2_tid = (int)t_gettid(); }

/* The thread: SIGUSR1 unblocked, SIGUSR2 blocked; waits until told to go. */
static int thread_fn(void *arg)
{
	(void)arg;
	unsigned long un = BIT(SIGUSR1), bl = BIT(SIGUSR2);
	t_sys6(SYS_rt_sigprocmask, SIG_UNBLOCK, (long)&un, 0, 8, 0, 0);
	t_sys6(SYS_rt_sigprocmask, SIG_BLOCK, (long)&bl, 0, 8, 0, 0);
	t_atomic_store(&ready, 1);
	while (!t_atomic_load(&stop))
		t_futex_wait(&stop, 0, 0);
	t_sys6(SYS_rt_sigpending, (long)&thread_pending, 8, 0, 0, 0, 0);
	return 0;
}

static int readable(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };
	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, on_usr2);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &s, NULL));    /* only the thread takes SIGUSR1 */

	t_log("clone(CLONE_PIDFD|CLONE_THREAD): a PIDFD_THREAD pidfd");
	char *map = mmap(NULL, T_STACK_SIZE + T_TLS_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(map != MAP_FAILED, "mmap");
	void *self;
	__asm__ volatile ("mov %%fs:0, %0" : "=r"(self));
	char *tp = map + T_STACK_SIZE + T_TLS_SIZE / 2;
	memcpy(tp, self, 256);
	*(void **)tp = tp;
	int tfd = -1;
	long tid = t_raw_clone((T_THREAD_FLAGS | CLONE_PIDFD) & ~CLONE_PARENT_SETTID,
			       map + T_STACK_SIZE, &tfd, (int *)&tidword, (unsigned long)tp, thread_fn, NULL);
	CHECK(tid > 0, "clone: %ld", tid);
	CHECK(tfd >= 0, "no pidfd");
	CHECK(fcntl(tfd, F_GETFL) & PIDFD_THREAD, "F_GETFL lacks PIDFD_THREAD");
	CHECK_EQ(fcntl(tfd, F_GETFD), FD_CLOEXEC);
	CHECK(t_wait_for(&ready, 1), "the thread never started");
	int ofd = pidfd_open(tid, PIDFD_THREAD);
	CHECK(ofd >= 0, "pidfd_open(tid, PIDFD_THREAD): %s", strerror(errno));
	CHECK(fcntl(ofd, F_GETFL) & PIDFD_THREAD, "pidfd_open's F_GETFL lacks PIDFD_THREAD");
	int pfd = pidfd_open(getpid(), 0);
	CHECK(pfd >= 0, "pidfd_open(getpid())");

	t_log("signals through it reach the thread; THREAD_GROUP reaches the process");
	CHECK_OK(send_sig(tfd, SIGUSR1, 0));
	for (int i = 0; i < 10000 && !usr1_tid; i++)
		usleep(1000);
	CHECK(usr1_tid == tid, "SIGUSR1 did not run in the thread");
	CHECK_OK(send_sig(ofd, SIGUSR2, 0));            /* blocked there: stays pending */
	CHECK_EQ(usr2_tid, 0);
	CHECK_OK(send_sig(tfd, SIGUSR2, PIDFD_SIGNAL_THREAD_GROUP));
	CHECK(usr2_tid == gettid(), "SIGUSR2 to the process did not run in the main thread");
	CHECK_ERR(send_sig(tfd, SIGUSR2, PIDFD_SIGNAL_THREAD | PIDFD_SIGNAL_THREAD_GROUP), EINVAL);
	CHECK_ERR(send_sig(tfd, SIGUSR2, 8), EINVAL);
	siginfo_t si;
	CHECK_ERR(waitid(P_PIDFD, tfd, &si, WEXITED | WNOHANG), ECHILD);

	t_log("readable when the thread exits; the process's pidfd is not");
	CHECK(!readable(tfd), "readable while the thread runs");
	t_atomic_store(&stop, 1);
	t_futex_wake(&stop, 1, 0);
	int v;
	while ((v = tidword) != 0)
		t_futex_wait(&tidword, v, 0);
	struct pollfd p = { tfd, POLLIN, 0 };
	CHECK_EQ(poll(&p, 1, 5000), 1);
	CHECK(readable(ofd), "pidfd_open's thread pidfd is not readable");
	CHECK(!readable(pfd), "the process pidfd is readable");
	CHECK_EQ(thread_pending, BIT(SIGUSR2));
	munmap(map, T_STACK_SIZE + T_TLS_SIZE);
	close(tfd);
	close(ofd);
	close(pfd);
	return t_done();
}
