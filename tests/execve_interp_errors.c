/*
 * execve_interp_errors: a program whose PT_INTERP (the dynamic loader it
 * asks for) cannot serve fails in execve, before the point of no return,
 * and the caller goes on unchanged, as Linux's load_elf_binary: ENOENT
 * when the interpreter is missing, EACCES when it is a directory, ENOEXEC
 * when the PT_INTERP entry is shorter than two bytes or its name is not
 * NUL-terminated, ELIBBAD when the interpreter is not an ELF file, EIO
 * when it is too short to hold an ELF header.
 */
#include "t.h"
#include <elf.h>
#include <fcntl.h>
#include <stddef.h>
#include <sys/stat.h>

#define DIR_ "/tmp/execve_interp_errors.d"
#define PROG DIR_ "/prog"
#define TEXT DIR_ "/text"
#define TINY DIR_ "/tiny"

/*
 * Writes PROG: an x86-64 ELF executable with one PT_LOAD and a PT_INTERP
 * of size interp_size holding interp (not necessarily NUL-terminated).
 */
static int write_prog(const char *interp, size_t interp_size)
{
	struct prog {
		Elf64_Ehdr eh;
		Elf64_Phdr ph[2];
		char interp[256];
	} f;
	memset(&f, 0, sizeof f);
	memcpy(f.eh.e_ident, ELFMAG, SELFMAG);
	f.eh.e_ident[EI_CLASS] = ELFCLASS64;
	f.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	f.eh.e_ident[EI_VERSION] = EV_CURRENT;
	f.eh.e_type = ET_EXEC;
	f.eh.e_machine = EM_X86_64;
	f.eh.e_version = EV_CURRENT;
	f.eh.e_entry = 0x10000000 + sizeof f.eh;
	f.eh.e_phoff = sizeof f.eh;
	f.eh.e_ehsize = sizeof f.eh;
	f.eh.e_phentsize = sizeof f.ph[0];
	f.eh.e_phnum = 2;
	f.ph[0].p_type = PT_INTERP;
	f.ph[0].p_offset = offsetof(struct prog, interp);
	f.ph[0].p_filesz = interp_size;
	f.ph[0].p_flags = PF_R;
	f.ph[0].p_align = 1;
	f.ph[1].p_type = PT_LOAD;
	f.ph[1].p_vaddr = f.ph[1].p_paddr = 0x10000000;
	f.ph[1].p_filesz = f.ph[1].p_memsz = sizeof f;
	f.ph[1].p_flags = PF_R | PF_X;
	f.ph[1].p_align = 4096;
	memcpy(f.interp, interp, strlen(interp) + 1);
	int fd = open(PROG, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0)
		return -1;
	int ok = write(fd, &f, sizeof f) == (ssize_t)sizeof f;
	return close(fd) == 0 && ok ? 0 : -1;
}

static int write_file(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0)
		return -1;
	int ok = write(fd, text, len) == (ssize_t)len;
	return close(fd) == 0 && ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	extern char **environ;
	unlink(PROG);                   /* leftovers of an interrupted run */
	unlink(TEXT);
	unlink(TINY);
	rmdir(DIR_);
	CHECK_OK(mkdir(DIR_, 0755));
	static char text[200];
	memset(text, '#', sizeof text);
	CHECK_OK(write_file(TEXT, text, sizeof text));
	CHECK_OK(write_file(TINY, "\177ELF", 4));
	char *args[] = { PROG, NULL };

	CHECK_OK(write_prog(DIR_ "/missing", sizeof DIR_ "/missing"));
	CHECK_ERR(execve(PROG, args, environ), ENOENT);
	CHECK_OK(write_prog(DIR_, sizeof DIR_));
	CHECK_ERR(execve(PROG, args, environ), EACCES);
	CHECK_OK(write_prog("/", 1));
	CHECK_ERR(execve(PROG, args, environ), ENOEXEC);
	CHECK_OK(write_prog(DIR_, strlen(DIR_)));       /* no NUL: not the directory */
	CHECK_ERR(execve(PROG, args, environ), ENOEXEC);
	CHECK_OK(write_prog(TEXT, sizeof TEXT));
	CHECK_ERR(execve(PROG, args, environ), ELIBBAD);
	CHECK_OK(write_prog(TINY, sizeof TINY));
	CHECK_ERR(execve(PROG, args, environ), EIO);

	/* Still the same process. */
	CHECK_EQ(access(argv[0], X_OK), 0);
	CHECK_OK(unlink(PROG));
	CHECK_OK(unlink(TEXT));
	CHECK_OK(unlink(TINY));
	CHECK_OK(rmdir(DIR_));
	return t_done();
}
