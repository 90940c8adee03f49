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
#include <binfmts.h>
#include <elf.h>
#include <errno.h>
#include <fs.h>
#include <fsgsbase.h>
#include <kernel.h>
#include <mm.h>
#include <odf.h>
#include <pid.h>
#include <sched.h>
#include <signal.h>
#include <syscalls.h>
#include <tlbflush.h>
#include <tty.h>
#include <trace.h>
#include <uaccess.h>
#include <uapi/mman.h>
#include <vdso.h>

#define MAX_ARG_STRINGS 0x7fffffff
#define STK_LIM (8UL << 20)             /* Linux's _STK_LIM, the default stack limit */

/*
 * Linux's do_open_execat: opens name (relative to fd; with AT_EMPTY_PATH
 * and an empty name, the file fd itself) for execution: a regular file
 * with an x bit (even for root), on a mount that allows exec.  The type
 * is checked before the open, as Linux's may_open does for MAY_EXEC:
 * opening a FIFO would wait for a writer, with the new program's
 * half-built mm held meanwhile.  AT_SYMLINK_NOFOLLOW: a symlink is ELOOP.
 */
static struct file *do_open_execat(int fd, const char *name, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return ERR_PTR(-EINVAL);
	struct path p;
	unsigned lookup = (flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
			  (flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0);
	int err = filename_lookup(fd, name, lookup, &p);
	if (err)
		return ERR_PTR(err);
	struct inode *inode = p.dentry->d_inode;
	if (S_ISLNK(inode->i_mode))
		err = -ELOOP;
	else if (!S_ISREG(inode->i_mode) || inode->i_fop != &ramfs_file_operations ||
		 (p.mnt->mnt_flags & MNT_NOEXEC))
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

/* Opens an interpreter (a script's, or an ELF file's PT_INTERP). */
struct file *open_exec(const char *name)
{
	return do_open_execat(AT_FDCWD, name, 0);
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
		page_mapcount_inc(p);
		*pte = pfn_pte(page_to_pfn(p), _PAGE_PRESENT | _PAGE_RW | _PAGE_USER |
			       (cpu_has_nx ? _PAGE_NX : 0));
		pte_add_rss(mm, pte, 1);
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

/* Pushes one kernel string below the others (E2BIG past the limit). */
int copy_string_kernel(const char *s, struct linux_binprm *b)
{
	long len = strlen(s) + 1;
	if (len > (long)MAX_ARG_STRLEN || b->p - b->limit < (unsigned long)len)
		return -E2BIG;
	b->p -= len;
	return copy_to_new_stack(b, b->p, s, len, false);
}

/* Drops argv[0], the lowest string on the new stack (a script's own name). */
int remove_arg_zero(struct linux_binprm *b)
{
	if (!b->argc)
		return 0;
	for (;;) {
		char *s = get_arg_page(b->mm, b->p);
		if (!s)
			return -ENOMEM;
		size_t room = PAGE_SIZE - (b->p & (PAGE_SIZE - 1));
		size_t n = strnlen(s, room);
		b->p += n < room ? n + 1 : n;
		if (n < room)
			break;
	}
	b->argc--;
	return 0;
}

/* The name the next file goes by (a script's interpreter): a copy, since
 * the buffer it was parsed from is reread for that file. */
int bprm_change_interp(const char *name, struct linux_binprm *b)
{
	char *copy = kmalloc(strlen(name) + 1);
	if (!copy)
		return -ENOMEM;
	strlcpy(copy, name, strlen(name) + 1);
	kfree(b->interp_buf);
	b->interp_buf = copy;
	b->interp_name = copy;
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

/* The new mm replaces the old; the old one's users (a vfork parent) are
 * told.  Readers of another task's mm (/proc) find it through t->mm with
 * the big kernel lock held, as this switch is made, and hold it with
 * get_task_mm; the old mm's teardown (mmput) takes its mmap_lock. */
static noinline void exec_mmap(struct mm_struct *mm)
{
	struct mm_struct *old = current->mm;
	if (old)
		mm_release(current, old);
	current->mm = mm;
	switch_mm(old, mm, current);
	if (old)
		mmput(old);
}

/* Past this point there is no way back: failures kill the process. */
noinline int begin_new_exec(struct linux_binprm *b)
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
	loadseg(FS, 0);
	loadseg(GS, 0);
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);   /* the user's GS base (percpu.h) */
	const char *slash = strrchr(b->filename, '/');
	const char *base = slash ? slash + 1 : b->filename;
	strlcpy(current->comm, base, TASK_COMM_LEN);
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
	if (b->interpreter) {
		allow_write_access(b->interpreter);
		fput(b->interpreter);
	}
	if (b->interp) {
		allow_write_access(b->interp);
		fput(b->interp);
	}
	kfree(b->ph);
	kfree(b->iph);
	kfree(b->fdpath);
	kfree(b->interp_buf);
}

/*
 * Opens the file and names it, as Linux's alloc_bprm: a name relative to
 * an fd (or the fd itself) becomes /dev/fd/N[/name], the name the program
 * (a script's interpreter) can find it by; if fd is close-on-exec it
 * cannot, which load_script will refuse.
 */
static int alloc_bprm(struct linux_binprm *b, int fd, const char *name, int flags)
{
	b->file = do_open_execat(fd, name, flags);
	if (IS_ERR(b->file)) {
		int err = PTR_ERR(b->file);
		b->file = NULL;
		return err;
	}
	if (fd == AT_FDCWD || name[0] == '/') {
		b->filename = name;
	} else {
		size_t size = strlen(name) + 32;
		if (!(b->fdpath = kmalloc(size)))
			return -ENOMEM;
		if (*name)
			snprintf(b->fdpath, size, "/dev/fd/%d/%s", fd, name);
		else
			snprintf(b->fdpath, size, "/dev/fd/%d", fd);
		if (close_on_exec(fd))
			b->interp_flags |= BINPRM_FLAGS_PATH_INACCESSIBLE;
		b->filename = b->fdpath;
	}
	b->interp_name = b->filename;
	return 0;
}

/* Before any format looks at the file: the new mm, its stack and the strings. */
static int prepare_exec(struct linux_binprm *b, const char *const *uargv, const char *const *uenvp)
{
	if ((b->argc = count_strings(uargv, MAX_ARG_STRINGS)) < 0)
		return b->argc;
	if ((b->envc = count_strings(uenvp, MAX_ARG_STRINGS)) < 0)
		return b->envc;
	if (!(b->mm = mm_alloc()))
		return -ENOMEM;
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
	int err = copy_string_kernel(b->filename, b);
	b->execfn = b->p;
	if (!err)
		err = copy_strings(b, b->envc, uenvp);
	b->env_start = b->p;
	if (!err)
		err = copy_strings(b, b->argc, uargv);
	/* Linux (5.18+) gives an empty argv an argv[0] of "", so that a
	 * program that starts at argv[1] does not walk into envp. */
	if (!err && b->argc == 0) {
		err = copy_string_kernel("", b);
		b->argc = 1;
	}
	return err;
}

/* The first BINPRM_BUF_SIZE bytes of the file, zero-padded, for the formats. */
static int prepare_binprm(struct linux_binprm *b)
{
	memset(b->buf, 0, sizeof b->buf);
	loff_t pos = 0;
	ssize_t n = kernel_read(b->file, b->buf, sizeof b->buf, &pos);
	return n < 0 ? n : 0;
}

/* Tries each format on b->file: the first that does not say ENOEXEC decides. */
static int search_binary_handler(struct linux_binprm *b)
{
	static int (*const formats[])(struct linux_binprm *) = { load_script, load_elf_binary };
	int err = prepare_binprm(b);
	if (err)
		return err;
	err = -ENOEXEC;
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		err = formats[i](b);
		if (b->point_of_no_return || err != -ENOEXEC)
			return err;
	}
	return err;
}

/*
 * Loads b->file, and whatever interpreter each script names in turn: as
 * Linux, at most 4 levels of scripts before an ELF file, else ELOOP (a
 * script that names itself ends here).
 */
static int exec_binprm(struct linux_binprm *b)
{
	for (int depth = 0;; depth++) {
		if (depth > 5)
			return -ELOOP;
		int err = search_binary_handler(b);
		if (err < 0)
			return err;
		if (!b->interpreter)
			return 0;
		struct file *script = b->file;
		b->file = b->interpreter;
		b->interpreter = NULL;
		allow_write_access(script);
		fput(script);
	}
}

static noinline long do_execveat_common(int fd, const char *filename, const char *const *uargv,
					const char *const *uenvp, int flags)
{
	/* A set*uid that joined a user over its limit (kernel/sys.c): refuse
	 * while that user still is, before anything else, as Linux. */
	if ((current->flags & PF_NPROC_EXCEEDED) &&
	    nr_tasks_of_user(current->uid) > rlimit(RLIMIT_NPROC))
		return -EAGAIN;
	current->flags &= ~PF_NPROC_EXCEEDED;
	struct linux_binprm b;
	memset(&b, 0, sizeof b);
	int err = alloc_bprm(&b, fd, filename, flags);
	current->fs->in_exec = 1;
	if (!err)
		err = prepare_exec(&b, uargv, uenvp);
	if (!err)
		err = exec_binprm(&b);
	current->fs->in_exec = 0;
	if (!err)
		ptrace_event_exec();    /* the new program is in: a tracer hears of it */
	if (b.point_of_no_return)
		trace_exec(current, b.filename);
	if (err && b.point_of_no_return) {
		printk("execve %s: error %d after the point of no return\n", b.filename, err);
		force_sig(SIGSEGV);
		err = 0;
	}
	free_bprm(&b);
	return err;
}

long sys_execve(const char *ufilename, const char *const *uargv, const char *const *uenvp)
{
	return sys_execveat(AT_FDCWD, ufilename, uargv, uenvp, 0);
}

/* execve relative to a directory fd, or of an open file (AT_EMPTY_PATH). */
long sys_execveat(int dfd, const char *ufilename, const char *const *uargv,
		  const char *const *uenvp, int flags)
{
	char *name = getname(ufilename);
	if (IS_ERR(name))
		return PTR_ERR(name);
	long err = *name || (flags & AT_EMPTY_PATH) ?
		   do_execveat_common(dfd, name, uargv, uenvp, flags) : -ENOENT;
	putname(name);
	return err;
}

/* Starts the first user program from the kernel (argv/envp in kernel memory). */
long kernel_execve(const char *path, const char *const *argv, const char *const *envp)
{
	/* Put the argument strings in the caller's user memory is impossible
	 * here (no mm yet), so build a temporary mm holding copies of them. */
	struct mm_struct *tmp = mm_alloc();
	if (!tmp)
		return -ENOMEM;
	current->mm = tmp;
	switch_mm(NULL, tmp, current);
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
	return do_execveat_common(AT_FDCWD, path, (const char *const *)area,
				  (const char *const *)(area + (argc + 1) * 8), 0);
}
