/*
 * fork_isolation: after fork() parent and child have private copies of
 * every writable region: initialised globals (.data), zeroed globals
 * (.bss), a small heap block, the stack, and a 16 MiB malloc region (its
 * own mmap in musl).  First the child writes everything and the parent
 * must still see its old values; then the parent writes everything while
 * a second child, which waits on a pipe, must still see the values of the
 * moment it was forked.
 */
#include "t.h"
#include <stdint.h>
#include <sys/wait.h>

#define BIG (16u << 20)
#define PAGE 4096u

static volatile long data_var = 1111;      /* .data */
static volatile long bss_var;              /* .bss */
static volatile char bss_array[3 * PAGE];  /* .bss, several pages */

struct regions {
	volatile long *heap;      /* a small malloc block */
	volatile char *big;       /* 16 MiB malloc */
	volatile long *stack;     /* an array in main's frame */
};

/* Writes generation g's pattern into every region. */
static void fill(struct regions *r, int g)
{
	data_var = 1111 * g;
	bss_var = 2222 * g;
	for (unsigned i = 0; i < sizeof bss_array; i += 512)
		bss_array[i] = (char)(g + i / 512);
	for (int i = 0; i < 64; i++)
		r->heap[i] = g * 1000 + i;
	for (unsigned i = 0; i < BIG; i += PAGE)
		r->big[i] = (char)(g * 3 + i / PAGE);
	for (int i = 0; i < 1024; i++)
		r->stack[i] = g * 7 + i;
}

/* Returns a bitmask of the regions that do not hold generation g's pattern. */
static int differs(struct regions *r, int g)
{
	int m = 0;
	if (data_var != 1111 * g)
		m |= 1;
	if (bss_var != 2222 * g)
		m |= 2;
	for (unsigned i = 0; i < sizeof bss_array; i += 512)
		if (bss_array[i] != (char)(g + i / 512))
			m |= 4;
	for (int i = 0; i < 64; i++)
		if (r->heap[i] != g * 1000 + i)
			m |= 8;
	for (unsigned i = 0; i < BIG; i += PAGE)
		if (r->big[i] != (char)(g * 3 + i / PAGE))
			m |= 16;
	for (int i = 0; i < 1024; i++)
		if (r->stack[i] != g * 7 + i)
			m |= 32;
	return m;
}

static void report(const char *who, int m)
{
	CHECK(!(m & 1), "%s: initialised global (.data) has the wrong value", who);
	CHECK(!(m & 2), "%s: zeroed global (.bss) has the wrong value", who);
	CHECK(!(m & 4), "%s: .bss array has the wrong contents", who);
	CHECK(!(m & 8), "%s: heap block has the wrong contents", who);
	CHECK(!(m & 16), "%s: 16 MiB malloc region has the wrong contents", who);
	CHECK(!(m & 32), "%s: stack array has the wrong contents", who);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	volatile long stack_arr[1024];
	struct regions r = { malloc(64 * sizeof(long)), malloc(BIG), stack_arr };
	CHECK(r.heap && r.big, "malloc failed");
	if (!r.heap || !r.big)
		return t_done();
	fill(&r, 1);

	t_log("the child writes every region; the parent keeps its values");
	pid_t pid = fork();
	if (pid == 0) {
		int m = differs(&r, 1) ? 0x40 : 0;   /* it starts with the parent's values */
		fill(&r, 2);
		m |= differs(&r, 2);                 /* and sees its own writes */
		_exit(m);
	}
	CHECK(pid > 0, "fork failed");
	int status = -1;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status), "child 1 died: status 0x%x", status);
	int cm = WEXITSTATUS(status);
	CHECK(!(cm & 0x40), "child 1 did not start with the parent's values");
	report("child 1 reading its own writes", cm & 0x3f);
	report("parent after child 1 wrote", differs(&r, 1));

	t_log("the parent writes every region; a waiting child keeps its values");
	int go[2];
	CHECK_OK(pipe(go));
	pid = fork();
	if (pid == 0) {
		char c;
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(0x80);
		_exit(differs(&r, 1));
	}
	CHECK(pid > 0, "fork failed");
	close(go[0]);
	fill(&r, 3);
	report("parent reading its own writes", differs(&r, 3));
	CHECK_EQ(write(go[1], "g", 1), 1);
	close(go[1]);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) != 0x80, "child 2: status 0x%x", status);
	report("child 2 after the parent wrote", WIFEXITED(status) ? WEXITSTATUS(status) : 0x3f);

	free((void *)r.big);
	free((void *)r.heap);
	return t_done();
}
