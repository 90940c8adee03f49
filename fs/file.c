/*
 * file.c - the fd table (files_struct) and the syscalls that work on fds
 * alone: close, dup, dup2, dup3, fcntl.
 *
 * An fd is an index into fdt.fd[], pointing at a struct file that may be
 * shared with other fds (dup) and other tables (fork copies the table,
 * not the files - so parent and child share offsets).  CLONE_FILES shares
 * the table itself.  The table starts with NR_OPEN_DEFAULT slots and
 * doubles as needed, up to RLIMIT_NOFILE.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <pipe.h>
#include <sched.h>
#include <syscalls.h>
#include <uaccess.h>

#define BITS_PER_LONG 64

int sysctl_nr_open = 1024 * 1024;       /* Linux's default */

static bool fd_is_cloexec(struct fdtable *t, unsigned fd)
{
	return t->close_on_exec[fd / BITS_PER_LONG] & (1UL << (fd % BITS_PER_LONG));
}

static void set_cloexec(struct fdtable *t, unsigned fd, bool on)
{
	unsigned long bit = 1UL << (fd % BITS_PER_LONG);
	if (on)
		t->close_on_exec[fd / BITS_PER_LONG] |= bit;
	else
		t->close_on_exec[fd / BITS_PER_LONG] &= ~bit;
}

static bool fd_is_reserved(struct fdtable *t, unsigned fd)
{
	return t->reserved[fd / BITS_PER_LONG] & (1UL << (fd % BITS_PER_LONG));
}

static void set_reserved(struct fdtable *t, unsigned fd, bool on)
{
	unsigned long bit = 1UL << (fd % BITS_PER_LONG);
	if (on)
		t->reserved[fd / BITS_PER_LONG] |= bit;
	else
		t->reserved[fd / BITS_PER_LONG] &= ~bit;
}

static void free_fdtable(struct fdtable *t)
{
	kfree(t->fd);
	kfree(t->close_on_exec);
	kfree(t->reserved);
}

/* Allocates an fdtable's arrays for n slots (zeroed). */
static int alloc_fdtable(struct fdtable *t, unsigned n)
{
	t->fd = kzalloc(n * sizeof(struct file *));
	t->close_on_exec = kzalloc(n / 8);
	t->reserved = kzalloc(n / 8);
	if (!t->fd || !t->close_on_exec || !t->reserved) {
		free_fdtable(t);
		return -ENOMEM;
	}
	t->max_fds = n;
	return 0;
}

struct files_struct *files_alloc(void)
{
	struct files_struct *files = kzalloc(sizeof *files);
	if (!files)
		return NULL;
	if (alloc_fdtable(&files->fdt, NR_OPEN_DEFAULT)) {
		kfree(files);
		return NULL;
	}
	files->count = 1;
	return files;
}

/* Grows the table so that fd fits; -EMFILE past the limit. */
static int expand_files(struct files_struct *files, unsigned fd)
{
	struct fdtable *old = &files->fdt, new;
	if (fd < old->max_fds)
		return 0;
	if (fd >= rlimit(RLIMIT_NOFILE) || fd >= (unsigned)sysctl_nr_open || fd >= NR_OPEN_MAX)
		return -EMFILE;
	unsigned n = old->max_fds;
	while (n <= fd)
		n *= 2;
	if (alloc_fdtable(&new, n))
		return -ENOMEM;
	memcpy(new.fd, old->fd, old->max_fds * sizeof(struct file *));
	memcpy(new.close_on_exec, old->close_on_exec, old->max_fds / 8);
	memcpy(new.reserved, old->reserved, old->max_fds / 8);
	free_fdtable(old);
	*old = new;
	return 0;
}

/*
 * fork without CLONE_FILES: a new table pointing at the same open files
 * (each gets one more reference), close-on-exec bits included.  An fd
 * that another thread's open is still filling is not the child's.
 */
/* Open fds counted in whole words of the bitmap, as Linux's count_open_files. */
static unsigned count_open_files(struct fdtable *t)
{
	unsigned n = t->max_fds;
	while (n > 0 && !t->fd[n - 1])
		n--;
	return ALIGN_UP(n, BITS_PER_LONG);
}

/*
 * A copy of old for fork or unshare(CLONE_FILES).  A copy that cannot
 * hold the highest open fd within fs.nr_open (lowered since it was
 * opened) is EMFILE, as Linux's dup_fd.
 */
struct files_struct *dup_fd(struct files_struct *old, int *err)
{
	*err = -EMFILE;
	unsigned n_open = count_open_files(&old->fdt);  /* no fd at or above it */
	if (n_open > ALIGN_UP((unsigned)sysctl_nr_open, BITS_PER_LONG))
		return NULL;
	struct files_struct *files = kzalloc(sizeof *files);
	*err = -ENOMEM;
	if (!files)
		return NULL;
	if (alloc_fdtable(&files->fdt, old->fdt.max_fds)) {
		kfree(files);
		return NULL;
	}
	files->count = 1;
	files->next_fd = 0;             /* a slot reserved here is free in the copy */
	for (unsigned i = 0; i < n_open; i++)
		if (old->fdt.fd[i])
			files->fdt.fd[i] = get_file(old->fdt.fd[i]);
	memcpy(files->fdt.close_on_exec, old->fdt.close_on_exec, old->fdt.max_fds / 8);
	*err = 0;
	return files;
}

static void close_files(struct files_struct *files)
{
	for (unsigned i = 0; i < files->fdt.max_fds; i++) {
		struct file *f = files->fdt.fd[i];
		if (f) {
			files->fdt.fd[i] = NULL;
			fput(f);
		}
	}
}

void put_files_struct(struct files_struct *files)
{
	BUG_ON(files->count <= 0);
	if (--files->count > 0)
		return;
	close_files(files);
	free_fdtable(&files->fdt);
	kfree(files);
}

void exit_files(struct task_struct *t)
{
	struct files_struct *files = t->files;
	if (files) {
		t->files = NULL;
		put_files_struct(files);
	}
}

/* execve: close every fd marked close-on-exec. */
void do_close_on_exec(struct files_struct *files)
{
	for (unsigned i = 0; i < files->fdt.max_fds; i++) {
		if (files->fdt.fd[i] && fd_is_cloexec(&files->fdt, i)) {
			struct file *f = files->fdt.fd[i];
			files->fdt.fd[i] = NULL;
			set_cloexec(&files->fdt, i, false);
			fput(f);
		}
	}
	files->next_fd = 0;
}

/* Whether fd is open and marked close-on-exec (Linux's get_close_on_exec). */
bool close_on_exec(int fd)
{
	struct files_struct *files = current->files;
	return fd >= 0 && files && (unsigned)fd < files->fdt.max_fds && files->fdt.fd[fd] &&
	       fd_is_cloexec(&files->fdt, fd);
}

/* Returns the open file for fd with a reference, or NULL. */
struct file *fget(unsigned int fd)
{
	return fget_task(current, fd);
}

/* fd of t's table (referenced), or NULL: t has exited or fd is not open. */
struct file *fget_task(struct task_struct *t, unsigned int fd)
{
	struct files_struct *files = t->files;
	if (!files || fd >= files->fdt.max_fds || !files->fdt.fd[fd])
		return NULL;
	return get_file(files->fdt.fd[fd]);
}

/*
 * The lowest free fd >= start, reserved until fd_install or put_unused_fd.
 * The reservation matters because an open may sleep before it installs
 * its file (a FIFO waits for its other end): meanwhile another thread's
 * open must not take the same fd, nor a dup2 fill it (EBUSY, as Linux).
 */
static int alloc_fd(unsigned start, unsigned flags)
{
	struct files_struct *files = current->files;
	unsigned fd = start < files->next_fd ? files->next_fd : start;
	for (;; fd++) {
		if (fd >= rlimit(RLIMIT_NOFILE))
			return -EMFILE;
		int err = expand_files(files, fd);
		if (err)
			return err;
		if (!files->fdt.fd[fd] && !fd_is_reserved(&files->fdt, fd))
			break;
	}
	if (start <= files->next_fd)
		files->next_fd = fd + 1;
	set_reserved(&files->fdt, fd, true);
	set_cloexec(&files->fdt, fd, flags & O_CLOEXEC);
	return fd;
}

int get_unused_fd_flags(unsigned flags)
{
	return alloc_fd(0, flags);
}

void fd_install(unsigned int fd, struct file *f)
{
	struct fdtable *t = &current->files->fdt;
	set_reserved(t, fd, false);
	t->fd[fd] = f;
}

void put_unused_fd(unsigned int fd)
{
	set_reserved(&current->files->fdt, fd, false);
	if (fd < current->files->next_fd)
		current->files->next_fd = fd;
}

int close_fd(unsigned int fd)
{
	struct files_struct *files = current->files;
	if (fd >= files->fdt.max_fds || !files->fdt.fd[fd])
		return -EBADF;
	struct file *f = files->fdt.fd[fd];
	files->fdt.fd[fd] = NULL;
	set_cloexec(&files->fdt, fd, false);
	if (fd < files->next_fd)
		files->next_fd = fd;
	fput(f);
	return 0;
}

long sys_close(unsigned int fd)
{
	return close_fd(fd);
}

long sys_dup(unsigned int oldfd)
{
	struct file *f = fget(oldfd);
	if (!f)
		return -EBADF;
	int fd = get_unused_fd_flags(0);
	if (fd < 0) {
		fput(f);
		return fd;
	}
	fd_install(fd, f);
	return fd;
}

/* dup2/dup3: newfd is closed first if open; then shares oldfd's file. */
static long do_dup2(unsigned oldfd, unsigned newfd, unsigned flags)
{
	struct files_struct *files = current->files;
	struct file *f = fget(oldfd);
	if (!f)
		return -EBADF;
	if (newfd >= rlimit(RLIMIT_NOFILE)) {
		fput(f);
		return -EBADF;
	}
	int err = expand_files(files, newfd);
	if (err) {
		fput(f);
		return err;
	}
	struct file *old = files->fdt.fd[newfd];
	if (!old && fd_is_reserved(&files->fdt, newfd)) {
		fput(f);
		return -EBUSY;          /* another thread's open is filling it */
	}
	files->fdt.fd[newfd] = f;
	set_cloexec(&files->fdt, newfd, flags & O_CLOEXEC);
	if (old)
		fput(old);
	return newfd;
}

long sys_dup2(unsigned int oldfd, unsigned int newfd)
{
	if (oldfd == newfd) {
		struct file *f = fget(oldfd);
		if (!f)
			return -EBADF;
		fput(f);
		return newfd;
	}
	return do_dup2(oldfd, newfd, 0);
}

long sys_dup3(unsigned int oldfd, unsigned int newfd, int flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return do_dup2(oldfd, newfd, flags);
}

#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)

long sys_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct files_struct *files = current->files;
	struct file *f = fget(fd);
	long ret = 0;
	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= rlimit(RLIMIT_NOFILE)) {
			ret = -EINVAL;
			break;
		}
		ret = alloc_fd(arg, cmd == F_DUPFD_CLOEXEC ? O_CLOEXEC : 0);
		if (ret >= 0) {
			fd_install(ret, f);
			return ret;     /* the reference moves into the table */
		}
		break;
	case F_GETFD:
		ret = fd_is_cloexec(&files->fdt, fd) ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		set_cloexec(&files->fdt, fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		ret = f->f_flags | ((f->f_mode & FMODE_WRITE) ?
				    ((f->f_mode & FMODE_READ) ? O_RDWR : O_WRONLY) : O_RDONLY);
		break;
	case F_SETFL:
		f->f_flags = (f->f_flags & ~SETFL_MASK) | (arg & SETFL_MASK);
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		ret = 0;                /* advisory locks: a single-user system grants them all */
		break;
	case F_SETPIPE_SZ:
	case F_GETPIPE_SZ:
		ret = pipe_fcntl(f, cmd, arg);
		break;
	default:
		ret = -EINVAL;
	}
	fput(f);
	return ret;
}

/* ioctl: the fd-level requests here, the rest to the file's driver. */
long sys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	long ret;
	switch (cmd) {
	case 0x5451:                    /* FIOCLEX */
	case 0x5450:                    /* FIONCLEX */
		set_cloexec(&current->files->fdt, fd, cmd == 0x5451);
		ret = 0;
		break;
	case 0x5421: {                  /* FIONBIO */
		int on;
		ret = get_user(on, (int *)arg);
		if (!ret)
			f->f_flags = on ? f->f_flags | O_NONBLOCK : f->f_flags & ~O_NONBLOCK;
		break;
	}
	default:
		ret = f->f_op && f->f_op->ioctl ? f->f_op->ioctl(f, cmd, arg) : -ENOTTY;
	}
	fput(f);
	return ret;
}

/* No disks: syncing always succeeds at once. */
long sys_fsync(unsigned int fd)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	fput(f);
	return 0;
}

/* fsync without the metadata: with nothing ever to write, the same. */
long sys_fdatasync(unsigned int fd)
{
	return sys_fsync(fd);
}

long sys_sync(void)
{
	return 0;
}

long sys_flock(unsigned int fd, unsigned int cmd __unused)
{
	return sys_fsync(fd);
}
