/*
 * fork.c - creating tasks: fork, vfork, clone and clone3 all end in
 * kernel_clone(), which calls copy_process().
 *
 * copy_process() first checks the flags, one rule at a time and in
 * Linux's order (the order decides which errno a bad combination gets),
 * then builds the child step by step.  For each shareable object the
 * flag decides: take a reference (share) or make a copy.  A step that
 * fails jumps to the label that undoes the step before it, and falls
 * through the labels of all earlier ones (Linux's bad_fork_* ladder):
 *
 *   step             flag           with it, or without      undone at
 *   copy_files       CLONE_FILES    shared, or dup_fd        bad_fork_cleanup_files
 *   copy_fs          CLONE_FS       shared, or a copy        bad_fork_cleanup_fs
 *   copy_sighand     CLONE_SIGHAND  shared, or a copy        bad_fork_cleanup_sighand
 *   copy_signal      CLONE_THREAD   joined, or a new group   bad_fork_cleanup_signal
 *   copy_mm          CLONE_VM       shared, or dup_mm (COW)  bad_fork_cleanup_mm
 *   copy_namespaces  CLONE_NEW*     new ones, or shared      bad_fork_cleanup_namespaces
 *   copy_thread      CLONE_SETTLS   registers, first frame   bad_fork_cleanup_thread
 *   alloc_pid        set_tid        chosen pid, or next one  bad_fork_free_pid
 *   pidfd_create     CLONE_PIDFD    an fd and its file       bad_fork_put_pidfd
 *
 * then links the child into its family (link_task).  dup_mm copies the
 * address space: dup_mmap copies each area and copy_page_range
 * (mm/memory.c) shares its frames copy-on-write.  kernel_clone() starts
 * the child and, for CLONE_VFORK, waits until it execs or exits.
 */
#include <errno.h>
#include <fs.h>
#include <fsgsbase.h>
#include <kernel.h>
#include <mm.h>
#include <odf.h>
#include <nsproxy.h>
#include <pid.h>
#include <sched.h>
#include <signal.h>
#include <switch_to.h>
#include <syscalls.h>
#include <time.h>
#include <tlbflush.h>
#include <trace.h>
#include <uaccess.h>
#include <uapi/sched.h>

int nr_threads;
int max_threads;                /* kernel.threads-max, set by fork_init from the RAM size */

#define MIN_THREADS 20
#define MAX_THREADS 0x3fffffff  /* FUTEX_TID_MASK: a tid must fit a robust futex word */

/*
 * Linux's set_max_threads: kernel stacks may take at most an eighth of
 * RAM, so threads-max is RAM / (8 * THREAD_SIZE).  QEMU's -m 256M leaves
 * 239 MiB: about 1900 threads; init's RLIMIT_NPROC is half (init_rlimits).
 */
void fork_init(void)
{
	unsigned long threads = totalram_pages * PAGE_SIZE / (8UL * KSTACK_SIZE);
	max_threads = MAX(MIN_THREADS, MIN(threads, MAX_THREADS));
}

/* ---- the task_struct and its kernel stack ------------------------------------- */

/*
 * Gives t its own kernel stack, with the overflow canary at its bottom;
 * -ENOMEM leaves t->stack alone.  Fork's copies and the APs' idle tasks
 * (smpboot.c) both start this way.
 */
int alloc_task_stack(struct task_struct *t)
{
	struct page *stack = alloc_pages(GFP_KERNEL, KSTACK_ORDER);
	if (!stack)
		return -ENOMEM;
	t->stack = page_address(stack);
	*(unsigned long *)t->stack = STACK_END_MAGIC;
	return 0;
}

static struct task_struct *dup_task_struct(struct task_struct *orig)
{
	struct task_struct *t = kmalloc(sizeof *t);
	if (!t)
		return NULL;
	*t = *orig;
	if (alloc_task_stack(t)) {
		kfree(t);
		return NULL;
	}
	t->usage = 2;           /* one until reaped, one until it last runs */
	lockdep_init_task(t);   /* the parent's held locks stay the parent's */
	return t;
}

void free_task(struct task_struct *t)
{
	__free_pages(virt_to_page(t->stack), KSTACK_ORDER);
	kfree(t);
}

void put_task_struct(struct task_struct *t)
{
	int left = __atomic_sub_fetch(&t->usage, 1, __ATOMIC_ACQ_REL);
	BUG_ON(left < 0);
	if (left == 0)
		free_task(t);
}

/*
 * The tasks (threads included, zombies until reaped) whose real uid is
 * uid: what RLIMIT_NPROC limits.  Linux keeps this count per user
 * (ucounts, raised in copy_creds, dropped in release_task); ushi has few
 * tasks and simply counts them.
 */
unsigned long nr_tasks_of_user(uid_t uid)
{
	unsigned long n = 0;
	struct task_struct *p, *t;
	for_each_process(p)
		for_each_thread(p, t)
			n += t->uid == uid;
	return n;
}

/* RLIMIT_NPROC binds everyone but root: a real uid of 0 or an effective one. */
static bool too_many_processes(void)
{
	if (current->uid == 0 || capable())
		return false;
	return nr_tasks_of_user(current->uid) >= rlimit(RLIMIT_NPROC);
}

/* ---- the objects a task can share --------------------------------------------- */

static noinline int copy_files(u64 flags, struct task_struct *p)
{
	/* LAB clone: begin files */
	if (flags & CLONE_FILES) {
		current->files->count++;
		return 0;
	}
	/* LAB clone: end files */
	int err;
	p->files = dup_fd(current->files, &err);
	return p->files ? 0 : err;
}

static noinline int copy_fs(u64 flags, struct task_struct *p)
{
	struct fs_struct *fs = current->fs;
	/* LAB clone: begin fs */
	if (flags & CLONE_FS) {
		if (fs->in_exec)
			return -EAGAIN;
		fs->users++;
		return 0;
	}
	/* LAB clone: end fs */
	p->fs = copy_fs_struct(fs);
	return p->fs ? 0 : -ENOMEM;
}

static noinline int copy_sighand(u64 flags, struct task_struct *p)
{
	/* LAB clone: begin sighand */
	if (flags & CLONE_SIGHAND) {
		current->sighand->count++;
		return 0;
	}
	/* LAB clone: end sighand */
	struct sighand_struct *sh = sighand_alloc();
	if (!sh)
		return -ENOMEM;
	memcpy(sh->action, current->sighand->action, sizeof sh->action);
	p->sighand = sh;
	if (flags & CLONE_CLEAR_SIGHAND)
		flush_signal_handlers(p, false);
	return 0;
}

static noinline int copy_signal(u64 flags, struct task_struct *p)
{
	if (flags & CLONE_THREAD) {
		struct signal_struct *sig = current->signal;
		sig->sigcnt++;
		sig->live++;
		return 0;
	}
	struct signal_struct *sig = kzalloc(sizeof *sig);
	if (!sig)
		return -ENOMEM;
	sig->sigcnt = 1;
	sig->live = 1;
	INIT_LIST_HEAD(&sig->thread_head);
	init_waitqueue_head(&sig->wait_chldexit);
	init_sigpending(&sig->shared_pending);
	memcpy(sig->rlim, current->signal->rlim, sizeof sig->rlim);
	/* Not inherited: being a subreaper; inherited: having one above. */
	sig->has_child_subreaper = current->signal->has_child_subreaper ||
				   current->signal->is_child_subreaper;
	sig->pids_pgid = attach_pid(current->signal->pids_pgid);
	sig->pids_sid = attach_pid(current->signal->pids_sid);
	p->signal = sig;
	return 0;
}

/* ---- the address space: copy_mm -> dup_mm -> dup_mmap -> copy_page_range ------ */

/* Linux's vm_area_dup: a copy of orig, on no list yet; the caller takes
 * its own reference to the file. */
static struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig)
{
	struct vm_area_struct *new = kmalloc(sizeof *new);
	if (!new)
		return NULL;
	*new = *orig;
	INIT_LIST_HEAD(&new->vm_list);
	return new;
}

/*
 * The child gets a copy of every area but VM_DONTCOPY ones, and
 * copy_page_range (mm/memory.c) shares each area's mapped frames with
 * it: write-protected in both, when the area is private and writable,
 * so the first write copies (COW).  On failure mm keeps what was copied
 * so far, for the caller's mmput.
 */
static noinline int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *mpnt;
	int retval = 0;
	list_for_each_entry(mpnt, &oldmm->mmap, vm_list) {
		if (mpnt->vm_flags & VM_DONTCOPY)
			continue;
		unsigned long pages = (mpnt->vm_end - mpnt->vm_start) >> PAGE_SHIFT;
		if ((mpnt->vm_flags & VM_ACCOUNT) && vm_enough_memory(pages)) {
			retval = -ENOMEM;
			break;
		}
		struct vm_area_struct *tmp = vm_area_dup(mpnt);
		if (!tmp) {
			retval = -ENOMEM;
			break;
		}
		tmp->vm_mm = mm;
		tmp->vm_flags &= ~VM_LOCKED_MASK;     /* locks are not inherited (Linux) */
		if (tmp->vm_file)
			get_file(tmp->vm_file);
		if (tmp->vm_ops && tmp->vm_ops->open)
			tmp->vm_ops->open(tmp);
		list_add_tail(&tmp->vm_list, &mm->mmap);
		mm->map_count++;
		mm->total_vm += pages;
		if (tmp->vm_flags & VM_WIPEONFORK)
			continue;               /* the child's copy starts empty */
		retval = copy_page_range(mm, oldmm, mpnt);
		if (retval)
			break;
	}
	/* The parent's PTEs (classic) or PMD entries (odf) lost their write
	 * bit: on every CPU, before the child runs.  A whole-mm flush reloads
	 * CR3, which also empties the paging-structure caches. */
	flush_tlb_mm(oldmm);
	odf_fork_done(oldmm, mm);
	return retval;
}

/*
 * A new address space with a copy of oldmm's layout and areas, or NULL.
 * The parent's mmap_lock is held for writing: no fault of its other
 * threads may map or copy a page while its entries are shared and
 * write-protected, and no area or bound may change.  The child's is
 * taken too, as Linux does (nobody else can see the child yet, so a
 * trylock never fails - and, being a trylock, orders nothing against
 * the parent's).
 */
static noinline struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_alloc();
	if (!mm)
		return NULL;
	mmap_write_lock(oldmm);
	bool child_locked = down_write_trylock(&mm->mmap_lock);
	BUG_ON(!child_locked);
	mm->mmap_base = oldmm->mmap_base;
	mm->start_code = oldmm->start_code;
	mm->end_code = oldmm->end_code;
	mm->start_data = oldmm->start_data;
	mm->end_data = oldmm->end_data;
	mm->start_brk = oldmm->start_brk;
	mm->brk = oldmm->brk;
	mm->start_stack = oldmm->start_stack;
	mm->arg_start = oldmm->arg_start;
	mm->arg_end = oldmm->arg_end;
	mm->env_start = oldmm->env_start;
	mm->env_end = oldmm->env_end;
	mm->dumpable = oldmm->dumpable;
	set_mm_exe_file(mm, oldmm->exe_file);   /* the child runs the same program */
	int err = dup_mmap(mm, oldmm);
	up_write(&mm->mmap_lock);
	mmap_write_unlock(oldmm);
	if (err) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

static noinline int copy_mm(u64 flags, struct task_struct *p)
{
	struct mm_struct *old = current->mm;
	p->active_mm = NULL;
	if (!old) {
		p->mm = NULL;
		return 0;
	}
	if (flags & CLONE_VM) {
		mmget(old);
		p->mm = old;
	} else {
		p->mm = dup_mm(old);
		if (!p->mm)
			return -ENOMEM;
	}
	return 0;
}

/* ---- the registers, the family, and copy_process -------------------------------- */

/*
 * The child's registers: the parent's at the syscall, except rax = 0
 * (fork returns 0 in the child) and rsp = the new stack if one was
 * given.  Below them goes the frame __switch_to_asm takes the first time
 * the child runs (struct fork_frame), which returns into ret_from_fork.
 */
static noinline int copy_thread(struct kernel_clone_args *args, struct task_struct *p)
{
	struct pt_regs *childregs = task_pt_regs(p);
	struct fork_frame *fork_frame = container_of(childregs, struct fork_frame, regs);
	struct inactive_task_frame *frame = &fork_frame->frame;
	save_fsgs(current);     /* the child starts with the parent's selectors and bases */
	p->thread.fsindex = current->thread.fsindex;
	p->thread.fsbase = current->thread.fsbase;
	p->thread.gsindex = current->thread.gsindex;
	p->thread.gsbase = current->thread.gsbase;
	if (args->flags & CLONE_SETTLS) {
		if (args->tls >= TASK_SIZE_MAX)
			return -EPERM;
		p->thread.fsindex = 0;  /* as ARCH_SET_FS */
		p->thread.fsbase = args->tls;
	}
	if (args->kthread) {
		memset(childregs, 0, sizeof *childregs);
	} else {
		*childregs = *task_pt_regs(current);
		childregs->rax = 0;
		if (args->stack)
			childregs->rsp = args->stack + args->stack_size;
	}
	fxsave(&p->thread.fpu);         /* the parent's live FPU registers */
	memset(frame, 0, sizeof *frame);
	frame->bx = (unsigned long)args->fn;
	frame->ret_addr = (unsigned long)(args->kthread ? ret_from_kernel_thread : ret_from_fork);
	p->thread.sp = (unsigned long)fork_frame;
	return 0;
}

/* Puts the new task into its family: parent, thread group, process list. */
static void link_task(struct kernel_clone_args *args, struct task_struct *p, struct pid *pid)
{
	u64 flags = args->flags;
	p->thread_pid = pid;
	pid->task = p;
	p->pid = pid->numbers[0].nr;
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	INIT_LIST_HEAD(&p->thread_node);
	INIT_LIST_HEAD(&p->tasks);
	if (flags & CLONE_THREAD) {
		p->group_leader = current->group_leader;
		p->tgid = current->tgid;
		p->exit_signal = -1;
		p->real_parent = current->real_parent;
	} else {
		p->group_leader = p;
		p->tgid = p->pid;
		if (flags & CLONE_PARENT) {
			p->real_parent = current->real_parent;
			p->exit_signal = current->group_leader->exit_signal;
		} else {
			p->real_parent = current;
			p->exit_signal = args->exit_signal;
		}
		list_add_tail(&p->sibling, &p->real_parent->children);
		list_add_tail(&p->tasks, &init_task.tasks);
	}
	p->parent = p->real_parent;
	list_add_tail(&p->thread_node, &p->signal->thread_head);
	p->signal->nr_threads++;
	nr_threads++;
}

/* Linux's early flag checks, in Linux's order: the first failure decides. */
static int check_clone_flags(u64 flags)
{
	/* LAB clone: begin checks */
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	if ((flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_PARENT) && (current->signal->flags & SIGNAL_UNKILLABLE))
		return -EINVAL;
	if (flags & CLONE_THREAD) {
		if (flags & (CLONE_NEWUSER | CLONE_NEWPID))
			return -EINVAL;
		if (current->nsproxy->pid_ns_for_children != task_active_pid_ns(current))
			return -EINVAL;
	}
	if ((flags & CLONE_PIDFD) && (flags & CLONE_DETACHED))
		return -EINVAL;
	return 0;
	/* LAB clone: end checks */
}

/*
 * Creates the new task, not yet running.  Returns it, or ERR_PTR(-errno)
 * with everything undone.  *pidfile gets the CLONE_PIDFD file.
 */
static noinline struct task_struct *copy_process(struct kernel_clone_args *args, int *pidfd_nr,
					struct file **pidfile)
{
	u64 flags = args->flags;
	int err = check_clone_flags(flags);
	if (err)
		return ERR_PTR(err);
	if (signal_pending(current))
		return ERR_PTR(-ERESTARTNOINTR);
	if (flags & CLONE_NEWUSER)
		return ERR_PTR(-EINVAL);        /* as Linux built without user namespaces */
	if (too_many_processes() || nr_threads >= max_threads)
		return ERR_PTR(-EAGAIN);
	current->flags &= ~PF_NPROC_EXCEEDED;   /* within the limit now: execve need not check */
	struct task_struct *p = dup_task_struct(current);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->state = TASK_UNINTERRUPTIBLE;        /* not runnable until wake_up_new_task */
	p->on_rq = 0;
	p->on_cpu = 0;
	p->flags = PF_FORKNOEXEC;
	sched_fork(p);
	p->wake_at_ns = 0;
	INIT_LIST_HEAD(&p->run_list);
	INIT_LIST_HEAD(&p->timer_list);
	init_sigpending(&p->pending);
	p->set_child_tid = (flags & CLONE_CHILD_SETTID) ? args->child_tid : NULL;
	p->clear_child_tid = (flags & CLONE_CHILD_CLEARTID) ? args->child_tid : NULL;
	p->vfork_done = NULL;
	p->robust_list = NULL;
	p->in_vfork_wait = 0;
	p->pdeath_signal = 0;
	p->default_timer_slack_ns = current->timer_slack_ns;    /* PR_SET_TIMERSLACK 0 goes back to it */
	p->exit_state = p->exit_code = 0;
	p->jobctl = 0;
	p->ptrace = p->syscall_work = 0;        /* tracing is not inherited */
	p->last_siginfo = NULL;
	p->restore_sigmask = false;
	p->utime = p->stime = p->min_flt = p->maj_flt = p->nvcsw = p->nivcsw = 0;
	p->start_time = ktime_get_ns();
	if ((flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM) {
		p->sas_ss_sp = 0;               /* a thread gets no alternate stack */
		p->sas_ss_size = 0;
		p->sas_ss_flags = SS_DISABLE;
	}

	/* Each step that fails jumps to the label that undoes the steps
	 * before it, in reverse order: Linux's bad_fork_* ladder. */
	if ((err = copy_files(flags, p)))
		goto bad_fork_free;
	if ((err = copy_fs(flags, p)))
		goto bad_fork_cleanup_files;
	if ((err = copy_sighand(flags, p)))
		goto bad_fork_cleanup_fs;
	if ((err = copy_signal(flags, p)))
		goto bad_fork_cleanup_sighand;
	if ((err = copy_mm(flags, p)))
		goto bad_fork_cleanup_signal;
	if ((err = copy_namespaces(flags, p)))
		goto bad_fork_cleanup_mm;
	if ((err = copy_thread(args, p)))
		goto bad_fork_cleanup_namespaces;
	struct pid *pid = alloc_pid(p->nsproxy->pid_ns_for_children, args->set_tid,
				    args->set_tid_size, &err);
	if (!pid)
		goto bad_fork_cleanup_thread;
	if (flags & CLONE_PIDFD) {
		*pidfd_nr = pidfd_create(pid, O_CLOEXEC | ((flags & CLONE_THREAD) ? PIDFD_THREAD : 0),
					 pidfile);
		if (*pidfd_nr < 0) {
			err = *pidfd_nr;
			goto bad_fork_free_pid;
		}
		if (put_user(*pidfd_nr, args->pidfd)) {
			err = -EFAULT;
			goto bad_fork_put_pidfd;
		}
	}
	if (pid->numbers[pid->level].nr == 1 && pid->level > 0) {
		p->signal->flags |= SIGNAL_UNKILLABLE;  /* init of a new pid namespace */
		pid->numbers[pid->level].ns->child_reaper = p;
	}
	link_task(args, p, pid);
	return p;

bad_fork_put_pidfd:
	put_unused_fd(*pidfd_nr);
	fput(*pidfile);
bad_fork_free_pid:
	detach_pid(pid);
bad_fork_cleanup_thread:
	/* copy_thread holds nothing that needs giving back */
bad_fork_cleanup_namespaces:
	put_nsproxy(p->nsproxy);
bad_fork_cleanup_mm:
	if (p->mm)
		mmput(p->mm);
bad_fork_cleanup_signal:
	if (flags & CLONE_THREAD) {
		p->signal->sigcnt--;            /* current's group keeps its own references */
		p->signal->live--;
	} else {
		__put_signal(p->signal);
	}
bad_fork_cleanup_sighand:
	__cleanup_sighand(p->sighand);
bad_fork_cleanup_fs:
	exit_fs(p);
bad_fork_cleanup_files:
	exit_files(p);
bad_fork_free:
	free_task(p);
	return ERR_PTR(err);
}

static bool valid_signal(unsigned long sig)
{
	return sig <= _NSIG;
}

/*
 * The common path of fork, vfork, clone and clone3.  Returns the child's
 * tid as the caller's pid namespace sees it, or -errno.
 */
long kernel_clone(struct kernel_clone_args *args)
{
	u64 flags = args->flags;
	if (!valid_signal(args->exit_signal))
		return -EINVAL;
	if ((flags & CLONE_PIDFD) && (flags & CLONE_PARENT_SETTID) &&
	    args->pidfd == args->parent_tid)
		return -EINVAL;
	int pidfd_nr = -1;
	struct file *pidfile = NULL;
	struct task_struct *p = copy_process(args, &pidfd_nr, &pidfile);
	if (IS_ERR(p))
		return PTR_ERR(p);
	long nr = task_pid_vnr(p);
	if (pidfile)
		fd_install(pidfd_nr, pidfile);
	if (flags & CLONE_PARENT_SETTID)
		put_user((int)nr, args->parent_tid);    /* an error here is ignored, as Linux */
	trace_fork(current, p, flags);
	/* LAB vfork: begin setup */
	struct completion vfork;
	if (flags & CLONE_VFORK) {
		init_completion(&vfork);
		p->vfork_done = &vfork;
		get_task_struct(p);     /* we look at p after it may have exited */
	}
	/* LAB vfork: end setup */
	wake_up_new_task(p);
	/* LAB vfork: begin wait */
	if (flags & CLONE_VFORK) {
		current->in_vfork_wait = 1;
		if (wait_event_killable(vfork.wait, vfork.done))
			p->vfork_done = NULL;   /* killed: the child must not touch our stack */
		current->in_vfork_wait = 0;
		put_task_struct(p);
	}
	/* LAB vfork: end wait */
	return nr;
}

/* ---- the system calls ---------------------------------------------------------- */

long sys_fork(void)
{
	struct kernel_clone_args args = { .exit_signal = SIGCHLD };
	return kernel_clone(&args);
}

long sys_vfork(void)
{
	struct kernel_clone_args args = { .flags = CLONE_VFORK | CLONE_VM, .exit_signal = SIGCHLD };
	return kernel_clone(&args);
}

/* x86-64 order: flags, newsp, parent_tid, child_tid, tls.  Only the low 32
 * bits of flags count; the low byte is the exit signal. */
long sys_clone(unsigned long clone_flags, unsigned long newsp, int *parent_tid,
	       int *child_tid, unsigned long tls)
{
	u32 f = (u32)clone_flags;
	struct kernel_clone_args args = {
		.flags = f & ~CSIGNAL,
		.pidfd = parent_tid,
		.child_tid = child_tid,
		.parent_tid = parent_tid,
		.exit_signal = f & CSIGNAL,
		.stack = newsp,
		.tls = tls,
	};
	return kernel_clone(&args);
}

/* Linux's copy_clone_args_from_user and clone3_args_valid. */
static long clone3_args(struct kernel_clone_args *k, struct clone_args *uargs, size_t size)
{
	struct clone_args a;
	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	memset(&a, 0, sizeof a);
	if (copy_from_user(&a, uargs, MIN(size, sizeof a)))
		return -EFAULT;
	for (size_t off = sizeof a; off < size; off++) {        /* unknown tail must be zero */
		u8 b;
		if (get_user(b, (u8 *)uargs + off))
			return -EFAULT;
		if (b)
			return -E2BIG;
	}
	if (a.set_tid_size > MAX_PID_NS_LEVEL)
		return -EINVAL;
	if (!a.set_tid && a.set_tid_size > 0)
		return -EINVAL;
	if (a.set_tid && !a.set_tid_size)
		return -EINVAL;
	if (a.exit_signal & ~CSIGNAL)
		return -EINVAL;
	if (!valid_signal(a.exit_signal))
		return -EINVAL;
	if ((a.flags & CLONE_INTO_CGROUP) && (a.cgroup > 0x7fffffff || size < CLONE_ARGS_SIZE_VER2))
		return -EINVAL;
	if (a.set_tid_size && copy_from_user(k->set_tid, (void *)a.set_tid,
					     a.set_tid_size * sizeof(int)))
		return -EFAULT;
	/* clone3_args_valid */
	if (a.flags & ~(0xffffffffULL | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
		return -EINVAL;
	if (a.flags & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME)))
		return -EINVAL;
	if ((a.flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) == (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
		return -EINVAL;
	if ((a.flags & (CLONE_THREAD | CLONE_PARENT)) && a.exit_signal)
		return -EINVAL;
	if ((!a.stack && a.stack_size) || (a.stack && !a.stack_size))
		return -EINVAL;
	if (a.stack && (a.stack > TASK_SIZE_MAX || a.stack_size > TASK_SIZE_MAX - a.stack))
		return -EINVAL;
	k->flags = a.flags;
	k->pidfd = (int *)a.pidfd;
	k->child_tid = (int *)a.child_tid;
	k->parent_tid = (int *)a.parent_tid;
	k->exit_signal = a.exit_signal;
	k->stack = a.stack;
	k->stack_size = a.stack_size;
	k->tls = a.tls;
	k->set_tid_size = a.set_tid_size;
	return 0;
}

long sys_clone3(struct clone_args *uargs, size_t size)
{
	struct kernel_clone_args args = { 0 };
	long err = clone3_args(&args, uargs, size);
	if (err)
		return err;
	return kernel_clone(&args);
}

/* set_tid_address: CLONE_CHILD_CLEARTID later; returns our tid, never fails. */
long sys_set_tid_address(int *tidptr)
{
	current->clear_child_tid = tidptr;
	return task_pid_vnr(current);
}

/* Starts fn() as a task of its own (used once, for init). */
struct task_struct *kernel_thread(int (*fn)(void))
{
	struct kernel_clone_args args = { .flags = CLONE_VM, .exit_signal = SIGCHLD,
					  .kthread = true, .fn = fn };
	int pidfd;
	struct file *pf;
	struct task_struct *p = copy_process(&args, &pidfd, &pf);
	if (IS_ERR(p))
		panic("cannot create the first task: %ld", PTR_ERR(p));
	wake_up_new_task(p);
	return p;
}
