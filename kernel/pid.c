/*
 * pid.c - allocating process ids and finding tasks by id.
 *
 * Numbers rise from the last one handed out and wrap around to
 * RESERVED_PIDS (300) at pid_max (/proc/sys/kernel/pid_max), skipping numbers still in use, as
 * Linux does; in a new namespace they start at 1.  A hash table maps
 * (number, namespace) to the struct pid.
 */
#include <errno.h>
#include <kernel.h>
#include <mm.h>
#include <pid.h>
#include <nsproxy.h>
#include <sched.h>
#include <uapi/sched.h>

#define PID_HASH_SIZE 256

int pid_max = PID_MAX_DEFAULT;
struct pid_namespace init_pid_ns = {
	.ns = { &pidns_operations, PROC_PID_INIT_INO }, .count = 1, .level = 0, .last_pid = 0,
};
static struct list_head pid_hash[PID_HASH_SIZE];
static bool pid_hash_ready;

static struct list_head *hash_bucket(int nr, struct pid_namespace *ns)
{
	if (!pid_hash_ready) {
		for (int i = 0; i < PID_HASH_SIZE; i++)
			INIT_LIST_HEAD(&pid_hash[i]);
		pid_hash_ready = true;
	}
	return &pid_hash[((unsigned long)nr ^ ((unsigned long)ns >> 6)) % PID_HASH_SIZE];
}

struct pid *find_pid_ns(int nr, struct pid_namespace *ns)
{
	struct upid *u;
	list_for_each_entry(u, hash_bucket(nr, ns), hash_node)
		if (u->nr == nr && u->ns == ns)
			return container_of(u, struct pid, numbers[ns->level]);
	return NULL;
}

struct pid_namespace *task_active_pid_ns(struct task_struct *t)
{
	struct pid *pid = t->thread_pid;
	return pid ? pid->numbers[pid->level].ns : &init_pid_ns;
}

struct pid *find_vpid(int nr)
{
	return find_pid_ns(nr, task_active_pid_ns(current));
}

/*
 * A number chosen with clone3's set_tid, Linux's rules in Linux's order:
 * in range (EINVAL), 1 in a namespace that has no init yet (EINVAL),
 * asked for by root (EPERM), free (EEXIST).
 */
static int check_set_tid(struct pid_namespace *ns, int want)
{
	if (want < 1 || want >= pid_max)
		return -EINVAL;
	if (want != 1 && !ns->child_reaper)
		return -EINVAL;
	if (!capable())
		return -EPERM;
	return find_pid_ns(want, ns) ? -EEXIST : want;
}

/* The next free number in ns (cyclic). */
static int alloc_pidnr(struct pid_namespace *ns)
{
	int nr = ns->last_pid;
	for (int tries = 0; tries < pid_max; tries++) {
		if (++nr >= pid_max)
			nr = ns->last_pid >= RESERVED_PIDS && ns == &init_pid_ns ? RESERVED_PIDS : 1;
		if (!find_pid_ns(nr, ns)) {
			ns->last_pid = nr;
			return nr;
		}
	}
	return -EAGAIN;
}

/*
 * A new pid with a number in ns and in each ancestor namespace.  set_tid
 * (clone3) may ask for specific numbers, innermost first.
 */
struct pid *alloc_pid(struct pid_namespace *ns, const int *set_tid, int set_tid_size, int *err)
{
	*err = -EINVAL;
	if (set_tid_size > ns->level + 1)
		return NULL;            /* more numbers than namespaces */
	struct pid *pid = kzalloc(sizeof *pid + (ns->level + 1) * sizeof(struct upid));
	*err = -ENOMEM;
	if (!pid)
		return NULL;
	if (ns->dying) {
		kfree(pid);
		return NULL;            /* ENOMEM, as Linux for a dead namespace */
	}
	pid->count = 1;
	pid->attached = 1;              /* the new task's own */
	pid->level = ns->level;
	init_waitqueue_head(&pid->wait_pidfd);
	int i = ns->level;
	for (struct pid_namespace *p = ns; p; p = p->parent, i--) {
		int idx = ns->level - i;
		int nr = idx < set_tid_size ? check_set_tid(p, set_tid[idx]) : alloc_pidnr(p);
		if (nr < 0) {           /* give back the inner levels' numbers */
			for (int j = i + 1; j <= ns->level; j++) {
				list_del_init(&pid->numbers[j].hash_node);
				pid->numbers[j].ns->nr_allocated--;
				put_pid_ns(pid->numbers[j].ns);
			}
			kfree(pid);
			*err = nr;
			return NULL;
		}
		pid->numbers[i].nr = nr;
		pid->numbers[i].ns = get_pid_ns(p);
		p->nr_allocated++;
		list_add(&pid->numbers[i].hash_node, hash_bucket(nr, p));
	}
	*err = 0;
	return pid;
}

struct pid *get_pid(struct pid *pid)
{
	if (pid)
		pid->count++;
	return pid;
}

/* Its numbers are free again: no lookup finds it, a new pid may take them. */
static void free_pid_numbers(struct pid *pid)
{
	for (int i = 0; i <= pid->level; i++) {
		if (list_empty(&pid->numbers[i].hash_node))
			continue;
		list_del_init(&pid->numbers[i].hash_node);
		pid->numbers[i].ns->nr_allocated--;
	}
}

void put_pid(struct pid *pid)
{
	if (!pid)
		return;
	BUG_ON(pid->count <= 0);
	if (--pid->count > 0)
		return;
	free_pid_numbers(pid);
	for (int i = 0; i <= pid->level; i++)
		put_pid_ns(pid->numbers[i].ns);
	kfree(pid);
}

struct pid *attach_pid(struct pid *pid)
{
	if (pid)
		pid->attached++;
	return get_pid(pid);
}

void detach_pid(struct pid *pid)
{
	if (!pid)
		return;
	BUG_ON(pid->attached <= 0);
	if (--pid->attached == 0)
		free_pid_numbers(pid);
	put_pid(pid);
}

int pid_nr_ns(struct pid *pid, struct pid_namespace *ns)
{
	if (pid && ns->level <= pid->level && pid->numbers[ns->level].ns == ns)
		return pid->numbers[ns->level].nr;
	return 0;
}

int pid_vnr(struct pid *pid)
{
	return pid_nr_ns(pid, task_active_pid_ns(current));
}

struct pid_namespace *get_pid_ns(struct pid_namespace *ns)
{
	ns->count++;
	return ns;
}

void put_pid_ns(struct pid_namespace *ns)
{
	while (ns && ns != &init_pid_ns && --ns->count == 0) {
		struct pid_namespace *parent = ns->parent;
		kfree(ns);
		ns = parent;
	}
}

struct pid_namespace *create_pid_namespace(struct pid_namespace *parent)
{
	if (parent->level + 1 >= MAX_PID_NS_LEVEL)
		return ERR_PTR(-ENOSPC);
	struct pid_namespace *ns = kzalloc(sizeof *ns);
	if (!ns)
		return ERR_PTR(-ENOMEM);
	ns->ns.ops = &pidns_operations;
	ns->ns.inum = proc_alloc_inum();
	ns->count = 1;
	ns->level = parent->level + 1;
	ns->parent = get_pid_ns(parent);
	return ns;
}

/* ---- the pid namespace as a file (/proc/PID/ns/pid, pid_for_children, setns) ------- */

static struct pid_namespace *to_pid_ns(struct ns_common *ns)
{
	return container_of(ns, struct pid_namespace, ns);
}

static struct ns_common *pidns_get(struct task_struct *t)
{
	return &get_pid_ns(task_active_pid_ns(t))->ns;
}

/* The namespace t's children will be born in - once it has an init: a
 * namespace just made by unshare has no file until its first child, as
 * in Linux. */
static struct ns_common *pidns_for_children_get(struct task_struct *t)
{
	if (!t->nsproxy || !t->nsproxy->pid_ns_for_children->child_reaper)
		return NULL;
	return &get_pid_ns(t->nsproxy->pid_ns_for_children)->ns;
}

static void pidns_put(struct ns_common *ns)
{
	put_pid_ns(to_pid_ns(ns));
}

/*
 * setns into a pid namespace changes only where the caller's children
 * will be born, and only to its own namespace or one below it (EINVAL):
 * a process may never see a pid namespace from outside that cannot see it.
 */
static int pidns_install(struct nsset *nsset, struct ns_common *ns)
{
	struct pid_namespace *active = task_active_pid_ns(current), *new = to_pid_ns(ns);
	if (!capable())
		return -EPERM;
	if (new->level < active->level)
		return -EINVAL;
	struct pid_namespace *ancestor = new;
	while (ancestor->level > active->level)
		ancestor = ancestor->parent;
	if (ancestor != active)
		return -EINVAL;
	get_pid_ns(new);
	put_pid_ns(nsset->nsproxy->pid_ns_for_children);
	nsset->nsproxy->pid_ns_for_children = new;
	return 0;
}

const struct proc_ns_operations pidns_operations = {
	.name = "pid", .real_ns_name = "pid", .type = CLONE_NEWPID,
	.get = pidns_get, .put = pidns_put, .install = pidns_install,
};

const struct proc_ns_operations pidns_for_children_operations = {
	.name = "pid_for_children", .real_ns_name = "pid", .type = CLONE_NEWPID,
	.get = pidns_for_children_get, .put = pidns_put, .install = pidns_install,
};

/* ---- tasks by id ------------------------------------------------------------- */

struct task_struct *pid_task(struct pid *pid)
{
	return pid ? pid->task : NULL;
}

struct task_struct *find_task_by_vpid(int nr)
{
	return pid_task(find_vpid(nr));
}

struct pid *task_tgid(struct task_struct *t)
{
	return t->group_leader->thread_pid;
}

struct pid *task_pgrp(struct task_struct *t)
{
	return t->signal->pids_pgid;
}

struct pid *task_session(struct task_struct *t)
{
	return t->signal->pids_sid;
}

int task_pid_vnr(struct task_struct *t)
{
	return pid_vnr(t->thread_pid);
}

int task_tgid_nr_ns(struct task_struct *t, struct pid_namespace *ns)
{
	return pid_nr_ns(task_tgid(t), ns);
}

int task_tgid_vnr(struct task_struct *t)
{
	return pid_vnr(task_tgid(t));
}

/* getppid: the parent's tgid as seen from t's namespace (0 if outside it). */
int task_ppid_vnr(struct task_struct *t)
{
	struct task_struct *parent = t->group_leader->real_parent;
	if (!parent || parent == &init_task)
		return 0;
	return pid_nr_ns(task_tgid(parent), task_active_pid_ns(t));
}
