/*
 * header.S - the multiboot2 header GRUB looks for in the first 32 KiB of
 * ushi.elf.  We ask for nothing special: GRUB loads the ELF segments at
 * their physical addresses and enters _start in 32-bit protected mode.
 */
#define MB2_MAGIC 0xe85250d6
#define MB2_ARCH_I386 0

	.section .multiboot, "a"
	.align 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* the end tag: type 0, flags 0, size 8 */
	.short 0
	.short 0
	.long 8
mb2_header_end:
