/*
 * vdso_mremap: the vDSO's areas under munmap, mremap and mprotect, as on
 * Linux.  Moved together (as CRIU moves them), the data and the code keep
 * working at their new place, where /proc/self/maps now names them; the
 * code cannot grow (EFAULT) nor be duplicated by MREMAP_DONTUNMAP (EINVAL),
 * nor cut in two (EINVAL) where it spans more than a page; the data cannot
 * be made writable (EACCES); mlock of them succeeds but locks nothing
 * (VmLck stays); and a write to the code after mprotect (a
 * debugger's breakpoint) lands in a private copy, never in the vDSO that
 * every other process maps.
 */
#include "t.h"
#include "t_vdso.h"
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#define MAX_AREAS 8

struct area {
	unsigned long start, end;
};

/* The [vvar...] and [vdso] areas, by address; returns how many. */
static int vdso_area_list(struct area *list)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int n = 0;
	while (f && fgets(line, sizeof line, f) && n < MAX_AREAS) {
		unsigned long s, e;
		char name[256] = "";
		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %255s", &s, &e, name) < 2)
			continue;
		if (strncmp(name, "[vvar", 5) == 0 || strcmp(name, "[vdso]") == 0)
			list[n++] = (struct area){ s, e };
	}
	if (f)
		fclose(f);
	return n;
}

static int clock_in_step(const void *ehdr)
{
	int (*cgt)(clockid_t, struct timespec *) = vdso_sym_at(ehdr, "LINUX_2.6", "__vdso_clock_gettime");
	struct timespec a, b, c;
	if (!cgt || cgt(CLOCK_MONOTONIC, &a))
		return 0;
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
	cgt(CLOCK_MONOTONIC, &c);
	long long na = a.tv_sec * 1000000000LL + a.tv_nsec, nb = b.tv_sec * 1000000000LL + b.tv_nsec,
		  nc = c.tv_sec * 1000000000LL + c.tv_nsec;
	return na <= nb && nb <= nc;
}

/* In a child (which never calls musl's clock_gettime after the move, as
 * that remembers the old place): move every area by the same distance. */
static int move_all(void)
{
	struct area list[MAX_AREAS];
	int n = vdso_area_list(list);
	if (n < 2)
		return 1;
	unsigned long span = list[n - 1].end - list[0].start;
	char *dst = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (dst == MAP_FAILED)
		return 2;
	for (int i = 0; i < n; i++) {
		unsigned long len = list[i].end - list[i].start;
		if (mremap((void *)list[i].start, len, len, MREMAP_MAYMOVE | MREMAP_FIXED,
			   dst + (list[i].start - list[0].start)) == MAP_FAILED)
			return 3;
	}
	struct vdso_areas a;
	vdso_areas(&a);
	unsigned long vdso = (unsigned long)dst + (list[n - 1].start - list[0].start);
	if (a.nvdso != 1 || a.vdso_start != vdso)
		return 4;               /* the name moved with the area */
	if (a.vvar_start != (unsigned long)dst || a.vvar_end != vdso)
		return 5;
	if (!clock_in_step((void *)vdso))
		return 6;
	return 0;
}

/* A child writes over the vDSO's ELF magic after mprotect (of it all: a
 * part would split it). */
static int write_vdso(unsigned long vdso, size_t len)
{
	if (mprotect((void *)vdso, len, PROT_READ | PROT_WRITE | PROT_EXEC))
		return 1;
	((volatile char *)vdso)[1] = 'X';
	return memcmp((void *)vdso, "\177XLF", 4) == 0 ? 0 : 2;
}

/* VmLck: of /proc/self/status, in kB, or -1. */
static long vmlck(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmLck: %ld", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

/* A child mlocks the vDSO and its data: accepted, nothing counted. */
static int lock_vdso(unsigned long start, unsigned long end)
{
	long before = vmlck();
	if (before < 0)
		return 1;
	if (mlock((void *)start, end - start))
		return 2;
	return vmlck() == before ? 0 : 3;
}

static int wait_status(pid_t pid)
{
	int status = -1;
	waitpid(pid, &status, 0);
	return status;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct vdso_areas a;
	vdso_areas(&a);
	CHECK_EQ(a.nvdso, 1);
	if (a.nvdso != 1)
		return t_done();
	void *vdso = (void *)a.vdso_start;
	size_t len = a.vdso_end - a.vdso_start;

	errno = 0;
	CHECK(mremap(vdso, len, len + 4096, 0) == MAP_FAILED && errno == EFAULT,
	      "growing [vdso]: errno %d, expected EFAULT", errno);
	errno = 0;
	CHECK(mremap(vdso, len, len + 4096, MREMAP_MAYMOVE) == MAP_FAILED && errno == EFAULT,
	      "growing [vdso] with MREMAP_MAYMOVE: errno %d, expected EFAULT", errno);
	errno = 0;
	CHECK(mremap(vdso, len, len, MREMAP_MAYMOVE | MREMAP_DONTUNMAP) == MAP_FAILED && errno == EINVAL,
	      "MREMAP_DONTUNMAP of [vdso]: errno %d, expected EINVAL", errno);
	CHECK_ERR(mprotect((void *)a.vvar_start, 4096, PROT_READ | PROT_WRITE), EACCES);
	if (len > 4096) {
		CHECK_ERR(munmap(vdso, 4096), EINVAL);
		CHECK_ERR(mprotect(vdso, 4096, PROT_READ), EINVAL);
	}
	struct vdso_areas after;
	vdso_areas(&after);
	CHECK(after.vdso_start == a.vdso_start && after.vdso_end == a.vdso_end &&
	      after.vvar_start == a.vvar_start && after.vvar_end == a.vvar_end,
	      "a refused call changed the areas");

	pid_t pid = fork();
	if (pid == 0)
		_exit(move_all());
	int status = wait_status(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "moving child: status %#x", status);

	pid = fork();
	if (pid == 0)
		_exit(lock_vdso(a.vvar_start, a.vdso_end));
	status = wait_status(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "locking child: status %#x", status);

	pid = fork();
	if (pid == 0)
		_exit(write_vdso(a.vdso_start, len));
	status = wait_status(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writing child: status %#x", status);
	CHECK(memcmp(vdso, ELFMAG, SELFMAG) == 0, "the child's write reached the parent's vDSO");
	CHECK(clock_in_step(vdso), "the parent's vDSO fails");
	t_log("moved, refused to grow, split, lock or be written: as Linux");
	return t_done();
}
