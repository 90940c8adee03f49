/*
 * exec_pie_align: a static PIE (ET_DYN, no PT_INTERP) is placed at a
 * multiple of its PT_LOAD segments' largest p_align, as Linux's
 * load_elf_binary (maximum_alignment): 2 MiB and 16 MiB here, as
 * -z max-page-size links them.  A p_align that is no power of two is
 * ignored.  The program, written here, checks its own load address and
 * exits 0 when it is aligned, 1 when not.
 */
#include "t.h"
#include <elf.h>
#include <fcntl.h>
#include <sys/wait.h>

#define PROG "/tmp/exec_pie_align.prog"

/*
 * The code at file offset (and address offset) CODE:
 *	lea  -(CODE + 7)(%rip), %rax	# the load address
 *	and  $mask, %eax
 *	xor  %edi, %edi
 *	test %eax, %eax
 *	setnz %dil
 *	mov  $60, %eax			# exit(misaligned)
 *	syscall
 */
#define CODE (sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr))

static size_t put_code(unsigned char *c, unsigned mask)
{
	size_t n = 0;
	int disp = -(int)(CODE + 7);
	c[n++] = 0x48; c[n++] = 0x8d; c[n++] = 0x05;
	memcpy(c + n, &disp, 4); n += 4;
	c[n++] = 0x25;
	memcpy(c + n, &mask, 4); n += 4;
	c[n++] = 0x31; c[n++] = 0xff;
	c[n++] = 0x85; c[n++] = 0xc0;
	c[n++] = 0x40; c[n++] = 0x0f; c[n++] = 0x95; c[n++] = 0xc7;
	c[n++] = 0xb8; c[n++] = 60; c[n++] = 0; c[n++] = 0; c[n++] = 0;
	c[n++] = 0x0f; c[n++] = 0x05;
	return n;
}

/* Writes PROG with one PT_LOAD of alignment `align`, checking the low bits of `mask`. */
static void write_prog(unsigned long align, unsigned mask)
{
	struct {
		Elf64_Ehdr eh;
		Elf64_Phdr ph;
		unsigned char code[64];
	} f;
	memset(&f, 0, sizeof f);
	memcpy(f.eh.e_ident, ELFMAG, SELFMAG);
	f.eh.e_ident[EI_CLASS] = ELFCLASS64;
	f.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	f.eh.e_ident[EI_VERSION] = EV_CURRENT;
	f.eh.e_type = ET_DYN;
	f.eh.e_machine = EM_X86_64;
	f.eh.e_version = EV_CURRENT;
	f.eh.e_entry = CODE;
	f.eh.e_phoff = sizeof f.eh;
	f.eh.e_ehsize = sizeof f.eh;
	f.eh.e_phentsize = sizeof f.ph;
	f.eh.e_phnum = 1;
	f.ph.p_type = PT_LOAD;
	f.ph.p_flags = PF_R | PF_X;
	f.ph.p_align = align;
	size_t size = CODE + put_code(f.code, mask);
	f.ph.p_filesz = f.ph.p_memsz = size;
	unlink(PROG);
	int fd = open(PROG, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	CHECK_EQ(write(fd, &f, size), (long)size);
	close(fd);
}

/* Runs PROG: its exit status, or -1. */
static int run_prog(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { PROG, NULL };
		execve(PROG, argv, NULL);
		_exit(100 + errno);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	static const unsigned long aligns[] = { 0x1000, 0x200000, 0x1000000 };
	for (size_t i = 0; i < sizeof aligns / sizeof aligns[0]; i++) {
		write_prog(aligns[i], aligns[i] - 1);
		int r = run_prog();
		CHECK(r == 0, "p_align %#lx: exit %d (1: misaligned)", aligns[i], r);
	}
	/* No power of two: ignored, the program still runs page-aligned. */
	write_prog(0x3000, 0xfff);
	CHECK_EQ(run_prog(), 0);
	unlink(PROG);
	return t_done();
}
