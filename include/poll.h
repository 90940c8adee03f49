/*
 * poll.h - how poll/select wait on many files at once.
 *
 * A file's poll operation reports which events are ready and, through
 * poll_wait(), names the wait queues that will be woken when that
 * changes; do_poll() sleeps on all of them at once.
 */
#ifndef USHI_POLL_H
#define USHI_POLL_H

#include <sched.h>

struct file;

struct poll_table_entry {
	struct wait_queue_entry wait;
	struct wait_queue_head *wq;
};

struct poll_table_struct {
	struct poll_table_entry *entries;
	int nr, max;
	/* When set, poll_wait hands each queue to it instead (epoll hooks
	 * its item on the queue with a callback of its own). */
	void (*qproc)(struct file *f, struct wait_queue_head *wq, struct poll_table_struct *pt);
};

void poll_wait(struct file *f, struct wait_queue_head *wq, struct poll_table_struct *pt);

/* fs/select.c: the temporary signal mask of ppoll, pselect6 and
 * epoll_pwait, restored on the way out unless a handler runs first. */
long set_user_sigmask(const sigset_t *umask, size_t size);
void restore_user_sigmask(const sigset_t *umask, long ret);

#endif
