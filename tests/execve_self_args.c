/*
 * execve_self_args: a successful execve of argv[0] in "child" mode.  The
 * new image gets exactly the argv and envp passed (empty strings, long
 * strings, many entries, in order, NULL-terminated), keeps its pid, keeps
 * fds without FD_CLOEXEC (same offset) and loses those with it, keeps
 * ignored signals ignored but resets handled ones to SIG_DFL, and finds
 * the auxv musl needs (AT_PAGESZ 4096, AT_PHDR/AT_PHNUM, AT_RANDOM,
 * AT_EXECFN).  The child reports through a pipe and its exit status.
 */
#include "t.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/wait.h>

extern char **environ;

static void on_usr1(int sig) { (void)sig; }

/* The exec'd side: argv = { self, "child", keepfd, cloexecfd, reportfd,
 * "", long, "x y z", NULL }.  Writes the results into reportfd. */
static int child(int argc, char **argv)
{
	int bad = 0;
	if (argc != 8) bad |= 1;
	static char longarg[3001];
	memset(longarg, 'L', 3000);
	if (argc == 8) {
		if (strcmp(argv[5], "") != 0) bad |= 2;
		if (strcmp(argv[6], longarg) != 0) bad |= 2;
		if (strcmp(argv[7], "x y z") != 0) bad |= 2;
	}
	if (argv[argc] != NULL) bad |= 2;
	/* The environment, exactly. */
	int n = 0;
	while (environ[n])
		n++;
	if (n != 42) bad |= 4;
	else {
		if (strcmp(environ[0], "FIRST=1") || strcmp(environ[1], "EMPTY=") ||
		    strcmp(environ[41], "LAST=the end")) bad |= 4;
		for (int i = 2; i < 41; i++) {
			char want[32];
			snprintf(want, sizeof want, "VAR%d=value%d", i, i * i);
			if (strcmp(environ[i], want)) bad |= 4;
		}
	}
	if (!getenv("FIRST") || strcmp(getenv("FIRST"), "1")) bad |= 4;
	if (argc != 8)
		return bad;
	int keep = atoi(argv[2]), gone = atoi(argv[3]), rep = atoi(argv[4]);
	/* fds: the one without FD_CLOEXEC is open at the same offset. */
	if (fcntl(gone, F_GETFD) != -1 || errno != EBADF) bad |= 8;
	if (lseek(keep, 0, SEEK_CUR) != 3) bad |= 16;
	char m[1];
	if (read(keep, m, 1) != 1 || m[0] != 'F') bad |= 16;   /* "\177ELF"[3] */
	/* Signals: ignored stays ignored, a handler becomes SIG_DFL. */
	struct sigaction sa;
	if (sigaction(SIGPIPE, NULL, &sa) || sa.sa_handler != SIG_IGN) bad |= 32;
	if (sigaction(SIGUSR1, NULL, &sa) || sa.sa_handler != SIG_DFL) bad |= 32;
	/* auxv. */
	if (getauxval(AT_PAGESZ) != 4096) bad |= 64;
	if (!getauxval(AT_PHDR) || getauxval(AT_PHNUM) < 2 || getauxval(AT_PHENT) != 56) bad |= 64;
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	if (!rnd) bad |= 64;
	const char *fn = (const char *)getauxval(AT_EXECFN);
	if (!fn || strcmp(fn, argv[0])) bad |= 64;
	if (getauxval(AT_ENTRY) == 0) bad |= 64;
	/* Report the pid through the pipe. */
	pid_t me = getpid();
	if (write(rep, &me, sizeof me) != sizeof me) bad |= 128;
	return bad;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		_exit(child(argc, argv));
	t_start(argv[0]);

	int keep = open(argv[0], O_RDONLY);
	int gone = open(argv[0], O_RDONLY | O_CLOEXEC);
	CHECK(keep >= 0 && gone >= 0, "open self: %s", strerror(errno));
	CHECK_EQ(lseek(keep, 3, SEEK_SET), 3);
	int p[2];
	CHECK_EQ(pipe(p), 0);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGUSR1, on_usr1);

	char kbuf[16], gbuf[16], rbuf[16];
	snprintf(kbuf, sizeof kbuf, "%d", keep);
	snprintf(gbuf, sizeof gbuf, "%d", gone);
	snprintf(rbuf, sizeof rbuf, "%d", p[1]);
	static char longarg[3001];
	memset(longarg, 'L', 3000);
	char *cargv[] = { argv[0], "child", kbuf, gbuf, rbuf, "", longarg, "x y z", NULL };
	static char envbuf[42][32];
	char *cenv[43];
	strcpy(envbuf[0], "FIRST=1");
	strcpy(envbuf[1], "EMPTY=");
	for (int i = 2; i < 41; i++)
		snprintf(envbuf[i], sizeof envbuf[i], "VAR%d=value%d", i, i * i);
	strcpy(envbuf[41], "LAST=the end");
	for (int i = 0; i < 42; i++)
		cenv[i] = envbuf[i];
	cenv[42] = NULL;

	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		execve(argv[0], cargv, cenv);
		_exit(200);
	}
	CHECK(pid > 0, "fork: %s", strerror(errno));
	close(p[1]);
	pid_t reported = 0;
	CHECK_EQ(read(p[0], &reported, sizeof reported), sizeof reported);
	CHECK(reported == pid, "the exec'd child has another pid");
	char c;
	CHECK_EQ(read(p[0], &c, 1), 0);             /* the child closed it by exiting */
	close(p[0]);
	int status = 0;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status), "status %#x", status);
	int bad = WEXITSTATUS(status);
	CHECK(bad != 200, "execve failed in the child");
	CHECK(!(bad & 1), "argc wrong");
	CHECK(!(bad & 2), "argv strings wrong");
	CHECK(!(bad & 4), "environment wrong");
	CHECK(!(bad & 8), "FD_CLOEXEC fd still open after exec");
	CHECK(!(bad & 16), "fd without FD_CLOEXEC lost or offset moved");
	CHECK(!(bad & 32), "signal dispositions wrong after exec");
	CHECK(!(bad & 64), "auxv entries wrong");
	CHECK(!(bad & 128), "report write failed");
	/* The parent's offset on keep is shared with the child: it read 1 byte. */
	CHECK_EQ(lseek(keep, 0, SEEK_CUR), 4);

	/* An exec'd image with an empty environment and only argv[0]+mode. */
	char *argv2[] = { argv[0], "child", NULL };
	char *env2[] = { NULL };
	pid = fork();
	if (pid == 0) {
		execve(argv[0], argv2, env2);
		_exit(200);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	/* argc 2 and no environment: bit 1 (argc) and bit 4 (env count) only. */
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == (1 | 4), "status %#x", status);

	close(keep);
	close(gone);
	return t_done();
}
