/*
 * shm_errors: System V shared memory's rules and errnos, as Linux.
 * shmget: EINVAL for size 0, a size above SHMMAX or past a file's
 * largest or larger than the existing segment's; ENOMEM for more than
 * all memory, unless SHM_NORESERVE; ENOENT without IPC_CREAT; EEXIST with
 * IPC_CREAT|IPC_EXCL; ENOSPC past kernel.shmmni segments.  shmat:
 * EINVAL for a bad or removed id, an unaligned address without SHM_RND,
 * SHM_REMAP without an address, an address over a mapping without
 * SHM_REMAP; SHM_RND rounds down; SHM_RDONLY memory faults on write.
 * shmdt: EINVAL but at the start of an attach.  shmctl: EINVAL for a bad
 * command or id, EFAULT for a bad buffer; IPC_SET, IPC_INFO, SHM_INFO,
 * SHM_STAT, SHM_LOCK.  As another user: EACCES by the mode bits, EPERM
 * for IPC_RMID and SHM_LOCK, SHM_STAT_ANY needs no permission.
 */
#include "t.h"
#include <signal.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>

#define PAGE 4096UL
#define BADPTR ((void *)16)

static int run_child(int (*fn)(int), int arg)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn(arg));
	int status;
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static char *ro;
static int write_ro(int unused)
{
	(void)unused;
	ro[0] = 1;
	return 0;
}

/* As another user: what the mode bits and ownership allow. */
static int as_nobody(int id)
{
	struct shmid_ds ds;
	int bad = 0;
	if (setgid(65534) || setuid(65534))
		return 100;
	errno = 0;
	if (shmat(id, NULL, 0) != (void *)-1 || errno != EACCES)
		bad |= 1;
	errno = 0;
	if (shmctl(id, IPC_STAT, &ds) != -1 || errno != EACCES)
		bad |= 2;
	errno = 0;
	if (shmctl(id, IPC_RMID, NULL) != -1 || errno != EPERM)
		bad |= 4;
	errno = 0;
	if (shmctl(id, SHM_LOCK, NULL) != -1 || errno != EPERM)
		bad |= 8;
	if (shmctl(id % 32768, SHM_STAT_ANY, &ds) != id)
		bad |= 16;
	errno = 0;
	if (shmctl(id % 32768, SHM_STAT, &ds) != -1 || errno != EACCES)
		bad |= 32;
	return bad;
}

static int as_nobody_key(int key)
{
	if (setgid(65534) || setuid(65534))
		return 100;
	errno = 0;
	if (shmget(key, 1, 0600) != -1 || errno != EACCES)
		return 1;
	return 0;
}

static void check_enospc(void)
{
	long mni = 4096;
	FILE *f = fopen("/proc/sys/kernel/shmmni", "r");
	if (f) {
		if (fscanf(f, "%ld", &mni) != 1)
			mni = 4096;
		fclose(f);
	}
	int *ids = malloc((mni + 1) * sizeof *ids);
	int n = 0, err = 0;
	while (n <= mni) {
		int id = shmget(IPC_PRIVATE, 1, 0600);
		if (id == -1) {
			err = errno;
			break;
		}
		ids[n++] = id;
	}
	CHECK_EQ(err, ENOSPC);
	CHECK(n > 0 && n <= mni, "%d segments made, shmmni %ld", n, mni);
	for (int i = 0; i < n; i++)
		shmctl(ids[i], IPC_RMID, NULL);
	free(ids);
	int id = shmget(IPC_PRIVATE, 1, 0600);
	CHECK(id >= 0, "shmget after freeing: errno %d", errno);
	shmctl(id, IPC_RMID, NULL);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);

	/* shmget */
	CHECK_ERR(shmget(IPC_PRIVATE, 0, 0600), EINVAL);
	CHECK_ERR(shmget(IPC_PRIVATE, ~0UL, 0600), EINVAL);
	CHECK_ERR(shmget(IPC_PRIVATE, (1UL << 63) + PAGE, 0600 | SHM_NORESERVE), EINVAL);
	CHECK_ERR(shmget(IPC_PRIVATE, 1UL << 50, 0600), ENOMEM);
	int big = shmget(IPC_PRIVATE, 1UL << 50, 0600 | SHM_NORESERVE);
	CHECK(big >= 0, "SHM_NORESERVE: errno %d", errno);
	CHECK_OK(shmctl(big, IPC_RMID, NULL));
	key_t key = 0x75736865;
	CHECK_ERR(shmget(key, PAGE, 0600), ENOENT);
	int id = shmget(key, 2 * PAGE, IPC_CREAT | IPC_EXCL | 0600);
	CHECK(id >= 0, "shmget: errno %d", errno);
	CHECK_ERR(shmget(key, PAGE, IPC_CREAT | IPC_EXCL | 0600), EEXIST);
	CHECK_ERR(shmget(key, 2 * PAGE + 1, 0600), EINVAL);
	CHECK_EQ(shmget(key, PAGE, IPC_CREAT | 0600), id);
	CHECK_EQ(shmget(key, 0, 0), id);
	int st = run_child(as_nobody_key, key);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "as nobody (shmget): status %#x", st);

	/* shmat */
	CHECK_ERR(shmat(-1, NULL, 0), EINVAL);
	CHECK_ERR(shmat(id + 1, NULL, 0), EINVAL);
	CHECK_ERR(shmat(id, NULL, SHM_REMAP), EINVAL);
	char *area = mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(area != MAP_FAILED, "mmap: errno %d", errno);
	CHECK_ERR(shmat(id, area + 1, 0), EINVAL);
	CHECK_ERR(shmat(id, area, 0), EINVAL);          /* over a mapping */
	CHECK_ERR(shmat(id, (void *)1, SHM_RND | SHM_REMAP), EINVAL);
	char *p = shmat(id, area + PAGE + 123, SHM_RND | SHM_REMAP);
	CHECK(p == area + PAGE, "SHM_RND|SHM_REMAP gave %p, expected %p", p, area + PAGE);
	CHECK_OK(munmap(area, 8 * PAGE));
	p = shmat(id, area + 123, SHM_RND);             /* free now: no SHM_REMAP needed */
	CHECK(p == area, "SHM_RND gave %p, expected %p", p, area);
	ro = shmat(id, NULL, SHM_RDONLY);
	CHECK(ro != (void *)-1, "SHM_RDONLY: errno %d", errno);
	p[0] = 42;
	CHECK_EQ(ro[0], 42);
	st = run_child(write_ro, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "write to SHM_RDONLY: status %#x", st);

	/* shmdt */
	CHECK_ERR(shmdt(p + 1), EINVAL);
	CHECK_ERR(shmdt(p + PAGE), EINVAL);             /* inside, not the start */
	CHECK_ERR(shmdt(&key), EINVAL);
	CHECK_OK(shmdt(p));
	CHECK_ERR(shmdt(p), EINVAL);
	CHECK_OK(shmdt(ro));

	/* shmctl */
	struct shmid_ds ds;
	CHECK_ERR(shmctl(id, 99, &ds), EINVAL);
	CHECK_ERR(shmctl(-1, IPC_STAT, &ds), EINVAL);
	CHECK_ERR(shmctl(id + 1, IPC_STAT, &ds), EINVAL);
	CHECK_ERR(shmctl(32767, IPC_STAT, &ds), EINVAL);        /* an index past shmmni */
	CHECK_ERR(shmctl(0x7fffffff, IPC_RMID, NULL), EINVAL);
	CHECK_ERR(shmctl(32767, SHM_STAT, &ds), EINVAL);
	CHECK_ERR(shmctl(32767, SHM_LOCK, NULL), EINVAL);
	CHECK_ERR(shmat(0x7fffffff, NULL, 0), EINVAL);
	CHECK_ERR(shmctl(id, IPC_STAT, BADPTR), EFAULT);
	CHECK_ERR(shmctl(id, IPC_SET, BADPTR), EFAULT);
	CHECK_OK(shmctl(id, IPC_STAT, &ds));
	ds.shm_perm.mode = 0640 | SHM_DEST;             /* only the permission bits change */
	CHECK_OK(shmctl(id, IPC_SET, &ds));
	CHECK_OK(shmctl(id, IPC_STAT, &ds));
	CHECK_EQ(ds.shm_perm.mode, 0640);
	CHECK(ds.shm_ctime != 0, "shm_ctime is 0");
	CHECK_EQ(shmctl(id % 32768, SHM_STAT, &ds), id);
	CHECK_EQ(ds.shm_segsz, 2 * PAGE);
	struct shminfo info;
	int maxidx = shmctl(0, IPC_INFO, (struct shmid_ds *)&info);
	CHECK(maxidx >= id % 32768, "IPC_INFO gave %d", maxidx);
	CHECK(info.shmmni > 0 && info.shmmin == 1, "shmmni %lu shmmin %lu", info.shmmni, info.shmmin);
	struct shm_info sinfo;
	CHECK(shmctl(0, SHM_INFO, (struct shmid_ds *)&sinfo) >= id % 32768, "SHM_INFO");
	CHECK(sinfo.__used_ids >= 1, "used_ids %d", sinfo.__used_ids);
	CHECK_OK(shmctl(id, SHM_LOCK, NULL));
	CHECK_OK(shmctl(id, IPC_STAT, &ds));
	CHECK(ds.shm_perm.mode & SHM_LOCKED, "mode %#o lacks SHM_LOCKED", ds.shm_perm.mode);
	CHECK_OK(shmctl(id, SHM_UNLOCK, NULL));
	CHECK_OK(shmctl(id, IPC_STAT, &ds));
	CHECK(!(ds.shm_perm.mode & SHM_LOCKED), "mode %#o keeps SHM_LOCKED", ds.shm_perm.mode);

	/* another user: mode 0640 gives it nothing (its group is not ours) */
	st = run_child(as_nobody, id);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "as nobody: status %#x", st);

	CHECK_OK(shmctl(id, IPC_RMID, NULL));
	CHECK_ERR(shmctl(id, IPC_RMID, NULL), EINVAL);
	CHECK_ERR(shmat(id, NULL, 0), EINVAL);

	check_enospc();
	return t_done();
}
