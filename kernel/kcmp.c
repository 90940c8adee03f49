/*
 * kcmp.c - kcmp(2): do two processes share a kernel object - an open
 * file, the address space, the fd table, root and cwd, the signal
 * handlers?  Checkpoint tools ask it, and so do tests of fd passing
 * (pidfd_getfd).  The answer orders the two objects: 0 the same, 1 the
 * first below, 2 above.  Linux hides the addresses behind a per-boot
 * permutation; ushi orders them as they are.
 */
#include <errno.h>
#include <fs.h>
#include <pid.h>
#include <sched.h>
#include <syscalls.h>

enum kcmp_type {
	KCMP_FILE,
	KCMP_VM,
	KCMP_FILES,
	KCMP_FS,
	KCMP_SIGHAND,
	KCMP_IO,
	KCMP_SYSVSEM,
	KCMP_EPOLL_TFD,
	KCMP_TYPES,
};

static long kcmp_ptr(const void *a, const void *b)
{
	return a == b ? 0 : a < b ? 1 : 2;
}

static long kcmp_files(struct task_struct *t1, struct task_struct *t2, unsigned long idx1,
		       unsigned long idx2)
{
	struct file *f1 = idx1 > INT_MAX ? NULL : fget_task(t1, idx1);
	struct file *f2 = idx2 > INT_MAX ? NULL : fget_task(t2, idx2);
	long ret = f1 && f2 ? kcmp_ptr(f1, f2) : -EBADF;
	if (f1)
		fput(f1);
	if (f2)
		fput(f2);
	return ret;
}

/* Linux's order: both tasks (ESRCH), ptrace's permission on both
 * (EPERM), then the type (EINVAL; EOPNOTSUPP for an epoll's target,
 * which ushi cannot look up). */
long sys_kcmp(int pid1, int pid2, int type, unsigned long idx1, unsigned long idx2)
{
	struct task_struct *t1 = find_task_by_vpid(pid1), *t2 = find_task_by_vpid(pid2);
	if (!t1 || !t2)
		return -ESRCH;
	if (!ptrace_may_access(t1) || !ptrace_may_access(t2))
		return -EPERM;
	switch (type) {
	case KCMP_FILE:
		return kcmp_files(t1, t2, idx1, idx2);
	case KCMP_VM:
		return kcmp_ptr(t1->mm, t2->mm);
	case KCMP_FILES:
		return kcmp_ptr(t1->files, t2->files);
	case KCMP_FS:
		return kcmp_ptr(t1->fs, t2->fs);
	case KCMP_SIGHAND:
		return kcmp_ptr(t1->sighand, t2->sighand);
	case KCMP_IO:
	case KCMP_SYSVSEM:
		return 0;               /* no I/O contexts, no semaphore undo lists: both none */
	case KCMP_EPOLL_TFD:
		return -EOPNOTSUPP;
	}
	return -EINVAL;
}
