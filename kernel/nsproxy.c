/*
 * nsproxy.c - namespaces: which ones a task sees, and making new ones for
 * clone(CLONE_NEW*) and unshare().
 *
 * ushi has UTS, mount and pid namespaces; setns(2) joins one (or, with a
 * pidfd, several at once) through the files of /proc/PID/ns.  The other kinds behave as in a
 * Linux built without them: CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWUSER and
 * CLONE_NEWTIME fail with EINVAL, and CLONE_NEWCGROUP is accepted and
 * ignored.  As in Linux, asking for any namespace without CAP_SYS_ADMIN
 * (here: euid 0) fails with EPERM first.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <nsproxy.h>
#include <pid.h>
#include <sched.h>
#include <syscalls.h>
#include <uapi/sched.h>

struct uts_namespace init_uts_ns = {
	.ns = { &utsns_operations, PROC_UTS_INIT_INO },
	.count = 1,
	.name = { "Linux", "ushi", "6.1.0-ushi", "#1 ushi teaching kernel", "x86_64", "(none)" },
};
struct nsproxy init_nsproxy = {
	.count = 1, .uts_ns = &init_uts_ns, .pid_ns_for_children = &init_pid_ns,
};

#define NS_FLAGS (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET | \
		  CLONE_NEWCGROUP | CLONE_NEWTIME)

static struct uts_namespace *get_uts_ns(struct uts_namespace *ns)
{
	if (ns != &init_uts_ns)
		ns->count++;
	return ns;
}

static void put_uts_ns(struct uts_namespace *ns)
{
	if (ns != &init_uts_ns && --ns->count == 0)
		kfree(ns);
}

void put_nsproxy(struct nsproxy *ns)
{
	if (!ns || --ns->count > 0)
		return;
	put_uts_ns(ns->uts_ns);
	put_mnt_ns(ns->mnt_ns);
	put_pid_ns(ns->pid_ns_for_children);
	kfree(ns);
}

/*
 * A new nsproxy for flags: new namespaces of the kinds asked, the rest
 * shared with old.  new_fs (the task's private fs_struct) is moved into
 * a new mount namespace.  Returns ERR_PTR on failure.
 */
static struct nsproxy *create_new_namespaces(u64 flags, struct nsproxy *old,
					     struct task_struct *t, struct fs_struct *new_fs)
{
	if (flags & (CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWTIME))
		return ERR_PTR(-EINVAL);        /* as !CONFIG_IPC_NS, !CONFIG_NET_NS, !CONFIG_TIME_NS */
	struct nsproxy *ns = kzalloc(sizeof *ns);
	if (!ns)
		return ERR_PTR(-ENOMEM);
	/* Start as a copy of old holding its own references, then replace. */
	ns->count = 1;
	ns->uts_ns = get_uts_ns(old->uts_ns);
	ns->mnt_ns = old->mnt_ns;
	ns->mnt_ns->count++;
	ns->pid_ns_for_children = get_pid_ns(old->pid_ns_for_children);
	long err = -ENOMEM;
	if (flags & CLONE_NEWUTS) {
		struct uts_namespace *u = kmalloc(sizeof *u);
		if (!u)
			goto fail;
		*u = *old->uts_ns;
		u->ns.inum = proc_alloc_inum();
		u->count = 1;
		put_uts_ns(ns->uts_ns);
		ns->uts_ns = u;
	}
	if (flags & CLONE_NEWNS) {
		struct mnt_namespace *m = copy_mnt_ns(old->mnt_ns, new_fs);
		if (!m)
			goto fail;
		put_mnt_ns(ns->mnt_ns);
		ns->mnt_ns = m;
	}
	if (flags & CLONE_NEWPID) {
		struct pid_namespace *p = create_pid_namespace(task_active_pid_ns(t));
		if (IS_ERR(p)) {
			err = PTR_ERR(p);
			goto fail;
		}
		put_pid_ns(ns->pid_ns_for_children);
		ns->pid_ns_for_children = p;
	}
	return ns;
fail:
	put_nsproxy(ns);
	return ERR_PTR(err);
}

/* clone: share current's namespaces, or make the new ones flags ask for. */
int copy_namespaces(unsigned long flags, struct task_struct *t)
{
	struct nsproxy *old = current->nsproxy;
	if (!(flags & NS_FLAGS)) {
		old->count++;
		t->nsproxy = old;
		return 0;
	}
	if (!capable())
		return -EPERM;
	if ((flags & CLONE_NEWIPC) && (flags & CLONE_SYSVSEM))
		return -EINVAL;
	struct nsproxy *ns = create_new_namespaces(flags, old, t, t->fs);
	if (IS_ERR(ns))
		return PTR_ERR(ns);
	t->nsproxy = ns;
	return 0;
}

/* unshare: the new nsproxy for the namespace bits of flags (NULL if none). */
int unshare_nsproxy_namespaces(unsigned long flags, struct nsproxy **new_nsp,
			       struct fs_struct *new_fs)
{
	*new_nsp = NULL;
	if (!(flags & NS_FLAGS))
		return 0;
	if (!capable())
		return -EPERM;
	if ((flags & CLONE_NEWIPC) && (flags & CLONE_SYSVSEM))
		return -EINVAL;
	struct nsproxy *ns = create_new_namespaces(flags, current->nsproxy, current,
						   new_fs ? new_fs : current->fs);
	if (IS_ERR(ns))
		return PTR_ERR(ns);
	*new_nsp = ns;
	return 0;
}

void switch_task_namespaces(struct task_struct *t, struct nsproxy *n)
{
	struct nsproxy *old = t->nsproxy;
	t->nsproxy = n;
	put_nsproxy(old);
}

/* ---- the UTS namespace as a file (/proc/PID/ns/uts) ---------------------------------------- */

static struct uts_namespace *to_uts_ns(struct ns_common *ns)
{
	return container_of(ns, struct uts_namespace, ns);
}

static struct ns_common *utsns_get(struct task_struct *t)
{
	return t->nsproxy ? &get_uts_ns(t->nsproxy->uts_ns)->ns : NULL;
}

static void utsns_put(struct ns_common *ns)
{
	put_uts_ns(to_uts_ns(ns));
}

static int utsns_install(struct nsset *nsset, struct ns_common *ns)
{
	if (!capable())
		return -EPERM;
	struct uts_namespace *uts = get_uts_ns(to_uts_ns(ns));
	put_uts_ns(nsset->nsproxy->uts_ns);
	nsset->nsproxy->uts_ns = uts;
	return 0;
}

const struct proc_ns_operations utsns_operations = {
	.name = "uts", .real_ns_name = "uts", .type = CLONE_NEWUTS,
	.get = utsns_get, .put = utsns_put, .install = utsns_install,
};

/* ---- setns(2) --------------------------------------------------------------------------- */

/*
 * The flags setns takes with a pidfd: at least one CLONE_NEW* bit and no
 * other bit; the kinds ushi lacks are EINVAL, as in a Linux built
 * without them (check_setns_flags).
 */
static int check_setns_flags(unsigned long flags)
{
	if (!flags || (flags & ~(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET |
				 CLONE_NEWTIME | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWCGROUP)))
		return -EINVAL;
	if (flags & (CLONE_NEWUSER | CLONE_NEWIPC | CLONE_NEWCGROUP | CLONE_NEWNET | CLONE_NEWTIME))
		return -EINVAL;
	return 0;
}

/* A copy of the caller's namespaces to install into; with CLONE_NEWNS
 * among other kinds, a copy of its root and cwd too, so that a later
 * failure leaves the caller untouched (with CLONE_NEWNS alone the mount
 * namespace's install is the only step, and works on the caller's own). */
static int prepare_nsset(unsigned long flags, struct nsset *nsset)
{
	nsset->flags = flags;
	nsset->fs = NULL;
	nsset->nsproxy = create_new_namespaces(0, current->nsproxy, current, current->fs);
	if (IS_ERR(nsset->nsproxy))
		return PTR_ERR(nsset->nsproxy);
	if (flags == CLONE_NEWNS) {
		nsset->fs = current->fs;
	} else if (flags & CLONE_NEWNS) {
		nsset->fs = copy_fs_struct(current->fs);
		if (!nsset->fs) {
			put_nsproxy(nsset->nsproxy);
			return -ENOMEM;
		}
	}
	return 0;
}

static void put_nsset(struct nsset *nsset)
{
	if (nsset->fs && nsset->fs != current->fs)
		free_fs_struct(nsset->fs);
	if (nsset->nsproxy)
		put_nsproxy(nsset->nsproxy);
}

/* Everything was accepted: the caller now lives in nsset's namespaces. */
static void commit_nsset(struct nsset *nsset)
{
	if ((nsset->flags & CLONE_NEWNS) && nsset->fs != current->fs) {
		set_fs_root(current->fs, &nsset->fs->root);
		set_fs_pwd(current->fs, &nsset->fs->pwd);
	}
	switch_task_namespaces(current, nsset->nsproxy);
	nsset->nsproxy = NULL;
}

/* May the caller join the namespaces of t (Linux's ptrace_may_access,
 * PTRACE_MODE_READ_REALCREDS, without dumpability)? */
static bool may_join(struct task_struct *t)
{
	return t->signal == current->signal || capable() ||
	       (current->uid == t->uid && current->uid == t->euid && current->uid == t->suid);
}

/* setns with a pidfd: every kind in nsset->flags from the process the
 * pidfd names, in Linux's order, all or nothing. */
static int validate_nsset(struct nsset *nsset, struct pid *pid)
{
	struct task_struct *t = pid_task(pid);
	if (!t)
		return -ESRCH;
	if (!may_join(t))
		return -EPERM;
	struct nsproxy *nsp = t->nsproxy;
	if (!nsp)
		return -ESRCH;          /* it has exited: a zombie has no namespaces */
	int err = 0;
	if (nsset->flags & CLONE_NEWNS)
		err = mntns_operations.install(nsset, &nsp->mnt_ns->ns);
	if (!err && (nsset->flags & CLONE_NEWUTS))
		err = utsns_operations.install(nsset, &nsp->uts_ns->ns);
	if (!err && (nsset->flags & CLONE_NEWPID))
		err = pidns_operations.install(nsset, &task_active_pid_ns(t)->ns);
	return err;
}

/*
 * setns(fd, nstype): join the namespace an nsfs file (/proc/PID/ns/X)
 * names - nstype 0 or its kind, else EINVAL - or, with a pidfd, the
 * namespaces of the kinds nstype lists that its process is in, at once.
 * Any other fd is EINVAL; joining needs CAP_SYS_ADMIN (EPERM).
 */
long sys_setns(int fd, int nstype)
{
	struct file *file = fget(fd);
	if (!file)
		return -EBADF;
	unsigned long flags = (unsigned long)(long)nstype;
	struct ns_common *ns = NULL;
	struct pid *pid = NULL;
	int err = 0;
	if (proc_ns_file(file)) {
		ns = get_proc_ns(file->f_inode);
		if (flags && ns->ops->type != flags)
			err = -EINVAL;
		flags = ns->ops->type;
	} else if (!IS_ERR(pid = pidfd_pid(file))) {
		err = check_setns_flags(flags);
	} else {
		err = -EINVAL;
	}
	struct nsset nsset;
	if (!err && !(err = prepare_nsset(flags, &nsset))) {
		err = ns ? ns->ops->install(&nsset, ns) : validate_nsset(&nsset, pid);
		if (!err)
			commit_nsset(&nsset);
		put_nsset(&nsset);
	}
	fput(file);
	return err;
}
