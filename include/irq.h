/* irq.h - hardware interrupts (the two 8259 PICs, remapped to vectors 32..47). */
#ifndef USHI_IRQ_H
#define USHI_IRQ_H

#include <types.h>

#define IRQ_BASE 32
#define NR_IRQS 16

typedef void (*irq_handler_t)(int irq);
void request_irq(int irq, irq_handler_t handler);
void pic_init(void);
void pic_mask_all(void);
void do_irq(int irq);
extern unsigned long irq_count[NR_IRQS];

#endif
