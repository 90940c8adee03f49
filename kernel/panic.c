/*
 * panic.c - when the kernel itself is wrong: print everything a kernel
 * engineer needs (message, registers, CR2 and the decoded page-fault
 * error, a backtrace with symbol names), then stop.
 *
 * What happens after is chosen on the command line as in Linux:
 * panic=0 (the default) halts, so gdb can look at the wreck; panic=N
 * reboots after N seconds and panic=-1 at once (QEMU with -no-reboot then
 * exits, which is what the test ISO wants).
 */
#include <asm.h>
#include <kernel.h>
#include <ptrace.h>
#include <sections.h>
#include <setup.h>
#include <time.h>

/* Finds the function containing addr; returns its name (or NULL). */
const char *kallsyms_lookup(unsigned long addr, unsigned long *offset)
{
	if (addr < (unsigned long)_text || addr >= (unsigned long)_etext || !kallsyms_count)
		return NULL;
	u64 lo = 0, hi = kallsyms_count;
	while (hi - lo > 1) {            /* the last entry with address <= addr */
		u64 mid = (lo + hi) / 2;
		if (kallsyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (kallsyms_addrs[lo] > addr)
		return NULL;
	*offset = addr - kallsyms_addrs[lo];
	return kallsyms_strings + kallsyms_offsets[lo];
}

unsigned long kallsyms_lookup_name(const char *name)
{
	for (u64 i = 0; i < kallsyms_count; i++)
		if (strcmp(kallsyms_strings + kallsyms_offsets[i], name) == 0)
			return kallsyms_addrs[i];
	return 0;
}

static void print_symbol(const char *prefix, unsigned long addr)
{
	unsigned long off;
	const char *name = kallsyms_lookup(addr, &off);
	if (name)
		printk("%s%lx <%s+0x%lx>\n", prefix, addr, name, off);
	else
		printk("%s%lx\n", prefix, addr);
}

/* Walks the frame-pointer chain (the kernel is built with frame pointers). */
void dump_stack(unsigned long rbp)
{
	printk("Call trace:\n");
	for (int depth = 0; depth < 32 && rbp; depth++) {
		if (rbp < 0xffff800000000000UL || (rbp & 7))
			break;
		unsigned long *frame = (unsigned long *)rbp;
		if (!frame[1])
			break;
		print_symbol("  ", frame[1]);
		rbp = frame[0];
	}
}

void show_regs(struct pt_regs *r)
{
	printk("RIP: %04lx:", (unsigned long)r->cs);
	print_symbol("", r->rip);
	printk("RSP: %04lx:%016lx RFLAGS: %08lx trap %ld error %lx\n",
	       (unsigned long)r->ss, r->rsp, r->rflags, (long)r->trapno, r->orig_rax);
	printk("RAX: %016lx RBX: %016lx RCX: %016lx\n", r->rax, r->rbx, r->rcx);
	printk("RDX: %016lx RSI: %016lx RDI: %016lx\n", r->rdx, r->rsi, r->rdi);
	printk("RBP: %016lx R08: %016lx R09: %016lx\n", r->rbp, r->r8, r->r9);
	printk("R10: %016lx R11: %016lx R12: %016lx\n", r->r10, r->r11, r->r12);
	printk("R13: %016lx R14: %016lx R15: %016lx\n", r->r13, r->r14, r->r15);
	printk("CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n",
	       read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

/* Stops the machine as the command line's panic= asks. */
static void __noreturn panic_halt(void)
{
	cli();
	if (panic_timeout != 0) {
		if (panic_timeout > 0) {
			printk("Rebooting in %d seconds..\n", panic_timeout);
			mdelay(panic_timeout * 1000UL);
		}
		machine_restart();
	}
	printk("---[ end Kernel panic ]---\n");
	for (;;)
		hlt();
}

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	cli();
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	printk("\nKernel panic: %s\n", buf);
	unsigned long rbp;
	asm volatile("mov %%rbp, %0" : "=r"(rbp));
	dump_stack(rbp);
	panic_halt();
}

/* The kernel took an exception it cannot handle: say everything and stop. */
void die(const char *why, struct pt_regs *regs)
{
	cli();
	printk("\nKernel panic: %s in kernel mode\n", why);
	if (regs->trapno == 14) {
		unsigned long e = regs->orig_rax;
		printk("page fault at %lx: %s, %s access in %s mode%s%s\n", read_cr2(),
		       e & 1 ? "protection violation" : "page not present",
		       e & 16 ? "instruction fetch" : e & 2 ? "write" : "read",
		       e & 4 ? "user" : "kernel", e & 8 ? ", reserved bit set" : "",
		       e & 32 ? ", protection key" : "");
	}
	show_regs(regs);
	print_symbol("  ", regs->rip);
	dump_stack(regs->rbp);
	panic_halt();
}
