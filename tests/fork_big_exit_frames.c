/*
 * fork_big_exit_frames: fork of a process with a big touched region (256
 * MiB, or three quarters of the free memory where there is less, as in
 * make test's 256 MiB machine), and a child that only reads and exits.
 *
 *   - the child reads three pages of every 2 MiB span (the first, one in
 *     the middle, the last) and finds the parent's data;
 *   - it exits without writing the region, and after the wait the
 *     parent's data is intact (every page checked);
 *   - on ushi, the free memory is back where it was before fork: the
 *     child's page tables and every count it held on a frame went with it
 *     (the runner checks the frames again after the test; this says which
 *     step lost them).  On Linux MemFree moves with other work, so only
 *     the data is checked there.
 */
#include "t.h"
#include "t_fork.h"
#include "../user/proc_field.h"
#include <sys/sysinfo.h>
#include <time.h>

#define WANT (256ul << 20)
#define SLACK_KB 32                     /* a few pages of the kernel's own */

static uint64_t pattern(unsigned long page) { return page * 0x9e3779b97f4a7c15ull + 1; }

static long mem_free_kb(void) { return proc_field("/proc/meminfo", "MemFree"); }

/* MemFree once it is back to at least want kB, or after about a second. */
static long free_settled(long want)
{
	struct timespec nap = { 0, 10 * 1000 * 1000 };
	long kb = mem_free_kb();
	for (int i = 0; i < 100 && kb < want; i++) {
		nanosleep(&nap, NULL);
		kb = mem_free_kb();
	}
	return kb;
}

/* The child: three pages of every 2 MiB span; 0 if all hold their data. */
static int child_reads(volatile uint64_t *m, unsigned long pages)
{
	int bad = 0;
	for (unsigned long span = 0; span < pages; span += 512) {
		unsigned long pick[3] = { span, span + 257, span + 511 };
		for (int i = 0; i < 3; i++)
			if (pick[i] < pages && m[pick[i] * (TF_PAGE / 8)] != pattern(pick[i]))
				bad = 1;
	}
	return bad;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct sysinfo si;
	CHECK_OK(sysinfo(&si));
	unsigned long free_bytes = si.freeram * (si.mem_unit ? si.mem_unit : 1);
	unsigned long len = WANT;
	if (len > free_bytes / 4 * 3)
		len = free_bytes / 4 * 3 & ~(TF_PMD - 1);
	CHECK(len >= 16 * TF_PMD, "only %lu bytes free", free_bytes);
	unsigned long pages = len / TF_PAGE;
	t_log("fork with %s touched, a child that reads and exits",
	      len == WANT ? "256 MiB" : "3/4 of the free memory");
	volatile uint64_t *m = tf_map_aligned(len);
	CHECK(m != NULL, "mmap: %s", strerror(errno));
	if (!m)
		return t_done();
	for (unsigned long p = 0; p < pages; p++)
		m[p * (TF_PAGE / 8)] = pattern(p);

	int on_ushi = t_on_ushi();
	long before = mem_free_kb();
	CHECK(!on_ushi || before > 0, "cannot read MemFree");
	pid_t pid = fork();
	if (pid == 0)
		_exit(child_reads(m, pages));
	CHECK(pid > 0, "fork: %s", strerror(errno));
	if (pid > 0)
		CHECK_EQ(tf_wait_ok(pid), 0);
	if (on_ushi) {
		long after = free_settled(before);
		CHECK(after >= before - SLACK_KB, "MemFree %ld kB before fork, %ld kB after the child "
		      "left: %ld kB not returned", before, after, before - after);
	}
	unsigned long bad = 0;
	for (unsigned long p = 0; p < pages; p++)
		bad += m[p * (TF_PAGE / 8)] != pattern(p);
	CHECK(bad == 0, "%lu of the parent's pages changed", bad);
	CHECK_OK(munmap((void *)m, len));
	return t_done();
}
