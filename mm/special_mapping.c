/*
 * special_mapping.c - areas that show pages the kernel owns, with no file
 * behind them (Linux's vm_special_mapping, in its mm/mmap.c): the vDSO's
 * code and the vvar page (vdso/vma.c).
 *
 * Such an area faults through special_mapping_vmops like a file's area
 * faults through its file's (memory.c's do_fault): the page comes from
 * the mapping's array, so fork shares it and a private write (a debugger's
 * breakpoint after mprotect) copies it.  Its name comes from the mapping,
 * and it can be neither split nor grown: the kernel expects it whole.
 */
#include <errno.h>
#include <kernel.h>
#include <mm.h>
#include "internal.h"

static int special_mapping_fault(struct vm_fault *vmf)
{
	const struct vm_special_mapping *sm = vmf->vma->vm_private_data;
	struct page **pages = sm->pages;
	for (unsigned long pgoff = vmf->pgoff; pgoff && *pages; pgoff--)
		pages++;
	if (!*pages)
		return VM_FAULT_SIGBUS;
	get_page(*pages);               /* the fault's; the kernel keeps its own */
	vmf->page = *pages;
	return 0;
}

static const char *special_mapping_name(struct vm_area_struct *vma)
{
	return ((const struct vm_special_mapping *)vma->vm_private_data)->name;
}

/* Never split: the vDSO finds its vvar page at a fixed distance, and
 * a piece of it would be no vDSO (Linux refuses with EINVAL too). */
static int special_mapping_split(struct vm_area_struct *vma __unused, unsigned long addr __unused)
{
	return -EINVAL;
}

static const struct vm_operations_struct special_mapping_vmops = {
	.fault = special_mapping_fault,
	.name = special_mapping_name,
	.may_split = special_mapping_split,
};

struct vm_area_struct *_install_special_mapping(struct mm_struct *mm, unsigned long addr,
						unsigned long len, unsigned long vm_flags,
						const struct vm_special_mapping *spec)
{
	if (!range_free(mm, addr, len))
		return ERR_PTR(-ENOMEM);
	/* mlockall(MCL_FUTURE)'s def_flags would not lock these: no VM_LOCKED */
	unsigned long flags = (vm_flags | mm->def_flags | VM_DONTEXPAND | VM_SOFTDIRTY) & ~VM_LOCKED_MASK;
	struct vm_area_struct *vma = vma_alloc(addr, addr + len, flags, NULL, 0);
	if (!vma)
		return ERR_PTR(-ENOMEM);
	vma->vm_ops = &special_mapping_vmops;
	vma->vm_private_data = (void *)spec;
	insert_vma(mm, vma);
	return vma;
}

bool vma_is_special_mapping(const struct vm_area_struct *vma, const struct vm_special_mapping *sm)
{
	return vma->vm_ops == &special_mapping_vmops && vma->vm_private_data == sm;
}

bool vma_is_any_special_mapping(const struct vm_area_struct *vma)
{
	return vma->vm_ops == &special_mapping_vmops;
}
