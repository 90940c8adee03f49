/* cpu.h - setting up a CPU: the TSS, features, the kernel stack pointer. */
#ifndef USHI_CPU_H
#define USHI_CPU_H

#include <types.h>

struct tss_struct {
	u32 reserved0;
	u64 rsp0, rsp1, rsp2;
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3, iomap_base;
} __packed;

extern bool cpu_has_smep, cpu_has_smap, cpu_has_pge;

void cpu_detect(void);
void cpu_init(void);
void cpu_print_features(void);
void set_kernel_stack(unsigned long top);
long get_tsc_mode(unsigned long adr);
long set_tsc_mode(unsigned int val);

/* The user FPU/SSE registers, as fxsave lays them out (512 bytes). */
struct fxregs_state {
	u16 cwd, swd, twd, fop;
	u64 rip, rdp;
	u32 mxcsr, mxcsr_mask;
	u32 st_space[32];
	u32 xmm_space[64];
	u32 padding[24];
} __aligned(16);

void fpu_init_state(struct fxregs_state *fx);
static inline void fxsave(struct fxregs_state *fx) { asm volatile("fxsave64 %0" : "=m"(*fx)); }
static inline void fxrstor(const struct fxregs_state *fx) { asm volatile("fxrstor64 %0" :: "m"(*fx)); }

#endif
