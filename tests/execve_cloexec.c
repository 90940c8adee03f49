/*
 * execve_cloexec: at execve, fds with FD_CLOEXEC are closed and the others
 * stay open, still sharing their open file (offset) with the parent, with
 * FD_CLOEXEC still clear.  The flag comes from O_CLOEXEC at open,
 * pipe2(O_CLOEXEC), dup3(O_CLOEXEC), F_DUPFD_CLOEXEC or F_SETFD, and
 * F_SETFD 0 clears it.  The new image (this program again) gets the list
 * of fds and what to expect on its command line.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/wait.h>

#define TMP "/tmp/execve_cloexec.tmp"

/* New image: argv[2..] are "fd:o" (open, offset 3 for the file) or "fd:c" (closed). */
static int check_fds(int argc, char **argv)
{
	int bad = 0;
	for (int i = 2; i < argc; i++) {
		int fd = atoi(argv[i]);
		char want = strchr(argv[i], ':')[1];
		int fl = fcntl(fd, F_GETFD);
		if (want == 'c') {
			if (fl != -1 || errno != EBADF) {
				dprintf(2, "fd %d should be closed\n", fd);
				bad++;
			}
		} else {
			if (fl != 0) {
				dprintf(2, "fd %d should be open without FD_CLOEXEC (%d)\n", fd, fl);
				bad++;
			}
			if (want == 'f' && lseek(fd, 0, SEEK_CUR) != 3) {
				dprintf(2, "fd %d lost its offset\n", fd);
				bad++;
			}
		}
	}
	return bad;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return check_fds(argc, argv) ? 1 : 42;
	t_start(argv[0]);
	unlink(TMP);
	int f_cloexec = open(TMP, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	CHECK(f_cloexec >= 0, "open " TMP);
	CHECK_EQ(write(f_cloexec, "abc", 3), 3);
	int f_plain = open(TMP, O_RDWR);
	CHECK_EQ(lseek(f_plain, 3, SEEK_SET), 3);
	int f_dup = dup(f_cloexec);                      /* dup clears FD_CLOEXEC */
	int f_dup3 = dup3(f_plain, 40, O_CLOEXEC);
	int f_dupfd = fcntl(f_plain, F_DUPFD_CLOEXEC, 50);
	int f_setfd = dup(f_plain);
	CHECK_OK(fcntl(f_setfd, F_SETFD, FD_CLOEXEC));
	int f_cleared = open(TMP, O_RDONLY | O_CLOEXEC);
	CHECK_OK(fcntl(f_cleared, F_SETFD, 0));
	int pc[2], pp[2];
	CHECK_OK(pipe2(pc, O_CLOEXEC));
	CHECK_OK(pipe(pp));
	CHECK_EQ(fcntl(f_cloexec, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(f_dup, F_GETFD), 0);
	CHECK_EQ(fcntl(f_dup3, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(f_dupfd, F_GETFD), FD_CLOEXEC);
	CHECK(f_dup3 == 40 && f_dupfd >= 50, "dup3 and F_DUPFD_CLOEXEC gave the asked-for numbers");

	char a[12][16];
	snprintf(a[0], 16, "%d:c", f_cloexec);
	snprintf(a[1], 16, "%d:f", f_plain);
	snprintf(a[2], 16, "%d:f", f_dup);
	snprintf(a[3], 16, "%d:c", f_dup3);
	snprintf(a[4], 16, "%d:c", f_dupfd);
	snprintf(a[5], 16, "%d:c", f_setfd);
	snprintf(a[6], 16, "%d:o", f_cleared);
	snprintf(a[7], 16, "%d:c", pc[0]);
	snprintf(a[8], 16, "%d:c", pc[1]);
	snprintf(a[9], 16, "%d:o", pp[0]);
	snprintf(a[10], 16, "%d:o", pp[1]);
	snprintf(a[11], 16, "%d:c", 60);                 /* never opened */
	char *args[15] = { argv[0], "check" };
	for (int i = 0; i < 12; i++)
		args[2 + i] = a[i];
	pid_t pid = fork();
	if (pid == 0) {
		execv(argv[0], args);
		_exit(127);
	}
	int st = -1;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "the new image found the fds as expected "
	      "(status 0x%x; details on stderr)", st);

	/* The parent's fds are all still open; closing in the child touched nothing here. */
	int fds[] = { f_cloexec, f_plain, f_dup, f_dup3, f_dupfd, f_setfd, f_cleared, pc[0], pc[1], pp[0], pp[1] };
	for (unsigned i = 0; i < sizeof fds / sizeof fds[0]; i++) {
		CHECK(fcntl(fds[i], F_GETFD) != -1, "parent fd #%u still open", i);
		close(fds[i]);
	}
	CHECK_OK(unlink(TMP));
	return t_done();
}
