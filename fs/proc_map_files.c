/*
 * proc_map_files.c - /proc/PID/map_files, as Linux's (fs/proc/base.c):
 * one symlink per area that maps a file, named "start-end" in lower-case
 * hex without leading zeros (the area's bounds, as in maps).  readlink
 * gives the file's path and a path walk through the link lands on the
 * mapped file itself, so open() reaches a file that has no name any more.
 * Anyone who may enter the directory (mode 0500, the task's owner) may
 * read the links; following one needs CAP_SYS_ADMIN (Linux 6.1: that or
 * CAP_CHECKPOINT_RESTORE), for it hands out files a process may no
 * longer be able to open by name.
 * The task is the inode's pid; each lookup looks at the areas as they
 * are then, under the task's mmap_lock (read), and takes what it needs
 * (a file reference, an area's bounds) before the lock goes: the
 * directory's entries go out to user memory only after it is dropped.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <pid.h>
#include <proc.h>
#include <sched.h>

static struct task_struct *inode_task(struct inode *inode)
{
	struct task_struct *t = pid_task((struct pid *)inode->i_private2);
	return t && t->exit_state != EXIT_DEAD ? t : NULL;
}

/* A hex number that fits a long (maybe no digit: 0); where it ends, or NULL. */
static const char *parse_hex(const char *s, unsigned long *out)
{
	unsigned long v = 0;
	const char *p = s;
	for (;; p++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 :
			*p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;
		if (d < 0)
			break;
		if (v >> 60)
			return NULL;    /* overflow */
		v = v << 4 | d;
	}
	*out = v;
	return p;
}

/* "start-end" as Linux's dname_to_vma_addr: false for any other name. */
static bool name_to_range(const char *name, unsigned long *start, unsigned long *end)
{
	if (name[0] == '0' && name[1] != '-')
		return false;
	const char *p = parse_hex(name, start);
	if (!p || *p != '-')
		return false;
	if (p[1] == '0' && p[2])
		return false;
	p = parse_hex(p + 1, end);
	return p && !*p;
}

/* The file of t's area that is exactly [start, end), with a reference,
 * or NULL. */
static struct file *find_area_file(struct task_struct *t, const char *name)
{
	unsigned long start, end;
	if (!t || !name_to_range(name, &start, &end))
		return NULL;
	struct mm_struct *mm = task_mm_read_lock(t);
	if (!mm)
		return NULL;
	struct file *f = NULL;
	struct vm_area_struct *v;
	list_for_each_entry(v, &mm->mmap, vm_list) {
		if (v->vm_start == start && v->vm_end == end) {
			f = v->vm_file ? get_file(v->vm_file) : NULL;
			break;
		}
	}
	task_mm_read_unlock(mm);
	return f;
}

/* The mapped file of link d, with a reference, or an ERR_PTR. */
static struct file *link_file(struct dentry *d)
{
	struct file *f = find_area_file(inode_task(d->d_inode), d->d_name);
	return f ? f : ERR_PTR(-ENOENT);
}

static const char *map_files_get_link(struct dentry *d, char *buf)
{
	struct file *f = link_file(d);
	if (IS_ERR(f))
		return (const char *)f;
	const char *s = proc_file_link_name(f, buf);
	fput(f);
	return s;
}

static int map_files_jump_link(struct dentry *d, struct path *out)
{
	if (!capable())
		return -EPERM;
	struct file *f = link_file(d);
	if (IS_ERR(f))
		return PTR_ERR(f);
	*out = f->f_path;
	path_get(out);
	fput(f);
	return 0;
}

static const struct inode_operations map_files_link_iops = {
	.get_link = map_files_get_link, .jump_link = map_files_jump_link,
};

static const struct proc_entry map_files_link_entry = {
	"map_files", S_IFLNK, NULL, NULL, &map_files_link_iops, NULL, NULL,
};

/* d names a file area of the directory's task: its link, readable and
 * writable by the owner as the file was opened (Linux's map_files inode). */
static int map_files_lookup(struct inode *dir, struct dentry *d)
{
	struct file *f = find_area_file(inode_task(dir), d->d_name);
	if (!f)
		return -ENOENT;
	unsigned int mode = f->f_mode;
	fput(f);
	struct inode *inode = proc_get_inode(dir->i_sb, &map_files_link_entry,
					     (struct pid *)dir->i_private2);
	if (!inode)
		return -ENOMEM;
	inode->i_mode = S_IFLNK | (mode & FMODE_READ ? 0400 : 0) | (mode & FMODE_WRITE ? 0200 : 0);
	d_instantiate(d, inode);
	return 0;
}

/* The first file area of t at directory position pos or later (area i
 * is at i + 3): its bounds and *ipos its position.  False if none. */
static bool next_file_area(struct task_struct *t, loff_t pos, loff_t *ipos, unsigned long *start,
			   unsigned long *end)
{
	struct mm_struct *mm = t ? task_mm_read_lock(t) : NULL;
	if (!mm)
		return false;
	bool found = false;
	struct vm_area_struct *v;
	loff_t i = 2;
	list_for_each_entry(v, &mm->mmap, vm_list) {
		if (!v->vm_file || i++ < pos)
			continue;
		*start = v->vm_start;
		*end = v->vm_end;
		*ipos = i;
		found = true;
		break;
	}
	task_mm_read_unlock(mm);
	return found;
}

/* ".", "..", then one link per file area in address order; area i is at
 * position i + 3.  One area per look (the actor copies to user memory,
 * which must not happen under mmap_lock). */
static int map_files_iterate(struct file *f, struct dir_context *ctx)
{
	if (!proc_iterate_table(NULL, 0, f, ctx))
		return 0;
	unsigned long start, end;
	loff_t i;
	while (next_file_area(inode_task(f->f_inode), ctx->pos, &i, &start, &end)) {
		char name[40];
		int len = snprintf(name, sizeof name, "%lx-%lx", start, end);
		if (!ctx->actor(ctx, name, len, i, 0x30000 + i, DT_LNK))
			return 0;
		ctx->pos = i;
	}
	return 0;
}

const struct inode_operations proc_map_files_iops = { .lookup = map_files_lookup };
const struct file_operations proc_map_files_fops = { .read = proc_dir_read, .iterate = map_files_iterate };
