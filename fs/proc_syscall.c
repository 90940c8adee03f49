/*
 * proc_syscall.c - what a task is doing, as Linux's fs/proc/base.c shows it:
 *
 *   /proc/PID/syscall  "nr arg1 ... arg6 sp pc" of the system call the
 *                      task is in (args in hex, as Linux), "-1 sp pc" if
 *                      it is in the kernel for another reason, "running"
 *                      if it runs (another task that is runnable: its
 *                      registers are not still)
 *   /proc/PID/wchan    the kernel function it sleeps in, or "0" when it
 *                      runs (itself, always)
 * Both are made at each read from offset 0, not at open: a task reading
 * its own syscall file sees the read.  Only a reader that may trace the
 * task (its user, or CAP_SYS_ADMIN) sees them: syscall says EPERM to
 * others, wchan "0".
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <pid.h>
#include <proc.h>
#include <ptrace.h>
#include <sched.h>
#include <switch_to.h>

/* Linux's ptrace_may_access for reading, as far as ushi's credentials go. */
static bool may_trace(struct task_struct *t)
{
	return t == current || capable() ||
	       (current->fsuid == t->uid && current->fsuid == t->euid && current->fsuid == t->suid);
}

int proc_pid_syscall(struct seq_buf *s, struct pid *pid)
{
	struct task_struct *t = pid_task(pid);
	if (!t)
		return -ESRCH;
	if (!may_trace(t))
		return -EPERM;
	if (t->exit_state) {
		seq_printf(s, "-1 0x0 0x0\n");  /* Linux: a zombie's stack is gone */
		return 0;
	}
	if (t != current && t->state == TASK_RUNNING) {
		seq_printf(s, "running\n");
		return 0;
	}
	struct pt_regs *r = task_pt_regs(t);
	if (!in_syscall(r)) {
		seq_printf(s, "-1 0x%lx 0x%lx\n", (unsigned long)r->rsp, (unsigned long)r->rip);
		return 0;
	}
	seq_printf(s, "%ld 0x%lx 0x%lx 0x%lx 0x%lx 0x%lx 0x%lx 0x%lx 0x%lx\n", (long)r->orig_rax,
		   (unsigned long)r->rdi, (unsigned long)r->rsi, (unsigned long)r->rdx,
		   (unsigned long)r->r10, (unsigned long)r->r8, (unsigned long)r->r9,
		   (unsigned long)r->rsp, (unsigned long)r->rip);
	return 0;
}

/* The scheduler's own functions, which every sleep passes through
 * (Linux's in_sched_functions, the .sched.text section). */
static bool in_sched_functions(const char *name)
{
	static const char *const names[] = {
		"__switch_to_asm", "context_switch", "schedule", "schedule_timeout_ns",
	};
	for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/* The first function outside the scheduler on sleeping t's kernel stack
 * (its saved frame, then the frame-pointer chain), or NULL. */
static const char *get_wchan(struct task_struct *t)
{
	if (t == current || t->state == TASK_RUNNING || t->exit_state || !t->thread.sp)
		return NULL;
	unsigned long lo = (unsigned long)t->stack, hi = lo + KSTACK_SIZE;
	struct inactive_task_frame *f = (struct inactive_task_frame *)t->thread.sp;
	unsigned long pc = f->ret_addr, bp = f->bp, off;
	for (int depth = 0; depth < 16; depth++) {
		const char *name = kallsyms_lookup(pc, &off);
		if (!name)
			return NULL;
		if (!in_sched_functions(name))
			return name;
		if (bp < lo || bp + 16 > hi || (bp & 7))
			return NULL;
		pc = ((unsigned long *)bp)[1];
		bp = ((unsigned long *)bp)[0];
	}
	return NULL;
}

int proc_pid_wchan(struct seq_buf *s, struct pid *pid)
{
	struct task_struct *t = pid_task(pid);
	if (!t)
		return -ESRCH;
	const char *name = may_trace(t) ? get_wchan(t) : NULL;
	seq_printf(s, "%s", name ? name : "0");
	return 0;
}
