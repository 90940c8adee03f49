/*
 * fork_cow_mappings: fork treats mappings by their kind.  A MAP_SHARED
 * anonymous page is not copied: a write by either side is seen by the
 * other.  A MAP_PRIVATE file mapping is copy-on-write like anonymous
 * memory: the child's write is its own, the parent's mapping and the file
 * itself (checked with read()) keep the old bytes, and the same for a
 * write by the parent.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define TMP "/tmp/fork_cow_mappings.tmp"
#define PAGE 4096

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	volatile char *sh = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap MAP_SHARED|MAP_ANONYMOUS failed");
	int fd = open(TMP, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "create %s: %s", TMP, strerror(errno));
	static char content[2 * PAGE];
	for (int i = 0; i < 2 * PAGE; i++)
		content[i] = 'a' + i % 26;
	CHECK_EQ(write(fd, content, sizeof content), sizeof content);
	volatile char *fp = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(fp != MAP_FAILED, "mmap MAP_PRIVATE of a file failed: %s", strerror(errno));
	if (sh == MAP_FAILED || fp == MAP_FAILED || fd < 0)
		return t_done();
	sh[0] = 1;
	CHECK(fp[0] == 'a' && fp[PAGE] == content[PAGE], "the file mapping does not show the file");
	fp[PAGE + 1] = '#';            /* one page already private before fork */

	int go[2];
	CHECK_OK(pipe(go));
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		int bad = 0;
		sh[1] = 2;                 /* the parent must see this */
		fp[10] = '!';              /* the parent must not */
		fp[PAGE + 2] = '?';
		if (fp[10] != '!' || fp[PAGE + 2] != '?' || fp[PAGE + 1] != '#')
			bad |= 1;
		if (read(go[0], &c, 1) != 1)
			_exit(100);
		if (sh[2] != 3)            /* the parent's write to the shared page */
			bad |= 2;
		if (fp[20] != content[20] || fp[PAGE + 3] != content[PAGE + 3])
			bad |= 4;          /* the parent's private writes */
		_exit(bad);
	}
	CHECK(pid > 0, "fork failed");
	sh[2] = 3;
	fp[20] = '*';
	fp[PAGE + 3] = '*';
	CHECK_EQ(write(go[1], "g", 1), 1);
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st), "child died: 0x%x", st);
	int bad = WIFEXITED(st) ? WEXITSTATUS(st) : 127;
	t_log("MAP_SHARED anonymous: both sides see each other's writes");
	CHECK(sh[1] == 2, "the child's write to the shared page is not seen by the parent");
	CHECK(!(bad & 2), "the parent's write to the shared page is not seen by the child");
	t_log("MAP_PRIVATE file mapping: copy-on-write, the file is untouched");
	CHECK(!(bad & 1), "the child does not see its own private writes");
	CHECK(!(bad & 4), "the parent's private writes reached the child");
	CHECK(fp[10] == content[10] && fp[PAGE + 2] == content[PAGE + 2],
	      "the child's private writes reached the parent");
	CHECK(fp[20] == '*' && fp[PAGE + 3] == '*' && fp[PAGE + 1] == '#',
	      "the parent lost its own private writes");
	static char now[2 * PAGE];
	CHECK_EQ(pread(fd, now, sizeof now, 0), sizeof now);
	CHECK(memcmp(now, content, sizeof now) == 0, "the file itself changed");
	munmap((void *)fp, 2 * PAGE);
	munmap((void *)sh, PAGE);
	close(fd);
	CHECK_OK(unlink(TMP));
	return t_done();
}
