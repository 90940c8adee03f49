/*
 * sigframe.c - running a signal handler on x86-64, and coming back; the
 * alternate signal stack it may run on.
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
 * friends become EINTR, or the syscall instruction is re-executed (or,
 * for -ERESTART_RESTARTBLOCK, restart_syscall is: see signal.c).
 */
#include <asm.h>
#include <cpu.h>
#include <errno.h>
#include <kernel.h>
#include <mm.h>
#include <irq.h>
#include <lockdep.h>
#include <sched.h>
#include <smp_lock.h>
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
/* The rflags bits a handler may change through its ucontext (Linux's
 * FIX_EFLAGS: the arithmetic flags, TF, DF, AC and RF - never IF, IOPL...). */
#define FIX_EFLAGS (0x1UL | 0x4UL | 0x10UL | 0x40UL | 0x80UL | 0x100UL | 0x400UL | \
		    0x800UL | X86_EFLAGS_AC | X86_EFLAGS_RF)

/* ---- the alternate signal stack ------------------------------------------------ */

/* Is sp inside the alternate stack?  (The stack grows down: its top counts.) */
static bool __on_sig_stack(unsigned long sp)
{
	return sp > current->sas_ss_sp && sp - current->sas_ss_sp <= current->sas_ss_size;
}

/*
 * The same, except that an SS_AUTODISARM stack never counts: it is given
 * up while a handler runs on it, so a task found "on" it is not using it
 * as a signal stack (Linux's rule, which also lets a corrupt sp recover).
 */
static bool on_sig_stack(unsigned long sp)
{
	if (current->sas_ss_flags & SS_AUTODISARM)
		return false;
	return __on_sig_stack(sp);
}

/* What ss_flags reports for a task running at sp. */
static int sas_ss_flags(unsigned long sp)
{
	if (!current->sas_ss_size)
		return SS_DISABLE;
	return on_sig_stack(sp) ? SS_ONSTACK : 0;
}

/* No alternate stack: the state after execve, in a CLONE_VM child, and
 * while an SS_AUTODISARM handler runs. */
void sas_ss_reset(struct task_struct *t)
{
	t->sas_ss_sp = 0;
	t->sas_ss_size = 0;
	t->sas_ss_flags = SS_DISABLE;
}

/*
 * sigaltstack for a task whose user stack pointer is sp: reports the
 * current setting in *oss, then installs *ss.  -EPERM while running on the
 * stack, -EINVAL for an unknown mode, -ENOMEM below MINSIGSTKSZ.  rt_sigreturn
 * uses it too, to put back the setting saved in the frame.
 */
static long do_sigaltstack(const stack_t *ss, stack_t *oss, unsigned long sp)
{
	if (oss) {
		memset(oss, 0, sizeof *oss);
		oss->ss_sp = (void *)current->sas_ss_sp;
		oss->ss_size = current->sas_ss_size;
		oss->ss_flags = sas_ss_flags(sp) | (int)(current->sas_ss_flags & SS_AUTODISARM);
	}
	if (!ss)
		return 0;
	if (on_sig_stack(sp))
		return -EPERM;
	unsigned int mode = (unsigned int)ss->ss_flags & ~SS_AUTODISARM;
	if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
		return -EINVAL;
	unsigned long ss_sp = (unsigned long)ss->ss_sp;
	size_t ss_size = ss->ss_size;
	if (mode == SS_DISABLE) {
		ss_sp = 0;
		ss_size = 0;
	} else if (ss_size < MINSIGSTKSZ) {
		return -ENOMEM;
	}
	current->sas_ss_sp = ss_sp;
	current->sas_ss_size = ss_size;
	current->sas_ss_flags = (unsigned int)ss->ss_flags;
	return 0;
}

long sys_sigaltstack(const stack_t *uss, stack_t *uoss)
{
	stack_t ss, old;
	if (uss && copy_from_user(&ss, uss, sizeof ss))
		return -EFAULT;
	long err = do_sigaltstack(uss ? &ss : NULL, &old, task_pt_regs(current)->rsp);
	if (!err && uoss && copy_to_user(uoss, &old, sizeof old))
		return -EFAULT;
	return err;
}

/* ---- delivering -------------------------------------------------------------------- */

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

/*
 * Where the frame goes: below the red zone of the interrupted stack, or at
 * the top of the alternate stack for an SA_ONSTACK handler not already on
 * it; the fxsave image 64-byte aligned above the frame (*fpstate).  Returns
 * 0 when a frame on the alternate stack would not fit in it.
 */
static unsigned long get_sigframe(struct ksignal *ksig, struct pt_regs *regs,
				  unsigned long *fpstate)
{
	unsigned long sp = regs->rsp - 128;             /* skip the red zone */
	bool nested = on_sig_stack(regs->rsp), entering = false;
	if ((ksig->ka.flags & SA_ONSTACK) && sas_ss_flags(sp) == 0) {
		sp = current->sas_ss_sp + current->sas_ss_size;
		entering = true;
	}
	sp = ALIGN_DOWN(sp - FXSAVE_SIZE, 64);
	*fpstate = sp;
	sp = ALIGN_DOWN(sp - sizeof(struct rt_sigframe), 16) - 8;
	if ((nested || entering) && !__on_sig_stack(sp))
		return 0;
	return sp;
}

/* Builds the frame; returns false if it cannot be written. */
static bool setup_rt_frame(struct ksignal *ksig, struct pt_regs *regs, sigset_t oldmask)
{
	unsigned long fp;
	struct rt_sigframe *frame = (struct rt_sigframe *)get_sigframe(ksig, regs, &fp);
	if (!frame || !(ksig->ka.flags & SA_RESTORER))
		return false;

	struct rt_sigframe f;
	memset(&f, 0, sizeof f);
	f.pretcode = ksig->ka.restorer;
	f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	f.uc.uc_stack.ss_sp = (void *)current->sas_ss_sp;
	f.uc.uc_stack.ss_size = current->sas_ss_size;
	f.uc.uc_stack.ss_flags = (int)current->sas_ss_flags;     /* as set: sigreturn puts it back */
	fill_sigcontext(&f.uc.uc_mcontext, regs, oldmask, fp);
	f.uc.uc_sigmask = oldmask;
	f.info = ksig->info;
	struct fxregs_state fx;
	fxsave(&fx);                    /* the user's FPU registers are live */
	if (copy_to_user(frame, &f, sizeof f) || copy_to_user((void *)fp, &fx, FXSAVE_SIZE))
		return false;
	if (current->sas_ss_flags & SS_AUTODISARM)
		sas_ss_reset(current);
	regs->rdi = ksig->sig;
	regs->rsi = (unsigned long)&frame->info;
	regs->rdx = (unsigned long)&frame->uc;
	regs->rax = 0;
	regs->rsp = (unsigned long)frame;
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

/*
 * The frame could not be written: the program gets SIGSEGV, and if it was
 * SIGSEGV's own handler that could not run, that handler is forgotten so
 * the next one kills instead of failing the same way forever (Linux's
 * force_sigsegv).
 */
static void force_sigsegv(int sig)
{
	if (sig == SIGSEGV)
		current->sighand->action[SIGSEGV - 1].handler = SIG_DFL;
	force_sig(SIGSEGV);
}

/* A handler runs: block its mask (and itself unless SA_NODEFER). */
void signal_setup_done(bool failed, struct ksignal *ksig)
{
	if (failed) {
		force_sigsegv(ksig->sig);
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
	/* No handler: restart the call as if nothing happened.  A timed sleep
	 * goes on through restart_syscall, towards the deadline it had. */
	if (in_syscall(regs)) {
		switch ((long)regs->rax) {
		case -ERESTARTNOHAND:
		case -ERESTARTSYS:
		case -ERESTARTNOINTR:
			regs->rax = regs->orig_rax;
			regs->rip -= 2;
			break;
		case -ERESTART_RESTARTBLOCK:
			regs->rax = __NR_restart_syscall;
			regs->rip -= 2;
			break;
		}
	}
	if (current->restore_sigmask) {
		current->restore_sigmask = false;
		set_current_blocked(current->saved_sigmask);
	}
}

/* Is there anything to do before user mode?  A reschedule, interrupt
 * work waiting for the big lock, a signal, a mask to restore, a stop. */
static inline bool exit_to_user_mode_work(struct task_struct *t)
{
	return this_cpu_read(need_resched) || this_cpu_read(irq_work) || signal_pending(t) ||
	       t->restore_sigmask || (t->jobctl & JOBCTL_STOP_PENDING);
}

/* The rare part of the way out, kept apart (with do_signal's big frame)
 * so that a return with nothing to do stays short: do the work until
 * none is left (at most 64 signal rounds). */
static noinline void exit_to_user_mode_loop(struct pt_regs *regs)
{
	for (int rounds = 0;; rounds++) {
		if (this_cpu_read(need_resched))
			schedule();
		if (this_cpu_read(irq_work)) {
			if (!kernel_locked())
				lock_kernel();
			irq_work_run();
		}
		if (signal_pending(current) || current->restore_sigmask ||
		    (current->jobctl & JOBCTL_STOP_PENDING)) {
			if (!kernel_locked())
				lock_kernel();
			do_signal(regs);
			if (rounds < 64)
				continue;
		}
		break;
	}
}

/*
 * The last C code before every return to user mode.  Returns nonzero if
 * the frame can be restored with sysretq (see entry.S).
 */
int exit_to_user_mode(struct pt_regs *regs)
{
	struct task_struct *t = current;
	if (unlikely(exit_to_user_mode_work(t)))
		exit_to_user_mode_loop(regs);
	/* The big lock stays in the kernel.  A signal or IPI that arrives
	 * from here on waits in the APIC (interrupts are off) and brings
	 * us straight back in after the return. */
	if (t->lock_depth >= 0)
		unlock_kernel_all();
	lockdep_sys_exit();
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

/*
 * The segments a frame may return to, checked where Linux would fault on
 * the way out (its iret with a bad selector gives SIGSEGV): code must be
 * the 64-bit user segment; a stack segment that is not the user data
 * segment is an error under UC_STRICT_RESTORE_SS (which the frames we
 * build carry) and is quietly replaced otherwise, as Linux's
 * force_valid_ss does for old programs.
 */
static bool valid_user_segments(const struct ucontext *uc)
{
	if ((uc->uc_mcontext.cs | 3) != __USER_CS)
		return false;
	return !(uc->uc_flags & UC_STRICT_RESTORE_SS) || (uc->uc_mcontext.ss | 3) == __USER_DS;
}

/* Puts back the registers saved in a frame (sigcontext and FPU state). */
static bool restore_sigcontext(struct pt_regs *regs, const struct sigcontext *sc)
{
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
			return false;
		fx.mxcsr &= 0xffbf;     /* reserved MXCSR bits would fault fxrstor */
		fxrstor(&fx);
	}
	return true;
}

long sys_rt_sigreturn(void)
{
	struct pt_regs *regs = task_pt_regs(current);
	struct rt_sigframe *frame = (struct rt_sigframe *)(regs->rsp - 8);
	struct ucontext uc;
	if (copy_from_user(&uc, &frame->uc, sizeof uc) || !valid_user_segments(&uc) ||
	    !restore_sigcontext(regs, &uc.uc_mcontext)) {
		force_sig(SIGSEGV);
		return 0;
	}
	current->restart_block.fn = NULL;       /* what was interrupted is over */
	set_current_blocked(uc.uc_sigmask);
	/* restore_altstack: the setting saved in the frame (an SS_AUTODISARM
	 * stack comes back); an error here is ignored, as Linux does */
	do_sigaltstack(&uc.uc_stack, NULL, regs->rsp);
	return regs->rax;
}
