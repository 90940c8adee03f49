/*
 * t_vdso.h - finding the vDSO's functions and areas, for the vdso_* tests.
 *
 * vdso_sym walks the vDSO's dynamic symbol table the way musl's
 * src/internal/vdso.c does (a libc's only way in): from the ELF header at
 * AT_SYSINFO_EHDR to PT_DYNAMIC, then DT_HASH for the symbol count,
 * DT_SYMTAB, DT_STRTAB and the version tables, so a symbol counts only
 * with the version asked for.  vdso_areas reads /proc/self/maps.
 */
#ifndef USHI_T_VDSO_H
#define USHI_T_VDSO_H

#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

/* Does symbol i of the vDSO have version `version`? */
static int vdso_checkver(const Elf64_Verdef *def, const Elf64_Versym *versym, int i,
			 const char *strings, const char *version)
{
	int want = versym[i] & 0x7fff;
	for (;;) {
		if (!(def->vd_flags & VER_FLG_BASE) && (def->vd_ndx & 0x7fff) == want) {
			const Elf64_Verdaux *aux = (const void *)((const char *)def + def->vd_aux);
			return strcmp(version, strings + aux->vda_name) == 0;
		}
		if (!def->vd_next)
			return 0;
		def = (const void *)((const char *)def + def->vd_next);
	}
}

/* The address of the vDSO function `name` of `version` in the vDSO whose
 * ELF header is at ehdr, or NULL. */
static void *vdso_sym_at(const void *ehdr, const char *version, const char *name)
{
	const Elf64_Ehdr *eh = ehdr;
	const Elf64_Phdr *ph = (const void *)((const char *)eh + eh->e_phoff);
	const Elf64_Dyn *dyn = NULL;
	uintptr_t base = (uintptr_t)-1;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && base == (uintptr_t)-1)
			base = (uintptr_t)eh + ph[i].p_offset - ph[i].p_vaddr;
		else if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const void *)((const char *)eh + ph[i].p_offset);
	}
	if (!dyn || base == (uintptr_t)-1)
		return NULL;
	const char *strings = NULL;
	const Elf64_Sym *syms = NULL;
	const Elf64_Word *hash = NULL;
	const Elf64_Versym *versym = NULL;
	const Elf64_Verdef *verdef = NULL;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		const void *p = (const void *)(base + dyn->d_un.d_ptr);
		switch (dyn->d_tag) {
		case DT_STRTAB: strings = p; break;
		case DT_SYMTAB: syms = p; break;
		case DT_HASH: hash = p; break;
		case DT_VERSYM: versym = p; break;
		case DT_VERDEF: verdef = p; break;
		}
	}
	if (!strings || !syms || !hash || !versym || !verdef)
		return NULL;
	for (Elf64_Word i = 0; i < hash[1]; i++) {
		int type = ELF64_ST_TYPE(syms[i].st_info), bind = ELF64_ST_BIND(syms[i].st_info);
		if (type != STT_FUNC || (bind != STB_GLOBAL && bind != STB_WEAK) ||
		    syms[i].st_shndx == SHN_UNDEF)
			continue;
		if (strcmp(name, strings + syms[i].st_name) == 0 &&
		    vdso_checkver(verdef, versym, i, strings, version))
			return (void *)(base + syms[i].st_value);
	}
	return NULL;
}

static inline void *vdso_sym(const char *version, const char *name)
{
	void *eh = (void *)getauxval(AT_SYSINFO_EHDR);
	return eh ? vdso_sym_at(eh, version, name) : NULL;
}

/*
 * The vDSO's areas in /proc/self/maps: [vdso] (how many, the first's
 * start and end, its permissions) and the data below it - every area
 * named [vvar...] (Linux 6.13 and later add [vvar_vclock]), which must
 * end where [vdso] starts.
 */
struct vdso_areas {
	int nvdso, nvvar;
	unsigned long vdso_start, vdso_end, vvar_start, vvar_end;
	char vdso_perms[5], vvar_perms[5];
};

static inline void vdso_areas(struct vdso_areas *a)
{
	memset(a, 0, sizeof *a);
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	while (f && fgets(line, sizeof line, f)) {
		unsigned long s, e;
		char perms[5], name[256] = "";
		if (sscanf(line, "%lx-%lx %4s %*s %*s %*s %255s", &s, &e, perms, name) < 3)
			continue;
		if (strcmp(name, "[vdso]") == 0) {
			if (a->nvdso++ == 0) {
				a->vdso_start = s;
				a->vdso_end = e;
				memcpy(a->vdso_perms, perms, 5);
			}
		} else if (strncmp(name, "[vvar", 5) == 0) {
			if (a->nvvar++ == 0) {
				a->vvar_start = s;
				memcpy(a->vvar_perms, perms, 5);
			}
			a->vvar_end = e;
		}
	}
	if (f)
		fclose(f);
}

#endif
