/*
 * select.c - poll, ppoll, select and pselect6: wait for any of many
 * files to become ready.
 *
 * Each pass asks every file's poll operation for its ready events; the
 * first pass also lets each file register the wait queues that will be
 * woken when its state changes (poll_wait).  If nothing is ready we
 * sleep until one of them wakes us, a signal arrives, or time runs out.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <syscalls.h>
#include <time.h>
#include <uaccess.h>
#include <uapi/misc.h>

#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)
#define POLL_MAX_FDS 4096

void poll_wait(struct file *f, struct wait_queue_head *wq, struct poll_table_struct *pt)
{
	if (pt && pt->qproc) {
		pt->qproc(f, wq, pt);
		return;
	}
	if (!pt || pt->nr >= pt->max)
		return;
	struct poll_table_entry *e = &pt->entries[pt->nr++];
	e->wq = wq;
	init_wait(&e->wait);
	e->wait.task = current;
	list_add_tail(&e->wait.entry, &wq->head);
}

static void poll_freewait(struct poll_table_struct *pt)
{
	for (int i = 0; i < pt->nr; i++)
		list_del_init(&pt->entries[i].wait.entry);
	kfree(pt->entries);
}

/*
 * Polls fds[0..n) until something is ready or deadline (0: forever,
 * ~0: don't wait).  Fills revents; returns the number ready or -errno.
 *
 * As Linux, every pass looks each fd up afresh: another thread may close
 * it, or dup2 another file over it, while we sleep.  The files of the
 * first pass stay held (Linux's poll table holds them too) because our
 * wait entries sit on their queues.  An fd found closed on a later pass
 * is POLLNVAL for poll; for select it is ready in every set it was asked
 * in, so that select cannot sleep on it for ever (Linux 5.17's commit
 * 68514dacf271, also in the stable kernels).
 */
static long do_poll(struct pollfd *fds, unsigned n, u64 deadline, bool select)
{
	struct poll_table_struct pt = { kmalloc((n ? n : 1) * 2 * sizeof(struct poll_table_entry)), 0, n * 2, NULL };
	struct file **files = kzalloc((n ? n : 1) * sizeof *files);
	long ret = 0;
	if (!pt.entries || !files) {
		kfree(pt.entries);
		kfree(files);
		return -ENOMEM;
	}
	for (unsigned i = 0; i < n; i++)
		files[i] = fds[i].fd >= 0 ? fget(fds[i].fd) : NULL;
	bool first = true;
	for (;;) {
		ret = 0;
		for (unsigned i = 0; i < n; i++) {
			fds[i].revents = 0;
			if (fds[i].fd < 0)
				continue;
			struct file *f = first ? files[i] : fget(fds[i].fd);
			if (!f) {
				fds[i].revents = select && !first ? fds[i].events : POLLNVAL;
				ret++;
				continue;
			}
			unsigned mask = f->f_op && f->f_op->poll ?
					f->f_op->poll(f, first ? &pt : NULL) : DEFAULT_POLLMASK;
			if (!first)
				fput(f);
			fds[i].revents = mask & (fds[i].events | POLLERR | POLLHUP);
			if (fds[i].revents)
				ret++;
		}
		first = false;
		if (ret || deadline == ~0ULL || (deadline && ktime_get_ns() >= deadline))
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTNOHAND;
			break;
		}
		current->state = TASK_INTERRUPTIBLE;
		if (deadline)
			schedule_timeout_ns(deadline);
		else
			schedule();
		current->state = TASK_RUNNING;
	}
	poll_freewait(&pt);
	for (unsigned i = 0; i < n; i++)
		if (files[i])
			fput(files[i]);
	kfree(files);
	return ret;
}

static long poll_common(struct pollfd *ufds, unsigned n, u64 deadline)
{
	if (n > POLL_MAX_FDS || n > rlimit(RLIMIT_NOFILE))
		return -EINVAL;
	struct pollfd *fds = kmalloc((n ? n : 1) * sizeof *fds);
	if (!fds)
		return -ENOMEM;
	long ret = copy_from_user(fds, ufds, n * sizeof *fds) ? -EFAULT : do_poll(fds, n, deadline, false);
	if (ret >= 0) {
		for (unsigned i = 0; i < n; i++)
			if (put_user(fds[i].revents, &ufds[i].revents)) {
				ret = -EFAULT;
				break;
			}
	}
	kfree(fds);
	return ret;
}

/* restart_syscall after a stop: poll on, towards the same deadline. */
static long poll_restart(struct restart_block *rb)
{
	long ret = poll_common(rb->uaddr, rb->val, rb->deadline);
	if (ret == -ERESTARTNOHAND) {
		current->restart_block.fn = poll_restart;
		current->restart_block.uaddr = rb->uaddr;
		current->restart_block.val = rb->val;
		current->restart_block.deadline = rb->deadline;
		ret = -ERESTART_RESTARTBLOCK;
	}
	return ret;
}

/*
 * poll: a signal ends the wait with EINTR when a handler runs; a stop does
 * not end it, and with a timeout it goes on towards the same deadline
 * (through restart_syscall) rather than starting the timeout afresh.
 */
long sys_poll(struct pollfd *ufds, unsigned int n, int timeout_ms)
{
	u64 deadline = timeout_ms < 0 ? 0 : timeout_ms == 0 ? ~0ULL :
		       ktime_get_ns() + (u64)timeout_ms * NSEC_PER_MSEC;
	struct restart_block rb = { .uaddr = ufds, .val = n, .deadline = deadline };
	if (timeout_ms > 0)
		return poll_restart(&rb);
	return poll_common(ufds, n, deadline);
}

/* Reads a timeout; *deadline 0 = forever, ~0 = return at once. */
static long read_timeout(const struct timespec *uts, u64 *deadline)
{
	struct timespec ts;
	*deadline = 0;
	if (!uts)
		return 0;
	long err = get_timespec(&ts, uts);
	if (err)
		return err;
	*deadline = (!ts.tv_sec && !ts.tv_nsec) ? ~0ULL : ktime_get_ns() + timespec_to_ns(&ts);
	return 0;
}

/*
 * As Linux, ppoll, select and pselect6 write the time that was left back
 * into the caller's timeout (a zero timeout stays as it was); if that
 * cannot be written, an interrupted call is not restarted (EINTR).  Under
 * the STICKY_TIMEOUTS personality nothing is written, and so too EINTR.
 */
static long write_time_left(void *ut, bool timeval, u64 deadline, long ret)
{
	if (!ut)
		return ret;
	if (current->personality & STICKY_TIMEOUTS)
		return ret == -ERESTARTNOHAND ? -EINTR : ret;
	if (deadline == ~0ULL)
		return ret;
	u64 now = ktime_get_ns(), left = deadline > now ? deadline - now : 0;
	struct timespec ts = { (long)(left / NSEC_PER_SEC), (long)(left % NSEC_PER_SEC) };
	struct timeval tv = { ts.tv_sec, ts.tv_nsec / 1000 };
	if (timeval ? copy_to_user(ut, &tv, sizeof tv) : copy_to_user(ut, &ts, sizeof ts))
		return ret == -ERESTARTNOHAND ? -EINTR : ret;
	return ret;
}

/* The temporary signal mask of ppoll/pselect/epoll_pwait, restored on the way out. */
long set_user_sigmask(const sigset_t *umask, size_t size)
{
	sigset_t m;
	if (!umask)
		return 0;
	if (size != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&m, umask, sizeof m))
		return -EFAULT;
	current->saved_sigmask = current->blocked;
	set_current_blocked(m);
	current->restore_sigmask = true;
	return 0;
}

void restore_user_sigmask(const sigset_t *umask, long ret)
{
	if (!umask || ret == -ERESTARTNOHAND)
		return;         /* a signal handler runs first; the frame restores it */
	set_current_blocked(current->saved_sigmask);
	current->restore_sigmask = false;
}

long sys_ppoll(struct pollfd *ufds, unsigned int n, const struct timespec *uts,
	       const sigset_t *umask, size_t sigsetsize)
{
	u64 deadline;
	long ret = read_timeout(uts, &deadline);
	if (ret || (ret = set_user_sigmask(umask, sigsetsize)))
		return ret;
	ret = write_time_left((void *)uts, false, deadline, poll_common(ufds, n, deadline));
	restore_user_sigmask(umask, ret);
	return ret;
}

/* select: fd_set bitmaps in, the same bitmaps (ready bits only) out. */
static long do_select(int n, unsigned long *uin, unsigned long *uout, unsigned long *uex, u64 deadline)
{
	if (n < 0)
		return -EINVAL;
	if ((unsigned long)n > rlimit(RLIMIT_NOFILE))
		n = rlimit(RLIMIT_NOFILE);
	size_t words = (n + 63) / 64;
	unsigned long in[16] = { 0 }, out[16] = { 0 }, ex[16] = { 0 };
	if (words > 16)
		return -EINVAL;
	if ((uin && copy_from_user(in, uin, words * 8)) || (uout && copy_from_user(out, uout, words * 8)) ||
	    (uex && copy_from_user(ex, uex, words * 8)))
		return -EFAULT;
	struct pollfd *fds = kmalloc((n ? n : 1) * sizeof *fds);
	if (!fds)
		return -ENOMEM;
	int cnt = 0;
	for (int fd = 0; fd < n; fd++) {
		unsigned long bit = 1UL << (fd % 64);
		short ev = (in[fd / 64] & bit ? POLLIN : 0) | (out[fd / 64] & bit ? POLLOUT : 0) |
			   (ex[fd / 64] & bit ? POLLPRI : 0);
		if (ev)
			fds[cnt++] = (struct pollfd){ fd, ev, 0 };
	}
	long ret = do_poll(fds, cnt, deadline, true);
	if (ret >= 0) {
		memset(in, 0, sizeof in);
		memset(out, 0, sizeof out);
		memset(ex, 0, sizeof ex);
		ret = 0;
		for (int i = 0; i < cnt; i++) {
			int fd = fds[i].fd;
			unsigned long bit = 1UL << (fd % 64);
			if (fds[i].revents & POLLNVAL) {
				ret = -EBADF;
				break;
			}
			if ((fds[i].events & POLLIN) && (fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				in[fd / 64] |= bit, ret++;
			if ((fds[i].events & POLLOUT) && (fds[i].revents & (POLLOUT | POLLERR)))
				out[fd / 64] |= bit, ret++;
			if ((fds[i].events & POLLPRI) && (fds[i].revents & POLLPRI))
				ex[fd / 64] |= bit, ret++;
		}
		if (ret >= 0 && ((uin && copy_to_user(uin, in, words * 8)) ||
				 (uout && copy_to_user(uout, out, words * 8)) ||
				 (uex && copy_to_user(uex, ex, words * 8))))
			ret = -EFAULT;
	}
	kfree(fds);
	return ret;
}

long sys_select(int n, unsigned long *in, unsigned long *out, unsigned long *ex, struct timeval *utv)
{
	u64 deadline = 0;
	if (utv) {
		struct timeval tv;
		if (copy_from_user(&tv, utv, sizeof tv))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0)
			return -EINVAL;
		u64 ns = tv.tv_sec * NSEC_PER_SEC + tv.tv_usec * 1000ULL;
		deadline = ns ? ktime_get_ns() + ns : ~0ULL;
	}
	return write_time_left(utv, true, deadline, do_select(n, in, out, ex, deadline));
}

long sys_pselect6(int n, unsigned long *in, unsigned long *out, unsigned long *ex,
		  const struct timespec *uts, void *usig)
{
	u64 deadline;
	long ret = read_timeout(uts, &deadline);
	if (ret)
		return ret;
	const sigset_t *umask = NULL;
	if (usig) {
		struct { const sigset_t *p; size_t size; } s;
		if (copy_from_user(&s, usig, sizeof s))
			return -EFAULT;
		umask = s.p;
		if ((ret = set_user_sigmask(umask, s.size)))
			return ret;
	}
	ret = write_time_left((void *)uts, false, deadline, do_select(n, in, out, ex, deadline));
	restore_user_sigmask(umask, ret);
	return ret;
}
