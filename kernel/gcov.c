/*
 * gcov.c - the coverage kernel's gcov runtime, as Linux's CONFIG_GCOV_KERNEL.
 *
 * `make coverage` builds a kernel with -DUSHI_GCOV and every other object
 * compiled with -fprofile-arcs -ftest-coverage.  gcc then gives each
 * object one struct gcov_info (its file name and the arc counters of each
 * function) and a constructor, in .init_array, that hands it to
 * __gcov_init.  Nothing runs constructors in a kernel, so gcov_init runs
 * them at boot; __gcov_init links each gcov_info on a list.
 *
 * At power-off gcov_dump writes, for every object, what libgcov would have
 * written to its .gcda file (the same bytes as Linux's convert_to_gcda) in
 * hex on the second serial port, COM2:
 *
 *     gcov-begin
 *     gcda PATH NBYTES
 *     <hex, 64 bytes a line>
 *     gcov-end
 *
 * and tools/gcov-extract.py turns that back into .gcda files next to the
 * .gcno files, for gcov and lcov.  The structures below are gcc 12's (its
 * gcov-io.h and libgcov.h): the layout changes between gcc versions.
 */
#ifdef USHI_GCOV
#include <asm.h>
#include <kernel.h>
#include <setup.h>

#if __GNUC__ != 12
#error "kernel/gcov.c knows gcc 12's struct gcov_info only"
#endif

typedef s64 gcov_type;

/* gcc 10 to 13 count 8 kinds of counter; only the arcs' are used here. */
#define GCOV_COUNTERS           8
#define GCOV_DATA_MAGIC         0x67636461      /* "gcda" */
#define GCOV_TAG_FUNCTION       0x01000000
#define GCOV_TAG_FUNCTION_WORDS 3
#define GCOV_TAG_COUNTER_BASE   0x01a10000
#define GCOV_TAG_FOR_COUNTER(k) (GCOV_TAG_COUNTER_BASE + ((u32)(k) << 17))

struct gcov_info;

struct gcov_ctr_info {
	unsigned int num;               /* counters of this kind in the function */
	gcov_type *values;
};

struct gcov_fn_info {
	const struct gcov_info *key;    /* the object that owns the function */
	unsigned int ident;
	unsigned int lineno_checksum;
	unsigned int cfg_checksum;
	struct gcov_ctr_info ctrs[];    /* one per kind whose merge[] is set */
};

typedef void (*gcov_merge_fn)(gcov_type *, unsigned int);

struct gcov_info {
	unsigned int version;
	struct gcov_info *next;
	unsigned int stamp;
	unsigned int checksum;
	const char *filename;           /* where libgcov would write the .gcda */
	gcov_merge_fn merge[GCOV_COUNTERS];
	unsigned int n_functions;
	const struct gcov_fn_info *const *functions;
};

static struct gcov_info *gcov_list;

/* The constructor gcc adds to each object calls this with its gcov_info. */
void __gcov_init(struct gcov_info *info);
void __gcov_init(struct gcov_info *info)
{
	info->next = gcov_list;
	gcov_list = info;
}

/*
 * libgcov's entry points that the instrumented code names: the merges are
 * only ever called by a libgcov that reads an old .gcda back, and the exit
 * hook runs from destructors, which a kernel never runs.
 */
void __gcov_merge_add(gcov_type *counters, unsigned int n);
void __gcov_merge_add(gcov_type *counters, unsigned int n)
{
	(void)counters;
	(void)n;
}

void __gcov_exit(void);
void __gcov_exit(void)
{
}

/* Runs every constructor in .init_array: each registers one object. */
void gcov_init(void)
{
	extern void (*__init_array_start[])(void), (*__init_array_end[])(void);
	int n = 0;
	for (void (**ctor)(void) = __init_array_start; ctor < __init_array_end; ctor++, n++)
		(*ctor)();
	printk("gcov: %d objects instrumented\n", n);
}

/* ---- COM2, written by polling: the dump runs with interrupts off ---- */

#define COM2 0x2f8

static void com2_init(void)
{
	outb(COM2 + 1, 0x00);           /* no interrupts */
	outb(COM2 + 3, 0x80);           /* divisor latch: 115200 baud */
	outb(COM2 + 0, 0x01);
	outb(COM2 + 1, 0x00);
	outb(COM2 + 3, 0x03);           /* 8N1 */
	outb(COM2 + 2, 0xc7);           /* FIFOs on */
}

static void com2_putc(char c)
{
	while (!(inb(COM2 + 5) & 0x20))
		;
	outb(COM2, (u8)c);
}

static void com2_puts(const char *s)
{
	while (*s)
		com2_putc(*s++);
}

/*
 * The .gcda bytes go out through one small state: a hex line fills up,
 * and gcda_len counts the bytes so a first pass can size the file.
 */
static bool gcda_emit;
static u64 gcda_len;
static int gcda_col;

static void gcda_byte(u8 b)
{
	static const char hex[] = "0123456789abcdef";
	gcda_len++;
	if (!gcda_emit)
		return;
	com2_putc(hex[b >> 4]);
	com2_putc(hex[b & 15]);
	if (++gcda_col == 64) {
		com2_putc('\n');
		gcda_col = 0;
	}
}

/* gcc's .gcda words are 32-bit, little-endian on x86. */
static void gcda_u32(u32 v)
{
	for (int i = 0; i < 4; i++)
		gcda_byte((u8)(v >> (8 * i)));
}

/* A 64-bit counter is two words, the low one first. */
static void gcda_u64(u64 v)
{
	gcda_u32((u32)v);
	gcda_u32((u32)(v >> 32));
}

/*
 * One object's .gcda, as libgcov writes it: the header (magic, version,
 * stamp, checksum), then per function its tag, identity and checksums
 * and one record per active kind of counter.  Lengths are in bytes since
 * gcc 12.  A function another object owns (a COMDAT copy) gets an empty
 * record, as in libgcov.
 */
static void gcda_write(const struct gcov_info *info)
{
	gcda_u32(GCOV_DATA_MAGIC);
	gcda_u32(info->version);
	gcda_u32(info->stamp);
	gcda_u32(info->checksum);
	for (unsigned int f = 0; f < info->n_functions; f++) {
		const struct gcov_fn_info *fn = info->functions[f];
		gcda_u32(GCOV_TAG_FUNCTION);
		if (!fn || fn->key != info) {
			gcda_u32(0);
			continue;
		}
		gcda_u32(GCOV_TAG_FUNCTION_WORDS * 4);
		gcda_u32(fn->ident);
		gcda_u32(fn->lineno_checksum);
		gcda_u32(fn->cfg_checksum);
		const struct gcov_ctr_info *ctr = fn->ctrs;
		for (int k = 0; k < GCOV_COUNTERS; k++) {
			if (!info->merge[k])
				continue;
			gcda_u32(GCOV_TAG_FOR_COUNTER(k));
			gcda_u32(ctr->num * 8);
			for (unsigned int i = 0; i < ctr->num; i++)
				gcda_u64((u64)ctr->values[i]);
			ctr++;
		}
	}
}

/* Writes every object's counters on COM2 (see the framing at the top). */
void gcov_dump(void)
{
	char line[32];
	int n = 0;
	com2_init();
	com2_puts("gcov-begin\n");
	for (const struct gcov_info *info = gcov_list; info; info = info->next, n++) {
		gcda_emit = false;
		gcda_len = 0;
		gcda_write(info);
		com2_puts("gcda ");
		com2_puts(info->filename);
		snprintf(line, sizeof line, " %llu\n", (unsigned long long)gcda_len);
		com2_puts(line);
		gcda_emit = true;
		gcda_col = 0;
		gcda_write(info);
		if (gcda_col)
			com2_putc('\n');
	}
	com2_puts("gcov-end\n");
	printk("gcov: counters of %d objects written to COM2\n", n);
}
#endif
