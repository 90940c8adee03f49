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
	current->thread.cr2 = addr;
	current->thread.error_code = error;
	current->thread.trap_nr = 14;
	vm_events.segv++;
	trace_fault(TRACE_SEGV, addr, 0, 0, 0, 0);
	force_sig_fault(sig, code, addr);
}

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
	struct vm_area_struct *vma = mm ? find_vma(mm, addr) : NULL;
	if (!vma) {
		bad_area(regs, error, addr, SIGSEGV, SEGV_MAPERR);
		return;
	}
	if (vma->vm_start > addr) {
		if (!(vma->vm_flags & VM_GROWSDOWN) || expand_stack(vma, addr)) {
			bad_area(regs, error, addr, SIGSEGV, SEGV_MAPERR);
			return;
		}
	}
	if (access_error(error, vma)) {
		bad_area(regs, error, addr, SIGSEGV, SEGV_ACCERR);
		return;
	}
	unsigned int flags = (error & PF_WRITE ? FAULT_FLAG_WRITE : 0) |
			     (user_mode(regs) ? FAULT_FLAG_USER : 0) |
			     (error & PF_INSTR ? FAULT_FLAG_INSTRUCTION : 0);
	int fault = handle_mm_fault(vma, addr, flags);
	if (!fault)
		return;
	if (fault & VM_FAULT_OOM) {
		vm_events.oom++;
		if (!user_mode(regs)) {
			if (!fixup_exception(regs))
				die("out of memory in a kernel fault", regs);
			return;
		}
		/* Policy: no OOM killer; the process that needed the frame dies. */
		printk("ushi: out of memory: killing pid %d (%s)\n", current->tgid, current->comm);
		force_sig(SIGKILL);
		return;
	}
	if (fault & VM_FAULT_SIGBUS)
		bad_area(regs, error, addr, SIGBUS, BUS_ADRERR);
	else
		bad_area(regs, error, addr, SIGSEGV, SEGV_ACCERR);
}
