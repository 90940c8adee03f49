/*
 * splice.c - moving bytes through a pipe's buffer without a trip through
 * the caller's memory: splice, tee, vmsplice, and sendfile (which Linux
 * builds on splice too).
 *
 * Linux moves references to pages; ushi copies the bytes at the time of
 * the call, through one kernel page.  A program sees the same thing: what
 * vmsplice queued is what the memory held during the call, whatever the
 * caller (or a child sharing the frames) writes there later - the
 * guarantee mm/cow's vmsplice cases check.  SPLICE_F_MOVE, _MORE and
 * _GIFT are hints, so ignoring them is allowed.
 *
 * Besides pipes, the files splice reads or writes are ramfs's regular
 * files (the only ones with a kernel-memory read and write); any other is
 * EINVAL, as Linux says for a file without splice_read or splice_write.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <pipe.h>
#include <sched.h>
#include <syscalls.h>
#include <uaccess.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>

static bool is_ramfs_file(struct file *f)
{
	return f->f_op == &ramfs_file_operations;
}

/* Has f a position a caller may give (Linux's FMODE_PREAD)?  Not a pipe. */
static bool has_pos(struct file *f)
{
	return f->f_op && f->f_op->llseek && f->f_op->llseek != no_llseek;
}

/* Writes n bytes of kernel memory into a ramfs file at *pos, within
 * RLIMIT_FSIZE as a write(2) is; bytes written or -errno. */
static ssize_t write_to_file(struct file *out, const void *buf, size_t n, loff_t *pos)
{
	int err = generic_write_check_limits(*pos, &n);
	if (err)
		return err;
	ssize_t w = kernel_write(out, buf, n, pos);
	if (w > 0)
		out->f_inode->i_mtime = out->f_inode->i_ctime = current_time();
	return w;
}

/* Moves n bytes from pipe in to pipe out (which has room), a page at a time. */
static long move_between_pipes(struct pipe_inode_info *in, struct pipe_inode_info *out, size_t n,
			       bool consume, char *buf)
{
	size_t done = 0;
	while (done < n) {
		size_t chunk = MIN(n - done, PAGE_SIZE);
		struct iovec kv = { buf, chunk };
		pipe_copy_out(in, &kv, chunk, consume ? 0 : done, true, consume);
		pipe_copy_in(out, &kv, chunk, true);
		done += chunk;
	}
	return done;
}

/*
 * pipe to pipe (splice), or a copy that leaves the input as it is (tee):
 * waits for data in one and room in the other, then moves what both
 * allow without waiting again.  0 when the input is empty with no writer
 * left, as Linux's splice_pipe_to_pipe and link_pipe.
 */
static long pipe_to_pipe(struct pipe_inode_info *in, struct pipe_inode_info *out, size_t len,
			 bool nonblock, bool consume)
{
	for (;;) {
		int r = pipe_wait_readable(in, nonblock);
		if (r < 0)
			return r;
		int w = pipe_wait_writable(out, nonblock);
		if (w)
			return w;
		if (!r)
			return 0;
		/* Waiting for room may have let another reader empty in. */
		size_t n = MIN(len, MIN(pipe_len(in), pipe_room(out)));
		if (!n)
			continue;
		char *buf = kmalloc(PAGE_SIZE);
		if (!buf)
			return -ENOMEM;
		long moved = move_between_pipes(in, out, n, consume, buf);
		kfree(buf);
		return moved;
	}
}

/*
 * A ramfs file from *pos into a pipe: waits for room (EPIPE, EAGAIN as a
 * write), then reads what fits, at most len, without waiting again.
 * Linux's splice_file_to_pipe.  Bytes moved (0 at end of file) or -errno.
 */
static long file_to_pipe(struct file *in, struct pipe_inode_info *out, loff_t *pos, size_t len,
			 bool nonblock)
{
	int err = pipe_wait_writable(out, nonblock);
	if (err)
		return err;
	len = MIN(len, pipe_room(out));
	if (rw_verify_area(*pos, len))
		return -EINVAL;
	if (!is_ramfs_file(in))
		return -EINVAL;
	char *buf = kmalloc(PAGE_SIZE);
	if (!buf)
		return -ENOMEM;
	size_t done = 0;
	while (done < len) {
		ssize_t n = kernel_read(in, buf, MIN(len - done, PAGE_SIZE), pos);
		if (n <= 0)
			break;
		struct iovec kv = { buf, (size_t)n };
		pipe_copy_in(out, &kv, n, true);
		done += n;
	}
	kfree(buf);
	return done;
}

/*
 * A pipe into a ramfs file at *pos: takes what the pipe holds, at most
 * len, waiting only while nothing has moved yet; 0 when it is empty with
 * no writer.  Linux's iter_file_splice_write.
 */
static long pipe_to_file(struct pipe_inode_info *in, struct file *out, loff_t *pos, size_t len,
			 bool nonblock)
{
	if (!is_ramfs_file(out))
		return -EINVAL;
	char *buf = kmalloc(PAGE_SIZE);
	if (!buf)
		return -ENOMEM;
	long done = 0;
	while ((size_t)done < len) {
		int r = done && !pipe_len(in) ? 0 : pipe_wait_readable(in, nonblock);
		if (r <= 0) {
			done = done ? done : r;
			break;
		}
		size_t n = MIN(MIN(len - done, pipe_len(in)), PAGE_SIZE);
		int err = generic_write_check_limits(*pos, &n);
		struct iovec kv = { buf, n };
		ssize_t w = err ? err : pipe_copy_out(in, &kv, n, 0, true, true);
		if (w > 0)
			w = write_to_file(out, buf, w, pos);
		if (w < 0) {
			done = done ? done : w;
			break;
		}
		done += w;
	}
	kfree(buf);
	return done;
}

/* Reads a user loff_t for splice; -EFAULT when it cannot. */
static int get_off(loff_t *uoff, loff_t *off)
{
	return copy_from_user(off, uoff, sizeof *off) ? -EFAULT : 0;
}

/*
 * Linux's do_splice: one side must be a pipe (EINVAL otherwise, and for a
 * pipe into itself); a pipe side takes no offset (ESPIPE); the other
 * side's offset, when given, is used and updated instead of f_pos.
 */
static long do_splice(struct file *in, loff_t *uoff_in, struct file *out, loff_t *uoff_out,
		      size_t len, unsigned int flags)
{
	struct pipe_inode_info *ipipe = get_pipe_info(in), *opipe = get_pipe_info(out);
	loff_t off;
	if ((ipipe && uoff_in) || (opipe && uoff_out))
		return -ESPIPE;
	if ((uoff_in && get_off(uoff_in, &off)) || (uoff_out && get_off(uoff_out, &off)))
		return -EFAULT;
	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		return -EBADF;
	bool nonblock = flags & SPLICE_F_NONBLOCK;
	if (ipipe && opipe) {
		if (ipipe == opipe)
			return -EINVAL;
		return pipe_to_pipe(ipipe, opipe, len, nonblock || ((in->f_flags | out->f_flags) & O_NONBLOCK), true);
	}
	if (!ipipe && !opipe)
		return -EINVAL;
	struct file *f = ipipe ? out : in;      /* the side that is not a pipe */
	loff_t *uoff = ipipe ? uoff_out : uoff_in;
	if (uoff && !has_pos(f))
		return -EINVAL;                 /* an offset for a file that has none */
	loff_t pos = uoff ? off : f->f_pos;
	long ret;
	if (ipipe) {
		if (out->f_flags & O_APPEND)
			return -EINVAL;
		if (rw_verify_area(pos, len))
			return -EINVAL;
		ret = pipe_to_file(ipipe, out, &pos, len, nonblock || (in->f_flags & O_NONBLOCK));
	} else {
		ret = file_to_pipe(in, opipe, &pos, len, nonblock || (out->f_flags & O_NONBLOCK));
	}
	if (!uoff)
		f->f_pos = pos;
	else if (copy_to_user(uoff, &pos, sizeof pos))
		return -EFAULT;
	return ret;
}

long sys_splice(int fd_in, loff_t *off_in, int fd_out, loff_t *off_out, size_t len, unsigned int flags)
{
	if (!len)
		return 0;
	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	struct file *in = fget(fd_in), *out = fget(fd_out);
	long ret = in && out ? do_splice(in, off_in, out, off_out, len, flags) : -EBADF;
	if (in)
		fput(in);
	if (out)
		fput(out);
	return ret;
}

/* tee: copies from one pipe to another, leaving the first as it was. */
long sys_tee(int fdin, int fdout, size_t len, unsigned int flags)
{
	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (!len)
		return 0;
	struct file *in = fget(fdin), *out = fget(fdout);
	long ret = -EBADF;
	if (in && out && (in->f_mode & FMODE_READ) && (out->f_mode & FMODE_WRITE)) {
		struct pipe_inode_info *ipipe = get_pipe_info(in), *opipe = get_pipe_info(out);
		bool nonblock = (flags & SPLICE_F_NONBLOCK) || ((in->f_flags | out->f_flags) & O_NONBLOCK);
		ret = ipipe && opipe && ipipe != opipe ? pipe_to_pipe(ipipe, opipe, len, nonblock, false)
						       : -EINVAL;
	}
	if (in)
		fput(in);
	if (out)
		fput(out);
	return ret;
}

/*
 * vmsplice on a pipe's write end queues the user memory's bytes: it waits
 * for some room (only SPLICE_F_NONBLOCK makes it EAGAIN, not O_NONBLOCK,
 * as Linux), then takes what fits.  On a read end it reads into the user
 * memory, waiting only while the pipe is empty.
 */
static long vmsplice_iov(struct file *f, const struct iovec *iov, size_t total, unsigned int flags)
{
	struct pipe_inode_info *p = get_pipe_info(f);
	bool nonblock = flags & SPLICE_F_NONBLOCK;
	if (!p)
		return -EBADF;
	if (f->f_mode & FMODE_WRITE) {
		int err = pipe_wait_writable(p, nonblock);
		return err ? err : pipe_copy_in(p, iov, MIN(total, pipe_room(p)), false);
	}
	int r = pipe_wait_readable(p, nonblock);
	return r <= 0 ? r : pipe_copy_out(p, iov, MIN(total, pipe_len(p)), 0, false, true);
}

long sys_vmsplice(int fd, const struct iovec *uiov, unsigned long nr_segs, unsigned int flags)
{
	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	long ret = 0;
	struct iovec fast[UIO_FASTIOV], *iov = NULL;
	if (!(f->f_mode & (FMODE_READ | FMODE_WRITE)))
		ret = -EBADF;
	else if (nr_segs > UIO_MAXIOV)
		ret = -EINVAL;
	else
		iov = import_iovec(uiov, (int)nr_segs, fast, &ret);
	if (iov) {
		size_t total = 0;
		for (unsigned long i = 0; i < nr_segs; i++)
			total += iov[i].iov_len;
		ret = total ? vmsplice_iov(f, iov, total, flags) : 0;
		free_iovec(iov, fast);
	}
	fput(f);
	return ret;
}

/* ---- sendfile: a file into another file or a pipe ---------------------------------------- */

/* Copies up to len bytes from in at *pos to out at *opos, a page at a
 * time, until the input ends; Linux's do_splice_direct. */
static long file_to_file(struct file *in, loff_t *pos, struct file *out, loff_t *opos, size_t len)
{
	if (!is_ramfs_file(in) || !is_ramfs_file(out))
		return -EINVAL;
	char *buf = kmalloc(PAGE_SIZE);
	if (!buf)
		return -ENOMEM;
	long done = 0;
	while ((size_t)done < len) {
		size_t want = MIN(len - done, PAGE_SIZE);
		loff_t at = *pos;
		ssize_t n = kernel_read(in, buf, want, &at);
		if (n <= 0)
			break;
		ssize_t w = write_to_file(out, buf, n, opos);
		if (w < 0) {
			done = done ? done : w;
			break;
		}
		*pos += w;
		done += w;
		if (w < n || (size_t)n < want)
			break;
	}
	kfree(buf);
	return done;
}

/*
 * Linux's do_sendfile, in its order of checks: the input readable (EBADF),
 * an offset only for a file that has positions (ESPIPE), a sane position
 * (EINVAL); the output writable (EBADF), not O_APPEND (EINVAL).  With an
 * offset the input's f_pos stays and *uoff moves; the output's f_pos moves.
 */
static long do_sendfile(int out_fd, int in_fd, loff_t *ppos, size_t count)
{
	struct file *in = fget(in_fd), *out = NULL;
	long ret = -EBADF;
	if (!in || !(in->f_mode & FMODE_READ))
		goto done;
	ret = -ESPIPE;
	if (ppos && !has_pos(in))
		goto done;
	loff_t pos = ppos ? *ppos : in->f_pos;
	ret = -EINVAL;
	if (rw_verify_area(pos, count))
		goto done;
	count = MIN(count, (size_t)(0x7fffffffUL & PAGE_MASK));
	ret = -EBADF;
	out = fget(out_fd);
	if (!out || !(out->f_mode & FMODE_WRITE))
		goto done;
	struct pipe_inode_info *opipe = get_pipe_info(out);
	loff_t opos = out->f_pos;
	if (opipe) {
		ret = file_to_pipe(in, opipe, &pos, count, out->f_flags & O_NONBLOCK);
	} else {
		ret = -EINVAL;
		if ((out->f_flags & O_APPEND) || rw_verify_area(opos, count))
			goto done;
		ret = count ? file_to_file(in, &pos, out, &opos, count) : 0;
	}
	if (ret > 0) {
		out->f_pos = opos;
		if (ppos)
			*ppos = pos;
		else
			in->f_pos = pos;
	}
done:
	if (in)
		fput(in);
	if (out)
		fput(out);
	return ret;
}

long sys_sendfile(int out_fd, int in_fd, loff_t *uoff, size_t count)
{
	loff_t pos;
	if (!uoff)
		return do_sendfile(out_fd, in_fd, NULL, count);
	if (copy_from_user(&pos, uoff, sizeof pos))
		return -EFAULT;
	long ret = do_sendfile(out_fd, in_fd, &pos, count);
	if (copy_to_user(uoff, &pos, sizeof pos))
		return -EFAULT;
	return ret;
}
