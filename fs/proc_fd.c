/*
 * proc_fd.c - /proc/PID/fd and /proc/PID/fdinfo, as Linux's fs/proc/fd.c.
 *
 *   fd/N      a symlink per open fd: readlink gives the file's path (or
 *             "pipe:[ino]", "anon_inode:[pidfd]"), and a path walk through
 *             it lands on the open file itself (a "magic" link), so
 *             open("/proc/self/fd/N") reopens that file even when it has
 *             no name
 *   fdinfo/N  pos, flags (O_CLOEXEC included), mnt_id, ino, and what the
 *             file adds (a pidfd: its Pid)
 * The fd number is the dentry's name; the task is the inode's pid, and
 * each lookup or read looks at the fd table as it is then.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <pid.h>
#include <proc.h>
#include <sched.h>

static struct task_struct *inode_task(struct inode *inode)
{
	struct task_struct *t = pid_task((struct pid *)inode->i_private2);
	return t && t->exit_state != EXIT_DEAD ? t : NULL;
}

/* The fd a name stands for, or -1. */
static int name_to_fd(const char *name)
{
	const char *end;
	unsigned long fd = simple_strtoul(name, &end, 10);
	if (*end || !*name || (name[0] == '0' && name[1]) || fd > INT_MAX)
		return -1;
	return (int)fd;
}

/* The file open at fd in t's table, with a reference, or NULL. */
static struct file *task_fget(struct task_struct *t, int fd)
{
	struct files_struct *files = t ? t->files : NULL;
	if (!files || fd < 0 || (unsigned)fd >= files->fdt.max_fds || !files->fdt.fd[fd])
		return NULL;
	return get_file(files->fdt.fd[fd]);
}

static struct file *dentry_fget(struct dentry *d)
{
	return task_fget(inode_task(d->d_inode), name_to_fd(d->d_name));
}

/* ---- fd/N: the links --------------------------------------------------------------------- */

/* What readlink shows for f, as Linux's d_path with the pseudo file
 * systems' d_dname. */
const char *proc_file_link_name(struct file *f, char *buf)
{
	struct dentry *d = f->f_path.dentry;
	if (d->d_sb == pipefs_sb()) {
		snprintf(buf, PATH_MAX, "pipe:[%lu]", f->f_inode->i_ino);
		return buf;
	}
	if (d->d_sb == anon_inode_sb()) {
		snprintf(buf, PATH_MAX, "anon_inode:%s", d->d_name);
		return buf;
	}
	bool unreachable;
	char *tmp = kmalloc(PATH_MAX);
	if (!tmp)
		return ERR_PTR(-ENOMEM);
	char *name = d_path(&f->f_path, &current->fs->root, tmp, PATH_MAX, &unreachable);
	if (!IS_ERR(name))
		snprintf(buf, PATH_MAX, "%s%s", name,
			 (d->d_flags & DCACHE_DELETED) ? " (deleted)" : "");
	kfree(tmp);
	return IS_ERR(name) ? (const char *)name : buf;
}

static const char *proc_fd_get_link(struct dentry *d, char *buf)
{
	struct file *f = dentry_fget(d);
	if (!f)
		return ERR_PTR(-ENOENT);
	const char *s = proc_file_link_name(f, buf);
	fput(f);
	return s;
}

static int proc_fd_jump_link(struct dentry *d, struct path *out)
{
	struct file *f = dentry_fget(d);
	if (!f)
		return -ENOENT;
	*out = f->f_path;
	path_get(out);
	fput(f);
	return 0;
}

static const struct inode_operations proc_fd_link_iops = {
	.get_link = proc_fd_get_link, .jump_link = proc_fd_jump_link,
};

/* ---- fdinfo/N ------------------------------------------------------------------------------ */

static int show_fdinfo(struct seq_buf *s, struct pid *pid)
{
	struct task_struct *t = pid_task(pid);
	int fd = name_to_fd(s->dentry->d_name);
	struct file *f = task_fget(t, fd);
	if (!f)
		return -ENOENT;
	struct fdtable *fdt = &t->files->fdt;
	bool cloexec = fdt->close_on_exec[fd / 64] & (1UL << (fd % 64));
	/* f_flags holds the status flags; the access mode is f_mode's (as F_GETFL) */
	unsigned acc = (f->f_mode & FMODE_WRITE) ? ((f->f_mode & FMODE_READ) ? O_RDWR : O_WRONLY) : O_RDONLY;
	seq_printf(s, "pos:\t%lld\nflags:\t0%o\nmnt_id:\t%d\nino:\t%lu\n", f->f_pos,
		   f->f_flags | acc | (cloexec ? O_CLOEXEC : 0), f->f_path.mnt->mnt_id, f->f_inode->i_ino);
	if (f->f_op && f->f_op->show_fdinfo)
		f->f_op->show_fdinfo(s, f);
	fput(f);
	return 0;
}

/* ---- the directories ------------------------------------------------------------------------ */

static const struct proc_entry fd_link_entry = { "fd", S_IFLNK, NULL, NULL, &proc_fd_link_iops, NULL, NULL };
static const struct proc_entry fdinfo_entry = { "fdinfo", S_IFREG | 0444, show_fdinfo, NULL, NULL, NULL, NULL };

/* d names an open fd of the directory's task: its link (mode from the
 * file's access, as Linux's tid_fd_update_inode) or its fdinfo file. */
static int fd_lookup(struct inode *dir, struct dentry *d, const struct proc_entry *e)
{
	struct file *f = task_fget(inode_task(dir), name_to_fd(d->d_name));
	if (!f)
		return -ENOENT;
	struct inode *inode = proc_get_inode(dir->i_sb, e, (struct pid *)dir->i_private2);
	if (inode && S_ISLNK(e->mode)) {
		inode->i_mode = S_IFLNK;
		if (f->f_mode & FMODE_READ)
			inode->i_mode |= 0500;
		if (f->f_mode & FMODE_WRITE)
			inode->i_mode |= 0300;
	}
	fput(f);
	if (!inode)
		return -ENOMEM;
	d_instantiate(d, inode);
	return 0;
}

static int proc_fd_lookup(struct inode *dir, struct dentry *d)
{
	return fd_lookup(dir, d, &fd_link_entry);
}

static int proc_fdinfo_lookup(struct inode *dir, struct dentry *d)
{
	return fd_lookup(dir, d, &fdinfo_entry);
}

/* ".", "..", then one entry per open fd in fd order; position fd + 3. */
static int fd_iterate(struct file *f, struct dir_context *ctx, unsigned type)
{
	if (!proc_iterate_table(NULL, 0, f, ctx))
		return 0;
	struct task_struct *t = inode_task(f->f_inode);
	struct files_struct *files = t ? t->files : NULL;
	for (unsigned fd = ctx->pos >= 2 ? ctx->pos - 2 : 0; files && fd < files->fdt.max_fds; fd++) {
		if (!files->fdt.fd[fd])
			continue;
		char name[16];
		int len = snprintf(name, sizeof name, "%u", fd);
		if (!ctx->actor(ctx, name, len, fd + 3, 0x20000 + fd, type))
			return 0;
		ctx->pos = fd + 3;
	}
	return 0;
}

static int proc_fd_iterate(struct file *f, struct dir_context *ctx)
{
	return fd_iterate(f, ctx, DT_LNK);
}

static int proc_fdinfo_iterate(struct file *f, struct dir_context *ctx)
{
	return fd_iterate(f, ctx, DT_REG);
}

const struct inode_operations proc_fd_iops = { .lookup = proc_fd_lookup };
const struct file_operations proc_fd_fops = { .read = proc_dir_read, .iterate = proc_fd_iterate };
const struct inode_operations proc_fdinfo_iops = { .lookup = proc_fdinfo_lookup };
const struct file_operations proc_fdinfo_fops = { .read = proc_dir_read, .iterate = proc_fdinfo_iterate };
