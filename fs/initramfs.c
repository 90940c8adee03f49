/*
 * initramfs.c - unpack the cpio "newc" archive GRUB loaded as a module
 * into the root ramfs, as Linux does with its initramfs.
 *
 * Each member is a 110-byte ASCII header ("070701" and thirteen 8-digit
 * hex fields), the NUL-terminated name, padding to 4 bytes, the data,
 * padding to 4 bytes.  The member named "TRAILER!!!" ends the archive.
 * Directories, regular files, symlinks and device nodes are created with
 * their mode, owner and modification time.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>

struct cpio_header {
	unsigned long ino, mode, uid, gid, nlink, mtime, filesize;
	unsigned long devmajor, devminor, rdevmajor, rdevminor, namesize, check;
};

static unsigned long hex8(const char *s)
{
	unsigned long v = 0;
	for (int i = 0; i < 8; i++) {
		char c = s[i];
		v = v * 16 + (c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			      c >= 'A' && c <= 'F' ? c - 'A' + 10 : 0);
	}
	return v;
}

static void set_attrs(const char *path, const struct cpio_header *h)
{
	struct path p;
	if (kern_path(path, 0, &p))
		return;
	struct inode *inode = p.dentry->d_inode;
	inode->i_mode = h->mode;
	inode->i_uid = h->uid;
	inode->i_gid = h->gid;
	inode->i_mtime = inode->i_ctime = inode->i_atime = (struct timespec){ (long)h->mtime, 0 };
	path_put(&p);
}

static int unpack_file(const char *name, const struct cpio_header *h, const char *data)
{
	struct file *f = filp_open(name, O_WRONLY | O_CREAT | O_TRUNC, h->mode & 07777);
	if (IS_ERR(f))
		return PTR_ERR(f);
	loff_t pos = 0;
	ssize_t n = kernel_write(f, data, h->filesize, &pos);
	fput(f);
	return n < 0 ? n : 0;
}

static int unpack_one(const char *name, const struct cpio_header *h, const char *data)
{
	umode_t type = h->mode & S_IFMT;
	int err;
	switch (type) {
	case S_IFDIR:
		err = vfs_mkobj(AT_FDCWD, name, h->mode, 0, true);
		if (err == -EEXIST)
			err = 0;
		break;
	case S_IFREG:
		err = unpack_file(name, h, data);
		break;
	case S_IFLNK: {
		char *target = kmalloc(h->filesize + 1);
		if (!target)
			return -ENOMEM;
		memcpy(target, data, h->filesize);
		target[h->filesize] = 0;
		struct path parent;
		char last[NAME_MAX + 1];
		int len;
		err = filename_parentat(AT_FDCWD, name, &parent, last, &len);
		if (!err) {
			struct dentry *d = d_alloc(parent.dentry, last, len);
			struct inode *dir = parent.dentry->d_inode;
			err = d ? dir->i_op->symlink(dir, d, target) : -ENOMEM;
			if (d)
				dput(d);
			path_put(&parent);
		}
		kfree(target);
		return err;
	}
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		err = vfs_mkobj(AT_FDCWD, name, h->mode, MKDEV(h->rdevmajor, h->rdevminor), true);
		break;
	default:
		return -EINVAL;
	}
	if (!err)
		set_attrs(name, h);
	return err;
}

/* Returns the number of members unpacked, or -EINVAL for a broken archive. */
int unpack_initramfs(const void *archive, size_t len)
{
	const char *p = archive, *end = p + len;
	char name[PATH_MAX];
	int count = 0;
	while (p + 110 <= end) {
		if (memcmp(p, "070701", 6) != 0 && memcmp(p, "070702", 6) != 0) {
			if (*p == 0) {          /* padding between concatenated archives */
				p++;
				continue;
			}
			printk("initramfs: bad magic at offset %lu\n", (unsigned long)(p - (const char *)archive));
			return -EINVAL;
		}
		struct cpio_header h;
		unsigned long *fields = &h.ino;
		for (int i = 0; i < 13; i++)
			fields[i] = hex8(p + 6 + 8 * i);
		const char *base = archive, *nm = p + 110;
		size_t data_off = ALIGN_UP((size_t)(p - base) + 110 + h.namesize, 4);
		const char *data = base + data_off;
		if (h.namesize == 0 || h.namesize > PATH_MAX - 2 || data + h.filesize > end)
			return -EINVAL;
		p = base + ALIGN_UP(data_off + h.filesize, 4);
		if (strncmp(nm, "TRAILER!!!", h.namesize) == 0)
			continue;               /* another archive may follow */
		const char *s = nm;
		while (*s == '.' && s[1] == '/')
			s += 2;
		while (*s == '/')
			s++;
		if (!*s || (s[0] == '.' && !s[1]))
			continue;               /* "." is the root itself */
		name[0] = '/';
		strlcpy(name + 1, s, MIN(sizeof name - 1, h.namesize));
		int err = unpack_one(name, &h, data);
		if (err)
			printk("initramfs: %s: error %d\n", name, err);
		else
			count++;
	}
	return count;
}
