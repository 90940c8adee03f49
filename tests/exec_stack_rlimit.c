/*
 * exec_stack_rlimit: the stack area a new program starts with is the
 * pages holding its arguments plus 128 KiB of room, cut to RLIMIT_STACK
 * (Linux's setup_arg_pages).  With a 64 KiB limit, /proc/self/maps of the
 * new program shows a [stack] area of exactly 64 KiB; with a 96 KiB limit,
 * exactly 96 KiB.  Under the default limit it is larger than 128 KiB.  The
 * program runs normally in each case.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>

static char maps[65536];                /* not on the stack: it is small */

/* The size of the [stack] area, or -1. */
static long stack_area_size(void)
{
	int fd = open("/proc/self/maps", O_RDONLY);
	if (fd < 0)
		return -1;
	size_t got = 0;
	ssize_t r;
	while (got < sizeof maps - 1 && (r = read(fd, maps + got, sizeof maps - 1 - got)) > 0)
		got += r;
	close(fd);
	maps[got] = 0;
	for (char *line = maps; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		if (strstr(line, "[stack]")) {
			unsigned long lo, hi;
			if (sscanf(line, "%lx-%lx", &lo, &hi) == 2)
				return (long)(hi - lo);
		}
		if (nl)
			*nl = '\n';
	}
	return -1;
}

/* Runs ourselves with RLIMIT_STACK soft limit lim; returns the child's report. */
static long child_stack_size(rlim_t lim, const char *self)
{
	int p[2];
	if (pipe(p))
		return -2;
	pid_t c = fork();
	if (c == 0) {
		struct rlimit rl;
		getrlimit(RLIMIT_STACK, &rl);
		rl.rlim_cur = lim;
		if (setrlimit(RLIMIT_STACK, &rl))
			_exit(100);
		dup2(p[1], 1);
		char *args[] = { (char *)self, "report", NULL }, *env[] = { NULL };
		execve(self, args, env);
		_exit(101);
	}
	close(p[1]);
	char buf[64] = "";
	ssize_t n = read(p[0], buf, sizeof buf - 1);
	close(p[0]);
	int st;
	waitpid(c, &st, 0);
	if (n <= 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		return -3;
	return atol(buf);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "report") == 0) {
		dprintf(1, "%ld\n", stack_area_size());
		return 0;
	}
	t_start(argv[0]);
	CHECK_EQ(child_stack_size(64 * 1024, argv[0]), 64 * 1024);
	t_log("RLIMIT_STACK 64 KiB: the new program's stack area is 64 KiB");
	CHECK_EQ(child_stack_size(96 * 1024, argv[0]), 96 * 1024);
	t_log("RLIMIT_STACK 96 KiB: 96 KiB");
	long big = child_stack_size(8 * 1024 * 1024, argv[0]);
	CHECK(big > 128 * 1024 && big < 1024 * 1024, "RLIMIT_STACK 8 MiB: stack area %ld bytes", big);
	t_log("RLIMIT_STACK 8 MiB: the arguments' pages plus 128 KiB");
	return t_done();
}
