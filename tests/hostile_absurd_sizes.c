/*
 * hostile_absurd_sizes: sizes, counts, fds and offsets no sane program
 * passes get Linux's answers, and the caller lives on.
 *
 * mmap of 2^47, 2^63 or ~0 bytes is ENOMEM; a hint address beyond user
 * space is ignored, not honoured; a file offset whose last page lies past
 * 2^63 is EOVERFLOW.  munmap/mprotect/madvise/mremap with lengths that
 * wrap get EINVAL or ENOMEM as on Linux; an mprotect that runs off the
 * end of user space changes the areas before the hole and says ENOMEM;
 * madvise over a hole gives every area the advice and says ENOMEM.  brk
 * to 2^47, 2^63 or ~0 returns the unchanged break.  read and write with a
 * count reaching the top of user space move only what exists (a short
 * file's size) or what is mapped (the pages before a hole), and touch
 * nothing past it.  Negative fds are EBADF everywhere; the upper half of a
 * 64-bit fd argument is ignored (Linux's fds are unsigned int).  Negative
 * offsets are EINVAL for lseek, pread, pwrite, preadv, pwritev, ftruncate
 * and truncate, even before the fd or path is looked at, and a failed
 * lseek leaves the position.
 *
 * execve: an empty (or NULL) argv still gives the program an argv[0] of
 * ""; an argv or envp string of 131072 bytes (MAX_ARG_STRLEN, NUL
 * included) is E2BIG while 131071 works; 1 MiB of strings fits an 8 MiB
 * RLIMIT_STACK, 8 MiB is E2BIG even with no stack limit (Linux caps the
 * room at 6 MiB); under a 64 KiB limit the strings may fill what the new
 * stack can grow to (56000 bytes fit, 84000 do not); a million pointers
 * is E2BIG.
 *
 * Path names of 4096 bytes (PATH_MAX counts the NUL) are ENAMETOOLONG for
 * open, stat, mkdir, chdir, execve, unlink and the rest, while 4095 bytes
 * resolve; 4096 non-NUL bytes before a hole are ENAMETOOLONG (the kernel
 * stops reading), 4095 are EFAULT; a component of 256 bytes is
 * ENAMETOOLONG, of 255 bytes fine.
 */
#include "t.h"
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>

#define PG 4096UL
#define USER_TOP ((1UL << 47) - PG)     /* the end of user space (TASK_SIZE_MAX) */
#define DIR_ "/tmp/hostile_absurd_sizes.d"
#define FILE_ DIR_ "/file"
#define ARG_MAX_STR 131072              /* MAX_ARG_STRLEN, NUL included */

extern char **environ;

static long rmmap(unsigned long a, unsigned long len, int prot, int flags, int fd, long off)
{
	return syscall(SYS_mmap, a, len, prot, flags, fd, off);
}

/* Two readable, writable pages with an unmapped page right after them. */
static char *pages_before_hole(void)
{
	char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	munmap(p + 2 * PG, PG);
	return p;
}

/* 1 if a write to p kills a child with SIGSEGV, 0 if it works. */
static int write_faults(char *p)
{
	pid_t pid = fork();
	if (pid == 0) {
		*(volatile char *)p = 1;
		_exit(0);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV ? 1 : WIFEXITED(st) ? 0 : -1;
}

/* madvise over a hole: the areas get the advice, the answer is ENOMEM. */
static void check_madvise_hole(void)
{
	char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap of three pages failed");
	if (p == MAP_FAILED)
		return;
	munmap(p + PG, PG);
	p[0] = p[2 * PG] = 9;
	CHECK_ERR(syscall(SYS_madvise, p, 3 * PG, MADV_NORMAL), ENOMEM);
	CHECK_ERR(syscall(SYS_madvise, p + PG, PG, MADV_WILLNEED), ENOMEM);
	CHECK_EQ(syscall(SYS_madvise, p + PG, 0, MADV_WILLNEED), 0);
	CHECK_ERR(syscall(SYS_madvise, p, 0, 77), EINVAL);
	CHECK_ERR(syscall(SYS_madvise, p, 3 * PG, MADV_DONTNEED), ENOMEM);
	CHECK(p[0] == 0 && p[2 * PG] == 0, "MADV_DONTNEED left pages around the hole");
	CHECK_ERR(syscall(SYS_madvise, p, 3 * PG, MADV_DONTFORK), ENOMEM);
	CHECK_EQ(write_faults(p + 2 * PG), 1);  /* the area after the hole: not in a child */
	CHECK_ERR(syscall(SYS_madvise, p, 3 * PG, MADV_DOFORK), ENOMEM);
	CHECK_EQ(write_faults(p + 2 * PG), 0);
	munmap(p, 3 * PG);
}

static void check_mmap(int fd)
{
	const int RW = PROT_READ | PROT_WRITE, PA = MAP_PRIVATE | MAP_ANONYMOUS;
	CHECK_ERR(rmmap(0, 1UL << 47, RW, PA, -1, 0), ENOMEM);
	CHECK_ERR(rmmap(0, 1UL << 63, RW, PA, -1, 0), ENOMEM);
	CHECK_ERR(rmmap(0, ~0UL, RW, PA, -1, 0), ENOMEM);
	CHECK_ERR(rmmap(0, ~0UL - PG, RW, PA, -1, 0), ENOMEM);
	CHECK_ERR(rmmap(0, USER_TOP, RW, PA, -1, 0), ENOMEM);
	CHECK_ERR(rmmap(0, 1UL << 47, PROT_READ, MAP_SHARED, fd, 0), ENOMEM);
	/* A hint is only a hint: one past user space is ignored. */
	long p = rmmap(1UL << 47, PG, RW, PA, -1, 0);
	CHECK(p > 0 && (unsigned long)p < USER_TOP, "mmap honoured a hint beyond user space");
	if (p > 0)
		munmap((void *)p, PG);
	p = rmmap(~0UL & ~(PG - 1), PG, RW, PA, -1, 0);
	CHECK(p > 0 && (unsigned long)p < USER_TOP, "mmap honoured the hint ~0");
	if (p > 0)
		munmap((void *)p, PG);
	/* The file offset of the last mapped byte must stay below 2^63. */
	CHECK_ERR(rmmap(0, PG, PROT_READ, MAP_SHARED, fd, -(long)PG), EOVERFLOW);
	CHECK_ERR(rmmap(0, PG, PROT_READ, MAP_SHARED, fd, LLONG_MAX & ~(long)(PG - 1)), EOVERFLOW);
	p = rmmap(0, PG, PROT_READ, MAP_SHARED, fd, 1L << 40);
	CHECK(p > 0, "mmap far past the end of a file failed: %ld", p);
	if (p > 0)
		munmap((void *)p, PG);

	/* The calls on existing areas, with lengths that run off the end. */
	char *a = mmap(NULL, PG, RW, PA, -1, 0);
	CHECK(a != MAP_FAILED, "mmap of one page failed");
	if (a == MAP_FAILED)
		return;
	a[0] = 7;
	CHECK_ERR(syscall(SYS_munmap, a, 1UL << 63), EINVAL);
	CHECK_ERR(syscall(SYS_munmap, a, ~0UL), EINVAL);
	CHECK_ERR(syscall(SYS_mprotect, a, ~0UL, PROT_READ), ENOMEM);
	CHECK_ERR(syscall(SYS_madvise, a, ~0UL, MADV_DONTNEED), EINVAL);
	CHECK_ERR(syscall(SYS_mremap, a, PG, 1UL << 47, MREMAP_MAYMOVE), EINVAL);
	CHECK_ERR(syscall(SYS_mremap, a, PG, USER_TOP, MREMAP_MAYMOVE), ENOMEM);
	CHECK_ERR(syscall(SYS_mremap, a, PG, ~0UL, MREMAP_MAYMOVE), EINVAL);
	CHECK_ERR(syscall(SYS_mremap, a, ~0UL, PG, 0), EINVAL);
	CHECK_EQ(a[0], 7);
	a[0] = 8;                       /* still mapped and writable */
	CHECK_EQ(a[0], 8);
	/* A range that runs off the end of user space: Linux changes the
	 * areas it meets before the hole and then says ENOMEM. */
	CHECK_ERR(syscall(SYS_mprotect, a, 1UL << 47, PROT_READ), ENOMEM);
	CHECK_EQ(a[0], 8);
	CHECK_EQ(write_faults(a), 1);
	munmap(a, PG);
	check_madvise_hole();
}

static void check_brk(void)
{
	unsigned long cur = syscall(SYS_brk, 0);
	CHECK(cur != 0, "brk(0) returned 0");
	CHECK_EQ(syscall(SYS_brk, 1UL << 47), cur);
	CHECK_EQ(syscall(SYS_brk, USER_TOP + 1), cur);
	CHECK_EQ(syscall(SYS_brk, 1UL << 63), cur);
	CHECK_EQ(syscall(SYS_brk, ~0UL), cur);
	CHECK_EQ(syscall(SYS_brk, cur + (1UL << 46)), cur);
	CHECK_EQ(syscall(SYS_brk, 0), cur);
	/* An ordinary request still works after all that. */
	CHECK_EQ(syscall(SYS_brk, cur + PG), cur + PG);
	((volatile char *)cur)[PG - 1] = 1;
	CHECK_EQ(syscall(SYS_brk, cur), cur);
}

/* read and write with counts that reach the top of user space. */
static void check_counts(void)
{
	char *buf = pages_before_hole();
	CHECK(buf != NULL, "no buffer");
	if (!buf)
		return;
	unsigned long huge = USER_TOP - (unsigned long)buf;    /* the most access_ok allows */
	int fd = open(FILE_, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK_OK(fd);
	char text[100];
	for (int i = 0; i < 100; i++)
		text[i] = 'a' + i % 26;
	CHECK_EQ(write(fd, text, 100), 100);

	/* A 100-byte file: 100 bytes come back, the rest of the buffer stays. */
	memset(buf, '#', 2 * PG);
	CHECK_EQ(syscall(SYS_pread64, fd, buf, huge, 0), 100);
	CHECK(memcmp(buf, text, 100) == 0, "pread copied the wrong bytes");
	CHECK(buf[100] == '#' && buf[2 * PG - 1] == '#', "pread wrote past the file's data");
	lseek(fd, 0, SEEK_SET);
	CHECK_EQ(syscall(SYS_read, fd, buf, huge), 100);
	CHECK_EQ(syscall(SYS_read, fd, buf, huge), 0);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 100);
	/* Counts past user space are refused before anything moves. */
	CHECK_ERR(syscall(SYS_read, fd, buf, huge + PG + 1), EFAULT);
	CHECK_ERR(syscall(SYS_read, fd, buf, ~0UL), EFAULT);

	/* Writing: only the two mapped pages go out, then the hole stops it. */
	for (unsigned long i = 0; i < 2 * PG; i++)
		buf[i] = 'A' + i % 23;
	CHECK_EQ(syscall(SYS_pwrite64, fd, buf, huge, 0), 2 * PG);
	struct stat st;
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 2 * PG);
	char back[2 * PG];
	CHECK_EQ(pread(fd, back, sizeof back, 0), 2 * PG);
	CHECK(memcmp(back, buf, 2 * PG) == 0, "the file does not hold what was written");

	/* The same on a pipe: whole pages go in until the hole. */
	int p[2];
	CHECK_OK(pipe(p));
	CHECK_EQ(syscall(SYS_write, p[1], buf, huge), 2 * PG);
	memset(back, 0, sizeof back);
	CHECK_EQ(syscall(SYS_read, p[0], back, USER_TOP - (unsigned long)back), 2 * PG);
	CHECK(memcmp(back, buf, 2 * PG) == 0, "the pipe does not hold what was written");
	/* A read count far above what the pipe holds returns what it holds. */
	CHECK_EQ(write(p[1], "xyz", 3), 3);
	CHECK_EQ(syscall(SYS_read, p[0], buf, huge), 3);
	close(p[0]);
	close(p[1]);
	close(fd);
	unlink(FILE_);
	munmap(buf, 2 * PG);
}

static void check_bad_fds(void)
{
	char buf[16];
	struct stat st;
	const long bad[] = { -1, -2, INT_MIN, -100 /* AT_FDCWD is no fd */, INT_MAX };
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long fd = bad[i];
		CHECK_ERR(syscall(SYS_read, fd, buf, 1), EBADF);
		CHECK_ERR(syscall(SYS_write, fd, buf, 1), EBADF);
		CHECK_ERR(syscall(SYS_pread64, fd, buf, 1, 0), EBADF);
		CHECK_ERR(syscall(SYS_close, fd), EBADF);
		CHECK_ERR(syscall(SYS_fstat, fd, &st), EBADF);
		CHECK_ERR(syscall(SYS_dup, fd), EBADF);
		CHECK_ERR(syscall(SYS_dup2, fd, 20), EBADF);
		CHECK_ERR(syscall(SYS_fcntl, fd, F_GETFD), EBADF);
		CHECK_ERR(syscall(SYS_lseek, fd, 0, SEEK_SET), EBADF);
		CHECK_ERR(syscall(SYS_fchdir, fd), EBADF);
		CHECK_ERR(syscall(SYS_ftruncate, fd, 0), EBADF);
		CHECK_ERR(syscall(SYS_getdents64, fd, buf, sizeof buf), EBADF);
		CHECK_ERR(rmmap(0, PG, PROT_READ, MAP_PRIVATE, fd, 0), EBADF);
		if (fd != -100)
			CHECK_ERR(syscall(SYS_openat, fd, "relative", O_RDONLY), EBADF);
	}
	CHECK_ERR(syscall(SYS_dup2, 0, -1), EBADF);
	CHECK_ERR(syscall(SYS_dup2, 0, INT_MAX), EBADF);
	CHECK_ERR(syscall(SYS_dup3, 0, -5, 0), EBADF);
	CHECK_ERR(syscall(SYS_fcntl, 0, F_DUPFD, -1), EINVAL);
	/* The kernel takes an fd as unsigned int: junk above bit 31 is dropped. */
	CHECK_EQ(syscall(SYS_fstat, (0xdeadbeefUL << 32) | 1, &st), 0);
	CHECK_EQ(syscall(SYS_write, (1UL << 32) | 1, "", 0), 0);
	CHECK_ERR(syscall(SYS_fstat, (1UL << 32) | 0xffffffffUL, &st), EBADF);
	/* poll ignores a negative fd; select refuses a negative count. */
	struct { int fd; short events, revents; } pfd = { -1, 1, 77 };
	CHECK_EQ(syscall(SYS_poll, &pfd, 1, 0), 0);
	CHECK_EQ(pfd.revents, 0);
	CHECK_ERR(syscall(SYS_select, -1, NULL, NULL, NULL, NULL), EINVAL);
}

static void check_negative_offsets(void)
{
	int fd = open(FILE_, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK_OK(fd);
	CHECK_EQ(write(fd, "0123456789", 10), 10);
	CHECK_EQ(lseek(fd, 4, SEEK_SET), 4);
	CHECK_ERR(syscall(SYS_lseek, fd, -1L, SEEK_SET), EINVAL);
	CHECK_ERR(syscall(SYS_lseek, fd, -5L, SEEK_CUR), EINVAL);
	CHECK_ERR(syscall(SYS_lseek, fd, -11L, SEEK_END), EINVAL);
	CHECK_ERR(syscall(SYS_lseek, fd, LLONG_MIN, SEEK_CUR), EINVAL);
	CHECK_ERR(syscall(SYS_lseek, fd, LLONG_MIN, SEEK_END), EINVAL);
	CHECK_ERR(syscall(SYS_lseek, fd, 0, 77), EINVAL);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 4);      /* every failure left it */
	char buf[16];
	struct iovec iov = { buf, sizeof buf };
	CHECK_ERR(syscall(SYS_pread64, fd, buf, 1, -1L), EINVAL);
	CHECK_ERR(syscall(SYS_pread64, fd, buf, 1, LLONG_MIN), EINVAL);
	CHECK_ERR(syscall(SYS_pwrite64, fd, "x", 1, -4096L), EINVAL);
	CHECK_ERR(syscall(SYS_preadv, fd, &iov, 1, -1L, 0), EINVAL);
	CHECK_ERR(syscall(SYS_pwritev, fd, &iov, 1, -2L, 0), EINVAL);
	CHECK_ERR(syscall(SYS_ftruncate, fd, -1L), EINVAL);
	CHECK_ERR(syscall(SYS_truncate, FILE_, LLONG_MIN), EINVAL);
	/* The offset is judged before the fd: a bad fd still says EINVAL. */
	CHECK_ERR(syscall(SYS_pread64, -1, buf, 1, -1L), EINVAL);
	CHECK_ERR(syscall(SYS_pwrite64, -1, buf, 1, -1L), EINVAL);
	CHECK_ERR(syscall(SYS_preadv, -1, &iov, 1, -1L, 0), EINVAL);
	CHECK_ERR(syscall(SYS_pwritev, -1, &iov, 1, -1L, 0), EINVAL);
	CHECK_ERR(syscall(SYS_ftruncate, -1, -1L), EINVAL);
	CHECK_ERR(syscall(SYS_truncate, DIR_ "/missing/file", -1L), EINVAL);
	/* Nothing was written, nothing moved. */
	struct stat st;
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 10);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 4);
	close(fd);
	unlink(FILE_);
}

/* Runs path with av/ev in a child whose soft RLIMIT_STACK is stack (0:
 * as it is); returns -errno if the exec failed, else the exit status. */
static int try_exec(const char *path, char **av, char **ev, rlim_t stack)
{
	int p[2];
	if (pipe(p))
		return -1000;
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		struct rlimit rl;
		getrlimit(RLIMIT_STACK, &rl);
		rl.rlim_cur = stack ? stack : rl.rlim_cur;
		if (setrlimit(RLIMIT_STACK, &rl))
			_exit(0);       /* no errno sent: status 0 fails every check */
		syscall(SYS_execve, path, av, ev);
		int e = errno;
		write(p[1], &e, sizeof e);
		_exit(0);
	}
	close(p[1]);
	int e = 0, st = 0;
	ssize_t n = read(p[0], &e, sizeof e);
	close(p[0]);
	waitpid(pid, &st, 0);
	if (n == sizeof e)
		return -e;              /* execve failed with e */
	return WIFEXITED(st) ? WEXITSTATUS(st) : 200;
}

/* The exec'd side: argv[3..] must be strings of argv[2] bytes of 'v';
 * the status says how many there were: 40 + their number. */
static int child_check_args(int argc, char **argv)
{
	size_t n = strtoul(argv[2], NULL, 10);
	for (int i = 3; i < argc; i++) {
		if (strlen(argv[i]) != n)
			return 2;
		for (size_t j = 0; j < n; j++)
			if (argv[i][j] != 'v')
				return 3;
	}
	return 40 + argc - 3;
}

static void check_exec_args(const char *self)
{
	char *big = malloc(ARG_MAX_STR + 1);
	memset(big, 'v', ARG_MAX_STR);
	big[ARG_MAX_STR] = 0;                   /* strlen 131072: one too many */
	char *fits = big + 1;                   /* strlen 131071: the largest allowed */
	char count[16];
	snprintf(count, sizeof count, "%d", ARG_MAX_STR - 1);

	char *ok1[] = { (char *)self, "args", count, fits, NULL };
	CHECK_EQ(try_exec(self, ok1, environ, 0), 41);
	char *too_long[] = { (char *)self, "args", count, big, NULL };
	CHECK_EQ(try_exec(self, too_long, environ, 0), -E2BIG);
	/* No strings at all: the program still gets argv[0], "". */
	char *none[] = { NULL }, *mark[] = { "HOSTILE_EMPTY_ARGV=1", NULL };
	CHECK_EQ(try_exec(self, none, mark, 0), 43);
	CHECK_EQ(try_exec(self, NULL, mark, 0), 43);
	char *env_too_long[] = { big, NULL };
	CHECK_EQ(try_exec(self, ok1, env_too_long, 0), -E2BIG);

	/* 8 strings (1 MiB) fit below the 2 MiB an 8 MiB stack allows... */
	char *eight[12] = { (char *)self, "args", count };
	for (int i = 3; i < 11; i++)
		eight[i] = fits;
	eight[11] = NULL;
	CHECK_EQ(try_exec(self, eight, NULL, 0), 48);
	/* ...64 of them (8 MiB) do not, even with no stack limit at all. */
	char **many = calloc(70, sizeof *many);
	many[0] = (char *)self;
	many[1] = "args";
	many[2] = count;
	for (int i = 3; i < 67; i++)
		many[i] = fits;
	CHECK_EQ(try_exec(self, many, NULL, 0), -E2BIG);
	CHECK_EQ(try_exec(self, many, NULL, RLIM_INFINITY), -E2BIG);
	free(many);
	/* With a 64 KiB stack limit the strings get what the new stack may
	 * grow to: 56000 bytes fit, 84000 do not. */
	char *s28k = big + ARG_MAX_STR - 28000;
	char *small[] = { (char *)self, "args", "28000", s28k, s28k, NULL, NULL };
	CHECK_EQ(try_exec(self, small, NULL, 64 * 1024), 42);       /* two strings */
	small[5] = s28k;
	CHECK_EQ(try_exec(self, small, NULL, 64 * 1024), -E2BIG);
	/* A million pointers to "": the pointers alone are too many. */
	size_t n = 1 << 20;
	char **ptrs = mmap(NULL, (n + 1) * sizeof *ptrs, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ptrs != MAP_FAILED, "no room for a million pointers");
	if (ptrs != MAP_FAILED) {
		ptrs[0] = (char *)self;
		for (size_t i = 1; i < n; i++)
			ptrs[i] = "";
		ptrs[n] = NULL;
		CHECK_EQ(try_exec(self, ptrs, NULL, 0), -E2BIG);
		CHECK_EQ(try_exec(self, ok1, ptrs, 0), -E2BIG);
		munmap(ptrs, (n + 1) * sizeof *ptrs);
	}
	free(big);
}

/* A path of exactly len bytes that names target: target padded with slashes. */
static char *padded(const char *target, size_t len)
{
	char *s = malloc(len + 1);
	size_t t = strlen(target);
	memset(s, '/', len - t);
	memcpy(s + len - t, target, t + 1);
	return s;
}

static void check_long_paths(const char *self)
{
	char abs_self[2 * PATH_MAX] = "", cwd[PATH_MAX] = "";
	if (self[0] != '/')
		CHECK(getcwd(cwd, sizeof cwd) != NULL, "getcwd failed");
	snprintf(abs_self, sizeof abs_self, "%s%s%s", cwd, cwd[0] ? "/" : "", self);
	int fd = open(FILE_, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK_OK(fd);
	close(fd);
	struct stat st;

	/* 4095 bytes and the NUL: the largest path there is; it resolves. */
	char *ok = padded(FILE_, PATH_MAX - 1);
	fd = open(ok, O_RDONLY);
	CHECK_OK(fd);
	close(fd);
	CHECK_OK(stat(ok, &st));
	CHECK_OK(access(ok, F_OK));
	char *okdir = padded(DIR_, PATH_MAX - 1);
	CHECK_OK(chdir(okdir));
	CHECK_OK(chdir("/"));
	char *okself = padded(abs_self, PATH_MAX - 1);
	char *av[] = { okself, "exit42", NULL };
	CHECK_EQ(try_exec(okself, av, environ, 0), 42);

	/* One byte more: ENAMETOOLONG from every call that takes a path. */
	char *bad = padded(FILE_, PATH_MAX);
	char *baddir = padded(DIR_ "/sub", PATH_MAX);
	char *badself = padded(abs_self, PATH_MAX);
	CHECK_ERR(syscall(SYS_open, bad, O_RDONLY), ENAMETOOLONG);
	CHECK_ERR(syscall(SYS_open, bad, O_RDWR | O_CREAT, 0644), ENAMETOOLONG);
	CHECK_ERR(syscall(SYS_stat, bad, &st), ENAMETOOLONG);
	CHECK_ERR(syscall(SYS_lstat, bad, &st), ENAMETOOLONG);
	CHECK_ERR(syscall(SYS_access, bad, F_OK), ENAMETOOLONG);
	CHECK_ERR(syscall(SYS_mkdir, baddir, 0755), ENAMETOOLONG);
	CHECK_ERR(syscall(SYS_chdir, baddir), ENAMETOOLONG);
	CHECK_ERR(syscall(SYS_rmdir, baddir), ENAMETOOLONG);
	CHECK_ERR(syscall(SYS_unlink, bad), ENAMETOOLONG);
	CHECK_ERR(syscall(SYS_truncate, bad, 0), ENAMETOOLONG);
	CHECK_ERR(syscall(SYS_rename, bad, DIR_ "/new"), ENAMETOOLONG);
	CHECK_ERR(syscall(SYS_rename, FILE_, bad), ENAMETOOLONG);
	CHECK_ERR(syscall(SYS_symlink, bad, DIR_ "/lnk"), ENAMETOOLONG);
	CHECK_ERR(syscall(SYS_symlink, FILE_, bad), ENAMETOOLONG);
	CHECK_ERR(syscall(SYS_link, FILE_, bad), ENAMETOOLONG);
	char *bav[] = { badself, "exit42", NULL };
	CHECK_EQ(try_exec(badself, bav, environ, 0), -ENAMETOOLONG);
	CHECK_ERR(stat(DIR_ "/new", &st), ENOENT);
	CHECK_ERR(lstat(DIR_ "/lnk", &st), ENOENT);
	CHECK_OK(stat(FILE_, &st));

	/* A name running into a hole: 4096 bytes are read and judged too
	 * long; with only 4095 before the hole, the read faults. */
	char *mem = pages_before_hole();
	if (mem) {
		memset(mem, 'n', 2 * PG);
		CHECK_ERR(syscall(SYS_open, mem + PG, O_RDONLY), ENAMETOOLONG);
		CHECK_ERR(syscall(SYS_mkdir, mem + PG, 0755), ENAMETOOLONG);
		CHECK_ERR(syscall(SYS_open, mem + PG + 1, O_RDONLY), EFAULT);
		CHECK_ERR(syscall(SYS_stat, mem + PG + 1, &st), EFAULT);
		munmap(mem, 2 * PG);
	}
	free(ok); free(okdir); free(okself); free(bad); free(baddir); free(badself);
}

/* One component of 255 bytes is fine, of 256 is ENAMETOOLONG. */
static void check_long_names(void)
{
	char name[sizeof DIR_ + 300], sub[sizeof name + 8];
	struct stat st;
	int at = snprintf(name, sizeof name, "%s/", DIR_);
	memset(name + at, 'c', 255);
	name[at + 255] = 0;
	int fd = open(name, O_RDWR | O_CREAT | O_EXCL, 0644);
	CHECK_OK(fd);
	close(fd);
	CHECK_OK(stat(name, &st));
	CHECK_OK(unlink(name));
	CHECK_OK(mkdir(name, 0755));
	CHECK_OK(rmdir(name));

	name[at + 255] = 'c';
	name[at + 256] = 0;
	snprintf(sub, sizeof sub, "%s/x", name);
	CHECK_ERR(open(name, O_RDWR | O_CREAT, 0644), ENAMETOOLONG);
	CHECK_ERR(open(name, O_RDONLY), ENAMETOOLONG);
	CHECK_ERR(stat(name, &st), ENAMETOOLONG);
	CHECK_ERR(mkdir(name, 0755), ENAMETOOLONG);
	CHECK_ERR(chdir(name), ENAMETOOLONG);
	CHECK_ERR(unlink(name), ENAMETOOLONG);
	CHECK_ERR(rmdir(name), ENAMETOOLONG);
	CHECK_ERR(symlink(FILE_, name), ENAMETOOLONG);
	CHECK_ERR(open(sub, O_RDONLY), ENAMETOOLONG);
	CHECK_ERR(stat(sub, &st), ENAMETOOLONG);
}

int main(int argc, char **argv)
{
	if (argc == 0)
		return 4;               /* an empty argv got no argv[0] */
	if (argc == 1 && argv[0][0] == 0)
		return getenv("HOSTILE_EMPTY_ARGV") ? 43 : 5;
	if (argc > 1 && strcmp(argv[1], "exit42") == 0)
		return 42;
	if (argc > 2 && strcmp(argv[1], "args") == 0)
		return child_check_args(argc, argv);
	t_start(argv[0]);
	mkdir(DIR_, 0755);
	int fd = open(FILE_, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK_OK(fd);
	CHECK_EQ(write(fd, "data", 4), 4);
	t_log("mmap, munmap, mprotect, mremap, brk");
	check_mmap(fd);
	close(fd);
	check_brk();
	t_log("read and write counts up to the top of user space");
	check_counts();
	t_log("negative fds and offsets");
	check_bad_fds();
	check_negative_offsets();
	t_log("execve argument sizes");
	check_exec_args(argv[0]);
	t_log("path and name lengths");
	check_long_paths(argv[0]);
	check_long_names();
	unlink(FILE_);
	CHECK_OK(rmdir(DIR_));
	return t_done();
}
