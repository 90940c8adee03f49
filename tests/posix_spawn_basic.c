/*
 * posix_spawn_basic: musl's posix_spawn (CLONE_VM|CLONE_VFORK child on the
 * caller's stack, exec errors reported through an O_CLOEXEC pipe):
 * spawning argv[0] in a helper mode hands back its pid and exit code
 * through waitpid; posix_spawnp does the same (argv[0] has a slash); a
 * dup2 file action puts a pipe on the child's stdout; the given envp and
 * POSIX_SPAWN_SETPGROUP arrive; a path that does not exist returns ENOENT
 * and leaves no child behind.
 */
#include "t.h"
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

static int helper(int argc, char **argv)
{
	if (strcmp(argv[2], "exit") == 0)
		return atoi(argv[3]);
	if (strcmp(argv[2], "write") == 0) {
		const char msg[] = "hello from the spawned child\n";
		return write(1, msg, sizeof msg - 1) == sizeof msg - 1 ? 5 : 6;
	}
	if (strcmp(argv[2], "env") == 0) {
		const char *v = getenv("SPAWN_TEST");
		int n = 0;
		for (char **e = environ; *e; e++)
			n++;
		return v && strcmp(v, "yes") == 0 && n == 2 ? 8 : 9;
	}
	if (strcmp(argv[2], "pgrp") == 0)
		return getpgrp() == getpid() ? 10 : 11;
	(void)argc;
	return 99;
}

static int exit_code_of(pid_t pid)
{
	int st = -1;
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -2;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "helper") == 0)
		return helper(argc, argv);
	t_start(argv[0]);
	pid_t pid = -1;

	char *a_exit[] = { argv[0], "helper", "exit", "23", NULL };
	CHECK_EQ(posix_spawn(&pid, argv[0], NULL, NULL, a_exit, environ), 0);
	CHECK(pid > 0, "posix_spawn gave a pid");
	CHECK_EQ(exit_code_of(pid), 23);

	char *a_exit2[] = { argv[0], "helper", "exit", "201", NULL };
	CHECK_EQ(posix_spawnp(&pid, argv[0], NULL, NULL, a_exit2, environ), 0);
	CHECK_EQ(exit_code_of(pid), 201);

	/* File actions: the child's stdout is our pipe; our stdout is unchanged. */
	int p[2];
	CHECK_OK(pipe(p));
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	posix_spawn_file_actions_addclose(&fa, p[1]);
	char *a_write[] = { argv[0], "helper", "write", NULL };
	CHECK_EQ(posix_spawn(&pid, argv[0], &fa, NULL, a_write, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	char buf[128];
	int n = 0;
	ssize_t r;
	while (n < (int)sizeof buf - 1 && (r = read(p[0], buf + n, sizeof buf - 1 - n)) > 0)
		n += r;
	buf[n] = 0;
	close(p[0]);
	CHECK(strcmp(buf, "hello from the spawned child\n") == 0, "read back \"%s\"", buf);
	CHECK_EQ(exit_code_of(pid), 5);

	/* Our own envp. */
	char *env[] = { "SPAWN_TEST=yes", "OTHER=1", NULL };
	char *a_env[] = { argv[0], "helper", "env", NULL };
	CHECK_EQ(posix_spawn(&pid, argv[0], NULL, NULL, a_env, env), 0);
	CHECK_EQ(exit_code_of(pid), 8);

	/* POSIX_SPAWN_SETPGROUP with 0: the child leads a new group. */
	posix_spawnattr_t at;
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&at, 0);
	char *a_pgrp[] = { argv[0], "helper", "pgrp", NULL };
	CHECK_EQ(posix_spawn(&pid, argv[0], NULL, &at, a_pgrp, environ), 0);
	posix_spawnattr_destroy(&at);
	CHECK_EQ(exit_code_of(pid), 10);

	/* A path that does not exist: ENOENT, and the failed child is already reaped. */
	char *a_none[] = { "/nonexistent/posix_spawn_basic", NULL };
	CHECK_EQ(posix_spawn(&pid, "/nonexistent/posix_spawn_basic", NULL, NULL, a_none, environ), ENOENT);
	CHECK_EQ(posix_spawnp(&pid, "/nonexistent/posix_spawn_basic", NULL, NULL, a_none, environ), ENOENT);
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	return t_done();
}
