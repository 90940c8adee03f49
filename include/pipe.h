/* pipe.h - the buffer behind a pipe or FIFO. */
#ifndef USHI_PIPE_H
#define USHI_PIPE_H

#include <sched.h>

#define PIPE_DEF_BUFFERS 16                     /* a new pipe's pages: 64 KiB, as Linux */
#define PIPE_MIN_DEF_BUFFERS 2                  /* ... past the user's soft limit */
#define PIPE_BUF PAGE_SIZE                      /* writes up to this are atomic */

/*
 * A ring of max_usage pages holding the bytes [tail, head): byte b lives
 * in slot (b / PAGE_SIZE) % max_usage at offset b % PAGE_SIZE.  No lock:
 * the kernel is not preemptible, and every path that sleeps re-reads the
 * ring when it wakes.
 */
struct pipe_inode_info {
	struct page **bufs;                     /* max_usage slots, frames allocated on first use */
	unsigned int max_usage;                 /* capacity in pages, a power of two (F_SETPIPE_SZ) */
	unsigned int nr_accounted;              /* pages counted against user */
	struct pipe_user *user;                 /* the real uid that made the pipe */
	unsigned long head, tail;               /* bytes written / read, ever */
	int readers, writers;
	int r_counter, w_counter;               /* opens so far (FIFO open waits) */
	struct wait_queue_head rd_wait, wr_wait;
};

static inline unsigned long pipe_len(struct pipe_inode_info *p) { return p->head - p->tail; }
static inline unsigned long pipe_size(struct pipe_inode_info *p) { return (unsigned long)p->max_usage * PAGE_SIZE; }
static inline unsigned long pipe_room(struct pipe_inode_info *p) { return pipe_size(p) - pipe_len(p); }

/* /proc/sys/fs/pipe-max-size, pipe-user-pages-hard, pipe-user-pages-soft */
extern unsigned int pipe_max_size;
extern unsigned long pipe_user_pages_hard, pipe_user_pages_soft;
unsigned int round_pipe_size(unsigned long size);

struct file;
struct iovec;
struct pipe_inode_info *get_pipe_info(struct file *f);
long pipe_fcntl(struct file *f, unsigned int cmd, unsigned long arg);

/* For splice.c: wait for data or room, then move bytes between the ring
 * and iovecs of user memory or (kernel true) of kernel memory. */
int pipe_wait_readable(struct pipe_inode_info *p, bool nonblock);
int pipe_wait_writable(struct pipe_inode_info *p, bool nonblock);
long pipe_copy_out(struct pipe_inode_info *p, const struct iovec *iov, size_t n, size_t skip,
		   bool kernel, bool consume);
long pipe_copy_in(struct pipe_inode_info *p, const struct iovec *iov, size_t n, bool kernel);

#endif
