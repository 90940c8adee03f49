/*
 * proc_pid_statm: /proc/self/statm is "size resident shared text 0 data 0\n"
 * in pages, as Linux's task_statm: size is VmSize, text spans the code
 * segment between stat's startcode and endcode, a private writable
 * mapping adds to data (a read-only one does not), a file mapping to
 * size only.  resident and shared are not compared exactly: Linux keeps
 * them in per-CPU counters that lag (man 5 proc: "inaccurate ... use
 * /proc/pid/smaps"), so a native run saw them off now and then; the
 * exact Rss is proc_smaps's to check.
 * Also stat's startcode/endcode hold main and startdata/enddata an
 * initialised global, as Linux's load_elf_binary sets them.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>

#define PG 4096UL
#define NPAGES 16

static volatile int initialised = 42;   /* in .data: between startdata and enddata */

struct statm {
	long size, resident, shared, text, lib, data, dt;
};

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	return n > 0 ? 0 : -1;
}

static int read_statm(struct statm *m)
{
	char buf[128];
	char nl = 0;
	if (read_file("/proc/self/statm", buf, sizeof buf))
		return -1;
	int n = sscanf(buf, "%ld %ld %ld %ld %ld %ld %ld%c", &m->size, &m->resident, &m->shared,
		       &m->text, &m->lib, &m->data, &m->dt, &nl);
	return n == 8 && nl == '\n' && buf[strlen(buf) - 1] == '\n' ? 0 : -1;
}

/* Field k (1-based) of /proc/self/stat, counted after the comm's ')'. */
static unsigned long stat_field(int k)
{
	char buf[2048];
	if (read_file("/proc/self/stat", buf, sizeof buf))
		return 0;
	char *p = strrchr(buf, ')');
	for (int i = 2; p && i < k; i++)
		p = strchr(p + 1, ' ');
	return p ? strtoul(p + 1, NULL, 10) : 0;
}

static long vm_size_kb(void)
{
	char buf[2048];
	if (read_file("/proc/self/status", buf, sizeof buf))
		return -1;
	char *p = strstr(buf, "VmSize:");
	return p ? atol(p + 7) : -1;
}

static void check_code_data(struct statm *m)
{
	unsigned long sc = stat_field(26), ec = stat_field(27);
	unsigned long sd = stat_field(45), ed = stat_field(46);
	unsigned long fn = (unsigned long)&read_statm, var = (unsigned long)&initialised;
	CHECK(sc <= fn && fn < ec, "startcode..endcode holds the code");
	CHECK(sd <= var && var < ed, "startdata..enddata holds .data");
	CHECK_EQ(m->text, (long)(((ec + PG - 1) & ~(PG - 1)) - (sc & ~(PG - 1))) / (long)PG);
	CHECK(m->text > 0, "text %ld pages", m->text);
}

static void check_anon(void)
{
	struct statm a, b, c;
	CHECK_OK(read_statm(&a));
	char *rw = mmap(NULL, NPAGES * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *ro = mmap(NULL, NPAGES * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(rw != MAP_FAILED && ro != MAP_FAILED, "mmap");
	CHECK_OK(read_statm(&b));
	CHECK_EQ(b.size - a.size, 2 * NPAGES);
	CHECK_EQ(b.data - a.data, NPAGES);      /* the read-only one is no data */
	for (unsigned long i = 0; i < NPAGES; i++)
		rw[i * PG] = 1;
	CHECK_OK(read_statm(&c));
	CHECK(c.resident > 0 && c.resident <= c.size, "resident %ld of %ld pages", c.resident, c.size);
	munmap(rw, NPAGES * PG);
	munmap(ro, NPAGES * PG);
}

static void check_file(void)
{
	const char *path = "/tmp/proc_pid_statm";
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "create %s", path);
	if (fd < 0)
		return;
	char page[PG];
	memset(page, 'x', sizeof page);
	CHECK_EQ(write(fd, page, sizeof page), (long)PG);
	char *p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap the file");
	struct statm a, b;
	CHECK_OK(read_statm(&a));
	CHECK_EQ(*(volatile char *)p, 'x');
	munmap(p, PG);
	CHECK_OK(read_statm(&b));
	CHECK_EQ(a.size - b.size, 1);           /* the file's page left VmSize */
	CHECK_EQ(a.data - b.data, 0);           /* a shared mapping is no data */
	CHECK(a.shared <= a.resident, "shared %ld of resident %ld", a.shared, a.resident);
	close(fd);
	unlink(path);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	struct statm m;
	CHECK_OK(read_statm(&m));
	CHECK_OK(read_statm(&m));               /* the buffers' pages are in now */
	CHECK_EQ(m.lib, 0);
	CHECK_EQ(m.dt, 0);
	CHECK(m.resident >= m.shared && m.resident > 0, "resident %ld shared %ld", m.resident, m.shared);
	CHECK_EQ(m.size * 4, vm_size_kb());
	check_code_data(&m);
	check_anon();
	check_file();
	t_log("7 fields; size, text and data move as Linux's");
	return t_done();
}
