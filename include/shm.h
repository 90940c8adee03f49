/* shm.h - System V shared memory's tunables (ipc/shm.c), which
 * /proc/sys/kernel serves (fs/proc_sys.c). */
#ifndef USHI_SHM_H
#define USHI_SHM_H

extern unsigned long shm_ctlmax;        /* kernel.shmmax */
extern unsigned long shm_ctlall;        /* kernel.shmall */
extern int shm_ctlmni;                  /* kernel.shmmni */
extern int shm_next_id;                 /* kernel.shm_next_id */

#endif
