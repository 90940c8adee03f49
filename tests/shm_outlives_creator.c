/*
 * shm_outlives_creator: a System V shared memory segment belongs to no
 * process.  One made, attached and written by a child that exits without
 * shmdt or IPC_RMID is still there for its parent: no attaches left, the
 * child's pid as creator, the child's data in it.  Only IPC_RMID ends it,
 * and then every frame it held comes back (the runner checks that on
 * ushi).  The fuzzer relies on both: it removes the segments its workers
 * left before it counts the frames.
 *
 * With kernel.shm_rmid_forced set, Linux destroys such a segment at its
 * creator's exit instead: the test cannot check anything then.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>

#define SIZE (2 * 4096)

static int rmid_forced(void)
{
	char c = '0';
	int fd = open("/proc/sys/kernel/shm_rmid_forced", O_RDONLY);
	if (fd >= 0) {
		if (read(fd, &c, 1) != 1)
			c = '0';
		close(fd);
	}
	return c != '0';
}

/* The child: a segment, written through an attach, left behind. */
static int child(int wfd)
{
	int id = shmget(IPC_PRIVATE, SIZE, IPC_CREAT | 0600);
	if (id == -1)
		return 1;
	char *p = shmat(id, NULL, 0);
	if (p == (char *)-1)
		return 2;
	for (int i = 0; i < SIZE; i += 4096)
		p[i] = (char)(0x5a + i / 4096);
	return write(wfd, &id, sizeof id) == sizeof id ? 0 : 3;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	if (rmid_forced())
		return t_skip("kernel.shm_rmid_forced is set: segments die with their creator");
	int p[2];
	CHECK_OK(pipe(p));
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		_exit(child(p[1]));
	}
	CHECK(pid > 0, "fork: errno %d", errno);
	close(p[1]);
	int id = -1, status = -1;
	CHECK_EQ(read(p[0], &id, sizeof id), sizeof id);
	close(p[0]);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	if (id == -1)
		return t_done();

	struct shmid_ds ds;
	CHECK_OK(shmctl(id, IPC_STAT, &ds));
	CHECK_EQ(ds.shm_nattch, 0);
	CHECK_EQ(ds.shm_segsz, SIZE);
	CHECK(ds.shm_cpid == pid, "shm_cpid is not the child's pid");
	CHECK(!(ds.shm_perm.mode & SHM_DEST), "mode %#o: marked for destruction", ds.shm_perm.mode);

	char *m = shmat(id, NULL, SHM_RDONLY);
	CHECK(m != (char *)-1, "shmat: errno %d", errno);
	if (m != (char *)-1) {
		for (int i = 0; i < SIZE; i += 4096)
			CHECK_EQ(m[i], (char)(0x5a + i / 4096));
		CHECK_OK(shmdt(m));
	}

	CHECK_OK(shmctl(id, IPC_RMID, NULL));
	CHECK_ERR(shmctl(id, IPC_STAT, &ds), EINVAL);
	t_log("a segment left by its exited creator keeps its data until IPC_RMID");
	return t_done();
}
