/*
 * irq.c - the legacy 8259 interrupt controllers.
 *
 * The two PICs are remapped so IRQ 0..15 arrive as vectors 32..47 (the
 * first 32 belong to CPU exceptions).  Only the lines with a handler are
 * unmasked: the timer (IRQ 0) and COM1 (IRQ 4).  When the IO APIC routes
 * the lines instead (io_apic.c), the 8259s are all masked, and a line is
 * unmasked and acknowledged there and at the local APIC.
 */
#include <apic.h>
#include <asm.h>
#include <io_apic.h>
#include <irq.h>
#include <kernel.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI 0x20

static irq_handler_t handlers[NR_IRQS];
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

void request_irq(int irq, irq_handler_t handler)
{
	handlers[irq] = handler;
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
	if (io_apic_in_use) {           /* acknowledged at the local APIC */
		apic_eoi();
		if (handlers[irq])
			handlers[irq](irq);
		return;
	}
	if (irq == 7 || irq == 15) {    /* spurious? then the in-service bit is clear */
		outb(irq == 7 ? PIC1_CMD : PIC2_CMD, 0x0b);
		if (!(inb(irq == 7 ? PIC1_CMD : PIC2_CMD) & 0x80)) {
			if (irq == 15)
				outb(PIC1_CMD, PIC_EOI);
			return;
		}
	}
	/* Acknowledge first: the handler may switch to another task. */
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
	if (handlers[irq])
		handlers[irq](irq);
}
