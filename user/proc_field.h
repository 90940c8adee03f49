/*
 * proc_field.h - one number from a "Key: value" text file of /proc.
 *
 * /proc/meminfo, /proc/PID/status and fdinfo files are lines of
 * "Key:<spaces>number ...".  The test runner, the fuzzer, tests and demos
 * read single numbers from them (MemFree, VmLck, Threads); this is the one
 * reader they share.  Header-only: the programs are single files.
 */
#ifndef USHI_PROC_FIELD_H
#define USHI_PROC_FIELD_H

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The number after "key:" at the start of a line of path (key without its
 * colon), or -1 when the file cannot be read or has no such line.  Reads
 * up to 8 KiB, enough for every file it is used on.
 */
static inline long proc_field(const char *path, const char *key)
{
	char buf[8192];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	size_t klen = strlen(key);
	for (char *line = buf; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : 0)
		if (strncmp(line, key, klen) == 0 && line[klen] == ':')
			return strtol(line + klen + 1, NULL, 10);
	return -1;
}

/* Reads all of path (up to size - 1 bytes) into buf, NUL-terminated;
 * its length, or -1 when it cannot be opened. */
static inline int proc_read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), n = 0, r;
	if (fd < 0)
		return -1;
	while (n < (int)size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	return n;
}

#endif
