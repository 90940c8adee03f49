/*
 * race_close_read: one thread waits on a pipe fd while another closes it,
 * or dup2s another file over it.  A system call that is already in
 * progress holds the file, so closing the fd does not end it: what it
 * returns is decided by the file it started with.  A call made after the
 * close sees the fd table: EBADF, or the new file.  Each kind below runs
 * in several rounds (each in a child process, with an alarm so that a hang
 * fails instead of hanging): the sibling acts once the waiter is seen asleep
 * in /proc, or at once, or while the waiter spins a little, so both
 * outcomes occur; what must hold is the same for every interleaving.  Both
 * must have occurred, where a kind has two: a call that began before the
 * change and one that began after (more rounds run until both were seen).
 *
 *   read/close   read() returns the bytes written after the close, and the
 *                write succeeded; or EBADF, and the write failed with
 *                EPIPE.  The thread's next read is EBADF.  In some rounds
 *                the process just exits with the read still asleep.
 *   read/dup2    read() returns pipe A's bytes (and A's write succeeded)
 *                or pipe B's (A's write failed with EPIPE); what is left in
 *                B afterwards matches.
 *   read/close-writer  closing the last write end: read() returns 0.
 *   write/close  a write() asleep on a full pipe completes once room is
 *                made (or fails with EBADF); the bytes drained add up.
 *   poll/close   Linux looks the fd up again on every pass: a closed fd is
 *                POLLNVAL, whether the poll slept before or not.
 *   select/close a closed fd is reported ready in each set it was asked in
 *                (Linux since 5.17, commit 68514dacf271), or EBADF if it
 *                was closed before the select began.
 *   poll/dup2    poll goes on with the file now at that fd: an empty pipe
 *                is not ready, so the poll times out.
 *   open/dup2    an open that sleeps (a FIFO waiting for a writer) has its
 *                fd already: a dup2 onto it fails with EBUSY and other
 *                opens pass it by; no fd is handed out twice.  (ushi once
 *                let both fill it: the open's file overwrote the other and
 *                leaked.)
 */
#include "t.h"
#include "t_thread.h"
#include "t_signal.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>

enum { SYNC, AT_ONCE, SPIN };           /* how the closing thread picks its moment */

struct waiter {
	struct t_thread t;
	volatile int ready;
	int mode, spin;
	int fd, timeout_ms;             /* timeout_ms: poll's */
	long r, r2;
	char buf[8];
	struct pollfd pfd;
	fd_set in, ex;
	const char *path;
};

static struct waiter W;
static int began_after;                 /* this round's call began after the change */

/* Called by the waiter right before its blocking call. */
static void waiter_go(void)
{
	t_atomic_store(&W.ready, 1);
	for (volatile int i = 0; W.mode == SPIN && i < W.spin; i++)
		;
}

static void start(int (*fn)(void *), int round)
{
	W.mode = round % 3;
	W.spin = (round * 7919) % 20000;
	W.ready = 0;
	W.r = W.r2 = -1;
	memset(W.buf, 0, sizeof W.buf);
	CHECK(t_thread_start(&W.t, fn, NULL) > 0, "thread");
	if (W.mode == SYNC)
		CHECK(ts_wait_state(getpid(), W.t.tid, 'S'), "the waiter never slept");
	else if (W.mode == SPIN)
		t_wait_for(&W.ready, 1);
	/* AT_ONCE: act before the new thread has even run (on one CPU). */
}

/* ---- the waiters -------------------------------------------------------------- */

static int do_read(void *arg)
{
	(void)arg;
	waiter_go();
	W.r = t_sys3(SYS_read, W.fd, W.buf, sizeof W.buf);
	W.r2 = t_sys3(SYS_read, W.fd, W.buf + 4, 1);
	return 0;
}

static int do_read_once(void *arg)
{
	(void)arg;
	waiter_go();
	W.r = t_sys3(SYS_read, W.fd, W.buf, sizeof W.buf);
	return 0;
}

static int do_write(void *arg)
{
	(void)arg;
	static char data[100];
	waiter_go();
	W.r = t_sys3(SYS_write, W.fd, data, sizeof data);
	return 0;
}

static int do_poll(void *arg)
{
	(void)arg;
	waiter_go();
	W.r = t_sys3(SYS_poll, &W.pfd, 1, W.timeout_ms);
	return 0;
}

static int do_select(void *arg)
{
	(void)arg;
	struct timeval tv = { 10, 0 };
	waiter_go();
	W.r = t_sys6(SYS_select, W.fd + 1, (long)&W.in, 0, (long)&W.ex, (long)&tv, 0);
	return 0;
}

static int do_open_fifo(void *arg)
{
	(void)arg;
	waiter_go();
	W.r = t_sys3(SYS_open, W.path, O_RDONLY, 0);    /* sleeps until a writer comes */
	return 0;
}

/* ---- the rounds, each in a child process ---------------------------------------- */

static void read_close(int round, int just_exit)
{
	int p[2];
	CHECK_OK(pipe(p));
	W.fd = p[0];
	start(do_read, round);
	CHECK_OK(close(p[0]));
	if (just_exit)
		_exit(t_failed ? 1 : 0);        /* the read may still be asleep: exit kills it */
	long w = write(p[1], "abc", 3);
	int werr = errno;
	t_thread_join(&W.t);
	if (W.r == 3 || W.mode == SYNC) {
		CHECK_EQ(W.r, 3);
		CHECK(memcmp(W.buf, "abc", 3) == 0, "read %.3s", W.buf);
		CHECK_EQ(w, 3);
	} else {
		began_after = 1;
		CHECK(W.r == -EBADF, "the read returned %ld", W.r);
		CHECK(w == -1 && werr == EPIPE, "nobody could read, yet write returned %ld", w);
	}
	CHECK_EQ(W.r2, -EBADF);
	close(p[1]);
}

static void read_dup2(int round)
{
	int a[2], b[2];
	CHECK_OK(pipe(a));
	CHECK_OK(pipe(b));
	W.fd = a[0];
	start(do_read_once, round);
	CHECK_EQ(dup2(b[0], a[0]), a[0]);       /* a's read end is gone from the table */
	long wa = write(a[1], "AAAA", 4);
	int aerr = errno;
	CHECK_EQ(write(b[1], "BBBB", 4), 4);
	t_thread_join(&W.t);
	CHECK_EQ(W.r, 4);
	CHECK_OK(fcntl(a[0], F_SETFL, O_NONBLOCK));
	char left[8] = { 0 };
	long n = read(a[0], left, sizeof left);
	int nerr = errno;
	if (memcmp(W.buf, "AAAA", 4) == 0 || W.mode == SYNC) {
		CHECK(memcmp(W.buf, "AAAA", 4) == 0, "a read that slept read %.4s", W.buf);
		CHECK_EQ(wa, 4);
		CHECK(n == 4 && memcmp(left, "BBBB", 4) == 0, "B held %ld bytes", n);
	} else {
		began_after = 1;
		CHECK(memcmp(W.buf, "BBBB", 4) == 0, "read %.4s", W.buf);
		CHECK(wa == -1 && aerr == EPIPE, "nobody could read A, yet write returned %ld", wa);
		CHECK(n == -1 && nerr == EAGAIN, "B still held %ld bytes", n);
	}
	close(a[0]);
	close(a[1]);
	close(b[1]);
}

static void read_close_writer(int round)
{
	int p[2];
	CHECK_OK(pipe(p));
	W.fd = p[0];
	start(do_read_once, round);
	CHECK_OK(close(p[1]));
	if (round % 2)
		CHECK_OK(close(p[0]));          /* both ends: the read still holds its own */
	t_thread_join(&W.t);
	if (round % 2 && W.r == -EBADF) {
		began_after = 1;
		CHECK(W.mode != SYNC, "a read that slept got EBADF");
	} else {
		CHECK_EQ(W.r, 0);
	}
	if (!(round % 2))
		close(p[0]);
}

static void write_close(int round)
{
	int p[2];
	CHECK_OK(pipe(p));
	CHECK_OK(fcntl(p[1], F_SETFL, O_NONBLOCK));
	static char chunk[4096];
	long filled = 0, r;
	while ((r = write(p[1], chunk, sizeof chunk)) > 0)
		filled += r;
	CHECK(r == -1 && errno == EAGAIN, "filling the pipe: %ld", r);
	CHECK_OK(fcntl(p[1], F_SETFL, 0));
	W.fd = p[1];
	start(do_write, round);
	CHECK_OK(close(p[1]));
	CHECK_EQ(read(p[0], chunk, sizeof chunk), (long)sizeof chunk);
	t_thread_join(&W.t);
	CHECK(W.r == 100 || (W.r == -EBADF && W.mode != SYNC), "the write returned %ld", W.r);
	began_after = W.r == -EBADF;
	long drained = 0;
	while ((r = read(p[0], chunk, sizeof chunk)) > 0)
		drained += r;
	CHECK_EQ(r, 0);                         /* every write end gone: EOF */
	CHECK_EQ(drained, filled - (long)sizeof chunk + (W.r == 100 ? 100 : 0));
	close(p[0]);
}

static void poll_close(int round)
{
	int p[2];
	CHECK_OK(pipe(p));
	W.fd = p[0];
	W.pfd = (struct pollfd){ p[0], POLLIN, 0 };
	W.timeout_ms = 10000;
	start(do_poll, round);
	CHECK_OK(close(p[0]));
	long w = write(p[1], "x", 1);           /* wakes a poll that sleeps */
	t_thread_join(&W.t);
	began_after = w == -1;                  /* then no poll held the read end */
	CHECK_EQ(W.r, 1);
	CHECK(W.pfd.revents == POLLNVAL, "revents %#x (write returned %ld)", W.pfd.revents, w);
	close(p[1]);
}

static void select_close(int round)
{
	int p[2];
	CHECK_OK(pipe(p));
	W.fd = p[0];
	FD_ZERO(&W.in);
	FD_ZERO(&W.ex);
	FD_SET(p[0], &W.in);
	FD_SET(p[0], &W.ex);
	start(do_select, round);
	CHECK_OK(close(p[0]));
	long w = write(p[1], "x", 1);
	t_thread_join(&W.t);
	if (W.r == -EBADF) {
		began_after = 1;
		CHECK(W.mode != SYNC, "a select that slept got EBADF");
	} else {
		CHECK(W.r == 2, "select returned %ld (write %ld)", W.r, w);
		CHECK(FD_ISSET(p[0], &W.in) && FD_ISSET(p[0], &W.ex), "the closed fd is not in both sets");
	}
	close(p[1]);
}

static void poll_dup2(int round)
{
	int a[2], b[2];
	CHECK_OK(pipe(a));
	CHECK_OK(pipe(b));
	W.fd = a[0];
	W.pfd = (struct pollfd){ a[0], POLLIN, 0 };
	W.timeout_ms = 150;
	start(do_poll, round);
	CHECK_EQ(dup2(b[0], a[0]), a[0]);
	write(a[1], "x", 1);                    /* wakes a poll asleep on A: B has nothing */
	t_thread_join(&W.t);
	CHECK(W.r == 0, "poll returned %ld, revents %#x", W.r, W.pfd.revents);
	close(a[0]);
	close(a[1]);
	close(b[1]);
}

static void open_fifo(int round)
{
	const char *path = "/tmp/race_close_read.fifo";
	unlink(path);
	CHECK_OK(mkfifo(path, 0600));
	W.path = path;
	int low = open("/dev/null", O_RDONLY);  /* closed below: a free fd under the open's */
	int n = open("/dev/null", O_RDONLY);    /* the fd the FIFO open will take */
	CHECK(low >= 0 && n == low + 1, "fds %d %d", low, n);
	close(n);
	start(do_open_fifo, round);
	long d = t_sys2(SYS_dup2, low, n);      /* raw: musl's dup2 retries on EBUSY */
	close(low);
	int o1 = open("/dev/null", O_RDONLY), o2 = open("/dev/null", O_RDONLY);
	int w = open(path, O_WRONLY);           /* the open in progress ends */
	t_thread_join(&W.t);
	CHECK(W.r >= 0, "the FIFO open returned %ld", W.r);
	/* (Which fd the open takes is not sure on Linux's two CPUs: /proc reads
	 * by this thread, while the waiter opens, may hold n for a moment.) */
	if (d == n) {
		began_after = 1;                /* n was not the open's, or not yet */
		CHECK(W.r != n, "the FIFO open got fd %ld, which dup2 filled meanwhile", W.r);
		close(n);
	} else {
		CHECK(d == -EBUSY, "dup2 onto a reserved fd returned %ld", d);
		CHECK_EQ(W.r, n);
	}
	CHECK(o1 >= 0 && o2 >= 0 && o1 != o2 && W.r != o1 && W.r != o2,
	      "one fd handed out twice: the FIFO open got %ld, the other opens %d and %d", W.r, o1, o2);
	close(o1);
	close(o2);
	close(w);
	close((int)W.r);
	CHECK_OK(unlink(path));
}

struct kind {
	const char *name;
	int rounds;             /* at least; more until both outcomes were seen */
	int both;               /* the call can begin before or after the change */
	void (*fn)(int round);
};

static void read_close_exit(int round)
{
	read_close(round, 1);
}

static void read_close_plain(int round)
{
	read_close(round, 0);
}

static const struct kind kinds[] = {
	{ "read/close", 9, 1, read_close_plain },
	{ "read/close, then exit", 6, 0, read_close_exit },
	{ "read/dup2", 9, 1, read_dup2 },
	{ "read/close-writer", 6, 1, read_close_writer },
	{ "write/close", 6, 1, write_close },
	{ "poll/close", 9, 1, poll_close },
	{ "select/close", 9, 1, select_close },
	{ "poll/dup2", 3, 0, poll_dup2 },
	{ "open/dup2", 9, 1, open_fifo },
};

#define MAX_ROUNDS 60

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	signal(SIGPIPE, SIG_IGN);
	for (unsigned k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		int bad = 0, after = 0, before = 0, i;
		for (i = 0; i < kinds[k].rounds ||
			    (kinds[k].both && (!after || !before) && i < MAX_ROUNDS); i++) {
			pid_t pid = fork();
			if (pid == 0) {
				t_failed = 0;   /* our own failures so far are not this round's */
				alarm(20);
				kinds[k].fn(i);
				_exit(t_failed ? 1 : began_after ? 2 : 0);
			}
			int st = 0;
			pid_t w = waitpid(pid, &st, 0);
			int ok = w == pid && WIFEXITED(st) &&
				 (WEXITSTATUS(st) == 0 || WEXITSTATUS(st) == 2);
			if (!ok)
				t_log("%s round %d: waitpid %d, status %#x", kinds[k].name, i, w, st);
			bad += !ok;
			after += ok && WEXITSTATUS(st) == 2;
			before += ok && WEXITSTATUS(st) == 0;
		}
		/* One check per kind, however many rounds it took: a steady tally. */
		CHECK(bad == 0, "%s: %d of %d rounds failed", kinds[k].name, bad, i);
		if (kinds[k].both)
			CHECK(after > 0 && before > 0, "%s: in %d rounds, %d calls began before the change "
			      "and %d after: the race never went both ways", kinds[k].name, i, before, after);
		t_log("%s: %d rounds or more, %d bad%s", kinds[k].name, kinds[k].rounds, bad,
		      kinds[k].both ? ", calls began both before and after the change" : "");
	}
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	return t_done();
}
