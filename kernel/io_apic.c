/*
 * io_apic.c - routing the ISA interrupts (the PIT's IRQ 0, COM1's IRQ 4)
 * through the IO APIC instead of the 8259s' virtual wire, as Linux's
 * arch/x86/kernel/apic/io_apic.c does in its simplest setup (Intel's
 * 82093AA datasheet; ACPI 6.x, 5.2.12).
 *
 * Without it, the 8259s raise the boot CPU's INTR pin and its local APIC
 * passes the line through LINT0 ("virtual wire"): only CPU 0 can ever get
 * a device interrupt.  The IO APIC instead turns each of its input pins,
 * one per global system interrupt (GSI), into a message for the local
 * APIC its redirection entry names, with a vector, a polarity and a
 * trigger mode; the interrupt is acknowledged at that local APIC (EOI).
 *
 * The ISA lines are GSIs 0-15 unless the MADT overrides one: on a PC the
 * PIT's IRQ 0 is wired to pin 2 (where the 8259s' output used to be).
 * ISA lines are edge-triggered and active high, unless the override
 * says otherwise.  Each still arrives at vector IRQ_BASE + its ISA number
 * (irq.c's, so do_irq() hands it to the same handler), on the boot CPU.
 *
 * The registers: an index register (IOREGSEL) selects a 32-bit register
 * that the data window (IOWIN) then reads or writes; ioapic_lock keeps
 * each select-then-access pair whole.
 */
#include <acpi.h>
#include <apic.h>
#include <io.h>
#include <io_apic.h>
#include <irq.h>
#include <kernel.h>
#include <mm.h>
#include <setup.h>
#include <spinlock.h>

#define IO_APIC_VERSION 0x01            /* bits 23:16: the highest redirection entry */
#define IO_APIC_REDTBL(pin) (0x10 + 2 * (pin))  /* low half; high half at +1 */

#define IOAPIC_MASKED (1U << 16)
#define IOAPIC_LEVEL (1U << 15)
#define IOAPIC_ACTIVE_LOW (1U << 13)
/* The high half: the destination APIC id in bits 31:24 (physical mode). */
#define IOAPIC_DEST(apicid) ((u32)(apicid) << 24)

/* MPS INTI flags of an override: polarity in bits 1:0, trigger in 3:2. */
#define MP_POLARITY_LOW 3
#define MP_TRIGGER_LEVEL 3

bool io_apic_in_use;

/* The register window of each IO APIC, mapped by setup_IO_APIC(). */
static volatile u32 *ioapic_base[MAX_IO_APICS];
static int ioapic_pins[MAX_IO_APICS];
static DEFINE_SPINLOCK(ioapic_lock);    /* each IOREGSEL write with its IOWIN access */

/* How each ISA line reaches the IO APIC: identity, unless the MADT says. */
static struct {
	u32 gsi;
	u16 flags;                      /* MPS INTI flags; 0: ISA's edge, active high */
} isa_irq[NR_IRQS];
static bool isa_irq_overridden[NR_IRQS];

void mp_override_legacy_irq(u8 bus_irq, u16 flags, u32 gsi)
{
	if (bus_irq >= NR_IRQS)
		return;
	isa_irq[bus_irq].gsi = gsi;
	isa_irq[bus_irq].flags = flags;
	isa_irq_overridden[bus_irq] = true;
}

static u32 io_apic_read(int apic, u32 reg)
{
	unsigned long flags;
	spin_lock_irqsave(&ioapic_lock, flags);
	ioapic_base[apic][0] = reg;
	u32 v = ioapic_base[apic][4];
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return v;
}

static void io_apic_write(int apic, u32 reg, u32 v)
{
	unsigned long flags;
	spin_lock_irqsave(&ioapic_lock, flags);
	ioapic_base[apic][0] = reg;
	ioapic_base[apic][4] = v;
	spin_unlock_irqrestore(&ioapic_lock, flags);
}

/* The IO APIC that has gsi, and its pin there; false if none has it. */
static bool gsi_to_pin(u32 gsi, int *apic, int *pin)
{
	for (int i = 0; i < nr_ioapics; i++) {
		u32 base = mp_ioapics[i].gsi_base;
		if (ioapic_base[i] && gsi >= base && gsi < base + (u32)ioapic_pins[i]) {
			*apic = i;
			*pin = gsi - base;
			return true;
		}
	}
	return false;
}

/* ISA line irq's redirection entry, masked or not: to the boot CPU, at
 * IRQ_BASE + irq, with the line's polarity and trigger. */
static void setup_isa_irq(int irq, bool masked)
{
	int apic, pin;
	if (!gsi_to_pin(isa_irq[irq].gsi, &apic, &pin))
		return;
	u32 low = IRQ_BASE + irq, f = isa_irq[irq].flags;
	if ((f & 3) == MP_POLARITY_LOW)
		low |= IOAPIC_ACTIVE_LOW;
	if (((f >> 2) & 3) == MP_TRIGGER_LEVEL)
		low |= IOAPIC_LEVEL;
	if (masked)
		low |= IOAPIC_MASKED;
	/* The high half first: the entry must not fire to a stale destination. */
	io_apic_write(apic, IO_APIC_REDTBL(pin) + 1, IOAPIC_DEST(boot_cpu_physical_apicid));
	io_apic_write(apic, IO_APIC_REDTBL(pin), low);
}

void io_apic_unmask_irq(int irq)
{
	setup_isa_irq(irq, false);
}

/* "noapic" among the kernel's own words (those before "--"). */
static bool noapic_requested(void)
{
	const char *p = boot_params.cmdline;
	while (*p) {
		while (*p == ' ')
			p++;
		size_t n = 0;
		while (p[n] && p[n] != ' ')
			n++;
		if (n == 2 && strncmp(p, "--", 2) == 0)
			return false;
		if (n == 6 && strncmp(p, "noapic", 6) == 0)
			return true;
		p += n;
	}
	return false;
}

/* Masks every pin of IO APIC i (the firmware may have left some open). */
static void mask_all_pins(int i)
{
	for (int pin = 0; pin < ioapic_pins[i]; pin++)
		io_apic_write(i, IO_APIC_REDTBL(pin), IOAPIC_MASKED);
}

void setup_IO_APIC(void)
{
	if (!nr_ioapics || !apic_usable() || noapic_requested()) {
		printk("IO APIC: %s; the 8259s deliver the interrupts\n",
		       !nr_ioapics ? "none" : !apic_usable() ? "no usable local APIC" : "noapic");
		return;
	}
	for (int irq = 0; irq < NR_IRQS; irq++)
		if (!isa_irq_overridden[irq])
			isa_irq[irq].gsi = irq;
	for (int i = 0; i < nr_ioapics; i++) {
		ioapic_base[i] = ioremap(mp_ioapics[i].address, PAGE_SIZE);
		ioapic_pins[i] = ((io_apic_read(i, IO_APIC_VERSION) >> 16) & 0xff) + 1;
		mask_all_pins(i);
	}
	/*
	 * The 8259s fall silent (every line masked, the cascade too), and the
	 * boot CPU's LINT0, their virtual wire, is masked: from here on the
	 * local APIC takes only messages.  It must be enabled to take them.
	 */
	pic_mask_all();
	setup_local_APIC();
	apic_write(APIC_LVT0, APIC_LVT_MASKED);
	io_apic_in_use = true;
	printk("IO APIC: %d pins at %x; ISA IRQ 0 on GSI %u, IRQ 4 on GSI %u, to APIC id %u\n",
	       ioapic_pins[0], mp_ioapics[0].address, isa_irq[0].gsi, isa_irq[4].gsi,
	       boot_cpu_physical_apicid);
}
