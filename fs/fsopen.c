/*
 * fsopen.c - Linux's new mount API (its fs/fsopen.c and part of
 * fs/namespace.c): fsopen makes a file system context (an fd), fsconfig
 * sets its parameters one at a time and FSCONFIG_CMD_CREATE makes the
 * super block; fsmount turns it into a mount attached nowhere (an O_PATH
 * fd of its root), and move_mount attaches that mount to a directory.
 * ushi knows the parameters of "proc" (proc_root.c) and "source" for
 * every type; move_mount moves only such detached mounts (EINVAL for a
 * mounted one, which Linux would move).
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <sched.h>
#include <syscalls.h>
#include <uaccess.h>

#define FSOPEN_CLOEXEC 0x1

enum fsconfig_command {
	FSCONFIG_SET_FLAG = 0,
	FSCONFIG_SET_STRING = 1,
	FSCONFIG_SET_BINARY = 2,
	FSCONFIG_SET_PATH = 3,
	FSCONFIG_SET_PATH_EMPTY = 4,
	FSCONFIG_SET_FD = 5,
	FSCONFIG_CMD_CREATE = 6,
	FSCONFIG_CMD_RECONFIGURE = 7,
};

/* Where a context is in its life, Linux's enum fs_context_phase (the
 * phases ushi can reach). */
enum fs_context_phase {
	FS_CONTEXT_CREATE_PARAMS,       /* taking parameters */
	FS_CONTEXT_AWAITING_MOUNT,      /* created: a super block, waiting for fsmount */
	FS_CONTEXT_AWAITING_RECONF,     /* mounted: the mount owns the super block */
	FS_CONTEXT_FAILED,              /* a create failed: the context is spent */
};

/* A context, the file's private_data; only its file uses it, so no lock. */
struct fs_context {
	const char *fs_type;            /* "proc", "tmpfs" or "ramfs" */
	enum fs_context_phase phase;
	bool has_source;
	struct proc_fs_info proc;       /* proc's parameters */
	struct super_block *sb;         /* once created */
};

static void fscontext_release(struct inode *inode __unused, struct file *f)
{
	struct fs_context *fc = f->private_data;
	if (fc->sb) {
		/* never mounted: a mount of its own takes it down with it */
		struct vfsmount *m = vfs_kern_mount(fc->sb);
		if (m)
			mntput(m);
	}
	kfree(fc);
}

static const struct file_operations fscontext_fops = {
	.release = fscontext_release,
	.llseek = no_llseek,
};

/* The file system types a context can be made for: those mount(2) makes. */
static const char *fs_type_of(const char *name)
{
	static const char *const types[] = { "proc", "tmpfs", "ramfs" };
	for (unsigned i = 0; i < ARRAY_SIZE(types); i++)
		if (!strcmp(name, types[i]))
			return types[i];
	return NULL;
}

long sys_fsopen(const char *uname, unsigned int flags)
{
	if (!capable())
		return -EPERM;
	if (flags & ~FSOPEN_CLOEXEC)
		return -EINVAL;
	char name[32];
	long n = strncpy_from_user(name, uname, sizeof name);
	if (n < 0)
		return n;
	const char *type = (size_t)n < sizeof name ? fs_type_of(name) : NULL;
	if (!type)
		return -ENODEV;
	struct fs_context *fc = kzalloc(sizeof *fc);
	if (!fc)
		return -ENOMEM;
	fc->fs_type = type;
	fc->phase = FS_CONTEXT_CREATE_PARAMS;
	int fd = get_unused_fd_flags(flags & FSOPEN_CLOEXEC ? O_CLOEXEC : 0);
	struct inode *inode = fd >= 0 ? new_inode(anon_inode_sb(), S_IFREG | 0600) : NULL;
	struct file *f = inode ? alloc_anon_file(inode, "[fscontext]", O_RDWR, &fscontext_fops, fc) : NULL;
	if (!f) {
		kfree(fc);
		if (fd >= 0)
			put_unused_fd(fd);
		return fd < 0 ? fd : -ENFILE;
	}
	fd_install(fd, f);
	return fd;
}

/* One parameter; val is the string of FSCONFIG_SET_STRING, else NULL
 * (a parameter of another kind, which none of ushi's takes). */
static int fs_parse_param(struct fs_context *fc, const char *key, const char *val)
{
	if (!strcmp(key, "source")) {
		if (!val || fc->has_source)
			return -EINVAL;         /* "Non-string source", "Multiple sources" */
		fc->has_source = true;
		return 0;
	}
	if (!strcmp(fc->fs_type, "proc") && val)
		return proc_parse_param(&fc->proc, key, val);
	return -EINVAL;
}

/* Makes the super block: FSCONFIG_CMD_CREATE. */
static int fs_create(struct fs_context *fc)
{
	if (fc->phase != FS_CONTEXT_CREATE_PARAMS)
		return -EBUSY;
	if (!strcmp(fc->fs_type, "proc"))
		fc->sb = proc_new_sb(&fc->proc);
	else
		fc->sb = fc->fs_type[0] == 't' ? tmpfs_new_sb() : ramfs_new_sb();
	fc->phase = fc->sb ? FS_CONTEXT_AWAITING_MOUNT : FS_CONTEXT_FAILED;
	return fc->sb ? 0 : -ENOMEM;
}

/* A key or a string value: at most 255 bytes, as Linux's strndup_user(256). */
static int copy_param(char **out, const char *u)
{
	*out = kmalloc(256);
	if (!*out)
		return -ENOMEM;
	long n = strncpy_from_user(*out, u, 256);
	return n < 0 ? (int)n : n == 256 ? -EINVAL : 0;
}

/* The argument checks come first, in Linux's order, then the fd. */
static int fsconfig_args_ok(unsigned int cmd, const char *ukey, const void *uval, int aux)
{
	switch (cmd) {
	case FSCONFIG_SET_FLAG:
		return ukey && !uval && !aux;
	case FSCONFIG_SET_STRING:
		return ukey && uval && !aux;
	case FSCONFIG_SET_BINARY:
		return ukey && uval && aux > 0 && aux <= 1024 * 1024;
	case FSCONFIG_SET_PATH:
	case FSCONFIG_SET_PATH_EMPTY:
		return ukey && uval && (aux == AT_FDCWD || aux >= 0);
	case FSCONFIG_SET_FD:
		return ukey && !uval && aux >= 0;
	default:                /* the two commands */
		return !ukey && !uval && !aux;
	}
}

long sys_fsconfig(int fd, unsigned int cmd, const char *ukey, const void *uval, int aux)
{
	if (fd < 0)
		return -EINVAL;
	if (cmd > FSCONFIG_CMD_RECONFIGURE)
		return -EOPNOTSUPP;
	if (!fsconfig_args_ok(cmd, ukey, uval, aux))
		return -EINVAL;
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	long err = -EINVAL;
	char *key = NULL, *val = NULL;
	struct fs_context *fc = f->private_data;
	if (f->f_op != &fscontext_fops)
		goto out;
	if (ukey && (err = copy_param(&key, ukey)))
		goto out;
	if (cmd == FSCONFIG_SET_STRING && (err = copy_param(&val, uval)))
		goto out;
	if (cmd == FSCONFIG_CMD_CREATE)
		err = capable() ? fs_create(fc) : -EPERM;
	else if (cmd == FSCONFIG_CMD_RECONFIGURE)
		err = -EBUSY;           /* a context from fsopen creates, never reconfigures */
	else if (fc->phase != FS_CONTEXT_CREATE_PARAMS)
		err = -EBUSY;
	else
		err = fs_parse_param(fc, key, val);
out:
	kfree(key);
	kfree(val);
	fput(f);
	return err;
}

/* ---- fsmount and move_mount ------------------------------------------------------------ */

#define FSMOUNT_CLOEXEC 0x1
#define MOUNT_ATTR_RDONLY 0x1
#define MOUNT_ATTR_NOSUID 0x2
#define MOUNT_ATTR_NODEV 0x4
#define MOUNT_ATTR_NOEXEC 0x8
#define MOUNT_ATTR__ATIME 0x70
#define MOUNT_ATTR_RELATIME 0x0
#define MOUNT_ATTR_NOATIME 0x10
#define MOUNT_ATTR_STRICTATIME 0x20
#define MOUNT_ATTR_NODIRATIME 0x80
#define MOUNT_ATTR_NOSYMFOLLOW 0x200000
#define FSMOUNT_VALID_FLAGS (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | \
			     MOUNT_ATTR_NOEXEC | MOUNT_ATTR__ATIME | MOUNT_ATTR_NODIRATIME | \
			     MOUNT_ATTR_NOSYMFOLLOW)

#define MOVE_MOUNT_F_SYMLINKS 0x01
#define MOVE_MOUNT_F_EMPTY_PATH 0x04
#define MOVE_MOUNT_T_SYMLINKS 0x10
#define MOVE_MOUNT_T_EMPTY_PATH 0x40
#define MOVE_MOUNT__MASK 0x177          /* Linux 6.1's: with the automount bits and SET_GROUP */

/* A mount's MNT_* flags from fsmount's MOUNT_ATTR_*, or -EINVAL for an
 * atime mode that is none of the three.  Recorded, not enforced, as
 * mount(2)'s (rdonly and nosymfollow are not even recorded). */
static int attr_to_mnt_flags(unsigned int attr)
{
	int mf = 0;
	switch (attr & MOUNT_ATTR__ATIME) {
	case MOUNT_ATTR_RELATIME: mf = MNT_RELATIME; break;
	case MOUNT_ATTR_NOATIME: mf = MNT_NOATIME; break;
	case MOUNT_ATTR_STRICTATIME: break;
	default: return -EINVAL;
	}
	if (attr & MOUNT_ATTR_NOSUID)
		mf |= MNT_NOSUID;
	if (attr & MOUNT_ATTR_NODEV)
		mf |= MNT_NODEV;
	if (attr & MOUNT_ATTR_NOEXEC)
		mf |= MNT_NOEXEC;
	if (attr & MOUNT_ATTR_NODIRATIME)
		mf |= MNT_NODIRATIME;
	return mf;
}

/* An O_PATH fd of a new, detached mount of the context's super block:
 * closing it before move_mount unmounts it. */
long sys_fsmount(int fs_fd, unsigned int flags, unsigned int attr)
{
	if (!capable())
		return -EPERM;
	if (flags & ~FSMOUNT_CLOEXEC || attr & ~FSMOUNT_VALID_FLAGS)
		return -EINVAL;
	int mnt_flags = attr_to_mnt_flags(attr);
	if (mnt_flags < 0)
		return mnt_flags;
	struct file *f = fget(fs_fd);
	if (!f)
		return -EBADF;
	struct fs_context *fc = f->private_data;
	long err = -EINVAL;             /* not a context, or no super block made */
	if (f->f_op != &fscontext_fops || fc->phase == FS_CONTEXT_CREATE_PARAMS ||
	    fc->phase == FS_CONTEXT_FAILED)
		goto out;
	err = -EBUSY;
	if (fc->phase != FS_CONTEXT_AWAITING_MOUNT)
		goto out;
	err = get_unused_fd_flags(flags & FSMOUNT_CLOEXEC ? O_CLOEXEC : 0);
	if (err < 0)
		goto out;
	int fd = (int)err;
	struct vfsmount *m = vfs_kern_mount(fc->sb);
	if (!m) {
		put_unused_fd(fd);
		err = -ENOMEM;
		goto out;
	}
	struct path root = { m, m->mnt_root };
	struct file *mf = dentry_open(&root, O_PATH);
	mntput(m);                      /* the file holds it now, or it took the sb down */
	fc->sb = NULL;
	if (IS_ERR(mf)) {
		put_unused_fd(fd);
		fc->phase = FS_CONTEXT_FAILED;
		err = PTR_ERR(mf);
		goto out;
	}
	m->mnt_flags = mnt_flags;
	fc->phase = FS_CONTEXT_AWAITING_RECONF;
	fd_install(fd, mf);
	err = fd;
out:
	fput(f);
	return err;
}

/* The path a move_mount argument names: the fd's own with empty_path
 * and "", else a lookup (following a last symlink only if told). */
static int move_mount_path(int dfd, const char *uname, bool empty_path, bool follow, struct path *out)
{
	char c;
	if (empty_path && strncpy_from_user(&c, uname, 1) == 0) {
		if (dfd == AT_FDCWD) {
			*out = current->fs->pwd;
			path_get(out);
			return 0;
		}
		struct file *f = fget(dfd);
		if (!f)
			return -EBADF;
		*out = f->f_path;
		path_get(out);
		fput(f);
		return 0;
	}
	return user_path_at(dfd, uname, follow ? LOOKUP_FOLLOW : 0, out);
}

long sys_move_mount(int from_dfd, const char *ufrom, int to_dfd, const char *uto, unsigned int flags)
{
	if (!capable())
		return -EPERM;
	if (flags & ~MOVE_MOUNT__MASK)
		return -EINVAL;
	struct path from, to;
	int err = move_mount_path(from_dfd, ufrom, flags & MOVE_MOUNT_F_EMPTY_PATH,
				  flags & MOVE_MOUNT_F_SYMLINKS, &from);
	if (err)
		return err;
	err = move_mount_path(to_dfd, uto, flags & MOVE_MOUNT_T_EMPTY_PATH,
			      flags & MOVE_MOUNT_T_SYMLINKS, &to);
	if (err) {
		path_put(&from);
		return err;
	}
	struct vfsmount *m = from.mnt;
	if (from.dentry != m->mnt_root || m->mnt_ns || m->mnt_parent != m) {
		err = -EINVAL;          /* not a detached mount's root */
	} else {
		err = do_add_mount(mntget(m), &to);     /* the namespace's reference */
		if (err)
			mntput(m);
	}
	path_put(&to);
	path_put(&from);
	return err;
}
