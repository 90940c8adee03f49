/*
 * syscall.c - the system call table, indexed by Linux's x86-64 numbers
 * (arch/x86/entry/syscalls/syscall_64.tbl), and the dispatcher that
 * entry.S calls.  A number with no entry returns -ENOSYS, as Linux;
 * trace=enosys names each such number on the console once.
 */
#include <errno.h>
#include <kernel.h>
#include <ptrace.h>
#include <sched.h>
#include <smp_lock.h>
#include <syscalls.h>
#include <trace.h>

typedef long (*syscall_fn_t)(long, long, long, long, long, long);
struct syscall_entry {
	syscall_fn_t fn;
	const char *name;       /* for trace=syscall */
	bool lockless;          /* runs without the big kernel lock (SYS_LOCKLESS) */
};

/*
 * SYS(nr, name, types...): number nr is Linux's call `name`, served by
 * sys_name, whose type must be long (types...) - Linux's argument types
 * (include/linux/syscalls.h), as ushi spells them - or the build stops
 * at that entry.  So an entry cannot call a function of another shape;
 * tests/host/syscall_table.sh checks each (nr, name) pair against
 * Linux's numbering.  (The check is a _Static_assert inside a sizeof,
 * because a statement cannot stand inside an initializer.)
 */
#define SYS(nr, name, ...) [nr] = { (syscall_fn_t)(void *)sys_##name, \
	#name + SYS_TYPE_IS(sys_##name, __VA_ARGS__) }
/* A call that reads only current's own fields or the clocks needs no
 * big kernel lock: the most frequent cheap calls skip its round trip. */
#define SYS_LOCKLESS(nr, name, ...) [nr] = { (syscall_fn_t)(void *)sys_##name, \
	#name + SYS_TYPE_IS(sys_##name, __VA_ARGS__), true }
#define SYS_TYPE_IS(fn, ...) 0 * sizeof(struct { char c; _Static_assert( \
	__builtin_types_compatible_p(typeof(fn), long (__VA_ARGS__)), \
	#fn " is not long (" #__VA_ARGS__ ")"); })

#define NR_SYSCALLS 450

static const struct syscall_entry sys_call_table[NR_SYSCALLS] = {
	SYS(0, read, unsigned int, char *, size_t),
	SYS(1, write, unsigned int, const char *, size_t),
	SYS(2, open, const char *, int, umode_t),
	SYS(3, close, unsigned int),
	SYS(4, stat, const char *, struct stat *),
	SYS(5, fstat, unsigned int, struct stat *),
	SYS(6, lstat, const char *, struct stat *),
	SYS(7, poll, struct pollfd *, unsigned int, int),
	SYS(8, lseek, unsigned int, long, unsigned int),
	SYS(9, mmap, unsigned long, unsigned long, unsigned long, unsigned long, unsigned long, unsigned long),
	SYS(10, mprotect, unsigned long, size_t, unsigned long),
	SYS(11, munmap, unsigned long, size_t),
	SYS(12, brk, unsigned long),
	SYS(13, rt_sigaction, int, const struct k_sigaction *, struct k_sigaction *, size_t),
	SYS(14, rt_sigprocmask, int, const sigset_t *, sigset_t *, size_t),
	SYS(15, rt_sigreturn, void),
	SYS(16, ioctl, unsigned int, unsigned int, unsigned long),
	SYS(17, pread64, unsigned int, char *, size_t, loff_t),
	SYS(18, pwrite64, unsigned int, const char *, size_t, loff_t),
	SYS(19, readv, unsigned long, const struct iovec *, unsigned long),
	SYS(20, writev, unsigned long, const struct iovec *, unsigned long),
	SYS(21, access, const char *, int),
	SYS(22, pipe, int *),
	SYS(23, select, int, unsigned long *, unsigned long *, unsigned long *, struct timeval *),
	SYS_LOCKLESS(24, sched_yield, void),
	SYS(25, mremap, unsigned long, unsigned long, unsigned long, unsigned long, unsigned long),
	SYS(26, msync, unsigned long, size_t, int),
	SYS(27, mincore, unsigned long, size_t, unsigned char *),
	SYS(28, madvise, unsigned long, size_t, int),
	SYS(29, shmget, key_t, size_t, int),
	SYS(30, shmat, int, char *, int),
	SYS(31, shmctl, int, int, struct shmid_ds *),
	SYS(32, dup, unsigned int),
	SYS(33, dup2, unsigned int, unsigned int),
	SYS(34, pause, void),
	SYS(35, nanosleep, const struct timespec *, struct timespec *),
	SYS(36, getitimer, int, struct itimerval *),
	SYS(37, alarm, unsigned int),
	SYS(38, setitimer, int, const struct itimerval *, struct itimerval *),
	SYS_LOCKLESS(39, getpid, void),
	SYS(40, sendfile, int, int, loff_t *, size_t),
	SYS(41, socket, int, int, int),
	SYS(44, sendto, int, void *, size_t, unsigned int, struct sockaddr *, int),
	SYS(45, recvfrom, int, void *, size_t, unsigned int, struct sockaddr *, int *),
	SYS(46, sendmsg, int, struct user_msghdr *, unsigned int),
	SYS(47, recvmsg, int, struct user_msghdr *, unsigned int),
	SYS(48, shutdown, int, int),
	SYS(53, socketpair, int, int, int, int *),
	SYS(56, clone, unsigned long, unsigned long, int *, int *, unsigned long),
	SYS(57, fork, void),
	SYS(58, vfork, void),
	SYS(59, execve, const char *, const char *const *, const char *const *),
	SYS(60, exit, int),
	SYS(61, wait4, int, int *, int, struct rusage *),
	SYS(62, kill, int, int),
	SYS(63, uname, struct new_utsname *),
	SYS(67, shmdt, char *),
	SYS(72, fcntl, unsigned int, unsigned int, unsigned long),
	SYS(73, flock, unsigned int, unsigned int),
	SYS(74, fsync, unsigned int),
	SYS(75, fdatasync, unsigned int),
	SYS(76, truncate, const char *, long),
	SYS(77, ftruncate, unsigned int, long),
	SYS(79, getcwd, char *, unsigned long),
	SYS(80, chdir, const char *),
	SYS(81, fchdir, unsigned int),
	SYS(82, rename, const char *, const char *),
	SYS(83, mkdir, const char *, umode_t),
	SYS(84, rmdir, const char *),
	SYS(85, creat, const char *, umode_t),
	SYS(86, link, const char *, const char *),
	SYS(87, unlink, const char *),
	SYS(88, symlink, const char *, const char *),
	SYS(89, readlink, const char *, char *, int),
	SYS(90, chmod, const char *, umode_t),
	SYS(91, fchmod, unsigned int, umode_t),
	SYS(92, chown, const char *, uid_t, gid_t),
	SYS(93, fchown, unsigned int, uid_t, gid_t),
	SYS(94, lchown, const char *, uid_t, gid_t),
	SYS(95, umask, int),
	SYS_LOCKLESS(96, gettimeofday, struct timeval *, void *),
	SYS(97, getrlimit, unsigned int, struct rlimit64 *),
	SYS(98, getrusage, int, struct rusage *),
	SYS(99, sysinfo, struct sysinfo *),
	SYS(100, times, void *),
	SYS(101, ptrace, long, long, unsigned long, unsigned long),
	SYS_LOCKLESS(102, getuid, void),
	SYS_LOCKLESS(104, getgid, void),
	SYS(105, setuid, uid_t),
	SYS(106, setgid, gid_t),
	SYS_LOCKLESS(107, geteuid, void),
	SYS_LOCKLESS(108, getegid, void),
	SYS(109, setpgid, int, int),
	SYS(110, getppid, void),
	SYS(111, getpgrp, void),
	SYS(112, setsid, void),
	SYS(113, setreuid, uid_t, uid_t),
	SYS(114, setregid, gid_t, gid_t),
	SYS(115, getgroups, int, gid_t *),
	SYS(116, setgroups, int, const gid_t *),
	SYS(117, setresuid, uid_t, uid_t, uid_t),
	SYS(118, getresuid, uid_t *, uid_t *, uid_t *),
	SYS(119, setresgid, gid_t, gid_t, gid_t),
	SYS(120, getresgid, gid_t *, gid_t *, gid_t *),
	SYS(121, getpgid, int),
	SYS(122, setfsuid, uid_t),
	SYS(123, setfsgid, gid_t),
	SYS(124, getsid, int),
	SYS(125, capget, struct __user_cap_header_struct *, struct __user_cap_data_struct *),
	SYS(126, capset, struct __user_cap_header_struct *, const struct __user_cap_data_struct *),
	SYS(127, rt_sigpending, sigset_t *, size_t),
	SYS(128, rt_sigtimedwait, const sigset_t *, siginfo_t *, const struct timespec *, size_t),
	SYS(129, rt_sigqueueinfo, int, int, const siginfo_t *),
	SYS(130, rt_sigsuspend, const sigset_t *, size_t),
	SYS(131, sigaltstack, const stack_t *, stack_t *),
	SYS(133, mknod, const char *, umode_t, unsigned),
	SYS(135, personality, unsigned int),
	SYS(137, statfs, const char *, struct statfs *),
	SYS(138, fstatfs, unsigned int, struct statfs *),
	SYS(140, getpriority, int, int),
	SYS(141, setpriority, int, int, int),
	SYS(142, sched_setparam, int, const struct sched_param *),
	SYS(143, sched_getparam, int, struct sched_param *),
	SYS(144, sched_setscheduler, int, int, const struct sched_param *),
	SYS(145, sched_getscheduler, int),
	SYS(146, sched_get_priority_max, int),
	SYS(147, sched_get_priority_min, int),
	SYS(148, sched_rr_get_interval, int, struct timespec *),
	SYS(149, mlock, unsigned long, size_t),
	SYS(150, munlock, unsigned long, size_t),
	SYS(151, mlockall, int),
	SYS(152, munlockall, void),
	SYS(157, prctl, int, unsigned long, unsigned long, unsigned long, unsigned long),
	SYS(158, arch_prctl, int, unsigned long),
	SYS(160, setrlimit, unsigned int, const struct rlimit64 *),
	SYS(161, chroot, const char *),
	SYS(162, sync, void),
	SYS(165, mount, const char *, const char *, const char *, unsigned long, const void *),
	SYS(166, umount2, const char *, int),
	SYS(169, reboot, int, int, unsigned int, void *),
	SYS(170, sethostname, const char *, int),
	SYS(171, setdomainname, const char *, int),
	SYS_LOCKLESS(186, gettid, void),
	SYS(200, tkill, int, int),
	SYS_LOCKLESS(201, time, long *),
	SYS(202, futex, u32 *, int, u32, const struct timespec *, u32 *, u32),
	SYS(203, sched_setaffinity, int, unsigned int, const unsigned long *),
	SYS(204, sched_getaffinity, int, unsigned int, unsigned long *),
	SYS(213, epoll_create, int),
	SYS(217, getdents64, unsigned int, void *, unsigned int),
	SYS(218, set_tid_address, int *),
	SYS(219, restart_syscall, void),
	SYS_LOCKLESS(228, clock_gettime, int, struct timespec *),
	SYS(229, clock_getres, int, struct timespec *),
	SYS(230, clock_nanosleep, int, int, const struct timespec *, struct timespec *),
	SYS(231, exit_group, int),
	SYS(232, epoll_wait, int, struct epoll_event *, int, int),
	SYS(233, epoll_ctl, int, int, int, struct epoll_event *),
	SYS(234, tgkill, int, int, int),
	SYS(247, waitid, int, int, siginfo_t *, int, struct rusage *),
	SYS(257, openat, int, const char *, int, umode_t),
	SYS(258, mkdirat, int, const char *, umode_t),
	SYS(259, mknodat, int, const char *, umode_t, unsigned),
	SYS(260, fchownat, int, const char *, uid_t, gid_t, int),
	SYS(262, newfstatat, int, const char *, struct stat *, int),
	SYS(263, unlinkat, int, const char *, int),
	SYS(264, renameat, int, const char *, int, const char *),
	SYS(265, linkat, int, const char *, int, const char *, int),
	SYS(266, symlinkat, const char *, int, const char *),
	SYS(267, readlinkat, int, const char *, char *, int),
	SYS(268, fchmodat, int, const char *, umode_t),
	SYS(269, faccessat, int, const char *, int),
	SYS(270, pselect6, int, unsigned long *, unsigned long *, unsigned long *, const struct timespec *, void *),
	SYS(271, ppoll, struct pollfd *, unsigned int, const struct timespec *, const sigset_t *, size_t),
	SYS(272, unshare, unsigned long),
	SYS(273, set_robust_list, void *, size_t),
	SYS(274, get_robust_list, int, void **, size_t *),
	SYS(275, splice, int, loff_t *, int, loff_t *, size_t, unsigned int),
	SYS(276, tee, int, int, size_t, unsigned int),
	SYS(278, vmsplice, int, const struct iovec *, unsigned long, unsigned int),
	SYS(285, fallocate, int, int, loff_t, loff_t),
	SYS(281, epoll_pwait, int, struct epoll_event *, int, int, const sigset_t *, size_t),
	SYS(291, epoll_create1, int),
	SYS(292, dup3, unsigned int, unsigned int, int),
	SYS(293, pipe2, int *, int),
	SYS(295, preadv, unsigned long, const struct iovec *, unsigned long, unsigned long, unsigned long),
	SYS(296, pwritev, unsigned long, const struct iovec *, unsigned long, unsigned long, unsigned long),
	SYS(297, rt_tgsigqueueinfo, int, int, int, const siginfo_t *),
	SYS(302, prlimit64, int, unsigned int, const struct rlimit64 *, struct rlimit64 *),
	SYS(308, setns, int, int),
	SYS_LOCKLESS(309, getcpu, unsigned *, unsigned *, void *),
	SYS(312, kcmp, int, int, int, unsigned long, unsigned long),
	SYS(316, renameat2, int, const char *, int, const char *, unsigned),
	SYS(318, getrandom, char *, size_t, unsigned int),
	SYS(319, memfd_create, const char *, unsigned int),
	SYS(322, execveat, int, const char *, const char *const *, const char *const *, int),
	SYS(325, mlock2, unsigned long, size_t, int),
	SYS(332, statx, int, const char *, unsigned int, unsigned int, struct statx *),
	SYS(424, pidfd_send_signal, int, int, siginfo_t *, unsigned int),
	SYS(429, move_mount, int, const char *, int, const char *, unsigned int),
	SYS(430, fsopen, const char *, unsigned int),
	SYS(431, fsconfig, int, unsigned int, const char *, const void *, int),
	SYS(432, fsmount, int, unsigned int, unsigned int),
	SYS(434, pidfd_open, int, unsigned int),
	SYS(435, clone3, struct clone_args *, size_t),
	SYS(438, pidfd_getfd, int, int, unsigned int),
	SYS(439, faccessat2, int, const char *, int, int),
	SYS(449, futex_waitv, const struct futex_waitv *, unsigned int, unsigned int, const struct timespec *, int),
	SYS(441, epoll_pwait2, int, struct epoll_event *, int, const struct timespec *, const sigset_t *, size_t),
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

/*
 * As Linux, only the low 32 bits of rax choose the call.  Under
 * PTRACE_SYSCALL the tracer sees rax = -ENOSYS at entry and may change
 * the number (orig_rax) and the arguments; number -1 then runs nothing
 * and leaves rax as the tracer set it.
 */
void do_syscall_64(struct pt_regs *regs)
{
	struct task_struct *t = current;
	unsigned int nr = (unsigned int)regs->orig_rax;
	regs->rax = -ENOSYS;
	const struct syscall_entry *e = nr < NR_SYSCALLS && sys_call_table[nr].fn ? &sys_call_table[nr] : NULL;
	if (!e || !e->lockless || unlikely(t->syscall_work))
		lock_kernel();          /* exit_to_user_mode lets it go */
	if (unlikely(t->syscall_work)) {
		nr = (unsigned int)ptrace_report_syscall_entry(regs);
		e = nr < NR_SYSCALLS && sys_call_table[nr].fn ? &sys_call_table[nr] : NULL;
	}
	if (unlikely(trace_mask & TRACE_SYSCALL))
		printk("[trace] syscall pid=%d %s(0x%lx, 0x%lx, 0x%lx)\n", t->pid,
		       e ? e->name : "?", regs->rdi, regs->rsi, regs->rdx);
	if (e)
		regs->rax = e->fn(regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, regs->r9);
	else if (nr != (unsigned int)-1) {
		regs->rax = -ENOSYS;            /* whatever a tracer put there */
		report_unknown(nr);
	}
	if (unlikely(trace_mask & TRACE_SYSCALL))
		printk("[trace] syscall pid=%d %s = %ld\n", t->pid, e ? e->name : "?", (long)regs->rax);
	if (unlikely(t->syscall_work))
		ptrace_report_syscall_exit(regs);
}
