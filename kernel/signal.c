/*
 * signal.c - sending, queueing and choosing signals, default actions,
 * and the signal system calls of the receiving side (sigaction,
 * sigprocmask, sigsuspend...).  kill and tkill are in kill.c, the x86-64
 * frame a handler runs on (and sigaltstack) in sigframe.c.
 *
 * A signal is pending for one thread (tkill, a fault) or for the whole
 * process (kill), in a bitmask plus a queue of siginfo.  Each thread has
 * its own blocked mask; the handler table (sighand_struct) may be shared.
 * A signal whose action is to kill ends the whole thread group at once:
 * every thread gets SIGKILL (complete_signal), as in Linux.
 */
#include <errno.h>
#include <kernel.h>
#include <mm.h>
#include <pid.h>
#include <sched.h>
#include <signal.h>
#include <syscalls.h>
#include <time.h>
#include <uapi/stat.h>
#include <trace.h>
#include <uaccess.h>
#include <ucount.h>

struct sighand_struct *sighand_alloc(void)
{
	struct sighand_struct *sh = kzalloc(sizeof *sh);
	if (sh)
		sh->count = 1;
	return sh;
}

void __cleanup_sighand(struct sighand_struct *sh)
{
	if (sh && --sh->count == 0)
		kfree(sh);
}

/* execve (force_default false) keeps SIG_IGN; CLONE_CLEAR_SIGHAND the same. */
void flush_signal_handlers(struct task_struct *t, bool force_default)
{
	for (int i = 0; i < _NSIG; i++) {
		struct k_sigaction *ka = &t->sighand->action[i];
		if (force_default || ka->handler != SIG_IGN)
			ka->handler = SIG_DFL;
		ka->flags = 0;
		ka->restorer = NULL;
		ka->mask = 0;
	}
}

void init_sigpending(struct sigpending *p)
{
	p->signal = 0;
	INIT_LIST_HEAD(&p->list);
}

/*
 * A siginfo to queue for t, counted for t's real uid, or NULL when that
 * user has RLIMIT_SIGPENDING (t's) queued already - unless override, a
 * signal that must carry its siginfo anyway - as Linux's __sigqueue_alloc.
 */
static struct sigqueue *__sigqueue_alloc(struct task_struct *t, bool override)
{
	long count;
	struct ucounts *uc = inc_rlimit_get_ucounts(t->uid, &count);
	if (!uc)
		return NULL;
	struct sigqueue *q = NULL;
	if (override || (unsigned long)count <= t->signal->rlim[RLIMIT_SIGPENDING].rlim_cur)
		q = kzalloc(sizeof *q);
	if (!q) {
		dec_rlimit_put_ucounts(uc);
		return NULL;
	}
	q->ucounts = uc;
	return q;
}

static void __sigqueue_free(struct sigqueue *q)
{
	list_del_init(&q->list);
	dec_rlimit_put_ucounts(q->ucounts);
	kfree(q);
}

void flush_sigqueue(struct sigpending *p)
{
	struct sigqueue *q, *n;
	list_for_each_entry_safe(q, n, &p->list, list)
		__sigqueue_free(q);
	p->signal = 0;
}

static sigset_t pending_set(struct task_struct *t)
{
	return t->pending.signal | t->signal->shared_pending.signal;
}

bool fatal_signal_pending(struct task_struct *t)
{
	return t->pending.signal & sigmask(SIGKILL);
}

/* Removes the signals in mask from a pending set (and their siginfo). */
static void flush_sigqueue_mask(sigset_t mask, struct sigpending *p)
{
	struct sigqueue *q, *n;
	p->signal &= ~mask;
	list_for_each_entry_safe(q, n, &p->list, list) {
		if (mask & sigmask(q->info.si_signo))
			__sigqueue_free(q);
	}
}

/* Wakes t so it notices a signal: interruptible sleepers always; killable
 * and stopped ones only for a fatal signal. */
void signal_wake_up(struct task_struct *t, bool fatal)
{
	if (!wake_up_state(t, TASK_INTERRUPTIBLE | (fatal ? TASK_WAKEKILL : 0)))
		kick_process(t);        /* running elsewhere: make it look now */
}

static struct k_sigaction *action(struct task_struct *t, int sig)
{
	return &t->sighand->action[sig - 1];
}

static bool sig_handler_ignored(void *handler, int sig)
{
	return handler == SIG_IGN || (handler == SIG_DFL && sig_in(sig, SIG_KERNEL_IGNORE_MASK));
}

/* Would sending sig to t do nothing at all?  (Blocked signals still queue.) */
static bool sig_ignored(struct task_struct *t, int sig, bool force)
{
	if ((t->blocked | t->real_blocked) & sigmask(sig))
		return false;
	void *handler = action(t, sig)->handler;
	/* An init ignores every signal it has no handler for, except forced ones. */
	if ((t->signal->flags & SIGNAL_UNKILLABLE) && handler == SIG_DFL &&
	    !(force && sig_in(sig, SIG_KERNEL_ONLY_MASK)))
		return true;
	if (t->ptrace && sig != SIGKILL)
		return false;           /* the tracer sees even an ignored signal */
	return sig_handler_ignored(handler, sig);
}

/* SIGCONT and the stop signals cancel each other while pending; SIGCONT resumes. */
static void prepare_signal(int sig, struct task_struct *p)
{
	struct signal_struct *sig_s = p->signal;
	struct task_struct *t;
	if (sig_in(sig, SIG_KERNEL_STOP_MASK)) {
		flush_sigqueue_mask(sigmask(SIGCONT), &sig_s->shared_pending);
		for_each_thread(p, t)
			flush_sigqueue_mask(sigmask(SIGCONT), &t->pending);
	} else if (sig == SIGCONT) {
		flush_sigqueue_mask(SIG_KERNEL_STOP_MASK, &sig_s->shared_pending);
		for_each_thread(p, t) {
			flush_sigqueue_mask(SIG_KERNEL_STOP_MASK, &t->pending);
			t->jobctl &= ~JOBCTL_STOP_PENDING;
			wake_up_state(t, __TASK_STOPPED);
		}
		if (sig_s->flags & SIGNAL_STOP_STOPPED) {
			sig_s->flags = (sig_s->flags & ~SIGNAL_STOP_STOPPED) | SIGNAL_STOP_CONTINUED;
			sig_s->group_stop_count = 0;
			do_notify_parent_cldstop(p->group_leader, CLD_CONTINUED);
		}
	}
}

static bool sig_fatal(struct task_struct *p, int sig)
{
	void *handler = action(p, sig)->handler;
	return sig == SIGKILL || (handler == SIG_DFL && !sig_in(sig, SIG_KERNEL_IGNORE_MASK) &&
				  !sig_in(sig, SIG_KERNEL_STOP_MASK));
}

/* Picks who handles a queued signal; a fatal one ends the group at once. */
static void complete_signal(int sig, struct task_struct *p, bool group)
{
	struct signal_struct *s = p->signal;
	struct task_struct *t = p;
	if (group && (p->blocked & sigmask(sig))) {
		struct task_struct *u;
		for_each_thread(p, u)
			if (!(u->blocked & sigmask(sig)) && !(u->flags & PF_EXITING)) {
				t = u;
				break;
			}
	}
	/* A core-dumping signal takes the slow path: the thread that dequeues
	 * it reports "core dumped" through the exit code (get_signal); so does
	 * any but SIGKILL to a traced task, whose tracer sees it first. */
	if (sig_fatal(p, sig) && !sig_in(sig, SIG_KERNEL_COREDUMP_MASK) &&
	    !(s->flags & SIGNAL_GROUP_EXIT) &&
	    !(t->blocked & sigmask(sig)) && !(t->real_blocked & sigmask(sig)) &&
	    (sig == SIGKILL || (!(s->flags & SIGNAL_UNKILLABLE) && !t->ptrace))) {
		s->flags |= SIGNAL_GROUP_EXIT;
		s->group_exit_code = sig;
		s->group_stop_count = 0;
		struct task_struct *u;
		for_each_thread(p, u) {
			u->pending.signal |= sigmask(SIGKILL);
			u->jobctl &= ~JOBCTL_STOP_PENDING;
			signal_wake_up(u, true);
		}
		return;
	}
	if (!(t->blocked & sigmask(sig)))
		signal_wake_up(t, sig == SIGKILL);
}

/* A thread of t's group that has not exited (t itself if it has not), or NULL. */
static struct task_struct *live_thread(struct task_struct *t)
{
	struct task_struct *u;
	if (!t->exit_state)
		return t;
	for_each_thread(t, u)
		if (!u->exit_state)
			return u;
	return NULL;
}

/*
 * Sends sig to t (the thread) or, with group, to its whole process (through
 * a live thread when the leader has already exited).  info may be NULL (a
 * kernel-generated SI_KERNEL signal); force: even a namespace init must
 * take a SIGKILL or SIGSTOP it has no handler for.
 */
static int send_signal(int sig, siginfo_t *info, struct task_struct *t, bool group, bool force)
{
	if (group && t->exit_state && t->sighand) {
		struct task_struct *u = live_thread(t);   /* the leader is gone, the process is not */
		if (u)
			t = u;
	}
	if (t->exit_state || !t->sighand)
		return 0;
	prepare_signal(sig, t);
	if (sig_ignored(t, sig, force))
		return 0;
	struct sigpending *pending = group ? &t->signal->shared_pending : &t->pending;
	bool legacy = sig < SIGRTMIN;
	if (!(legacy && (pending->signal & sigmask(sig)))) {
		/* A legacy signal from the kernel or kill() may exceed the limit
		 * (Linux's override_rlimit); a real-time one never. */
		bool override = legacy && (!info || info->si_code >= 0);
		struct sigqueue *q = __sigqueue_alloc(t, override);
		if (!q && !legacy && info && info->si_code != SI_USER)
			return -EAGAIN;         /* a real-time siginfo queued by sigqueue() or tgkill() */
		if (q) {
			if (info) {
				q->info = *info;
			} else {
				q->info.si_signo = sig;
				q->info.si_code = SI_KERNEL;
			}
			list_add_tail(&q->list, &pending->list);
		}
		pending->signal |= sigmask(sig);
	}
	trace_signal(t, sig);
	complete_signal(sig, t, group);
	return 0;
}

/*
 * Is the sender outside t's pid namespace (in an ancestor)?  Then even a
 * namespace init must take SIGKILL and SIGSTOP from it, as in Linux; from
 * inside, the init ignores every signal it has no handler for.
 */
static bool from_ancestor_ns(struct task_struct *t)
{
	return !pid_nr_ns(current->thread_pid, task_active_pid_ns(t));
}

/* Sends sig to t (group: to its process).  A NULL info is the kernel's own
 * signal (SI_KERNEL), which always gets through. */
int do_send_sig_info(int sig, siginfo_t *info, struct task_struct *t, bool group)
{
	return send_signal(sig, info, t, group, !info || from_ancestor_ns(t));
}

int send_sig_info(int sig, siginfo_t *info, struct task_struct *t)
{
	return send_signal(sig, info, t, false, false);
}

/*
 * A fault: the signal goes to the current thread and cannot be ignored
 * or blocked (if it is, the action is reset to the default, as Linux's
 * force_sig_info does), so the program dies rather than loop.
 */
int force_sig_fault(int sig, int code, unsigned long addr)
{
	struct k_sigaction *ka = action(current, sig);
	siginfo_t info;
	memset(&info, 0, sizeof info);
	info.si_signo = sig;
	info.si_code = code;
	info._sifields.fault.addr = (void *)addr;
	if (ka->handler == SIG_IGN || (current->blocked & sigmask(sig))) {
		ka->handler = SIG_DFL;
		current->blocked &= ~sigmask(sig);
	}
	if (ka->handler == SIG_DFL)
		current->signal->flags &= ~SIGNAL_UNKILLABLE;   /* a faulting init still dies */
	return send_signal(sig, &info, current, false, true);
}

void force_sig(int sig)
{
	force_sig_fault(sig, SI_KERNEL, 0);
}

/* exit_group and fatal signals: every other thread gets SIGKILL. */
int zap_other_threads(struct task_struct *p)
{
	struct task_struct *t;
	int count = 0;
	for_each_thread(p, t) {
		if (t == p || t->exit_state)
			continue;
		count++;
		t->pending.signal |= sigmask(SIGKILL);
		signal_wake_up(t, true);
	}
	return count;
}

/* Takes the next deliverable signal: thread-directed first, lowest number first. */
int dequeue_signal(struct task_struct *t, sigset_t mask, siginfo_t *info)
{
	struct sigpending *sets[2] = { &t->pending, &t->signal->shared_pending };
	for (int i = 0; i < 2; i++) {
		sigset_t ready = sets[i]->signal & ~mask;
		if (!ready)
			continue;
		int sig = __builtin_ctzll(ready) + 1;
		/* SIGKILL first of all, then the synchronous fault signals */
		if (ready & sigmask(SIGKILL))
			sig = SIGKILL;
		struct sigqueue *q, *found = NULL;
		bool more = false;
		list_for_each_entry(q, &sets[i]->list, list) {
			if (q->info.si_signo != sig)
				continue;
			if (found) {
				more = true;
				break;
			}
			found = q;
		}
		if (found) {
			*info = found->info;
			__sigqueue_free(found);
		} else {
			memset(info, 0, sizeof *info);
			info->si_signo = sig;
			info->si_code = SI_USER;
		}
		if (!more)
			sets[i]->signal &= ~sigmask(sig);
		return sig;
	}
	return 0;
}

/* ---- parents: exit and stop notifications -------------------------------------- */

/*
 * Tells t's parent that t (a thread-group leader) has died.  Returns true
 * when t should be reaped right away: the parent ignores SIGCHLD (or set
 * SA_NOCLDWAIT) and the exit signal is SIGCHLD.
 */
bool do_notify_parent(struct task_struct *t, int sig)
{
	struct task_struct *parent = t->real_parent;
	bool autoreap = false;
	siginfo_t info;
	memset(&info, 0, sizeof info);
	info.si_signo = sig;
	info._sifields.chld.pid = pid_nr_ns(task_tgid(t), task_active_pid_ns(parent));
	info._sifields.chld.uid = t->uid;
	int status = (t->signal->flags & SIGNAL_GROUP_EXIT) ? t->signal->group_exit_code : t->exit_code;
	if (status & 0x7f) {
		info.si_code = (status & 0x80) ? CLD_DUMPED : CLD_KILLED;
		info._sifields.chld.status = status & 0x7f;
	} else {
		info.si_code = CLD_EXITED;
		info._sifields.chld.status = (status >> 8) & 0xff;
	}
	if (parent->sighand && sig == SIGCHLD) {
		struct k_sigaction *ka = action(parent, SIGCHLD);
		if (ka->handler == SIG_IGN || (ka->flags & SA_NOCLDWAIT)) {
			autoreap = true;
			if (ka->handler == SIG_IGN)
				sig = 0;
		}
	}
	if (sig > 0 && sig <= _NSIG && parent != &init_task)
		do_send_sig_info(sig, &info, parent, true);
	wake_up(&parent->signal->wait_chldexit);
	wake_pidfd_waiters(t->thread_pid);      /* the process is over: pidfds are readable */
	return autoreap;
}

/* A group stopped or continued: SIGCHLD (unless SA_NOCLDSTOP) and wake wait. */
void do_notify_parent_cldstop(struct task_struct *t, int why)
{
	struct task_struct *parent = t->group_leader->real_parent;
	if (!parent || parent == &init_task || !parent->sighand)
		return;
	siginfo_t info;
	memset(&info, 0, sizeof info);
	info.si_signo = SIGCHLD;
	info.si_code = why;
	info._sifields.chld.pid = pid_nr_ns(task_tgid(t), task_active_pid_ns(parent));
	info._sifields.chld.uid = t->uid;
	info._sifields.chld.status = why == CLD_CONTINUED ? SIGCONT : t->signal->stop_code;
	if (!(action(parent, SIGCHLD)->flags & SA_NOCLDSTOP))
		do_send_sig_info(SIGCHLD, &info, parent, true);
	wake_up(&parent->signal->wait_chldexit);
}

/* The default action of a stop signal: the whole group stops. */
void do_signal_stop(int sig)
{
	struct signal_struct *s = current->signal;
	if (!(s->flags & SIGNAL_STOP_STOPPED) && sig) {
		s->flags = (s->flags & ~SIGNAL_STOP_CONTINUED) | SIGNAL_STOP_STOPPED;
		s->stop_code = sig;
		struct task_struct *t;
		for_each_thread(current, t) {
			if (t != current) {
				t->jobctl |= JOBCTL_STOP_PENDING;
				signal_wake_up(t, false);
			}
		}
		do_notify_parent_cldstop(current->group_leader, CLD_STOPPED);
	}
	current->jobctl &= ~JOBCTL_STOP_PENDING;
	while (s->flags & SIGNAL_STOP_STOPPED && !fatal_signal_pending(current)) {
		current->state = TASK_STOPPED;
		schedule();
	}
}

/*
 * Chooses the next signal to act on (exit_to_user_mode calls this).
 * Default actions happen here: ignore, stop, or kill the group.  Returns
 * true with *ksig filled when a handler must run.
 */
bool get_signal(struct ksignal *ksig)
{
	for (;;) {
		if (current->jobctl & JOBCTL_STOP_PENDING) {
			do_signal_stop(0);
			continue;
		}
		int sig = dequeue_signal(current, current->blocked, &ksig->info);
		if (!sig)
			return false;
		if (current->ptrace && sig != SIGKILL && !(sig = ptrace_signal(sig, &ksig->info)))
			continue;       /* the tracer cancelled it */
		struct k_sigaction *ka = action(current, sig);
		if (sig != SIGKILL && ka->handler == SIG_IGN)
			continue;
		if (sig != SIGKILL && sig != SIGSTOP && ka->handler != SIG_DFL) {
			ksig->ka = *ka;
			ksig->sig = sig;
			if (ka->flags & SA_RESETHAND)
				ka->handler = SIG_DFL;
			return true;
		}
		/* the default action */
		if (sig_in(sig, SIG_KERNEL_IGNORE_MASK))
			continue;
		if ((current->signal->flags & SIGNAL_UNKILLABLE) && !sig_in(sig, SIG_KERNEL_ONLY_MASK) &&
		    !(current->signal->flags & SIGNAL_GROUP_EXIT))
			continue;       /* init ignores what it does not handle */
		if (sig_in(sig, SIG_KERNEL_STOP_MASK)) {
			do_signal_stop(sig);
			continue;
		}
		int code = sig;
		if (sig_in(sig, SIG_KERNEL_COREDUMP_MASK) && current->signal->rlim[RLIMIT_CORE].rlim_cur)
			code |= 0x80;   /* "core dumped" (no file is written) */
		if (current->signal->flags & SIGNAL_GROUP_EXIT)
			code = current->signal->group_exit_code;
		do_group_exit(code);
	}
}

/* ---- system calls ------------------------------------------------------------- */

void set_current_blocked(sigset_t mask)
{
	current->blocked = mask & ~SIG_KERNEL_ONLY_MASK;
}

long sys_rt_sigprocmask(int how, const sigset_t *unset, sigset_t *uoset, size_t sigsetsize)
{
	sigset_t set, old = current->blocked;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (unset) {
		if (copy_from_user(&set, unset, sizeof set))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK:
			set_current_blocked(old | set);
			break;
		case SIG_UNBLOCK:
			set_current_blocked(old & ~set);
			break;
		case SIG_SETMASK:
			set_current_blocked(set);
			break;
		default:
			return -EINVAL;
		}
	}
	if (uoset && copy_to_user(uoset, &old, sizeof old))
		return -EFAULT;
	return 0;
}

long sys_rt_sigaction(int sig, const struct k_sigaction *uact, struct k_sigaction *uoact,
		      size_t sigsetsize)
{
	struct k_sigaction new, old;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (uact && copy_from_user(&new, uact, sizeof new))
		return -EFAULT;
	if (uact && sig_in(sig, SIG_KERNEL_ONLY_MASK))
		return -EINVAL;
	struct k_sigaction *ka = action(current, sig);
	old = *ka;
	if (uact) {
		new.mask &= ~SIG_KERNEL_ONLY_MASK;
		new.flags &= UAPI_SA_FLAGS;
		*ka = new;
		/* POSIX: setting a pending signal to be ignored discards it. */
		if (sig_handler_ignored(new.handler, sig)) {
			struct task_struct *t;
			flush_sigqueue_mask(sigmask(sig), &current->signal->shared_pending);
			for_each_thread(current, t)
				flush_sigqueue_mask(sigmask(sig), &t->pending);
		}
	}
	if (uoact && copy_to_user(uoact, &old, sizeof old))
		return -EFAULT;
	return 0;
}

long sys_rt_sigpending(sigset_t *uset, size_t sigsetsize)
{
	if (sigsetsize > sizeof(sigset_t))
		return -EINVAL;
	sigset_t set = pending_set(current) & current->blocked;
	return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

/* Sleeps with a temporary mask until a signal is delivered. */
long sys_rt_sigsuspend(const sigset_t *unewset, size_t sigsetsize)
{
	sigset_t set;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&set, unewset, sizeof set))
		return -EFAULT;
	current->saved_sigmask = current->blocked;
	set_current_blocked(set);
	while (!signal_pending(current)) {
		current->state = TASK_INTERRUPTIBLE;
		schedule();
	}
	current->restore_sigmask = true;
	return -ERESTARTNOHAND;
}

long sys_pause(void)
{
	while (!signal_pending(current)) {
		current->state = TASK_INTERRUPTIBLE;
		schedule();
	}
	return -ERESTARTNOHAND;
}

/*
 * restart_syscall(2): what a stop interrupted goes on (see struct
 * restart_block in sched.h); with nothing to resume, EINTR.
 */
long sys_restart_syscall(void)
{
	struct restart_block *rb = &current->restart_block;
	long (*fn)(struct restart_block *) = rb->fn;
	rb->fn = NULL;
	return fn ? fn(rb) : -EINTR;
}

/* rt_sigtimedwait: takes a signal from the set without running a handler. */
long sys_rt_sigtimedwait(const sigset_t *uthese, siginfo_t *uinfo, const struct timespec *uts,
			 size_t sigsetsize)
{
	sigset_t these;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&these, uthese, sizeof these))
		return -EFAULT;
	these &= ~SIG_KERNEL_ONLY_MASK;
	u64 deadline = 0;
	if (uts) {
		struct timespec ts;
		long err = get_timespec(&ts, uts);
		if (err)
			return err;
		deadline = ktime_get_ns() + timespec_to_ns(&ts);
	}
	siginfo_t info;
	int sig = dequeue_signal(current, ~these, &info);
	while (!sig) {
		if (uts && ktime_get_ns() >= deadline)
			return -EAGAIN;
		sigset_t saved = current->blocked;
		current->real_blocked = saved;
		current->blocked &= ~these;
		current->state = TASK_INTERRUPTIBLE;
		if (!signal_pending(current)) {
			if (uts)
				schedule_timeout_ns(deadline);
			else
				schedule();
		}
		current->state = TASK_RUNNING;
		current->blocked = saved;
		current->real_blocked = 0;
		sig = dequeue_signal(current, ~these, &info);
		if (!sig && signal_pending(current))
			return -EINTR;
	}
	if (uinfo && copy_to_user(uinfo, &info, sizeof info))
		return -EFAULT;
	return sig;
}
