/*
 * proc_cmdline_task: /proc/PID/cmdline is the process's argument strings,
 * each ended by its NUL, read out of its own memory - our own, and a
 * child's whose arguments (one of 6000 bytes) run over several pages and
 * past the first buffer the kernel fills.  /proc/self/task lists one
 * directory per thread (the main thread's tid is the pid, a second
 * thread's is its tid), and /proc itself lists a directory for our pid and
 * the child's.
 */
#include "t.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define LONG_ARG 6000

/* Reads a whole file into buf (at most size bytes); returns its length. */
static ssize_t read_all(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = 0, r;
	while ((size_t)n < size && (r = read(fd, buf + n, size - n)) > 0)
		n += r;
	close(fd);
	return n;
}

/* The number of entries of dir named as a number, and whether want1, want2 are among them. */
static int count_numbered(const char *dir, int want1, int want2, int *seen1, int *seen2)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	*seen1 = *seen2 = 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		n++;
		*seen1 |= atoi(e->d_name) == want1;
		*seen2 |= atoi(e->d_name) == want2;
	}
	closedir(d);
	return n;
}

static int thread_tid;
static int release[2];

static void *thread_fn(void *arg)
{
	(void)arg;
	__atomic_store_n(&thread_tid, (int)syscall(SYS_gettid), __ATOMIC_SEQ_CST);
	char c;
	while (read(release[0], &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

/* The child: says it is ready, then waits for the parent to close the pipe. */
static int child_mode(char **argv)
{
	int ready = atoi(argv[2]), go = atoi(argv[3]);
	char c = 'r';
	if (write(ready, &c, 1) != 1)
		return 1;
	while (read(go, &c, 1) < 0 && errno == EINTR)
		;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && strcmp(argv[1], "child") == 0)
		return child_mode(argv);
	t_start(argv[0]);
	static char buf[3 * LONG_ARG], want[3 * LONG_ARG];

	/* Our own: argv[0] and its NUL. */
	ssize_t n = read_all("/proc/self/cmdline", buf, sizeof buf);
	CHECK_EQ(n, (ssize_t)strlen(argv[0]) + 1);
	CHECK(n > 0 && memcmp(buf, argv[0], n) == 0, "/proc/self/cmdline is argv[0] and a NUL");

	/* A child with a long argument: every byte and every NUL in place. */
	int ready[2], go[2];
	CHECK_OK(pipe(ready));
	CHECK_OK(pipe(go));
	static char longarg[LONG_ARG + 1];
	for (int i = 0; i < LONG_ARG; i++)
		longarg[i] = 'a' + i % 26;
	char rfd[16], gfd[16];
	snprintf(rfd, sizeof rfd, "%d", ready[1]);
	snprintf(gfd, sizeof gfd, "%d", go[0]);
	char *args[] = { argv[0], "child", rfd, gfd, longarg, "end", NULL };
	extern char **environ;
	pid_t pid = fork();
	if (pid == 0) {
		close(ready[0]);
		close(go[1]);
		execve(argv[0], args, environ);
		_exit(127);
	}
	CHECK(pid > 0, "fork");
	close(ready[1]);
	close(go[0]);
	char c;
	CHECK_EQ(read(ready[0], &c, 1), 1);
	size_t wlen = 0;
	for (int i = 0; args[i]; i++) {
		memcpy(want + wlen, args[i], strlen(args[i]) + 1);
		wlen += strlen(args[i]) + 1;
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	n = read_all(path, buf, sizeof buf);
	CHECK_EQ(n, (ssize_t)wlen);
	CHECK(n == (ssize_t)wlen && memcmp(buf, want, wlen) == 0,
	      "the child's cmdline is its %d argument bytes, NULs included", (int)wlen);

	/* /proc lists us and the child. */
	int seen_self, seen_child;
	CHECK(count_numbered("/proc", getpid(), pid, &seen_self, &seen_child) >= 2, "/proc lists pids");
	CHECK(seen_self && seen_child, "/proc lists our pid and the child's");

	/* /proc/self/task: the main thread and one more. */
	CHECK_OK(pipe(release));
	pthread_t th;
	CHECK_EQ(pthread_create(&th, NULL, thread_fn, NULL), 0);
	while (!__atomic_load_n(&thread_tid, __ATOMIC_SEQ_CST))
		sched_yield();
	int seen_main, seen_thread;
	CHECK_EQ(count_numbered("/proc/self/task", getpid(), thread_tid, &seen_main, &seen_thread), 2);
	CHECK(seen_main && seen_thread, "/proc/self/task lists the pid and the thread's tid");
	close(release[1]);
	CHECK_EQ(pthread_join(th, NULL), 0);
	close(release[0]);

	close(go[1]);
	int status;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child exits 0");
	close(ready[0]);
	return t_done();
}
