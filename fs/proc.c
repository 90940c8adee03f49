/*
 * proc.c - procfs, mounted on /proc: files whose contents the kernel
 * writes when they are opened.
 *
 * Each entry has a show() that prints its text into a buffer at open;
 * read() then serves from that buffer, so a reader sees one consistent
 * snapshot, and a read that starts again at offset 0 (after lseek, or a
 * pread) prints it afresh, as Linux's seq_file does: a program may keep
 * /proc/meminfo open and re-read it.  The directory of a process
 * (/proc/PID) is made up on lookup from its pid (proc_pid.c).
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <odf.h>
#include <pid.h>
#include <proc.h>
#include <sched.h>
#include <time.h>
#include <tlbflush.h>
#include <trace.h>
#include <uaccess.h>
#include <uapi/statfs.h>

/* ---- the seq_file-like buffer --------------------------------------------------------- */

/* Doubles s's buffer; false (and s->overflow) when memory is short. */
static bool seq_grow(struct seq_buf *s)
{
	size_t size = s->size * 2;
	char *b = kmalloc(size);
	if (!b) {
		s->overflow = true;
		return false;
	}
	memcpy(b, s->buf, s->len);
	kfree(s->buf);
	s->buf = b;
	s->size = size;
	return true;
}

void seq_printf(struct seq_buf *s, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(s->buf + s->len, s->size - s->len, fmt, ap);
		va_end(ap);
		if (s->len + n < s->size) {
			s->len += n;
			return;
		}
		if (!seq_grow(s))               /* grow and print again */
			return;
	}
}

/* One byte, NUL included (cmdline and environ are NUL-separated). */
void seq_putc(struct seq_buf *s, char c)
{
	if (s->len + 1 >= s->size && !seq_grow(s))
		return;
	s->buf[s->len++] = c;
}

/* Prints the entry's text into s, from its start. */
static int seq_fill(struct seq_buf *s, struct file *f)
{
	struct inode *inode = f->f_inode;
	const struct proc_entry *e = inode->i_private;
	s->dentry = f->f_path.dentry;
	s->len = 0;
	s->overflow = false;
	s->served = false;
	int err = e->show ? e->show(s, (struct pid *)inode->i_private2) : 0;
	if (!err && s->overflow)
		err = -ENOMEM;
	if (err) {
		s->len = 0;             /* no half text; the next read at 0 tries again */
		s->served = true;
	}
	return err;
}

static struct seq_buf *seq_alloc(void)
{
	struct seq_buf *s = kzalloc(sizeof *s);
	if (!s)
		return NULL;
	s->size = 1024;
	s->buf = kmalloc(s->size);
	if (!s->buf) {
		kfree(s);
		return NULL;
	}
	return s;
}

static int seq_open(struct inode *inode __unused, struct file *f)
{
	struct seq_buf *s = seq_alloc();
	if (!s)
		return -ENOMEM;
	int err = seq_fill(s, f);
	if (err) {
		kfree(s->buf);
		kfree(s);
		return err;
	}
	f->private_data = s;
	return 0;
}

/* For files that describe the reader's own call (/proc/self/syscall):
 * nothing is printed at open; the first read prints it, as Linux's
 * seq_file prints every file. */
static int seq_open_fresh(struct inode *inode __unused, struct file *f)
{
	struct seq_buf *s = seq_alloc();
	if (!s)
		return -ENOMEM;
	s->served = true;               /* the first read, at 0, prints it */
	f->private_data = s;
	return 0;
}

static ssize_t seq_read(struct file *f, char *ubuf, size_t n, loff_t *pos)
{
	struct seq_buf *s = f->private_data;
	if (*pos == 0 && s->served) {
		int err = seq_fill(s, f);
		if (err)
			return err;
	}
	s->served = true;
	if (*pos >= (loff_t)s->len)
		return 0;
	n = MIN(n, s->len - (size_t)*pos);
	if (copy_to_user(ubuf, s->buf + *pos, n))
		return -EFAULT;
	*pos += n;
	return n;
}

static ssize_t seq_write(struct file *f, const char *ubuf, size_t n, loff_t *pos __unused)
{
	const struct proc_entry *e = f->f_inode->i_private;
	char buf[64];
	if (!e->write)
		return -EIO;
	size_t len = MIN(n, sizeof buf - 1);
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;
	int err = e->write(buf);
	return err ? err : (ssize_t)n;
}

/* SEEK_SET and SEEK_CUR only: a generated file has no end to seek from (Linux's seq_lseek). */
static loff_t seq_lseek(struct file *f, loff_t off, int whence)
{
	loff_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? f->f_pos : -1;
	if (base < 0 || base + off < 0)
		return -EINVAL;
	return f->f_pos = base + off;
}

static void seq_release(struct inode *inode __unused, struct file *f)
{
	struct seq_buf *s = f->private_data;
	if (s) {
		kfree(s->buf);
		kfree(s);
	}
}

const struct file_operations proc_seq_fops = {
	.open = seq_open,
	.read = seq_read,
	.write = seq_write,
	.llseek = seq_lseek,
	.release = seq_release,
};

const struct file_operations proc_seq_fresh_fops = {
	.open = seq_open_fresh,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = seq_release,
};

/* ---- inodes and directories ---------------------------------------------------------- */

static void proc_evict(struct inode *inode)
{
	put_pid((struct pid *)inode->i_private2);
}

/* A new inode of sb for entry e, of pid's directory (pid NULL: none). */
struct inode *proc_get_inode(struct super_block *sb, const struct proc_entry *e, struct pid *pid)
{
	struct inode *inode = new_inode(sb, e->mode);
	if (!inode)
		return NULL;
	inode->i_private = (void *)e;
	inode->i_private2 = (unsigned long)get_pid(pid);
	inode->i_op = e->iops;
	inode->i_fop = e->fops ? e->fops : S_ISDIR(e->mode) ? NULL : &proc_seq_fops;
	if (S_ISDIR(e->mode))
		inode->i_nlink = 2;
	struct task_struct *t = pid_task(pid);
	if (t) {
		inode->i_uid = t->euid;
		inode->i_gid = t->egid;
	} else {
		inode->i_uid = inode->i_gid = 0;
	}
	return inode;
}

/* Looks name up in a table of entries, for a directory of pid (or none). */
int proc_lookup_table(const struct proc_entry *tab, int n, struct dentry *d, struct pid *pid)
{
	for (int i = 0; i < n; i++) {
		if (strcmp(tab[i].name, d->d_name) == 0) {
			struct inode *inode = proc_get_inode(d->d_sb, &tab[i], pid);
			if (!inode)
				return -ENOMEM;
			d_instantiate(d, inode);
			return 0;
		}
	}
	return -ENOENT;
}

/* Lists ".", ".." and a table of entries; returns the next position. */
bool proc_iterate_table(const struct proc_entry *tab, int n, struct file *f, struct dir_context *ctx)
{
	struct dentry *dir = f->f_path.dentry;
	if (ctx->pos == 0) {
		if (!ctx->actor(ctx, ".", 1, 1, dir->d_inode->i_ino, DT_DIR))
			return false;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->actor(ctx, "..", 2, 2, dir->d_parent->d_inode->i_ino, DT_DIR))
			return false;
		ctx->pos = 2;
	}
	for (int i = ctx->pos - 2; i < n; i++) {
		if (!ctx->actor(ctx, tab[i].name, strlen(tab[i].name), i + 3, 0x1000 + i,
				dt_type(tab[i].mode)))
			return false;
		ctx->pos = i + 3;
	}
	return true;
}

ssize_t proc_dir_read(struct file *f __unused, char *u __unused, size_t n __unused, loff_t *p __unused)
{
	return -EISDIR;
}

/* A directory whose entry's data is a struct proc_dir: its table. */
static int table_dir_lookup(struct inode *dir, struct dentry *d)
{
	const struct proc_dir *pd = ((const struct proc_entry *)dir->i_private)->data;
	return proc_lookup_table(pd->entries, pd->n, d, NULL);
}

static int table_dir_iterate(struct file *f, struct dir_context *ctx)
{
	const struct proc_dir *pd = ((const struct proc_entry *)f->f_inode->i_private)->data;
	proc_iterate_table(pd->entries, pd->n, f, ctx);
	return 0;
}

const struct inode_operations proc_table_dir_iops = { .lookup = table_dir_lookup };
const struct file_operations proc_table_dir_fops = { .read = proc_dir_read, .iterate = table_dir_iterate };

/* ---- the files in /proc itself ---------------------------------------------------------- */

static int show_meminfo(struct seq_buf *s, struct pid *pid __unused)
{
	seq_printf(s, "MemTotal:       %8lu kB\n", totalram_pages * 4);
	seq_printf(s, "MemFree:        %8lu kB\n", nr_free_pages * 4);
	seq_printf(s, "MemAvailable:   %8lu kB\n", nr_free_pages * 4);
	return 0;
}

static int show_uptime(struct seq_buf *s, struct pid *pid __unused)
{
	u64 ns = ktime_get_ns();
	seq_printf(s, "%lu.%02lu 0.00\n", (unsigned long)(ns / NSEC_PER_SEC),
		   (unsigned long)(ns % NSEC_PER_SEC / 10000000));
	return 0;
}

/* Linux's format: three load averages (ushi keeps none: 0.00), the
 * runnable and all threads, and the last pid handed out in the reader's
 * pid namespace. */
static int show_loadavg(struct seq_buf *s, struct pid *pid __unused)
{
	int running = 0;
	struct task_struct *p, *t;
	for_each_process(p)
		for_each_thread(p, t)
			running += t->state == TASK_RUNNING && !t->exit_state;
	seq_printf(s, "0.00 0.00 0.00 %d/%d %d\n", running, nr_threads,
		   task_active_pid_ns(current)->last_pid);
	return 0;
}

static int show_ushi_stat(struct seq_buf *s, struct pid *pid __unused)
{
	seq_printf(s, "zero_fill %lu\nzero_page %lu\ncow_copy %lu\ncow_reuse %lu\n",
		   vm_events.zero_fill, vm_events.zero_page, vm_events.cow_copy, vm_events.cow_reuse);
	seq_printf(s, "file_read %lu\nfile_cow %lu\nsegv %lu\noom %lu\nfork_wrprotect %lu\n",
		   vm_events.file_read, vm_events.file_cow, vm_events.segv, vm_events.oom,
		   vm_events.forks_pages);
	seq_printf(s, "pt_shared %lu\npt_unshared_copy %lu\npt_unshared_reuse %lu\npt_dropped %lu\n"
		   "pt_freed %lu\npt_shared_now %lu\n", odf_counts.tables_shared, odf_counts.unshared_copy,
		   odf_counts.unshared_reuse, odf_counts.tables_dropped, odf_counts.tables_freed,
		   nr_shared_tables);
	seq_printf(s, "frames_total %lu\nframes_free %lu\nframes_used %lu\ntasks %d\n",
		   totalram_pages, nr_free_pages, totalram_pages - nr_free_pages, nr_threads);
	seq_printf(s, "time_syscalls %lu\n", time_syscalls);
	seq_printf(s, "tlb_shootdowns %lu\ntlb_ipis_sent %lu\ntlb_pages_flushed %lu\ntlb_full_flushes %lu\n",
		   tlb_counts.shootdowns, tlb_counts.ipis_sent, tlb_counts.pages_flushed,
		   tlb_counts.full_flushes);
	return 0;
}


/* What is on, as the words trace= takes ("cow fault"), or "off": what a
 * reader gets can be written back. */
static int show_trace(struct seq_buf *s, struct pid *pid __unused)
{
	static const struct { unsigned int bit; const char *word; } words[] = {
		{ TRACE_COW, "cow" }, { TRACE_FAULT, "fault" }, { TRACE_FORK, "fork" },
		{ TRACE_SIGNAL, "signal" }, { TRACE_SYSCALL, "syscall" }, { TRACE_ENOSYS, "enosys" },
		{ TRACE_TLB, "tlb" },
	};
	const char *sep = "";
	for (unsigned int i = 0; i < ARRAY_SIZE(words); i++) {
		if (trace_mask & words[i].bit) {
			seq_printf(s, "%s%s", sep, words[i].word);
			sep = " ";
		}
	}
	seq_printf(s, "%s\n", trace_mask ? "" : "off");
	return 0;
}

static int write_trace(const char *buf)
{
	trace_mask = trace_parse(buf);
	return 0;
}

static const char *self_get_link(struct dentry *d __unused, char *buf)
{
	int pid = task_tgid_vnr(current);
	if (!pid)
		return ERR_PTR(-ENOENT);
	snprintf(buf, 16, "%d", pid);
	return buf;
}

static const struct inode_operations self_iops = { .get_link = self_get_link };

/* /proc/thread-self: "PID/task/TID" of the reader. */
static const char *thread_self_get_link(struct dentry *d __unused, char *buf)
{
	int tgid = task_tgid_vnr(current), tid = task_pid_vnr(current);
	if (!tid)
		return ERR_PTR(-ENOENT);
	snprintf(buf, 48, "%d/task/%d", tgid, tid);
	return buf;
}

static const struct inode_operations thread_self_iops = { .get_link = thread_self_get_link };

/* /proc/mounts is self/mounts, as Linux. */
static const char *mounts_get_link(struct dentry *d __unused, char *buf)
{
	strlcpy(buf, "self/mounts", 16);
	return buf;
}

static const struct inode_operations mounts_iops = { .get_link = mounts_get_link };

static int ushi_lookup(struct inode *dir, struct dentry *d);
static int ushi_iterate(struct file *f, struct dir_context *ctx);
static const struct inode_operations ushi_dir_iops = { .lookup = ushi_lookup };
static const struct file_operations ushi_dir_fops = { .read = proc_dir_read, .iterate = ushi_iterate };

static const struct proc_entry ushi_entries[] = {
	{ "stat", S_IFREG | 0444, show_ushi_stat, NULL, NULL, NULL, NULL },
	{ "trace", S_IFREG | 0644, show_trace, write_trace, NULL, NULL, NULL },
};

static int ushi_lookup(struct inode *dir __unused, struct dentry *d)
{
	return proc_lookup_table(ushi_entries, ARRAY_SIZE(ushi_entries), d, NULL);
}

static int ushi_iterate(struct file *f, struct dir_context *ctx)
{
	proc_iterate_table(ushi_entries, ARRAY_SIZE(ushi_entries), f, ctx);
	return 0;
}

const struct proc_entry proc_root_entries[] = {
	{ "meminfo", S_IFREG | 0444, show_meminfo, NULL, NULL, NULL, NULL },
	{ "uptime", S_IFREG | 0444, show_uptime, NULL, NULL, NULL, NULL },
	{ "loadavg", S_IFREG | 0444, show_loadavg, NULL, NULL, NULL, NULL },
	{ "cpuinfo", S_IFREG | 0444, proc_show_cpuinfo, NULL, NULL, NULL, NULL },
	{ "self", S_IFLNK | 0777, NULL, NULL, &self_iops, NULL, NULL },
	{ "thread-self", S_IFLNK | 0777, NULL, NULL, &thread_self_iops, NULL, NULL },
	{ "mounts", S_IFLNK | 0777, NULL, NULL, &mounts_iops, NULL, NULL },
	{ "ushi", S_IFDIR | 0555, NULL, NULL, &ushi_dir_iops, &ushi_dir_fops, NULL },
	PROC_ROOT_EXTRA_ENTRIES
};
const int proc_root_nr = ARRAY_SIZE(proc_root_entries);

/* What a subset=pid mount shows besides the processes, as Linux's. */
const struct proc_entry proc_pid_only_entries[] = {
	{ "self", S_IFLNK | 0777, NULL, NULL, &self_iops, NULL, NULL },
	{ "thread-self", S_IFLNK | 0777, NULL, NULL, &thread_self_iops, NULL, NULL },
};
const int proc_pid_only_nr = ARRAY_SIZE(proc_pid_only_entries);

/* A new procfs super block with options opts (NULL: the defaults), or
 * NULL; every mount is one of its own, as Linux's since 5.8. */
struct super_block *proc_new_sb(const struct proc_fs_info *opts)
{
	static const struct proc_entry root = { "/", S_IFDIR | 0555, NULL, NULL,
						&proc_root_iops, &proc_root_fops, NULL };
	struct super_block *sb = alloc_super("proc", false);
	struct proc_fs_info *fi = kzalloc(sizeof *fi);
	struct inode *inode = sb && fi ? proc_get_inode(sb, &root, NULL) : NULL;
	if (!inode || !d_alloc_root(sb, inode)) {
		if (inode)
			iput(inode);
		kfree(fi);
		kfree(sb);
		return NULL;
	}
	if (opts)
		*fi = *opts;
	sb->s_fs_info = fi;
	sb->s_magic = PROC_SUPER_MAGIC;
	sb->evict_inode = proc_evict;
	return sb;
}

/* Mounts procfs on /proc (creating the directory), as init scripts would. */
void proc_init(void)
{
	struct path p;
	vfs_mkobj(AT_FDCWD, "/proc", S_IFDIR | 0555, 0, true);
	if (kern_path("/proc", LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p))
		return;
	struct super_block *sb = proc_new_sb(NULL);
	struct vfsmount *m = sb ? vfs_kern_mount(sb) : NULL;
	if (!m)
		panic("cannot mount procfs");
	do_add_mount(m, &p);
	path_put(&p);
}
