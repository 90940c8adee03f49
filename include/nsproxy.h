/*
 * nsproxy.h - the namespaces a task sees, shared (by reference) until
 * clone or unshare asks for a new one of some kind.
 */
#ifndef USHI_NSPROXY_H
#define USHI_NSPROXY_H

#include <proc_ns.h>
#include <types.h>
#include <uapi/misc.h>

struct mnt_namespace;
struct pid_namespace;
struct task_struct;
struct fs_struct;

struct uts_namespace {
	struct ns_common ns;
	int count;
	struct new_utsname name;
};

struct nsproxy {
	int count;
	struct uts_namespace *uts_ns;
	struct mnt_namespace *mnt_ns;
	struct pid_namespace *pid_ns_for_children;
};

extern struct nsproxy init_nsproxy;
extern struct uts_namespace init_uts_ns;

int copy_namespaces(unsigned long flags, struct task_struct *tsk);
void put_nsproxy(struct nsproxy *ns);
int unshare_nsproxy_namespaces(unsigned long flags, struct nsproxy **new_nsp,
			       struct fs_struct *new_fs);
void switch_task_namespaces(struct task_struct *t, struct nsproxy *n);

#endif
