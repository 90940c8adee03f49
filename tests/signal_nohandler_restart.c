/*
 * signal_nohandler_restart: a signal that runs no handler never makes a
 * blocking system call fail.  A child asleep in read, wait4, futex wait
 * (with and without a timeout) or nanosleep is stopped with SIGSTOP and
 * continued with SIGCONT, and is sent SIGWINCH (ignored by default) and
 * SIGUSR2 (set to SIG_IGN); each call then goes on as if nothing had
 * happened: read returns the byte written afterwards, wait4 the child,
 * futex 0 after the wake, and nanosleep 0 after sleeping its full time.
 */
#include "t.h"
#include "t_signal.h"
#include <sys/mman.h>
#include <sys/wait.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define SLEEP_NS 500000000L

enum { K_READ, K_WAIT4, K_FUTEX, K_FUTEX_TIMED, K_NANOSLEEP, NKINDS };
static const char *kind_name[] = { "read", "wait4", "futex wait", "futex wait with a timeout",
				   "nanosleep" };

struct shared {
	volatile int futex;
	long ret;
	int err;
	long slept_ns;
};
static struct shared *sh;
static int data[2], hold[2];

static long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void __attribute__((noreturn)) child(int kind)
{
	signal(SIGUSR2, SIG_IGN);
	signal(SIGWINCH, SIG_DFL);
	char c;
	long r = -1;
	errno = 0;
	switch (kind) {
	case K_READ:
		r = read(data[0], &c, 1);
		break;
	case K_WAIT4: {
		pid_t g = fork();
		if (g == 0) {
			read(hold[0], &c, 1);
			_exit(5);
		}
		int st = 0;
		r = wait4(g, &st, 0, NULL);
		if (r < 0) {
			int e = errno;
			kill(g, SIGKILL);
			waitpid(g, &st, 0);
			errno = e;
		}
		break;
	}
	case K_FUTEX:
		r = syscall(SYS_futex, &sh->futex, FUTEX_WAIT, 0, NULL, NULL, 0);
		break;
	case K_FUTEX_TIMED: {
		struct timespec ts = { 30, 0 };
		r = syscall(SYS_futex, &sh->futex, FUTEX_WAIT, 0, &ts, NULL, 0);
		break;
	}
	case K_NANOSLEEP: {
		struct timespec req = { 0, SLEEP_NS };
		long t0 = now_ns();
		r = syscall(SYS_nanosleep, &req, NULL);
		sh->slept_ns = now_ns() - t0;
		break;
	}
	}
	sh->ret = r;
	sh->err = errno;
	_exit(0);
}

static void run(int kind)
{
	t_log("%s: SIGSTOP, SIGCONT, SIGWINCH and an ignored SIGUSR2 change nothing",
	      kind_name[kind]);
	memset(sh, 0, sizeof *sh);
	CHECK_OK(pipe(data));
	CHECK_OK(pipe(hold));
	pid_t pid = fork();
	if (pid == 0)
		child(kind);
	CHECK(ts_wait_state(pid, pid, 'S'), "the child never slept");
	CHECK_OK(kill(pid, SIGWINCH));
	CHECK_OK(kill(pid, SIGUSR2));
	CHECK_OK(kill(pid, SIGSTOP));
	CHECK(ts_wait_state(pid, pid, 'T'), "the child did not stop");
	CHECK_OK(kill(pid, SIGCONT));
	if (kind != K_NANOSLEEP)
		CHECK(ts_wait_state(pid, pid, 'S'), "the child did not sleep again");
	switch (kind) {
	case K_READ:
		CHECK_EQ(write(data[1], "y", 1), 1);
		break;
	case K_WAIT4:
		CHECK_EQ(write(hold[1], "y", 1), 1);
		break;
	case K_FUTEX:
	case K_FUTEX_TIMED:
		sh->futex = 1;
		CHECK_OK(syscall(SYS_futex, &sh->futex, FUTEX_WAKE, 1, NULL, NULL, 0));
		break;
	}
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %#x", st);
	CHECK(sh->ret >= 0, "%s returned %ld errno %d", kind_name[kind], sh->ret, sh->err);
	if (kind == K_NANOSLEEP)
		CHECK(sh->slept_ns >= SLEEP_NS, "nanosleep returned early");
	close(data[0]);
	close(data[1]);
	close(hold[0]);
	close(hold[1]);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap");
	for (int k = 0; k < NKINDS; k++)
		run(k);
	return t_done();
}
