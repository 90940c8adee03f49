/*
 * memfd.c - memfd_create(2): a file in memory with a name but no place
 * in any directory, made as the files behind shared anonymous mappings
 * (mm/shmem.c) are, starting empty.  It is read, written, truncated,
 * mapped shared or private and passed around as any file;
 * /proc/PID/fd/N shows "/memfd:NAME (deleted)", as Linux's.  No sealing
 * yet: MFD_ALLOW_SEALING is accepted, and F_ADD_SEALS and F_GET_SEALS
 * are EINVAL as on any other file.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <syscalls.h>
#include <uaccess.h>

#define MFD_CLOEXEC 0x0001U
#define MFD_ALLOW_SEALING 0x0002U
#define MFD_HUGETLB 0x0004U             /* EINVAL: ushi has no hugetlbfs */
#define MFD_NAME_PREFIX "memfd:"
#define MFD_NAME_MAX_LEN (NAME_MAX - (int)sizeof(MFD_NAME_PREFIX) + 1)

/* Linux's order: the flags, then the name (EFAULT, EINVAL when longer
 * than 249 bytes), then the fd and the file. */
long sys_memfd_create(const char *uname, unsigned int flags)
{
	if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING))
		return -EINVAL;
	long len = strnlen_user(uname, MFD_NAME_MAX_LEN + 1);
	if (len <= 0)
		return -EFAULT;
	if (len > MFD_NAME_MAX_LEN + 1)
		return -EINVAL;
	char name[NAME_MAX + 1] = MFD_NAME_PREFIX;
	if (strncpy_from_user(name + strlen(MFD_NAME_PREFIX), uname, len) < 0)
		return -EFAULT;
	name[NAME_MAX] = 0;
	int fd = get_unused_fd_flags(flags & MFD_CLOEXEC ? O_CLOEXEC : 0);
	if (fd < 0)
		return fd;
	struct file *f = shmem_file_named(name, 0777, 0);
	if (!f) {
		put_unused_fd(fd);
		return -ENOMEM;
	}
	f->f_path.dentry->d_flags |= DCACHE_DELETED;    /* never linked: readlink says so */
	fd_install(fd, f);
	return fd;
}
