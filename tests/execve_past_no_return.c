/*
 * execve_past_no_return: an execve that fails after the point of no
 * return (the old program is gone: here its one PT_LOAD segment reaches
 * past the top of user space, which only mapping it finds out) cannot
 * return an error to a program that no longer exists: the process dies of
 * SIGSEGV, even with SIGSEGV ignored and blocked before the execve, as
 * Linux's bprm_execve (force_fatal_sig).
 */
#include "t.h"
#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

#define PROG "/tmp/execve_past_no_return.prog"

/* An x86-64 ELF executable whose segment ends past 0x7ffffffff000. */
static int write_prog(void)
{
	struct {
		Elf64_Ehdr eh;
		Elf64_Phdr ph;
	} f;
	memset(&f, 0, sizeof f);
	memcpy(f.eh.e_ident, ELFMAG, SELFMAG);
	f.eh.e_ident[EI_CLASS] = ELFCLASS64;
	f.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	f.eh.e_ident[EI_VERSION] = EV_CURRENT;
	f.eh.e_type = ET_EXEC;
	f.eh.e_machine = EM_X86_64;
	f.eh.e_version = EV_CURRENT;
	f.eh.e_entry = 0x7ffffffff000;
	f.eh.e_phoff = sizeof f.eh;
	f.eh.e_ehsize = sizeof f.eh;
	f.eh.e_phentsize = sizeof f.ph;
	f.eh.e_phnum = 1;
	f.ph.p_type = PT_LOAD;
	f.ph.p_vaddr = f.ph.p_paddr = 0x7ffffffff000;
	f.ph.p_filesz = sizeof f;
	f.ph.p_memsz = 0x10000;
	f.ph.p_flags = PF_R | PF_X;
	f.ph.p_align = 4096;
	int fd = open(PROG, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0)
		return -1;
	int ok = write(fd, &f, sizeof f) == (ssize_t)sizeof f;
	return close(fd) == 0 && ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	extern char **environ;
	CHECK_OK(write_prog());

	for (int ignored = 0; ignored < 2; ignored++) {
		pid_t pid = fork();
		if (pid == 0) {
			if (ignored) {
				sigset_t set;
				sigemptyset(&set);
				sigaddset(&set, SIGSEGV);
				signal(SIGSEGV, SIG_IGN);
				sigprocmask(SIG_BLOCK, &set, NULL);
			}
			char *args[] = { PROG, NULL };
			execve(PROG, args, environ);
			_exit(100);             /* execve returned: it failed too early */
		}
		CHECK(pid > 0, "fork");
		int status;
		CHECK_EQ(waitpid(pid, &status, 0), pid);
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
		      "SIGSEGV %s kills the process (status %#x)",
		      ignored ? "ignored and blocked" : "by default", status);
	}
	CHECK_OK(unlink(PROG));
	return t_done();
}
