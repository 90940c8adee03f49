/*
 * vdso_fork_exec: fork keeps the vDSO, exec maps it afresh.  A forked
 * child has [vdso] where its parent has it, and its clock_gettime works;
 * a child that unmaps the vDSO and its data sees them gone from its maps,
 * and the program it then execs has them again: AT_SYSINFO_EHDR set, one
 * [vdso] there with its data just below, a working clock_gettime.
 */
#include "t.h"
#include "t_vdso.h"
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

typedef int (*cgt_fn)(clockid_t, struct timespec *);

/* Does the vDSO at ehdr tell CLOCK_MONOTONIC in step with the call? */
static int vdso_clock_works(const void *ehdr)
{
	cgt_fn cgt = vdso_sym_at(ehdr, "LINUX_2.6", "__vdso_clock_gettime");
	struct timespec a, b;
	if (!cgt || cgt(CLOCK_MONOTONIC, &a) != 0)
		return 0;
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
	return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec <= b.tv_nsec);
}

/* The program exec'd by a child that had unmapped its vDSO. */
static int after_exec(const char *argv0)
{
	t_start(argv0);
	unsigned long at = getauxval(AT_SYSINFO_EHDR);
	CHECK(at != 0, "no AT_SYSINFO_EHDR after exec");
	struct vdso_areas a;
	vdso_areas(&a);
	CHECK_EQ(a.nvdso, 1);
	CHECK(a.vdso_start == at, "[vdso] is not at AT_SYSINFO_EHDR");
	CHECK(a.nvvar >= 1 && a.vvar_end == a.vdso_start, "no [vvar] just below [vdso]");
	if (at)
		CHECK(vdso_clock_works((void *)at), "the new vDSO's clock_gettime fails");
	return t_done();
}

/* Exit status: 0, or the number of the first thing that was wrong. */
static int forked_child(unsigned long parent_vdso)
{
	struct vdso_areas a;
	vdso_areas(&a);
	if (a.nvdso != 1 || a.vdso_start != parent_vdso)
		return 1;
	if (!vdso_clock_works((void *)a.vdso_start))
		return 2;
	return 0;
}

static int unmap_and_exec(const char *argv0)
{
	struct vdso_areas a;
	vdso_areas(&a);
	if (munmap((void *)a.vvar_start, a.vdso_end - a.vvar_start))
		return 1;
	vdso_areas(&a);
	if (a.nvdso || a.nvvar)
		return 2;
	execl(argv0, argv0, "after-exec", (char *)NULL);
	return 3;
}

static int run_child(int (*fn)(unsigned long, const char *), unsigned long arg, const char *argv0)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn(arg, argv0));
	int status = -1;
	waitpid(pid, &status, 0);
	return status;
}

static int fork_case(unsigned long vdso, const char *argv0)
{
	(void)argv0;
	return forked_child(vdso);
}

static int exec_case(unsigned long vdso, const char *argv0)
{
	(void)vdso;
	return unmap_and_exec(argv0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "after-exec") == 0)
		return after_exec(argv[0]);
	t_start(argv[0]);
	struct vdso_areas a;
	vdso_areas(&a);
	CHECK_EQ(a.nvdso, 1);
	if (a.nvdso != 1)
		return t_done();
	int status = run_child(fork_case, a.vdso_start, argv[0]);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "forked child: status %#x", status);
	status = run_child(exec_case, 0, argv[0]);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "unmap-and-exec child: status %#x", status);
	/* the parent's own vDSO is untouched by either */
	vdso_areas(&a);
	CHECK_EQ(a.nvdso, 1);
	CHECK(vdso_clock_works((void *)a.vdso_start), "the parent's vDSO fails");
	t_log("fork kept the vDSO; exec after munmap mapped a new one");
	return t_done();
}
