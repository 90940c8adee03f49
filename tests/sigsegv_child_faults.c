/*
 * sigsegv_child_faults: bad memory accesses kill a process with SIGSEGV
 * (WIFSIGNALED, WTERMSIG == SIGSEGV) and nothing else: a forked child
 * writes a PROT_READ page, reads an unmapped page, reads and writes
 * address 0, reads and writes kernel addresses, reads a non-canonical
 * address, writes its own code, jumps to address 0, and executes from a
 * PROT_READ|PROT_WRITE page.  Each child that does a harmless access
 * instead exits 0, and the parent is untouched.
 */
#include "t.h"
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

enum { RO_WRITE, UNMAPPED_READ, UNMAPPED_WRITE, NULL_READ, NULL_WRITE, KERN_READ, KERN_WRITE,
       KTEXT_READ, NONCANON_READ, TEXT_WRITE, JUMP_NULL, EXEC_RW, CALL_RW_EXEC, RO_READ, NMODES };
static const char *names[] = { "write a PROT_READ page", "read an unmapped page",
	"write an unmapped page", "read address 0", "write address 0",
	"read 0xffff888000000000", "write 0xffff888000000000", "read 0xffffffff80000000",
	"read 0x0000800000000000", "write its own code", "jump to address 0",
	"execute a PROT_READ|PROT_WRITE page", "execute a PROT_READ|PROT_EXEC page (fine)",
	"read a PROT_READ page (fine)" };

static char *ro, *hole, *rw, *rx;
int main(int argc, char **argv);

static void do_fault(int mode)
{
	volatile char *p;
	switch (mode) {
	case RO_WRITE:      p = ro; *p = 1; break;
	case UNMAPPED_READ: p = hole; (void)*p; break;
	case UNMAPPED_WRITE: p = hole; *p = 1; break;
	case NULL_READ:     p = (volatile char *)(uintptr_t)0; (void)*p; break;
	case NULL_WRITE:    p = (volatile char *)(uintptr_t)0; *p = 1; break;
	case KERN_READ:     p = (volatile char *)0xffff888000000000UL; (void)*p; break;
	case KERN_WRITE:    p = (volatile char *)0xffff888000000000UL; *p = 1; break;
	case KTEXT_READ:    p = (volatile char *)0xffffffff80000000UL; (void)*p; break;
	case NONCANON_READ: p = (volatile char *)0x0000800000000000UL; (void)*p; break;
	case TEXT_WRITE:    p = (volatile char *)(uintptr_t)&main; *p = (char)0xc3; break;
	case JUMP_NULL: {
		void (*volatile f)(void) = (void (*)(void))(uintptr_t)0;
		f();
		break;
	}
	case EXEC_RW: {
		void (*volatile f)(void) = (void (*)(void))(uintptr_t)rw;
		f();
		break;
	}
	case CALL_RW_EXEC: {
		void (*volatile f)(void) = (void (*)(void))(uintptr_t)rx;
		f();
		break;
	}
	case RO_READ:       p = ro; (void)*p; break;
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	rw = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	rx = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED && rw != MAP_FAILED && rx != MAP_FAILED, "mmap: %s", strerror(errno));
	rw[0] = (char)0xc3;                         /* ret */
	rx[0] = (char)0xc3;
	CHECK_EQ(mprotect(rx, 4096, PROT_READ | PROT_EXEC), 0);
	char *three = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(three != MAP_FAILED, "mmap: %s", strerror(errno));
	hole = three + 4096;
	CHECK_EQ(munmap(hole, 4096), 0);

	for (int mode = 0; mode < NMODES; mode++) {
		pid_t pid = fork();
		if (pid == 0) {
			struct rlimit no_core = { 0, 0 };
			setrlimit(RLIMIT_CORE, &no_core);
			do_fault(mode);
			_exit(0);
		}
		CHECK(pid > 0, "fork: %s", strerror(errno));
		int status = 0;
		CHECK_EQ(waitpid(pid, &status, 0), pid);
		if (mode == CALL_RW_EXEC || mode == RO_READ)
			CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
			      "child that should %s: status %#x", names[mode], status);
		else
			CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
			      "child that did %s: status %#x, expected SIGSEGV", names[mode], status);
	}
	/* The parent's memory is as it was. */
	CHECK_EQ(ro[0], 0);
	CHECK_EQ((unsigned char)rw[0], 0xc3);
	munmap(ro, 4096);
	munmap(rw, 4096);
	munmap(rx, 4096);
	munmap(three, 3 * 4096);
	return t_done();
}
