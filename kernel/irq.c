/*
 * irq.c - the legacy 8259 interrupt controllers, and the two halves of
 * every interrupt handler.
 *
 * The two PICs are remapped so IRQ 0..15 arrive as vectors 32..47 (the
 * first 32 belong to CPU exceptions).  Only the lines with a handler are
 * unmasked: the timer (IRQ 0) and COM1 (IRQ 4).  They reach CPU 0 only.
 * When the IO APIC routes the lines instead (io_apic.c), the 8259s are
 * all masked, and a line is unmasked there and acknowledged at the
 * local APIC.
 *
 * An interrupt may arrive while this CPU is in the kernel: halted in the
 * idle loop, or spinning on a lock with interrupts let in (spinlock.h) -
 * maybe even holding the big kernel lock, in the middle of changing
 * something.  So a handler comes in two halves (Linux's hard irq and
 * threaded handler): the top half runs at once and touches only what no
 * lock protects (jiffies, this CPU's flags); the bottom half is only
 * marked in this CPU's irq_work and runs later under the big kernel lock,
 * on the way back to user mode or in the idle loop (irq_work_run).
 */
#include <apic.h>
#include <asm.h>
#include <io_apic.h>
#include <irq.h>
#include <kernel.h>
#include <percpu.h>
#include <time.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI 0x20

static irq_handler_t top_half[NR_IRQS], bottom_half[NR_IRQS];
static u16 irq_mask = 0xffff & ~(1 << 2);      /* all masked but the cascade */
unsigned long irq_count[NR_IRQS];

static void pic_set_mask(void)
{
	outb(PIC1_DATA, irq_mask & 0xff);
	outb(PIC2_DATA, irq_mask >> 8);
}

void pic_init(void)
{
	outb(PIC1_CMD, 0x11);           /* ICW1: initialise, expect ICW4 */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, IRQ_BASE);      /* ICW2: vector offsets */
	outb(PIC2_DATA, IRQ_BASE + 8);
	outb(PIC1_DATA, 4);             /* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, 2);
	outb(PIC1_DATA, 1);             /* ICW4: 8086 mode */
	outb(PIC2_DATA, 1);
	pic_set_mask();
}

/* Silences the 8259s for good: the IO APIC delivers instead (io_apic.c). */
void pic_mask_all(void)
{
	irq_mask = 0xffff;
	pic_set_mask();
}

void request_irq(int irq, irq_handler_t top, irq_handler_t bottom)
{
	top_half[irq] = top;
	bottom_half[irq] = bottom;
	if (io_apic_in_use) {
		io_apic_unmask_irq(irq);
		return;
	}
	irq_mask &= ~(1 << irq);
	pic_set_mask();
}

void do_irq(int irq)
{
	irq_count[irq]++;
	if (io_apic_in_use)             /* acknowledged at the local APIC */
		apic_eoi();
	else if (irq == 7 || irq == 15) {    /* spurious? then the in-service bit is clear */
		outb(irq == 7 ? PIC1_CMD : PIC2_CMD, 0x0b);
		if (!(inb(irq == 7 ? PIC1_CMD : PIC2_CMD) & 0x80)) {
			if (irq == 15)
				outb(PIC1_CMD, PIC_EOI);
			return;
		}
	}
	/* Acknowledge first: the handler may switch to another task. */
	if (!io_apic_in_use) {
		if (irq >= 8)
			outb(PIC2_CMD, PIC_EOI);
		outb(PIC1_CMD, PIC_EOI);
	}
	if (top_half[irq])
		top_half[irq](irq);
	if (bottom_half[irq])
		raise_irq_work(IRQ_WORK_IRQ(irq));
}

/* Marks work for this CPU's next irq_work_run.  Interrupts are off, so
 * the read and the write cannot be split by another handler. */
void raise_irq_work(unsigned long bits)
{
	this_cpu_write(irq_work, this_cpu_read(irq_work) | bits);
}

/* The bottom halves this CPU's interrupts left, under the big kernel lock. */
void irq_work_run(void)
{
	unsigned long work = this_cpu_read(irq_work);
	this_cpu_write(irq_work, 0);
	for (int irq = 0; irq < NR_IRQS; irq++)
		if ((work & IRQ_WORK_IRQ(irq)) && bottom_half[irq])
			bottom_half[irq](irq);
	if (work & IRQ_WORK_TIMERS)
		run_timers();
	if (work & IRQ_WORK_CPU_TIMERS)
		run_posix_cpu_timers();
}
