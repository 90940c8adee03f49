/*
 * entry.S - from the loader's 32-bit protected mode to start_kernel() in
 * long mode, in the upper 2 GiB.
 *
 * Two loaders enter here, with paging off (boot/header.S):
 *   GRUB (multiboot2) jumps to _start with EAX = the multiboot2 magic
 *   and EBX = the physical address of its boot information;
 *   a PVH loader (QEMU -kernel) jumps to pvh_start with EBX = the
 *   physical address of struct hvm_start_info and nothing in EAX.
 * Both are recorded as (boot_magic, boot_info), and from there on the
 * path is one: start_kernel() -> setup_boot_params() tells them apart.
 *
 * This code runs at its physical address (it is linked there, in .boot),
 * so it can build the first page tables before any virtual address exists:
 *
 *   virtual 0 .. 1 GiB                  -> physical 0 .. 1 GiB (identity,
 *                                          only to survive turning paging on)
 *   0xffff888000000000 .. +1 GiB        -> physical 0 .. 1 GiB (the start
 *                                          of the direct map)
 *   0xffffffff80000000 .. +1 GiB        -> physical 0 .. 1 GiB (the kernel)
 *
 * all with 2 MiB pages.  mm/init.c replaces these tables with the real
 * ones (all of RAM, 4 KiB pages with permissions for the kernel image).
 */
#define CR0_PE (1 << 0)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define EFER_MSR 0xc0000080
#define MSR_GS_BASE 0xc0000101
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define PTE_P_W 0x3
#define PDE_HUGE 0x83
#define KERNEL_MAP 0xffffffff80000000
#define XEN_HVM_START_MAGIC_VALUE 0x336ec578

	.section .boot.text, "ax"
	.code32
/*
 * The PVH entry.  The PVH ABI puts no magic in EAX; give it the start
 * info's own magic, so the kernel knows which loader's information EBX
 * points to.  CS, DS, ES and SS are flat 32-bit segments, as GRUB's.
 */
	.globl pvh_start
pvh_start:
	movl $XEN_HVM_START_MAGIC_VALUE, %eax

/* The multiboot2 entry, and from pvh_start on the one path for both. */
	.globl _start
_start:
	cli
	cld
	movl $boot_stack32_top, %esp
	movl %eax, boot_magic
	movl %ebx, boot_info

	/* Long mode is CPUID 0x80000001 EDX bit 29; without it, say so and stop. */
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	testl $(1 << 29), %edx
	jz no_long_mode
	movl %edx, %esi                 /* keep EDX: bit 20 says NX exists */

	/* Zero the three early tables (ELF loaders zero .bss, but be sure). */
	movl $early_pml4, %edi
	movl $(3 * 4096 / 4), %ecx
	xorl %eax, %eax
	rep stosl
	movl $early_pd, %edi            /* the PD is filled below */

	/* PML4: slot 0 (identity), slot 273 (direct map), slot 511 (kernel). */
	movl $early_pdpt, %eax
	orl $PTE_P_W, %eax
	movl %eax, early_pml4
	movl %eax, early_pml4 + 273 * 8
	movl %eax, early_pml4 + 511 * 8
	/* PDPT: slot 0 and slot 510 (0xffffffff80000000) both map the PD. */
	movl $early_pd, %eax
	orl $PTE_P_W, %eax
	movl %eax, early_pdpt
	movl %eax, early_pdpt + 510 * 8
	/* PD: 512 2-MiB pages covering the first GiB. */
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $PDE_HUGE, %eax
	movl %eax, early_pd(, %ecx, 8)
	incl %ecx
	cmpl $512, %ecx
	jne 1b

	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $early_pml4, %eax
	movl %eax, %cr3
	movl $EFER_MSR, %ecx
	rdmsr
	orl $EFER_LME, %eax
	testl $(1 << 20), %esi
	jz 2f
	orl $EFER_NXE, %eax
2:	wrmsr
	movl %cr0, %eax
	orl $(CR0_PE | CR0_PG | CR0_WP), %eax
	movl %eax, %cr0

	lgdt early_gdt_ptr
	ljmp $0x08, $long_mode_low

	.code64
long_mode_low:
	xorl %eax, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs
	movabsq $long_mode_high, %rax
	jmp *%rax

	.code32
/* Prints a message on COM1 and halts: the CPU cannot run ushi. */
no_long_mode:
	movl $msg_no_lm, %esi
1:	lodsb
	testb %al, %al
	jz 2f
	movw $0x3f8, %dx
	outb %al, %dx
	jmp 1b
2:	hlt
	jmp 2b

	.section .boot.data, "a"
	.align 8
early_gdt:
	.quad 0
	.quad 0x00209a0000000000        /* 64-bit code, present, ring 0 */
early_gdt_ptr:
	.short early_gdt_ptr - early_gdt - 1
	.long early_gdt
msg_no_lm:
	.asciz "ushi: this CPU has no long mode (x86-64); cannot boot\r\n"
	.globl boot_magic, boot_info
	.align 4
boot_magic: .long 0
boot_info:  .long 0

	.section .boot.bss, "aw", @nobits
	.align 4096
	.globl early_pml4
early_pml4: .skip 4096
early_pdpt: .skip 4096
early_pd:   .skip 4096
	.skip 1024
boot_stack32_top:

/*
 * From here on we run at the kernel's high addresses.  The GS base points
 * at the boot CPU's struct pcpu before any C runs, so that `current`
 * works from start_kernel's first line (include/percpu.h).
 */
	.text
	.code64
long_mode_high:
	movabsq $init_stack_top, %rsp
	movl $MSR_GS_BASE, %ecx
	movabsq $per_cpu_area, %rax
	movq %rax, %rdx
	shrq $32, %rdx
	wrmsr
	xorl %ebp, %ebp
	movl boot_magic, %edi
	movl boot_info, %esi
	call start_kernel
1:	hlt
	jmp 1b

	.bss
	.align 4096
	.globl init_stack, init_stack_top
init_stack:
	.skip 16384
init_stack_top:
