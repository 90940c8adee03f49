/*
 * sys.c - the small system calls about the process itself: ids,
 * credentials, process groups and sessions, limits, uname, sysinfo,
 * prctl, arch_prctl, and the scheduler queries musl makes.
 */
#include <asm.h>
#include <errno.h>
#include <fs.h>
#include <fsgsbase.h>
#include <kernel.h>
#include <mm.h>
#include <nsproxy.h>
#include <pid.h>
#include <sched.h>
#include <syscalls.h>
#include <time.h>
#include <uaccess.h>
#include <uapi/misc.h>

unsigned long rlimit(int res)
{
	return current->signal->rlim[res].rlim_cur;
}

/* Linux's defaults for init (and so, by inheritance, for everyone); as
 * Linux's fork_init, NPROC and SIGPENDING are half of threads-max. */
void init_rlimits(struct rlimit64 *r)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		r[i].rlim_cur = r[i].rlim_max = RLIM_INFINITY;
	r[RLIMIT_STACK].rlim_cur = 8 << 20;
	r[RLIMIT_CORE].rlim_cur = 0;
	r[RLIMIT_NPROC].rlim_cur = r[RLIMIT_NPROC].rlim_max = max_threads / 2;
	r[RLIMIT_NOFILE].rlim_cur = 1024;
	r[RLIMIT_NOFILE].rlim_max = 4096;
	r[RLIMIT_MEMLOCK].rlim_cur = r[RLIMIT_MEMLOCK].rlim_max = 8 << 20;
	r[RLIMIT_SIGPENDING] = r[RLIMIT_NPROC];
	r[RLIMIT_MSGQUEUE].rlim_cur = r[RLIMIT_MSGQUEUE].rlim_max = 819200;
	r[RLIMIT_NICE].rlim_cur = r[RLIMIT_NICE].rlim_max = 0;
	r[RLIMIT_RTPRIO].rlim_cur = r[RLIMIT_RTPRIO].rlim_max = 0;
}

long sys_getpid(void) { return task_tgid_vnr(current); }
long sys_gettid(void) { return task_pid_vnr(current); }
long sys_getppid(void) { return task_ppid_vnr(current); }
long sys_getuid(void) { return current->uid; }
long sys_geteuid(void) { return current->euid; }
long sys_getgid(void) { return current->gid; }
long sys_getegid(void) { return current->egid; }

/* ---- credentials ------------------------------------------------------------------ */

static bool uid_ok(uid_t id, struct task_struct *t)
{
	return id == t->uid || id == t->euid || id == t->suid;
}

/*
 * A new real uid whose user already has more tasks than RLIMIT_NPROC
 * allows: the change is made (set*uid fails no more, since Linux 3.1),
 * but the next execve fails with EAGAIN unless the user has dropped below
 * the limit by then (Linux's flag_nproc_exceeded).  Root is never held.
 */
static void flag_nproc_exceeded(uid_t uid)
{
	if (uid != 0 && nr_tasks_of_user(uid) > rlimit(RLIMIT_NPROC))
		current->flags |= PF_NPROC_EXCEEDED;
	else
		current->flags &= ~PF_NPROC_EXCEEDED;
}

long sys_setresuid(uid_t r, uid_t e, uid_t s)
{
	struct task_struct *t = current;
	if (!capable() && ((r != (uid_t)-1 && !uid_ok(r, t)) || (e != (uid_t)-1 && !uid_ok(e, t)) ||
			   (s != (uid_t)-1 && !uid_ok(s, t))))
		return -EPERM;
	if (r != (uid_t)-1 && r != t->uid)
		flag_nproc_exceeded(r);
	uid_t old_r = t->uid, old_e = t->euid, old_s = t->suid;
	if (r != (uid_t)-1)
		t->uid = r;
	if (e != (uid_t)-1)
		t->euid = e;
	if (s != (uid_t)-1)
		t->suid = s;
	t->fsuid = t->euid;
	cap_fix_setuid(old_r, old_e, old_s);
	return 0;
}

static bool gid_ok(gid_t id, struct task_struct *t)
{
	return id == t->gid || id == t->egid || id == t->sgid;
}

long sys_setresgid(gid_t r, gid_t e, gid_t s)
{
	struct task_struct *t = current;
	if (!capable() && ((r != (gid_t)-1 && !gid_ok(r, t)) || (e != (gid_t)-1 && !gid_ok(e, t)) ||
			   (s != (gid_t)-1 && !gid_ok(s, t))))
		return -EPERM;
	if (r != (gid_t)-1)
		t->gid = r;
	if (e != (gid_t)-1)
		t->egid = e;
	if (s != (gid_t)-1)
		t->sgid = s;
	t->fsgid = t->egid;
	return 0;
}

/* setuid: root sets all three ids; others may only switch the effective id. */
long sys_setuid(uid_t uid)
{
	if (capable())
		return sys_setresuid(uid, uid, uid);
	if (uid != current->uid && uid != current->suid)
		return -EPERM;
	return sys_setresuid(-1, uid, -1);
}

long sys_setgid(gid_t gid)
{
	if (capable())
		return sys_setresgid(gid, gid, gid);
	if (gid != current->gid && gid != current->sgid)
		return -EPERM;
	return sys_setresgid(-1, gid, -1);
}

long sys_setreuid(uid_t r, uid_t e)
{
	uid_t s = (r != (uid_t)-1 || (e != (uid_t)-1 && e != current->uid)) ?
		  (e != (uid_t)-1 ? e : current->euid) : (uid_t)-1;
	return sys_setresuid(r, e, s);
}

long sys_setregid(gid_t r, gid_t e)
{
	gid_t s = (r != (gid_t)-1 || (e != (gid_t)-1 && e != current->gid)) ?
		  (e != (gid_t)-1 ? e : current->egid) : (gid_t)-1;
	return sys_setresgid(r, e, s);
}

long sys_getresuid(uid_t *r, uid_t *e, uid_t *s)
{
	if (put_user(current->uid, r) || put_user(current->euid, e) || put_user(current->suid, s))
		return -EFAULT;
	return 0;
}

long sys_getresgid(gid_t *r, gid_t *e, gid_t *s)
{
	if (put_user(current->gid, r) || put_user(current->egid, e) || put_user(current->sgid, s))
		return -EFAULT;
	return 0;
}

/* Supplementary groups are not kept: setgroups needs root and is accepted. */
/* ushi keeps no supplementary groups, but the list is read all the same,
 * so that a bad one gets Linux's EFAULT. */
long sys_setgroups(int size, const gid_t *list)
{
	if (!capable())
		return -EPERM;
	if (size < 0 || size > 65536)
		return -EINVAL;
	for (int i = 0; i < size; i++) {
		gid_t g;
		if (get_user(g, list + i))
			return -EFAULT;
	}
	return 0;
}

long sys_getgroups(int size, gid_t *list __unused)
{
	return size < 0 ? -EINVAL : 0;
}

long sys_setfsuid(uid_t uid)
{
	uid_t old = current->fsuid;
	if (capable() || uid_ok(uid, current)) {
		current->fsuid = uid;
		cap_fix_setfsuid(old);
	}
	return old;
}

long sys_setfsgid(gid_t gid)
{
	gid_t old = current->fsgid;
	if (capable() || gid_ok(gid, current))
		current->fsgid = gid;
	return old;
}

/* ---- process groups and sessions ---------------------------------------------- */

long sys_setpgid(int pid, int pgid)
{
	struct task_struct *leader = current->group_leader;
	if (!pid)
		pid = task_tgid_vnr(current);
	if (!pgid)
		pgid = pid;
	if (pgid < 0)
		return -EINVAL;
	struct task_struct *p = find_task_by_vpid(pid);
	if (!p || !thread_group_leader(p))
		return -ESRCH;
	if (p->real_parent->signal == current->signal) {        /* one of our children */
		if (task_session(p) != task_session(leader))
			return -EPERM;
		if (!(p->flags & PF_FORKNOEXEC))
			return -EACCES;
	} else if (p != leader) {
		return -ESRCH;
	}
	if (task_session(p) == p->thread_pid)
		return -EPERM;          /* a session leader cannot move */
	struct pid *pg = p->thread_pid;
	if (pgid != pid) {
		pg = find_vpid(pgid);
		struct task_struct *q, *member = NULL;
		for_each_process(q)
			if (pg && task_pgrp(q) == pg) {
				member = q;
				break;
			}
		if (!member || task_session(member) != task_session(leader))
			return -EPERM;
	}
	if (task_pgrp(p) != pg) {
		struct pid *old = p->signal->pids_pgid;
		p->signal->pids_pgid = attach_pid(pg);
		detach_pid(old);
	}
	return 0;
}

static struct task_struct *task_or_self(int pid)
{
	return pid ? find_task_by_vpid(pid) : current;
}

long sys_getpgid(int pid)
{
	struct task_struct *p = task_or_self(pid);
	return p ? pid_vnr(task_pgrp(p)) : -ESRCH;
}

long sys_getpgrp(void)
{
	return pid_vnr(task_pgrp(current));
}

long sys_getsid(int pid)
{
	struct task_struct *p = task_or_self(pid);
	return p ? pid_vnr(task_session(p)) : -ESRCH;
}

long sys_setsid(void)
{
	struct pid *me = task_tgid(current);
	struct task_struct *q;
	for_each_process(q)
		if (task_pgrp(q) == me)
			return -EPERM;          /* already a process group leader */
	struct signal_struct *sig = current->signal;
	detach_pid(sig->pids_pgid);
	detach_pid(sig->pids_sid);
	sig->pids_pgid = attach_pid(me);
	sig->pids_sid = attach_pid(me);
	return pid_vnr(me);
}

/* ---- limits and usage ---------------------------------------------------------------- */

long sys_prlimit64(int pid, unsigned int res, const struct rlimit64 *unew, struct rlimit64 *uold)
{
	struct rlimit64 new;
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (unew) {
		if (copy_from_user(&new, unew, sizeof new))
			return -EFAULT;
		if (new.rlim_cur > new.rlim_max)
			return -EINVAL;
	}
	struct task_struct *t = task_or_self(pid);
	if (!t)
		return -ESRCH;
	struct rlimit64 *r = &t->signal->rlim[res];
	struct rlimit64 old = *r;
	if (unew) {
		if (new.rlim_max > r->rlim_max && !capable())
			return -EPERM;
		if (res == RLIMIT_NOFILE && new.rlim_max > (unsigned long)sysctl_nr_open)
			return -EPERM;
		*r = new;
	}
	if (uold && copy_to_user(uold, &old, sizeof old))
		return -EFAULT;
	return 0;
}

/* Unlike prlimit64's, their pointer is not optional: NULL is EFAULT.  As
 * Linux, getrlimit checks the resource first and setrlimit reads first. */
long sys_getrlimit(unsigned int res, struct rlimit64 *u)
{
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	return copy_to_user(u, &current->signal->rlim[res], sizeof *u) ? -EFAULT : 0;
}

long sys_setrlimit(unsigned int res, const struct rlimit64 *u)
{
	struct rlimit64 new;
	if (copy_from_user(&new, u, sizeof new))
		return -EFAULT;
	return sys_prlimit64(0, res, u, NULL);
}

long sys_getrusage(int who, struct rusage *uru)
{
	struct rusage ru;
	memset(&ru, 0, sizeof ru);
	u64 ns = 0;
	unsigned long flt = 0;
	struct task_struct *t;
	switch (who) {
	case RUSAGE_SELF:
		for_each_thread(current, t) {
			ns += t->utime + t->stime + (t == current ? ktime_get_ns() - t->last_switch_ns : 0);
			flt += t->min_flt;
		}
		break;
	case RUSAGE_THREAD:
		ns = current->utime + ktime_get_ns() - current->last_switch_ns;
		flt = current->min_flt;
		break;
	case RUSAGE_CHILDREN:
		ns = current->signal->cutime;
		flt = current->signal->cmin_flt;
		break;
	default:
		return -EINVAL;
	}
	ru.ru_utime.tv_sec = ns / NSEC_PER_SEC;
	ru.ru_utime.tv_usec = ns % NSEC_PER_SEC / 1000;
	ru.ru_minflt = flt;
	return copy_to_user(uru, &ru, sizeof ru) ? -EFAULT : 0;
}

long sys_times(void *ubuf)
{
	long t[4] = { (long)(current->utime / (NSEC_PER_SEC / 100)), 0,
		      (long)(current->signal->cutime / (NSEC_PER_SEC / 100)), 0 };
	if (ubuf && copy_to_user(ubuf, t, sizeof t))
		return -EFAULT;
	return (long)(jiffies / (HZ / 100));
}

long sys_sysinfo(struct sysinfo *uinfo)
{
	struct sysinfo si;
	memset(&si, 0, sizeof si);
	si.uptime = ktime_get_ns() / NSEC_PER_SEC;
	si.totalram = totalram_pages * PAGE_SIZE;
	si.freeram = nr_free_pages * PAGE_SIZE;
	si.procs = nr_threads;
	si.mem_unit = 1;
	return copy_to_user(uinfo, &si, sizeof si) ? -EFAULT : 0;
}

/* ---- names ---------------------------------------------------------------------------- */

/*
 * Under UNAME26 the release reads "2.6.(60 + minor)" then whatever follows
 * the version's digits ("6.1.0-ushi": "2.6.61-ushi"), for programs that
 * know no 3.x and later (Linux's override_release); the rest of the field
 * stays zero, so no byte of the kernel leaks.
 */
static void override_release(char *release)
{
	if (!(current->personality & UNAME26))
		return;
	const char *rest = release, *dot = strchr(release, '.');
	unsigned minor = 0;
	for (int ndots = 0; *rest; rest++) {
		if (*rest == '.' && ++ndots >= 3)
			break;
		if ((*rest < '0' || *rest > '9') && *rest != '.')
			break;
	}
	for (const char *d = dot ? dot + 1 : ""; *d >= '0' && *d <= '9'; d++)
		minor = minor * 10 + (*d - '0');
	char buf[__NEW_UTS_LEN + 1];
	snprintf(buf, sizeof buf, "2.6.%u%s", minor + 60, rest);
	memset(release, 0, __NEW_UTS_LEN + 1);
	strlcpy(release, buf, __NEW_UTS_LEN + 1);
}

long sys_uname(struct new_utsname *u)
{
	struct new_utsname name = current->nsproxy->uts_ns->name;
	override_release(name.release);
	return copy_to_user(u, &name, sizeof *u) ? -EFAULT : 0;
}

static long set_uts_field(char *field, const char *uname, int len)
{
	char tmp[__NEW_UTS_LEN + 1];
	if (!capable())
		return -EPERM;
	if (len < 0 || len > __NEW_UTS_LEN)
		return -EINVAL;
	if (copy_from_user(tmp, uname, len))
		return -EFAULT;
	memcpy(field, tmp, len);
	field[len] = 0;
	return 0;
}

long sys_sethostname(const char *name, int len)
{
	return set_uts_field(current->nsproxy->uts_ns->name.nodename, name, len);
}

long sys_setdomainname(const char *name, int len)
{
	return set_uts_field(current->nsproxy->uts_ns->name.domainname, name, len);
}

static bool is_descendant(struct task_struct *p, struct signal_struct *ancestor)
{
	for (; p != &init_task; p = p->real_parent)
		if (p->real_parent->signal == ancestor)
			return true;
	return false;
}

/* A new subreaper: every process below it now has one above. */
static void propagate_has_child_subreaper(void)
{
	struct task_struct *p;
	for_each_process(p)
		if (!p->signal->has_child_subreaper && is_descendant(p, current->signal))
			p->signal->has_child_subreaper = true;
}

long sys_prctl(int option, unsigned long a2, unsigned long a3 __unused,
	       unsigned long a4 __unused, unsigned long a5 __unused)
{
	char name[TASK_COMM_LEN];
	switch (option) {
	case PR_SET_NAME:
		if (strncpy_from_user(name, (const char *)a2, TASK_COMM_LEN - 1) < 0)
			return -EFAULT;
		name[TASK_COMM_LEN - 1] = 0;
		strlcpy(current->comm, name, TASK_COMM_LEN);
		return 0;
	case PR_GET_NAME:
		return copy_to_user((void *)a2, current->comm, TASK_COMM_LEN) ? -EFAULT : 0;
	case PR_SET_PDEATHSIG:
		if (a2 > _NSIG)
			return -EINVAL;
		current->pdeath_signal = a2;
		return 0;
	case PR_GET_PDEATHSIG:
		return put_user(current->pdeath_signal, (int *)a2);
	case PR_GET_DUMPABLE:
		return current->mm ? current->mm->dumpable : SUID_DUMP_DISABLE;
	case PR_SET_DUMPABLE:
		if (a2 != SUID_DUMP_DISABLE && a2 != SUID_DUMP_USER)
			return -EINVAL;
		current->mm->dumpable = a2;
		return 0;
	case PR_SET_CHILD_SUBREAPER:
		current->signal->is_child_subreaper = a2 != 0;
		if (a2)
			propagate_has_child_subreaper();
		return 0;
	case PR_GET_CHILD_SUBREAPER:
		return put_user((int)current->signal->is_child_subreaper, (int *)a2);
	case PR_CAPBSET_READ:
	case PR_CAPBSET_DROP:
		return cap_prctl_bset(option, a2);
	case PR_GET_SECUREBITS:
	case PR_SET_SECUREBITS:
		return cap_prctl_securebits(option, a2);
	case PR_GET_TSC:
		return get_tsc_mode(a2);
	case PR_SET_TSC:
		return set_tsc_mode(a2);
	case PR_SET_TIMERSLACK:         /* kept and reported; ushi's timers have no slack */
		current->timer_slack_ns = a2 ? a2 : current->default_timer_slack_ns;
		return 0;
	case PR_GET_TIMERSLACK:
		return current->timer_slack_ns;
	}
	return -EINVAL;
}

long sys_arch_prctl(int code, unsigned long addr)
{
	switch (code) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		if (addr >= TASK_SIZE_MAX)
			return -EPERM;
		/* The selector goes to 0 too: a nonzero one would give its own base. */
		if (code == ARCH_SET_FS) {
			loadseg(FS, 0);
			current->thread.fsbase = addr;
			wrmsr(MSR_FS_BASE, addr);
		} else {
			loadseg(GS, 0);
			current->thread.gsbase = addr;
			wrmsr(MSR_KERNEL_GS_BASE, addr);   /* the user's, while swapgs'd */
		}
		return 0;
	case ARCH_GET_FS:
		return put_user(x86_fsbase_read_task(current), (unsigned long *)addr);
	case ARCH_GET_GS:
		return put_user(x86_gsbase_read_task(current), (unsigned long *)addr);
	}
	return -EINVAL;
}

long sys_getpriority(int which, int who __unused)
{
	return which < 0 || which > 2 ? -EINVAL : 20;   /* nice 0, as the raw syscall encodes it */
}

long sys_setpriority(int which, int who __unused, int prio __unused)
{
	return which < 0 || which > 2 ? -EINVAL : 0;
}
