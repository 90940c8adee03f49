/* shm.h - System V shared memory's ABI on x86-64 (Linux's uapi
 * linux/ipc.h, linux/shm.h and asm-generic/ipcbuf.h, shmbuf.h). */
#ifndef USHI_UAPI_SHM_H
#define USHI_UAPI_SHM_H

#include <types.h>

typedef int key_t;

#define IPC_PRIVATE ((key_t)0)
#define IPC_CREAT 00001000
#define IPC_EXCL 00002000
#define IPC_NOWAIT 00004000

#define IPC_RMID 0
#define IPC_SET 1
#define IPC_STAT 2
#define IPC_INFO 3

/* shmget's flags */
#define SHM_HUGETLB 04000
#define SHM_NORESERVE 010000

/* shmat's flags */
#define SHM_RDONLY 010000
#define SHM_RND 020000
#define SHM_REMAP 040000
#define SHM_EXEC 0100000

/* shmctl's Linux-only commands */
#define SHM_LOCK 11
#define SHM_UNLOCK 12
#define SHM_STAT 13
#define SHM_INFO 14
#define SHM_STAT_ANY 15

/* in shm_perm.mode, above the permission bits */
#define SHM_DEST 01000          /* removed: destroyed at the last detach */
#define SHM_LOCKED 02000        /* SHM_LOCK'ed */

/* Linux's defaults (kernel.shmmax, shmall, shmmni) */
#define SHMMIN 1UL
#define SHMMNI 4096
#define SHMMAX (~0UL - (1UL << 24))
#define SHMALL (~0UL - (1UL << 24))
#define SHMSEG SHMMNI
#define SHMLBA PAGE_SIZE
#define IPCMNI 32768            /* an id is seq * IPCMNI + index */

struct ipc64_perm {
	key_t key;
	uid_t uid;
	gid_t gid;
	uid_t cuid;
	gid_t cgid;
	unsigned int mode;
	unsigned short seq;
	unsigned short __pad2;
	unsigned long __unused1, __unused2;
};

/* What IPC_STAT, SHM_STAT and SHM_STAT_ANY fill and IPC_SET reads. */
struct shmid_ds {
	struct ipc64_perm shm_perm;
	size_t shm_segsz;
	long shm_atime, shm_dtime, shm_ctime;
	pid_t shm_cpid, shm_lpid;
	unsigned long shm_nattch;
	unsigned long __unused4, __unused5;
};

/* IPC_INFO's answer (the buffer is passed as a struct shmid_ds *). */
struct shminfo64 {
	unsigned long shmmax, shmmin, shmmni, shmseg, shmall;
	unsigned long __unused1, __unused2, __unused3, __unused4;
};

/* SHM_INFO's answer. */
struct shm_info {
	int used_ids;
	unsigned long shm_tot, shm_rss, shm_swp;
	unsigned long swap_attempts, swap_successes;
};

#endif
