/*
 * trace.c - the teaching trace (see trace.h).  The line formats are
 * stable, documented in docs/, and parsed by tools/cow-picture.py:
 *
 *   [trace] fault pid=P va=0x... kind=cow-copy pfn=0xOLD->0xNEW count=2->1
 *   [trace] fork parent=P child=C flags=0x... shared=mm,files copied=fs,sighand
 *   [trace] exec pid=P path=/bin/x
 *   [trace] exit pid=P status=0x...
 *   [trace] signal pid=P sig=N
 *   [trace] tlb cpu=C mm=0x... range=0xSTART-0xEND pages=N targets=1,2   (range=all: the whole mm;
 *           "ipi=skipped" at the end with the debug kernel's tlb_shootdown=off)
 *   [trace] syscall pid=P name(arg0, arg1, arg2)   and   [trace] syscall pid=P name = ret
 */
#include <kernel.h>
#include <sched.h>
#include <trace.h>
#include <uapi/sched.h>

unsigned int trace_mask;

static const char *const kind_names[] = {
	[TRACE_ZERO_FILL] = "zero-fill", [TRACE_ZERO_PAGE] = "zero-page",
	[TRACE_COW_COPY] = "cow-copy", [TRACE_COW_REUSE] = "cow-reuse",
	[TRACE_FILE_READ] = "file-read", [TRACE_FILE_COW] = "file-cow",
	[TRACE_SEGV] = "segv",
};

void __trace_fault(int kind, unsigned long addr, unsigned long old_pfn, unsigned long new_pfn,
		   int count_before, int count_after)
{
	bool cow_kind = kind == TRACE_COW_COPY || kind == TRACE_COW_REUSE || kind == TRACE_FILE_COW;
	if (!(trace_mask & TRACE_FAULT) && !cow_kind)
		return;
	printk("[trace] fault pid=%d va=0x%lx kind=%s pfn=0x%lx->0x%lx count=%d->%d\n",
	       current->pid, addr, kind_names[kind], old_pfn, new_pfn, count_before, count_after);
}

void __trace_fork(struct task_struct *parent, struct task_struct *child, u64 flags)
{
	static const struct { u64 flag; const char *name; } objs[] = {
		{ CLONE_VM, "mm" }, { CLONE_FS, "fs" }, { CLONE_FILES, "files" },
		{ CLONE_SIGHAND, "sighand" }, { CLONE_THREAD, "signal" },
	};
	char shared[48] = "", copied[48] = "";
	for (unsigned i = 0; i < ARRAY_SIZE(objs); i++) {
		char *s = (flags & objs[i].flag) ? shared : copied;
		size_t n = strlen(s);
		snprintf(s + n, sizeof shared - n, "%s%s", n ? "," : "", objs[i].name);
	}
	printk("[trace] fork parent=%d child=%d flags=0x%lx shared=%s copied=%s\n", parent->pid,
	       child->pid, (unsigned long)flags, shared[0] ? shared : "-", copied[0] ? copied : "-");
}

void __trace_exit(struct task_struct *t, long code)
{
	printk("[trace] exit pid=%d status=0x%lx\n", t->pid, code);
}

void __trace_exec(struct task_struct *t, const char *path)
{
	printk("[trace] exec pid=%d path=%s\n", t->pid, path);
}

void __trace_signal(struct task_struct *t, int sig)
{
	printk("[trace] signal pid=%d sig=%d\n", t->pid, sig);
}

/* One line per shootdown (mm/tlb.c): which CPU flushed which range of
 * which address space (its mm_struct's address: mm has no id) on which
 * other CPUs. */
void __trace_tlb(int cpu, struct mm_struct *mm, unsigned long start, unsigned long end, u64 targets,
		 bool sent)
{
	char cpus[3 * 64] = "", range[48];
	for (int c = 0; c < 64; c++) {
		size_t n = strlen(cpus);
		if (targets >> c & 1)
			snprintf(cpus + n, sizeof cpus - n, "%s%d", n ? "," : "", c);
	}
	if (end == ~0UL)
		snprintf(range, sizeof range, "all");
	else
		snprintf(range, sizeof range, "0x%lx-0x%lx pages=%lu", start, end,
			 (end - start) >> 12);
	printk("[trace] tlb cpu=%d mm=0x%lx range=%s targets=%s%s\n", cpu, (unsigned long)mm, range,
	       cpus, sent ? "" : " ipi=skipped");
}

/* "trace=cow", "trace=fault,fork", "trace=tlb", "trace=enosys", "trace=all", "trace=off" */
unsigned int trace_parse(const char *s)
{
	unsigned int mask = 0;
	while (*s) {
		const char *e = s;
		while (*e && *e != ',' && *e != '\n' && *e != ' ')
			e++;
		int n = e - s;
		if (n == 3 && !strncmp(s, "cow", 3))
			mask |= TRACE_COW;
		else if (n == 5 && !strncmp(s, "fault", 5))
			mask |= TRACE_FAULT | TRACE_COW;
		else if (n == 4 && !strncmp(s, "fork", 4))
			mask |= TRACE_FORK;
		else if (n == 6 && !strncmp(s, "signal", 6))
			mask |= TRACE_SIGNAL;
		else if (n == 7 && !strncmp(s, "syscall", 7))
			mask |= TRACE_SYSCALL;
		else if (n == 3 && !strncmp(s, "tlb", 3))
			mask |= TRACE_TLB;
		else if (n == 6 && !strncmp(s, "enosys", 6))
			mask |= TRACE_ENOSYS;
		else if (n == 3 && !strncmp(s, "all", 3))
			mask |= TRACE_FAULT | TRACE_COW | TRACE_FORK | TRACE_SIGNAL | TRACE_ENOSYS;
		s = *e ? e + 1 : e;
	}
	return mask;
}

void trace_init(const char *param)
{
	if (param)
		trace_mask = trace_parse(param);
}
