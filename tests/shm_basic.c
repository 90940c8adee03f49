/*
 * shm_basic: a System V shared memory segment is one piece of memory
 * wherever it is attached.  Two attaches in one process see each other's
 * writes; a child's write after fork is seen by the parent (the attach is
 * shared, never copy-on-write) and the parent's by the child; shm_nattch
 * counts every attach, fork's copies included, and drops at shmdt, at
 * exec and at exit; IPC_RMID on an attached segment marks it SHM_DEST,
 * hides its key, and the segment goes with the last detach.  An attach
 * split by mprotect counts once per piece, and shmdt removes every piece.
 * /proc/sysvipc/shm lists each segment: key, id, mode, size, nattch.
 */
#include "t.h"
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>

#define SIZE (3 * 4096 + 100)

static unsigned long nattch(int id)
{
	struct shmid_ds ds;
	if (shmctl(id, IPC_STAT, &ds) == -1)
		return (unsigned long)-1;
	return ds.shm_nattch;
}

/* Finds id's line in /proc/sysvipc/shm: 1 with its fields, 0 if absent, -1 unreadable. */
static int proc_line(int id, int *key, unsigned *mode, unsigned long *size, unsigned long *natt)
{
	FILE *f = fopen("/proc/sysvipc/shm", "r");
	if (!f)
		return -1;
	char line[512];
	int found = 0;
	if (!fgets(line, sizeof line, f))       /* the header */
		found = -1;
	while (found == 0 && fgets(line, sizeof line, f)) {
		int k, i;
		if (sscanf(line, "%d %d %o %lu %*d %*d %lu", &k, &i, mode, size, natt) == 5 && i == id) {
			*key = k;
			found = 1;
		}
	}
	fclose(f);
	return found;
}

/* The exec'd image: the segment must have lost this process's attach. */
static int exec_child(const char *idstr)
{
	int id = atoi(idstr);
	return nattch(id) == 1 ? 0 : 3;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "exec-child") == 0)
		return exec_child(argv[2]);
	t_start(argv[0]);

	int id = shmget(IPC_PRIVATE, SIZE, IPC_CREAT | 0600);
	CHECK(id >= 0, "shmget: errno %d", errno);
	if (id < 0)
		return t_done();
	struct shmid_ds ds;
	CHECK_OK(shmctl(id, IPC_STAT, &ds));
	CHECK_EQ(ds.shm_segsz, SIZE);
	CHECK_EQ(ds.shm_nattch, 0);
	CHECK_EQ(ds.shm_cpid, getpid());
	CHECK_EQ(ds.shm_lpid, 0);
	CHECK_EQ(ds.shm_atime, 0);
	CHECK_EQ(ds.shm_perm.mode & 0777, 0600);
	CHECK_EQ(ds.shm_perm.uid, geteuid());
	CHECK_EQ(ds.shm_perm.cuid, geteuid());

	/* Two attaches, one memory; fresh memory reads as zeros. */
	char *a = shmat(id, NULL, 0);
	char *b = shmat(id, NULL, 0);
	CHECK(a != (void *)-1 && b != (void *)-1 && a != b, "shmat: %p %p", a, b);
	if (a == (void *)-1 || b == (void *)-1)
		return t_done();
	CHECK_EQ(((unsigned long)a) & 4095, 0);
	CHECK_EQ(a[SIZE - 1], 0);
	strcpy(a, "moo");
	a[3 * 4096 + 5] = 'x';
	CHECK(strcmp(b, "moo") == 0, "second attach reads '%s'", b);
	CHECK_EQ(b[3 * 4096 + 5], 'x');
	CHECK_EQ(nattch(id), 2);
	CHECK_OK(shmctl(id, IPC_STAT, &ds));
	CHECK_EQ(ds.shm_lpid, getpid());
	CHECK(ds.shm_atime != 0, "shm_atime not set by shmat");

	/* Across fork: inherited attaches count, and writes go both ways. */
	int pfd[2], cfd[2];
	CHECK_OK(pipe(pfd));
	CHECK_OK(pipe(cfd));
	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		if (nattch(id) != 4)
			bad |= 1;
		strcpy(a + 100, "child wrote");
		if (write(cfd[1], "w", 1) != 1)
			bad |= 2;
		char c;
		if (read(pfd[0], &c, 1) != 1)   /* the parent has written */
			bad |= 4;
		if (strcmp(b + 200, "parent wrote") != 0)
			bad |= 8;
		if (shmdt(b) != 0)
			bad |= 16;
		if (nattch(id) != 3)
			bad |= 32;
		_exit(bad);
	}
	CHECK(pid > 0, "fork: errno %d", errno);
	char c;
	CHECK_EQ(read(cfd[0], &c, 1), 1);
	CHECK(strcmp(b + 100, "child wrote") == 0, "parent reads '%s'", b + 100);
	strcpy(a + 200, "parent wrote");
	CHECK_EQ(write(pfd[1], "p", 1), 1);
	int status;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	CHECK_EQ(nattch(id), 2);                /* the child's exit detached its copy */

	/* shmdt drops one attach; the other still holds the data. */
	CHECK_OK(shmdt(a));
	CHECK_EQ(nattch(id), 1);
	CHECK(strcmp(b, "moo") == 0, "after shmdt: '%s'", b);
	CHECK_OK(shmctl(id, IPC_STAT, &ds));
	CHECK(ds.shm_dtime != 0, "shm_dtime not set by shmdt");

	/* mprotect splits an attach in three areas, each an attach to
	 * shm_nattch; shmdt at its start takes all three. */
	char *s = shmat(id, NULL, 0);
	CHECK(s != (void *)-1, "shmat: errno %d", errno);
	CHECK_OK(mprotect(s + 4096, 4096, PROT_READ));
	CHECK_EQ(nattch(id), 4);
	CHECK_EQ(s[3 * 4096 + 5], 'x');
	CHECK_OK(shmdt(s));
	CHECK_EQ(nattch(id), 1);

	/* exec detaches: the exec'd child sees only the parent's attach. */
	pid = fork();
	if (pid == 0) {
		char idstr[32];
		snprintf(idstr, sizeof idstr, "%d", id);
		char *cargv[] = { argv[0], "exec-child", idstr, NULL };
		execv(argv[0], cargv);
		_exit(99);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "exec'd child status %#x", status);

	/* A keyed segment: IPC_RMID while attached hides the key at once,
	 * the id still works, and the last detach destroys it. */
	key_t key = 0x75736869;
	int kid = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
	CHECK(kid >= 0, "shmget(key): errno %d", errno);
	CHECK_EQ(shmget(key, 4096, 0), kid);
	char *k = shmat(kid, NULL, 0);
	CHECK(k != (void *)-1, "shmat(kid): errno %d", errno);
	int pkey = 0;
	unsigned pmode = 0;
	unsigned long psize = 0, pnatt = 0;
	CHECK_EQ(proc_line(kid, &pkey, &pmode, &psize, &pnatt), 1);
	CHECK_EQ(pkey, key);
	CHECK_EQ(pmode, 0600);
	CHECK_EQ(psize, 4096);
	CHECK_EQ(pnatt, 1);
	CHECK_OK(shmctl(kid, IPC_RMID, NULL));
	CHECK_OK(shmctl(kid, IPC_STAT, &ds));
	CHECK(ds.shm_perm.mode & SHM_DEST, "mode %#o lacks SHM_DEST", ds.shm_perm.mode);
	CHECK_EQ(ds.shm_perm.__key, IPC_PRIVATE);
	CHECK_ERR(shmget(key, 4096, 0), ENOENT);
	k[0] = 1;                               /* still mapped, still memory */
	CHECK_OK(shmdt(k));
	CHECK_ERR(shmctl(kid, IPC_STAT, &ds), EINVAL);
	CHECK_EQ(proc_line(kid, &pkey, &pmode, &psize, &pnatt), 0);

	/* The same for the private segment. */
	CHECK_OK(shmctl(id, IPC_RMID, NULL));
	CHECK_EQ(nattch(id), 1);
	CHECK_EQ(b[3 * 4096 + 5], 'x');
	CHECK_OK(shmdt(b));
	CHECK_ERR(shmctl(id, IPC_STAT, &ds), EINVAL);
	CHECK_ERR(shmat(id, NULL, 0), EINVAL);
	return t_done();
}
