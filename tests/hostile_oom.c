/*
 * hostile_oom: a process that touches memory until none is left dies of
 * SIGKILL, and everything else keeps running.
 *
 * Overcommit first, as Linux's heuristic mode (vm.overcommit_memory 0):
 * one private writable mapping far larger than RAM + swap fails with
 * ENOMEM at once, while the same size with MAP_NORESERVE, or read-only,
 * is only address space and succeeds.
 *
 * Then the offender: a child maps anonymous memory in 4 MiB chunks (all
 * mapped first, so no mmap runs at exhaustion) and writes to every page,
 * chunk by chunk, counting in a shared page how far it got.  It must die
 * of SIGKILL (ushi: the process whose fault finds no frame dies; Linux:
 * the OOM killer picks the biggest, which is the offender) after touching
 * at least a quarter of its bound.  A bystander child holding 1 MiB of
 * its own keeps running with its memory intact, we keep running, and
 * afterwards memory is back: we touch 8 MiB and fork.  On ushi the runner
 * checks that every frame came back.
 *
 * The bound.  Exhausting a big host would hurt everything on it, so the
 * offender runs in a memory cgroup of its own, limited to 64 MiB with no
 * swap, when one can be made below our own cgroup (v1: memory.limit_in_bytes,
 * memsw and swappiness 0; v2: memory.max and memory.swap.max 0, also tried
 * at the hierarchy's root; the host's setup is never changed).  Without
 * one, the whole machine is the bound only if it has at most 1 GiB of RAM
 * (ushi under QEMU, which has no cgroups, or a small VM).  Otherwise the
 * test fails with a message and never starts the offender: passing would
 * claim the oracle agreed when it was never asked, and running unbounded
 * would risk the host.  As a last guard the offender stops by itself
 * (exit 3, a failure) after touching twice its bound.
 */
#include "t.h"
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>

#define MiB (1UL << 20)
#define CHUNK (4 * MiB)
#define CG_LIMIT (64 * MiB)
#define SMALL_MACHINE (1024 * MiB)

static char cg_dir[512];        /* the offender's cgroup, if we made one */

/* ---- overcommit ------------------------------------------------------------- */

/* vm.overcommit_memory, or 0 (heuristic) where there is no such file. */
static int overcommit_mode(void)
{
	char c = '0';
	int fd = open("/proc/sys/vm/overcommit_memory", O_RDONLY);
	if (fd >= 0) {
		if (read(fd, &c, 1) != 1)
			c = '0';
		close(fd);
	}
	return c - '0';
}

static void check_overcommit(void)
{
	struct sysinfo si;
	CHECK_OK(sysinfo(&si));
	unsigned long all = (si.totalram + si.totalswap) * si.mem_unit;
	unsigned long huge = 2 * all + 1024 * MiB;
	int mode = overcommit_mode();
	if (mode == 1) {
		t_log("vm.overcommit_memory is 1 (always): no mapping is refused, not checked");
		return;
	}
	t_log("one writable private mapping twice the size of RAM + swap: ENOMEM");
	CHECK_ERR(mmap(NULL, huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
	if (mode != 0)
		return;                 /* mode 2 refuses NORESERVE as well */
	t_log("the same with MAP_NORESERVE, or read-only: only address space, fine");
	void *p = mmap(NULL, huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		       -1, 0);
	CHECK(p != MAP_FAILED, "MAP_NORESERVE: %s", strerror(errno));
	if (p != MAP_FAILED)
		CHECK_OK(munmap(p, huge));
	p = mmap(NULL, huge, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "PROT_READ: %s", strerror(errno));
	if (p != MAP_FAILED)
		CHECK_OK(munmap(p, huge));
}

/* ---- the memory cgroup --------------------------------------------------------- */

static bool write_file(const char *dir, const char *name, const char *val)
{
	char path[640];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return false;
	bool ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok;
}

static bool has_file(const char *dir, const char *name)
{
	char path[640];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

/* Our cgroup's path in the hierarchy with this controller list ("memory"
 * for v1, "" for v2), from /proc/self/cgroup; false if none. */
static bool own_cgroup(const char *ctrl, char *path, size_t size)
{
	char buf[4096];
	int fd = open("/proc/self/cgroup", O_RDONLY);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		*c2 = 0;
		if (strcmp(c1 + 1, ctrl) == 0) {
			snprintf(path, size, "%s", c2 + 1);
			return true;
		}
	}
	return false;
}

/* Makes parent/hostile_oom.<pid> with a memory limit and no swap; true
 * if it worked. */
static bool make_cgroup(const char *parent, bool v2)
{
	snprintf(cg_dir, sizeof cg_dir, "%s/hostile_oom.%d", parent, (int)getpid());
	if (mkdir(cg_dir, 0755) && errno != EEXIST)
		goto none;
	char lim[32];
	snprintf(lim, sizeof lim, "%lu", CG_LIMIT);
	if (v2) {
		/* No memory.max: the controller is not enabled for the parent's
		 * children, and enabling it would change the host's setup. */
		if (!write_file(cg_dir, "memory.max", lim))
			goto undo;
		if (has_file(cg_dir, "memory.swap.max") && !write_file(cg_dir, "memory.swap.max", "0"))
			goto undo;
	} else {
		if (!write_file(cg_dir, "memory.limit_in_bytes", lim))
			goto undo;
		if (has_file(cg_dir, "memory.memsw.limit_in_bytes") &&
		    !write_file(cg_dir, "memory.memsw.limit_in_bytes", lim))
			goto undo;
		write_file(cg_dir, "memory.swappiness", "0");   /* a hint; memsw is the bound */
	}
	return true;
undo:
	rmdir(cg_dir);
none:
	cg_dir[0] = 0;
	return false;
}

/* A memory cgroup for the offender: below ours (v1 or v2), or at the v2 root. */
static bool find_cgroup(void)
{
	char own[256], parent[512];
	if (own_cgroup("memory", own, sizeof own)) {
		snprintf(parent, sizeof parent, "/sys/fs/cgroup/memory%s", own);
		if (make_cgroup(parent, false))
			return true;
	}
	if (has_file("/sys/fs/cgroup", "cgroup.controllers") && own_cgroup("", own, sizeof own)) {
		snprintf(parent, sizeof parent, "/sys/fs/cgroup%s", strcmp(own, "/") ? own : "");
		if (make_cgroup(parent, true))
			return true;
		if (strcmp(own, "/") && make_cgroup("/sys/fs/cgroup", true))
			return true;
	}
	return false;
}

/* The cgroup goes once its last process has been reaped (a moment on v2). */
static void remove_cgroup(void)
{
	if (!cg_dir[0])
		return;
	for (int i = 0; i < 100 && rmdir(cg_dir) && errno == EBUSY; i++) {
		struct timespec ms10 = { 0, 10 * 1000 * 1000 };
		nanosleep(&ms10, NULL);
	}
	CHECK(access(cg_dir, F_OK) != 0, "cannot remove the cgroup %s", cg_dir);
}

/* ---- the offender and the bystander -------------------------------------------------- */

/* Maps cap bytes in chunks, then writes to every page; *done counts the
 * bytes touched.  Returns only if it got through all of them. */
static void offend(unsigned long cap, volatile unsigned long *done)
{
	unsigned long n = cap / CHUNK;
	char **chunk = calloc(n, sizeof *chunk);
	if (!chunk)
		_exit(4);
	for (unsigned long i = 0; i < n; i++) {
		chunk[i] = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (chunk[i] == MAP_FAILED)
			_exit(5);
	}
	for (unsigned long i = 0; i < n; i++) {
		for (unsigned long off = 0; off < CHUNK; off += 4096) {
			chunk[i][off] = 1;
			*done += 4096;
		}
	}
}

/* A child with 1 MiB of its own that waits on go, then checks it. */
static pid_t bystander(int go[2])
{
	pid_t b = fork();
	if (b == 0) {
		close(go[1]);
		unsigned char *m = malloc(MiB);
		if (!m)
			_exit(2);
		for (unsigned long i = 0; i < MiB; i++)
			m[i] = (unsigned char)(i * 7 + 3);
		char c;
		if (read(go[0], &c, 1) != 1)
			_exit(3);
		for (unsigned long i = 0; i < MiB; i++)
			if (m[i] != (unsigned char)(i * 7 + 3))
				_exit(1);
		_exit(0);
	}
	close(go[0]);
	return b;
}

static void run_offender(unsigned long bound)
{
	volatile unsigned long *done = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
					    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(done != MAP_FAILED, "mmap: %s", strerror(errno));
	if (done == MAP_FAILED)
		return;
	*done = 0;                      /* faulted in now, not at exhaustion */
	int go[2], start[2];
	CHECK_OK(pipe(go));
	CHECK_OK(pipe(start));
	pid_t by = bystander(go);

	pid_t o = fork();
	if (o == 0) {
		char c;
		close(start[1]);
		if (read(start[0], &c, 1) != 1)         /* in its cgroup by now */
			_exit(6);
		offend(2 * bound, done);
		_exit(3);
	}
	close(start[0]);
	char pid[16];
	snprintf(pid, sizeof pid, "%d", (int)o);
	if (cg_dir[0] && !write_file(cg_dir, "cgroup.procs", pid)) {
		CHECK(0, "cannot move the offender into %s: %s", cg_dir, strerror(errno));
		kill(o, SIGKILL);
	}
	CHECK_OK(write(start[1], "s", 1));
	close(start[1]);

	int st = -1;
	CHECK_EQ(waitpid(o, &st, 0), o);
	CHECK(st != 3 << 8, "the offender touched %lu MiB, twice its bound, and was not stopped",
	      *done / MiB);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "the offender's status is %#x", st);
	CHECK(*done >= bound / 4, "the offender died after only %lu MiB of %lu", *done / MiB,
	      bound / MiB);
	t_log("the offender died of SIGKILL; the bystander and we go on");

	CHECK_OK(write(go[1], "g", 1));
	close(go[1]);
	st = -1;
	CHECK_EQ(waitpid(by, &st, 0), by);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the bystander's status is %#x", st);
	munmap((void *)done, 4096);
}

/* Memory is back: 8 MiB written and read, and a fork. */
static void memory_is_back(void)
{
	unsigned long n = 8 * MiB;
	unsigned char *m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap 8 MiB: %s", strerror(errno));
	if (m == MAP_FAILED)
		return;
	for (unsigned long i = 0; i < n; i += 4096)
		m[i] = (unsigned char)(i >> 12);
	unsigned long wrong = 0;
	for (unsigned long i = 0; i < n; i += 4096)
		wrong += m[i] != (unsigned char)(i >> 12);
	CHECK_EQ(wrong, 0);
	pid_t c = fork();
	if (c == 0)
		_exit(m[4096] == 1 ? 0 : 1);
	int st = -1;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a child after the OOM: status %#x", st);
	CHECK_OK(munmap(m, n));
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	check_overcommit();

	struct sysinfo si;
	CHECK_OK(sysinfo(&si));
	unsigned long ram = si.totalram * si.mem_unit, bound;
	if (find_cgroup()) {
		bound = CG_LIMIT;
		t_log("the offender runs in a memory cgroup limited to %lu MiB", bound / MiB);
	} else if (ram <= SMALL_MACHINE) {
		bound = ram;
		t_log("no memory cgroup: the offender's bound is this small machine's RAM");
	} else {
		CHECK(0, "refusing to exhaust %lu MiB of RAM: no memory cgroup could be made "
		      "(root and a writable cgroup v1 memory or v2 hierarchy are needed)", ram / MiB);
		return t_done();
	}
	run_offender(bound);
	remove_cgroup();
	memory_is_back();
	CHECK_ERR(wait(NULL), ECHILD);
	return t_done();
}
