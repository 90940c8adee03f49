/*
 * fs.h - the virtual file system: Linux's objects, in miniature.
 *
 *   inode     a file itself: type, mode, owner, size, data
 *   dentry    a name in a directory pointing at an inode; dentries form
 *             the tree that path lookup walks (ramfs keeps its whole tree
 *             here, as Linux's ramfs does)
 *   vfsmount  a file system mounted somewhere in a mount namespace
 *   path      a (vfsmount, dentry) pair: a place in the whole tree
 *   file      an open file description: offset, flags, operations;
 *             shared by dup() and fork(), pointed to by fd tables
 *
 *   fs_struct     root, cwd and umask of a task (CLONE_FS shares it)
 *   files_struct  the fd table (CLONE_FILES shares it)
 */
#ifndef USHI_FS_H
#define USHI_FS_H

#include <errno.h>
#include <list.h>
#include <proc_ns.h>
#include <sched.h>
#include <types.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#define NAME_MAX 255
#define PATH_MAX 4096
#define MAXSYMLINKS 40
#define NR_OPEN_DEFAULT 64
#define NR_OPEN_MAX 65536             /* ushi's own bound on a table's size */
#define NR_OPEN_MIN 64                  /* fs.nr_open's range, as Linux's */
#define NR_OPEN_LIMIT (INT_MAX & -64)
extern int sysctl_nr_open;              /* /proc/sys/fs/nr_open: RLIMIT_NOFILE's ceiling */

struct file;
struct inode;
struct dentry;
struct vm_area_struct;
struct poll_table_struct;
struct iovec;
struct seq_buf;
struct path;

struct dir_context {
	/* Returns false when the caller's buffer is full. */
	bool (*actor)(struct dir_context *ctx, const char *name, int len, loff_t pos,
		      u64 ino, unsigned type);
	loff_t pos;
};

struct file_operations {
	ssize_t (*read)(struct file *f, char *ubuf, size_t n, loff_t *pos);
	ssize_t (*write)(struct file *f, const char *ubuf, size_t n, loff_t *pos);
	loff_t (*llseek)(struct file *f, loff_t off, int whence);
	int (*iterate)(struct file *f, struct dir_context *ctx);
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	unsigned int (*poll)(struct file *f, struct poll_table_struct *pt);
	int (*mmap)(struct file *f, struct vm_area_struct *vma);
	int (*open)(struct inode *inode, struct file *f);
	void (*release)(struct inode *inode, struct file *f);
	/* readv/writev as one operation over all the segments (pipes); when
	 * NULL, each segment is a read or write of its own. */
	ssize_t (*read_iov)(struct file *f, const struct iovec *iov, int cnt, size_t n);
	ssize_t (*write_iov)(struct file *f, const struct iovec *iov, int cnt, size_t n);
	/* Lines of its own for /proc/PID/fdinfo/N (a pidfd's Pid). */
	void (*show_fdinfo)(struct seq_buf *s, struct file *f);
	/* fallocate's work once vfs_fallocate checked the arguments. */
	long (*fallocate)(struct file *f, int mode, loff_t offset, loff_t len);
};

struct inode_operations {
	/* Fills dentry->d_inode if the name exists; 0 or -errno. */
	int (*lookup)(struct inode *dir, struct dentry *dentry);
	int (*create)(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t rdev);
	int (*unlink)(struct inode *dir, struct dentry *dentry);
	int (*rmdir)(struct inode *dir, struct dentry *dentry);
	int (*rename)(struct inode *odir, struct dentry *od, struct inode *ndir, struct dentry *nd);
	int (*symlink)(struct inode *dir, struct dentry *dentry, const char *target);
	int (*link)(struct dentry *old, struct inode *dir, struct dentry *dentry);
	const char *(*get_link)(struct dentry *dentry, char *buf);
	/* A "magic" link (/proc/PID/fd/N): a walk through it lands on *out
	 * (referenced), not on a lookup of get_link's text. */
	int (*jump_link)(struct dentry *dentry, struct path *out);
	int (*truncate)(struct inode *inode, loff_t size);
};

struct kstatfs;

struct super_block {
	const char *s_type;             /* "ramfs", "proc", "pipefs"... */
	unsigned long s_magic;          /* statfs's f_type: RAMFS_MAGIC... */
	dev_t s_dev;
	unsigned long s_next_ino;
	struct dentry *s_root;
	int s_count;                    /* mounts using it */
	bool s_pin_dentries;            /* ramfs: a name exists until unlinked */
	unsigned long s_nr_inodes;      /* inodes alive */
	unsigned long s_nr_pages;       /* ramfs: data frames held by its files */
	void (*evict_inode)(struct inode *inode);
	/* statfs's answer for this file system; NULL: simple_statfs's. */
	int (*statfs)(struct dentry *dentry, struct kstatfs *buf);
	void *s_fs_info;                /* the file system's own (procfs: its options); kfree'd with it */
};

struct inode {
	unsigned long i_ino;
	umode_t i_mode;
	uid_t i_uid;
	gid_t i_gid;
	unsigned int i_nlink;
	loff_t i_size;
	dev_t i_rdev;
	struct timespec i_atime, i_mtime, i_ctime;
	int i_count;                    /* dentries and files holding it */
	int i_writecount;               /* > 0: files open for writing; < 0: running programs (ETXTBSY) */
	struct super_block *i_sb;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	struct page **i_pages;          /* ramfs: data frames, NULL for holes (ramfs_pages_lock) */
	unsigned long i_pages_cap;      /* ramfs_pages_lock */
	char *i_link;                   /* ramfs: symlink target */
	struct pipe_inode_info *i_pipe;
	void *i_private;                /* procfs and others: what this inode shows */
	unsigned long i_private2;
	unsigned long i_state;          /* I_LINKABLE */
};

#define I_LINKABLE (1 << 10)            /* an O_TMPFILE file linkat may still name */

#define DCACHE_PINNED 0x1               /* counted once for existing in its fs */
#define DCACHE_DELETED 0x2              /* unlinked, no longer in its parent */

struct dentry {
	int d_count;
	unsigned int d_flags;
	struct inode *d_inode;          /* NULL while a lookup is under way */
	struct dentry *d_parent;        /* itself for a file system's root */
	struct super_block *d_sb;
	struct list_head d_child;       /* in d_parent->d_subdirs */
	struct list_head d_subdirs;
	int d_mounted;                  /* mounts (in any namespace) on this dentry */
	char d_name[NAME_MAX + 1];
};

struct mnt_namespace;

struct vfsmount {
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
	struct vfsmount *mnt_parent;    /* itself for a namespace's root */
	struct dentry *mnt_mountpoint;
	struct mnt_namespace *mnt_ns;
	struct list_head mnt_list;      /* in mnt_ns->list */
	int mnt_count;                  /* paths holding it */
	int mnt_id;
	unsigned int mnt_flags;         /* MNT_*: as mount(2) asked */
};

/* mnt_flags, Linux's values */
#define MNT_NOSUID 0x01
#define MNT_NODEV 0x02
#define MNT_NOEXEC 0x04
#define MNT_NOATIME 0x08
#define MNT_NODIRATIME 0x10
#define MNT_RELATIME 0x20

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

struct mnt_namespace {
	struct ns_common ns;
	int count;
	struct vfsmount *root;
	struct list_head list;
	unsigned long seq;
};

/* f_mode bits */
#define FMODE_READ 0x1
#define FMODE_WRITE 0x2
#define FMODE_LSEEK 0x4
#define FMODE_PATH 0x8
#define FMODE_WRITER 0x10               /* counted in i_writecount: give it back at the last fput */


struct file {
	int f_count;
	unsigned int f_flags;           /* O_* status flags (O_APPEND, O_NONBLOCK...) */
	unsigned int f_mode;
	loff_t f_pos;
	struct path f_path;
	struct inode *f_inode;
	const struct file_operations *f_op;
	void *private_data;
	struct list_head f_ep;          /* epoll items watching this file (fs/eventpoll.c) */
};

/* Linux's get_write_access and deny_write_access: a file cannot be open
 * for writing and executed at once (ETXTBSY either way round). */
static inline int get_write_access(struct inode *inode)
{
	if (inode->i_writecount < 0)
		return -ETXTBSY;
	inode->i_writecount++;
	return 0;
}
static inline void put_write_access(struct inode *inode) { inode->i_writecount--; }
static inline int deny_write_access(struct file *f)
{
	if (f->f_inode->i_writecount > 0)
		return -ETXTBSY;
	f->f_inode->i_writecount--;
	return 0;
}
static inline void allow_write_access(struct file *f) { f->f_inode->i_writecount++; }

struct fs_struct {
	int users;
	int umask;
	int in_exec;
	struct path root, pwd;
};

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
	unsigned long *close_on_exec;
	unsigned long *reserved;        /* handed out, file not yet installed */
};

struct files_struct {
	int count;
	struct fdtable fdt;
	unsigned int next_fd;           /* no free fd below this */
};

/* ---- dentries, inodes, mounts (fs/dcache.c, fs/namespace.c) ------------------ */
struct inode *new_inode(struct super_block *sb, umode_t mode);
void ihold(struct inode *inode);
void iput(struct inode *inode);
struct dentry *d_alloc(struct dentry *parent, const char *name, int len);
struct dentry *d_alloc_root(struct super_block *sb, struct inode *root);
void d_instantiate(struct dentry *d, struct inode *inode);
struct dentry *d_lookup(struct dentry *parent, const char *name, int len);
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
void d_delete(struct dentry *d);
void d_move(struct dentry *d, struct dentry *new_parent, const char *name);
struct super_block *alloc_super(const char *type, bool pin);
void path_get(const struct path *p);
void path_put(const struct path *p);
struct vfsmount *mntget(struct vfsmount *m);
void mntput(struct vfsmount *m);
struct vfsmount *lookup_mnt(const struct path *p);
struct vfsmount *vfs_kern_mount(struct super_block *sb);
int do_add_mount(struct vfsmount *m, const struct path *where);
struct mnt_namespace *create_mnt_ns(struct vfsmount *root);
void put_mnt_ns(struct mnt_namespace *ns);
void umount_tree(struct vfsmount *m);
void shrink_dcache_tree(struct dentry *root);
struct mnt_namespace *copy_mnt_ns(struct mnt_namespace *old, struct fs_struct *fs);
struct timespec current_time(void);

/* ---- path lookup (fs/namei.c) ----------------------------------------------------- */
#define LOOKUP_FOLLOW 0x1       /* follow a final symlink */
#define LOOKUP_DIRECTORY 0x2    /* the final component must be a directory */
#define LOOKUP_PARENT 0x4
#define LOOKUP_EMPTY 0x4000     /* an empty name means dfd itself (AT_EMPTY_PATH) */
int kern_path(const char *name, unsigned flags, struct path *out);
int user_path_at(int dfd, const char *uname, unsigned flags, struct path *out);
int filename_lookup(int dfd, const char *name, unsigned flags, struct path *out);
/* Finds the parent directory of name's last component. */
int filename_parentat(int dfd, const char *name, struct path *parent, char *last, int *lastlen);
struct dentry *lookup_one(struct dentry *dir, const char *name, int len);
char *getname(const char *uname);       /* kmalloc'd copy or ERR_PTR */
void putname(char *name);
int inode_permission(struct inode *inode, int mask);
#define MAY_EXEC 1
#define MAY_WRITE 2
#define MAY_READ 4
int vfs_mkobj(int dfd, const char *name, umode_t mode, dev_t rdev, bool kernel);

/* ---- open files (fs/file_table.c, fs/open.c) ----------------------------------------- */
struct file *alloc_file(const struct path *p, unsigned int flags, const struct file_operations *fop);
struct file *alloc_file_pseudo(struct inode *inode, struct vfsmount *mnt, const char *name,
			       unsigned flags, const struct file_operations *fop);
struct super_block *anon_inode_sb(void);
struct super_block *pipefs_sb(void);
struct file *alloc_anon_file(struct inode *inode, const char *name, unsigned flags,
			     const struct file_operations *fop, void *priv);
struct file *get_file(struct file *f);
void fput(struct file *f);
struct file *dentry_open(const struct path *p, unsigned flags);
struct file *do_filp_open(int dfd, const char *name, int flags, umode_t mode, bool kernel);
struct file *filp_open(const char *path, int flags, umode_t mode);
ssize_t kernel_read(struct file *f, void *buf, size_t n, loff_t *pos);
ssize_t kernel_write(struct file *f, const void *buf, size_t n, loff_t *pos);
loff_t generic_file_llseek(struct file *f, loff_t off, int whence);
loff_t no_llseek(struct file *f, loff_t off, int whence);
int generic_write_check_limits(loff_t pos, size_t *count);
int rw_verify_area(loff_t pos, size_t n);
#define UIO_FASTIOV 8                   /* segments import_iovec keeps in the caller's fast[] */
struct iovec *import_iovec(const struct iovec *uiov, int cnt, struct iovec *fast, long *err);
void free_iovec(struct iovec *iov, struct iovec *fast);

/* ---- epoll (fs/eventpoll.c) ------------------------------------------------------------ */
/* The file's last reference is going: no epoll may watch it any longer. */
void eventpoll_release(struct file *f);

/* ---- the fd table (fs/file.c) ------------------------------------------------------- */
struct file *fget(unsigned int fd);     /* takes a reference; NULL if not open */
struct file *fget_task(struct task_struct *t, unsigned int fd);
int get_unused_fd_flags(unsigned flags);
void fd_install(unsigned int fd, struct file *f);
void put_unused_fd(unsigned int fd);
int close_fd(unsigned int fd);
struct files_struct *dup_fd(struct files_struct *old, int *err);
struct files_struct *files_alloc(void);
void put_files_struct(struct files_struct *files);
void do_close_on_exec(struct files_struct *files);
bool close_on_exec(int fd);
void exit_files(struct task_struct *t);
unsigned long rlimit(int res);

/* ---- statfs (fs/statfs.c) --------------------------------------------------------------- */
struct kstatfs {
	unsigned long f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int f_fsid[2];
	unsigned long f_namelen, f_frsize, f_flags;
};
int simple_statfs(struct dentry *dentry, struct kstatfs *buf);
int vfs_statfs(const struct path *p, struct kstatfs *buf);

/* ---- fs_struct (fs/fs_struct.c) ------------------------------------------------------ */
struct fs_struct *copy_fs_struct(struct fs_struct *old);
void free_fs_struct(struct fs_struct *fs);
void set_fs_root(struct fs_struct *fs, const struct path *path);
void set_fs_pwd(struct fs_struct *fs, const struct path *path);
void exit_fs(struct task_struct *t);
/* The path of p as seen from root; *unreachable if p lies outside it. */
char *d_path(const struct path *p, const struct path *root, char *buf, int size, bool *unreachable);

/* ---- file systems ------------------------------------------------------------------------ */
extern struct vfsmount *root_mnt;
void vfs_init(void);                    /* fs/namespace.c: the root mount, at boot */
struct super_block *ramfs_new_sb(void);
struct super_block *tmpfs_new_sb(void);
struct inode *ramfs_get_inode(struct super_block *sb, umode_t mode, dev_t rdev);
int ramfs_truncate(struct inode *inode, loff_t size);
struct page *ramfs_get_page(struct inode *inode, unsigned long index, bool alloc);
struct page *ramfs_grab_page(struct inode *inode, unsigned long index, bool alloc);
unsigned long ramfs_count_pages(struct inode *inode);
extern const struct file_operations ramfs_file_operations;
int unpack_initramfs(const void *data, size_t len);
void chrdev_open_init(struct inode *inode);
extern const struct file_operations def_chr_fops;
bool is_dev_zero(struct file *f);
void dev_populate(void);
extern const struct file_operations pipe_fifo_fops;
struct proc_fs_info;
struct super_block *proc_new_sb(const struct proc_fs_info *opts);
int proc_mount_data(const void *udata, struct super_block **out);
void proc_init(void);
struct file *tty_console_file(void);

/* mode helpers */
static inline unsigned dt_type(umode_t mode) { return (mode >> 12) & 15; }
#define MKDEV(ma, mi) (((dev_t)(ma) << 8) | (mi))
#define MAJOR(d) ((unsigned)((d) >> 8))
#define MINOR(d) ((unsigned)((d) & 0xff))

#endif
