/*
 * capability.c - capget, capset and the capability rules of set*uid,
 * execve and prctl(PR_CAPBSET_*), as Linux's kernel/capability.c and
 * security/commoncap.c without file capabilities, securebits or ambient
 * capabilities.  Each task has its own sets (task_struct, written only by
 * the task itself, so no lock); fork copies them.  Root (init) starts with
 * every capability.
 */
#include <capability.h>
#include <errno.h>
#include <kernel.h>
#include <pid.h>
#include <sched.h>
#include <syscalls.h>
#include <uaccess.h>

#define CAP_U32S 2                      /* _LINUX_CAPABILITY_U32S_3 */

bool has_capability(struct task_struct *t, int cap)
{
	return cap_raised(t->cap_effective, cap);
}

/*
 * The header's version: how many u32 words of each set to copy (1 for
 * version 1, 2 for 2 and 3).  An unknown version gets version 3 written
 * back and EINVAL: that is how a library probes for the kernel's.
 */
static long cap_validate_magic(struct __user_cap_header_struct *header, unsigned *tocopy)
{
	u32 version;
	if (get_user(version, &header->version))
		return -EFAULT;
	switch (version) {
	case _LINUX_CAPABILITY_VERSION_1:
		*tocopy = 1;
		return 0;
	case _LINUX_CAPABILITY_VERSION_2:
	case _LINUX_CAPABILITY_VERSION_3:
		*tocopy = CAP_U32S;
		return 0;
	}
	if (put_user((u32)_LINUX_CAPABILITY_VERSION_3, &header->version))
		return -EFAULT;
	return -EINVAL;
}

/* A NULL data pointer with a bad version is the probe, and succeeds. */
long sys_capget(struct __user_cap_header_struct *header, struct __user_cap_data_struct *data)
{
	unsigned tocopy;
	int pid;
	long ret = cap_validate_magic(header, &tocopy);
	if (!data || ret)
		return (!data && ret == -EINVAL) ? 0 : ret;
	if (get_user(pid, &header->pid))
		return -EFAULT;
	if (pid < 0)
		return -EINVAL;
	struct task_struct *t = current;
	if (pid && pid != task_pid_vnr(current) && !(t = find_task_by_vpid(pid)))
		return -ESRCH;
	struct __user_cap_data_struct k[CAP_U32S];
	for (unsigned i = 0; i < CAP_U32S; i++) {
		k[i].effective = t->cap_effective >> (32 * i);
		k[i].permitted = t->cap_permitted >> (32 * i);
		k[i].inheritable = t->cap_inheritable >> (32 * i);
	}
	return copy_to_user(data, k, tocopy * sizeof k[0]) ? -EFAULT : 0;
}

static kernel_cap_t cap_from_user(const struct __user_cap_data_struct *k, unsigned n, size_t field)
{
	kernel_cap_t c = 0;
	for (unsigned i = 0; i < n; i++)
		c |= (kernel_cap_t)*(const u32 *)((const char *)&k[i] + field) << (32 * i);
	return c & CAP_FULL_SET;
}

/*
 * Only the caller's own sets may change (another pid: EPERM), and only
 * down: the new permitted within the old, the new effective within the
 * new permitted, and the new inheritable within the old inheritable plus
 * the bounding set - and plus the old permitted unless the caller has
 * CAP_SETPCAP (Linux's cap_capset, in its order).
 */
long sys_capset(struct __user_cap_header_struct *header, const struct __user_cap_data_struct *data)
{
	unsigned tocopy;
	int pid;
	long ret = cap_validate_magic(header, &tocopy);
	if (ret)
		return ret;
	if (get_user(pid, &header->pid))
		return -EFAULT;
	if (pid && pid != task_pid_vnr(current))
		return -EPERM;
	struct __user_cap_data_struct k[CAP_U32S];
	if (copy_from_user(k, data, tocopy * sizeof k[0]))
		return -EFAULT;
	kernel_cap_t e = cap_from_user(k, tocopy, offsetof(struct __user_cap_data_struct, effective));
	kernel_cap_t p = cap_from_user(k, tocopy, offsetof(struct __user_cap_data_struct, permitted));
	kernel_cap_t i = cap_from_user(k, tocopy, offsetof(struct __user_cap_data_struct, inheritable));
	struct task_struct *t = current;
	if (!has_capability(t, CAP_SETPCAP) && !cap_issubset(i, t->cap_inheritable | t->cap_permitted))
		return -EPERM;
	if (!cap_issubset(i, t->cap_inheritable | t->cap_bset))
		return -EPERM;
	if (!cap_issubset(p, t->cap_permitted))
		return -EPERM;
	if (!cap_issubset(e, p))
		return -EPERM;
	t->cap_effective = e;
	t->cap_permitted = p;
	t->cap_inheritable = i;
	return 0;
}

/*
 * After set*uid (Linux's cap_emulate_setxuid): leaving uid 0 in all three
 * ids drops the permitted and effective sets; an effective uid leaving 0
 * drops the effective set, one coming back to 0 gets the permitted set.
 */
void cap_fix_setuid(uid_t old_ruid, uid_t old_euid, uid_t old_suid)
{
	struct task_struct *t = current;
	if ((old_ruid == 0 || old_euid == 0 || old_suid == 0) &&
	    t->uid != 0 && t->euid != 0 && t->suid != 0)
		t->cap_permitted = t->cap_effective = 0;
	if (old_euid == 0 && t->euid != 0)
		t->cap_effective = 0;
	if (old_euid != 0 && t->euid == 0)
		t->cap_effective = t->cap_permitted;
}

/* After setfsuid: an fsuid of 0 stands for the file-system capabilities. */
void cap_fix_setfsuid(uid_t old_fsuid)
{
	struct task_struct *t = current;
	if (old_fsuid == 0 && t->fsuid != 0)
		t->cap_effective &= ~CAP_FS_MASK;
	else if (old_fsuid != 0 && t->fsuid == 0)
		t->cap_effective |= t->cap_permitted & CAP_FS_MASK;
}

/*
 * execve, with no file capabilities: a program run by root (real or
 * effective uid 0) gets the bounding set plus the inheritable one as
 * permitted, effective too if the effective uid is 0; anyone else's
 * program starts with none (Linux's cap_bprm_creds_from_file).
 */
void cap_bprm_creds(void)
{
	struct task_struct *t = current;
	if (t->uid == 0 || t->euid == 0)
		t->cap_permitted = t->cap_bset | t->cap_inheritable;
	else
		t->cap_permitted = 0;
	t->cap_effective = t->euid == 0 ? t->cap_permitted : 0;
}

/* prctl(PR_CAPBSET_READ / PR_CAPBSET_DROP): the bounding set only shrinks. */
long cap_prctl_bset(int option, unsigned long cap)
{
	if (option == PR_CAPBSET_READ) {
		if (cap > CAP_LAST_CAP)
			return -EINVAL;
		return cap_raised(current->cap_bset, cap);
	}
	if (!has_capability(current, CAP_SETPCAP))
		return -EPERM;
	if (cap > CAP_LAST_CAP)
		return -EINVAL;
	current->cap_bset &= ~CAP_TO_MASK(cap);
	return 0;
}

/*
 * prctl(PR_GET_SECUREBITS / PR_SET_SECUREBITS), with the checks of Linux's
 * cap_task_prctl: a locked bit may not change, a lock may not be undone,
 * unknown bits and a caller without CAP_SETPCAP are EPERM.
 */
long cap_prctl_securebits(int option, unsigned long bits)
{
	unsigned int old = current->securebits;
	if (option == PR_GET_SECUREBITS)
		return old;
	if ((((old & SECURE_ALL_LOCKS) >> 1) & (old ^ bits)) || (old & SECURE_ALL_LOCKS & ~bits) ||
	    (bits & ~(SECURE_ALL_LOCKS | SECURE_ALL_BITS)) || !has_capability(current, CAP_SETPCAP))
		return -EPERM;
	current->securebits = bits;
	return 0;
}
