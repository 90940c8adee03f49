/*
 * eventpoll.c - epoll: a file that watches other files and says which of
 * them are ready, without asking every one of them at each wait.
 *
 * An epoll file (struct eventpoll) keeps one epitem per watched (file,
 * fd) pair.  EPOLL_CTL_ADD hooks a wait entry with a callback on every
 * wait queue the file's poll names (ep_ptable_queue_proc); a wake_up on
 * one of them runs ep_poll_callback, which puts the item on the ready
 * list and wakes epoll_wait's sleepers and whoever polls the epoll file
 * itself (poll, select, an outer epoll).  epoll_wait takes the ready
 * items, asks each file's poll what is ready now and reports that:
 *
 *   level-triggered  the item goes back on the ready list, to be asked
 *                    again at the next wait: reported while it stays ready;
 *   EPOLLET          it stays off the list until the next wake-up;
 *   EPOLLONESHOT     its events are cleared until EPOLL_CTL_MOD re-arms it.
 *
 * As Linux's, an epoll holds no reference on the files it watches: the
 * last fput of a watched file removes its items (eventpoll_release), and
 * an item is found by its file and fd both.
 *
 * No lock: the kernel is not preemptible and interrupts (which may wake
 * a queue) come only from user mode, so each function here runs whole.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <syscalls.h>
#include <time.h>
#include <uaccess.h>
#include <uapi/eventpoll.h>
#include <uapi/misc.h>

#define EP_MAX_NESTS 4          /* epolls inside epolls, as Linux */
#define EP_MAX_EVENTS (INT_MAX / sizeof(struct epoll_event))
/* Bits that are no event: what is left of a fired EPOLLONESHOT item. */
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
#define EPOLLEXCLUSIVE_OK_BITS (EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | \
				EPOLLET | EPOLLEXCLUSIVE)

struct eventpoll {
	struct list_head items;         /* every epitem, by ep_link */
	struct list_head rdllist;       /* items that may be ready, by rd_link */
	struct wait_queue_head wq;      /* epoll_wait sleepers */
	struct wait_queue_head poll_wait;       /* pollers of this epoll file */
	struct file *file;
};

struct epitem {
	struct list_head ep_link;       /* in ep->items */
	struct list_head rd_link;       /* in ep->rdllist, or empty */
	struct list_head f_link;        /* in file->f_ep */
	struct list_head pwqlist;       /* its eppoll_entries */
	struct eventpoll *ep;
	struct file *file;
	int fd;
	struct epoll_event event;
};

/* One wait queue an item listens on. */
struct eppoll_entry {
	struct wait_queue_entry wait;   /* on whq, calling ep_poll_callback */
	struct wait_queue_head *whq;
	struct epitem *epi;
	struct list_head link;          /* in epi->pwqlist */
};

/* The poll table ep_insert hands to the file's poll. */
struct ep_pqueue {
	struct poll_table_struct pt;
	struct epitem *epi;
	bool nomem;
};

static const struct file_operations eventpoll_fops;

static bool is_file_epoll(struct file *f)
{
	return f->f_op == &eventpoll_fops;
}

/* What of the item's events its file has ready now; pt, when given,
 * hooks the item on the file's queues. */
static unsigned ep_item_poll(struct epitem *epi, struct poll_table_struct *pt)
{
	return epi->file->f_op->poll(epi->file, pt) & epi->event.events;
}

static void ep_set_ready(struct epitem *epi)
{
	struct eventpoll *ep = epi->ep;
	if (list_empty(&epi->rd_link))
		list_add_tail(&epi->rd_link, &ep->rdllist);
	wake_up(&ep->wq);
	wake_up(&ep->poll_wait);
}

/* A queue of the item's file was woken: it may be ready.  A fired
 * EPOLLONESHOT item (no events left) stays quiet. */
static void ep_poll_callback(struct wait_queue_entry *w)
{
	struct epitem *epi = container_of(w, struct eppoll_entry, wait)->epi;
	if (epi->event.events & ~EP_PRIVATE_BITS)
		ep_set_ready(epi);
}

static void ep_ptable_queue_proc(struct file *f __unused, struct wait_queue_head *whq,
				 struct poll_table_struct *pt)
{
	struct ep_pqueue *epq = container_of(pt, struct ep_pqueue, pt);
	struct eppoll_entry *pwq = kmalloc(sizeof *pwq);
	if (!pwq) {
		epq->nomem = true;
		return;
	}
	init_wait(&pwq->wait);
	pwq->wait.func = ep_poll_callback;
	pwq->whq = whq;
	pwq->epi = epq->epi;
	list_add_tail(&pwq->wait.entry, &whq->head);
	list_add_tail(&pwq->link, &epq->epi->pwqlist);
}

/* Unhooks the item from every queue and every list, and frees it. */
static void ep_remove(struct epitem *epi)
{
	while (!list_empty(&epi->pwqlist)) {
		struct eppoll_entry *pwq = list_first_entry(&epi->pwqlist, struct eppoll_entry, link);
		list_del_init(&pwq->wait.entry);
		list_del_init(&pwq->link);
		kfree(pwq);
	}
	list_del_init(&epi->f_link);
	list_del_init(&epi->ep_link);
	if (!list_empty(&epi->rd_link))
		list_del_init(&epi->rd_link);
	kfree(epi);
}

void eventpoll_release(struct file *f)
{
	while (!list_empty(&f->f_ep))
		ep_remove(list_first_entry(&f->f_ep, struct epitem, f_link));
}

static struct epitem *ep_find(struct eventpoll *ep, struct file *f, int fd)
{
	struct epitem *epi;
	list_for_each_entry(epi, &ep->items, ep_link)
		if (epi->file == f && epi->fd == fd)
			return epi;
	return NULL;
}

static long ep_insert(struct eventpoll *ep, const struct epoll_event *ev, struct file *tf, int fd)
{
	struct epitem *epi = kzalloc(sizeof *epi);
	if (!epi)
		return -ENOMEM;
	INIT_LIST_HEAD(&epi->rd_link);
	INIT_LIST_HEAD(&epi->pwqlist);
	epi->ep = ep;
	epi->file = tf;
	epi->fd = fd;
	epi->event = *ev;
	list_add_tail(&epi->ep_link, &ep->items);
	list_add_tail(&epi->f_link, &tf->f_ep);
	struct ep_pqueue epq = { .pt = { .qproc = ep_ptable_queue_proc }, .epi = epi };
	unsigned revents = ep_item_poll(epi, &epq.pt);
	if (epq.nomem) {
		ep_remove(epi);
		return -ENOMEM;
	}
	if (revents)
		ep_set_ready(epi);
	return 0;
}

static long ep_modify(struct epitem *epi, const struct epoll_event *ev)
{
	epi->event = *ev;
	if (ep_item_poll(epi, NULL))
		ep_set_ready(epi);
	return 0;
}

/* How deep ep sits below epolls that watch it (0: none does). */
static int ep_upwards_depth(struct eventpoll *ep, int depth)
{
	int max = depth;
	struct epitem *epi;
	if (depth > EP_MAX_NESTS)
		return depth;
	list_for_each_entry(epi, &ep->file->f_ep, f_link) {
		int d = ep_upwards_depth(epi->ep, depth + 1);
		if (d > max)
			max = d;
	}
	return max;
}

/* How many levels of epolls `to` holds below it (0: none), or more than
 * EP_MAX_NESTS if `into` is among them (a loop) or they go that deep. */
static int ep_loop_depth(struct eventpoll *into, struct eventpoll *to, int level)
{
	int max = 0;
	struct epitem *epi;
	if (level > EP_MAX_NESTS)
		return EP_MAX_NESTS + 1;
	list_for_each_entry(epi, &to->items, ep_link) {
		if (!is_file_epoll(epi->file))
			continue;
		struct eventpoll *sub = epi->file->private_data;
		int d = sub == into ? EP_MAX_NESTS + 1 : ep_loop_depth(into, sub, level + 1) + 1;
		if (d > max)
			max = d;
	}
	return max;
}

/* Would watching `to` from `into` close a loop, or make a chain of more
 * than EP_MAX_NESTS + 1 epolls (Linux's ep_loop_check, counting both the
 * epolls below `to` and those above `into`)? */
static bool ep_loop_check(struct eventpoll *into, struct eventpoll *to)
{
	int below = ep_loop_depth(into, to, 0);
	return below > EP_MAX_NESTS || below + 1 + ep_upwards_depth(into, 0) > EP_MAX_NESTS;
}

/*
 * Moves up to max ready events to user space; 0 when none is ready, or
 * -EFAULT if not even the first could be written.  Level-triggered items
 * go back on the ready list to be asked again next time; those not ready
 * after all leave it.
 */
static long ep_send_events(struct eventpoll *ep, struct epoll_event *uevents, int max)
{
	LIST_HEAD(txlist);
	while (!list_empty(&ep->rdllist))
		list_move_tail(ep->rdllist.next, &txlist);
	long n = 0;
	while (!list_empty(&txlist) && n < max) {
		struct epitem *epi = list_first_entry(&txlist, struct epitem, rd_link);
		list_del_init(&epi->rd_link);
		unsigned revents = ep_item_poll(epi, NULL);
		if (!revents)
			continue;
		struct epoll_event ev = { revents, epi->event.data };
		if (copy_to_user(&uevents[n], &ev, sizeof ev)) {
			list_add(&epi->rd_link, &txlist);
			if (!n)
				n = -EFAULT;
			break;
		}
		n++;
		if (epi->event.events & EPOLLONESHOT)
			epi->event.events &= EP_PRIVATE_BITS;
		else if (!(epi->event.events & EPOLLET))
			list_add_tail(&epi->rd_link, &ep->rdllist);
	}
	/* The ones not looked at keep their place at the front. */
	while (!list_empty(&txlist)) {
		struct list_head *last = txlist.prev;
		list_del_init(last);
		list_add(last, &ep->rdllist);
	}
	return n;
}

/* epoll_wait's wait: deadline 0 is for ever, ~0 is not at all.  A
 * signal ends it with EINTR, never restarted (as Linux). */
static long ep_poll(struct eventpoll *ep, struct epoll_event *uevents, int max, u64 deadline)
{
	for (;;) {
		long n = ep_send_events(ep, uevents, max);
		if (n)
			return n;
		if (deadline == ~0ULL || (deadline && ktime_get_ns() >= deadline))
			return 0;
		if (signal_pending(current))
			return -EINTR;
		struct wait_queue_entry w;
		init_wait(&w);
		prepare_to_wait(&ep->wq, &w, TASK_INTERRUPTIBLE);
		if (list_empty(&ep->rdllist) && !signal_pending(current)) {
			if (deadline)
				schedule_timeout_ns(deadline);
			else
				schedule();
		}
		finish_wait(&ep->wq, &w);
	}
}

/* An epoll file is readable when one of its items is ready; items found
 * not ready after all leave the list, as in Linux's ep_read_events_proc. */
static unsigned int ep_eventpoll_poll(struct file *f, struct poll_table_struct *pt)
{
	struct eventpoll *ep = f->private_data;
	struct epitem *epi, *next;
	poll_wait(f, &ep->poll_wait, pt);
	list_for_each_entry_safe(epi, next, &ep->rdllist, rd_link) {
		if (ep_item_poll(epi, NULL))
			return POLLIN | POLLRDNORM;
		list_del_init(&epi->rd_link);
	}
	return 0;
}

static void ep_eventpoll_release(struct inode *inode __unused, struct file *f)
{
	struct eventpoll *ep = f->private_data;
	while (!list_empty(&ep->items))
		ep_remove(list_first_entry(&ep->items, struct epitem, ep_link));
	kfree(ep);
}

static const struct file_operations eventpoll_fops = {
	.poll = ep_eventpoll_poll,
	.release = ep_eventpoll_release,
	.llseek = no_llseek,
};

long sys_epoll_create1(int flags)
{
	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	int fd = get_unused_fd_flags(flags);
	if (fd < 0)
		return fd;
	struct eventpoll *ep = kzalloc(sizeof *ep);
	struct inode *inode = ep ? new_inode(anon_inode_sb(), S_IFREG | 0600) : NULL;
	struct file *f = inode ? alloc_anon_file(inode, "[eventpoll]", O_RDWR, &eventpoll_fops, ep) : NULL;
	if (!f) {
		kfree(ep);
		put_unused_fd(fd);
		return -ENOMEM;
	}
	INIT_LIST_HEAD(&ep->items);
	INIT_LIST_HEAD(&ep->rdllist);
	init_waitqueue_head(&ep->wq);
	init_waitqueue_head(&ep->poll_wait);
	ep->file = f;
	fd_install(fd, f);
	return fd;
}

long sys_epoll_create(int size)
{
	if (size <= 0)
		return -EINVAL;
	return sys_epoll_create1(0);
}

/* The checks of Linux's do_epoll_ctl, in its order, once both files are held. */
static long ep_ctl_check(struct file *f, struct file *tf, int op, const struct epoll_event *ev)
{
	if (!tf->f_op || !tf->f_op->poll)
		return -EPERM;          /* regular files and directories: always ready */
	if (f == tf || !is_file_epoll(f))
		return -EINVAL;
	if (op != EPOLL_CTL_DEL && (ev->events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			return -EINVAL;
		if (op == EPOLL_CTL_ADD && (is_file_epoll(tf) || (ev->events & ~EPOLLEXCLUSIVE_OK_BITS)))
			return -EINVAL;
	}
	if (op == EPOLL_CTL_ADD && is_file_epoll(tf)) {
		struct eventpoll *ep = f->private_data;
		if (ep_loop_check(ep, tf->private_data))
			return -ELOOP;
	}
	return 0;
}

static long ep_ctl(struct eventpoll *ep, int op, struct file *tf, int fd, struct epoll_event *ev)
{
	struct epitem *epi = ep_find(ep, tf, fd);
	/* Without CAP_BLOCK_SUSPEND, Linux drops EPOLLWAKEUP silently; there
	 * is no suspend here to block. */
	ev->events &= ~EPOLLWAKEUP;
	switch (op) {
	case EPOLL_CTL_ADD:
		if (epi)
			return -EEXIST;
		ev->events |= EPOLLERR | EPOLLHUP;
		return ep_insert(ep, ev, tf, fd);
	case EPOLL_CTL_DEL:
		if (!epi)
			return -ENOENT;
		ep_remove(epi);
		return 0;
	case EPOLL_CTL_MOD:
		if (!epi)
			return -ENOENT;
		if (epi->event.events & EPOLLEXCLUSIVE)
			return -EINVAL;
		ev->events |= EPOLLERR | EPOLLHUP;
		return ep_modify(epi, ev);
	}
	return -EINVAL;
}

long sys_epoll_ctl(int epfd, int op, int fd, struct epoll_event *uevent)
{
	struct epoll_event ev = { 0, 0 };
	if (op != EPOLL_CTL_DEL && copy_from_user(&ev, uevent, sizeof ev))
		return -EFAULT;
	struct file *f = fget(epfd);
	if (!f)
		return -EBADF;
	struct file *tf = fget(fd);
	long ret = -EBADF;
	if (tf) {
		ret = ep_ctl_check(f, tf, op, &ev);
		if (!ret)
			ret = ep_ctl(f->private_data, op, tf, fd, &ev);
		fput(tf);
	}
	fput(f);
	return ret;
}

/* Linux's do_epoll_wait: the count, the buffer, then the fd. */
static long do_epoll_wait(int epfd, struct epoll_event *uevents, int max, u64 deadline)
{
	if (max <= 0 || (unsigned long)max > EP_MAX_EVENTS)
		return -EINVAL;
	if (!access_ok(uevents, (unsigned long)max * sizeof(struct epoll_event)))
		return -EFAULT;
	struct file *f = fget(epfd);
	if (!f)
		return -EBADF;
	long ret = is_file_epoll(f) ? ep_poll(f->private_data, uevents, max, deadline) : -EINVAL;
	fput(f);
	return ret;
}

static u64 ms_to_deadline(int timeout_ms)
{
	if (timeout_ms < 0)
		return 0;
	if (timeout_ms == 0)
		return ~0ULL;
	return ktime_get_ns() + (u64)timeout_ms * NSEC_PER_MSEC;
}

long sys_epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)
{
	return do_epoll_wait(epfd, events, maxevents, ms_to_deadline(timeout));
}

/* The wait under a temporary signal mask; on EINTR the mask stays for
 * the handler's frame to restore, as select.c's callers do. */
static long epoll_pwait_common(int epfd, struct epoll_event *events, int maxevents, u64 deadline,
			       const sigset_t *sigmask, size_t sigsetsize)
{
	long ret = set_user_sigmask(sigmask, sigsetsize);
	if (ret)
		return ret;
	ret = do_epoll_wait(epfd, events, maxevents, deadline);
	restore_user_sigmask(sigmask, ret == -EINTR ? -ERESTARTNOHAND : ret);
	return ret;
}

long sys_epoll_pwait(int epfd, struct epoll_event *events, int maxevents, int timeout,
		     const sigset_t *sigmask, size_t sigsetsize)
{
	return epoll_pwait_common(epfd, events, maxevents, ms_to_deadline(timeout), sigmask,
				  sigsetsize);
}

long sys_epoll_pwait2(int epfd, struct epoll_event *events, int maxevents,
		      const struct timespec *timeout, const sigset_t *sigmask, size_t sigsetsize)
{
	u64 deadline = 0;
	if (timeout) {
		struct timespec ts;
		long err = get_timespec(&ts, timeout);
		if (err)
			return err;
		deadline = (!ts.tv_sec && !ts.tv_nsec) ? ~0ULL : ktime_get_ns() + timespec_to_ns(&ts);
	}
	return epoll_pwait_common(epfd, events, maxevents, deadline, sigmask, sigsetsize);
}
