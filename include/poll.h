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
};

void poll_wait(struct file *f, struct wait_queue_head *wq, struct poll_table_struct *pt);

#endif
