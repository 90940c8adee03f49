/*
 * getrandom_basic: getrandom (318) fills the whole buffer (up to 256
 * bytes is never short), two calls give different bytes, the bytes are
 * not all one value, GRND_NONBLOCK and GRND_RANDOM are accepted, a zero
 * length returns 0, unknown flags give EINVAL, a bad buffer EFAULT;
 * musl's getentropy works on top of it; a forked child gets different
 * bytes from its parent.
 */
#include "t.h"
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#ifndef GRND_NONBLOCK
#define GRND_NONBLOCK 1
#endif
#ifndef GRND_RANDOM
#define GRND_RANDOM 2
#endif

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unsigned char a[256], b[256];
	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	CHECK_EQ(syscall(SYS_getrandom, a, sizeof a, 0), sizeof a);
	CHECK_EQ(syscall(SYS_getrandom, b, sizeof b, 0), sizeof b);
	CHECK(memcmp(a, b, sizeof a) != 0, "two getrandom calls gave the same 256 bytes");
	/* Not stuck on one value: at least 16 distinct byte values in 256. */
	int seen[256] = { 0 }, distinct = 0;
	for (size_t i = 0; i < sizeof a; i++)
		if (!seen[a[i]]++)
			distinct++;
	CHECK(distinct >= 16, "only %d distinct byte values", distinct);
	/* The last byte is written too: fill a 1-byte tail many times. */
	int changed = 0, wrong = 0;
	for (int i = 0; i < 64; i++) {
		unsigned char c[5] = { 0, 0, 0, 0, 0xee };
		wrong += syscall(SYS_getrandom, c, 4, 0) != 4;
		wrong += c[4] != 0xee;                  /* not one byte more */
		changed |= c[3];
	}
	CHECK_EQ(wrong, 0);
	CHECK(changed != 0, "byte 3 was always zero");

	CHECK_EQ(syscall(SYS_getrandom, a, 16, GRND_NONBLOCK), 16);
	CHECK_EQ(syscall(SYS_getrandom, a, 16, GRND_RANDOM | GRND_NONBLOCK), 16);
	CHECK_EQ(syscall(SYS_getrandom, a, 0, 0), 0);
	CHECK_ERR(syscall(SYS_getrandom, a, 16, 0x100), EINVAL);
	CHECK_ERR(syscall(SYS_getrandom, a, 16, -1), EINVAL);
	CHECK_ERR(syscall(SYS_getrandom, NULL, 16, 0), EFAULT);
	CHECK_ERR(syscall(SYS_getrandom, (void *)0xffff888000000000UL, 16, 0), EFAULT);
	CHECK_EQ(getrandom(a, 100, 0), 100);
	CHECK_EQ(getentropy(b, 64), 0);

	/* A child's bytes differ from the parent's next bytes. */
	int p[2];
	CHECK_EQ(pipe(p), 0);
	pid_t pid = fork();
	if (pid == 0) {
		unsigned char c[32];
		if (syscall(SYS_getrandom, c, sizeof c, 0) != sizeof c)
			_exit(1);
		_exit(write(p[1], c, sizeof c) == sizeof c ? 0 : 2);
	}
	unsigned char mine[32], theirs[32];
	CHECK_EQ(syscall(SYS_getrandom, mine, sizeof mine, 0), sizeof mine);
	CHECK_EQ(read(p[0], theirs, sizeof theirs), sizeof theirs);
	int status = 0;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	CHECK(memcmp(mine, theirs, sizeof mine) != 0, "parent and child got the same bytes");
	close(p[0]);
	close(p[1]);
	return t_done();
}
