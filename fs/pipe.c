/*
 * pipe.c - pipes and FIFOs.
 *
 * A pipe is a 64 KiB ring of bytes (16 frames, allocated when first
 * written) with a count of open read ends and write ends.  A reader
 * sleeps while the pipe is empty and some writer remains (no writers left
 * means end of file); a writer sleeps while it is full.  Writing with no
 * reader left raises SIGPIPE and fails with EPIPE.  Writes of at most
 * PIPE_BUF bytes are never interleaved with other writers' data.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <pipe.h>
#include <poll.h>
#include <sched.h>
#include <syscalls.h>
#include <uaccess.h>
#include <uapi/misc.h>

static struct pipe_inode_info *alloc_pipe_info(void)
{
	struct pipe_inode_info *p = kzalloc(sizeof *p);
	if (p) {
		init_waitqueue_head(&p->rd_wait);
		init_waitqueue_head(&p->wr_wait);
	}
	return p;
}

static void free_pipe_info(struct pipe_inode_info *p)
{
	for (int i = 0; i < PIPE_BUFFERS; i++)
		if (p->bufs[i])
			put_page(p->bufs[i]);
	kfree(p);
}

/*
 * The caller's user buffers, walked in order: the segments of a readv or
 * writev, or a single one.  A readv or writev is one pipe operation, as
 * in Linux: it returns what is there without waiting for more, and a
 * writev of at most PIPE_BUF bytes in all is as atomic as a write.
 */
struct pipe_iter {
	const struct iovec *iov;
	size_t off;                     /* bytes of iov[0] already moved */
};

/*
 * Copies n bytes between the ring and the user buffers, a ring page (or
 * what is left of a segment) at a time; returns bytes moved or -EFAULT.
 * A piece that faults part-way moves not at all (Linux moves whole pipe
 * buffers): what was read stays in the pipe, what was written is not
 * queued.  The caller makes sure the segments hold n bytes.
 */
static long pipe_copy(struct pipe_inode_info *p, struct pipe_iter *it, size_t n, bool to_user)
{
	size_t done = 0;
	while (done < n) {
		while (it->off == it->iov->iov_len) {
			it->iov++;
			it->off = 0;
		}
		unsigned long at = to_user ? p->tail : p->head;
		unsigned idx = (at / PAGE_SIZE) % PIPE_BUFFERS, off = at % PAGE_SIZE;
		size_t chunk = MIN(MIN(n - done, PAGE_SIZE - off), it->iov->iov_len - it->off);
		if (!p->bufs[idx] && !(p->bufs[idx] = alloc_page(GFP_KERNEL)))
			return done ? (long)done : -ENOMEM;
		char *kbuf = (char *)page_address(p->bufs[idx]) + off;
		char *ubuf = (char *)it->iov->iov_base + it->off;
		unsigned long left = to_user ? copy_to_user(ubuf, kbuf, chunk)
					     : copy_from_user(kbuf, ubuf, chunk);
		if (left)
			return done ? (long)done : -EFAULT;
		done += chunk;
		it->off += chunk;
		if (to_user)
			p->tail += chunk;
		else
			p->head += chunk;
	}
	return done;
}

static ssize_t pipe_read_iov(struct file *f, const struct iovec *iov, int cnt __unused, size_t n)
{
	struct pipe_inode_info *p = f->f_inode->i_pipe;
	struct pipe_iter it = { iov, 0 };
	if (!n)
		return 0;
	while (!pipe_len(p)) {
		if (!p->writers)
			return 0;
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(p->rd_wait, pipe_len(p) || !p->writers))
			return -ERESTARTSYS;
	}
	long r = pipe_copy(p, &it, MIN(n, pipe_len(p)), true);
	if (r > 0)
		wake_up(&p->wr_wait);
	return r;
}

static ssize_t pipe_write_iov(struct file *f, const struct iovec *iov, int cnt __unused, size_t n)
{
	struct pipe_inode_info *p = f->f_inode->i_pipe;
	struct pipe_iter it = { iov, 0 };
	size_t done = 0;
	if (!n)
		return 0;               /* checked before the readers, as Linux */
	if (!p->readers) {
		send_sig_info(SIGPIPE, NULL, current);
		return -EPIPE;
	}
	while (done < n) {
		/* A small write waits for room for all of it; a large one for any. */
		size_t need = n <= PIPE_BUF ? n : 1;
		while (PIPE_SIZE - pipe_len(p) < need) {
			if (f->f_flags & O_NONBLOCK)
				return done ? (ssize_t)done : -EAGAIN;
			long err = wait_event_interruptible(p->wr_wait,
				PIPE_SIZE - pipe_len(p) >= need || !p->readers);
			if (!p->readers) {
				send_sig_info(SIGPIPE, NULL, current);
				return done ? (ssize_t)done : -EPIPE;
			}
			if (err)
				return done ? (ssize_t)done : -ERESTARTSYS;
		}
		size_t chunk = MIN(n - done, PIPE_SIZE - pipe_len(p));
		long r = pipe_copy(p, &it, chunk, false);
		if (r > 0) {
			done += r;
			wake_up(&p->rd_wait);
		}
		if (r < 0 || (size_t)r < chunk)
			return done ? (ssize_t)done : r;
	}
	return done;
}

static ssize_t pipe_read(struct file *f, char *ubuf, size_t n, loff_t *pos __unused)
{
	struct iovec iov = { ubuf, n };
	return pipe_read_iov(f, &iov, 1, n);
}

static ssize_t pipe_write(struct file *f, const char *ubuf, size_t n, loff_t *pos __unused)
{
	struct iovec iov = { (void *)ubuf, n };
	return pipe_write_iov(f, &iov, 1, n);
}

static unsigned int pipe_poll(struct file *f, struct poll_table_struct *pt)
{
	struct pipe_inode_info *p = f->f_inode->i_pipe;
	unsigned mask = 0;
	/* Each end waits only where its own readiness changes, as Linux's:
	 * an edge-triggered epoll on the read end must not hear a read. */
	if (f->f_mode & FMODE_READ)
		poll_wait(f, &p->rd_wait, pt);
	if (f->f_mode & FMODE_WRITE)
		poll_wait(f, &p->wr_wait, pt);
	if (f->f_mode & FMODE_READ) {
		if (pipe_len(p))
			mask |= POLLIN | POLLRDNORM;
		if (!p->writers && p->w_counter)
			mask |= POLLHUP;
	}
	if (f->f_mode & FMODE_WRITE) {
		/* Writable means a PIPE_BUF write would not block (Linux, which
		 * counts whole page slots, is full at the same point). */
		if (PIPE_SIZE - pipe_len(p) >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	return mask;
}

static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (cmd != FIONREAD)
		return -ENOTTY;
	int n = pipe_len(f->f_inode->i_pipe);
	return put_user(n, (int *)arg);
}

/* The last close of an end wakes the other side (EOF, or EPIPE). */
static void pipe_release(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *p = inode->i_pipe;
	if (f->f_mode & FMODE_READ)
		p->readers--;
	if (f->f_mode & FMODE_WRITE)
		p->writers--;
	wake_up(&p->rd_wait);
	wake_up(&p->wr_wait);
	if (!p->readers && !p->writers) {
		inode->i_pipe = NULL;
		free_pipe_info(p);
	}
}

static const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.llseek = no_llseek,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
	.read_iov = pipe_read_iov,
	.write_iov = pipe_write_iov,
};

/* pipe2: one inode, two files (read end, write end), two fds. */
long sys_pipe2(int *ufds, int flags)
{
	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	struct inode *inode = new_inode(pipefs_sb(), S_IFIFO | 0600);
	struct pipe_inode_info *p = alloc_pipe_info();
	if (!inode || !p) {
		iput(inode);
		kfree(p);
		return -ENFILE;
	}
	inode->i_pipe = p;
	inode->i_fop = &pipe_fops;
	p->readers = p->writers = 1;
	p->r_counter = p->w_counter = 1;
	struct file *rf = alloc_anon_file(inode, "pipe", O_RDONLY | (flags & O_NONBLOCK), &pipe_fops, NULL);
	if (!rf) {
		free_pipe_info(p);
		return -ENFILE;
	}
	ihold(inode);
	struct file *wf = alloc_anon_file(inode, "pipe", O_WRONLY | (flags & O_NONBLOCK), &pipe_fops, NULL);
	if (!wf) {
		p->writers = 0;
		fput(rf);                       /* the last end: frees p */
		return -ENFILE;
	}
	int fds[2];
	fds[0] = get_unused_fd_flags(flags);
	if (fds[0] < 0) {
		fput(rf);
		fput(wf);
		return fds[0];
	}
	fd_install(fds[0], rf);
	fds[1] = get_unused_fd_flags(flags);
	if (fds[1] < 0) {
		close_fd(fds[0]);
		fput(wf);
		return fds[1];
	}
	fd_install(fds[1], wf);
	if (copy_to_user(ufds, fds, sizeof fds)) {
		close_fd(fds[0]);
		close_fd(fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(int *ufds)
{
	return sys_pipe2(ufds, 0);
}

/* ---- FIFOs: named pipes in ramfs ------------------------------------------------------ */

/* Opening one end of a FIFO waits for the other end, unless O_NONBLOCK. */
static int fifo_open(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *p = inode->i_pipe;
	if (!p) {
		if (!(p = alloc_pipe_info()))
			return -ENOMEM;
		inode->i_pipe = p;
	}
	f->f_op = &pipe_fops;
	bool rd = f->f_mode & FMODE_READ, wr = f->f_mode & FMODE_WRITE;
	if (rd) {
		p->readers++;
		p->r_counter++;
		wake_up(&p->wr_wait);
	}
	if (wr) {
		if (!rd && !p->readers && (f->f_flags & O_NONBLOCK)) {
			if (!p->writers && !p->readers) {
				inode->i_pipe = NULL;
				free_pipe_info(p);
			}
			return -ENXIO;
		}
		p->writers++;
		p->w_counter++;
		wake_up(&p->rd_wait);
	}
	if (rd && !wr && !(f->f_flags & O_NONBLOCK)) {
		int c = p->w_counter;
		if (wait_event_interruptible(p->rd_wait, p->w_counter != c || p->writers))
			goto interrupted;
	}
	if (wr && !rd) {
		int c = p->r_counter;
		if (wait_event_interruptible(p->wr_wait, p->r_counter != c || p->readers))
			goto interrupted;
	}
	return 0;
interrupted:
	pipe_release(inode, f);
	return -ERESTARTSYS;
}

const struct file_operations pipe_fifo_fops = {
	.open = fifo_open,
};
