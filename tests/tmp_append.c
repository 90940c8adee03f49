/*
 * tmp_append: O_APPEND.  Every write goes to the current end of the file,
 * whatever the offset was set to with lseek, and leaves the offset at the
 * new end; reads still honour lseek; a second, non-append fd writes where
 * its offset is; F_SETFL can turn O_APPEND on and off; Linux also appends
 * pwrite data on an O_APPEND fd (pwrite(2), BUGS).
 */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>

#define F "/tmp/tmp_append.dat"

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unlink(F);
	int fd = open(F, O_RDWR | O_CREAT | O_EXCL | O_APPEND, 0600);
	CHECK(fd >= 0, "create: %s", strerror(errno));
	if (fd < 0)
		return t_done();
	CHECK(fcntl(fd, F_GETFL) & O_APPEND, "O_APPEND not in F_GETFL");

	CHECK_EQ(write(fd, "abc", 3), 3);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 3);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(write(fd, "def", 3), 3);           /* still at the end */
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 6);
	CHECK_EQ(lseek(fd, 1, SEEK_SET), 1);
	char buf[64] = { 0 };
	CHECK_EQ(read(fd, buf, 2), 2);              /* reads honour the offset */
	CHECK(memcmp(buf, "bc", 2) == 0, "read [%.2s]", buf);
	CHECK_EQ(write(fd, "gh", 2), 2);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 8);
	CHECK_EQ(lseek(fd, 100, SEEK_SET), 100);    /* beyond the end: still no hole */
	CHECK_EQ(write(fd, "i", 1), 1);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 9);
	struct stat st;
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_size, 9);
	CHECK_EQ(pread(fd, buf, sizeof buf, 0), 9);
	CHECK(memcmp(buf, "abcdefghi", 9) == 0, "contents [%.9s]", buf);

	/* Another fd without O_APPEND overwrites at its own offset ... */
	int fd2 = open(F, O_RDWR);
	CHECK(fd2 >= 0, "open: %s", strerror(errno));
	CHECK_EQ(write(fd2, "AB", 2), 2);
	CHECK_EQ(lseek(fd2, 0, SEEK_CUR), 2);
	/* ... and the append fd still appends after the other's writes. */
	CHECK_EQ(write(fd, "j", 1), 1);
	CHECK_EQ(write(fd2, "C", 1), 1);
	CHECK_EQ(pread(fd, buf, sizeof buf, 0), 10);
	CHECK(memcmp(buf, "ABCdefghij", 10) == 0, "contents [%.10s]", buf);

	/* Turn O_APPEND off with F_SETFL: writes go to the offset again. */
	int fl = fcntl(fd, F_GETFL);
	CHECK_EQ(fcntl(fd, F_SETFL, fl & ~O_APPEND), 0);
	CHECK(!(fcntl(fd, F_GETFL) & O_APPEND), "O_APPEND still set");
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(write(fd, "z", 1), 1);
	CHECK_EQ(pread(fd, buf, sizeof buf, 0), 10);
	CHECK(memcmp(buf, "zBCdefghij", 10) == 0, "contents [%.10s]", buf);
	/* And on again on the second fd. */
	CHECK_EQ(fcntl(fd2, F_SETFL, O_APPEND), 0);
	CHECK_EQ(lseek(fd2, 0, SEEK_SET), 0);
	CHECK_EQ(write(fd2, "k", 1), 1);
	CHECK_EQ(lseek(fd2, 0, SEEK_CUR), 11);
	CHECK_EQ(pread(fd, buf, sizeof buf, 0), 11);
	CHECK(memcmp(buf, "zBCdefghijk", 11) == 0, "contents [%.11s]", buf);

	/* Linux: pwrite on an O_APPEND fd appends, ignoring the offset. */
	CHECK_EQ(pwrite(fd2, "L", 1, 0), 1);
	CHECK_EQ(pread(fd, buf, sizeof buf, 0), 12);
	CHECK(memcmp(buf, "zBCdefghijkL", 12) == 0, "contents [%.12s]", buf);

	/* A fresh O_WRONLY|O_APPEND open starts writing at the end. */
	close(fd2);
	close(fd);
	fd = open(F, O_WRONLY | O_APPEND);
	CHECK(fd >= 0, "reopen: %s", strerror(errno));
	for (int i = 0; i < 5; i++)
		CHECK_EQ(write(fd, "0123456789", 10), 10);
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_size, 62);
	close(fd);
	CHECK_EQ(unlink(F), 0);
	return t_done();
}
