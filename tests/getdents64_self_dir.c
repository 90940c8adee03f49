/*
 * getdents64_self_dir: listing the directory that holds argv[0] with the
 * raw getdents64 (217) and with readdir().  The test's own name is there
 * as DT_REG, "." and ".." as DT_DIR; records are 8-byte aligned; a small
 * buffer gives the same names over several calls; the end gives 0;
 * lseek(fd, 0, SEEK_SET) rewinds; a buffer too small for one record gives
 * EINVAL, a file fd ENOTDIR, a bad fd EBADF.
 */
#include "t.h"
#include <dirent.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>

struct d64 {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

struct seen { int self, dot, dotdot, count, badalign, badtype; unsigned hash; };

static void scan(char *buf, long n, const char *me, struct seen *s)
{
	for (long pos = 0; pos < n;) {
		struct d64 *d = (struct d64 *)(buf + pos);
		if (d->reclen % 8 || d->reclen < offsetof(struct d64, name) + 2)
			s->badalign++;
		if (d->reclen == 0)
			break;
		s->count++;
		if (offsetof(struct d64, name) + strlen(d->name) + 1 > d->reclen)
			s->badalign++;
		for (const char *c = d->name; *c; c++)
			s->hash += (unsigned char)*c * 2654435761u;
		if (strcmp(d->name, me) == 0) {
			s->self++;
			if (d->type != DT_REG) s->badtype++;
		} else if (strcmp(d->name, ".") == 0) {
			s->dot++;
			if (d->type != DT_DIR) s->badtype++;
		} else if (strcmp(d->name, "..") == 0) {
			s->dotdot++;
			if (d->type != DT_DIR) s->badtype++;
		}
		pos += d->reclen;
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char dir[512];
	const char *slash = strrchr(argv[0], '/');
	const char *me = slash ? slash + 1 : argv[0];
	if (slash)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - argv[0]) ? (int)(slash - argv[0]) : 1, argv[0]);
	else
		strcpy(dir, ".");

	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0, "open dir: %s", strerror(errno));
	if (fd < 0)
		return t_done();

	/* One big buffer. */
	static char buf[65536];
	struct seen a = { 0 };
	long n, calls = 0;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
		scan(buf, n, me, &a);
		calls++;
	}
	CHECK_EQ(n, 0);
	CHECK_EQ(a.self, 1);
	CHECK_EQ(a.dot, 1);
	CHECK_EQ(a.dotdot, 1);
	CHECK_EQ(a.badalign, 0);
	CHECK_EQ(a.badtype, 0);
	CHECK(a.count >= 3, "only %d entries", a.count);
	/* At the end it stays at the end. */
	CHECK_EQ(syscall(SYS_getdents64, fd, buf, sizeof buf), 0);

	/* Rewind and read with a buffer that holds about one record. */
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	struct seen b = { 0 };
	long small_calls = 0;
	while ((n = syscall(SYS_getdents64, fd, buf, 300)) > 0) {
		CHECK(n <= 300, "getdents64 returned %ld > 300", n);
		scan(buf, n, me, &b);
		small_calls++;
		if (small_calls > 100000)
			break;
	}
	CHECK_EQ(n, 0);
	CHECK_EQ(b.count, a.count);
	CHECK(b.hash == a.hash, "names differ between buffer sizes");
	CHECK_EQ(b.self, 1);
	CHECK(small_calls >= 2, "small buffer needed only %ld calls", small_calls);

	/* A buffer smaller than the first record: EINVAL. */
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, 8), EINVAL);
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, 0), EINVAL);

	/* readdir sees the same set. */
	DIR *d = opendir(dir);
	CHECK(d != NULL, "opendir: %s", strerror(errno));
	if (d) {
		struct dirent *e;
		int count = 0, self = 0;
		while ((e = readdir(d))) {
			count++;
			if (strcmp(e->d_name, me) == 0)
				self++;
		}
		CHECK_EQ(count, a.count);
		CHECK_EQ(self, 1);
		rewinddir(d);
		int again = 0;
		while (readdir(d))
			again++;
		CHECK_EQ(again, a.count);
		closedir(d);
	}

	/* Errors. */
	int ffd = open(argv[0], O_RDONLY);
	CHECK(ffd >= 0, "open self: %s", strerror(errno));
	CHECK_ERR(syscall(SYS_getdents64, ffd, buf, sizeof buf), ENOTDIR);
	close(ffd);
	CHECK_ERR(syscall(SYS_getdents64, -1, buf, sizeof buf), EBADF);
	CHECK_ERR(syscall(SYS_getdents64, 555, buf, sizeof buf), EBADF);
	/* Reading a directory with read(): EISDIR. */
	CHECK_ERR(read(fd, buf, 10), EISDIR);
	close(fd);
	return t_done();
}
