/*
 * vdso-image.S - the vDSO shared object (build/vdso/vdso.so, made from
 * vdso/ by the Makefile) inside the kernel image, for vdso_init to copy
 * into the frames every process maps.
 */
	.section .rodata
	.balign 16
	.globl vdso_image_start, vdso_image_end
vdso_image_start:
	.incbin "vdso.so"
vdso_image_end:

	.section .note.GNU-stack, "", @progbits
