/* setup.h - what the boot loader told us, and how the machine stops. */
#ifndef USHI_SETUP_H
#define USHI_SETUP_H

#include <types.h>

#define E820_RAM 1
#define E820_ACPI 3
#define E820_NVS 4
#define MAX_MEM_REGIONS 64
#define MAX_INIT_ARGS 256
#define COMMAND_LINE_SIZE 2048

struct mem_region {
	u64 base, len;
	u32 type;
};

struct boot_params {
	char cmdline[COMMAND_LINE_SIZE];
	struct mem_region mem[MAX_MEM_REGIONS];
	int nr_mem;
	u64 initrd_start, initrd_end;   /* physical, the first module */
	u8 rsdp[36];                    /* copy of the ACPI RSDP, if the loader gave one */
	bool have_rsdp;
};

extern struct boot_params boot_params;
extern int panic_timeout;
extern const char *init_path;
extern const char *init_argv[MAX_INIT_ARGS + 2];
extern const char *trace_param;
extern const char *audit_selftest_param;

void start_kernel(u32 magic, u32 info);  /* from boot/entry.S */
void setup_boot_params(u32 magic, u64 info_pa);
void parse_cmdline(void);

void __noreturn machine_power_off(int status);
void __noreturn machine_restart(void);

/* kernel/gcov.c: the coverage kernel's counters (make coverage). */
#ifdef USHI_GCOV
void gcov_init(void);
void gcov_dump(void);
#else
static inline void gcov_init(void) {}
static inline void gcov_dump(void) {}
#endif

#endif
