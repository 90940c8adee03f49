/*
 * gs_selector_switch: a GS selector the program loads is its own, as its
 * GS base is: it survives a switch to another process that loads another
 * selector or sets another base, and a fork gives the child the same.
 * The other way round, a base set with ARCH_SET_GS (selector 0) survives
 * the other process loading a real selector.  (Only GS: musl's TLS lives
 * at the FS base, which a selector load would change.)
 */
#include "t.h"
#include <sys/syscall.h>
#include <sys/wait.h>

#define ARCH_SET_GS 0x1001
#define ARCH_GET_GS 0x1004
#define OTHER_BASE 0x200000000UL

static unsigned short gs_sel(void)
{
	unsigned short s;
	__asm__ volatile("mov %%gs, %0" : "=r"(s));
	return s;
}

static void set_gs_sel(unsigned short s)
{
	__asm__ volatile("mov %0, %%gs" :: "r"(s));
}

static unsigned short user_ds(void)
{
	unsigned short s;
	__asm__ volatile("mov %%ss, %0" : "=r"(s));     /* a real user data segment, base 0 */
	return s;
}

static unsigned long gs_base(void)
{
	unsigned long b = 1;
	syscall(SYS_arch_prctl, ARCH_GET_GS, &b);
	return b;
}

/*
 * The child waits for the parent's byte, does `other` to its own GS, and
 * answers: the parent, blocked in its read meanwhile, was switched out.
 */
static pid_t other_process(int to_child[2], int to_parent[2], int other)
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	char c;
	if (read(to_child[0], &c, 1) != 1)
		_exit(2);
	if (other)
		set_gs_sel(user_ds());
	else {
		set_gs_sel(0);          /* the CPU's selector is no longer the parent's */
		if (syscall(SYS_arch_prctl, ARCH_SET_GS, OTHER_BASE) != 0)
			_exit(3);
	}
	_exit(write(to_parent[1], "y", 1) == 1 ? 0 : 4);
}

/* Lets the other process run once, then reaps it. */
static void switch_away(int other)
{
	int to_child[2], to_parent[2], status = -1;
	char c = 0;
	if (pipe(to_child) || pipe(to_parent)) {
		CHECK(0, "pipe failed");
		return;
	}
	pid_t pid = other_process(to_child, to_parent, other);
	CHECK(pid > 0, "fork failed");
	CHECK_EQ(write(to_child[1], "x", 1), 1);
	CHECK_EQ(read(to_parent[0], &c, 1), 1);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(status, 0);
	close(to_child[0]); close(to_child[1]);
	close(to_parent[0]); close(to_parent[1]);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unsigned short ds = user_ds();

	t_log("gs = the user data selector, then the other process sets a GS base");
	set_gs_sel(ds);
	switch_away(0);
	CHECK(gs_sel() == ds, "gs is %#x after the switch, not %#x", gs_sel(), ds);
	CHECK(gs_base() == 0, "the GS base is %#lx after the switch", gs_base());

	t_log("a fork's child starts with the parent's selector");
	pid_t pid = fork();
	if (pid == 0)
		_exit(gs_sel() == ds ? 0 : 1);
	int status = -1;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(status == 0, "the child's gs was not %#x (status %#x)", ds, status);

	t_log("ARCH_SET_GS, then the other process loads a selector");
	CHECK_EQ(syscall(SYS_arch_prctl, ARCH_SET_GS, OTHER_BASE), 0);
	CHECK(gs_sel() == 0, "ARCH_SET_GS left gs %#x", gs_sel());
	switch_away(1);
	CHECK(gs_sel() == 0, "gs is %#x after the switch", gs_sel());
	CHECK(gs_base() == OTHER_BASE, "the GS base is %#lx after the switch", gs_base());
	CHECK_EQ(syscall(SYS_arch_prctl, ARCH_SET_GS, 0UL), 0);
	return t_done();
}
