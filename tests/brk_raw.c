/*
 * brk_raw: the raw brk (12) semantics musl's malloc relies on.  brk(0)
 * returns the current break; a request returns exactly the new break
 * (page-aligned or not) and the new memory is zero and writable up to the
 * end of its page; shrinking works and the pages above the break fault
 * (SIGSEGV in a child); memory given back and taken again is zero again;
 * impossible requests - absurdly large, a kernel address, below the
 * start, over an existing mapping - return the unchanged break.  A forked
 * child has its own break.  No malloc is used here.
 */
#include "t.h"
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define PG 4096UL

static uintptr_t sbrk_raw(uintptr_t want) { return (uintptr_t)syscall(SYS_brk, want); }

static size_t nonzero(uintptr_t a, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((volatile unsigned char *)a)[i] != 0;
	return c;
}

/* Runs f(arg) in a child; returns its wait status. */
static int in_child_touch(uintptr_t addr)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };
		setrlimit(RLIMIT_CORE, &no_core);
		*(volatile char *)addr = 1;
		_exit(0);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	return status;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	uintptr_t cur = sbrk_raw(0);
	CHECK(cur != 0, "brk(0) returned 0");
	CHECK_EQ(sbrk_raw(0), cur);                 /* asking again changes nothing */
	uintptr_t base = (cur + PG - 1) & ~(PG - 1); /* the first page-aligned address */

	/* Grow by 3 pages past the aligned base. */
	uintptr_t top = base + 3 * PG;
	CHECK(sbrk_raw(top) == top, "brk(+3 pages) did not return the new break");
	CHECK(sbrk_raw(0) == top, "brk(0) after growing");
	CHECK_EQ(nonzero(cur, top - cur), 0);
	memset((void *)cur, 0xab, top - cur);
	CHECK_EQ(((volatile unsigned char *)top)[-1], 0xab);

	/* Grow to a non-aligned break: returned exactly, the page is usable. */
	uintptr_t odd = top + 100;
	CHECK(sbrk_raw(odd) == odd, "brk(non-aligned) did not return it");
	CHECK(sbrk_raw(0) == odd, "brk(0) after a non-aligned brk");
	CHECK_EQ(nonzero(top, PG), 0);
	memset((void *)top, 0xcd, PG);              /* to the end of that page */

	/* Grow by many pages (1 MiB), touch each. */
	uintptr_t big = base + 256 * PG;
	CHECK(sbrk_raw(big) == big, "brk(+1 MiB)");
	size_t nz = 0;
	for (uintptr_t a = top + PG; a < big; a += PG) {
		nz += *(volatile unsigned char *)a != 0;
		*(volatile unsigned char *)a = 0x11;
		*(volatile unsigned char *)(a + PG - 1) = 0x22;
	}
	CHECK_EQ(nz, 0);
	CHECK_EQ(((volatile unsigned char *)base)[0], 0xab);   /* the old part is kept */

	/* A child touching below the break is fine, above it faults. */
	int st = in_child_touch(big - 1);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "touch below the break: status %#x", st);
	st = in_child_touch(big + 16 * PG);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "touch far above the break: status %#x", st);

	/* Shrink to base + 1 page: the pages above go away. */
	uintptr_t small = base + PG;
	CHECK(sbrk_raw(small) == small, "shrink");
	CHECK(sbrk_raw(0) == small, "brk(0) after shrinking");
	CHECK_EQ(((volatile unsigned char *)base)[0], 0xab);   /* below stays */
	st = in_child_touch(base + 2 * PG);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "touch above the shrunk break: status %#x", st);
	st = in_child_touch(base + 200 * PG);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "touch far above the shrunk break: status %#x", st);
	/* Grow again: the returned pages are zero again. */
	CHECK(sbrk_raw(big) == big, "regrow");
	nz = 0;
	for (uintptr_t a = small; a < big; a += PG)
		nz += *(volatile unsigned char *)a != 0 || *(volatile unsigned char *)(a + PG - 1) != 0;
	CHECK_EQ(nz, 0);

	/* Impossible requests leave the break where it is. */
	CHECK(sbrk_raw(big + (1UL << 46)) == big, "absurd brk was not refused");
	CHECK(sbrk_raw(0xffff888000000000UL) == big, "kernel-address brk was not refused");
	CHECK(sbrk_raw(0x0000800000000000UL) == big, "non-canonical brk was not refused");
	CHECK(sbrk_raw(1) == big, "brk(1) below the start was not refused");
	CHECK(sbrk_raw(cur - 64 * PG) == big, "brk below the start was not refused");
	CHECK(sbrk_raw(0) == big, "break moved by a refused request");
	CHECK_EQ(*(volatile unsigned char *)(big - 1), 0);      /* still mapped */

	/* A mapping in the way: brk cannot grow over it. */
	uintptr_t want = big + 64 * PG;
	void *m = mmap((void *)want, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	if ((uintptr_t)m == want) {
		*(volatile char *)m = 7;
		CHECK(sbrk_raw(want + 2 * PG) == big, "brk over a mapping was not refused");
		CHECK(sbrk_raw(want - 8 * PG) == want - 8 * PG, "brk up to near a mapping");
		CHECK_EQ(*(volatile char *)m, 7);
		CHECK(sbrk_raw(big) == big, "shrink back");
	} else {
		t_log("hint for the blocking mapping not honoured; that part skipped");
	}
	if (m != MAP_FAILED)
		munmap(m, PG);

	/* A forked child has its own break. */
	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		if (sbrk_raw(0) != big) bad |= 1;
		if (sbrk_raw(big + 4 * PG) != big + 4 * PG) bad |= 2;
		*(volatile char *)(big + 3 * PG) = 1;
		if (sbrk_raw(small) != small) bad |= 4;
		_exit(bad);
	}
	int status = 0;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	CHECK(sbrk_raw(0) == big, "child's brk moved the parent's");
	CHECK_EQ(*(volatile unsigned char *)(big - 1), 0);

	/* Back to where it started. */
	CHECK(sbrk_raw(cur) == cur, "shrink to the start");
	CHECK(sbrk_raw(0) == cur, "brk(0) at the end");
	return t_done();
}
