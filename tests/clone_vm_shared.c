/*
 * clone_vm_shared: with CLONE_VM parent and child share one address space:
 * the child's writes to a global and to the heap, a page it mmaps and a
 * page of the parent's it munmaps are all seen by the parent, and a write
 * the parent makes while the child runs is seen by the child.  Without
 * CLONE_VM (same call, SIGCHLD only) none of the child's changes reach the
 * parent.
 */
#include "t.h"
#include "t_clone.h"

#define PAGE 4096

static volatile long global_word = 1;
static volatile long parent_word = 0;
static volatile long *volatile child_map;   /* a page the child mmaps */
static volatile long *heap;
static char *victim;                        /* a page the child munmaps */
static int go[2];

struct report { volatile int saw_parent_write, saw_own; };

static int child_fn(void *arg)
{
	struct report *rep = arg;
	global_word = 1234;
	heap[3] = 4321;
	long m = tc_sys6(SYS_mmap, 0, PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m < 0 && m > -4096)
		return 1;
	((volatile long *)m)[0] = 0xabcd;
	child_map = (volatile long *)m;
	if (tc_sys2(SYS_munmap, victim, PAGE) != 0)
		return 2;
	char c;
	if (tc_sys3(SYS_read, go[0], &c, 1) != 1)
		return 3;
	rep->saw_parent_write = parent_word == 77;
	rep->saw_own = global_word == 1234 && heap[3] == 4321;
	return 0;
}

static void run(int vm)
{
	const char *what = vm ? "CLONE_VM" : "no CLONE_VM";
	struct report *rep = tc_shared_page();
	void *top;
	void *stack = tc_stack(64 * 1024, &top);
	heap = calloc(16, sizeof(long));
	victim = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(rep && stack && heap && victim != MAP_FAILED, "setup failed");
	if (!rep || !stack || !heap || victim == MAP_FAILED)
		return;
	victim[0] = 'v';
	global_word = 1;
	parent_word = 0;
	child_map = NULL;
	CHECK_OK(pipe(go));
	long pid = clone(child_fn, top, (vm ? CLONE_VM : 0) | SIGCHLD, rep);
	CHECK(pid > 0, "%s: clone failed: %s", what, strerror(errno));
	if (pid <= 0)
		return;
	parent_word = 77;                 /* then let the child look */
	CHECK_EQ(write(go[1], "g", 1), 1);
	int st = tc_reap(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: child status 0x%x", what, st);
	close(go[0]);
	close(go[1]);
	CHECK(rep->saw_own, "%s: the child did not see its own writes", what);
	if (vm) {
		t_log("CLONE_VM: the child's writes, mmap and munmap are the parent's too");
		CHECK(rep->saw_parent_write, "CLONE_VM: the child did not see the parent's write");
		CHECK_EQ(global_word, 1234);
		CHECK_EQ(heap[3], 4321);
		CHECK(child_map != NULL, "CLONE_VM: the child's mmap result is not visible");
		if (child_map) {
			CHECK(child_map[0] == 0xabcd, "CLONE_VM: the child's mmap page has other data");
			CHECK_OK(munmap((void *)child_map, PAGE));
		}
		CHECK_ERR(mprotect(victim, PAGE, PROT_READ), ENOMEM);   /* no longer mapped */
	} else {
		t_log("no CLONE_VM: the child's writes, mmap and munmap stay in its copy");
		CHECK(!rep->saw_parent_write, "no CLONE_VM: the child saw a write made after clone");
		CHECK_EQ(global_word, 1);
		CHECK_EQ(heap[3], 0);
		CHECK(child_map == NULL, "no CLONE_VM: the child's pointer reached the parent");
		CHECK(victim[0] == 'v', "no CLONE_VM: the parent's page lost its data");
		CHECK_OK(mprotect(victim, PAGE, PROT_READ));
		CHECK_OK(munmap(victim, PAGE));
	}
	free((void *)heap);
	munmap(stack, 64 * 1024);
	munmap(rep, PAGE);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	run(1);
	run(0);
	return t_done();
}
