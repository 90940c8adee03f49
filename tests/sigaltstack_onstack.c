/*
 * sigaltstack_onstack: the alternate signal stack.  At first there is
 * none (SS_DISABLE).  sigaltstack rejects a size below MINSIGSTKSZ
 * (ENOMEM) and unknown flags (EINVAL), and returns the old setting.  A
 * handler installed with SA_ONSTACK runs on the alternate stack: its
 * locals lie inside it, a query there says SS_ONSTACK, changing the stack
 * there is EPERM, and a nested SA_ONSTACK handler stays on it, deeper.  A
 * handler without SA_ONSTACK runs on the normal stack.  uc_stack holds
 * the registered stack.  With SS_AUTODISARM the stack is disarmed while
 * the handler runs (a query says SS_DISABLE) and armed again by
 * sigreturn.  When the normal stack is unusable, a SIGSEGV handler on the
 * alternate stack still runs; without one the process dies of SIGSEGV.
 * A fork child keeps the alternate stack; a CLONE_VM child starts
 * without one.
 */
#include "t.h"
#include "t_signal.h"
#include "t_clone.h"
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <ucontext.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif
#define ALT_SIZE (64 * 1024)

static char *alt;
static volatile int depth, on_alt[2], query_flags, set_err, uc_ok, runs, simple;
static sigjmp_buf env;

static int within(void *p)
{
	return (char *)p >= alt && (char *)p < alt + ALT_SIZE;
}

static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
	(void)si;
	ucontext_t *uc = ctx;
	volatile char local;
	int d = depth++;
	runs++;
	if (d < 2)
		on_alt[d] = within((void *)&local);
	stack_t q;
	sigaltstack(NULL, &q);
	query_flags = q.ss_flags;
	if (simple) {
		depth--;
		return;
	}
	stack_t again = { .ss_sp = alt, .ss_size = ALT_SIZE };
	set_err = sigaltstack(&again, NULL) ? errno : 0;
	uc_ok = uc->uc_stack.ss_sp == alt && uc->uc_stack.ss_size == ALT_SIZE;
	if (d == 0)
		raise(sig);     /* SA_NODEFER: nests at once */
	depth--;
}

static void install(int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER | flags;
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	depth = runs = 0;
	on_alt[0] = on_alt[1] = -1;
}

static void on_segv(int sig)
{
	(void)sig;
	volatile char local;
	if (within((void *)&local))
		siglongjmp(env, 1);
	_exit(3);
}

/* Makes the stack pointer useless, then faults. */
static void wreck_stack(void)
{
	__asm__ volatile ("mov $0x1000, %%rsp\n\t"
			  "push %%rax\n\t"
			  "ud2" : : : "memory");
}

static int child_without_alt(void *arg)
{
	(void)arg;
	stack_t q;
	if (tc_sys2(SYS_sigaltstack, NULL, &q) != 0)
		return 1;
	return q.ss_flags == SS_DISABLE && q.ss_size == 0 ? 0 : 2;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	alt = mmap(NULL, ALT_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(alt != MAP_FAILED, "mmap");
	stack_t ss, old;

	t_log("no alternate stack at first; errors; the old setting comes back");
	CHECK_OK(sigaltstack(NULL, &old));
	CHECK_EQ(old.ss_flags, SS_DISABLE);
	ss = (stack_t){ .ss_sp = alt, .ss_size = 1024 };
	CHECK_EQ(syscall(SYS_sigaltstack, &ss, NULL), -1);
	CHECK_EQ(errno, ENOMEM);
	ss = (stack_t){ .ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0x10 };
	CHECK_EQ(syscall(SYS_sigaltstack, &ss, NULL), -1);
	CHECK_EQ(errno, EINVAL);
	CHECK_EQ(syscall(SYS_sigaltstack, (void *)8, NULL), -1);
	CHECK_EQ(errno, EFAULT);
	ss = (stack_t){ .ss_sp = alt, .ss_size = ALT_SIZE };
	CHECK_OK(sigaltstack(&ss, NULL));
	CHECK_OK(sigaltstack(NULL, &old));
	CHECK(old.ss_sp == alt && old.ss_size == ALT_SIZE && old.ss_flags == 0, "query after set");

	t_log("SA_ONSTACK: on the alternate stack, SS_ONSTACK, EPERM, nested deeper");
	install(SA_ONSTACK);
	CHECK_OK(raise(SIGUSR1));
	CHECK_EQ(runs, 2);
	CHECK_EQ(on_alt[0], 1);
	CHECK_EQ(on_alt[1], 1);
	CHECK_EQ(query_flags, SS_ONSTACK);
	CHECK_EQ(set_err, EPERM);
	CHECK_EQ(uc_ok, 1);
	CHECK_OK(sigaltstack(NULL, &old));
	CHECK_EQ(old.ss_flags, 0);

	t_log("without SA_ONSTACK: the normal stack");
	install(0);
	CHECK_OK(raise(SIGUSR1));
	CHECK_EQ(on_alt[0], 0);
	CHECK_EQ(query_flags, 0);
	CHECK_EQ(set_err, 0);

	t_log("SS_AUTODISARM: disarmed inside the handler, armed again after");
	ss = (stack_t){ .ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = SS_AUTODISARM };
	CHECK_OK(syscall(SYS_sigaltstack, &ss, NULL));
	install(SA_ONSTACK);
	simple = 1;
	CHECK_OK(raise(SIGUSR1));
	simple = 0;
	CHECK_EQ(on_alt[0], 1);
	CHECK_EQ(query_flags, SS_DISABLE);
	CHECK_OK(syscall(SYS_sigaltstack, NULL, &old));
	CHECK(old.ss_sp == alt && old.ss_size == ALT_SIZE, "not armed again");
	CHECK_EQ((unsigned)old.ss_flags, SS_AUTODISARM);
	ss = (stack_t){ .ss_sp = alt, .ss_size = ALT_SIZE };
	CHECK_OK(sigaltstack(&ss, NULL));

	t_log("a CLONE_VM child has no alternate stack; a fork child keeps it");
	void *top = NULL;
	void *stk = tc_stack(64 * 1024, &top);
	long tid = tc_clone_run(CLONE_VM | SIGCHLD, top, NULL, NULL, 0, child_without_alt, NULL);
	CHECK(tid > 0, "clone: %ld", tid);
	int st = tc_reap(tid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "CLONE_VM child: status %#x", st);
	munmap(stk, 64 * 1024);
	pid_t pid = fork();
	if (pid == 0) {
		stack_t q;
		sigaltstack(NULL, &q);
		_exit(q.ss_sp == alt && q.ss_size == ALT_SIZE && q.ss_flags == 0 ? 0 : 1);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(st, 0);

	t_log("a broken stack: the SIGSEGV handler runs on the alternate stack");
	pid = fork();
	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_segv;
		sa.sa_flags = SA_ONSTACK;
		sigaction(SIGSEGV, &sa, NULL);
		if (sigsetjmp(env, 1))
			_exit(0);
		wreck_stack();
		_exit(2);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x", st);

	t_log("a broken stack and no alternate stack: SIGSEGV kills");
	pid = fork();
	if (pid == 0) {
		ts_no_core();
		ss = (stack_t){ .ss_flags = SS_DISABLE };
		sigaltstack(&ss, NULL);
		signal(SIGSEGV, on_segv);
		wreck_stack();
		_exit(2);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "status %#x", st);
	munmap(alt, ALT_SIZE);
	return t_done();
}
