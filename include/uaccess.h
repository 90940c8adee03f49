/*
 * uaccess.h - the only ways the kernel touches user memory.
 *
 * Each routine first checks that the whole range lies in user space
 * (below TASK_SIZE_MAX, no wrap-around), so a user pointer can never make
 * the kernel read or write its own memory.  The access itself may fault:
 * the page-fault handler then either fixes the page (COW, zero fill) and
 * retries, or finds the instruction in the exception table and resumes
 * at its fix-up, which turns the fault into -EFAULT.
 */
#ifndef USHI_UACCESS_H
#define USHI_UACCESS_H

#include <mm.h>
#include <types.h>

static inline bool access_ok(const void *uptr, unsigned long size)
{
	unsigned long a = (unsigned long)uptr;
	return a <= TASK_SIZE_MAX && size <= TASK_SIZE_MAX - a;
}

/* These return the number of bytes NOT copied (0 on success), like Linux. */
unsigned long copy_from_user(void *to, const void *ufrom, unsigned long n);
unsigned long copy_to_user(void *uto, const void *from, unsigned long n);
unsigned long clear_user(void *uto, unsigned long n);
/* Copies a NUL-terminated string of at most n bytes; returns its length
 * (n when it did not fit) or -EFAULT. */
long strncpy_from_user(char *dst, const char *usrc, long n);
long strnlen_user(const char *us, long n);

/* get_user/put_user for 1, 2, 4 and 8-byte values: 0 or -EFAULT. */
int __get_user_n(void *dst, const void *usrc, int size);
int __put_user_n(void *udst, const void *src, int size);
#define get_user(x, ptr) ({                                                     \
	u64 __v = 0;                                                            \
	int __e = __get_user_n(&__v, (ptr), sizeof(*(ptr)));                   \
	if (!__e)                                                               \
		(x) = (__typeof__(x))__v;                                       \
	__e;                                                                    \
})
#define put_user(x, ptr) ({ typeof(*(ptr)) __v = (x); __put_user_n((ptr), &__v, sizeof(*(ptr))); })

/* The exception table: a faulting instruction's address and where to resume. */
#define _ASM_EXTABLE(from, to) \
	".pushsection __ex_table, \"a\"\n.balign 8\n.quad " #from ", " #to "\n.popsection"

struct exception_table_entry {
	unsigned long insn, fixup;
};
const struct exception_table_entry *search_exception_tables(unsigned long addr);
/* linker.ld gathers every entry between these two. */
extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

#endif
