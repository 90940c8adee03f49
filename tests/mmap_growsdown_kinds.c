/*
 * mmap_growsdown_kinds: MAP_GROWSDOWN is for private anonymous memory
 * only, as Linux: with a file (private or shared) or with shared anonymous
 * memory mmap is EINVAL; private anonymous memory maps, and touching just
 * below it grows it down by a page.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int fd = open(argv[0], O_RDONLY);
	CHECK(fd >= 0, "open ourselves");
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_GROWSDOWN, fd, 0) == MAP_FAILED && errno == EINVAL,
	      "a private file mapping with MAP_GROWSDOWN: errno %d", errno);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED | MAP_GROWSDOWN, fd, 0) == MAP_FAILED && errno == EINVAL,
	      "a shared file mapping with MAP_GROWSDOWN: errno %d", errno);
	CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0) == MAP_FAILED &&
	      errno == EINVAL, "shared anonymous memory with MAP_GROWSDOWN: errno %d", errno);
	t_log("MAP_GROWSDOWN with a file or shared memory: EINVAL");

	/* Far from everything, so the stack guard gap cannot stop the growth. */
	char *p = mmap((void *)0x300000000000UL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_FIXED_NOREPLACE, -1, 0);
	CHECK(p != MAP_FAILED, "private anonymous MAP_GROWSDOWN: %s", strerror(errno));
	if (p != MAP_FAILED) {
		pid_t c = fork();
		if (c == 0) {
			p[-1] = 'g';            /* just below: the area grows */
			_exit(p[-1] == 'g' ? 0 : 1);
		}
		int st;
		CHECK_EQ(waitpid(c, &st, 0), c);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "touching below a growsdown area: status %#x", st);
		t_log("private anonymous MAP_GROWSDOWN maps and grows down when touched below");
	}
	close(fd);
	return t_done();
}
