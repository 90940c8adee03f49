/*
 * clonedemo - what each clone(2) sharing flag shares.
 *
 * A task's resources live in separate kernel objects, and clone's flags
 * choose, one by one, whether the child shares the parent's object or
 * gets a copy of it (copy_process in kernel/fork.c):
 *
 *   CLONE_VM       mm_struct        the address space: memory
 *   CLONE_FS       fs_struct        current directory, root, umask
 *   CLONE_FILES    files_struct     the file descriptor table
 *   CLONE_SIGHAND  sighand_struct   the signal handlers
 *
 * For each flag the demo starts a child twice, without and with the
 * flag; the child changes the resource and exits; the parent looks
 * whether the change reached it.  fork() is clone with none of these
 * flags; pthread_create uses all of them.  The clone system call is
 * called directly (demo_clone in demo.h): the C library's wrapper hides
 * some of what the kernel does.
 */
#include "demo.h"
#include <signal.h>
#include <sys/wait.h>

#define STACK_SIZE (64 * 1024)

static char child_stack[STACK_SIZE] __attribute__((aligned(16)));
static volatile int value;              /* CLONE_VM's witness */
static volatile int caught;             /* how often on_usr1 ran */

static void on_usr1(int sig) { (void)sig; caught++; }

/* The children: each changes one thing, then returns (its exit status). */
static int child_sets_value(void *arg) { (void)arg; value = 2; return 0; }
static int child_chdirs(void *arg) { (void)arg; return chdir("/tmp") ? 1 : 0; }
static int child_opens(void *arg) { (void)arg; return open("/dev/null", O_RDONLY); }
static int child_catches(void *arg)
{
	(void)arg;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	return sigaction(SIGUSR1, &sa, NULL) ? 255 : 0;
}

/* Starts fn in a child made by clone(flags), waits, returns its exit status. */
static int run_child(unsigned long flags, int (*fn)(void *))
{
	/* One stack serves every child in turn: each is gone before the next. */
	long tid = demo_clone(flags | SIGCHLD, child_stack + STACK_SIZE, NULL, NULL, fn, NULL);
	if (tid < 0) {
		say("clone failed: %s", strerror((int)-tid));
		exit(2);
	}
	int status;
	if (waitpid((pid_t)tid, &status, 0) != tid || !WIFEXITED(status)) {
		say("the child did not exit normally");
		exit(2);
	}
	return WEXITSTATUS(status);
}

static void show_cwd(const char *when)
{
	char cwd[256] = "?";
	if (!getcwd(cwd, sizeof cwd))
		strcpy(cwd, "?");
	say("   %s: the parent's current directory is %s", when, cwd);
}

static int cwd_is(const char *dir)
{
	char cwd[256];
	return getcwd(cwd, sizeof cwd) && strcmp(cwd, dir) == 0;
}

static void vm(void)
{
	say("1. CLONE_VM shares the address space (struct mm_struct): memory itself.");
	say("   The child sets a variable that holds 1 to 2.");
	value = 1;
	run_child(0, child_sets_value);
	say("   without CLONE_VM: the parent still reads %d. The child had its own copy", value);
	say("   of memory (copy-on-write, as after fork) and changed only that.");
	check(value == 1, "without CLONE_VM the child's write reached the parent");
	run_child(CLONE_VM, child_sets_value);
	say("   with CLONE_VM: the parent reads %d. One address space, one variable.", value);
	check(value == 2, "with CLONE_VM the child's write did not reach the parent");
}

static void fs(void)
{
	say("2. CLONE_FS shares struct fs_struct: the current directory, root and umask.");
	say("   The parent goes to /, the child does chdir(\"/tmp\").");
	if (chdir("/")) {
		say("chdir(\"/\") failed: %s", strerror(errno));
		exit(2);
	}
	int rc = run_child(0, child_chdirs);
	show_cwd("without CLONE_FS");
	check(rc == 0, "the child could not chdir to /tmp");
	check(cwd_is("/"), "without CLONE_FS the child's chdir moved the parent");
	rc = run_child(CLONE_FS, child_chdirs);
	show_cwd("with CLONE_FS");
	check(rc == 0, "the child could not chdir to /tmp");
	check(cwd_is("/tmp"), "with CLONE_FS the child's chdir did not move the parent");
	say("   (the child's memory was a copy both times: only the directory is shared)");
}

static void files(void)
{
	say("3. CLONE_FILES shares struct files_struct: the table of open files.");
	say("   The child opens /dev/null and exits with the descriptor's number.");
	int fd = run_child(0, child_opens);
	int open_here = fcntl(fd, F_GETFD) != -1;
	say("   without CLONE_FILES: the child got fd %d; in the parent fd %d is %s.", fd, fd,
	    open_here ? "open" : "not open (EBADF)");
	check(fd >= 0 && fd < 255 && !open_here, "without CLONE_FILES the child's open showed up in the parent");
	fd = run_child(CLONE_FILES, child_opens);
	open_here = fd >= 0 && fd < 255 && fcntl(fd, F_GETFD) != -1;
	say("   with CLONE_FILES: the child got fd %d; in the parent fd %d is %s.", fd, fd,
	    open_here ? "open: the same table" : "not open");
	check(open_here, "with CLONE_FILES the child's open is not in the parent's table");
	say("   The parent closes it: the file stayed open after the child exited because");
	say("   the table (and so the open file) belongs to the parent too.");
	if (open_here)
		close(fd);
}

static void sighand(void)
{
	struct sigaction old;
	say("4. CLONE_SIGHAND shares struct sighand_struct: what each signal does.");
	say("   The kernel allows it only together with CLONE_VM (a handler is an address");
	say("   in memory), so both runs use CLONE_VM. The child installs a SIGUSR1 handler.");
	signal(SIGUSR1, SIG_DFL);
	run_child(CLONE_VM, child_catches);
	sigaction(SIGUSR1, NULL, &old);
	say("   without CLONE_SIGHAND: the parent's SIGUSR1 action is still %s.",
	    old.sa_handler == SIG_DFL ? "the default" : "a handler");
	check(old.sa_handler == SIG_DFL, "without CLONE_SIGHAND the child's handler reached the parent");
	run_child(CLONE_VM | CLONE_SIGHAND, child_catches);
	sigaction(SIGUSR1, NULL, &old);
	int installed = old.sa_handler == on_usr1;
	say("   with CLONE_SIGHAND: the parent's SIGUSR1 action is %s.",
	    installed ? "the child's handler" : "not the child's handler");
	check(installed, "with CLONE_SIGHAND the child's handler is not in the parent's table");
	if (installed) {
		raise(SIGUSR1);
		say("   The parent sends itself SIGUSR1: the handler ran %d time(s), instead of the", caught);
		say("   default action, which would have killed it.");
		check(caught == 1, "SIGUSR1 was caught %d times, expected 1", caught);
	}
	signal(SIGUSR1, SIG_DFL);
}

int main(int argc, char **argv)
{
	(void)argc;
	demo_start(argv[0], "clone, one sharing flag at a time");
	say("Each flag makes the child share one of the parent's kernel objects instead");
	say("of getting a copy. fork() shares none of them; a thread shares them all.");
	char saved[256];
	if (!getcwd(saved, sizeof saved))
		strcpy(saved, "/");
	vm();
	fs();
	files();
	sighand();
	if (chdir(saved))
		say("cannot go back to %s", saved);
	say("Summary: with a flag, the child's change was the parent's change; without");
	say("it, the child changed its own copy. Threads are clone with all four flags.");
	return demo_done();
}
