/*
 * fs_struct.c - a task's root, cwd and umask (what CLONE_FS shares).
 */
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <sched.h>

struct fs_struct *copy_fs_struct(struct fs_struct *old)
{
	struct fs_struct *fs = kzalloc(sizeof *fs);
	if (!fs)
		return NULL;
	fs->users = 1;
	fs->umask = old->umask;
	fs->root = old->root;
	fs->pwd = old->pwd;
	path_get(&fs->root);
	path_get(&fs->pwd);
	return fs;
}

void free_fs_struct(struct fs_struct *fs)
{
	path_put(&fs->root);
	path_put(&fs->pwd);
	kfree(fs);
}

static void set_path(struct path *slot, const struct path *path)
{
	struct path old = *slot;
	*slot = *path;
	path_get(path);
	path_put(&old);
}

void set_fs_root(struct fs_struct *fs, const struct path *path)
{
	set_path(&fs->root, path);
}

void set_fs_pwd(struct fs_struct *fs, const struct path *path)
{
	set_path(&fs->pwd, path);
}

void exit_fs(struct task_struct *t)
{
	struct fs_struct *fs = t->fs;
	if (fs) {
		t->fs = NULL;
		BUG_ON(fs->users <= 0);
		if (--fs->users == 0)
			free_fs_struct(fs);
	}
}
