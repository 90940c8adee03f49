/*
 * ptrace_gs_selector: a tracer reads the tracee's own GS selector and
 * base (PEEKUSER, GETREGS), and what it pokes into them is what the
 * tracee has when it runs on: a selector of 0 with a base, or a real
 * selector - which, where the kernel leaves the base to the user's
 * wrgsbase (AT_HWCAP2's HWCAP2_FSGSBASE), keeps the base poked before,
 * and otherwise brings its descriptor's, 0.  A selector of
 * another privilege than the user's is EIO.  The tracee reports what it
 * finds through a shared page.
 */
#include "t.h"
#include <signal.h>
#include <sys/auxv.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>

#define ARCH_GET_GS 0x1004
#define POKED_BASE 0x200000000UL
#define HWCAP2_FSGSBASE (1 << 1)
#define OFF(r) offsetof(struct user_regs_struct, r)

static unsigned short user_ds(void)
{
	unsigned short s;
	__asm__ volatile("mov %%ss, %0" : "=r"(s));
	return s;
}

/* Writes the caller's GS selector and base to seen[0] and seen[1]. */
static void report(volatile unsigned long *seen)
{
	unsigned short s;
	unsigned long b = 1;
	__asm__ volatile("mov %%gs, %0" : "=r"(s));
	syscall(SYS_arch_prctl, ARCH_GET_GS, &b);
	seen[0] = s;
	seen[1] = b;
}

static void tracee(volatile unsigned long *seen)
{
	unsigned short ds = user_ds();
	__asm__ volatile("mov %0, %%gs" :: "r"(ds));
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
		_exit(2);
	raise(SIGSTOP);
	report(seen);
	raise(SIGSTOP);
	report(seen + 2);
	_exit(0);
}

static int stopped(pid_t pid)
{
	int status = 0;
	return waitpid(pid, &status, 0) == pid && WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	volatile unsigned long *seen = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(seen != MAP_FAILED, "mmap failed");
	if (seen == MAP_FAILED)
		return t_done();
	unsigned short ds = user_ds();
	pid_t pid = fork();
	if (pid == 0)
		tracee(seen);
	CHECK(stopped(pid), "the tracee did not stop");

	t_log("the tracee loaded the user data selector into gs");
	struct user_regs_struct r;
	CHECK_EQ(ptrace(PTRACE_GETREGS, pid, NULL, &r), 0);
	CHECK(r.gs == ds, "GETREGS: gs %#llx", r.gs);
	CHECK(r.gs_base == 0, "GETREGS: gs_base %#llx", r.gs_base);
	CHECK(r.fs == 0 && r.fs_base != 0, "GETREGS: fs %#llx, fs_base 0 (musl's TLS)", r.fs);
	CHECK_EQ(ptrace(PTRACE_PEEKUSER, pid, OFF(gs), NULL), ds);

	t_log("poke gs 0 and a base; a selector of RPL 0 is EIO");
	CHECK_ERR(ptrace(PTRACE_POKEUSER, pid, OFF(gs), 0x28), EIO);
	CHECK_EQ(ptrace(PTRACE_POKEUSER, pid, OFF(gs), 0), 0);
	CHECK_EQ(ptrace(PTRACE_POKEUSER, pid, OFF(gs_base), POKED_BASE), 0);
	CHECK_EQ(ptrace(PTRACE_PEEKUSER, pid, OFF(gs), NULL), 0);
	CHECK_EQ(ptrace(PTRACE_PEEKUSER, pid, OFF(gs_base), NULL), POKED_BASE);
	CHECK_EQ(ptrace(PTRACE_CONT, pid, NULL, NULL), 0);
	CHECK(stopped(pid), "the tracee did not stop again");
	CHECK(seen[0] == 0 && seen[1] == POKED_BASE, "the tracee ran with gs %#lx, base %#lx", seen[0], seen[1]);

	t_log("poke the user data selector back");
	CHECK_EQ(ptrace(PTRACE_PEEKUSER, pid, OFF(gs_base), NULL), POKED_BASE);
	CHECK_EQ(ptrace(PTRACE_POKEUSER, pid, OFF(gs), ds), 0);
	CHECK_EQ(ptrace(PTRACE_PEEKUSER, pid, OFF(gs), NULL), ds);
	CHECK_EQ(ptrace(PTRACE_CONT, pid, NULL, NULL), 0);
	int status = -1;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the tracee ended with status %#x", status);
	unsigned long base = (getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE) ? POKED_BASE : 0;
	CHECK(seen[2] == ds && seen[3] == base, "the tracee ran with gs %#lx, base %#lx", seen[2], seen[3]);
	munmap((void *)seen, 4096);
	return t_done();
}
