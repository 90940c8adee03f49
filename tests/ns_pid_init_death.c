/*
 * ns_pid_init_death: when the init of a pid namespace dies, every other
 * process in the namespace dies with it (SIGKILL), its own children and
 * deeper descendants alike, whatever they block or ignore - and by the
 * time the parent's wait4 reports the init, they are all gone: the write
 * ends of a pipe that only they held are closed.  The same when the init
 * is killed from outside.  The init's exit status is its own.
 */
#include "t.h"
#include "t_signal.h"
#include "t_clone.h"
#include <poll.h>
#include <sys/wait.h>

static int alive[2], ready[2], started[2];

/* A process that holds alive[1] and never leaves on its own. */
static void __attribute__((noreturn)) linger(void)
{
	sigset_t all;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	signal(SIGTERM, SIG_IGN);
	write(ready[1], "r", 1);
	for (;;)
		pause();
}

/* init: two children and a grandchild that linger, then exit or wait. */
static int ns_init(void *arg)
{
	int wait_to_be_killed = (int)(long)arg;
	for (int i = 0; i < 2; i++)
		if (fork() == 0)
			linger();
	if (fork() == 0) {
		if (fork() == 0)
			linger();
		linger();
	}
	close(alive[1]);
	char buf[4];
	int got = 0;
	while (got < 4) {
		ssize_t n = read(ready[0], buf, 4 - got);
		if (n <= 0)
			return 99;
		got += (int)n;
	}
	write(started[1], "s", 1);
	if (wait_to_be_killed)
		for (;;)
			pause();
	return 7;
}

static int writers_gone(void)
{
	struct pollfd p = { alive[0], POLLIN, 0 };
	return poll(&p, 1, 0) == 1 && (p.revents & POLLHUP);
}

static void run(int killed)
{
	CHECK_OK(pipe(alive));
	CHECK_OK(pipe(ready));
	CHECK_OK(pipe(started));
	struct tc_clone_args ca = { .flags = CLONE_NEWPID, .exit_signal = SIGCHLD };
	long pid = tc_clone3_run(&ca, TC_ARGS_VER0, ns_init, (void *)(long)killed);
	CHECK(pid > 0, "clone3: %ld", pid);
	close(alive[1]);
	char c;
	CHECK_EQ(read(started[0], &c, 1), 1);
	if (killed) {
		CHECK_OK(kill(pid, SIGKILL));
	}
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	if (killed)
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "status %#x", st);
	else
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "status %#x", st);
	CHECK(writers_gone(), "a process of the namespace outlived its init");
	close(alive[0]);
	close(ready[0]);
	close(ready[1]);
	close(started[0]);
	close(started[1]);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	t_log("the init exits: the rest of the namespace is killed first");
	run(0);
	t_log("the init is killed from outside: the same");
	run(1);
	return t_done();
}
