/*
 * sched.c - the scheduler: a round-robin queue of runnable tasks, wait
 * queues, completions, and the task switch.
 *
 * The kernel never runs with interrupts enabled, so nothing here needs a
 * lock: a task gives the CPU away only by calling schedule(), either
 * because it sleeps (its state is no longer TASK_RUNNING) or because its
 * time slice ran out (need_resched, checked on the way back to user
 * mode).  The idle task (init_task, pid 0) runs when the queue is empty
 * and halts the CPU until an interrupt makes some task runnable.
 */
#include <asm.h>
#include <cpu.h>
#include <errno.h>
#include <fsgsbase.h>
#include <kernel.h>
#include <mm.h>
#include <pid.h>
#include <sched.h>
#include <syscalls.h>
#include <time.h>
#include <uaccess.h>

bool need_resched;
static LIST_HEAD(runqueue);     /* runnable tasks other than current */
static struct task_struct *switch_prev;  /* the task the last switch left */
unsigned long nr_context_switches;

static void enqueue_task(struct task_struct *t)
{
	if (!t->on_rq && t != &init_task) {
		list_add_tail(&t->run_list, &runqueue);
		t->on_rq = 1;
	}
}

static struct task_struct *pick_next_task(void)
{
	if (list_empty(&runqueue))
		return &init_task;
	struct task_struct *t = list_first_entry(&runqueue, struct task_struct, run_list);
	list_del_init(&t->run_list);
	t->on_rq = 0;
	return t;
}

/*
 * Switches address space, kernel stack, FPU registers, FS/GS selectors
 * and bases (process_64.c) and
 * whether user rdtsc faults (CR4.TSD), then the stacks themselves.  A task without an mm (the idle task)
 * borrows the previous page tables (Linux's "lazy TLB" active_mm).
 */
void context_switch(struct task_struct *prev, struct task_struct *next)
{
	if (unlikely(*(unsigned long *)prev->stack != STACK_END_MAGIC))
		panic("kernel stack overflow in pid %d (%s)", prev->pid, prev->comm);
	struct mm_struct *mm = next->mm ? next->mm : prev->active_mm;
	if (mm && mm != prev->active_mm)
		write_cr3(__pa(mm->pgd));
	next->active_mm = mm;
	set_kernel_stack((unsigned long)next->stack + KSTACK_SIZE);
	fxsave(&prev->thread.fpu);
	fxrstor(&next->thread.fpu);
	save_fsgs(prev);
	x86_fsgsbase_load(prev, next);
	if (prev->thread.notsc != next->thread.notsc)
		write_cr4(read_cr4() ^ X86_CR4_TSD);
	nr_context_switches++;
	this_cpu_write(current_task, next);
	switch_prev = prev;
	__switch_to_asm(&prev->thread.sp, next->thread.sp);
	finish_task_switch();
}

/*
 * Runs in the task we just switched to.  A task that died gave the CPU
 * away for the last time: now that we are off its stack, its reference
 * for "can still run" goes (and with it, maybe, the task_struct).
 */
void finish_task_switch(void)
{
	struct task_struct *prev = switch_prev;
	switch_prev = NULL;
	if (prev && prev->state == TASK_DEAD)
		put_task_struct(prev);
}

void schedule(void)
{
	lockdep_assert_can_sleep(_RET_IP_);
	struct task_struct *prev = current;
	need_resched = false;
	if (prev->state == TASK_RUNNING)
		enqueue_task(prev);
	struct task_struct *next = pick_next_task();
	if (next == prev)
		return;
	u64 now = ktime_get_ns();
	prev->utime += now - prev->last_switch_ns;
	next->last_switch_ns = now;
	if (prev->state == TASK_RUNNING)
		prev->nivcsw++;
	else
		prev->nvcsw++;
	next->time_slice = TIMESLICE_TICKS;
	context_switch(prev, next);
}

/* Makes t runnable if its state has a bit of `state`; false if not. */
bool wake_up_state(struct task_struct *t, unsigned int state)
{
	if (!(t->state & state))
		return false;
	t->state = TASK_RUNNING;
	if (t != current)
		enqueue_task(t);
	return true;
}

/* Wakes an ordinary sleeper (not a stopped task: only SIGCONT does that). */
bool wake_up_process(struct task_struct *t)
{
	return wake_up_state(t, TASK_NORMAL);
}

void wake_up_new_task(struct task_struct *t)
{
	t->state = TASK_RUNNING;
	enqueue_task(t);
}

/* Called by the timer interrupt: ends the running task's time slice. */
void scheduler_tick(void)
{
	if (current != &init_task && --current->time_slice <= 0)
		need_resched = true;
}

/* A new task starts here (entry.S ret_from_fork) before its first return
 * to user mode: CLONE_CHILD_SETTID writes the tid into the child's memory. */
void schedule_tail(void)
{
	finish_task_switch();
	if (current->set_child_tid)
		put_user(task_pid_vnr(current), current->set_child_tid);
}

/* The idle task: halt until an interrupt queues work, then run it. */
void cpu_idle(void)
{
	for (;;) {
		while (list_empty(&runqueue))
			asm volatile("sti; hlt; cli" ::: "memory");
		schedule();
	}
}

/* Sleeps (state already set by the caller) until woken or deadline. */
long schedule_timeout_ns(u64 deadline_ns)
{
	timer_add(current, deadline_ns);
	schedule();
	if (current->wake_at_ns)
		timer_del(current);
	return 0;
}

/* ---- wait queues and completions -------------------------------------------- */

void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *w, long state)
{
	w->task = current;
	if (list_empty(&w->entry))
		list_add_tail(&w->entry, &wq->head);
	current->state = state;
}

void finish_wait(struct wait_queue_head *wq __unused, struct wait_queue_entry *w)
{
	current->state = TASK_RUNNING;
	list_del_init(&w->entry);
}

void wake_up(struct wait_queue_head *wq)
{
	struct wait_queue_entry *w;
	list_for_each_entry(w, &wq->head, entry) {
		if (w->func)
			w->func(w);
		else
			wake_up_process(w->task);
	}
}

void init_completion(struct completion *c)
{
	c->done = false;
	init_waitqueue_head(&c->wait);
}

void complete(struct completion *c)
{
	c->done = true;
	wake_up(&c->wait);
}

int set_cpus_allowed_ptr(struct task_struct *t, const cpumask_t *mask)
{
	t->cpus_allowed = *mask;
	return 0;
}

long sys_sched_yield(void)
{
	schedule();
	return 0;
}
