/*
 * fork_cow_repeat: copies made by copy-on-write are given back.  40 times
 * the parent forks a child that writes every page of a 4 MiB region (so
 * every page is copied) and exits.  That is 160 MiB of copies in total,
 * most of a small machine's memory: if the copies or the child's page
 * tables leaked, fork or a write would soon fail (and on ushi the runner
 * sees the free memory shrink).  The parent's data stays intact.
 */
#include "t.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define SIZE (4u << 20)
#define PAGE 4096u
#define ROUNDS 40

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	volatile uint32_t *m = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap failed");
	if (m == MAP_FAILED)
		return t_done();
	unsigned pages = SIZE / PAGE;
	for (unsigned i = 0; i < pages; i++)
		m[i * (PAGE / 4)] = i;
	t_log("%d rounds: fork, the child writes all of 4 MiB, exits, the parent reaps", ROUNDS);
	int failed = 0;
	for (int r = 0; r < ROUNDS && !failed; r++) {
		pid_t pid = fork();
		if (pid == 0) {
			for (unsigned i = 0; i < pages; i++)
				m[i * (PAGE / 4) + 1] = r;
			for (unsigned i = 0; i < pages; i++)
				if (m[i * (PAGE / 4)] != i || m[i * (PAGE / 4) + 1] != (uint32_t)r)
					_exit(1);
			_exit(0);
		}
		int st = -1;
		CHECK(pid > 0, "round %d: fork failed: %s", r, strerror(errno));
		if (pid < 0) {
			failed = 1;
			break;
		}
		CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "round %d: child status 0x%x", r, st);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			failed = 1;
	}
	unsigned bad = 0;
	for (unsigned i = 0; i < pages; i++)
		if (m[i * (PAGE / 4)] != i || m[i * (PAGE / 4) + 1] != 0)
			bad++;
	CHECK(bad == 0, "%u of the parent's pages changed", bad);
	CHECK_OK(munmap((void *)m, SIZE));
	return t_done();
}
