/*
 * madvise_advice_kinds: which advice suits which memory, as Linux.
 * MADV_FREE and MADV_WIPEONFORK apply only to private anonymous memory:
 * on a shared anonymous mapping or a file mapping they are EINVAL.
 * MADV_DONTNEED and MADV_DONTFORK apply to all three.  With
 * MADV_WIPEONFORK a forked child finds the area zero-filled while the
 * parent keeps its data; MADV_KEEPONFORK undoes that.  MADV_DONTDUMP,
 * DODUMP, COLD and PAGEOUT are accepted.  An unknown advice is EINVAL.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define SZ 8192

static long adv(void *p, int advice)
{
	return syscall(SYS_madvise, p, SZ, advice);
}

/* Does a forked child see byte 'want' at p[0]? */
static int child_sees(const char *p, char want)
{
	pid_t c = fork();
	if (c == 0)
		_exit(p[0] == want && p[SZ - 1] == want ? 0 : 1);
	int st;
	waitpid(c, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char *priv = mmap(NULL, SZ, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *shared = mmap(NULL, SZ, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int fd = open(argv[0], O_RDONLY);
	CHECK(fd >= 0, "open ourselves: %s", strerror(errno));
	char *file = mmap(NULL, SZ, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(priv != MAP_FAILED && shared != MAP_FAILED && file != MAP_FAILED, "mmap");
	memset(priv, 'p', SZ);
	memset(shared, 's', SZ);

	CHECK_OK(adv(priv, MADV_FREE));
	CHECK_ERR(adv(shared, MADV_FREE), EINVAL);
	CHECK_ERR(adv(file, MADV_FREE), EINVAL);
	t_log("MADV_FREE: private anonymous only, EINVAL for shared and file memory");

	CHECK_ERR(adv(shared, MADV_WIPEONFORK), EINVAL);
	CHECK_ERR(adv(file, MADV_WIPEONFORK), EINVAL);
	t_log("MADV_WIPEONFORK: EINVAL for shared and file memory");

	memset(priv, 'p', SZ);          /* MADV_FREE may have dropped it */
	CHECK_OK(adv(priv, MADV_WIPEONFORK));
	CHECK(child_sees(priv, 0), "a child of a WIPEONFORK area does not find zeros");
	CHECK(priv[0] == 'p' && priv[SZ - 1] == 'p', "the parent lost its data");
	CHECK_OK(adv(priv, MADV_KEEPONFORK));
	CHECK(child_sees(priv, 'p'), "after KEEPONFORK a child does not find the data");
	t_log("WIPEONFORK: the child's copy is zero, the parent's kept; KEEPONFORK undoes it");

	CHECK_OK(adv(priv, MADV_DONTNEED));
	CHECK_OK(adv(shared, MADV_DONTNEED));
	CHECK_OK(adv(file, MADV_DONTNEED));
	CHECK(priv[0] == 0, "private anonymous memory after MADV_DONTNEED: %d", priv[0]);
	CHECK(shared[0] == 's', "shared memory after MADV_DONTNEED lost its data: %d", shared[0]);
	CHECK_OK(adv(shared, MADV_DONTFORK));
	CHECK_OK(adv(file, MADV_DONTFORK));
	CHECK_OK(adv(shared, MADV_DOFORK));
	t_log("MADV_DONTNEED and MADV_DONTFORK suit all three");

	CHECK_OK(adv(priv, 16));        /* MADV_DONTDUMP */
	CHECK_OK(adv(priv, 17));        /* MADV_DODUMP */
	CHECK_OK(adv(priv, 20));        /* MADV_COLD */
	CHECK_OK(adv(priv, 21));        /* MADV_PAGEOUT */
	t_log("MADV_DONTDUMP, DODUMP, COLD and PAGEOUT are accepted");
	CHECK_ERR(adv(priv, 1000), EINVAL);
	t_log("an unknown advice is EINVAL");
	return t_done();
}
