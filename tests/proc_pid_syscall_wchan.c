/*
 * proc_pid_syscall_wchan: /proc/PID/syscall gives the system call a task
 * is in - "nr arg1 ... arg6 sp pc", the number in decimal, the rest in
 * hex - made at the read, so a task reading its own sees that read;
 * /proc/PID/wchan is "0" for the reader itself (it runs) and the name of
 * a kernel function for a task asleep in a call.  Linux's selftests
 * proc-self-syscall and proc-self-wchan check the first two.
 */
#include "t.h"
#include <fcntl.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* Waits until process pid sleeps ('S' in /proc/pid/stat). */
static void wait_sleeping(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	for (;;) {
		int fd = open(path, O_RDONLY);
		ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
		if (fd >= 0)
			close(fd);
		if (n <= 0)
			return;
		buf[n] = 0;
		char *p = strrchr(buf, ')');
		if (p && p[1] == ' ' && p[2] == 'S')
			return;
		sched_yield();
	}
}

static ssize_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	buf[n < 0 ? 0 : n] = 0;
	return n;
}

static int is_symbol(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!(*s == '_' || *s == '.' || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char buf[128], want[128];

	/* our own: the read that reads it */
	int fd = open("/proc/self/syscall", O_RDONLY);
	CHECK(fd >= 0, "open /proc/self/syscall: errno %d", errno);
	snprintf(want, sizeof want, "%ld 0x%lx 0x%lx 0x%lx ", (long)SYS_read, (long)fd, (long)buf,
		 (long)sizeof buf);
	memset(buf, 0, sizeof buf);
	ssize_t n = syscall(SYS_read, fd, buf, sizeof buf);
	CHECK(n > 0 && !strncmp(buf, want, strlen(want)), "read '%s', expected '%s...'", buf, want);
	CHECK(n > 0 && buf[n - 1] == '\n', "no newline");
	close(fd);

	CHECK_EQ(read_file("/proc/self/wchan", buf, sizeof buf), 1);
	CHECK(!strcmp(buf, "0"), "own wchan '%s'", buf);

	/* a child asleep in read(pipe) */
	int p[2];
	CHECK_OK(pipe(p));
	static char cbuf[16];
	pid_t pid = fork();
	if (pid == 0) {
		close(p[1]);
		syscall(SYS_read, p[0], cbuf, sizeof cbuf);
		_exit(0);
	}
	close(p[0]);
	wait_sleeping(pid);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
	CHECK(read_file(path, buf, sizeof buf) > 0, "read %s: errno %d", path, errno);
	snprintf(want, sizeof want, "%ld 0x%lx 0x%lx 0x%lx ", (long)SYS_read, (long)p[0], (long)cbuf,
		 (long)sizeof cbuf);
	CHECK(!strncmp(buf, want, strlen(want)), "child's syscall '%s', expected '%s...'", buf, want);
	int fields = 0;
	for (char *s = buf; *s; s++)
		fields += *s == ' ' || *s == '\n';
	CHECK_EQ(fields, 9);
	snprintf(path, sizeof path, "/proc/%d/wchan", (int)pid);
	CHECK(read_file(path, buf, sizeof buf) > 0, "read %s", path);
	CHECK(is_symbol(buf) && strcmp(buf, "0"), "child's wchan '%s'", buf);
	close(p[1]);
	int status;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	return t_done();
}
