/*
 * mmap_shared_fork: MAP_SHARED|MAP_ANONYMOUS memory is the same memory in
 * a parent and its forked children (a child's writes are seen by the
 * parent and the other way round, also in pages first touched after the
 * fork), while a MAP_PRIVATE mapping is copied: a child's writes stay in
 * the child.  A shared page survives the child's exit and munmap in the
 * child does not unmap it in the parent.
 */
#include "t.h"
#include <sys/mman.h>
#include <sys/wait.h>

#define PG 4096UL

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	volatile int *sh = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	volatile int *pr = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED && pr != MAP_FAILED, "mmap: %s", strerror(errno));
	if (sh == MAP_FAILED || pr == MAP_FAILED)
		return t_done();
	CHECK_EQ(sh[0], 0);
	sh[0] = 1;                                  /* page 0 touched before the fork */
	pr[0] = 1;
	/* pages 1..3 untouched before the fork */

	int go[2];
	CHECK_EQ(pipe(go), 0);
	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		if (sh[0] != 1 || pr[0] != 1) bad |= 1;
		sh[0] = 2;
		sh[PG / sizeof(int)] = 22;              /* first touch of page 1, in the child */
		pr[0] = 2;
		pr[PG / sizeof(int)] = 22;
		/* wait for the parent's write to page 2 */
		char c;
		if (read(go[0], &c, 1) != 1) bad |= 2;
		if (sh[2 * PG / sizeof(int)] != 33) bad |= 4;
		if (pr[2 * PG / sizeof(int)] != 0) bad |= 8;
		munmap((void *)sh, 4 * PG);
		_exit(bad);
	}
	CHECK(pid > 0, "fork: %s", strerror(errno));
	sh[2 * PG / sizeof(int)] = 33;
	pr[2 * PG / sizeof(int)] = 33;
	CHECK_EQ(write(go[1], "g", 1), 1);
	int status = 0;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	/* The child's writes: shared seen, private not. */
	CHECK_EQ(sh[0], 2);
	CHECK_EQ(sh[PG / sizeof(int)], 22);
	CHECK_EQ(pr[0], 1);
	CHECK_EQ(pr[PG / sizeof(int)], 0);
	/* Still mapped here after the child's munmap and exit. */
	sh[3 * PG / sizeof(int)] = 44;
	CHECK_EQ(sh[3 * PG / sizeof(int)], 44);

	/* Several children incrementing distinct slots of one shared page. */
	for (int k = 0; k < 8; k++) {
		pid = fork();
		if (pid == 0) {
			sh[100 + k] = 1000 + k;
			_exit(0);
		}
		CHECK_EQ(waitpid(pid, &status, 0), pid);
	}
	int bad = 0;
	for (int k = 0; k < 8; k++)
		bad += sh[100 + k] != 1000 + k;
	CHECK_EQ(bad, 0);

	/* A grandchild writes, the grandparent sees it. */
	pid = fork();
	if (pid == 0) {
		pid_t g = fork();
		if (g == 0) {
			sh[200] = 777;
			_exit(0);
		}
		int s2;
		waitpid(g, &s2, 0);
		_exit(WIFEXITED(s2) ? 0 : 1);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(sh[200], 777);

	close(go[0]);
	close(go[1]);
	CHECK_EQ(munmap((void *)sh, 4 * PG), 0);
	CHECK_EQ(munmap((void *)pr, 4 * PG), 0);
	return t_done();
}
