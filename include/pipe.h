/* pipe.h - the buffer behind a pipe or FIFO. */
#ifndef USHI_PIPE_H
#define USHI_PIPE_H

#include <sched.h>

#define PIPE_BUFFERS 16                         /* pages: 64 KiB, as Linux */
#define PIPE_SIZE (PIPE_BUFFERS * PAGE_SIZE)
#define PIPE_BUF PAGE_SIZE                      /* writes up to this are atomic */

struct pipe_inode_info {
	struct page *bufs[PIPE_BUFFERS];        /* allocated on first use */
	unsigned long head, tail;               /* bytes written / read, ever */
	int readers, writers;
	int r_counter, w_counter;               /* opens so far (FIFO open waits) */
	struct wait_queue_head rd_wait, wr_wait;
};

static inline unsigned long pipe_len(struct pipe_inode_info *p) { return p->head - p->tail; }

#endif
