/*
 * proc_sys_kernel: /proc/sys/kernel/{pid_max,ns_last_pid,tainted,
 * core_pattern}, as Linux.  pid_max reads as a number in [301, 4194304],
 * takes its own value back, refuses 300, 4194305 and "x" (EINVAL) and
 * bounds clone3's set_tid (pid_max itself is EINVAL).  ns_last_pid is
 * the reader's namespace: pid 1 of a fresh pid namespace writes 500 and
 * its next child is 501; a read at an offset is the end of file.
 * tainted is a number (0 on ushi); core_pattern takes its own value back.
 * Only on ushi (which runs alone: these settings are machine-wide)
 * pid_max is lowered and the next pid wraps below it.
 */
#include "t.h"
#include "t_clone.h"
#include <fcntl.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define KSYS "/proc/sys/kernel/"

/* The file's text (NUL-terminated), or -errno. */
static long read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	long n = read(fd, buf, size - 1);
	long e = n < 0 ? -errno : n;
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	return e;
}

/* Writes s in one write(); the result, or -errno. */
static long write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	long n = write(fd, s, strlen(s));
	long e = n < 0 ? -errno : n;
	close(fd);
	return e;
}

static long read_long(const char *path)
{
	char buf[64];
	if (read_file(path, buf, sizeof buf) <= 0)
		return -1;
	char *end;
	long v = strtol(buf, &end, 10);
	return *end == '\n' && end[1] == 0 ? v : -1;
}

static void check_pid_max(void)
{
	char old[64], buf[64];
	CHECK(read_file(KSYS "pid_max", old, sizeof old) > 0, "read pid_max");
	long pid_max = read_long(KSYS "pid_max");
	CHECK(pid_max >= 301 && pid_max <= 4194304, "pid_max %ld", pid_max);
	CHECK_EQ(write_file(KSYS "pid_max", old), (long)strlen(old));
	CHECK_EQ(write_file(KSYS "pid_max", "300"), -EINVAL);
	CHECK_EQ(write_file(KSYS "pid_max", "4194305\n"), -EINVAL);
	CHECK_EQ(write_file(KSYS "pid_max", "x"), -EINVAL);
	CHECK_EQ(read_long(KSYS "pid_max"), pid_max);
	/* a read past the start is the end, as Linux's proc_dointvec */
	int fd = open(KSYS "pid_max", O_RDONLY);
	CHECK_EQ(pread(fd, buf, sizeof buf, 1), 0);
	close(fd);
	int tid[] = { (int)pid_max };
	struct tc_clone_args ca = { .exit_signal = SIGCHLD, .set_tid = (uintptr_t)tid, .set_tid_size = 1 };
	CHECK_EQ(tc_clone3_probe(&ca, TC_ARGS_VER2), -EINVAL);
}

/* pid 1 of a new namespace: sets ns_last_pid, forks; 0 if the child was 501. */
static int ns_init(void)
{
	if (write_file(KSYS "ns_last_pid", "500") != 3)
		return 1;
	if (read_long(KSYS "ns_last_pid") != 500)
		return 2;
	pid_t c = fork();
	if (c == 0)
		_exit(getpid() == 501 ? 0 : 1);
	int st;
	if (c != 501 || waitpid(c, &st, 0) != c || !WIFEXITED(st) || WEXITSTATUS(st))
		return 3;
	return read_long(KSYS "ns_last_pid") == 501 ? 0 : 4;
}

static void check_ns_last_pid(void)
{
	long last = read_long(KSYS "ns_last_pid");
	CHECK(last >= 0, "ns_last_pid %ld", last);
	CHECK_EQ(write_file(KSYS "ns_last_pid", "-1"), -EINVAL);
	long c = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(ns_init());
	CHECK(c > 0, "clone(CLONE_NEWPID): %s", strerror(errno));
	CHECK_EQ(tc_reap(c), 0);
}

/* Lowers pid_max below the next pid: the one after wraps to 300 and up. */
static void check_pid_max_wraps(void)
{
	char old[64];
	CHECK(read_file(KSYS "pid_max", old, sizeof old) > 0, "read pid_max");
	CHECK_EQ(write_file(KSYS "ns_last_pid", "1000"), 4);
	CHECK_EQ(write_file(KSYS "pid_max", "1002"), 4);
	pid_t pids[2];
	for (int i = 0; i < 2; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(0);
	}
	CHECK_EQ(write_file(KSYS "pid_max", old), (long)strlen(old));
	CHECK_EQ(pids[0], 1001);
	CHECK(pids[1] >= 300 && pids[1] < 1001, "after the wrap: pid %d", pids[1]);
	for (int i = 0; i < 2; i++)
		CHECK_EQ(tc_reap(pids[i]), 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	check_pid_max();
	check_ns_last_pid();
	long tainted = read_long(KSYS "tainted");
	CHECK(tainted >= 0, "tainted %ld", tainted);
	if (t_on_ushi())
		CHECK_EQ(tainted, 0);
	char pat[256], again[256];
	CHECK(read_file(KSYS "core_pattern", pat, sizeof pat) > 0, "read core_pattern");
	CHECK_EQ(write_file(KSYS "core_pattern", pat), (long)strlen(pat));
	CHECK(read_file(KSYS "core_pattern", again, sizeof again) > 0 && !strcmp(pat, again),
	      "core_pattern %s became %s", pat, again);
	if (t_on_ushi())
		check_pid_max_wraps();
	return t_done();
}
