/*
 * tls_arch_prctl: __thread variables in a static musl program, and the
 * arch_prctl (158) calls behind them.  Initialised TLS holds its initial
 * value, zero TLS reads as zero, both are writable; ARCH_GET_FS returns the
 * thread pointer, whose first word points at itself (musl's self pointer
 * at %fs:0); the TLS block lies just below it (x86-64 variant II).
 * ARCH_SET_FS with a kernel or non-canonical address gives EPERM, an
 * unknown code EINVAL, a bad result pointer EFAULT; a forked child gets
 * its own copy of the TLS.
 */
#include "t.h"
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

static __thread int tls_init = 12345;
static __thread long tls_zero;
static __thread char tls_str[16] = "tls-string";
static __thread long tls_big[64];

static void *fs0(void)
{
	void *p;
	__asm__ volatile("mov %%fs:0, %0" : "=r"(p));
	return p;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);

	CHECK_EQ(tls_init, 12345);
	CHECK_EQ(tls_zero, 0);
	CHECK(strcmp(tls_str, "tls-string") == 0, "tls_str = [%s]", tls_str);
	long nz = 0;
	for (int i = 0; i < 64; i++)
		nz += tls_big[i] != 0;
	CHECK_EQ(nz, 0);
	tls_init++;
	tls_zero = -5;
	tls_big[63] = 77;
	strcpy(tls_str, "changed");
	CHECK_EQ(tls_init, 12346);
	CHECK_EQ(tls_zero, -5);
	CHECK_EQ(tls_big[63], 77);

	/* ARCH_GET_FS: the thread pointer, which points at itself. */
	unsigned long fs = 0;
	CHECK_EQ(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs), 0);
	CHECK(fs != 0, "FS base is 0");
	CHECK(fs == (unsigned long)fs0(), "ARCH_GET_FS differs from %%fs:0");
	CHECK(fs == (unsigned long)__builtin_thread_pointer(), "ARCH_GET_FS differs from the thread pointer");
	CHECK(*(unsigned long *)fs == fs, "the word at the thread pointer is not the self pointer");
	/* Variant II: the TLS block is below the thread pointer, close to it. */
	unsigned long a = (unsigned long)&tls_init, z = (unsigned long)&tls_big[0];
	CHECK(a < fs && fs - a < 65536, "&tls_init not just below the thread pointer");
	CHECK(z < fs && fs - z < 65536, "&tls_big not just below the thread pointer");

	/* Setting FS to its own value is allowed and changes nothing. */
	CHECK_EQ(syscall(SYS_arch_prctl, ARCH_SET_FS, fs), 0);
	CHECK_EQ(tls_init, 12346);

	/* Kernel and non-canonical addresses are refused with EPERM. */
	CHECK_ERR(syscall(SYS_arch_prctl, ARCH_SET_FS, 0xffff888000000000UL), EPERM);
	CHECK_ERR(syscall(SYS_arch_prctl, ARCH_SET_FS, 0xffffffff80000000UL), EPERM);
	CHECK_ERR(syscall(SYS_arch_prctl, ARCH_SET_FS, 0x8000000000000000UL), EPERM);
	CHECK_ERR(syscall(SYS_arch_prctl, ARCH_SET_FS, ~0UL), EPERM);
	CHECK_ERR(syscall(SYS_arch_prctl, ARCH_SET_GS, 0xffff888000000000UL), EPERM);
	/* ... and the FS base did not move. */
	unsigned long fs2 = 0;
	CHECK_EQ(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs2), 0);
	CHECK(fs2 == fs, "FS base changed after a refused ARCH_SET_FS");
	CHECK_EQ(tls_init, 12346);

	/* Unknown codes give EINVAL. */
	CHECK_ERR(syscall(SYS_arch_prctl, 0, 0), EINVAL);
	CHECK_ERR(syscall(SYS_arch_prctl, 0x1005, &fs2), EINVAL);
	CHECK_ERR(syscall(SYS_arch_prctl, 0x7777, 0), EINVAL);

	/* ARCH_GET_FS into a bad pointer: EFAULT. */
	CHECK_ERR(syscall(SYS_arch_prctl, ARCH_GET_FS, (void *)0), EFAULT);
	CHECK_ERR(syscall(SYS_arch_prctl, ARCH_GET_FS, (void *)0xffff888000000000UL), EFAULT);

	/* GS is free for the program: set, read back, restore. */
	unsigned long gs0 = 1, gs = 0;
	CHECK_EQ(syscall(SYS_arch_prctl, ARCH_GET_GS, &gs0), 0);
	CHECK_EQ(syscall(SYS_arch_prctl, ARCH_SET_GS, 0x10000UL), 0);
	CHECK_EQ(syscall(SYS_arch_prctl, ARCH_GET_GS, &gs), 0);
	CHECK(gs == 0x10000UL, "ARCH_GET_GS after ARCH_SET_GS 0x10000");
	CHECK_EQ(syscall(SYS_arch_prctl, ARCH_SET_GS, gs0), 0);

	/* A forked child inherits the TLS contents and the FS base, but
	 * writes to its copy stay in the child. */
	pid_t pid = fork();
	if (pid == 0) {
		unsigned long cfs = 0;
		int bad = 0;
		if (syscall(SYS_arch_prctl, ARCH_GET_FS, &cfs) != 0 || cfs != fs) bad |= 1;
		if (tls_init != 12346 || tls_zero != -5 || strcmp(tls_str, "changed")) bad |= 2;
		tls_init = 1;
		tls_zero = 2;
		_exit(bad);
	}
	int status = 0;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	CHECK_EQ(tls_init, 12346);
	CHECK_EQ(tls_zero, -5);
	return t_done();
}
