/*
 * proc_ns.c - /proc/PID/ns, as Linux's fs/proc/namespaces.c: one magic
 * link per kind of namespace the kernel has.
 *
 *   readlink("/proc/PID/ns/uts")  "uts:[4026531838]"
 *   open("/proc/PID/ns/uts")      an nsfs file for that namespace (fs/nsfs.c),
 *                                 for setns(2) or to keep it alive
 *
 * ushi has UTS, pid and mount namespaces, so the directory holds uts,
 * pid, pid_for_children and mnt, in Linux's order; a Linux built without
 * IPC, network, user, cgroup and time namespaces has just these.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <pid.h>
#include <proc.h>
#include <proc_ns.h>
#include <sched.h>

/* The task of a link, if the reader may look at its namespaces: its own
 * process, root, or a process of the reader's uid (Linux's
 * ptrace_may_access with PTRACE_MODE_READ_FSCREDS, without dumpability). */
static struct task_struct *ns_link_task(struct dentry *d, int *err)
{
	struct task_struct *t = pid_task((struct pid *)d->d_inode->i_private2);
	*err = -ENOENT;
	if (!t || t->exit_state == EXIT_DEAD)
		return NULL;
	*err = -EACCES;
	if (t->signal != current->signal && !capable() &&
	    (current->fsuid != t->uid || current->fsuid != t->euid || current->fsuid != t->suid))
		return NULL;
	return t;
}

static const struct proc_ns_operations *link_ops(struct dentry *d)
{
	return ((const struct proc_entry *)d->d_inode->i_private)->data;
}

static const char *proc_ns_get_link(struct dentry *d, char *buf)
{
	int err;
	struct task_struct *t = ns_link_task(d, &err);
	if (!t)
		return ERR_PTR(err);
	err = ns_get_name(buf, PATH_MAX, t, link_ops(d));
	return err < 0 ? ERR_PTR(err) : buf;
}

static int proc_ns_jump_link(struct dentry *d, struct path *out)
{
	int err;
	struct task_struct *t = ns_link_task(d, &err);
	if (!t)
		return err;
	return ns_get_path(out, t, link_ops(d));
}

static const struct inode_operations proc_ns_link_iops = {
	.get_link = proc_ns_get_link, .jump_link = proc_ns_jump_link,
};

#define NS_LINK(name, ops) { name, S_IFLNK | 0777, NULL, NULL, &proc_ns_link_iops, NULL, &(ops) }

static const struct proc_entry ns_entries[] = {
	NS_LINK("uts", utsns_operations),
	NS_LINK("pid", pidns_operations),
	NS_LINK("pid_for_children", pidns_for_children_operations),
	NS_LINK("mnt", mntns_operations),
};

static int proc_ns_dir_lookup(struct inode *dir, struct dentry *d)
{
	struct task_struct *t = pid_task((struct pid *)dir->i_private2);
	if (!t || t->exit_state == EXIT_DEAD)
		return -ENOENT;
	return proc_lookup_table(ns_entries, ARRAY_SIZE(ns_entries), d, (struct pid *)dir->i_private2);
}

static int proc_ns_dir_iterate(struct file *f, struct dir_context *ctx)
{
	proc_iterate_table(ns_entries, ARRAY_SIZE(ns_entries), f, ctx);
	return 0;
}

const struct inode_operations proc_ns_dir_iops = { .lookup = proc_ns_dir_lookup };
const struct file_operations proc_ns_dir_fops = { .read = proc_dir_read, .iterate = proc_ns_dir_iterate };
