/*
 * syscall.c - the system call table, indexed by Linux's x86-64 numbers
 * (arch/x86/entry/syscalls/syscall_64.tbl), and the dispatcher that
 * entry.S calls.  A number with no entry returns -ENOSYS and is reported
 * on the console the first time it is seen.
 */
#include <errno.h>
#include <kernel.h>
#include <ptrace.h>
#include <sched.h>
#include <syscalls.h>
#include <trace.h>

typedef long (*syscall_fn_t)(long, long, long, long, long, long);
struct syscall_entry {
	syscall_fn_t fn;
	const char *name;       /* for trace=syscall */
};
#define SYS(nr, f) [nr] = { (syscall_fn_t)(void *)f, #f + 4 }

#define NR_SYSCALLS 450

static const struct syscall_entry sys_call_table[NR_SYSCALLS] = {
	SYS(0, sys_read),
	SYS(1, sys_write),
	SYS(2, sys_open),
	SYS(3, sys_close),
	SYS(4, sys_stat),
	SYS(5, sys_fstat),
	SYS(6, sys_lstat),
	SYS(7, sys_poll),
	SYS(8, sys_lseek),
	SYS(9, sys_mmap),
	SYS(10, sys_mprotect),
	SYS(11, sys_munmap),
	SYS(12, sys_brk),
	SYS(13, sys_rt_sigaction),
	SYS(14, sys_rt_sigprocmask),
	SYS(15, sys_rt_sigreturn),
	SYS(16, sys_ioctl),
	SYS(17, sys_pread64),
	SYS(18, sys_pwrite64),
	SYS(19, sys_readv),
	SYS(20, sys_writev),
	SYS(21, sys_access),
	SYS(22, sys_pipe),
	SYS(23, sys_select),
	SYS(24, sys_sched_yield),
	SYS(25, sys_mremap),
	SYS(26, sys_msync),
	SYS(28, sys_madvise),
	SYS(32, sys_dup),
	SYS(33, sys_dup2),
	SYS(34, sys_pause),
	SYS(35, sys_nanosleep),
	SYS(36, sys_getitimer),
	SYS(37, sys_alarm),
	SYS(38, sys_setitimer),
	SYS(39, sys_getpid),
	SYS(56, sys_clone),
	SYS(57, sys_fork),
	SYS(58, sys_vfork),
	SYS(59, sys_execve),
	SYS(60, sys_exit),
	SYS(61, sys_wait4),
	SYS(62, sys_kill),
	SYS(63, sys_uname),
	SYS(72, sys_fcntl),
	SYS(73, sys_flock),
	SYS(74, sys_fsync),
	SYS(75, sys_fdatasync),
	SYS(76, sys_truncate),
	SYS(77, sys_ftruncate),
	SYS(79, sys_getcwd),
	SYS(80, sys_chdir),
	SYS(81, sys_fchdir),
	SYS(82, sys_rename),
	SYS(83, sys_mkdir),
	SYS(84, sys_rmdir),
	SYS(85, sys_creat),
	SYS(86, sys_link),
	SYS(87, sys_unlink),
	SYS(88, sys_symlink),
	SYS(89, sys_readlink),
	SYS(90, sys_chmod),
	SYS(91, sys_fchmod),
	SYS(92, sys_chown),
	SYS(93, sys_fchown),
	SYS(94, sys_lchown),
	SYS(95, sys_umask),
	SYS(96, sys_gettimeofday),
	SYS(97, sys_getrlimit),
	SYS(98, sys_getrusage),
	SYS(99, sys_sysinfo),
	SYS(100, sys_times),
	SYS(102, sys_getuid),
	SYS(104, sys_getgid),
	SYS(105, sys_setuid),
	SYS(106, sys_setgid),
	SYS(107, sys_geteuid),
	SYS(108, sys_getegid),
	SYS(109, sys_setpgid),
	SYS(110, sys_getppid),
	SYS(111, sys_getpgrp),
	SYS(112, sys_setsid),
	SYS(113, sys_setreuid),
	SYS(114, sys_setregid),
	SYS(115, sys_getgroups),
	SYS(116, sys_setgroups),
	SYS(117, sys_setresuid),
	SYS(118, sys_getresuid),
	SYS(119, sys_setresgid),
	SYS(120, sys_getresgid),
	SYS(121, sys_getpgid),
	SYS(122, sys_setfsuid),
	SYS(123, sys_setfsgid),
	SYS(124, sys_getsid),
	SYS(127, sys_rt_sigpending),
	SYS(128, sys_rt_sigtimedwait),
	SYS(130, sys_rt_sigsuspend),
	SYS(131, sys_sigaltstack),
	SYS(133, sys_mknod),
	SYS(140, sys_getpriority),
	SYS(141, sys_setpriority),
	SYS(157, sys_prctl),
	SYS(158, sys_arch_prctl),
	SYS(160, sys_setrlimit),
	SYS(161, sys_chroot),
	SYS(162, sys_sync),
	SYS(165, sys_mount),
	SYS(166, sys_umount2),
	SYS(169, sys_reboot),
	SYS(170, sys_sethostname),
	SYS(171, sys_setdomainname),
	SYS(186, sys_gettid),
	SYS(200, sys_tkill),
	SYS(201, sys_time),
	SYS(202, sys_futex),
	SYS(203, sys_sched_setaffinity),
	SYS(204, sys_sched_getaffinity),
	SYS(217, sys_getdents64),
	SYS(218, sys_set_tid_address),
	SYS(219, sys_restart_syscall),
	SYS(228, sys_clock_gettime),
	SYS(229, sys_clock_getres),
	SYS(230, sys_clock_nanosleep),
	SYS(231, sys_exit_group),
	SYS(234, sys_tgkill),
	SYS(247, sys_waitid),
	SYS(257, sys_openat),
	SYS(258, sys_mkdirat),
	SYS(259, sys_mknodat),
	SYS(260, sys_fchownat),
	SYS(262, sys_newfstatat),
	SYS(263, sys_unlinkat),
	SYS(264, sys_renameat),
	SYS(265, sys_linkat),
	SYS(266, sys_symlinkat),
	SYS(267, sys_readlinkat),
	SYS(268, sys_fchmodat),
	SYS(269, sys_faccessat),
	SYS(270, sys_pselect6),
	SYS(271, sys_ppoll),
	SYS(272, sys_unshare),
	SYS(273, sys_set_robust_list),
	SYS(292, sys_dup3),
	SYS(293, sys_pipe2),
	SYS(295, sys_preadv),
	SYS(296, sys_pwritev),
	SYS(302, sys_prlimit64),
	SYS(309, sys_getcpu),
	SYS(316, sys_renameat2),
	SYS(318, sys_getrandom),
	SYS(322, sys_execveat),
	SYS(332, sys_statx),
	SYS(424, sys_pidfd_send_signal),
	SYS(434, sys_pidfd_open),
	SYS(435, sys_clone3),
	SYS(439, sys_faccessat2),
};

static u64 reported[NR_SYSCALLS / 64 + 1];

/* Says once per number that a program asked for a syscall ushi lacks
 * (trace=enosys: by default the console shows what Linux's would). */
static void report_unknown(unsigned int nr)
{
	if (!(trace_mask & TRACE_ENOSYS))
		return;
	if (nr < NR_SYSCALLS) {
		if (reported[nr / 64] & (1ULL << (nr % 64)))
			return;
		reported[nr / 64] |= 1ULL << (nr % 64);
	} else {
		if (reported[NR_SYSCALLS / 64] & 1)
			return;
		reported[NR_SYSCALLS / 64] |= 1;
	}
	printk("ushi: %s[%d] called unknown syscall %u: -ENOSYS\n", current->comm, current->tgid, nr);
}

/* As Linux, only the low 32 bits of rax choose the call. */
void do_syscall_64(struct pt_regs *regs)
{
	unsigned int nr = (unsigned int)regs->orig_rax;
	long ret = -ENOSYS;
	const struct syscall_entry *e = nr < NR_SYSCALLS && sys_call_table[nr].fn ? &sys_call_table[nr] : NULL;
	if (unlikely(trace_mask & TRACE_SYSCALL))
		printk("[trace] syscall pid=%d %s(0x%lx, 0x%lx, 0x%lx)\n", current->pid,
		       e ? e->name : "?", regs->rdi, regs->rsi, regs->rdx);
	if (e)
		ret = e->fn(regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, regs->r9);
	else
		report_unknown(nr);
	regs->rax = ret;
	if (unlikely(trace_mask & TRACE_SYSCALL))
		printk("[trace] syscall pid=%d %s = %ld\n", current->pid, e ? e->name : "?", ret);
}
