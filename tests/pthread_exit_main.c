/*
 * pthread_exit_main: in a child process the main thread calls pthread_exit
 * while two other threads keep running; they can still join the main
 * thread, work and write to a pipe, and when the last one returns the
 * process exits with status 0 (musl's last thread calls exit(0)).  While
 * a thread still runs, the process is not waitable.
 *
 * The child is a fresh exec of this program: musl 1.2.3's fork() leaves the
 * child's main thread without a clear-child-tid word (it calls gettid, not
 * set_tid_address), so a forked child whose main thread pthread_exits
 * deadlocks on musl's thread-list lock even on Linux.
 */
#include "t.h"
#include <pthread.h>
#include <sys/wait.h>

static int to_parent[2], from_parent[2];
static pthread_t main_thread;

static void *second(void *arg)
{
	(void)arg;
	char c;
	pthread_join(main_thread, NULL);     /* returns once the main thread has exited */
	write(to_parent[1], "j", 1);
	read(from_parent[0], &c, 1);
	return NULL;
}

static void *third(void *arg)
{
	pthread_t *sec = arg;
	pthread_join(*sec, NULL);
	write(to_parent[1], "t", 1);
	return NULL;
}

/* The child image: argv = { prog, "child", to_parent[1], from_parent[0] }. */
static void child(char **argv)
{
	static pthread_t a, b;
	to_parent[1] = atoi(argv[2]);
	from_parent[0] = atoi(argv[3]);
	main_thread = pthread_self();
	if (pthread_create(&a, NULL, second, NULL) != 0 ||
	    pthread_create(&b, NULL, third, &a) != 0)
		_exit(100);
	pthread_exit((void *)7);
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "child") == 0)
		child(argv);
	t_start(argv[0]);
	CHECK_OK(pipe(to_parent));
	CHECK_OK(pipe(from_parent));
	pid_t pid = fork();
	if (pid == 0) {
		char w[16], r[16];
		snprintf(w, sizeof w, "%d", to_parent[1]);
		snprintf(r, sizeof r, "%d", from_parent[0]);
		close(to_parent[0]);
		close(from_parent[1]);
		char *args[] = { argv[0], "child", w, r, NULL };
		execv(argv[0], args);
		_exit(101);
	}
	CHECK(pid > 0, "fork");
	close(to_parent[1]);
	close(from_parent[0]);
	char c = 0;
	CHECK_EQ(read(to_parent[0], &c, 1), 1);
	CHECK_EQ(c, 'j');                    /* the main thread is gone, the others run */
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);
	CHECK_EQ(write(from_parent[1], "g", 1), 1);
	CHECK_EQ(read(to_parent[0], &c, 1), 1);
	CHECK_EQ(c, 't');
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x, expected exit 0", st);
	CHECK_EQ(read(to_parent[0], &c, 1), 0);
	close(to_parent[0]);
	close(from_parent[1]);
	return t_done();
}
