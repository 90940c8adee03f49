/*
 * vdso_present: every program gets a vDSO.  AT_SYSINFO_EHDR points at a
 * valid x86-64 ELF shared object whose dynamic symbols include Linux's five
 * entry points, each with version LINUX_2.6 and an unprefixed weak alias
 * (found by walking the tables as musl does, which ignores a symbol of
 * another version); /proc/self/maps shows it once as "[vdso]", r-xp, at
 * that address, with its read-only data ("[vvar]") just below; and its
 * clock_gettime answers.
 */
#include "t.h"
#include "t_vdso.h"
#include <time.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unsigned long at = getauxval(AT_SYSINFO_EHDR);
	CHECK(at != 0, "no AT_SYSINFO_EHDR in the auxiliary vector");
	if (!at)
		return t_done();
	CHECK_EQ(at % 4096, 0);

	const Elf64_Ehdr *eh = (const void *)at;
	CHECK(memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0, "no ELF magic");
	CHECK_EQ(eh->e_ident[EI_CLASS], ELFCLASS64);
	CHECK_EQ(eh->e_ident[EI_DATA], ELFDATA2LSB);
	CHECK_EQ(eh->e_type, ET_DYN);
	CHECK_EQ(eh->e_machine, EM_X86_64);
	CHECK_EQ(eh->e_phentsize, sizeof(Elf64_Phdr));
	CHECK(eh->e_phnum > 0, "no program headers");

	static const char *const names[] = { "clock_gettime", "gettimeofday", "time", "getcpu",
					     "clock_getres" };
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
		char prefixed[64];
		snprintf(prefixed, sizeof prefixed, "__vdso_%s", names[i]);
		void *fn = vdso_sym("LINUX_2.6", prefixed), *alias = vdso_sym("LINUX_2.6", names[i]);
		CHECK(fn != NULL, "%s@LINUX_2.6 not found", prefixed);
		CHECK(alias == fn, "%s is not an alias of %s", names[i], prefixed);
	}
	CHECK(vdso_sym("LINUX_2.5", "__vdso_clock_gettime") == NULL, "found with the wrong version");
	CHECK(vdso_sym("LINUX_2.6", "__vdso_nonexistent") == NULL, "found a symbol that is not there");

	struct vdso_areas a;
	vdso_areas(&a);
	CHECK_EQ(a.nvdso, 1);
	CHECK(a.vdso_start == at, "[vdso] does not start at AT_SYSINFO_EHDR");
	CHECK(strcmp(a.vdso_perms, "r-xp") == 0, "[vdso] is %s, not r-xp", a.vdso_perms);
	CHECK(a.nvvar >= 1, "no [vvar] area");
	CHECK(a.vvar_end == a.vdso_start, "[vvar] does not end where [vdso] starts");
	CHECK(strcmp(a.vvar_perms, "r--p") == 0, "[vvar] is %s, not r--p", a.vvar_perms);

	int (*cgt)(clockid_t, struct timespec *) = vdso_sym("LINUX_2.6", "__vdso_clock_gettime");
	if (cgt) {
		struct timespec ts = { -1, -1 };
		CHECK_EQ(cgt(CLOCK_MONOTONIC, &ts), 0);
		CHECK(ts.tv_sec >= 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000,
		      "not a time: %ld.%09ld", (long)ts.tv_sec, ts.tv_nsec);
	}
	t_log("AT_SYSINFO_EHDR, the ELF header, 10 symbols of LINUX_2.6 and the maps checked");
	return t_done();
}
