/*
 * ramfs.c - the file system that lives only in memory: the root file
 * system (unpacked from the initramfs), /tmp, and "tmpfs" mounts.
 *
 * Names are the dentry tree itself (pinned dentries, see dcache.c).  A
 * regular file's data is an array of frames, one per 4 KiB page of the
 * file, NULL where nothing was written (a hole reads as zeros).  Those
 * frames are what mmap maps: a MAP_SHARED mapping writes straight into
 * them, a MAP_PRIVATE one reads them until its first write copies the
 * page (mm/memory.c).
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <sched.h>
#include <uaccess.h>
#include <uapi/statfs.h>

static const struct inode_operations ramfs_dir_iops, ramfs_file_iops, ramfs_symlink_iops;
static const struct file_operations ramfs_dir_operations;

static void truncate_pages(struct inode *inode, loff_t size);

/* An inode with no file left has no mapping left either (every area
 * holds its file): its pages go without a look at the address spaces. */
static void ramfs_evict(struct inode *inode)
{
	truncate_pages(inode, 0);
	kfree(inode->i_pages);
	kfree(inode->i_link);
}

struct super_block *ramfs_new_sb(void)
{
	struct super_block *sb = alloc_super("ramfs", true);
	if (!sb)
		return NULL;
	sb->s_magic = RAMFS_MAGIC;
	sb->evict_inode = ramfs_evict;
	struct inode *root = ramfs_get_inode(sb, S_IFDIR | 0755, 0);
	if (!root || !d_alloc_root(sb, root)) {
		iput(root);
		kfree(sb);
		return NULL;
	}
	return sb;
}

/*
 * statfs of a tmpfs mount, as Linux's shmem_statfs with its default
 * limits (size=50%, nr_inodes=50% of RAM in pages): ushi's tmpfs is a
 * ramfs that counts its frames and inodes but enforces no limit.
 */
static int tmpfs_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	struct super_block *sb = dentry->d_sb;
	unsigned long max = totalram_pages / 2;
	buf->f_type = TMPFS_MAGIC;
	buf->f_bsize = PAGE_SIZE;
	buf->f_namelen = NAME_MAX;
	buf->f_blocks = max;
	buf->f_bfree = buf->f_bavail = max > sb->s_nr_pages ? max - sb->s_nr_pages : 0;
	buf->f_files = max;
	buf->f_ffree = max > sb->s_nr_inodes ? max - sb->s_nr_inodes : 0;
	/* Linux derives it from a random uuid; the device number is as unique. */
	buf->f_fsid[0] = (int)sb->s_dev;
	return 0;
}

/* A new, empty "tmpfs": ramfs under tmpfs's name and magic. */
struct super_block *tmpfs_new_sb(void)
{
	struct super_block *sb = ramfs_new_sb();
	if (sb) {
		sb->s_type = "tmpfs";
		sb->s_magic = TMPFS_MAGIC;
		sb->statfs = tmpfs_statfs;
	}
	return sb;
}

struct inode *ramfs_get_inode(struct super_block *sb, umode_t mode, dev_t rdev)
{
	struct inode *inode = new_inode(sb, mode);
	if (!inode)
		return NULL;
	switch (mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &ramfs_dir_iops;
		inode->i_fop = &ramfs_dir_operations;
		inode->i_nlink = 2;
		break;
	case S_IFREG:
		inode->i_op = &ramfs_file_iops;
		inode->i_fop = &ramfs_file_operations;
		break;
	case S_IFLNK:
		inode->i_op = &ramfs_symlink_iops;
		break;
	case S_IFIFO:
		inode->i_op = &ramfs_file_iops;
		inode->i_fop = &pipe_fifo_fops;
		break;
	default:                /* devices: dentry_open picks the driver by i_rdev */
		inode->i_op = &ramfs_file_iops;
		inode->i_rdev = rdev;
		break;
	}
	return inode;
}

/* ---- file data ------------------------------------------------------------------- */

/*
 * ramfs_pages_lock protects every ramfs inode's i_pages and i_pages_cap
 * (the array and the frames in it) and every super block's s_nr_pages:
 * page faults look pages up and add them without the big kernel lock,
 * beside read, write and truncate, which hold it.  One lock for all
 * files: coarse, but held only for an array lookup (or a frame's
 * allocation).  Taken under mmap_lock, before kmalloc_lock and zone_lock.
 * i_size is written under the big kernel lock and read by faults with
 * READ_ONCE (truncation's order: see ramfs_truncate).
 */
static DEFINE_SPINLOCK(ramfs_pages_lock);

static int grow_page_array(struct inode *inode, unsigned long index)
{
	if (index < inode->i_pages_cap)
		return 0;
	unsigned long cap = inode->i_pages_cap ? inode->i_pages_cap : 8;
	while (cap <= index)
		cap *= 2;
	struct page **a = kzalloc(cap * sizeof *a);
	if (!a)
		return -ENOSPC;
	if (inode->i_pages)
		memcpy(a, inode->i_pages, inode->i_pages_cap * sizeof *a);
	kfree(inode->i_pages);
	inode->i_pages = a;
	inode->i_pages_cap = cap;
	return 0;
}

/* The frame holding page `index` of the file, or NULL; with alloc, a
 * hole gets a fresh zeroed frame.  ramfs_pages_lock held. */
static struct page *__ramfs_get_page(struct inode *inode, unsigned long index, bool alloc)
{
	if (index < inode->i_pages_cap && inode->i_pages[index])
		return inode->i_pages[index];
	if (!alloc || grow_page_array(inode, index))
		return NULL;
	struct page *p = alloc_page(__GFP_ZERO);
	if (!p)
		return NULL;
	p->flags |= PG_file;
	inode->i_pages[index] = p;
	inode->i_sb->s_nr_pages++;
	return p;
}

/* The frame holding page `index` of the file (no new reference: for a
 * caller that does not sleep before it is done, under the big kernel
 * lock, which truncation needs too), or NULL.  With alloc, a hole gets a
 * fresh zeroed frame. */
struct page *ramfs_get_page(struct inode *inode, unsigned long index, bool alloc)
{
	spin_lock(&ramfs_pages_lock);
	struct page *p = __ramfs_get_page(inode, index, alloc);
	spin_unlock(&ramfs_pages_lock);
	return p;
}

/* As ramfs_get_page, with a reference for the caller (put_page when
 * done): for page faults, and for copies to or from user memory, which
 * may sleep in a fault while the file is truncated. */
struct page *ramfs_grab_page(struct inode *inode, unsigned long index, bool alloc)
{
	spin_lock(&ramfs_pages_lock);
	struct page *p = __ramfs_get_page(inode, index, alloc);
	if (p)
		get_page(p);
	spin_unlock(&ramfs_pages_lock);
	return p;
}

/* The frames the file holds now. */
unsigned long ramfs_count_pages(struct inode *inode)
{
	unsigned long n = 0;
	spin_lock(&ramfs_pages_lock);
	for (unsigned long i = 0; i < inode->i_pages_cap; i++)
		n += inode->i_pages[i] != NULL;
	spin_unlock(&ramfs_pages_lock);
	return n;
}

/* Drops the pages wholly past size and zeroes the tail of the last one,
 * so a later extension reads zeros. */
static void truncate_pages(struct inode *inode, loff_t size)
{
	unsigned long keep = DIV_ROUND_UP((unsigned long)size, PAGE_SIZE);
	spin_lock(&ramfs_pages_lock);
	for (unsigned long i = keep; i < inode->i_pages_cap; i++) {
		if (inode->i_pages[i]) {
			put_page(inode->i_pages[i]);
			inode->i_pages[i] = NULL;
			inode->i_sb->s_nr_pages--;
		}
	}
	if (size % PAGE_SIZE && keep - 1 < inode->i_pages_cap && inode->i_pages[keep - 1]) {
		char *a = page_address(inode->i_pages[keep - 1]);
		memset(a + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
	}
	spin_unlock(&ramfs_pages_lock);
}

/*
 * Sets the size; pages wholly past the end are released.  The order
 * matters to a fault running beside it without the big kernel lock: the
 * new size first, then every mapping of the cut-off pages goes
 * (unmap_mapping_range waits out any fault that saw the old size), and
 * only then the pages - a fault holds its own reference meanwhile.
 */
int ramfs_truncate(struct inode *inode, loff_t size)
{
	loff_t old = inode->i_size;
	WRITE_ONCE(inode->i_size, size);
	if (size < old)
		unmap_mapping_range(inode, size);       /* no mapping keeps what is cut off */
	truncate_pages(inode, size);
	inode->i_mtime = inode->i_ctime = current_time();
	return 0;
}

static ssize_t ramfs_read(struct file *f, char *ubuf, size_t n, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	size_t done = 0;
	if (*pos >= inode->i_size)
		return 0;
	n = MIN(n, (size_t)(inode->i_size - *pos));
	while (done < n) {
		loff_t p = *pos + done;
		size_t off = p % PAGE_SIZE, chunk = MIN(n - done, PAGE_SIZE - off);
		struct page *pg = ramfs_grab_page(inode, p / PAGE_SIZE, false);
		unsigned long left = pg ? copy_to_user(ubuf + done, (char *)page_address(pg) + off, chunk)
					: clear_user(ubuf + done, chunk);
		if (pg)
			put_page(pg);
		done += chunk - left;
		if (left)
			break;
	}
	if (!done && n)
		return -EFAULT;
	*pos += done;
	return done;
}

static ssize_t ramfs_write(struct file *f, const char *ubuf, size_t n, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	size_t done = 0;
	if (f->f_flags & O_APPEND)
		*pos = inode->i_size;
	if (*pos + (loff_t)n < *pos)
		return -EFBIG;
	int err = n ? generic_write_check_limits(*pos, &n) : 0;
	if (err)
		return err;
	while (done < n) {
		loff_t p = *pos + done;
		size_t off = p % PAGE_SIZE, chunk = MIN(n - done, PAGE_SIZE - off);
		struct page *pg = ramfs_grab_page(inode, p / PAGE_SIZE, true);
		if (!pg) {
			if (!done)
				return -ENOSPC;
			break;
		}
		unsigned long left = copy_from_user((char *)page_address(pg) + off, ubuf + done, chunk);
		put_page(pg);
		done += chunk - left;
		if (left) {
			if (!done)
				return -EFAULT;
			break;
		}
	}
	*pos += done;
	if (*pos > inode->i_size)
		inode->i_size = *pos;
	inode->i_mtime = inode->i_ctime = current_time();
	return done;
}

/*
 * fallocate: gives the range frames (zeroed), and unless KEEP_SIZE makes
 * the file at least that long, as tmpfs's shmem_fallocate; past
 * RLIMIT_FSIZE SIGXFSZ and EFBIG.  PUNCH_HOLE and the other modes are
 * EOPNOTSUPP here (tmpfs punches holes).  More pages than half the free
 * memory is ENOSPC before any is taken, as tmpfs's size limit would be.
 */
static long ramfs_fallocate(struct file *f, int mode, loff_t offset, loff_t len)
{
	struct inode *inode = f->f_inode;
	loff_t end = offset + len;
	if (mode & ~FALLOC_FL_KEEP_SIZE)
		return -EOPNOTSUPP;
	unsigned long limit = rlimit(RLIMIT_FSIZE);
	if (!(mode & FALLOC_FL_KEEP_SIZE) && end > inode->i_size && (unsigned long)end > limit) {
		send_sig_info(SIGXFSZ, NULL, current);
		return -EFBIG;
	}
	unsigned long first = offset / PAGE_SIZE, last = (end - 1) / PAGE_SIZE;
	if (last - first + 1 > nr_free_pages / 2)
		return -ENOSPC;
	for (unsigned long i = first; i <= last; i++)
		if (!ramfs_get_page(inode, i, true))
			return -ENOSPC;
	if (!(mode & FALLOC_FL_KEEP_SIZE) && end > inode->i_size)
		inode->i_size = end;
	inode->i_ctime = current_time();
	return 0;
}

/* Reads a ramfs file into kernel memory (execve reads ELF headers so). */
ssize_t kernel_read(struct file *f, void *buf, size_t n, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	if (f->f_op != &ramfs_file_operations)
		return -EINVAL;
	if (*pos >= inode->i_size)
		return 0;
	n = MIN(n, (size_t)(inode->i_size - *pos));
	for (size_t done = 0; done < n;) {
		loff_t p = *pos + done;
		size_t off = p % PAGE_SIZE, chunk = MIN(n - done, PAGE_SIZE - off);
		struct page *pg = ramfs_get_page(inode, p / PAGE_SIZE, false);
		if (pg)
			memcpy((char *)buf + done, (char *)page_address(pg) + off, chunk);
		else
			memset((char *)buf + done, 0, chunk);
		done += chunk;
	}
	*pos += n;
	return n;
}

/* Writes kernel memory into a ramfs file (the initramfs unpacker). */
ssize_t kernel_write(struct file *f, const void *buf, size_t n, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	for (size_t done = 0; done < n;) {
		loff_t p = *pos + done;
		size_t off = p % PAGE_SIZE, chunk = MIN(n - done, PAGE_SIZE - off);
		struct page *pg = ramfs_get_page(inode, p / PAGE_SIZE, true);
		if (!pg)
			return -ENOSPC;
		memcpy((char *)page_address(pg) + off, (const char *)buf + done, chunk);
		done += chunk;
	}
	*pos += n;
	if (*pos > inode->i_size)
		inode->i_size = *pos;
	return n;
}

loff_t generic_file_llseek(struct file *f, loff_t off, int whence)
{
	loff_t base;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->f_pos;
		break;
	case SEEK_END:
		base = f->f_inode->i_size;
		break;
	case 3:                 /* SEEK_DATA: all data, except past the end */
	case 4:                 /* SEEK_HOLE: the only hole is at the end */
		if (off < 0 || off >= f->f_inode->i_size)
			return -ENXIO;
		f->f_pos = whence == 3 ? off : f->f_inode->i_size;
		return f->f_pos;
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	f->f_pos = base + off;
	return f->f_pos;
}

/*
 * A fault in a mapping of a ramfs file (Linux's filemap_fault): the
 * file's own page, made on first use - a hole reads as zeros, as in the
 * file.  A page wholly past the end of the file is SIGBUS.
 */
static int ramfs_fault(struct vm_fault *vmf)
{
	struct inode *inode = vmf->vma->vm_file->f_inode;
	if (vmf->pgoff >= DIV_ROUND_UP((unsigned long)READ_ONCE(inode->i_size), PAGE_SIZE))
		return VM_FAULT_SIGBUS;         /* page indexes: no byte offset to overflow */
	vmf->page = ramfs_grab_page(inode, vmf->pgoff, true);
	return vmf->page ? 0 : VM_FAULT_OOM;
}

static const struct vm_operations_struct ramfs_file_vm_ops = {
	.fault = ramfs_fault,
};

/* Linux's generic_file_mmap: the area faults through the file's pages. */
static int ramfs_mmap(struct file *f __unused, struct vm_area_struct *vma)
{
	vma->vm_ops = &ramfs_file_vm_ops;
	return 0;
}

const struct file_operations ramfs_file_operations = {
	.read = ramfs_read,
	.write = ramfs_write,
	.llseek = generic_file_llseek,
	.mmap = ramfs_mmap,
	.fallocate = ramfs_fallocate,
};

/* ---- directories ------------------------------------------------------------------- */

static int ramfs_lookup(struct inode *dir __unused, struct dentry *d __unused)
{
	return -ENOENT;         /* every existing name is already a dentry */
}

static int ramfs_create(struct inode *dir, struct dentry *d, umode_t mode, dev_t rdev)
{
	struct inode *inode = ramfs_get_inode(dir->i_sb, mode, rdev);
	if (!inode)
		return -ENOSPC;
	if (dir->i_mode & S_ISGID) {            /* BSD group semantics, as Linux */
		inode->i_gid = dir->i_gid;
		if (S_ISDIR(mode))
			inode->i_mode |= S_ISGID;
	}
	d_instantiate(d, inode);
	if (S_ISDIR(mode))
		dir->i_nlink++;
	dir->i_mtime = dir->i_ctime = current_time();
	return 0;
}

static int ramfs_symlink(struct inode *dir, struct dentry *d, const char *target)
{
	struct inode *inode = ramfs_get_inode(dir->i_sb, S_IFLNK | 0777, 0);
	if (!inode)
		return -ENOSPC;
	size_t len = strlen(target);
	inode->i_link = kmalloc(len + 1);
	if (!inode->i_link) {
		iput(inode);
		return -ENOSPC;
	}
	memcpy(inode->i_link, target, len + 1);
	inode->i_size = len;
	d_instantiate(d, inode);
	return 0;
}

static int ramfs_link(struct dentry *old, struct inode *dir, struct dentry *d)
{
	struct inode *inode = old->d_inode;
	inode->i_nlink++;
	ihold(inode);
	d_instantiate(d, inode);
	inode->i_ctime = dir->i_mtime = current_time();
	return 0;
}

static int ramfs_unlink(struct inode *dir, struct dentry *d)
{
	d->d_inode->i_nlink--;
	d->d_inode->i_ctime = dir->i_mtime = current_time();
	d_delete(d);
	return 0;
}

static int ramfs_rmdir(struct inode *dir, struct dentry *d)
{
	if (!list_empty(&d->d_subdirs))
		return -ENOTEMPTY;
	d->d_inode->i_nlink = 0;
	dir->i_nlink--;
	dir->i_mtime = current_time();
	d_delete(d);
	return 0;
}

/* nd is either an existing name (replaced) or a fresh negative dentry. */
static int ramfs_rename(struct inode *odir, struct dentry *od, struct inode *ndir, struct dentry *nd)
{
	bool isdir = S_ISDIR(od->d_inode->i_mode);
	if (nd->d_inode) {
		if (isdir && !list_empty(&nd->d_subdirs))
			return -ENOTEMPTY;
		if (isdir) {
			nd->d_inode->i_nlink = 0;
			ndir->i_nlink--;
		} else {
			nd->d_inode->i_nlink--;
		}
		d_delete(nd);
	}
	if (isdir) {
		odir->i_nlink--;
		ndir->i_nlink++;
	}
	d_move(od, nd->d_parent, nd->d_name);
	odir->i_mtime = ndir->i_mtime = od->d_inode->i_ctime = current_time();
	return 0;
}

static const char *ramfs_get_link(struct dentry *d, char *buf __unused)
{
	return d->d_inode->i_link;
}

/* Positions: 0 is ".", 1 is "..", n >= 2 the (n-2)th child. */
static int ramfs_iterate(struct file *f, struct dir_context *ctx)
{
	struct dentry *dir = f->f_path.dentry;
	if (ctx->pos == 0) {
		if (!ctx->actor(ctx, ".", 1, 1, dir->d_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->actor(ctx, "..", 2, 2, dir->d_parent->d_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	loff_t i = 2;
	struct dentry *d;
	list_for_each_entry(d, &dir->d_subdirs, d_child) {
		if (i++ < ctx->pos)
			continue;
		if (!ctx->actor(ctx, d->d_name, strlen(d->d_name), i, d->d_inode->i_ino,
				dt_type(d->d_inode->i_mode)))
			return 0;
		ctx->pos = i;
	}
	return 0;
}

static ssize_t dir_read(struct file *f __unused, char *u __unused, size_t n __unused, loff_t *p __unused)
{
	return -EISDIR;
}

static loff_t dir_llseek(struct file *f, loff_t off, int whence)
{
	if (whence == SEEK_SET && off >= 0)
		return f->f_pos = off;
	if (whence == SEEK_CUR && f->f_pos + off >= 0)
		return f->f_pos += off;
	return -EINVAL;
}

static const struct file_operations ramfs_dir_operations = {
	.read = dir_read,
	.iterate = ramfs_iterate,
	.llseek = dir_llseek,
};

static const struct inode_operations ramfs_dir_iops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
	.rename = ramfs_rename,
	.symlink = ramfs_symlink,
	.link = ramfs_link,
};

static const struct inode_operations ramfs_file_iops = {
	.truncate = ramfs_truncate,
};

static const struct inode_operations ramfs_symlink_iops = {
	.get_link = ramfs_get_link,
};
