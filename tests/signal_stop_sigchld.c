/*
 * signal_stop_sigchld: job control as signals see it (the wait4/waitid
 * reports themselves are wait_stopped_continued's).  A parent is sent
 * SIGCHLD with CLD_STOPPED and the stopping signal when a child stops, and
 * CLD_CONTINUED with SIGCONT when it continues; with SA_NOCLDSTOP on its
 * SIGCHLD action neither is sent, though wait4 still reports both.
 * SIGTSTP's default action stops too (the child is in a process group of
 * its own, so the stop is not discarded as for an orphaned group).  A
 * stopped child runs no handler: a SIGUSR1 sent meanwhile is handled after
 * SIGCONT, and so is SIGCONT's own handler.
 */
#include "t.h"
#include "t_signal.h"
#include <poll.h>
#include <sys/wait.h>

static int report[2];

static void on_sig(int sig)
{
	char c = (char)sig;
	write(report[1], &c, 1);
}

static pid_t start_child(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		signal(SIGUSR1, on_sig);
		signal(SIGCONT, on_sig);
		for (;;)
			pause();
	}
	setpgid(pid, pid);
	return pid;
}

static int readable(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };
	return poll(&p, 1, 0) == 1;
}

static int sigchld_pending(void)
{
	sigset_t s;
	sigpending(&s);
	return sigismember(&s, SIGCHLD);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_OK(pipe(report));
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	CHECK_OK(sigprocmask(SIG_BLOCK, &chld, NULL));
	int st;
	siginfo_t si;

	t_log("SIGSTOP: SIGCHLD with CLD_STOPPED");
	pid_t pid = start_child();
	CHECK(ts_wait_state(pid, pid, 'S'), "the child never paused");
	CHECK_OK(kill(pid, SIGSTOP));
	CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "status %#x", st);
	CHECK_EQ(sigwaitinfo(&chld, &si), SIGCHLD);
	CHECK_EQ(si.si_code, CLD_STOPPED);
	CHECK_EQ(si.si_status, SIGSTOP);
	CHECK(si.si_pid == pid, "SIGCHLD si_pid");

	t_log("a stopped child runs no handler until SIGCONT");
	CHECK_OK(kill(pid, SIGUSR1));
	CHECK_EQ(ts_state(pid, pid), 'T');
	CHECK(!readable(report[0]), "a handler ran in a stopped child");

	t_log("SIGCONT: SIGCHLD with CLD_CONTINUED; both handlers run");
	CHECK_OK(kill(pid, SIGCONT));
	CHECK_EQ(waitpid(pid, &st, WCONTINUED), pid);
	CHECK(WIFCONTINUED(st), "status %#x", st);
	CHECK_EQ(sigwaitinfo(&chld, &si), SIGCHLD);
	CHECK_EQ(si.si_code, CLD_CONTINUED);
	CHECK_EQ(si.si_status, SIGCONT);
	char got[2] = { 0, 0 };
	CHECK_EQ(read(report[0], got, 1), 1);
	CHECK_EQ(read(report[0], got + 1, 1), 1);
	CHECK((got[0] == SIGUSR1 && got[1] == SIGCONT) || (got[0] == SIGCONT && got[1] == SIGUSR1),
	      "handlers after SIGCONT: %d %d", got[0], got[1]);

	t_log("SIGTSTP stops; with SA_NOCLDSTOP no SIGCHLD, but wait4 still reports");
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sa.sa_flags = SA_NOCLDSTOP;
	CHECK_OK(sigaction(SIGCHLD, &sa, NULL));
	CHECK(ts_wait_state(pid, pid, 'S'), "the child did not pause again");
	CHECK_OK(kill(pid, SIGTSTP));
	CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP, "status %#x", st);
	CHECK_OK(kill(pid, SIGCONT));
	CHECK_EQ(waitpid(pid, &st, WCONTINUED), pid);
	CHECK(WIFCONTINUED(st), "status %#x", st);
	CHECK(!sigchld_pending(), "SIGCHLD sent despite SA_NOCLDSTOP");
	CHECK_EQ(read(report[0], got, 1), 1);
	CHECK_EQ(got[0], SIGCONT);

	CHECK_OK(kill(pid, SIGKILL));
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	close(report[0]);
	close(report[1]);
	return t_done();
}
