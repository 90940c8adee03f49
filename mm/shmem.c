/*
 * shmem.c - shared anonymous memory (MAP_SHARED|MAP_ANONYMOUS): each
 * mapping is backed by an unnamed file of its size on an internal mount,
 * so parent and child fault in the same frames.  The files are ramfs
 * files, as Linux's shmem is when built without tmpfs (CONFIG_SHMEM=n);
 * their pages come in through ramfs's vm_ops like any mapped file's.
 */
#include <fs.h>
#include <kernel.h>
#include <mm.h>

static struct vfsmount *shm_mnt;

/* The internal mount behind shared anonymous memory, made at boot (so
 * that its objects are not counted against the first program using it). */
void shmem_init(void)
{
	struct super_block *sb = ramfs_new_sb();
	if (!sb)
		panic("cannot create the shmem mount");
	sb->s_pin_dentries = false;
	shm_mnt = vfs_kern_mount(sb);
}

/* A new file of size bytes named name in no directory, open for reading
 * and writing, or NULL. */
struct file *shmem_file_named(const char *name, umode_t mode, unsigned long size)
{
	struct inode *inode = ramfs_get_inode(shm_mnt->mnt_sb, S_IFREG | mode, 0);
	if (!inode)
		return NULL;
	inode->i_size = size;
	return alloc_file_pseudo(inode, shm_mnt, name, O_RDWR, &ramfs_file_operations);
}

/* A new unnamed file of size bytes, open for reading and writing, or NULL. */
struct file *shmem_file_setup(unsigned long size)
{
	return shmem_file_named("dev/zero", 0600, size);
}
