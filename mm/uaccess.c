/*
 * uaccess.c - copying to and from user memory (see uaccess.h).
 *
 * The copy is one `rep movsb` (or `rep stosb` to clear) bracketed by
 * stac/clac: with SMAP on, the CPU refuses kernel accesses to user pages
 * unless EFLAGS.AC is set, so a stray kernel dereference of a user
 * pointer faults instead of silently working.  If the copy faults and the
 * fault cannot be fixed, the handler jumps to the label after the
 * instruction; rcx then still holds the bytes not copied.
 */
#include <cpu.h>
#include <errno.h>
#include <kernel.h>
#include <uaccess.h>

static inline void stac(void) { if (cpu_has_smap) asm volatile("stac" ::: "memory"); }
static inline void clac(void) { if (cpu_has_smap) asm volatile("clac" ::: "memory"); }

/* One faultable copy; returns the bytes left. */
static unsigned long raw_copy(void *to, const void *from, unsigned long n)
{
	stac();
	asm volatile("1: rep movsb\n"
		     "2:\n"
		     _ASM_EXTABLE(1b, 2b)
		     : "+D"(to), "+S"(from), "+c"(n) :: "memory");
	clac();
	return n;
}

unsigned long copy_from_user(void *to, const void *ufrom, unsigned long n)
{
	if (!access_ok(ufrom, n))
		return n;
	return raw_copy(to, ufrom, n);
}

unsigned long copy_to_user(void *uto, const void *from, unsigned long n)
{
	if (!access_ok(uto, n))
		return n;
	return raw_copy(uto, from, n);
}

unsigned long clear_user(void *uto, unsigned long n)
{
	if (!access_ok(uto, n))
		return n;
	stac();
	asm volatile("1: rep stosb\n"
		     "2:\n"
		     _ASM_EXTABLE(1b, 2b)
		     : "+D"(uto), "+c"(n) : "a"(0) : "memory");
	clac();
	return n;
}

int __get_user_n(void *dst, const void *usrc, int size)
{
	return copy_from_user(dst, usrc, size) ? -EFAULT : 0;
}

int __put_user_n(void *udst, const void *src, int size)
{
	return copy_to_user(udst, src, size) ? -EFAULT : 0;
}

/*
 * Copies up to n bytes of a string, a page-bounded chunk at a time so
 * that we never read past the page holding the terminating NUL (the next
 * page may legitimately be unmapped).
 */
long strncpy_from_user(char *dst, const char *usrc, long n)
{
	long done = 0;
	while (done < n) {
		unsigned long a = (unsigned long)usrc + done;
		long chunk = PAGE_SIZE - (a & (PAGE_SIZE - 1));
		if (chunk > n - done)
			chunk = n - done;
		if (!access_ok((void *)a, chunk) || raw_copy(dst + done, (void *)a, chunk))
			return -EFAULT;
		long len = strnlen(dst + done, chunk);
		if (len < chunk)
			return done + len;
		done += chunk;
	}
	return n;
}


const struct exception_table_entry *search_exception_tables(unsigned long addr)
{
	for (const struct exception_table_entry *e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == addr)
			return e;
	return NULL;
}

/*
 * The length of a user string including its NUL, as Linux's
 * strnlen_user: 0 if it faults, more than n if no NUL within n bytes.
 */
long strnlen_user(const char *us, long n)
{
	char buf[64];
	long done = 0;
	while (done < n) {
		unsigned long a = (unsigned long)us + done;
		long chunk = MIN((long)sizeof buf, (long)(PAGE_SIZE - (a & (PAGE_SIZE - 1))));
		chunk = MIN(chunk, n - done);
		if (!access_ok((void *)a, chunk) || raw_copy(buf, (void *)a, chunk))
			return 0;
		for (long i = 0; i < chunk; i++)
			if (!buf[i])
				return done + i + 1;
		done += chunk;
	}
	return n + 1;
}
