/*
 * umask_modes: umask returns the previous mask and keeps only 0777; the
 * mode of files made by open(O_CREAT) and mkdir is the requested mode
 * minus the mask; the mask does not touch an existing file's mode when it
 * is reopened; a forked child inherits the mask and its changes stay in
 * the child.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define F "/tmp/umask_modes.f"
#define D "/tmp/umask_modes.d"

static int file_mode(mode_t req)
{
	unlink(F);
	int fd = open(F, O_WRONLY | O_CREAT | O_EXCL, req);
	if (fd < 0)
		return -1;
	struct stat st;
	int r = fstat(fd, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
	close(fd);
	unlink(F);
	return r;
}

static int dir_mode(mode_t req)
{
	rmdir(D);
	if (mkdir(D, req) != 0)
		return -1;
	struct stat st;
	int r = stat(D, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
	rmdir(D);
	return r;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	mode_t orig = umask(022);
	CHECK_EQ(umask(022), 022);
	CHECK_EQ(umask(077), 022);
	CHECK_EQ(umask(0), 077);
	CHECK_EQ(umask(01777), 0);     /* only the permission bits are kept */
	CHECK_EQ(umask(0), 0777);

	umask(0);
	CHECK_EQ(file_mode(0666), 0666);
	CHECK_EQ(file_mode(0777), 0777);
	CHECK_EQ(file_mode(0640), 0640);
	CHECK_EQ(dir_mode(0777), 0777);
	umask(022);
	CHECK_EQ(file_mode(0666), 0644);
	CHECK_EQ(file_mode(0777), 0755);
	CHECK_EQ(dir_mode(0777), 0755);
	CHECK_EQ(dir_mode(0700), 0700);
	umask(077);
	CHECK_EQ(file_mode(0666), 0600);
	CHECK_EQ(dir_mode(0755), 0700);
	umask(0777);
	CHECK_EQ(file_mode(0666), 0);
	CHECK_EQ(dir_mode(0777), 0);
	umask(027);
	CHECK_EQ(file_mode(0777), 0750);
	CHECK_EQ(dir_mode(0777), 0750);

	/* The mask applies at creation only. */
	umask(0);
	unlink(F);
	int fd = open(F, O_WRONLY | O_CREAT | O_EXCL, 0666);
	CHECK(fd >= 0, "create: %s", strerror(errno));
	close(fd);
	umask(0777);
	fd = open(F, O_WRONLY | O_CREAT, 0600);
	CHECK(fd >= 0, "reopen: %s", strerror(errno));
	struct stat st;
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_mode & 0777, 0666);
	close(fd);
	CHECK_EQ(unlink(F), 0);

	/* A child inherits the mask; its change does not reach the parent. */
	umask(023);
	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		if (umask(0) != 023) bad |= 1;
		if (file_mode(0777) != 0777) bad |= 2;
		_exit(bad);
	}
	int status = 0;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	CHECK_EQ(umask(023), 023);
	CHECK_EQ(file_mode(0777), 0754);

	umask(orig);
	return t_done();
}
