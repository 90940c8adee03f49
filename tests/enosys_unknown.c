/*
 * enosys_unknown: system call numbers that do not exist return -ENOSYS
 * (syscall() gives -1 with errno ENOSYS) and the process goes on: numbers
 * just past the table, far beyond it, negative and huge 64-bit values,
 * with junk in every argument register.  The holes in the x86-64 table
 * (the old tuxcall/security/vserver slots 184, 185, 236) are ENOSYS too.
 * (Linux looks only at the low 32 bits of rax, as an int: 1<<32 would be
 * read(), so it is not used here; 1<<30 would be the x32 ABI.)
 */
#include "t.h"
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	long nums[] = { 500, 512, 547, 1000, 4095, 100000, 1L << 31, 0x7fffffffffffffffL, -1, -2, -100000,
			184 /* tuxcall */, 185 /* security */, 236 /* vserver */ };
	for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
		errno = 0;
		long r = syscall(nums[i], 1, 2, 3, 4, 5, 6);
		int e = errno;
		CHECK(r == -1 && e == ENOSYS, "syscall(%ld) returned %ld errno %d (%s)", nums[i], r, e, strerror(e));
		errno = 0;
		r = syscall(nums[i], -1L, 0xffff888000000000UL, 0UL, ~0UL, 7, 0);
		e = errno;
		CHECK(r == -1 && e == ENOSYS, "syscall(%ld, junk) returned %ld errno %d", nums[i], r, e);
	}
	/* A known call still works after all that. */
	CHECK_EQ(syscall(SYS_getpid), getpid());
	CHECK_EQ(syscall(SYS_write, 1, "", 0), 0);
	return t_done();
}
