/* kernel.h - printk, panic, the string library and assertions. */
#ifndef USHI_KERNEL_H
#define USHI_KERNEL_H

#include <types.h>

struct pt_regs;

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void __noreturn panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void __noreturn die(const char *why, struct pt_regs *regs);
void show_regs(struct pt_regs *regs);
void dump_stack(unsigned long rbp);
const char *kallsyms_lookup(unsigned long addr, unsigned long *offset);
unsigned long kallsyms_lookup_name(const char *name);

/* Writes raw bytes to the console (COM1); used by printk and /dev/console. */
void console_write(const char *s, size_t n);

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);
unsigned long simple_strtoul(const char *s, const char **end, int base);

/* BUG_ON: a kernel invariant broke; the panic names the condition. */
#define BUG_ON(cond) do { if (unlikely(cond)) \
	panic("BUG: %s at %s:%d", #cond, __FILE__, __LINE__); } while (0)
#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)

#endif
