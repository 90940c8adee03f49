/*
 * clone_bad_stack: a raw clone without CLONE_VM whose newsp points at
 * memory the child cannot write (an unmapped page, a read-only page, the
 * kernel half) succeeds; the child's first push faults and SIGSEGV kills
 * only the child.  The parent gets the pid, reaps a child terminated by
 * SIGSEGV, and carries on: its memory is intact and it can fork again.
 * The same for clone3 with such a stack.
 */
#include "t.h"
#include "t_clone.h"
#include <sys/resource.h>

/* Legacy clone with newsp: the child pushes at once (and exits 99 if that worked). */
static long clone_push(unsigned long flags, unsigned long newsp)
{
	long ret;
	__asm__ volatile ("syscall\n\t"
			  "test %%rax, %%rax\n\t"
			  "jnz 1f\n\t"
			  "push %%rax\n\t"
			  "mov $60, %%eax\n\t"
			  "mov $99, %%edi\n\t"
			  "syscall\n\t"
			  "ud2\n"
			  "1:"
			  : "=a"(ret)
			  : "a"(SYS_clone), "D"(flags), "S"(newsp), "d"(0L)
			  : "rcx", "r11", "r10", "r8", "memory");
	return ret;
}

static long clone3_push(struct tc_clone_args *ca)
{
	long ret;
	__asm__ volatile ("syscall\n\t"
			  "test %%rax, %%rax\n\t"
			  "jnz 1f\n\t"
			  "push %%rax\n\t"
			  "mov $60, %%eax\n\t"
			  "mov $99, %%edi\n\t"
			  "syscall\n\t"
			  "ud2\n"
			  "1:"
			  : "=a"(ret)
			  : "a"(SYS_clone3), "D"(ca), "S"(TC_ARGS_VER0)
			  : "rcx", "r11", "memory");
	return ret;
}

static volatile long canary = 0x600dcafe;

static void judge(long pid, const char *what)
{
	CHECK(pid > 0, "%s: clone returned %ld", what, pid);
	if (pid <= 0)
		return;
	int st = tc_reap(pid);
	t_log("%s: the child dies of SIGSEGV", what);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "%s: status 0x%x, expected SIGSEGV", what, st);
	CHECK(canary == 0x600dcafe, "%s: the parent's memory changed", what);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct rlimit no_core = { 0, 0 };
	setrlimit(RLIMIT_CORE, &no_core);      /* no core files from the dying children */
	char *pages = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(pages != MAP_FAILED, "mmap failed");
	if (pages == MAP_FAILED)
		return t_done();
	CHECK_OK(munmap(pages + 4096, 4096));
	CHECK_OK(mprotect(pages, 4096, PROT_READ));
	unsigned long ro_top = (unsigned long)pages + 4096;      /* push writes just below */
	unsigned long hole_top = (unsigned long)pages + 2 * 4096;

	judge(clone_push(SIGCHLD, hole_top), "clone, newsp at the top of an unmapped page");
	judge(clone_push(SIGCHLD, ro_top), "clone, newsp at the top of a read-only page");
	judge(clone_push(SIGCHLD, 0xffff800000100000ul), "clone, newsp in the kernel half");
	judge(clone_push(SIGCHLD, 8), "clone, newsp 8 (page 0)");
	struct tc_clone_args ca;
	memset(&ca, 0, sizeof ca);
	ca.exit_signal = SIGCHLD;
	ca.stack = (uintptr_t)pages + 4096;        /* the hole */
	ca.stack_size = 4096;
	judge(clone3_push(&ca), "clone3, stack is an unmapped page");
	ca.stack = (uintptr_t)pages;               /* the read-only page */
	judge(clone3_push(&ca), "clone3, stack is a read-only page");

	t_log("the parent carries on: a normal fork still works");
	pid_t pid = fork();
	if (pid == 0)
		_exit(canary == 0x600dcafe ? 0 : 1);
	CHECK(pid > 0, "fork failed");
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
	CHECK_ERR(waitpid(-1, NULL, WNOHANG | __WALL), ECHILD);
	munmap(pages, 4096);
	return t_done();
}
