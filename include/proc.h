/* proc.h - what procfs files share: entries, the text buffer, helpers. */
#ifndef USHI_PROC_H
#define USHI_PROC_H

#include <fs.h>

struct pid;
struct task_struct;

/* A procfs mount's options (its super block's s_fs_info), Linux's names. */
enum proc_hidepid {
	HIDEPID_OFF = 0,
	HIDEPID_NO_ACCESS = 1,
	HIDEPID_INVISIBLE = 2,
	HIDEPID_NOT_PTRACEABLE = 4,
};
struct proc_fs_info {
	int hide_pid;                   /* enum proc_hidepid */
	gid_t pid_gid;                  /* gid=: exempt from hidepid */
	bool pidonly;                   /* subset=pid */
};
int proc_parse_param(struct proc_fs_info *fi, const char *key, const char *val);  /* proc_root.c */
int proc_parse_options(struct proc_fs_info *fi, char *data);
bool proc_pid_visible(struct super_block *sb, struct task_struct *t);
bool proc_pid_only(struct super_block *sb);

struct seq_buf {
	char *buf;
	size_t size, len;
	bool overflow;
	bool served;                    /* read from: a read at 0 prints it afresh */
	struct dentry *dentry;          /* the file's name (fdinfo/N: which fd) */
};

void seq_printf(struct seq_buf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void seq_putc(struct seq_buf *s, char c);

/* One file or directory of procfs. */
struct proc_entry {
	const char *name;
	umode_t mode;
	int (*show)(struct seq_buf *s, struct pid *pid);        /* text files */
	int (*write)(const char *buf);                          /* writable text files */
	const struct inode_operations *iops;                    /* dirs, links */
	const struct file_operations *fops;                     /* dirs, binary files */
	const void *data;       /* a table directory's struct proc_dir, a sysctl's table */
};

/* The entries of a directory that is a fixed table (/proc/sys/...). */
struct proc_dir {
	const struct proc_entry *entries;
	int n;
};
extern const struct inode_operations proc_table_dir_iops;
extern const struct file_operations proc_table_dir_fops;
extern const struct proc_dir proc_sys_dir;     /* proc_sys.c */
extern const struct inode_operations proc_fd_iops, proc_fdinfo_iops;   /* proc_fd.c */
extern const struct file_operations proc_fd_fops, proc_fdinfo_fops;
extern const struct inode_operations proc_ns_dir_iops;     /* proc_ns.c */
extern const struct file_operations proc_ns_dir_fops;
const char *proc_file_link_name(struct file *f, char *buf);     /* buf: PATH_MAX bytes */
int proc_pid_syscall(struct seq_buf *s, struct pid *pid);          /* proc_syscall.c */
int proc_pid_wchan(struct seq_buf *s, struct pid *pid);
extern const struct inode_operations proc_map_files_iops;       /* proc_map_files.c */
extern const struct file_operations proc_map_files_fops;

extern const struct file_operations proc_seq_fops, proc_root_fops;
extern const struct file_operations proc_seq_fresh_fops;       /* text made at read, not open */
extern const struct inode_operations proc_root_iops;
extern const struct proc_entry proc_root_entries[];
extern const int proc_root_nr;
extern const struct proc_entry proc_pid_only_entries[];         /* subset=pid */
extern const int proc_pid_only_nr;

struct inode *proc_get_inode(struct super_block *sb, const struct proc_entry *e, struct pid *pid);
int proc_lookup_table(const struct proc_entry *tab, int n, struct dentry *d, struct pid *pid);
bool proc_iterate_table(const struct proc_entry *tab, int n, struct file *f, struct dir_context *ctx);
ssize_t proc_dir_read(struct file *f, char *u, size_t n, loff_t *p);

int proc_show_cpuinfo(struct seq_buf *s, struct pid *pid);     /* proc_cpuinfo.c */
/* /proc/PID/maps' line for an area (proc_pid.c); smaps (proc_task_mmu.c). */
struct task_struct;
struct vm_area_struct;
void show_map_vma(struct seq_buf *s, struct task_struct *t, struct vm_area_struct *v);
struct mm_struct;
struct mm_struct *proc_pid_mm_lock(struct pid *pid, struct task_struct **tp);
int show_smaps(struct seq_buf *s, struct pid *pid);
int show_smaps_rollup(struct seq_buf *s, struct pid *pid);
int show_statm(struct seq_buf *s, struct pid *pid);
extern const struct file_operations proc_clear_refs_operations;

/* Entries of /proc that live in other files (proc_pid.c, ipc/shm.c). */
extern const struct file_operations proc_kpagecount_fops;
extern const struct inode_operations proc_sysvipc_iops;
extern const struct file_operations proc_sysvipc_fops;
#define PROC_ROOT_EXTRA_ENTRIES \
	{ "kpagecount", S_IFREG | 0400, NULL, NULL, NULL, &proc_kpagecount_fops, NULL }, \
	{ "sys", S_IFDIR | 0555, NULL, NULL, &proc_table_dir_iops, &proc_table_dir_fops, &proc_sys_dir }, \
	{ "sysvipc", S_IFDIR | 0555, NULL, NULL, &proc_sysvipc_iops, &proc_sysvipc_fops, NULL },

#endif
