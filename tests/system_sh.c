/*
 * system_sh: musl's system() - posix_spawn of /bin/sh with SIGINT/SIGQUIT
 * ignored and SIGCHLD blocked in the caller - returns the shell's wait
 * status; a shell pipeline's exit status and output come back.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int st = system("exit 3");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "system(\"exit 3\") status 0x%x", st);
	st = system("true");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "system(\"true\") status 0x%x", st);
	char path[64];
	snprintf(path, sizeof path, "/tmp/system_sh.%d", getpid());
	char cmd[160];
	snprintf(cmd, sizeof cmd, "echo one two | (read a b; echo \"$b $a\") > %s", path);
	st = system(cmd);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "pipeline status 0x%x", st);
	char buf[32] = "";
	int fd = open(path, O_RDONLY);
	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	if (fd >= 0) {
		CHECK(read(fd, buf, sizeof buf - 1) > 0, "read");
		close(fd);
	}
	CHECK(strcmp(buf, "two one\n") == 0, "pipeline output \"%s\"", buf);
	unlink(path);
	t_log("system() runs /bin/sh and returns its wait status");
	return t_done();
}
