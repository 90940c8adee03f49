/*
 * dcache.c - inodes and dentries: allocation, reference counts, names.
 *
 * A dentry holds a reference to its inode and to its parent dentry.  In
 * a file system that keeps its tree in memory (ramfs), each existing name
 * holds one extra "pinned" reference on its dentry, dropped by unlink or
 * rmdir (d_delete); files and cwds that still use the dentry keep it, and
 * its inode, alive after that - which is why an unlinked open file can
 * still be read.  Other file systems (procfs) build dentries on every
 * lookup and drop them with their last reference.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <time.h>

static unsigned long next_dev = 1;

struct super_block *alloc_super(const char *type, bool pin)
{
	struct super_block *sb = kzalloc(sizeof *sb);
	if (!sb)
		return NULL;
	sb->s_type = type;
	sb->s_dev = next_dev++;
	sb->s_next_ino = 1;
	sb->s_pin_dentries = pin;
	return sb;
}

struct timespec current_time(void)
{
	u64 ns = ktime_get_real_ns();
	return (struct timespec){ (long)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };
}

/* A new inode with one reference, owned by the caller's fsuid/fsgid. */
struct inode *new_inode(struct super_block *sb, umode_t mode)
{
	struct inode *inode = kzalloc(sizeof *inode);
	if (!inode)
		return NULL;
	inode->i_ino = sb->s_next_ino++;
	inode->i_mode = mode;
	inode->i_nlink = 1;
	inode->i_count = 1;
	inode->i_sb = sb;
	sb->s_nr_inodes++;
	inode->i_uid = current ? current->fsuid : 0;
	inode->i_gid = current ? current->fsgid : 0;
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time();
	return inode;
}

void ihold(struct inode *inode)
{
	inode->i_count++;
}

/* Drops a reference; the last one frees the inode and its data. */
void iput(struct inode *inode)
{
	if (!inode)
		return;
	BUG_ON(inode->i_count <= 0);
	if (--inode->i_count > 0)
		return;
	if (inode->i_sb->evict_inode)
		inode->i_sb->evict_inode(inode);
	inode->i_sb->s_nr_inodes--;
	kfree(inode);
}

static struct dentry *__d_alloc(struct super_block *sb, const char *name, int len)
{
	struct dentry *d = kzalloc(sizeof *d);
	if (!d)
		return NULL;
	d->d_count = 1;
	d->d_sb = sb;
	INIT_LIST_HEAD(&d->d_child);
	INIT_LIST_HEAD(&d->d_subdirs);
	memcpy(d->d_name, name, len);
	d->d_name[len] = 0;
	return d;
}

/*
 * A new, still negative (no inode) dentry named name under parent, with
 * one reference for the caller.  In a pinning file system it is linked
 * into the parent's list so later lookups find it.
 */
struct dentry *d_alloc(struct dentry *parent, const char *name, int len)
{
	struct dentry *d = __d_alloc(parent->d_sb, name, len);
	if (!d)
		return NULL;
	d->d_parent = dget(parent);
	return d;
}

struct dentry *d_alloc_root(struct super_block *sb, struct inode *root)
{
	struct dentry *d = __d_alloc(sb, "/", 1);
	if (!d)
		return NULL;
	d->d_parent = d;
	d->d_inode = root;
	d->d_flags |= DCACHE_PINNED;    /* its one reference is the super block's */
	sb->s_root = d;
	return d;
}

/* Gives the dentry its inode (taking over the caller's inode reference). */
void d_instantiate(struct dentry *d, struct inode *inode)
{
	d->d_inode = inode;
	if (d->d_sb->s_pin_dentries) {
		list_add(&d->d_child, &d->d_parent->d_subdirs);
		d->d_flags |= DCACHE_PINNED;
		d->d_count++;
	}
}

/* Finds an existing child by name; returns it with a reference, or NULL. */
struct dentry *d_lookup(struct dentry *parent, const char *name, int len)
{
	struct dentry *d;
	list_for_each_entry(d, &parent->d_subdirs, d_child)
		if ((int)strlen(d->d_name) == len && memcmp(d->d_name, name, len) == 0)
			return dget(d);
	return NULL;
}

struct dentry *dget(struct dentry *d)
{
	if (d)
		d->d_count++;
	return d;
}

/* Drops a reference; a dentry nobody holds any more frees itself, its
 * inode reference and its parent reference (walking up iteratively). */
void dput(struct dentry *d)
{
	while (d) {
		BUG_ON(d->d_count <= 0);
		if (--d->d_count > 0)
			return;
		struct dentry *parent = d->d_parent == d ? NULL : d->d_parent;
		list_del_init(&d->d_child);
		iput(d->d_inode);
		kfree(d);
		d = parent;
	}
}

/* The name is gone (unlink, rmdir, rename over it): unlink and unpin. */
void d_delete(struct dentry *d)
{
	list_del_init(&d->d_child);
	d->d_flags |= DCACHE_DELETED;
	if (d->d_flags & DCACHE_PINNED) {
		d->d_flags &= ~DCACHE_PINNED;
		dput(d);
	}
}

/* rename: the dentry moves under new_parent with a new name. */
void d_move(struct dentry *d, struct dentry *new_parent, const char *name)
{
	struct dentry *old_parent = d->d_parent;
	list_del_init(&d->d_child);
	strlcpy(d->d_name, name, sizeof d->d_name);
	d->d_parent = dget(new_parent);
	list_add(&d->d_child, &new_parent->d_subdirs);
	dput(old_parent);
}

/* A pinning file system goes away (unmount): forget every name in it. */
void shrink_dcache_tree(struct dentry *root)
{
	while (!list_empty(&root->d_subdirs)) {
		struct dentry *d = list_first_entry(&root->d_subdirs, struct dentry, d_child);
		dget(d);
		shrink_dcache_tree(d);
		d_delete(d);
		dput(d);
	}
}
