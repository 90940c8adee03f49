/*
 * sigframe.c - running a signal handler on x86-64, and coming back.
 *
 * On the way back to user mode, if a signal is to be handled, we push an
 * rt_sigframe (Linux's layout) onto the user stack - or the alternate
 * stack - holding the return address (the SA_RESTORER trampoline), a
 * ucontext with every register and the old signal mask, the siginfo, and
 * the FPU state; then the registers are set so that the "return" to user
 * mode enters the handler as handler(sig, &info, &uc).  When the handler
 * returns into the trampoline, rt_sigreturn reads the frame back.
 *
 * Interrupted system calls are finished here too: -ERESTARTSYS and
 * friends become EINTR, or the syscall instruction is re-executed.
 */
#include <asm.h>
#include <cpu.h>
#include <errno.h>
#include <kernel.h>
#include <mm.h>
#include <sched.h>
#include <signal.h>
#include <syscalls.h>
#include <uaccess.h>

struct rt_sigframe {
	void *pretcode;         /* the handler's return address: sa_restorer */
	struct ucontext uc;
	siginfo_t info;
	/* the 512-byte fxsave image follows, 64-byte aligned */
};

#define FXSAVE_SIZE 512
/* The rflags bits a handler may change through its ucontext. */
#define FIX_EFLAGS (0x1UL | 0x4UL | 0x10UL | 0x40UL | 0x80UL | 0x100UL | 0x400UL | \
		    0x800UL | 0x40000UL | 0x200000UL)

static bool on_sig_stack(unsigned long sp)
{
	return current->sas_ss_size && sp - current->sas_ss_sp < current->sas_ss_size;
}

static void fill_sigcontext(struct sigcontext *sc, struct pt_regs *r, sigset_t mask, u64 fpstate)
{
	memset(sc, 0, sizeof *sc);
	sc->r8 = r->r8; sc->r9 = r->r9; sc->r10 = r->r10; sc->r11 = r->r11;
	sc->r12 = r->r12; sc->r13 = r->r13; sc->r14 = r->r14; sc->r15 = r->r15;
	sc->rdi = r->rdi; sc->rsi = r->rsi; sc->rbp = r->rbp; sc->rbx = r->rbx;
	sc->rdx = r->rdx; sc->rax = r->rax; sc->rcx = r->rcx; sc->rsp = r->rsp;
	sc->rip = r->rip;
	sc->eflags = r->rflags;
	sc->cs = __USER_CS;
	sc->ss = __USER_DS;
	sc->trapno = current->thread.trap_nr;
	sc->err = current->thread.error_code;
	sc->cr2 = current->thread.cr2;
	sc->oldmask = mask;
	sc->fpstate = fpstate;
}

/* Builds the frame; returns false if the user stack cannot hold it. */
static bool setup_rt_frame(struct ksignal *ksig, struct pt_regs *regs, sigset_t oldmask)
{
	unsigned long sp = regs->rsp - 128;             /* skip the red zone */
	bool was_on_stack = on_sig_stack(regs->rsp);
	if ((ksig->ka.flags & SA_ONSTACK) && current->sas_ss_size && !was_on_stack)
		sp = current->sas_ss_sp + current->sas_ss_size;
	sp = ALIGN_DOWN(sp - FXSAVE_SIZE, 64);
	unsigned long fp = sp;
	sp = ALIGN_DOWN(sp - sizeof(struct rt_sigframe), 16) - 8;
	struct rt_sigframe *frame = (struct rt_sigframe *)sp;
	if (!(ksig->ka.flags & SA_RESTORER))
		return false;

	struct rt_sigframe f;
	memset(&f, 0, sizeof f);
	f.pretcode = ksig->ka.restorer;
	f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	f.uc.uc_stack.ss_sp = (void *)current->sas_ss_sp;
	f.uc.uc_stack.ss_size = current->sas_ss_size;
	f.uc.uc_stack.ss_flags = !current->sas_ss_size ? SS_DISABLE : was_on_stack ? SS_ONSTACK : 0;
	fill_sigcontext(&f.uc.uc_mcontext, regs, oldmask, fp);
	f.uc.uc_sigmask = oldmask;
	f.info = ksig->info;
	struct fxregs_state fx;
	fxsave(&fx);                    /* the user's FPU registers are live */
	if (copy_to_user(frame, &f, sizeof f) || copy_to_user((void *)fp, &fx, FXSAVE_SIZE))
		return false;
	if (current->sas_ss_flags & SS_AUTODISARM) {
		current->sas_ss_sp = 0;
		current->sas_ss_size = 0;
	}
	regs->rdi = ksig->sig;
	regs->rsi = (unsigned long)&frame->info;
	regs->rdx = (unsigned long)&frame->uc;
	regs->rax = 0;
	regs->rsp = sp;
	regs->rip = (unsigned long)ksig->ka.handler;
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->rflags &= ~(X86_EFLAGS_DF | X86_EFLAGS_RF | X86_EFLAGS_TF);
	/* The handler starts with a clean FPU control state, as Linux's fpu__clear_user_states. */
	struct fxregs_state clean;
	fpu_init_state(&clean);
	fxrstor(&clean);
	return true;
}

/* A handler runs: block its mask (and itself unless SA_NODEFER). */
void signal_setup_done(bool failed, struct ksignal *ksig)
{
	if (failed) {
		force_sig(SIGSEGV);
		return;
	}
	sigset_t blocked = current->blocked | ksig->ka.mask;
	if (!(ksig->ka.flags & SA_NODEFER))
		blocked |= sigmask(ksig->sig);
	set_current_blocked(blocked);
}

/* What an interrupted syscall returns when a handler is about to run. */
static void handle_restart(struct pt_regs *regs, struct k_sigaction *ka)
{
	switch ((long)regs->rax) {
	case -ERESTART_RESTARTBLOCK:
	case -ERESTARTNOHAND:
		regs->rax = -EINTR;
		break;
	case -ERESTARTSYS:
		if (!(ka->flags & SA_RESTART)) {
			regs->rax = -EINTR;
			break;
		}
		/* fall through */
	case -ERESTARTNOINTR:
		regs->rax = regs->orig_rax;
		regs->rip -= 2;         /* back onto the syscall instruction */
		break;
	}
}

static void do_signal(struct pt_regs *regs)
{
	struct ksignal ksig;
	if (get_signal(&ksig)) {
		if (in_syscall(regs))
			handle_restart(regs, &ksig.ka);
		sigset_t old = current->restore_sigmask ? current->saved_sigmask : current->blocked;
		current->restore_sigmask = false;
		signal_setup_done(!setup_rt_frame(&ksig, regs, old), &ksig);
		return;
	}
	/* No handler: restart the call as if nothing happened. */
	if (in_syscall(regs)) {
		switch ((long)regs->rax) {
		case -ERESTARTNOHAND:
		case -ERESTARTSYS:
		case -ERESTARTNOINTR:
			regs->rax = regs->orig_rax;
			regs->rip -= 2;
			break;
		case -ERESTART_RESTARTBLOCK:
			regs->rax = -EINTR;     /* no restart_block support: report EINTR */
			break;
		}
	}
	if (current->restore_sigmask) {
		current->restore_sigmask = false;
		set_current_blocked(current->saved_sigmask);
	}
}

/*
 * The last C code before every return to user mode.  Returns nonzero if
 * the frame can be restored with sysretq (see entry.S).
 */
int exit_to_user_mode(struct pt_regs *regs)
{
	for (int rounds = 0;; rounds++) {
		if (need_resched)
			schedule();
		if (signal_pending(current) || current->restore_sigmask ||
		    (current->jobctl & JOBCTL_STOP_PENDING)) {
			do_signal(regs);
			if (rounds < 64)
				continue;
		}
		break;
	}
	/* After delivery, clear the syscall marker so a later path does not
	 * restart it a second time. */
	if (regs->trapno == TRAPNO_SYSCALL && (long)regs->rax >= -ERESTART_RESTARTBLOCK &&
	    (long)regs->rax <= -ERESTARTSYS)
		regs->rax = -EINTR;
	return regs->trapno == TRAPNO_SYSCALL && regs->rcx == regs->rip &&
	       regs->r11 == regs->rflags && regs->rip < TASK_SIZE_MAX &&
	       !(regs->rflags & (X86_EFLAGS_RF | X86_EFLAGS_TF)) &&
	       regs->cs == __USER_CS && regs->ss == __USER_DS;
}

long sys_rt_sigreturn(void)
{
	struct pt_regs *regs = task_pt_regs(current);
	struct rt_sigframe *frame = (struct rt_sigframe *)(regs->rsp - 8);
	struct ucontext uc;
	if (copy_from_user(&uc, &frame->uc, sizeof uc))
		goto badframe;
	struct sigcontext *sc = &uc.uc_mcontext;
	regs->r8 = sc->r8; regs->r9 = sc->r9; regs->r10 = sc->r10; regs->r11 = sc->r11;
	regs->r12 = sc->r12; regs->r13 = sc->r13; regs->r14 = sc->r14; regs->r15 = sc->r15;
	regs->rdi = sc->rdi; regs->rsi = sc->rsi; regs->rbp = sc->rbp; regs->rbx = sc->rbx;
	regs->rdx = sc->rdx; regs->rax = sc->rax; regs->rcx = sc->rcx; regs->rsp = sc->rsp;
	regs->rip = sc->rip;
	regs->rflags = (regs->rflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->trapno = 0;               /* not a syscall any more: no restart */
	regs->orig_rax = -1;
	if (sc->fpstate) {
		struct fxregs_state fx;
		if (copy_from_user(&fx, (void *)sc->fpstate, FXSAVE_SIZE))
			goto badframe;
		fx.mxcsr &= 0xffbf;     /* reserved MXCSR bits would fault fxrstor */
		fxrstor(&fx);
	}
	set_current_blocked(uc.uc_sigmask);
	/* restore_altstack: as sigaltstack(&uc.uc_stack, NULL), errors ignored */
	if (!on_sig_stack(regs->rsp) && !(uc.uc_stack.ss_flags & SS_DISABLE) &&
	    uc.uc_stack.ss_size >= MINSIGSTKSZ) {
		current->sas_ss_sp = (unsigned long)uc.uc_stack.ss_sp;
		current->sas_ss_size = uc.uc_stack.ss_size;
	}
	return regs->rax;
badframe:
	force_sig(SIGSEGV);
	return 0;
}
