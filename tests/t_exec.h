/*
 * t_exec.h - run a program through execveat in a child and see what the
 * program got: the exec tests make their test program itself the
 * program (or a script's interpreter), which reports its argv.
 *
 * A test calls t_exec_report(argc, argv) first in main: when started by
 * t_exec_run, it writes its argv to the parent as "arg0|arg1|..." and
 * exits T_EXEC_RAN.
 */
#ifndef USHI_T_EXEC_H
#define USHI_T_EXEC_H

#include "t.h"
#include <sys/syscall.h>
#include <sys/wait.h>

#define T_EXEC_RAN 99
#define T_EXEC_ENV "T_EXEC_REPORT_FD"

extern char **environ;

/* In the program started by t_exec_run: report argv and exit. */
static inline void t_exec_report(int argc, char **argv)
{
	const char *fd = getenv(T_EXEC_ENV);
	if (!fd)
		return;
	for (int i = 0; i < argc; i++)
		dprintf(atoi(fd), "%s%s", i ? "|" : "", argv[i]);
	_exit(T_EXEC_RAN);
}

/*
 * Forks a child that calls execveat(dfd, path, argv, environ, flags).
 * Returns 0 when the program ran (its argv in out, joined by '|'),
 * else the errno the exec failed with; -1 for anything else.
 */
static inline int t_exec_run(int dfd, const char *path, int flags, char *const argv[],
			     char *out, size_t size)
{
	int p[2];
	if (pipe(p))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		char fd[16];
		close(p[0]);
		snprintf(fd, sizeof fd, "%d", p[1]);
		setenv(T_EXEC_ENV, fd, 1);
		syscall(SYS_execveat, dfd, path, argv, environ, flags);
		_exit(errno);
	}
	close(p[1]);
	size_t n = 0;
	ssize_t r;
	while (n + 1 < size && (r = read(p[0], out + n, size - 1 - n)) > 0)
		n += r;
	out[n] = 0;
	close(p[0]);
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status) == T_EXEC_RAN ? 0 : WEXITSTATUS(status);
}

#endif
