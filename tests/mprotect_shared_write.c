/*
 * mprotect_shared_write: a shared mapping made read-only and then writable
 * again (mprotect) stays shared: a write after it goes to the shared page
 * itself, never to a copy.  A forked child sharing anonymous MAP_SHARED
 * memory sees the parent's write, and read() of a file sees a write
 * through its MAP_SHARED mapping; the same steps on a private mapping of
 * the file copy the page and leave the file alone.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define FILE_ "/tmp/mprotect_shared_write.file"

/* PROT_READ, a read, PROT_READ|PROT_WRITE, then a write of value. */
static int protect_cycle_and_write(volatile char *p, char value)
{
	if (mprotect((void *)p, 4096, PROT_READ))
		return -1;
	char c = p[0];
	(void)c;
	if (mprotect((void *)p, 4096, PROT_READ | PROT_WRITE))
		return -1;
	p[0] = value;
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);

	/* Anonymous shared memory, across fork. */
	volatile char *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(anon != MAP_FAILED, "mmap shared anonymous");
	anon[0] = 'a';
	int done[2];
	CHECK_OK(pipe(done));
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(done[1]);
		if (read(done[0], &c, 1) != 0)  /* EOF: the parent has written */
			_exit(2);
		_exit(anon[0] == 'b' ? 0 : 1);
	}
	CHECK(pid > 0, "fork");
	close(done[0]);
	CHECK_OK(protect_cycle_and_write(anon, 'b'));
	close(done[1]);
	int status;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the child sees the write made after mprotect (exit %d)", WEXITSTATUS(status));
	CHECK_OK(munmap((void *)anon, 4096));

	/* A shared file mapping: read() sees the write. */
	int fd = open(FILE_, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "open");
	static char page[4096];
	memset(page, 'f', sizeof page);
	CHECK_EQ(write(fd, page, sizeof page), (ssize_t)sizeof page);
	volatile char *file = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(file != MAP_FAILED, "mmap shared file");
	file[0] = 'g';
	CHECK_OK(protect_cycle_and_write(file, 'h'));
	char c = 0;
	CHECK_EQ(pread(fd, &c, 1, 0), 1);
	CHECK_EQ(c, 'h');

	/* The same dance on a private mapping copies: the file keeps 'h'. */
	volatile char *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(priv != MAP_FAILED, "mmap private file");
	CHECK_EQ(priv[0], 'h');
	CHECK_OK(protect_cycle_and_write(priv, 'p'));
	CHECK_EQ(priv[0], 'p');
	CHECK_EQ(pread(fd, &c, 1, 0), 1);
	CHECK_EQ(c, 'h');
	CHECK_EQ(file[0], 'h');

	CHECK_OK(munmap((void *)priv, 4096));
	CHECK_OK(munmap((void *)file, 4096));
	close(fd);
	CHECK_OK(unlink(FILE_));
	return t_done();
}
