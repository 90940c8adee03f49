/*
 * stat.c - stat/lstat/fstat/newfstatat/statx and getdents64.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <syscalls.h>
#include <uaccess.h>

static void fill_stat(struct inode *inode, struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_dev = inode->i_sb->s_dev;
	st->st_ino = inode->i_ino;
	st->st_nlink = inode->i_nlink;
	st->st_mode = inode->i_mode;
	st->st_uid = inode->i_uid;
	st->st_gid = inode->i_gid;
	st->st_rdev = inode->i_rdev;
	st->st_size = inode->i_size;
	st->st_blksize = PAGE_SIZE;
	unsigned long pages = ramfs_count_pages(inode);
	st->st_blocks = pages * (PAGE_SIZE / 512);
	st->st_atim = inode->i_atime;
	st->st_mtim = inode->i_mtime;
	st->st_ctim = inode->i_ctime;
}

static long put_stat(struct inode *inode, struct stat *ust)
{
	struct stat st;
	fill_stat(inode, &st);
	return copy_to_user(ust, &st, sizeof st) ? -EFAULT : 0;
}

long sys_newfstatat(int dfd, const char *uname, struct stat *ust, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	char *name = getname(uname);
	if (IS_ERR(name))
		return PTR_ERR(name);
	long err;
	if (!*name && (flags & AT_EMPTY_PATH)) {
		struct file *f = dfd == AT_FDCWD ? NULL : fget(dfd);
		struct inode *inode = f ? f->f_inode : dfd == AT_FDCWD ?
				      current->fs->pwd.dentry->d_inode : NULL;
		err = inode ? put_stat(inode, ust) : -EBADF;
		if (f)
			fput(f);
	} else {
		struct path p;
		err = filename_lookup(dfd, name, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
		if (!err) {
			err = put_stat(p.dentry->d_inode, ust);
			path_put(&p);
		}
	}
	putname(name);
	return err;
}

long sys_stat(const char *name, struct stat *ust)
{
	return sys_newfstatat(AT_FDCWD, name, ust, 0);
}

long sys_lstat(const char *name, struct stat *ust)
{
	return sys_newfstatat(AT_FDCWD, name, ust, AT_SYMLINK_NOFOLLOW);
}

long sys_fstat(unsigned int fd, struct stat *ust)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	long err = put_stat(f->f_inode, ust);
	fput(f);
	return err;
}

/* statx (332): the fields a static program can ask for, in Linux's layout. */
struct statx_timestamp { s64 tv_sec; u32 tv_nsec; s32 pad; };
struct statx {
	u32 stx_mask, stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink, stx_uid, stx_gid;
	u16 stx_mode, pad1;
	u64 stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	u64 spare[14];
};

long sys_statx(int dfd, const char *uname, unsigned int flags, unsigned mask __unused, struct statx *ubuf)
{
	struct stat st;
	char *name = getname(uname);
	if (IS_ERR(name))
		return PTR_ERR(name);
	long err;
	struct path p;
	if (!*name && (flags & AT_EMPTY_PATH)) {
		struct file *f = fget(dfd);
		err = f ? 0 : -EBADF;
		if (f) {
			fill_stat(f->f_inode, &st);
			fput(f);
		}
	} else {
		err = filename_lookup(dfd, name, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
		if (!err) {
			fill_stat(p.dentry->d_inode, &st);
			path_put(&p);
		}
	}
	putname(name);
	if (err)
		return err;
	struct statx sx;
	memset(&sx, 0, sizeof sx);
	sx.stx_mask = 0x7ff;            /* STATX_BASIC_STATS */
	sx.stx_blksize = st.st_blksize;
	sx.stx_nlink = st.st_nlink;
	sx.stx_uid = st.st_uid;
	sx.stx_gid = st.st_gid;
	sx.stx_mode = st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = st.st_size;
	sx.stx_blocks = st.st_blocks;
	sx.stx_atime = (struct statx_timestamp){ st.st_atim.tv_sec, st.st_atim.tv_nsec, 0 };
	sx.stx_mtime = (struct statx_timestamp){ st.st_mtim.tv_sec, st.st_mtim.tv_nsec, 0 };
	sx.stx_ctime = (struct statx_timestamp){ st.st_ctim.tv_sec, st.st_ctim.tv_nsec, 0 };
	sx.stx_rdev_major = MAJOR(st.st_rdev);
	sx.stx_rdev_minor = MINOR(st.st_rdev);
	sx.stx_dev_minor = st.st_dev;
	return copy_to_user(ubuf, &sx, sizeof sx) ? -EFAULT : 0;
}

/* ---- getdents64 ---------------------------------------------------------------------- */

struct getdents_ctx {
	struct dir_context ctx;
	char *ubuf;
	size_t left, used;
	int error;
};

static bool filldir64(struct dir_context *ctx, const char *name, int len, loff_t pos,
		      u64 ino, unsigned type)
{
	struct getdents_ctx *g = container_of(ctx, struct getdents_ctx, ctx);
	size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + len + 1, 8);
	if (reclen > g->left) {
		if (!g->used)
			g->error = -EINVAL;     /* not even one entry fits */
		return false;
	}
	char rec[offsetof(struct linux_dirent64, d_name) + NAME_MAX + 9];
	struct linux_dirent64 *d = (void *)rec;
	memset(rec, 0, reclen);
	d->d_ino = ino;
	d->d_off = pos;
	d->d_reclen = reclen;
	d->d_type = type;
	memcpy(d->d_name, name, len);
	if (copy_to_user(g->ubuf + g->used, rec, reclen)) {
		g->error = -EFAULT;
		return false;
	}
	g->used += reclen;
	g->left -= reclen;
	return true;
}

long sys_getdents64(unsigned int fd, void *ubuf, unsigned int count)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	long ret;
	if (!S_ISDIR(f->f_inode->i_mode) || !f->f_op || !f->f_op->iterate) {
		ret = -ENOTDIR;
	} else if (!access_ok(ubuf, count)) {
		ret = -EFAULT;
	} else {
		struct getdents_ctx g = { { filldir64, f->f_pos }, ubuf, count, 0, 0 };
		ret = f->f_op->iterate(f, &g.ctx);
		f->f_pos = g.ctx.pos;
		if (!ret)
			ret = g.error && !g.used ? g.error : (long)g.used;
	}
	fput(f);
	return ret;
}
