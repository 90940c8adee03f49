/*
 * fork_regs_preserved: the child of a raw fork (57), clone (56, newsp 0)
 * or clone3 (435, no stack) starts with the parent's registers: every
 * general-purpose register except rax (0 in the child, the pid in the
 * parent) and rcx/r11 (which the syscall instruction uses) holds the value
 * it had before the syscall, in both processes, rsp included; so do
 * xmm0-xmm15 and the FS base.  An assembly helper loads known values,
 * makes the call and stores what it finds; the child sends its record
 * through a pipe and the parent compares.
 */
#include "t.h"
#include "t_clone.h"
#include <stdint.h>

/* Offsets below are part of the assembly helper. */
struct regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;    /*   0 ..  56 */
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;      /*  64 .. 120 */
	uint64_t xmm[16][2];                                /* 128 .. 383 */
};
_Static_assert(sizeof(struct regs) == 384, "layout used by regs_syscall");

/*
 * long regs_syscall(struct regs *r): loads every register from *r (rax is
 * the syscall number), executes syscall, stores every register back into
 * *r and returns rax.  Callee-saved registers are restored on return.
 */
long regs_syscall(struct regs *r);
__asm__(
	".text\n"
	".local regs_syscall\n"
	".type regs_syscall,@function\n"
	"regs_syscall:\n"
	"	push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
	"	push %rdi\n"
	"	movdqu 128(%rdi), %xmm0\n  movdqu 144(%rdi), %xmm1\n"
	"	movdqu 160(%rdi), %xmm2\n  movdqu 176(%rdi), %xmm3\n"
	"	movdqu 192(%rdi), %xmm4\n  movdqu 208(%rdi), %xmm5\n"
	"	movdqu 224(%rdi), %xmm6\n  movdqu 240(%rdi), %xmm7\n"
	"	movdqu 256(%rdi), %xmm8\n  movdqu 272(%rdi), %xmm9\n"
	"	movdqu 288(%rdi), %xmm10\n movdqu 304(%rdi), %xmm11\n"
	"	movdqu 320(%rdi), %xmm12\n movdqu 336(%rdi), %xmm13\n"
	"	movdqu 352(%rdi), %xmm14\n movdqu 368(%rdi), %xmm15\n"
	"	mov 0(%rdi), %rax\n  mov 8(%rdi), %rbx\n  mov 24(%rdi), %rdx\n"
	"	mov 32(%rdi), %rsi\n mov 48(%rdi), %rbp\n"
	"	mov 64(%rdi), %r8\n  mov 72(%rdi), %r9\n  mov 80(%rdi), %r10\n"
	"	mov 88(%rdi), %r11\n mov 96(%rdi), %r12\n mov 104(%rdi), %r13\n"
	"	mov 112(%rdi), %r14\n mov 120(%rdi), %r15\n"
	"	mov 40(%rdi), %rdi\n"
	"	syscall\n"
	"	xchg %rax, (%rsp)\n"          /* rax = r, (%rsp) = the result */
	"	mov %rbx, 8(%rax)\n  mov %rcx, 16(%rax)\n mov %rdx, 24(%rax)\n"
	"	mov %rsi, 32(%rax)\n mov %rdi, 40(%rax)\n mov %rbp, 48(%rax)\n"
	"	mov %rsp, 56(%rax)\n"
	"	mov %r8, 64(%rax)\n  mov %r9, 72(%rax)\n  mov %r10, 80(%rax)\n"
	"	mov %r11, 88(%rax)\n mov %r12, 96(%rax)\n mov %r13, 104(%rax)\n"
	"	mov %r14, 112(%rax)\n mov %r15, 120(%rax)\n"
	"	movdqu %xmm0, 128(%rax)\n  movdqu %xmm1, 144(%rax)\n"
	"	movdqu %xmm2, 160(%rax)\n  movdqu %xmm3, 176(%rax)\n"
	"	movdqu %xmm4, 192(%rax)\n  movdqu %xmm5, 208(%rax)\n"
	"	movdqu %xmm6, 224(%rax)\n  movdqu %xmm7, 240(%rax)\n"
	"	movdqu %xmm8, 256(%rax)\n  movdqu %xmm9, 272(%rax)\n"
	"	movdqu %xmm10, 288(%rax)\n movdqu %xmm11, 304(%rax)\n"
	"	movdqu %xmm12, 320(%rax)\n movdqu %xmm13, 336(%rax)\n"
	"	movdqu %xmm14, 352(%rax)\n movdqu %xmm15, 368(%rax)\n"
	"	pop %rcx\n"
	"	mov %rcx, 0(%rax)\n"
	"	mov %rcx, %rax\n"
	"	pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
	"	ret\n"
	".size regs_syscall, .-regs_syscall\n");

static const char *const names[16] = {
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

/* Fills r with distinct values; the syscall's own arguments come after. */
static void load(struct regs *r, int salt)
{
	uint64_t *w = (uint64_t *)r;
	for (int i = 0; i < 48; i++)
		w[i] = 0x0101010101010101ull * (uint64_t)(i + 1) ^ ((uint64_t)salt << 56) ^ 0x5a00;
}

/* Compares what came back with what went in, for one process. */
static void compare(const char *what, const char *who, const struct regs *in,
		    const struct regs *out, uint64_t parent_rsp)
{
	const uint64_t *a = (const uint64_t *)in, *b = (const uint64_t *)out;
	for (int i = 1; i < 16; i++) {
		if (i == 2 || i == 11 || i == 7)      /* rcx, r11: used by syscall; rsp below */
			continue;
		CHECK(a[i] == b[i], "%s, %s: %s changed from 0x%llx to 0x%llx", what, who,
		      names[i], (unsigned long long)a[i], (unsigned long long)b[i]);
	}
	CHECK(b[7] == parent_rsp, "%s, %s: rsp differs from the parent's", what, who);
	int xbad = 0;
	for (int i = 16; i < 48; i++)
		xbad += a[i] != b[i];
	CHECK(xbad == 0, "%s, %s: %d halves of xmm0-15 changed", what, who, xbad);
}

static void one(const char *what, long nr, long rdi, long rsi, int salt)
{
	struct regs in, out, child;
	int p[2];
	CHECK_OK(pipe(p));
	load(&in, salt);
	in.rax = nr;
	in.rdi = rdi;
	in.rsi = rsi;
	if (nr == SYS_clone)
		in.rdx = in.r10 = in.r8 = 0;   /* ptid, ctid, tls: unused without their flags */
	out = in;
	unsigned long fs_parent = 0, fs_child = 0;
	tc_sys2(SYS_arch_prctl, ARCH_GET_FS, &fs_parent);
	long r = regs_syscall(&out);
	if (r == 0) {
		tc_sys2(SYS_arch_prctl, ARCH_GET_FS, &fs_child);
		out.rcx = fs_child;              /* rcx is meaningless: carry the FS base */
		write(p[1], &out, sizeof out);
		_exit(0);
	}
	close(p[1]);
	CHECK(r > 0, "%s failed: %ld", what, r);
	if (r <= 0) {
		close(p[0]);
		return;
	}
	t_log("%s: comparing the registers in parent and child", what);
	CHECK(read(p[0], &child, sizeof child) == sizeof child, "%s: no record from the child", what);
	close(p[0]);
	CHECK(out.rax == (uint64_t)r, "%s: parent's rax is not the result", what);
	CHECK(child.rax == 0, "%s: child's rax is %lld, not 0", what, (long long)child.rax);
	compare(what, "parent", &in, &out, out.rsp);
	compare(what, "child", &in, &child, out.rsp);
	CHECK(child.rcx == fs_parent, "%s: child's FS base differs from the parent's", what);
	int st = -1;
	CHECK_EQ(waitpid(r, &st, 0), r);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: child status 0x%x", what, st);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct tc_clone_args ca;
	memset(&ca, 0, sizeof ca);
	ca.exit_signal = SIGCHLD;
	one("fork (57)", SYS_fork, 0x1234, 0x5678, 1);
	one("clone (56) SIGCHLD, newsp 0", SYS_clone, SIGCHLD, 0, 2);
	one("clone3 (435) exit_signal SIGCHLD", SYS_clone3, (long)&ca, TC_ARGS_VER0, 3);
	return t_done();
}
