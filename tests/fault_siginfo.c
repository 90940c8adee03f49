/*
 * fault_siginfo: what a handler learns about a hardware fault.  Reading
 * an unmapped page gives SIGSEGV with SEGV_MAPERR, writing a PROT_READ
 * page and reading a PROT_NONE page SEGV_ACCERR, both with si_addr the
 * exact address and the sigcontext's trapno 14, cr2 the address and err
 * the page-fault error code (user, write, protection bits).  Touching a
 * file mapping past the end of the file gives SIGBUS with BUS_ADRERR and
 * the address.  Dividing by zero gives SIGFPE with FPE_INTDIV (trapno 0),
 * ud2 SIGILL with ILL_ILLOPN (trapno 6), int3 SIGTRAP with SI_KERNEL
 * (trapno 3); si_addr is the faulting instruction for the first two.  The
 * handlers leave with siglongjmp.  A fault while the signal is blocked, or
 * ignored, kills the process with that signal anyway.
 */
#include "t.h"
#include "t_signal.h"
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <ucontext.h>

#define FILE_NAME "/tmp/fault_siginfo.f"
#define PF_PROT 1
#define PF_WRITE 2
#define PF_USER 4

static sigjmp_buf env;
static struct { int signo, code; void *addr; long trapno, err; unsigned long cr2; } got;

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	got.signo = sig;
	got.code = si->si_code;
	got.addr = si->si_addr;
	got.trapno = uc->uc_mcontext.gregs[REG_TRAPNO];
	got.err = uc->uc_mcontext.gregs[REG_ERR];
	got.cr2 = uc->uc_mcontext.gregs[REG_CR2];
	siglongjmp(env, 1);
}

extern char fs_div_insn[], fs_ud2_insn[], fs_int3_insn[];

static void do_div(void)
{
	__asm__ volatile ("xor %%ecx, %%ecx\n\t"
			  "mov $1, %%eax\n\t"
			  "xor %%edx, %%edx\n\t"
			  ".globl fs_div_insn\n"
			  "fs_div_insn: divl %%ecx\n\t" : : : "rax", "rcx", "rdx");
}

static void do_ud2(void)
{
	__asm__ volatile (".globl fs_ud2_insn\nfs_ud2_insn: ud2");
}

static void do_int3(void)
{
	__asm__ volatile (".globl fs_int3_insn\nfs_int3_insn: int3");
}

/* Runs fn (or touches addr) and returns whether a signal came. */
static int faults(void (*fn)(void), volatile char *addr, int write)
{
	memset(&got, 0, sizeof got);
	if (sigsetjmp(env, 1))
		return 1;
	if (fn)
		fn();
	else if (write)
		*addr = 1;
	else
		(void)*addr;
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP };
	for (int i = 0; i < 5; i++)
		CHECK_OK(sigaction(sigs[i], &sa, NULL));
	char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap");

	t_log("SIGSEGV, SEGV_MAPERR: an unmapped page");
	CHECK_OK(munmap(p + 4096, 4096));
	CHECK(faults(NULL, p + 4096 + 123, 0), "no signal");
	CHECK_EQ(got.signo, SIGSEGV);
	CHECK_EQ(got.code, SEGV_MAPERR);
	CHECK(got.addr == p + 4096 + 123, "si_addr is not the address");
	CHECK_EQ(got.trapno, 14);
	CHECK(got.cr2 == (unsigned long)(p + 4096 + 123), "cr2 is not the address");
	CHECK_EQ(got.err & (PF_USER | PF_WRITE | PF_PROT), PF_USER);

	t_log("SIGSEGV, SEGV_ACCERR: writing a PROT_READ page, reading a PROT_NONE page");
	p[0] = 1;                       /* present, so the fault is a protection one */
	CHECK_OK(mprotect(p, 4096, PROT_READ));
	CHECK(faults(NULL, p + 7, 1), "no signal");
	CHECK_EQ(got.signo, SIGSEGV);
	CHECK_EQ(got.code, SEGV_ACCERR);
	CHECK(got.addr == p + 7, "si_addr is not the address");
	CHECK_EQ(got.err & (PF_USER | PF_WRITE | PF_PROT), PF_USER | PF_WRITE | PF_PROT);
	CHECK_OK(mprotect(p + 2 * 4096, 4096, PROT_NONE));
	CHECK(faults(NULL, p + 2 * 4096 + 4000, 0), "no signal");
	CHECK_EQ(got.code, SEGV_ACCERR);
	CHECK(got.addr == p + 2 * 4096 + 4000, "si_addr is not the address");

	t_log("SIGBUS, BUS_ADRERR: past the end of a mapped file");
	int fd = open(FILE_NAME, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "open");
	CHECK_EQ(write(fd, "hello", 5), 5);
	char *m = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap of the file");
	CHECK(!faults(NULL, m + 100, 0), "a signal inside the file's last page");
	CHECK(faults(NULL, m + 4096 + 8, 0), "no signal");
	CHECK_EQ(got.signo, SIGBUS);
	CHECK_EQ(got.code, BUS_ADRERR);
	CHECK(got.addr == m + 4096 + 8, "si_addr is not the address");
	munmap(m, 2 * 4096);
	close(fd);
	CHECK_OK(unlink(FILE_NAME));

	t_log("SIGFPE, FPE_INTDIV: divide by zero");
	CHECK(faults(do_div, NULL, 0), "no signal");
	CHECK_EQ(got.signo, SIGFPE);
	CHECK_EQ(got.code, FPE_INTDIV);
	CHECK(got.addr == fs_div_insn, "si_addr is not the div instruction");
	CHECK_EQ(got.trapno, 0);

	t_log("SIGILL, ILL_ILLOPN: ud2");
	CHECK(faults(do_ud2, NULL, 0), "no signal");
	CHECK_EQ(got.signo, SIGILL);
	CHECK_EQ(got.code, ILL_ILLOPN);
	CHECK(got.addr == fs_ud2_insn, "si_addr is not the ud2");
	CHECK_EQ(got.trapno, 6);

	t_log("SIGTRAP, SI_KERNEL: int3");
	CHECK(faults(do_int3, NULL, 0), "no signal");
	CHECK_EQ(got.signo, SIGTRAP);
	CHECK_EQ(got.code, SI_KERNEL);
	CHECK_EQ(got.trapno, 3);

	t_log("a blocked or ignored fault signal still kills");
	for (int mode = 0; mode < 2; mode++) {
		pid_t pid = fork();
		if (pid == 0) {
			ts_no_core();
			sigset_t s;
			sigemptyset(&s);
			sigaddset(&s, SIGSEGV);
			if (mode == 0)
				sigprocmask(SIG_BLOCK, &s, NULL);
			else
				signal(SIGSEGV, SIG_IGN);
			*(volatile char *)(p + 4096) = 1;
			_exit(0);
		}
		int st;
		CHECK_EQ(waitpid(pid, &st, 0), pid);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "%s: status %#x",
		      mode ? "ignored" : "blocked", st);
	}
	munmap(p, 3 * 4096);
	return t_done();
}
