/*
 * execve_et_dyn_interp: execve loads a position-independent program
 * (ET_DYN, its segment linked at address 0) wherever it places it, and a
 * program with a PT_INTERP starts in its interpreter, not at its own
 * entry point, as Linux's load_elf_binary.  The programs are a few bytes
 * of machine code that only call exit(N), written here: the status says
 * whose code ran.
 */
#include "t.h"
#include <elf.h>
#include <fcntl.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define DIR_ "/tmp/execve_et_dyn_interp.d"
#define PIE DIR_ "/pie"
#define MAIN DIR_ "/main"

#define LOAD_ADDR 0x10000000    /* where the ET_EXEC program is linked */

struct prog {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[2];
	unsigned char code[16];
	char interp[64];
};

/*
 * Writes path: an ELF program of type (ET_EXEC at LOAD_ADDR, or ET_DYN at
 * 0) whose code is exit(status), with a PT_INTERP naming interp if any.
 */
static int write_prog(const char *path, int type, int status, const char *interp)
{
	static const unsigned char exit_code[] = {
		0xbf, 0, 0, 0, 0,               /* mov $status, %edi */
		0xb8, 60, 0, 0, 0,              /* mov $SYS_exit, %eax */
		0x0f, 0x05,                     /* syscall */
	};
	struct prog f;
	unsigned long base = type == ET_EXEC ? LOAD_ADDR : 0;
	memset(&f, 0, sizeof f);
	memcpy(f.eh.e_ident, ELFMAG, SELFMAG);
	f.eh.e_ident[EI_CLASS] = ELFCLASS64;
	f.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	f.eh.e_ident[EI_VERSION] = EV_CURRENT;
	f.eh.e_type = type;
	f.eh.e_machine = EM_X86_64;
	f.eh.e_version = EV_CURRENT;
	f.eh.e_entry = base + offsetof(struct prog, code);
	f.eh.e_phoff = offsetof(struct prog, ph);
	f.eh.e_ehsize = sizeof f.eh;
	f.eh.e_phentsize = sizeof f.ph[0];
	memcpy(f.code, exit_code, sizeof exit_code);
	f.code[1] = (unsigned char)status;
	int n = 0;
	f.ph[n].p_type = PT_LOAD;
	f.ph[n].p_vaddr = f.ph[n].p_paddr = base;
	f.ph[n].p_filesz = f.ph[n].p_memsz = sizeof f;
	f.ph[n].p_flags = PF_R | PF_X;
	f.ph[n].p_align = 4096;
	n++;
	if (interp) {
		strcpy(f.interp, interp);
		f.ph[n].p_type = PT_INTERP;
		f.ph[n].p_offset = offsetof(struct prog, interp);
		f.ph[n].p_vaddr = f.ph[n].p_paddr = base + f.ph[n].p_offset;
		f.ph[n].p_filesz = f.ph[n].p_memsz = strlen(interp) + 1;
		f.ph[n].p_flags = PF_R;
		f.ph[n].p_align = 1;
		n++;
	}
	f.eh.e_phnum = n;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0)
		return -1;
	int ok = write(fd, &f, sizeof f) == (ssize_t)sizeof f;
	return close(fd) == 0 && ok ? 0 : -1;
}

/* Runs path in a child; returns its exit status, or -1 if it did not exit. */
static int run(const char *path)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *args[] = { (char *)path, NULL }, *env[] = { NULL };
		execve(path, args, env);
		_exit(100);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unlink(PIE);                    /* leftovers of an interrupted run */
	unlink(MAIN);
	rmdir(DIR_);
	CHECK_OK(mkdir(DIR_, 0755));

	CHECK_OK(write_prog(MAIN, ET_EXEC, 7, NULL));
	CHECK_EQ(run(MAIN), 7);
	CHECK_OK(write_prog(PIE, ET_DYN, 42, NULL));
	CHECK_EQ(run(PIE), 42);
	CHECK_OK(write_prog(MAIN, ET_EXEC, 7, PIE));
	CHECK_EQ(run(MAIN), 42);        /* the interpreter's exit, not main's */

	CHECK_OK(unlink(PIE));
	CHECK_OK(unlink(MAIN));
	CHECK_OK(rmdir(DIR_));
	return t_done();
}
