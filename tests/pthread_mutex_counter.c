/*
 * pthread_mutex_counter: 100 musl threads meet at a barrier made of a mutex
 * and a condition variable (none passes before all have arrived), then each
 * adds to a shared counter under the mutex; no increment is lost.  The
 * contended mutex and the condition variable exercise FUTEX_WAIT/WAKE and
 * musl's requeue.  Small stacks keep the memory use low.
 */
#include "t.h"
#include <pthread.h>

enum { N = 100, ADDS = 200 };

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_here = PTHREAD_COND_INITIALIZER;
static int arrived, passed_early;
static long counter;

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	arrived++;
	if (arrived == N)
		pthread_cond_broadcast(&all_here);
	while (arrived < N)
		pthread_cond_wait(&all_here, &mu);
	if (arrived != N)
		passed_early++;
	pthread_mutex_unlock(&mu);

	for (int i = 0; i < ADDS; i++) {
		pthread_mutex_lock(&mu);
		long c = counter;
		if (i % 50 == 0)
			sched_yield();           /* hold the lock across a yield now and then */
		counter = c + 1;
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	static pthread_t th[N];
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 32 * 1024);
	int created = 0;
	for (int i = 0; i < N; i++)
		if (pthread_create(&th[i], &attr, worker, NULL) == 0)
			created++;
	CHECK_EQ(created, N);
	int joined = 0;
	for (int i = 0; i < created; i++)
		if (pthread_join(th[i], NULL) == 0)
			joined++;
	CHECK_EQ(joined, N);
	CHECK_EQ(arrived, N);
	CHECK_EQ(passed_early, 0);
	CHECK_EQ(counter, (long)N * ADDS);
	pthread_attr_destroy(&attr);
	return t_done();
}
