/*
 * t_ns.h - namespaces for the setns tests to join.
 *
 * tns_start forks a holder that takes new UTS and mount namespaces (its
 * hostname TNS_HOST; every mount private, so nothing reaches the
 * caller's; a tmpfs on dir holding the file TNS_HERE), then a new pid
 * namespace whose init (h->init, its number in the caller's namespace)
 * waits.  Both live until tns_stop.  tns_link(buf, pid, name) reads
 * /proc/PID/ns/NAME (pid 0: self), so two processes can be compared
 * without printing a number.
 */
#ifndef USHI_T_NS_H
#define USHI_T_NS_H

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define TNS_HOST "setns-holder"
#define TNS_HERE "here"

struct tns {
	pid_t holder, init;
	int go;                 /* closing it ends the holder and its init */
};

static inline void tns_holder(const char *dir, int ready, int go)
{
	char here[256], c;
	pid_t init = -1;
	snprintf(here, sizeof here, "%s/" TNS_HERE, dir);
	if (unshare(CLONE_NEWUTS | CLONE_NEWNS) == 0 &&
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
	    sethostname(TNS_HOST, strlen(TNS_HOST)) == 0 && mount("none", dir, "tmpfs", 0, NULL) == 0 &&
	    close(open(here, O_CREAT | O_WRONLY, 0600)) == 0 && unshare(CLONE_NEWPID) == 0) {
		init = fork();
		if (init == 0) {
			while (read(go, &c, 1) < 0 && errno == EINTR)
				;
			_exit(0);
		}
	}
	if (write(ready, &init, sizeof init) != sizeof init)
		init = -1;
	while (read(go, &c, 1) < 0 && errno == EINTR)
		;
	if (init > 0)
		waitpid(init, NULL, 0);
	_exit(init > 0 ? 0 : 1);
}

/* 0 when the holder and its init are in place. */
static inline int tns_start(struct tns *h, const char *dir)
{
	int ready[2], go[2];
	h->init = -1;
	if (mkdir(dir, 0700) || pipe(ready) || pipe(go))
		return -1;
	h->holder = fork();
	if (h->holder == 0) {
		close(ready[0]);
		close(go[1]);
		tns_holder(dir, ready[1], go[0]);
	}
	close(ready[1]);
	close(go[0]);
	h->go = go[1];
	if (read(ready[0], &h->init, sizeof h->init) != sizeof h->init)
		h->init = -1;
	close(ready[0]);
	return h->init > 0 ? 0 : -1;
}

/* Ends the holder and its init; their exit status (0: all well). */
static inline int tns_stop(struct tns *h)
{
	int st = -1;
	close(h->go);
	waitpid(h->holder, &st, 0);
	return st;
}

static inline const char *tns_link(char *buf, size_t size, pid_t pid, const char *name)
{
	char path[64];
	if (pid)
		snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, name);
	else
		snprintf(path, sizeof path, "/proc/self/ns/%s", name);
	ssize_t n = readlink(path, buf, size - 1);
	buf[n < 0 ? 0 : n] = 0;
	return buf;
}

/* Runs fn in a child; its exit status (0: every check there held). */
static inline int tns_in_child(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn(arg));
	int st = -1;
	waitpid(pid, &st, 0);
	return st;
}

#endif
