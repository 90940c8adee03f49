/*
 * pthread_fork_in_thread: a non-main thread forks.  The child is a copy of
 * that one thread only: its pid equals its tid, its parent is the process
 * (not the thread), the main thread's busy loop does not run in it (the
 * counter it bumps stands still), it can create and join a thread, malloc,
 * and exit normally with its own code, which the forking thread reaps.
 */
#include "t.h"
#include "t_thread.h"
#include <pthread.h>

static volatile long spin;
static volatile int stop;

static void *child_thread(void *arg)
{
	return (void *)((long)arg + 1);
}

/* Runs in the fork child; returns its exit code (0 means every check held). */
static int in_child(pid_t parent_pid, int stack_value)
{
	int bad = 0;
	if (t_gettid() != t_getpid() || gettid() != getpid())
		bad |= 1;
	if (getppid() != parent_pid)
		bad |= 2;
	long s0 = spin;
	struct timespec ts = { 0, 30 * 1000 * 1000 };
	nanosleep(&ts, NULL);
	if (spin != s0)
		bad |= 4;                       /* a copy of the main thread is running */
	pthread_t t;
	void *ret = NULL;
	if (pthread_create(&t, NULL, child_thread, (void *)41) != 0 || pthread_join(t, &ret) != 0 ||
	    (long)ret != 42)
		bad |= 8;
	char *p = malloc(100000);
	if (!p)
		bad |= 16;
	else
		memset(p, 1, 100000);
	free(p);
	if (stack_value != 1234)
		bad |= 32;
	return bad ? bad : 77;
}

static void *forker(void *arg)
{
	(void)arg;
	int stack_value = 1234;
	pid_t parent_pid = getpid();
	while (spin < 1000)                    /* the main thread is really spinning */
		sched_yield();
	pid_t pid = fork();
	if (pid == 0)
		exit(in_child(parent_pid, stack_value));
	int st = -1;
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		st = -1;
	t_atomic_store(&stop, 1);
	return (void *)(long)st;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	pthread_t t;
	CHECK_EQ(pthread_create(&t, NULL, forker, NULL), 0);
	while (!t_atomic_load(&stop))
		spin++;
	void *ret = NULL;
	CHECK_EQ(pthread_join(t, &ret), 0);
	int st = (int)(long)ret;
	CHECK(WIFEXITED(st), "the child exited normally (status 0x%x)", st);
	int code = WEXITSTATUS(st);
	CHECK(code == 77, "child exit code %d (77 = all good; bits 1 tid, 2 ppid, 4 main ran, "
	      "8 pthread, 16 malloc, 32 stack)", code);
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	return t_done();
}
