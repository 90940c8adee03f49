/*
 * binfmts.h - what execve knows about the program it is loading, shared
 * by the formats it tries (kernel/exec.c: ELF; kernel/binfmt_script.c:
 * "#!" scripts).
 *
 * A format either says "not mine" (-ENOEXEC, the next one is tried),
 * fails (-errno), loads the program (ELF: past the point of no return),
 * or names a file to load in its place (a script's interpreter, in
 * bprm->interpreter): search_binary_handler then starts over with it.
 */
#ifndef USHI_BINFMTS_H
#define USHI_BINFMTS_H

#include <elf.h>
#include <types.h>

struct file;
struct mm_struct;

#define BINPRM_BUF_SIZE 256             /* the bytes a format looks at first, as Linux */

/* interp_flags: the script's name is a /dev/fd/N path to a close-on-exec
 * fd, so its interpreter could not open it (Linux's value). */
#define BINPRM_FLAGS_PATH_INACCESSIBLE (1 << 2)

struct linux_binprm {
	char buf[BINPRM_BUF_SIZE];      /* the start of file, zero-padded */
	struct file *file;              /* the file being loaded now */
	struct file *interpreter;       /* a script's interpreter: loaded next */
	struct file *interp;            /* an ELF file's PT_INTERP (ld.so) */
	struct mm_struct *mm;           /* the new address space, until it is current */
	unsigned long p;                /* lowest byte used on the new stack */
	unsigned long limit;            /* how far p may go down (E2BIG) */
	int argc, envc;
	unsigned long arg_start, env_start, execfn;
	unsigned long vdso;             /* AT_SYSINFO_EHDR */
	Elf64_Ehdr eh, ieh;
	Elf64_Phdr *ph, *iph;
	const char *filename;           /* the name execve was given (or /dev/fd/N...) */
	const char *interp_name;        /* Linux's bprm->interp: the name the next file
					 * goes by, which a script puts in argv */
	char *fdpath;                   /* kmalloc'd /dev/fd/N name, if filename is one */
	char *interp_buf;               /* kmalloc'd copy of a script's interpreter name */
	unsigned interp_flags;
	bool point_of_no_return;        /* the old program is gone: errors kill */
};

/* kernel/exec.c */
struct file *open_exec(const char *name);
int copy_string_kernel(const char *s, struct linux_binprm *b);
int remove_arg_zero(struct linux_binprm *b);
int bprm_change_interp(const char *name, struct linux_binprm *b);

/* kernel/binfmt_script.c */
int load_script(struct linux_binprm *b);

#endif
