/*
 * page_alloc.c - physical frames: struct page, reference counts, and a
 * buddy allocator.
 *
 * Free memory is kept in blocks of 2^order frames (order 0..MAX_ORDER),
 * each block aligned to its size, on one free list per order.  Allocating
 * splits a bigger block in halves until the size fits; freeing merges a
 * block with its "buddy" (the other half of the block they came from)
 * for as long as the buddy is free too.  A free block's list links live
 * in the free memory itself, so struct page stays small.
 *
 * nr_free_pages counts free frames; the test runner reads it (through
 * /proc/meminfo) to prove that no test leaks a frame.
 */
#include <kernel.h>
#include <list.h>
#include <mm.h>
#include <spinlock.h>

#define MAX_ORDER 10

struct page *mem_map;
unsigned long max_pfn;
unsigned long totalram_pages;
/*
 * zone_lock (Linux's zone->lock) protects free_area[], nr_free_pages and
 * the flags and order of every free block's pages.  A plain spinlock:
 * no interrupt handler allocates.  It is the innermost lock of mm/:
 * taken under page_table_lock, kmalloc_lock and the file page locks,
 * never the other way.  Zeroing a new frame is done after it is dropped.
 */
static DEFINE_SPINLOCK(zone_lock);
unsigned long nr_free_pages;            /* zone_lock; read without it (READ_ONCE) */
static struct list_head free_area[MAX_ORDER + 1];      /* zone_lock */

static struct list_head *block_links(struct page *p)
{
	return page_address(p);
}

static struct page *links_to_page(struct list_head *l)
{
	return virt_to_page(l);
}

void page_alloc_init(void)
{
	for (int i = 0; i <= MAX_ORDER; i++)
		INIT_LIST_HEAD(&free_area[i]);
}

static void add_free_block(struct page *p, unsigned order)
{
	p->flags = PG_buddy;
	p->order = order;
	list_add(block_links(p), &free_area[order]);
}

static void del_free_block(struct page *p)
{
	list_del_init(block_links(p));
	p->flags = 0;
}

/*
 * Returns a block of 2^order frames with a reference count of 1, zeroed
 * if gfp has __GFP_ZERO; NULL when no block that big is free.
 */
struct page *alloc_pages(int gfp, unsigned int order)
{
	unsigned o = order;
	spin_lock(&zone_lock);
	while (o <= MAX_ORDER && list_empty(&free_area[o]))
		o++;
	if (o > MAX_ORDER) {
		spin_unlock(&zone_lock);
		return NULL;
	}
	struct page *p = links_to_page(free_area[o].next);
	del_free_block(p);
	while (o > order) {             /* give back the upper halves */
		o--;
		add_free_block(p + (1UL << o), o);
	}
	for (unsigned long i = 0; i < (1UL << order); i++) {
		BUG_ON(page_count(&p[i]) != 0 || page_mapcount(&p[i]) != 0);
		p[i].flags = 0;
	}
	set_page_count(p, 1);
	WRITE_ONCE(nr_free_pages, nr_free_pages - (1UL << order));
	spin_unlock(&zone_lock);
	if (gfp & __GFP_ZERO)
		memset(page_address(p), 0, PAGE_SIZE << order);
	return p;
}

/* With zone_lock held: returns a block to the free lists, merging it
 * with free buddies. */
static void free_block_locked(struct page *p, unsigned int order)
{
	unsigned long pfn = page_to_pfn(p);
	if (p->flags & (PG_buddy | PG_reserved))
		panic("freeing frame %lx twice (flags %x)", pfn, p->flags);
	if (page_mapcount(p) != 0)
		panic("freeing frame %lx that is still mapped %d times", pfn, page_mapcount(p));
	set_page_count(p, 0);
	WRITE_ONCE(nr_free_pages, nr_free_pages + (1UL << order));
	while (order < MAX_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		if (buddy_pfn >= max_pfn)
			break;
		struct page *b = pfn_to_page(buddy_pfn);
		if (!(b->flags & PG_buddy) || b->order != order)
			break;
		del_free_block(b);
		pfn &= ~(1UL << order);
		order++;
	}
	p = pfn_to_page(pfn);
	add_free_block(p, order);
}

void __free_pages(struct page *p, unsigned int order)
{
	spin_lock(&zone_lock);
	free_block_locked(p, order);
	spin_unlock(&zone_lock);
}

#ifdef USHI_DEBUG
/* The free lists agree with nr_free_pages, and hold only free blocks. */
void check_free_lists(void)
{
	unsigned long n = 0;
	spin_lock(&zone_lock);
	for (unsigned o = 0; o <= MAX_ORDER; o++) {
		struct list_head *l;
		for (l = free_area[o].next; l != &free_area[o]; l = l->next) {
			struct page *p = links_to_page(l);
			if (!(p->flags & PG_buddy) || p->order != o)
				panic("invariant broken: frame %lx on the order-%u free list is not a free "
				      "block of that order (flags %x, order %u)", page_to_pfn(p), o, p->flags, p->order);
			for (unsigned long i = 0; i < (1UL << o); i++)
				if (page_count(&p[i]) || page_mapcount(&p[i]))
					panic("invariant broken: free frame %lx has %d references, %d mappings",
					      page_to_pfn(p + i), page_count(&p[i]), page_mapcount(&p[i]));
			n += 1UL << o;
		}
	}
	if (n != nr_free_pages)
		panic("invariant broken: the free lists hold %lu frames, nr_free_pages says %lu",
		      n, nr_free_pages);
	spin_unlock(&zone_lock);
}
#endif

void put_page_slow(struct page *p, int count)
{
	/* A put on a free frame is the usual bug (the audit self-test
	 * expects this text). */
	if (count < 0)
		panic("BUG: p->_refcount <= 0: frame %lx put once more than it was held", page_to_pfn(p));
	p->flags &= ~(PG_anon | PG_file | PG_pgtable);
	__free_pages(p, 0);
}

/*
 * Drops one reference on each of pages[0..nr) (Linux's release_pages,
 * for munmap's and exit's batches): the frames that lose their last go
 * back under one hold of zone_lock for the batch.  Reuses the array.
 */
void release_pages(struct page **pages, unsigned int nr)
{
	unsigned int nr_free = 0;
	for (unsigned int i = 0; i < nr; i++) {
		struct page *p = pages[i];
		BUG_ON(p->_refcount <= 0);      /* as put_page */
		if (page_ref_dec_and_test(p)) {
			p->flags &= ~(PG_anon | PG_file | PG_pgtable);
			pages[nr_free++] = p;
		}
	}
	if (!nr_free)
		return;
	spin_lock(&zone_lock);
	for (unsigned int i = 0; i < nr_free; i++)
		free_block_locked(pages[i], 0);
	spin_unlock(&zone_lock);
}

void *get_zeroed_page(void)
{
	struct page *p = alloc_page(__GFP_ZERO);
	return p ? page_address(p) : NULL;
}

void free_page(void *addr)
{
	put_page(virt_to_page(addr));
}

/*
 * Hands [start, end) frames to the allocator at boot: each step frees the
 * biggest aligned block that fits.
 */
void free_boot_range(unsigned long start, unsigned long end)
{
	while (start < end) {
		unsigned order = 0;
		while (order < MAX_ORDER && !(start & ((2UL << order) - 1)) &&
		       start + (2UL << order) <= end)
			order++;
		struct page *p = pfn_to_page(start);
		for (unsigned long i = 0; i < (1UL << order); i++)
			p[i].flags = 0;
		set_page_count(p, 1);
		__free_pages(p, order);
		totalram_pages += 1UL << order;
		start += 1UL << order;
	}
}
