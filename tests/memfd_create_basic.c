/*
 * memfd_create_basic: memfd_create makes an empty regular file in memory
 * (MFD_CLOEXEC: close-on-exec) that ftruncate sizes and read, write,
 * pread and lseek use as any file; a MAP_SHARED mapping and the file see
 * each other's writes, in a forked child too, while a MAP_PRIVATE one
 * keeps its writes to itself.  /proc/self/fd/N reads
 * "/memfd:NAME (deleted)".  Errnos: unknown flags EINVAL, a name of
 * more than 249 bytes EINVAL (249 is fine), a bad pointer EFAULT.
 */
#include "t.h"
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static long memfd(const char *name, unsigned flags) { return syscall(SYS_memfd_create, name, flags); }

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int fd = memfd("ushi-test", 1 /* MFD_CLOEXEC */);
	CHECK(fd >= 0, "memfd_create");
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	struct stat st;
	CHECK_OK(fstat(fd, &st));
	CHECK(S_ISREG(st.st_mode), "a regular file");
	CHECK_EQ(st.st_size, 0);
	char path[64], link[128];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	long n = readlink(path, link, sizeof link - 1);
	CHECK(n > 0, "readlink of the fd");
	link[n > 0 ? n : 0] = 0;
	CHECK(strcmp(link, "/memfd:ushi-test (deleted)") == 0, "link reads %s", link);
	CHECK_OK(ftruncate(fd, 8192));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 8192);
	CHECK_EQ(write(fd, "hello", 5), 5);
	char buf[8] = { 0 };
	CHECK_EQ(pread(fd, buf, 5, 0), 5);
	CHECK_EQ(memcmp(buf, "hello", 5), 0);
	CHECK_EQ(lseek(fd, 4096, SEEK_SET), 4096);
	CHECK_EQ(write(fd, "page2", 5), 5);
	char *shared = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *priv = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(shared != MAP_FAILED && priv != MAP_FAILED, "both mappings");
	CHECK_EQ(memcmp(shared, "hello", 5), 0);
	CHECK_EQ(memcmp(shared + 4096, "page2", 5), 0);
	pid_t pid = fork();
	if (pid == 0) {
		memcpy(shared + 100, "child", 5);
		_exit(0);
	}
	int status;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(pread(fd, buf, 5, 100), 5);
	CHECK_EQ(memcmp(buf, "child", 5), 0);
	CHECK_EQ(memcmp(priv + 100, "child", 5), 0);   /* not yet written: the file's page */
	memcpy(priv, "PRIVA", 5);
	CHECK_EQ(pread(fd, buf, 5, 0), 5);
	CHECK_EQ(memcmp(buf, "hello", 5), 0);
	CHECK_EQ(pwrite(fd, "again", 5, 200), 5);
	CHECK_EQ(memcmp(shared + 200, "again", 5), 0);
	munmap(shared, 8192);
	munmap(priv, 8192);
	close(fd);

	CHECK_ERR(memfd("x", 0x100), EINVAL);
	char name[260];
	memset(name, 'n', sizeof name);
	name[250] = 0;
	CHECK_ERR(memfd(name, 0), EINVAL);
	name[249] = 0;
	fd = memfd(name, 0);
	CHECK(fd >= 0, "a 249-byte name");
	CHECK_EQ(fcntl(fd, F_GETFD), 0);
	close(fd);
	CHECK_ERR(memfd((char *)8, 0), EFAULT);
	return t_done();
}
