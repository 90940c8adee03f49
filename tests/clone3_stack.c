/*
 * clone3_stack: with stack and stack_size the clone3 child starts with
 * rsp = stack + stack_size (x86-64), so it runs on that stack: its first
 * rsp is exactly the top, and a local of the function it calls lies
 * within [stack, stack + stack_size).  Checked without CLONE_VM (the stack
 * is in the child's copy), with CLONE_VM|CLONE_VFORK (the parent's memory,
 * the parent waits), and with CLONE_VM alone while the parent keeps
 * running on its own stack.
 */
#include "t.h"
#include "t_clone.h"

#define SSIZE (64 * 1024)

struct report { volatile unsigned long first_rsp, local_addr; volatile int done; };

static struct report *rep;

/*
 * long clone3_rsp(args, size, fn): clone3; the child calls fn(its first
 * rsp) on the stack the kernel gave it, then SYS_exit(fn's return).
 */
long clone3_rsp(void *args, unsigned long size, int (*fn)(unsigned long));
__asm__(
	".text\n"
	".local clone3_rsp\n"
	".type clone3_rsp,@function\n"
	"clone3_rsp:\n"
	"	mov $435, %eax\n"
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz 1f\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	xor %ebp, %ebp\n"
	"	call *%rdx\n"
	"	mov %eax, %edi\n"
	"	mov $60, %eax\n"
	"	syscall\n"
	"	ud2\n"
	"1:	ret\n"
	".size clone3_rsp, .-clone3_rsp\n");

static __attribute__((noinline)) int child_fn(unsigned long rsp)
{
	volatile int local = 5;
	rep->first_rsp = rsp;
	rep->local_addr = (unsigned long)&local;
	rep->done = local;
	return 0;
}

static void run(unsigned long flags, const char *what)
{
	char *stack = mmap(NULL, SSIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(stack != MAP_FAILED, "mmap failed");
	if (stack == MAP_FAILED)
		return;
	rep->first_rsp = rep->local_addr = 0;
	rep->done = 0;
	struct tc_clone_args ca;
	memset(&ca, 0, sizeof ca);
	ca.flags = flags;
	ca.exit_signal = SIGCHLD;
	ca.stack = (uintptr_t)stack;
	ca.stack_size = SSIZE;
	volatile int parent_local = 1;
	long pid = clone3_rsp(&ca, TC_ARGS_VER0, child_fn);
	CHECK(pid > 0, "%s: clone3 returned %ld", what, pid);
	if (pid <= 0)
		return;
	if (flags & CLONE_VFORK)
		CHECK(rep->done == 5, "%s: the parent resumed before the child finished", what);
	parent_local++;                 /* the parent's own stack is still usable */
	int st = tc_reap(pid);
	t_log("%s", what);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: status 0x%x", what, st);
	CHECK(rep->done == 5, "%s: the child did not run", what);
	CHECK(rep->first_rsp == (unsigned long)stack + SSIZE,
	      "%s: the child's first rsp is not stack + stack_size", what);
	CHECK(rep->local_addr >= (unsigned long)stack && rep->local_addr < (unsigned long)stack + SSIZE,
	      "%s: the child's local is not on the given stack", what);
	CHECK_EQ(parent_local, 2);
	munmap(stack, SSIZE);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	rep = tc_shared_page();
	CHECK(rep != NULL, "no shared page");
	if (!rep)
		return t_done();
	run(0, "no CLONE_VM: the child runs on the stack in its copy");
	run(CLONE_VM | CLONE_VFORK, "CLONE_VM|CLONE_VFORK: the child runs on the given stack");
	run(CLONE_VM, "CLONE_VM: the child runs on the given stack, the parent on its own");
	munmap(rep, 4096);
	return t_done();
}
