/*
 * cpuinfo_matches_affinity: the ways of counting CPUs agree.  On a
 * machine where nothing restricts the first process, /proc/cpuinfo has
 * one "processor : N" block per CPU of its affinity mask, N being exactly
 * those CPUs, each with its own "apicid" and the same "siblings" (at least
 * "cpu cores"); sysconf(_SC_NPROCESSORS_ONLN) and CPU_COUNT of the mask
 * give that number.  /proc/self/status shows the mask as Linux prints it:
 * "Cpus_allowed:" in hex, 32-bit chunks separated by commas, and
 * "Cpus_allowed_list:" as ranges ("0-3", "0,2"), for the process and for
 * a thread pinned elsewhere.
 */
#include "t.h"
#include "../user/proc_field.h"
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>

static char buf[1 << 17];

static int read_file(const char *path)
{
	return proc_read_file(path, buf, sizeof buf);
}

/* The value after "key:" in buf (tabs skipped), or NULL. */
static const char *field(const char *from, const char *key)
{
	size_t klen = strlen(key);
	for (const char *p = from; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, key, klen) == 0 && (p[klen] == ':' || p[klen] == '\t')) {
			p += klen;
			while (*p == '\t' || *p == ' ')
				p++;
			return *p == ':' ? p + 1 + strspn(p + 1, " \t") : NULL;
		}
	}
	return NULL;
}

static void check_cpuinfo(const cpu_set_t *mask)
{
	CHECK(read_file("/proc/cpuinfo") > 0, "read /proc/cpuinfo");
	cpu_set_t listed;
	CPU_ZERO(&listed);
	int blocks = 0, dup = 0, siblings = -1, same_siblings = 1, cores_ok = 1;
	unsigned apicids[CPU_SETSIZE];
	for (const char *b = buf; b && *b; b = strstr(b, "\n\n"), b = b ? b + 2 : NULL) {
		const char *p = field(b, "processor"), *a = field(b, "apicid");
		const char *s = field(b, "siblings"), *c = field(b, "cpu cores");
		if (!p)
			break;
		int cpu = atoi(p);
		if (cpu < 0 || cpu >= CPU_SETSIZE || CPU_ISSET(cpu, &listed))
			dup++;
		else
			CPU_SET(cpu, &listed);
		unsigned apicid = a ? strtoul(a, NULL, 10) : ~0u;
		for (int i = 0; i < blocks && i < CPU_SETSIZE; i++)
			dup += apicids[i] == apicid;
		if (blocks < CPU_SETSIZE)
			apicids[blocks] = apicid;
		int sib = s ? atoi(s) : -1;
		if (siblings < 0)
			siblings = sib;
		same_siblings &= sib == siblings;
		cores_ok &= c && atoi(c) >= 1 && atoi(c) <= sib;
		blocks++;
	}
	CHECK_EQ(dup, 0);
	CHECK_EQ(blocks, CPU_COUNT(mask));
	CHECK(CPU_EQUAL(&listed, mask), "the processor numbers are not the affinity's CPUs");
	CHECK(same_siblings && siblings >= 1, "siblings differ between blocks, or are missing");
	CHECK(cores_ok, "cpu cores missing, or above siblings");
	CHECK_EQ(sysconf(_SC_NPROCESSORS_ONLN), CPU_COUNT(mask));
}

/* Linux's %*pbl of mask: "0-2,5". */
static void list_of(const cpu_set_t *mask, char *out)
{
	const char *sep = "";
	out[0] = 0;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, mask))
			continue;
		int last = cpu;
		while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, mask))
			last++;
		out += last > cpu ? sprintf(out, "%s%d-%d", sep, cpu, last) : sprintf(out, "%s%d", sep, cpu);
		sep = ",";
		cpu = last;
	}
}

/* The status file at path shows mask in both of Linux's forms. */
static void check_status(const char *path, const cpu_set_t *mask)
{
	char want[1024], got[1024];
	CHECK(read_file(path) > 0, "read %s", path);
	const char *hex = field(buf, "Cpus_allowed"), *list = field(buf, "Cpus_allowed_list");
	CHECK(hex && list, "%s lacks Cpus_allowed or Cpus_allowed_list", path);
	if (!hex || !list)
		return;
	/* Hex chunks, most significant first: the first at most 8 digits, the others 8. */
	cpu_set_t parsed;
	CPU_ZERO(&parsed);
	size_t len = strcspn(hex, "\n"), chunks = 1, widths_ok = 1;
	for (size_t i = 0; i < len; i++)
		chunks += hex[i] == ',';
	const char *p = hex;
	for (size_t c = 0; c < chunks; c++) {
		size_t w = strspn(p, "0123456789abcdef");
		widths_ok &= c == 0 ? w >= 1 && w <= 8 : w == 8;
		unsigned long v = strtoul(p, NULL, 16);
		for (int bit = 0; bit < 32; bit++)
			if (v >> bit & 1 && (chunks - 1 - c) * 32 + bit < CPU_SETSIZE)
				CPU_SET((chunks - 1 - c) * 32 + bit, &parsed);
		p += w + 1;
	}
	CHECK(widths_ok, "Cpus_allowed: %.*s", (int)len, hex);
	CHECK(CPU_EQUAL(&parsed, mask), "Cpus_allowed: %.*s", (int)len, hex);
	list_of(mask, want);
	snprintf(got, sizeof got, "%.*s", (int)strcspn(list, "\n"), list);
	CHECK(strcmp(got, want) == 0, "%s: Cpus_allowed_list: %s, expected %s", path, got, want);
}

static cpu_set_t thread_pin;
static int thread_pinned;

static void *pinned_thread(void *arg)
{
	(void)arg;
	if (sched_setaffinity(0, sizeof thread_pin, &thread_pin) == 0) {
		char path[64];
		snprintf(path, sizeof path, "/proc/self/task/%ld/status", (long)syscall(SYS_gettid));
		check_status(path, &thread_pin);
		thread_pinned = 1;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	cpu_set_t mask;
	CHECK_OK(sched_getaffinity(0, sizeof mask, &mask));
	check_cpuinfo(&mask);
	check_status("/proc/self/status", &mask);

	/* A thread pinned to the last CPU: its status says so, the process's does not change. */
	int last = -1;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &mask))
			last = cpu;
	CPU_ZERO(&thread_pin);
	CPU_SET(last, &thread_pin);
	pthread_t th;
	CHECK_EQ(pthread_create(&th, NULL, pinned_thread, NULL), 0);
	CHECK_EQ(pthread_join(th, NULL), 0);
	CHECK(thread_pinned, "the thread could not pin itself");
	check_status("/proc/self/status", &mask);

	/* Two CPUs apart, if there are: "0,2"-style lists. */
	if (CPU_COUNT(&mask) >= 3) {
		cpu_set_t gap;
		CPU_ZERO(&gap);
		int first = -1;
		for (int cpu = 0; cpu < CPU_SETSIZE && first < 0; cpu++)
			if (CPU_ISSET(cpu, &mask))
				first = cpu;
		CPU_SET(first, &gap);
		CPU_SET(last, &gap);
		CHECK_OK(sched_setaffinity(0, sizeof gap, &gap));
		check_status("/proc/self/status", &gap);
		CHECK_OK(sched_setaffinity(0, sizeof mask, &mask));
	}
	return t_done();
}
