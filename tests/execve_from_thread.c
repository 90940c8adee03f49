/*
 * execve_from_thread: a non-main thread calls execve while the main thread
 * blocks and another thread spins.  The other threads are killed, the new
 * image runs with the process's pid (the exec'ing thread takes over the
 * leader's id: gettid == getpid) and the same parent, and its exit status
 * is what the parent reaps.  The spinner's counter (in memory shared with
 * the parent) stops for good.
 */
#include "t.h"
#include "t_thread.h"

struct shared {
	volatile long spins;
	volatile int spinner_up;
};

static struct shared *sh;
static char *exec_args[5];
static char pid_arg[16], ppid_arg[16];
static int block_pipe[2];

static int spinner(void *arg)
{
	(void)arg;
	t_atomic_store(&sh->spinner_up, 1);
	for (;;)
		sh->spins++;
	return 0;
}

static int execer(void *arg)
{
	char **envp = arg;
	while (sh->spins < 1000)
		t_nap();
	long r = t_sys3(SYS_execve, exec_args[0], exec_args, envp);
	t_exit_group((int)(200 + (-r & 0x3f)));  /* exec failed */
}

/* The new image: argv = { path, "image", pid, ppid }. */
static int image(char **argv)
{
	int bad = 0;
	if (getpid() != atoi(argv[2]))
		bad |= 1;
	if (t_gettid() != getpid())
		bad |= 2;
	if (getppid() != atoi(argv[3]))
		bad |= 4;
	return bad ? 100 + bad : 42;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "image") == 0)
		return image(argv);
	t_start(argv[0]);
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap shared");
	CHECK_OK(pipe(block_pipe));
	pid_t pid = fork();
	if (pid == 0) {
		static struct t_thread s, e;
		extern char **environ;
		snprintf(pid_arg, sizeof pid_arg, "%d", getpid());
		snprintf(ppid_arg, sizeof ppid_arg, "%d", getppid());
		exec_args[0] = argv[0];
		exec_args[1] = "image";
		exec_args[2] = pid_arg;
		exec_args[3] = ppid_arg;
		if (t_thread_start(&s, spinner, NULL) <= 0 || t_thread_start(&e, execer, environ) <= 0)
			_exit(99);
		char c;
		read(block_pipe[0], &c, 1);         /* nobody ever writes: only exec ends this */
		_exit(98);
	}
	CHECK(pid > 0, "fork");
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st), "status 0x%x", st);
	int code = WEXITSTATUS(st);
	CHECK(code == 42, "exit code %d (42 = good; 100 + bits: 1 pid changed, 2 gettid != getpid, "
	      "4 parent changed; 200+errno: exec failed; 98: main thread survived)", code);
	CHECK_EQ(sh->spinner_up, 1);
	long before = sh->spins;
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	nanosleep(&ts, NULL);
	CHECK(sh->spins == before, "the spinner thread outlived the exec");
	CHECK_ERR(waitpid(-1, &st, WNOHANG | __WALL), ECHILD);
	close(block_pipe[0]);
	close(block_pipe[1]);
	munmap(sh, sizeof *sh);
	return t_done();
}
