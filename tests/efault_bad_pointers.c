/*
 * efault_bad_pointers: system calls handed pointers that user space may
 * not use get EFAULT, and the process lives on.  The bad pointers: NULL,
 * (void *)1, kernel addresses 0xffff888000000000 and 0xffffffff80000000,
 * the first non-canonical address 0x0000800000000000, a page that was
 * munmap'd; plus a PROT_READ page where the kernel must write and a
 * PROT_NONE page where it must read.  Calls: read, write, open, stat
 * (path and buffer), fstat, pipe (no fds leak), getcwd, clock_gettime,
 * uname, nanosleep - all raw syscall(), so musl cannot crash first.
 */
#include "t.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>

#define F "/tmp/efault_bad_pointers.dat"

#define EFAULT_CHECK(expr, label) do { errno = 0; long r_ = (long)(expr); int e_ = errno; \
	CHECK(r_ == -1 && e_ == EFAULT, "%s with %s: returned %ld errno %d (%s)", \
	      #expr, label, r_, e_, strerror(e_)); } while (0)

static int lowest_free(void)
{
	for (int fd = 0;; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF)
			return fd;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	signal(SIGPIPE, SIG_IGN);

	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED && none != MAP_FAILED, "mmap ro/none: %s", strerror(errno));
	/* A hole between two mapped pages, made last so that no later mmap
	 * (there is none below) can fill it again. */
	char *three = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(three != MAP_FAILED, "mmap: %s", strerror(errno));
	char *gone = three + 4096;
	CHECK_EQ(munmap(gone, 4096), 0);

	struct { void *p; const char *name; } bad[] = {
		{ NULL, "NULL" },
		{ (void *)1, "(void *)1" },
		{ (void *)0xffff888000000000UL, "0xffff888000000000" },
		{ (void *)0xffffffff80000000UL, "0xffffffff80000000" },
		{ (void *)0x0000800000000000UL, "0x0000800000000000" },
		{ (void *)0x8000000000000000UL, "0x8000000000000000" },
		{ gone, "an unmapped page" },
	};
	int nbad = sizeof bad / sizeof *bad;

	int self = open(argv[0], O_RDONLY);
	CHECK(self >= 0, "open self: %s", strerror(errno));
	unlink(F);
	int tf = open(F, O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(tf >= 0, "create: %s", strerror(errno));
	int p[2];
	CHECK_EQ(pipe(p), 0);
	int low = lowest_free();

	for (int i = 0; i < nbad + 2; i++) {
		/* Where the kernel writes: every bad pointer and the read-only page. */
		void *dst = i < nbad ? bad[i].p : ro;
		const char *dn = i < nbad ? bad[i].name : "a PROT_READ page";
		/* Where the kernel reads: every bad pointer and the PROT_NONE page. */
		void *src = i < nbad ? bad[i].p : none;
		const char *sn = i < nbad ? bad[i].name : "a PROT_NONE page";
		if (i == nbad + 1) {                         /* not page-aligned */
			dst = ro + 4000;
			src = none + 100;
		}

		EFAULT_CHECK(syscall(SYS_read, self, dst, 16), dn);
		EFAULT_CHECK(syscall(SYS_pread64, self, dst, 16, 0), dn);
		EFAULT_CHECK(syscall(SYS_write, tf, src, 16), sn);
		EFAULT_CHECK(syscall(SYS_write, p[1], src, 16), sn);
		EFAULT_CHECK(syscall(SYS_open, src, O_RDONLY, 0), sn);
		EFAULT_CHECK(syscall(SYS_open, src, O_RDWR | O_CREAT, 0600), sn);
		EFAULT_CHECK(syscall(SYS_stat, src, dst), sn);
		EFAULT_CHECK(syscall(SYS_stat, argv[0], dst), dn);
		EFAULT_CHECK(syscall(SYS_lstat, argv[0], dst), dn);
		EFAULT_CHECK(syscall(SYS_newfstatat, AT_FDCWD, argv[0], dst, 0), dn);
		EFAULT_CHECK(syscall(SYS_fstat, self, dst), dn);
		EFAULT_CHECK(syscall(SYS_pipe, dst), dn);
		EFAULT_CHECK(syscall(SYS_pipe2, dst, O_CLOEXEC), dn);
		EFAULT_CHECK(syscall(SYS_getcwd, dst, 4096), dn);
		EFAULT_CHECK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, dst), dn);
		EFAULT_CHECK(syscall(SYS_clock_gettime, CLOCK_REALTIME, dst), dn);
		EFAULT_CHECK(syscall(SYS_uname, dst), dn);
		EFAULT_CHECK(syscall(SYS_nanosleep, src, NULL), sn);
		EFAULT_CHECK(syscall(SYS_chdir, src), sn);
		EFAULT_CHECK(syscall(SYS_mkdir, src, 0755), sn);
		EFAULT_CHECK(syscall(SYS_unlink, src), sn);
	}
	/* No fd was left behind by the failed pipe calls; the file and pipe
	 * were not written to. */
	CHECK_EQ(lowest_free(), low);
	struct stat st;
	CHECK_EQ(fstat(tf, &st), 0);
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
	char c;
	CHECK_ERR(read(p[0], &c, 1), EAGAIN);
	/* The offset of self did not move through the failed reads. */
	CHECK_EQ(lseek(self, 0, SEEK_CUR), 0);
	/* The read-only page is still all zero. */
	size_t nz = 0;
	for (int i = 0; i < 4096; i++)
		nz += ro[i] != 0;
	CHECK_EQ(nz, 0);

	/* And ordinary calls still work. */
	struct utsname u;
	CHECK_EQ(uname(&u), 0);
	struct timespec ts;
	CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &ts), 0);
	char m[4];
	CHECK_EQ(read(self, m, 4), 4);
	CHECK(memcmp(m, "\177ELF", 4) == 0, "read after the faults");

	close(p[0]);
	close(p[1]);
	close(self);
	close(tf);
	CHECK_EQ(unlink(F), 0);
	munmap(ro, 4096);
	munmap(none, 4096);
	munmap(three, 3 * 4096);
	return t_done();
}
