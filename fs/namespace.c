/*
 * namespace.c - mounts and mount namespaces.
 *
 * A mount namespace is a list of vfsmounts: each says "super block S is
 * visible at dentry D of mount M".  Path lookup asks lookup_mnt() whether
 * the dentry it just reached has something mounted on it in the current
 * task's namespace, and if so continues at that mount's root.
 * CLONE_NEWNS (copy_mnt_ns) copies the list, so later mounts and unmounts
 * in one namespace are invisible in the other.  At boot, vfs_init mounts
 * the root file system and the internal ones.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <nsproxy.h>
#include <sched.h>
#include <setup.h>
#include <syscalls.h>
#include <uaccess.h>
#include <uapi/sched.h>

struct vfsmount *root_mnt;
static int next_mnt_id = 1;

struct vfsmount *mntget(struct vfsmount *m)
{
	if (m)
		m->mnt_count++;
	return m;
}

void mntput(struct vfsmount *m)
{
	if (!m)
		return;
	BUG_ON(m->mnt_count <= 0);
	if (--m->mnt_count > 0)
		return;
	/* Unmounted (no namespace holds it) and unused: let the super block go. */
	struct super_block *sb = m->mnt_sb;
	dput(m->mnt_root);
	if (--sb->s_count == 0) {
		struct dentry *root = sb->s_root;
		if (sb->s_pin_dentries)
			shrink_dcache_tree(root);
		root->d_flags &= ~DCACHE_PINNED;
		dput(root);
		kfree(sb->s_fs_info);
		kfree(sb);
	}
	kfree(m);
}

void path_get(const struct path *p)
{
	mntget(p->mnt);
	dget(p->dentry);
}

void path_put(const struct path *p)
{
	dput(p->dentry);
	mntput(p->mnt);
}

/* A mount of sb not yet attached anywhere; one reference for the caller. */
struct vfsmount *vfs_kern_mount(struct super_block *sb)
{
	struct vfsmount *m = kzalloc(sizeof *m);
	if (!m)
		return NULL;
	m->mnt_sb = sb;
	m->mnt_root = dget(sb->s_root);
	m->mnt_parent = m;
	m->mnt_count = 1;
	m->mnt_id = next_mnt_id++;
	INIT_LIST_HEAD(&m->mnt_list);
	sb->s_count++;
	return m;
}

static struct mnt_namespace *current_mnt_ns(void)
{
	return current->nsproxy->mnt_ns;
}

/* What is mounted on p in the current namespace (no reference), or NULL. */
struct vfsmount *lookup_mnt(const struct path *p)
{
	if (!p->dentry->d_mounted)
		return NULL;
	struct vfsmount *m;
	list_for_each_entry(m, &current_mnt_ns()->list, mnt_list)
		if (m->mnt_parent == p->mnt && m->mnt_mountpoint == p->dentry && m != m->mnt_parent)
			return m;
	return NULL;
}

static void attach_mnt(struct mnt_namespace *ns, struct vfsmount *m,
		       struct vfsmount *parent, struct dentry *mp)
{
	m->mnt_parent = mntget(parent);
	m->mnt_mountpoint = dget(mp);
	mp->d_mounted++;
	m->mnt_ns = ns;
	list_add_tail(&m->mnt_list, &ns->list);
	ns->seq++;
}

/* Mounts m on the directory where (in the current namespace); takes m's reference. */
int do_add_mount(struct vfsmount *m, const struct path *where)
{
	if (!S_ISDIR(where->dentry->d_inode->i_mode))
		return -ENOTDIR;
	attach_mnt(current_mnt_ns(), m, where->mnt, where->dentry);
	return 0;
}

/* Detaches m from its namespace and drops the namespace's reference. */
void umount_tree(struct vfsmount *m)
{
	list_del_init(&m->mnt_list);
	m->mnt_ns->seq++;
	m->mnt_ns = NULL;
	if (m->mnt_parent != m) {
		m->mnt_mountpoint->d_mounted--;
		dput(m->mnt_mountpoint);
		mntput(m->mnt_parent);
		m->mnt_parent = m;
		m->mnt_mountpoint = NULL;
	}
	mntput(m);
}

struct mnt_namespace *create_mnt_ns(struct vfsmount *root)
{
	struct mnt_namespace *ns = kzalloc(sizeof *ns);
	if (!ns)
		return NULL;
	ns->ns.ops = &mntns_operations;
	ns->ns.inum = proc_alloc_inum();
	ns->count = 1;
	INIT_LIST_HEAD(&ns->list);
	ns->root = root;
	root->mnt_ns = ns;
	list_add_tail(&root->mnt_list, &ns->list);
	return ns;
}

void put_mnt_ns(struct mnt_namespace *ns)
{
	if (--ns->count > 0)
		return;
	/* Unmount children before parents: the list is in mount order, so go backwards. */
	while (!list_empty(&ns->list)) {
		struct vfsmount *m = list_entry(ns->list.prev, struct vfsmount, mnt_list);
		umount_tree(m);
	}
	kfree(ns);
}

/* ---- the mount namespace as a file (/proc/PID/ns/mnt, setns) ------------------------------ */

static struct mnt_namespace *to_mnt_ns(struct ns_common *ns)
{
	return container_of(ns, struct mnt_namespace, ns);
}

static struct ns_common *mntns_get(struct task_struct *t)
{
	if (!t->nsproxy)
		return NULL;
	t->nsproxy->mnt_ns->count++;
	return &t->nsproxy->mnt_ns->ns;
}

static void mntns_put(struct ns_common *ns)
{
	put_mnt_ns(to_mnt_ns(ns));
}

/*
 * setns into a mount namespace: root and cwd become its root, as Linux's
 * mntns_install; the fs_struct must be the caller's alone (EINVAL), since
 * whoever shares it would be moved too.
 */
static int mntns_install(struct nsset *nsset, struct ns_common *ns)
{
	struct fs_struct *fs = nsset->fs;
	struct mnt_namespace *mnt_ns = to_mnt_ns(ns);
	if (!capable())
		return -EPERM;
	if (fs->users != 1)
		return -EINVAL;
	mnt_ns->count++;
	put_mnt_ns(nsset->nsproxy->mnt_ns);
	nsset->nsproxy->mnt_ns = mnt_ns;
	struct path root = { mnt_ns->root, mnt_ns->root->mnt_root };
	set_fs_pwd(fs, &root);
	set_fs_root(fs, &root);
	return 0;
}

const struct proc_ns_operations mntns_operations = {
	.name = "mnt", .real_ns_name = "mnt", .type = CLONE_NEWNS,
	.get = mntns_get, .put = mntns_put, .install = mntns_install,
};

static struct vfsmount *clone_mnt(struct vfsmount *old)
{
	struct vfsmount *m = vfs_kern_mount(old->mnt_sb);
	if (m) {
		dput(m->mnt_root);
		m->mnt_root = dget(old->mnt_root);
		m->mnt_flags = old->mnt_flags;
	}
	return m;
}

/* The new mount that corresponds to old, or NULL. */
static struct vfsmount *find_clone(struct vfsmount **olds, struct vfsmount **news, int n,
				   struct vfsmount *old)
{
	for (int i = 0; i < n; i++)
		if (olds[i] == old)
			return news[i];
	return NULL;
}

/*
 * CLONE_NEWNS: a namespace with a copy of every mount of old, in the same
 * places.  fs (the caller's root and cwd) is switched to the copies, as
 * Linux's copy_mnt_ns does.
 */
struct mnt_namespace *copy_mnt_ns(struct mnt_namespace *old, struct fs_struct *fs)
{
	int n = 0;
	struct vfsmount *m;
	list_for_each_entry(m, &old->list, mnt_list)
		n++;
	struct vfsmount **olds = kmalloc(n * sizeof *olds), **news = kmalloc(n * sizeof *news);
	struct mnt_namespace *ns = NULL;
	if (!olds || !news)
		goto out;
	int i = 0;
	list_for_each_entry(m, &old->list, mnt_list) {
		olds[i] = m;
		news[i] = clone_mnt(m);
		if (!news[i]) {
			while (i--)
				mntput(news[i]);
			goto out;
		}
		i++;
	}
	ns = create_mnt_ns(news[0]);
	if (!ns) {
		for (i = 0; i < n; i++)
			mntput(news[i]);
		goto out;
	}
	for (i = 1; i < n; i++)
		attach_mnt(ns, news[i], find_clone(olds, news, n, olds[i]->mnt_parent),
			   olds[i]->mnt_mountpoint);
	if (fs) {
		struct vfsmount *r = find_clone(olds, news, n, fs->root.mnt);
		struct vfsmount *p = find_clone(olds, news, n, fs->pwd.mnt);
		if (r) {
			mntput(fs->root.mnt);
			fs->root.mnt = mntget(r);
		}
		if (p) {
			mntput(fs->pwd.mnt);
			fs->pwd.mnt = mntget(p);
		}
	}
out:
	kfree(olds);
	kfree(news);
	return ns;
}

/* ---- mount(2) and umount2(2) ------------------------------------------------------------- */

#define MS_RDONLY 1
#define MS_NOSUID 2
#define MS_NODEV 4
#define MS_NOEXEC 8
#define MS_REMOUNT 32
#define MS_BIND 4096
#define MS_MOVE 8192
#define MS_REC 16384
#define MS_NOATIME 1024
#define MS_NODIRATIME 2048
#define MS_RELATIME (1 << 21)
#define MS_STRICTATIME (1 << 24)
#define MS_UNBINDABLE (1 << 17)
#define MS_PRIVATE (1 << 18)
#define MS_SLAVE (1 << 19)
#define MS_SHARED (1 << 20)
#define MNT_FORCE 1
#define MNT_DETACH 2
#define MNT_EXPIRE 4
#define UMOUNT_NOFOLLOW 8

static long copy_mount_string(const char *u, char *buf, size_t size)
{
	long n = strncpy_from_user(buf, u, size);
	if (n < 0)
		return n;
	if ((size_t)n == size)
		return -ENAMETOOLONG;
	return 0;
}

/* A new mount's MNT_* flags from mount(2)'s MS_*: relatime unless told
 * otherwise, as Linux's path_mount.  They are recorded (statfs and
 * /proc/mounts show them), not enforced. */
static unsigned int mnt_flags_of(unsigned long flags)
{
	unsigned int mf = (flags & MS_NOATIME) ? 0 : MNT_RELATIME;
	if (flags & MS_NOSUID)
		mf |= MNT_NOSUID;
	if (flags & MS_NODEV)
		mf |= MNT_NODEV;
	if (flags & MS_NOEXEC)
		mf |= MNT_NOEXEC;
	if (flags & MS_NOATIME)
		mf |= MNT_NOATIME;
	if (flags & MS_NODIRATIME)
		mf |= MNT_NODIRATIME;
	if (flags & MS_STRICTATIME)
		mf &= ~(MNT_RELATIME | MNT_NOATIME);
	return mf;
}

/*
 * Supports new "tmpfs"/"ramfs" and "proc" mounts, bind mounts, and the
 * propagation flags (accepted: every mount here is private).
 */
long sys_mount(const char *usrc, const char *utarget, const char *utype, unsigned long flags,
	       const void *data)
{
	if (!capable())
		return -EPERM;
	struct path target;
	int err = user_path_at(AT_FDCWD, utarget, LOOKUP_FOLLOW, &target);
	if (err)
		return err;
	char type[32] = "";
	if ((flags & (MS_PRIVATE | MS_SLAVE | MS_SHARED | MS_UNBINDABLE)) || (flags & MS_REMOUNT)) {
		path_put(&target);
		return 0;               /* propagation and remount: nothing to change */
	}
	struct vfsmount *m = NULL;
	if (flags & MS_BIND) {
		struct path src;
		err = user_path_at(AT_FDCWD, usrc, LOOKUP_FOLLOW, &src);
		if (!err) {
			m = vfs_kern_mount(src.mnt->mnt_sb);
			if (m) {
				dput(m->mnt_root);
				m->mnt_root = dget(src.dentry);
				m->mnt_flags = src.mnt->mnt_flags;
			}
			path_put(&src);
		}
	} else if (!utype || (err = copy_mount_string(utype, type, sizeof type))) {
		err = err ? err : -EINVAL;
	} else if (!strcmp(type, "tmpfs") || !strcmp(type, "ramfs")) {
		struct super_block *sb = type[0] == 't' ? tmpfs_new_sb() : ramfs_new_sb();
		m = sb ? vfs_kern_mount(sb) : NULL;
		if (sb && !m)
			kfree(sb);
	} else if (!strcmp(type, "proc")) {
		struct super_block *sb;
		err = proc_mount_data(data, &sb);
		m = sb ? vfs_kern_mount(sb) : NULL;
	} else {
		err = -ENODEV;
	}
	if (m && !(flags & MS_BIND))
		m->mnt_flags = mnt_flags_of(flags);
	if (!err && !m)
		err = -ENOMEM;
	if (!err) {
		err = do_add_mount(m, &target);
		if (err)
			mntput(m);
	}
	path_put(&target);
	return err;
}

long sys_umount2(const char *utarget, int flags)
{
	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if (!capable())
		return -EPERM;
	struct path p;
	int err = user_path_at(AT_FDCWD, utarget, (flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	struct vfsmount *m = p.mnt;
	if (p.dentry != m->mnt_root || m->mnt_parent == m || m->mnt_ns != current->nsproxy->mnt_ns)
		err = -EINVAL;          /* not a mount point (or the namespace root) */
	else {
		struct vfsmount *child;
		list_for_each_entry(child, &m->mnt_ns->list, mnt_list)
			if (child->mnt_parent == m && child != m)
				err = -EBUSY;
		/* busy: more users than the namespace and this lookup */
		if (!err && m->mnt_count > 2 && !(flags & MNT_DETACH))
			err = -EBUSY;
	}
	path_put(&p);
	if (!err)
		umount_tree(m);
	return err;
}

/* ---- the root mount, at boot ---------------------------------------------------- */

/*
 * The root file system: a ramfs filled from the initramfs module, with
 * /dev nodes added if the archive lacks them and procfs on /proc.
 */
void vfs_init(void)
{
	struct super_block *sb = ramfs_new_sb();
	if (!sb)
		panic("cannot create the root file system");
	root_mnt = vfs_kern_mount(sb);
	init_nsproxy.mnt_ns = create_mnt_ns(root_mnt);
	struct fs_struct *fs = kzalloc(sizeof *fs);
	if (!fs)
		panic("cannot create the first fs_struct");
	fs->users = 1;
	fs->root = (struct path){ root_mnt, sb->s_root };
	fs->pwd = fs->root;
	path_get(&fs->root);
	path_get(&fs->pwd);
	init_task.fs = fs;

	if (boot_params.initrd_end > boot_params.initrd_start) {
		size_t len = boot_params.initrd_end - boot_params.initrd_start;
		int n = unpack_initramfs(__va(boot_params.initrd_start), len);
		printk("initramfs: %d entries from %lu KiB\n", n, (unsigned long)(len >> 10));
		free_initrd_mem();
	} else {
		printk("initramfs: none (the loader gave no module)\n");
	}
	dev_populate();
	proc_init();
	anon_inode_sb();        /* the internal mounts exist from boot on */
	pipefs_sb();
	nsfs_init();
	shmem_init();
}
