/*
 * identity_ids_uname: who and where the test runs.  getuid, geteuid,
 * getgid, getegid are 0 (the tests run as root, on ushi and on Linux);
 * uname fills sysname, release, version and nodename (NUL-terminated,
 * non-empty) and machine "x86_64"; getpid == gettid in a single-threaded
 * process and stays the same; set_tid_address returns the tid; a child's
 * getppid is the parent's getpid and its pid differs; getppid is not 0.
 */
#include "t.h"
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

static int tidvar;

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	if (getuid() != 0 || geteuid() != 0)
		t_log("not running as root: these tests expect uid 0 (run them as root)");
	CHECK_EQ(getuid(), 0);
	CHECK_EQ(geteuid(), 0);
	CHECK_EQ(getgid(), 0);
	CHECK_EQ(getegid(), 0);
	CHECK_EQ(syscall(SYS_getuid), 0);
	CHECK_EQ(syscall(SYS_getegid), 0);

	struct utsname u;
	memset(&u, 0x7f, sizeof u);
	CHECK_EQ(uname(&u), 0);
	CHECK(memchr(u.sysname, 0, sizeof u.sysname) && u.sysname[0], "sysname empty or not terminated");
	CHECK(memchr(u.nodename, 0, sizeof u.nodename) && u.nodename[0], "nodename empty or not terminated");
	CHECK(memchr(u.release, 0, sizeof u.release) && u.release[0], "release empty or not terminated");
	CHECK(memchr(u.version, 0, sizeof u.version) && u.version[0], "version empty or not terminated");
	CHECK(memchr(u.machine, 0, sizeof u.machine) && strcmp(u.machine, "x86_64") == 0,
	      "machine is not x86_64");
	CHECK(memchr(u.domainname, 0, sizeof u.domainname) != NULL, "domainname not terminated");
	/* The release starts with a digit (Linux's "6.x", and ushi must look
	 * like a Linux version to libcs that parse it). */
	CHECK(u.release[0] >= '0' && u.release[0] <= '9', "release does not start with a digit");
	/* Every kernel of Linux's ABI calls itself Linux (LTP uname01);
	 * ushi names itself in the version. */
	CHECK(strcmp(u.sysname, "Linux") == 0, "sysname is \"%s\", not \"Linux\"", u.sysname);
	if (t_on_ushi())
		CHECK(strstr(u.release, "ushi") != NULL, "ushi's release does not name ushi");
	struct utsname u2;
	CHECK_EQ(syscall(SYS_uname, &u2), 0);
	CHECK(memcmp(&u, &u2, sizeof u) == 0, "two unames differ");

	pid_t me = getpid();
	CHECK(me > 0, "getpid");
	CHECK_EQ(syscall(SYS_gettid), me);
	CHECK_EQ(gettid(), me);
	CHECK_EQ(syscall(SYS_getpid), me);
	CHECK(getppid() > 0, "getppid is not positive");
	CHECK(getppid() != me, "getppid == getpid");

	/* set_tid_address returns the tid and does not write the variable. */
	tidvar = 12345;
	CHECK_EQ(syscall(SYS_set_tid_address, &tidvar), me);
	CHECK_EQ(tidvar, 12345);

	/* A child: new pid, parent is us, its tid is its pid. */
	int p[2];
	CHECK_EQ(pipe(p), 0);
	pid_t pid = fork();
	if (pid == 0) {
		pid_t ids[4] = { getpid(), (pid_t)syscall(SYS_gettid), getppid(),
				 (pid_t)syscall(SYS_set_tid_address, &tidvar) };
		_exit(write(p[1], ids, sizeof ids) == sizeof ids ? 0 : 1);
	}
	pid_t ids[4] = { 0 };
	CHECK_EQ(read(p[0], ids, sizeof ids), sizeof ids);
	int status = 0;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	CHECK(ids[0] == pid, "child's getpid is not what fork returned");
	CHECK(ids[1] == pid, "child's gettid is not its pid");
	CHECK(ids[2] == me, "child's getppid is not the parent");
	CHECK(ids[3] == pid, "child's set_tid_address is not its tid");
	CHECK(pid != me, "child has the parent's pid");
	CHECK_EQ(getpid(), me);
	close(p[0]);
	close(p[1]);
	return t_done();
}
