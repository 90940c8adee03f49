/*
 * mmap_flag_checks - mmap's checks as Linux orders them: a bad fd is
 * EBADF before any flag is looked at; MAP_SHARED_VALIDATE refuses a flag
 * it does not know (EOPNOTSUPP) where MAP_SHARED ignores it; a shared
 * mapping of a file opened read-only - /dev/zero included - can never
 * be made writable (mprotect EACCES); MAP_32BIT places the mapping in
 * the first 2 GiB.
 */
#include "t.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>

#define PG 4096L
#define FILE_NAME "/tmp/mmap_flag_checks"
#define UNKNOWN_FLAG 0x800000

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);

	CHECK_ERR(mmap(NULL, PG, PROT_READ, MAP_SHARED, 999, 0), EBADF);
	CHECK_ERR(mmap(NULL, PG, PROT_READ, 0 /* no type */, 999, 0), EBADF);
	CHECK_ERR(mmap(NULL, 0, PROT_READ, MAP_PRIVATE, 999, 0), EBADF);
	CHECK_ERR(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 999, 1), EINVAL);     /* offset first */

	int fd = open(FILE_NAME, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	CHECK_OK(ftruncate(fd, PG));
	CHECK_ERR(mmap(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE | UNKNOWN_FLAG, fd, 0), EOPNOTSUPP);
	void *p = mmap(NULL, PG, PROT_READ, MAP_SHARED | UNKNOWN_FLAG, fd, 0);
	CHECK(p != MAP_FAILED, "MAP_SHARED with an unknown flag: %s", strerror(errno));
	munmap(p, PG);
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE, fd, 0);
	CHECK(p != MAP_FAILED, "MAP_SHARED_VALIDATE: %s", strerror(errno));
	munmap(p, PG);
	close(fd);

	/* Read-only files, shared: PROT_WRITE can never be added. */
	fd = open(FILE_NAME, O_RDONLY);
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap read-only file: %s", strerror(errno));
	CHECK_ERR(mprotect(p, PG, PROT_READ | PROT_WRITE), EACCES);
	munmap(p, PG);
	p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK_OK(mprotect(p, PG, PROT_READ | PROT_WRITE));      /* private: a copy */
	munmap(p, PG);
	close(fd);
	unlink(FILE_NAME);

	fd = open("/dev/zero", O_RDONLY);
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap /dev/zero: %s", strerror(errno));
	CHECK_ERR(mprotect(p, PG, PROT_WRITE), EACCES);
	munmap(p, PG);
	close(fd);

	/* MAP_32BIT: within the first 2 GiB, hint or not. */
	char *a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	CHECK(a != MAP_FAILED, "MAP_32BIT: %s", strerror(errno));
	CHECK((uintptr_t)a + 4 * PG <= 0x80000000UL, "MAP_32BIT mapping at %p", (void *)a);
	a[0] = 1;
	char *b = mmap((void *)0x7f0000000000UL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	CHECK(b != MAP_FAILED && (uintptr_t)b + PG <= 0x80000000UL, "MAP_32BIT with a high hint at %p", (void *)b);
	munmap(a, 4 * PG);
	munmap(b, PG);
	return t_done();
}
