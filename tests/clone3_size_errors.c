/*
 * clone3_size_errors: how clone3 reads its struct.  size 0, 1 or 63
 * (below VER0) gives EINVAL; a size above a page (4097, 8192) gives E2BIG
 * before the pointer is even looked at; bytes past the known 88 that are
 * not zero give E2BIG; an unreadable struct gives EFAULT (NULL, unmapped,
 * a kernel address, or a struct that runs into an unmapped page by one
 * byte, while the same struct that just fits is accepted).  No failed
 * call creates a child.
 */
#include "t.h"
#include "t_clone.h"

#define PAGE 4096

static void expect(void *args, unsigned long size, long want, const char *what)
{
	long r = tc_clone3_probe(args, size);
	if (r > 0)
		tc_reap(r);
	CHECK(r == want, "%s: clone3 returned %ld, expected %ld", what, r, want);
}

/* A successful clone3 whose child exits at once. */
static void expect_child(void *args, unsigned long size, const char *what)
{
	long r = tc_clone3_probe(args, size);
	CHECK(r > 0, "%s: clone3 returned %ld, expected a child", what, r);
	if (r > 0) {
		int st = tc_reap(r);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: status 0x%x", what, st);
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char *two = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(two != MAP_FAILED, "mmap failed");
	if (two == MAP_FAILED)
		return t_done();
	CHECK_OK(munmap(two + PAGE, PAGE));         /* the second page is a hole now */
	char *end = two + PAGE;

	static union { struct tc_clone_args a; char bytes[2 * PAGE]; } buf;
	buf.a.exit_signal = SIGCHLD;

	t_log("sizes below 64 are EINVAL, above a page E2BIG");
	expect(&buf, 0, -EINVAL, "size 0");
	expect(&buf, 1, -EINVAL, "size 1");
	expect(&buf, 63, -EINVAL, "size 63");
	expect(&buf, PAGE + 1, -E2BIG, "size 4097");
	expect(&buf, 2 * PAGE, -E2BIG, "size 8192");
	expect(NULL, PAGE + 1, -E2BIG, "size 4097 with a NULL pointer (size first)");
	expect(NULL, 63, -EINVAL, "size 63 with a NULL pointer (size first)");

	t_log("bytes past the known struct must be zero");
	buf.bytes[95] = 1;
	expect(&buf, 96, -E2BIG, "size 96, byte 95 non-zero");
	buf.bytes[95] = 0;
	buf.bytes[88] = 1;
	expect(&buf, 96, -E2BIG, "size 96, byte 88 non-zero");
	expect_child(&buf, 88, "size 88 ignores the non-zero byte 88 beyond it");
	buf.bytes[88] = 0;
	buf.bytes[PAGE - 1] = 1;
	expect(&buf, PAGE, -E2BIG, "size 4096, last byte non-zero");
	buf.bytes[PAGE - 1] = 0;
	expect_child(&buf, 96, "size 96, all zero past 88");

	t_log("an unreadable struct is EFAULT");
	expect(NULL, 64, -EFAULT, "NULL");
	expect(end, 64, -EFAULT, "an unmapped page");
	expect((void *)0xffff800000000000ul, 64, -EFAULT, "a kernel address");

	t_log("a struct ending at an unmapped page: fits, or faults by one byte");
	struct tc_clone_args *at = (struct tc_clone_args *)(end - 88);
	memset(at, 0, 88);
	at->exit_signal = SIGCHLD;
	expect_child(at, 88, "88 bytes ending at the hole");
	expect(at, 89, -EFAULT, "89 bytes: the last one in the hole");
	expect(at, 96, -EFAULT, "96 bytes: 8 in the hole");
	at = (struct tc_clone_args *)(end - 64);
	memset(at, 0, 64);
	at->exit_signal = SIGCHLD;
	expect_child(at, 64, "64 bytes ending at the hole");
	expect(at, 80, -EFAULT, "80 bytes: 16 in the hole");

	CHECK_ERR(waitpid(-1, NULL, WNOHANG | __WALL), ECHILD);
	munmap(two, PAGE);
	return t_done();
}
