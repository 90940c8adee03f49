/*
 * unshare.c - unshare(2): stop sharing something that clone(2) shared.
 *
 * The flags mean what they mean for clone, read the other way round:
 * CLONE_FILES gives the caller a private copy of its fd table, CLONE_FS
 * of its root/cwd/umask, CLONE_NEW* new namespaces.  CLONE_VM,
 * CLONE_SIGHAND and CLONE_THREAD cannot really be undone, so they succeed
 * only when nothing is shared ("pretend it works if there is nothing to
 * unshare", as Linux says) and fail with EINVAL otherwise.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <nsproxy.h>
#include <sched.h>
#include <syscalls.h>
#include <uapi/sched.h>

#define UNSHARE_ALLOWED (CLONE_THREAD | CLONE_FS | CLONE_NEWNS | CLONE_SIGHAND | CLONE_VM | \
			 CLONE_FILES | CLONE_SYSVSEM | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | \
			 CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWCGROUP | CLONE_NEWTIME)

long sys_unshare(unsigned long flags)
{
	if (flags & ~UNSHARE_ALLOWED)
		return -EINVAL;
	if (flags & CLONE_NEWUSER)
		flags |= CLONE_THREAD | CLONE_FS;
	if (flags & CLONE_VM)
		flags |= CLONE_SIGHAND;
	if (flags & CLONE_SIGHAND)
		flags |= CLONE_THREAD;
	if (flags & CLONE_NEWNS)
		flags |= CLONE_FS;
	if ((flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)) && current->signal->nr_threads > 1)
		return -EINVAL;
	if ((flags & (CLONE_SIGHAND | CLONE_VM)) && current->sighand->count > 1)
		return -EINVAL;
	if ((flags & CLONE_VM) && current->mm && READ_ONCE(current->mm->mm_users) > 1)
		return -EINVAL;

	struct fs_struct *new_fs = NULL;
	struct files_struct *new_files = NULL;
	struct nsproxy *new_ns = NULL;
	long err = 0;
	if ((flags & CLONE_FS) && current->fs->users > 1 && !(new_fs = copy_fs_struct(current->fs)))
		return -ENOMEM;
	if ((flags & CLONE_FILES) && current->files->count > 1) {
		int e;
		if (!(new_files = dup_fd(current->files, &e))) {
			err = e;
			goto out;
		}
	}
	if (flags & CLONE_NEWUSER) {
		err = -EINVAL;          /* no user namespaces */
		goto out;
	}
	if ((err = unshare_nsproxy_namespaces(flags, &new_ns, new_fs)))
		goto out;
	if (new_ns)
		switch_task_namespaces(current, new_ns);
	if (new_fs) {
		struct fs_struct *old = current->fs;
		current->fs = new_fs;
		new_fs = NULL;
		if (--old->users == 0)
			free_fs_struct(old);
	}
	if (new_files) {
		struct files_struct *old = current->files;
		current->files = new_files;
		new_files = NULL;
		put_files_struct(old);
	}
	return 0;
out:
	if (new_fs)
		free_fs_struct(new_fs);
	if (new_files)
		put_files_struct(new_files);
	return err;
}
