/*
 * ptrace.c - who may look into or reach into another process.  There is
 * no ptrace(2) yet; its permission rule serves pidfd_getfd and kcmp.
 */
#include <capability.h>
#include <mm.h>
#include <sched.h>
#include <uapi/misc.h>

/*
 * May the caller reach into t as ptrace would (Linux's ptrace_may_access
 * with PTRACE_MODE_REALCREDS, attach or read alike: no LSM)?  Its
 * own threads, yes; else its real ids must be all of t's ids and t
 * dumpable, or it has CAP_SYS_PTRACE.
 */
bool ptrace_may_access(struct task_struct *t)
{
	if (t->signal == current->signal)
		return true;
	bool ptrace_cap = cap_raised(current->cap_effective, CAP_SYS_PTRACE);
	uid_t u = current->uid;
	gid_t g = current->gid;
	if (!(u == t->uid && u == t->euid && u == t->suid && g == t->gid && g == t->egid &&
	      g == t->sgid) && !ptrace_cap)
		return false;
	return ptrace_cap || !t->mm || t->mm->dumpable == SUID_DUMP_USER;
}
