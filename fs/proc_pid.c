/*
 * proc_pid.c - the per-process part of procfs, and /proc/kpagecount.
 *
 *   /proc/PID/status    Name, State, Tgid, Pid, PPid, Threads, VmRSS...
 *   /proc/PID/maps      the areas, in Linux's format (smaps: proc_task_mmu.c)
 *   /proc/PID/pagemap   8 bytes per virtual page: PFN (bits 0-54),
 *                       soft-dirty (55), exclusively mapped (56), file
 *                       or shared (61), present (63)
 *   /proc/PID/stat, statm (proc_task_mmu.c), cmdline, comm, mounts, mountinfo, task/TID/...
 *   /proc/kpagecount    8 bytes per frame: how many PTEs map it
 * pagemap and kpagecount are binary: an 8-byte-aligned read at offset
 * 8*N gives entries N, N+1, ...  Both are root-only, as in Linux.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <odf.h>
#include <nsproxy.h>
#include <pid.h>
#include <proc.h>
#include <sched.h>
#include <smp.h>
#include <uaccess.h>

#define PM_PFN_MASK ((1ULL << 55) - 1)
#define PM_SOFT_DIRTY (1ULL << 55)
#define PM_MMAP_EXCLUSIVE (1ULL << 56)
#define PM_FILE (1ULL << 61)
#define PM_PRESENT (1ULL << 63)

static struct task_struct *inode_task(struct inode *inode)
{
	struct task_struct *t = pid_task((struct pid *)inode->i_private2);
	return t && t->exit_state != EXIT_DEAD ? t : NULL;
}

static char task_state_char(struct task_struct *t)
{
	if (t->exit_state == EXIT_ZOMBIE)
		return 'Z';
	if (t->state == TASK_RUNNING)
		return 'R';
	if (t->state & __TASK_STOPPED)
		return 'T';
	if (t->state & TASK_INTERRUPTIBLE)
		return 'S';
	return 'D';
}

static const char *state_name(char c)
{
	switch (c) {
	case 'R': return "R (running)";
	case 'S': return "S (sleeping)";
	case 'D': return "D (disk sleep)";
	case 'T': return "T (stopped)";
	default: return "Z (zombie)";
	}
}

/* The signals t ignores and the ones it catches, bit sig-1 for sig
 * (Linux's collect_sigign_sigcgt). */
static void collect_sigign_sigcgt(struct task_struct *t, unsigned long *ign, unsigned long *cgt)
{
	*ign = *cgt = 0;
	for (int i = 0; t->sighand && i < _NSIG; i++) {
		void *h = t->sighand->action[i].handler;
		if (h == SIG_IGN)
			*ign |= 1UL << i;
		else if (h != SIG_DFL)
			*cgt |= 1UL << i;
	}
}

/* One NS* line of status: id's number in each namespace from the reader's
 * ns down to pid's own, innermost last (0 where id is not visible, as a
 * pgrp made outside a child namespace), as Linux's task_state.  A task
 * in nested namespaces has one number per level, and a reader outside
 * sees them all, as the selftest clone3_set_tid checks. */
static void show_ns_ids(struct seq_buf *s, const char *name, struct pid *pid,
			struct pid_namespace *ns, struct pid *id)
{
	seq_printf(s, "%s:", name);
	for (int g = ns->level; g <= pid->level; g++)
		seq_printf(s, "\t%d", pid_nr_ns(id, pid->numbers[g].ns));
	seq_printf(s, "\n");
}

/*
 * Cpus_allowed and Cpus_allowed_list, as Linux's task_cpus_allowed prints
 * them with %*pb and %*pbl over nr_cpu_ids bits: hex in 32-bit chunks,
 * most significant first, separated by commas, the first chunk only as
 * wide as its bits need ("3" for two CPUs, "000000ff" for 8 of 40); then
 * the CPUs as ranges ("0-2,5").  The mask is the task's, intersected
 * with the online CPUs as sched_getaffinity reports it.
 */
static void show_cpus_allowed(struct seq_buf *s, struct task_struct *t)
{
	u64 m = cpumask_read(&t->cpus_allowed).bits & cpu_online_mask().bits;
	int nbits = nr_cpu_ids, chunk = nbits % 32 ? nbits % 32 : 32;
	seq_printf(s, "Cpus_allowed:\t");
	for (int i = (nbits + 31) / 32 * 32 - 32; i >= 0; i -= 32, chunk = 32)
		seq_printf(s, "%s%0*x", i + 32 < nbits ? "," : "", (chunk + 3) / 4,
			   (unsigned int)((m >> i) & ((1ULL << chunk) - 1)));
	seq_printf(s, "\nCpus_allowed_list:\t");
	bool first = true;
	for (int cpu = 0; cpu < nbits; cpu++) {
		if (!(m >> cpu & 1))
			continue;
		int last = cpu;
		while (last + 1 < nbits && (m >> (last + 1) & 1))
			last++;
		seq_printf(s, last > cpu ? "%s%d-%d" : "%s%d", first ? "" : ",", cpu, last);
		first = false;
		cpu = last;
	}
	seq_printf(s, "\n");
}

static int show_status(struct seq_buf *s, struct pid *pid)
{
	struct task_struct *t;
	struct mm_struct *mm = proc_pid_mm_lock(pid, &t);      /* first: it may sleep */
	if (!t)
		return -ESRCH;
	struct pid_namespace *ns = task_active_pid_ns(current);
	seq_printf(s, "Name:\t%s\n", t->comm);
	seq_printf(s, "Umask:\t%04o\n", t->fs ? t->fs->umask : 0);
	seq_printf(s, "State:\t%s\n", state_name(task_state_char(t)));
	seq_printf(s, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\n", task_tgid_nr_ns(t, ns), pid_nr_ns(t->thread_pid, ns));
	struct task_struct *parent = t->group_leader->real_parent;
	seq_printf(s, "PPid:\t%d\nTracerPid:\t0\n", parent && parent != &init_task ?
		   task_tgid_nr_ns(parent, ns) : 0);
	seq_printf(s, "Uid:\t%u\t%u\t%u\t%u\n", t->uid, t->euid, t->suid, t->fsuid);
	seq_printf(s, "Gid:\t%u\t%u\t%u\t%u\n", t->gid, t->egid, t->sgid, t->fsgid);
	seq_printf(s, "FDSize:\t%u\n", t->files ? t->files->fdt.max_fds : 0);
	show_ns_ids(s, "NStgid", pid, ns, task_tgid(t));
	show_ns_ids(s, "NSpid", pid, ns, t->thread_pid);
	show_ns_ids(s, "NSpgid", pid, ns, task_pgrp(t));
	show_ns_ids(s, "NSsid", pid, ns, task_session(t));
	if (mm) {
		seq_printf(s, "VmSize:\t%8lu kB\n", mm->total_vm * 4);
		seq_printf(s, "VmLck:\t%8lu kB\n", mm_locked_vm(mm) * 4);
		seq_printf(s, "VmRSS:\t%8lu kB\n", get_mm_rss(mm) * 4);
	}
	task_mm_read_unlock(mm);
	seq_printf(s, "Threads:\t%d\n", t->signal->nr_threads);
	seq_printf(s, "SigPnd:\t%016lx\nShdPnd:\t%016lx\nSigBlk:\t%016lx\n",
		   (unsigned long)t->pending.signal, (unsigned long)t->signal->shared_pending.signal,
		   (unsigned long)t->blocked);
	unsigned long ign, cgt;
	collect_sigign_sigcgt(t, &ign, &cgt);
	seq_printf(s, "SigIgn:\t%016lx\nSigCgt:\t%016lx\n", ign, cgt);
	show_cpus_allowed(s, t);
	return 0;
}

/* The 52 fields of Linux's /proc/PID/stat, in its order (proc(5)); times in
 * clock ticks of 1/100 s; what ushi does not have (tty, nice...) is 0. */
static int show_stat(struct seq_buf *s, struct pid *pid)
{
	struct task_struct *t = pid_task(pid);
	if (!t)
		return -ESRCH;
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct task_struct *parent = t->group_leader->real_parent;
	struct mm_struct *mm = t->mm;
	struct signal_struct *sig = t->signal;
	unsigned long tick = 10000000;          /* ns per 1/100 s */
	unsigned long ign, cgt;
	collect_sigign_sigcgt(t, &ign, &cgt);
	seq_printf(s, "%d (%s) %c %d %d %d 0 -1 %u ", pid_nr_ns(t->thread_pid, ns), t->comm,
		   task_state_char(t), parent && parent != &init_task ? task_tgid_nr_ns(parent, ns) : 0,
		   pid_nr_ns(task_pgrp(t), ns), pid_nr_ns(task_session(t), ns), t->flags);
	seq_printf(s, "%lu %lu 0 0 %lu %lu %lu 0 20 0 %d 0 %lu ", t->min_flt, sig->cmin_flt,
		   (unsigned long)(t->utime / tick), (unsigned long)(t->stime / tick),
		   (unsigned long)(sig->cutime / tick), sig->nr_threads,
		   (unsigned long)(t->start_time / tick));
	seq_printf(s, "%lu %lu %lu %lu %lu %lu 0 0 ", mm ? mm->total_vm * PAGE_SIZE : 0, mm ? get_mm_rss(mm) : 0,
		   (unsigned long)sig->rlim[RLIMIT_RSS].rlim_cur, mm ? mm->start_code : 0,
		   mm ? mm->end_code : 0, mm ? mm->start_stack : 0);
	seq_printf(s, "%lu %lu %lu %lu 0 0 0 %d %d 0 0 0 0 0 ", (unsigned long)t->pending.signal,
		   (unsigned long)t->blocked, ign, cgt, t->exit_signal, READ_ONCE(t->cpu));
	seq_printf(s, "%lu %lu %lu %lu %lu %lu %lu %d\n", mm ? mm->start_data : 0, mm ? mm->end_data : 0,
		   mm ? mm->start_brk : 0, mm ? mm->arg_start : 0, mm ? mm->arg_end : 0,
		   mm ? mm->env_start : 0, mm ? mm->env_end : 0, t->exit_state ? t->exit_code : 0);
	return 0;
}

static int show_comm(struct seq_buf *s, struct pid *pid)
{
	struct task_struct *t = pid_task(pid);
	if (!t)
		return -ESRCH;
	seq_printf(s, "%s\n", t->comm);
	return 0;
}

/* Reads another address space's present pages (no faults are taken);
 * mmap_lock held, so the frames cannot go meanwhile. */
static size_t access_remote(struct mm_struct *mm, unsigned long addr, char *buf, size_t len)
{
	size_t done = 0;
	while (done < len) {
		pte_t *pte = pte_walk(mm->pgd, addr + done, false);
		pte_t entry = pte ? READ_ONCE(*pte) : 0;
		if (!pte_present(entry))
			break;
		size_t off = (addr + done) & (PAGE_SIZE - 1), chunk = MIN(len - done, PAGE_SIZE - off);
		memcpy(buf + done, (char *)page_address(pte_page(entry)) + off, chunk);
		done += chunk;
	}
	return done;
}

static int show_cmdline(struct seq_buf *s, struct pid *pid)
{
	struct task_struct *t;
	struct mm_struct *mm = proc_pid_mm_lock(pid, &t);
	if (!t)
		return -ESRCH;
	if (!mm || mm->arg_end <= mm->arg_start) {
		task_mm_read_unlock(mm);
		return 0;
	}
	size_t len = MIN(mm->arg_end - mm->arg_start, (unsigned long)PAGE_SIZE * 4);
	char *buf = kmalloc(len);
	if (!buf) {
		task_mm_read_unlock(mm);
		return -ENOMEM;
	}
	size_t n = access_remote(mm, mm->arg_start, buf, len);
	task_mm_read_unlock(mm);
	for (size_t i = 0; i < n; i++)
		seq_putc(s, buf[i]);
	kfree(buf);
	return 0;
}


static void show_vma_name(struct seq_buf *s, struct task_struct *t, struct vm_area_struct *v)
{
	struct mm_struct *mm = v->vm_mm;
	if (v->vm_file) {
		struct path *p = &v->vm_file->f_path;
		if (p->mnt->mnt_sb == anon_inode_sb() || !t->fs) {
			seq_printf(s, "/%s (deleted)", p->dentry->d_name);
			return;
		}
		char *buf = kmalloc(PATH_MAX);
		bool unreachable;
		char *name = buf ? d_path(p, &t->fs->root, buf, PATH_MAX, &unreachable) : NULL;
		if (!IS_ERR_OR_NULL(name)) {
			if (p->mnt->mnt_sb->s_pin_dentries)
				seq_printf(s, "%s%s", name, p->dentry->d_flags & DCACHE_DELETED ? " (deleted)" : "");
			else
				seq_printf(s, "/%s (deleted)", p->dentry->d_name);
		}
		kfree(buf);
	} else if (v->vm_ops && v->vm_ops->name) {
		seq_printf(s, "%s", v->vm_ops->name(v));
	} else if (v->vm_start <= mm->start_brk && v->vm_end >= mm->brk && mm->brk > mm->start_brk) {
		seq_printf(s, "[heap]");
	} else if (v->vm_start <= mm->start_stack && v->vm_end >= mm->start_stack) {
		seq_printf(s, "[stack]");
	}
}

/* The line of /proc/PID/maps for area v of t (smaps prints it first too). */
void show_map_vma(struct seq_buf *s, struct task_struct *t, struct vm_area_struct *v)
{
	struct mm_struct *mm = v->vm_mm;
	unsigned long f = v->vm_flags;
	struct inode *inode = v->vm_file ? v->vm_file->f_inode : NULL;
	size_t start = s->len;
	dev_t dev = inode ? inode->i_sb->s_dev : 0;     /* split as stat's st_dev is */
	seq_printf(s, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ", v->vm_start, v->vm_end,
		   f & VM_READ ? 'r' : '-', f & VM_WRITE ? 'w' : '-', f & VM_EXEC ? 'x' : '-',
		   f & VM_MAYSHARE ? 's' : 'p', v->vm_file ? v->vm_pgoff << PAGE_SHIFT : 0,
		   MAJOR(dev), MINOR(dev), inode ? inode->i_ino : 0);
	size_t len = s->len - start;
	bool named = v->vm_file || (v->vm_ops && v->vm_ops->name) ||
		     (v->vm_start <= mm->start_brk && v->vm_end >= mm->brk && mm->brk > mm->start_brk) ||
		     (v->vm_start <= mm->start_stack && v->vm_end >= mm->start_stack);
	if (named)
		seq_printf(s, "%*s", len < 73 ? (int)(73 - len) : 0, "");
	show_vma_name(s, t, v);
	seq_printf(s, "\n");
}

static int show_maps(struct seq_buf *s, struct pid *pid)
{
	struct task_struct *t;
	struct mm_struct *mm = proc_pid_mm_lock(pid, &t);
	if (!t)
		return -ESRCH;
	if (!mm)
		return 0;
	struct vm_area_struct *v;
	list_for_each_entry(v, &mm->mmap, vm_list)
		show_map_vma(s, t, v);
	task_mm_read_unlock(mm);
	return 0;
}

static void show_mnt_opts(struct seq_buf *s, struct vfsmount *m)
{
	static const struct { unsigned int flag; const char *name; } opts[] = {
		{ MNT_NOSUID, ",nosuid" }, { MNT_NODEV, ",nodev" }, { MNT_NOEXEC, ",noexec" },
		{ MNT_NOATIME, ",noatime" }, { MNT_NODIRATIME, ",nodiratime" },
		{ MNT_RELATIME, ",relatime" },
	};
	seq_printf(s, "rw");
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
		if (m->mnt_flags & opts[i].flag)
			seq_printf(s, "%s", opts[i].name);
}

/* The file system's name: the namespace's root is Linux's "rootfs". */
static const char *mnt_type(struct vfsmount *m)
{
	return m->mnt_parent == m ? "rootfs" : m->mnt_sb->s_type;
}

/*
 * /proc/PID/mounts (mountinfo with mountinfo false) and mountinfo: the
 * mounts of t's namespace that t's root can reach, in mount order, in
 * Linux's formats (proc(5)).  ushi keeps no mount source: the type
 * stands in for it.
 */
static int show_mount_list(struct seq_buf *s, struct pid *pid, bool mountinfo)
{
	struct task_struct *t = pid_task(pid);
	if (!t || !t->nsproxy || !t->fs)
		return -ESRCH;
	struct vfsmount *m;
	char *buf = kmalloc(PATH_MAX), *rbuf = kmalloc(PATH_MAX);
	if (!buf || !rbuf) {
		kfree(buf);
		kfree(rbuf);
		return -ENOMEM;
	}
	list_for_each_entry(m, &t->nsproxy->mnt_ns->list, mnt_list) {
		struct path mp = { m, m->mnt_root };
		bool unreachable;
		char *name = d_path(&mp, &t->fs->root, buf, PATH_MAX, &unreachable);
		if (IS_ERR(name) || unreachable)
			continue;
		const char *type = mnt_type(m);
		if (mountinfo) {
			/* the mount's root within its file system (a bind mount's directory) */
			struct path sbroot = { m, m->mnt_sb->s_root };
			char *root = d_path(&mp, &sbroot, rbuf, PATH_MAX, &unreachable);
			seq_printf(s, "%d %d %u:%u %s %s ", m->mnt_id, m->mnt_parent->mnt_id,
				   MAJOR(m->mnt_sb->s_dev), MINOR(m->mnt_sb->s_dev),
				   IS_ERR(root) ? "/" : root, name);
			show_mnt_opts(s, m);
			seq_printf(s, " - %s %s rw\n", type, type);
		} else {
			seq_printf(s, "%s %s %s ", type, name, type);
			show_mnt_opts(s, m);
			seq_printf(s, " 0 0\n");
		}
	}
	kfree(buf);
	kfree(rbuf);
	return 0;
}

static int show_mounts(struct seq_buf *s, struct pid *pid)
{
	return show_mount_list(s, pid, false);
}

static int show_mountinfo(struct seq_buf *s, struct pid *pid)
{
	return show_mount_list(s, pid, true);
}

/* ---- pagemap and kpagecount: binary, 8 bytes per entry ------------------------------- */

/* A page is soft-dirty if its PTE says so, or if its whole area is (new
 * since clear_refs, mapped or not), as Linux's pagemap_pte_hole.
 * mmap_lock held. */
static u64 pagemap_entry(struct mm_struct *mm, unsigned long va)
{
	struct vm_area_struct *vma = find_vma(mm, va);
	u64 sd = vma && vma->vm_start <= va && (vma->vm_flags & VM_SOFTDIRTY) ? PM_SOFT_DIRTY : 0;
	pte_t *ptep = pte_walk(mm->pgd, va, false);
	pte_t pte = ptep ? READ_ONCE(*ptep) : 0;
	if (!pte_mapped(pte))
		return sd;
	if (pte & _PAGE_SOFT_DIRTY)
		sd = PM_SOFT_DIRTY;
	u64 e = PM_PRESENT | sd | (pte_pfn(pte) & PM_PFN_MASK);
	if (!(pte & _PAGE_SPECIAL)) {
		struct page *p = pte_page(pte);
		if (page_mapcount(p) == 1 && odf_table_sharers(ptep) == 1)
			e |= PM_MMAP_EXCLUSIVE; /* a shared PTE table maps it for each sharer */
		if (!(p->flags & PG_anon))
			e |= PM_FILE;
	}
	return e;
}

static int root_only_open(struct inode *inode __unused, struct file *f __unused)
{
	return current->euid == 0 ? 0 : -EACCES;
}

/* Serves n bytes at *pos of a table of u64s computed by entry(index). */
static ssize_t read_u64_table(char *ubuf, size_t n, loff_t *pos, unsigned long limit,
			      u64 (*entry)(void *ctx, unsigned long i), void *ctx)
{
	if ((*pos & 7) || (n & 7))
		return -EINVAL;
	size_t done = 0;
	while (done < n) {
		unsigned long i = (*pos + done) / 8;
		if (i >= limit)
			break;
		u64 v = entry(ctx, i);
		if (copy_to_user(ubuf + done, &v, 8))
			return done ? (ssize_t)done : -EFAULT;
		done += 8;
	}
	*pos += done;
	return done;
}

/* Each entry under mmap_lock, copied out after it is dropped. */
static u64 pagemap_at(void *ctx, unsigned long i)
{
	struct mm_struct *mm = ctx;
	mmap_read_lock(mm);
	u64 e = pagemap_entry(mm, i << PAGE_SHIFT);
	mmap_read_unlock(mm);
	return e;
}

static ssize_t pagemap_read(struct file *f, char *ubuf, size_t n, loff_t *pos)
{
	struct task_struct *t = inode_task(f->f_inode);
	struct mm_struct *mm = t ? get_task_mm(t) : NULL;
	if (!mm)
		return 0;               /* the process is gone: end of file, as Linux */
	ssize_t r = read_u64_table(ubuf, n, pos, TASK_SIZE_MAX >> PAGE_SHIFT, pagemap_at, mm);
	mmput(mm);
	return r;
}

static const struct file_operations pagemap_fops = {
	.open = root_only_open, .read = pagemap_read, .llseek = generic_file_llseek,
};

static u64 kpagecount_at(void *ctx __unused, unsigned long pfn)
{
	if (pfn >= max_pfn)
		return 0;
	/* _mapcount counts an entry of a PTE table shared by on-demand fork
	 * once; each further sharer maps the frame too (mm/odf.c) */
	return (u64)MAX(page_mapcount(&mem_map[pfn]), 0) + odf_extra_mappings(pfn);
}

static ssize_t kpagecount_read(struct file *f __unused, char *ubuf, size_t n, loff_t *pos)
{
	return read_u64_table(ubuf, n, pos, max_pfn, kpagecount_at, NULL);
}

const struct file_operations proc_kpagecount_fops = {
	.open = root_only_open, .read = kpagecount_read, .llseek = generic_file_llseek,
};

/* ---- /proc/PID and /proc/PID/task/TID ------------------------------------------------------ */

static int pid_dir_lookup(struct inode *dir, struct dentry *d);
static int pid_dir_iterate(struct file *f, struct dir_context *ctx);
static int task_dir_lookup(struct inode *dir, struct dentry *d);
static int task_dir_iterate(struct file *f, struct dir_context *ctx);
static const struct inode_operations pid_dir_iops = { .lookup = pid_dir_lookup };
static const struct file_operations pid_dir_fops = { .read = proc_dir_read, .iterate = pid_dir_iterate };
static const struct inode_operations task_dir_iops = { .lookup = task_dir_lookup };
static const struct file_operations task_dir_fops = { .read = proc_dir_read, .iterate = task_dir_iterate };

/* /proc/PID; a thread's /proc/PID/task/TID is the same but for "task"
 * (the last entry), as Linux's tid_base_stuff: no directory contains
 * itself, so a walk of /proc ends. */
static const struct proc_entry pid_entries[] = {
	{ "status", S_IFREG | 0444, show_status, NULL, NULL, NULL, NULL },
	{ "stat", S_IFREG | 0444, show_stat, NULL, NULL, NULL, NULL },
	{ "statm", S_IFREG | 0444, show_statm, NULL, NULL, NULL, NULL },
	{ "maps", S_IFREG | 0444, show_maps, NULL, NULL, NULL, NULL },
	{ "smaps", S_IFREG | 0444, show_smaps, NULL, NULL, NULL, NULL },
	{ "smaps_rollup", S_IFREG | 0444, show_smaps_rollup, NULL, NULL, NULL, NULL },
	{ "clear_refs", S_IFREG | 0200, NULL, NULL, NULL, &proc_clear_refs_operations, NULL },
	{ "pagemap", S_IFREG | 0400, NULL, NULL, NULL, &pagemap_fops, NULL },
	{ "cmdline", S_IFREG | 0444, show_cmdline, NULL, NULL, NULL, NULL },
	{ "comm", S_IFREG | 0644, show_comm, NULL, NULL, NULL, NULL },
	{ "mounts", S_IFREG | 0444, show_mounts, NULL, NULL, NULL, NULL },
	{ "mountinfo", S_IFREG | 0444, show_mountinfo, NULL, NULL, NULL, NULL },
	{ "fd", S_IFDIR | 0500, NULL, NULL, &proc_fd_iops, &proc_fd_fops, NULL },
	{ "fdinfo", S_IFDIR | 0500, NULL, NULL, &proc_fdinfo_iops, &proc_fdinfo_fops, NULL },
	{ "ns", S_IFDIR | 0511, NULL, NULL, &proc_ns_dir_iops, &proc_ns_dir_fops, NULL },
	{ "syscall", S_IFREG | 0400, proc_pid_syscall, NULL, NULL, &proc_seq_fresh_fops, NULL },
	{ "wchan", S_IFREG | 0444, proc_pid_wchan, NULL, NULL, &proc_seq_fresh_fops, NULL },
	{ "map_files", S_IFDIR | 0500, NULL, NULL, &proc_map_files_iops, &proc_map_files_fops, NULL },
	{ "task", S_IFDIR | 0555, NULL, NULL, &task_dir_iops, &task_dir_fops, NULL },
};

static const struct proc_entry pid_dir_entry = { "pid", S_IFDIR | 0555, NULL, NULL, &pid_dir_iops, &pid_dir_fops, NULL };
static const struct proc_entry tid_dir_entry = { "tid", S_IFDIR | 0555, NULL, NULL, &pid_dir_iops, &pid_dir_fops, NULL };

/* The entries of dir: all of pid_entries, or all but "task" in a thread's. */
static int pid_dir_nr(struct inode *dir)
{
	return (int)ARRAY_SIZE(pid_entries) - (dir->i_private == &tid_dir_entry);
}

static int pid_dir_lookup(struct inode *dir, struct dentry *d)
{
	if (!inode_task(dir))
		return -ENOENT;
	return proc_lookup_table(pid_entries, pid_dir_nr(dir), d, (struct pid *)dir->i_private2);
}

static int pid_dir_iterate(struct file *f, struct dir_context *ctx)
{
	proc_iterate_table(pid_entries, pid_dir_nr(f->f_inode), f, ctx);
	return 0;
}

/* A name that is a number: the task with that id in the reader's
 * namespace, if this mount (sb) lets the reader see it. */
static struct pid *name_to_pid(struct super_block *sb, const char *name)
{
	const char *end;
	unsigned long nr = simple_strtoul(name, &end, 10);
	if (*end || !*name || nr == 0 || nr > 0x7fffffff)
		return NULL;
	struct pid *pid = find_vpid((int)nr);
	struct task_struct *t = pid_task(pid);
	return t && t->exit_state != EXIT_DEAD && proc_pid_visible(sb, t) ? pid : NULL;
}

/* d becomes the directory of pid (/proc/N, or with tid /proc/N/task/M), as Linux's. */
static int proc_pid_instantiate(struct dentry *d, struct pid *pid, bool tid)
{
	struct inode *inode = proc_get_inode(d->d_sb, tid ? &tid_dir_entry : &pid_dir_entry, pid);
	if (!inode)
		return -ENOMEM;
	d_instantiate(d, inode);
	return 0;
}

static int task_dir_lookup(struct inode *dir, struct dentry *d)
{
	struct task_struct *leader = inode_task(dir);
	struct pid *pid = name_to_pid(d->d_sb, d->d_name);
	if (!leader || !pid || pid_task(pid)->signal != leader->signal)
		return -ENOENT;
	return proc_pid_instantiate(d, pid, true);
}

/* Gives the directory named nr at position i to ctx; false when ctx is full. */
static bool emit_pid_dir(struct dir_context *ctx, int nr, loff_t i)
{
	char name[16];
	int len = snprintf(name, sizeof name, "%d", nr);
	if (!ctx->actor(ctx, name, len, i, 0x10000 + nr, DT_DIR))
		return false;
	ctx->pos = i;
	return true;
}

/* Lists numbered directories after "." and "..": leader's threads, or
 * (leader NULL) every process visible in the caller's pid namespace. */
static void iterate_tasks(struct super_block *sb, struct dir_context *ctx, loff_t first,
			  struct task_struct *leader)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	loff_t i = first;
	struct task_struct *t;
	if (leader) {
		for_each_thread(leader, t) {
			if (i++ < ctx->pos)
				continue;
			int nr = pid_nr_ns(t->thread_pid, ns);
			if (nr && !emit_pid_dir(ctx, nr, i))
				return;
		}
		return;
	}
	for_each_process(t) {
		if (i++ < ctx->pos)
			continue;
		int nr = task_tgid_nr_ns(t, ns);
		if (nr && t->exit_state != EXIT_DEAD && proc_pid_visible(sb, t) && !emit_pid_dir(ctx, nr, i))
			return;
	}
}

static int task_dir_iterate(struct file *f, struct dir_context *ctx)
{
	struct task_struct *leader = inode_task(f->f_inode);
	if (!proc_iterate_table(NULL, 0, f, ctx) || !leader)
		return 0;
	iterate_tasks(f->f_inode->i_sb, ctx, 2, leader);
	return 0;
}

/* The process a /proc/PID directory's file stands for (not a thread's
 * /proc/PID/task/TID), as Linux's tgid_pidfd_to_pid: pidfd_send_signal
 * takes such an fd as a pidfd.  ERR_PTR(-EBADF) for any other file. */
struct pid *tgid_pidfd_to_pid(const struct file *file)
{
	if (file->f_op != &pid_dir_fops || file->f_inode->i_private != &pid_dir_entry)
		return ERR_PTR(-EBADF);
	return (struct pid *)file->f_inode->i_private2;
}

/* ---- the root directory ------------------------------------------------------------------ */

/* The root's entries on sb: with subset=pid only self and thread-self. */
static const struct proc_entry *root_table(struct super_block *sb, int *n)
{
	if (proc_pid_only(sb)) {
		*n = proc_pid_only_nr;
		return proc_pid_only_entries;
	}
	*n = proc_root_nr;
	return proc_root_entries;
}

static int proc_root_lookup(struct inode *dir __unused, struct dentry *d)
{
	int n;
	const struct proc_entry *tab = root_table(d->d_sb, &n);
	if (proc_lookup_table(tab, n, d, NULL) == 0)
		return 0;
	struct pid *pid = name_to_pid(d->d_sb, d->d_name);
	if (!pid)
		return -ENOENT;
	return proc_pid_instantiate(d, pid, false);
}

static int proc_root_iterate(struct file *f, struct dir_context *ctx)
{
	int n;
	const struct proc_entry *tab = root_table(f->f_inode->i_sb, &n);
	if (proc_iterate_table(tab, n, f, ctx))
		iterate_tasks(f->f_inode->i_sb, ctx, 2 + n, NULL);
	return 0;
}

const struct inode_operations proc_root_iops = { .lookup = proc_root_lookup };
const struct file_operations proc_root_fops = { .read = proc_dir_read, .iterate = proc_root_iterate };
