/*
 * kmalloc.c - small kernel allocations.
 *
 * Sizes up to 2016 bytes come from "slabs": one frame cut into objects of
 * one size class, with a 32-byte header at the start of the frame (the
 * free-object list and a count of objects in use).  kfree finds the
 * header by rounding the pointer down to its frame.  A slab whose last
 * object is freed goes straight back to the frame allocator, so kernel
 * memory returns to the baseline when the objects are gone (the test
 * runner checks exactly that).  Bigger sizes get whole frames (a buddy
 * block, marked PG_head with its order).
 */
#include <kernel.h>
#include <mm.h>
#include <spinlock.h>

struct slab {
	struct list_head list;  /* on its class's list of slabs with free objects */
	void *freelist;         /* first free object; each free object holds the next */
	u16 inuse;
	u16 size;
	u32 pad;
};

static const u16 class_size[] = { 16, 32, 64, 128, 256, 512, 1008, 2016 };
#define NR_CLASSES ARRAY_SIZE(class_size)
static struct list_head partial[NR_CLASSES];
static bool kmalloc_ready;
/* kmalloc_lock protects partial[], every slab's header and kmalloc_ready. */
static DEFINE_SPINLOCK(kmalloc_lock);
static void *__kmalloc(size_t size);
static void __kfree(const void *ptr);

static void kmalloc_init(void)
{
	for (unsigned i = 0; i < NR_CLASSES; i++)
		INIT_LIST_HEAD(&partial[i]);
	kmalloc_ready = true;
}

static struct slab *new_slab(unsigned cls)
{
	struct page *pg = alloc_page(GFP_KERNEL);
	if (!pg)
		return NULL;
	pg->flags |= PG_slab;
	struct slab *s = page_address(pg);
	s->size = class_size[cls];
	s->inuse = 0;
	s->freelist = NULL;
	char *first = (char *)s + sizeof *s;
	unsigned n = (PAGE_SIZE - sizeof *s) / s->size;
	for (int i = n - 1; i >= 0; i--) {      /* thread the objects, lowest first */
		void **obj = (void **)(first + i * s->size);
		*obj = s->freelist;
		s->freelist = obj;
	}
	list_add(&s->list, &partial[cls]);
	return s;
}

static void *alloc_large(size_t size)
{
	unsigned order = 0;
	while ((PAGE_SIZE << order) < size)
		order++;
	struct page *pg = alloc_pages(GFP_KERNEL, order);
	if (!pg)
		return NULL;
	pg->flags |= PG_head;
	pg->order = order;
	return page_address(pg);
}

/* Returns uninitialised memory aligned to 16 bytes, or NULL. */
void *kmalloc(size_t size)
{
	spin_lock(&kmalloc_lock);
	void *p = __kmalloc(size);
	spin_unlock(&kmalloc_lock);
	return p;
}

static void *__kmalloc(size_t size)
{
	if (!kmalloc_ready)
		kmalloc_init();
	unsigned cls = 0;
	while (cls < NR_CLASSES && class_size[cls] < size)
		cls++;
	if (cls == NR_CLASSES)
		return alloc_large(size);
	struct slab *s;
	if (list_empty(&partial[cls])) {
		if (!(s = new_slab(cls)))
			return NULL;
	} else {
		s = list_first_entry(&partial[cls], struct slab, list);
	}
	void **obj = s->freelist;
	s->freelist = *obj;
	s->inuse++;
	if (!s->freelist)
		list_del_init(&s->list);        /* full: off the partial list */
	return obj;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(const void *ptr)
{
	if (!ptr)
		return;
	spin_lock(&kmalloc_lock);
	__kfree(ptr);
	spin_unlock(&kmalloc_lock);
}

static void __kfree(const void *ptr)
{
	struct page *pg = virt_to_page(ptr);
	if (pg->flags & PG_head) {
		pg->flags &= ~PG_head;
		__free_pages(pg, pg->order);
		return;
	}
	if (!(pg->flags & PG_slab))
		panic("kfree of %p, which kmalloc did not give out", ptr);
	struct slab *s = page_address(pg);
	void **obj = (void **)ptr;
#ifdef USHI_DEBUG
	/* Test builds: a second kfree of an object is caught here, and freed
	 * memory is poisoned so that a use after free reads nonsense at once. */
	for (void **f = s->freelist; f; f = *f)
		if (f == obj)
			panic("invariant broken: kfree of %p, which is already free", ptr);
	memset(obj, 0x6b, s->size);
#endif
	bool was_full = s->freelist == NULL;
	*obj = s->freelist;
	s->freelist = obj;
	if (--s->inuse == 0) {
		list_del_init(&s->list);
		pg->flags &= ~PG_slab;
		__free_pages(pg, 0);
		return;
	}
	if (was_full) {
		unsigned cls = 0;
		while (class_size[cls] != s->size)
			cls++;
		list_add(&s->list, &partial[cls]);
	}
}
