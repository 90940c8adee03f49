/*
 * init.c - from GRUB's memory map to running page tables and a frame
 * allocator.
 *
 * Until the buddy allocator exists, a tiny boot allocator (memblock, as
 * Linux calls it) hands out frames from RAM that nothing occupies: not
 * the first MiB, not the kernel image, not the initramfs.  With it we
 * build mem_map (a struct page per frame) and the kernel's page tables:
 *   - the direct map of all RAM at PAGE_OFFSET (2 MiB pages, no execute),
 *   - the kernel image at KERNEL_MAP with 4 KiB pages: text read+execute,
 *     rodata read-only, data and bss read+write, never write+execute.
 * Then every frame nobody holds goes to the buddy allocator.
 */
#include <asm.h>
#include <kernel.h>
#include <mm.h>
#include <sections.h>
#include <setup.h>

#define MAX_RESERVED 16
#define EARLY_MAP_LIMIT (1UL << 30)     /* what boot/entry.S maps */
#define HUGE_2M (2UL << 20)


static struct { u64 start, end; } reserved[MAX_RESERVED];
static int nr_reserved;
static u8 empty_zero_page[PAGE_SIZE] __aligned(PAGE_SIZE);
struct page *zero_page;

static void memblock_reserve(u64 start, u64 end)
{
	for (int i = 0; i < nr_reserved; i++) {
		if (reserved[i].end == ALIGN_DOWN(start, PAGE_SIZE)) {  /* extend a neighbour */
			reserved[i].end = ALIGN_UP(end, PAGE_SIZE);
			return;
		}
	}
	BUG_ON(nr_reserved == MAX_RESERVED);
	reserved[nr_reserved].start = ALIGN_DOWN(start, PAGE_SIZE);
	reserved[nr_reserved].end = ALIGN_UP(end, PAGE_SIZE);
	nr_reserved++;
}

/* The end of the reserved range overlapping [start, end), or 0 if none. */
static u64 reserved_overlap(u64 start, u64 end)
{
	for (int i = 0; i < nr_reserved; i++)
		if (start < reserved[i].end && reserved[i].start < end)
			return reserved[i].end;
	return 0;
}

/* Zeroed, page-aligned boot memory below the early 1 GiB mapping. */
static void *memblock_alloc(u64 size)
{
	size = ALIGN_UP(size, PAGE_SIZE);
	for (int i = 0; i < boot_params.nr_mem; i++) {
		struct mem_region *r = &boot_params.mem[i];
		if (r->type != E820_RAM)
			continue;
		u64 a = ALIGN_UP(MAX(r->base, 1UL << 20), PAGE_SIZE);
		u64 end = MIN(r->base + r->len, EARLY_MAP_LIMIT);
		while (a + size <= end) {
			u64 over = reserved_overlap(a, a + size);
			if (!over) {
				memblock_reserve(a, a + size);
				memset(__va(a), 0, size);
				return __va(a);
			}
			a = over;
		}
	}
	panic("out of boot memory (wanted %lu bytes)", (unsigned long)size);
}

static pte_t *boot_table(pte_t *parent, unsigned idx)
{
	if (!(parent[idx] & _PAGE_PRESENT))
		parent[idx] = __pa(memblock_alloc(PAGE_SIZE)) | _PAGE_PRESENT | _PAGE_RW;
	return __va(parent[idx] & PTE_PFN_MASK);
}

/* Maps [pa, pa+len) at PAGE_OFFSET+pa with 2 MiB pages. */
static void map_direct(u64 pa, u64 len)
{
	u64 nx = cpu_has_nx ? _PAGE_NX : 0;
	for (u64 a = ALIGN_DOWN(pa, HUGE_2M); a < pa + len; a += HUGE_2M) {
		unsigned long va = PAGE_OFFSET + a;
		pte_t *pdpt = boot_table(init_pgd, (va >> 39) & 511);
		pte_t *pd = boot_table(pdpt, (va >> 30) & 511);
		pd[(va >> 21) & 511] = a | _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE |
				       _PAGE_GLOBAL | nx;
	}
}

/* Maps kernel virtual [start, end) to its physical place with prot. */
static void map_kernel(char *start, char *end, u64 prot)
{
	for (unsigned long va = (unsigned long)start; va < (unsigned long)end; va += PAGE_SIZE) {
		pte_t *pdpt = boot_table(init_pgd, (va >> 39) & 511);
		pte_t *pd = boot_table(pdpt, (va >> 30) & 511);
		pte_t *pt = boot_table(pd, (va >> 21) & 511);
		pt[(va >> 12) & 511] = (va - KERNEL_MAP) | prot | _PAGE_PRESENT | _PAGE_GLOBAL;
	}
}

static void build_page_tables(void)
{
	u64 nx = cpu_has_nx ? _PAGE_NX : 0;
	init_pgd = memblock_alloc(PAGE_SIZE);
	for (int i = 0; i < boot_params.nr_mem; i++) {
		struct mem_region *r = &boot_params.mem[i];
		if (r->type == E820_RAM || r->type == E820_ACPI || r->type == E820_NVS)
			map_direct(r->base, r->len);
	}
	map_kernel(_text, _etext, 0);
	map_kernel(_rodata, _erodata, nx);
	map_kernel(_data, _end, _PAGE_RW | nx);
	/* Pre-create every kernel-half PML4 slot, so that copying slots
	 * 256..511 into a new process's PML4 shares all future kernel maps. */
	for (int i = 256; i < 512; i++)
		boot_table(init_pgd, i);
	write_cr3(__pa(init_pgd));
}

/* Gives every RAM frame outside the reserved ranges to the buddy allocator. */
static void free_all_bootmem(void)
{
	for (int i = 0; i < boot_params.nr_mem; i++) {
		struct mem_region *r = &boot_params.mem[i];
		if (r->type != E820_RAM)
			continue;
		u64 a = ALIGN_UP(MAX(r->base, 1UL << 20), PAGE_SIZE);
		u64 end = ALIGN_DOWN(r->base + r->len, PAGE_SIZE);
		while (a < end) {
			u64 over = reserved_overlap(a, a + PAGE_SIZE);
			if (over) {
				a = over;
				continue;
			}
			u64 b = a + PAGE_SIZE;
			while (b < end && !reserved_overlap(b, b + PAGE_SIZE))
				b += PAGE_SIZE;
			free_boot_range(a >> PAGE_SHIFT, b >> PAGE_SHIFT);
			a = b;
		}
	}
}

void mm_init(void)
{
	u64 top = 0;
	for (int i = 0; i < boot_params.nr_mem; i++) {
		struct mem_region *r = &boot_params.mem[i];
		if (r->type == E820_RAM || r->type == E820_ACPI || r->type == E820_NVS)
			top = MAX(top, r->base + r->len);
	}
	max_pfn = top >> PAGE_SHIFT;
	memblock_reserve(0, 1UL << 20);
	memblock_reserve((u64)_phys_start, __pa(_end));
	if (boot_params.initrd_end)
		memblock_reserve(boot_params.initrd_start, boot_params.initrd_end);

	mem_map = memblock_alloc(max_pfn * sizeof(struct page));
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++)
		mem_map[pfn].flags = PG_reserved;
	build_page_tables();
	page_alloc_init();
	free_all_bootmem();
	zero_page = virt_to_page(empty_zero_page);
	printk("mm: %lu MiB of RAM, %lu frames free, direct map up to %lx\n",
	       totalram_pages >> 8, nr_free_pages, (unsigned long)top);
}

/*
 * After unpacking, the initramfs module's frames are ordinary free memory;
 * a loader may have put it anywhere in RAM (GRUB under UEFI puts it low),
 * but the first MiB stays reserved, as free_all_bootmem leaves it.
 */
void free_initrd_mem(void)
{
	u64 s = ALIGN_UP(MAX(boot_params.initrd_start, 1UL << 20), PAGE_SIZE);
	u64 e = ALIGN_UP(boot_params.initrd_end, PAGE_SIZE);
	if (e > s)
		free_boot_range(s >> PAGE_SHIFT, e >> PAGE_SHIFT);
}
