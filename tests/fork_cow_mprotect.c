/*
 * fork_cow_mprotect: copy-on-write never overrides the mapping's
 * permissions, and mprotect never un-shares a page by itself.
 *  - A PROT_READ page stays read-only after fork: the child's write gets
 *    SIGSEGV, not a private copy.
 *  - After fork the parent makes the page writable again with mprotect
 *    and writes: the child, still sharing the frame, keeps the old bytes;
 *    then the child does the same and the parent keeps its bytes.
 *  - A child that makes a writable page read-only dies on its write,
 *    while the parent can still write its own page.
 */
#include "t.h"
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define PAGE 4096

static int all(volatile char *p, int n, char c)
{
	for (int i = 0; i < n; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct rlimit no_core = { 0, 0 };
	setrlimit(RLIMIT_CORE, &no_core);
	volatile char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap failed");
	if (m == MAP_FAILED)
		return t_done();
	memset((void *)m, 'x', 2 * PAGE);
	CHECK_OK(mprotect((void *)m, 2 * PAGE, PROT_READ));

	t_log("a read-only page stays read-only in the child");
	pid_t pid = fork();
	if (pid == 0) {
		m[0] = 'c';                      /* SIGSEGV */
		_exit(0);
	}
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "child status 0x%x, expected SIGSEGV", st);
	CHECK(all(m, 2 * PAGE, 'x'), "the parent's page changed");

	t_log("mprotect back to writable after fork: each side writes its own copy");
	int go[2], back[2];
	CHECK_OK(pipe(go));
	CHECK_OK(pipe(back));
	pid = fork();
	if (pid == 0) {
		char c;
		int bad = 0;
		if (read(go[0], &c, 1) != 1)
			_exit(100);
		if (!all(m, 2 * PAGE, 'x'))
			bad |= 1;                /* the parent's writes leaked in */
		if (mprotect((void *)m, 2 * PAGE, PROT_READ | PROT_WRITE) != 0)
			_exit(101);
		memset((void *)(m + PAGE), 'C', PAGE);
		memset((void *)m, 'C', 16);
		if (!all(m + PAGE, PAGE, 'C') || !all(m, 16, 'C') || !all(m + 16, PAGE - 16, 'x'))
			bad |= 2;
		if (write(back[1], "b", 1) != 1)
			_exit(102);
		_exit(bad);
	}
	CHECK(pid > 0, "fork failed");
	CHECK_OK(mprotect((void *)m, 2 * PAGE, PROT_READ | PROT_WRITE));
	memset((void *)m, 'P', PAGE);         /* page 0 only */
	CHECK(all(m, PAGE, 'P'), "the parent does not see its own write");
	CHECK_EQ(write(go[1], "g", 1), 1);
	char c;
	CHECK_EQ(read(back[0], &c, 1), 1);
	CHECK(all(m, PAGE, 'P'), "page 0: the child's write reached the parent");
	CHECK(all(m + PAGE, PAGE, 'x'), "page 1: the child's write reached the parent");
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) < 100, "child status 0x%x", st);
	CHECK(!(WEXITSTATUS(st) & 1), "the child saw the parent's write");
	CHECK(!(WEXITSTATUS(st) & 2), "the child does not see its own writes");

	t_log("the child makes the page read-only: only the child loses write access");
	pid = fork();
	if (pid == 0) {
		if (mprotect((void *)m, 2 * PAGE, PROT_READ) != 0)
			_exit(101);
		m[PAGE] = 'c';                   /* SIGSEGV */
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "child status 0x%x, expected SIGSEGV", st);
	m[PAGE] = 'p';
	CHECK(m[PAGE] == 'p' && all(m + PAGE + 1, PAGE - 1, 'x'), "the parent cannot write its page");
	munmap((void *)m, 2 * PAGE);
	return t_done();
}
