/*
 * pidfd.c - process file descriptors: an fd that names a process, made
 * by clone(CLONE_PIDFD) or pidfd_open().  It becomes readable (poll) when
 * the process has exited, can be signalled (pidfd_send_signal) and
 * waited for (waitid P_PIDFD), and - unlike a pid number - can never
 * come to mean another process.  A PIDFD_THREAD pidfd (clone with
 * CLONE_THREAD, or pidfd_open's flag) names one thread instead, as in
 * Linux 6.9 and later: readable when that thread exits, signalled alone.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <pid.h>
#include <poll.h>
#include <proc.h>
#include <sched.h>
#include <signal.h>
#include <syscalls.h>
#include <uaccess.h>
#include <uapi/misc.h>

/* Has what pid names exited: the thread, or (not thread) its whole group? */
static bool pidfd_exited(struct pid *pid, bool thread)
{
	struct task_struct *t = pid_task(pid);
	if (!t)
		return true;
	return t->exit_state && (thread || t->signal->nr_threads <= 1);
}

static unsigned int pidfd_poll(struct file *f, struct poll_table_struct *pt)
{
	struct pid *pid = f->private_data;
	poll_wait(f, &pid->wait_pidfd, pt);
	return pidfd_exited(pid, f->f_flags & PIDFD_THREAD) ? POLLIN | POLLRDNORM : 0;
}

static void pidfd_release(struct inode *inode __unused, struct file *f)
{
	put_pid(f->private_data);
}

/* fdinfo's Pid: the pid in the reader's namespace (0 if it is not
 * visible there, -1 once reaped), then NSpid with the inner levels, as
 * Linux's pidfd_show_fdinfo. */
static void pidfd_show_fdinfo(struct seq_buf *s, struct file *f)
{
	struct pid *pid = f->private_data;
	struct pid_namespace *ns = task_active_pid_ns(current);
	int nr = pid_task(pid) ? pid_nr_ns(pid, ns) : -1;
	seq_printf(s, "Pid:\t%d\nNSpid:\t%d", nr, nr);
	for (int i = ns->level + 1; nr > 0 && i <= pid->level; i++)
		seq_printf(s, "\t%d", pid->numbers[i].nr);
	seq_printf(s, "\n");
}

static const struct file_operations pidfd_fops = {
	.show_fdinfo = pidfd_show_fdinfo,
	.poll = pidfd_poll,
	.release = pidfd_release,
	.llseek = no_llseek,
};

void wake_pidfd_waiters(struct pid *pid)
{
	if (pid)
		wake_up(&pid->wait_pidfd);
}

/* A new pidfd file for pid and a reserved fd (flags: O_CLOEXEC for the fd,
 * O_NONBLOCK and PIDFD_THREAD for the file); the caller installs it. */
int pidfd_create(struct pid *pid, unsigned flags, struct file **out)
{
	int fd = get_unused_fd_flags(flags);
	if (fd < 0)
		return fd;
	struct inode *inode = new_inode(anon_inode_sb(), S_IFREG | 0600);
	struct file *f = inode ? alloc_anon_file(inode, "[pidfd]", O_RDWR | (flags & O_NONBLOCK),
						 &pidfd_fops, get_pid(pid)) : NULL;
	if (!f) {
		if (inode)
			put_pid(pid);
		put_unused_fd(fd);
		return -ENFILE;
	}
	f->f_flags |= flags & PIDFD_THREAD;     /* O_EXCL: an open flag files do not keep */
	*out = f;
	return fd;
}

struct pid *pidfd_pid(const struct file *file)
{
	return file->f_op == &pidfd_fops ? file->private_data : ERR_PTR(-EBADF);
}

/* The pid behind a pidfd (with a reference), or ERR_PTR(-EBADF). */
struct pid *pidfd_get_pid(int fd, unsigned int *flags)
{
	struct file *f = fget(fd);
	if (!f)
		return ERR_PTR(-EBADF);
	if (f->f_op != &pidfd_fops) {
		fput(f);
		return ERR_PTR(-EBADF);
	}
	struct pid *pid = get_pid(f->private_data);
	*flags = f->f_flags;
	fput(f);
	return pid;
}

long sys_pidfd_open(int upid, unsigned int flags)
{
	if (flags & ~(PIDFD_NONBLOCK | PIDFD_THREAD))
		return -EINVAL;
	if (upid <= 0)
		return -EINVAL;
	struct pid *pid = find_vpid(upid);
	struct task_struct *t = pid_task(pid);
	if (!t)
		return -ESRCH;
	if (!(flags & PIDFD_THREAD) && !thread_group_leader(t))
		return -ENOENT;         /* a process pidfd needs the group's own pid */
	struct file *f;
	int fd = pidfd_create(pid, flags | O_CLOEXEC, &f);
	if (fd >= 0)
		fd_install(fd, f);
	return fd;
}

/*
 * The siginfo pidfd_send_signal delivers: a kill()-like one (SI_TKILL for
 * a single thread), or the caller's own - which must name sig and may
 * claim a kernel or kill() si_code only when a process signals itself.
 */
static long pidfd_siginfo(int sig, siginfo_t *uinfo, struct task_struct *t, bool thread,
			  siginfo_t *info)
{
	if (!uinfo) {
		memset(info, 0, sizeof *info);
		info->si_signo = sig;
		info->si_code = thread ? SI_TKILL : SI_USER;
		info->_sifields.kill.pid = pid_nr_ns(task_tgid(current), task_active_pid_ns(t));
		info->_sifields.kill.uid = current->uid;
		return 0;
	}
	if (copy_from_user(info, uinfo, sizeof *info))
		return -EFAULT;
	if (info->si_signo != sig)
		return -EINVAL;
	if (t->signal != current->signal && (info->si_code >= 0 || info->si_code == SI_TKILL))
		return -EPERM;
	return 0;
}

/* The pid pidfd_send_signal's fd names, referenced: a pidfd's (*thread:
 * one made with PIDFD_THREAD) or a /proc/PID directory's, as Linux's
 * pidfd_to_pid; ERR_PTR(-EBADF) for any other fd. */
static struct pid *pidfd_to_pid(int fd, bool *thread)
{
	struct file *f = fget(fd);
	if (!f)
		return ERR_PTR(-EBADF);
	struct pid *pid = pidfd_pid(f);
	*thread = !IS_ERR(pid) && (f->f_flags & PIDFD_THREAD);
	if (IS_ERR(pid))
		pid = tgid_pidfd_to_pid(f);
	if (!IS_ERR(pid))
		get_pid(pid);
	fput(f);
	return pid;
}

/*
 * pidfd_getfd: a copy of another process's fd, as if passed with
 * SCM_RIGHTS, close-on-exec.  Linux's order: flags, the pidfd, the
 * process (ESRCH once reaped), the permission, then its fd (EBADF, also
 * for a zombie, whose fd table is gone).
 */
long sys_pidfd_getfd(int pidfd, int fd, unsigned int flags)
{
	if (flags)
		return -EINVAL;
	unsigned int ff;
	struct pid *pid = pidfd_get_pid(pidfd, &ff);
	if (IS_ERR(pid))
		return PTR_ERR(pid);
	struct task_struct *t = pid_task(pid);
	put_pid(pid);
	if (!t)
		return -ESRCH;
	if (!ptrace_may_access(t))
		return -EPERM;
	struct file *f = fd < 0 ? NULL : fget_task(t, fd);
	if (!f)
		return -EBADF;
	int nfd = get_unused_fd_flags(O_CLOEXEC);
	if (nfd < 0)
		fput(f);
	else
		fd_install(nfd, f);
	return nfd;
}

/*
 * pidfd_send_signal: the pidfd may also be an fd of a /proc/PID
 * directory, as in Linux.  flags pick the target - the thread, its process, or
 * the process group whose id the pid is - at most one of them; with none,
 * a PIDFD_THREAD pidfd means its thread and any other its process.  A
 * zombie takes the signal (0); a process already reaped is ESRCH.
 */
long sys_pidfd_send_signal(int pidfd, int sig, siginfo_t *uinfo, unsigned int flags)
{
	if (flags & ~(PIDFD_SIGNAL_THREAD | PIDFD_SIGNAL_THREAD_GROUP | PIDFD_SIGNAL_PROCESS_GROUP))
		return -EINVAL;
	if (flags & (flags - 1))
		return -EINVAL;
	bool thread_fd;
	struct pid *pid = pidfd_to_pid(pidfd, &thread_fd);
	if (IS_ERR(pid))
		return PTR_ERR(pid);
	if (!flags)
		flags = thread_fd ? PIDFD_SIGNAL_THREAD : PIDFD_SIGNAL_THREAD_GROUP;
	bool thread = flags == PIDFD_SIGNAL_THREAD;
	struct task_struct *t = pid_task(pid);
	siginfo_t info;
	long err = !t ? -ESRCH : pidfd_siginfo(sig, uinfo, t, thread, &info);
	if (!err && flags == PIDFD_SIGNAL_PROCESS_GROUP)
		err = kill_pgrp_info(pid, sig, &info);
	else if (!err)
		err = kill_task(sig, &info, t, !thread);
	put_pid(pid);
	return err;
}
