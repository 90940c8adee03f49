/*
 * robust_list_owner_died: a process that exits holding locks on its
 * robust list (set_robust_list) leaves each word it owned marked
 * FUTEX_OWNER_DIED, FUTEX_WAITERS kept and the tid cleared, for plain
 * and PI entries and for the list_op_pending entry; words owned by
 * someone else, or free, are left alone; a waiter on a lock the dead
 * process held is not left waiting.  set_robust_list takes only the head's size
 * (EINVAL), get_robust_list reports the head and its size, ESRCH for a
 * pid that is gone.  Linux's robust-futex ABI, without libc's mutexes.
 */
#include "t.h"
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define FUTEX_WAIT 0
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u

struct robust_list { struct robust_list *next; };
struct robust_list_head {
	struct robust_list list;
	long futex_offset;
	struct robust_list *list_op_pending;
};

/* A lock as a libc lays it out: the list link, then the futex word. */
struct lock {
	struct robust_list link;
	volatile uint32_t word;
};

struct shared {
	struct lock locks[5];
	volatile uint32_t tid;
};

/* In the child: holds locks 0 (plain), 1 (plain, waiters), 2 (PI), not 3 (another's); 4 only as list_op_pending. */
static void child(struct shared *s)
{
	static struct robust_list_head head;
	uint32_t tid = (uint32_t)syscall(SYS_gettid);
	s->tid = tid;
	s->locks[0].word = tid;
	s->locks[1].word = tid | FUTEX_WAITERS;
	s->locks[2].word = tid;
	s->locks[3].word = tid + 1;
	s->locks[4].word = tid;
	head.futex_offset = offsetof(struct lock, word);
	head.list.next = &s->locks[0].link;
	s->locks[0].link.next = &s->locks[1].link;
	s->locks[1].link.next = (struct robust_list *)((uintptr_t)&s->locks[2].link | 1);
	s->locks[2].link.next = &s->locks[3].link;
	s->locks[3].link.next = &head.list;
	head.list_op_pending = &s->locks[4].link;
	if (syscall(SYS_set_robust_list, &head, sizeof head))
		_exit(2);
	_exit(0);
}

/* Holds lock 0 with a waiter: the parent sleeps on it until the child dies. */
static void child_with_waiter(struct shared *s, int fd)
{
	static struct robust_list_head head;
	uint32_t tid = (uint32_t)syscall(SYS_gettid);
	s->locks[0].word = tid | FUTEX_WAITERS;
	head.futex_offset = offsetof(struct lock, word);
	head.list.next = &s->locks[0].link;
	s->locks[0].link.next = &head.list;
	syscall(SYS_set_robust_list, &head, sizeof head);
	char c;
	read(fd, &c, 1);         /* the parent is about to wait: dying later is fine too */
	_exit(0);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct robust_list_head mine = { { &mine.list }, 0, NULL };
	CHECK_ERR(syscall(SYS_set_robust_list, &mine, sizeof mine + 1), EINVAL);
	CHECK_OK(syscall(SYS_set_robust_list, &mine, sizeof mine));
	void *h = NULL;
	size_t len = 0;
	CHECK_OK(syscall(SYS_get_robust_list, 0, &h, &len));
	CHECK(h == &mine, "get_robust_list gives back the head");
	CHECK_EQ(len, sizeof mine);

	struct shared *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(s != MAP_FAILED, "mmap");
	pid_t pid = fork();
	if (!pid)
		child(s);
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child set its list");
	CHECK_ERR(syscall(SYS_get_robust_list, pid, &h, &len), ESRCH);
	uint32_t tid = s->tid;
	CHECK_EQ(s->locks[0].word, FUTEX_OWNER_DIED);
	CHECK_EQ(s->locks[1].word, FUTEX_OWNER_DIED | FUTEX_WAITERS);
	CHECK_EQ(s->locks[2].word, FUTEX_OWNER_DIED);
	CHECK_EQ(s->locks[3].word, tid + 1);
	CHECK_EQ(s->locks[4].word, FUTEX_OWNER_DIED);

	int p[2];
	CHECK_OK(pipe(p));
	pid = fork();
	if (!pid)
		child_with_waiter(s, p[0]);
	uint32_t v;
	while (!((v = s->locks[0].word) & FUTEX_WAITERS))
		usleep(1000);
	write(p[1], "x", 1);
	/* Shared (not private) wait: the kernel's wake at death is a shared one. */
	long r = syscall(SYS_futex, &s->locks[0].word, FUTEX_WAIT, v, NULL, NULL, 0);
	CHECK(r == 0 || (r == -1 && errno == EAGAIN), "woken, or the child was already gone");
	CHECK_EQ(s->locks[0].word, FUTEX_OWNER_DIED | FUTEX_WAITERS);
	waitpid(pid, &st, 0);
	close(p[0]);
	close(p[1]);
	munmap(s, sizeof *s);
	return t_done();
}
