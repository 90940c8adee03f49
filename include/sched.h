/*
 * sched.h - tasks and what they share.
 *
 * One task_struct per thread.  What a thread uses lives in separate,
 * reference-counted objects, so that clone(2) can share or copy each one:
 *
 *   mm_struct       address space       CLONE_VM       (mm.h)
 *   fs_struct       root, cwd, umask    CLONE_FS       (fs.h)
 *   files_struct    fd table            CLONE_FILES    (fs.h)
 *   sighand_struct  signal handlers     CLONE_SIGHAND  (below)
 *   signal_struct   the thread group    CLONE_THREAD   (below)
 *   nsproxy         namespaces          CLONE_NEW*     (nsproxy.h)
 */
#ifndef USHI_SCHED_H
#define USHI_SCHED_H

#include <capability.h>
#include <cpumask.h>
#include <cpu.h>
#include <list.h>
#include <lockdep.h>
#include <percpu.h>
#include <ptrace.h>
#include <switch_to.h>
#include <types.h>
#include <uapi/misc.h>
#include <uapi/personality.h>
#include <uapi/signal.h>

struct mm_struct;
struct fs_struct;
struct files_struct;
struct nsproxy;
struct pid;
struct task_struct;

#define KSTACK_ORDER 2
#define KSTACK_SIZE (PAGE_SIZE << KSTACK_ORDER)
#define TASK_COMM_LEN 16
#define HZ 1000
#define TIMESLICE_TICKS 4

/* task->state: bits, as in Linux */
#define TASK_RUNNING 0
#define TASK_INTERRUPTIBLE 1
#define TASK_UNINTERRUPTIBLE 2
#define __TASK_STOPPED 4
#define TASK_DEAD 64
#define __TASK_TRACED 8
#define TASK_WAKEKILL 128
#define TASK_KILLABLE (TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)  /* only SIGKILL interrupts */
#define TASK_STOPPED (TASK_WAKEKILL | __TASK_STOPPED)
#define TASK_TRACED (TASK_WAKEKILL | __TASK_TRACED)    /* a ptrace stop: only SIGKILL or the tracer ends it */
#define TASK_NORMAL (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

/* task->exit_state */
#define EXIT_ZOMBIE 16
#define EXIT_DEAD 32

/* ---- wait queues --------------------------------------------------------- */

struct wait_queue_head {
	struct list_head head;
};

struct wait_queue_entry {
	struct task_struct *task;
	/* When set, wake_up calls it instead of waking task: an epoll item
	 * hears that its file may be ready.  It must leave the queue as is. */
	void (*func)(struct wait_queue_entry *w);
	struct list_head entry;
};

#define WAIT_QUEUE_HEAD_INIT(name) { LIST_HEAD_INIT((name).head) }
static inline void init_waitqueue_head(struct wait_queue_head *wq) { INIT_LIST_HEAD(&wq->head); }
static inline void init_wait(struct wait_queue_entry *w)
{
	w->task = NULL;
	w->func = NULL;
	INIT_LIST_HEAD(&w->entry);
}
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *w, long state);
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *w);
void wake_up(struct wait_queue_head *wq);
bool wake_up_process(struct task_struct *t);
bool wake_up_state(struct task_struct *t, unsigned int state);

/*
 * ___wait_event: sleep in `state` on wq until cond holds (0) or
 * interrupted() says a signal ends the wait (-ERESTARTSYS).  Whoever
 * makes cond true calls wake_up(wq).
 */
#define ___wait_event(wq, cond, state, interrupted) ({                       \
	long __ret = 0;                                                       \
	struct wait_queue_entry __w;                                          \
	init_wait(&__w);                                                      \
	for (;;) {                                                            \
		prepare_to_wait(&(wq), &__w, state);                          \
		if (cond)                                                     \
			break;                                                \
		if (interrupted(current)) {                                   \
			__ret = -ERESTARTSYS;                                 \
			break;                                                \
		}                                                             \
		schedule();                                                   \
	}                                                                     \
	finish_wait(&(wq), &__w);                                             \
	__ret;                                                                \
})

/* Any signal ends the wait. */
#define wait_event_interruptible(wq, cond) \
	___wait_event(wq, cond, TASK_INTERRUPTIBLE, signal_pending)

/* Only a fatal signal (SIGKILL) ends the wait. */
#define wait_event_killable(wq, cond) \
	___wait_event(wq, cond, TASK_KILLABLE, fatal_signal_pending)

/* A one-shot event, as Linux's struct completion (vfork uses one). */
struct completion {
	bool done;
	struct wait_queue_head wait;
};

/* ---- signals --------------------------------------------------------------- */

struct ucounts;
struct sigqueue {
	struct list_head list;
	siginfo_t info;
	struct ucounts *ucounts;        /* counted there for RLIMIT_SIGPENDING (kernel/ucount.c) */
};

/* Signals waiting for delivery: a bit per signal and their siginfo. */
struct sigpending {
	sigset_t signal;
	struct list_head list;          /* struct sigqueue, oldest first */
};

/* The handler table; CLONE_SIGHAND shares it between tasks. */
struct sighand_struct {
	int count;
	struct k_sigaction action[_NSIG];
};

#define SIGNAL_STOP_STOPPED 0x01        /* the group is stopped (job control) */
#define SIGNAL_STOP_CONTINUED 0x02      /* continued, not yet reported to wait */
#define SIGNAL_GROUP_EXIT 0x04          /* exit_group or a fatal signal is under way */
#define SIGNAL_UNKILLABLE 0x08          /* an init: only SIGKILL from outside kills it */
#define SIGNAL_STOP_DEQUEUED 0x10

/*
 * What a thread group (a process) shares: CLONE_THREAD children point
 * at their creator's.  The last thread out turns the group leader into
 * the zombie that the parent reaps.
 */
struct signal_struct {
	int sigcnt;                     /* references: one per thread + zombie leader */
	int live;                       /* threads that have not yet exited */
	int nr_threads;
	struct list_head thread_head;   /* task->thread_node of every thread */
	struct wait_queue_head wait_chldexit;   /* wait4 sleeps here */
	struct task_struct *curr_target;
	struct sigpending shared_pending;       /* process-directed signals */
	int group_exit_code;
	unsigned int flags;
	int group_stop_count;
	int group_exit_task_waiting;    /* exec waits for the other threads to die */
	struct task_struct *group_exec_task;
	struct pid *pids_pgid, *pids_sid;       /* process group and session */
	struct rlimit64 rlim[RLIM_NLIMITS];
	u64 cutime, cstime;             /* reaped children's times, ns */
	unsigned long cmin_flt, cmaj_flt;
	int stop_code;                  /* the signal that stopped the group */
	bool is_child_reaper;
	bool is_child_subreaper;        /* prctl(PR_SET_CHILD_SUBREAPER): orphans below come here */
	bool has_child_subreaper;       /* some ancestor is a subreaper (inherited by fork) */
};

/*
 * A timed sleep that a stop (or a signal without a handler) interrupted:
 * restart_syscall(2) calls fn to go on sleeping towards the same deadline
 * (signal.c; nanosleep in time.c, futex waits in futex.c).
 */
struct restart_block {
	long (*fn)(struct restart_block *rb);
	u64 deadline;                   /* ktime_get_ns() at which the sleep ends */
	void *uaddr;                    /* the futex word, or nanosleep's remainder */
	u32 val, bitset;                /* futex: expected value, wake mask */
	bool private;
};

/* ---- the task ------------------------------------------------------------------ */

struct thread_struct {
	unsigned long sp;               /* while not running: its inactive_task_frame (switch_to.h) */
	unsigned long fsbase, gsbase;   /* what arch_prctl set (process_64.c) */
	unsigned short fsindex, gsindex;        /* the user's selectors, saved at a switch */
	unsigned long cr2, trap_nr, error_code;         /* the last fault, for sigcontext */
	bool notsc;                     /* PR_SET_TSC: user rdtsc faults (CR4.TSD while it runs) */
	struct fxregs_state fpu;
};

struct task_struct {
	struct thread_struct thread;
	/* scheduling: state is written by the task itself and by wakers
	 * under rq_lock; on_rq, run_list, cpu and cpus_allowed under rq_lock
	 * (kernel/sched.c); on_cpu by the CPU that switches to and from it */
	volatile long state;
	int on_rq;
	int on_cpu;                     /* a CPU is running it (or still on its stack) */
	int cpu;                        /* the CPU it last ran on (/proc/PID/stat field 39) */
	cpumask_t cpus_allowed;         /* sched_setaffinity: where it may run */
	int lock_depth;                 /* the big kernel lock: -1 not held, else nesting - 1 */
	int time_slice;
	int policy;                     /* SCHED_*: kept and reported (kernel/sched_policy.c) */
	unsigned int rt_priority;       /* 1-99 under SCHED_FIFO/RR, else 0 */
	bool sched_reset_on_fork;
	struct list_head run_list;
	u64 wake_at_ns;                 /* nonzero: a timed sleep ends then */
	struct list_head timer_list;
	void *stack;                    /* KSTACK_SIZE bytes; pt_regs at the top */
	unsigned int flags;             /* PF_* */
	int usage;                      /* references: until reaped, and while it can run */

	/* identity */
	pid_t pid, tgid;                /* numbers in the initial pid namespace */
	struct pid *thread_pid;
	char comm[TASK_COMM_LEN];
	uid_t uid, euid, suid, fsuid;
	gid_t gid, egid, sgid, fsgid;
	kernel_cap_t cap_effective, cap_permitted, cap_inheritable, cap_bset;   /* kernel/capability.c */
	unsigned int securebits;        /* SECBIT_*: kept and reported, not yet acted on */

	/* family: real_parent is who created us (or adopted us); children are
	 * the thread-group leaders we created; threads are on signal->thread_head */
	struct task_struct *real_parent, *parent;
	struct task_struct *group_leader;
	struct list_head children, sibling;
	struct list_head thread_node;
	struct list_head tasks;         /* every thread-group leader, on init_task.tasks */
	int exit_signal;                /* sent to the parent at exit; -1 for threads */
	int exit_state, exit_code;
	int pdeath_signal;
	unsigned int personality;       /* kernel/exec_domain.c */
	u64 timer_slack_ns, default_timer_slack_ns;     /* prctl(PR_SET_TIMERSLACK) */

	/* what we use (shared or private, see the top of this file) */
	struct mm_struct *mm, *active_mm;
	struct fs_struct *fs;
	struct files_struct *files;
	struct sighand_struct *sighand;
	struct signal_struct *signal;
	struct nsproxy *nsproxy;

	/* signals */
	sigset_t blocked, real_blocked, saved_sigmask;
	bool restore_sigmask;
	struct sigpending pending;      /* thread-directed signals */
	unsigned long sas_ss_sp;
	size_t sas_ss_size;
	unsigned int sas_ss_flags;
	unsigned int jobctl;
	struct restart_block restart_block;

	/* ptrace (kernel/ptrace.c): parent is the tracer while ptrace is nonzero */
	unsigned int ptrace;            /* PT_* */
	unsigned int syscall_work;      /* SYSCALL_WORK_*: stops around each system call */
	siginfo_t *last_siginfo;        /* the signal of a signal-delivery stop, for GETSIGINFO */

	/* clone(2) bookkeeping */
	int *set_child_tid, *clear_child_tid;
	void *robust_list;              /* set_robust_list's head, walked at exit (kernel/futex_robust.c) */
	struct completion *vfork_done;
	int in_vfork_wait;

	/* accounting */
	u64 utime, stime, start_time, last_switch_ns;
	unsigned long min_flt, maj_flt, nvcsw, nivcsw;

#ifdef USHI_DEBUG
	struct lockdep_task lockdep;    /* the locks it holds, for the validator (lockdep.h) */
#endif
};

/* task->flags */
#define PF_IDLE 0x00000002               /* a CPU's idle task: never queued */
#define PF_EXITING 0x00000004
#define PF_KTHREAD 0x00200000
#define PF_FORKNOEXEC 0x00000040
#define PF_NPROC_EXCEEDED 0x00001000    /* set*uid joined a user over RLIMIT_NPROC: execve checks */

/* task->jobctl */
#define JOBCTL_STOP_PENDING 0x1
#define JOBCTL_STOP_CONSUME 0x2
#define JOBCTL_TRACED 0x4               /* in a ptrace stop (TASK_TRACED) */

extern struct task_struct init_task;    /* the idle task; its list heads every process */
extern int nr_threads, max_threads;
extern int nr_dying;                    /* dead tasks still on their CPU (kernel/sched.c) */
unsigned long nr_tasks_of_user(uid_t uid);

/* The lowest word of every kernel stack; overwritten means the stack overflowed. */
#define STACK_END_MAGIC 0x57ac6e9d57ac6e9dUL

static inline struct pt_regs *task_pt_regs(struct task_struct *t)
{
	return (struct pt_regs *)((char *)t->stack + KSTACK_SIZE) - 1;
}

static inline bool thread_group_leader(struct task_struct *t)
{
	return t->group_leader == t;
}

static inline bool thread_group_empty(struct task_struct *t)
{
	return t->signal->nr_threads == 1;
}

#define for_each_process(p) list_for_each_entry(p, &init_task.tasks, tasks)
#define for_each_thread(leader, t) \
	list_for_each_entry(t, &(leader)->signal->thread_head, thread_node)

/* kernel/sched.c */
void sched_init(void);
void schedule(void);
void wake_up_new_task(struct task_struct *t);
void scheduler_tick(void);
void scheduler_ipi(void);               /* RESCHEDULE_VECTOR's handler */
void cond_resched(void);                /* schedule() if this CPU was asked to */
void kick_process(struct task_struct *t);       /* make it look at its signals now */
void __noreturn cpu_idle(void);
void context_switch(struct task_struct *prev, struct task_struct *next);
/* fork: a child of a SCHED_RESET_ON_FORK task starts as SCHED_NORMAL (kernel/sched_policy.c). */
void sched_fork(struct task_struct *p);
long schedule_timeout_ns(u64 deadline_ns);  /* sleeps until then or woken; state set by caller */
void init_completion(struct completion *c);
void complete(struct completion *c);

/* kernel/signal.c (minimal set needed everywhere) */
/* A signal t does not block is pending (inline: every return to user
 * mode asks). */
static inline bool signal_pending(struct task_struct *t)
{
	return ((t->pending.signal | t->signal->shared_pending.signal) & ~t->blocked) != 0;
}
bool fatal_signal_pending(struct task_struct *t);
int send_sig_info(int sig, siginfo_t *info, struct task_struct *t);
int force_sig_fault(int sig, int code, unsigned long addr);
void force_sig(int sig);
int do_send_sig_info(int sig, siginfo_t *info, struct task_struct *t, bool group);
int exit_to_user_mode(struct pt_regs *regs);
struct sighand_struct *sighand_alloc(void);
void __cleanup_sighand(struct sighand_struct *sh);
void flush_signal_handlers(struct task_struct *t, bool force_default);
void flush_sigqueue(struct sigpending *p);
void init_sigpending(struct sigpending *p);
int zap_other_threads(struct task_struct *t);
bool do_notify_parent(struct task_struct *t, int sig);
void signal_wake_up(struct task_struct *t, bool fatal);
void do_notify_parent_cldstop(struct task_struct *t, int why);

/* kernel/fork.c, exit.c */
struct kernel_clone_args {
	u64 flags;
	int *pidfd;
	int *child_tid;
	int *parent_tid;
	int exit_signal;
	unsigned long stack, stack_size, tls;
	int set_tid[32];
	int set_tid_size;
	bool kthread;                   /* start in fn(), not in user mode */
	int (*fn)(void);
};
long kernel_clone(struct kernel_clone_args *args);
void put_task_struct(struct task_struct *t);
/* Restricts t to the CPUs in mask (sched_setaffinity): if t runs or is
 * queued where it may no longer run, it moves.  -EINVAL if mask has no
 * online CPU. */
int set_cpus_allowed_ptr(struct task_struct *t, const cpumask_t *mask);
static inline void get_task_struct(struct task_struct *t)
{
	__atomic_fetch_add(&t->usage, 1, __ATOMIC_RELAXED);
}

/* Sets current's state with a full barrier, so that a later test of the
 * sleep's condition cannot be ordered before it (a waker on another CPU
 * changes the condition, then the state). */
#define set_current_state(s) __atomic_store_n(&current->state, (s), __ATOMIC_SEQ_CST)
#define __set_current_state(s) WRITE_ONCE(current->state, (s))
void finish_task_switch(void);
extern int max_threads;
void __noreturn do_exit(long code);
void __noreturn do_group_exit(int exit_code);
void release_task(struct task_struct *t);
void mm_release(struct task_struct *t, struct mm_struct *mm);
void free_task(struct task_struct *t);
int alloc_task_stack(struct task_struct *t);    /* a kernel stack with its canary */
void __put_signal(struct signal_struct *sig);
void fork_init(void);
struct task_struct *kernel_thread(int (*fn)(void));
void schedule_tail(void);               /* a new task's first C code, from entry.S */

/* kernel/sys.c */
void init_rlimits(struct rlimit64 *r);

/* kernel/exec.c */
long kernel_execve(const char *path, const char *const *argv, const char *const *envp);

static inline uid_t current_cred_euid(void) { return current->euid; }
/* The privilege check: CAP_SYS_ADMIN in the effective set, which set*uid
 * keeps equal to "the effective uid is 0" unless capset dropped it. */
/* kernel/ptrace.c: ptrace's permission to reach into t (pidfd_getfd, kcmp). */
bool ptrace_may_access(struct task_struct *t);

static inline bool capable(void) { return cap_raised(current->cap_effective, CAP_SYS_ADMIN); }

#endif
