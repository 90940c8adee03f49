/*
 * pidfd.c - process file descriptors: an fd that names a process, made
 * by clone(CLONE_PIDFD) or pidfd_open().  It becomes readable (poll) when
 * the process has exited, can be signalled (pidfd_send_signal) and
 * waited for (waitid P_PIDFD), and - unlike a pid number - can never
 * come to mean another process.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <pid.h>
#include <poll.h>
#include <sched.h>
#include <syscalls.h>
#include <uaccess.h>
#include <uapi/misc.h>

/* Has the whole thread group named by pid exited (zombie or gone)? */
static bool pid_group_exited(struct pid *pid)
{
	struct task_struct *t = pid_task(pid);
	return !t || (t->exit_state && t->signal->nr_threads <= 1);
}

static unsigned int pidfd_poll(struct file *f, struct poll_table_struct *pt)
{
	struct pid *pid = f->private_data;
	poll_wait(f, &pid->wait_pidfd, pt);
	return pid_group_exited(pid) ? POLLIN | POLLRDNORM : 0;
}

static void pidfd_release(struct inode *inode __unused, struct file *f)
{
	put_pid(f->private_data);
}

static const struct file_operations pidfd_fops = {
	.poll = pidfd_poll,
	.release = pidfd_release,
	.llseek = no_llseek,
};

void wake_pidfd_waiters(struct pid *pid)
{
	if (pid)
		wake_up(&pid->wait_pidfd);
}

/* A new pidfd file for pid and a reserved fd; the caller installs it. */
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
	*out = f;
	return fd;
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
	if (flags & ~O_NONBLOCK)
		return -EINVAL;
	if (upid <= 0)
		return -EINVAL;
	struct pid *pid = find_vpid(upid);
	struct task_struct *t = pid_task(pid);
	if (!t)
		return -ESRCH;
	if (!thread_group_leader(t))
		return -ENOENT;
	struct file *f;
	int fd = pidfd_create(pid, flags | O_CLOEXEC, &f);
	if (fd >= 0)
		fd_install(fd, f);
	return fd;
}

long sys_pidfd_send_signal(int pidfd, int sig, siginfo_t *uinfo, unsigned int flags)
{
	if (flags)
		return -EINVAL;
	unsigned int ff;
	struct pid *pid = pidfd_get_pid(pidfd, &ff);
	if (IS_ERR(pid))
		return PTR_ERR(pid);
	long err;
	siginfo_t info;
	struct task_struct *t = pid_task(pid);
	if (sig < 0 || sig > _NSIG) {
		err = -EINVAL;
	} else if (uinfo && copy_from_user(&info, uinfo, sizeof info)) {
		err = -EFAULT;
	} else if (uinfo && info.si_signo != sig) {
		err = -EINVAL;
	} else if (!t) {
		err = -ESRCH;           /* reaped; a zombie still takes it (and ignores it) */
	} else if (uinfo && t->signal != current->signal && (info.si_code >= 0 || info.si_code == SI_TKILL)) {
		err = -EPERM;
	} else {
		if (!uinfo) {
			memset(&info, 0, sizeof info);
			info.si_signo = sig;
			info.si_code = SI_USER;
			info._sifields.kill.pid = task_tgid_vnr(current);
			info._sifields.kill.uid = current->uid;
		}
		err = (current->euid && current->euid != t->uid && current->uid != t->uid) ? -EPERM :
		      sig ? do_send_sig_info(sig, &info, t, true) : 0;
	}
	put_pid(pid);
	return err;
}
