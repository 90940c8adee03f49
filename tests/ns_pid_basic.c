/*
 * ns_pid_basic: pid namespaces.  The first child made with CLONE_NEWPID
 * is pid 1 inside and its getppid() is 0 (its parent is outside), while
 * the parent sees an ordinary pid from clone, wait4 and SIGCHLD (and
 * CLONE_CHILD_SETTID stores the inner one, 1, for the child).  Inside,
 * the next process is pid 2 with getppid() 1, waitpid and SIGCHLD there
 * name it by that inner pid, and an orphan is adopted by the namespace's
 * init (getppid() becomes 1).  A namespace can nest: its init's own
 * CLONE_NEWPID child is again pid 1, and pid 2 one level up.  The init may
 * not use CLONE_PARENT (EINVAL), a process below it may.  CLONE_THREAD
 * with CLONE_NEWPID is EINVAL.  unshare(CLONE_NEWPID) leaves the caller's
 * pid alone, puts its next child at pid 1 of a new namespace, makes
 * CLONE_THREAD EINVAL from then on, and once that init has died a fork
 * fails with ENOMEM.  The init ignores SIGTERM it has no handler for, from
 * inside and from the parent; from inside, even SIGKILL; the parent's
 * SIGSTOP stops it and its SIGKILL kills it.
 */
#include "t.h"
#include "t_signal.h"
#include "t_clone.h"
#include <sys/wait.h>

#define NS_FLAGS(extra) { .flags = CLONE_NEWPID | (extra), .exit_signal = SIGCHLD }

static int report[2];

static void tell(int v) { write(report[1], &v, sizeof v); }
static int hear(void) { int v = -1; read(report[0], &v, sizeof v); return v; }

static volatile int settid_word;

static int settid_child(void *arg)
{
	(void)arg;
	return getpid() == 1 && settid_word == 1 ? 0 : 1;
}

static int nested_init(void *arg)
{
	(void)arg;
	return getpid() == 1 && getppid() == 0 ? 0 : 1;
}

/* pid 1 of a new namespace; reports a bitmask of failures. */
static int ns_init(void *arg)
{
	(void)arg;
	int bad = 0, st;
	if (getpid() != 1)
		bad |= 1;
	if (getppid() != 0)
		bad |= 2;
	/* pid 2, child of 1; SIGCHLD and waitpid name it by its inner pid */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	pid_t c = fork();
	if (c == 0)
		_exit(getpid() == 2 && getppid() == 1 ? 0 : 1);
	siginfo_t si;
	if (c != 2 || sigwaitinfo(&chld, &si) != SIGCHLD || si.si_pid != 2)
		bad |= 4;
	if (waitpid(c, &st, 0) != 2 || st != 0)
		bad |= 4;
	/* an orphan is adopted by us */
	int p[2];
	pipe(p);
	pid_t a = fork();
	if (a == 0) {
		pid_t b = fork();
		if (b == 0) {
			char x;
			close(p[1]);
			read(p[0], &x, 1);      /* until a is gone */
			_exit(getppid() == 1 ? 0 : 1);
		}
		_exit(0);
	}
	if (waitpid(a, &st, 0) != a || st != 0)
		bad |= 8;
	close(p[1]);
	close(p[0]);
	if (wait(&st) <= 0 || st != 0)
		bad |= 8;
	/* CLONE_PARENT: not from init; from below it, yes */
	if (tc_clone_probe(CLONE_PARENT | SIGCHLD, NULL, NULL, 0) != -EINVAL)
		bad |= 16;
	c = fork();
	if (c == 0) {
		long r = tc_clone_probe(CLONE_PARENT | SIGCHLD, NULL, NULL, 0);
		_exit(r > 0 ? 0 : 1);
	}
	if (waitpid(c, &st, 0) != c || st != 0)
		bad |= 16;
	if (wait(&st) <= 0 || st != 0)         /* the CLONE_PARENT child is ours */
		bad |= 16;
	/* nesting */
	struct tc_clone_args ca = NS_FLAGS(0);
	long n = tc_clone3_run(&ca, TC_ARGS_VER0, nested_init, NULL);
	if (n <= 1 || tc_reap(n) != 0)
		bad |= 32;
	/* a signal from inside with no handler: ignored, even SIGKILL */
	c = fork();
	if (c == 0)
		_exit(kill(1, SIGTERM) == 0 && kill(1, SIGKILL) == 0 ? 0 : 1);
	if (waitpid(c, &st, 0) != c || st != 0)
		bad |= 64;
	return bad;
}

/* An init that waits to be signalled by its parent. */
static int ns_sleeper(void *arg)
{
	(void)arg;
	tell(getpid());
	for (;;)
		pause();
	return 0;
}

static int unshared(void)
{
	int bad = 0, st;
	pid_t me = getpid();
	if (unshare(CLONE_NEWPID))
		return 100;
	if (getpid() != me)
		bad |= 1;
	if (tc_clone_probe(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, NULL, NULL, 0) != -EINVAL)
		bad |= 2;
	pid_t c = fork();
	if (c == 0)
		_exit(getpid() == 1 && getppid() == 0 ? 0 : 1);
	if (c <= 1 || waitpid(c, &st, 0) != c || st != 0)
		bad |= 4;
	errno = 0;
	c = fork();
	if (c == 0)
		_exit(0);
	if (c != -1 || errno != ENOMEM)
		bad |= 8;
	return bad;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_OK(pipe(report));
	int st;

	t_log("CLONE_NEWPID: pid 1 inside, an ordinary pid outside");
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	CHECK_OK(sigprocmask(SIG_BLOCK, &chld, NULL));
	struct tc_clone_args ca = NS_FLAGS(0);
	long pid = tc_clone3_run(&ca, TC_ARGS_VER0, ns_init, NULL);
	CHECK(pid > 1, "clone3: %ld", pid);
	siginfo_t si;
	CHECK_EQ(sigwaitinfo(&chld, &si), SIGCHLD);
	CHECK(si.si_pid == pid, "SIGCHLD's si_pid is not the outer pid");
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st), "status %#x", st);
	int bad = WEXITSTATUS(st);
	CHECK(!(bad & 1), "getpid() is not 1 in the namespace");
	CHECK(!(bad & 2), "getppid() is not 0 for the namespace's init");
	CHECK(!(bad & 4), "the second process is not pid 2 (or SIGCHLD/waitpid disagree)");
	CHECK(!(bad & 8), "an orphan was not adopted by the namespace's init");
	CHECK(!(bad & 16), "CLONE_PARENT: EINVAL from init, allowed below it");
	CHECK(!(bad & 32), "a nested namespace's init is not pid 1 there");
	CHECK(!(bad & 64), "kill(1) from inside the namespace");

	t_log("CLONE_CHILD_SETTID writes the pid the child's namespace gives it (1)");
	settid_word = -1;
	ca = (struct tc_clone_args){ .flags = CLONE_NEWPID | CLONE_CHILD_SETTID,
				     .child_tid = (uintptr_t)&settid_word, .exit_signal = SIGCHLD };
	pid = tc_clone3_run(&ca, TC_ARGS_VER0, settid_child, NULL);
	CHECK(pid > 1, "clone3: %ld", pid);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);
	CHECK_EQ(sigwaitinfo(&chld, &si), SIGCHLD);

	t_log("CLONE_THREAD|CLONE_NEWPID is EINVAL");
	CHECK_EQ(tc_clone_probe(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_NEWPID, NULL, NULL, 0),
		 -EINVAL);

	t_log("unshare(CLONE_NEWPID): our pid stays, the next child is pid 1");
	pid = fork();
	if (pid == 0)
		_exit(unshared());
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) != 100, "unshare failed: status %#x", st);
	bad = WEXITSTATUS(st);
	CHECK(!(bad & 1), "unshare changed the caller's pid");
	CHECK(!(bad & 2), "CLONE_THREAD after unshare(CLONE_NEWPID) is not EINVAL");
	CHECK(!(bad & 4), "the first child after unshare is not pid 1 with ppid 0");
	CHECK(!(bad & 8), "fork into a namespace whose init died: not ENOMEM");

	t_log("the parent's SIGTERM is ignored by the namespace's init, SIGKILL is not");
	ca = (struct tc_clone_args)NS_FLAGS(0);
	pid = tc_clone3_run(&ca, TC_ARGS_VER0, ns_sleeper, NULL);
	CHECK(pid > 1, "clone3: %ld", pid);
	CHECK_EQ(hear(), 1);
	CHECK(ts_wait_state(pid, pid, 'S'), "the init never slept");
	CHECK_OK(kill(pid, SIGTERM));
	CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);
	CHECK(ts_wait_state(pid, pid, 'S'), "the init is not asleep");
	CHECK_OK(kill(pid, SIGSTOP));           /* stops it, from outside */
	CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "status %#x", st);
	CHECK_OK(kill(pid, SIGCONT));
	CHECK_EQ(waitpid(pid, &st, WCONTINUED), pid);
	CHECK(WIFCONTINUED(st), "status %#x", st);
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "status %#x", st);
	CHECK_EQ(sigwaitinfo(&chld, &si), SIGCHLD);
	return t_done();
}
