/*
 * trampoline.S - how an application processor (AP) gets from the real
 * mode a STARTUP IPI leaves it in to start_secondary() in the kernel,
 * as Linux's arch/x86/realmode/rm/trampoline_64.S and head_64.S.
 *
 * A SIPI starts the AP in 16-bit real mode at CS:IP = VV00:0000, VV the
 * vector: the code must sit in a page below 1 MiB.  So the bytes between
 * trampoline_start and trampoline_end are only data to the kernel:
 * smp_init() copies them to such a page (kernel/smpboot.c) and fills
 * trampoline_header.  They work wherever they land: the real-mode part
 * finds its own physical address from CS and patches the two far
 * pointers and the GDT base with it.
 *
 *   real mode        lgdt (a flat GDT of our own), CR0.PE
 *   protected mode   CR4.PAE, CR3 = early_pml4, EFER = LME|NXE|SCE, CR0.PG
 *   long mode        still at the low address (early_pml4 maps the first
 *                    GiB at itself), then jump to the kernel's address:
 *   secondary_startup_64 (in .text): the kernel's own page tables
 *                    (initial_cr3), the AP's stack, its GS base, then C.
 *
 * early_pml4 is the table boot/entry.S built for the boot CPU's own way
 * into long mode; it stays as it was, so each AP reuses it for the same
 * step.  It maps the first GiB without NX, which the jump from the low
 * page needs; the kernel's tables map no low memory at all.
 */
#define CR0_PE (1 << 0)
#define CR0_MP (1 << 1)
#define CR0_ET (1 << 4)
#define CR0_NE (1 << 5)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define MSR_EFER 0xc0000080
#define MSR_GS_BASE 0xc0000101
#define TR_CS32 0x08
#define TR_DS 0x10
#define TR_CS64 0x18

/* An offset in the trampoline: its address, wherever it was copied. */
#define TR(x) ((x) - trampoline_start)

	.section .rodata, "a"
	.balign 16
	.globl trampoline_start, trampoline_end, trampoline_header
	.code16
trampoline_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	movzwl %ax, %ebx
	shll $4, %ebx                   /* ebx: our physical address, from here on */
	leal TR(tr_gdt)(%ebx), %eax
	movl %eax, TR(tr_gdt_ptr) + 2
	leal TR(tr_protected)(%ebx), %eax
	movl %eax, TR(tr_jump32)
	leal TR(tr_long)(%ebx), %eax
	movl %eax, TR(tr_jump64)
	lgdtl TR(tr_gdt_ptr)
	/* A whole CR0, not an OR: INIT left CD and NW set (caches off). */
	movl $(CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP), %eax
	movl %eax, %cr0
	ljmpl *TR(tr_jump32)

	.code32
tr_protected:
	movl $TR_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs                  /* null: their bases are 0, and GS's */
	movl %eax, %gs                  /* is set from initial_gs below */
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl TR(tr_cr3)(%ebx), %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	movl TR(tr_efer)(%ebx), %eax
	xorl %edx, %edx
	wrmsr
	movl %cr0, %eax
	orl $CR0_PG, %eax
	movl %eax, %cr0                 /* long mode is active: now a 64-bit CS */
	ljmpl *TR(tr_jump64)(%ebx)

	.code64
tr_long:
	movl %ebx, %ebx                 /* the upper half is undefined after the switch */
	jmpq *TR(tr_entry)(%rbx)

	.balign 8
tr_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff        /* TR_CS32: 32-bit code, flat */
	.quad 0x00cf92000000ffff        /* TR_DS: data, flat */
	.quad 0x00209a0000000000        /* TR_CS64: 64-bit code */
tr_gdt_end:
	.balign 4
tr_gdt_ptr:
	.short tr_gdt_end - tr_gdt - 1
	.long 0                         /* tr_gdt's physical address */
	.balign 4
tr_jump32:
	.long 0                         /* tr_protected's physical address */
	.short TR_CS32
	.balign 4
tr_jump64:
	.long 0                         /* tr_long's */
	.short TR_CS64
	.balign 8
trampoline_header:                      /* struct trampoline_header (smp.h) */
tr_cr3:   .long 0
tr_efer:  .long 0
tr_entry: .quad 0
trampoline_end:

/*
 * In the kernel at last, at its high address but still on early_pml4:
 * switch to the kernel's page tables (EFER.NXE is already on for their
 * NX bits), take the stack of the AP's idle task and point GS at its
 * struct pcpu, as boot/entry.S does for the boot CPU.
 */
	.text
	.globl secondary_startup_64
secondary_startup_64:
	movq initial_cr3(%rip), %rax
	movq %rax, %cr3
	movq initial_stack(%rip), %rsp
	movl $MSR_GS_BASE, %ecx
	movq initial_gs(%rip), %rax
	movq %rax, %rdx
	shrq $32, %rdx
	wrmsr
	xorl %ebp, %ebp
	call start_secondary
1:	hlt
	jmp 1b
