/*
 * proc_sys.c - /proc/sys: the kernel's tunables as files, as Linux's
 * kernel/sysctl.c tables served by fs/proc/proc_sysctl.c.
 *
 *   kernel/pid_max        highest pid + 1 (kernel/pid.c honours it)
 *   kernel/ns_last_pid    the last pid handed out in the reader's namespace
 *   kernel/tainted        0: nothing has tainted ushi
 *   kernel/core_pattern   kept for programs that set it (ushi dumps no core)
 *   kernel/shmmax, shmall, shmmni, shm_next_id   System V shm's limits (ipc/shm.c)
 *   vm/max_map_count      areas a process may have (mm/mmap.c)
 *   vm/mmap_min_addr      the lowest address mmap hands out (mm/mmap.c)
 *   fs/nr_open            the highest RLIMIT_NOFILE (fs/file.c, kernel/sys.c)
 *   fs/pipe-max-size      the largest F_SETPIPE_SZ without CAP_SYS_RESOURCE (fs/pipe.c)
 *   fs/pipe-user-pages-hard, -soft   pipe pages an unprivileged user may have (fs/pipe.c)
 *
 * A number reads as "N\n" from offset 0 (a read further on is the end, as
 * Linux's proc_dointvec); a write at offset 0 parses one number, and one
 * out of [min, max] is EINVAL.  Who may write is the file's mode (root,
 * 0644), plus a capability for some files, as Linux.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <pid.h>
#include <pipe.h>
#include <proc.h>
#include <sched.h>
#include <shm.h>
#include <uaccess.h>
#include <uapi/shm.h>

/* One file: its value and how it is read and written. */
struct ctl_table {
	void *data;
	int maxlen;                     /* strings: the buffer's size */
	/* Reads (write false) into buf, at most *lenp bytes, or writes from
	 * buf; sets *lenp to the bytes done.  0 or -errno. */
	int (*proc_handler)(const struct ctl_table *t, bool write, char *buf, size_t *lenp, loff_t *ppos);
	long min, max;
};

/* Parses one decimal number with an optional sign and trailing blanks;
 * with ulong, any unsigned long (returned cast to long), without a sign. */
static int parse_long(const char *buf, long *out, bool ulong)
{
	while (*buf == ' ' || *buf == '\t')
		buf++;
	bool neg = *buf == '-';
	if (neg)
		buf++;
	if (*buf < '0' || *buf > '9')
		return -EINVAL;
	const char *end;
	unsigned long v = simple_strtoul(buf, &end, 10);
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	if (*end || (!ulong && v > (unsigned long)LONG_MAX) || (ulong && neg))
		return -EINVAL;
	*out = neg ? -(long)v : (long)v;
	return 0;
}

/* A number of type int (or unsigned long, with ulong) in [t->min, t->max]. */
static int do_number(const struct ctl_table *t, bool write, char *buf, size_t *lenp,
		     loff_t *ppos, bool ulong)
{
	if (*ppos && !write) {
		*lenp = 0;              /* read at an offset: the end */
		return 0;
	}
	if (!write) {
		char tmp[24];
		long v = ulong ? (long)*(unsigned long *)t->data : *(int *)t->data;
		int n = snprintf(tmp, sizeof tmp, ulong ? "%lu\n" : "%ld\n", v);
		*lenp = MIN(*lenp, (size_t)n);
		memcpy(buf, tmp, *lenp);
		*ppos += *lenp;
		return 0;
	}
	if (*ppos)
		return 0;               /* a write past the start is ignored (writes_strict) */
	long v;
	if (parse_long(buf, &v, ulong))
		return -EINVAL;
	/* An unsigned long's bounds compare unsigned (max -1: any value). */
	if (ulong ? (unsigned long)v < (unsigned long)t->min ||
		    (unsigned long)v > (unsigned long)t->max : v < t->min || v > t->max)
		return -EINVAL;
	if (ulong)
		*(unsigned long *)t->data = v;
	else
		*(int *)t->data = (int)v;
	*ppos += *lenp;
	return 0;
}

static int proc_dointvec_minmax(const struct ctl_table *t, bool write, char *buf, size_t *lenp, loff_t *ppos)
{
	return do_number(t, write, buf, lenp, ppos, false);
}

static int proc_doulongvec_minmax(const struct ctl_table *t, bool write, char *buf, size_t *lenp, loff_t *ppos)
{
	return do_number(t, write, buf, lenp, ppos, true);
}

/* A string: a write replaces it from *ppos (up to a newline), as Linux's
 * _proc_do_string with strict writes; a read gives it and a newline. */
static int proc_dostring(const struct ctl_table *t, bool write, char *buf, size_t *lenp, loff_t *ppos)
{
	char *data = t->data;
	size_t len = strlen(data);
	if (write) {
		if (len > (size_t)t->maxlen - 1)
			len = t->maxlen - 1;
		if ((size_t)*ppos > len)
			return 0;
		len = *ppos;
		for (size_t i = 0; i < *lenp && len < (size_t)t->maxlen - 1; i++) {
			if (buf[i] == 0 || buf[i] == '\n')
				break;
			data[len++] = buf[i];
		}
		data[len] = 0;
		*ppos += *lenp;
		return 0;
	}
	if ((size_t)*ppos > len) {
		*lenp = 0;
		return 0;
	}
	size_t n = MIN(*lenp, len - (size_t)*ppos);
	memcpy(buf, data + *ppos, n);
	if (n < *lenp && (size_t)*ppos + n == len)
		buf[n++] = '\n';
	*lenp = n;
	*ppos += n;
	return 0;
}

/* kernel/ns_last_pid: the reader's namespace; writing needs CAP_SYS_ADMIN. */
static int proc_do_ns_last_pid(const struct ctl_table *t, bool write, char *buf, size_t *lenp, loff_t *ppos)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	if (write && !capable())
		return -EPERM;
	int last = ns->last_pid;
	struct ctl_table tmp = { &last, 0, NULL, 0, pid_max };
	int err = proc_dointvec_minmax(&tmp, write, buf, lenp, ppos);
	if (!err && write)
		ns->last_pid = last;
	(void)t;
	return err;
}

/* kernel/tainted: bits can be added by root, never cleared, as Linux's proc_taint. */
static unsigned long tainted_mask;

static int proc_taint(const struct ctl_table *t, bool write, char *buf, size_t *lenp, loff_t *ppos)
{
	if (write && !capable())
		return -EPERM;
	unsigned long v = tainted_mask;
	struct ctl_table tmp = { &v, 0, NULL, 0, t->max };
	int err = proc_doulongvec_minmax(&tmp, write, buf, lenp, ppos);
	if (!err && write)
		tainted_mask |= v;
	return err;
}

/* vm/mmap_min_addr: writing needs CAP_SYS_RAWIO. */
static int mmap_min_addr_handler(const struct ctl_table *t, bool write, char *buf, size_t *lenp, loff_t *ppos)
{
	if (write && !capable())
		return -EPERM;
	return proc_doulongvec_minmax(t, write, buf, lenp, ppos);
}

/* fs/pipe-max-size: an unsigned int stored rounded as a pipe size
 * (round_pipe_size), EINVAL past 2 GiB, as Linux's proc_dopipe_max_size. */
static int proc_dopipe_max_size(const struct ctl_table *t, bool write, char *buf, size_t *lenp,
				loff_t *ppos)
{
	unsigned long v = *(unsigned int *)t->data;
	struct ctl_table tmp = { &v, 0, NULL, 0, LONG_MAX };
	int err = proc_doulongvec_minmax(&tmp, write, buf, lenp, ppos);
	if (err || !write)
		return err;
	unsigned int size = round_pipe_size(v);
	if (!size)
		return -EINVAL;
	*(unsigned int *)t->data = size;
	return 0;
}

/* kernel/shm_next_id: writing needs CAP_CHECKPOINT_RESTORE (root here). */
static int proc_shm_next_id(const struct ctl_table *t, bool write, char *buf, size_t *lenp, loff_t *ppos)
{
	if (write && !capable())
		return -EPERM;
	return proc_dointvec_minmax(t, write, buf, lenp, ppos);
}

#define CORENAME_MAX_SIZE 128
static char core_pattern[CORENAME_MAX_SIZE] = "core";

static const struct ctl_table pid_max_table = { &pid_max, 0, proc_dointvec_minmax, RESERVED_PIDS + 1, PID_MAX_LIMIT };
static const struct ctl_table ns_last_pid_table = { NULL, 0, proc_do_ns_last_pid, 0, 0 };
static const struct ctl_table tainted_table = { NULL, 0, proc_taint, 0, LONG_MAX };
static const struct ctl_table core_pattern_table = { core_pattern, CORENAME_MAX_SIZE, proc_dostring, 0, 0 };
static const struct ctl_table shmmax_table = { &shm_ctlmax, 0, proc_doulongvec_minmax, 0, -1 };
static const struct ctl_table shmall_table = { &shm_ctlall, 0, proc_doulongvec_minmax, 0, -1 };
static const struct ctl_table shmmni_table = { &shm_ctlmni, 0, proc_dointvec_minmax, 0, IPCMNI };
static const struct ctl_table shm_next_id_table = { &shm_next_id, 0, proc_shm_next_id, 0, INT_MAX };
static const struct ctl_table max_map_count_table = { &sysctl_max_map_count, 0, proc_dointvec_minmax, 0, INT_MAX };
static const struct ctl_table mmap_min_addr_table = { &mmap_min_addr, 0, mmap_min_addr_handler, 0, LONG_MAX };
static const struct ctl_table nr_open_table = { &sysctl_nr_open, 0, proc_dointvec_minmax, NR_OPEN_MIN, NR_OPEN_LIMIT };
static const struct ctl_table pipe_max_size_table = { &pipe_max_size, 0, proc_dopipe_max_size, 0, 0 };
static const struct ctl_table pipe_user_pages_hard_table = { &pipe_user_pages_hard, 0, proc_doulongvec_minmax, 0, LONG_MAX };
static const struct ctl_table pipe_user_pages_soft_table = { &pipe_user_pages_soft, 0, proc_doulongvec_minmax, 0, LONG_MAX };

/* ---- the files and directories ---------------------------------------------------------- */

static ssize_t proc_sys_call_handler(struct file *f, char *ubuf, size_t n, loff_t *pos, bool write)
{
	const struct proc_entry *e = f->f_inode->i_private;
	const struct ctl_table *t = e->data;
	if (n > PAGE_SIZE - 1)
		n = PAGE_SIZE - 1;
	char *buf = kzalloc(PAGE_SIZE);
	if (!buf)
		return -ENOMEM;
	int err = 0;
	if (write && copy_from_user(buf, ubuf, n))
		err = -EFAULT;
	if (!err)
		err = t->proc_handler(t, write, buf, &n, pos);
	if (!err && !write && copy_to_user(ubuf, buf, n))
		err = -EFAULT;
	kfree(buf);
	return err ? err : (ssize_t)n;
}

static ssize_t proc_sys_read(struct file *f, char *ubuf, size_t n, loff_t *pos)
{
	return proc_sys_call_handler(f, ubuf, n, pos, false);
}

static ssize_t proc_sys_write(struct file *f, const char *ubuf, size_t n, loff_t *pos)
{
	return proc_sys_call_handler(f, (char *)ubuf, n, pos, true);
}

static const struct file_operations proc_sys_file_operations = {
	.read = proc_sys_read, .write = proc_sys_write, .llseek = generic_file_llseek,
};

#define SYSCTL(name, mode, table) \
	{ name, S_IFREG | (mode), NULL, NULL, NULL, &proc_sys_file_operations, &(table) }

static const struct proc_entry kernel_entries[] = {
	SYSCTL("core_pattern", 0644, core_pattern_table),
	SYSCTL("ns_last_pid", 0666, ns_last_pid_table),
	SYSCTL("pid_max", 0644, pid_max_table),
	SYSCTL("shm_next_id", 0644, shm_next_id_table),
	SYSCTL("shmall", 0644, shmall_table),
	SYSCTL("shmmax", 0644, shmmax_table),
	SYSCTL("shmmni", 0644, shmmni_table),
	SYSCTL("tainted", 0644, tainted_table),
};
static const struct proc_entry vm_entries[] = {
	SYSCTL("max_map_count", 0644, max_map_count_table),
	SYSCTL("mmap_min_addr", 0644, mmap_min_addr_table),
};
static const struct proc_entry fs_entries[] = {
	SYSCTL("nr_open", 0644, nr_open_table),
	SYSCTL("pipe-max-size", 0644, pipe_max_size_table),
	SYSCTL("pipe-user-pages-hard", 0644, pipe_user_pages_hard_table),
	SYSCTL("pipe-user-pages-soft", 0644, pipe_user_pages_soft_table),
};

static const struct proc_dir kernel_dir = { kernel_entries, ARRAY_SIZE(kernel_entries) };
static const struct proc_dir vm_dir = { vm_entries, ARRAY_SIZE(vm_entries) };
static const struct proc_dir fs_dir = { fs_entries, ARRAY_SIZE(fs_entries) };

static const struct proc_entry sys_entries[] = {
	{ "fs", S_IFDIR | 0555, NULL, NULL, &proc_table_dir_iops, &proc_table_dir_fops, &fs_dir },
	{ "kernel", S_IFDIR | 0555, NULL, NULL, &proc_table_dir_iops, &proc_table_dir_fops, &kernel_dir },
	{ "vm", S_IFDIR | 0555, NULL, NULL, &proc_table_dir_iops, &proc_table_dir_fops, &vm_dir },
};
const struct proc_dir proc_sys_dir = { sys_entries, ARRAY_SIZE(sys_entries) };
