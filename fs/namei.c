/*
 * namei.c - from a path name to a (mount, dentry) pair.
 *
 * The walk starts at the task's root (absolute names), its cwd, or the
 * directory of a dirfd, and takes one component at a time:
 *   "."  stays, ".." goes up (and out of a mount to where it is mounted,
 *   never above the task's root), anything else is looked up in the
 *   current directory (search permission needed), then any mount on it
 *   is entered, then a symlink is followed unless it is the last
 *   component and the caller asked not to (at most MAXSYMLINKS in all).
 * Errors are Linux's: ENOENT, ENOTDIR, ENAMETOOLONG, ELOOP, EACCES.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <uaccess.h>

struct nameidata {
	struct path path;       /* where the walk is now (referenced) */
	struct path root;       /* the task's root: ".." stops here */
	int total_links;
};

/* Copies a user path name into a kmalloc'd buffer (ENAMETOOLONG, EFAULT). */
char *getname(const char *uname)
{
	char *buf = kmalloc(PATH_MAX);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	long n = strncpy_from_user(buf, uname, PATH_MAX);
	if (n < 0 || n == PATH_MAX) {
		kfree(buf);
		return ERR_PTR(n < 0 ? n : -ENAMETOOLONG);
	}
	return buf;
}

void putname(char *name)
{
	kfree(name);
}

/* Unix permission bits, checked for the task's fsuid/fsgid; root passes
 * everything except executing a file that nobody may execute. */
int inode_permission(struct inode *inode, int mask)
{
	umode_t mode = inode->i_mode;
	if (current->fsuid == 0) {
		if ((mask & MAY_EXEC) && !S_ISDIR(mode) && !(mode & 0111))
			return -EACCES;
		return 0;
	}
	if (current->fsuid == inode->i_uid)
		mode >>= 6;
	else if (current->fsgid == inode->i_gid)
		mode >>= 3;
	return (mask & ~mode & 7) ? -EACCES : 0;
}

/* Enters whatever is mounted on nd->path (repeatedly: mounts can stack). */
static void follow_mount(struct path *p)
{
	struct vfsmount *m;
	while ((m = lookup_mnt(p))) {
		struct path next = { mntget(m), dget(m->mnt_root) };
		path_put(p);
		*p = next;
	}
}

static void follow_dotdot(struct nameidata *nd)
{
	for (;;) {
		struct path *p = &nd->path;
		if (p->dentry == nd->root.dentry && p->mnt == nd->root.mnt)
			break;
		if (p->dentry != p->mnt->mnt_root) {
			struct dentry *parent = dget(p->dentry->d_parent);
			dput(p->dentry);
			p->dentry = parent;
			break;
		}
		if (p->mnt->mnt_parent == p->mnt)
			break;                  /* the namespace's root */
		struct path up = { mntget(p->mnt->mnt_parent), dget(p->mnt->mnt_mountpoint) };
		path_put(p);
		*p = up;                        /* now at the mountpoint: go on to its parent */
	}
	follow_mount(&nd->path);
}

/* Looks name up in dir; a new reference, or ERR_PTR(-ENOENT...). */
struct dentry *lookup_one(struct dentry *dir, const char *name, int len)
{
	struct dentry *d = d_lookup(dir, name, len);
	if (d)
		return d;
	struct inode *inode = dir->d_inode;
	if (!inode->i_op || !inode->i_op->lookup)
		return ERR_PTR(-ENOENT);
	d = d_alloc(dir, name, len);
	if (!d)
		return ERR_PTR(-ENOMEM);
	int err = inode->i_op->lookup(inode, d);
	if (err || !d->d_inode) {
		dput(d);
		return ERR_PTR(err ? err : -ENOENT);
	}
	return d;
}

static int walk(struct nameidata *nd, const char *name, unsigned flags);

/* Follows the symlink at `link`, relative to the directory in nd->path. */
static int follow_link(struct nameidata *nd, struct dentry *link, unsigned flags)
{
	if (++nd->total_links > MAXSYMLINKS)
		return -ELOOP;
	struct inode *inode = link->d_inode;
	if (inode->i_op && inode->i_op->jump_link) {
		struct path target;
		int err = inode->i_op->jump_link(link, &target);
		if (!err) {
			path_put(&nd->path);
			nd->path = target;
		}
		return err;
	}
	char *buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	const char *target = inode->i_op && inode->i_op->get_link ?
			     inode->i_op->get_link(link, buf) : ERR_PTR(-EINVAL);
	int err = IS_ERR(target) ? PTR_ERR(target) : walk(nd, target, flags);
	kfree(buf);
	return err;
}

/*
 * Walks `name` from nd->path.  `flags` apply to the last component:
 * LOOKUP_FOLLOW follows a final symlink, LOOKUP_DIRECTORY requires a
 * directory.  A trailing slash also requires a directory.
 */
static int walk(struct nameidata *nd, const char *name, unsigned flags)
{
	if (*name == '/') {
		path_put(&nd->path);
		nd->path = nd->root;
		path_get(&nd->path);
		while (*name == '/')
			name++;
	}
	while (*name) {
		const char *end = name;
		while (*end && *end != '/')
			end++;
		int len = end - name;
		const char *next = end;
		while (*next == '/')
			next++;
		bool last = !*next;
		unsigned cflags = last ? flags | (*end == '/' ? LOOKUP_DIRECTORY | LOOKUP_FOLLOW : 0)
				       : LOOKUP_FOLLOW | LOOKUP_DIRECTORY;
		struct inode *dir = nd->path.dentry->d_inode;
		if (!S_ISDIR(dir->i_mode))
			return -ENOTDIR;
		int err = inode_permission(dir, MAY_EXEC);
		if (err)
			return err;
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		if (len == 1 && name[0] == '.') {
			/* stays */
		} else if (len == 2 && name[0] == '.' && name[1] == '.') {
			follow_dotdot(nd);
		} else {
			struct dentry *d = lookup_one(nd->path.dentry, name, len);
			if (IS_ERR(d))
				return PTR_ERR(d);
			if (S_ISLNK(d->d_inode->i_mode) && (cflags & LOOKUP_FOLLOW)) {
				err = follow_link(nd, d, cflags);
				dput(d);
				if (err)
					return err;
			} else {
				struct path child = { mntget(nd->path.mnt), d };
				path_put(&nd->path);
				nd->path = child;
				follow_mount(&nd->path);
			}
		}
		if ((cflags & LOOKUP_DIRECTORY) && !S_ISDIR(nd->path.dentry->d_inode->i_mode))
			return -ENOTDIR;
		name = next;
	}
	return 0;
}

/* Sets up the walk's start: the root, the cwd, or the directory of dfd
 * (any file of dfd for an empty name: LOOKUP_EMPTY). */
static int path_init(struct nameidata *nd, int dfd, const char *name)
{
	struct fs_struct *fs = current->fs;
	nd->total_links = 0;
	nd->root = fs->root;
	path_get(&nd->root);
	if (*name == '/' || dfd == AT_FDCWD) {
		nd->path = *name == '/' ? fs->root : fs->pwd;
		path_get(&nd->path);
		return 0;
	}
	struct file *f = fget(dfd);
	if (!f) {
		path_put(&nd->root);
		return -EBADF;
	}
	if (*name && !S_ISDIR(f->f_inode->i_mode)) {
		fput(f);
		path_put(&nd->root);
		return -ENOTDIR;
	}
	nd->path = f->f_path;
	path_get(&nd->path);
	fput(f);
	return 0;
}

/* Resolves a kernel-space name relative to dfd; *out gets references.
 * An empty name is ENOENT, or dfd's own file with LOOKUP_EMPTY. */
int filename_lookup(int dfd, const char *name, unsigned flags, struct path *out)
{
	struct nameidata nd;
	if (!*name && !(flags & LOOKUP_EMPTY))
		return -ENOENT;
	int err = path_init(&nd, dfd, name);
	if (err)
		return err;
	err = walk(&nd, name, flags);
	path_put(&nd.root);
	if (err) {
		path_put(&nd.path);
		return err;
	}
	*out = nd.path;
	return 0;
}

int kern_path(const char *name, unsigned flags, struct path *out)
{
	return filename_lookup(AT_FDCWD, name, flags, out);
}

int user_path_at(int dfd, const char *uname, unsigned flags, struct path *out)
{
	char *name = getname(uname);
	if (IS_ERR(name))
		return PTR_ERR(name);
	int err = filename_lookup(dfd, name, flags, out);
	putname(name);
	return err;
}

/*
 * Walks everything but the last component.  *parent gets the directory
 * (referenced), last/lastlen the final name ("." and ".." included, the
 * callers decide what they mean).  A name ending in "/" keeps the slash
 * out of `last`; callers that care check for it themselves.
 */
int filename_parentat(int dfd, const char *name, struct path *parent, char *last, int *lastlen)
{
	if (!*name)
		return -ENOENT;
	int n = strlen(name);
	while (n > 1 && name[n - 1] == '/')
		n--;
	int start = n;
	while (start > 0 && name[start - 1] != '/')
		start--;
	int len = n - start;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	char *dir = kmalloc(start + 2);
	if (!dir)
		return -ENOMEM;
	memcpy(dir, name, start);
	dir[start] = 0;
	if (start == 0)
		strlcpy(dir, ".", 2);
	struct nameidata nd;
	int err = path_init(&nd, dfd, name);
	if (!err) {
		err = walk(&nd, dir, LOOKUP_FOLLOW | LOOKUP_DIRECTORY);
		path_put(&nd.root);
		if (err)
			path_put(&nd.path);
	}
	kfree(dir);
	if (err)
		return err;
	if (len == 0) {                 /* the name was "/" */
		len = 1;
		last[0] = '.';
	} else {
		memcpy(last, name + start, len);
	}
	last[len] = 0;
	*lastlen = len;
	*parent = nd.path;
	return 0;
}
