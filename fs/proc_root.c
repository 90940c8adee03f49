/*
 * proc_root.c - procfs's mount options, as Linux's fs/proc/root.c.
 *
 * Every mount of "proc" is a super block of its own (its own st_dev),
 * carrying its options in s_fs_info:
 *   hidepid=0|1|2|4 or off|noaccess|invisible|ptraceable
 *             who may see the /proc/PID of others' processes (ushi
 *             enforces "invisible" and above: a process the reader may
 *             not trace has no /proc/PID at all)
 *   gid=N     a group exempt from hidepid
 *   subset=pid  only the process directories, self and thread-self
 * The same parser serves mount(2)'s "a=b,c" string and fsconfig's one
 * key at a time.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <sched.h>
#include <uaccess.h>

/* hidepid's value, a number or its name; -1 if neither. */
static int parse_hidepid(const char *val)
{
	static const char *const names[] = { "off", "noaccess", "invisible", NULL, "ptraceable" };
	const char *end;
	unsigned long n = simple_strtoul(val, &end, 10);
	if (*val && !*end)
		return n <= HIDEPID_INVISIBLE ? (int)n : -1;    /* "4" is refused, as Linux */
	for (int i = 0; i < (int)ARRAY_SIZE(names); i++)
		if (names[i] && !strcmp(val, names[i]))
			return i;
	return -1;
}

/* subset's value: comma-separated words, of which Linux knows only "pid". */
static int parse_subset(struct proc_fs_info *fi, const char *val)
{
	while (*val) {
		const char *end = strchr(val, ',');
		size_t len = end ? (size_t)(end - val) : strlen(val);
		if (len == 3 && !strncmp(val, "pid", 3))
			fi->pidonly = true;
		else if (len)
			return -EINVAL;
		val += len + (end != NULL);
	}
	return 0;
}

/*
 * Applies one option (val NULL for a bare flag) to fi; -EINVAL for a key
 * procfs does not know or a value it refuses, as Linux's proc_parse_param.
 */
int proc_parse_param(struct proc_fs_info *fi, const char *key, const char *val)
{
	if (!strcmp(key, "hidepid")) {
		int h = val ? parse_hidepid(val) : -1;
		if (h < 0)
			return -EINVAL;
		fi->hide_pid = h;
		return 0;
	}
	if (!strcmp(key, "gid")) {
		const char *end;
		unsigned long g = val ? simple_strtoul(val, &end, 10) : 0;
		if (!val || !*val || *end || g > 0xffffffffUL)
			return -EINVAL;
		fi->pid_gid = (gid_t)g;
		return 0;
	}
	if (!strcmp(key, "subset"))
		return val ? parse_subset(fi, val) : -EINVAL;
	return -EINVAL;
}

/* mount(2)'s data: "key=value,flag,..." (a kernel copy, cut up in place). */
int proc_parse_options(struct proc_fs_info *fi, char *data)
{
	while (data && *data) {
		char *next = strchr(data, ',');
		if (next)
			*next++ = 0;
		char *eq = strchr(data, '=');
		if (eq)
			*eq++ = 0;
		if (*data) {
			int err = proc_parse_param(fi, data, eq);
			if (err)
				return err;
		}
		data = next;
	}
	return 0;
}

static const struct proc_fs_info *proc_info(struct super_block *sb)
{
	return sb->s_fs_info;
}

/*
 * May the reader see t's /proc/PID on this mount?  Always, unless the
 * mount hides pids (hidepid=invisible or ptraceable) and the reader
 * neither is in its gid (default 0), nor has CAP_SYS_ADMIN, nor runs as t's user
 * (Linux asks ptrace_may_access, whose answer these are in ushi).
 */
bool proc_pid_visible(struct super_block *sb, struct task_struct *t)
{
	const struct proc_fs_info *fi = proc_info(sb);
	if (!fi || fi->hide_pid < HIDEPID_INVISIBLE)
		return true;
	if (current->fsgid == fi->pid_gid)
		return true;            /* Linux's in_group_p: ushi has no supplementary groups */
	return capable() || (current->fsuid == t->uid && current->fsuid == t->euid);
}

/* Does this mount show only the process directories (subset=pid)? */
bool proc_pid_only(struct super_block *sb)
{
	const struct proc_fs_info *fi = proc_info(sb);
	return fi && fi->pidonly;
}

/* *out: a new procfs super block for mount(2)'s data (a user string of
 * options, or NULL); Linux reads at most a page of it. */
int proc_mount_data(const void *udata, struct super_block **out)
{
	struct proc_fs_info fi = { 0 };
	*out = NULL;
	if (udata) {
		char *buf = kmalloc(PAGE_SIZE);
		if (!buf)
			return -ENOMEM;
		long n = strncpy_from_user(buf, udata, PAGE_SIZE);
		buf[PAGE_SIZE - 1] = 0;
		int err = n < 0 ? (int)n : proc_parse_options(&fi, buf);
		kfree(buf);
		if (err)
			return err;
	}
	*out = proc_new_sb(&fi);
	return *out ? 0 : -ENOMEM;
}
