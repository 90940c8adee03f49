/*
 * setup.c - read the multiboot2 boot information and the command line.
 *
 * GRUB leaves a list of tags in memory; we copy what we need (command
 * line, memory map, the initramfs module, the ACPI RSDP) into
 * boot_params before the memory they sit in can be reused.
 *
 * The command line is Linux's: "init=/path" (or "rdinit=") chooses the
 * first program, words after "--" become its argv[1..], "panic=N" says
 * what a panic does, "trace=..." turns on the fault trace; unknown words
 * are ignored.
 */
#include <kernel.h>
#include <mm.h>
#include <setup.h>

#define MB2_BOOTLOADER_MAGIC 0x36d76289
#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_MODULE 3
#define MB2_TAG_MMAP 6
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15

struct mb2_tag {
	u32 type, size;
};

struct mb2_mmap_entry {
	u64 base, len;
	u32 type, reserved;
};

struct boot_params boot_params;
int panic_timeout;
const char *init_path = "/sbin/init";
const char *init_argv[MAX_INIT_ARGS + 2];
const char *trace_param;
const char *audit_selftest_param;
static char cmdline_words[COMMAND_LINE_SIZE];

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

/* The early page tables map only the first GiB, where GRUB puts the tags. */
void parse_multiboot(u32 magic, u64 mbi_pa)
{
	if (magic != MB2_BOOTLOADER_MAGIC)
		panic("not booted by a multiboot2 loader (magic %x)", magic);
	if (mbi_pa >= (1UL << 30))
		panic("multiboot2 information above 1 GiB (%lx)", (unsigned long)mbi_pa);
	const u8 *mbi = __va(mbi_pa);
	u32 total = *(const u32 *)mbi;
	boot_params.mbi_start = mbi_pa;
	boot_params.mbi_end = mbi_pa + total;
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
			if (!boot_params.have_rsdp) {
				size_t n = tag->size - 8 < sizeof boot_params.rsdp ?
					   tag->size - 8 : sizeof boot_params.rsdp;
				memcpy(boot_params.rsdp, tag + 1, n);
				boot_params.have_rsdp = true;
			}
			break;
		}
		p += ALIGN_UP(tag->size, 8);
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
		} else if (starts_with(word, "audit_selftest=")) {
			audit_selftest_param = word + 15;       /* test kernels only: mm/debug.c */
		}
	}
	init_argv[0] = init_path;
	init_argv[argc] = NULL;
}
