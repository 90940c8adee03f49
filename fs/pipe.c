/*
 * pipe.c - pipes and FIFOs.
 *
 * A pipe is a ring of pages (16 at first: 64 KiB, as Linux; F_SETPIPE_SZ
 * changes it), each allocated when first written, with a count of open
 * read ends and write ends.  A reader sleeps while the pipe is empty and
 * some writer remains (no writers left means end of file); a writer
 * sleeps while it is full.  Writing with no reader left raises SIGPIPE and
 * fails with EPIPE.  Writes of at most PIPE_BUF bytes are never
 * interleaved with other writers' data.
 */
#include <capability.h>
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <pipe.h>
#include <poll.h>
#include <sched.h>
#include <syscalls.h>
#include <uaccess.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>

unsigned int pipe_max_size = 1048576;           /* Linux's defaults */
unsigned long pipe_user_pages_hard;
unsigned long pipe_user_pages_soft = PIPE_DEF_BUFFERS * 1024;

/*
 * Pipe pages per user, as Linux's user_struct.pipe_bufs: each pipe counts
 * its capacity against the real uid that made it, for as long as it
 * lives.  Past fs.pipe-user-pages-soft an unprivileged user's new pipes
 * get PIPE_MIN_DEF_BUFFERS pages and F_SETPIPE_SZ may not grow one; past
 * -hard (0: no limit) no new pipe at all.  One entry per uid that has
 * pipes, freed with its last pipe.
 */
struct pipe_user {
	struct list_head list;          /* in pipe_users */
	uid_t uid;
	unsigned long bufs;             /* pages counted for this uid's pipes */
};
static LIST_HEAD(pipe_users);

static struct pipe_user *get_pipe_user(uid_t uid)
{
	struct pipe_user *u;
	list_for_each_entry(u, &pipe_users, list)
		if (u->uid == uid)
			return u;
	if (!(u = kzalloc(sizeof *u)))
		return NULL;
	u->uid = uid;
	list_add(&u->list, &pipe_users);
	return u;
}

/* Counts new pages instead of old for one pipe; the user's total after.
 * An entry whose total falls to 0 has no pipe left: it goes. */
static unsigned long account_pipe_buffers(struct pipe_user *u, unsigned long old, unsigned long new)
{
	unsigned long total = u->bufs += new - old;
	if (!total) {
		list_del_init(&u->list);
		kfree(u);
	}
	return total;
}

static bool too_many_pipe_buffers_soft(unsigned long bufs)
{
	return pipe_user_pages_soft && bufs > pipe_user_pages_soft;
}

static bool too_many_pipe_buffers_hard(unsigned long bufs)
{
	return pipe_user_pages_hard && bufs > pipe_user_pages_hard;
}

static bool pipe_is_unprivileged_user(void)
{
	return !has_capability(current, CAP_SYS_RESOURCE) && !capable();
}

/* A new pipe has 16 pages, or fs.pipe-max-size if that is less and the
 * caller lacks CAP_SYS_RESOURCE, or fewer past the user's limits: Linux's
 * alloc_pipe_info.  NULL when the hard limit or memory says no. */
static struct pipe_inode_info *alloc_pipe_info(void)
{
	unsigned int nr = PIPE_DEF_BUFFERS;
	if (nr * PAGE_SIZE > pipe_max_size && !has_capability(current, CAP_SYS_RESOURCE))
		nr = pipe_max_size / PAGE_SIZE;
	struct pipe_user *u = get_pipe_user(current->uid);
	if (!u)
		return NULL;
	unsigned long user_bufs = account_pipe_buffers(u, 0, nr);
	if (too_many_pipe_buffers_soft(user_bufs) && pipe_is_unprivileged_user()) {
		user_bufs = account_pipe_buffers(u, nr, PIPE_MIN_DEF_BUFFERS);
		nr = PIPE_MIN_DEF_BUFFERS;
	}
	struct pipe_inode_info *p = NULL;
	if (!too_many_pipe_buffers_hard(user_bufs) || !pipe_is_unprivileged_user())
		p = kzalloc(sizeof *p);
	if (p && !(p->bufs = kzalloc(nr * sizeof *p->bufs))) {
		kfree(p);
		p = NULL;
	}
	if (!p) {
		account_pipe_buffers(u, nr, 0);
		return NULL;
	}
	p->max_usage = p->nr_accounted = nr;
	p->user = u;
	init_waitqueue_head(&p->rd_wait);
	init_waitqueue_head(&p->wr_wait);
	return p;
}

static void free_pipe_bufs(struct page **bufs, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		if (bufs[i])
			put_page(bufs[i]);
	kfree(bufs);
}

static void free_pipe_info(struct pipe_inode_info *p)
{
	account_pipe_buffers(p->user, p->nr_accounted, 0);
	free_pipe_bufs(p->bufs, p->max_usage);
	kfree(p);
}

/*
 * The caller's buffers, walked in order: the segments of a readv or
 * writev, or a single one; user memory, or kernel memory for splice.  A
 * readv or writev is one pipe operation, as in Linux: it returns what is
 * there without waiting for more, and a writev of at most PIPE_BUF bytes
 * in all is as atomic as a write.
 */
struct pipe_iter {
	const struct iovec *iov;
	size_t off;                     /* bytes of iov[0] already moved */
	bool kernel;                    /* iov_base points into the kernel */
};

/*
 * Copies n bytes between the ring at *at and the buffers, a ring page (or
 * what is left of a segment) at a time, out of the ring if out; advances
 * *at; returns bytes moved or -EFAULT.  A piece that faults part-way moves
 * not at all (Linux moves whole pipe buffers): what was read stays in the
 * pipe, what was written is not queued.  The caller makes sure the
 * segments hold n bytes and the ring has them (out) or room for them.
 */
static long pipe_copy(struct pipe_inode_info *p, struct pipe_iter *it, size_t n, unsigned long *at,
		      bool out)
{
	size_t done = 0;
	while (done < n) {
		while (it->off == it->iov->iov_len) {
			it->iov++;
			it->off = 0;
		}
		unsigned idx = (*at / PAGE_SIZE) % p->max_usage, off = *at % PAGE_SIZE;
		size_t chunk = MIN(MIN(n - done, PAGE_SIZE - off), it->iov->iov_len - it->off);
		if (!p->bufs[idx] && !(p->bufs[idx] = alloc_page(GFP_KERNEL)))
			return done ? (long)done : -ENOMEM;
		char *kbuf = (char *)page_address(p->bufs[idx]) + off;
		char *buf = (char *)it->iov->iov_base + it->off;
		unsigned long left = 0;
		if (it->kernel)
			memcpy(out ? buf : kbuf, out ? kbuf : buf, chunk);
		else
			left = out ? copy_to_user(buf, kbuf, chunk) : copy_from_user(kbuf, buf, chunk);
		if (left)
			return done ? (long)done : -EFAULT;
		done += chunk;
		it->off += chunk;
		*at += chunk;
	}
	return done;
}

/*
 * Copies n bytes out of the pipe, starting skip bytes after its oldest;
 * consume takes them out (and wakes writers), else they stay (tee, and
 * splice before the file took them).  Bytes moved or -errno.
 */
long pipe_copy_out(struct pipe_inode_info *p, const struct iovec *iov, size_t n, size_t skip,
		   bool kernel, bool consume)
{
	struct pipe_iter it = { iov, 0, kernel };
	unsigned long at = p->tail + skip;
	long r = pipe_copy(p, &it, n, &at, true);
	if (r > 0 && consume) {
		p->tail = at;
		wake_up(&p->wr_wait);
	}
	return r;
}

/* Appends n bytes (the caller found room for them) and wakes readers. */
long pipe_copy_in(struct pipe_inode_info *p, const struct iovec *iov, size_t n, bool kernel)
{
	struct pipe_iter it = { iov, 0, kernel };
	long r = pipe_copy(p, &it, n, &p->head, false);
	if (r > 0)
		wake_up(&p->rd_wait);
	return r;
}

/* Waits until the pipe holds a byte: 1, or 0 at end of file (no writer
 * left), or -EAGAIN (nonblock), or -ERESTARTSYS (a signal). */
int pipe_wait_readable(struct pipe_inode_info *p, bool nonblock)
{
	while (!pipe_len(p)) {
		if (!p->writers)
			return 0;
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(p->rd_wait, pipe_len(p) || !p->writers))
			return -ERESTARTSYS;
	}
	return 1;
}

/* Waits for room for need bytes: 0, or -EPIPE with SIGPIPE (no reader
 * left, which wins over a signal), -EAGAIN (nonblock) or -ERESTARTSYS. */
static int pipe_wait_room(struct pipe_inode_info *p, bool nonblock, size_t need)
{
	for (;;) {
		if (!p->readers) {
			send_sig_info(SIGPIPE, NULL, current);
			return -EPIPE;
		}
		if (pipe_room(p) >= need)
			return 0;
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(p->wr_wait, pipe_room(p) >= need || !p->readers) &&
		    p->readers)
			return -ERESTARTSYS;
	}
}

int pipe_wait_writable(struct pipe_inode_info *p, bool nonblock)
{
	return pipe_wait_room(p, nonblock, 1);
}

static ssize_t pipe_read_iov(struct file *f, const struct iovec *iov, int cnt __unused, size_t n)
{
	struct pipe_inode_info *p = f->f_inode->i_pipe;
	if (!n)
		return 0;
	int err = pipe_wait_readable(p, f->f_flags & O_NONBLOCK);
	if (err <= 0)
		return err;
	return pipe_copy_out(p, iov, MIN(n, pipe_len(p)), 0, false, true);
}

static ssize_t pipe_write_iov(struct file *f, const struct iovec *iov, int cnt __unused, size_t n)
{
	struct pipe_inode_info *p = f->f_inode->i_pipe;
	struct pipe_iter it = { iov, 0, false };
	size_t done = 0;
	if (!n)
		return 0;               /* checked before the readers, as Linux */
	while (done < n) {
		/* A small write waits for room for all of it; a large one for any. */
		int err = pipe_wait_room(p, f->f_flags & O_NONBLOCK, n <= PIPE_BUF ? n : 1);
		if (err)
			return done ? (ssize_t)done : err;
		size_t chunk = MIN(n - done, pipe_room(p));
		long r = pipe_copy(p, &it, chunk, &p->head, false);
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
		if (pipe_room(p) >= PIPE_BUF)
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

/* Linux's round_pipe_size: at least a page, a power of two, 0 (too large)
 * past 2 GiB. */
unsigned int round_pipe_size(unsigned long size)
{
	if (size > (1UL << 31))
		return 0;
	if (size < PAGE_SIZE)
		return PAGE_SIZE;
	unsigned long r = PAGE_SIZE;
	while (r < size)
		r <<= 1;
	return r;
}

/*
 * Gives the ring nr slots.  The bytes keep their positions (head and tail
 * stay), so each is copied to the slot the new ring puts it in; EBUSY if
 * they would not fit (Linux counts its occupied buffers, ushi bytes).
 */
static int pipe_resize_ring(struct pipe_inode_info *p, unsigned int nr)
{
	if (pipe_len(p) > (unsigned long)nr * PAGE_SIZE)
		return -EBUSY;
	struct page **bufs = kzalloc(nr * sizeof *bufs);
	if (!bufs)
		return -ENOMEM;
	for (unsigned long at = p->tail; at < p->head;) {
		size_t off = at % PAGE_SIZE, chunk = MIN(p->head - at, PAGE_SIZE - off);
		struct page **to = &bufs[(at / PAGE_SIZE) % nr];
		if (!*to && !(*to = alloc_page(GFP_KERNEL))) {
			free_pipe_bufs(bufs, nr);
			return -ENOMEM;
		}
		struct page *from = p->bufs[(at / PAGE_SIZE) % p->max_usage];
		memcpy((char *)page_address(*to) + off, (char *)page_address(from) + off, chunk);
		at += chunk;
	}
	free_pipe_bufs(p->bufs, p->max_usage);
	p->bufs = bufs;
	p->max_usage = nr;
	wake_up(&p->wr_wait);           /* a larger ring may have room now */
	return 0;
}

/* F_SETPIPE_SZ, Linux's pipe_set_size: growing past fs.pipe-max-size
 * needs CAP_SYS_RESOURCE, past the user's limits privilege (EPERM);
 * shrinking is always allowed.  The new size in bytes, or -errno. */
static long pipe_set_size(struct pipe_inode_info *p, unsigned long arg)
{
	unsigned int size = round_pipe_size(arg), nr = size / PAGE_SIZE;
	if (!nr)
		return -EINVAL;
	if (nr > p->max_usage && size > pipe_max_size && !has_capability(current, CAP_SYS_RESOURCE))
		return -EPERM;
	unsigned long user_bufs = account_pipe_buffers(p->user, p->nr_accounted, nr);
	int err = 0;
	if (nr > p->max_usage && (too_many_pipe_buffers_hard(user_bufs) ||
				  too_many_pipe_buffers_soft(user_bufs)) && pipe_is_unprivileged_user())
		err = -EPERM;
	if (!err)
		err = pipe_resize_ring(p, nr);
	if (err) {
		account_pipe_buffers(p->user, nr, p->nr_accounted);
		return err;
	}
	p->nr_accounted = nr;
	return pipe_size(p);
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

/* The ring behind a pipe or an open FIFO; NULL for any other file. */
struct pipe_inode_info *get_pipe_info(struct file *f)
{
	return f->f_op == &pipe_fops ? f->f_inode->i_pipe : NULL;
}

/* fcntl's F_SETPIPE_SZ and F_GETPIPE_SZ; EBADF if f is not a pipe, as Linux. */
long pipe_fcntl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe_inode_info *p = get_pipe_info(f);
	if (!p)
		return -EBADF;
	return cmd == F_SETPIPE_SZ ? pipe_set_size(p, arg) : (long)pipe_size(p);
}

/* pipe2: one inode, two files (read end, write end), two fds. */
long sys_pipe2(int *ufds, int flags)
{
	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	struct inode *inode = new_inode(pipefs_sb(), S_IFIFO | 0600);
	struct pipe_inode_info *p = alloc_pipe_info();
	if (!inode || !p) {
		iput(inode);
		if (p)
			free_pipe_info(p);
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
