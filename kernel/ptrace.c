/*
 * ptrace.c - process tracing, ptrace(2): one task (the tracer) stops,
 * inspects and resumes another (the tracee), as debuggers and strace do.
 *
 * A tracee has PT_PTRACED in task->ptrace and its tracer in task->parent
 * (real_parent stays who forked it).  It stops only at points it reaches
 * itself - a signal about to be delivered (ptrace_signal, from
 * get_signal), a system call's entry and exit under PTRACE_SYSCALL
 * (ptrace_report_syscall_*, from do_syscall_64) - in ptrace_stop: state
 * TASK_TRACED, the stop's code in exit_code for the tracer's wait4, a
 * SIGCHLD to the tracer.  While it is stopped its registers sit in its
 * pt_regs and the tracer may read and change them and its memory; a
 * resuming request puts the signal to deliver (or 0) in exit_code and
 * wakes it.  Only SIGKILL ends a stop otherwise.
 *
 * Where ushi is smaller than Linux: a tracer can trace only its own
 * children (the group leaders its thread group forked; anything else is
 * EPERM), since wait4 finds tracees on the children lists; a thread other
 * than a group leader cannot be traced; the options are TRACESYSGOOD and
 * EXITKILL; PTRACE_POKE* write only into writable areas (Linux also breaks
 * COW into read-only text, FOLL_FORCE); ds, es, fs and gs read as 0 and
 * a selector written to them is checked as Linux does but not kept (ushi
 * keeps no per-task selectors and no LDT: user mode always runs with 0,
 * what Linux too ends up loading for a selector that names nothing).
 */
#include <asm.h>
#include <capability.h>
#include <errno.h>
#include <fsgsbase.h>
#include <kernel.h>
#include <mm.h>
#include <odf.h>
#include <pgtable.h>
#include <pid.h>
#include <ptrace.h>
#include <sched.h>
#include <syscalls.h>
#include <uaccess.h>
#include <uapi/misc.h>
#include <uapi/ptrace.h>

#define PTRACE_O_SUPPORTED (PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL)
#define PTRACE_O_MASK (0xff | PTRACE_O_EXITKILL | (1 << 21))

/* ---- permission and attaching --------------------------------------------------- */

/*
 * May the caller reach into t as ptrace would (Linux's ptrace_may_access
 * with PTRACE_MODE_REALCREDS, attach or read alike: no LSM)?  Its
 * own threads, yes; else its real ids must be all of t's ids and t
 * dumpable (PR_SET_DUMPABLE), or it has CAP_SYS_PTRACE.  pidfd_getfd
 * and kcmp ask it too.
 */
bool ptrace_may_access(struct task_struct *t)
{
	if (t->signal == current->signal)
		return true;
	bool ptrace_cap = cap_raised(current->cap_effective, CAP_SYS_PTRACE);
	uid_t u = current->uid;
	gid_t g = current->gid;
	if (!(u == t->uid && u == t->euid && u == t->suid && g == t->gid && g == t->egid &&
	      g == t->sgid) && !ptrace_cap)
		return false;
	return ptrace_cap || !t->mm || t->mm->dumpable == SUID_DUMP_USER;
}

/* Is task a process that current's thread group forked (ushi's limit)? */
static bool is_child_of_current(struct task_struct *task)
{
	return thread_group_leader(task) && task->real_parent &&
	       task->real_parent->signal == current->signal;
}

/* PTRACE_TRACEME: the parent becomes the tracer (EPERM if traced already). */
static long ptrace_traceme(void)
{
	if (current->ptrace || !thread_group_leader(current))
		return -EPERM;
	current->ptrace = PT_PTRACED;
	current->parent = current->real_parent;
	return 0;
}

/*
 * PTRACE_ATTACH and PTRACE_SEIZE, checked in Linux's order: EIO for
 * SEIZE's bad arguments, then EPERM (a kernel thread, our own group,
 * ptrace_may_access, an exiting or already traced task).  ATTACH sends
 * the tracee a SIGSTOP, whose delivery is its first stop; SEIZE does not
 * stop it.
 */
static long ptrace_attach(struct task_struct *task, long request, unsigned long addr,
			  unsigned long flags)
{
	unsigned int ptrace = PT_PTRACED;
	if (request == PTRACE_SEIZE) {
		if (addr || (flags & ~(unsigned long)PTRACE_O_MASK))
			return -EIO;
		if (flags & ~(unsigned long)PTRACE_O_SUPPORTED)
			return -EINVAL;
		ptrace |= PT_SEIZED | (flags << PT_OPT_FLAG_SHIFT);
	}
	if ((task->flags & PF_KTHREAD) || task->signal == current->signal)
		return -EPERM;
	if (!ptrace_may_access(task) || task->exit_state || (task->flags & PF_EXITING))
		return -EPERM;
	if (task->ptrace || !is_child_of_current(task))
		return -EPERM;
	task->ptrace = ptrace;
	task->parent = current;
	if (request == PTRACE_ATTACH)
		send_sig_info(SIGSTOP, NULL, task);
	return 0;
}

/*
 * Linux's ptrace_check_attach: -ESRCH unless current traces child and
 * (unless ignore_state) child is in a ptrace stop, where its registers
 * and memory hold still.
 */
static long ptrace_check_attach(struct task_struct *child, bool ignore_state)
{
	if (!child->ptrace || child->parent != current)
		return -ESRCH;
	if (!ignore_state && (!(child->jobctl & JOBCTL_TRACED) || child->exit_state))
		return -ESRCH;
	return 0;
}

/* Lets a stopped tracee run on; code is the signal it delivers (0: none). */
static void ptrace_wake(struct task_struct *child, int code)
{
	child->exit_code = code;
	if (child->jobctl & JOBCTL_TRACED) {
		child->jobctl &= ~JOBCTL_TRACED;
		wake_up_state(child, __TASK_TRACED);
	}
}

/* Linux's __ptrace_detach: the tracee is free again (resumed with sig if stopped). */
static void __ptrace_detach(struct task_struct *child, int sig)
{
	child->ptrace = 0;
	child->syscall_work = 0;
	child->parent = child->real_parent;
	task_pt_regs(child)->rflags &= ~X86_EFLAGS_TF;
	ptrace_wake(child, sig);
}

/*
 * The tracer is exiting (exit_notify): each task it traces is detached
 * and resumed, or killed if it asked for PTRACE_O_EXITKILL.  Its tracees
 * are children of its own thread group.
 */
void exit_ptrace(struct task_struct *tracer)
{
	struct task_struct *t, *p, *u;
	for_each_thread(tracer, t) {
		list_for_each_entry(p, &t->children, sibling) {
			for_each_thread(p, u) {
				if (!u->ptrace || u->parent != tracer)
					continue;
				if (u->ptrace & PT_EXITKILL)
					send_sig_info(SIGKILL, NULL, u);
				__ptrace_detach(u, 0);
			}
		}
	}
}

/* ---- stops: the tracee's side ----------------------------------------------------- */

/*
 * Tells the tracer that current stopped (Linux's do_notify_parent_cldstop
 * for the tracer): SIGCHLD with CLD_TRAPPED unless it ignores SIGCHLD or
 * set SA_NOCLDSTOP, and a wake-up for its wait4.
 */
static void ptrace_notify_tracer(int code)
{
	struct task_struct *tracer = current->parent;
	struct k_sigaction *ka = &tracer->sighand->action[SIGCHLD - 1];
	if (ka->handler != SIG_IGN && !(ka->flags & SA_NOCLDSTOP)) {
		siginfo_t info;
		memset(&info, 0, sizeof info);
		info.si_signo = SIGCHLD;
		info.si_code = CLD_TRAPPED;
		info._sifields.chld.pid = pid_nr_ns(task_tgid(current), task_active_pid_ns(tracer));
		info._sifields.chld.uid = current->uid;
		info._sifields.chld.status = code;
		do_send_sig_info(SIGCHLD, &info, tracer, true);
	}
	wake_up(&tracer->signal->wait_chldexit);
}

/*
 * Stops current for its tracer with code (what wait4 reports as the stop
 * signal) until the tracer resumes it or SIGKILL comes.  info is the
 * signal of a signal-delivery stop (GETSIGINFO), else NULL.  Returns the
 * signal the tracer gave back (0: none).
 */
static int ptrace_stop(int code, siginfo_t *info)
{
	if (!current->ptrace || fatal_signal_pending(current))
		return code;
	current->last_siginfo = info;
	current->exit_code = code;
	current->jobctl |= JOBCTL_TRACED;
	ptrace_notify_tracer(code);
	while ((current->jobctl & JOBCTL_TRACED) && !fatal_signal_pending(current)) {
		current->state = TASK_TRACED;
		schedule();
	}
	current->state = TASK_RUNNING;
	current->jobctl &= ~JOBCTL_TRACED;
	current->last_siginfo = NULL;
	code = current->exit_code;
	current->exit_code = 0;
	return code;
}

/*
 * A signal-delivery stop (get_signal calls this for every signal but
 * SIGKILL a traced task dequeues).  The tracer may cancel the signal
 * (0), or give another, which then looks sent by it; a blocked one is
 * queued again.  Returns the signal to act on, or 0.
 */
int ptrace_signal(int signr, siginfo_t *info)
{
	signr = ptrace_stop(signr, info);
	if (!signr)
		return 0;
	if (signr != info->si_signo) {
		memset(info, 0, sizeof *info);
		info->si_signo = signr;
		info->si_code = SI_USER;
		info->_sifields.kill.pid = task_tgid_vnr(current->parent);
		info->_sifields.kill.uid = current->parent->uid;
	}
	if (current->blocked & sigmask(signr)) {
		send_sig_info(signr, info, current);
		return 0;
	}
	return signr;
}

/* A syscall stop: SIGTRAP, | 0x80 with TRACESYSGOOD; a signal given back is sent. */
static void ptrace_report_syscall(void)
{
	int code = ptrace_stop(SIGTRAP | ((current->ptrace & PT_TRACESYSGOOD) ? 0x80 : 0), NULL);
	if (code)
		send_sig_info(code, NULL, current);
}

/*
 * Before a system call runs (do_syscall_64, when syscall_work is set):
 * the tracer may change orig_rax (the number) and the arguments.
 * Returns the number to run, -1 to run none (a fatal signal came).
 */
long ptrace_report_syscall_entry(struct pt_regs *regs)
{
	if (current->syscall_work & SYSCALL_WORK_SYSCALL_TRACE)
		ptrace_report_syscall();
	return fatal_signal_pending(current) ? -1 : (int)regs->orig_rax;
}

/* After it ran: the tracer may change rax, the result. */
void ptrace_report_syscall_exit(struct pt_regs *regs)
{
	(void)regs;
	if (current->syscall_work & SYSCALL_WORK_SYSCALL_TRACE)
		ptrace_report_syscall();
}

/* A successful execve of a task traced without SEIZE: a SIGTRAP, as Linux. */
void ptrace_event_exec(void)
{
	if ((current->ptrace & (PT_PTRACED | PT_SEIZED)) != PT_PTRACED)
		return;
	siginfo_t info;
	memset(&info, 0, sizeof info);
	info.si_signo = SIGTRAP;
	info.si_code = SI_USER;
	info._sifields.kill.pid = task_tgid_vnr(current);
	info._sifields.kill.uid = current->uid;
	send_sig_info(SIGTRAP, &info, current);
}

/* ---- the tracee's memory ------------------------------------------------------------ */

/* The PTE of addr once it allows the access, faulting it in as the
 * tracee would (a lost race with the tracee's own fault is retried), or
 * NULL.  mmap_lock held. */
static pte_t *ptrace_fault_in(struct vm_area_struct *vma, unsigned long addr, bool write)
{
	for (int tries = 0; tries < 3; tries++) {
		pte_t *pte = pte_walk(vma->vm_mm->pgd, addr, false);
		pte_t entry = pte ? READ_ONCE(*pte) : 0;
		/* the write goes through the direct map: a PTE table shared
		 * by on-demand fork must become the tracee's own first */
		if (pte_present(entry) && (!write || (pte_write(entry) &&
						     !odf_pmd_write_protected(vma->vm_mm, addr))))
			return pte;
		if (handle_mm_fault(vma, addr, write ? FAULT_FLAG_WRITE : 0))
			return NULL;
	}
	return NULL;
}

/*
 * Linux's access_process_vm for one word: copies len bytes between buf
 * (kernel memory: no user copy may be made under mmap_lock) and addr in
 * mm, faulting pages in as the tracee would (a write breaks COW first).
 * Areas the tracee could not read (or write) are refused.  Returns the
 * bytes copied.  The mm is held meanwhile: the tracee may be killed
 * while we wait for its mmap_lock.
 */
static int ptrace_access_vm(struct mm_struct *mm, unsigned long addr, void *buf, int len, bool write)
{
	int done = 0;
	mmget(mm);
	mmap_read_lock(mm);
	while (done < len) {
		struct vm_area_struct *vma = find_vma(mm, addr);
		if (!vma || vma->vm_start > addr || !(vma->vm_flags & (write ? VM_WRITE : VM_READ)))
			break;
		pte_t *pte = ptrace_fault_in(vma, addr, write);
		if (!pte)
			break;
		char *page = __va(READ_ONCE(*pte) & PTE_PFN_MASK);
		unsigned long off = addr & (PAGE_SIZE - 1);
		int n = MIN((int)(PAGE_SIZE - off), len - done);
		if (write)
			memcpy(page + off, (char *)buf + done, n);
		else
			memcpy((char *)buf + done, page + off, n);
		done += n;
		addr += n;
	}
	mmap_read_unlock(mm);
	mmput(mm);
	return done;
}

/* PEEKTEXT/PEEKDATA: the word at addr to *data; EIO if it cannot be read. */
static long ptrace_peekdata(struct task_struct *child, unsigned long addr, unsigned long data)
{
	unsigned long word;
	if (!child->mm || ptrace_access_vm(child->mm, addr, &word, sizeof word, false) != sizeof word)
		return -EIO;
	return put_user(word, (unsigned long *)data);
}

static long ptrace_pokedata(struct task_struct *child, unsigned long addr, unsigned long data)
{
	if (!child->mm || ptrace_access_vm(child->mm, addr, &data, sizeof data, true) != sizeof data)
		return -EIO;
	return 0;
}

/* ---- the tracee's registers (Linux's arch_ptrace) ---------------------------------- */

#define USER_REG(name) (offsetof(struct user_regs_struct, name) / 8)
/* The flags a tracer may set: CF PF AF ZF SF TF DF OF, RF and AC (Linux's FLAG_MASK). */
#define FLAG_MASK 0x50dd5UL

/*
 * The pt_regs word that holds user register i (struct user_regs_struct's
 * order); pt_regs has trapno between rdi and orig_rax.  NULL past ss.
 */
static u64 *pt_regs_word(struct task_struct *child, unsigned int i)
{
	u64 *w = (u64 *)task_pt_regs(child);
	if (i < USER_REG(orig_rax))
		return &w[i];
	if (i <= USER_REG(ss))
		return &w[i + 1];
	return NULL;
}

static u64 getreg(struct task_struct *child, unsigned int i)
{
	if (i == USER_REG(fs_base))
		return x86_fsbase_read_task(child);
	if (i == USER_REG(gs_base))
		return x86_gsbase_read_task(child);
	if (i == USER_REG(fs))
		return child->thread.fsindex;
	if (i == USER_REG(gs))
		return child->thread.gsindex;
	u64 *w = pt_regs_word(child, i);
	return w ? *w : 0;      /* ds, es: not kept, read as 0 */
}

static bool canonical(u64 v)
{
	return v < (1UL << 47) || v >= 0xffff800000000000UL;
}

/*
 * A selector poked into ds, es, fs or gs: null or of the user's privilege
 * (Linux's invalid_selector), else EIO.  fs and gs are kept, loaded when
 * the tracee next runs (one the CPU refuses loads as 0, process_64.c);
 * ds and es, which ushi does not switch, are accepted and dropped.
 */
static long set_segment_reg(struct task_struct *child, unsigned int i, u64 v)
{
	if (v && (v & 3) != 3)
		return -EIO;
	if (i == USER_REG(fs))
		child->thread.fsindex = v;
	else if (i == USER_REG(gs))
		child->thread.gsindex = v;
	return 0;
}

/* Sets user register i, refusing (EIO) what the tracee could not return to. */
static long putreg(struct task_struct *child, unsigned int i, u64 v)
{
	struct pt_regs *regs = task_pt_regs(child);
	if (i == USER_REG(fs_base) || i == USER_REG(gs_base)) {
		if (v >= TASK_SIZE_MAX)
			return -EIO;
		/* Only the base: with a nonzero selector it is lost at the next switch in, as Linux without FSGSBASE. */
		*(i == USER_REG(fs_base) ? &child->thread.fsbase : &child->thread.gsbase) = v;
		return 0;
	}
	if (i >= USER_REG(ds))
		return set_segment_reg(child, i, v);
	if (i == USER_REG(cs))
		return (v == __USER_CS) ? 0 : -EIO;
	if (i == USER_REG(ss))
		return (v == __USER_DS) ? 0 : -EIO;
	if (i == USER_REG(eflags)) {
		regs->rflags = (regs->rflags & ~FLAG_MASK) | (v & FLAG_MASK);
		return 0;
	}
	if (i == USER_REG(rip) && !canonical(v))
		return -EIO;
	*pt_regs_word(child, i) = v;
	return 0;
}

static long ptrace_getregs(struct task_struct *child, void *udata)
{
	struct user_regs_struct r;
	u64 *w = (u64 *)&r;
	for (unsigned int i = 0; i < sizeof r / 8; i++)
		w[i] = getreg(child, i);
	return copy_to_user(udata, &r, sizeof r) ? -EFAULT : 0;
}

/* SETREGS: each register in order; the first refused one ends it (EIO). */
static long ptrace_setregs(struct task_struct *child, const void *udata)
{
	struct user_regs_struct r;
	if (copy_from_user(&r, udata, sizeof r))
		return -EFAULT;
	u64 *w = (u64 *)&r;
	for (unsigned int i = 0; i < sizeof r / 8; i++) {
		long err = putreg(child, i, w[i]);
		if (err)
			return err;
	}
	return 0;
}

/*
 * PEEKUSER/POKEUSER: addr is an offset into struct user; its registers
 * come first.  Past them everything reads as 0 (the debug registers:
 * no hardware breakpoints) and writes are refused; misaligned or past
 * the end is EIO.
 */
static long ptrace_user(struct task_struct *child, long request, unsigned long addr,
			unsigned long data)
{
	if ((addr & 7) || addr >= USER_STRUCT_SIZE)
		return -EIO;
	bool reg = addr < sizeof(struct user_regs_struct);
	if (request == PTRACE_POKEUSR)
		return reg ? putreg(child, addr / 8, data) : -EIO;
	return put_user(reg ? getreg(child, addr / 8) : 0, (unsigned long *)data);
}

/* ---- requests -------------------------------------------------------------------------- */

/* CONT, SYSCALL, SINGLESTEP: data is the signal to deliver (EIO if not one). */
static long ptrace_resume(struct task_struct *child, long request, unsigned long data)
{
	if (data > _NSIG)
		return -EIO;
	if (request == PTRACE_SYSCALL)
		child->syscall_work |= SYSCALL_WORK_SYSCALL_TRACE;
	else
		child->syscall_work &= ~SYSCALL_WORK_SYSCALL_TRACE;
	if (request == PTRACE_SINGLESTEP)
		task_pt_regs(child)->rflags |= X86_EFLAGS_TF;
	else
		task_pt_regs(child)->rflags &= ~X86_EFLAGS_TF;
	ptrace_wake(child, data);
	return 0;
}

static long ptrace_setoptions(struct task_struct *child, unsigned long data)
{
	if (data & ~(unsigned long)PTRACE_O_MASK)
		return -EINVAL;
	if (data & ~(unsigned long)PTRACE_O_SUPPORTED)
		return -EINVAL;         /* ushi's: fork, exec... events are not reported */
	child->ptrace = (child->ptrace & (PT_PTRACED | PT_SEIZED)) | (data << PT_OPT_FLAG_SHIFT);
	return 0;
}

/* Linux's ptrace_request: the requests that are not about registers. */
static long ptrace_request(struct task_struct *child, long request, unsigned long addr,
			   unsigned long data)
{
	switch (request) {
	case PTRACE_PEEKTEXT:
	case PTRACE_PEEKDATA:
		return ptrace_peekdata(child, addr, data);
	case PTRACE_POKETEXT:
	case PTRACE_POKEDATA:
		return ptrace_pokedata(child, addr, data);
	case PTRACE_CONT:
	case PTRACE_SYSCALL:
	case PTRACE_SINGLESTEP:
		return ptrace_resume(child, request, data);
	case PTRACE_KILL:
		send_sig_info(SIGKILL, NULL, child);
		return 0;
	case PTRACE_DETACH:
		if (data > _NSIG)
			return -EIO;
		__ptrace_detach(child, data);
		return 0;
	case PTRACE_SETOPTIONS:
		return ptrace_setoptions(child, data);
	case PTRACE_GETSIGINFO:
		if (!child->last_siginfo)
			return -EINVAL;
		return copy_to_user((void *)data, child->last_siginfo, sizeof(siginfo_t)) ? -EFAULT : 0;
	}
	return -EIO;
}

/* Linux's arch_ptrace: the register requests, then the rest. */
static long arch_ptrace(struct task_struct *child, long request, unsigned long addr,
			unsigned long data)
{
	switch (request) {
	case PTRACE_PEEKUSR:
	case PTRACE_POKEUSR:
		return ptrace_user(child, request, addr, data);
	case PTRACE_GETREGS:
		return ptrace_getregs(child, (void *)data);
	case PTRACE_SETREGS:
		return ptrace_setregs(child, (const void *)data);
	}
	return ptrace_request(child, request, addr, data);
}

long sys_ptrace(long request, long pid, unsigned long addr, unsigned long data)
{
	if (request == PTRACE_TRACEME)
		return ptrace_traceme();
	struct task_struct *child = find_task_by_vpid(pid);
	if (!child)
		return -ESRCH;
	if (request == PTRACE_ATTACH || request == PTRACE_SEIZE)
		return ptrace_attach(child, request, addr, data);
	long ret = ptrace_check_attach(child, request == PTRACE_KILL);
	if (ret)
		return ret;
	return arch_ptrace(child, request, addr, data);
}
