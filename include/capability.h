#ifndef USHI_CAPABILITY_H
#define USHI_CAPABILITY_H
/*
 * capability.h - POSIX capabilities, Linux's five sets per task, as bits of
 * one 64-bit word (Linux 6.1 splits it in two u32s for the user ABI).
 * ushi checks only CAP_SYS_ADMIN (capable(), include/sched.h),
 * CAP_SETPCAP, CAP_SYS_RAWIO (mmap below vm.mmap_min_addr), CAP_SYS_PTRACE
 * (pidfd_getfd, kcmp), CAP_SYS_NICE (scheduling policy, affinity) and
 * CAP_SYS_RESOURCE (pipe sizes); the others are kept, lowered and
 * reported as Linux does.
 */
#include <types.h>

typedef u64 kernel_cap_t;

#define CAP_CHOWN 0
#define CAP_DAC_OVERRIDE 1
#define CAP_DAC_READ_SEARCH 2
#define CAP_FOWNER 3
#define CAP_FSETID 4
#define CAP_KILL 5
#define CAP_SETPCAP 8
#define CAP_LINUX_IMMUTABLE 9
#define CAP_SYS_RAWIO 17
#define CAP_SYS_PTRACE 19
#define CAP_SYS_ADMIN 21
#define CAP_SYS_NICE 23
#define CAP_SYS_RESOURCE 24
#define CAP_MAC_OVERRIDE 32
#define CAP_LAST_CAP 40                 /* CAP_CHECKPOINT_RESTORE, Linux 6.1's last */

#define cap_valid(c) ((c) >= 0 && (c) <= CAP_LAST_CAP)
#define CAP_TO_MASK(c) (1ULL << (c))
#define CAP_FULL_SET ((1ULL << (CAP_LAST_CAP + 1)) - 1)
#define CAP_EMPTY_SET 0ULL
/* The capabilities an fsuid of 0 stands for (Linux's CAP_FS_MASK). */
#define CAP_FS_MASK (CAP_TO_MASK(CAP_CHOWN) | CAP_TO_MASK(CAP_DAC_OVERRIDE) | \
		     CAP_TO_MASK(CAP_DAC_READ_SEARCH) | CAP_TO_MASK(CAP_FOWNER) | \
		     CAP_TO_MASK(CAP_FSETID) | CAP_TO_MASK(CAP_LINUX_IMMUTABLE) | \
		     CAP_TO_MASK(CAP_MAC_OVERRIDE))

#define cap_raised(set, c) (((set) & CAP_TO_MASK(c)) != 0)
#define cap_issubset(a, b) (((a) & ~(b)) == 0)

/* The user ABI of capget/capset (linux/capability.h). */
#define _LINUX_CAPABILITY_VERSION_1 0x19980330
#define _LINUX_CAPABILITY_VERSION_2 0x20071026
#define _LINUX_CAPABILITY_VERSION_3 0x20080522

struct __user_cap_header_struct {
	u32 version;
	int pid;
};

struct __user_cap_data_struct {
	u32 effective, permitted, inheritable;
};

struct task_struct;

/* kernel/capability.c */
bool has_capability(struct task_struct *t, int cap);
void cap_fix_setuid(uid_t old_ruid, uid_t old_euid, uid_t old_suid);
void cap_fix_setfsuid(uid_t old_fsuid);
void cap_bprm_creds(void);
long cap_prctl_bset(int option, unsigned long cap);
long cap_prctl_securebits(int option, unsigned long bits);

#endif
