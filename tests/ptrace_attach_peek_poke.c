/*
 * ptrace_attach_peek_poke: PTRACE_ATTACH stops a child with SIGSTOP (even
 * one asleep in read, whose registers then show the interrupted call);
 * PEEKDATA reads its memory, POKEDATA writes its own copy of a page it
 * shares copy-on-write with the tracer (the tracer's stays), PEEKUSER and
 * GETREGS agree, an unmapped address is EIO.  CONT with signal 0 cancels
 * the SIGSTOP: the read goes on and sees the poked value afterwards.
 */
#include "t.h"
#include <signal.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>

static volatile long value = 0x1111;

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	int ready[2], go[2];
	CHECK_OK(pipe(ready));
	CHECK_OK(pipe(go));
	pid_t pid = fork();
	if (pid == 0) {
		char c = 'r';
		write(ready[1], &c, 1);
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		_exit(value == 0x2222 ? 0 : 1);
	}
	CHECK(pid > 0, "fork");
	char c;
	CHECK_EQ(read(ready[0], &c, 1), 1);
	/* wait until the child sleeps in read: /proc/PID/stat says S */
	char path[64], stat[256];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	for (int i = 0; i < 1000; i++) {
		FILE *f = fopen(path, "r");
		size_t n = f ? fread(stat, 1, sizeof stat - 1, f) : 0;
		if (f)
			fclose(f);
		stat[n] = 0;
		char *p = strrchr(stat, ')');
		if (p && p[2] == 'S')
			break;
		usleep(1000);
	}
	CHECK_OK(ptrace(PTRACE_ATTACH, pid, NULL, NULL));
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "attach stop: status 0x%x", st);

	struct user_regs_struct regs;
	CHECK_OK(ptrace(PTRACE_GETREGS, pid, NULL, &regs));
	CHECK_EQ(regs.orig_rax, SYS_read);
	CHECK_EQ((long)regs.rax, -512);         /* -ERESTARTSYS: the read will restart */
	errno = 0;
	long orig = ptrace(PTRACE_PEEKUSER, pid, offsetof(struct user_regs_struct, orig_rax), NULL);
	CHECK_EQ(errno, 0);
	CHECK_EQ(orig, SYS_read);
	errno = 0;
	long rip = ptrace(PTRACE_PEEKUSER, pid, offsetof(struct user_regs_struct, rip), NULL);
	CHECK_EQ(rip, regs.rip);

	errno = 0;
	CHECK_EQ(ptrace(PTRACE_PEEKDATA, pid, &value, NULL), 0x1111);
	CHECK_EQ(errno, 0);
	CHECK_OK(ptrace(PTRACE_POKEDATA, pid, &value, (void *)0x2222));
	CHECK_EQ(ptrace(PTRACE_PEEKDATA, pid, &value, NULL), 0x2222);
	CHECK_EQ(value, 0x1111);                /* the tracer's copy is its own */
	CHECK_ERR(ptrace(PTRACE_PEEKDATA, pid, (void *)8, NULL), EIO);
	CHECK_ERR(ptrace(PTRACE_POKEDATA, pid, (void *)8, (void *)1), EIO);

	CHECK_OK(ptrace(PTRACE_CONT, pid, NULL, 0));
	CHECK_EQ(write(go[1], "g", 1), 1);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "end: status 0x%x", st);
	return t_done();
}
