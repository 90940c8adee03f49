/*
 * thread_cleartid_futex: when a CLONE_CHILD_CLEARTID thread exits, the
 * kernel writes 0 to its tid word and does a FUTEX_WAKE on it, so a thread
 * blocked in FUTEX_WAIT on that word wakes up (this is what pthread_join
 * and musl's thread-list lock rely on).  set_tid_address() in a thread
 * returns the thread's tid and moves the word the kernel clears at exit.
 */
#include "t.h"
#include "t_thread.h"

static int release[2];
static volatile int moved_word = -1, old_word_untouched;
static volatile long sta_ret;

/* Blocks until the main thread's helper writes to `release`, then returns. */
static int blocked(void *arg)
{
	(void)arg;
	char c;
	t_sys3(SYS_read, release[0], &c, 1);
	return 0;
}

/* Gives the main thread time to fall asleep on the tid word, then releases the thread. */
static int releaser(void *arg)
{
	(void)arg;
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	t_sys2(SYS_nanosleep, &ts, NULL);
	t_sys3(SYS_write, release[1], "x", 1);
	return 0;
}

static int mover(void *arg)
{
	(void)arg;
	moved_word = (int)t_gettid();
	sta_ret = t_sys1(SYS_set_tid_address, &moved_word);
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_OK(pipe(release));
	static struct t_thread t, r, m;
	long tid = t_thread_start(&t, blocked, NULL);
	CHECK(tid > 0, "thread start");
	CHECK_EQ(t.tid, tid);
	CHECK(t_thread_start(&r, releaser, NULL) > 0, "releaser start");

	/* Sleep on the tid word with a generous timeout: the exit must wake us. */
	int woken = 0, timeouts = 0, eagain = 0, v;
	while ((v = t.tid) != 0) {
		struct timespec to = { 5, 0 };
		long ret = t_futex(&t.tid, FUTEX_WAIT, v, &to, NULL, 0);
		if (ret == 0)
			woken++;
		else if (ret == -ETIMEDOUT)
			timeouts++;
		else if (ret == -EAGAIN)
			eagain++;
		if (timeouts > 2)
			break;
	}
	CHECK_EQ(t.tid, 0);
	CHECK(timeouts == 0, "FUTEX_WAIT on the tid word timed out %d times: no wake at exit", timeouts);
	CHECK(woken + eagain >= 1, "the waiter woke (or saw the cleared word)");
	t_thread_join(&t);
	t_thread_join(&r);

	/* set_tid_address in a thread: returns its tid; the new word is cleared at exit. */
	tid = t_thread_start(&m, mover, NULL);
	CHECK(tid > 0, "mover start");
	while ((v = moved_word) != 0) {
		struct timespec to = { 5, 0 };
		if (t_futex(&moved_word, FUTEX_WAIT, v, &to, NULL, 0) == -ETIMEDOUT)
			break;
	}
	CHECK_EQ(sta_ret, tid);
	CHECK_EQ(moved_word, 0);
	/* The clone's CHILD_CLEARTID word was replaced, so the kernel left it alone. */
	CHECK_EQ(m.tid, tid);
	munmap(m.map, T_STACK_SIZE + T_TLS_SIZE);
	close(release[0]);
	close(release[1]);
	return t_done();
}
