/*
 * fork_fork_rounds: 100 rounds of `fork(); fork();`.  Each round makes
 * four processes: the original, its two children and one grandchild.  The
 * three new ones each dirty a page of a shared-at-fork 1 MiB region and
 * exit; every process reaps its own children, and the original checks the
 * statuses.  Afterwards the original's memory checksum is unchanged and
 * it has no children left.
 */
#include "t.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define ROUNDS 100
#define SIZE (1u << 20)

static uint64_t checksum(const volatile uint64_t *p, size_t n)
{
	uint64_t s = 0;
	for (size_t i = 0; i < n; i++)
		s = s * 31 + p[i];
	return s;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	volatile uint64_t *mem = mmap(NULL, SIZE, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(mem != MAP_FAILED, "mmap failed");
	if (mem == MAP_FAILED)
		return t_done();
	size_t words = SIZE / 8;
	for (size_t i = 0; i < words; i++)
		mem[i] = i * 0x2545f4914f6cdd1dull;
	uint64_t sum = checksum(mem, words);
	pid_t me = getpid();
	t_log("%d rounds of fork(); fork(); with every new process writing and exiting", ROUNDS);

	int fork_failed = 0, bad_status = 0;
	for (int r = 0; r < ROUNDS; r++) {
		pid_t a = fork();
		pid_t b = fork();
		if (a < 0 || b < 0) {
			/* only the original reports; a child just fails its status */
			if (getpid() != me)
				_exit(9);
			fork_failed++;
		}
		if (b == 0) {                 /* second-fork children: 2 of the 4 */
			mem[(r * 512 + (a == 0)) % words] = ~0ull;
			_exit(a == 0 ? 21 : 22);
		}
		/* The original and its first child each reap their second-fork child. */
		int st = -1;
		if (b > 0 && (waitpid(b, &st, 0) != b || !WIFEXITED(st) ||
			      WEXITSTATUS(st) != (a == 0 ? 21 : 22)))
			bad_status++;
		if (a == 0) {                 /* the first child */
			mem[(r * 512 + 7) % words] = ~0ull;
			_exit(bad_status ? 1 : 20);
		}
		if (a > 0 && (waitpid(a, &st, 0) != a || !WIFEXITED(st) || WEXITSTATUS(st) != 20))
			bad_status++;
	}
	CHECK(getpid() == me, "a child came back from the loop");
	CHECK(fork_failed == 0, "fork failed in %d rounds", fork_failed);
	CHECK(bad_status == 0, "%d children had a wrong status or pid", bad_status);
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	CHECK(checksum(mem, words) == sum, "the original's memory checksum changed");
	CHECK_OK(munmap((void *)mem, SIZE));
	return t_done();
}
