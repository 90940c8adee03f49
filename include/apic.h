/*
 * apic.h - the local APIC: each CPU's own interrupt controller, through
 * which CPUs interrupt each other (IPIs) and the boot CPU starts the
 * others (INIT, then STARTUP).  xAPIC mode: registers in one 4 KiB page
 * of physical memory (0xfee00000 unless the MADT says otherwise), the
 * same address on every CPU, each CPU seeing its own APIC there.
 */
#ifndef USHI_APIC_H
#define USHI_APIC_H

#define SPURIOUS_APIC_VECTOR 0xff
/* Vectors the local APIC delivers, above the PICs' 32..47, as Linux's
 * (arch/x86/include/asm/irq_vectors.h); entry.S has a stub for each. */
#define LOCAL_TIMER_VECTOR 0xec         /* this CPU's APIC timer: the scheduler tick */
#define INVALIDATE_TLB_VECTOR 0xfb      /* reserved for a dedicated TLB IPI */
#define CALL_FUNCTION_VECTOR 0xfc       /* run a function on other CPUs (kernel/smp.c) */
#define RESCHEDULE_VECTOR 0xfd          /* look at the run queue / at pending signals */
#define NR_APIC_VECTOR_STUBS 4

#ifndef __ASSEMBLER__
#include <types.h>

/* Register offsets in the APIC page (Intel SDM vol. 3, table 11-1). */
#define APIC_ID 0x20                    /* bits 31:24: this CPU's APIC id */
#define APIC_LVR 0x30                   /* version */
#define APIC_TASKPRI 0x80
#define APIC_EOI 0xb0
#define APIC_SPIV 0xf0                  /* spurious vector; bit 8 enables the APIC */
#define APIC_ESR 0x280                  /* error status */
#define APIC_ICR 0x300                  /* interrupt command, low half: sends on write */
#define APIC_ICR2 0x310                 /* interrupt command, high half: destination */
#define APIC_LVTT 0x320                 /* local vector table: timer ... */
#define APIC_LVT0 0x350                 /* ... LINT0 */
#define APIC_LVT1 0x360                 /* ... LINT1 */
#define APIC_LVTERR 0x370               /* ... error */
#define APIC_TMICT 0x380                /* timer: initial count */
#define APIC_TMCCT 0x390                /* timer: current count */
#define APIC_TDCR 0x3e0                 /* timer: divide configuration */
#define APIC_TDR_DIV_16 0x3
#define APIC_LVT_TIMER_PERIODIC (1 << 17)
#define APIC_DM_FIXED 0x000

#define APIC_SPIV_APIC_ENABLED (1 << 8)
#define APIC_LVT_MASKED (1 << 16)
#define APIC_DM_INIT 0x500              /* ICR delivery modes */
#define APIC_DM_STARTUP 0x600
#define APIC_ICR_BUSY (1 << 12)         /* delivery status: not yet accepted */
#define APIC_INT_ASSERT (1 << 14)
#define APIC_INT_LEVELTRIG (1 << 15)

extern u64 mp_lapic_addr;               /* physical address of the APIC page */
extern u32 boot_cpu_physical_apicid;

void register_lapic_address(u64 address);
bool apic_usable(void);
u32 apic_read(u32 reg);
void apic_write(u32 reg, u32 v);
u32 read_apic_id(void);
void apic_eoi(void);
void setup_local_APIC(void);
void apic_icr_write(u32 low, u32 apicid);
bool wakeup_secondary_cpu_via_init(u32 apicid, unsigned long start_eip);
void apic_send_IPI(int cpu, int vector);
void calibrate_APIC_clock(void);
void setup_APIC_timer(void);
#endif

#endif
