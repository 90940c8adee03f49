/*
 * proc_ushi_trace_stat - ushi's own teaching files: /proc/ushi/stat (fault
 * counters since boot) and /proc/ushi/trace (the trace switch).
 *
 * stat: every documented counter is there; a read of fresh memory adds
 * to zero_page, a write to zero_fill, a child's write to a page shared
 * by fork adds to cow_copy, and the parent's write after the child is
 * gone adds to cow_reuse; unmapping a page adds to tlb_pages_flushed,
 * mprotect of 64 present pages (a range past the 33-page ceiling) to
 * tlb_full_flushes, on any number of CPUs.  trace: writing "cow", "fault,fork" or "off"
 * switches the trace at run time and reading it back says what is on;
 * the setting found at the start is put back.  Linux has no /proc/ushi:
 * there the test skips.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>

static const char *const keys[] = {
	"zero_fill", "zero_page", "cow_copy", "cow_reuse", "file_read", "file_cow", "segv",
	"oom", "fork_wrprotect", "frames_total", "frames_free", "frames_used", "tasks",
	"tlb_shootdowns", "tlb_ipis_sent", "tlb_pages_flushed", "tlb_full_flushes",
};

/* The value of key in /proc/ushi/stat, or -1. */
static long stat_value(const char *key)
{
	char buf[1024], *p;
	int fd = open("/proc/ushi/stat", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	size_t len = strlen(key);
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, len) && p[len] == ' ')
			return atol(p + len + 1);
	return -1;
}

static int trace_read(char *buf, size_t size)
{
	int fd = open("/proc/ushi/trace", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, size - 1) : -1;
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	return n > 0;
}

static int trace_write(const char *words)
{
	int fd = open("/proc/ushi/trace", O_WRONLY);
	ssize_t n = fd >= 0 ? write(fd, words, strlen(words)) : -1;
	if (fd >= 0)
		close(fd);
	return n == (ssize_t)strlen(words);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	if (!t_on_ushi())
		return t_skip("Linux has no /proc/ushi");
	for (unsigned i = 0; i < sizeof keys / sizeof keys[0]; i++)
		CHECK(stat_value(keys[i]) >= 0, "/proc/ushi/stat has no \"%s\"", keys[i]);
	CHECK(stat_value("frames_used") + stat_value("frames_free") == stat_value("frames_total"),
	      "frames_used + frames_free != frames_total");

	char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap");
	long zp = stat_value("zero_page"), zf = stat_value("zero_fill");
	CHECK_EQ(((volatile char *)p)[0], 0);
	CHECK(stat_value("zero_page") > zp, "a read of fresh memory did not count a zero_page fault");
	p[4096] = 1;
	CHECK(stat_value("zero_fill") > zf, "a write to fresh memory did not count a zero_fill fault");

	long copies = stat_value("cow_copy");
	pid_t pid = fork();
	if (pid == 0) {
		p[4096] = 2;                    /* shared since fork: copied */
		_exit(0);
	}
	int status;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(stat_value("cow_copy") > copies, "the child's write did not count a cow_copy");
	long reuses = stat_value("cow_reuse");
	p[4096] = 3;                            /* the child is gone: reused in place */
	CHECK(stat_value("cow_reuse") > reuses, "the parent's write did not count a cow_reuse");

	long flushed = stat_value("tlb_pages_flushed");
	CHECK_EQ(munmap(p + 4096, 4096), 0);    /* a present page leaves: flushed */
	CHECK(stat_value("tlb_pages_flushed") > flushed, "munmap of a present page flushed no page");
	char *big = mmap(NULL, 64 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(big != MAP_FAILED, "mmap");
	for (int i = 0; i < 64; i++)            /* present: an entry never mapped needs no flush */
		big[i * 4096] = 1;
	long full = stat_value("tlb_full_flushes");
	CHECK_EQ(mprotect(big, 64 * 4096, PROT_READ), 0);
	CHECK(stat_value("tlb_full_flushes") > full, "mprotect of 64 pages was no full flush");
	munmap(big, 64 * 4096);

	char saved[64], now[64];
	CHECK(trace_read(saved, sizeof saved), "/proc/ushi/trace cannot be read");
	CHECK(trace_write("cow"), "writing \"cow\" to /proc/ushi/trace failed");
	trace_read(now, sizeof now);
	CHECK(!strcmp(now, "cow\n"), "after \"cow\" the trace says \"%s\"", now);
	CHECK(trace_write("fault,fork"), "writing \"fault,fork\" failed");
	trace_read(now, sizeof now);
	CHECK(!strcmp(now, "cow fault fork\n"),
	      "after \"fault,fork\" the trace says \"%s\" (fault implies cow)", now);
	CHECK(trace_write("tlb"), "writing \"tlb\" failed");
	trace_read(now, sizeof now);
	CHECK(!strcmp(now, "tlb\n"), "after \"tlb\" the trace says \"%s\"", now);
	CHECK(trace_write("off"), "writing \"off\" failed");
	trace_read(now, sizeof now);
	CHECK(!strcmp(now, "off\n"), "after \"off\" the trace says \"%s\"", now);
	CHECK(trace_write(saved), "putting the trace back failed");
	trace_read(now, sizeof now);
	CHECK(!strcmp(now, saved), "the trace was \"%s\" and is now \"%s\"", saved, now);
	munmap(p, 4096);
	return t_done();
}
