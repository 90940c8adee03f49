/*
 * exec_script_eloop: a script's interpreter may itself be a script, but
 * only so deep: as Linux's exec_binprm, a chain of 5 scripts before the
 * program runs, with every level's interpreter and argument in argv; 6
 * is ELOOP, and so is a script that names itself.  The chain fails before
 * the point of no return: the caller goes on.
 */
#include "t_exec.h"
#include <fcntl.h>

#define MAX_DEPTH 5

static void script_name(char *buf, size_t size, int level)
{
	snprintf(buf, size, "/tmp/exec_script_eloop.%d", level);
}

/* Script `level` runs script level-1 (level 1 runs prog) with argument "lN". */
static void write_script(int level, const char *prog)
{
	char name[64], interp[64], text[512];
	script_name(name, sizeof name, level);
	script_name(interp, sizeof interp, level - 1);
	snprintf(text, sizeof text, "#!%s l%d\n", level == 1 ? prog : interp, level);
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	CHECK(fd >= 0, "open %s: %s", name, strerror(errno));
	CHECK_EQ(write(fd, text, strlen(text)), (long)strlen(text));
	close(fd);
}

int main(int argc, char **argv)
{
	t_exec_report(argc, argv);
	t_start(argv[0]);
	char name[64], out[2048], want[2048];
	char *args[] = { "zero", "arg", NULL };

	for (int level = 1; level <= MAX_DEPTH + 1; level++)
		write_script(level, argv[0]);
	/* MAX_DEPTH scripts run, argv built level by level. */
	script_name(name, sizeof name, MAX_DEPTH);
	CHECK_EQ(t_exec_run(AT_FDCWD, name, 0, args, out, sizeof out), 0);
	snprintf(want, sizeof want, "%s", argv[0]);
	for (int level = 1; level <= MAX_DEPTH; level++) {
		char s[64];
		script_name(s, sizeof s, level);
		size_t n = strlen(want);
		snprintf(want + n, sizeof want - n, "|l%d|%s", level, s);
	}
	strcat(want, "|arg");
	CHECK(!strcmp(out, want), "argv %s, expected %s", out, want);
	/* One more is too deep. */
	script_name(name, sizeof name, MAX_DEPTH + 1);
	CHECK_EQ(t_exec_run(AT_FDCWD, name, 0, args, out, sizeof out), ELOOP);
	CHECK_ERR(execve(name, args, environ), ELOOP);

	/* A script that names itself. */
	int fd = open("/tmp/exec_script_eloop.self", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	const char *text = "#!/tmp/exec_script_eloop.self\n";
	CHECK_EQ(write(fd, text, strlen(text)), (long)strlen(text));
	close(fd);
	CHECK_ERR(execve("/tmp/exec_script_eloop.self", args, environ), ELOOP);
	CHECK_EQ(t_exec_run(AT_FDCWD, "/tmp/exec_script_eloop.self", 0, args, out, sizeof out), ELOOP);

	for (int level = 0; level <= MAX_DEPTH + 1; level++) {
		script_name(name, sizeof name, level);
		unlink(name);
	}
	unlink("/tmp/exec_script_eloop.self");
	return t_done();
}
