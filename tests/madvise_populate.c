/*
 * madvise_populate - MADV_POPULATE_READ and MADV_POPULATE_WRITE (Linux
 * 5.14), as Linux: they fault a range in without touching it - a read
 * maps private anonymous memory to the zero page (present, no frame of
 * its own), a write gives it frames of its own (breaking COW shared with
 * a parent); an access the area does not allow is EINVAL (READ of
 * PROT_WRITE, WRITE of PROT_READ, either of PROT_NONE), a page past a
 * file's end EFAULT, a hole ENOMEM, an unaligned start EINVAL.
 */
#include "t.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif
#define PG 4096L
#define FILE_NAME "/tmp/madvise_populate.tmp"

/* Pages of [p, p+n) present in /proc/self/pagemap (bit 63), or -1. */
static long present(const char *p, long n)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0)
		return -1;
	long count = 0;
	for (long i = 0; i < n; i++) {
		uint64_t e = 0;
		if (pread(fd, &e, 8, (off_t)((uintptr_t)p / PG + i) * 8) != 8)
			count = -1000;
		count += e >> 63;
	}
	close(fd);
	return count < 0 ? -1 : count;
}

/* The field name of the smaps entry of the area at p, in kB, or -1. */
static long smaps_field(const char *p, const char *name)
{
	static char buf[1 << 18];
	int fd = open("/proc/self/smaps", O_RDONLY);
	long len = 0, n;
	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	char head[32], key[32];
	snprintf(head, sizeof head, "\n%lx-", (unsigned long)p);
	snprintf(key, sizeof key, "\n%s:", name);
	char *e = strstr(buf, head), *r = e ? strstr(e, key) : NULL;
	return r ? strtol(r + strlen(key), NULL, 10) : -1;
}

static long rss(const char *p)
{
	return smaps_field(p, "Rss");
}

/* n pages with prot, between PROT_NONE guards so no neighbour merges. */
static char *area(long n, int prot)
{
	char *g = mmap(NULL, (n + 2) * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (g == MAP_FAILED)
		return NULL;
	char *p = mmap(g + PG, n * PG, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* The child of a fork: its page is shared with the parent until
 * POPULATE_WRITE gives it its own copy. */
static int child_breaks_cow(char *p)
{
	if (smaps_field(p, "Shared_Dirty") != 4 || madvise(p, PG, MADV_POPULATE_WRITE))
		return 1;
	if (smaps_field(p, "Private_Dirty") != 4 || p[0] != 'p')
		return 2;
	p[0] = 'c';
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char *p = area(8, PROT_READ | PROT_WRITE);
	CHECK(p != NULL, "mmap");
	if (!p)
		return t_done();
	CHECK_EQ(present(p, 8), 0);
	CHECK_OK(madvise(p, 4 * PG, MADV_POPULATE_READ));
	CHECK_EQ(present(p, 8), 4);
	CHECK_EQ(rss(p), 0);                    /* the zero page */
	CHECK_OK(madvise(p, 8 * PG, MADV_POPULATE_WRITE));
	CHECK_EQ(present(p, 8), 8);
	CHECK_EQ(rss(p), 32);                   /* a frame each */
	CHECK_EQ(p[5 * PG], 0);
	CHECK_OK(madvise(p, 8 * PG, MADV_POPULATE_WRITE));     /* again: nothing to do */
	CHECK_ERR(madvise(p + 1, PG, MADV_POPULATE_READ), EINVAL);

	/* The access must be one the area allows. */
	char *r = area(2, PROT_READ), *w = area(2, PROT_WRITE), *n = area(2, PROT_NONE);
	CHECK(r && w && n, "mmap");
	CHECK_OK(madvise(r, 2 * PG, MADV_POPULATE_READ));
	CHECK_ERR(madvise(r, 2 * PG, MADV_POPULATE_WRITE), EINVAL);
	CHECK_ERR(madvise(w, 2 * PG, MADV_POPULATE_READ), EINVAL);
	CHECK_OK(madvise(w, 2 * PG, MADV_POPULATE_WRITE));
	CHECK_EQ(present(w, 2), 2);
	CHECK_ERR(madvise(n, 2 * PG, MADV_POPULATE_READ), EINVAL);
	CHECK_ERR(madvise(n, 2 * PG, MADV_POPULATE_WRITE), EINVAL);

	/* Holes: ENOMEM, wherever they are. */
	CHECK_OK(munmap(p + 2 * PG, PG));
	CHECK_ERR(madvise(p, 4 * PG, MADV_POPULATE_READ), ENOMEM);
	CHECK_ERR(madvise(p, 3 * PG, MADV_POPULATE_WRITE), ENOMEM);
	CHECK_ERR(madvise(p + 2 * PG, PG, MADV_POPULATE_WRITE), ENOMEM);

	/* A file's page past its end cannot be had: EFAULT. */
	int fd = open(FILE_NAME, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "open");
	CHECK_OK(ftruncate(fd, PG));
	char *f = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(f != MAP_FAILED, "mmap the file");
	CHECK_OK(madvise(f, PG, MADV_POPULATE_WRITE));
	CHECK_ERR(madvise(f, 2 * PG, MADV_POPULATE_READ), EFAULT);
	CHECK_ERR(madvise(f, 2 * PG, MADV_POPULATE_WRITE), EFAULT);
	munmap(f, 2 * PG);
	close(fd);
	unlink(FILE_NAME);

	/* POPULATE_WRITE breaks copy-on-write: the parent keeps its data. */
	char *c = area(1, PROT_READ | PROT_WRITE);
	c[0] = 'p';
	pid_t pid = fork();
	if (pid == 0)
		_exit(child_breaks_cow(c));
	int st = -1;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child got its own page (%d)", st);
	CHECK_EQ(c[0], 'p');
	return t_done();
}
