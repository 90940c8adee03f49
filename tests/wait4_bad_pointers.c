/*
 * wait4_bad_pointers: the child is reaped before wait4 writes the status
 * and the rusage, so a bad pointer gives EFAULT but the child is gone
 * (a second wait gives ECHILD).  With a bad rusage pointer the status is
 * still written.  NULL status and NULL rusage pointers are simply skipped.
 */
#include "t.h"
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

static pid_t exiting_child(int code)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(code);
	return pid;
}

/* Blocks until pid is a zombie, without reaping it. */
static void until_zombie(pid_t pid)
{
	siginfo_t si;
	waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char *unmapped = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *readonly = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(unmapped != MAP_FAILED && readonly != MAP_FAILED, "mmap");
	CHECK_OK(munmap(unmapped, 4096));
	void *kernel = (void *)0xffff888000000000UL;
	int st;

	/* Bad rusage: EFAULT, but the status was written and the child reaped. */
	void *bad_ru[] = { unmapped, readonly, kernel };
	for (int i = 0; i < 3; i++) {
		pid_t pid = exiting_child(20 + i);
		CHECK(pid > 0, "fork");
		until_zombie(pid);
		st = -1;
		CHECK_ERR(wait4(pid, &st, 0, (struct rusage *)bad_ru[i]), EFAULT);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 20 + i,
		      "bad rusage #%d: status 0x%x, expected exit %d", i, st, 20 + i);
		CHECK_ERR(wait4(pid, &st, WNOHANG, NULL), ECHILD);
	}

	/* Bad status pointer: EFAULT, and the child is reaped all the same. */
	void *bad_st[] = { unmapped, readonly, kernel, (void *)8 };
	for (int i = 0; i < 4; i++) {
		pid_t pid = exiting_child(30 + i);
		CHECK(pid > 0, "fork");
		until_zombie(pid);
		CHECK_ERR(wait4(pid, (int *)bad_st[i], 0, NULL), EFAULT);
		CHECK_ERR(wait4(pid, &st, WNOHANG, NULL), ECHILD);
	}

	/* NULL status and NULL rusage are fine; a good rusage is filled in. */
	pid_t pid = exiting_child(5);
	until_zombie(pid);
	CHECK_EQ(wait4(pid, NULL, 0, NULL), pid);
	CHECK_ERR(wait4(pid, NULL, WNOHANG, NULL), ECHILD);

	pid = exiting_child(6);
	struct rusage ru;
	memset(&ru, 0xff, sizeof ru);
	st = -1;
	CHECK_EQ(wait4(pid, &st, 0, &ru), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 6, "status 0x%x", st);
	CHECK(ru.ru_utime.tv_sec >= 0 && ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000,
	      "ru_utime was written");
	CHECK(ru.ru_stime.tv_sec >= 0 && ru.ru_stime.tv_usec >= 0 && ru.ru_stime.tv_usec < 1000000,
	      "ru_stime was written");

	/* No child: ECHILD wins over the bad pointers (nothing is written). */
	CHECK_ERR(wait4(-1, (int *)unmapped, 0, (struct rusage *)unmapped), ECHILD);
	munmap(readonly, 4096);
	return t_done();
}
