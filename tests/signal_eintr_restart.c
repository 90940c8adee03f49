/*
 * signal_eintr_restart: a handled signal interrupts a blocking system
 * call.  Without SA_RESTART, read of an empty pipe, write to a full pipe,
 * wait4 and futex wait fail with EINTR; with SA_RESTART they go back to
 * sleep after the handler and finish normally later.  nanosleep, pause
 * and a futex wait with a timeout give EINTR even with SA_RESTART (Linux
 * never restarts them after a handler), and nanosleep reports the time
 * left.  Each case runs in a forked child; the parent sends SIGUSR1 once
 * /proc says the child is asleep, and for a restart waits for it to be
 * asleep again before it lets the call finish.
 */
#include "t.h"
#include "t_signal.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

enum { K_READ, K_WRITE, K_WAIT4, K_FUTEX, K_FUTEX_TIMED, K_NANOSLEEP, K_PAUSE, NKINDS };
static const char *kind_name[] = { "read of an empty pipe", "write to a full pipe", "wait4",
				   "futex wait", "futex wait with a timeout", "nanosleep", "pause" };
static const int restarts[] = { 1, 1, 1, 1, 0, 0, 0 };

struct shared {
	volatile int handled;
	volatile int futex;
	long ret;
	int err;
	long rem_sec;
};
static struct shared *sh;
static int data[2], hold[2];

static void on_usr1(int sig)
{
	(void)sig;
	__atomic_add_fetch(&sh->handled, 1, __ATOMIC_SEQ_CST);
}

/* The child: one blocking call, the result into shared memory. */
static void __attribute__((noreturn)) child(int kind, int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sa.sa_flags = flags;
	sigaction(SIGUSR1, &sa, NULL);
	char c = 'x';
	long r = -1;
	errno = 0;
	switch (kind) {
	case K_READ:
		r = read(data[0], &c, 1);
		break;
	case K_WRITE:
		fcntl(data[1], F_SETFL, O_NONBLOCK);
		while (write(data[1], "xxxxxxxxxxxxxxxx", 16) > 0)
			;
		fcntl(data[1], F_SETFL, 0);
		errno = 0;
		r = write(data[1], &c, 1);
		break;
	case K_WAIT4: {
		pid_t g = fork();
		if (g == 0) {
			read(hold[0], &c, 1);
			_exit(5);
		}
		int st = 0;
		r = wait4(g, &st, 0, NULL);
		int e = errno;
		if (r < 0) {
			kill(g, SIGKILL);
			waitpid(g, &st, 0);
		} else if (!WIFEXITED(st) || WEXITSTATUS(st) != 5) {
			r = -2;
		}
		errno = e;
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
		struct timespec req = { 30, 0 }, rem = { -1, -1 };
		r = syscall(SYS_nanosleep, &req, &rem);
		sh->rem_sec = rem.tv_sec;
		break;
	}
	case K_PAUSE:
		r = pause();
		break;
	}
	sh->ret = r;
	sh->err = errno;
	_exit(0);
}

/* Lets a restarted call finish. */
static void complete(int kind)
{
	char buf[4096];
	switch (kind) {
	case K_READ:
		CHECK_EQ(write(data[1], "y", 1), 1);
		break;
	case K_WRITE:
		CHECK(read(data[0], buf, sizeof buf) > 0, "read");
		break;
	case K_WAIT4:
		CHECK_EQ(write(hold[1], "y", 1), 1);
		break;
	case K_FUTEX:
		sh->futex = 1;
		CHECK_OK(syscall(SYS_futex, &sh->futex, FUTEX_WAKE, 1, NULL, NULL, 0));
		break;
	}
}

static void run(int kind, int flags)
{
	int restart = (flags & SA_RESTART) && restarts[kind];
	t_log("%s, %s: %s", kind_name[kind], flags ? "SA_RESTART" : "no SA_RESTART",
	      restart ? "restarts" : "EINTR");
	memset(sh, 0, sizeof *sh);
	CHECK_OK(pipe(data));
	CHECK_OK(pipe(hold));
	pid_t pid = fork();
	if (pid == 0)
		child(kind, flags);
	CHECK(ts_wait_state(pid, pid, 'S'), "the child never slept");
	CHECK_OK(kill(pid, SIGUSR1));
	for (int i = 0; i < 10000 && !__atomic_load_n(&sh->handled, __ATOMIC_SEQ_CST); i++)
		usleep(1000);
	CHECK_EQ(sh->handled, 1);
	if (restart) {
		CHECK(ts_wait_state(pid, pid, 'S'), "the child did not go back to sleep");
		complete(kind);
	}
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %#x", st);
	if (restart) {
		CHECK(sh->ret >= 0, "%s returned %ld errno %d", kind_name[kind], sh->ret, sh->err);
	} else {
		CHECK_EQ(sh->ret, -1);
		CHECK_EQ(sh->err, EINTR);
	}
	if (kind == K_NANOSLEEP)
		CHECK(sh->rem_sec > 0 && sh->rem_sec <= 30, "nanosleep's remaining time %ld s", sh->rem_sec);
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
	for (int k = 0; k < NKINDS; k++) {
		run(k, 0);
		run(k, SA_RESTART);
	}
	return t_done();
}
