/*
 * pid.h - process ids and pid namespaces.
 *
 * A struct pid is one id with a number in each pid namespace it is
 * visible in: a task in a child namespace has its own small number there
 * (1 for that namespace's init) and an ordinary number in every ancestor
 * namespace.  Its numbers are taken while a task, a process group or a
 * session uses them; the struct itself lives as long as anything refers
 * to it (also a pidfd, a /proc/PID inode), which is how a pidfd can never
 * come to mean another process: its struct has no task any more.
 */
#ifndef USHI_PID_H
#define USHI_PID_H

#include <list.h>
#include <proc_ns.h>
#include <sched.h>
#include <types.h>

#define MAX_PID_NS_LEVEL 32
#define PID_MAX_DEFAULT 32768
#define PID_MAX_LIMIT (4 * 1024 * 1024)
extern int pid_max;                     /* kernel.pid_max: numbers are below it */
#define RESERVED_PIDS 300

struct task_struct;

struct pid_namespace {
	struct ns_common ns;
	int count;
	int level;                      /* 0 for the initial namespace */
	struct pid_namespace *parent;
	int last_pid;
	int nr_allocated;
	struct task_struct *child_reaper;       /* its init (pid 1) */
	bool dying;                     /* its init has exited */
};

struct upid {
	int nr;
	struct pid_namespace *ns;
	struct list_head hash_node;
};

struct pid {
	int count;                      /* references: users, pidfds, procfs inodes, waiters */
	int attached;                   /* users: a task's id, a process group's, a session's */
	int level;
	struct task_struct *task;       /* the thread whose id this is, while it lives */
	struct wait_queue_head wait_pidfd;      /* pidfd pollers: woken when the task exits */
	struct upid numbers[];          /* level + 1 entries */
};

extern struct pid_namespace init_pid_ns;

struct pid *alloc_pid(struct pid_namespace *ns, const int *set_tid, int set_tid_size, int *err);
struct pid *get_pid(struct pid *pid);
void put_pid(struct pid *pid);
/*
 * A task, process group or session starts (attach_pid) or stops
 * (detach_pid) using pid's numbers, each also a reference.  With its
 * last user a pid's numbers are free again, as Linux's free_pid: a pidfd
 * or /proc/PID fd keeps only the struct, whose task is gone (ESRCH), and
 * cannot hold a number back from a new process.
 */
struct pid *attach_pid(struct pid *pid);
void detach_pid(struct pid *pid);
struct pid *find_pid_ns(int nr, struct pid_namespace *ns);
struct pid *find_vpid(int nr);
int pid_nr_ns(struct pid *pid, struct pid_namespace *ns);
int pid_vnr(struct pid *pid);
struct pid_namespace *task_active_pid_ns(struct task_struct *t);
struct pid_namespace *get_pid_ns(struct pid_namespace *ns);
void put_pid_ns(struct pid_namespace *ns);
struct pid_namespace *create_pid_namespace(struct pid_namespace *parent);

struct task_struct *pid_task(struct pid *pid);
struct task_struct *find_task_by_vpid(int nr);
int task_pid_vnr(struct task_struct *t);
int task_tgid_vnr(struct task_struct *t);
int task_tgid_nr_ns(struct task_struct *t, struct pid_namespace *ns);
int task_ppid_vnr(struct task_struct *t);
struct pid *task_tgid(struct task_struct *t);
struct pid *task_pgrp(struct task_struct *t);
struct pid *task_session(struct task_struct *t);
void kill_pgrp_nr(int pgrp, int sig);

/* kernel/pidfd.c */
struct file;
void wake_pidfd_waiters(struct pid *pid);
/* A new pidfd file for pid in *out and a reserved fd number (returned, or
 * -errno); the caller installs the file, or gives both back on failure. */
int pidfd_create(struct pid *pid, unsigned flags, struct file **out);
/* The pid a pidfd's file names (no reference), or ERR_PTR(-EBADF) for another file. */
struct pid *pidfd_pid(const struct file *file);
/* fs/proc_pid.c: the same (no reference) for a /proc/PID directory's file. */
struct pid *tgid_pidfd_to_pid(const struct file *file);
/* The pid a pidfd refers to, and its file's flags in *flags; ERR_PTR on error. */
struct pid *pidfd_get_pid(int fd, unsigned int *flags);

#endif
