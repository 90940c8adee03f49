/*
 * exec.c - execve: replace the calling process's program.
 *
 * In Linux's order: open the file (ENOENT, EACCES...), read argv and envp
 * (EFAULT, E2BIG), copy their strings onto the stack of a brand-new
 * address space, check the ELF headers (ENOEXEC) and find an interpreter
 * if one is named.  Up to here a failure returns an error to the caller,
 * which still has its old program.  Then the point of no return
 * (begin_new_exec): the other threads die, the new mm replaces the old
 * one (releasing a vfork parent), close-on-exec fds close, caught signals
 * reset.  Finally the ELF segments are mapped (file-backed and
 * copy-on-write, nothing is read yet), the stack gets argc, argv, envp
 * and the auxiliary vector, and the registers point at the entry point.
 */
#include <asm.h>
#include <elf.h>
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <pid.h>
#include <sched.h>
#include <signal.h>
#include <syscalls.h>
#include <tty.h>
#include <trace.h>
#include <uaccess.h>
#include <uapi/mman.h>

#define MAX_ARG_STRLEN (32 * PAGE_SIZE)
#define MAX_ARG_STRINGS 0x7fffffff
#define STACK_EXPAND (128 * 1024)       /* room below the arguments at start */
#define STK_LIM (8UL << 20)             /* Linux's _STK_LIM, the default stack limit */
#define INTERP_BASE_GAP (1UL << 30)

struct linux_binprm {
	struct file *file, *interp;
	struct mm_struct *mm;
	unsigned long p;                /* lowest byte used on the new stack */
	unsigned long limit;            /* how far p may go down (E2BIG) */
	int argc, envc;
	unsigned long arg_start, env_start, execfn;
	Elf64_Ehdr eh, ieh;
	Elf64_Phdr *ph, *iph;
	const char *filename;
};

/*
 * Opens a file for execution: a regular file with an x bit (even for
 * root).  The type is checked before the open, as Linux's may_open does
 * for MAY_EXEC: opening a FIFO would wait for a writer, with the new
 * program's half-built mm held meanwhile.
 */
static struct file *open_exec(const char *name)
{
	struct path p;
	int err = filename_lookup(AT_FDCWD, name, LOOKUP_FOLLOW, &p);
	if (err)
		return ERR_PTR(err);
	struct inode *inode = p.dentry->d_inode;
	if (!S_ISREG(inode->i_mode) || inode->i_fop != &ramfs_file_operations)
		err = -EACCES;
	else
		err = inode_permission(inode, MAY_EXEC);
	struct file *f = err ? ERR_PTR(err) : dentry_open(&p, O_RDONLY | O_LARGEFILE);
	path_put(&p);
	if (!IS_ERR(f) && (err = deny_write_access(f))) {
		fput(f);                /* open for writing somewhere: ETXTBSY, as Linux */
		return ERR_PTR(err);
	}
	return f;
}

/* Counts a user argv/envp array; NULL counts as empty. */
static int count_strings(const char *const *uv, int max)
{
	if (!uv)
		return 0;
	for (int i = 0;; i++) {
		const char *s;
		if (i >= max)
			return -E2BIG;
		if (get_user(s, uv + i))
			return -EFAULT;
		if (!s)
			return i;
	}
}

/* The frame backing addr in the new (not yet current) mm, mapped on demand. */
static char *get_arg_page(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte = pte_walk(mm->pgd, addr, true);
	if (!pte)
		return NULL;
	if (!pte_present(*pte)) {
		struct page *p = alloc_page(__GFP_ZERO);
		if (!p)
			return NULL;
		p->flags |= PG_anon;
		p->_mapcount = 1;
		*pte = pfn_pte(page_to_pfn(p), _PAGE_PRESENT | _PAGE_RW | _PAGE_USER |
			       (cpu_has_nx ? _PAGE_NX : 0));
		mm->rss++;
	}
	return (char *)page_address(pte_page(*pte)) + (addr & (PAGE_SIZE - 1));
}

/* Copies len bytes from the caller's memory (or the kernel) to the new stack at p. */
static int copy_to_new_stack(struct linux_binprm *b, unsigned long p, const char *src,
			     long len, bool from_user)
{
	while (len > 0) {
		char *dst = get_arg_page(b->mm, p);
		if (!dst)
			return -ENOMEM;
		long chunk = MIN(len, (long)(PAGE_SIZE - (p & (PAGE_SIZE - 1))));
		if (from_user) {
			if (copy_from_user(dst, src, chunk))
				return -EFAULT;
		} else {
			memcpy(dst, src, chunk);
		}
		p += chunk;
		src += chunk;
		len -= chunk;
	}
	return 0;
}

/* Pushes strings [0, n) of a user array, the last one highest; the first ends lowest. */
static int copy_strings(struct linux_binprm *b, int n, const char *const *uv)
{
	for (int i = n - 1; i >= 0; i--) {
		const char *s;
		if (get_user(s, uv + i))
			return -EFAULT;
		long len = strnlen_user(s, MAX_ARG_STRLEN);
		if (!len)
			return -EFAULT;
		if (len > (long)MAX_ARG_STRLEN)
			return -E2BIG;
		if (b->p - b->limit < (unsigned long)len)
			return -E2BIG;
		b->p -= len;
		int err = copy_to_new_stack(b, b->p, s, len, true);
		if (err)
			return err;
	}
	return 0;
}

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
 * The other threads of the group die; if we are not the leader we take
 * over its identity (pid, parent), as Linux's de_thread does.
 */
static noinline int de_thread(void)
{
	struct signal_struct *sig = current->signal;
	if (sig->nr_threads > 1) {
		/* Another thread is already ending the group, or execing: it
		 * wins, and the signal it sent us is handled on the way out. */
		if ((sig->flags & SIGNAL_GROUP_EXIT) || sig->group_exec_task)
			return -EAGAIN;
		sig->group_exec_task = current;
		zap_other_threads(current);
		/* Wait until only we (and perhaps a zombie leader) remain. */
		while (sig->nr_threads > (thread_group_leader(current) ? 1 : 2) ||
		       (!thread_group_leader(current) &&
			current->group_leader->exit_state != EXIT_ZOMBIE)) {
			current->state = TASK_KILLABLE;
			schedule();
			if (fatal_signal_pending(current)) {
				/* Killed meanwhile: the exec fails, so that its new
				 * mm and file are freed, and the signal ends us on the
				 * way out (Linux's de_thread returns -EAGAIN). */
				sig->group_exec_task = NULL;
				return -EAGAIN;
			}
		}
		sig->group_exec_task = NULL;
	}
	if (!thread_group_leader(current)) {
		struct task_struct *leader = current->group_leader;
		struct pid *mine = current->thread_pid;
		/* swap ids: we become the process the parent knows */
		current->thread_pid = leader->thread_pid;
		leader->thread_pid = mine;
		current->thread_pid->task = current;
		mine->task = leader;
		pid_t tmp = current->pid;
		current->pid = leader->pid;
		leader->pid = tmp;
		current->real_parent = leader->real_parent;
		current->parent = leader->parent;
		list_add_tail(&current->sibling, &leader->sibling);
		list_del_init(&leader->sibling);
		list_add_tail(&current->tasks, &leader->tasks);
		list_del_init(&leader->tasks);
		current->group_leader = current;
		leader->group_leader = current;
		leader->exit_signal = -1;
		leader->exit_state = EXIT_DEAD;
		release_task(leader);
	}
	current->exit_signal = SIGCHLD;
	sig->flags &= ~SIGNAL_GROUP_EXIT;
	sig->group_exit_code = 0;
	return 0;
}

/* The new mm replaces the old; the old one's users (a vfork parent) are told. */
static noinline void exec_mmap(struct mm_struct *mm)
{
	struct mm_struct *old = current->mm;
	if (old)
		mm_release(current, old);
	current->mm = mm;
	current->active_mm = mm;
	write_cr3(__pa(mm->pgd));
	if (old)
		mmput(old);
}

/* Past this point there is no way back: failures kill the process. */
static noinline int begin_new_exec(struct linux_binprm *b)
{
	int err = de_thread();
	if (err)
		return err;
	exec_mmap(b->mm);
	b->mm = NULL;
	if (current->files->count > 1) {        /* unshare_files: close-on-exec must not touch others */
		int err;
		struct files_struct *copy = dup_fd(current->files, &err);
		if (copy) {
			put_files_struct(current->files);
			current->files = copy;
		}
	}
	do_close_on_exec(current->files);
	flush_signal_handlers(current, false);
	current->sas_ss_sp = 0;
	current->sas_ss_size = 0;
	current->sas_ss_flags = SS_DISABLE;
	current->flags &= ~PF_FORKNOEXEC;
	cap_bprm_creds();
	current->personality &= ~READ_IMPLIES_EXEC;     /* x86-64's SET_PERSONALITY */
	current->thread.fsbase = current->thread.gsbase = 0;
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);   /* the user's GS base (percpu.h) */
	const char *slash = strrchr(b->filename, '/');
	const char *base = slash ? slash + 1 : b->filename;
	strlcpy(current->comm, base, TASK_COMM_LEN);
	return 0;
}

/*
 * Maps the PT_LOAD segments of one ELF file at bias: the file part as a
 * private file mapping, the rest (bss) as anonymous memory.  Returns the
 * end of the highest segment, or -errno.
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
			/* the rest of the last file page belongs to bss: zero it (a COW copy) */
			if ((p->p_flags & PF_W) && p->p_memsz > p->p_filesz && (file_end & (PAGE_SIZE - 1)))
				clear_user((void *)file_end, PAGE_SIZE - (file_end & (PAGE_SIZE - 1)));
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

/* After the point of no return: map the program and set up the registers. */
static int load_program(struct linux_binprm *b)
{
	struct mm_struct *mm = current->mm;
	unsigned long lowest, bias = 0, ibias = 0;
	if (b->eh.e_type == ET_DYN) {
		load_span(&b->eh, b->ph, &lowest);
		bias = ELF_ET_DYN_BASE - lowest;
	}
	long top = map_segments(b->file, &b->eh, b->ph, bias);
	if (top < 0)
		return top;
	unsigned long entry = bias + b->eh.e_entry;
	if (b->interp) {
		unsigned long span = load_span(&b->ieh, b->iph, &lowest);
		unsigned long base = get_unmapped_area(mm, 0, span, 0);
		if (IS_ERR_VALUE(base))
			return base;
		ibias = base - lowest;
		long r = map_segments(b->interp, &b->ieh, b->iph, ibias);
		if (r < 0)
			return r;
		entry = ibias + b->ieh.e_entry;
	}
	mm->start_brk = mm->brk = PAGE_ALIGN(top);
	mm->start_code = bias;
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

static void free_bprm(struct linux_binprm *b)
{
	if (b->mm)
		mmput(b->mm);
	if (b->file) {
		allow_write_access(b->file);
		fput(b->file);
	}
	if (b->interp) {
		allow_write_access(b->interp);
		fput(b->interp);
	}
	kfree(b->ph);
	kfree(b->iph);
}

/* Everything before the point of no return; returns -errno or 0. */
static int prepare_exec(struct linux_binprm *b, const char *const *uargv, const char *const *uenvp)
{
	b->file = open_exec(b->filename);
	if (IS_ERR(b->file)) {
		int err = PTR_ERR(b->file);
		b->file = NULL;
		return err;
	}
	if ((b->argc = count_strings(uargv, MAX_ARG_STRINGS)) < 0)
		return b->argc;
	if ((b->envc = count_strings(uenvp, MAX_ARG_STRINGS)) < 0)
		return b->envc;
	if (!(b->mm = mm_alloc()))
		return -ENOMEM;
	set_mm_exe_file(b->mm, b->file);        /* not writable while it runs */
	/* Linux's bprm_stack_limits: a quarter of RLIMIT_STACK, but at most
	 * 3/4 of the default 8 MiB stack (6 MiB, however large the limit)
	 * and at least 32 pages (ARG_MAX), however small. */
	unsigned long stack_rlim = rlimit(RLIMIT_STACK);
	unsigned long arg_limit = MIN(stack_rlim / 4, STK_LIM / 4 * 3);
	arg_limit = MAX(arg_limit, 32 * PAGE_SIZE);
	/* The stack area exists before anything is copied onto it (Linux's
	 * bprm_mm_init), so every page of the new mm is inside an area. */
	unsigned long room = PAGE_ALIGN(arg_limit) + 2 * PAGE_SIZE;
	long r = do_mmap(b->mm, STACK_TOP - room, room, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN, NULL, 0);
	if (r < 0)
		return r;
	b->p = STACK_TOP - sizeof(void *);
	/* The pointers take room too (an empty argv counts as one string). */
	unsigned long ptrs = (unsigned long)(MAX(b->argc, 1) + b->envc) * sizeof(void *);
	if (ptrs >= arg_limit)
		return -E2BIG;
	b->limit = b->p - arg_limit + ptrs;
	/* Linux grows the new stack (one page at first) page by page as the
	 * strings go on it, and that growth obeys RLIMIT_STACK too: with a
	 * small limit the strings get less than the 32 pages above. */
	if (stack_rlim < STACK_TOP)
		b->limit = MAX(b->limit, STACK_TOP - MAX(stack_rlim & PAGE_MASK, PAGE_SIZE));
	long len = strlen(b->filename) + 1;
	if (b->p - b->limit < (unsigned long)len)
		return -E2BIG;
	b->p -= len;
	b->execfn = b->p;
	int err = copy_to_new_stack(b, b->p, b->filename, len, false);
	if (!err)
		err = copy_strings(b, b->envc, uenvp);
	b->env_start = b->p;
	if (!err)
		err = copy_strings(b, b->argc, uargv);
	/* Linux (5.18+) gives an empty argv an argv[0] of "", so that a
	 * program that starts at argv[1] does not walk into envp. */
	if (!err && b->argc == 0) {
		if (b->p - b->limit < 1)
			return -E2BIG;
		b->p -= 1;
		err = copy_to_new_stack(b, b->p, "", 1, false);
		b->argc = 1;
	}
	b->arg_start = b->p;
	if (err)
		return err;
	if ((err = read_elf(b->file, &b->eh, &b->ph)))
		return err;
	return find_interp(b);
}

static noinline long do_execve(const char *filename, const char *const *uargv, const char *const *uenvp)
{
	/* A set*uid that joined a user over its limit (kernel/sys.c): refuse
	 * while that user still is, before anything else, as Linux. */
	if ((current->flags & PF_NPROC_EXCEEDED) &&
	    nr_tasks_of_user(current->uid) > rlimit(RLIMIT_NPROC))
		return -EAGAIN;
	current->flags &= ~PF_NPROC_EXCEEDED;
	struct linux_binprm b;
	memset(&b, 0, sizeof b);
	b.filename = filename;
	current->fs->in_exec = 1;
	int err = prepare_exec(&b, uargv, uenvp);
	current->fs->in_exec = 0;
	if (err) {
		free_bprm(&b);
		return err;
	}
	err = begin_new_exec(&b);
	if (err) {
		free_bprm(&b);
		return err;
	}
	err = load_program(&b);
	trace_exec(current, filename);
	free_bprm(&b);
	if (err) {
		printk("execve %s: error %d after the point of no return\n", filename, err);
		force_sig(SIGSEGV);
	}
	return 0;
}

long sys_execve(const char *ufilename, const char *const *uargv, const char *const *uenvp)
{
	char *name = getname(ufilename);
	if (IS_ERR(name))
		return PTR_ERR(name);
	long err = *name ? do_execve(name, uargv, uenvp) : -ENOENT;
	putname(name);
	return err;
}

long sys_execveat(int dfd, const char *ufilename, const char *const *uargv,
		  const char *const *uenvp, int flags)
{
	if (dfd != AT_FDCWD || flags)
		return -EINVAL;         /* only the execve() form is supported */
	return sys_execve(ufilename, uargv, uenvp);
}

/* Starts the first user program from the kernel (argv/envp in kernel memory). */
long kernel_execve(const char *path, const char *const *argv, const char *const *envp)
{
	/* Put the argument strings in the caller's user memory is impossible
	 * here (no mm yet), so build a temporary mm holding copies of them. */
	struct mm_struct *tmp = mm_alloc();
	if (!tmp)
		return -ENOMEM;
	current->mm = current->active_mm = tmp;
	write_cr3(__pa(tmp->pgd));
	int argc = 0, envc = 0;
	while (argv[argc])
		argc++;
	while (envp[envc])
		envc++;
	unsigned long area = 0x10000;
	long r = do_mmap(tmp, area, 64 * PAGE_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, NULL, 0);
	if (r < 0)
		return r;
	unsigned long *uv = (unsigned long *)area, s = area + (argc + envc + 2) * 8;
	for (int i = 0; i < argc + envc + 2; i++) {
		const char *str = i < argc ? argv[i] : i == argc ? NULL :
				  i <= argc + envc ? envp[i - argc - 1] : NULL;
		if (!str) {
			put_user(0UL, uv + i);
			continue;
		}
		size_t len = strlen(str) + 1;
		if (s + len > area + 64 * PAGE_SIZE)
			return -E2BIG;
		copy_to_user((void *)s, str, len);
		put_user(s, uv + i);
		s += len;
	}
	return do_execve(path, (const char *const *)area, (const char *const *)(area + (argc + 1) * 8));
}
