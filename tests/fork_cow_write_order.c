/*
 * fork_cow_write_order: copy-on-write for every order of writers, one page
 * per case, with a token passed through pipes so the order is fixed:
 *   P0  the parent writes first, then the child;
 *   P1  the child writes first, then the parent;
 *   P2  never touched before fork (the shared zero page): both read 0,
 *       then each writes;
 *   P3  both read first, then both write;
 *   P4  only the child writes; the parent writes after the child exited.
 * Each write changes one byte; the whole page is compared, so a copy must
 * carry the other 4095 bytes and each side sees only its own byte.
 */
#include "t.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PAGE 4096
#define NP 5

static volatile unsigned char *pg[NP];
static const unsigned char base[NP] = { 0x55, 0x56, 0x00, 0x58, 0x59 };

/* 1 if page p holds base[p] everywhere except byte idx, which holds val. */
static int holds(int p, int idx, unsigned char val)
{
	for (int i = 0; i < PAGE; i++)
		if (pg[p][i] != (i == idx ? val : base[p]))
			return 0;
	return 1;
}

static void pass(int fd)
{
	if (write(fd, "t", 1) != 1)
		_exit(120);
}

static void take(int fd)
{
	char c;
	if (read(fd, &c, 1) != 1)
		_exit(121);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	volatile unsigned char *m = mmap(NULL, NP * PAGE, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap failed");
	if (m == MAP_FAILED)
		return t_done();
	for (int p = 0; p < NP; p++) {
		pg[p] = m + p * PAGE;
		if (p != 2)                      /* P2 stays untouched */
			memset((void *)pg[p], base[p], PAGE);
	}
	int to_child[2], to_parent[2];
	CHECK_OK(pipe(to_child));
	CHECK_OK(pipe(to_parent));
	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		take(to_child[0]);
		if (!holds(3, -1, 0))  bad |= 1;   /* reads */
		if (!holds(0, -1, 0))  bad |= 1;   /* the parent's write is not here */
		if (!holds(2, -1, 0))  bad |= 2;
		pg[0][100] = 0x77;
		pg[1][200] = 0x71;
		pg[2][6] = 0x72;
		pg[3][0] = 0x73;
		pg[4][300] = 0x74;
		pass(to_parent[1]);
		take(to_child[0]);
		if (!holds(0, 100, 0x77)) bad |= 4;
		if (!holds(1, 200, 0x71)) bad |= 8;
		if (!holds(2, 6, 0x72))   bad |= 16;
		if (!holds(3, 0, 0x73))   bad |= 32;
		if (!holds(4, 300, 0x74)) bad |= 64;
		_exit(bad);
	}
	CHECK(pid > 0, "fork failed");
	if (pid < 0)
		return t_done();
	CHECK(holds(3, -1, 0), "P3: the parent's read after fork");
	CHECK(holds(2, -1, 0), "P2: the zero page does not read 0 in the parent");
	pg[0][100] = 0xAA;
	pg[2][5] = 0xA2;
	pass(to_child[1]);
	take(to_parent[0]);
	t_log("after the parent wrote P0, P2 and the child wrote every page");
	CHECK(holds(0, 100, 0xAA), "P0 (parent wrote first): the parent does not see only its own byte");
	CHECK(holds(1, -1, 0), "P1: the child's write reached the parent");
	CHECK(holds(2, 5, 0xA2), "P2 (zero page): the parent does not see only its own byte");
	CHECK(holds(3, -1, 0), "P3: the child's write reached the parent");
	CHECK(holds(4, -1, 0), "P4: the child's write reached the parent");
	pg[1][200] = 0xA1;
	pg[3][1] = 0xA3;
	CHECK(holds(1, 200, 0xA1), "P1 (child wrote first): the parent does not see only its own byte");
	CHECK(holds(3, 1, 0xA3), "P3 (read, then write): the parent does not see only its own byte");
	pass(to_child[1]);
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) < 120, "child: status 0x%x (120+: the pipe broke)", st);
	int bad = WIFEXITED(st) ? WEXITSTATUS(st) : 127;
	t_log("the child's view after both sides wrote");
	CHECK(!(bad & 1), "child: P0 or P3 changed before the child wrote");
	CHECK(!(bad & 2), "child: P2 did not read 0");
	CHECK(!(bad & 4), "child: P0 (parent wrote first) does not hold only the child's byte");
	CHECK(!(bad & 8), "child: P1 (child wrote first) does not hold only the child's byte");
	CHECK(!(bad & 16), "child: P2 (zero page) does not hold only the child's byte");
	CHECK(!(bad & 32), "child: P3 (read, then write) does not hold only the child's byte");
	CHECK(!(bad & 64), "child: P4 does not hold the child's byte");
	t_log("P4 after the child exited: the parent writes its page");
	CHECK(holds(4, -1, 0), "P4: the parent's page changed");
	pg[4][0] = 0xA4;
	CHECK(holds(4, 0, 0xA4), "P4: the parent's write after the child exited");
	CHECK_OK(munmap((void *)m, NP * PAGE));
	return t_done();
}
