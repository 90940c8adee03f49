/*
 * acpi.c - finding the CPUs: the ACPI root pointer, the root table, and
 * the MADT (Multiple APIC Description Table), as Linux's
 * acpi_boot_init() -> acpi_parse_madt_lapic_entries().
 *
 *   RSDP  the loader's copy (GRUB's ACPI tag, the PVH start info's
 *         rsdp_paddr), else found by scanning the BIOS areas
 *     `-> XSDT (64-bit entries; ACPI 2.0 and later) or RSDT (32-bit)
 *           `-> "APIC", the MADT: the local APIC page, then one entry per
 *               CPU (its APIC id, enabled or not) and per IO APIC
 *
 * Every table starts with a header whose bytes sum to 0 (mod 256); a
 * table that does not is ignored.  The tables may lie in a reserved
 * region the direct map does not cover: ioremap() maps them.
 */
#include <acpi.h>
#include <apic.h>
#include <io.h>
#include <io_apic.h>
#include <kernel.h>
#include <setup.h>
#include <smp.h>

#define ACPI_MAX_TABLE_LEN (1 << 20)    /* larger is a corrupt header */
#define BIOS_EBDA_SEGMENT 0x40e         /* where the BIOS data area keeps it */
#define BIOS_ROM_START 0xe0000
#define BIOS_ROM_LEN 0x20000

struct ioapic_info mp_ioapics[MAX_IO_APICS];
int nr_ioapics;
static int disabled_cpus;

static bool acpi_checksum_ok(const void *p, size_t len)
{
	u8 sum = 0;
	for (size_t i = 0; i < len; i++)
		sum += ((const u8 *)p)[i];
	return sum == 0;
}

/* An RSDP on a 16-byte boundary of physical [start, start + len), or NULL. */
static const struct acpi_table_rsdp *acpi_scan_rsdp(u64 start, u64 len)
{
	const u8 *p = ioremap(start, len);
	for (u64 off = 0; off + 20 <= len; off += 16)
		if (memcmp(p + off, "RSD PTR ", 8) == 0 && acpi_checksum_ok(p + off, 20))
			return (const void *)(p + off);
	return NULL;
}

/*
 * The RSDP: the copy the loader gave (setup.c), else the BIOS's, in the
 * first KiB of the extended BIOS data area or in the ROM below 1 MiB.
 * UEFI firmware has no such areas: there only the loader's copy works.
 */
static const struct acpi_table_rsdp *acpi_find_root_pointer(const char **from)
{
	if (boot_params.have_rsdp) {
		*from = "from the loader";
		return (const void *)boot_params.rsdp;
	}
	*from = "from the BIOS area";
	u16 ebda = *(const u16 *)ioremap(BIOS_EBDA_SEGMENT, 2);
	const struct acpi_table_rsdp *r = ebda ? acpi_scan_rsdp((u64)ebda << 4, 1024) : NULL;
	return r ? r : acpi_scan_rsdp(BIOS_ROM_START, BIOS_ROM_LEN);
}

/* The table at physical pa, mapped whole, or NULL if its checksum fails. */
static const struct acpi_table_header *acpi_map_table(u64 pa)
{
	if (!pa)
		return NULL;
	const struct acpi_table_header *h = ioremap(pa, sizeof *h);
	if (h->length < sizeof *h || h->length > ACPI_MAX_TABLE_LEN)
		return NULL;
	h = ioremap(pa, h->length);
	return acpi_checksum_ok(h, h->length) ? h : NULL;
}

/* The first table with signature sig that the XSDT (else RSDT) lists. */
static const struct acpi_table_header *acpi_get_table(const struct acpi_table_rsdp *rsdp,
						       const char *sig)
{
	bool xsdt = rsdp->revision >= 2 && rsdp->xsdt_physical_address;
	const struct acpi_table_header *root =
		acpi_map_table(xsdt ? rsdp->xsdt_physical_address : rsdp->rsdt_physical_address);
	if (!root)
		return NULL;
	size_t width = xsdt ? 8 : 4, n = (root->length - sizeof *root) / width;
	for (size_t i = 0; i < n; i++) {
		u64 pa = 0;
		memcpy(&pa, (const u8 *)(root + 1) + i * width, width);   /* unaligned in the XSDT */
		const struct acpi_table_header *t = acpi_map_table(pa);
		if (t && memcmp(t->signature, sig, 4) == 0)
			return t;
	}
	return NULL;
}

typedef void (*madt_entry_fn)(const struct acpi_subtable_header *e);

/* Calls fn for each well-formed entry of the MADT. */
static void acpi_table_parse_madt(const struct acpi_table_madt *madt, madt_entry_fn fn)
{
	const u8 *p = (const u8 *)(madt + 1), *end = (const u8 *)madt + madt->header.length;
	while (p + sizeof(struct acpi_subtable_header) <= end) {
		const struct acpi_subtable_header *e = (const void *)p;
		if (e->length < sizeof *e || p + e->length > end)
			break;
		fn(e);
		p += e->length;
	}
}

static u64 madt_lapic_addr;

static void acpi_parse_lapic_addr_ovr(const struct acpi_subtable_header *e)
{
	if (e->type == ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE)
		madt_lapic_addr = ((const struct acpi_madt_local_apic_override *)e)->address;
}

/* A CPU the firmware lists: used if enabled (not if only hot-pluggable later). */
static void acpi_register_lapic(u32 id, u32 flags)
{
	if (!(flags & ACPI_MADT_ENABLED)) {
		disabled_cpus++;
		return;
	}
	generic_processor_info(id);
}

static void mp_register_ioapic(const struct acpi_madt_io_apic *io)
{
	if (nr_ioapics == MAX_IO_APICS)
		return;
	mp_ioapics[nr_ioapics++] = (struct ioapic_info){ io->id, io->address, io->global_irq_base };
}

static void acpi_parse_madt_entry(const struct acpi_subtable_header *e)
{
	switch (e->type) {
	case ACPI_MADT_TYPE_LOCAL_APIC: {
		const struct acpi_madt_local_apic *l = (const void *)e;
		acpi_register_lapic(l->id, l->lapic_flags);
		break;
	}
	case ACPI_MADT_TYPE_LOCAL_X2APIC: {     /* QEMU's, for APIC ids of 255 and up */
		const struct acpi_madt_local_x2apic *x = (const void *)e;
		if (x->local_apic_id < 0xff)
			acpi_register_lapic(x->local_apic_id, x->lapic_flags);
		else
			disabled_cpus++;        /* xAPIC mode cannot address it */
		break;
	}
	case ACPI_MADT_TYPE_IO_APIC:
		mp_register_ioapic((const void *)e);
		break;
	case ACPI_MADT_TYPE_INTERRUPT_OVERRIDE: {
		const struct acpi_madt_interrupt_override *o = (const void *)e;
		if (o->bus == 0)
			mp_override_legacy_irq(o->source_irq, o->inti_flags, o->global_irq);
		break;
	}
	}
}

/*
 * Finds the CPUs: the local APIC page first (the MADT's address, or the
 * 64-bit override entry), which tells the boot CPU's APIC id, then every
 * enabled CPU, numbered in MADT order after the boot CPU (cpu 0).
 * Without a MADT the machine has one CPU, as far as ushi knows.
 */
void acpi_boot_init(void)
{
	const char *from;
	const struct acpi_table_rsdp *rsdp = acpi_find_root_pointer(&from);
	if (!rsdp) {
		printk("ACPI: no RSDP; one CPU\n");
		return;
	}
	const struct acpi_table_madt *madt = (const void *)acpi_get_table(rsdp, "APIC");
	printk("ACPI: RSDP %s, ACPI %s, %s\n", from, rsdp->revision >= 2 ? "2.0+" : "1.0",
	       madt ? "MADT found" : "no MADT: one CPU");
	if (!madt)
		return;
	madt_lapic_addr = madt->address;
	acpi_table_parse_madt(madt, acpi_parse_lapic_addr_ovr);
	register_lapic_address(madt_lapic_addr);
	acpi_table_parse_madt(madt, acpi_parse_madt_entry);
	smp_found_config = true;
	printk("ACPI: MADT: %d CPU%s enabled, %d disabled, local APIC at %lx, boot CPU's "
	       "APIC id %u, %d IO APIC%s\n", nr_cpu_ids, nr_cpu_ids == 1 ? "" : "s", disabled_cpus,
	       (unsigned long)mp_lapic_addr, boot_cpu_physical_apicid, nr_ioapics,
	       nr_ioapics == 1 ? "" : "s");
	for (int i = 0; i < nr_ioapics; i++)
		printk("ACPI: IO APIC %u at %x, GSI base %u\n",
		       mp_ioapics[i].id, mp_ioapics[i].address, mp_ioapics[i].gsi_base);
}
