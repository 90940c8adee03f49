/*
 * munmap_split: munmap of part of a mapping.  Unmapping the middle of a
 * 6-page mapping leaves both sides mapped with their contents, and the
 * middle faults (child SIGSEGV); a MAP_FIXED mapping can fill the hole;
 * unmapping a range that spans the pieces and holes works; munmap of a
 * range with nothing in it succeeds; EINVAL for an unaligned address or
 * a zero length.
 */
#include "t.h"
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define PG 4096UL

static int child_read_sig(volatile char *p)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };
		setrlimit(RLIMIT_CORE, &no_core);
		(void)*p;
		_exit(0);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char *p = mmap(NULL, 6 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	if (p == MAP_FAILED)
		return t_done();
	for (int i = 0; i < 6; i++)
		memset(p + i * PG, 'A' + i, PG);

	/* Punch out pages 2 and 3. */
	CHECK_EQ(munmap(p + 2 * PG, 2 * PG), 0);
	CHECK_EQ(child_read_sig(p + 2 * PG), SIGSEGV);
	CHECK_EQ(child_read_sig(p + 4 * PG - 1), SIGSEGV);
	CHECK_EQ(child_read_sig(p + 2 * PG - 1), 0);
	CHECK_EQ(child_read_sig(p + 4 * PG), 0);
	/* Both sides keep their contents and stay writable. */
	CHECK_EQ(p[0], 'A');
	CHECK_EQ(p[2 * PG - 1], 'B');
	CHECK_EQ(p[4 * PG], 'E');
	CHECK_EQ(p[6 * PG - 1], 'F');
	p[PG] = 'b';
	p[5 * PG] = 'f';
	CHECK_EQ(p[PG], 'b');
	CHECK_EQ(p[5 * PG], 'f');
	/* A page unmapped from the end of the left piece, from the start of
	 * the right one. */
	CHECK_EQ(munmap(p + PG, PG), 0);
	CHECK_EQ(munmap(p + 4 * PG, PG), 0);
	CHECK_EQ(child_read_sig(p + PG), SIGSEGV);
	CHECK_EQ(child_read_sig(p + 4 * PG), SIGSEGV);
	CHECK_EQ(p[0], 'A');
	CHECK_EQ(p[5 * PG], 'f');

	/* Unmapping what is not mapped is fine. */
	CHECK_EQ(munmap(p + 2 * PG, 2 * PG), 0);
	/* MAP_FIXED fills part of the hole with a fresh zero page. */
	char *f = mmap(p + 3 * PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(f == p + 3 * PG, "MAP_FIXED into the hole");
	CHECK_EQ(p[3 * PG], 0);
	p[3 * PG] = 'x';

	/* Errors (raw calls). */
	CHECK_ERR(syscall(SYS_munmap, p + 1, PG), EINVAL);
	CHECK_ERR(syscall(SYS_munmap, p, 0), EINVAL);
	CHECK_ERR(syscall(SYS_munmap, p + 100, 0), EINVAL);
	CHECK_EQ(p[0], 'A');                        /* nothing was unmapped by those */

	/* One munmap across pieces and holes removes everything. */
	CHECK_EQ(munmap(p, 6 * PG), 0);
	CHECK_EQ(child_read_sig(p), SIGSEGV);
	CHECK_EQ(child_read_sig(p + 3 * PG), SIGSEGV);
	CHECK_EQ(child_read_sig(p + 5 * PG), SIGSEGV);
	CHECK_EQ(munmap(p, 6 * PG), 0);             /* again: nothing there, still 0 */
	/* An unaligned length is rounded up. */
	char *q = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(q != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK_EQ(munmap(q, PG + 1), 0);
	CHECK_EQ(child_read_sig(q + PG), SIGSEGV);
	return t_done();
}
