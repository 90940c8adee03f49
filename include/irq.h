/* irq.h - hardware interrupts (the two 8259 PICs, remapped to vectors 32..47). */
#ifndef USHI_IRQ_H
#define USHI_IRQ_H

#include <types.h>

#define IRQ_BASE 32
#define NR_IRQS 16

typedef void (*irq_handler_t)(int irq);
/* top runs in the interrupt, lock-free; bottom later under the big
 * kernel lock (irq.c says why).  Either may be NULL. */
void request_irq(int irq, irq_handler_t top, irq_handler_t bottom);
/* this CPU's irq_work bits (struct pcpu) */
#define IRQ_WORK_IRQ(irq) (1UL << (irq))       /* that line's bottom half */
#define IRQ_WORK_CPU_TIMERS (1UL << NR_IRQS)   /* current's RLIMIT_CPU check */
#define IRQ_WORK_TIMERS (1UL << (NR_IRQS + 1)) /* sleeps and itimers may have expired */
void raise_irq_work(unsigned long bits);
void irq_work_run(void);
void pic_init(void);
void pic_mask_all(void);
void do_irq(int irq);
extern unsigned long irq_count[NR_IRQS];

#endif
