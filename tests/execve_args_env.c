/*
 * execve_args_env: the new image gets exactly the argv and envp given to
 * execve, in order, including empty strings, spaces and a long string, and
 * an empty envp gives an empty environment.  The pid is kept across exec
 * and the parent stays the same.  The new image (this program again)
 * checks and answers with its exit code.
 */
#include "t.h"
#include <sys/wait.h>

extern char **environ;

enum { LONG_LEN = 5000 };
static char long_arg[LONG_LEN + 1], long_env[LONG_LEN + 6];

static void make_long(void)
{
	for (int i = 0; i < LONG_LEN; i++)
		long_arg[i] = 'a' + i % 26;
	long_arg[LONG_LEN] = 0;
	snprintf(long_env, sizeof long_env, "LONG=%s", long_arg);
}

static const char *want_args[] = { "image", "", "with space", "tab\there", NULL /* long */, "last" };
static const char *want_env[] = { "A=1", "EMPTY=", "NOEQUALS", NULL /* long */, "Z=end" };

/* The new image: argv = { path, "image", ..., "last", pid, ppid }. */
static int image(int argc, char **argv)
{
	int bad = 0;
	make_long();
	want_args[4] = long_arg;
	want_env[3] = long_env;
	if (argc != 9)
		return 10;
	for (int i = 0; i < 6; i++)
		if (strcmp(argv[1 + i], want_args[i]) != 0)
			bad |= 1;
	if (argv[argc] != NULL)
		bad |= 2;
	if (atoi(argv[7]) != getpid())
		bad |= 4;
	if (atoi(argv[8]) != getppid())
		bad |= 8;
	int n = 0;
	for (char **e = environ; *e; e++, n++)
		if (n >= 5 || strcmp(*e, want_env[n]) != 0)
			bad |= 16;
	if (n != 5)
		bad |= 32;
	if (strcmp(getenv("A") ? getenv("A") : "", "1") != 0)
		bad |= 64;
	return bad ? 100 + bad : 42;
}

static int empty_env_image(void)
{
	return environ[0] == NULL ? 43 : 44;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "image") == 0)
		return image(argc, argv);
	if (argc == 2 && strcmp(argv[1], "empty-env") == 0)
		return empty_env_image();
	t_start(argv[0]);
	make_long();
	int st = -1;
	pid_t pid = fork();
	if (pid == 0) {
		char spid[16], sppid[16];
		snprintf(spid, sizeof spid, "%d", getpid());
		snprintf(sppid, sizeof sppid, "%d", getppid());
		char *args[] = { argv[0], "image", "", "with space", "tab\there", long_arg, "last", spid, sppid, NULL };
		char *env[] = { "A=1", "EMPTY=", "NOEQUALS", long_env, "Z=end", NULL };
		execve(argv[0], args, env);
		_exit(127);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st), "status 0x%x", st);
	int code = WEXITSTATUS(st);
	CHECK(code == 42, "new image reported %d (42 = good; 100 + bits: 1 argv, 2 argv end, 4 pid, "
	      "8 ppid, 16 envp, 32 env count, 64 getenv; 10 argc)", code);

	pid = fork();
	if (pid == 0) {
		char *args[] = { argv[0], "empty-env", NULL };
		char *env[] = { NULL };
		execve(argv[0], args, env);
		_exit(127);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 43, "empty envp: status 0x%x", st);
	return t_done();
}
