/*
 * proc_reread: a /proc file kept open shows fresh text when read again
 * from its start, as Linux's seq_file: after lseek(fd, 0, SEEK_SET) and
 * with pread at offset 0.  /proc/self/status names us; we rename ourselves
 * (PR_SET_NAME) and read again through the same fd: the new name.  A read
 * that goes on from where the last stopped continues the old text, so a
 * reader taking a file in small pieces never sees two versions mixed.
 * SEEK_CUR works, SEEK_END is EINVAL (a generated file has no end to seek
 * from), and a negative position is EINVAL.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/prctl.h>

/* The Name: line of a status text, or "" */
static void name_of(const char *text, char *name, size_t size)
{
	const char *p = strstr(text, "Name:\t");
	name[0] = 0;
	if (!p)
		return;
	p += 6;
	size_t n = strcspn(p, "\n");
	if (n >= size)
		n = size - 1;
	memcpy(name, p, n);
	name[n] = 0;
}

/* Reads the whole file from the current position. */
static ssize_t read_all(int fd, char *buf, size_t size)
{
	size_t got = 0;
	ssize_t r;
	while (got < size - 1 && (r = read(fd, buf + got, size - 1 - got)) > 0)
		got += r;
	buf[got] = 0;
	return got;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char buf[8192], name[64];
	CHECK_OK(prctl(PR_SET_NAME, "before"));
	int fd = open("/proc/self/status", O_RDONLY);
	CHECK(fd >= 0, "open /proc/self/status: %s", strerror(errno));

	CHECK(read_all(fd, buf, sizeof buf) > 0, "first read");
	name_of(buf, name, sizeof name);
	CHECK(strcmp(name, "before") == 0, "first read: Name '%s'", name);

	CHECK_OK(prctl(PR_SET_NAME, "after"));
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK(read_all(fd, buf, sizeof buf) > 0, "read after lseek");
	name_of(buf, name, sizeof name);
	CHECK(strcmp(name, "after") == 0, "after lseek(0): Name '%s', expected the new name", name);
	t_log("lseek to 0 and read again: the text is printed afresh");

	CHECK_OK(prctl(PR_SET_NAME, "again"));
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	CHECK(n > 0, "pread at 0: %zd", n);
	buf[n > 0 ? n : 0] = 0;
	name_of(buf, name, sizeof name);
	CHECK(strcmp(name, "again") == 0, "pread at 0: Name '%s', expected the new name", name);
	t_log("pread at offset 0: the text is printed afresh");

	/* Piece by piece: the name sits in the first line; read past it, rename,
	 * read on: the rest is the old text's rest, not a new one's. */
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	char first[8];
	CHECK_EQ(read(fd, first, sizeof first), (ssize_t)sizeof first);
	CHECK_OK(prctl(PR_SET_NAME, "later"));
	CHECK(read_all(fd, buf, sizeof buf) > 0, "read on");
	CHECK(strstr(buf, "later") == NULL, "a read that goes on saw the new name: %.40s", buf);
	t_log("a read that goes on continues the text it started");

	CHECK_EQ(lseek(fd, 5, SEEK_SET), 5);
	CHECK_EQ(lseek(fd, 3, SEEK_CUR), 8);
	CHECK_ERR(lseek(fd, 0, SEEK_END), EINVAL);
	CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
	t_log("SEEK_SET and SEEK_CUR work; SEEK_END and a negative position are EINVAL");
	close(fd);
	return t_done();
}
