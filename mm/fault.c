/*
 * fault.c - the page-fault exception (vector 14): decide what the fault
 * means and who pays for it.
 *
 * The CPU gives the address in CR2 and an error code (bit 0: the page
 * was present, so it was a protection fault; bit 1: a write; bit 2: in
 * user mode; bit 4: an instruction fetch).  A user address inside an
 * area that allows the access goes to handle_mm_fault (memory.c).
 * Everything else is an error: in user mode the thread gets SIGSEGV (or
 * SIGBUS past the end of a mapped file, SIGKILL when memory ran out); in
 * kernel mode a user-memory copy resumes at its fix-up (-EFAULT), and
 * anything else is a kernel bug, which panics with a full report.
 */
#include <asm.h>
#include <kernel.h>
#include <mm.h>
#include <ptrace.h>
#include <sched.h>
#include <smp_lock.h>
#include <trace.h>
#include <traps.h>
#include <uaccess.h>

#define PF_PROT (1 << 0)
#define PF_WRITE (1 << 1)
#define PF_USER (1 << 2)
#define PF_RSVD (1 << 3)
#define PF_INSTR (1 << 4)


static bool access_error(unsigned long error, struct vm_area_struct *vma)
{
	if (error & PF_WRITE)
		return !(vma->vm_flags & VM_WRITE);
	if (error & PF_INSTR)
		return !(vma->vm_flags & VM_EXEC);
	return !(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC));
}

/* The fault could not be resolved: signal the user, or fix up / die in the kernel. */
static void bad_area(struct pt_regs *regs, unsigned long error, unsigned long addr, int sig,
		     int code)
{
	if (!user_mode(regs)) {
		if (fixup_exception(regs))
			return;
		die("page fault", regs);
	}
	/* Signals are the big kernel lock's (exit_to_user_mode drops it);
	 * mmap_lock is not held here. */
	lock_kernel();
	current->thread.cr2 = addr;
	current->thread.error_code = error;
	current->thread.trap_nr = 14;
	count_vm_event(segv);
	trace_fault(TRACE_SEGV, addr, 0, 0, 0, 0);
	force_sig_fault(sig, code, addr);
}

/*
 * The part under mmap_lock (read): find the area, grow a stack, resolve
 * the fault.  Returns 0 (resolved, or to be retried by the access), a
 * VM_FAULT_* code, or VM_FAULT_SIGSEGV with *code the si_code.
 */
static int __do_page_fault(struct pt_regs *regs, struct mm_struct *mm, unsigned long error,
			   unsigned long addr, int *code)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	*code = SEGV_MAPERR;
	if (!vma)
		return VM_FAULT_SIGSEGV;
	if (vma->vm_start > addr) {
		if (!(vma->vm_flags & VM_GROWSDOWN) || expand_stack(vma, addr))
			return VM_FAULT_SIGSEGV;
	}
	*code = SEGV_ACCERR;
	if (access_error(error, vma))
		return VM_FAULT_SIGSEGV;
	unsigned int flags = (error & PF_WRITE ? FAULT_FLAG_WRITE : 0) |
			     (user_mode(regs) ? FAULT_FLAG_USER : 0) |
			     (error & PF_INSTR ? FAULT_FLAG_INSTRUCTION : 0);
	return handle_mm_fault(vma, addr, flags);
}

/*
 * From user mode this runs without the big kernel lock (do_trap does
 * not take it for vector 14), so faults of different processes - and
 * of threads of one - proceed in parallel: the areas are held by
 * mmap_lock (read), page-table changes by page_table_lock, frames by
 * their atomic counts, the allocator and the files' pages by their own
 * locks.  A user copy's fault in a system call comes here with the big
 * kernel lock already held, which is fine: it is taken before mmap_lock.
 * Only a failed fault takes the big lock, for its signal, after
 * mmap_lock is dropped.
 */
void do_page_fault(struct pt_regs *regs)
{
	unsigned long addr = read_cr2(), error = regs->orig_rax;
	struct mm_struct *mm = current->mm;
	if (error & PF_RSVD)
		die("page fault with a reserved bit set", regs);
	if (addr >= TASK_SIZE_MAX) {
		bad_area(regs, error, addr, SIGSEGV, SEGV_MAPERR);
		return;
	}
	/* The kernel may touch user memory only inside a uaccess routine. */
	if (!user_mode(regs) && !search_exception_tables(regs->rip))
		die("kernel access to user memory outside uaccess", regs);
	if (!mm) {
		bad_area(regs, error, addr, SIGSEGV, SEGV_MAPERR);
		return;
	}
	int code;
	mmap_read_lock(mm);
	int fault = __do_page_fault(regs, mm, error, addr, &code);
	mmap_read_unlock(mm);
	if (!fault)
		return;
	if (fault & VM_FAULT_OOM) {
		count_vm_event(oom);
		if (!user_mode(regs)) {
			if (!fixup_exception(regs))
				die("out of memory in a kernel fault", regs);
			return;
		}
		/* Policy: no OOM killer; the process that needed the frame dies. */
		lock_kernel();          /* for the signal, as bad_area */
		printk("ushi: out of memory: killing pid %d (%s)\n", current->tgid, current->comm);
		force_sig(SIGKILL);
		return;
	}
	if (fault & VM_FAULT_SIGBUS)
		bad_area(regs, error, addr, SIGBUS, BUS_ADRERR);
	else
		bad_area(regs, error, addr, SIGSEGV, code);
}
