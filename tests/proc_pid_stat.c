/*
 * proc_pid_stat: /proc/self/stat has Linux's 52 fields, and the ones a
 * tool like ps reads agree with the system calls: pid, comm, state,
 * ppid, pgrp, session, number of threads.
 */
#include "t.h"
#include <fcntl.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	char buf[2048] = "";
	int fd = open("/proc/self/stat", O_RDONLY);
	CHECK(fd >= 0, "open /proc/self/stat: %s", strerror(errno));
	if (fd < 0)
		return t_done();
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	CHECK(n > 0, "read");
	char *lp = strchr(buf, '('), *rp = strrchr(buf, ')');
	CHECK(lp && rp && rp > lp, "comm in parentheses: %s", buf);
	if (!lp || !rp)
		return t_done();
	*rp = 0;
	CHECK(strcmp(lp + 1, "proc_pid_stat") == 0, "comm is \"%s\"", lp + 1);
	long f[64] = { 0 };
	char state = 0;
	int fields = 2;                         /* pid and comm */
	char *p = rp + 2;
	CHECK(sscanf(p, "%c", &state) == 1, "state");
	for (char *tok = strtok(p + 1, " \n"); tok; tok = strtok(NULL, " \n")) {
		fields++;
		if (fields + 1 < 64)
			f[fields + 1] = strtol(tok, NULL, 10);  /* f[k] is field k (1-based) */
	}
	fields++;                               /* the state */
	CHECK_EQ(fields, 52);
	CHECK_EQ(atol(buf), getpid());
	CHECK(state == 'R', "state %c", state);
	CHECK_EQ(f[4], getppid());
	CHECK_EQ(f[5], getpgrp());
	CHECK_EQ(f[6], getsid(0));
	CHECK_EQ(f[20], 1);                     /* num_threads */
	t_log("52 fields; pid, comm, state, ppid, pgrp, session, threads agree");
	return t_done();
}
