/*
 * mprotect_prot_none: page protections.  A PROT_NONE page faults on any
 * access (a child dies with SIGSEGV) until mprotect makes it readable -
 * then it reads as zero but still faults on a write - and writable; the
 * contents survive PROT_NONE and back; mprotect of one page in the middle
 * of a mapping leaves its neighbours alone.  Errors: EINVAL for an
 * unaligned address or unknown prot bits, ENOMEM for a range that is not
 * (or not wholly) mapped; a zero length is fine.
 */
#include "t.h"
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define PG 4096UL

/* 0 = survived, else the signal that killed the child. */
static int child_access(volatile char *p, int write)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };
		setrlimit(RLIMIT_CORE, &no_core);
		if (write)
			*p = 1;
		else
			(void)*p;
		_exit(0);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		return WTERMSIG(status);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1000;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char *p = mmap(NULL, 4 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap PROT_NONE: %s", strerror(errno));
	if (p == MAP_FAILED)
		return t_done();

	CHECK_EQ(child_access(p, 0), SIGSEGV);
	CHECK_EQ(child_access(p + PG + 17, 1), SIGSEGV);
	/* Readable: zero, writes still fault. */
	CHECK_EQ(mprotect(p, 4 * PG, PROT_READ), 0);
	CHECK_EQ(p[0], 0);
	CHECK_EQ(p[4 * PG - 1], 0);
	CHECK_EQ(child_access(p, 0), 0);
	CHECK_EQ(child_access(p + 3 * PG, 1), SIGSEGV);
	/* Writable. */
	CHECK_EQ(mprotect(p, 4 * PG, PROT_READ | PROT_WRITE), 0);
	memset(p, 'w', 4 * PG);
	CHECK_EQ(child_access(p + 3 * PG, 1), 0);
	CHECK_EQ(p[3 * PG], 'w');                   /* the child's write stayed in the child */
	/* PROT_NONE again, then back: the contents are kept. */
	CHECK_EQ(mprotect(p, 4 * PG, PROT_NONE), 0);
	CHECK_EQ(child_access(p + 2 * PG, 0), SIGSEGV);
	CHECK_EQ(mprotect(p, 4 * PG, PROT_READ), 0);
	CHECK_EQ(p[0], 'w');
	CHECK_EQ(p[4 * PG - 1], 'w');

	/* Only the middle page changes. */
	CHECK_EQ(mprotect(p, 4 * PG, PROT_READ | PROT_WRITE), 0);
	CHECK_EQ(mprotect(p + PG, PG, PROT_NONE), 0);
	CHECK_EQ(child_access(p + PG, 0), SIGSEGV);
	CHECK_EQ(child_access(p + PG - 1, 1), 0);
	CHECK_EQ(child_access(p + 2 * PG, 1), 0);
	p[0] = 'a';
	p[2 * PG] = 'c';
	CHECK_EQ(mprotect(p + 2 * PG, PG, PROT_READ), 0);
	CHECK_EQ(child_access(p + 2 * PG, 1), SIGSEGV);
	CHECK_EQ(child_access(p + 3 * PG, 1), 0);
	CHECK_EQ(p[2 * PG], 'c');
	/* Protect everything read-only again in one call across the pieces. */
	CHECK_EQ(mprotect(p, 4 * PG, PROT_READ), 0);
	CHECK_EQ(p[PG], 'w');
	CHECK_EQ(child_access(p, 1), SIGSEGV);

	/* Errors. */
	/* (musl's mprotect() rounds the address down itself: use the raw call.) */
	CHECK_ERR(syscall(SYS_mprotect, p + 1, PG, PROT_READ), EINVAL);
	CHECK_ERR(syscall(SYS_mprotect, p + 100, 0, PROT_READ), EINVAL);
	CHECK_ERR(syscall(SYS_mprotect, p, PG, 0x40), EINVAL);
	CHECK_EQ(syscall(SYS_mprotect, p, 0, PROT_READ), 0);
	CHECK_EQ(syscall(SYS_mprotect, p, 1, PROT_READ), 0);   /* the length is rounded up */
	CHECK_EQ(mprotect(p + 1, PG, PROT_READ), 0);           /* musl rounds it */
	/* Unmapped: all of the range, or a part of it. */
	char *q = mmap(NULL, 3 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(q != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK_EQ(munmap(q + PG, PG), 0);
	CHECK_ERR(mprotect(q + PG, PG, PROT_READ), ENOMEM);
	CHECK_ERR(mprotect(q, 3 * PG, PROT_READ), ENOMEM);
	CHECK_ERR(mprotect((void *)0xffff888000000000UL, PG, PROT_READ), ENOMEM);
	munmap(q, 3 * PG);

	CHECK_EQ(munmap(p, 4 * PG), 0);
	return t_done();
}
