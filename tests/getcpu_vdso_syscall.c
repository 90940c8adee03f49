/*
 * getcpu_vdso_syscall: pinned to each online CPU in turn, every way of
 * asking which CPU runs the caller names that CPU: the getcpu system
 * call, the vDSO's __vdso_getcpu, libc's sched_getcpu, and - where
 * CPUID offers them - RDTSCP and RDPID, which read (node << 12) | cpu
 * from the TSC_AUX MSR the kernel set on each CPU.  The node is the same
 * in all of them.  getcpu writes both answers even when one pointer
 * faults (-EFAULT), and takes NULL for either.  With one CPU online
 * there is no second CPU to tell apart: CPU 0 is checked, then the test
 * skips.
 */
#include "t.h"
#include "t_vdso.h"
#include <cpuid.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>

typedef long (*getcpu_fn)(unsigned *, unsigned *, void *);

static int has_rdtscp, has_rdpid;

static void detect(void)
{
	unsigned a, b, c, d;
	if (__get_cpuid(0x80000001, &a, &b, &c, &d))
		has_rdtscp = (d >> 27) & 1;
	if (__get_cpuid_max(0, NULL) >= 7) {
		__cpuid_count(7, 0, a, b, c, d);
		has_rdpid = (c >> 22) & 1;
	}
}

/* Every source, a few rounds, on CPU cpu (the caller is pinned there). */
static void check_on(int cpu, getcpu_fn vgetcpu)
{
	for (int round = 0; round < 3; round++) {
		unsigned scpu = ~0u, snode = ~0u, vcpu = ~1u, vnode = ~1u;
		CHECK_OK(syscall(SYS_getcpu, &scpu, &snode, NULL));
		CHECK_EQ(scpu, cpu);
		if (vgetcpu) {
			CHECK_EQ(vgetcpu(&vcpu, &vnode, NULL), 0);
			CHECK_EQ(vcpu, cpu);
			CHECK_EQ(vnode, snode);
		}
		CHECK_EQ(sched_getcpu(), cpu);
		unsigned aux = ~0u;
		if (has_rdtscp) {
			unsigned lo, hi;
			asm volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
			CHECK_EQ(aux, (snode << 12) | (unsigned)cpu);
		}
		if (has_rdpid) {
			unsigned long id = ~0ul;
			asm volatile("rdpid %0" : "=r"(id));
			CHECK_EQ(id, (snode << 12) | (unsigned)cpu);
		}
	}
}

/* NULL for either answer, and a fault in one still writes the other. */
static void check_pointers(getcpu_fn vgetcpu)
{
	unsigned cpu = ~0u, node = ~0u;
	CHECK_OK(syscall(SYS_getcpu, NULL, NULL, NULL));
	CHECK_OK(syscall(SYS_getcpu, &cpu, NULL, NULL));
	CHECK_OK(syscall(SYS_getcpu, NULL, &node, NULL));
	unsigned scpu = cpu, snode = node;
	if (vgetcpu) {
		CHECK_EQ(vgetcpu(NULL, NULL, NULL), 0);
		cpu = node = ~0u;
		CHECK_EQ(vgetcpu(&cpu, NULL, NULL), 0);
		CHECK_EQ(vgetcpu(NULL, &node, NULL), 0);
		CHECK_EQ(cpu, scpu);
		CHECK_EQ(node, snode);
	}
	void *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cpu = node = ~0u;
	CHECK_ERR(syscall(SYS_getcpu, bad, &node, NULL), EFAULT);
	CHECK_EQ(node, snode);
	CHECK_ERR(syscall(SYS_getcpu, &cpu, bad, NULL), EFAULT);
	CHECK_EQ(cpu, scpu);
	munmap(bad, 4096);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	detect();
	getcpu_fn vgetcpu = vdso_sym("LINUX_2.6", "__vdso_getcpu");
	CHECK(vgetcpu != NULL, "no __vdso_getcpu in the vDSO");
	cpu_set_t initial;
	CHECK_OK(sched_getaffinity(0, sizeof initial, &initial));
	int cpus = 0;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &initial))
			continue;
		cpu_set_t one;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		CHECK_OK(sched_setaffinity(0, sizeof one, &one));
		check_on(cpu, vgetcpu);
		check_pointers(vgetcpu);
		cpus++;
	}
	CHECK_OK(sched_setaffinity(0, sizeof initial, &initial));
	t_log("%d CPU%s, RDTSCP %s, RDPID %s", cpus > 1 ? 2 : cpus, cpus > 1 ? "s or more" : "",
	      has_rdtscp ? "checked" : "absent", has_rdpid ? "checked" : "absent");
	if (cpus < 2)
		return t_skip("one CPU online: no second CPU to tell apart");
	return t_done();
}
