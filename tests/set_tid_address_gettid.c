/*
 * set_tid_address_gettid: set_tid_address returns the caller's tid, which in
 * a single-threaded process is its pid (gettid == getpid), and it does not
 * touch the word it is given.  After fork the child's answer is its own pid.
 * A forked child that set a clear-tid word exits without writing it (the
 * mm has a single user), which the parent cannot see anyway: COW.
 */
#include "t.h"
#include "t_thread.h"

static volatile int word = 0x5a5a5a5a;

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_EQ(t_gettid(), getpid());
	CHECK_EQ(gettid(), getpid());
	long r = t_sys1(SYS_set_tid_address, &word);
	CHECK_EQ(r, getpid());
	CHECK_EQ(word, 0x5a5a5a5a);
	/* NULL is accepted (no word to clear) and still returns the tid. */
	CHECK_EQ(t_sys1(SYS_set_tid_address, NULL), getpid());
	/* Any pointer is accepted: nothing is checked until exit. */
	CHECK_EQ(t_sys1(SYS_set_tid_address, (void *)8), getpid());
	CHECK_EQ(t_sys1(SYS_set_tid_address, &word), getpid());

	int p[2];
	CHECK_OK(pipe(p));
	pid_t pid = fork();
	if (pid == 0) {
		long ids[3] = { t_sys1(SYS_set_tid_address, &word), t_gettid(), getpid() };
		write(p[1], ids, sizeof ids);
		_exit(word == 0x5a5a5a5a ? 0 : 1);
	}
	CHECK(pid > 0, "fork");
	long ids[3] = { 0, 0, 0 };
	CHECK_EQ(read(p[0], ids, sizeof ids), (long)sizeof ids);
	CHECK_EQ(ids[0], pid);
	CHECK_EQ(ids[1], pid);
	CHECK_EQ(ids[2], pid);
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);
	CHECK_EQ(word, 0x5a5a5a5a);
	/* musl's gettid() is its cached tid: the fork child got its own. */
	pid = fork();
	if (pid == 0)
		_exit(gettid() == getpid() && t_gettid() == getpid() ? 0 : 1);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);
	close(p[0]);
	close(p[1]);
	return t_done();
}
