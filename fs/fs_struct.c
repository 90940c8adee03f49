/*
 * fs_struct.c - a task's root, cwd and umask (what CLONE_FS shares), and
 * the start of the whole VFS at boot.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <nsproxy.h>
#include <sched.h>
#include <setup.h>

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

/*
 * The root file system: a ramfs filled from the initramfs module, with
 * /dev nodes added if the archive lacks them and procfs on /proc.
 */
void vfs_init(void)
{
	struct super_block *sb = ramfs_new_sb();
	if (!sb)
		panic("cannot create the root file system");
	root_mnt = vfs_kern_mount(sb);
	init_nsproxy.mnt_ns = create_mnt_ns(root_mnt);
	struct fs_struct *fs = kzalloc(sizeof *fs);
	fs->users = 1;
	fs->root = (struct path){ root_mnt, sb->s_root };
	fs->pwd = fs->root;
	path_get(&fs->root);
	path_get(&fs->pwd);
	init_task.fs = fs;

	if (boot_params.initrd_end > boot_params.initrd_start) {
		size_t len = boot_params.initrd_end - boot_params.initrd_start;
		int n = unpack_initramfs(__va(boot_params.initrd_start), len);
		printk("initramfs: %d entries from %lu KiB\n", n, (unsigned long)(len >> 10));
		free_initrd_mem();
	} else {
		printk("initramfs: none (no multiboot2 module)\n");
	}
	dev_populate();
	proc_init();
	anon_inode_sb();        /* the internal mounts exist from boot on */
	shmem_init();
}
