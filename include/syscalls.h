/*
 * syscalls.h - every system call's entry point, as called by the table in
 * kernel/syscall.c.  Each returns a value or -errno, as Linux does.
 */
#ifndef USHI_SYSCALLS_H
#define USHI_SYSCALLS_H

#include <types.h>

struct pt_regs;
struct stat;
struct statx;
struct statfs;
struct timespec;
struct timeval;
struct itimerval;
struct rusage;
struct sysinfo;
struct new_utsname;
struct rlimit64;
struct iovec;
struct pollfd;
struct epoll_event;
struct sockaddr;
struct user_msghdr;
struct k_sigaction;
struct clone_args;
struct __user_cap_header_struct;
struct __user_cap_data_struct;
struct shmid_ds;
struct futex_waitv;
struct sched_param;

#include <uapi/shm.h>
#include <uapi/signal.h>

/* fs/dev.c */
long sys_getrandom(char *ubuf, size_t n, unsigned int flags);
/* fs/eventpoll.c */
long sys_epoll_create(int size);
long sys_epoll_create1(int flags);
long sys_epoll_ctl(int epfd, int op, int fd, struct epoll_event *uevent);
long sys_epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);
long sys_epoll_pwait(int epfd, struct epoll_event *events, int maxevents, int timeout, const sigset_t *sigmask, size_t sigsetsize);
long sys_epoll_pwait2(int epfd, struct epoll_event *events, int maxevents, const struct timespec *timeout, const sigset_t *sigmask, size_t sigsetsize);
/* fs/file.c */
long sys_close(unsigned int fd);
long sys_dup(unsigned int oldfd);
long sys_dup2(unsigned int oldfd, unsigned int newfd);
long sys_dup3(unsigned int oldfd, unsigned int newfd, int flags);
long sys_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg);
long sys_flock(unsigned int fd, unsigned int cmd);
long sys_fdatasync(unsigned int fd);
long sys_fsync(unsigned int fd);
long sys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg);
long sys_sync(void);
/* fs/names.c */
long sys_link(const char *o, const char *n);
long sys_linkat(int odfd, const char *uold, int ndfd, const char *unew, int flags);
long sys_mkdir(const char *uname, umode_t mode);
long sys_mkdirat(int dfd, const char *uname, umode_t mode);
long sys_mknod(const char *uname, umode_t mode, unsigned dev);
long sys_mknodat(int dfd, const char *uname, umode_t mode, unsigned dev);
long sys_readlink(const char *uname, char *ubuf, int size);
long sys_readlinkat(int dfd, const char *uname, char *ubuf, int size);
long sys_rename(const char *o, const char *n);
long sys_renameat(int odfd, const char *o, int ndfd, const char *n);
long sys_renameat2(int odfd, const char *uold, int ndfd, const char *unew, unsigned flags);
long sys_rmdir(const char *uname);
long sys_symlink(const char *target, const char *name);
long sys_symlinkat(const char *utarget, int dfd, const char *uname);
long sys_unlink(const char *uname);
long sys_unlinkat(int dfd, const char *uname, int flags);
/* fs/namespace.c */
long sys_mount(const char *usrc, const char *utarget, const char *utype, unsigned long flags, const void *data);
long sys_umount2(const char *utarget, int flags);
/* fs/open.c */
long sys_access(const char *uname, int mode);
long sys_chdir(const char *uname);
long sys_chmod(const char *uname, umode_t mode);
long sys_chown(const char *uname, uid_t uid, gid_t gid);
long sys_chroot(const char *uname);
long sys_creat(const char *name, umode_t mode);
long sys_faccessat(int dfd, const char *uname, int mode);
long sys_faccessat2(int dfd, const char *uname, int mode, int flags);
long sys_fallocate(int fd, int mode, loff_t offset, loff_t len);
long sys_fchdir(unsigned int fd);
long sys_fchmod(unsigned int fd, umode_t mode);
long sys_fchmodat(int dfd, const char *uname, umode_t mode);
long sys_fchown(unsigned int fd, uid_t uid, gid_t gid);
long sys_fchownat(int dfd, const char *uname, uid_t uid, gid_t gid, int flags);
long sys_ftruncate(unsigned int fd, long length);
long sys_getcwd(char *ubuf, unsigned long size);
long sys_lchown(const char *uname, uid_t uid, gid_t gid);
long sys_open(const char *name, int flags, umode_t mode);
long sys_openat(int dfd, const char *name, int flags, umode_t mode);
long sys_truncate(const char *uname, long length);
long sys_umask(int mask);
/* fs/pipe.c */
long sys_pipe(int *ufds);
long sys_pipe2(int *ufds, int flags);
/* fs/read_write.c */
long sys_lseek(unsigned int fd, long off, unsigned int whence);
long sys_pread64(unsigned int fd, char *ubuf, size_t n, loff_t pos);
long sys_preadv(unsigned long fd, const struct iovec *uiov, unsigned long cnt, unsigned long pos_l,
		unsigned long pos_h);
long sys_pwrite64(unsigned int fd, const char *ubuf, size_t n, loff_t pos);
long sys_pwritev(unsigned long fd, const struct iovec *uiov, unsigned long cnt, unsigned long pos_l,
		 unsigned long pos_h);
long sys_read(unsigned int fd, char *ubuf, size_t n);
long sys_readv(unsigned long fd, const struct iovec *uiov, unsigned long cnt);
long sys_write(unsigned int fd, const char *ubuf, size_t n);
long sys_writev(unsigned long fd, const struct iovec *uiov, unsigned long cnt);
/* fs/select.c */
long sys_poll(struct pollfd *ufds, unsigned int n, int timeout_ms);
long sys_ppoll(struct pollfd *ufds, unsigned int n, const struct timespec *uts, const sigset_t *umask, size_t sigsetsize);
long sys_pselect6(int n, unsigned long *in, unsigned long *out, unsigned long *ex, const struct timespec *uts, void *usig);
long sys_select(int n, unsigned long *in, unsigned long *out, unsigned long *ex, struct timeval *utv);
/* fs/splice.c */
long sys_sendfile(int out_fd, int in_fd, loff_t *uoff, size_t count);
long sys_splice(int fd_in, loff_t *off_in, int fd_out, loff_t *off_out, size_t len, unsigned int flags);
long sys_tee(int fdin, int fdout, size_t len, unsigned int flags);
long sys_vmsplice(int fd, const struct iovec *uiov, unsigned long nr_segs, unsigned int flags);
/* fs/socket.c */
long sys_recvfrom(int fd, void *ubuf, size_t size, unsigned int flags, struct sockaddr *addr, int *alen);
long sys_recvmsg(int fd, struct user_msghdr *umsg, unsigned int flags);
long sys_sendmsg(int fd, struct user_msghdr *umsg, unsigned int flags);
long sys_sendto(int fd, void *ubuf, size_t len, unsigned int flags, struct sockaddr *addr, int alen);
long sys_shutdown(int fd, int how);
long sys_socket(int family, int type, int protocol);
long sys_socketpair(int family, int type, int protocol, int *usv);
/* fs/stat.c */
long sys_fstat(unsigned int fd, struct stat *ust);
long sys_getdents64(unsigned int fd, void *ubuf, unsigned int count);
long sys_lstat(const char *name, struct stat *ust);
long sys_newfstatat(int dfd, const char *uname, struct stat *ust, int flags);
long sys_stat(const char *name, struct stat *ust);
long sys_statx(int dfd, const char *uname, unsigned int flags, unsigned mask, struct statx *ubuf);
/* fs/statfs.c */
long sys_fstatfs(unsigned int fd, struct statfs *ubuf);
long sys_statfs(const char *uname, struct statfs *ubuf);
/* kernel/capability.c */
long sys_capget(struct __user_cap_header_struct *header, struct __user_cap_data_struct *data);
long sys_capset(struct __user_cap_header_struct *header, const struct __user_cap_data_struct *data);
/* kernel/exec_domain.c */
long sys_personality(unsigned int personality);
/* kernel/exec.c */
long sys_execve(const char *ufilename, const char *const *uargv, const char *const *uenvp);
long sys_execveat(int dfd, const char *ufilename, const char *const *uargv, const char *const *uenvp, int flags);
/* kernel/exit.c */
long sys_exit(int status);
long sys_exit_group(int status);
long sys_wait4(int upid, int *ustatus, int options, struct rusage *uru);
long sys_waitid(int which, int upid, siginfo_t *uinfo, int options, struct rusage *uru);
/* kernel/fork.c */
long sys_clone(unsigned long clone_flags, unsigned long newsp, int *parent_tid, int *child_tid, unsigned long tls);
long sys_clone3(struct clone_args *uargs, size_t size);
long sys_fork(void);
long sys_set_tid_address(int *tidptr);
long sys_vfork(void);
/* kernel/futex.c */
long sys_futex(u32 *uaddr, int op, u32 val, const struct timespec *utime, u32 *uaddr2, u32 val3);
/* kernel/futex_robust.c */
long sys_set_robust_list(void *head, size_t len);
long sys_get_robust_list(int pid, void **head_ptr, size_t *len_ptr);
/* kernel/sched_policy.c */
long sys_sched_setscheduler(int pid, int policy, const struct sched_param *param);
long sys_sched_setparam(int pid, const struct sched_param *param);
long sys_sched_getscheduler(int pid);
long sys_sched_getparam(int pid, struct sched_param *param);
long sys_sched_get_priority_max(int policy);
long sys_sched_get_priority_min(int policy);
long sys_sched_rr_get_interval(int pid, struct timespec *interval);
/* kernel/futex_waitv.c */
long sys_futex_waitv(const struct futex_waitv *waiters, unsigned int nr_futexes,
		     unsigned int flags, const struct timespec *timeout, int clockid);
/* kernel/kcmp.c */
long sys_kcmp(int pid1, int pid2, int type, unsigned long idx1, unsigned long idx2);
/* kernel/pidfd.c */
long sys_pidfd_getfd(int pidfd, int fd, unsigned int flags);
long sys_pidfd_open(int upid, unsigned int flags);
long sys_fsopen(const char *uname, unsigned int flags);
long sys_fsconfig(int fd, unsigned int cmd, const char *ukey, const void *uval, int aux);
long sys_fsmount(int fs_fd, unsigned int flags, unsigned int attr);
long sys_move_mount(int from_dfd, const char *ufrom, int to_dfd, const char *uto, unsigned int flags);
long sys_pidfd_send_signal(int pidfd, int sig, siginfo_t *uinfo, unsigned int flags);
/* kernel/reboot.c */
long sys_reboot(int magic1, int magic2, unsigned int cmd, void *arg);
/* kernel/sched.c */
long sys_sched_yield(void);
/* kernel/sigframe.c */
long sys_rt_sigreturn(void);
/* kernel/signal.c */
long sys_kill(int pid, int sig);
long sys_ptrace(long request, long pid, unsigned long addr, unsigned long data);
long sys_pause(void);
long sys_restart_syscall(void);
long sys_rt_sigaction(int sig, const struct k_sigaction *uact, struct k_sigaction *uoact, size_t sigsetsize);
long sys_rt_sigpending(sigset_t *uset, size_t sigsetsize);
long sys_rt_sigprocmask(int how, const sigset_t *unset, sigset_t *uoset, size_t sigsetsize);
long sys_rt_sigsuspend(const sigset_t *unewset, size_t sigsetsize);
long sys_rt_sigtimedwait(const sigset_t *uthese, siginfo_t *uinfo, const struct timespec *uts, size_t sigsetsize);
long sys_sigaltstack(const stack_t *uss, stack_t *uoss);
long sys_tgkill(int tgid, int tid, int sig);
long sys_tkill(int tid, int sig);
long sys_rt_sigqueueinfo(int pid, int sig, const siginfo_t *uinfo);
long sys_rt_tgsigqueueinfo(int tgid, int tid, int sig, const siginfo_t *uinfo);
/* kernel/sys.c */
long sys_getpid(void);
long sys_gettid(void);
long sys_getppid(void);
long sys_getuid(void);
long sys_geteuid(void);
long sys_getgid(void);
long sys_getegid(void);
long sys_arch_prctl(int code, unsigned long addr);
long sys_getcpu(unsigned *cpu, unsigned *node, void *unused);
long sys_getgroups(int size, gid_t *list);
long sys_getpgid(int pid);
long sys_getpgrp(void);
long sys_getpriority(int which, int who);
long sys_getresgid(gid_t *r, gid_t *e, gid_t *s);
long sys_getresuid(uid_t *r, uid_t *e, uid_t *s);
long sys_getrlimit(unsigned int res, struct rlimit64 *u);
long sys_getrusage(int who, struct rusage *uru);
long sys_getsid(int pid);
long sys_prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5);
long sys_prlimit64(int pid, unsigned int res, const struct rlimit64 *unew, struct rlimit64 *uold);
long sys_sched_getaffinity(int pid, unsigned int len, unsigned long *umask);
long sys_sched_setaffinity(int pid, unsigned int len, const unsigned long *umask);
long sys_setdomainname(const char *name, int len);
long sys_setfsgid(gid_t gid);
long sys_setfsuid(uid_t uid);
long sys_setgid(gid_t gid);
long sys_setgroups(int size, const gid_t *list);
long sys_sethostname(const char *name, int len);
long sys_setpgid(int pid, int pgid);
long sys_setpriority(int which, int who, int prio);
long sys_setregid(gid_t r, gid_t e);
long sys_setresgid(gid_t r, gid_t e, gid_t s);
long sys_setresuid(uid_t r, uid_t e, uid_t s);
long sys_setreuid(uid_t r, uid_t e);
long sys_setrlimit(unsigned int res, const struct rlimit64 *u);
long sys_setsid(void);
long sys_setuid(uid_t uid);
long sys_sysinfo(struct sysinfo *uinfo);
long sys_times(void *ubuf);
long sys_uname(struct new_utsname *u);
/* kernel/time.c */
long sys_alarm(unsigned int seconds);
long sys_clock_getres(int clk, struct timespec *uts);
long sys_clock_gettime(int clk, struct timespec *uts);
long sys_clock_nanosleep(int clk, int flags, const struct timespec *ureq, struct timespec *urem);
long sys_getitimer(int which, struct itimerval *uv);
long sys_gettimeofday(struct timeval *utv, void *utz);
long sys_nanosleep(const struct timespec *ureq, struct timespec *urem);
long sys_setitimer(int which, const struct itimerval *unew, struct itimerval *uold);
long sys_time(long *ut);
/* ipc/shm.c */
long sys_shmget(key_t key, size_t size, int shmflg);
long sys_shmat(int shmid, char *shmaddr, int shmflg);
long sys_shmctl(int shmid, int cmd, struct shmid_ds *buf);
long sys_shmdt(char *shmaddr);
/* kernel/nsproxy.c */
long sys_setns(int fd, int nstype);
/* kernel/unshare.c */
long sys_unshare(unsigned long flags);
/* mm/madvise.c */
long sys_madvise(unsigned long start, size_t len, int advice);
/* mm/memfd.c */
long sys_memfd_create(const char *uname, unsigned int flags);
/* mm/mmap.c */
long sys_brk(unsigned long brk);
long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags, unsigned long fd, unsigned long off);
long sys_munmap(unsigned long addr, size_t len);
/* mm/mincore.c */
long sys_mincore(unsigned long start, size_t len, unsigned char *vec);
/* mm/mlock.c */
long sys_mlock(unsigned long start, size_t len);
long sys_munlock(unsigned long start, size_t len);
long sys_mlockall(int flags);
long sys_munlockall(void);
long sys_mlock2(unsigned long start, size_t len, int flags);
/* mm/mprotect.c */
long sys_mprotect(unsigned long start, size_t len, unsigned long prot);
/* mm/mremap.c */
long sys_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len, unsigned long flags, unsigned long new_addr);
/* mm/msync.c */
long sys_msync(unsigned long start, size_t len, int flags);

void do_syscall_64(struct pt_regs *regs);

#endif
