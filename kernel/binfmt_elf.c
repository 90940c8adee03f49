/*
 * binfmt_elf.c - the ELF format of execve: Linux's load_elf_binary.
 *
 * exec.c has opened the file, built the new stack's strings and read the
 * file's first bytes; here the headers are checked (ENOEXEC), the
 * interpreter named by PT_INTERP opened, and after begin_new_exec (the
 * point of no return) the PT_LOAD segments mapped (file-backed and
 * copy-on-write, nothing is read yet), the auxiliary vector written and
 * the registers pointed at the entry point.  A static PIE or ld.so goes
 * at an address aligned to its largest p_align, as Linux.
 */
#include <asm.h>
#include <binfmts.h>
#include <elf.h>
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <sched.h>
#include <tty.h>                /* get_random_bytes: AT_RANDOM */
#include <uaccess.h>
#include <uapi/mman.h>
#include <vdso.h>

#define STACK_EXPAND (128 * 1024)       /* room below the arguments at start */
#define INTERP_BASE_GAP (1UL << 30)

static int read_elf(struct file *f, Elf64_Ehdr *eh, Elf64_Phdr **ph)
{
	loff_t pos = 0;
	if (kernel_read(f, eh, sizeof *eh, &pos) != sizeof *eh)
		return -ENOEXEC;
	if (memcmp(eh->e_ident, "\177ELF", 4) || eh->e_ident[4] != ELFCLASS64 ||
	    eh->e_ident[5] != ELFDATA2LSB || eh->e_machine != EM_X86_64 ||
	    (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) ||
	    eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 || eh->e_phnum > 64)
		return -ENOEXEC;
	size_t size = eh->e_phnum * sizeof(Elf64_Phdr);
	*ph = kmalloc(size);
	if (!*ph)
		return -ENOMEM;
	pos = eh->e_phoff;
	if (kernel_read(f, *ph, size, &pos) != (ssize_t)size)
		return -ENOEXEC;
	return 0;
}

/*
 * Reads the interpreter's headers.  As Linux's load_elf_binary: EIO when
 * the file is too short for an ELF header, ELIBBAD when it is no x86-64
 * ELF file, then read_elf's own checks.
 */
static int read_interp(struct linux_binprm *b)
{
	loff_t pos = 0;
	if (kernel_read(b->interp, &b->ieh, sizeof b->ieh, &pos) != sizeof b->ieh)
		return -EIO;
	if (memcmp(b->ieh.e_ident, "\177ELF", 4) || b->ieh.e_machine != EM_X86_64)
		return -ELIBBAD;
	return read_elf(b->interp, &b->ieh, &b->iph);
}

/*
 * Finds PT_INTERP and opens the interpreter it names (ENOENT if missing);
 * the name must end with its NUL inside the entry (ENOEXEC), as Linux.
 */
static int find_interp(struct linux_binprm *b)
{
	for (int i = 0; i < b->eh.e_phnum; i++) {
		Elf64_Phdr *p = &b->ph[i];
		if (p->p_type != PT_INTERP)
			continue;
		if (p->p_filesz < 2 || p->p_filesz > PATH_MAX)
			return -ENOEXEC;
		char *name = kmalloc(p->p_filesz + 1);
		if (!name)
			return -ENOMEM;
		loff_t pos = p->p_offset;
		int err = kernel_read(b->file, name, p->p_filesz, &pos) == (ssize_t)p->p_filesz &&
			  name[p->p_filesz - 1] == 0 ? 0 : -ENOEXEC;
		name[p->p_filesz] = 0;
		if (!err) {
			b->interp = open_exec(name);
			if (IS_ERR(b->interp)) {
				err = PTR_ERR(b->interp);
				b->interp = NULL;
			}
		}
		kfree(name);
		if (!err)
			err = read_interp(b);
		return err;
	}
	return 0;
}

/*
 * Maps the PT_LOAD segments of one ELF file at bias: the file part as a
 * private file mapping, the rest (bss) as anonymous memory.  Returns the
 * end of the highest segment, or -errno.  mmap_lock held for writing
 * (dropped around the one user copy).
 */
static noinline long map_segments(struct file *f, Elf64_Ehdr *eh, Elf64_Phdr *ph, unsigned long bias)
{
	struct mm_struct *mm = current->mm;
	unsigned long top = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr *p = &ph[i];
		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		if ((p->p_vaddr & (PAGE_SIZE - 1)) != (p->p_offset & (PAGE_SIZE - 1)) ||
		    p->p_filesz > p->p_memsz)
			return -ENOEXEC;
		unsigned long prot = (p->p_flags & PF_R ? PROT_READ : 0) |
				     (p->p_flags & PF_W ? PROT_WRITE : 0) | (p->p_flags & PF_X ? PROT_EXEC : 0);
		unsigned long start = bias + ALIGN_DOWN(p->p_vaddr, PAGE_SIZE);
		unsigned long file_end = bias + p->p_vaddr + p->p_filesz;
		unsigned long mem_end = bias + p->p_vaddr + p->p_memsz;
		if (mem_end > TASK_SIZE_MAX || mem_end < start)
			return -ENOEXEC;
		if (p->p_filesz) {
			long r = do_mmap(mm, start, PAGE_ALIGN(file_end) - start, prot,
					 MAP_PRIVATE | MAP_FIXED, f, ALIGN_DOWN(p->p_offset, PAGE_SIZE) >> PAGE_SHIFT);
			if (r < 0)
				return r;
			/* the rest of the last file page belongs to bss: zero it (a
			 * COW copy) - a user copy, so without mmap_lock, whose
			 * fault takes it (the caller holds it for writing) */
			if ((p->p_flags & PF_W) && p->p_memsz > p->p_filesz && (file_end & (PAGE_SIZE - 1))) {
				mmap_write_unlock(mm);
				clear_user((void *)file_end, PAGE_SIZE - (file_end & (PAGE_SIZE - 1)));
				mmap_write_lock(mm);
			}
		}
		unsigned long anon = PAGE_ALIGN(p->p_filesz ? file_end : start);
		if (mem_end > anon) {
			long r = do_mmap(mm, anon, PAGE_ALIGN(mem_end) - anon, prot,
					 MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, NULL, 0);
			if (r < 0)
				return r;
		}
		if (mem_end > top)
			top = mem_end;
	}
	return top;
}

/* The span of an ET_DYN file's segments, to place it in one piece. */
static unsigned long load_span(Elf64_Ehdr *eh, Elf64_Phdr *ph, unsigned long *lowest)
{
	unsigned long lo = ~0UL, hi = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		lo = MIN(lo, ALIGN_DOWN(ph[i].p_vaddr, PAGE_SIZE));
		hi = MAX(hi, PAGE_ALIGN(ph[i].p_vaddr + ph[i].p_memsz));
	}
	*lowest = lo;
	return hi > lo ? hi - lo : 0;
}

/* The largest power-of-two p_align of the PT_LOAD segments, at least a
 * page (Linux's maximum_alignment; other values are ignored as invalid). */
static unsigned long maximum_alignment(Elf64_Ehdr *eh, Elf64_Phdr *ph)
{
	unsigned long align = PAGE_SIZE;
	for (int i = 0; i < eh->e_phnum; i++) {
		unsigned long a = ph[i].p_align;
		if (ph[i].p_type == PT_LOAD && a && !(a & (a - 1)) && a > align)
			align = a;
	}
	return align;
}

/*
 * Where an ET_DYN program (a PIE, static or not) goes: just below
 * ELF_ET_DYN_BASE, at a multiple of its segments' largest alignment, so
 * that a segment linked to sit on a 2 MiB boundary (huge pages,
 * -z max-page-size) does.
 */
static unsigned long et_dyn_bias(Elf64_Ehdr *eh, Elf64_Phdr *ph)
{
	unsigned long lowest;
	load_span(eh, ph, &lowest);
	unsigned long bias = ALIGN_DOWN(ELF_ET_DYN_BASE - lowest, maximum_alignment(eh, ph));
	return bias ? bias : ELF_ET_DYN_BASE - lowest;  /* an alignment past the base: ignored */
}

static unsigned long phdr_addr(Elf64_Ehdr *eh, Elf64_Phdr *ph, unsigned long bias)
{
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_PHDR)
			return bias + ph[i].p_vaddr;
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset <= eh->e_phoff &&
		    eh->e_phoff < ph[i].p_offset + ph[i].p_filesz)
			return bias + ph[i].p_vaddr + (eh->e_phoff - ph[i].p_offset);
	return 0;
}

/* argc, argv[], envp[], auxv[] on the (now current) new stack; returns rsp. */
static noinline long create_elf_tables(struct linux_binprm *b, unsigned long bias, unsigned long ibias)
{
	u8 rnd[16];
	get_random_bytes(rnd, sizeof rnd);
	unsigned long p = b->p;
	p -= sizeof rnd;
	unsigned long at_random = p;
	p -= 7;
	unsigned long platform = p;
	if (copy_to_user((void *)at_random, rnd, sizeof rnd) || copy_to_user((void *)platform, "x86_64", 7))
		return -EFAULT;
	u64 aux[] = {
		AT_SYSINFO_EHDR, b->vdso,       /* first, as Linux's ARCH_DLINFO */
		AT_HWCAP, 0x178bfbff, AT_PAGESZ, PAGE_SIZE, AT_CLKTCK, 100,
		AT_PHDR, phdr_addr(&b->eh, b->ph, bias), AT_PHENT, sizeof(Elf64_Phdr),
		AT_PHNUM, b->eh.e_phnum, AT_BASE, ibias, AT_FLAGS, 0,
		AT_ENTRY, bias + b->eh.e_entry, AT_UID, current->uid, AT_EUID, current->euid,
		AT_GID, current->gid, AT_EGID, current->egid, AT_SECURE, 0,
		AT_RANDOM, at_random, AT_HWCAP2, 0, AT_EXECFN, b->execfn,
		AT_PLATFORM, platform, AT_NULL, 0,
	};
	unsigned long words = 1 + (b->argc + 1) + (b->envc + 1);
	unsigned long sp = ALIGN_DOWN(p - sizeof aux - words * 8, 16);
	unsigned long *u = (unsigned long *)sp;
	if (put_user((unsigned long)b->argc, u++))
		return -EFAULT;
	unsigned long s = b->arg_start;
	for (int i = 0; i < b->argc + b->envc + 2; i++) {
		if (i == b->argc + 1)
			s = b->env_start;
		if (i == b->argc || i == b->argc + b->envc + 1) {
			if (put_user(0UL, u++))
				return -EFAULT;
			continue;
		}
		if (put_user(s, u++))
			return -EFAULT;
		long len = strnlen_user((const char *)s, MAX_ARG_STRLEN);
		if (!len)
			return -EFAULT;
		s += len;
	}
	if (copy_to_user(u, aux, sizeof aux))
		return -EFAULT;
	struct mm_struct *mm = current->mm;
	mm->arg_start = b->arg_start;
	mm->arg_end = mm->env_start = b->env_start;
	mm->env_end = b->execfn;
	mm->start_stack = sp;
	return sp;
}

/*
 * Where the program's code and data lie, as Linux's load_elf_binary
 * finds them: code spans the executable segments' file contents, data
 * runs from the highest segment's start to the end of any file contents
 * (/proc/PID/stat and statm's text size read them).
 */
static void set_code_data(struct mm_struct *mm, Elf64_Ehdr *eh, Elf64_Phdr *ph, unsigned long bias)
{
	unsigned long start_code = ~0UL, end_code = 0, start_data = 0, end_data = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr *p = &ph[i];
		if (p->p_type != PT_LOAD)
			continue;
		unsigned long end = p->p_vaddr + p->p_filesz;
		if ((p->p_flags & PF_X) && p->p_vaddr < start_code)
			start_code = p->p_vaddr;
		if ((p->p_flags & PF_X) && end > end_code)
			end_code = end;
		start_data = MAX(start_data, p->p_vaddr);
		end_data = MAX(end_data, end);
	}
	mm->start_code = start_code + bias;
	mm->end_code = end_code + bias;
	mm->start_data = start_data + bias;
	mm->end_data = end_data + bias;
}

/* After the point of no return: map the program and set up the registers. */
/*
 * The new program's areas: its segments, the interpreter's, the stack
 * trimmed, the vDSO.  mmap_lock held for writing (by load_program).
 * Sets *entry and the load biases; 0 or -errno.
 */
static long map_program(struct linux_binprm *b, struct mm_struct *mm, unsigned long *entry,
			unsigned long *bias, unsigned long *ibias)
{
	unsigned long lowest;
	if (b->eh.e_type == ET_DYN)
		*bias = et_dyn_bias(&b->eh, b->ph);
	long top = map_segments(b->file, &b->eh, b->ph, *bias);
	if (top < 0)
		return top;
	*entry = *bias + b->eh.e_entry;
	if (b->interp) {
		unsigned long span = load_span(&b->ieh, b->iph, &lowest);
		unsigned long base = get_unmapped_area(mm, 0, span, 0);
		if (IS_ERR_VALUE(base))
			return base;
		*ibias = base - lowest;
		long r = map_segments(b->interp, &b->ieh, b->iph, *ibias);
		if (r < 0)
			return r;
		*entry = *ibias + b->ieh.e_entry;
	}
	mm->start_brk = mm->brk = PAGE_ALIGN(top);
	set_code_data(mm, &b->eh, b->ph, *bias);
	/* the stack: the pages holding the strings, plus room to grow down,
	 * but no more than RLIMIT_STACK (Linux's setup_arg_pages); the rest
	 * of the area reserved for the arguments goes */
	unsigned long args_low = ALIGN_DOWN(b->p, PAGE_SIZE), stack_low = args_low - STACK_EXPAND;
	struct vm_area_struct *stack = find_vma(mm, STACK_TOP - 1);
	unsigned long rlim = rlimit(RLIMIT_STACK) & PAGE_MASK;
	if (stack && stack->vm_end - stack_low > rlim)
		stack_low = MIN(stack->vm_end - rlim, args_low);
	if (stack && stack->vm_start < stack_low) {
		long r = do_munmap(mm, stack->vm_start, stack_low - stack->vm_start);
		if (r < 0)
			return r;
	}
	long vdso = arch_setup_additional_pages(mm, b->p);
	if (vdso < 0)
		return vdso;
	b->vdso = vdso;
	return 0;
}

/* The areas are made under mmap_lock; the tables on the stack are
 * written after it is dropped (user copies: their faults take it). */
static int load_program(struct linux_binprm *b)
{
	struct mm_struct *mm = current->mm;
	unsigned long entry = 0, bias = 0, ibias = 0;
	mmap_write_lock(mm);
	long err = map_program(b, mm, &entry, &bias, &ibias);
	mmap_write_unlock(mm);
	if (err)
		return err;
	long sp = create_elf_tables(b, bias, ibias);
	if (sp < 0)
		return sp;
	struct pt_regs *regs = task_pt_regs(current);
	memset(regs, 0, sizeof *regs);
	regs->rip = entry;
	regs->rsp = sp;
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->rflags = X86_EFLAGS_IF | 0x2;
	regs->trapno = TRAPNO_SYSCALL;
	regs->orig_rax = -1;
	fpu_init_state(&current->thread.fpu);
	fxrstor(&current->thread.fpu);
	return 0;
}

/*
 * Linux's load_elf_binary: -ENOEXEC unless this is an x86-64 ELF
 * executable; then its interpreter, and past the point of no return the
 * old program goes and this one is mapped.
 */
int load_elf_binary(struct linux_binprm *b)
{
	int err = read_elf(b->file, &b->eh, &b->ph);
	if (!err)
		err = find_interp(b);
	if (err)
		return err;
	set_mm_exe_file(b->mm, b->file);        /* not writable while it runs */
	b->arg_start = b->p;                    /* argv as the formats left it */
	err = begin_new_exec(b);
	if (err)
		return err;
	b->point_of_no_return = true;
	return load_program(b);
}
