/*
 * nsproxy.c - namespaces: which ones a task sees, and making new ones for
 * clone(CLONE_NEW*) and unshare().
 *
 * ushi has UTS, mount and pid namespaces.  The other kinds behave as in a
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
#include <uapi/sched.h>

struct uts_namespace init_uts_ns = {
	.count = 1,
	.name = { "Linux", "ushi", "6.1.0-ushi", "#1 ushi teaching kernel", "x86_64", "(none)" },
};
struct nsproxy init_nsproxy = {
	.count = 1, .uts_ns = &init_uts_ns, .pid_ns_for_children = &init_pid_ns,
};

#define NS_FLAGS (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET | \
		  CLONE_NEWCGROUP | CLONE_NEWTIME)

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
	ns->uts_ns = old->uts_ns;
	if (ns->uts_ns != &init_uts_ns)
		ns->uts_ns->count++;
	ns->mnt_ns = old->mnt_ns;
	ns->mnt_ns->count++;
	ns->pid_ns_for_children = get_pid_ns(old->pid_ns_for_children);
	long err = -ENOMEM;
	if (flags & CLONE_NEWUTS) {
		struct uts_namespace *u = kmalloc(sizeof *u);
		if (!u)
			goto fail;
		*u = *old->uts_ns;
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
