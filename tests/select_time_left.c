/*
 * select_time_left: select, pselect6 and ppoll write the time that was
 * left back into the caller's timeout (the raw system calls; libc passes
 * a copy): less than given when a file was ready at once, zero when the
 * timeout ran out; a zero timeout is left alone.  A poll with a timeout
 * that is stopped and continued goes on towards its first deadline: a
 * child polls for 2 s, is stopped until 2.5 s have passed and then
 * returns 0 at once after SIGCONT, not 2 s later (the threshold, 1 s,
 * is a full second away from both answers, for slow machines).
 */
#include "t.h"
#include "t_signal.h"
#include <poll.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/wait.h>

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int p[2];
	CHECK_OK(pipe(p));
	CHECK_EQ(write(p[1], "x", 1), 1);              /* p[0] is readable */
	int q[2];
	CHECK_OK(pipe(q));                              /* q[0] is not */
	fd_set rd;

	t_log("select: ready at once, time left; run out, zero; zero timeout unchanged");
	struct timeval tv = { 5, 0 };
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	CHECK_EQ(syscall(SYS_select, p[0] + 1, &rd, NULL, NULL, &tv), 1);
	CHECK(tv.tv_sec < 5 && (tv.tv_sec > 0 || tv.tv_usec > 0), "time left %ld.%06ld",
	      (long)tv.tv_sec, (long)tv.tv_usec);
	tv = (struct timeval){ 0, 20000 };
	FD_ZERO(&rd);
	FD_SET(q[0], &rd);
	CHECK_EQ(syscall(SYS_select, q[0] + 1, &rd, NULL, NULL, &tv), 0);
	CHECK(tv.tv_sec == 0 && tv.tv_usec == 0, "time left after the timeout");
	tv = (struct timeval){ 0, 0 };
	FD_SET(q[0], &rd);
	CHECK_EQ(syscall(SYS_select, q[0] + 1, &rd, NULL, NULL, &tv), 0);
	CHECK(tv.tv_sec == 0 && tv.tv_usec == 0, "a zero timeout changed");

	t_log("pselect6 and ppoll: the same with a timespec");
	struct timespec ts = { 5, 0 };
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	CHECK_EQ(syscall(SYS_pselect6, p[0] + 1, &rd, NULL, NULL, &ts, NULL), 1);
	CHECK(ts.tv_sec < 5 && (ts.tv_sec > 0 || ts.tv_nsec > 0), "pselect6 time left");
	ts = (struct timespec){ 0, 20000000 };
	FD_ZERO(&rd);
	FD_SET(q[0], &rd);
	CHECK_EQ(syscall(SYS_pselect6, q[0] + 1, &rd, NULL, NULL, &ts, NULL), 0);
	CHECK(ts.tv_sec == 0 && ts.tv_nsec == 0, "pselect6 time left after the timeout");
	struct pollfd pf = { p[0], POLLIN, 0 };
	ts = (struct timespec){ 5, 0 };
	CHECK_EQ(syscall(SYS_ppoll, &pf, 1, &ts, NULL, 8), 1);
	CHECK(ts.tv_sec < 5 && (ts.tv_sec > 0 || ts.tv_nsec > 0), "ppoll time left");
	pf.fd = q[0];
	ts = (struct timespec){ 0, 20000000 };
	CHECK_EQ(syscall(SYS_ppoll, &pf, 1, &ts, NULL, 8), 0);
	CHECK(ts.tv_sec == 0 && ts.tv_nsec == 0, "ppoll time left after the timeout");

	t_log("poll stopped past its deadline returns once continued");
	volatile long *start = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
				    -1, 0);
	CHECK(start != MAP_FAILED, "mmap");
	pid_t pid = fork();
	if (pid == 0) {
		struct pollfd c = { q[0], POLLIN, 0 };
		start[0] = now_ms();
		int r = poll(&c, 1, 2000);
		start[1] = now_ms();
		_exit(r == 0 ? 0 : 1);
	}
	CHECK(ts_wait_state(pid, pid, 'S'), "the child never slept");
	CHECK_OK(kill(pid, SIGSTOP));
	CHECK(ts_wait_state(pid, pid, 'T'), "the child did not stop");
	while (now_ms() - start[0] < 2500)
		usleep(10000);
	long cont = now_ms();
	CHECK_OK(kill(pid, SIGCONT));
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);
	long took = start[1] - start[0], after = start[1] - cont;
	CHECK(took >= 2000, "poll returned after %ld ms, before its timeout", took);
	CHECK(after < 1000, "poll returned %ld ms after SIGCONT: restarted from scratch?", after);
	munmap((void *)start, 4096);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
	return t_done();
}
