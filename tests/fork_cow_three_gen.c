/*
 * fork_cow_three_gen: three processes share one copy-on-write region.
 * The parent forks a child, the child forks a grandchild before anyone
 * writes, so every page starts shared three ways.  Then they take turns
 * (a token passed around a ring of pipes), each turn writing its own value
 * into every page; at each turn a process must still see exactly what it
 * wrote last.  The first writer copies, the second copies, the last one
 * may reuse the frame: all three must stay private.
 */
#include "t.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PAGE 4096u
#define NPAGES 24
#define ROUNDS 6

static volatile uint32_t *region;

static int holds(uint32_t v)
{
	for (unsigned i = 0; i < NPAGES * PAGE / 4; i += 256)
		if (region[i] != v + i)
			return 0;
	return 1;
}

static void put(uint32_t v)
{
	for (unsigned i = 0; i < NPAGES * PAGE / 4; i += 256)
		region[i] = v + i;
}

/*
 * One member of the ring: waits for the token on `in`, checks and writes,
 * passes it on `out`.  Returns how many turns found foreign data.
 */
static int take_turns(int id, int in, int out)
{
	uint32_t mine = 0x1000;          /* what the parent wrote before forking */
	int bad = 0;
	for (int r = 0; r < ROUNDS; r++) {
		char tok;
		if (read(in, &tok, 1) != 1)
			return 100;
		if (!holds(mine))
			bad++;
		mine = 0x10000 * (id + 1) + 0x100 * r;
		put(mine);
		if (!holds(mine))
			bad++;
		if (write(out, &tok, 1) != 1)
			return 100;
	}
	return bad;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	region = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(region != MAP_FAILED, "mmap failed");
	if (region == MAP_FAILED)
		return t_done();
	put(0x1000);
	int p2c[2], c2g[2], g2p[2];
	CHECK_OK(pipe(p2c));
	CHECK_OK(pipe(c2g));
	CHECK_OK(pipe(g2p));

	pid_t child = fork();
	if (child == 0) {
		pid_t grand = fork();
		if (grand == 0) {
			close(p2c[0]); close(p2c[1]); close(c2g[1]); close(g2p[0]);
			_exit(take_turns(2, c2g[0], g2p[1]));
		}
		close(p2c[1]); close(c2g[0]); close(g2p[0]); close(g2p[1]);
		if (grand < 0)
			_exit(101);
		int bad = take_turns(1, p2c[0], c2g[1]);
		int st = -1;
		if (waitpid(grand, &st, 0) != grand || !WIFEXITED(st))
			_exit(102);
		int gbad = WEXITSTATUS(st);
		if (bad >= 100 || gbad >= 100)
			_exit(103);
		_exit(((bad > 5 ? 5 : bad) << 4) | (gbad > 15 ? 15 : gbad));
	}
	CHECK(child > 0, "fork failed");
	close(p2c[0]); close(c2g[0]); close(c2g[1]); close(g2p[1]);
	t_log("%d rounds of parent, child, grandchild writing the same %d pages in turn",
	      ROUNDS, NPAGES);
	/* The parent starts the ring: it writes first, then hands over the token. */
	uint32_t mine = 0x1000;
	int bad = 0, broken = 0;
	for (int r = 0; r < ROUNDS; r++) {
		if (!holds(mine))
			bad++;
		mine = 0x20000000 + 0x100 * r;
		put(mine);
		if (!holds(mine))
			bad++;
		char tok = 't';
		if (write(p2c[1], &tok, 1) != 1 || read(g2p[0], &tok, 1) != 1)
			broken = 1;
	}
	CHECK(!broken, "the token ring broke (a process died?)");
	CHECK(holds(mine), "parent: the region does not hold the parent's last write");
	CHECK(bad == 0, "parent: %d turns found another process's data", bad);
	close(p2c[1]);
	close(g2p[0]);
	int st = -1;
	CHECK_EQ(waitpid(child, &st, 0), child);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) < 100, "child: status 0x%x", st);
	if (WIFEXITED(st) && WEXITSTATUS(st) < 100) {
		CHECK((WEXITSTATUS(st) >> 4) == 0, "child: %d turns found foreign data",
		      WEXITSTATUS(st) >> 4);
		CHECK((WEXITSTATUS(st) & 15) == 0, "grandchild: %d turns found foreign data",
		      WEXITSTATUS(st) & 15);
	}
	CHECK_OK(munmap((void *)region, NPAGES * PAGE));
	return t_done();
}
