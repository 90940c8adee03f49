/*
 * io_apic.h - the IO APIC (kernel/io_apic.c): the interrupt controller
 * that takes the devices' lines (global system interrupts, GSIs) and
 * sends each, as a message, to a local APIC.  The MADT lists the IO
 * APICs and how the ISA lines map onto GSIs (acpi.c).
 */
#ifndef USHI_IO_APIC_H
#define USHI_IO_APIC_H

#include <types.h>

/* Set once by setup_IO_APIC(): the ISA interrupts come through the IO
 * APIC, and are acknowledged at the local APIC, not at the 8259s. */
extern bool io_apic_in_use;

/* A MADT interrupt source override: ISA line bus_irq is GSI gsi, with the
 * MPS polarity and trigger flags (ACPI 6.x, 5.2.12.5). */
void mp_override_legacy_irq(u8 bus_irq, u16 flags, u32 gsi);
/*
 * Switches the ISA interrupts from the 8259s' virtual wire to the IO
 * APIC, every line masked until request_irq() unmasks it, each delivered
 * to the boot CPU at vector IRQ_BASE + its ISA number.  Called after
 * pic_init() and before the first request_irq(); does nothing without
 * an IO APIC, a usable local APIC, or with "noapic" on the command line.
 */
void setup_IO_APIC(void);
void io_apic_unmask_irq(int irq);               /* from request_irq() */

#endif
