/*
 * futex_key_fault - a shared (non-private) futex op names the page behind
 * the address, so Linux's get_futex_key faults that page in: a PROT_NONE
 * or unmapped uaddr or uaddr2 is EFAULT for FUTEX_WAKE and
 * FUTEX_CMP_REQUEUE, so is a read-only anonymous page (it never changes),
 * but a read-only page of a file will do, and an untouched page is
 * resident afterwards.  A private op looks at no page (0 for PROT_NONE).
 */
#include "t.h"
#include "t_thread.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define PG 4096L

static long futex(void *uaddr, int op, int val, long val2, void *uaddr2, int val3)
{
	return syscall(SYS_futex, uaddr, op, val, val2, uaddr2, val3);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	static int word;
	char *m = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap");
	char *none = m, *ro = m + PG, *fresh = m + 2 * PG, *unmapped = m + 3 * PG;
	CHECK_OK(mprotect(none, PG, PROT_NONE));
	CHECK_OK(mprotect(ro, PG, PROT_READ));
	CHECK_OK(munmap(unmapped, PG));

	CHECK_ERR(futex(none, FUTEX_WAKE, 1, 0, NULL, 0), EFAULT);
	CHECK_ERR(futex(unmapped, FUTEX_WAKE, 1, 0, NULL, 0), EFAULT);
	CHECK_EQ(futex(none, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, 0, NULL, 0), 0);
	CHECK_ERR(futex(ro, FUTEX_WAKE, 1, 0, NULL, 0), EFAULT);
	CHECK_ERR(futex(&word, FUTEX_CMP_REQUEUE, 1, 1, none, 0), EFAULT);
	CHECK_ERR(futex(&word, FUTEX_CMP_REQUEUE, 1, 1, unmapped, 0), EFAULT);
	CHECK_ERR(futex(none, FUTEX_CMP_REQUEUE, 1, 1, &word, 0), EFAULT);
	CHECK_ERR(futex(&word, FUTEX_CMP_REQUEUE, 1, 1, ro, 0), EFAULT);
	CHECK_ERR(futex(&word, FUTEX_REQUEUE, 1, 1, none, 0), EFAULT);

	int fd = open("/tmp/futex_key_fault", O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && ftruncate(fd, PG) == 0, "file: %s", strerror(errno));
	char *f = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(f != MAP_FAILED, "mmap file");
	CHECK_EQ(futex(f, FUTEX_WAKE, 1, 0, NULL, 0), 0);
	CHECK_EQ(futex(&word, FUTEX_CMP_REQUEUE, 1, 1, f, 0), 0);
	munmap(f, PG);
	close(fd);
	unlink("/tmp/futex_key_fault");

	unsigned char v = 7;
	CHECK_OK(mincore(fresh, PG, &v));
	CHECK_EQ(v & 1, 0);
	CHECK_EQ(futex(fresh, FUTEX_WAKE, 1, 0, NULL, 0), 0);
	CHECK_OK(mincore(fresh, PG, &v));
	CHECK_EQ(v & 1, 1);
	munmap(m, 3 * PG);
	return t_done();
}
