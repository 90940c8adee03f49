/*
 * af_unix.c - AF_UNIX sockets: a connected pair (socketpair) of
 * SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET sockets, each with a queue of
 * what its peer sent it.  socket(AF_UNIX) makes one that nothing can
 * connect yet (there is no bind, listen or connect).
 *
 *   SOCK_STREAM     bytes; a read takes what is there, across messages,
 *                   but never across a message that carries files
 *   SOCK_DGRAM      messages; a read takes one, its tail cut (MSG_TRUNC)
 *   SOCK_SEQPACKET  messages as DGRAM, with end of file as STREAM
 *
 * A message may carry files (SCM_RIGHTS): references travel with it and
 * become fds of the receiver (fs/socket.c installs them).  A sender
 * waits while its peer's queue holds UNIX_SNDBUF bytes.  Closing one end
 * hangs up the other: end of file for its reads, EPIPE (and SIGPIPE on a
 * stream) for its writes, or ECONNREFUSED for a datagram.
 *
 * No lock: the kernel is not preemptible, so each function runs whole.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <net.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <uapi/socket.h>

#define UNIX_SNDBUF 212992              /* bytes queued at the peer: Linux's default wmem */
#define UNIX_CHUNK 4000                 /* a stream's bytes per queued buffer */
#define RCV_SHUTDOWN 1
#define SEND_SHUTDOWN 2
#define SHUTDOWN_MASK 3

struct unix_skb {
	struct list_head link;          /* in the receiver's queue */
	size_t len, off;                /* off: what stream reads took already */
	struct scm_fds scm;
	char data[];
};

struct unix_sock {
	int type;
	bool connected;                 /* made by socketpair (peer may be gone since) */
	struct unix_sock *peer;         /* NULL: never had one, or it was closed */
	struct list_head queue;         /* unix_skbs its peer sent, oldest first */
	size_t qbytes;                  /* their bytes */
	unsigned shutdown;              /* RCV_SHUTDOWN, SEND_SHUTDOWN */
	struct wait_queue_head wait;    /* its readers, and its writers waiting for room at the peer */
};

static const struct file_operations unix_fops;

bool is_unix_socket(const struct file *f)
{
	return f->f_op == &unix_fops;
}

static void unix_skb_free(struct unix_skb *skb)
{
	scm_destroy(&skb->scm);
	kfree(skb);
}

static void unix_dequeue(struct unix_sock *sk, struct unix_skb *skb)
{
	list_del_init(&skb->link);
	sk->qbytes -= skb->len - skb->off;
	unix_skb_free(skb);
}

static bool is_stream(const struct unix_sock *sk) { return sk->type == SOCK_STREAM; }

/* End of file for a reader of a connection (stream, seqpacket). */
static bool unix_eof(const struct unix_sock *sk)
{
	return sk->type != SOCK_DGRAM && ((sk->shutdown & RCV_SHUTDOWN) || !sk->peer);
}

/* ---- sending ------------------------------------------------------------- */

/* Why sk cannot send now (-errno), or 0; EPIPE also raises SIGPIPE on a
 * stream unless MSG_NOSIGNAL. */
static long unix_send_check(struct unix_sock *sk, unsigned flags)
{
	long err = 0;
	if (!sk->connected)
		return -ENOTCONN;
	if (!sk->peer)
		err = sk->type == SOCK_DGRAM ? -ECONNREFUSED : -EPIPE;
	else if ((sk->shutdown & SEND_SHUTDOWN) || (sk->peer->shutdown & RCV_SHUTDOWN))
		err = -EPIPE;
	if (err == -EPIPE && is_stream(sk) && !(flags & MSG_NOSIGNAL))
		send_sig_info(SIGPIPE, NULL, current);
	return err;
}

/* Waits for `need` bytes of room at the peer: 0, or -errno (EAGAIN when
 * nonblocking, ERESTARTSYS for a signal, the send_check's on a hang-up). */
static long unix_wait_room(struct file *f, struct unix_sock *sk, size_t need, unsigned flags)
{
	for (;;) {
		long err = unix_send_check(sk, flags);
		if (err)
			return err;
		if (UNIX_SNDBUF - sk->peer->qbytes >= need || !sk->peer->qbytes)
			return 0;
		if ((flags & MSG_DONTWAIT) || (f->f_flags & O_NONBLOCK))
			return -EAGAIN;
		if (wait_event_interruptible(sk->wait, !sk->peer || sk->shutdown ||
					     UNIX_SNDBUF - sk->peer->qbytes >= need))
			return -ERESTARTSYS;
	}
}

/* Queues n bytes from it (and scm's files, taken over) at sk's peer. */
static long unix_queue(struct unix_sock *sk, struct msg_iter *it, size_t n, struct scm_fds *scm)
{
	struct unix_skb *skb = kmalloc(sizeof *skb + n);
	if (!skb)
		return -ENOBUFS;
	if (copy_from_iter(skb->data, n, it)) {
		kfree(skb);
		return -EFAULT;
	}
	skb->len = n;
	skb->off = 0;
	skb->scm = *scm;
	*scm = (struct scm_fds){ 0, NULL };
	struct unix_sock *peer = sk->peer;
	list_add_tail(&skb->link, &peer->queue);
	peer->qbytes += n;
	wake_up(&peer->wait);
	return 0;
}

long unix_sendmsg(struct file *f, struct msg_iter *it, size_t len, struct scm_fds *scm,
		  unsigned flags)
{
	struct unix_sock *sk = f->private_data;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (!is_stream(sk)) {
		if (len > UNIX_SNDBUF - 32)
			return -EMSGSIZE;
		long err = unix_wait_room(f, sk, len, flags);
		if (!err)
			err = unix_queue(sk, it, len, scm);
		return err ? err : (long)len;
	}
	size_t sent = 0;
	do {
		long err = unix_wait_room(f, sk, 1, flags);
		if (!err) {
			size_t n = MIN(MIN(len - sent, (size_t)UNIX_CHUNK), UNIX_SNDBUF - sk->peer->qbytes);
			err = unix_queue(sk, it, n, scm);
			sent += err ? 0 : n;
		}
		if (err)
			return sent ? (long)sent : err;
	} while (sent < len);
	return sent;
}

/* ---- receiving ----------------------------------------------------------- */

/* Waits for a message: 0 when one is queued, 1 at end of file, or -errno. */
static long unix_wait_data(struct file *f, struct unix_sock *sk, unsigned flags)
{
	for (;;) {
		if (!list_empty(&sk->queue))
			return 0;
		if (unix_eof(sk) || (sk->shutdown & RCV_SHUTDOWN))
			return 1;
		if ((flags & MSG_DONTWAIT) || (f->f_flags & O_NONBLOCK))
			return -EAGAIN;
		if (wait_event_interruptible(sk->wait, !list_empty(&sk->queue) || unix_eof(sk) ||
					     (sk->shutdown & RCV_SHUTDOWN)))
			return -ERESTARTSYS;
	}
}

/* Room at sk came free: its peer's writers may go on. */
static void unix_wake_writers(struct unix_sock *sk)
{
	if (sk->peer)
		wake_up(&sk->peer->wait);
}

static long unix_dgram_recv(struct unix_sock *sk, struct msg_iter *it, size_t len,
			    struct scm_fds *scm, unsigned flags, unsigned *mflags)
{
	struct unix_skb *skb = list_first_entry(&sk->queue, struct unix_skb, link);
	size_t n = MIN(len, skb->len);
	if (copy_to_iter(skb->data, n, it))
		return -EFAULT;
	if (n < skb->len)
		*mflags |= MSG_TRUNC;
	long ret = (flags & MSG_TRUNC) ? (long)skb->len : (long)n;
	if (!(flags & MSG_PEEK)) {
		*scm = skb->scm;
		skb->scm = (struct scm_fds){ 0, NULL };
		unix_dequeue(sk, skb);
		unix_wake_writers(sk);
	}
	return ret;
}

/* MSG_PEEK on a stream: a copy of what a read would take, left queued. */
static long unix_stream_peek(struct file *f, struct unix_sock *sk, struct msg_iter *it, size_t len,
			     unsigned flags)
{
	size_t copied = 0;
	struct unix_skb *skb;
	long w = unix_wait_data(f, sk, flags);
	if (w)
		return w > 0 ? 0 : w;
	list_for_each_entry(skb, &sk->queue, link) {
		if (copied == len || (copied && skb->scm.n))
			break;
		size_t n = MIN(skb->len - skb->off, len - copied);
		if (copy_to_iter(skb->data + skb->off, n, it))
			return copied ? (long)copied : -EFAULT;
		copied += n;
		if (skb->scm.n)
			break;
	}
	return copied;
}

/*
 * A stream read: what is queued, up to len, across buffers - but it ends
 * after a buffer that carried files, and before one once it has bytes
 * (Linux keeps each message's files with its own bytes).  MSG_WAITALL
 * waits on for the rest.
 */
static long unix_stream_recv(struct file *f, struct unix_sock *sk, struct msg_iter *it, size_t len,
			     struct scm_fds *scm, unsigned flags)
{
	size_t copied = 0;
	struct unix_skb *skb;
	if (flags & MSG_PEEK)
		return unix_stream_peek(f, sk, it, len, flags);
	while (copied < len) {
		if (list_empty(&sk->queue)) {
			if (copied && !(flags & MSG_WAITALL))
				break;
			long w = unix_wait_data(f, sk, flags);
			if (w)
				return copied ? (long)copied : w > 0 ? 0 : w;
			continue;
		}
		skb = list_first_entry(&sk->queue, struct unix_skb, link);
		if (copied && skb->scm.n)
			break;
		size_t n = MIN(skb->len - skb->off, len - copied);
		if (copy_to_iter(skb->data + skb->off, n, it))
			return copied ? (long)copied : -EFAULT;
		copied += n;
		bool had_files = skb->scm.n;
		*scm = skb->scm;
		skb->scm = (struct scm_fds){ 0, NULL };
		skb->off += n;
		sk->qbytes -= n;
		if (skb->off == skb->len) {
			list_del_init(&skb->link);
			unix_skb_free(skb);
		}
		unix_wake_writers(sk);
		if (had_files)
			break;
	}
	return copied;
}

long unix_recvmsg(struct file *f, struct msg_iter *it, size_t len, struct scm_fds *scm,
		  unsigned flags, unsigned *mflags)
{
	struct unix_sock *sk = f->private_data;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (sk->type != SOCK_DGRAM && !sk->connected)
		return is_stream(sk) ? -EINVAL : -ENOTCONN;
	if (is_stream(sk))
		return unix_stream_recv(f, sk, it, len, scm, flags);
	long w = unix_wait_data(f, sk, flags);
	if (w)
		return w > 0 ? 0 : w;
	return unix_dgram_recv(sk, it, len, scm, flags, mflags);
}

/* ---- the file ------------------------------------------------------------ */

long unix_shutdown(struct file *f, int how)
{
	struct unix_sock *sk = f->private_data;
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	unsigned mode = how + 1;        /* SHUT_RD 1, SHUT_WR 2, SHUT_RDWR 3 */
	sk->shutdown |= mode;
	wake_up(&sk->wait);
	if (sk->peer && sk->type != SOCK_DGRAM) {
		/* What one end no longer sends, the other no longer receives. */
		sk->peer->shutdown |= (mode & RCV_SHUTDOWN ? SEND_SHUTDOWN : 0) |
				      (mode & SEND_SHUTDOWN ? RCV_SHUTDOWN : 0);
		wake_up(&sk->peer->wait);
	}
	return 0;
}

/* Linux's unix_poll and unix_dgram_poll, in short. */
static unsigned int unix_poll(struct file *f, struct poll_table_struct *pt)
{
	struct unix_sock *sk = f->private_data;
	unsigned mask = 0;
	poll_wait(f, &sk->wait, pt);
	if (sk->shutdown == SHUTDOWN_MASK || (sk->type != SOCK_DGRAM && !sk->connected))
		mask |= POLLHUP;
	if (sk->shutdown & RCV_SHUTDOWN)
		mask |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (!list_empty(&sk->queue))
		mask |= POLLIN | POLLRDNORM;
	/* Writable while the peer holds under a quarter of UNIX_SNDBUF (Linux's
	 * unix_writable), and once it is gone, so that no writer gets stuck. */
	if (!sk->peer || sk->peer->qbytes * 4 <= UNIX_SNDBUF)
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	return mask;
}

static ssize_t unix_read_iov(struct file *f, const struct iovec *iov, int cnt, size_t n)
{
	struct msg_iter it = { iov, cnt, 0, 0 };
	struct scm_fds scm = { 0, NULL };
	unsigned mflags = 0;
	long r = unix_recvmsg(f, &it, n, &scm, 0, &mflags);
	scm_destroy(&scm);              /* read(2) has no room for files: they are closed */
	return r;
}

static ssize_t unix_write_iov(struct file *f, const struct iovec *iov, int cnt, size_t n)
{
	struct msg_iter it = { iov, cnt, 0, 0 };
	struct scm_fds scm = { 0, NULL };
	return unix_sendmsg(f, &it, n, &scm, 0);
}

static ssize_t unix_read(struct file *f, char *ubuf, size_t n, loff_t *pos __unused)
{
	struct iovec iov = { ubuf, n };
	return unix_read_iov(f, &iov, 1, n);
}

static ssize_t unix_write(struct file *f, const char *ubuf, size_t n, loff_t *pos __unused)
{
	struct iovec iov = { (void *)ubuf, n };
	return unix_write_iov(f, &iov, 1, n);
}

/* The last close: the peer hangs up, the queue and its files go. */
static void unix_release(struct inode *inode __unused, struct file *f)
{
	struct unix_sock *sk = f->private_data;
	struct unix_sock *peer = sk->peer;
	if (peer) {
		peer->peer = NULL;
		if (peer->type != SOCK_DGRAM)
			peer->shutdown = SHUTDOWN_MASK;
		wake_up(&peer->wait);
	}
	while (!list_empty(&sk->queue))
		unix_dequeue(sk, list_first_entry(&sk->queue, struct unix_skb, link));
	kfree(sk);
}

static const struct file_operations unix_fops = {
	.read = unix_read,
	.write = unix_write,
	.read_iov = unix_read_iov,
	.write_iov = unix_write_iov,
	.poll = unix_poll,
	.release = unix_release,
	.llseek = no_llseek,
};

/* A new socket file of type (flags: O_NONBLOCK), or -errno. */
long unix_create(int type, unsigned flags, struct file **out)
{
	if (type == SOCK_RAW)
		type = SOCK_DGRAM;      /* as Linux's unix_create */
	if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_SEQPACKET)
		return -ESOCKTNOSUPPORT;
	struct unix_sock *sk = kzalloc(sizeof *sk);
	struct inode *inode = sk ? new_inode(anon_inode_sb(), S_IFSOCK | 0777) : NULL;
	struct file *f = inode ? alloc_anon_file(inode, "socket", O_RDWR | (flags & O_NONBLOCK),
						 &unix_fops, sk) : NULL;
	if (!f) {
		kfree(sk);
		return -ENOMEM;
	}
	sk->type = type;
	INIT_LIST_HEAD(&sk->queue);
	init_waitqueue_head(&sk->wait);
	*out = f;
	return 0;
}

long unix_socketpair(int type, unsigned flags, struct file *out[2])
{
	long err = unix_create(type, flags, &out[0]);
	if (err)
		return err;
	err = unix_create(type, flags, &out[1]);
	if (err) {
		fput(out[0]);
		return err;
	}
	struct unix_sock *a = out[0]->private_data, *b = out[1]->private_data;
	a->peer = b;
	b->peer = a;
	a->connected = b->connected = true;
	return 0;
}
