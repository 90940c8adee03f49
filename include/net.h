/*
 * net.h - what the socket calls (fs/socket.c) and the one family ushi has,
 * AF_UNIX (fs/af_unix.c), share: a cursor over the caller's buffers and
 * the files a message carries (SCM_RIGHTS).
 */
#ifndef USHI_NET_H
#define USHI_NET_H

#include <fs.h>
#include <uapi/misc.h>

/* A position in an array of user buffers (segments checked by access_ok). */
struct msg_iter {
	const struct iovec *iov;
	unsigned long cnt;
	unsigned long i;                /* current segment */
	size_t off;                     /* bytes of it already moved */
};

/* 0, or -EFAULT when a page of the buffers is not there. */
int copy_from_iter(void *dst, size_t n, struct msg_iter *it);
int copy_to_iter(const void *src, size_t n, struct msg_iter *it);

/* Files in flight with a message: references held until received or freed. */
struct scm_fds {
	int n;
	struct file **fp;
};
void scm_destroy(struct scm_fds *scm);

/* fs/af_unix.c */
bool is_unix_socket(const struct file *f);
long unix_create(int type, unsigned flags, struct file **out);
long unix_socketpair(int type, unsigned flags, struct file *out[2]);
/* Sends len bytes from it, and scm's files (taken over on success). */
long unix_sendmsg(struct file *f, struct msg_iter *it, size_t len, struct scm_fds *scm,
		  unsigned flags);
/* Receives up to len bytes into it; scm gets the message's files (the
 * caller installs or drops them), *mflags MSG_TRUNC. */
long unix_recvmsg(struct file *f, struct msg_iter *it, size_t len, struct scm_fds *scm,
		  unsigned flags, unsigned *mflags);
long unix_shutdown(struct file *f, int how);

#endif
