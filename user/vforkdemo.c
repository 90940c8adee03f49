/*
 * vforkdemo - vfork: a child that borrows its parent's memory.
 *
 * fork copies the page tables and shares the frames copy-on-write.
 * vfork (clone with CLONE_VM | CLONE_VFORK) copies nothing at all: the
 * child runs in the parent's own address space, and the parent sleeps
 * until the child calls execve or exits, so the two never run at once.
 * That is why vfork is cheap, and why its child may only exec or _exit.
 *
 * Run as "vforkdemo exec-child FD" it is the program the vfork child
 * execs in step 3 (it reads the parent's message from the pipe FD).
 */
#include "demo.h"
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

static volatile int child_mark;         /* the child writes it, the parent reads it */
static volatile pid_t child_pid_seen;

/* Step 3's exec'd program: wait (at most 10 s) for the parent's word. */
static int exec_child(const char *fdstr)
{
	int fd = atoi(fdstr);
	struct pollfd p = { fd, POLLIN, 0 };
	char msg[64] = "";
	if (poll(&p, 1, 10000) != 1 || read(fd, msg, sizeof msg - 1) <= 0) {
		say("  the exec'd child heard nothing: the parent was still asleep.");
		return 3;
	}
	say("  the exec'd child (a new program now) got the parent's message: \"%s\"", msg);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "exec-child") == 0) {
		demo_name = "vforkdemo";       /* no banner: this is the middle of the demo */
		return exec_child(argv[2]);
	}
	demo_start(argv[0], "vfork: borrowing the parent's memory");
	need_frames();
	char *page = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED) {
		say("mmap failed: %s", strerror(errno));
		return 2;
	}
	strcpy(page, "written by the parent");
	struct frame before = frame_of(page);

	say("Step 1: the parent has a page that says \"%s\" (frame 0x%llx, count %llu).", page,
	    (unsigned long long)before.pfn, (unsigned long long)before.count);
	say("vfork() makes a child that runs in the parent's memory; the parent sleeps.");
	say("The child changes a variable and the page, then calls _exit.");
	pid_t pid = vfork();
	if (pid == 0) {
		/* The child: only plain stores, then _exit (no stdio, no return). */
		child_mark = 1;
		child_pid_seen = getpid();
		strcpy(page, "written by the vfork child");
		_exit(0);
	}
	if (pid < 0) {
		say("vfork failed: %s", strerror(errno));
		return 2;
	}
	/* We run again only once the child has exited. */
	say("Step 2: the parent wakes up after the child's _exit and looks:");
	say("  the variable the child set: %d (it was 0)", child_mark);
	say("  the page now says \"%s\"", page);
	struct frame after = frame_of(page);
	say("  the page is still frame 0x%llx, count %llu: no copy was made, the child", (unsigned long long)after.pfn,
	    (unsigned long long)after.count);
	say("  wrote into the parent's own frame. (After fork, that write would have");
	say("  given the child a private copy and the parent would see nothing.)");
	check(child_mark == 1, "the child's store to a variable did not reach the parent");
	check(strcmp(page, "written by the vfork child") == 0, "the child's write to the page is not visible");
	check(after.pfn == before.pfn && after.count == 1, "the page changed frame or count: "
	      "0x%llx count %llu before, 0x%llx count %llu after", (unsigned long long)before.pfn,
	      (unsigned long long)before.count, (unsigned long long)after.pfn,
	      (unsigned long long)after.count);
	check(child_pid_seen == pid && pid != getpid(), "the child was not a process of its own");
	int status = -1;
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the vfork child ended with status 0x%x", status);
	say("  The child was still a process of its own: getpid() there gave the pid vfork returned.");

	say("Step 3: the usual use of vfork is vfork + execve. execve gives the child a");
	say("new address space, so the parent can wake up right then, not at the child's exit.");
	say("The child execs this program again; it waits for a message from the parent.");
	int p[2];
	if (pipe(p)) {
		say("pipe failed: %s", strerror(errno));
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	char fdstr[16];
	snprintf(fdstr, sizeof fdstr, "%d", p[0]);
	char *args[] = { argv[0], "exec-child", fdstr, NULL };
	pid = vfork();
	if (pid == 0) {
		execv(argv[0], args);
		_exit(127);
	}
	if (pid < 0) {
		say("vfork failed: %s", strerror(errno));
		return 2;
	}
	/* If vfork slept until the exit, the child would time out first. */
	say("  the parent is awake while the exec'd child still runs, and sends it a message.");
	const char msg[] = "hello from the parent";
	ssize_t n = write(p[1], msg, sizeof msg - 1);
	close(p[1]);
	close(p[0]);
	status = -1;
	waitpid(pid, &status, 0);
	check(n == (ssize_t)sizeof msg - 1, "the parent could not write to the exec'd child");
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the exec'd child ended with status 0x%x (3: the parent slept past the exec)", status);

	say("Summary: vfork shared the parent's memory (no page tables copied, no frames");
	say("copied) and suspended the parent until the child's execve or _exit.");
	munmap(page, PAGE_SIZE);
	return demo_done();
}
