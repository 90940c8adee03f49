/* signal.h - the kernel's signal helpers shared by signal.c and sigframe.c. */
#ifndef USHI_SIGNAL_H
#define USHI_SIGNAL_H

#include <sched.h>
#include <uapi/fcntl.h>

struct pid;
struct pid_namespace;

/* The syscall number restart_syscall(2) has in syscall_64.tbl. */
#define __NR_restart_syscall 219

/* The sa_flags bits rt_sigaction keeps (Linux's UAPI_SA_FLAGS on x86):
 * any other bit is dropped, so a program can see it is not supported. */
#define SA_EXPOSE_TAGBITS 0x00000800UL
#define UAPI_SA_FLAGS (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | \
		       SA_NODEFER | SA_RESETHAND | SA_EXPOSE_TAGBITS | SA_RESTORER)

#define SIG_KERNEL_ONLY_MASK (sigmask(SIGKILL) | sigmask(SIGSTOP))
#define SIG_KERNEL_STOP_MASK (sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))
#define SIG_KERNEL_IGNORE_MASK (sigmask(SIGCONT) | sigmask(SIGCHLD) | sigmask(SIGWINCH) | sigmask(SIGURG))
#define SIG_KERNEL_COREDUMP_MASK (sigmask(SIGQUIT) | sigmask(SIGILL) | sigmask(SIGTRAP) | \
	sigmask(SIGABRT) | sigmask(SIGBUS) | sigmask(SIGFPE) | sigmask(SIGSEGV) | \
	sigmask(SIGXCPU) | sigmask(SIGXFSZ) | sigmask(SIGSYS))

static inline bool sig_in(int sig, sigset_t mask) { return sig <= 64 && (mask & sigmask(sig)); }

struct ksignal {
	struct k_sigaction ka;
	siginfo_t info;
	int sig;
};

bool get_signal(struct ksignal *ksig);
void signal_setup_done(bool failed, struct ksignal *ksig);
int dequeue_signal(struct task_struct *t, sigset_t mask, siginfo_t *info);
void set_current_blocked(sigset_t mask);
void do_signal_stop(int sig);
void zap_pid_ns_processes(struct pid_namespace *ns);
void sas_ss_reset(struct task_struct *t);
int kill_task(int sig, siginfo_t *info, struct task_struct *t, bool group);     /* kill.c */
int kill_pgrp_info(struct pid *pgrp, int sig, siginfo_t *info);

/* pidfd flags (Linux's uapi/linux/pidfd.h) */
#define PIDFD_THREAD O_EXCL                     /* names a thread, not its process */
#define PIDFD_NONBLOCK O_NONBLOCK
#define PIDFD_SIGNAL_THREAD (1U << 0)
#define PIDFD_SIGNAL_THREAD_GROUP (1U << 1)
#define PIDFD_SIGNAL_PROCESS_GROUP (1U << 2)

#endif
