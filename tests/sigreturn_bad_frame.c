/*
 * sigreturn_bad_frame: a signal handler that rewrites its saved registers
 * (uc_mcontext) before returning cannot hurt the kernel: whatever rt_sigreturn
 * restores - an instruction pointer that is non-canonical or in the kernel,
 * a kernel code or stack segment, a null or garbage selector, a stack
 * pointer in the kernel or non-canonical, privileged flag bits - the
 * process dies of a signal (SIGSEGV; SIGBUS for the stack fault; SIGTRAP
 * when all flags, TF too, are set) or goes on with the privileged flags
 * cleared, exactly as on Linux, and never the machine.  Each case runs in
 * a child.  Also a raw
 * rt_sigreturn on a stack of garbage (no signal was delivered at all).
 */
#include "t.h"
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>

enum { RIP_NONCANON, RIP_KERNEL, RIP_TOP, CS_KERNEL, CS_NULL, CS_GARBAGE, SS_KERNEL, SS_GARBAGE,
       RSP_KERNEL, RSP_NONCANON, FLAGS_PRIV, FLAGS_ALL, FPSTATE_KERNEL, FPSTATE_BAD, RAW_GARBAGE,
       NMODES };
static const char *names[] = { "rip 1<<47", "rip in the kernel", "rip 0x7ffffffffffe",
	"cs = kernel code", "cs = 0", "cs = 0xffff", "ss = kernel data", "ss = 0xffff",
	"rsp in the kernel", "rsp 1<<63", "rflags IOPL|NT|VM|AC", "rflags all ones",
	"fpstate in the kernel", "fpstate unmapped", "raw rt_sigreturn on garbage" };

/* Linux's outcome: the signal that kills the child, or 0 (it went on). */
static const int expect[] = { SIGSEGV, SIGSEGV, SIGSEGV, SIGSEGV, SIGSEGV, SIGSEGV, SIGSEGV,
	SIGSEGV, SIGSEGV, SIGBUS /* a stack fault on a non-canonical rsp */, 0 /* cleared */,
	SIGTRAP /* TF is a user flag: single-step */, SIGSEGV, SIGSEGV, SIGSEGV };

static int mode;

static void handler(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)si;
	ucontext_t *uc = ctx;
	greg_t *g = uc->uc_mcontext.gregs;
	unsigned short *csgsfs = (unsigned short *)&g[REG_CSGSFS];   /* cs, gs, fs, ss */
	switch (mode) {
	case RIP_NONCANON: g[REG_RIP] = 1L << 47; break;
	case RIP_KERNEL: g[REG_RIP] = (long)0xffffffff80100000UL; break;
	case RIP_TOP: g[REG_RIP] = 0x7ffffffffffeL; break;
	case CS_KERNEL: csgsfs[0] = 0x10; break;
	case CS_NULL: csgsfs[0] = 0; break;
	case CS_GARBAGE: csgsfs[0] = 0xffff; break;
	case SS_KERNEL: csgsfs[3] = 0x18; uc->uc_flags |= 0x4 /* UC_STRICT_RESTORE_SS */; break;
	case SS_GARBAGE: csgsfs[3] = 0xffff; uc->uc_flags |= 0x4; break;
	case RSP_KERNEL: g[REG_RSP] = (long)0xffff888000001000UL; break;
	case RSP_NONCANON: g[REG_RSP] = (long)(1UL << 63); break;
	case FLAGS_PRIV: g[REG_EFL] |= 0x3000 | 0x4000 | 0x20000 | 0x40000; break;
	case FLAGS_ALL: g[REG_EFL] = -1; break;
	case FPSTATE_KERNEL: uc->uc_mcontext.fpregs = (void *)0xffff888000000000UL; break;
	case FPSTATE_BAD: uc->uc_mcontext.fpregs = (void *)0x1000; break;
	}
}

/* rt_sigreturn with rsp on a page of junk. */
static void raw_sigreturn(void)
{
	static long junk[512];
	for (int i = 0; i < 512; i++)
		junk[i] = (long)(0x8badf00d8badf00dUL * (unsigned long)(i + 1));
	__asm__ volatile ("mov %0, %%rsp\n\tmov $15, %%eax\n\tsyscall\n\tud2"
			  :: "r"(junk + 64) : "memory");
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	for (mode = 0; mode < NMODES; mode++) {
		pid_t pid = fork();
		if (pid == 0) {
			struct rlimit no_core = { 0, 0 };
			setrlimit(RLIMIT_CORE, &no_core);
			if (mode == RAW_GARBAGE)
				raw_sigreturn();
			struct sigaction sa;
			memset(&sa, 0, sizeof sa);
			sa.sa_sigaction = handler;
			sa.sa_flags = SA_SIGINFO;
			sigaction(SIGUSR1, &sa, NULL);
			raise(SIGUSR1);
			_exit(0);               /* the kernel cleaned up the frame */
		}
		CHECK(pid > 0, "fork: %s", strerror(errno));
		int st = 0;
		CHECK_EQ(waitpid(pid, &st, 0), pid);
		int want = expect[mode];
		if (mode == RSP_NONCANON && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV)
			want = SIGSEGV;         /* QEMU's TCG raises #GP where a CPU raises #SS */
		if (want)
			CHECK(WIFSIGNALED(st) && WTERMSIG(st) == want, "%s: status %#x, expected signal %d",
			      names[mode], st, want);
		else
			CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: status %#x, expected exit 0",
			      names[mode], st);
	}
	return t_done();
}
