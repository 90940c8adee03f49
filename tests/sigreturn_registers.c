/*
 * sigreturn_registers: a signal handler runs between two instructions and
 * the interrupted code never notices.  An assembly sequence loads known
 * values into every general register, xmm0-xmm15 and MXCSR, sends itself
 * SIGUSR1 with tgkill and stores everything after the syscall; the
 * handler (assembly too) overwrites all of them, sets DF and changes
 * MXCSR before it returns.  After rt_sigreturn every register but rax
 * (the result), rcx and r11 (the syscall's) is what it was, DF is clear,
 * and MXCSR is back.  The handler itself starts with DF clear and the
 * default MXCSR (0x1f80).  A handler can also change the interrupted state
 * through its ucontext: a SIGILL handler steps over ud2 by moving rip,
 * sets rax, r12 and xmm3, and adds SIGUSR2 to uc_sigmask - all of which
 * the code after ud2 then sees.
 */
#include "t.h"
#include "t_signal.h"
#include <stdint.h>
#include <ucontext.h>

#define NGPR 14         /* rbx rbp r8 r9 r10 r12 r13 r14 r15 rdi rsi rdx, 2 spare */

uint64_t rs_gpr_in[NGPR], rs_gpr_out[NGPR];
uint8_t rs_xmm_in[16][16] __attribute__((aligned(16))), rs_xmm_out[16][16] __attribute__((aligned(16)));
uint64_t rs_flags_out, rs_handler_flags;
uint32_t rs_mxcsr_in, rs_mxcsr_out, rs_handler_mxcsr;
int rs_handler_runs;

/* rs_run(tgid, tid, sig): the sequence described above. */
void rs_run(long tgid, long tid, long sig);
__asm__(
	".text\n"
	".globl rs_run\n"
	".type rs_run,@function\n"
	"rs_run:\n"
	"	push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
	"	ldmxcsr rs_mxcsr_in(%rip)\n"
	"	movdqa rs_xmm_in+0(%rip), %xmm0\n"
	"	movdqa rs_xmm_in+16(%rip), %xmm1\n"
	"	movdqa rs_xmm_in+32(%rip), %xmm2\n"
	"	movdqa rs_xmm_in+48(%rip), %xmm3\n"
	"	movdqa rs_xmm_in+64(%rip), %xmm4\n"
	"	movdqa rs_xmm_in+80(%rip), %xmm5\n"
	"	movdqa rs_xmm_in+96(%rip), %xmm6\n"
	"	movdqa rs_xmm_in+112(%rip), %xmm7\n"
	"	movdqa rs_xmm_in+128(%rip), %xmm8\n"
	"	movdqa rs_xmm_in+144(%rip), %xmm9\n"
	"	movdqa rs_xmm_in+160(%rip), %xmm10\n"
	"	movdqa rs_xmm_in+176(%rip), %xmm11\n"
	"	movdqa rs_xmm_in+192(%rip), %xmm12\n"
	"	movdqa rs_xmm_in+208(%rip), %xmm13\n"
	"	movdqa rs_xmm_in+224(%rip), %xmm14\n"
	"	movdqa rs_xmm_in+240(%rip), %xmm15\n"
	"	mov rs_gpr_in+0(%rip), %rbx\n"
	"	mov rs_gpr_in+8(%rip), %rbp\n"
	"	mov rs_gpr_in+16(%rip), %r8\n"
	"	mov rs_gpr_in+24(%rip), %r9\n"
	"	mov rs_gpr_in+32(%rip), %r10\n"
	"	mov rs_gpr_in+40(%rip), %r12\n"
	"	mov rs_gpr_in+48(%rip), %r13\n"
	"	mov rs_gpr_in+56(%rip), %r14\n"
	"	mov rs_gpr_in+64(%rip), %r15\n"
	"	mov $234, %eax\n"                     /* tgkill(rdi, rsi, rdx) */
	"	syscall\n"
	"	mov %rbx, rs_gpr_out+0(%rip)\n"
	"	mov %rbp, rs_gpr_out+8(%rip)\n"
	"	mov %r8, rs_gpr_out+16(%rip)\n"
	"	mov %r9, rs_gpr_out+24(%rip)\n"
	"	mov %r10, rs_gpr_out+32(%rip)\n"
	"	mov %r12, rs_gpr_out+40(%rip)\n"
	"	mov %r13, rs_gpr_out+48(%rip)\n"
	"	mov %r14, rs_gpr_out+56(%rip)\n"
	"	mov %r15, rs_gpr_out+64(%rip)\n"
	"	mov %rdi, rs_gpr_out+72(%rip)\n"
	"	mov %rsi, rs_gpr_out+80(%rip)\n"
	"	mov %rdx, rs_gpr_out+88(%rip)\n"
	"	movdqa %xmm0, rs_xmm_out+0(%rip)\n"
	"	movdqa %xmm1, rs_xmm_out+16(%rip)\n"
	"	movdqa %xmm2, rs_xmm_out+32(%rip)\n"
	"	movdqa %xmm3, rs_xmm_out+48(%rip)\n"
	"	movdqa %xmm4, rs_xmm_out+64(%rip)\n"
	"	movdqa %xmm5, rs_xmm_out+80(%rip)\n"
	"	movdqa %xmm6, rs_xmm_out+96(%rip)\n"
	"	movdqa %xmm7, rs_xmm_out+112(%rip)\n"
	"	movdqa %xmm8, rs_xmm_out+128(%rip)\n"
	"	movdqa %xmm9, rs_xmm_out+144(%rip)\n"
	"	movdqa %xmm10, rs_xmm_out+160(%rip)\n"
	"	movdqa %xmm11, rs_xmm_out+176(%rip)\n"
	"	movdqa %xmm12, rs_xmm_out+192(%rip)\n"
	"	movdqa %xmm13, rs_xmm_out+208(%rip)\n"
	"	movdqa %xmm14, rs_xmm_out+224(%rip)\n"
	"	movdqa %xmm15, rs_xmm_out+240(%rip)\n"
	"	stmxcsr rs_mxcsr_out(%rip)\n"
	"	pushfq\n"
	"	popq rs_flags_out(%rip)\n"
	"	cld\n"
	"	ldmxcsr rs_mxcsr_default(%rip)\n"
	"	pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
	"	ret\n"
	".size rs_run, .-rs_run\n"
	".data\n"
	"rs_mxcsr_default: .long 0x1f80\n"
	"rs_mxcsr_odd: .long 0x7f80\n"           /* round toward zero, all masked */
	".text\n");

/* The handler: records DF and MXCSR at entry, then wrecks everything. */
void rs_handler(int sig);
__asm__(
	".text\n"
	".globl rs_handler\n"
	".type rs_handler,@function\n"
	"rs_handler:\n"
	"	pushfq\n"
	"	popq rs_handler_flags(%rip)\n"
	"	stmxcsr rs_handler_mxcsr(%rip)\n"
	"	incl rs_handler_runs(%rip)\n"
	"	mov $0x6666666666666666, %rax\n"
	"	mov %rax, %rbx\n mov %rax, %rbp\n mov %rax, %rcx\n mov %rax, %rdx\n"
	"	mov %rax, %rsi\n mov %rax, %rdi\n mov %rax, %r8\n mov %rax, %r9\n"
	"	mov %rax, %r10\n mov %rax, %r11\n mov %rax, %r12\n mov %rax, %r13\n"
	"	mov %rax, %r14\n mov %rax, %r15\n"
	"	pcmpeqd %xmm0, %xmm0\n pcmpeqd %xmm1, %xmm1\n pcmpeqd %xmm2, %xmm2\n"
	"	pcmpeqd %xmm3, %xmm3\n pcmpeqd %xmm4, %xmm4\n pcmpeqd %xmm5, %xmm5\n"
	"	pcmpeqd %xmm6, %xmm6\n pcmpeqd %xmm7, %xmm7\n pcmpeqd %xmm8, %xmm8\n"
	"	pcmpeqd %xmm9, %xmm9\n pcmpeqd %xmm10, %xmm10\n pcmpeqd %xmm11, %xmm11\n"
	"	pcmpeqd %xmm12, %xmm12\n pcmpeqd %xmm13, %xmm13\n pcmpeqd %xmm14, %xmm14\n"
	"	pcmpeqd %xmm15, %xmm15\n"
	"	ldmxcsr rs_mxcsr_odd(%rip)\n"
	"	std\n"
	"	ret\n"
	".size rs_handler, .-rs_handler\n");

#define X86_DF 0x400

static uint64_t ill_xmm3[2] = { 0x0123456789abcdefULL, 0xfedcba9876543210ULL };

static void on_ill(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)si;
	ucontext_t *uc = ctx;
	uc->uc_mcontext.gregs[REG_RIP] += 2;             /* over the ud2 */
	uc->uc_mcontext.gregs[REG_RAX] = 0x1234;
	uc->uc_mcontext.gregs[REG_R12] = 0x5678;
	memcpy(&uc->uc_mcontext.fpregs->_xmm[3], ill_xmm3, 16);
	sigaddset(&uc->uc_sigmask, SIGUSR2);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	for (int i = 0; i < NGPR; i++)
		rs_gpr_in[i] = 0x1111111111111111ULL * (uint64_t)(i + 1) ^ 0x0102030405060708ULL;
	for (int i = 0; i < 16; i++)
		for (int j = 0; j < 16; j++)
			rs_xmm_in[i][j] = (uint8_t)(i * 16 + j + 1);
	rs_mxcsr_in = 0x3f80;   /* round down */

	t_log("a handler that wrecks every register changes nothing after sigreturn");
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = rs_handler;
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	rs_run(getpid(), gettid(), SIGUSR1);
	CHECK_EQ(rs_handler_runs, 1);
	static const char *names[] = { "rbx", "rbp", "r8", "r9", "r10", "r12", "r13", "r14", "r15" };
	for (int i = 0; i < 9; i++)
		CHECK(rs_gpr_out[i] == rs_gpr_in[i], "%s = %#llx, expected %#llx", names[i],
		      (unsigned long long)rs_gpr_out[i], (unsigned long long)rs_gpr_in[i]);
	CHECK(rs_gpr_out[9] == (uint64_t)getpid(), "rdi changed");
	CHECK(rs_gpr_out[10] == (uint64_t)gettid(), "rsi changed");
	CHECK_EQ(rs_gpr_out[11], SIGUSR1);
	for (int i = 0; i < 16; i++)
		CHECK(memcmp(rs_xmm_out[i], rs_xmm_in[i], 16) == 0, "xmm%d changed", i);
	CHECK_EQ(rs_mxcsr_out, 0x3f80);
	CHECK(!(rs_flags_out & X86_DF), "DF set after sigreturn");
	CHECK(!(rs_handler_flags & X86_DF), "DF set in the handler");
	CHECK_EQ(rs_handler_mxcsr, 0x1f80);

	t_log("a handler changes rip, rax, r12, xmm3 and the mask through its ucontext");
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_ill;
	sa.sa_flags = SA_SIGINFO;
	CHECK_OK(sigaction(SIGILL, &sa, NULL));
	uint64_t rax, r12, xmm3[2] = { 0, 0 };
	__asm__ volatile ("mov $1, %%rax\n\t"
			  "mov $2, %%r12\n\t"
			  "pxor %%xmm3, %%xmm3\n\t"
			  "ud2\n\t"
			  "mov %%rax, %0\n\t"
			  "mov %%r12, %1\n\t"
			  "movdqu %%xmm3, %2\n\t"
			  : "=m"(rax), "=m"(r12), "=m"(xmm3) : : "rax", "r12", "xmm3", "memory");
	CHECK_EQ(rax, 0x1234);
	CHECK_EQ(r12, 0x5678);
	CHECK(memcmp(xmm3, ill_xmm3, 16) == 0, "xmm3 not taken from the ucontext");
	sigset_t cur;
	CHECK_OK(sigprocmask(SIG_SETMASK, NULL, &cur));
	CHECK(sigismember(&cur, SIGUSR2), "uc_sigmask not restored by sigreturn");
	CHECK(!sigismember(&cur, SIGILL), "SIGILL still blocked");
	return t_done();
}
