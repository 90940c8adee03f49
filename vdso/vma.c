/*
 * vma.c - the kernel's side of the vDSO (Linux's arch/x86/entry/vdso/vma.c):
 * the frames holding its code and the vvar page, and mapping both into
 * each new program.
 *
 * At boot vdso_init copies the shared object that vdso-image.S embeds into
 * frames of its own (kernel-image pages are no frames a process may map)
 * and allocates the vvar page, which kernel/vsyscall.c keeps current.
 * execve then maps them (arch_setup_additional_pages) as two special
 * mappings, "[vvar]" read-only and just below "[vdso]", and tells the
 * program where in AT_SYSINFO_EHDR.  fork copies both areas like any
 * other; munmap and mremap treat them as Linux does (mm/special_mapping.c).
 */
#include <kernel.h>
#include <mm.h>
#include <vdso.h>
#include <vdso/datapage.h>

#define VDSO_MAX_PAGES 4

extern const char vdso_image_start[], vdso_image_end[];

static struct page *vdso_pages[VDSO_MAX_PAGES + 1];    /* NULL-terminated */
static struct page *vvar_pages[2];
static unsigned long vdso_size;
struct vdso_data *vdso_data;

static const struct vm_special_mapping vdso_mapping = { .name = "[vdso]", .pages = vdso_pages };
static const struct vm_special_mapping vvar_mapping = { .name = "[vvar]", .pages = vvar_pages };

void vdso_init(void)
{
	unsigned long len = vdso_image_end - vdso_image_start;
	vdso_size = PAGE_ALIGN(len);
	BUG_ON(vdso_size > VDSO_MAX_PAGES * PAGE_SIZE);
	for (unsigned long off = 0; off < len; off += PAGE_SIZE) {
		void *page = get_zeroed_page();
		BUG_ON(!page);
		memcpy(page, vdso_image_start + off, MIN(PAGE_SIZE, len - off));
		vdso_pages[off / PAGE_SIZE] = virt_to_page(page);
	}
	vdso_data = get_zeroed_page();
	BUG_ON(!vdso_data);
	vvar_pages[0] = virt_to_page(vdso_data);
	printk("vdso: %lu bytes, %lu page(s) and a vvar page\n", len, vdso_size / PAGE_SIZE);
}

/*
 * Where the vvar page and the vDSO go (Linux's vdso_addr, without its
 * random offset: ushi randomizes nothing).  Linux asks for the first
 * page above the stack's lowest used byte; that page is inside the stack
 * unless the stack top was randomized, so get_unmapped_area refuses the
 * hint and the pair lands at the top of the mmap region - where Linux
 * booted with norandmaps has it too.
 */
static unsigned long vdso_addr(unsigned long start_stack)
{
	return PAGE_ALIGN(start_stack);
}

long arch_setup_additional_pages(struct mm_struct *mm, unsigned long start_stack)
{
	unsigned long addr = get_unmapped_area(mm, vdso_addr(start_stack), PAGE_SIZE + vdso_size, 0);
	if (IS_ERR_VALUE(addr))
		return addr;
	unsigned long text = addr + PAGE_SIZE;
	/* MAYWRITE: a debugger may mprotect the code and plant a breakpoint (copy-on-write) */
	struct vm_area_struct *vma = _install_special_mapping(mm, text, vdso_size,
		VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC, &vdso_mapping);
	if (IS_ERR(vma))
		return PTR_ERR(vma);
	vma = _install_special_mapping(mm, addr, PAGE_SIZE,
		VM_READ | VM_MAYREAD | VM_IO | VM_DONTDUMP | VM_PFNMAP, &vvar_mapping);
	if (IS_ERR(vma)) {
		do_munmap(mm, text, vdso_size);
		return PTR_ERR(vma);
	}
	return text;
}
