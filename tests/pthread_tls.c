/*
 * pthread_tls: __thread variables are per thread: each new thread starts
 * from the initial image (initialised and zero parts), its writes are not
 * seen by the main thread or by other threads, and addresses differ.  A
 * fork child gets the forking thread's values.
 */
#include "t.h"
#include <pthread.h>
#include <sys/wait.h>

enum { N = 6 };

static __thread long tls_init = 1000;
static __thread long tls_zero;
static __thread char tls_buf[256] = "template";

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int arrived;

struct out {
	long init_seen, zero_seen, after;
	int buf_ok;
	void *addr;
};

static void *worker(void *arg)
{
	struct out *o = arg;
	o->init_seen = tls_init;
	o->zero_seen = tls_zero;
	o->buf_ok = strcmp(tls_buf, "template") == 0;
	o->addr = &tls_init;
	tls_init = (long)(o + 1) & 0xffff;      /* something distinct per thread */
	tls_zero = tls_init + 1;
	tls_buf[0] = 'X';
	/* Everyone writes before anyone reads back. */
	pthread_mutex_lock(&mu);
	if (++arrived == N)
		pthread_cond_broadcast(&cv);
	while (arrived < N)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	o->after = (tls_init == ((long)(o + 1) & 0xffff) && tls_zero == tls_init + 1 && tls_buf[0] == 'X');
	return NULL;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	tls_init = 5;
	tls_zero = 6;
	strcpy(tls_buf, "main");
	static struct out o[N];
	pthread_t th[N];
	for (int i = 0; i < N; i++)
		CHECK_EQ(pthread_create(&th[i], NULL, worker, &o[i]), 0);
	for (int i = 0; i < N; i++)
		CHECK_EQ(pthread_join(th[i], NULL), 0);
	for (int i = 0; i < N; i++) {
		CHECK(o[i].init_seen == 1000, "thread %d: initialised TLS starts at %ld", i, o[i].init_seen);
		CHECK(o[i].zero_seen == 0, "thread %d: zeroed TLS starts at %ld", i, o[i].zero_seen);
		CHECK(o[i].buf_ok, "thread %d: TLS array starts from the template", i);
		CHECK(o[i].after == 1, "thread %d: its own values survived the others' writes", i);
		CHECK(o[i].addr != (void *)&tls_init, "thread %d: &tls_init differs from main's", i);
		for (int j = 0; j < i; j++)
			CHECK(o[i].addr != o[j].addr, "threads %d and %d: distinct &tls_init", i, j);
	}
	CHECK_EQ(tls_init, 5);
	CHECK_EQ(tls_zero, 6);
	CHECK(strcmp(tls_buf, "main") == 0, "main's TLS array is untouched");

	/* After fork the child has the forking thread's TLS values (a copy). */
	pid_t pid = fork();
	if (pid == 0)
		_exit(tls_init == 5 && tls_zero == 6 && strcmp(tls_buf, "main") == 0 ? 0 : 1);
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);
	return t_done();
}
