/*
 * kill_targets: whom kill(pid, sig) reaches, and its errnos.  pid > 0 is
 * that process (a zombie still counts; once reaped: ESRCH); pid 0 is the
 * caller's process group, the caller included; pid < -1 is process group
 * -pid; pid -1 is every process the caller may signal except itself and
 * the init of its pid namespace - tried only inside a fresh pid namespace,
 * where it reaches that namespace's processes and nothing else, and gives
 * ESRCH once there is nobody left.  No such process or group is ESRCH
 * (INT_MIN too), whatever the signal; a signal number outside 0..64 sent
 * to someone who exists is EINVAL.  After setuid(65534) a child may signal itself but not a
 * root process (EPERM, even for signal 0), and a group of which it may
 * signal no member gives EPERM.
 */
#include "t.h"
#include "t_signal.h"
#include "t_clone.h"
#include <limits.h>
#include <sys/wait.h>

/* A child that waits for signals in its own (or a given) process group. */
static pid_t pauser(pid_t pgid)
{
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, pgid);
		signal(SIGUSR1, SIG_DFL);
		signal(SIGUSR2, SIG_DFL);
		for (;;)
			pause();
	}
	setpgid(pid, pgid ? pgid : pid);
	return pid;
}

static int died_of(pid_t pid, int sig)
{
	int st;
	return waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == sig;
}

/* In a new pid namespace, as its init: kill(-1) reaches the others only. */
static int ns_init(void *arg)
{
	(void)arg;
	int bad = 0;
	if (getpid() != 1)
		return 100;
	pid_t a = pauser(0), b = pauser(0);
	signal(SIGUSR1, SIG_IGN);       /* in case kill(-1) wrongly reached us */
	if (kill(-1, SIGUSR1) != 0)
		bad |= 2;
	if (!died_of(a, SIGUSR1) || !died_of(b, SIGUSR1))
		bad |= 4;
	errno = 0;
	if (kill(-1, SIGUSR1) != -1 || errno != ESRCH)
		bad |= 8;
	errno = 0;
	if (kill(-1, 0) != -1 || errno != ESRCH)
		bad |= 16;
	return bad;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int st;

	t_log("pid > 0: a live process, a zombie; ESRCH once reaped");
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	siginfo_t si;
	CHECK_OK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT));
	CHECK_OK(kill(pid, 0));
	CHECK_OK(kill(pid, SIGUSR1));           /* a zombie ignores it */
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);
	CHECK_ERR(kill(pid, 0), ESRCH);
	CHECK_ERR(kill(pid, SIGKILL), ESRCH);

	t_log("errnos: ESRCH for nobody (looked for first), else EINVAL for the signal");
	CHECK_ERR(kill(getpid(), 65), EINVAL);
	CHECK_ERR(kill(getpid(), -1), EINVAL);
	CHECK_ERR(kill(0, 65), EINVAL);
	CHECK_ERR(kill(pid, 65), ESRCH);
	CHECK_ERR(kill(INT_MIN, 0), ESRCH);
	CHECK_ERR(kill(-pid, 0), ESRCH);
	CHECK_ERR(kill(INT_MAX, 0), ESRCH);
	CHECK_OK(kill(getpid(), 0));

	t_log("pid < -1: a process group; pid 0: our own group, us included");
	pid_t lead = pauser(0);
	pid_t member = pauser(lead);
	CHECK_OK(kill(-lead, SIGUSR1));
	CHECK(died_of(lead, SIGUSR1), "group leader not killed");
	CHECK(died_of(member, SIGUSR1), "group member not killed");
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		pid_t a = pauser(getpid()), b = pauser(getpid());
		signal(SIGUSR2, SIG_IGN);       /* the pausers keep SIG_DFL */
		if (kill(0, SIGUSR2) != 0)
			_exit(1);
		_exit(died_of(a, SIGUSR2) && died_of(b, SIGUSR2) ? 0 : 2);
	}
	setpgid(pid, pid);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "kill(0) child: status %#x", st);

	t_log("pid -1, inside a new pid namespace");
	struct tc_clone_args ca = { .flags = CLONE_NEWPID, .exit_signal = SIGCHLD };
	long ns = tc_clone3_run(&ca, TC_ARGS_VER0, ns_init, NULL);
	CHECK(ns > 0, "clone3(CLONE_NEWPID): %ld", ns);
	st = tc_reap(ns);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "namespace init: status %#x", st);

	t_log("EPERM after setuid(65534): root processes, a root group; itself is fine");
	lead = pauser(0);
	pid_t me = getpid();
	pid = fork();
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(100);
		int bad = 0;
		errno = 0;
		if (kill(me, 0) != -1 || errno != EPERM)
			bad |= 1;
		errno = 0;
		if (kill(me, SIGUSR1) != -1 || errno != EPERM)
			bad |= 2;
		errno = 0;
		if (kill(-lead, SIGUSR1) != -1 || errno != EPERM)
			bad |= 4;
		if (kill(getpid(), 0) != 0)
			bad |= 8;
		signal(SIGUSR1, SIG_IGN);
		if (kill(getpid(), SIGUSR1) != 0)
			bad |= 16;
		_exit(bad);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "unprivileged child: status %#x", st);
	CHECK_OK(kill(lead, SIGKILL));
	CHECK(died_of(lead, SIGKILL), "pauser not killed");
	return t_done();
}
