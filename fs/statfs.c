/*
 * statfs.c - statfs(2) and fstatfs(2): what a file system says about
 * itself (its magic number, block size, free space) and the flags of the
 * mount a path is on, as Linux's fs/statfs.c.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <syscalls.h>
#include <uaccess.h>
#include <uapi/statfs.h>

/* The answer of a file system that has no sizes to give (ramfs, procfs,
 * pipefs): its magic number, page-sized blocks, 0 blocks and files. */
int simple_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	buf->f_type = dentry->d_sb->s_magic;
	buf->f_bsize = PAGE_SIZE;
	buf->f_namelen = NAME_MAX;
	return 0;
}

/* ST_VALID and the mount's flags, as Linux's calculate_f_flags (no
 * super block of ushi is read-only, synchronous or mandatory-locking). */
static unsigned long calculate_f_flags(const struct vfsmount *mnt)
{
	static const struct { unsigned int mnt; unsigned long st; } map[] = {
		{ MNT_NOSUID, ST_NOSUID }, { MNT_NODEV, ST_NODEV },
		{ MNT_NOEXEC, ST_NOEXEC }, { MNT_NOATIME, ST_NOATIME },
		{ MNT_NODIRATIME, ST_NODIRATIME }, { MNT_RELATIME, ST_RELATIME },
	};
	unsigned long flags = ST_VALID;
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (mnt->mnt_flags & map[i].mnt)
			flags |= map[i].st;
	return flags;
}

/* Fills buf for the file system and mount of p. */
int vfs_statfs(const struct path *p, struct kstatfs *buf)
{
	struct super_block *sb = p->dentry->d_sb;
	memset(buf, 0, sizeof *buf);
	int err = (sb->statfs ? sb->statfs : simple_statfs)(p->dentry, buf);
	if (err)
		return err;
	if (!buf->f_frsize)
		buf->f_frsize = buf->f_bsize;
	buf->f_flags = calculate_f_flags(p->mnt);
	return 0;
}

static long do_statfs_native(const struct kstatfs *st, struct statfs *ubuf)
{
	struct statfs buf;
	memset(&buf, 0, sizeof buf);
	buf.f_type = st->f_type;
	buf.f_bsize = st->f_bsize;
	buf.f_blocks = st->f_blocks;
	buf.f_bfree = st->f_bfree;
	buf.f_bavail = st->f_bavail;
	buf.f_files = st->f_files;
	buf.f_ffree = st->f_ffree;
	buf.f_fsid[0] = st->f_fsid[0];
	buf.f_fsid[1] = st->f_fsid[1];
	buf.f_namelen = st->f_namelen;
	buf.f_frsize = st->f_frsize;
	buf.f_flags = st->f_flags;
	return copy_to_user(ubuf, &buf, sizeof buf) ? -EFAULT : 0;
}

long sys_statfs(const char *uname, struct statfs *ubuf)
{
	struct path p;
	struct kstatfs st;
	long err = user_path_at(AT_FDCWD, uname, LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	err = vfs_statfs(&p, &st);
	path_put(&p);
	return err ? err : do_statfs_native(&st, ubuf);
}

/* Any open file, O_PATH ones included, as Linux's fdget_raw. */
long sys_fstatfs(unsigned int fd, struct statfs *ubuf)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	struct kstatfs st;
	long err = vfs_statfs(&f->f_path, &st);
	fput(f);
	return err ? err : do_statfs_native(&st, ubuf);
}
