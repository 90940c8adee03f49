/*
 * exit.c - how tasks end and how parents learn about it.
 *
 * do_exit() lets go of everything the task uses (address space, files,
 * cwd, namespaces), hands its children to a new parent, and becomes a
 * zombie whose parent is told with the task's exit signal.  Threads,
 * and children of a parent that ignores SIGCHLD, are released at once
 * ("autoreap"); everyone else stays a zombie until wait4/waitid reaps it
 * (release_task).  A thread-group leader is reported only when its last
 * thread is gone, with the last thread's exit code.
 */
#include <asm.h>
#include <errno.h>
#include <fs.h>
#include <futex.h>
#include <kernel.h>
#include <mm.h>
#include <nsproxy.h>
#include <pid.h>
#include <sched.h>
#include <setup.h>
#include <signal.h>
#include <syscalls.h>
#include <time.h>
#include <tlbflush.h>
#include <trace.h>
#include <uaccess.h>
#include <uapi/wait.h>

/*
 * Called when a task gives up its mm (exit, or execve replacing it):
 * the locks on its robust list are marked FUTEX_OWNER_DIED and the PI
 * futexes it holds go to their waiters (Linux's futex_exit_release), CLONE_CHILD_CLEARTID writes 0 to the tid word
 * and wakes one futex waiter (only if someone else still uses the mm),
 * then a vfork parent waiting for us is released.
 */
void mm_release(struct task_struct *t, struct mm_struct *mm)
{
	exit_robust_list(t);
	exit_pi_state_list(t);
	if (t->clear_child_tid) {
		if (READ_ONCE(mm->mm_users) > 1) {
			put_user(0, t->clear_child_tid);
			futex_wake((u32 *)t->clear_child_tid, 1, false);     /* a shared wake, as Linux */
		}
		t->clear_child_tid = NULL;
	}
	/* LAB vfork: begin done */
	if (t->vfork_done) {
		struct completion *c = t->vfork_done;
		t->vfork_done = NULL;
		complete(c);
	}
	/* LAB vfork: end done */
}

/* Leaves the address space; the kernel page tables take over until we switch away. */
static void exit_mm(struct task_struct *t)
{
	struct mm_struct *mm = t->mm;
	if (!mm)
		return;
	mm_release(t, mm);
	leave_mm();
	t->mm = NULL;
	t->active_mm = NULL;
	mmput(mm);
}

void __put_signal(struct signal_struct *sig)
{
	exit_itimers(sig);
	flush_sigqueue(&sig->shared_pending);
	detach_pid(sig->pids_pgid);
	detach_pid(sig->pids_sid);
	kfree(sig);
}

/*
 * p (of a pid namespace whose init is exiting) is being released: that
 * init may be waiting in zap_pid_ns_processes for the last of them, also
 * for one whose parent is outside the namespace and reaps it from there.
 */
static void wake_dying_reaper(struct task_struct *p)
{
	struct pid_namespace *ns = task_active_pid_ns(p);
	struct task_struct *reaper = ns->child_reaper;
	if (ns->dying && reaper && reaper->group_leader != p->group_leader)
		wake_up(&reaper->signal->wait_chldexit);
}

/*
 * Frees what remains of a dead task: its place in the family and in
 * the thread group, its pid, and (with the last thread) the signal
 * struct.  If it was the last thread of a group whose leader is already
 * a zombie, the leader can now be reported to its parent.
 */
void release_task(struct task_struct *p)
{
	struct task_struct *leader = p->group_leader;
	for (;;) {
		struct signal_struct *sig = p->signal;
		list_del_init(&p->thread_node);
		sig->nr_threads--;
		nr_threads--;
		if (thread_group_leader(p)) {
			list_del_init(&p->tasks);
			list_del_init(&p->sibling);
		}
		p->thread_pid->task = NULL;
		wake_pidfd_waiters(p->thread_pid);
		wake_dying_reaper(p);
		detach_pid(p->thread_pid);
		flush_sigqueue(&p->pending);
		__cleanup_sighand(p->sighand);
		p->sighand = NULL;
		if (sig->group_exec_task)
			wake_up_process(sig->group_exec_task);  /* de_thread waits for this */
		BUG_ON(sig->sigcnt <= 0);
		if (--sig->sigcnt == 0)
			__put_signal(sig);
		bool was_leader = p == leader;
		/* A reaped task may still be switching away on another CPU: its
		 * last switch drops its own reference first (finish_task_switch),
		 * so that once we see it off the CPU, ours frees it - and the
		 * reaper's next look at the free memory counts its stack.  The
		 * same for every task that died before: a process's last thread,
		 * released by itself, may still be on its way out when its
		 * parent reaps the leader (nr_dying, a few microseconds). */
		while (p != current && (__atomic_load_n(&p->on_cpu, __ATOMIC_ACQUIRE) ||
					__atomic_load_n(&nr_dying, __ATOMIC_ACQUIRE)))
			pause();
		put_task_struct(p);
		if (was_leader || leader->exit_state != EXIT_ZOMBIE || leader->signal->nr_threads != 1)
			return;
		/* The leader was waiting for its threads: report it now. */
		if (!do_notify_parent(leader, leader->exit_signal))
			return;
		leader->exit_state = EXIT_DEAD;
		p = leader;
	}
}

/*
 * The nearest ancestor in father's pid namespace that made itself a
 * subreaper (a live thread of it), or NULL.  has_child_subreaper spares
 * the walk up when there is none.
 */
static struct task_struct *find_child_subreaper(struct task_struct *father)
{
	if (!father->signal->has_child_subreaper)
		return NULL;
	int level = father->thread_pid->level;
	for (struct task_struct *r = father->real_parent;
	     r != &init_task && r->thread_pid->level == level; r = r->real_parent) {
		if (!r->signal->is_child_subreaper)
			continue;
		struct task_struct *t;
		for_each_thread(r, t)
			if (!(t->flags & PF_EXITING))
				return t;
	}
	return NULL;
}

/* Where orphans go: another live thread of ours, else the nearest
 * subreaper above us, else our namespace's init. */
static struct task_struct *find_new_reaper(struct task_struct *father)
{
	struct task_struct *t;
	/* LAB wait: begin reaper */
	for_each_thread(father, t)
		if (!(t->flags & PF_EXITING))
			return t;
	if ((t = find_child_subreaper(father)))
		return t;
	struct pid_namespace *ns = task_active_pid_ns(father);
	struct task_struct *reaper = ns->child_reaper;
	if (reaper && reaper->group_leader != father->group_leader)
		return reaper;
	/* The namespace's init itself is dying: its orphans go up a level. */
	for (ns = ns->parent; ns; ns = ns->parent)
		if (ns->child_reaper && !(ns->child_reaper->flags & PF_EXITING))
			return ns->child_reaper;
	return init_pid_ns.child_reaper;
	/* LAB wait: end reaper */
}

static noinline void reparent_children(struct task_struct *father)
{
	if (list_empty(&father->children))
		return;
	struct task_struct *reaper = find_new_reaper(father);
	struct task_struct *p, *n;
	list_for_each_entry_safe(p, n, &father->children, sibling) {
		struct task_struct *t;
		for_each_thread(p, t) {
			t->real_parent = t->parent = reaper;
			if (t->pdeath_signal)
				send_sig_info(t->pdeath_signal, NULL, t);
		}
		list_move_tail(&p->sibling, &reaper->children);
		if (reaper->signal == father->signal)
			continue;               /* a threaded reparent keeps the exit signal */
		p->exit_signal = SIGCHLD;       /* "we don't want people slaying init" */
		if (p->exit_state == EXIT_ZOMBIE && p->signal->nr_threads == 1 &&
		    do_notify_parent(p, p->exit_signal)) {
			p->exit_state = EXIT_DEAD;
			release_task(p);
		}
	}
	wake_up(&reaper->signal->wait_chldexit);
}

/* Becomes a zombie and tells the parent, or is released at once. */
/*
 * The init of a pid namespace is losing the thread that reaps for it (the
 * leader dying in a thread's execve, or exiting alone): a live thread of
 * the same process takes over (Linux's find_child_reaper), or orphans
 * handed to the init later would go to a task that is gone.  With no live
 * thread left the group leader keeps the role: it is released last.
 */
static void pass_on_child_reaper(struct task_struct *father)
{
	struct pid_namespace *ns = task_active_pid_ns(father);
	struct task_struct *t;
	if (ns->child_reaper != father)
		return;
	ns->child_reaper = father->group_leader;
	for_each_thread(father, t) {
		if (!(t->flags & PF_EXITING)) {
			ns->child_reaper = t;
			return;
		}
	}
}

static noinline void exit_notify(struct task_struct *t)
{
	pass_on_child_reaper(t);
	exit_ptrace(t);
	reparent_children(t);
	t->exit_state = EXIT_ZOMBIE;
	wake_pidfd_waiters(t->thread_pid);      /* a PIDFD_THREAD pidfd of t is readable now */
	bool autoreap;
	if (!thread_group_leader(t))
		autoreap = true;                /* threads are never waited for */
	else if (t->signal->nr_threads == 1)
		autoreap = do_notify_parent(t, t->exit_signal);
	else
		autoreap = false;               /* wait for the other threads */
	if (t->signal->group_exec_task)
		wake_up_process(t->signal->group_exec_task);
	if (autoreap) {
		t->exit_state = EXIT_DEAD;
		release_task(t);
	}
}

static bool task_in_ns(struct task_struct *p, struct pid_namespace *ns)
{
	struct pid *pid = p->thread_pid;
	return pid && pid->level >= ns->level && pid->numbers[ns->level].ns == ns;
}

/*
 * The init of a pid namespace is exiting: everything else in the
 * namespace is killed, and init (still its reaper) reaps them all before
 * it goes on dying, as Linux's zap_pid_ns_processes.
 */
void zap_pid_ns_processes(struct pid_namespace *ns)
{
	struct task_struct *p, *n;
	ns->dying = true;
	for_each_process(p)
		if (task_in_ns(p, ns) && p->signal != current->signal && !p->exit_state)
			do_send_sig_info(SIGKILL, NULL, p, true);
	for (;;) {
		/* The children of every thread of ours, as Linux's wait with __WALL:
		 * orphans handed to the namespace's init after its leader exited
		 * sit on the zombie leader's list, not on ours. */
		struct task_struct *t;
		for_each_thread(current, t) {
			list_for_each_entry_safe(p, n, &t->children, sibling) {
				if (p->exit_state == EXIT_ZOMBIE && p->signal->nr_threads == 1) {
					p->exit_state = EXIT_DEAD;
					release_task(p);
				}
			}
		}
		/* Counted after reaping: sleeping with nobody left would be forever. */
		bool others = false;
		for_each_process(p)
			if (task_in_ns(p, ns) && p->signal != current->signal && p->exit_state != EXIT_DEAD)
				others = true;
		if (!others)
			break;
		struct wait_queue_entry w;
		init_wait(&w);
		prepare_to_wait(&current->signal->wait_chldexit, &w, TASK_UNINTERRUPTIBLE);
		schedule();
		finish_wait(&current->signal->wait_chldexit, &w);
	}
}

/* init is gone: say so, with the free-frame count tests compare, and stop. */
static void __noreturn init_exited(long code)
{
	int status = (code & 0x7f) ? 128 + (int)(code & 0x7f) : (int)((code >> 8) & 0xff);
	if (code & 0x7f)
		printk("ushi: init killed by signal %ld\n", code & 0x7f);
	frame_census();                 /* test builds: what the frames in use are */
	lockdep_print_stats();          /* test builds: what the lock validator saw */
	printk("ushi: init exited with status %d (free frames %lu)\n", status, nr_free_pages);
	machine_power_off(status);
}

void do_exit(long code)
{
	struct task_struct *t = current;
	if (t->flags & PF_EXITING)
		panic("recursive do_exit in pid %d", t->pid);
	t->flags |= PF_EXITING;
	mm_audit();                     /* test builds: every page table and frame consistent */
	struct signal_struct *sig = t->signal;
	bool group_dead = --sig->live == 0;
	if (group_dead) {
		/* The last thread out decides the status, unless a group exit set it. */
		if (!(sig->flags & SIGNAL_GROUP_EXIT)) {
			sig->group_exit_code = code;
			sig->flags |= SIGNAL_GROUP_EXIT;
		}
	}
	t->exit_code = code;
	trace_exit(t, code);
	exit_mm(t);
	exit_files(t);
	exit_fs(t);
	struct nsproxy *ns = t->nsproxy;
	if (group_dead && t->tgid == 1 && task_active_pid_ns(t) == &init_pid_ns)
		init_exited(sig->group_exit_code);
	struct task_struct *reaper = task_active_pid_ns(t)->child_reaper;
	if (group_dead && reaper && reaper->signal == sig && task_active_pid_ns(t) != &init_pid_ns)
		zap_pid_ns_processes(task_active_pid_ns(t));
	exit_notify(t);
	t->nsproxy = NULL;
	put_nsproxy(ns);
	debug_check_no_locks_held();    /* test builds: a lock held now stays held forever */
	__atomic_add_fetch(&nr_dying, 1, __ATOMIC_SEQ_CST);    /* until finish_task_switch */
	t->state = TASK_DEAD;
	schedule();
	panic("a dead task ran again");
}

/* Every other thread gets SIGKILL, then we exit with code for all. */
void do_group_exit(int code)
{
	struct signal_struct *sig = current->signal;
	if (sig->flags & SIGNAL_GROUP_EXIT) {
		code = sig->group_exit_code;
	} else if (sig->group_exec_task) {
		code = 0;               /* killed by another thread's execve: just go */
	} else if (sig->nr_threads > 1) {
		sig->group_exit_code = code;
		sig->flags |= SIGNAL_GROUP_EXIT;
		zap_other_threads(current);
	}
	do_exit(code);
}

long sys_exit(int status)
{
	do_exit((status & 0xff) << 8);
}

long sys_exit_group(int status)
{
	do_group_exit((status & 0xff) << 8);
}

/* ---- wait4 / waitid --------------------------------------------------------------- */

struct wait_opts {
	int type;               /* P_ALL, P_PID, P_PGID */
	struct pid *pid;
	int options;
	int status;             /* the wait status word, for wait4 */
	int si_code, si_status, si_pid, si_uid;
	struct rusage *rusage;  /* kernel copy, or NULL */
	int notask_error;
};

static bool eligible_child(struct wait_opts *wo, struct task_struct *p)
{
	/* LAB wait: begin eligible */
	if (wo->type == P_PID && task_tgid(p) != wo->pid)
		return false;
	if (wo->type == P_PGID && task_pgrp(p) != wo->pid)
		return false;
	if (wo->options & __WALL)
		return true;
	return (p->exit_signal != SIGCHLD) == !!(wo->options & __WCLONE);
	/* LAB wait: end eligible */
}

static void fill_rusage(struct task_struct *p, struct rusage *ru)
{
	memset(ru, 0, sizeof *ru);
	u64 ns = 0;
	unsigned long minflt = 0;
	struct task_struct *t;
	for_each_thread(p, t) {
		ns += t->utime + t->stime;
		minflt += t->min_flt;
	}
	ns += p->signal->cutime;
	ru->ru_utime.tv_sec = ns / NSEC_PER_SEC;
	ru->ru_utime.tv_usec = ns % NSEC_PER_SEC / 1000;
	ru->ru_minflt = minflt + p->signal->cmin_flt;
}

/* A zombie: report it and, unless WNOWAIT, reap it. */
static noinline int wait_task_zombie(struct wait_opts *wo, struct task_struct *p)
{
	struct signal_struct *sig = p->signal;
	int status = (sig->flags & SIGNAL_GROUP_EXIT) ? sig->group_exit_code : p->exit_code;
	int pid = task_tgid_vnr(p);
	wo->status = status;
	wo->si_pid = pid;
	wo->si_uid = p->uid;
	/* LAB wait: begin siginfo */
	if (status & 0x7f) {
		wo->si_code = (status & 0x80) ? CLD_DUMPED : CLD_KILLED;
		wo->si_status = status & 0x7f;
	} else {
		wo->si_code = CLD_EXITED;
		wo->si_status = (status >> 8) & 0xff;
	}
	/* LAB wait: end siginfo */
	if (wo->rusage)
		fill_rusage(p, wo->rusage);
	if (wo->options & WNOWAIT)
		return pid;
	struct signal_struct *mine = current->signal;
	struct task_struct *t;
	for_each_thread(p, t) {
		mine->cutime += t->utime + t->stime;
		mine->cmin_flt += t->min_flt;
	}
	mine->cutime += sig->cutime;
	mine->cmin_flt += sig->cmin_flt;
	p->exit_state = EXIT_DEAD;
	release_task(p);
	return pid;
}

/*
 * A tracee in a ptrace stop, reported to any thread of its tracer's group
 * without WUNTRACED (Linux's wait_task_stopped with ptrace): once, as
 * the stop's code, which ptrace_stop set in exit_code.
 */
static int wait_task_traced(struct wait_opts *wo, struct task_struct *p)
{
	if (!p->ptrace || p->parent->signal != current->signal ||
	    !(p->jobctl & JOBCTL_TRACED) || !p->exit_code)
		return 0;
	int pid = task_pid_vnr(p);
	wo->status = (p->exit_code << 8) | 0x7f;
	wo->si_code = CLD_TRAPPED;
	wo->si_status = p->exit_code;
	wo->si_pid = pid;
	wo->si_uid = p->uid;
	if (wo->rusage)
		fill_rusage(p, wo->rusage);
	if (!(wo->options & WNOWAIT))
		p->exit_code = 0;
	return pid;
}

static int wait_task_stopped(struct wait_opts *wo, struct task_struct *p)
{
	struct signal_struct *sig = p->signal;
	if (!(wo->options & WUNTRACED) || !(sig->flags & SIGNAL_STOP_STOPPED) || !sig->stop_code)
		return 0;
	int pid = task_tgid_vnr(p);
	wo->status = (sig->stop_code << 8) | 0x7f;
	wo->si_code = CLD_STOPPED;
	wo->si_status = sig->stop_code;
	wo->si_pid = pid;
	wo->si_uid = p->uid;
	if (wo->rusage)
		fill_rusage(p, wo->rusage);
	if (!(wo->options & WNOWAIT))
		sig->stop_code = 0;     /* reported once */
	return pid;
}

static int wait_task_continued(struct wait_opts *wo, struct task_struct *p)
{
	struct signal_struct *sig = p->signal;
	if (!(wo->options & WCONTINUED) || !(sig->flags & SIGNAL_STOP_CONTINUED))
		return 0;
	if (!(wo->options & WNOWAIT))
		sig->flags &= ~SIGNAL_STOP_CONTINUED;
	int pid = task_tgid_vnr(p);
	wo->status = 0xffff;
	wo->si_code = CLD_CONTINUED;
	wo->si_status = SIGCONT;
	wo->si_pid = pid;
	wo->si_uid = p->uid;
	if (wo->rusage)
		fill_rusage(p, wo->rusage);
	return pid;
}

/* Returns a pid if p was reported, 0 to keep looking. */
static int wait_consider_task(struct wait_opts *wo, struct task_struct *p)
{
	if (p->exit_state == EXIT_DEAD || !eligible_child(wo, p))
		return 0;
	wo->notask_error = 0;
	if (p->exit_state == EXIT_ZOMBIE) {
		if (p->signal->nr_threads > 1)
			return 0;               /* a leader whose threads still run */
		return (wo->options & WEXITED) ? wait_task_zombie(wo, p) : 0;
	}
	int r = wait_task_traced(wo, p);
	if (!r)
		r = wait_task_stopped(wo, p);
	return r ? r : wait_task_continued(wo, p);
}

/* Linux's do_wait: scan our (or our thread group's) children, maybe sleep. */
static noinline long do_wait(struct wait_opts *wo)
{
	for (;;) {
		wo->notask_error = -ECHILD;
		struct task_struct *t;
		for_each_thread(current, t) {
			if ((wo->options & __WNOTHREAD) && t != current)
				continue;
			struct task_struct *p, *n;
			list_for_each_entry_safe(p, n, &t->children, sibling) {
				int r = wait_consider_task(wo, p);
				if (r)
					return r;
			}
		}
		if (wo->notask_error || (wo->options & WNOHANG))
			return wo->notask_error;
		/* A signal interrupts only a scan that found nothing: the exit
		 * that woke us also sent SIGCHLD, and the zombie comes first. */
		if (signal_pending(current))
			return -ERESTARTSYS;
		struct wait_queue_entry w;
		init_wait(&w);
		prepare_to_wait(&current->signal->wait_chldexit, &w, TASK_INTERRUPTIBLE);
		if (!signal_pending(current))
			schedule();
		finish_wait(&current->signal->wait_chldexit, &w);
	}
}

/*
 * What both wait calls do once their arguments are read: ECHILD if the
 * pid chosen names nobody, else do_wait with that pid held (find_vpid
 * took no reference, and the task may be reaped meanwhile), the child's
 * rusage going to *ru if ru.
 */
static long do_wait_pid(struct wait_opts *wo, struct rusage *ru)
{
	if (wo->type != P_ALL && !wo->pid)
		return -ECHILD;
	get_pid(wo->pid);
	wo->rusage = ru;
	long ret = do_wait(wo);
	put_pid(wo->pid);
	return ret;
}

long sys_wait4(int upid, int *ustatus, int options, struct rusage *uru)
{
	struct wait_opts wo = { .options = options | WEXITED };
	struct rusage ru;
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (upid == INT32_MIN)
		return -ESRCH;          /* -INT_MIN cannot be negated */
	if (upid == -1) {
		wo.type = P_ALL;
	} else if (upid < 0) {
		wo.type = P_PGID;
		wo.pid = find_vpid(-upid);
	} else if (upid == 0) {
		wo.type = P_PGID;
		wo.pid = task_pgrp(current);
	} else {
		wo.type = P_PID;
		wo.pid = find_vpid(upid);
	}
	long ret = do_wait_pid(&wo, uru ? &ru : NULL);
	if (ret > 0 && ustatus && put_user(wo.status, ustatus))
		return -EFAULT;
	if (ret > 0 && uru && copy_to_user(uru, &ru, sizeof ru))
		return -EFAULT;
	return ret;
}

long sys_waitid(int which, int upid, siginfo_t *uinfo, int options, struct rusage *uru)
{
	struct wait_opts wo = { .options = options };
	struct rusage ru;
	bool nonblock = false;          /* a PIDFD_NONBLOCK pidfd */
	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD |
			__WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	switch (which) {
	case P_ALL:
		wo.type = P_ALL;
		break;
	case P_PID:
		if (upid <= 0)
			return -EINVAL;
		wo.type = P_PID;
		wo.pid = find_vpid(upid);
		break;
	case P_PGID:
		if (upid < 0)
			return -EINVAL;
		wo.type = P_PGID;
		wo.pid = upid ? find_vpid(upid) : task_pgrp(current);
		break;
	case P_PIDFD: {
		if (upid < 0)
			return -EINVAL;
		unsigned int f;
		struct pid *pid = pidfd_get_pid(upid, &f);
		if (IS_ERR(pid))
			return PTR_ERR(pid);
		wo.type = P_PID;
		wo.pid = pid;
		nonblock = f & O_NONBLOCK;
		if (nonblock)
			wo.options |= WNOHANG;
		put_pid(pid);           /* still referenced by the open pidfd */
		break;
	}
	default:
		return -EINVAL;
	}
	long ret = do_wait_pid(&wo, uru ? &ru : NULL);
	if (!ret && nonblock && !(options & WNOHANG))
		ret = -EAGAIN;          /* as Linux: the pidfd said "don't block" */
	int signo = 0;
	if (ret > 0) {
		signo = SIGCHLD;
		ret = 0;
		if (uru && copy_to_user(uru, &ru, sizeof ru))
			return -EFAULT;
	} else {
		wo.si_code = wo.si_pid = wo.si_uid = wo.si_status = 0;
	}
	if (!uinfo)
		return ret;
	/* Like Linux, the fields are written even for an error (all zero). */
	siginfo_t info;
	memset(&info, 0, sizeof info);
	info.si_signo = signo;
	info.si_code = wo.si_code;
	info._sifields.chld.pid = wo.si_pid;
	info._sifields.chld.uid = wo.si_uid;
	info._sifields.chld.status = wo.si_status;
	if (!access_ok(uinfo, sizeof info) ||
	    copy_to_user(uinfo, &info, offsetof(siginfo_t, _sifields.chld.utime)))
		return -EFAULT;
	return ret;
}
