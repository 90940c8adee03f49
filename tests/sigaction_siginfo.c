/*
 * sigaction_siginfo: an SA_SIGINFO handler gets (sig, siginfo, ucontext).
 * kill() gives si_code SI_USER with the sender's pid and uid, tkill and
 * tgkill (and musl's raise) SI_TKILL; a signal from a child carries the
 * child's pid.  The ucontext's uc_sigmask is the mask from before the
 * handler.  Standard signals sent many times while blocked are delivered
 * once, real-time signals once per send; after an unblock all of them run
 * before sigprocmask returns: taken lowest number first, each handler's
 * frame on top of the previous one, so the handlers start highest first.  SIGCHLD's
 * siginfo says who exited and how: CLD_EXITED with the exit status,
 * CLD_KILLED with the signal.
 */
#include "t.h"
#include "t_signal.h"
#include <sys/wait.h>
#include <ucontext.h>

struct seen {
	int signo, code, pid, uid, status;
	int ctx_ok;
	sigset_t uc_mask;
};
static struct seen last;
static volatile int order[16], norder;

static void on_info(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	last.signo = si->si_signo;
	last.code = si->si_code;
	last.pid = si->si_pid;
	last.uid = si->si_uid;
	last.status = si->si_status;
	last.ctx_ok = uc != NULL;
	if (uc)
		last.uc_mask = uc->uc_sigmask;
	if (norder < 16)
		order[norder++] = sig;
}

static void install(int sig)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO;
	CHECK_OK(sigaction(sig, &sa, NULL));
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int me = getpid();
	install(SIGUSR1);
	install(SIGUSR2);
	install(SIGTERM);
	install(SIGCHLD);
	int rt = SIGRTMIN + 2;
	install(rt);

	t_log("kill: SI_USER, our pid and uid");
	memset(&last, 0, sizeof last);
	CHECK_OK(kill(me, SIGUSR1));
	CHECK_EQ(last.signo, SIGUSR1);
	CHECK_EQ(last.code, SI_USER);
	CHECK(last.pid == me, "si_pid is not the sender's pid");
	CHECK_EQ(last.uid, getuid());
	CHECK(last.ctx_ok, "no ucontext");

	t_log("tkill, tgkill and raise: SI_TKILL");
	memset(&last, 0, sizeof last);
	CHECK_OK(syscall(SYS_tkill, gettid(), SIGUSR2));
	CHECK_EQ(last.signo, SIGUSR2);
	CHECK_EQ(last.code, SI_TKILL);
	CHECK(last.pid == me, "si_pid is not the sender's pid");
	memset(&last, 0, sizeof last);
	CHECK_OK(syscall(SYS_tgkill, me, gettid(), SIGUSR1));
	CHECK_EQ(last.code, SI_TKILL);
	memset(&last, 0, sizeof last);
	CHECK_OK(raise(SIGUSR1));
	CHECK_EQ(last.code, SI_TKILL);

	t_log("uc_sigmask is the mask before the handler");
	sigset_t set, cur;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR2);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	memset(&last, 0, sizeof last);
	CHECK_OK(kill(me, SIGUSR1));
	CHECK(sigismember(&last.uc_mask, SIGTERM) && sigismember(&last.uc_mask, SIGUSR2),
	      "uc_sigmask lacks the blocked signals");
	CHECK(!sigismember(&last.uc_mask, SIGUSR1), "uc_sigmask has the delivered signal");
	CHECK_OK(sigprocmask(SIG_SETMASK, NULL, &cur));
	CHECK(sigismember(&cur, SIGTERM) && !sigismember(&cur, SIGUSR1), "mask not restored");

	t_log("blocked: standard signals once, real-time ones per send, lowest first");
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, rt);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	norder = 0;
	for (int i = 0; i < 3; i++) {
		CHECK_OK(kill(me, SIGTERM));
		CHECK_OK(kill(me, rt));
		CHECK_OK(kill(me, SIGUSR2));
		CHECK_OK(kill(me, SIGUSR1));
	}
	CHECK_EQ(norder, 0);
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &set, NULL));
	CHECK_EQ(norder, 6);
	/* Taken lowest first, each frame pushed on top of the last: the
	 * handlers start in the opposite order, and the real-time ones
	 * (each blocking itself) one after the other on top. */
	CHECK_EQ(order[0], rt);
	CHECK_EQ(order[1], rt);
	CHECK_EQ(order[2], rt);
	CHECK_EQ(order[3], SIGTERM);
	CHECK_EQ(order[4], SIGUSR2);
	CHECK_EQ(order[5], SIGUSR1);

	t_log("a signal from a child carries the child's pid");
	int p[2];
	CHECK_OK(pipe(p));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGCHLD);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	pid_t child = fork();
	if (child == 0) {
		char c;
		close(p[1]);
		kill(me, SIGUSR2);
		read(p[0], &c, 1);      /* hold until the parent says */
		_exit(7);
	}
	close(p[0]);
	memset(&last, 0, sizeof last);
	sigset_t only;
	sigemptyset(&only);
	sigaddset(&only, SIGUSR2);
	siginfo_t si;
	CHECK_EQ(sigwaitinfo(&only, &si), SIGUSR2);
	CHECK(si.si_pid == child, "si_pid is not the child's pid");
	CHECK_EQ(si.si_code, SI_USER);

	t_log("SIGCHLD: CLD_EXITED with the status, CLD_KILLED with the signal");
	close(p[1]);
	sigemptyset(&only);
	sigaddset(&only, SIGCHLD);
	CHECK_EQ(sigwaitinfo(&only, &si), SIGCHLD);
	CHECK(si.si_pid == child, "SIGCHLD si_pid is not the child's pid");
	CHECK_EQ(si.si_code, CLD_EXITED);
	CHECK_EQ(si.si_status, 7);
	int st;
	CHECK_EQ(waitpid(child, &st, 0), child);
	child = fork();
	if (child == 0) {
		for (;;)
			pause();
	}
	CHECK_OK(kill(child, SIGKILL));
	CHECK_EQ(sigwaitinfo(&only, &si), SIGCHLD);
	CHECK(si.si_pid == child, "SIGCHLD si_pid is not the child's pid");
	CHECK_EQ(si.si_code, CLD_KILLED);
	CHECK_EQ(si.si_status, SIGKILL);
	CHECK_EQ(waitpid(child, &st, 0), child);
	/* the same through a handler: unblock, and SIGCHLD arrives at once */
	child = fork();
	if (child == 0)
		_exit(3);
	siginfo_t peek;
	CHECK_OK(waitid(P_PID, child, &peek, WEXITED | WNOWAIT));
	memset(&last, 0, sizeof last);
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &set, NULL));
	CHECK_EQ(last.signo, SIGCHLD);
	CHECK_EQ(last.code, CLD_EXITED);
	CHECK_EQ(last.status, 3);
	CHECK(last.pid == child, "SIGCHLD si_pid is not the child's pid");
	CHECK_EQ(waitpid(child, &st, 0), child);
	return t_done();
}
