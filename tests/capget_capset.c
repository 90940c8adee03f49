/*
 * capget_capset: capget and capset, as Linux.  An unknown version gets
 * version 3 written back and EINVAL (with a NULL data pointer, capget's
 * probe, success); a bad header is EFAULT, a negative pid EINVAL, a pid
 * nobody has ESRCH.  Root's effective and permitted sets are its bounding
 * set (on ushi: all 41 capabilities of Linux 6.1), the inheritable set is
 * empty; version 1 copies one word of each set.  In a child: capset of
 * another pid is EPERM; the sets only shrink (a permitted capability
 * raised again, an effective one outside the permitted set, an inheritable
 * one outside the permitted set without CAP_SETPCAP or outside the
 * bounding set: EPERM); a fork inherits them; without CAP_SYS_ADMIN
 * sethostname and unshare(CLONE_NEWUTS) are EPERM; without CAP_SETPCAP
 * PR_CAPBSET_DROP is EPERM; leaving uid 0 in all three ids empties the
 * permitted and effective sets.
 */
#include "t.h"
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define V1 0x19980330
#define V3 0x20080522
#define BIT(c) (1ULL << (c))
#define CAP_CHOWN 0
#define CAP_KILL 5
#define CAP_SETPCAP 8
#define CAP_SYS_ADMIN 21

/* linux/capability.h's ABI (musl has no kernel headers). */
struct __user_cap_header_struct { unsigned version; int pid; };
struct __user_cap_data_struct { unsigned effective, permitted, inheritable; };

struct caps { unsigned long long e, p, i; };

static long capget_raw(struct __user_cap_header_struct *h, struct __user_cap_data_struct *d)
{
	return syscall(SYS_capget, h, d);
}

static long capset_raw(struct __user_cap_header_struct *h, const struct __user_cap_data_struct *d)
{
	return syscall(SYS_capset, h, d);
}

/* The sets of pid (0: ourselves), or all ones if capget fails. */
static struct caps get_caps(int pid)
{
	struct __user_cap_header_struct h = { V3, pid };
	struct __user_cap_data_struct d[2];
	struct caps c = { ~0ULL, ~0ULL, ~0ULL };
	if (capget_raw(&h, d) == 0) {
		c.e = d[0].effective | (unsigned long long)d[1].effective << 32;
		c.p = d[0].permitted | (unsigned long long)d[1].permitted << 32;
		c.i = d[0].inheritable | (unsigned long long)d[1].inheritable << 32;
	}
	return c;
}

static long set_caps(int pid, struct caps c)
{
	struct __user_cap_header_struct h = { V3, pid };
	struct __user_cap_data_struct d[2] = {
		{ (unsigned)c.e, (unsigned)c.p, (unsigned)c.i },
		{ (unsigned)(c.e >> 32), (unsigned)(c.p >> 32), (unsigned)(c.i >> 32) },
	};
	return capset_raw(&h, d);
}

static unsigned long long bounding_set(void)
{
	unsigned long long b = 0;
	for (int c = 0; c < 64; c++)
		if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 1)
			b |= BIT(c);
	return b;
}

static void probes_and_errors(void)
{
	struct __user_cap_header_struct h = { 0, 0 };
	struct __user_cap_data_struct d[2];
	CHECK_EQ(capget_raw(&h, NULL), 0);
	CHECK_EQ(h.version, V3);
	h.version = 0;
	CHECK_ERR(capget_raw(&h, d), EINVAL);
	CHECK_EQ(h.version, V3);
	h.version = 0x12345678;
	CHECK_ERR(capset_raw(&h, d), EINVAL);
	CHECK_EQ(h.version, V3);
	CHECK_ERR(capget_raw(NULL, d), EFAULT);
	CHECK_ERR(capget_raw(&h, (void *)1), EFAULT);
	CHECK_ERR(capset_raw(NULL, d), EFAULT);
	h.pid = -1;
	CHECK_ERR(capget_raw(&h, d), EINVAL);

	pid_t gone = fork();
	if (gone == 0)
		_exit(0);
	CHECK_EQ(waitpid(gone, NULL, 0), gone);
	h.pid = gone;
	CHECK_ERR(capget_raw(&h, d), ESRCH);
}

static void root_sets(void)
{
	struct caps c = get_caps(0);
	unsigned long long b = bounding_set();
	CHECK(c.e == b && c.p == b, "effective %llx permitted %llx, bounding set %llx", c.e, c.p, b);
	CHECK_EQ(c.i, 0);
	CHECK(b >> 41 == 0, "bounding set %llx beyond CAP_LAST_CAP 40", b);
	CHECK_ERR(prctl(PR_CAPBSET_READ, 64, 0, 0, 0), EINVAL);
	if (t_on_ushi())
		CHECK_EQ(b, (1ULL << 41) - 1);

	/* Version 1: one word of each set, the second left alone. */
	struct __user_cap_header_struct h = { V1, getpid() };
	struct __user_cap_data_struct d[2];
	memset(d, 0x5a, sizeof d);
	CHECK_EQ(capget_raw(&h, d), 0);
	CHECK_EQ(d[0].effective, (unsigned)b);
	CHECK_EQ(d[1].effective, 0x5a5a5a5a);
}

/* The checks that lower the sets, in a child of their own. */
static int lowering(pid_t parent)
{
	struct caps c = get_caps(0);
	CHECK_ERR(set_caps(parent, c), EPERM);
	CHECK_EQ(set_caps(getpid(), c), 0);

	struct caps no_kill = { c.e & ~BIT(CAP_KILL), c.p & ~BIT(CAP_KILL), 0 };
	CHECK_EQ(set_caps(0, no_kill), 0);
	struct caps g = get_caps(0);
	CHECK(g.e == no_kill.e && g.p == no_kill.p && g.i == 0, "sets %llx %llx %llx", g.e, g.p, g.i);
	CHECK_ERR(set_caps(0, c), EPERM);                       /* permitted raised again */
	struct caps e_out = no_kill;
	e_out.e |= BIT(CAP_KILL);
	CHECK_ERR(set_caps(0, e_out), EPERM);                   /* effective outside permitted */

	/* A child has our sets. */
	int p[2];
	CHECK_OK(pipe(p));
	pid_t k = fork();
	if (k == 0) {
		char x;
		read(p[0], &x, 1);
		_exit(0);
	}
	g = get_caps(k);
	CHECK(g.e == no_kill.e && g.p == no_kill.p, "child's sets %llx %llx", g.e, g.p);
	write(p[1], "x", 1);
	waitpid(k, NULL, 0);

	/* Inheritable: within the bounding set even with CAP_SETPCAP. */
	struct caps i_kill = no_kill;
	i_kill.i = BIT(CAP_KILL);
	CHECK_EQ(set_caps(0, i_kill), 0);                       /* CAP_SETPCAP: allowed */
	CHECK_EQ(set_caps(0, no_kill), 0);
	CHECK_EQ(prctl(PR_CAPBSET_DROP, CAP_KILL, 0, 0, 0), 0);
	CHECK_EQ(prctl(PR_CAPBSET_READ, CAP_KILL, 0, 0, 0), 0);
	CHECK_ERR(set_caps(0, i_kill), EPERM);                  /* outside the bounding set */
	CHECK_ERR(prctl(PR_CAPBSET_DROP, 64, 0, 0, 0), EINVAL);

	/* Without CAP_SETPCAP: no inheritable beyond permitted, no bounding drop. */
	struct caps no_pcap = no_kill;
	no_pcap.e &= ~BIT(CAP_SETPCAP);
	CHECK_EQ(set_caps(0, no_pcap), 0);
	struct caps i_pcap_out = { no_pcap.e, no_pcap.p & ~BIT(CAP_CHOWN), BIT(CAP_CHOWN) };
	CHECK_ERR(set_caps(0, i_pcap_out), EPERM);
	CHECK_ERR(prctl(PR_CAPBSET_DROP, CAP_CHOWN, 0, 0, 0), EPERM);

	/* Without CAP_SYS_ADMIN: no host name, no namespace. */
	struct caps no_admin = no_pcap;
	no_admin.e &= ~BIT(CAP_SYS_ADMIN);
	CHECK_EQ(set_caps(0, no_admin), 0);
	CHECK_ERR(sethostname("capless", 7), EPERM);
	CHECK_ERR(unshare(CLONE_NEWUTS), EPERM);
	no_admin.e |= BIT(CAP_SYS_ADMIN);
	CHECK_EQ(set_caps(0, no_admin), 0);                     /* still permitted */

	/* Leaving uid 0 everywhere: nothing left. */
	CHECK_EQ(setresuid(1000, 1000, 1000), 0);
	g = get_caps(0);
	CHECK(g.e == 0 && g.p == 0, "after setresuid: %llx %llx", g.e, g.p);
	return t_failed;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	probes_and_errors();
	root_sets();
	pid_t me = getpid();
	pid_t c = fork();
	if (c == 0)
		_exit(lowering(me));
	int st = -1;
	CHECK_EQ(waitpid(c, &st, 0), c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the lowering child: status %#x", st);
	/* Our own sets are untouched. */
	struct caps g = get_caps(0);
	CHECK_EQ(g.e, bounding_set());
	return t_done();
}
