/*
 * ptrace_errors: Linux's errnos.  ESRCH: no such task, a task we do not
 * trace, a tracee that is not stopped.  EPERM: attaching to ourselves, to
 * a task already traced, to a task of another uid without
 * CAP_SYS_PTRACE; a second TRACEME.  EIO: SEIZE with an address or
 * unknown options, a resume with no valid signal, a misaligned or
 * too-large PEEKUSER offset, an unknown request.  EFAULT: GETREGS into
 * an unmapped buffer.  EINVAL: unknown options to SETOPTIONS.
 */
#include "t.h"
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>

/* A child that sleeps in read until its end of go is closed. */
static pid_t sleeper(int go[2])
{
	if (pipe(go))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(go[1]);
		read(go[0], &c, 1);
		_exit(0);
	}
	close(go[0]);
	return pid;
}

/* As a uid of its own, the child may not trace its grandchild, still root's. */
static int other_uid(void)
{
	int go[2];
	pid_t gc = sleeper(go);
	if (gc < 0 || setuid(65534))
		return 20;
	int ok = ptrace(PTRACE_ATTACH, gc, NULL, NULL) == -1 && errno == EPERM;
	ok = ok && ptrace(PTRACE_SEIZE, gc, NULL, NULL) == -1 && errno == EPERM;
	close(go[1]);
	waitpid(gc, NULL, 0);
	return ok ? 0 : 21;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	if (getuid() != 0)
		return t_skip("needs root (the other-uid case)");
	pid_t gone = fork();
	if (gone == 0)
		_exit(0);
	CHECK_EQ(waitpid(gone, NULL, 0), gone);
	CHECK_ERR(ptrace(PTRACE_ATTACH, gone, NULL, NULL), ESRCH);
	CHECK_ERR(ptrace(PTRACE_CONT, gone, NULL, NULL), ESRCH);
	CHECK_ERR(ptrace(PTRACE_ATTACH, getpid(), NULL, NULL), EPERM);

	int go[2];
	pid_t pid = sleeper(go);
	CHECK(pid > 0, "fork");
	CHECK_ERR(ptrace(PTRACE_CONT, pid, NULL, NULL), ESRCH);         /* not traced */
	CHECK_ERR(ptrace(PTRACE_SEIZE, pid, (void *)8, NULL), EIO);
	CHECK_ERR(ptrace(PTRACE_SEIZE, pid, NULL, (void *)(1L << 30)), EIO);
	CHECK_OK(ptrace(PTRACE_SEIZE, pid, NULL, NULL));
	CHECK_ERR(ptrace(PTRACE_ATTACH, pid, NULL, NULL), EPERM);       /* traced already */
	CHECK_ERR(ptrace(PTRACE_PEEKDATA, pid, &go, NULL), ESRCH);      /* running */
	CHECK_ERR(ptrace(PTRACE_GETREGS, pid, NULL, NULL), ESRCH);

	/* stop it: a signal-delivery stop */
	CHECK_OK(kill(pid, SIGUSR1));
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGUSR1, "status 0x%x", st);
	CHECK_ERR(ptrace(PTRACE_CONT, pid, NULL, (void *)1000), EIO);
	CHECK_ERR(ptrace(PTRACE_PEEKUSER, pid, (void *)3, NULL), EIO);
	CHECK_ERR(ptrace(PTRACE_PEEKUSER, pid, (void *)4096, NULL), EIO);
	CHECK_ERR(ptrace(0x1234, pid, NULL, NULL), EIO);
	CHECK_ERR(ptrace(PTRACE_GETREGS, pid, NULL, (void *)8), EFAULT);
	CHECK_ERR(ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(1L << 30)), EINVAL);
	CHECK_ERR(ptrace(PTRACE_DETACH, pid, NULL, (void *)1000), EIO);
	CHECK_OK(ptrace(PTRACE_DETACH, pid, NULL, 0));                  /* SIGUSR1 cancelled */
	CHECK_ERR(ptrace(PTRACE_CONT, pid, NULL, NULL), ESRCH);         /* not ours any more */
	close(go[1]);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "end: status 0x%x", st);

	pid_t c = fork();
	if (c == 0)
		_exit(other_uid());
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "other uid: status 0x%x", st);

	c = fork();
	if (c == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
			_exit(30);
		_exit(ptrace(PTRACE_TRACEME, 0, NULL, NULL) == -1 && errno == EPERM ? 0 : 31);
	}
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "TRACEME twice: status 0x%x", st);
	return t_done();
}
