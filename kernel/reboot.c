/*
 * reboot.c - powering the machine off or restarting it, and the Linux
 * reboot(2) system call.
 *
 * Power-off first writes the status to QEMU's isa-debug-exit port (0xf4):
 * when the device is present QEMU exits at once with (status << 1) | 1,
 * which is how scripts learn init's exit status.  Otherwise ACPI S5:
 * write SLP_TYPa|SLP_EN to the PM1a control block, with SLP_TYPa read
 * from the \_S5 package in the DSDT (found through RSDP -> RSDT/XSDT ->
 * FADT).  Restart uses the keyboard controller's reset line.
 */
#include <asm.h>
#include <errno.h>
#include <kernel.h>
#include <mm.h>
#include <sched.h>
#include <setup.h>
#include <syscalls.h>
#include <uapi/misc.h>

#define DEBUG_EXIT_PORT 0xf4

struct acpi_header {
	char sig[4];
	u32 length;
	u8 rev, checksum;
	char oem[6], oem_table[8];
	u32 oem_rev, creator, creator_rev;
} __packed;

/* Maps a physical ACPI address through the direct map if it is RAM we map. */
static const void *acpi_ptr(u64 pa)
{
	return pa && pa < (max_pfn << PAGE_SHIFT) ? __va(pa) : NULL;
}

static const struct acpi_header *find_fadt(void)
{
	if (!boot_params.have_rsdp)
		return NULL;
	const u8 *rsdp = boot_params.rsdp;
	bool xsdt = rsdp[15] >= 2;
	u64 root = xsdt ? *(const u64 *)(rsdp + 24) : *(const u32 *)(rsdp + 16);
	const struct acpi_header *h = acpi_ptr(root);
	if (!h)
		return NULL;
	int width = xsdt ? 8 : 4;
	int n = (h->length - sizeof *h) / width;
	for (int i = 0; i < n; i++) {
		const u8 *entry = (const u8 *)(h + 1) + i * width;
		u64 pa = xsdt ? *(const u64 *)entry : *(const u32 *)entry;
		const struct acpi_header *t = acpi_ptr(pa);
		if (t && memcmp(t->sig, "FACP", 4) == 0)
			return t;
	}
	return NULL;
}

/* Reads SLP_TYPa out of the DSDT's "_S5_" package (byte prefix or Zero/One). */
static int find_s5_type(const struct acpi_header *dsdt)
{
	const u8 *p = (const u8 *)dsdt, *end = p + dsdt->length;
	for (; p + 8 < end; p++) {
		if (memcmp(p, "_S5_", 4) != 0 || p[4] != 0x12)
			continue;
		const u8 *q = p + 5;
		q += ((*q & 0xc0) >> 6) + 1;    /* PkgLength */
		q++;                            /* NumElements */
		if (*q == 0x0a)                 /* BytePrefix */
			q++;
		return *q;                      /* ZeroOp is 0, OneOp is 1 */
	}
	return -1;
}

static void acpi_power_off(void)
{
	const struct acpi_header *fadt = find_fadt();
	if (!fadt)
		return;
	const u8 *f = (const u8 *)fadt;
	u32 pm1a = *(const u32 *)(f + 64);
	const struct acpi_header *dsdt = acpi_ptr(*(const u32 *)(f + 40));
	int typ = dsdt ? find_s5_type(dsdt) : -1;
	if (!pm1a || typ < 0)
		return;
	outw(pm1a, (u16)((typ << 10) | (1 << 13)));
}

void machine_power_off(int status)
{
	cli();
	gcov_dump();
	outb(DEBUG_EXIT_PORT, (u8)status);
	acpi_power_off();
	outw(0x604, 0x2000);            /* QEMU's PIIX4/ICH9 PM1a, in case ACPI failed */
	printk("ushi: power-off failed; halting\n");
	for (;;)
		hlt();
}

void machine_restart(void)
{
	cli();
	for (int i = 0; i < 100000 && (inb(0x64) & 2); i++)
		pause();
	outb(0x64, 0xfe);               /* keyboard controller: pulse the reset line */
	/* Still here: load an empty IDT and fault, which triple-faults the CPU. */
	struct { u16 limit; u64 base; } __packed idt = { 0, 0 };
	asm volatile("lidt %0; int3" :: "m"(idt));
	for (;;)
		hlt();
}

/* reboot(2): the magic numbers, then POWER_OFF, HALT or RESTART. Root only. */
long sys_reboot(int magic1, int magic2, unsigned int cmd, void *arg __unused)
{
	if ((unsigned)magic1 != LINUX_REBOOT_MAGIC1 ||
	    ((unsigned)magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
	     magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	if (current_cred_euid() != 0)
		return -EPERM;
	switch (cmd) {
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_HALT:
		printk("ushi: power off\n");
		machine_power_off(0);
	case LINUX_REBOOT_CMD_RESTART:
		printk("ushi: restarting system\n");
		machine_restart();
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	}
	return -EINVAL;
}
