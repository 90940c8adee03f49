/*
 * binfmt_script.c - "#!" scripts: a file that starts with "#!" names
 * the program that runs it.
 *
 * The first line is "#!" [spaces] interpreter [spaces argument] "\n":
 * the interpreter's path, and everything after it (trimmed) as at most
 * one argument, spaces included, as Linux splits it.  Only the first
 * BINPRM_BUF_SIZE bytes are looked at: a line cut there is fine if the
 * interpreter's name ended before the cut (the argument may be cut; the
 * interpreter can read the script itself), else it is not a script.
 *
 * argv becomes { interpreter, [argument,] script name, argv[1], ... }:
 * the script's own argv[0] is dropped, and its name is the one execve was
 * given (or /dev/fd/N for execveat of an fd).  The interpreter may be a
 * script too; kernel/exec.c bounds how deep (ELOOP).
 */
#include <binfmts.h>
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>

static bool spacetab(char c)
{
	return c == ' ' || c == '\t';
}

/* The first byte of [first, last] that is no space or tab, or NULL. */
static const char *next_non_spacetab(const char *first, const char *last)
{
	for (; first <= last; first++)
		if (!spacetab(*first))
			return first;
	return NULL;
}

/* The first space, tab or NUL in [first, last], or NULL. */
static const char *next_terminator(const char *first, const char *last)
{
	for (; first <= last; first++)
		if (spacetab(*first) || !*first)
			return first;
	return NULL;
}

/*
 * Finds the end of the "#!" line in buf: its newline, or, with none,
 * the buffer's end if the interpreter's name is known to end before it.
 * NULL: no usable line (ENOEXEC).
 */
static const char *line_end(const char *buf)
{
	const char *last = buf + BINPRM_BUF_SIZE - 1;
	for (const char *c = buf; c <= last; c++)
		if (*c == '\n')
			return c;
	const char *name = next_non_spacetab(buf + 2, last);
	if (!name || !next_terminator(name, last))
		return NULL;            /* all blanks, or the name itself is cut */
	return last;
}

/* One more argument at the front of argv. */
static int push_arg(const char *s, struct linux_binprm *b)
{
	int err = copy_string_kernel(s, b);
	if (!err)
		b->argc++;
	return err;
}

/*
 * Linux's load_script: -ENOEXEC unless bprm->buf starts with "#!";
 * otherwise rewrites argv and opens the interpreter into
 * bprm->interpreter, or fails with -errno.
 */
int load_script(struct linux_binprm *b)
{
	char *buf = b->buf;
	if (buf[0] != '#' || buf[1] != '!')
		return -ENOEXEC;
	char *end = (char *)line_end(buf);
	if (!end)
		return -ENOEXEC;
	while (spacetab(end[-1]))
		end--;
	char *name = (char *)next_non_spacetab(buf + 2, end);
	if (!name || name == end)
		return -ENOEXEC;        /* no interpreter named */
	char *sep = (char *)next_terminator(name, end);
	char *arg = sep && *sep ? (char *)next_non_spacetab(sep, end) : NULL;
	/* The interpreter would open the script by its /dev/fd/N name, which
	 * will be closed by then: fail now, as Linux does. */
	if (b->interp_flags & BINPRM_FLAGS_PATH_INACCESSIBLE)
		return -ENOENT;
	/* Pushed in reverse: argv grows downwards on the new stack. */
	int err = remove_arg_zero(b);
	if (!err)
		err = push_arg(b->interp_name, b);
	*end = 0;
	if (!err && arg) {
		*sep = 0;
		err = push_arg(arg, b);
	}
	if (!err)
		err = push_arg(name, b);
	if (!err)
		err = bprm_change_interp(name, b);
	if (err)
		return err;
	struct file *f = open_exec(name);
	if (IS_ERR(f))
		return PTR_ERR(f);
	b->interpreter = f;
	return 0;
}
