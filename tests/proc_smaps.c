/*
 * proc_smaps - /proc/self/smaps and smaps_rollup, as Linux: an area's
 * entry is its maps line, then Size, Rss, Pss, the shared/private
 * clean/dirty split, Anonymous, Locked and VmFlags, counted from what is
 * really mapped: written pages count, a page only read (the shared zero
 * page) does not, a page shared with a forked child counts half in Pss
 * and as Shared_Dirty, an mlocked area's pages as Locked, and VmFlags
 * names the flags (rd wr sh mr mw me ms lo lf ac) with Linux's letters.
 */
#include "t.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define PG 4096L
static char text[1 << 18];

/* Reads a /proc file whole into text; its length, or -1. */
static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	long len = 0, n;
	while ((n = read(fd, text + len, sizeof text - 1 - len)) > 0)
		len += n;
	close(fd);
	text[len] = 0;
	return len;
}

/* The smaps entry of the area starting at va, ending before the next
 * maps line (smaps re-read first), or NULL. */
static char *entry(void *va)
{
	char head[32];
	if (slurp("/proc/self/smaps") <= 0)
		return NULL;
	snprintf(head, sizeof head, "%lx-", (unsigned long)va);
	for (char *l = text; *l; l = strchr(l, '\n') + 1) {
		if (!strncmp(l, head, strlen(head))) {
			char *end = l;
			while ((end = strchr(end, '\n')) && end[1] && strncmp(end + 1, "VmFlags:", 8))
				end++;
			if (end && (end = strchr(end + 1, '\n')))
				end[1] = 0;
			return l;
		}
		if (!strchr(l, '\n'))
			break;
	}
	return NULL;
}

/* The value of "name" (in kB) in the entry of va, or -1. */
static long field(void *va, const char *name)
{
	char *e = entry(va), key[64];
	snprintf(key, sizeof key, "\n%s:", name);
	char *p = e ? strstr(e, key) : NULL;
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

/* Does the VmFlags line of va's entry hold the two letters flag? */
static int vmflag(void *va, const char *flag)
{
	char *e = entry(va), *p = e ? strstr(e, "\nVmFlags:") : NULL;
	if (!p)
		return -1;
	for (p += 9; *p && *p != '\n'; p++)
		if (p[-1] == ' ' && p[0] == flag[0] && p[1] == flag[1] && (p[2] == ' ' || p[2] == '\n'))
			return 1;
	return 0;
}

/* Four pages at an address of their own: PROT_NONE guards on both sides
 * keep the area from merging with its neighbours. */
static char *area(int prot, int flags)
{
	char *g = mmap(NULL, 6 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (g == MAP_FAILED)
		return NULL;
	char *p = mmap(g + PG, 4 * PG, prot, flags | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* In a child sharing p's pages with its parent: 0 if smaps says so. */
static int child_sees_shared(char *p)
{
	if (field(p, "Shared_Dirty") != 8 || field(p, "Private_Dirty") != 0)
		return 1;
	if (field(p, "Pss") != 4 || field(p, "Rss") != 8)
		return 2;
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char *p = area(PROT_READ | PROT_WRITE, MAP_PRIVATE);
	CHECK(p != NULL, "mmap");
	if (!p)
		return t_done();
	char *e = entry(p);
	CHECK(e != NULL, "an smaps entry for the area");
	CHECK(e && strstr(e, " rw-p 00000000 00:00 0"), "the maps line heads the entry");
	CHECK_EQ(field(p, "Size"), 16);
	CHECK_EQ(field(p, "KernelPageSize"), 4);
	CHECK_EQ(field(p, "MMUPageSize"), 4);
	CHECK_EQ(field(p, "Rss"), 0);
	p[0] = 1;
	p[PG] = 2;
	CHECK_EQ(p[2 * PG], 0);         /* a read: the zero page, no frame of the area's */
	CHECK_EQ(field(p, "Rss"), 8);
	CHECK_EQ(field(p, "Pss"), 8);
	CHECK_EQ(field(p, "Private_Dirty"), 8);
	CHECK_EQ(field(p, "Shared_Dirty"), 0);
	CHECK_EQ(field(p, "Shared_Clean"), 0);
	CHECK_EQ(field(p, "Anonymous"), 8);
	CHECK_EQ(field(p, "Swap"), 0);
	CHECK_EQ(field(p, "Locked"), 0);
	CHECK_EQ(field(p, "LazyFree"), 0);
	CHECK_EQ(field(p, "AnonHugePages"), 0);
	const char *want[] = { "rd", "wr", "mr", "mw", "me", "ac" }, *not[] = { "ex", "sh", "ms", "lo", "lf" };
	for (unsigned i = 0; i < sizeof want / sizeof *want; i++)
		CHECK(vmflag(p, want[i]) == 1, "VmFlags has %s", want[i]);
	for (unsigned i = 0; i < sizeof not / sizeof *not; i++)
		CHECK(vmflag(p, not[i]) == 0, "VmFlags lacks %s", not[i]);

	/* mlock2(MLOCK_ONFAULT): lo and lf, the present pages Locked. */
	CHECK_OK(syscall(SYS_mlock2, p, 4 * PG, 1));
	CHECK_EQ(vmflag(p, "lo"), 1);
	CHECK_EQ(vmflag(p, "lf"), 1);
	CHECK_EQ(field(p, "Locked"), 8);
	CHECK_EQ(field(p, "Rss"), 8);
	CHECK_OK(munlock(p, 4 * PG));
	CHECK_EQ(vmflag(p, "lo"), 0);
	CHECK_EQ(vmflag(p, "lf"), 0);
	CHECK_OK(mlock(p, 4 * PG));     /* a plain lock faults every page in */
	CHECK_EQ(field(p, "Rss"), 16);
	CHECK_EQ(field(p, "Locked"), 16);
	CHECK_EQ(vmflag(p, "lf"), 0);
	CHECK_OK(munlock(p, 4 * PG));
	CHECK_OK(madvise(p + 2 * PG, 2 * PG, MADV_DONTNEED));
	CHECK_EQ(field(p, "Rss"), 8);

	/* Shared with a child after fork: Pss halved, Shared_Dirty. */
	pid_t pid = fork();
	if (pid == 0)
		_exit(child_sees_shared(p));
	int st = -1;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child saw its pages shared (%d)", st);
	CHECK_EQ(field(p, "Private_Dirty"), 8);         /* the child is gone */

	/* Shared anonymous memory: sh and ms, read-only: no wr, no ac. */
	char *s = area(PROT_READ | PROT_WRITE, MAP_SHARED);
	CHECK(s != NULL, "mmap shared");
	if (s) {
		s[0] = 1;
		CHECK(strstr(entry(s), " rw-s ") != NULL, "the maps line says shared");
		CHECK_EQ(vmflag(s, "sh"), 1);
		CHECK_EQ(vmflag(s, "ms"), 1);
		CHECK_EQ(field(s, "Rss"), 4);
		CHECK_EQ(field(s, "Anonymous"), 0);
	}
	char *r = area(PROT_READ, MAP_PRIVATE);
	CHECK(r != NULL, "mmap read-only");
	if (r) {
		CHECK_EQ(vmflag(r, "rd"), 1);
		CHECK_EQ(vmflag(r, "wr"), 0);
		CHECK_EQ(vmflag(r, "ac"), 0);
	}

	/* smaps_rollup: one header line, the sums, and the Pss split. */
	CHECK(slurp("/proc/self/smaps_rollup") > 0, "read smaps_rollup");
	char *nl = strchr(text, '\n');
	CHECK(nl && nl - text > 9 && !strncmp(nl - 9, " [rollup]", 9), "the rollup header");
	char *rss = strstr(text, "\nRss:");
	CHECK(rss && strtol(rss + 5, NULL, 10) >= 12, "Rss sums the areas");
	CHECK(strstr(text, "\nPss_Anon:") && strstr(text, "\nPss_File:") && strstr(text, "\nPss_Shmem:"),
	      "the Pss split");
	CHECK(!strstr(text, "VmFlags"), "no VmFlags in the rollup");
	return t_done();
}
