/*
 * proc_pagemap_kpagecount - /proc/self/pagemap and /proc/kpagecount, as
 * the demos use them (run as root, as Linux requires for frame numbers).
 *
 * pagemap: 8 bytes per virtual page; reads must be 8-byte aligned in
 * offset and size (EINVAL otherwise); an untouched page is not present
 * (bit 63 clear); a written private page is present with a frame number
 * (bits 0-54) and "exclusively mapped" (bit 56); after fork the same page
 * in the child shows the parent's frame, no longer exclusive, and
 * kpagecount says 2; after the child's write it has a frame of its own.
 */
#include "t.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PM_PRESENT (1ULL << 63)
#define PM_EXCLUSIVE (1ULL << 56)
#define PM_PFN ((1ULL << 55) - 1)

static uint64_t entry_at(const char *path, uint64_t index)
{
	uint64_t e = 0;
	int fd = open(path, O_RDONLY);
	if (fd < 0 || pread(fd, &e, 8, (off_t)(index * 8)) != 8)
		e = ~0ULL;
	if (fd >= 0)
		close(fd);
	return e;
}

static uint64_t pagemap(const void *va) { return entry_at("/proc/self/pagemap", (uintptr_t)va / 4096); }
static uint64_t kpagecount(uint64_t pfn) { return entry_at("/proc/kpagecount", pfn); }

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap");

	int fd = open("/proc/self/pagemap", O_RDONLY);
	CHECK_OK(fd);
	uint64_t buf[2];
	CHECK_ERR(pread(fd, buf, 8, 4), EINVAL);                /* misaligned offset */
	CHECK_ERR(pread(fd, buf, 4, 0), EINVAL);                /* not a whole entry */
	CHECK_EQ(pread(fd, buf, 16, (off_t)((uintptr_t)p / 4096 * 8)), 16);
	close(fd);
	int kfd = open("/proc/kpagecount", O_RDONLY);
	CHECK_OK(kfd);
	CHECK_ERR(pread(kfd, buf, 8, 3), EINVAL);
	close(kfd);

	CHECK(!(pagemap(p) & PM_PRESENT), "an untouched page is present: %llx",
	      (unsigned long long)pagemap(p));
	p[0] = 1;
	uint64_t e = pagemap(p), pfn = e & PM_PFN;
	CHECK((e & PM_PRESENT) && pfn != 0, "a written page: entry %llx", (unsigned long long)e);
	CHECK(e & PM_EXCLUSIVE, "a page only we map is not marked exclusive: %llx", (unsigned long long)e);
	CHECK_EQ(kpagecount(pfn), 1);

	int to_parent[2], to_child[2];
	CHECK_OK(pipe(to_parent));
	CHECK_OK(pipe(to_child));
	pid_t pid = fork();
	if (pid == 0) {
		/* Report through the exit status: bit n = check n failed. */
		int bad = 0;
		uint64_t c = pagemap(p);
		if ((c & PM_PFN) != pfn || !(c & PM_PRESENT))
			bad |= 1;               /* not the parent's frame */
		if (c & PM_EXCLUSIVE)
			bad |= 2;               /* shared, so not exclusive */
		if (kpagecount(pfn) != 2)
			bad |= 4;
		p[0] = 2;                       /* copy-on-write */
		c = pagemap(p);
		if ((c & PM_PFN) == pfn || !(c & PM_EXCLUSIVE) || kpagecount(c & PM_PFN) != 1)
			bad |= 8;               /* no private frame after the write */
		char go;
		write(to_parent[1], "w", 1);
		read(to_child[0], &go, 1);      /* stay alive until the parent looked */
		_exit(bad);
	}
	char c;
	CHECK_EQ(read(to_parent[0], &c, 1), 1);
	CHECK_EQ(pagemap(p) & PM_PFN, pfn);
	CHECK_EQ(kpagecount(pfn), 1);   /* the child's write took its mapping away */
	CHECK(pagemap(p) & PM_EXCLUSIVE, "the parent's page is not exclusive again");
	CHECK_EQ(p[0], 1);
	write(to_child[1], "x", 1);
	int status;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the child's checks failed: status 0x%x (bits: 1 frame, 2 exclusive, 4 count, 8 copy)", status);
	close(to_parent[0]);
	close(to_parent[1]);
	close(to_child[0]);
	close(to_child[1]);
	munmap(p, 2 * 4096);
	return t_done();
}
