/*
 * efault_every_pointer: the pointer-taking system calls that
 * efault_bad_pointers leaves out, each handed every kind of bad pointer -
 * NULL, the direct map (0xffff888000000000), the kernel image
 * (0xffffffff80000000), non-canonical (1<<47, 1<<63), an unmapped page,
 * a struct that starts 8 bytes before a hole - plus a read-only page where
 * the kernel writes and a PROT_NONE page where it reads.  Each gets EFAULT
 * (an optional pointer that may be NULL is tried only with the others);
 * the read-only page is never written; the process lives on and ordinary
 * calls still work.
 *
 * Covered: signal masks and actions, sigaltstack, rlimits, rusage,
 * sysinfo, times, gettimeofday, time, getresuid/gid, affinity, getcpu,
 * getdents64, readlink, clock_getres, clock_nanosleep, itimers, statx,
 * arch_prctl, waitid, readv/writev/preadv/pwritev (array and buffers),
 * poll/ppoll/select/pselect6, setgroups, sethostname, pidfd_send_signal,
 * and every path-taking call (access to umount2).
 */
#include "t.h"
#include "t_thread.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>

#define PG 4096UL
#define DIR_ "/tmp/efault_every_pointer.d"

enum { OUT, IN, IN_PATH };      /* the kernel writes, reads a struct, reads a string */

struct call {
	const char *name;
	int kind;
	int null_ok;            /* NULL is a valid "no such argument" */
	int size;
};

static int fd_dir, fd_file, pidfd;
static char good_path[] = DIR_ "/file";

/* Makes call i with the pointer p where the pointer under test goes. */
static long do_call(int i, void *p)
{
	static long zero_ts[2], zero_tv[2], itv[4];
	static unsigned long set;
	static struct rlimit rl;
	static char buf[4096];
	static struct iovec iov;
	static struct pollfd pfd;
	long dummy[16];
	long a = (long)p;
	iov.iov_base = buf;
	iov.iov_len = 16;
	pfd.fd = fd_file;
	pfd.events = POLLIN;
	getrlimit(RLIMIT_NOFILE, &rl);
	switch (i) {
	case 0: return t_sys6(SYS_rt_sigaction, SIGUSR1, 0, a, 8, 0, 0);
	case 1: return t_sys6(SYS_rt_sigprocmask, SIG_BLOCK, 0, a, 8, 0, 0);
	case 2: return t_sys6(SYS_rt_sigpending, a, 8, 0, 0, 0, 0);
	case 3: return t_sys6(SYS_sigaltstack, 0, a, 0, 0, 0, 0);
	case 4: return t_sys6(SYS_getrlimit, RLIMIT_NOFILE, a, 0, 0, 0, 0);
	case 5: return t_sys6(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, a, 0, 0);
	case 6: return t_sys6(SYS_getrusage, RUSAGE_SELF, a, 0, 0, 0, 0);
	case 7: return t_sys6(SYS_sysinfo, a, 0, 0, 0, 0, 0);
	case 8: return t_sys6(SYS_times, a, 0, 0, 0, 0, 0);
	case 9: return t_sys6(SYS_gettimeofday, a, 0, 0, 0, 0, 0);
	case 10: return t_sys6(SYS_time, a, 0, 0, 0, 0, 0);
	case 11: return t_sys6(SYS_getresuid, a, (long)&dummy[0], (long)&dummy[1], 0, 0, 0);
	case 12: return t_sys6(SYS_getresgid, (long)&dummy[0], (long)&dummy[1], a, 0, 0, 0);
	case 13: return t_sys6(SYS_sched_getaffinity, 0, 128, a, 0, 0, 0);
	case 14: return t_sys6(SYS_getcpu, a, 0, 0, 0, 0, 0);
	case 15: lseek(fd_dir, 0, SEEK_SET); return t_sys6(SYS_getdents64, fd_dir, a, 4096, 0, 0, 0);
	case 16: return t_sys6(SYS_readlink, (long)DIR_ "/link", a, 64, 0, 0, 0);
	case 17: return t_sys6(SYS_clock_getres, CLOCK_MONOTONIC, a, 0, 0, 0, 0);
	case 18: return t_sys6(SYS_getitimer, ITIMER_REAL, a, 0, 0, 0, 0);
	case 19: return t_sys6(SYS_setitimer, ITIMER_REAL, (long)itv, a, 0, 0, 0);
	case 20: return t_sys6(SYS_statx, AT_FDCWD, (long)good_path, 0, 0x7ff, a, 0);
	case 21: return t_sys6(SYS_arch_prctl, ARCH_GET_FS, a, 0, 0, 0, 0);
	case 22: return t_sys6(SYS_waitid, P_ALL, 0, a, WEXITED | WNOHANG, 0, 0);
	case 23: lseek(fd_file, 0, SEEK_SET);
		iov.iov_base = p;
		return t_sys6(SYS_readv, fd_file, (long)&iov, 1, 0, 0, 0);
	case 24: iov.iov_base = p; return t_sys6(SYS_preadv, fd_file, (long)&iov, 1, 0, 0, 0);
	/* ---- the kernel reads a struct ---- */
	case 25: return t_sys6(SYS_rt_sigaction, SIGUSR1, a, 0, 8, 0, 0);
	case 26: return t_sys6(SYS_rt_sigprocmask, SIG_BLOCK, a, 0, 8, 0, 0);
	case 27: return t_sys6(SYS_rt_sigsuspend, a, 8, 0, 0, 0, 0);
	case 28: return t_sys6(SYS_sigaltstack, a, 0, 0, 0, 0, 0);
	case 29: return t_sys6(SYS_setrlimit, RLIMIT_NOFILE, a, 0, 0, 0, 0);
	case 30: return t_sys6(SYS_prlimit64, 0, RLIMIT_NOFILE, a, 0, 0, 0);
	case 31: return t_sys6(SYS_setgroups, 1, a, 0, 0, 0, 0);
	case 32: return t_sys6(SYS_sched_setaffinity, 0, 8, a, 0, 0, 0);
	case 33: return t_sys6(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, a, 0, 0, 0);
	case 34: return t_sys6(SYS_setitimer, ITIMER_REAL, a, 0, 0, 0, 0);
	case 35: return t_sys6(SYS_readv, fd_file, a, 1, 0, 0, 0);
	case 36: return t_sys6(SYS_writev, fd_file, a, 1, 0, 0, 0);
	case 37: return t_sys6(SYS_preadv, fd_file, a, 1, 0, 0, 0);
	case 38: return t_sys6(SYS_pwritev, fd_file, a, 1, 0, 0, 0);
	case 39: iov.iov_base = p; return t_sys6(SYS_writev, fd_file, (long)&iov, 1, 0, 0, 0);
	case 40: iov.iov_base = p; return t_sys6(SYS_pwritev, fd_file, (long)&iov, 1, 0, 0, 0);
	case 41: return t_sys6(SYS_poll, a, 1, 0, 0, 0, 0);
	case 42: return t_sys6(SYS_ppoll, a, 1, (long)zero_ts, 0, 8, 0);
	case 43: return t_sys6(SYS_ppoll, (long)&pfd, 1, a, 0, 8, 0);
	case 44: return t_sys6(SYS_ppoll, (long)&pfd, 1, (long)zero_ts, a, 8, 0);
	case 45: return t_sys6(SYS_select, fd_file + 1, a, 0, 0, (long)zero_tv, 0);
	case 46: set = 1UL << fd_file; return t_sys6(SYS_select, fd_file + 1, (long)&set, 0, 0, a, 0);
	case 47: set = 1UL << fd_file; return t_sys6(SYS_pselect6, fd_file + 1, (long)&set, 0, 0, a, 0);
	case 48: return t_sys6(SYS_sethostname, a, 4, 0, 0, 0, 0);
	case 49: return t_sys6(SYS_pidfd_send_signal, pidfd, 0, a, 0, 0, 0);
	/* ---- the kernel reads a path ---- */
	case 50: return t_sys6(SYS_access, a, F_OK, 0, 0, 0, 0);
	case 51: return t_sys6(SYS_faccessat, AT_FDCWD, a, F_OK, 0, 0, 0);
	case 52: return t_sys6(SYS_chmod, a, 0644, 0, 0, 0, 0);
	case 53: return t_sys6(SYS_fchmodat, AT_FDCWD, a, 0644, 0, 0, 0);
	case 54: return t_sys6(SYS_chown, a, 0, 0, 0, 0, 0);
	case 55: return t_sys6(SYS_lchown, a, 0, 0, 0, 0, 0);
	case 56: return t_sys6(SYS_fchownat, AT_FDCWD, a, 0, 0, 0, 0);
	case 57: return t_sys6(SYS_truncate, a, 0, 0, 0, 0, 0);
	case 58: return t_sys6(SYS_rmdir, a, 0, 0, 0, 0, 0);
	case 59: return t_sys6(SYS_rename, a, (long)DIR_ "/new", 0, 0, 0, 0);
	case 60: return t_sys6(SYS_rename, (long)good_path, a, 0, 0, 0, 0);
	case 61: return t_sys6(SYS_link, a, (long)DIR_ "/new", 0, 0, 0, 0);
	case 62: return t_sys6(SYS_link, (long)good_path, a, 0, 0, 0, 0);
	case 63: return t_sys6(SYS_symlink, a, (long)DIR_ "/new", 0, 0, 0, 0);
	case 64: return t_sys6(SYS_symlink, (long)good_path, a, 0, 0, 0, 0);
	case 65: return t_sys6(SYS_readlink, a, (long)buf, 64, 0, 0, 0);
	case 66: return t_sys6(SYS_mknod, a, S_IFIFO | 0644, 0, 0, 0, 0);
	case 67: return t_sys6(SYS_openat, AT_FDCWD, a, O_RDONLY, 0, 0, 0);
	case 68: return t_sys6(SYS_unlinkat, AT_FDCWD, a, 0, 0, 0, 0);
	case 69: return t_sys6(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, (long)DIR_ "/new", 0, 0);
	case 70: return t_sys6(SYS_linkat, AT_FDCWD, (long)good_path, AT_FDCWD, a, 0, 0);
	case 71: return t_sys6(SYS_symlinkat, (long)good_path, AT_FDCWD, a, 0, 0, 0);
	case 72: return t_sys6(SYS_mkdirat, AT_FDCWD, a, 0755, 0, 0, 0);
	case 73: return t_sys6(SYS_statx, AT_FDCWD, a, 0, 0x7ff, (long)buf, 0);
	case 74: return t_sys6(SYS_chroot, a, 0, 0, 0, 0, 0);
	case 75: return t_sys6(SYS_umount2, a, 0, 0, 0, 0, 0);
	case 76: return t_sys6(SYS_faccessat2, AT_FDCWD, a, F_OK, 0, 0, 0);
	}
	return -1;
}

/* size: the bytes the call touches through the pointer (8 or fewer fit
 * before the hole, so the straddling pointer is skipped; 0: a buffer whose
 * partial transfer is Linux's answer, tested in efault_partial_results). */
static const struct call calls[] = {
	{ "rt_sigaction(oldact)", OUT, 1, 32 }, { "rt_sigprocmask(oldset)", OUT, 1, 8 },
	{ "rt_sigpending", OUT, 0, 8 }, { "sigaltstack(old)", OUT, 1, 24 }, { "getrlimit", OUT, 0, 16 },
	{ "prlimit64(old)", OUT, 1, 16 }, { "getrusage", OUT, 0, 144 }, { "sysinfo", OUT, 0, 112 },
	{ "times", OUT, 1, 32 }, { "gettimeofday", OUT, 1, 16 }, { "time", OUT, 1, 8 },
	{ "getresuid", OUT, 0, 4 }, { "getresgid", OUT, 0, 4 }, { "sched_getaffinity", OUT, 0, 8 },
	{ "getcpu", OUT, 1, 4 }, { "getdents64", OUT, 0, 24 }, { "readlink(buf)", OUT, 0, 4 },
	{ "clock_getres", OUT, 1, 16 }, { "getitimer", OUT, 0, 32 }, { "setitimer(old)", OUT, 1, 32 },
	{ "statx(buf)", OUT, 0, 256 }, { "arch_prctl(ARCH_GET_FS)", OUT, 0, 8 },
	{ "waitid(info)", OUT, 1, 128 }, { "readv(buffer)", OUT, 0, 0 }, { "preadv(buffer)", OUT, 0, 0 },
	{ "rt_sigaction(act)", IN, 1, 32 }, { "rt_sigprocmask(set)", IN, 1, 8 },
	{ "rt_sigsuspend", IN, 0, 8 }, { "sigaltstack(new)", IN, 1, 24 }, { "setrlimit", IN, 0, 16 },
	{ "prlimit64(new)", IN, 1, 16 }, { "setgroups", IN, 0, 4 }, { "sched_setaffinity", IN, 0, 8 },
	{ "clock_nanosleep", IN, 0, 16 }, { "setitimer(new)", IN, 1, 32 }, { "readv(iovec)", IN, 0, 16 },
	{ "writev(iovec)", IN, 0, 16 }, { "preadv(iovec)", IN, 0, 16 }, { "pwritev(iovec)", IN, 0, 16 },
	{ "writev(buffer)", IN, 0, 0 }, { "pwritev(buffer)", IN, 0, 0 }, { "poll", IN, 0, 8 },
	{ "ppoll(fds)", IN, 0, 8 }, { "ppoll(timeout)", IN, 1, 16 }, { "ppoll(sigmask)", IN, 1, 8 },
	{ "select(readfds)", IN, 1, 8 }, { "select(timeout)", IN, 1, 16 },
	{ "pselect6(timeout)", IN, 1, 16 }, { "sethostname", IN, 0, 4 },
	{ "pidfd_send_signal(info)", IN, 1, 128 },
	{ "access", IN_PATH, 0, 9 }, { "faccessat", IN_PATH, 0, 9 }, { "chmod", IN_PATH, 0, 9 },
	{ "fchmodat", IN_PATH, 0, 9 }, { "chown", IN_PATH, 0, 9 }, { "lchown", IN_PATH, 0, 9 },
	{ "fchownat", IN_PATH, 0, 9 }, { "truncate", IN_PATH, 0, 9 }, { "rmdir", IN_PATH, 0, 9 },
	{ "rename(old)", IN_PATH, 0, 9 }, { "rename(new)", IN_PATH, 0, 9 }, { "link(old)", IN_PATH, 0, 9 },
	{ "link(new)", IN_PATH, 0, 9 }, { "symlink(target)", IN_PATH, 0, 9 },
	{ "symlink(name)", IN_PATH, 0, 9 }, { "readlink(path)", IN_PATH, 0, 9 },
	{ "mknod", IN_PATH, 0, 9 }, { "openat", IN_PATH, 0, 9 }, { "unlinkat", IN_PATH, 0, 9 },
	{ "renameat2", IN_PATH, 0, 9 }, { "linkat(new)", IN_PATH, 0, 9 },
	{ "symlinkat(name)", IN_PATH, 0, 9 }, { "mkdirat", IN_PATH, 0, 9 },
	{ "statx(path)", IN_PATH, 0, 9 }, { "chroot", IN_PATH, 0, 9 }, { "umount2", IN_PATH, 0, 9 },
	{ "faccessat2", IN_PATH, 0, 9 },
};
#define NCALLS ((int)(sizeof calls / sizeof *calls))

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	signal(SIGUSR1, SIG_IGN);
	mkdir(DIR_, 0755);
	fd_file = open(good_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd_file >= 0, "create: %s", strerror(errno));
	CHECK_EQ(write(fd_file, "0123456789abcdefghij", 20), 20);
	CHECK_EQ(symlink("file", DIR_ "/link"), 0);
	fd_dir = open(DIR_, O_RDONLY | O_DIRECTORY);
	pidfd = syscall(SYS_pidfd_open, getpid(), 0);
	CHECK(fd_dir >= 0 && pidfd >= 0, "open dir / pidfd_open: %s", strerror(errno));

	char *ro = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *none = mmap(NULL, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *two = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED && none != MAP_FAILED && two != MAP_FAILED, "mmap: %s", strerror(errno));
	memset(ro, 0x5a, PG);
	CHECK_EQ(mprotect(ro, PG, PROT_READ), 0);
	CHECK_EQ(munmap(two + PG, PG), 0);
	char *hole = two + PG;
	char *straddle = hole - 8;                      /* 8 good bytes, then the hole */
	memset(straddle, 'x', 8);                       /* as a path: no NUL before the hole */

	struct { void *p; const char *name; } bad[] = {
		{ NULL, "NULL" },
		{ (void *)0xffff888000000000UL, "the direct map" },
		{ (void *)0xffffffff80000000UL, "the kernel image" },
		{ (void *)(1UL << 47), "1<<47" },
		{ (void *)(1UL << 63), "1<<63" },
		{ hole, "an unmapped page" },
		{ straddle, "8 bytes before a hole" },
		{ NULL, "" },                           /* ro or none, by kind */
	};
	int nbad = sizeof bad / sizeof *bad;
	for (int i = 0; i < NCALLS; i++) {
		for (int b = 0; b < nbad; b++) {
			void *p = bad[b].p;
			const char *pn = bad[b].name;
			if (b == nbad - 1) {
				p = calls[i].kind == OUT ? ro : none;
				pn = calls[i].kind == OUT ? "a read-only page" : "a PROT_NONE page";
			}
			if (!p && calls[i].null_ok)
				continue;
			if (p == straddle && calls[i].size <= 8)
				continue;       /* it fits before the hole */
			memset(straddle, 'x', 8);      /* earlier partial writes may have put a NUL there */
			long r = do_call(i, p);
			CHECK(r == -EFAULT, "%s with %s: returned %ld, expected -EFAULT", calls[i].name, pn, r);
		}
	}
	/* Nothing was written into the read-only page. */
	size_t changed = 0;
	for (size_t k = 0; k < PG; k++)
		changed += ro[k] != 0x5a;
	CHECK_EQ(changed, 0);
	/* The failed calls changed nothing that can be seen. */
	struct stat st;
	CHECK_EQ(stat(good_path, &st), 0);
	CHECK_EQ(st.st_size, 20);
	CHECK_EQ(st.st_mode & 07777, 0644);
	CHECK_ERR(access(DIR_ "/new", F_OK), ENOENT);
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(!sigismember(&now, SIGUSR1), "SIGUSR1 blocked by a failed call");
	/* And the process carries on. */
	char m[4];
	CHECK_EQ(pread(fd_file, m, 4, 0), 4);
	CHECK(memcmp(m, "0123", 4) == 0, "read after the faults");

	close(fd_file);
	close(fd_dir);
	close(pidfd);
	unlink(DIR_ "/link");
	unlink(good_path);
	CHECK_EQ(rmdir(DIR_), 0);
	munmap(ro, PG);
	munmap(none, PG);
	munmap(two, PG);
	return t_done();
}
