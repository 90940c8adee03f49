/*
 * sched.c - the scheduler: one round-robin run queue shared by every
 * CPU, wait queues, completions, and the task switch.
 *
 * One queue, as xv6's one process table: any idle CPU takes the first
 * task allowed on it (task->cpus_allowed), so no balancing is needed and
 * a reader sees the whole policy in a page.  Its cost, one lock that
 * every CPU takes at each switch, does not show with a handful of CPUs
 * (Linux keeps a queue per CPU and migrates tasks between them).
 *
 * The kernel is not preemptible: a task gives its CPU away only by
 * calling schedule(), because it sleeps (its state is no longer
 * TASK_RUNNING) or because its time slice ran out or a wake-up asked
 * for the CPU (need_resched, checked on the way back to user mode).
 * Long kernel loops call cond_resched().  Each CPU has an idle task
 * that halts until an interrupt brings work.
 *
 * A task on the queue or running has on_rq set; it is on the queue's
 * list only while it waits for a CPU.  A task that sleeps clears on_rq
 * in schedule(); a waker sets it back and queues the task.  on_cpu says
 * a CPU is still on the task's stack: a CPU that picks a task another
 * CPU is just leaving waits for on_cpu to clear before it switches.
 */
#include <apic.h>
#include <asm.h>
#include <cpu.h>
#include <errno.h>
#include <fsgsbase.h>
#include <irq.h>
#include <kernel.h>
#include <mm.h>
#include <pid.h>
#include <sched.h>
#include <smp.h>
#include <smp_lock.h>
#include <spinlock.h>
#include <syscalls.h>
#include <time.h>
#include <tlbflush.h>
#include <uaccess.h>

static DEFINE_SPINLOCK(rq_lock);        /* protects runqueue and every task's on_rq,
					 * run_list and state changes by wakers */
static LIST_HEAD(runqueue);             /* runnable tasks waiting for a CPU */
unsigned long nr_context_switches;      /* atomic: every CPU counts its switches */
int nr_dying;                           /* atomic: dead tasks not yet switched away from */

static bool is_idle_task(const struct task_struct *t)
{
	return t->flags & PF_IDLE;
}

/* With rq_lock held: t waits for a CPU at the tail of the queue. */
static void enqueue_task(struct task_struct *t)
{
	if (list_empty(&t->run_list) && !is_idle_task(t))
		list_add_tail(&t->run_list, &runqueue);
}

/* With rq_lock held: the first queued task allowed on cpu, or its idle task. */
static struct task_struct *pick_next_task(int cpu)
{
	struct task_struct *t;
	list_for_each_entry(t, &runqueue, run_list) {
		if (cpumask_test_cpu(cpu, &t->cpus_allowed)) {
			list_del_init(&t->run_list);
			return t;
		}
	}
	return per_cpu(idle, cpu);
}

/* Is there queued work for cpu?  The idle loop asks before it halts. */
static bool runqueue_has_work(int cpu)
{
	bool found = false;
	struct task_struct *t;
	spin_lock(&rq_lock);
	list_for_each_entry(t, &runqueue, run_list) {
		if (cpumask_test_cpu(cpu, &t->cpus_allowed)) {
			found = true;
			break;
		}
	}
	spin_unlock(&rq_lock);
	return found;
}

/* Asks cpu to look at the queue soon: at once if it is another CPU. */
static void resched_cpu(int cpu)
{
	WRITE_ONCE(per_cpu(need_resched, cpu), true);
	if (cpu != smp_processor_id())
		smp_send_reschedule(cpu);
}

/*
 * With rq_lock held, t just became runnable: if a CPU it may run on is
 * idle, wake that CPU (t's last CPU first, its caches may still be
 * warm).  Otherwise t waits for some CPU's time slice to end.
 */
static void kick_idle_cpu(struct task_struct *t)
{
	if (nr_cpu_ids == 1)
		return;         /* this CPU's idle loop looks at the queue itself */
	int cpu = t->cpu;
	for (int i = 0; i < nr_cpu_ids; i++, cpu = cpu + 1 < nr_cpu_ids ? cpu + 1 : 0) {
		if (!cpu_online(cpu) || !cpumask_test_cpu(cpu, &t->cpus_allowed))
			continue;
		if (READ_ONCE(per_cpu(current_task, cpu)) == per_cpu(idle, cpu)) {
			resched_cpu(cpu);
			return;
		}
	}
}

/*
 * Switches address space, kernel stack, FPU registers, FS/GS selectors
 * and bases (process_64.c) and whether user rdtsc faults (CR4.TSD),
 * then the stacks themselves.  A task without an mm (an idle task, a
 * kernel thread) keeps the page table that is loaded (lazy TLB): the
 * first flush of that mm, or its death, makes the CPU leave it (mm/tlb.c).
 */
void context_switch(struct task_struct *prev, struct task_struct *next)
{
	if (unlikely(*(unsigned long *)prev->stack != STACK_END_MAGIC))
		panic("kernel stack overflow in pid %d (%s)", prev->pid, prev->comm);
	while (__atomic_load_n(&next->on_cpu, __ATOMIC_ACQUIRE))
		pause();                /* its last CPU is still on its stack */
	next->on_cpu = 1;
	next->cpu = smp_processor_id();
	switch_mm(prev->active_mm, next->mm, next);     /* mm/tlb.c: lazy when next has no mm */
	set_kernel_stack((unsigned long)next->stack + KSTACK_SIZE);
	fxsave(&prev->thread.fpu);
	fxrstor(&next->thread.fpu);
	save_fsgs(prev);
	x86_fsgsbase_load(prev, next);
	if (prev->thread.notsc != next->thread.notsc)
		write_cr4(read_cr4() ^ X86_CR4_TSD);
	__atomic_fetch_add(&nr_context_switches, 1, __ATOMIC_RELAXED);
	this_cpu_write(current_task, next);
	this_cpu_write(prev_task, prev);
	__switch_to_asm(&prev->thread.sp, next->thread.sp);
	finish_task_switch();
}

/*
 * Runs in the task we just switched to, on its stack: the task we left
 * may now run elsewhere (on_cpu cleared).  A task that died gave its CPU
 * away for the last time: its reference for "can still run" goes (and
 * with it, maybe, the task_struct).
 */
void finish_task_switch(void)
{
	struct task_struct *prev = this_cpu_read(prev_task);
	this_cpu_write(prev_task, NULL);
	if (!prev)
		return;
	if (prev->state != TASK_DEAD) {
		__atomic_store_n(&prev->on_cpu, 0, __ATOMIC_RELEASE);
		return;
	}
	/* Dead: its "can still run" reference goes before on_cpu clears, as
	 * release_task waits for on_cpu; if ours was the last (it reaped
	 * itself), nobody waits and the task is freed here. */
	if (__atomic_sub_fetch(&prev->usage, 1, __ATOMIC_ACQ_REL) == 0)
		free_task(prev);
	else
		__atomic_store_n(&prev->on_cpu, 0, __ATOMIC_RELEASE);
	__atomic_sub_fetch(&nr_dying, 1, __ATOMIC_SEQ_CST);
}

void schedule(void)
{
	struct task_struct *prev = current;
	int cpu = smp_processor_id();
	release_kernel_lock(prev);
	lockdep_assert_can_sleep(_RET_IP_);
	spin_lock(&rq_lock);
	this_cpu_write(need_resched, false);
	if (prev->state == TASK_RUNNING)
		enqueue_task(prev);
	else
		prev->on_rq = 0;
	struct task_struct *next = pick_next_task(cpu);
	spin_unlock(&rq_lock);
	if (next != prev) {
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
	reacquire_kernel_lock(prev);
}

/* Gives the CPU away if someone asked for it: long kernel loops call it. */
void cond_resched(void)
{
	if (this_cpu_read(need_resched))
		schedule();
}

/* Makes t runnable if its state has a bit of `state`; false if not. */
bool wake_up_state(struct task_struct *t, unsigned int state)
{
	spin_lock(&rq_lock);
	if (!(t->state & state)) {
		spin_unlock(&rq_lock);
		return false;
	}
	t->state = TASK_RUNNING;
	if (!t->on_rq) {
		t->on_rq = 1;
		enqueue_task(t);
		kick_idle_cpu(t);
	}
	spin_unlock(&rq_lock);
	return true;
}

/* Wakes an ordinary sleeper (not a stopped task: only SIGCONT does that). */
bool wake_up_process(struct task_struct *t)
{
	return wake_up_state(t, TASK_NORMAL);
}

void wake_up_new_task(struct task_struct *t)
{
	spin_lock(&rq_lock);
	t->state = TASK_RUNNING;
	t->on_rq = 1;
	enqueue_task(t);
	kick_idle_cpu(t);
	spin_unlock(&rq_lock);
}

/*
 * Makes a running task on another CPU notice something (a signal, a
 * kill) now rather than at its next tick: the IPI brings it into the
 * kernel, and its way back to user mode looks at its signals.
 */
void kick_process(struct task_struct *t)
{
	int cpu = READ_ONCE(t->cpu);
	if (cpu != smp_processor_id() && READ_ONCE(t->on_cpu) &&
	    READ_ONCE(per_cpu(current_task, cpu)) == t)
		smp_send_reschedule(cpu);
}

/*
 * Restricts t to mask (already checked to hold an online CPU).  A queued
 * task simply waits for an allowed CPU; a running one on a CPU it may no
 * longer use is asked to reschedule, and pick_next_task keeps it away.
 */
int set_cpus_allowed_ptr(struct task_struct *t, const cpumask_t *mask)
{
	cpumask_t online = cpu_online_mask();
	if (!(mask->bits & online.bits))
		return -EINVAL;
	spin_lock(&rq_lock);
	t->cpus_allowed = *mask;
	int cpu = t->cpu;
	bool move = READ_ONCE(t->on_cpu) && !cpumask_test_cpu(cpu, mask);
	if (t->on_rq && !list_empty(&t->run_list))
		kick_idle_cpu(t);
	spin_unlock(&rq_lock);
	if (move)
		resched_cpu(cpu);
	return 0;
}

/* Called by each CPU's timer interrupt: ends the running task's time slice. */
void scheduler_tick(void)
{
	struct task_struct *t = current;
	if (!is_idle_task(t) && --t->time_slice <= 0)
		this_cpu_write(need_resched, true);
}

/* The reschedule IPI: another CPU queued work for us or wants us to
 * look at current's signals; the way out of the interrupt does both. */
void scheduler_ipi(void)
{
	this_cpu_write(need_resched, true);
}

/* A new task starts here (entry.S ret_from_fork) before its first return
 * to user mode: it takes back the big lock its creator held, then
 * CLONE_CHILD_SETTID writes the tid into the child's memory. */
void schedule_tail(void)
{
	finish_task_switch();
	reacquire_kernel_lock(current);
	if (current->set_child_tid)
		put_user(task_pid_vnr(current), current->set_child_tid);
}

/*
 * Every CPU's idle task: halt until an interrupt brings work, run the
 * interrupts' deferred halves under the big lock, then schedule.  The
 * check and the halt are one step for interrupts (sti takes effect
 * after hlt starts), so a wake-up IPI cannot slip in between.
 */
void cpu_idle(void)
{
	int cpu = smp_processor_id();
	for (;;) {
		while (!this_cpu_read(need_resched) && !this_cpu_read(irq_work) &&
		       !runqueue_has_work(cpu))
			asm volatile("sti; hlt; cli" ::: "memory");
		if (this_cpu_read(irq_work)) {
			lock_kernel();
			irq_work_run();
			unlock_kernel();
		}
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

long sys_sched_yield(void)
{
	schedule();
	return 0;
}
