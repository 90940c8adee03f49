/*
 * kill.c - signals that one process sends another: kill, tkill, tgkill,
 * rt_sigqueueinfo and rt_tgsigqueueinfo, and who may send what to whom.
 *
 * The target is looked up first (no such process: ESRCH, whatever the
 * signal), then check_kill_permission says EINVAL for a bad signal number
 * and EPERM for a sender without the right; signal 0 stops there, as a
 * probe.  The signal itself is queued by do_send_sig_info in signal.c.
 */
#include <errno.h>
#include <kernel.h>
#include <pid.h>
#include <sched.h>
#include <signal.h>
#include <syscalls.h>
#include <uaccess.h>

static bool valid_signal(int sig)
{
	return sig >= 0 && sig <= _NSIG;
}

/* Linux's kill_ok_by_cred: root, or a matching real/effective uid; and
 * SIGCONT within a session. */
static bool may_signal(int sig, struct task_struct *t)
{
	return current->euid == 0 || current->euid == t->suid || current->euid == t->uid ||
	       current->uid == t->suid || current->uid == t->uid ||
	       (sig == SIGCONT && task_session(current) == task_session(t));
}

/*
 * Linux's check_kill_permission, asked once the target is known (so that
 * a missing target is ESRCH whatever the signal): EINVAL for a bad signal
 * number, then EPERM.
 */
static int check_kill_permission(int sig, struct task_struct *t)
{
	if (!valid_signal(sig))
		return -EINVAL;
	return may_signal(sig, t) ? 0 : -EPERM;
}

/*
 * Sends sig to t (group: to its process) if the caller may: the common
 * end of kill, tkill and pidfd_send_signal.  0, -EINVAL or -EPERM.
 */
int kill_task(int sig, siginfo_t *info, struct task_struct *t, bool group)
{
	int err = check_kill_permission(sig, t);
	if (err || !sig)
		return err;
	return do_send_sig_info(sig, info, t, group);
}

static void user_info(siginfo_t *info, int sig, int code, struct task_struct *target)
{
	memset(info, 0, sizeof *info);
	info->si_signo = sig;
	info->si_code = code;
	info->_sifields.kill.pid = target ? pid_nr_ns(task_tgid(current), task_active_pid_ns(target)) : 0;
	info->_sifields.kill.uid = current->uid;
}

/*
 * Signals every process in a process group, with info or (NULL) a kill()
 * siginfo for each; 0 if any got it, else the error (ESRCH for nobody).
 */
int kill_pgrp_info(struct pid *pgrp, int sig, siginfo_t *info)
{
	struct task_struct *p;
	int ret = -ESRCH, sent = 0;
	for_each_process(p) {
		if (task_pgrp(p) != pgrp || p->exit_state == EXIT_DEAD)
			continue;
		siginfo_t own;
		if (!info)
			user_info(&own, sig, SI_USER, p);
		int err = kill_task(sig, info ? info : &own, p, true);
		if (!err)
			sent++;
		else if (ret == -ESRCH)
			ret = err;
	}
	return sent ? 0 : ret;
}

void kill_pgrp_nr(int pgrp, int sig)
{
	struct pid *pid = find_pid_ns(pgrp, &init_pid_ns);
	if (pid)
		kill_pgrp_info(pid, sig, NULL);
}

long sys_kill(int pid, int sig)
{
	if (pid > 0) {
		struct pid *p = find_vpid(pid);
		struct task_struct *t = pid_task(p);
		if (!t)
			return -ESRCH;
		t = t->group_leader;
		siginfo_t info;
		user_info(&info, sig, SI_USER, t);
		return kill_task(sig, &info, t, true);
	}
	if (pid == 0)
		return kill_pgrp_info(task_pgrp(current), sig, NULL);
	if (pid == -1) {
		struct task_struct *p;
		int count = 0, ret = 0;
		struct pid_namespace *ns = task_active_pid_ns(current);
		for_each_process(p) {
			if (p->exit_state == EXIT_DEAD || p->signal == current->signal ||
			    task_tgid_nr_ns(p, ns) <= 1)
				continue;
			siginfo_t info;
			user_info(&info, sig, SI_USER, p);
			int err = kill_task(sig, &info, p, true);
			count++;
			if (err != -EPERM)
				ret = err;
		}
		return count ? ret : -ESRCH;
	}
	if (pid == INT32_MIN)
		return -ESRCH;
	struct pid *pg = find_vpid(-pid);
	return pg ? kill_pgrp_info(pg, sig, NULL) : -ESRCH;
}

/* tkill and tgkill (tgid 0: any group).  A zombie takes the signal and
 * nothing happens, as in Linux ("pretend it died after receiving it"). */
static long do_tkill(int tgid, int tid, int sig)
{
	struct task_struct *t = find_task_by_vpid(tid);
	if (!t || (tgid > 0 && task_tgid_vnr(t) != tgid))
		return -ESRCH;
	siginfo_t info;
	user_info(&info, sig, SI_TKILL, t);
	return kill_task(sig, &info, t, false);
}

long sys_tkill(int tid, int sig)
{
	if (tid <= 0)
		return -EINVAL;
	return do_tkill(0, tid, sig);
}

long sys_tgkill(int tgid, int tid, int sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	return do_tkill(tgid, tid, sig);
}

/*
 * The caller's own siginfo, for rt_sigqueueinfo and rt_tgsigqueueinfo
 * (musl's sigqueue: SI_QUEUE, its pid and uid, the value).  Its si_signo
 * becomes sig.  Not even root may pretend to be the kernel (si_code >= 0)
 * or a tkill, except towards itself: EPERM, before the target is sought
 * (Linux's do_rt_sigqueueinfo).
 */
static long sigqueueinfo_from_user(int pid, int sig, const siginfo_t *uinfo, siginfo_t *info)
{
	if (copy_from_user(info, uinfo, sizeof *info))
		return -EFAULT;
	info->si_signo = sig;
	if ((info->si_code >= 0 || info->si_code == SI_TKILL) && task_pid_vnr(current) != pid)
		return -EPERM;
	return 0;
}

/* To a process (kill's rules, but no process groups: pid <= 0 is ESRCH). */
long sys_rt_sigqueueinfo(int pid, int sig, const siginfo_t *uinfo)
{
	siginfo_t info;
	long err = sigqueueinfo_from_user(pid, sig, uinfo, &info);
	if (err)
		return err;
	struct task_struct *t = pid > 0 ? find_task_by_vpid(pid) : NULL;
	if (!t)
		return -ESRCH;
	return kill_task(sig, &info, t->group_leader, true);
}

/* To one thread of a process, as tgkill. */
long sys_rt_tgsigqueueinfo(int tgid, int tid, int sig, const siginfo_t *uinfo)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	siginfo_t info;
	long err = sigqueueinfo_from_user(tid, sig, uinfo, &info);
	if (err)
		return err;
	struct task_struct *t = find_task_by_vpid(tid);
	if (!t || task_tgid_vnr(t) != tgid)
		return -ESRCH;
	return kill_task(sig, &info, t, false);
}
