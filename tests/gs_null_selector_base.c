/*
 * gs_null_selector_base: after a program loads a selector into GS,
 * ARCH_GET_GS reports the base %gs-relative loads really use.  A null
 * selector (0, or 1-3: index 0 with an RPL) zeroes the base on Intel CPUs
 * and under QEMU and keeps it on AMD's, so the test asks the hardware:
 * a load through %gs from offset 0 succeeds, and finds the marker, exactly
 * when the reported base is the marker's page.  A real segment (the user
 * data selector) gives its descriptor's base, 0.  ARCH_SET_GS then sets
 * the selector back to 0.
 */
#include "t.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define ARCH_SET_GS 0x1001
#define ARCH_GET_GS 0x1004
#define MARKER 0x5eed5eed5eed5eedUL

static sigjmp_buf fault_jmp;

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(fault_jmp, 1);
}

/* Whether %gs:0 can be read, and finds the marker. */
static int gs0_is_marker(void)
{
	volatile unsigned long v = 0;
	if (sigsetjmp(fault_jmp, 1))
		return 0;
	__asm__ volatile("mov %%gs:0, %0" : "=r"(v));
	return v == MARKER;
}

static unsigned long gs_base(void)
{
	unsigned long b = 1;
	syscall(SYS_arch_prctl, ARCH_GET_GS, &b);
	return b;
}

static void set_gs_sel(unsigned short s)
{
	__asm__ volatile("mov %0, %%gs" :: "r"(s));
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unsigned long *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(page != MAP_FAILED, "mmap failed");
	if (page == MAP_FAILED)
		return t_done();
	page[0] = MARKER;
	signal(SIGSEGV, on_segv);
	unsigned short ds;
	__asm__ volatile("mov %%ss, %0" : "=r"(ds));
	unsigned short sels[] = { 0, 1, 2, 3, ds };
	for (unsigned int i = 0; i < sizeof sels / sizeof sels[0]; i++) {
		CHECK_EQ(syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)page), 0);
		CHECK(gs0_is_marker(), "ARCH_SET_GS did not set the base");
		set_gs_sel(sels[i]);
		unsigned long b = gs_base();
		int kept = gs0_is_marker();
		CHECK(b == (kept ? (unsigned long)page : 0),
		      "gs %#x: ARCH_GET_GS says %s, but the base %s the page", sels[i],
		      b == (unsigned long)page ? "the page" : b ? "another base" : "0",
		      kept ? "is" : "is not");
		if (sels[i] == ds)
			CHECK(!kept && b == 0, "a real segment's base is not 0");
	}
	CHECK_EQ(syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)page), 0);
	unsigned short s;
	__asm__ volatile("mov %%gs, %0" : "=r"(s));
	CHECK(s == 0, "ARCH_SET_GS left the selector %#x", s);
	CHECK(gs0_is_marker(), "ARCH_SET_GS over a selector did not set the base");
	CHECK_EQ(syscall(SYS_arch_prctl, ARCH_SET_GS, 0UL), 0);
	munmap(page, 4096);
	return t_done();
}
