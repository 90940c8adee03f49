/*
 * exec_script: execve of a "#!" script runs its interpreter, as Linux's
 * binfmt_script: argv becomes { interpreter, [one argument,] the script's
 * name as given, argv[1], ... } (the script's own argv[0] is dropped);
 * the argument is everything after the interpreter's name, inner blanks
 * kept, outer ones trimmed; only the first 256 bytes count (a cut
 * argument is fine, a cut interpreter name is ENOEXEC); a script may
 * name a script.  ENOEXEC for "#!" with no name, the interpreter's own
 * errno (ENOENT, EACCES) when it cannot run, EACCES for a script without
 * an x bit.  The interpreter is this test program, which reports its argv.
 */
#include "t_exec.h"
#include <fcntl.h>
#include <sys/stat.h>

#define S1 "/tmp/exec_script.1"
#define S2 "/tmp/exec_script.2"

static const char *self;

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	CHECK_EQ(write(fd, text, strlen(text)), (long)strlen(text));
	close(fd);
	chmod(path, mode);
}

/* Writes S1 with the given text after "#!" and runs it with argv {"zero", "a", "b"}. */
static int run_script(const char *line, char *out, size_t size)
{
	char text[600];
	snprintf(text, sizeof text, "#!%s", line);
	write_file(S1, text, 0755);
	char *argv[] = { "zero", "a", "b", NULL };
	return t_exec_run(AT_FDCWD, S1, 0, argv, out, size);
}

/* The script line "#!<line>" gives exactly the argv `want`. */
static void check_argv(const char *line, const char *want)
{
	char out[1024];
	CHECK_EQ(run_script(line, out, sizeof out), 0);
	CHECK(!strcmp(out, want), "#!%s: argv %s, expected %s", line, out, want);
}

int main(int argc, char **argv)
{
	t_exec_report(argc, argv);
	t_start(argv[0]);
	self = argv[0];
	char line[600], want[1024], out[1024];

	/* The interpreter, the script's name, then argv[1...]. */
	snprintf(line, sizeof line, "%s\n", self);
	snprintf(want, sizeof want, "%s|" S1 "|a|b", self);
	check_argv(line, want);
	/* One argument, inner blanks kept, outer blanks and a tab trimmed. */
	snprintf(line, sizeof line, " \t %s   one  two \t \nexit 3\n", self);
	snprintf(want, sizeof want, "%s|one  two|" S1 "|a|b", self);
	check_argv(line, want);
	/* No newline in the first 256 bytes: the argument is cut at byte 255. */
	char arg[300];
	memset(arg, 'x', sizeof arg - 1);
	arg[sizeof arg - 1] = 0;
	snprintf(line, sizeof line, "%s %s", self, arg);
	int kept = 255 - (2 + (int)strlen(self) + 1);
	snprintf(want, sizeof want, "%s|%.*s|" S1 "|a|b", self, kept, arg);
	check_argv(line, want);

	/* A script naming a script: each level puts its interpreter first. */
	snprintf(line, sizeof line, "#!%s inner\n", self);
	write_file(S2, line, 0755);
	snprintf(line, sizeof line, "#!" S2 " outer\n");
	write_file(S1, line, 0755);
	char *args[] = { "zero", "a", NULL };
	CHECK_EQ(t_exec_run(AT_FDCWD, S1, 0, args, out, sizeof out), 0);
	snprintf(want, sizeof want, "%s|inner|" S2 "|outer|" S1 "|a", self);
	CHECK(!strcmp(out, want), "nested: argv %s, expected %s", out, want);

	/* Not a usable "#!" line. */
	CHECK_EQ(run_script("\n", out, sizeof out), ENOEXEC);
	CHECK_EQ(run_script("  \t \n", out, sizeof out), ENOEXEC);
	memset(line, '/', 299);
	line[299] = 0;
	CHECK_EQ(run_script(line, out, sizeof out), ENOEXEC);      /* the name is cut */
	/* The interpreter cannot run. */
	CHECK_EQ(run_script("/nonexistent/interpreter\n", out, sizeof out), ENOENT);
	CHECK_EQ(run_script("/tmp\n", out, sizeof out), EACCES);
	write_file(S2, "\177ELF", 0644);
	CHECK_EQ(run_script(S2 "\n", out, sizeof out), EACCES);  /* no x bit */
	/* The script itself needs an x bit. */
	snprintf(line, sizeof line, "#!%s\n", self);
	write_file(S1, line, 0644);
	CHECK_EQ(t_exec_run(AT_FDCWD, S1, 0, args, out, sizeof out), EACCES);

	unlink(S1);
	unlink(S2);
	return t_done();
}
