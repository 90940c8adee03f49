/*
 * shm_sysctl - System V shared memory's tunables in /proc/sys/kernel, as
 * Linux: shmmax, shmall and shmmni read as IPC_INFO reports them and
 * bound shmget (a segment larger than shmmax is EINVAL, one past shmall
 * pages or shmmni segments ENOSPC); shm_next_id makes the next segment
 * take that id (the first free index from it on, if taken) and reads -1
 * again once used; a value out of range is EINVAL.  Each is restored.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/ipc.h>
#include <sys/shm.h>

static long read_num(const char *name, unsigned long *v)
{
	char path[64], buf[32] = { 0 };
	snprintf(path, sizeof path, "/proc/sys/kernel/%s", name);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	long n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	*v = strtoul(buf, NULL, 10);
	return 0;
}

static long write_str(const char *name, const char *val)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/sys/kernel/%s", name);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	long n = write(fd, val, strlen(val));
	int e = errno;
	close(fd);
	errno = e;
	return n < 0 ? -1 : 0;
}

static long write_num(const char *name, unsigned long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lu", v);
	return write_str(name, buf);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unsigned long shmmax, shmall, shmmni, next;
	CHECK_OK(read_num("shmmax", &shmmax));
	CHECK_OK(read_num("shmall", &shmall));
	CHECK_OK(read_num("shmmni", &shmmni));
	char buf[32] = { 0 };
	int fd = open("/proc/sys/kernel/shm_next_id", O_RDONLY);
	CHECK(fd >= 0, "open shm_next_id");
	CHECK(read(fd, buf, sizeof buf) > 0 && !strcmp(buf, "-1\n"), "shm_next_id reads -1");
	close(fd);
	struct shminfo info;
	CHECK(shmctl(0, IPC_INFO, (struct shmid_ds *)&info) >= 0, "IPC_INFO");
	CHECK_EQ(info.shmmax, shmmax);
	CHECK_EQ(info.shmall, shmall);
	CHECK_EQ(info.shmmni, shmmni);
	CHECK_EQ(info.shmmin, 1);

	/* shmmax bounds a segment's size, and IPC_INFO follows it. */
	CHECK_OK(write_num("shmmax", 8192));
	CHECK(shmctl(0, IPC_INFO, (struct shmid_ds *)&info) >= 0 && info.shmmax == 8192, "IPC_INFO follows");
	CHECK_ERR(shmget(IPC_PRIVATE, 8193, 0600), EINVAL);
	int id = shmget(IPC_PRIVATE, 8192, 0600);
	CHECK(id >= 0, "a segment of shmmax bytes");
	CHECK_OK(shmctl(id, IPC_RMID, NULL));
	CHECK_OK(write_num("shmmax", shmmax));

	/* shmall and shmmni: room for what exists now and no more. */
	struct shm_info si;
	CHECK(shmctl(0, SHM_INFO, (struct shmid_ds *)&si) >= 0, "SHM_INFO");
	CHECK_OK(write_num("shmall", si.shm_tot));
	CHECK_ERR(shmget(IPC_PRIVATE, 4096, 0600), ENOSPC);
	CHECK_OK(write_num("shmall", shmall));
	CHECK_OK(write_num("shmmni", si.used_ids));
	CHECK_ERR(shmget(IPC_PRIVATE, 4096, 0600), ENOSPC);
	CHECK_OK(write_num("shmmni", shmmni));
	CHECK_ERR(write_num("shmmni", 32769), EINVAL);
	CHECK_ERR(write_str("shmmni", "-1"), EINVAL);
	CHECK_ERR(write_str("shmmax", "-1"), EINVAL);

	/* shm_next_id: this id, once; a taken one gives the next index. */
	const int want = 7 * 32768 + 1234;
	CHECK_OK(write_num("shm_next_id", want));
	CHECK_OK(read_num("shm_next_id", &next));
	CHECK_EQ(next, want);
	int a = shmget(IPC_PRIVATE, 4096, 0600);
	CHECK_EQ(a, want);
	CHECK(read(fd = open("/proc/sys/kernel/shm_next_id", O_RDONLY), buf, sizeof buf) > 0 &&
	      !strcmp(buf, "-1\n"), "used: -1 again");
	close(fd);
	CHECK_OK(write_num("shm_next_id", want));
	int b = shmget(IPC_PRIVATE, 4096, 0600);
	CHECK_EQ(b, want + 1);
	CHECK_OK(shmctl(a, IPC_RMID, NULL));
	CHECK_OK(shmctl(b, IPC_RMID, NULL));
	return t_done();
}
