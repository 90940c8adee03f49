/*
 * header.S - what a loader looks for in ushi.elf before running it.
 *
 * Two loaders, two signs, one kernel file:
 *   - GRUB searches the first 32 KiB for the multiboot2 header and
 *     enters _start (boot/entry.S).
 *   - A PVH loader (QEMU's -kernel, Firecracker, Cloud Hypervisor, Xen)
 *     reads the ELF note XEN_ELFNOTE_PHYS32_ENTRY from a PT_NOTE program
 *     header and enters the physical address it holds, pvh_start.
 * We ask GRUB for nothing special: it loads the ELF segments at their
 * physical addresses and enters _start in 32-bit protected mode.
 */
#define MB2_MAGIC 0xe85250d6
#define MB2_ARCH_I386 0
#define XEN_ELFNOTE_PHYS32_ENTRY 18

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

/*
 * An ELF note: name size, descriptor size, type, then the name and the
 * descriptor, each padded to 4 bytes.  The descriptor is 8 bytes, as
 * Linux's on x86-64: QEMU reads a 64-bit address from a 64-bit ELF.
 * linker.ld keeps the section 4-aligned, and QEMU finds the descriptor
 * by aligning the name to the PT_NOTE's alignment.
 */
	.section .note.Xen, "a", @note
	.balign 4
	.long 2f - 1f                   /* "Xen\0" */
	.long 4f - 3f
	.long XEN_ELFNOTE_PHYS32_ENTRY
1:	.asciz "Xen"
2:	.balign 4
3:	.quad pvh_start
4:	.balign 4
