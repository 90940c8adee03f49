/*
 * clone_late_errors: a clone that fails after the kernel has already
 * shared or copied the caller's objects leaves the caller as it was, as
 * Linux.  The failures come late in copy_process, one per step:
 *
 *   CLONE_NEWIPC|CLONE_SYSVSEM         EINVAL   copy_namespaces
 *   CLONE_SETTLS at TASK_SIZE_MAX      EPERM    copy_thread
 *   clone3 set_tid = our own pid       EEXIST   alloc_pid
 *   CLONE_PIDFD, no fd under the limit EMFILE   the pidfd's fd
 *   CLONE_PIDFD, read-only pointer     EFAULT   storing the pidfd
 *
 * each ROUNDS times with nothing shared (a fork: the mm, fd table,
 * handlers... are copied) and with everything shared (a thread: each
 * takes a reference).  After every call: no child to wait for, the
 * lowest free fd unchanged, the buffer we wrote intact; after each case,
 * before we write to it again, every page of it is ours alone (pagemap's
 * exclusive bit, kpagecount 1: the copies of our mm let go of it), and
 * it can be written (the copies had write-protected it).  At the end the handlers, an open
 * pipe, the cwd, a real fork and a real thread all still work.  On ushi
 * the runner's free-memory check catches a reference never dropped, and
 * the test kernel's audits one dropped twice.  Needs root (set_tid,
 * CLONE_NEWIPC and frame numbers in pagemap), as the suite runs.
 */
#include "t.h"
#include "t_clone.h"
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>

#define ROUNDS 32
#define PAGES 16
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
		      CLONE_SYSVSEM)
#define PM_PRESENT (1ULL << 63)
#define PM_EXCLUSIVE (1ULL << 56)
#define PM_PFN ((1ULL << 55) - 1)

static unsigned char *buf;              /* PAGES private anonymous pages */
static unsigned char stamp;             /* what every byte of buf holds */
static volatile int usr1_seen;
static int *ro_word;                    /* a word we cannot write */
static int pidfd_word;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_seen++;
}

static int lowest_free_fd(void)
{
	int fd = dup(0);
	if (fd >= 0)
		close(fd);
	return fd;
}

static uint64_t entry_at(const char *path, uint64_t index)
{
	uint64_t e = ~0ULL;
	int fd = open(path, O_RDONLY);
	if (fd >= 0 && pread(fd, &e, 8, (off_t)(index * 8)) != 8)
		e = ~0ULL;
	if (fd >= 0)
		close(fd);
	return e;
}

/* Every byte of buf is still stamp. */
static bool buf_intact(void)
{
	bool ok = true;
	for (size_t i = 0; i < PAGES * 4096; i++)
		ok &= buf[i] == stamp;
	return ok;
}

/* How many pages of buf are not mapped by us alone. */
static int pages_not_exclusive(void)
{
	int n = 0;
	for (int i = 0; i < PAGES; i++) {
		uint64_t e = entry_at("/proc/self/pagemap", (uintptr_t)(buf + i * 4096) / 4096);
		if (!(e & PM_PRESENT) || !(e & PM_EXCLUSIVE) ||
		    entry_at("/proc/kpagecount", e & PM_PFN) != 1)
			n++;
	}
	return n;
}

/* One failing clone of each kind; returns what the call returned. */
static long fail_once(int kind, unsigned long share)
{
	struct tc_clone_args ca = { .flags = share, .exit_signal = share ? 0 : SIGCHLD };
	int self = getpid();
	unsigned long sig = share ? 0 : SIGCHLD;
	switch (kind) {
	case 0:
		return tc_clone_probe(share | sig | CLONE_NEWIPC | CLONE_SYSVSEM, NULL, NULL, 0);
	case 1:
		return tc_clone_probe(share | sig | CLONE_SETTLS, NULL, NULL, tc_task_size_max());
	case 2:
		ca.set_tid = (uintptr_t)&self;
		ca.set_tid_size = 1;
		return tc_clone3_probe(&ca, TC_ARGS_VER1);
	case 3: {
		struct rlimit old, rl;
		getrlimit(RLIMIT_NOFILE, &old);
		rl = old;
		rl.rlim_cur = lowest_free_fd();         /* every fd below the limit is taken */
		setrlimit(RLIMIT_NOFILE, &rl);
		long r = tc_clone_probe(share | sig | CLONE_PIDFD, &pidfd_word, NULL, 0);
		setrlimit(RLIMIT_NOFILE, &old);
		return r;
	}
	default:
		return tc_clone_probe(share | sig | CLONE_PIDFD, ro_word, NULL, 0);
	}
}

static const struct { const char *what; long err; const char *name; } kinds[] = {
	{ "CLONE_NEWIPC|CLONE_SYSVSEM (copy_namespaces)", -EINVAL, "EINVAL" },
	{ "CLONE_SETTLS at TASK_SIZE_MAX (copy_thread)", -EPERM, "EPERM" },
	{ "clone3 set_tid of a pid in use (alloc_pid)", -EEXIST, "EEXIST" },
	{ "CLONE_PIDFD with no fd free (pidfd_create)", -EMFILE, "EMFILE" },
	{ "CLONE_PIDFD to a read-only word (put_user)", -EFAULT, "EFAULT" },
};

static void run_case(int kind, unsigned long share, const char *mode)
{
	int want_fd = lowest_free_fd();
	int bad = 0;
	for (int round = 0; round < ROUNDS; round++) {
		long r = fail_once(kind, share);
		int st;
		if (r != kinds[kind].err) {
			CHECK(0, "%s, %s, round %d: returned %ld, expected %ld", kinds[kind].what, mode,
			      round, r, kinds[kind].err);
			if (r > 0)
				tc_reap(r);
			return;
		}
		bad += wait4(-1, &st, WNOHANG | __WALL, NULL) != -1 || errno != ECHILD;
		bad += lowest_free_fd() != want_fd;
		bad += !buf_intact();
	}
	CHECK(bad == 0, "%s, %s: %d times a child, a used fd or changed memory was left",
	      kinds[kind].what, mode, bad);
	/* Before we write again: a write would copy a page still shared with
	 * a copy of our mm that was not dropped, and so hide it. */
	CHECK_EQ(pages_not_exclusive(), 0);
	stamp++;
	memset(buf, stamp, PAGES * 4096);       /* the copies write-protected it: each page is reused */
	CHECK(buf_intact(), "%s, %s: buf cannot be written again", kinds[kind].what, mode);
	t_log("%s, %s: %s every time, nothing left behind", kinds[kind].what, mode,
	      kinds[kind].name);
}

static void *thread_fn(void *arg)
{
	return (char *)arg + 1;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK(geteuid() == 0, "needs root: set_tid, CLONE_NEWIPC and pagemap's frame numbers");
	buf = mmap(NULL, PAGES * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro_word = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(buf != MAP_FAILED && ro_word != MAP_FAILED, "mmap");
	memset(buf, stamp, PAGES * 4096);
	struct sigaction sa = { .sa_handler = on_usr1 };
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	int pipefd[2];
	CHECK_OK(pipe(pipefd));
	char cwd[256], cwd2[256];
	CHECK(getcwd(cwd, sizeof cwd) != NULL, "getcwd");

	for (int kind = 0; kind < (int)(sizeof kinds / sizeof kinds[0]); kind++) {
		run_case(kind, 0, "nothing shared");
		run_case(kind, THREAD_FLAGS, "everything shared");
	}

	raise(SIGUSR1);
	CHECK_EQ(usr1_seen, 1);
	CHECK_EQ(write(pipefd[1], "x", 1), 1);
	char c = 0;
	CHECK_EQ(read(pipefd[0], &c, 1), 1);
	CHECK_EQ(c, 'x');
	CHECK(getcwd(cwd2, sizeof cwd2) != NULL && strcmp(cwd, cwd2) == 0, "the cwd changed");
	pid_t child = fork();
	if (child == 0)
		_exit(buf[PAGES * 4096 - 1] == stamp ? 7 : 1);
	int st = 0;
	CHECK_EQ(waitpid(child, &st, 0), child);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "a fork after the failures: status %#x", st);
	pthread_t th;
	void *ret = NULL;
	CHECK_EQ(pthread_create(&th, NULL, thread_fn, buf), 0);
	CHECK_EQ(pthread_join(th, &ret), 0);
	CHECK(ret == buf + 1, "a thread after the failures returned a wrong value");
	t_log("afterwards the handlers, the fds, the cwd, fork and threads all still work");
	return t_done();
}
