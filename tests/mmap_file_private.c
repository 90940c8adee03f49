/*
 * mmap_file_private: MAP_PRIVATE mappings of regular files.  A PROT_READ
 * mapping of a /tmp file shows its bytes; past EOF within the last page
 * reads as zero; a whole page past EOF gives SIGBUS (Linux); a page
 * offset maps from there; a PROT_WRITE private copy does not change the
 * file; the mapping outlives close() and unlink(); the test's own binary
 * (on ushi: an initramfs file) maps with its ELF header at offset 0.
 */
#include "t.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define PG 4096UL
#define F "/tmp/mmap_file_private.dat"
#define SIZE 5000

static unsigned char pat(size_t i) { return (unsigned char)(i * 7 + i / 4096 + 1); }

static int child_read_sig(volatile char *p)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };
		setrlimit(RLIMIT_CORE, &no_core);
		(void)*p;
		_exit(0);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unlink(F);
	int fd = open(F, O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0, "create: %s", strerror(errno));
	if (fd < 0)
		return t_done();
	static unsigned char data[SIZE];
	for (size_t i = 0; i < SIZE; i++)
		data[i] = pat(i);
	CHECK_EQ(write(fd, data, SIZE), SIZE);

	/* The whole file, read-only. */
	unsigned char *m = mmap(NULL, SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	if (m == MAP_FAILED)
		return t_done();
	CHECK(memcmp(m, data, SIZE) == 0, "mapped contents differ");
	size_t nz = 0;
	for (size_t i = SIZE; i < 2 * PG; i++)
		nz += m[i] != 0;
	CHECK_EQ(nz, 0);                            /* the tail of the last page */
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };
		setrlimit(RLIMIT_CORE, &no_core);
		m[0] = 1;                               /* PROT_READ */
		_exit(0);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "write to PROT_READ file map: %#x", status);
	CHECK_EQ(munmap(m, SIZE), 0);

	/* Three pages of a two-page file: the third is past EOF. */
	m = mmap(NULL, 3 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(m != MAP_FAILED, "mmap 3 pages: %s", strerror(errno));
	if (m != MAP_FAILED) {
		CHECK_EQ(m[SIZE - 1], pat(SIZE - 1));
		CHECK_EQ(m[2 * PG - 1], 0);
		CHECK_EQ(child_read_sig((volatile char *)m + 2 * PG), SIGBUS);
		munmap(m, 3 * PG);
	}

	/* From offset 4096. */
	m = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, PG);
	CHECK(m != MAP_FAILED, "mmap at offset: %s", strerror(errno));
	if (m != MAP_FAILED) {
		CHECK(memcmp(m, data + PG, SIZE - PG) == 0, "offset mapping contents");
		CHECK_EQ(m[SIZE - PG], 0);
		munmap(m, PG);
	}

	/* A private writable copy: the file stays as it was. */
	m = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(m != MAP_FAILED, "mmap rw private: %s", strerror(errno));
	if (m != MAP_FAILED) {
		memset(m, 'P', 100);
		m[PG + 5] = 'Q';
		unsigned char back[100];
		CHECK_EQ(pread(fd, back, 100, 0), 100);
		CHECK(memcmp(back, data, 100) == 0, "private write reached the file");
		CHECK_EQ(pread(fd, back, 1, PG + 5), 1);
		CHECK_EQ(back[0], data[PG + 5]);
		CHECK_EQ(m[0], 'P');
		CHECK_EQ(m[100], data[100]);
		munmap(m, SIZE);
	}

	/* The mapping outlives the fd and the name. */
	m = mmap(NULL, SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK_EQ(close(fd), 0);
	CHECK_EQ(unlink(F), 0);
	if (m != MAP_FAILED) {
		CHECK(memcmp(m, data, SIZE) == 0, "contents after close and unlink");
		munmap(m, SIZE);
	}

	/* The test's own binary. */
	int self = open(argv[0], O_RDONLY);
	CHECK(self >= 0, "open self: %s", strerror(errno));
	off_t sz = lseek(self, 0, SEEK_END);
	m = mmap(NULL, sz, PROT_READ, MAP_PRIVATE, self, 0);
	CHECK(m != MAP_FAILED, "mmap self: %s", strerror(errno));
	if (m != MAP_FAILED) {
		CHECK(memcmp(m, "\177ELF", 4) == 0, "ELF magic through mmap");
		unsigned char last;
		CHECK_EQ(pread(self, &last, 1, sz - 1), 1);
		CHECK_EQ(m[sz - 1], last);
		munmap(m, sz);
	}
	close(self);
	return t_done();
}
