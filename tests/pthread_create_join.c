/*
 * pthread_create_join: musl threads: pthread_join hands back each thread's
 * return value (returned or passed to pthread_exit), a thread's gettid()
 * (musl's copy, written by CLONE_PARENT_SETTID) equals the kernel's, tids
 * are distinct and all threads share the pid.  Rounds of create/join keep
 * working (the clear-tid wake releases musl's thread-list lock each time).
 * Detached threads (pthread_detach, or the detached attribute) run to the
 * end and are never joined.
 */
#include "t.h"
#include "t_thread.h"
#include <pthread.h>

enum { N = 8, ROUNDS = 20, DETACHED = 6 };

struct info {
	long idx, kernel_tid, musl_tid, pid;
};

static void *worker(void *arg)
{
	struct info *in = arg;
	in->kernel_tid = t_gettid();
	in->musl_tid = gettid();
	in->pid = getpid();
	if (in->idx % 2)
		pthread_exit((void *)(in->idx * 100 + 1));
	return (void *)(in->idx * 100);
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int detached_done;

static void *detached_worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	detached_done++;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	return NULL;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int bad_ret = 0, bad_tid = 0, bad_pid = 0, dup_tid = 0, create_err = 0, join_err = 0;
	for (int round = 0; round < ROUNDS; round++) {
		pthread_t th[N];
		static struct info in[N];
		for (long i = 0; i < N; i++) {
			in[i] = (struct info){ .idx = i };
			if (pthread_create(&th[i], NULL, worker, &in[i]) != 0)
				create_err++;
		}
		for (long i = 0; i < N; i++) {
			void *ret = NULL;
			if (pthread_join(th[i], &ret) != 0)
				join_err++;
			if ((long)ret != i * 100 + (i % 2))
				bad_ret++;
			if (in[i].kernel_tid != in[i].musl_tid || in[i].kernel_tid == getpid())
				bad_tid++;
			if (in[i].pid != getpid())
				bad_pid++;
			for (long j = 0; j < i; j++)
				if (in[j].kernel_tid == in[i].kernel_tid)
					dup_tid++;
		}
	}
	CHECK_EQ(create_err, 0);
	CHECK_EQ(join_err, 0);
	CHECK(bad_ret == 0, "%d joins returned the wrong value", bad_ret);
	CHECK(bad_tid == 0, "%d threads: musl's tid differs from gettid() or equals the pid", bad_tid);
	CHECK(bad_pid == 0, "%d threads saw another pid", bad_pid);
	CHECK(dup_tid == 0, "%d pairs of live threads shared a tid", dup_tid);

	/* Joining a thread that has long finished. */
	pthread_t late;
	static struct info li = { .idx = 4 };
	CHECK_EQ(pthread_create(&late, NULL, worker, &li), 0);
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	nanosleep(&ts, NULL);
	void *ret = NULL;
	CHECK_EQ(pthread_join(late, &ret), 0);
	CHECK_EQ((long)ret, 400);

	/* Detached threads: two ways. */
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < DETACHED; i++) {
		pthread_t d;
		if (i % 2) {
			CHECK_EQ(pthread_create(&d, &attr, detached_worker, NULL), 0);
		} else {
			CHECK_EQ(pthread_create(&d, NULL, detached_worker, NULL), 0);
			CHECK_EQ(pthread_detach(d), 0);
		}
	}
	pthread_attr_destroy(&attr);
	pthread_mutex_lock(&mu);
	while (detached_done < DETACHED)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	CHECK_EQ(detached_done, DETACHED);
	/* A fresh thread still works after the detached ones unmapped themselves. */
	static struct info last = { .idx = 2 };
	pthread_t t2;
	CHECK_EQ(pthread_create(&t2, NULL, worker, &last), 0);
	CHECK_EQ(pthread_join(t2, &ret), 0);
	CHECK_EQ((long)ret, 200);
	CHECK_ERR(waitpid(-1, NULL, __WALL | WNOHANG), ECHILD);
	return t_done();
}
