/*
 * names.c - the calls that change the tree of names: mkdir, mknod,
 * rmdir, unlink, rename, symlink, link, readlink.
 *
 * Each finds the parent directory of its last component
 * (filename_parentat), checks Linux's rules in Linux's order, and asks the
 * directory's inode_operations to do the change.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <sched.h>
#include <syscalls.h>
#include <uaccess.h>

struct target {
	struct path parent;
	char last[NAME_MAX + 1];
	int len;
	bool slash;             /* the name ended in "/" */
	bool dots;              /* the last component is "." or ".." */
};

static int get_target(int dfd, const char *name, struct target *t)
{
	int err = filename_parentat(dfd, name, &t->parent, t->last, &t->len);
	if (err)
		return err;
	size_t n = strlen(name);
	t->slash = n > 1 && name[n - 1] == '/';
	t->dots = (t->len == 1 && t->last[0] == '.') ||
		  (t->len == 2 && t->last[0] == '.' && t->last[1] == '.');
	return 0;
}

/*
 * The start of mknod, rmdir, unlink and link: get_target, then the last
 * component looked up in the parent - *dp is its dentry, an ERR_PTR if
 * it is not there, or NULL for "." and "..", which each call refuses
 * with an errno of its own.  On success t->parent is held: put_target.
 */
static int lookup_target(int dfd, const char *name, struct target *t, struct dentry **dp)
{
	int err = get_target(dfd, name, t);
	if (err)
		return err;
	*dp = t->dots ? NULL : lookup_one(t->parent.dentry, t->last, t->len);
	return 0;
}

static void put_target(struct target *t, struct dentry *d)
{
	if (!IS_ERR_OR_NULL(d))
		dput(d);
	path_put(&t->parent);
}

/* Linux's may_create/may_delete: a removed directory takes no new names. */
static int may_change_dir(struct inode *dir)
{
	if (!dir->i_nlink)
		return -ENOENT;
	return inode_permission(dir, MAY_WRITE | MAY_EXEC);
}

/* Creates a new name of type/mode in the kernel's or a user's name. */
static long do_mknodat(int dfd, const char *name, umode_t mode, dev_t dev, const char *symlink_target)
{
	struct target t;
	struct dentry *d;
	int err = lookup_target(dfd, name, &t, &d);
	if (err)
		return err;
	struct inode *dir = t.parent.dentry->d_inode;
	if (!IS_ERR(d))
		err = -EEXIST;                  /* "." and ".." exist too */
	else if (t.slash && !S_ISDIR(mode))
		err = -ENOENT;
	else if ((err = may_change_dir(dir)))
		;
	else if (!dir->i_op->create)
		err = -EPERM;
	else if (!(d = d_alloc(t.parent.dentry, t.last, t.len)))
		err = -ENOMEM;
	else if (symlink_target)
		err = dir->i_op->symlink ? dir->i_op->symlink(dir, d, symlink_target) : -EPERM;
	else
		err = dir->i_op->create(dir, d, mode, dev);
	put_target(&t, d);
	return err;
}

/* For the kernel itself (creating /dev nodes at boot). */
int vfs_mkobj(int dfd, const char *name, umode_t mode, dev_t rdev, bool kernel __unused)
{
	return do_mknodat(dfd, name, mode, rdev, NULL);
}

long sys_mkdirat(int dfd, const char *uname, umode_t mode)
{
	char *name = getname(uname);
	if (IS_ERR(name))
		return PTR_ERR(name);
	long err = do_mknodat(dfd, name, S_IFDIR | (mode & 07777 & ~current->fs->umask), 0, NULL);
	putname(name);
	return err;
}

long sys_mkdir(const char *uname, umode_t mode)
{
	return sys_mkdirat(AT_FDCWD, uname, mode);
}

long sys_mknodat(int dfd, const char *uname, umode_t mode, unsigned dev)
{
	umode_t type = mode & S_IFMT;
	if (type == 0)
		type = S_IFREG;
	if (type != S_IFREG && type != S_IFCHR && type != S_IFBLK && type != S_IFIFO && type != S_IFSOCK)
		return -EINVAL;
	if ((type == S_IFCHR || type == S_IFBLK) && !capable())
		return -EPERM;
	char *name = getname(uname);
	if (IS_ERR(name))
		return PTR_ERR(name);
	long err = do_mknodat(dfd, name, type | (mode & 07777 & ~current->fs->umask), dev, NULL);
	putname(name);
	return err;
}

long sys_mknod(const char *uname, umode_t mode, unsigned dev)
{
	return sys_mknodat(AT_FDCWD, uname, mode, dev);
}

long sys_symlinkat(const char *utarget, int dfd, const char *uname)
{
	char *target = getname(utarget);
	if (IS_ERR(target))
		return PTR_ERR(target);
	char *name = getname(uname);
	long err = IS_ERR(name) ? PTR_ERR(name) : 0;
	if (!err) {
		err = *target ? do_mknodat(dfd, name, S_IFLNK | 0777, 0, target) : -ENOENT;
		putname(name);
	}
	putname(target);
	return err;
}

long sys_symlink(const char *target, const char *name)
{
	return sys_symlinkat(target, AT_FDCWD, name);
}

/* Is d a mountpoint or some namespace's root?  Those cannot go away. */
static bool busy(const struct path *p, struct dentry *d)
{
	return d->d_mounted || d == p->mnt->mnt_root;
}

static long do_rmdir(int dfd, const char *name)
{
	struct target t;
	struct dentry *d;
	int err = lookup_target(dfd, name, &t, &d);
	if (err)
		return err;
	struct inode *dir = t.parent.dentry->d_inode;
	if (!d)
		err = t.len == 1 ? -EINVAL : -ENOTEMPTY;
	else if (IS_ERR(d))
		err = PTR_ERR(d);
	else if ((err = may_change_dir(dir)))
		;
	else if (!S_ISDIR(d->d_inode->i_mode))
		err = -ENOTDIR;
	else if (busy(&t.parent, d))
		err = -EBUSY;
	else
		err = dir->i_op->rmdir ? dir->i_op->rmdir(dir, d) : -EPERM;
	put_target(&t, d);
	return err;
}

static long do_unlinkat(int dfd, const char *name)
{
	struct target t;
	struct dentry *d;
	int err = lookup_target(dfd, name, &t, &d);
	if (err)
		return err;
	struct inode *dir = t.parent.dentry->d_inode;
	if (!d)
		err = -EISDIR;
	else if (IS_ERR(d))
		err = PTR_ERR(d);
	else if (t.slash)
		err = S_ISDIR(d->d_inode->i_mode) ? -EISDIR : -ENOTDIR;
	else if ((err = may_change_dir(dir)))
		;
	else if (S_ISDIR(d->d_inode->i_mode))
		err = -EISDIR;
	else if (busy(&t.parent, d))
		err = -EBUSY;
	else
		err = dir->i_op->unlink ? dir->i_op->unlink(dir, d) : -EPERM;
	put_target(&t, d);
	return err;
}

long sys_unlinkat(int dfd, const char *uname, int flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	char *name = getname(uname);
	if (IS_ERR(name))
		return PTR_ERR(name);
	long err = (flags & AT_REMOVEDIR) ? do_rmdir(dfd, name) : do_unlinkat(dfd, name);
	putname(name);
	return err;
}

long sys_unlink(const char *uname)
{
	return sys_unlinkat(AT_FDCWD, uname, 0);
}

long sys_rmdir(const char *uname)
{
	return sys_unlinkat(AT_FDCWD, uname, AT_REMOVEDIR);
}

/* Is d the same as, or below, ancestor? (renaming a dir into itself) */
static bool is_subdir(struct dentry *d, struct dentry *ancestor)
{
	for (;;) {
		if (d == ancestor)
			return true;
		if (d->d_parent == d)
			return false;
		d = d->d_parent;
	}
}

static long do_renameat(int odfd, const char *oname, int ndfd, const char *nname)
{
	struct target o, n;
	struct dentry *od = NULL, *nd = NULL;
	int err = get_target(odfd, oname, &o);
	if (err)
		return err;
	if ((err = get_target(ndfd, nname, &n))) {
		path_put(&o.parent);
		return err;
	}
	struct inode *odir = o.parent.dentry->d_inode, *ndir = n.parent.dentry->d_inode;
	if (o.dots || n.dots) {
		err = -EBUSY;
		goto out;
	}
	od = lookup_one(o.parent.dentry, o.last, o.len);
	if (IS_ERR(od)) {
		err = PTR_ERR(od);
		od = NULL;
		goto out;
	}
	bool isdir = S_ISDIR(od->d_inode->i_mode);
	if ((o.slash || n.slash) && !isdir) {
		err = -ENOTDIR;
		goto out;
	}
	if (o.parent.mnt->mnt_sb != n.parent.mnt->mnt_sb || o.parent.mnt != n.parent.mnt) {
		err = -EXDEV;
		goto out;
	}
	nd = lookup_one(n.parent.dentry, n.last, n.len);
	if (IS_ERR(nd))
		nd = NULL;
	if (nd && nd->d_inode == od->d_inode) {
		err = 0;                /* the same file: nothing to do */
		goto out;
	}
	if ((err = may_change_dir(odir)) || (err = may_change_dir(ndir)))
		goto out;
	if (isdir && is_subdir(n.parent.dentry, od)) {
		err = -EINVAL;
		goto out;
	}
	if (nd && isdir && !S_ISDIR(nd->d_inode->i_mode))
		err = -ENOTDIR;
	else if (nd && !isdir && S_ISDIR(nd->d_inode->i_mode))
		err = -EISDIR;
	else if (busy(&o.parent, od) || (nd && busy(&n.parent, nd)))
		err = -EBUSY;
	else if (!odir->i_op->rename)
		err = -EPERM;
	else {
		if (!nd && !(nd = d_alloc(n.parent.dentry, n.last, n.len))) {
			err = -ENOMEM;
			goto out;
		}
		err = odir->i_op->rename(odir, od, ndir, nd);
	}
out:
	if (od)
		dput(od);
	if (nd)
		dput(nd);
	path_put(&o.parent);
	path_put(&n.parent);
	return err;
}

long sys_renameat2(int odfd, const char *uold, int ndfd, const char *unew, unsigned flags)
{
	if (flags)
		return -EINVAL;         /* RENAME_NOREPLACE etc. are not supported */
	char *o = getname(uold);
	if (IS_ERR(o))
		return PTR_ERR(o);
	char *n = getname(unew);
	long err = IS_ERR(n) ? PTR_ERR(n) : do_renameat(odfd, o, ndfd, n);
	if (!IS_ERR(n))
		putname(n);
	putname(o);
	return err;
}

long sys_renameat(int odfd, const char *o, int ndfd, const char *n)
{
	return sys_renameat2(odfd, o, ndfd, n, 0);
}

long sys_rename(const char *o, const char *n)
{
	return sys_renameat2(AT_FDCWD, o, AT_FDCWD, n, 0);
}

long sys_linkat(int odfd, const char *uold, int ndfd, const char *unew, int flags)
{
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	/* Naming an fd's file (an O_TMPFILE one) takes CAP_DAC_READ_SEARCH,
	 * as Linux: without it the empty name is just missing. */
	if ((flags & AT_EMPTY_PATH) && !cap_raised(current->cap_effective, CAP_DAC_READ_SEARCH))
		return -ENOENT;
	struct path old;
	int err = user_path_at(odfd, uold, ((flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0) |
					   ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0), &old);
	if (err)
		return err;
	char *name = getname(unew);
	struct target t;
	if (IS_ERR(name)) {
		err = PTR_ERR(name);
		goto out_old;
	}
	struct dentry *d;
	if ((err = lookup_target(ndfd, name, &t, &d)))
		goto out_name;
	struct inode *dir = t.parent.dentry->d_inode;
	if (!IS_ERR(d))
		err = -EEXIST;                  /* "." and ".." exist too */
	else if (S_ISDIR(old.dentry->d_inode->i_mode))
		err = -EPERM;
	else if (old.mnt != t.parent.mnt)
		err = -EXDEV;
	else if (!old.dentry->d_inode->i_nlink && !(old.dentry->d_inode->i_state & I_LINKABLE))
		err = -ENOENT;                  /* unlinked, or O_TMPFILE|O_EXCL */
	else if ((err = may_change_dir(dir)))
		;
	else if (!(d = d_alloc(t.parent.dentry, t.last, t.len)))
		err = -ENOMEM;
	else
		err = dir->i_op->link ? dir->i_op->link(old.dentry, dir, d) : -EPERM;
	if (!err)
		old.dentry->d_inode->i_state &= ~I_LINKABLE;    /* named now: a file like any */
	put_target(&t, d);
out_name:
	if (!IS_ERR(name))
		putname(name);
out_old:
	path_put(&old);
	return err;
}

long sys_link(const char *o, const char *n)
{
	return sys_linkat(AT_FDCWD, o, AT_FDCWD, n, 0);
}

long sys_readlinkat(int dfd, const char *uname, char *ubuf, int size)
{
	if (size <= 0)
		return -EINVAL;
	struct path p;
	int err = user_path_at(dfd, uname, 0, &p);
	if (err)
		return err;
	struct inode *inode = p.dentry->d_inode;
	char *buf = kmalloc(PATH_MAX);
	long ret = -EINVAL;
	if (!buf)
		ret = -ENOMEM;
	else if (S_ISLNK(inode->i_mode) && inode->i_op->get_link) {
		const char *s = inode->i_op->get_link(p.dentry, buf);
		if (IS_ERR(s)) {
			ret = PTR_ERR(s);
		} else {
			int len = MIN((int)strlen(s), size);
			ret = copy_to_user(ubuf, s, len) ? -EFAULT : len;
		}
	}
	kfree(buf);
	path_put(&p);
	return ret;
}

long sys_readlink(const char *uname, char *ubuf, int size)
{
	return sys_readlinkat(AT_FDCWD, uname, ubuf, size);
}
