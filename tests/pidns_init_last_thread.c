/*
 * pidns_init_last_thread: the init of a pid namespace whose last thread
 * to exit is not its group leader.  That thread kills the rest of the
 * namespace and must reap what it killed - also orphans that were handed
 * to the namespace's init after its leader had exited, which sit on the
 * zombie leader's list of children: Linux waits for the children of every
 * thread of the group.  The fuzzer found ushi's last thread waiting
 * forever, unkillable, for zombies only the leader's list held.
 *
 *   A (pid 1 of a new namespace) forks P, P forks G (blocks on a pipe).
 *   A starts a thread T and its leader exits alone (SYS_exit).  T, once
 *   the leader is gone (CLEARTID), lets P exit and reaps it: G is now an
 *   orphan of the namespace, handed to its init.  T exits: the group is
 *   dead, G is killed, and A must become reapable within seconds.
 */
#include "t.h"
#include "t_thread.h"
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

static volatile int leader_tid;
static int p_go[2];
static pid_t p_pid;

static int last_thread(void *arg)
{
	(void)arg;
	int v;
	while ((v = leader_tid) != 0)
		t_futex_wait(&leader_tid, v, 0);        /* the kernel clears it at exit */
	t_sys1(SYS_close, p_go[1]);                     /* P exits now */
	int st;
	if (t_sys6(SYS_wait4, p_pid, (long)&st, __WALL, 0, 0, 0) != p_pid)
		t_exit_group(3);
	t_exit_thread(0);                               /* the last thread: zap and reap G */
}

static int init_main(void)
{
	int g_block[2];
	if (pipe(p_go) || pipe(g_block))
		return 100;
	p_pid = fork();
	if (p_pid == 0) {
		close(p_go[1]);
		if (fork() == 0) {                      /* G */
			char ch;
			close(g_block[1]);
			read(g_block[0], &ch, 1);       /* never returns: killed */
			_exit(1);
		}
		char ch;
		read(p_go[0], &ch, 1);                  /* EOF once T closes its end */
		_exit(0);
	}
	if (p_pid < 0)
		return 101;
	close(p_go[0]);
	leader_tid = t_gettid();
	t_sys1(SYS_set_tid_address, &leader_tid);
	struct t_thread t;
	if (t_thread_start(&t, last_thread, NULL) < 0)
		return 102;
	t_exit_thread(0);                               /* the leader goes first */
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	pid_t a = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (a == 0)
		_exit(init_main());
	CHECK(a > 0, "clone(CLONE_NEWPID): %s", strerror(errno));
	int st = 0, done = 0;
	for (int i = 0; i < 5000 && !done; i++) {
		done = waitpid(a, &st, WNOHANG) == a;
		if (!done)
			t_nap();
	}
	CHECK(done, "the namespace's init never finished: its last thread did not reap the orphans");
	if (done)
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "init's status %#x", st);
	return t_done();
}
