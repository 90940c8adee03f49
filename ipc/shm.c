/*
 * shm.c - System V shared memory (Linux's ipc/shm.c): shmget, shmat,
 * shmdt, shmctl.  It has a folder of its own because System V IPC is a
 * concept of its own in Linux (ipc/: shm, and one day msg and sem), with
 * its keys, ids and permissions, not a part of mm/ or of a file system.
 *
 * A segment (struct shmid_kernel) is an unnamed file of shared memory
 * (mm/shmem.c).  shmat opens a second file on the same inode for the
 * attach (Linux's alloc_file_clone; its private_data says which segment)
 * and maps it MAP_SHARED, as do_shmat does: so a segment is never
 * copy-on-write - fork copies the area as shared, and parent and child
 * fault in the file's same frames.
 *
 * shm_nattch counts the areas mapping a segment, through the areas'
 * vm_ops: shm_open when an area is made (shmat's mmap, a split) or
 * copied by fork, shm_close when one is freed (shmdt, munmap, exec,
 * exit).  IPC_RMID on an attached segment only marks it SHM_DEST and
 * hides its key; the last shm_close destroys it.
 *
 * One global set of segments (ushi has no IPC namespaces: CLONE_NEWIPC
 * behaves as on a Linux built without them).  shm_segs and every
 * segment's fields are changed only in system calls and area changes,
 * which run without preemption: no lock is needed on one CPU.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <sched.h>
#include <shm.h>
#include <syscalls.h>
#include <time.h>
#include <uaccess.h>
#include <uapi/fcntl.h>
#include <uapi/mman.h>
#include <uapi/shm.h>

/* Linux's kern_ipc_perm and shmid_kernel, in one. */
struct shmid_kernel {
	int id;                         /* seq * IPCMNI + index in shm_segs */
	key_t key;                      /* IPC_PRIVATE once removed */
	uid_t uid, cuid;
	gid_t gid, cgid;
	unsigned int mode;              /* permission bits, SHM_DEST, SHM_LOCKED */
	unsigned short seq;
	struct file *shm_file;          /* the memory */
	size_t shm_segsz;
	unsigned long shm_nattch;
	long shm_atim, shm_dtim, shm_ctim;
	pid_t shm_cprid, shm_lprid;
};

/* What an attach's file points at (Linux's shm_file_data). */
struct shm_file_data {
	struct shmid_kernel *shp;
	const struct vm_operations_struct *vm_ops;      /* the memory file's own */
};

/* The tunables of /proc/sys/kernel (Linux's ipc_namespace fields). */
unsigned long shm_ctlmax = SHMMAX;      /* shmmax: the largest segment, bytes */
unsigned long shm_ctlall = SHMALL;      /* shmall: pages of all segments */
int shm_ctlmni = SHMMNI;                /* shmmni: how many segments */
int shm_next_id = -1;                   /* shm_next_id: the id the next segment gets */

/* Indexed by an id's low part; any index below IPCMNI may be asked for
 * through shm_next_id.  shm_hwm bounds the indexes ever used, so scans
 * need not visit the whole table. */
static struct shmid_kernel *shm_segs[IPCMNI];
static int shm_hwm;
static int shm_in_use;                  /* segments in shm_segs */
static int shm_last_idx = -1;           /* the index given last: ids cycle */
static unsigned short shm_seq;          /* bumped each time the indexes wrap */
static unsigned long shm_tot;           /* pages of all segments (kernel.shmall) */

static long now_seconds(void)
{
	return (long)(ktime_get_real_ns() / 1000000000);
}

/* ---- ids and permissions ------------------------------------------------- */

/* The segment at index idx of the set (SHM_STAT's argument), or NULL. */
static struct shmid_kernel *shm_obtain_object(int idx)
{
	idx %= IPCMNI;
	return idx >= 0 ? shm_segs[idx] : NULL;
}

/* The segment with this id (index and sequence), or NULL. */
static struct shmid_kernel *shm_obtain_object_check(int id)
{
	struct shmid_kernel *shp = shm_obtain_object(id);
	return shp && shp->id == id ? shp : NULL;
}

/*
 * Linux's ipcperms: may the caller have the access flag's low 9 bits ask
 * for (read 4, write 2, in any of the three triads)?  The owner's or
 * creator's triad, else the group's, else the others'; root passes
 * (CAP_IPC_OWNER).
 */
static bool ipcperms(struct shmid_kernel *shp, int flag)
{
	int requested = (flag >> 6) | (flag >> 3) | flag;
	unsigned int granted = shp->mode;
	if (current->euid == shp->cuid || current->euid == shp->uid)
		granted >>= 6;
	else if (current->egid == shp->cgid || current->egid == shp->gid)
		granted >>= 3;
	return !(requested & ~granted & 0007) || capable();
}

/*
 * Linux's ipc_addid and ipc_idr_alloc: ENOSPC once shmmni segments
 * exist.  With shm_next_id set (and then reset), the first free index
 * from its index on, with its sequence; else the next free index after
 * the last one given, among the first max(in_use * 3/2, 64), the
 * sequence bumped on a wrap.  Sets *seq; returns the index or -ENOSPC.
 */
static int shm_alloc_idx(unsigned short *seq)
{
	if (shm_in_use >= MIN(shm_ctlmni, IPCMNI))
		return -ENOSPC;
	int next_id = shm_next_id, idx = -ENOSPC;
	shm_next_id = -1;
	if (next_id >= 0) {
		for (int i = next_id % IPCMNI; i < IPCMNI && idx < 0; i++)
			if (!shm_segs[i])
				idx = i;
		*seq = next_id / IPCMNI;
	} else {
		int max_idx = MIN(MAX(shm_in_use * 3 / 2, 64), IPCMNI);
		for (int i = 0; i < max_idx && idx < 0; i++)
			if (!shm_segs[(shm_last_idx + 1 + i) % max_idx])
				idx = (shm_last_idx + 1 + i) % max_idx;
		if (idx < 0)
			return idx;
		if (idx <= shm_last_idx)
			shm_seq = (shm_seq + 1) % (0x7fffffff / IPCMNI);
		shm_last_idx = idx;
		*seq = shm_seq;
	}
	if (idx >= shm_hwm)
		shm_hwm = idx + 1;
	return idx;
}

static void shm_destroy(struct shmid_kernel *shp)
{
	shm_segs[shp->id % IPCMNI] = NULL;
	shm_in_use--;
	shm_tot -= DIV_ROUND_UP(shp->shm_segsz, PAGE_SIZE);
	fput(shp->shm_file);
	kfree(shp);
}

/* ---- shmget -------------------------------------------------------------- */

/*
 * Linux's newseg: a new segment of size bytes; its id or -errno.  The
 * memory is counted against overcommit unless SHM_NORESERVE; a segment
 * larger than a file can be is EINVAL; huge pages are ENOSYS, as Linux
 * without hugetlbfs.  The id is given last: a full table is ENOSPC.
 */
static long newseg(key_t key, size_t size, int shmflg)
{
	unsigned long numpages = DIV_ROUND_UP(size, PAGE_SIZE);
	if (size < SHMMIN || size > shm_ctlmax)
		return -EINVAL;
	if (numpages << PAGE_SHIFT < size)
		return -ENOSPC;
	if (shm_tot + numpages < shm_tot || shm_tot + numpages > shm_ctlall)
		return -ENOSPC;
	if (shmflg & SHM_HUGETLB)
		return -ENOSYS;
	if (size > (~0UL >> 1))
		return -EINVAL;
	if (!(shmflg & SHM_NORESERVE) && vm_enough_memory(numpages))
		return -ENOMEM;
	struct shmid_kernel *shp = kzalloc(sizeof *shp);
	if (!shp)
		return -ENOMEM;
	shp->shm_file = shmem_file_setup(size);
	if (!shp->shm_file) {
		kfree(shp);
		return -ENOMEM;
	}
	unsigned short seq;
	int idx = shm_alloc_idx(&seq);
	if (idx < 0) {
		fput(shp->shm_file);
		kfree(shp);
		return idx;
	}
	shp->key = key;
	shp->mode = shmflg & 0777;
	shp->uid = shp->cuid = current->euid;
	shp->gid = shp->cgid = current->egid;
	shp->seq = seq;
	shp->id = seq * IPCMNI + idx;
	shp->shm_segsz = size;
	shp->shm_ctim = now_seconds();
	shp->shm_cprid = current->tgid;
	shm_segs[idx] = shp;
	shm_in_use++;
	shm_tot += numpages;
	return shp->id;
}

/*
 * The segment with key (or a new one for IPC_PRIVATE or IPC_CREAT), in
 * Linux's order: EEXIST for IPC_CREAT|IPC_EXCL, EINVAL for a size larger
 * than the segment's, then EACCES for the access shmflg asks.
 */
long sys_shmget(key_t key, size_t size, int shmflg)
{
	if (key == IPC_PRIVATE)
		return newseg(key, size, shmflg);
	struct shmid_kernel *shp = NULL;
	for (int i = 0; i < shm_hwm && !shp; i++)
		if (shm_segs[i] && shm_segs[i]->key == key)
			shp = shm_segs[i];
	if (!shp)
		return shmflg & IPC_CREAT ? newseg(key, size, shmflg) : -ENOENT;
	if ((shmflg & IPC_CREAT) && (shmflg & IPC_EXCL))
		return -EEXIST;
	if (shp->shm_segsz < size)
		return -EINVAL;
	if (!ipcperms(shp, shmflg))
		return -EACCES;
	return shp->id;
}

/* ---- the areas of an attach ------------------------------------------------ */

static struct shmid_kernel *vma_shp(struct vm_area_struct *vma)
{
	return ((struct shm_file_data *)vma->vm_file->private_data)->shp;
}

/* A new area maps the segment (Linux's shm_open). */
static void shm_open(struct vm_area_struct *vma)
{
	struct shmid_kernel *shp = vma_shp(vma);
	shp->shm_atim = now_seconds();
	shp->shm_lprid = current->tgid;
	shp->shm_nattch++;
}

/* An area of the segment goes (Linux's shm_close): the last one of a
 * removed segment destroys it. */
static void shm_close(struct vm_area_struct *vma)
{
	struct shmid_kernel *shp = vma_shp(vma);
	shp->shm_lprid = current->tgid;
	shp->shm_dtim = now_seconds();
	if (--shp->shm_nattch == 0 && (shp->mode & SHM_DEST))
		shm_destroy(shp);
}

static int shm_fault(struct vm_fault *vmf)
{
	struct shm_file_data *sfd = vmf->vma->vm_file->private_data;
	return sfd->vm_ops->fault(vmf);
}

static const struct vm_operations_struct shm_vm_ops = {
	.fault = shm_fault,
	.open = shm_open,
	.close = shm_close,
};

/* mmap of an attach's file (shmat's, or a split of its area): the memory
 * file's own mmap chooses how pages come in, shm_vm_ops count the area. */
static int shm_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct shm_file_data *sfd = file->private_data;
	struct file *base = sfd->shp->shm_file;
	int err = base->f_op->mmap(file, vma);
	if (err)
		return err;
	sfd->vm_ops = vma->vm_ops;
	vma->vm_ops = &shm_vm_ops;
	shm_open(vma);
	return 0;
}

/* The attach's file is gone with its last area; the segment may live on. */
static void shm_release(struct inode *inode __unused, struct file *file)
{
	kfree(file->private_data);
}

static const struct file_operations shm_file_operations = {
	.mmap = shm_mmap,
	.release = shm_release,
};

/* ---- shmat, shmdt ---------------------------------------------------------- */

/*
 * Linux's do_shmat: maps segment shmid at shmaddr (NULL: where the
 * kernel chooses; SHM_RND rounds it down to SHMLBA), read-only with
 * SHM_RDONLY, executable with SHM_EXEC; over existing areas only with
 * SHM_REMAP.  Returns the address or -errno.
 */
long sys_shmat(int shmid, char *shmaddr, int shmflg)
{
	unsigned long addr = (unsigned long)shmaddr, flags = MAP_SHARED;
	if (shmid < 0)
		return -EINVAL;
	if (addr) {
		if (addr & (SHMLBA - 1)) {
			if (!(shmflg & SHM_RND))
				return -EINVAL;
			addr &= ~(SHMLBA - 1);
			if (!addr && (shmflg & SHM_REMAP))
				return -EINVAL;
		}
		flags |= MAP_FIXED;
	} else if (shmflg & SHM_REMAP) {
		return -EINVAL;
	}
	unsigned long prot = PROT_READ, acc_mode = 0444;
	unsigned int f_flags = O_RDONLY;
	if (!(shmflg & SHM_RDONLY)) {
		prot |= PROT_WRITE;
		acc_mode |= 0222;
		f_flags = O_RDWR;
	}
	if (shmflg & SHM_EXEC) {
		prot |= PROT_EXEC;
		acc_mode |= 0111;
	}
	struct shmid_kernel *shp = shm_obtain_object_check(shmid);
	if (!shp)
		return -EINVAL;
	if (!ipcperms(shp, acc_mode))
		return -EACCES;
	struct shm_file_data *sfd = kzalloc(sizeof *sfd);
	if (!sfd)
		return -ENOMEM;
	struct file *file = alloc_file(&shp->shm_file->f_path, f_flags, &shm_file_operations);
	if (!file) {
		kfree(sfd);
		return -ENOMEM;
	}
	sfd->shp = shp;
	file->private_data = sfd;
	/* Holding an attach while mapping: a segment removed meanwhile
	 * (nothing can, without preemption) would outlive this call. */
	shp->shm_nattch++;
	size_t size = shp->shm_segsz;
	long ret = -EINVAL;
	struct mm_struct *mm = current->mm;
	mmap_write_lock(mm);
	if (addr && !(shmflg & SHM_REMAP)) {
		struct vm_area_struct *vma = find_vma(mm, addr);
		if (addr + size < addr || (vma && vma->vm_start < addr + size))
			goto out;
	}
	ret = do_mmap(mm, addr, size, prot, flags, file, 0);
out:
	mmap_write_unlock(mm);
	fput(file);             /* the area, if any, holds its own reference */
	if (--shp->shm_nattch == 0 && (shp->mode & SHM_DEST))
		shm_destroy(shp);
	return ret;
}

static bool is_shm_attach(struct vm_area_struct *vma, unsigned long addr)
{
	return vma->vm_ops == &shm_vm_ops && (vma->vm_start - addr) / PAGE_SIZE == vma->vm_pgoff;
}

static struct vm_area_struct *next_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	return vma->vm_list.next == &mm->mmap ? NULL :
	       list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
}

/*
 * Linux's shmdt: unmaps the attach that starts at shmaddr - the first
 * area of a segment found there whose page offset says it starts its
 * attach there, and the other pieces of the same attach (left apart by
 * mprotect or munmap) within the segment's size.  EINVAL if none.
 */
long sys_shmdt(char *shmaddr)
{
	struct mm_struct *mm = current->mm;
	unsigned long addr = (unsigned long)shmaddr, size = 0;
	struct file *file = NULL;
	long retval = -EINVAL;
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	mmap_write_lock(mm);
	struct vm_area_struct *vma = find_vma(mm, addr), *next;
	for (; vma; vma = next) {
		next = next_vma(mm, vma);
		if (is_shm_attach(vma, addr)) {
			file = vma->vm_file;
			size = PAGE_ALIGN(vma_shp(vma)->shm_segsz);
			do_munmap(mm, vma->vm_start, vma->vm_end - vma->vm_start);
			retval = 0;
			vma = next;
			break;
		}
	}
	/* file is only compared with, never used: it may be gone now */
	for (; vma && vma->vm_end - addr <= size; vma = next) {
		next = next_vma(mm, vma);
		if (is_shm_attach(vma, addr) && vma->vm_file == file)
			do_munmap(mm, vma->vm_start, vma->vm_end - vma->vm_start);
	}
	mmap_write_unlock(mm);
	return retval;
}

/* ---- shmctl ------------------------------------------------------------------ */

/* The highest index in use, or 0 with none (IPC_INFO's and SHM_INFO's answer). */
static long shm_max_idx(void)
{
	for (int i = shm_hwm - 1; i >= 0; i--)
		if (shm_segs[i])
			return i;
	return 0;
}

static long shmctl_ipc_info(void *buf)
{
	struct shminfo64 info = {
		.shmmax = shm_ctlmax, .shmmin = SHMMIN, .shmmni = shm_ctlmni,
		.shmseg = SHMSEG, .shmall = shm_ctlall,
	};
	return copy_to_user(buf, &info, sizeof info) ? -EFAULT : shm_max_idx();
}

/* The frames a segment's file holds now. */
static unsigned long shm_rss(struct shmid_kernel *shp)
{
	struct inode *inode = shp->shm_file->f_inode;
	return ramfs_count_pages(inode);
}

static long shmctl_shm_info(void *buf)
{
	struct shm_info info = { .used_ids = shm_in_use, .shm_tot = shm_tot };
	for (int i = 0; i < shm_hwm; i++)
		if (shm_segs[i])
			info.shm_rss += shm_rss(shm_segs[i]);
	return copy_to_user(buf, &info, sizeof info) ? -EFAULT : shm_max_idx();
}

/* IPC_STAT (by id: 0), SHM_STAT and SHM_STAT_ANY (by index: the id);
 * only SHM_STAT_ANY skips the read permission, as /proc/sysvipc does. */
static long shmctl_stat(int shmid, int cmd, struct shmid_ds *buf)
{
	struct shmid_kernel *shp = cmd == IPC_STAT ? shm_obtain_object_check(shmid)
						   : shm_obtain_object(shmid);
	if (!shp)
		return -EINVAL;
	if (cmd != SHM_STAT_ANY && !ipcperms(shp, 0444))
		return -EACCES;
	struct shmid_ds ds = {
		.shm_perm = {
			.key = shp->key, .uid = shp->uid, .gid = shp->gid,
			.cuid = shp->cuid, .cgid = shp->cgid, .mode = shp->mode,
			.seq = shp->seq,
		},
		.shm_segsz = shp->shm_segsz,
		.shm_atime = shp->shm_atim, .shm_dtime = shp->shm_dtim,
		.shm_ctime = shp->shm_ctim,
		.shm_cpid = shp->shm_cprid, .shm_lpid = shp->shm_lprid,
		.shm_nattch = shp->shm_nattch,
	};
	if (copy_to_user(buf, &ds, sizeof ds))
		return -EFAULT;
	return cmd == IPC_STAT ? 0 : shp->id;
}

/* Linux's shmctl_down: IPC_SET and IPC_RMID, for the segment's owner,
 * its creator or root (CAP_SYS_ADMIN). */
static long shmctl_down(int shmid, int cmd, const struct shmid_ds *ds)
{
	struct shmid_kernel *shp = shm_obtain_object_check(shmid);
	if (!shp)
		return -EINVAL;
	if (current->euid != shp->cuid && current->euid != shp->uid && !capable())
		return -EPERM;
	if (cmd == IPC_SET) {
		if (ds->shm_perm.uid == (uid_t)-1 || ds->shm_perm.gid == (gid_t)-1)
			return -EINVAL;
		shp->uid = ds->shm_perm.uid;
		shp->gid = ds->shm_perm.gid;
		shp->mode = (shp->mode & ~0777) | (ds->shm_perm.mode & 0777);
		shp->shm_ctim = now_seconds();
		return 0;
	}
	if (shp->shm_nattch) {          /* destroyed by the last detach */
		shp->mode |= SHM_DEST;
		shp->key = IPC_PRIVATE;
	} else {
		shm_destroy(shp);
	}
	return 0;
}

/* SHM_LOCK, SHM_UNLOCK: the owner's, creator's or root's (CAP_IPC_LOCK);
 * a non-root SHM_LOCK also needs RLIMIT_MEMLOCK.  ushi never swaps, so
 * locking is only the SHM_LOCKED mark. */
static long shmctl_do_lock(int shmid, int cmd)
{
	struct shmid_kernel *shp = shm_obtain_object_check(shmid);
	if (!shp)
		return -EINVAL;
	if (!capable()) {
		if (current->euid != shp->uid && current->euid != shp->cuid)
			return -EPERM;
		if (cmd == SHM_LOCK && !rlimit(RLIMIT_MEMLOCK))
			return -EPERM;
	}
	if (cmd == SHM_LOCK)
		shp->mode |= SHM_LOCKED;
	else
		shp->mode &= ~SHM_LOCKED;
	return 0;
}

long sys_shmctl(int shmid, int cmd, struct shmid_ds *buf)
{
	struct shmid_ds ds;
	if (cmd < 0 || shmid < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
		return shmctl_ipc_info(buf);
	case SHM_INFO:
		return shmctl_shm_info(buf);
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY:
		return shmctl_stat(shmid, cmd, buf);
	case IPC_SET:
		if (copy_from_user(&ds, buf, sizeof ds))
			return -EFAULT;
		return shmctl_down(shmid, cmd, &ds);
	case IPC_RMID:
		return shmctl_down(shmid, cmd, NULL);
	case SHM_LOCK:
	case SHM_UNLOCK:
		return shmctl_do_lock(shmid, cmd);
	default:
		return -EINVAL;
	}
}

/* ---- /proc/sysvipc/shm ----------------------------------------------------------- */

/* Every segment, one line each, in Linux's columns (sysvipc_shm_proc_show). */
static int sysvipc_shm_proc_show(struct seq_buf *s, struct pid *pid __unused)
{
	seq_printf(s, "       key      shmid perms                  size  cpid  lpid nattch"
		      "   uid   gid  cuid  cgid      atime      dtime      ctime"
		      "                   rss                  swap\n");
	for (int i = 0; i < shm_hwm; i++) {
		struct shmid_kernel *shp = shm_segs[i];
		if (!shp)
			continue;
		seq_printf(s, "%10d %10d  %4o %21lu %5u %5u  %5lu %5u %5u %5u %5u %10lu %10lu %10lu"
			      " %21lu %21lu\n",
			   shp->key, shp->id, shp->mode, shp->shm_segsz, shp->shm_cprid,
			   shp->shm_lprid, shp->shm_nattch, shp->uid, shp->gid, shp->cuid,
			   shp->cgid, shp->shm_atim, shp->shm_dtim, shp->shm_ctim,
			   shm_rss(shp) * PAGE_SIZE, 0UL);
	}
	return 0;
}

static const struct proc_entry sysvipc_entries[] = {
	{ "shm", S_IFREG | 0444, sysvipc_shm_proc_show, NULL, NULL, NULL, NULL },
};

static int sysvipc_lookup(struct inode *dir __unused, struct dentry *d)
{
	return proc_lookup_table(sysvipc_entries, ARRAY_SIZE(sysvipc_entries), d, NULL);
}

static int sysvipc_iterate(struct file *f, struct dir_context *ctx)
{
	proc_iterate_table(sysvipc_entries, ARRAY_SIZE(sysvipc_entries), f, ctx);
	return 0;
}

const struct inode_operations proc_sysvipc_iops = { .lookup = sysvipc_lookup };
const struct file_operations proc_sysvipc_fops = { .read = proc_dir_read, .iterate = sysvipc_iterate };
