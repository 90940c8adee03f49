/*
 * mm.h - physical frames (struct page), kernel allocation, page tables,
 * address spaces (mm_struct) and their areas (vm_area_struct).
 *
 * Virtual layout (the same idea as Linux x86-64):
 *   0 .. TASK_SIZE_MAX              user space, one per mm_struct
 *   PAGE_OFFSET (0xffff888000000000) all of physical RAM, the direct map
 *   KERNEL_MAP  (0xffffffff80000000) the kernel image
 * Every page table shares the kernel half (PML4 slots 256..511).
 */
#ifndef USHI_MM_H
#define USHI_MM_H

#include <cpumask.h>
#include <list.h>
#include <rwsem.h>
#include <spinlock.h>
#include <types.h>

#define PAGE_OFFSET 0xffff888000000000UL
#define KERNEL_MAP 0xffffffff80000000UL
#define TASK_SIZE_MAX ((1UL << 47) - PAGE_SIZE)   /* 0x7ffffffff000 */
/* Where a program's stack ends.  Linux's randomize_stack_top puts it a
 * random distance (up to 16 GiB) below TASK_SIZE_MAX; ushi, which has no
 * randomization, uses one fixed distance, so that the top pages of user
 * space are free as on Linux (the selftest x86/sysret_rip maps them). */
#define STACK_TOP (TASK_SIZE_MAX - (1UL << 20))
#define ELF_ET_DYN_BASE 0x555555554000UL          /* where static-pie loads */

static inline unsigned long __pa(const void *va)
{
	unsigned long v = (unsigned long)va;
	return v >= KERNEL_MAP ? v - KERNEL_MAP : v - PAGE_OFFSET;
}
#define __va(pa) ((void *)((unsigned long)(pa) + PAGE_OFFSET))

/* ---- frames -------------------------------------------------------------- */

/*
 * One struct page per physical frame, in mem_map[] indexed by frame
 * number.  _refcount counts every reference: each page-table entry that
 * maps the frame, a file's hold on its data page, the allocator's caller.
 * _mapcount counts only the user page-table entries (what Linux's
 * /proc/kpagecount reports).  A frame is free (in the buddy allocator)
 * exactly when PG_buddy is set on its block's first page.
 *
 * Locking: _refcount and _mapcount are atomic (the helpers below): two
 * CPUs fault, fork and unmap on the same frame without a common lock.
 * flags and order of a free block belong to the zone lock
 * (mm/page_alloc.c); of an allocated frame, to its owner, who sets them
 * before the frame is published (mapped, or put in a file) - after that
 * they are only read, until the last put_page.
 */
struct page {
	int _refcount;  /* atomic */
	union {
		int _mapcount;          /* atomic: the page-table entries that map this frame */
		/* A PTE table (PG_pgtable): how many mms' PMD entries point at it
		 * write-protected, shared by an on-demand fork (include/odf.h);
		 * 0 while one mm owns it.  Atomic. */
		int pt_share_count;
	};
	u16 flags;
	u8 order;       /* block order: while free (PG_buddy) or a kmalloc'd block (PG_head) */
	u8 pad;
	union {
		u32 pad2;
		/* A PTE table: its entries that hold a frame counted in rss (not the
		 * zero page).  Changed under the owning mm's page_table_lock (or
		 * mmap_lock for writing); frozen while the table is shared. */
		u32 pt_rss;
	};
};

enum pageflags {
	PG_reserved = 1 << 0,   /* kernel image, firmware, holes: never allocated */
	PG_buddy = 1 << 1,      /* first page of a free block */
	PG_slab = 1 << 2,       /* holds small kmalloc objects */
	PG_head = 1 << 3,       /* first page of a multi-page kmalloc block */
	PG_anon = 1 << 4,       /* anonymous user memory (COW may reuse it) */
	PG_pgtable = 1 << 5,    /* a page-table page */
	PG_file = 1 << 6,       /* data of a ramfs file */
};

extern struct page *mem_map;
extern unsigned long max_pfn;
extern unsigned long nr_free_pages, totalram_pages;
#define DEFAULT_MAX_MAP_COUNT 65530
extern unsigned long mmap_min_addr;     /* /proc/sys/vm/mmap_min_addr */
extern int sysctl_max_map_count;        /* /proc/sys/vm/max_map_count */

#define page_to_pfn(p) ((unsigned long)((p) - mem_map))
#define pfn_to_page(pfn) (mem_map + (pfn))
#define page_address(p) __va(page_to_pfn(p) << PAGE_SHIFT)
#define virt_to_page(va) pfn_to_page(__pa(va) >> PAGE_SHIFT)

#define GFP_KERNEL 0
#define __GFP_ZERO 1

struct page *alloc_pages(int gfp, unsigned int order);
void __free_pages(struct page *page, unsigned int order);
static inline struct page *alloc_page(int gfp) { return alloc_pages(gfp, 0); }
/* A zeroed frame, or NULL; returns its direct-map address. */
void *get_zeroed_page(void);
void free_page(void *addr);

static inline int page_count(struct page *p)
{
	return __atomic_load_n(&p->_refcount, __ATOMIC_RELAXED);
}
static inline void set_page_count(struct page *p, int v)
{
	__atomic_store_n(&p->_refcount, v, __ATOMIC_RELAXED);
}
static inline void page_ref_inc(struct page *p)
{
	__atomic_fetch_add(&p->_refcount, 1, __ATOMIC_RELAXED);
}
/* True for the caller that dropped the last reference: the frame is its
 * alone (acquire: every other holder's writes to it are seen). */
static inline bool page_ref_dec_and_test(struct page *p)
{
	return __atomic_sub_fetch(&p->_refcount, 1, __ATOMIC_ACQ_REL) == 0;
}
static inline void get_page(struct page *p) { page_ref_inc(p); }
static inline int page_mapcount(struct page *p)
{
	return __atomic_load_n(&p->_mapcount, __ATOMIC_RELAXED);
}
static inline void page_mapcount_inc(struct page *p)
{
	__atomic_fetch_add(&p->_mapcount, 1, __ATOMIC_RELAXED);
}
/* Returns the count after the decrement. */
static inline int page_mapcount_dec(struct page *p)
{
	return __atomic_sub_fetch(&p->_mapcount, 1, __ATOMIC_RELAXED);
}
/* put_page's rare end (page_alloc.c): count is what the drop left, 0
 * (the last reference: the frame is freed) or below (a put on a free
 * frame: a bug, panics). */
void put_page_slow(struct page *p, int count);
/* Drops a reference; the last one returns the frame to the allocator.
 * Inline: most drops are not the last (a COW fault's on the frame it
 * copied), and those are one atomic instruction and a test. */
static inline void put_page(struct page *p)
{
	int count = __atomic_sub_fetch(&p->_refcount, 1, __ATOMIC_ACQ_REL);
	if (unlikely(count <= 0))
		put_page_slow(p, count);
}
/* put_page on each of pages[0..nr), one allocator lock hold for all (the array is reused). */
void release_pages(struct page **pages, unsigned int nr);

/* The shared, always-zero frame that read faults on fresh memory map. */
extern struct page *zero_page;

void page_alloc_init(void);
void free_boot_range(unsigned long start_pfn, unsigned long end_pfn);

void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(const void *p);

/* ---- page tables ------------------------------------------------------------ */

typedef u64 pte_t;

#define _PAGE_PRESENT (1UL << 0)
#define _PAGE_RW (1UL << 1)
#define _PAGE_USER (1UL << 2)
#define _PAGE_PWT (1UL << 3)
#define _PAGE_PCD (1UL << 4)
#define _PAGE_ACCESSED (1UL << 5)
#define _PAGE_DIRTY (1UL << 6)
#define _PAGE_PSE (1UL << 7)
#define _PAGE_GLOBAL (1UL << 8)
#define _PAGE_SPECIAL (1UL << 9)   /* software bit: no struct page reference (zero page) */
#define _PAGE_PROTNONE _PAGE_GLOBAL /* with PRESENT clear: a PROT_NONE page that is still held */
#define _PAGE_SOFT_DIRTY (1UL << 11)   /* software bit: written since clear_refs (Linux's) */
#define _PAGE_NX (1UL << 63)
#define PTE_PFN_MASK 0x000ffffffffff000UL

#define pte_present(p) ((p) & _PAGE_PRESENT)
#define pte_mapped(p) ((p) & (_PAGE_PRESENT | _PAGE_PROTNONE))   /* holds a frame */
#define pte_write(p) ((p) & _PAGE_RW)
#define pte_pfn(p) (((p) & PTE_PFN_MASK) >> PAGE_SHIFT)
#define pte_page(p) pfn_to_page(pte_pfn(p))
#define pfn_pte(pfn, prot) (((u64)(pfn) << PAGE_SHIFT) | (prot))

extern pte_t *init_pgd;          /* the kernel's own PML4 (kernel half only) */
extern bool cpu_has_nx;

/* Returns the last-level entry for va, allocating tables if alloc. */
pte_t *pte_walk(pte_t *pgd, unsigned long va, bool alloc);
pte_t *pmd_walk(pte_t *pgd, unsigned long va, bool alloc);
struct mm_struct;
pte_t *pte_alloc(struct mm_struct *mm, unsigned long va);
pte_t *pgd_alloc(void);
void free_pgtables(pte_t *pgd);
void flush_tlb_one(unsigned long va);        /* this CPU only; tlbflush.h flushes all */
/* fn(first pte, start, end, arg) for each existing page table in [start, end);
 * the range never crosses a table, so pte[i] maps start + i pages. */
typedef void (*pte_range_fn)(pte_t *pte, unsigned long start, unsigned long end, void *arg);
void walk_pte_range(pte_t *pgd, unsigned long start, unsigned long end, pte_range_fn fn, void *arg);

/* ---- address spaces -------------------------------------------------------- */

struct file;

/* vm_flags, with Linux's values. */
#define VM_READ 0x00000001UL
#define VM_WRITE 0x00000002UL
#define VM_EXEC 0x00000004UL
#define VM_SHARED 0x00000008UL
#define VM_MAYREAD 0x00000010UL
#define VM_MAYWRITE 0x00000020UL
#define VM_MAYEXEC 0x00000040UL
#define VM_MAYSHARE 0x00000080UL
#define VM_GROWSDOWN 0x00000100UL
#define VM_PFNMAP 0x00000400UL           /* frames the kernel owns (the vvar page): never moved in bulk */
#define VM_IO 0x00004000UL
#define VM_LOCKED 0x00002000UL           /* mlock: pages faulted in and kept */
#define VM_DONTCOPY 0x00020000UL
#define VM_DONTEXPAND 0x00040000UL       /* mremap may move it but not grow it */
#define VM_ACCOUNT 0x00100000UL         /* counted against overcommit (accountable) */
#define VM_LOCKONFAULT 0x00080000UL     /* with VM_LOCKED: lock each page as it faults in */
#define VM_NORESERVE 0x00200000UL       /* MAP_NORESERVE: never counted */
#define VM_WIPEONFORK 0x02000000UL
#define VM_DONTDUMP 0x04000000UL
#define VM_SOFTDIRTY 0x08000000UL       /* new since clear_refs: every page counts as written */
#define VM_STACK VM_GROWSDOWN
#define VM_SPECIAL (VM_IO | VM_DONTEXPAND | VM_PFNMAP)   /* the vDSO's areas: never locked */
#define VM_LOCKED_MASK (VM_LOCKED | VM_LOCKONFAULT)

struct vm_area_struct;

/* One fault for an area's vm_ops to serve (Linux's struct vm_fault). */
struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long address;          /* the faulting page */
	unsigned long pgoff;            /* its page index in the file */
	unsigned int flags;             /* FAULT_FLAG_* */
	struct page *page;              /* out: the file's page, with a reference for the fault */
};

/*
 * How the pages of a file-backed area come in, chosen by the file's
 * f_op->mmap.  mm/ knows no file system: do_fault asks .fault for the
 * page and maps it (or a private copy).
 */
struct vm_operations_struct {
	/* Sets vmf->page and returns 0, or returns VM_FAULT_SIGBUS (past
	 * the end of the file) or VM_FAULT_OOM.  Runs with mmap_lock read
	 * and no big kernel lock: the file's pages need a lock of their own,
	 * and the page comes with a reference (truncation may drop the
	 * file's own before the fault maps it). */
	int (*fault)(struct vm_fault *vmf);
	/* Optional: a new area now holds the file (fork's copy), or an area
	 * is about to be freed (Linux's open and close: SysV shm counts its
	 * attaches with them). */
	void (*open)(struct vm_area_struct *vma);
	void (*close)(struct vm_area_struct *vma);
	/* Optional: the name /proc/PID/maps shows for an area with no
	 * file ("[vdso]"). */
	const char *(*name)(struct vm_area_struct *vma);
	/* Optional: may the area be split at addr?  0, or the errno that
	 * munmap, mprotect and mremap then fail with. */
	int (*may_split)(struct vm_area_struct *vma, unsigned long addr);
};

/*
 * A range [vm_start, vm_end) of one address space with one set of
 * permissions and one backing: anonymous memory (vm_file and vm_ops
 * NULL) or a file (page vm_pgoff of vm_file at vm_start, faulted in
 * through vm_ops).  MAP_SHARED|MAP_ANONYMOUS memory is backed by an
 * unnamed file (mm/shmem.c), as on Linux.
 */
struct vm_area_struct {
	unsigned long vm_start, vm_end;
	unsigned long vm_flags;
	unsigned long vm_pgoff;
	struct file *vm_file;
	const struct vm_operations_struct *vm_ops;
	void *vm_private_data;          /* vm_ops' own (a special mapping's description) */
	struct mm_struct *vm_mm;
	struct list_head vm_list;       /* in mm->mmap, sorted by address */
};

/*
 * An address space.  mm_users counts the tasks using it (threads and
 * CLONE_VM children share one); when it drops to zero every mapping is
 * torn down and every frame reference dropped.
 *
 * Locking (the order of all locks is in docs/locking.md):
 *   mmap_lock, a sleeping rw_semaphore, protects the list of areas and
 *     every field of every area, map_count, mmap_cache's target,
 *     total_vm, mmap_base, def_flags, the code/data/brk/stack/arg/env
 *     bounds and exe_file.  Page faults and walks of the address space
 *     take it for reading; anything that adds, removes or changes an
 *     area takes it for writing.  No user copy may be made while it is
 *     held: the copy's fault would take it again.  One exception to
 *     "write to change": expand_stack lowers a growsdown area's vm_start
 *     under mmap_lock read plus page_table_lock, as Linux did.
 *   page_table_lock, a spinlock, protects the page tables under pgd
 *     while mmap_lock is only read: a fault installs or changes an entry
 *     (after checking that the entry is still what it saw), truncation
 *     zaps entries, clear_refs write-protects them, all under it.  A
 *     holder of mmap_lock for writing may change entries without it
 *     (nobody else can), but zap and mprotect take it anyway (cheap).
 *     Upper-level entries are only ever filled while the mm lives (and
 *     freed with it), so a walk may read them without the lock.
 *   mm_users and rss are atomic; mmap_cache is a hint read and written
 *     by find_vma on several CPUs at once (READ_ONCE/WRITE_ONCE).
 *   dumpable: a word read and written whole.
 */
struct mm_struct {
	pte_t *pgd;
	cpumask_t cpu_bitmap;           /* CPUs that may cache its translations: mm_cpumask (mm/tlb.c) */
	struct rw_semaphore mmap_lock;
	spinlock_t page_table_lock;
	struct list_head mmap;          /* vm_area_structs, by address (mmap_lock) */
	struct vm_area_struct *mmap_cache;      /* find_vma's last answer (mm/mmap.c), or NULL */
	int map_count;
	int mm_users;                   /* atomic */
	struct list_head mmlist;        /* on mmlist, every mm in existence (mmlist_lock) */
	unsigned long mmap_base;        /* top of the region mmap searches downwards */
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
	unsigned long total_vm;         /* pages mapped by VMAs */
	unsigned long rss;              /* pages present in the page tables (atomic) */
	unsigned long pt_shared_at_fork; /* on-demand fork: PTE tables its fork shared with it */
	unsigned long def_flags;        /* vm_flags every new area gets (mlockall's MCL_FUTURE) */
	struct page *exe_page_hint;     /* unused; room for /proc/PID/exe later */
	struct file *exe_file;
	int dumpable;                   /* PR_SET_DUMPABLE: 0 shuts out pidfd_getfd (ptrace's rule) */
};

static inline void mmap_read_lock(struct mm_struct *mm) { down_read(&mm->mmap_lock); }
static inline void mmap_read_unlock(struct mm_struct *mm) { up_read(&mm->mmap_lock); }
static inline void mmap_write_lock(struct mm_struct *mm) { down_write(&mm->mmap_lock); }
static inline void mmap_write_unlock(struct mm_struct *mm) { up_write(&mm->mmap_lock); }
static inline void mmap_write_downgrade(struct mm_struct *mm) { downgrade_write(&mm->mmap_lock); }

static inline void add_mm_rss(struct mm_struct *mm, long pages)
{
	__atomic_fetch_add(&mm->rss, (unsigned long)pages, __ATOMIC_RELAXED);
}
static inline unsigned long get_mm_rss(struct mm_struct *mm)
{
	return __atomic_load_n(&mm->rss, __ATOMIC_RELAXED);
}

struct mm_struct *mm_alloc(void);
static inline bool is_cow_mapping(unsigned long flags)
{
	return (flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}
void mmput(struct mm_struct *mm);
struct task_struct;
struct mm_struct *get_task_mm(struct task_struct *t);
struct mm_struct *task_mm_read_lock(struct task_struct *t);
void task_mm_read_unlock(struct mm_struct *mm);
void set_mm_exe_file(struct mm_struct *mm, struct file *file);
static inline void mmget(struct mm_struct *mm)
{
	__atomic_fetch_add(&mm->mm_users, 1, __ATOMIC_RELAXED);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr,
				unsigned long len, unsigned long flags);
long do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
	     unsigned long prot, unsigned long flags, struct file *file,
	     unsigned long pgoff);
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);
unsigned long vm_flags_from_prot(unsigned long prot);
int vm_enough_memory(unsigned long pages);
pte_t vm_page_prot(unsigned long vm_flags);

/* Fault handling (mm/memory.c). */
#define FAULT_FLAG_WRITE 0x01
#define FAULT_FLAG_USER 0x02
#define FAULT_FLAG_INSTRUCTION 0x04
#define VM_FAULT_OOM 0x0001
#define VM_FAULT_SIGBUS 0x0002
#define VM_FAULT_SIGSEGV 0x0004
int handle_mm_fault(struct vm_area_struct *vma, unsigned long address, unsigned int flags);
int expand_stack(struct vm_area_struct *vma, unsigned long address);
int copy_page_range(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *vma);
void zap_page_range(struct mm_struct *mm, unsigned long start, unsigned long end);
struct inode;
void unmap_mapping_range(struct inode *inode, long long from);

/* mm/mprotect.c */
void change_protection(struct mm_struct *mm, unsigned long start, unsigned long end,
		       unsigned long vm_flags);

/* mm/mlock.c */
unsigned long mm_locked_vm(struct mm_struct *mm);
bool can_do_mlock(void);
bool mlock_allowed(struct mm_struct *mm, unsigned long pages);
int mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len, bool ignore_errors);

/* mm/special_mapping.c */

/*
 * Kernel pages mapped into user space as an area of their own, with no
 * file: the vDSO's text and its vvar page (Linux's vm_special_mapping).
 * pages is NULL-terminated; a fault past its end is SIGBUS.
 */
struct vm_special_mapping {
	const char *name;               /* shown in /proc/PID/maps */
	struct page **pages;
};
/* Adds [addr, addr+len) to mm as an area showing spec's pages, or -errno. */
struct vm_area_struct *_install_special_mapping(struct mm_struct *mm, unsigned long addr,
						unsigned long len, unsigned long vm_flags,
						const struct vm_special_mapping *spec);
bool vma_is_special_mapping(const struct vm_area_struct *vma, const struct vm_special_mapping *sm);
/* Is vma any special mapping (an area that faults through vm_ops without a file)? */
bool vma_is_any_special_mapping(const struct vm_area_struct *vma);

/* mm/shmem.c */
void shmem_init(void);
struct file *shmem_file_setup(unsigned long size);
struct file *shmem_file_named(const char *name, umode_t mode, unsigned long size);

/* Counters of the fault paths, since boot (shown in /proc/ushi/stat). */
struct vm_event_counts {
	unsigned long zero_fill;        /* do_anonymous_page: fresh zeroed frame */
	unsigned long zero_page;        /* do_anonymous_page: read maps the zero page */
	unsigned long cow_copy;         /* do_wp_page: frame shared, so copied */
	unsigned long cow_reuse;        /* do_wp_page: last user, made writable */
	unsigned long file_read;        /* file page mapped */
	unsigned long file_cow;         /* private write to a file page: copied */
	unsigned long segv;             /* faults that ended in SIGSEGV/SIGBUS */
	unsigned long oom;              /* faults with no frame left */
	unsigned long forks_pages;      /* PTEs write-protected by fork */
};
extern struct vm_event_counts vm_events;
/* The counters are bumped by faults on several CPUs at once: atomically. */
#define count_vm_event(field) __atomic_fetch_add(&vm_events.field, 1, __ATOMIC_RELAXED)

/* mm/debug.c: audits of the invariants, in test builds (-DUSHI_DEBUG). */
#ifdef USHI_DEBUG
void mm_audit(void);
void mm_audit_teardown(struct mm_struct *mm);
extern struct list_head mmlist;         /* every mm_struct, for the audit (mm/mmap.c) */
extern spinlock_t mmlist_lock;
void frame_census(void);
void check_free_lists(void);
#else
static inline void mm_audit(void) {}
static inline void mm_audit_teardown(struct mm_struct *mm) { (void)mm; }
static inline void frame_census(void) {}
#endif

/* mm/init.c */
void mm_init(void);
void free_initrd_mem(void);

#endif
