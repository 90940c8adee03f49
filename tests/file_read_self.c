/*
 * file_read_self: reading an existing file, the test's own binary argv[0]
 * (on ushi it lives in the initramfs).  open/read/fstat/lseek/pread: the
 * ELF header is there, st_size equals the bytes read until EOF, S_ISREG,
 * SEEK_END gives the size, pread reads at an offset without moving the
 * file offset, read at EOF returns 0, errors EINVAL/EBADF.
 */
#include "t.h"
#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);

	int fd = open(argv[0], O_RDONLY);
	CHECK(fd >= 0, "open(argv[0]) failed: %s", strerror(errno));
	if (fd < 0)
		return t_done();

	struct stat st;
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK(S_ISREG(st.st_mode), "mode %o is not a regular file", st.st_mode);
	CHECK(st.st_mode & S_IXUSR, "mode %o has no owner x bit", st.st_mode);
	CHECK(st.st_size > (off_t)sizeof(Elf64_Ehdr), "st_size %lld too small", (long long)st.st_size);
	CHECK_EQ(st.st_nlink >= 1, 1);

	/* The ELF header. */
	Elf64_Ehdr eh;
	CHECK_EQ(read(fd, &eh, sizeof eh), sizeof eh);
	CHECK(memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0, "no ELF magic");
	CHECK_EQ(eh.e_ident[EI_CLASS], ELFCLASS64);
	CHECK_EQ(eh.e_ident[EI_DATA], ELFDATA2LSB);
	CHECK_EQ(eh.e_machine, EM_X86_64);
	CHECK(eh.e_type == ET_EXEC || eh.e_type == ET_DYN, "e_type %d", eh.e_type);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), sizeof eh);

	/* Read the rest with odd-sized reads; the total is st_size. */
	static char buf[3001];
	long long total = sizeof eh;
	ssize_t r;
	unsigned sum_read = 0;
	while ((r = read(fd, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < r; i++)
			sum_read = sum_read * 31 + (unsigned char)buf[i];
		total += r;
	}
	CHECK_EQ(r, 0);
	CHECK_EQ(total, st.st_size);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), st.st_size);
	/* At EOF read keeps returning 0. */
	CHECK_EQ(read(fd, buf, sizeof buf), 0);
	CHECK_EQ(read(fd, buf, 0), 0);

	/* SEEK_END gives the size, SEEK_SET back to the start. */
	CHECK_EQ(lseek(fd, 0, SEEK_END), st.st_size);
	CHECK_EQ(lseek(fd, -4, SEEK_END), st.st_size - 4);
	CHECK_EQ(read(fd, buf, 100), 4);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	char m[4];
	CHECK_EQ(read(fd, m, 4), 4);
	CHECK(memcmp(m, ELFMAG, 4) == 0, "reread magic");
	CHECK_EQ(lseek(fd, 10, SEEK_CUR), 14);
	CHECK_EQ(lseek(fd, -14, SEEK_CUR), 0);

	/* Reading again in different chunks gives the same bytes. */
	CHECK_EQ(lseek(fd, sizeof eh, SEEK_SET), sizeof eh);
	unsigned sum2 = 0;
	static char big[8192];
	while ((r = read(fd, big, sizeof big)) > 0)
		for (ssize_t i = 0; i < r; i++)
			sum2 = sum2 * 31 + (unsigned char)big[i];
	CHECK(sum2 == sum_read, "second read of the file differs");

	/* pread: reads at the offset given, the file offset does not move. */
	CHECK_EQ(lseek(fd, 100, SEEK_SET), 100);
	CHECK_EQ(pread(fd, m, 3, 1), 3);
	CHECK(memcmp(m, "ELF", 3) == 0, "pread at 1 gave [%.3s]", m);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 100);
	CHECK_EQ(pread(fd, m, 4, st.st_size - 2), 2);
	CHECK_EQ(pread(fd, m, 4, st.st_size), 0);
	CHECK_EQ(pread(fd, m, 4, st.st_size + 1000), 0);
	CHECK_ERR(pread(fd, m, 4, -1), EINVAL);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 100);

	/* lseek errors. */
	CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
	CHECK_ERR(lseek(fd, -st.st_size - 1, SEEK_END), EINVAL);
	CHECK_ERR(lseek(fd, 0, 77), EINVAL);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 100);
	/* Seeking past the end is allowed; reading there gives 0. */
	CHECK_EQ(lseek(fd, st.st_size + 5000, SEEK_SET), st.st_size + 5000);
	CHECK_EQ(read(fd, m, 4), 0);

	/* Writing to a read-only fd: EBADF. */
	CHECK_ERR(write(fd, "x", 1), EBADF);
	CHECK_ERR(pwrite(fd, "x", 1, 0), EBADF);

	/* A second open of the same file has its own offset. */
	int fd2 = open(argv[0], O_RDONLY);
	CHECK(fd2 >= 0, "second open: %s", strerror(errno));
	CHECK_EQ(lseek(fd2, 0, SEEK_CUR), 0);
	CHECK_EQ(read(fd2, m, 4), 4);
	CHECK(memcmp(m, ELFMAG, 4) == 0, "second fd magic");
	struct stat st2;
	CHECK_EQ(fstat(fd2, &st2), 0);
	CHECK(st2.st_ino == st.st_ino && st2.st_dev == st.st_dev, "same file, different dev/ino");
	CHECK_EQ(close(fd2), 0);
	CHECK_EQ(close(fd), 0);
	return t_done();
}
