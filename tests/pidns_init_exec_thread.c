/*
 * pidns_init_exec_thread: the init of a pid namespace execs from a thread
 * that is not its group leader.  The leader dies in the exec and the
 * thread takes over its pid, so it must also take over as the namespace's
 * reaper: orphans of the namespace are handed to it afterwards.  The
 * fuzzer found ushi keeping the dead leader as the reaper and handing the
 * next orphan to freed memory (a panic in reparent_children).
 *
 *   A (pid 1 of a new namespace) forks P, P forks G (blocks on a pipe), P
 *   waits for a word from A.  A's second thread execs ourselves in
 *   "init-after-exec" mode, which lets P exit: G is orphaned and must come
 *   to A, which kills and reaps it, then P, and exits 0.
 */
#include "t.h"
#include "t_thread.h"
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

static char *self;
static int p_go[2];

static int exec_thread(void *arg)
{
	(void)arg;
	char fd[16];
	snprintf(fd, sizeof fd, "%d", p_go[1]);
	char *args[] = { self, "init-after-exec", fd, NULL };
	char *env[] = { NULL };
	t_sys3(SYS_execve, self, args, env);
	t_exit_group(104);
}

/* A again, after the exec: P may go; the orphan G must come to us. */
static int after_exec(int go_fd)
{
	close(go_fd);                                   /* P exits now */
	int reaped_p = 0, got_g = 0;
	for (int i = 0; i < 5000 && !(reaped_p && got_g); i++) {
		int st;
		pid_t r = waitpid(-1, &st, WNOHANG | __WALL);
		if (r > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			reaped_p = 1;
		if (r > 0 && WIFSIGNALED(st))
			got_g = 1;
		if (r == 0) {
			if (reaped_p)
				kill(-1, SIGKILL);      /* G, once it is ours */
			t_nap();
		}
	}
	return reaped_p && got_g ? 0 : 105;
}

static int init_main(void)
{
	int g_block[2];
	if (pipe(p_go) || pipe(g_block))
		return 100;
	pid_t p = fork();
	if (p == 0) {
		close(p_go[1]);
		if (fork() == 0) {                      /* G */
			char ch;
			close(g_block[1]);
			read(g_block[0], &ch, 1);
			_exit(1);
		}
		char ch;
		read(p_go[0], &ch, 1);                  /* EOF from A after its exec */
		_exit(0);
	}
	if (p < 0)
		return 101;
	close(p_go[0]);
	struct t_thread t;
	if (t_thread_start(&t, exec_thread, NULL) < 0)
		return 102;
	for (;;)
		pause();                                /* killed by the exec */
}

int main(int argc, char **argv)
{
	self = argv[0];
	if (argc == 3 && strcmp(argv[1], "init-after-exec") == 0)
		return after_exec(atoi(argv[2]));
	t_start(argv[0]);
	pid_t a = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (a == 0)
		_exit(init_main());
	CHECK(a > 0, "clone(CLONE_NEWPID): %s", strerror(errno));
	int st = 0;
	CHECK_EQ(waitpid(a, &st, 0), a);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the namespace's init after its exec: status %#x", st);
	return t_done();
}
