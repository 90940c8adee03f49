/*
 * file_table.c - open file descriptions (struct file): creating them from
 * a path, sharing them, and releasing them with their last reference.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <uapi/statfs.h>

/* A new open file on path p (references taken on p) with f_count 1. */
struct file *alloc_file(const struct path *p, unsigned int flags, const struct file_operations *fop)
{
	struct file *f = kzalloc(sizeof *f);
	if (!f)
		return NULL;
	f->f_count = 1;
	INIT_LIST_HEAD(&f->f_ep);
	f->f_path = *p;
	path_get(p);
	f->f_inode = p->dentry->d_inode;
	f->f_op = fop;
	f->f_flags = flags & ~(O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	unsigned acc = flags & O_ACCMODE;
	f->f_mode = FMODE_LSEEK | (acc == O_RDONLY || acc == O_RDWR ? FMODE_READ : 0) |
		    (acc == O_WRONLY || acc == O_RDWR ? FMODE_WRITE : 0);
	return f;
}

struct file *get_file(struct file *f)
{
	f->f_count++;
	return f;
}

void fput(struct file *f)
{
	BUG_ON(f->f_count <= 0);
	if (--f->f_count > 0)
		return;
	if (!list_empty(&f->f_ep))
		eventpoll_release(f);
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	if (f->f_mode & FMODE_WRITER)
		put_write_access(f->f_inode);
	path_put(&f->f_path);
	kfree(f);
}

/* Opens the inode at p: picks its file operations and runs their open(). */
struct file *dentry_open(const struct path *p, unsigned flags)
{
	struct inode *inode = p->dentry->d_inode;
	const struct file_operations *fop = inode->i_fop;
	if (S_ISCHR(inode->i_mode))
		fop = &def_chr_fops;
	struct file *f = alloc_file(p, flags, fop);
	if (!f)
		return ERR_PTR(-ENOMEM);
	/* A regular file open for writing counts as a writer (Linux's
	 * do_dentry_open), refused while it runs as a program. */
	if ((f->f_mode & FMODE_WRITE) && S_ISREG(inode->i_mode)) {
		int err = get_write_access(inode);
		if (err) {
			f->f_op = NULL;
			fput(f);
			return ERR_PTR(err);
		}
		f->f_mode |= FMODE_WRITER;
	}
	if (f->f_op && f->f_op->open) {
		int err = f->f_op->open(inode, f);
		if (err) {
			f->f_op = NULL;         /* open failed: no release */
			fput(f);
			return ERR_PTR(err);
		}
	}
	return f;
}

/*
 * Files with no name anywhere live on internal file systems that are
 * mounted nowhere, as Linux's: pipes on pipefs, pidfds on anon_inodefs.
 */
static struct vfsmount *anon_mnt, *pipe_mnt;

static struct vfsmount *internal_mount(const char *type, unsigned long magic)
{
	struct super_block *sb = alloc_super(type, false);
	struct inode *root = sb ? new_inode(sb, S_IFDIR | 0700) : NULL;
	if (!root || !d_alloc_root(sb, root))
		panic("cannot create %s", type);
	sb->s_magic = magic;
	return vfs_kern_mount(sb);
}

struct super_block *anon_inode_sb(void)
{
	if (!anon_mnt)
		anon_mnt = internal_mount("anon_inodefs", ANON_INODE_FS_MAGIC);
	return anon_mnt->mnt_sb;
}

struct super_block *pipefs_sb(void)
{
	if (!pipe_mnt)
		pipe_mnt = internal_mount("pipefs", PIPEFS_MAGIC);
	return pipe_mnt->mnt_sb;
}

/*
 * A file on inode under a name of its own in an internal mount's root,
 * seen by no lookup (Linux's alloc_file_pseudo), or NULL; the caller's
 * inode reference is consumed either way.
 */
struct file *alloc_file_pseudo(struct inode *inode, struct vfsmount *mnt, const char *name,
			       unsigned flags, const struct file_operations *fop)
{
	struct dentry *d = d_alloc(mnt->mnt_root, name, strlen(name));
	if (!d) {
		iput(inode);
		return NULL;
	}
	d_instantiate(d, inode);
	struct path p = { mnt, d };
	struct file *f = alloc_file(&p, flags, fop);
	dput(d);                        /* the file holds the dentry now */
	return f;
}

/* A file on inode, or NULL; the caller's inode reference is consumed either way. */
struct file *alloc_anon_file(struct inode *inode, const char *name, unsigned flags,
			     const struct file_operations *fop, void *priv)
{
	anon_inode_sb();
	struct vfsmount *mnt = inode->i_sb == pipefs_sb() ? pipe_mnt : anon_mnt;
	struct file *f = alloc_file_pseudo(inode, mnt, name, flags, fop);
	if (f) {
		f->private_data = priv;
		f->f_mode &= ~FMODE_LSEEK;
	}
	return f;
}
