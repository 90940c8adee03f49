/*
 * open.c - opening files, and the calls about where a task stands:
 * open/openat/creat, truncate, chdir/fchdir/chroot/getcwd, umask,
 * access, chmod/chown.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <sched.h>
#include <syscalls.h>
#include <uaccess.h>

static bool is_dot_or_dotdot(const char *s)
{
	return (s[0] == '.' && !s[1]) || (s[0] == '.' && s[1] == '.' && !s[2]);
}

/* O_CREAT: find or create the last component.  *out gets references. */
static int open_create(int dfd, const char *name, int flags, umode_t mode, struct path *out)
{
	struct path parent;
	char last[NAME_MAX + 1];
	int len, err = filename_parentat(dfd, name, &parent, last, &len);
	if (err)
		return err;
	if (is_dot_or_dotdot(last) || name[strlen(name) - 1] == '/') {
		path_put(&parent);
		return -EISDIR;
	}
	struct dentry *d = lookup_one(parent.dentry, last, len);
	if (!IS_ERR(d)) {                       /* it exists */
		bool link = S_ISLNK(d->d_inode->i_mode);
		dput(d);
		path_put(&parent);
		if (flags & O_EXCL)
			return -EEXIST;
		if (link && (flags & O_NOFOLLOW))
			return -ELOOP;
		return filename_lookup(dfd, name, LOOKUP_FOLLOW, out);
	}
	err = PTR_ERR(d);
	if (err == -ENOENT) {
		struct inode *dir = parent.dentry->d_inode;
		err = dir->i_nlink ? inode_permission(dir, MAY_WRITE | MAY_EXEC) : -ENOENT;
		if (!err && !dir->i_op->create)
			err = -EACCES;
		d = err ? NULL : d_alloc(parent.dentry, last, len);
		if (!err && !d)
			err = -ENOMEM;
		if (!err) {
			umode_t m = S_IFREG | (mode & 07777 & ~current->fs->umask);
			err = dir->i_op->create(dir, d, m, 0);
			if (err) {
				dput(d);
			} else {
				out->mnt = mntget(parent.mnt);
				out->dentry = d;
			}
		}
	}
	path_put(&parent);
	return err;
}

/* Linux's may_open(): type and permission checks before the file exists. */
static int may_open(struct path *p, int flags)
{
	struct inode *inode = p->dentry->d_inode;
	int acc = flags & O_ACCMODE;
	if (S_ISLNK(inode->i_mode))
		return -ELOOP;
	if (S_ISDIR(inode->i_mode) && (acc != O_RDONLY || (flags & O_TRUNC)))
		return -EISDIR;
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	int mask = (acc == O_RDONLY || acc == O_RDWR ? MAY_READ : 0) |
		   (acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC) ? MAY_WRITE : 0);
	if (acc == 3)
		return -EINVAL;
	return inode_permission(inode, mask);
}

/*
 * O_TMPFILE: a new regular file in the directory `name`, with no name of
 * its own (nlink 0), alive while files hold it.  linkat may name it
 * later unless O_EXCL was given (I_LINKABLE).  As Linux's do_tmpfile, no
 * permission on the new file itself is checked, only write and search
 * on the directory; a file system that cannot is EOPNOTSUPP.
 */
static struct file *open_tmpfile(int dfd, const char *name, int flags, umode_t mode)
{
	struct path dir;
	int err = filename_lookup(dfd, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &dir);
	if (err)
		return ERR_PTR(err);
	struct inode *di = dir.dentry->d_inode;
	err = di->i_nlink ? inode_permission(di, MAY_WRITE | MAY_EXEC) : -ENOENT;
	if (!err && (!di->i_op || !di->i_op->create || !di->i_op->unlink))
		err = -EOPNOTSUPP;
	struct dentry *d = err ? NULL : d_alloc(dir.dentry, "#", 1);
	if (!err && !d)
		err = -ENOMEM;
	if (!err && (err = di->i_op->create(di, d, S_IFREG | (mode & 07777 & ~current->fs->umask), 0)))
		dput(d);
	struct file *f = ERR_PTR(err);
	if (!err) {
		/* The name it had for a moment goes: the open file holds it. */
		di->i_op->unlink(di, d);
		snprintf(d->d_name, sizeof d->d_name, "#%lu", d->d_inode->i_ino);
		if (!(flags & O_EXCL))
			d->d_inode->i_state |= I_LINKABLE;
		struct path p = { mntget(dir.mnt), d };
		f = dentry_open(&p, (flags & ~(O_TMPFILE | O_CREAT | O_EXCL)) | O_LARGEFILE);
		path_put(&p);
	}
	path_put(&dir);
	return f;
}

/* Linux's build_open_flags checks for O_TMPFILE: with O_DIRECTORY and
 * without O_CREAT (the two bits old kernels would misread), and writable. */
static int tmpfile_flags_check(int flags)
{
	if (!(flags & __O_TMPFILE))
		return 0;
	if ((flags & (O_TMPFILE | O_CREAT)) != O_TMPFILE)
		return -EINVAL;
	int acc = flags & O_ACCMODE;
	return acc == O_WRONLY || acc == O_RDWR ? 0 : -EINVAL;
}

struct file *do_filp_open(int dfd, const char *name, int flags, umode_t mode, bool kernel __unused)
{
	struct path p;
	int err;
	if (flags & __O_TMPFILE)
		return open_tmpfile(dfd, name, flags, mode);
	if (flags & O_CREAT)
		err = open_create(dfd, name, flags, mode, &p);
	else
		err = filename_lookup(dfd, name, (flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
					     (flags & O_DIRECTORY ? LOOKUP_DIRECTORY : 0), &p);
	if (err)
		return ERR_PTR(err);
	err = may_open(&p, flags);
	if (!err && (flags & O_TRUNC) && S_ISREG(p.dentry->d_inode->i_mode) &&
	    p.dentry->d_inode->i_op && p.dentry->d_inode->i_op->truncate)
		err = p.dentry->d_inode->i_op->truncate(p.dentry->d_inode, 0);
	struct file *f = err ? ERR_PTR(err) : dentry_open(&p, flags | O_LARGEFILE);
	path_put(&p);
	return f;
}

struct file *filp_open(const char *path, int flags, umode_t mode)
{
	return do_filp_open(AT_FDCWD, path, flags, mode, true);
}

static long do_sys_open(int dfd, const char *uname, int flags, umode_t mode)
{
	int err = tmpfile_flags_check(flags);
	if (err)
		return err;
	char *name = getname(uname);
	if (IS_ERR(name))
		return PTR_ERR(name);
	int fd = get_unused_fd_flags(flags);
	if (fd >= 0) {
		struct file *f = do_filp_open(dfd, name, flags, mode, false);
		if (IS_ERR(f)) {
			put_unused_fd(fd);
			fd = PTR_ERR(f);
		} else {
			fd_install(fd, f);
		}
	}
	putname(name);
	return fd;
}

long sys_open(const char *name, int flags, umode_t mode)
{
	return do_sys_open(AT_FDCWD, name, flags, mode);
}

long sys_openat(int dfd, const char *name, int flags, umode_t mode)
{
	return do_sys_open(dfd, name, flags, mode);
}

long sys_creat(const char *name, umode_t mode)
{
	return do_sys_open(AT_FDCWD, name, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

static long do_truncate(struct inode *inode, long length)
{
	if (length < 0)
		return -EINVAL;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	/* A regular file with no size to keep (no inode operations: procfs
	 * files, pidfds): Linux ignores the size of a procfs file and its
	 * pidfs refuses one. */
	if (!inode->i_op || !inode->i_op->truncate)
		return inode->i_sb == anon_inode_sb() ? -EOPNOTSUPP : 0;
	return inode->i_op->truncate(inode, length);
}

long sys_truncate(const char *uname, long length)
{
	if (length < 0)
		return -EINVAL;         /* before the path, as Linux */
	struct path p;
	int err = user_path_at(AT_FDCWD, uname, LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	err = inode_permission(p.dentry->d_inode, MAY_WRITE);
	if (!err)
		err = do_truncate(p.dentry->d_inode, length);
	path_put(&p);
	return err;
}

long sys_ftruncate(unsigned int fd, long length)
{
	if (length < 0)
		return -EINVAL;         /* before the fd, as Linux */
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	long err = (f->f_mode & FMODE_WRITE) ? do_truncate(f->f_inode, length) : -EINVAL;
	fput(f);
	return err;
}

/* ---- where a task stands --------------------------------------------------------- */

static void set_fs_path(struct path *slot, const struct path *p)
{
	struct path old = *slot;
	*slot = *p;
	path_get(p);
	path_put(&old);
}

/* The directory uname names, if the caller may enter it (chdir, chroot). */
static int user_path_dir(const char *uname, struct path *p)
{
	int err = user_path_at(AT_FDCWD, uname, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, p);
	if (err)
		return err;
	err = inode_permission(p->dentry->d_inode, MAY_EXEC);
	if (err)
		path_put(p);
	return err;
}

long sys_chdir(const char *uname)
{
	struct path p;
	int err = user_path_dir(uname, &p);
	if (err)
		return err;
	set_fs_path(&current->fs->pwd, &p);
	path_put(&p);
	return 0;
}

long sys_fchdir(unsigned int fd)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	int err = S_ISDIR(f->f_inode->i_mode) ? inode_permission(f->f_inode, MAY_EXEC) : -ENOTDIR;
	if (!err)
		set_fs_path(&current->fs->pwd, &f->f_path);
	fput(f);
	return err;
}

long sys_chroot(const char *uname)
{
	struct path p;
	int err = user_path_dir(uname, &p);
	if (err)
		return err;
	if (capable())
		set_fs_path(&current->fs->root, &p);
	else
		err = -EPERM;
	path_put(&p);
	return err;
}

/*
 * Writes the path of p as seen from root into the end of buf; returns
 * its start, or ERR_PTR(-ENAMETOOLONG).  *unreachable is set when p is
 * not below root (a cwd outside a chroot).
 */
char *d_path(const struct path *p, const struct path *root, char *buf, int size, bool *unreachable)
{
	char *end = buf + size, *s = end;
	struct vfsmount *mnt = p->mnt;
	struct dentry *d = p->dentry;
	*--s = 0;
	*unreachable = false;
	for (;;) {
		if (d == root->dentry && mnt == root->mnt)
			break;
		if (d == mnt->mnt_root) {
			if (mnt->mnt_parent == mnt) {
				*unreachable = true;
				break;
			}
			d = mnt->mnt_mountpoint;
			mnt = mnt->mnt_parent;
			continue;
		}
		int len = strlen(d->d_name);
		if (s - buf < len + 2)
			return ERR_PTR(-ENAMETOOLONG);
		s -= len;
		memcpy(s, d->d_name, len);
		*--s = '/';
		d = d->d_parent;
	}
	if (!*s)
		*--s = '/';
	return s;
}

/* The raw syscall returns the length including the NUL (musl relies on it). */
long sys_getcwd(char *ubuf, unsigned long size)
{
	struct fs_struct *fs = current->fs;
	if (fs->pwd.dentry->d_flags & DCACHE_DELETED)
		return -ENOENT;
	char *page = kmalloc(PATH_MAX);
	if (!page)
		return -ENOMEM;
	bool unreachable;
	char *s = d_path(&fs->pwd, &fs->root, page, PATH_MAX, &unreachable);
	long ret;
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
	} else {
		if (unreachable) {      /* as Linux: "(unreachable)/..." */
			const char *pfx = "(unreachable)";
			s -= strlen(pfx);
			memcpy(s, pfx, strlen(pfx));
		}
		unsigned long len = strlen(s) + 1;
		if (len > size)
			ret = -ERANGE;
		else
			ret = copy_to_user(ubuf, s, len) ? -EFAULT : (long)len;
	}
	kfree(page);
	return ret;
}

long sys_umask(int mask)
{
	int old = current->fs->umask;
	current->fs->umask = mask & 0777;
	return old;
}

long sys_faccessat2(int dfd, const char *uname, int mode, int flags)
{
	if (mode & ~7)
		return -EINVAL;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x200 /* AT_EACCESS */))
		return -EINVAL;
	struct path p;
	int err = user_path_at(dfd, uname, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	if (mode)
		err = inode_permission(p.dentry->d_inode, mode);
	path_put(&p);
	return err;
}

long sys_faccessat(int dfd, const char *uname, int mode)
{
	return sys_faccessat2(dfd, uname, mode, 0);
}

long sys_access(const char *uname, int mode)
{
	return sys_faccessat2(AT_FDCWD, uname, mode, 0);
}

static long chmod_inode(struct inode *inode, umode_t mode)
{
	if (current->fsuid != 0 && current->fsuid != inode->i_uid)
		return -EPERM;
	inode->i_mode = (inode->i_mode & S_IFMT) | (mode & 07777);
	inode->i_ctime = current_time();
	return 0;
}

long sys_fchmodat(int dfd, const char *uname, umode_t mode)
{
	struct path p;
	int err = user_path_at(dfd, uname, LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	err = chmod_inode(p.dentry->d_inode, mode);
	path_put(&p);
	return err;
}

long sys_chmod(const char *uname, umode_t mode)
{
	return sys_fchmodat(AT_FDCWD, uname, mode);
}

long sys_fchmod(unsigned int fd, umode_t mode)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	long err = chmod_inode(f->f_inode, mode);
	fput(f);
	return err;
}

static long chown_inode(struct inode *inode, uid_t uid, gid_t gid)
{
	if (current->fsuid != 0)
		return -EPERM;
	if (uid != (uid_t)-1)
		inode->i_uid = uid;
	if (gid != (gid_t)-1)
		inode->i_gid = gid;
	inode->i_ctime = current_time();
	return 0;
}

long sys_fchownat(int dfd, const char *uname, uid_t uid, gid_t gid, int flags)
{
	struct path p;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	int err = user_path_at(dfd, uname, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	err = chown_inode(p.dentry->d_inode, uid, gid);
	path_put(&p);
	return err;
}

long sys_chown(const char *uname, uid_t uid, gid_t gid)
{
	return sys_fchownat(AT_FDCWD, uname, uid, gid, 0);
}

long sys_lchown(const char *uname, uid_t uid, gid_t gid)
{
	return sys_fchownat(AT_FDCWD, uname, uid, gid, AT_SYMLINK_NOFOLLOW);
}

long sys_fchown(unsigned int fd, uid_t uid, gid_t gid)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	long err = chown_inode(f->f_inode, uid, gid);
	fput(f);
	return err;
}
