/*
 * fork_cow_big: a fork that can only succeed with copy-on-write.  The
 * parent allocates and touches more than half of the free RAM (sysinfo),
 * capped at 1 GiB on a big host, and forks: copying it eagerly would need
 * more memory than is free.  The child reads a sample, writes a few pages
 * and exits 0; the parent's data is intact afterwards.
 */
#include "t.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>

#define PAGE 4096ul

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct sysinfo si;
	CHECK_OK(sysinfo(&si));
	unsigned long unit = si.mem_unit ? si.mem_unit : 1;
	unsigned long free_bytes = si.freeram * unit;
	CHECK(free_bytes >= 16 * PAGE, "sysinfo reports only %lu bytes free", free_bytes);
	unsigned long want = free_bytes / 2 + free_bytes / 8;   /* 62.5 % */
	if (want > (1ul << 30))
		want = 1ul << 30;
	want &= ~(PAGE - 1);
	unsigned long pages = want / PAGE;
	t_log("touching %s of memory (more than half of the free RAM or 1 GiB), then forking",
	      want == (1ul << 30) ? "1 GiB" : "62.5%");

	volatile uint64_t *m = mmap(NULL, want, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap of the big region failed: %s", strerror(errno));
	if (m == MAP_FAILED)
		return t_done();
	for (unsigned long i = 0; i < pages; i++)
		m[i * (PAGE / 8)] = i * 0x9e3779b97f4a7c15ull;

	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		for (unsigned long i = 0; i < pages; i += 61)
			if (m[i * (PAGE / 8)] != i * 0x9e3779b97f4a7c15ull)
				bad = 1;
		for (unsigned long i = 0; i < pages; i += pages / 8 + 1)
			m[i * (PAGE / 8)] = ~0ull;      /* a few copies */
		for (unsigned long i = 0; i < pages; i += pages / 8 + 1)
			if (m[i * (PAGE / 8)] != ~0ull)
				bad = 1;
		_exit(bad ? 3 : 0);
	}
	CHECK(pid > 0, "fork failed: %s", strerror(errno));
	if (pid > 0) {
		int status = -1;
		CHECK_EQ(waitpid(pid, &status, 0), pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "child status 0x%x (3 = it read wrong data)", status);
	}
	unsigned long bad = 0;
	for (unsigned long i = 0; i < pages; i++)
		if (m[i * (PAGE / 8)] != i * 0x9e3779b97f4a7c15ull)
			bad++;
	CHECK(bad == 0, "%lu of the parent's pages changed", bad);
	CHECK_OK(munmap((void *)m, want));
	return t_done();
}
