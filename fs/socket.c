/*
 * socket.c - the socket system calls: socket, socketpair, sendto,
 * recvfrom, sendmsg, recvmsg and shutdown.  They make Linux's checks of
 * net/socket.c, copy a message's header, buffers and SCM_RIGHTS files in
 * and out, and leave the rest to the family: AF_UNIX (fs/af_unix.c), the
 * only one ushi has; every other family is EAFNOSUPPORT.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <net.h>
#include <syscalls.h>
#include <uaccess.h>
#include <uapi/socket.h>

#define MAX_SOCK_ADDR 128               /* sizeof(struct sockaddr_storage) */
#define OPTMEM_MAX 20480                /* control bytes a send may carry: net.core.optmem_max */
#define MAX_RW_COUNT (0x7fffffffUL & PAGE_MASK)  /* the most one call moves, as read_write.c */

/* ---- buffers and files in flight ---------------------------------------- */

static int iter_copy(void *kbuf, size_t n, struct msg_iter *it, bool to_user)
{
	char *k = kbuf;
	while (n) {
		if (it->i >= it->cnt)
			return -EFAULT;
		const struct iovec *v = &it->iov[it->i];
		size_t m = MIN(n, v->iov_len - it->off);
		char *u = (char *)v->iov_base + it->off;
		if (m && (to_user ? copy_to_user(u, k, m) : copy_from_user(k, u, m)))
			return -EFAULT;
		k += m;
		n -= m;
		it->off += m;
		if (it->off == v->iov_len) {
			it->i++;
			it->off = 0;
		}
	}
	return 0;
}

int copy_from_iter(void *dst, size_t n, struct msg_iter *it) { return iter_copy(dst, n, it, false); }
int copy_to_iter(const void *src, size_t n, struct msg_iter *it) { return iter_copy((void *)src, n, it, true); }

void scm_destroy(struct scm_fds *scm)
{
	for (int i = 0; i < scm->n; i++)
		if (scm->fp[i])
			fput(scm->fp[i]);
	kfree(scm->fp);
	scm->n = 0;
	scm->fp = NULL;
}

/* The files of an SCM_RIGHTS message, appended to scm (Linux's scm_fp_copy). */
static long scm_fp_copy(const struct cmsghdr *c, struct scm_fds *scm)
{
	int num = (c->cmsg_len - sizeof *c) / sizeof(int);
	const int *fds = (const int *)(c + 1);
	if (num <= 0)
		return 0;
	if (scm->n + num > SCM_MAX_FD)
		return -EINVAL;
	if (!scm->fp && !(scm->fp = kzalloc(SCM_MAX_FD * sizeof *scm->fp)))
		return -ENOMEM;
	for (int i = 0; i < num; i++) {
		struct file *f = fds[i] < 0 ? NULL : fget(fds[i]);
		if (!f)
			return -EBADF;
		scm->fp[scm->n++] = f;
	}
	return 0;
}

/* Reads the control messages of a send (Linux's __scm_send): SCM_RIGHTS
 * gathers files; SCM_CREDENTIALS is accepted and ignored; other
 * SOL_SOCKET types are EINVAL, other levels skipped. */
static long scm_send(const void *uctl, size_t len, struct scm_fds *scm)
{
	if (len > OPTMEM_MAX)
		return -ENOBUFS;
	if (len < sizeof(struct cmsghdr))
		return 0;
	char *ctl = kmalloc(len);
	long err = !ctl ? -ENOMEM : copy_from_user(ctl, uctl, len) ? -EFAULT : 0;
	for (size_t off = 0; !err && len - off >= sizeof(struct cmsghdr);) {
		struct cmsghdr *c = (struct cmsghdr *)(ctl + off);
		if (c->cmsg_len < sizeof *c || c->cmsg_len > len - off)
			err = -EINVAL;
		else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			err = scm_fp_copy(c, scm);
		else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type != SCM_CREDENTIALS)
			err = -EINVAL;
		off += CMSG_ALIGN(c->cmsg_len);
		if (off > len)
			break;
	}
	kfree(ctl);
	if (err)
		scm_destroy(scm);
	return err;
}

/*
 * Installs the received files as fds in the caller's control buffer (one
 * SCM_RIGHTS message); those that do not fit, or find no free fd, are
 * closed and MSG_CTRUNC said.  Returns the control bytes used.
 */
static size_t scm_detach_fds(char *uctl, size_t len, struct scm_fds *scm, bool cloexec,
			     unsigned *mflags)
{
	int max = len > sizeof(struct cmsghdr) ? (len - sizeof(struct cmsghdr)) / sizeof(int) : 0;
	int i;
	size_t used = 0;
	if (!scm->n)
		return 0;
	for (i = 0; i < scm->n && i < max; i++) {
		int fd = get_unused_fd_flags(cloexec ? O_CLOEXEC : 0);
		if (fd < 0)
			break;
		if (put_user(fd, (int *)(uctl + sizeof(struct cmsghdr)) + i)) {
			put_unused_fd(fd);
			break;
		}
		fd_install(fd, scm->fp[i]);
		scm->fp[i] = NULL;
	}
	struct cmsghdr h = { CMSG_LEN(i * sizeof(int)), SOL_SOCKET, SCM_RIGHTS };
	if (i && !copy_to_user(uctl, &h, sizeof h))
		used = MIN(CMSG_SPACE(i * sizeof(int)), len);
	if (i < scm->n)
		*mflags |= MSG_CTRUNC;
	scm_destroy(scm);
	return used;
}

/* ---- the calls ------------------------------------------------------------- */

/* The family and type checks of Linux's __sock_create: the bare type, or -errno. */
static long sock_check(int family, int type, int protocol, unsigned *flags)
{
	*flags = type & ~SOCK_TYPE_MASK;
	if (*flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	type &= SOCK_TYPE_MASK;
	if (family < 0 || family >= NPROTO)
		return -EAFNOSUPPORT;
	if (type >= SOCK_MAX)
		return -EINVAL;
	if (family != AF_UNIX)
		return -EAFNOSUPPORT;
	if (protocol && protocol != AF_UNIX)
		return -EPROTONOSUPPORT;
	return type;
}

long sys_socket(int family, int type, int protocol)
{
	unsigned flags;
	long t = sock_check(family, type, protocol, &flags);
	if (t < 0)
		return t;
	struct file *f;
	int fd = get_unused_fd_flags(flags);
	if (fd < 0)
		return fd;
	long err = unix_create(t, flags, &f);
	if (err) {
		put_unused_fd(fd);
		return err;
	}
	fd_install(fd, f);
	return fd;
}

long sys_socketpair(int family, int type, int protocol, int *usv)
{
	unsigned flags;
	long t = sock_check(family, type, protocol, &flags);
	if (t < 0)
		return t;
	struct file *f[2];
	int fd0 = get_unused_fd_flags(flags), fd1 = fd0 < 0 ? fd0 : get_unused_fd_flags(flags);
	long err = fd1 < 0 ? fd1 : unix_socketpair(t, flags, f);
	if (!err && (put_user(fd0, &usv[0]) || put_user(fd1, &usv[1]))) {
		fput(f[0]);
		fput(f[1]);
		err = -EFAULT;
	}
	if (err) {
		if (fd0 >= 0)
			put_unused_fd(fd0);
		if (fd1 >= 0)
			put_unused_fd(fd1);
		return err;
	}
	fd_install(fd0, f[0]);
	fd_install(fd1, f[1]);
	return 0;
}

/* The socket behind fd (referenced), or ERR_PTR: EBADF, ENOTSOCK. */
static struct file *sockfd_lookup(int fd)
{
	struct file *f = fget(fd);
	if (!f)
		return ERR_PTR(-EBADF);
	if (!is_unix_socket(f)) {
		fput(f);
		return ERR_PTR(-ENOTSOCK);
	}
	return f;
}

/* A copy of a message's iovec array (kmalloc'd) and its total, or ERR_PTR. */
static struct iovec *import_msg_iov(const struct iovec *uiov, size_t cnt, size_t *total)
{
	if (cnt > UIO_MAXIOV)
		return ERR_PTR(-EMSGSIZE);
	struct iovec *iov = kmalloc((cnt ? cnt : 1) * sizeof *iov);
	if (!iov)
		return ERR_PTR(-ENOMEM);
	long err = copy_from_user(iov, uiov, cnt * sizeof *iov) ? -EFAULT : 0;
	*total = 0;
	for (size_t i = 0; !err && i < cnt; i++) {
		if ((long)iov[i].iov_len < 0)
			err = -EINVAL;
		else if (!access_ok(iov[i].iov_base, iov[i].iov_len))
			err = -EFAULT;
		else if (iov[i].iov_len > MAX_RW_COUNT - *total)
			iov[i].iov_len = MAX_RW_COUNT - *total;
		*total += err ? 0 : iov[i].iov_len;
	}
	if (err) {
		kfree(iov);
		return ERR_PTR(err);
	}
	return iov;
}

/* A destination address on a send: every ushi socket is connected or
 * cannot be, so a valid one is EISCONN (Linux's answer on a connection). */
static long check_dest(const void *uaddr, int alen)
{
	if (!uaddr || !alen)
		return 0;
	if (alen < 0 || alen > MAX_SOCK_ADDR)
		return -EINVAL;
	char tmp[MAX_SOCK_ADDR];
	if (copy_from_user(tmp, uaddr, alen))
		return -EFAULT;
	return -EISCONN;
}

static long do_sendmsg(int fd, struct user_msghdr *m, const struct iovec *iov, size_t total,
		       unsigned flags)
{
	struct file *f = sockfd_lookup(fd);
	if (IS_ERR(f))
		return PTR_ERR(f);
	struct scm_fds scm = { 0, NULL };
	struct msg_iter it = { iov, m->msg_iovlen, 0, 0 };
	long ret = m->msg_controllen > INT_MAX ? -ENOBUFS : scm_send(m->msg_control, m->msg_controllen, &scm);
	if (!ret)
		ret = check_dest(m->msg_name, m->msg_namelen);
	if (!ret)
		ret = unix_sendmsg(f, &it, total, &scm, flags);
	scm_destroy(&scm);
	fput(f);
	return ret;
}

long sys_sendmsg(int fd, struct user_msghdr *umsg, unsigned int flags)
{
	struct user_msghdr m;
	size_t total;
	if (copy_from_user(&m, umsg, sizeof m))
		return -EFAULT;
	struct iovec *iov = import_msg_iov(m.msg_iov, m.msg_iovlen, &total);
	if (IS_ERR(iov))
		return PTR_ERR(iov);
	long ret = do_sendmsg(fd, &m, iov, total, flags);
	kfree(iov);
	return ret;
}

long sys_sendto(int fd, void *ubuf, size_t len, unsigned int flags, struct sockaddr *addr, int alen)
{
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	if (!access_ok(ubuf, len))
		return -EFAULT;
	struct iovec iov = { ubuf, len };
	struct user_msghdr m = { addr, alen, &iov, 1, NULL, 0, 0 };
	return do_sendmsg(fd, &m, &iov, len, flags);
}

/* recvmsg's work; fills m's msg_controllen (bytes used), msg_flags and
 * msg_namelen (0: a pair's peer has no address) for the caller to copy out. */
static long do_recvmsg(int fd, struct user_msghdr *m, const struct iovec *iov, size_t total,
		       unsigned flags)
{
	struct file *f = sockfd_lookup(fd);
	if (IS_ERR(f))
		return PTR_ERR(f);
	struct scm_fds scm = { 0, NULL };
	struct msg_iter it = { iov, m->msg_iovlen, 0, 0 };
	unsigned mflags = 0;
	long ret = unix_recvmsg(f, &it, total, &scm, flags & ~MSG_CMSG_CLOEXEC, &mflags);
	size_t used = 0;
	if (ret >= 0 && scm.n)
		used = m->msg_control ? scm_detach_fds(m->msg_control, m->msg_controllen, &scm,
						       flags & MSG_CMSG_CLOEXEC, &mflags) : 0;
	if (scm.n) {
		mflags |= MSG_CTRUNC;
		scm_destroy(&scm);
	}
	m->msg_controllen = used;
	m->msg_flags = mflags;
	m->msg_namelen = 0;
	fput(f);
	return ret;
}

long sys_recvmsg(int fd, struct user_msghdr *umsg, unsigned int flags)
{
	struct user_msghdr m;
	size_t total;
	if (copy_from_user(&m, umsg, sizeof m))
		return -EFAULT;
	struct iovec *iov = import_msg_iov(m.msg_iov, m.msg_iovlen, &total);
	if (IS_ERR(iov))
		return PTR_ERR(iov);
	long ret = do_recvmsg(fd, &m, iov, total, flags);
	kfree(iov);
	if (ret >= 0 && (put_user(m.msg_controllen, &umsg->msg_controllen) ||
			 put_user(m.msg_flags, &umsg->msg_flags) ||
			 put_user(m.msg_namelen, &umsg->msg_namelen)))
		return -EFAULT;
	return ret;
}

long sys_recvfrom(int fd, void *ubuf, size_t size, unsigned int flags, struct sockaddr *addr,
		  int *alen)
{
	if (size > MAX_RW_COUNT)
		size = MAX_RW_COUNT;
	if (!access_ok(ubuf, size))
		return -EFAULT;
	struct iovec iov = { ubuf, size };
	struct user_msghdr m = { NULL, 0, &iov, 1, NULL, 0, 0 };
	long ret = do_recvmsg(fd, &m, &iov, size, flags);
	if (ret >= 0 && addr && alen && put_user(0, alen))
		return -EFAULT;
	return ret;
}

long sys_shutdown(int fd, int how)
{
	struct file *f = sockfd_lookup(fd);
	if (IS_ERR(f))
		return PTR_ERR(f);
	long ret = unix_shutdown(f, how);
	fput(f);
	return ret;
}
