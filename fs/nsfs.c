/*
 * nsfs.c - the files that stand for namespaces, as Linux's fs/nsfs.c.
 *
 * Opening /proc/PID/ns/uts (a "magic" link, fs/proc_ns.c) lands on an
 * inode of nsfs, an internal file system mounted nowhere, whose i_ino is
 * the namespace's number and which holds a reference to the namespace:
 * an open fd keeps a namespace alive after every task has left it, and
 * setns(fd, ...) finds the namespace through it.  Each walk makes its own
 * dentry and inode; two files for the same namespace still compare equal
 * by (st_dev, st_ino), which is all a program may rely on.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <proc_ns.h>
#include <sched.h>

#define NSFS_MAGIC 0x6e736673

static struct vfsmount *nsfs_mnt;
static unsigned int next_inum = PROC_DYNAMIC_FIRST;

/* A number for a new namespace.  Never reused: 268 million namespaces
 * would have to be made before it wraps into the initial ones' range. */
unsigned int proc_alloc_inum(void)
{
	return next_inum++;
}

/* Linux's ns_file_operations: no read or write, only an identity. */
static const struct file_operations ns_file_operations = {
	.llseek = no_llseek,
};

bool proc_ns_file(const struct file *f)
{
	return f->f_op == &ns_file_operations;
}

/* The namespace an nsfs inode stands for (the inode holds the reference). */
struct ns_common *get_proc_ns(const struct inode *inode)
{
	return inode->i_private;
}

static void nsfs_evict(struct inode *inode)
{
	struct ns_common *ns = inode->i_private;
	if (ns)
		ns->ops->put(ns);
}

static struct vfsmount *nsfs_mount(void)
{
	if (nsfs_mnt)
		return nsfs_mnt;
	struct super_block *sb = alloc_super("nsfs", false);
	struct inode *root = sb ? new_inode(sb, S_IFDIR | 0555) : NULL;
	if (!root || !d_alloc_root(sb, root))
		panic("cannot create nsfs");
	sb->s_magic = NSFS_MAGIC;
	sb->evict_inode = nsfs_evict;
	nsfs_mnt = vfs_kern_mount(sb);
	if (!nsfs_mnt)
		panic("cannot mount nsfs");
	return nsfs_mnt;
}

void nsfs_init(void)
{
	nsfs_mount();
}

/*
 * *path becomes (referenced) an nsfs file for t's namespace of ops's
 * kind: where a walk through /proc/PID/ns/NAME lands.  -ENOENT when t
 * has none any more (it has exited).
 */
int ns_get_path(struct path *path, struct task_struct *t, const struct proc_ns_operations *ops)
{
	struct vfsmount *mnt = nsfs_mount();
	struct ns_common *ns = ops->get(t);
	if (!ns)
		return -ENOENT;
	struct inode *inode = new_inode(mnt->mnt_sb, S_IFREG | 0444);
	if (!inode) {
		ops->put(ns);
		return -ENOMEM;
	}
	inode->i_ino = ns->inum;
	inode->i_uid = inode->i_gid = 0;
	inode->i_private = ns;
	inode->i_fop = &ns_file_operations;
	char name[32];
	int len = snprintf(name, sizeof name, "%s:[%u]", ns->ops->real_ns_name, ns->inum);
	struct dentry *d = d_alloc(mnt->mnt_root, name, len);
	if (!d) {
		iput(inode);            /* drops ns too */
		return -ENOMEM;
	}
	d_instantiate(d, inode);
	path->mnt = mntget(mnt);
	path->dentry = d;
	return 0;
}

/* readlink's text for t's namespace of ops's kind: "uts:[4026531838]". */
int ns_get_name(char *buf, size_t size, struct task_struct *t, const struct proc_ns_operations *ops)
{
	struct ns_common *ns = ops->get(t);
	if (!ns)
		return -ENOENT;
	int n = snprintf(buf, size, "%s:[%u]", ops->real_ns_name, ns->inum);
	ops->put(ns);
	return n;
}
