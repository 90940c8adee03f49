/*
 * arch_prctl_gs_base: the GS base a program sets with ARCH_SET_GS is the
 * one its %gs-relative loads use, and it stays so across everything that
 * enters the kernel and comes back: a system call (sysret), a page fault
 * and a signal handler (iret), a yield to another process, a fork (the
 * child inherits it; its own change stays its own).  The kernel keeps
 * its per-CPU data at the GS base too, swapping the two on each entry
 * and exit: a missed swap shows here as the wrong value.
 */
#include "t.h"
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define ARCH_SET_GS 0x1001
#define ARCH_GET_GS 0x1004

static unsigned long area_a[2] = { 0x1111aaaa2222bbbbUL, 0 };
static unsigned long area_b[2] = { 0x3333cccc4444ddddUL, 0 };
static volatile unsigned long seen_in_handler;

static unsigned long gs0(void)
{
	unsigned long v;
	__asm__ volatile("mov %%gs:0, %0" : "=r"(v));
	return v;
}

static void on_usr1(int sig)
{
	(void)sig;
	seen_in_handler = gs0();
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unsigned long old = 0;
	CHECK_EQ(syscall(SYS_arch_prctl, ARCH_GET_GS, &old), 0);
	CHECK_EQ(syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)area_a), 0);
	CHECK(gs0() == area_a[0], "%%gs:0 after ARCH_SET_GS is %#lx", gs0());

	t_log("a system call, a page fault, a signal handler, a yield");
	getppid();
	CHECK(gs0() == area_a[0], "%%gs:0 after a system call is %#lx", gs0());
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap failed");
	if (p != MAP_FAILED) {
		p[0] = 1;               /* the first touch faults */
		CHECK(gs0() == area_a[0], "%%gs:0 after a page fault is %#lx", gs0());
		munmap(p, 4096);
	}
	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	CHECK(seen_in_handler == area_a[0], "%%gs:0 in a signal handler was %#lx", seen_in_handler);
	CHECK(gs0() == area_a[0], "%%gs:0 after the handler returned is %#lx", gs0());
	sched_yield();
	CHECK(gs0() == area_a[0], "%%gs:0 after sched_yield is %#lx", gs0());

	t_log("fork: the child inherits the base; its own change stays in the child");
	int pipefd[2];
	CHECK_OK(pipe(pipefd));
	pid_t pid = fork();
	if (pid == 0) {
		int bad = gs0() != area_a[0];
		if (syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)area_b) != 0 ||
		    gs0() != area_b[0])
			bad |= 2;
		char c;
		if (read(pipefd[0], &c, 1) != 1)        /* the parent runs meanwhile */
			bad |= 4;
		if (gs0() != area_b[0])
			bad |= 8;
		_exit(bad);
	}
	CHECK(gs0() == area_a[0], "%%gs:0 in the parent after fork is %#lx", gs0());
	sched_yield();
	CHECK_EQ(write(pipefd[1], "x", 1), 1);
	int status = 0;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	CHECK(gs0() == area_a[0], "%%gs:0 in the parent after the child ran is %#lx", gs0());
	close(pipefd[0]);
	close(pipefd[1]);

	CHECK_EQ(syscall(SYS_arch_prctl, ARCH_SET_GS, old), 0);
	return t_done();
}
