/*
 * proc_cpuinfo.c - /proc/cpuinfo, in the format of Linux's x86
 * show_cpuinfo (arch/x86/kernel/cpu/proc.c): one block per online CPU,
 * "processor : N", with what CPUID tells - vendor, family, model and its
 * name, stepping, cache size, address sizes, and the feature flags under
 * Linux's names - and the TSC rate as "cpu MHz".  Programs read it to
 * count CPUs (a line per "processor") and to look for a flag.
 */
#include <asm.h>
#include <kernel.h>
#include <percpu.h>
#include <proc.h>
#include <smp.h>
#include <time.h>

/* Linux's names for the CPUID bits (arch/x86/include/asm/cpufeatures.h),
 * in Linux's order of words; a bit Linux does not show has no name. */
struct cpuid_word {
	u32 leaf;
	int reg;                        /* 0 eax, 1 ebx, 2 ecx, 3 edx */
	const char *names[32];
};

static const struct cpuid_word words[] = {
	{ 1, 3, { "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL,
		  "sep", "mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", NULL, "dts",
		  "acpi", "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe" } },
	{ 0x80000001, 3, { [11] = "syscall", [19] = "mp", [20] = "nx", [22] = "mmxext",
			   [25] = "fxsr_opt", [26] = "pdpe1gb", [27] = "rdtscp", [29] = "lm",
			   [30] = "3dnowext", [31] = "3dnow" } },
	{ 1, 2, { "pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2",
		  "ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm", NULL, "pcid", "dca",
		  "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes",
		  "xsave", NULL, "avx", "f16c", "rdrand", "hypervisor" } },
	{ 0x80000001, 2, { "lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm", "sse4a",
			   "misalignsse", "3dnowprefetch", "osvw", "ibs", "xop", "skinit", "wdt",
			   NULL, "lwp", "fma4", "tce", NULL, "nodeid_msr", NULL, "tbm", "topoext",
			   "perfctr_core", "perfctr_nb", NULL, "bpext", "ptsc", "perfctr_llc",
			   "mwaitx" } },
	{ 7, 1, { "fsgsbase", "tsc_adjust", "sgx", "bmi1", "hle", "avx2", NULL, "smep", "bmi2",
		  "erms", "invpcid", "rtm", "cqm", NULL, "mpx", "rdt_a", "avx512f", "avx512dq",
		  "rdseed", "adx", "smap", "avx512ifma", NULL, "clflushopt", "clwb", "intel_pt",
		  "avx512pf", "avx512er", "avx512cd", "sha_ni", "avx512bw", "avx512vl" } },
};

/* CPUID leaf (0 for each register when the CPU does not have it). */
static void cpuid_regs(u32 leaf, u32 r[4])
{
	u32 top;
	cpuid(leaf & 0x80000000, 0, &top, &r[1], &r[2], &r[3]);
	r[0] = r[1] = r[2] = r[3] = 0;
	if (leaf <= top)
		cpuid(leaf, 0, &r[0], &r[1], &r[2], &r[3]);
}

static void show_flags(struct seq_buf *s)
{
	seq_printf(s, "flags\t\t:");
	for (unsigned int w = 0; w < ARRAY_SIZE(words); w++) {
		u32 r[4];
		cpuid_regs(words[w].leaf, r);
		for (int bit = 0; bit < 32; bit++)
			if ((r[words[w].reg] & (1U << bit)) && words[w].names[bit])
				seq_printf(s, " %s", words[w].names[bit]);
	}
	seq_printf(s, "\n");
}

/* The brand string of leaves 0x80000002-4, leading blanks dropped. */
static void model_name(char name[49])
{
	u32 r[4];
	name[0] = 0;
	for (u32 i = 0; i < 3; i++) {
		cpuid_regs(0x80000002 + i, r);
		memcpy(name + 16 * i, r, 16);
	}
	name[48] = 0;
	char *p = name;
	while (*p == ' ')
		p++;
	memmove(name, p, strlen(p) + 1);
}

/* What CPUID says of the CPU running this, taken to be true of all of
 * them (ushi runs only where every CPU is alike). */
struct cpu_ident {
	char vendor[13], name[49];
	unsigned int family, model, stepping, top, clflush;
};

static void identify(struct cpu_ident *c)
{
	u32 r[4], l1[4];
	cpuid(0, 0, &c->top, &r[1], &r[2], &r[3]);
	memcpy(c->vendor, &r[1], 4);
	memcpy(c->vendor + 4, &r[3], 4);
	memcpy(c->vendor + 8, &r[2], 4);
	c->vendor[12] = 0;
	cpuid_regs(1, l1);
	c->family = (l1[0] >> 8) & 0xf;
	c->model = (l1[0] >> 4) & 0xf;
	if (c->family == 0xf)
		c->family += (l1[0] >> 20) & 0xff;
	if (c->family >= 6)
		c->model += ((l1[0] >> 16) & 0xf) << 4;
	c->stepping = l1[0] & 0xf;
	c->clflush = ((l1[1] >> 8) & 0xff) * 8;
	model_name(c->name);
}

/*
 * CPU cpu's block.  The topology is how QEMU's -smp N lays CPUs out:
 * one package (physical id 0) of n cores, one thread each, core id
 * being the CPU's number; so siblings (threads in the package) and
 * cpu cores are both n.  apicid is the id the MADT gave the CPU, which
 * is the one CPUID reported to it at reset (initial apicid).
 */
static void show_cpu(struct seq_buf *s, const struct cpu_ident *c, int cpu, int n)
{
	u32 r[4];
	seq_printf(s, "processor\t: %d\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n"
		   "model name\t: %s\nstepping\t: %u\n", cpu, c->vendor, c->family, c->model,
		   c->name[0] ? c->name : "unknown", c->stepping);
	seq_printf(s, "cpu MHz\t\t: %lu.%03lu\n", (unsigned long)(tsc_khz / 1000),
		   (unsigned long)(tsc_khz % 1000));
	cpuid_regs(0x80000006, r);
	if (r[2] >> 16)
		seq_printf(s, "cache size\t: %u KB\n", r[2] >> 16);
	u32 apicid = per_cpu(apic_id, cpu);
	seq_printf(s, "physical id\t: 0\nsiblings\t: %d\ncore id\t\t: %d\ncpu cores\t: %d\n"
		   "apicid\t\t: %u\ninitial apicid\t: %u\n", n, cpu, n, apicid, apicid);
	seq_printf(s, "fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: %u\nwp\t\t: yes\n", c->top);
	show_flags(s);
	seq_printf(s, "bugs\t\t:\nbogomips\t: %lu.%02lu\n", (unsigned long)(tsc_khz / 500),
		   (unsigned long)(tsc_khz / 5 % 100));
	seq_printf(s, "clflush size\t: %u\ncache_alignment\t: %u\n", c->clflush, c->clflush);
	cpuid_regs(0x80000008, r);
	seq_printf(s, "address sizes\t: %u bits physical, %u bits virtual\npower management:\n\n",
		   r[0] & 0xff, (r[0] >> 8) & 0xff);
}

int proc_show_cpuinfo(struct seq_buf *s, struct pid *pid __unused)
{
	struct cpu_ident c;
	identify(&c);
	int n = num_online_cpus();
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (cpu_online(cpu))
			show_cpu(s, &c, cpu, n);
	return 0;
}
