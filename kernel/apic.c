/*
 * apic.c - the local APIC in xAPIC mode, as far as starting the other
 * CPUs needs it: finding its page, enabling it on each CPU, sending an
 * inter-processor interrupt (IPI), and the INIT-SIPI-SIPI sequence that
 * wakes an application processor (Intel SDM vol. 3, 8.4.4 and 11.6).
 *
 * Every CPU reaches its own APIC at the same physical address, so one
 * mapping (uncached: a register must be read from the device each time)
 * serves all of them.  The ISA interrupts (the PIT, the serial line)
 * come from the IO APIC (io_apic.c), which masks the boot CPU's LINT0;
 * with "noapic" or no IO APIC, the legacy PIC delivers them through
 * LINT0 in "virtual wire" mode, which the firmware set up.
 */
#include <apic.h>
#include <asm.h>
#include <percpu.h>
#include <sched.h>
#include <spinlock.h>
#include <io.h>
#include <kernel.h>
#include <mm.h>
#include <time.h>

#define MSR_IA32_APICBASE 0x1b
#define MSR_IA32_APICBASE_ENABLE (1 << 11)
#define X2APIC_ENABLE (1 << 10)
#define CPUID_1_EDX_APIC (1 << 9)
#define ICR_IDLE_WAIT_US 1000

u64 mp_lapic_addr = 0xfee00000;         /* the architectural default */
u32 boot_cpu_physical_apicid;
static volatile u32 *lapic;             /* the APIC page, once mapped */

u32 apic_read(u32 reg)
{
	return lapic[reg / 4];
}

void apic_write(u32 reg, u32 v)
{
	lapic[reg / 4] = v;
}

u32 read_apic_id(void)
{
	return apic_read(APIC_ID) >> 24;
}

/*
 * Whether we can drive this CPU's APIC: it exists, the firmware left it
 * enabled, and in xAPIC mode - in x2APIC mode the page is gone and the
 * registers are MSRs, which this driver does not speak.
 */
bool apic_usable(void)
{
	u32 a, b, c, d;
	cpuid(1, 0, &a, &b, &c, &d);
	if (!(d & CPUID_1_EDX_APIC))
		return false;
	u64 base = rdmsr(MSR_IA32_APICBASE);
	return (base & MSR_IA32_APICBASE_ENABLE) && !(base & X2APIC_ENABLE);
}

/*
 * Maps the APIC page at `address` (from the MADT) and reads the boot
 * CPU's APIC id from it; without a usable APIC, the id CPUID reports.
 */
void register_lapic_address(u64 address)
{
	u32 a, b, c, d;
	mp_lapic_addr = address;
	cpuid(1, 0, &a, &b, &c, &d);
	boot_cpu_physical_apicid = b >> 24;     /* the initial APIC id */
	if (!apic_usable())
		return;
	lapic = ioremap(address, PAGE_SIZE);
	boot_cpu_physical_apicid = read_apic_id();
}

/* Ends the interrupt being handled, so the APIC delivers the next one. */
void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/*
 * Enables the APIC of the CPU that runs it: accept every priority and
 * name the spurious vector (its IDT entry is a bare iretq, entry.S).
 * The local vector table stays as it is: masked on an application
 * processor since its INIT, virtual wire on the boot CPU.
 */
void setup_local_APIC(void)
{
	apic_write(APIC_TASKPRI, 0);
	apic_write(APIC_SPIV, APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);
}

/* Waits until the APIC has accepted the last IPI; false if it never does. */
static bool apic_wait_icr_idle(void)
{
	for (int us = 0; us < ICR_IDLE_WAIT_US; us++) {
		if (!(apic_read(APIC_ICR) & APIC_ICR_BUSY))
			return true;
		udelay(1);
	}
	return false;
}

/* Sends an IPI: destination first, since writing the low half sends it. */
void apic_icr_write(u32 low, u32 apicid)
{
	apic_write(APIC_ICR2, apicid << 24);
	apic_write(APIC_ICR, low);
}

/*
 * The universal start-up algorithm (SDM 8.4.4.1): an INIT IPI resets
 * the target into its wait-for-SIPI state; 10 ms later, a STARTUP IPI
 * (SIPI) makes it run in real mode at start_eip, which must be a page
 * below 1 MiB (the vector is its page number); a second SIPI 200 us
 * later, in case the first was lost.  An AP already running ignores
 * it.  False if the APIC reports a send error.
 */
bool wakeup_secondary_cpu_via_init(u32 apicid, unsigned long start_eip)
{
	apic_write(APIC_ESR, 0);
	apic_icr_write(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT, apicid);
	if (!apic_wait_icr_idle())
		return false;
	mdelay(10);
	for (int i = 0; i < 2; i++) {
		apic_write(APIC_ESR, 0);
		apic_icr_write(APIC_DM_STARTUP | (u32)(start_eip >> 12), apicid);
		udelay(200);
		if (!apic_wait_icr_idle())
			return false;
	}
	apic_write(APIC_ESR, 0);        /* a write latches the errors seen since */
	return (apic_read(APIC_ESR) & 0xef) == 0;
}

/* Sends `vector` to CPU cpu (fixed delivery, edge). */
void apic_send_IPI(int cpu, int vector)
{
	unsigned long flags = local_irq_save();
	apic_wait_icr_idle();
	apic_icr_write(APIC_DM_FIXED | (u32)vector, per_cpu(apic_id, cpu));
	local_irq_restore(flags);
}

static u32 lapic_timer_period;          /* APIC timer counts per tick (HZ) */

/*
 * Measures the APIC timer against the TSC (time.c calibrated that one
 * against the PIT): let it count down from the top for 10 ms, divided
 * by 16 as Linux does.  Every CPU's timer runs at the same rate.
 */
void calibrate_APIC_clock(void)
{
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, 0xffffffff);
	mdelay(10);
	u32 counted = 0xffffffff - apic_read(APIC_TMCCT);
	apic_write(APIC_TMICT, 0);
	lapic_timer_period = counted / 10 * 1000 / HZ;
	if (!lapic_timer_period)
		lapic_timer_period = 1;
	printk("apic: timer %u counts per tick\n", lapic_timer_period);
}

/* This CPU's periodic tick at HZ (an AP's scheduler tick, time.c). */
void setup_APIC_timer(void)
{
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, lapic_timer_period);
}
