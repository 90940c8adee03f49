/*
 * setup.c - read what the loader told us, and the command line.
 *
 * Two loaders, one boot_params (boot/entry.S records which one ran):
 *   - GRUB (multiboot2) leaves a list of tags: parse_multiboot();
 *   - a PVH loader (QEMU -kernel) leaves struct hvm_start_info with
 *     pointers to a memory map, the command line and the modules:
 *     parse_pvh().
 * Either way we copy what we need (command line, memory map, the
 * initramfs module, the ACPI RSDP) into boot_params before the memory it
 * sits in can be reused; everything after setup_boot_params() is the
 * same for both boots.
 *
 * The command line is Linux's: "init=/path" (or "rdinit=") chooses the
 * first program, words after "--" become its argv[1..], "panic=N" says
 * what a panic does, "trace=..." turns on the fault trace,
 * "tlb_shootdown=off" (debug kernel only) skips TLB flush IPIs; unknown words
 * are ignored.
 */
#include <kernel.h>
#include <mm.h>
#include <odf.h>
#include <setup.h>
#include <tlbflush.h>

#define MB2_BOOTLOADER_MAGIC 0x36d76289
#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_MODULE 3
#define MB2_TAG_MMAP 6
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15
#define XEN_HVM_START_MAGIC_VALUE 0x336ec578
#define EARLY_MAP_LIMIT (1UL << 30)     /* what boot/entry.S maps */

struct mb2_tag {
	u32 type, size;
};

struct mb2_mmap_entry {
	u64 base, len;
	u32 type, reserved;
};

/* Xen's public interface (hvm/start_info.h), which PVH loaders fill. */
struct hvm_start_info {
	u32 magic, version, flags, nr_modules;
	u64 modlist_paddr, cmdline_paddr, rsdp_paddr;
	u64 memmap_paddr;               /* version 1 and later */
	u32 memmap_entries, reserved;
};

struct hvm_modlist_entry {
	u64 paddr, size, cmdline_paddr, reserved;
};

struct hvm_memmap_table_entry {
	u64 addr, size;
	u32 type, reserved;             /* type: the E820 numbers */
};

struct boot_params boot_params;
int panic_timeout;
const char *init_path = "/sbin/init";
const char *init_argv[MAX_INIT_ARGS + 2];
const char *trace_param;
const char *audit_selftest_param;
static char cmdline_words[COMMAND_LINE_SIZE];

static void copy_rsdp(const void *rsdp, size_t len)
{
	memcpy(boot_params.rsdp, rsdp, MIN(len, sizeof boot_params.rsdp));
	boot_params.have_rsdp = true;
}

static void parse_mmap(const struct mb2_tag *tag)
{
	const u32 *hdr = (const u32 *)(tag + 1);   /* entry_size, entry_version */
	u32 esize = hdr[0];
	const u8 *p = (const u8 *)(hdr + 2), *end = (const u8 *)tag + tag->size;
	for (; p + esize <= end && boot_params.nr_mem < MAX_MEM_REGIONS; p += esize) {
		const struct mb2_mmap_entry *e = (const void *)p;
		struct mem_region *r = &boot_params.mem[boot_params.nr_mem++];
		r->base = e->base;
		r->len = e->len;
		r->type = e->type;
	}
}

/*
 * The boot information as a pointer, or a panic that names it: the early
 * page tables map only the first GiB, where GRUB and QEMU put theirs.
 */
static const void *early_va(u64 pa, u64 len, const char *what)
{
	if (pa + len > EARLY_MAP_LIMIT || pa + len < pa)
		panic("%s above 1 GiB (%lx)", what, (unsigned long)pa);
	return __va(pa);
}

static void parse_multiboot(u64 mbi_pa)
{
	const u8 *mbi = early_va(mbi_pa, 8, "multiboot2 information");
	u32 total = *(const u32 *)mbi;
	early_va(mbi_pa, total, "multiboot2 information");
	for (const u8 *p = mbi + 8; p < mbi + total;) {
		const struct mb2_tag *tag = (const void *)p;
		if (tag->type == MB2_TAG_END)
			break;
		switch (tag->type) {
		case MB2_TAG_CMDLINE:
			strlcpy(boot_params.cmdline, (const char *)(tag + 1), COMMAND_LINE_SIZE);
			break;
		case MB2_TAG_MODULE:
			if (!boot_params.initrd_end) {   /* the first module is the initramfs */
				const u32 *m = (const u32 *)(tag + 1);
				boot_params.initrd_start = m[0];
				boot_params.initrd_end = m[1];
			}
			break;
		case MB2_TAG_MMAP:
			parse_mmap(tag);
			break;
		case MB2_TAG_ACPI_OLD:
		case MB2_TAG_ACPI_NEW:
			if (!boot_params.have_rsdp)
				copy_rsdp(tag + 1, tag->size - 8);
			break;
		}
		p += ALIGN_UP(tag->size, 8);
	}
}

/*
 * The PVH start info.  QEMU's PVH option ROM (pvh.bin, which SeaBIOS runs
 * before entering us) gives version 1 with the E820 table the BIOS
 * reports, the -append string, and -initrd as the first module, all in
 * the first MiB.  A start info of version 0 has no memory map; Linux then
 * asks the Xen hypervisor, which QEMU is not, so here that is a panic
 * that says so.
 */
static void parse_pvh(u64 info_pa)
{
	const struct hvm_start_info *si = early_va(info_pa, sizeof *si, "PVH start info");
	if (si->magic != XEN_HVM_START_MAGIC_VALUE)
		panic("PVH start info with a bad magic (%x)", si->magic);
	if (si->cmdline_paddr)
		strlcpy(boot_params.cmdline, early_va(si->cmdline_paddr, 1, "PVH command line"),
			COMMAND_LINE_SIZE);
	if (si->nr_modules) {
		const struct hvm_modlist_entry *m = early_va(si->modlist_paddr, sizeof *m,
							     "PVH module list");
		boot_params.initrd_start = m->paddr;
		boot_params.initrd_end = m->paddr + m->size;
	}
	if (si->version < 1 || !si->memmap_entries)
		panic("PVH start info without a memory map (version %u)", si->version);
	const struct hvm_memmap_table_entry *e = early_va(si->memmap_paddr,
		(u64)si->memmap_entries * sizeof *e, "PVH memory map");
	for (u32 i = 0; i < si->memmap_entries && boot_params.nr_mem < MAX_MEM_REGIONS; i++) {
		struct mem_region *r = &boot_params.mem[boot_params.nr_mem++];
		r->base = e[i].addr;
		r->len = e[i].size;
		r->type = e[i].type;
	}
	if (si->rsdp_paddr)
		copy_rsdp(early_va(si->rsdp_paddr, sizeof boot_params.rsdp, "ACPI RSDP"),
			  sizeof boot_params.rsdp);
}

/* Fills boot_params from whichever loader entered boot/entry.S. */
void setup_boot_params(u32 magic, u64 info_pa)
{
	if (magic == MB2_BOOTLOADER_MAGIC) {
		printk("boot: multiboot2 (GRUB)\n");
		parse_multiboot(info_pa);
	} else if (magic == XEN_HVM_START_MAGIC_VALUE) {
		printk("boot: PVH (a direct -kernel boot)\n");
		parse_pvh(info_pa);
	} else {
		panic("not booted by a multiboot2 or PVH loader (magic %x)", magic);
	}
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Splits a copy of the command line into words and reads the ones we know. */
void parse_cmdline(void)
{
	int argc = 1;
	bool after_dashes = false;
	strlcpy(cmdline_words, boot_params.cmdline, sizeof cmdline_words);
	for (char *p = cmdline_words; *p;) {
		while (*p == ' ')
			*p++ = 0;
		if (!*p)
			break;
		char *word = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = 0;
		if (after_dashes) {
			if (argc <= MAX_INIT_ARGS)
				init_argv[argc++] = word;
		} else if (strcmp(word, "--") == 0) {
			after_dashes = true;
		} else if (starts_with(word, "init=")) {
			init_path = word + 5;
		} else if (starts_with(word, "rdinit=")) {
			init_path = word + 7;
		} else if (starts_with(word, "panic=")) {
			const char *v = word + 6;
			int neg = *v == '-';
			panic_timeout = (int)simple_strtoul(v + neg, NULL, 10) * (neg ? -1 : 1);
		} else if (starts_with(word, "trace=")) {
			trace_param = word + 6;
		} else if (starts_with(word, "tlb_shootdown=")) {
			tlb_shootdown_setup(word + 14);         /* mm/tlb.c: debug kernel only */
		} else if (starts_with(word, "fork=")) {
			fork_mode_setup(word + 5);              /* mm/odf.c: odf or classic */
		} else if (starts_with(word, "audit_selftest=")) {
			audit_selftest_param = word + 15;       /* test kernels only: mm/debug.c */
		}
	}
	init_argv[0] = init_path;
	init_argv[argc] = NULL;
}
