/*
 * personality_flags: personality(2), as Linux.  0xffffffff only asks; a
 * task starts as PER_LINUX (0); any value is kept and the old one
 * returned; a fork inherits it; execve keeps it but clears
 * READ_IMPLIES_EXEC.  UNAME26 makes uname's release "2.6.(60+minor)..."
 * with the rest of the field zero; STICKY_TIMEOUTS keeps select from
 * writing the time left into its timeout (the raw call: musl's select
 * passes the kernel a copy).
 */
#include "t.h"
#include <sys/personality.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define QUERY 0xffffffffUL

static int exit_status(pid_t c)
{
	int st = -1;
	if (waitpid(c, &st, 0) != c || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static void uname26(void)
{
	struct utsname u;
	memset(&u, 0x55, sizeof u);
	CHECK_EQ(uname(&u), 0);
	CHECK(strncmp(u.release, "2.6.", 4) == 0, "release \"%s\"", u.release);
	CHECK(atoi(u.release + 4) >= 60, "release \"%s\": not 2.6.60 or later", u.release);
	size_t n = strlen(u.release);
	int clean = 1;
	for (size_t i = n; i < sizeof u.release; i++)
		clean &= u.release[i] == 0;
	CHECK(clean, "bytes after the release's NUL are not zero");
	if (t_on_ushi())
		CHECK(strcmp(u.release, "2.6.61-ushi") == 0, "release \"%s\"", u.release);
}

static void sticky_select(void)
{
	int p[2];
	CHECK_OK(pipe(p));
	fd_set r;
	struct timeval tv = { 0, 10000 };
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	CHECK_EQ(syscall(SYS_select, p[0] + 1, &r, NULL, NULL, &tv), 0);
	CHECK(tv.tv_sec == 0 && tv.tv_usec == 10000, "sticky timeout became %ld.%06ld",
	      (long)tv.tv_sec, (long)tv.tv_usec);
	personality(PER_LINUX);
	FD_SET(p[0], &r);
	CHECK_EQ(syscall(SYS_select, p[0] + 1, &r, NULL, NULL, &tv), 0);
	CHECK(tv.tv_sec == 0 && tv.tv_usec == 0, "timeout left %ld.%06ld", (long)tv.tv_sec, (long)tv.tv_usec);
	close(p[0]);
	close(p[1]);
}

int main(int argc, char **argv)
{
	if (argc > 1)           /* execve'd: exit 0 iff only UNAME26 survived */
		return personality(QUERY) == UNAME26 ? 0 : 1;
	t_start(argv[0]);
	CHECK_EQ(personality(QUERY), PER_LINUX);

	pid_t c = fork();
	if (c == 0) {
		if (personality(PER_BSD) != PER_LINUX || personality(QUERY) != PER_BSD)
			_exit(1);
		if (personality(0x12345) != PER_BSD || personality(QUERY) != 0x12345)
			_exit(2);
		_exit(0);
	}
	CHECK_EQ(exit_status(c), 0);
	CHECK_EQ(personality(QUERY), PER_LINUX);       /* the child's was its own */

	c = fork();
	if (c == 0) {
		personality(PER_LINUX | UNAME26);
		uname26();
		pid_t g = fork();
		if (g == 0)
			_exit(personality(QUERY) == UNAME26 ? 0 : 1);
		CHECK_EQ(exit_status(g), 0);
		personality(UNAME26 | READ_IMPLIES_EXEC);
		g = fork();
		if (g == 0) {
			execl(argv[0], argv[0], "exec", (char *)NULL);
			_exit(3);
		}
		CHECK_EQ(exit_status(g), 0);
		personality(PER_LINUX | STICKY_TIMEOUTS);
		sticky_select();
		_exit(t_failed);
	}
	CHECK_EQ(exit_status(c), 0);
	struct utsname u;
	CHECK_EQ(uname(&u), 0);
	CHECK(strncmp(u.release, "2.6.", 4) != 0, "release \"%s\" without UNAME26", u.release);
	return t_done();
}
