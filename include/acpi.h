/*
 * acpi.h - the ACPI tables ushi reads at boot: the root pointer (RSDP),
 * the root tables (RSDT, XSDT) and the MADT, which lists the CPUs' local
 * APICs and the IO APICs.  The layouts and names are ACPICA's, as in
 * Linux's include/acpi/actbl*.h (ACPI spec 6.x, chapter 5.2).
 */
#ifndef USHI_ACPI_H
#define USHI_ACPI_H

#include <types.h>

struct acpi_table_rsdp {
	char signature[8];              /* "RSD PTR " */
	u8 checksum;                    /* of the first 20 bytes */
	char oem_id[6];
	u8 revision;                    /* 0: ACPI 1.0, RSDT only; 2: XSDT too */
	u32 rsdt_physical_address;
	u32 length;                     /* from here on, revision 2 only */
	u64 xsdt_physical_address;
	u8 extended_checksum;           /* of all `length` bytes */
	u8 reserved[3];
} __packed;

struct acpi_table_header {
	char signature[4];
	u32 length;                     /* of the whole table, header included */
	u8 revision, checksum;
	char oem_id[6], oem_table_id[8];
	u32 oem_revision;
	char asl_compiler_id[4];
	u32 asl_compiler_revision;
} __packed;

/* The MADT ("APIC"): a header, then variable-length entries. */
struct acpi_table_madt {
	struct acpi_table_header header;
	u32 address;                    /* the local APICs' physical address */
	u32 flags;                      /* bit 0: there are also 8259 PICs */
} __packed;

struct acpi_subtable_header {
	u8 type, length;
} __packed;

enum acpi_madt_type {
	ACPI_MADT_TYPE_LOCAL_APIC = 0,
	ACPI_MADT_TYPE_IO_APIC = 1,
	ACPI_MADT_TYPE_INTERRUPT_OVERRIDE = 2,
	ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE = 5,
	ACPI_MADT_TYPE_LOCAL_X2APIC = 9,
};

#define ACPI_MADT_ENABLED 1             /* lapic_flags: the CPU can be used */
#define ACPI_MADT_ONLINE_CAPABLE 2      /* ...or could be, later (hot-plug) */

struct acpi_madt_local_apic {
	struct acpi_subtable_header header;
	u8 processor_id, id;            /* id: the APIC id */
	u32 lapic_flags;
} __packed;

struct acpi_madt_io_apic {
	struct acpi_subtable_header header;
	u8 id, reserved;
	u32 address;                    /* its registers' physical address */
	u32 global_irq_base;            /* the first interrupt (GSI) it handles */
} __packed;

/* ISA line source_irq is GSI global_irq (bus 0: ISA), with MPS polarity
 * (bits 1:0) and trigger (bits 3:2) flags. */
struct acpi_madt_interrupt_override {
	struct acpi_subtable_header header;
	u8 bus, source_irq;
	u32 global_irq;
	u16 inti_flags;
} __packed;

struct acpi_madt_local_apic_override {
	struct acpi_subtable_header header;
	u16 reserved;
	u64 address;                    /* replaces acpi_table_madt.address */
} __packed;

struct acpi_madt_local_x2apic {
	struct acpi_subtable_header header;
	u16 reserved;
	u32 local_apic_id, lapic_flags, uid;
} __packed;

/* The IO APICs the MADT lists (kernel/io_apic.c drives them). */
#define MAX_IO_APICS 8
struct ioapic_info {
	u32 id, address, gsi_base;
};
extern struct ioapic_info mp_ioapics[MAX_IO_APICS];
extern int nr_ioapics;

void acpi_boot_init(void);

#endif
