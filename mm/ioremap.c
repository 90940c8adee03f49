/*
 * ioremap.c - mapping physical memory that is not RAM: a device's
 * registers (the local APIC's page) or a firmware table in a reserved
 * region (ACPI's, which the firmware may put outside what the direct map
 * covers).
 *
 * The direct map (mm/init.c) maps RAM and the ACPI regions of the memory
 * map with 2 MiB pages at PAGE_OFFSET + physical address.  ioremap()
 * maps whatever of [pa, pa + len) is not yet mapped at that same place,
 * with 4 KiB pages, uncached (PCD|PWT: a device register must be read
 * from the device every time, never from a cache), so __va() stays true
 * for it.  Linux gives such mappings addresses of their own in its
 * vmalloc area; one address per physical page is simpler, and with
 * nothing ever unmapped there is no need for more.  The kernel half of
 * every page table shares these tables (pgd_alloc copies its PML4
 * slots), so the mapping is seen in every address space.
 */
#include <io.h>
#include <kernel.h>
#include <mm.h>

/* Whether va is mapped in the kernel's tables, by a huge page or a PTE. */
static bool kernel_mapped(unsigned long va)
{
	pte_t *table = init_pgd;
	for (int level = 3; level >= 0; level--) {
		pte_t e = table[(va >> (PAGE_SHIFT + 9 * level)) & 511];
		if (!(e & _PAGE_PRESENT))
			return false;
		if (level == 0 || (e & _PAGE_PSE))
			return true;
		table = __va(e & PTE_PFN_MASK);
	}
	return false;
}

/* The kernel virtual address of physical [pa, pa + len), mapped if need be. */
void *ioremap(phys_addr_t pa, size_t len)
{
	u64 nx = cpu_has_nx ? _PAGE_NX : 0;
	for (u64 a = ALIGN_DOWN(pa, PAGE_SIZE); a < pa + len; a += PAGE_SIZE) {
		unsigned long va = (unsigned long)__va(a);
		if (kernel_mapped(va))
			continue;
		pte_t *pte = pte_walk(init_pgd, va, true);
		if (!pte)
			panic("ioremap: no memory for a page table (%lx)", (unsigned long)a);
		*pte = a | _PAGE_PRESENT | _PAGE_RW | _PAGE_PCD | _PAGE_PWT | _PAGE_GLOBAL | nx;
	}
	return __va(pa);
}
