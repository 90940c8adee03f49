/*
 * exit_status_codes: the low 8 bits of the exit code reach the parent as
 * (code & 0xff) << 8, through exit(), _exit(), raw exit_group and raw exit
 * (in a single-threaded process SYS_exit ends the process too).
 */
#include "t.h"
#include <sys/syscall.h>
#include <sys/wait.h>

enum { VIA_EXIT, VIA_UNDERSCORE_EXIT, VIA_EXIT_GROUP, VIA_SYS_EXIT };
static const char *via_name[] = { "exit", "_exit", "exit_group", "SYS_exit" };

/* Forks a child that ends with `code` the given way; returns the raw wait status. */
static int status_of(int how, int code)
{
	pid_t pid = fork();
	if (pid == 0) {
		switch (how) {
		case VIA_EXIT: exit(code);
		case VIA_UNDERSCORE_EXIT: _exit(code);
		case VIA_EXIT_GROUP: syscall(SYS_exit_group, code); break;
		case VIA_SYS_EXIT: syscall(SYS_exit, code); break;
		}
		_exit(99);
	}
	if (pid < 0)
		return -1;
	int st = -1;
	pid_t r = waitpid(pid, &st, 0);
	if (r != pid)
		return -2;
	return st;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	static const int codes[] = { 0, 1, 42, 127, 128, 255, 256, 257, 511, -1, -255, 0x12345 };
	for (int how = VIA_EXIT; how <= VIA_SYS_EXIT; how++) {
		for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
			int code = codes[i];
			int st = status_of(how, code);
			CHECK(st == ((code & 0xff) << 8),
			      "%s(%d): status 0x%x, expected 0x%x", via_name[how], code, st,
			      (code & 0xff) << 8);
			CHECK(WIFEXITED(st) && !WIFSIGNALED(st), "%s(%d) is a normal exit", via_name[how], code);
			CHECK(WEXITSTATUS(st) == (code & 0xff), "%s(%d): WEXITSTATUS %d", via_name[how], code,
			      WEXITSTATUS(st));
		}
	}
	t_log("exit(256) gives %d, exit(257) gives %d, exit_group(-1) gives %d",
	      WEXITSTATUS(status_of(VIA_EXIT, 256)), WEXITSTATUS(status_of(VIA_EXIT, 257)),
	      WEXITSTATUS(status_of(VIA_EXIT_GROUP, -1)));
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	return t_done();
}
