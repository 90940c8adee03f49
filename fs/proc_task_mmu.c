/*
 * proc_task_mmu.c - /proc/PID/smaps and /proc/PID/smaps_rollup (Linux's
 * fs/proc/task_mmu.c): for each area its maps line, then how much of it
 * is in memory, counted from the page tables and the frames' map counts.
 *
 *   Rss        pages of the area present in its page table (the shared
 *              zero page is no frame of the area's and is left out, as
 *              Linux's vm_normal_page leaves it out)
 *   Pss        each page divided by the number of mappings that share it
 *   Shared_* / Private_*   a page mapped more than once is shared; Dirty
 *              is the PTE's dirty bit
 *   Anonymous  pages of anonymous memory (PG_anon), private COW copies
 *              of a file's pages included
 *   Locked     the Pss of the area if it is mlocked
 *   VmFlags    the area's flags as Linux's two-letter mnemonics
 *
 * ushi has no swap, no huge pages and no lazy freeing: those lines are 0.
 *
 * /proc/PID/statm: Linux's task_statm, its sizes in pages.
 *
 * /proc/PID/clear_refs takes a number: 1-3 clear the accessed bits (all,
 * anonymous, file pages), 4 the soft-dirty bits (mm/memory.c), 5 the
 * peak RSS (none kept here).
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <odf.h>
#include <pid.h>
#include <proc.h>
#include <sched.h>
#include <tlbflush.h>
#include <uaccess.h>

/* Pss is kept in pages << PSS_SHIFT so shares of a page add up exactly. */
#define PSS_SHIFT 12

struct mem_size_stats {
	unsigned long resident, shared_clean, shared_dirty, private_clean, private_dirty;
	unsigned long referenced, anonymous;
	u64 pss, pss_dirty, pss_anon, pss_file, pss_shmem, pss_locked;
};

struct smaps_walk {
	struct mem_size_stats *mss;
	struct vm_area_struct *vma;
};

/* Counts one present page of w->vma (Linux's smaps_account), mapped
 * through a PTE table that `sharers` mms share (on-demand fork; 1 if not):
 * each of them maps the frame. */
static void smaps_account(struct smaps_walk *w, pte_t pte, int sharers)
{
	struct mem_size_stats *mss = w->mss;
	struct page *page = pte_page(pte);
	bool dirty = pte & _PAGE_DIRTY;
	int mapcount = MAX(page_mapcount(page) + sharers - 1, 1);
	u64 pss = ((u64)PAGE_SIZE << PSS_SHIFT) / mapcount;
	mss->resident += PAGE_SIZE;
	if (pte & _PAGE_ACCESSED)
		mss->referenced += PAGE_SIZE;
	if (mapcount > 1)
		*(dirty ? &mss->shared_dirty : &mss->shared_clean) += PAGE_SIZE;
	else
		*(dirty ? &mss->private_dirty : &mss->private_clean) += PAGE_SIZE;
	mss->pss += pss;
	if (dirty)
		mss->pss_dirty += pss;
	if (page->flags & PG_anon) {
		mss->anonymous += PAGE_SIZE;
		mss->pss_anon += pss;
	} else if (w->vma->vm_file && !w->vma->vm_file->f_path.mnt->mnt_sb->s_pin_dentries) {
		/* a file of the internal mount: shared anonymous memory or SysV shm */
		mss->pss_shmem += pss;
	} else {
		mss->pss_file += pss;   /* a file's page, or the vDSO's */
	}
	if (w->vma->vm_flags & VM_LOCKED)
		mss->pss_locked += pss;
}

static void smaps_pte_range(pte_t *pte, unsigned long start, unsigned long end, void *arg)
{
	for (unsigned long a = start; a < end; a += PAGE_SIZE, pte++)
		if (pte_mapped(*pte) && !(*pte & _PAGE_SPECIAL))
			smaps_account(arg, *pte, odf_table_sharers(pte));
}

/* Adds the pages of vma to mss (Linux's smap_gather_stats). */
static void smap_gather_stats(struct vm_area_struct *vma, struct mem_size_stats *mss)
{
	struct smaps_walk w = { mss, vma };
	walk_pte_range(vma->vm_mm->pgd, vma->vm_start, vma->vm_end, smaps_pte_range, &w);
}

/* "Name:     N kB", Linux's SEQ_PUT_DEC of a byte count. */
static void put_kb(struct seq_buf *s, const char *name, unsigned long bytes)
{
	seq_printf(s, "%-16s%8lu kB\n", name, bytes >> 10);
}

/* The counts shared by smaps and smaps_rollup (Linux's __show_smap). */
static void __show_smap(struct seq_buf *s, const struct mem_size_stats *mss, bool rollup)
{
	put_kb(s, "Rss:", mss->resident);
	put_kb(s, "Pss:", mss->pss >> PSS_SHIFT);
	put_kb(s, "Pss_Dirty:", mss->pss_dirty >> PSS_SHIFT);
	if (rollup) {
		put_kb(s, "Pss_Anon:", mss->pss_anon >> PSS_SHIFT);
		put_kb(s, "Pss_File:", mss->pss_file >> PSS_SHIFT);
		put_kb(s, "Pss_Shmem:", mss->pss_shmem >> PSS_SHIFT);
	}
	put_kb(s, "Shared_Clean:", mss->shared_clean);
	put_kb(s, "Shared_Dirty:", mss->shared_dirty);
	put_kb(s, "Private_Clean:", mss->private_clean);
	put_kb(s, "Private_Dirty:", mss->private_dirty);
	put_kb(s, "Referenced:", mss->referenced);
	put_kb(s, "Anonymous:", mss->anonymous);
	static const char *const zero[] = {
		"LazyFree:", "AnonHugePages:", "ShmemPmdMapped:", "FilePmdMapped:",
	};
	for (size_t i = 0; i < ARRAY_SIZE(zero); i++)
		put_kb(s, zero[i], 0);
	seq_printf(s, "Shared_Hugetlb: %8d kB\nPrivate_Hugetlb: %7d kB\n", 0, 0);
	put_kb(s, "Swap:", 0);
	put_kb(s, "SwapPss:", 0);
	put_kb(s, "Locked:", mss->pss_locked >> PSS_SHIFT);
}

/* Linux's mnemonic for each vm_flags bit (show_smap_vma_flags), by bit. */
static const char vm_flag_names[32][3] = {
	[0] = "rd", [1] = "wr", [2] = "ex", [3] = "sh", [4] = "mr", [5] = "mw", [6] = "me",
	[7] = "ms", [8] = "gd", [10] = "pf", [13] = "lo", [14] = "io", [15] = "sr", [16] = "rr",
	[17] = "dc", [18] = "de", [19] = "lf", [20] = "ac", [21] = "nr", [22] = "ht", [23] = "sf",
	[25] = "wf", [26] = "dd", [27] = "sd", [28] = "mm", [29] = "hg", [30] = "nh", [31] = "mg",
};

static void show_smap_vma_flags(struct seq_buf *s, unsigned long flags)
{
	seq_printf(s, "VmFlags: ");
	for (int i = 0; i < 32; i++)
		if ((flags & (1UL << i)) && vm_flag_names[i][0])
			seq_printf(s, "%s ", vm_flag_names[i]);
	seq_printf(s, "\n");
}

/*
 * The mm of pid's task, held and locked for reading, and *tp the task as
 * it is once the lock is had (taking it may sleep, and the task exit
 * meanwhile: *tp NULL then).  NULL if there is no task or it has no mm.
 * The caller prints to its kernel buffer, then task_mm_read_unlock.
 */
struct mm_struct *proc_pid_mm_lock(struct pid *pid, struct task_struct **tp)
{
	struct task_struct *t = pid_task(pid);
	struct mm_struct *mm = t ? task_mm_read_lock(t) : NULL;
	*tp = pid_task(pid);
	if (mm && !*tp) {
		task_mm_read_unlock(mm);
		return NULL;
	}
	return mm;
}

int show_smaps(struct seq_buf *s, struct pid *pid)
{
	struct task_struct *t;
	struct mm_struct *mm = proc_pid_mm_lock(pid, &t);
	if (!t)
		return -ESRCH;
	if (!mm)
		return 0;
	struct vm_area_struct *v;
	list_for_each_entry(v, &mm->mmap, vm_list) {
		struct mem_size_stats mss = { 0 };
		smap_gather_stats(v, &mss);
		show_map_vma(s, t, v);
		put_kb(s, "Size:", v->vm_end - v->vm_start);
		put_kb(s, "KernelPageSize:", PAGE_SIZE);
		put_kb(s, "MMUPageSize:", PAGE_SIZE);
		__show_smap(s, &mss, false);
		seq_printf(s, "THPeligible:    %d\n", 0);
		show_smap_vma_flags(s, v->vm_flags);
	}
	task_mm_read_unlock(mm);
	return 0;
}

/* The counts of every area added up, under a header line spanning them. */
int show_smaps_rollup(struct seq_buf *s, struct pid *pid)
{
	struct task_struct *t;
	struct mm_struct *mm = proc_pid_mm_lock(pid, &t);
	if (!t)
		return -ESRCH;
	if (!mm)
		return 0;
	struct mem_size_stats mss = { 0 };
	struct vm_area_struct *v;
	list_for_each_entry(v, &mm->mmap, vm_list)
		smap_gather_stats(v, &mss);
	/* An address space without areas still gets its 0-0 line and zero
	 * counts, as Linux's empty_set (selftest proc/proc-empty-vm). */
	unsigned long first = 0, last = 0;
	if (!list_empty(&mm->mmap)) {
		first = list_first_entry(&mm->mmap, struct vm_area_struct, vm_list)->vm_start;
		last = list_entry(mm->mmap.prev, struct vm_area_struct, vm_list)->vm_end;
	}
	size_t start = s->len;
	seq_printf(s, "%08lx-%08lx ---p 00000000 00:00 0 ", first, last);
	size_t len = s->len - start;
	seq_printf(s, "%*s[rollup]\n", len < 73 ? (int)(73 - len) : 0, "");
	__show_smap(s, &mss, true);
	task_mm_read_unlock(mm);
	return 0;
}

/* ---- /proc/PID/statm ------------------------------------------------------------- */

struct statm_pages {
	unsigned long shared, anon;     /* Linux's MM_FILEPAGES + MM_SHMEMPAGES, MM_ANONPAGES */
};

static void statm_pte_range(pte_t *pte, unsigned long start, unsigned long end, void *arg)
{
	struct statm_pages *n = arg;
	for (unsigned long a = start; a < end; a += PAGE_SIZE, pte++)
		if (pte_mapped(*pte) && !(*pte & _PAGE_SPECIAL))
			(*(pte_page(*pte)->flags & PG_anon ? &n->anon : &n->shared))++;
}

/*
 * Linux's task_statm.  ushi keeps no per-kind page counters or
 * data_vm/stack_vm, so both are counted here: the page tables give the
 * file and anonymous pages, the areas' flags the data and stack sizes
 * (Linux's vm_stat_account sorts each area the same way as it is mapped).
 */
static unsigned long task_statm(struct mm_struct *mm, unsigned long *shared, unsigned long *text,
				unsigned long *data, unsigned long *resident)
{
	struct statm_pages n = { 0, 0 };
	struct vm_area_struct *v;
	*data = 0;
	list_for_each_entry(v, &mm->mmap, vm_list) {
		unsigned long f = v->vm_flags, pages = (v->vm_end - v->vm_start) >> PAGE_SHIFT;
		bool exec = (f & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC;
		if (!exec && ((f & VM_STACK) || (f & (VM_WRITE | VM_SHARED)) == VM_WRITE))
			*data += pages;
		walk_pte_range(mm->pgd, v->vm_start, v->vm_end, statm_pte_range, &n);
	}
	*shared = n.shared;
	*text = (PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK)) >> PAGE_SHIFT;
	*resident = n.shared + n.anon;
	return mm->total_vm;
}

/* /proc/PID/statm: size resident shared text lib(0) data dt(0), in pages. */
int show_statm(struct seq_buf *s, struct pid *pid)
{
	struct task_struct *t;
	struct mm_struct *mm = proc_pid_mm_lock(pid, &t);
	if (!t)
		return -ESRCH;
	if (!mm) {
		seq_printf(s, "0 0 0 0 0 0 0\n");
		return 0;
	}
	unsigned long shared, text, data, resident;
	unsigned long size = task_statm(mm, &shared, &text, &data, &resident);
	task_mm_read_unlock(mm);
	seq_printf(s, "%lu %lu %lu %lu 0 %lu 0\n", size, resident, shared, text, data);
	return 0;
}

/* ---- /proc/PID/clear_refs -------------------------------------------------------- */

enum clear_refs_types {
	CLEAR_REFS_ALL = 1,             /* the accessed bits of every page */
	CLEAR_REFS_ANON,                /* ... of anonymous memory */
	CLEAR_REFS_MAPPED,              /* ... of files' pages */
	CLEAR_REFS_SOFT_DIRTY,          /* the soft-dirty bits: track writes from now on */
	CLEAR_REFS_MM_HIWATER_RSS,      /* the peak RSS (ushi keeps none) */
	CLEAR_REFS_LAST,
};

/* Clears the bits of arg's mask in every mapped PTE; for soft-dirty also
 * write-protects them, so that the next write faults and sets it again. */
static void clear_refs_pte_range(pte_t *pte, unsigned long start, unsigned long end, void *arg)
{
	pte_t clear = *(pte_t *)arg;
	if (pte_table_page(pte)->pt_share_count)
		return;                 /* shared (no memory to copy it): left as it is */
	for (unsigned long a = start; a < end; a += PAGE_SIZE, pte++)
		if (pte_mapped(*pte))
			*pte &= ~((clear & _PAGE_SOFT_DIRTY) && pte_present(*pte) ? clear | _PAGE_RW : clear);
}

/* Changes areas' flags (VM_SOFTDIRTY): mmap_lock for writing; and PTEs
 * that faults of the task's other threads might be installing:
 * page_table_lock too. */
static void clear_refs(struct mm_struct *mm, int type)
{
	pte_t clear = type == CLEAR_REFS_SOFT_DIRTY ? _PAGE_SOFT_DIRTY : _PAGE_ACCESSED;
	struct vm_area_struct *v;
	mmap_write_lock(mm);
	list_for_each_entry(v, &mm->mmap, vm_list)      /* the PTE tables become this mm's own */
		if (odf_unshare_range(mm, v->vm_start, v->vm_end, ODF_CLEAR_REFS))
			break;          /* no memory: a shared table keeps its bits (skipped below) */
	spin_lock(&mm->page_table_lock);
	list_for_each_entry(v, &mm->mmap, vm_list) {
		if ((type == CLEAR_REFS_ANON && v->vm_file) || (type == CLEAR_REFS_MAPPED && !v->vm_file))
			continue;
		if (type == CLEAR_REFS_SOFT_DIRTY)
			v->vm_flags &= ~VM_SOFTDIRTY;
		walk_pte_range(mm->pgd, v->vm_start, v->vm_end, clear_refs_pte_range, &clear);
	}
	flush_tlb_mm(mm);
	spin_unlock(&mm->page_table_lock);
	mmap_write_unlock(mm);
}

/* Linux's clear_refs_write: one number, 1 to 5, blanks around it allowed. */
static ssize_t clear_refs_write(struct file *f, const char *ubuf, size_t n, loff_t *pos)
{
	char buf[16] = { 0 };
	if (copy_from_user(buf, ubuf, MIN(n, sizeof buf - 1)))
		return -EFAULT;
	const char *p = buf, *end;
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	unsigned long type = simple_strtoul(p, &end, 10);
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	if (end == p || *end || type < CLEAR_REFS_ALL || type >= CLEAR_REFS_LAST)
		return -EINVAL;
	struct task_struct *t = pid_task((struct pid *)f->f_inode->i_private2);
	if (!t)
		return -ESRCH;
	struct mm_struct *mm = get_task_mm(t);
	if (mm && type != CLEAR_REFS_MM_HIWATER_RSS)
		clear_refs(mm, type);
	if (mm)
		mmput(mm);
	*pos += n;
	return n;
}

const struct file_operations proc_clear_refs_operations = {
	.write = clear_refs_write, .llseek = generic_file_llseek,
};
