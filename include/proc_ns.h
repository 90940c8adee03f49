/*
 * proc_ns.h - namespaces as files: the links in /proc/PID/ns, the nsfs
 * files they open (fs/nsfs.c), and setns(2), which joins the namespace
 * such a file names (kernel/nsproxy.c).
 *
 * Each namespace carries a struct ns_common: its kind (the operations
 * below) and its inode number, which is what "uts:[4026531838]" shows
 * and what fstat of an nsfs file gives as st_ino - so two processes are
 * in the same namespace exactly when those numbers are equal.
 */
#ifndef USHI_PROC_NS_H
#define USHI_PROC_NS_H

#include <types.h>

struct file;
struct fs_struct;
struct inode;
struct nsproxy;
struct path;
struct task_struct;

struct ns_common {
	const struct proc_ns_operations *ops;
	unsigned int inum;              /* fixed for its life; never reused */
};

/* What setns is building: a copy of the caller's nsproxy (and, when the
 * mount namespace changes, of its root and cwd), installed only once
 * every namespace asked for has been accepted. */
struct nsset {
	unsigned long flags;            /* CLONE_NEW* being joined */
	struct nsproxy *nsproxy;
	struct fs_struct *fs;
};

struct proc_ns_operations {
	const char *name;               /* its file in /proc/PID/ns */
	const char *real_ns_name;       /* readlink's prefix ("pid" for pid_for_children) */
	unsigned long type;             /* its CLONE_NEW* flag */
	/* t's namespace of this kind with a reference, or NULL (t has exited). */
	struct ns_common *(*get)(struct task_struct *t);
	void (*put)(struct ns_common *ns);
	/* Puts ns into nsset->nsproxy, or -EPERM / -EINVAL as Linux. */
	int (*install)(struct nsset *nsset, struct ns_common *ns);
};

extern const struct proc_ns_operations utsns_operations, mntns_operations;
extern const struct proc_ns_operations pidns_operations, pidns_for_children_operations;

/* Linux's fixed numbers for the initial namespaces (include/linux/proc_ns.h);
 * the others count up from PROC_DYNAMIC_FIRST. */
#define PROC_UTS_INIT_INO 0xEFFFFFFEU
#define PROC_PID_INIT_INO 0xEFFFFFFCU
#define PROC_DYNAMIC_FIRST 0xF0000000U

/* fs/nsfs.c */
void nsfs_init(void);                   /* at boot: its internal mount */
unsigned int proc_alloc_inum(void);
int ns_get_path(struct path *path, struct task_struct *t, const struct proc_ns_operations *ops);
int ns_get_name(char *buf, size_t size, struct task_struct *t, const struct proc_ns_operations *ops);
bool proc_ns_file(const struct file *f);
struct ns_common *get_proc_ns(const struct inode *inode);

#endif
