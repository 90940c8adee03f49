/*
 * read_write.c - read, write and their vector and positioned variants,
 * and lseek.  Each checks the fd's access mode and the user buffer, then
 * calls the file's own operation.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <sched.h>
#include <syscalls.h>
#include <uaccess.h>
#include <uapi/misc.h>

#define MAX_RW_COUNT (0x7fffffffUL & PAGE_MASK)

loff_t no_llseek(struct file *f __unused, loff_t off __unused, int whence __unused)
{
	return -ESPIPE;
}

/*
 * RLIMIT_FSIZE for a write of *count bytes at pos into a regular file: at
 * or past the limit, SIGXFSZ to the writer and EFBIG; across it, the count
 * shrinks to end at the limit (a short write).  Linux's
 * generic_write_check_limits; a file system's write calls it.
 */
int generic_write_check_limits(loff_t pos, size_t *count)
{
	unsigned long limit = rlimit(RLIMIT_FSIZE);
	if (limit == RLIM_INFINITY)
		return 0;
	if ((unsigned long)pos >= limit) {
		send_sig_info(SIGXFSZ, NULL, current);
		return -EFBIG;
	}
	*count = MIN(*count, limit - (unsigned long)pos);
	return 0;
}

/* Linux's rw_verify_area: a position that is negative, or would become so
 * after n bytes, is EINVAL. */
int rw_verify_area(loff_t pos, size_t n)
{
	return pos < 0 || (loff_t)((u64)pos + n) < 0 ? -EINVAL : 0;
}

/* Can f be read or written at a position of the caller's (pread, preadv...)?
 * Not a pipe or a tty, which have no position (Linux's FMODE_PREAD). */
static bool can_pread(const struct file *f)
{
	return f->f_op && f->f_op->llseek && f->f_op->llseek != no_llseek;
}

/*
 * Linux's order: the whole buffer must lie in user space before anything
 * else (so a count near 2^63 is EFAULT), then the position is checked, and
 * only then is the count cut to MAX_RW_COUNT.
 */
static ssize_t vfs_read(struct file *f, char *ubuf, size_t n, loff_t *pos)
{
	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	if (!access_ok(ubuf, n))
		return -EFAULT;
	if (rw_verify_area(*pos, n))
		return -EINVAL;
	if (n > MAX_RW_COUNT)
		n = MAX_RW_COUNT;
	return f->f_op->read(f, ubuf, n, pos);
}

static ssize_t vfs_write(struct file *f, const char *ubuf, size_t n, loff_t *pos)
{
	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	if (!access_ok(ubuf, n))
		return -EFAULT;
	if (rw_verify_area(*pos, n))
		return -EINVAL;
	if (n > MAX_RW_COUNT)
		n = MAX_RW_COUNT;
	return f->f_op->write(f, ubuf, n, pos);
}

long sys_read(unsigned int fd, char *ubuf, size_t n)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	ssize_t r = vfs_read(f, ubuf, n, &f->f_pos);
	fput(f);
	return r;
}

long sys_write(unsigned int fd, const char *ubuf, size_t n)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	ssize_t r = vfs_write(f, ubuf, n, &f->f_pos);
	fput(f);
	return r;
}

/* pread/pwrite: at a given offset, leaving f_pos alone; ESPIPE on pipes. */
long sys_pread64(unsigned int fd, char *ubuf, size_t n, loff_t pos)
{
	if (pos < 0)
		return -EINVAL;         /* before the fd, as Linux */
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	ssize_t r;
	if (!can_pread(f))
		r = -ESPIPE;
	else
		r = vfs_read(f, ubuf, n, &pos);
	fput(f);
	return r;
}

long sys_pwrite64(unsigned int fd, const char *ubuf, size_t n, loff_t pos)
{
	if (pos < 0)
		return -EINVAL;         /* before the fd, as Linux */
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	ssize_t r;
	if (!can_pread(f))
		r = -ESPIPE;
	else
		r = vfs_write(f, ubuf, n, &pos);        /* O_APPEND still appends, as Linux */
	fput(f);
	return r;
}

/*
 * Copies and checks an iovec array as Linux's import_iovec: EINVAL for a
 * bad count or a negative length, then EFAULT for any segment outside user
 * space (before anything moves); a total above MAX_RW_COUNT is cut short.
 * Up to UIO_FASTIOV segments live in the caller's fast[] on the kernel
 * stack, as in Linux: a writev (musl's printf) then needs no memory, and
 * works even when every frame is taken.
 */
void free_iovec(struct iovec *iov, struct iovec *fast)
{
	if (iov != fast)
		kfree(iov);
}

struct iovec *import_iovec(const struct iovec *uiov, int cnt, struct iovec *fast, long *err)
{
	if (cnt < 0 || cnt > UIO_MAXIOV) {
		*err = -EINVAL;
		return NULL;
	}
	struct iovec *iov = cnt <= UIO_FASTIOV ? fast : kmalloc(cnt * sizeof *iov);
	if (!iov) {
		*err = -ENOMEM;
		return NULL;
	}
	if (copy_from_user(iov, uiov, cnt * sizeof *iov)) {
		free_iovec(iov, fast);
		*err = -EFAULT;
		return NULL;
	}
	for (int i = 0; i < cnt; i++) {
		if ((long)iov[i].iov_len < 0) {
			free_iovec(iov, fast);
			*err = -EINVAL;
			return NULL;
		}
	}
	size_t total = 0;
	for (int i = 0; i < cnt; i++) {
		if (!access_ok(iov[i].iov_base, iov[i].iov_len)) {
			free_iovec(iov, fast);
			*err = -EFAULT;
			return NULL;
		}
		if (iov[i].iov_len > MAX_RW_COUNT - total)
			iov[i].iov_len = MAX_RW_COUNT - total;
		total += iov[i].iov_len;
	}
	return iov;
}

/* Transfers each segment in turn; a short transfer ends the call. */
static long do_rw_vec(unsigned fd, const struct iovec *uiov, int cnt, loff_t *upos, bool write)
{
	long err;
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	if (upos && !can_pread(f)) {
		fput(f);
		return -ESPIPE;         /* preadv/pwritev need a seekable file, checked first */
	}
	struct iovec fast[UIO_FASTIOV];
	struct iovec *iov = import_iovec(uiov, cnt, fast, &err);
	if (!iov) {
		fput(f);
		return err;
	}
	loff_t *pos = upos ? upos : &f->f_pos;
	long total = 0;
	err = 0;
	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		err = -EBADF;
	if (!err && f->f_op && (write ? f->f_op->write_iov : f->f_op->read_iov)) {
		/* One operation over all the segments (a pipe): the file decides
		 * whether to wait, and how much is moved atomically. */
		size_t n = 0;
		for (int i = 0; i < cnt; i++)
			n += iov[i].iov_len;
		total = write ? f->f_op->write_iov(f, iov, cnt, n) : f->f_op->read_iov(f, iov, cnt, n);
		if (total < 0)
			err = total;
		cnt = 0;                /* nothing more to do segment by segment */
	}
	for (int i = 0; !err && i < cnt; i++) {
		if (!iov[i].iov_len)
			continue;
		ssize_t r = write ? vfs_write(f, iov[i].iov_base, iov[i].iov_len, pos)
				  : vfs_read(f, iov[i].iov_base, iov[i].iov_len, pos);
		if (r < 0) {
			if (!total)
				err = r;
			break;
		}
		total += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	fput(f);
	free_iovec(iov, fast);
	return err ? err : total;
}

long sys_readv(unsigned long fd, const struct iovec *uiov, unsigned long cnt)
{
	return do_rw_vec(fd, uiov, (int)cnt, NULL, false);
}

long sys_writev(unsigned long fd, const struct iovec *uiov, unsigned long cnt)
{
	return do_rw_vec(fd, uiov, (int)cnt, NULL, true);
}

/* Linux's split offset: a 64-bit caller passes it whole in pos_l; pos_h
 * is the high half only for 32-bit callers, which ushi does not have. */
long sys_preadv(unsigned long fd, const struct iovec *uiov, unsigned long cnt, unsigned long pos_l,
		unsigned long pos_h __unused)
{
	loff_t p = (loff_t)pos_l;
	if (p < 0)
		return -EINVAL;
	return do_rw_vec(fd, uiov, (int)cnt, &p, false);
}

long sys_pwritev(unsigned long fd, const struct iovec *uiov, unsigned long cnt, unsigned long pos_l,
		 unsigned long pos_h __unused)
{
	loff_t p = (loff_t)pos_l;
	if (p < 0)
		return -EINVAL;
	return do_rw_vec(fd, uiov, (int)cnt, &p, true);
}

long sys_lseek(unsigned int fd, long off, unsigned int whence)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	long r;
	if (whence > 4)
		r = -EINVAL;
	else if (!f->f_op || !f->f_op->llseek)
		r = -ESPIPE;
	else
		r = f->f_op->llseek(f, off, whence);
	fput(f);
	return r;
}
