/*
 * tlb.c - TLB shootdown: which CPUs may cache an address space's
 * translations (mm_cpumask), switching address spaces (switch_mm, lazy
 * TLB, leave_mm), and flushing a range on every CPU that needs it
 * (flush_tlb_mm_range).  include/tlbflush.h has the rules.
 *
 * How a flush reaches another CPU: flush_tlb_mm_range changes nothing
 * itself - the caller has already changed the PTEs - it invalidates the
 * range here (invlpg per page, or a CR3 reload above a ceiling) and
 * sends one call-function IPI (kernel/smp.c) to the other CPUs in the
 * mask, each running flush_tlb_func on the same range, and waits for all.
 *
 * Why a CPU missing from the snapshot of the mask is safe: it sets its
 * bit (a locked instruction, a full barrier) before it loads CR3, and we
 * read the mask after the PTEs changed; so a CPU we did not see loads CR3
 * after the change, and a CR3 load starts with no user translations.
 *
 * A freed mm is never loaded anywhere (leave_mm_all): when the last user
 * goes, each CPU that still has it loaded - lazily, since none runs it -
 * gets an IPI and loads init_pgd, before the page tables are freed.  No
 * CPU can load it afterwards: switch_mm loads only a task's own mm, and
 * none has this one.  (Linux pins the mm with mmgrab/mmdrop instead.)
 */
#include <asm.h>
#include <kernel.h>
#include <mm.h>
#include <percpu.h>
#include <sched.h>
#include <smp.h>
#include <tlbflush.h>
#include <trace.h>

/* Above this many pages a full flush is cheaper than invlpg each (Linux's
 * tlb_single_page_flush_ceiling). */
#define TLB_SINGLE_PAGE_FLUSH_CEILING 33

struct tlb_counts tlb_counts;
bool tlb_shootdown_enabled = true;

/*
 * The mm each CPU has in CR3 (NULL: init_pgd, kernel only), Linux's
 * cpu_tlbstate.loaded_mm.  Each CPU reads and writes only its own, with
 * interrupts off (context switch, the flush IPI), so it needs no lock.
 */
static struct mm_struct *loaded_mm[NR_CPUS];

struct flush_tlb_info {
	struct mm_struct *mm;
	unsigned long start, end;
};

static void count(unsigned long *counter, unsigned long n)
{
	__atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

static bool flush_is_full(unsigned long start, unsigned long end)
{
	return end == TLB_FLUSH_ALL || (end - start) >> PAGE_SHIFT > TLB_SINGLE_PAGE_FLUSH_CEILING;
}

/* This CPU drops its translations of [start, end) of what it has loaded. */
static void local_flush_range(unsigned long start, unsigned long end)
{
	if (flush_is_full(start, end)) {
		write_cr3(read_cr3());
		return;
	}
	for (unsigned long a = start; a < end; a += PAGE_SIZE)
		invlpg(a);
}

void switch_mm(struct mm_struct *prev __unused, struct mm_struct *next, struct task_struct *tsk)
{
	int cpu = smp_processor_id();
	struct mm_struct *loaded = loaded_mm[cpu];
	tsk->active_mm = next ? next : loaded;
	if (!next || next == loaded)
		return;
	cpumask_set_cpu_atomic(cpu, mm_cpumask(next));
	write_cr3(__pa(next->pgd));
	loaded_mm[cpu] = next;
	if (loaded)
		cpumask_clear_cpu_atomic(cpu, mm_cpumask(loaded));
}

void leave_mm(void)
{
	int cpu = smp_processor_id();
	struct mm_struct *loaded = loaded_mm[cpu];
	if (!loaded)
		return;
	write_cr3(__pa(init_pgd));
	loaded_mm[cpu] = NULL;
	cpumask_clear_cpu_atomic(cpu, mm_cpumask(loaded));
	if (current->active_mm == loaded)
		current->active_mm = NULL;
}

/*
 * The flush IPI's work on a target CPU: flush if it still runs mm; leave
 * mm if it only holds it lazily (a task without mm runs here); nothing if
 * it has switched to another mm since the mask was read.
 */
static void flush_tlb_func(void *info)
{
	const struct flush_tlb_info *f = info;
	if (loaded_mm[smp_processor_id()] != f->mm)
		return;
	if (current->mm != f->mm) {
		leave_mm();
		return;
	}
	local_flush_range(f->start, f->end);
}

/* The other CPUs in mm's mask; read after the caller's PTE changes. */
static cpumask_t other_cpus(struct mm_struct *mm)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	cpumask_t m = cpumask_read(mm_cpumask(mm));
	cpumask_clear_cpu(smp_processor_id(), &m);
	return m;
}

void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	int cpu = smp_processor_id();
	if (end != TLB_FLUSH_ALL) {
		start &= PAGE_MASK;
		end = PAGE_ALIGN(end);
		if (start >= end)
			return;
	}
	if (flush_is_full(start, end))
		count(&tlb_counts.full_flushes, 1);
	else
		count(&tlb_counts.pages_flushed, (end - start) >> PAGE_SHIFT);
	if (loaded_mm[cpu] == mm)
		local_flush_range(start, end);
	cpumask_t targets = other_cpus(mm);
	if (cpumask_empty(&targets))
		return;
	trace_tlb(cpu, mm, start, end, targets.bits, tlb_shootdown_enabled);
	if (!tlb_shootdown_enabled)
		return;
	struct flush_tlb_info info = { mm, start, end };
	count(&tlb_counts.shootdowns, 1);
	for_each_cpu(c, &targets)
		count(&tlb_counts.ipis_sent, 1);        /* cpumask_weight's popcount needs libgcc */
	smp_call_function_many(&targets, flush_tlb_func, &info);
}

/* Any CPU that still has a dying mm loaded leaves it (see the top). */
static void leave_mm_func(void *info)
{
	if (loaded_mm[smp_processor_id()] == info)
		leave_mm();
}

void leave_mm_all(struct mm_struct *mm)
{
	if (loaded_mm[smp_processor_id()] == mm)
		leave_mm();
	cpumask_t targets = other_cpus(mm);
	if (!cpumask_empty(&targets))
		smp_call_function_many(&targets, leave_mm_func, mm);
#ifdef USHI_DEBUG
	/* Every CPU seen has answered (left, or had switched away and
	 * cleared its bit), and none can set it again: no task has mm. */
	if (!cpumask_empty(mm_cpumask(mm)))
		panic("leave_mm_all: CPUs 0x%lx still hold a dying mm",
		      (unsigned long)mm_cpumask(mm)->bits);
#endif
}

/*
 * tlb_shootdown=off: flushes stay on the CPU that changed the PTEs, so
 * another CPU keeps writing through its stale translation - the bug
 * user/tlbdemo shows.  Only the debug kernel takes it (leaving a dying
 * mm is still done by IPI: the kernel itself must not run on freed
 * page tables).
 */
void tlb_shootdown_setup(const char *val)
{
	if (strcmp(val, "off") != 0)
		return;
#ifdef USHI_DEBUG
	tlb_shootdown_enabled = false;
	printk("tlb: UNSAFE: tlb_shootdown=off - other CPUs keep stale translations "
	       "(for user/tlbdemo only)\n");
#else
	printk("tlb: tlb_shootdown=off refused: only the debug kernel takes it\n");
#endif
}
