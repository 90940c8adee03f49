/*
 * sched_policy: sched_setscheduler/sched_setparam set a thread's policy
 * and real-time priority, sched_getscheduler/sched_getparam report them
 * back, fork inherits them (SCHED_RESET_ON_FORK gives the child
 * SCHED_OTHER), pthread_create with an explicit SCHED_FIFO attribute
 * works; sched_get_priority_max/min give each policy's range and
 * sched_rr_get_interval RR's 100 ms quantum (none for FIFO); Linux's
 * errnos: EINVAL for a bad policy, priority, pid or missing param,
 * EFAULT, ESRCH; without CAP_SYS_NICE EPERM for a real-time policy beyond
 * RLIMIT_RTPRIO, for leaving SCHED_IDLE, for dropping
 * SCHED_RESET_ON_FORK and for another user's task.
 */
#include "t.h"
#include <pthread.h>
#include <stdbool.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif
#ifndef SCHED_IDLE
#define SCHED_IDLE 5
#endif
#ifndef SCHED_BATCH
#define SCHED_BATCH 3
#endif

/* musl's sched_* wrappers are ENOSYS stubs for some calls: go raw. */
static long setsched(int pid, int policy, int prio)
{
	struct sched_param p = { .sched_priority = prio };
	return syscall(SYS_sched_setscheduler, pid, policy, &p);
}
static long setparam(int pid, int prio)
{
	struct sched_param p = { .sched_priority = prio };
	return syscall(SYS_sched_setparam, pid, &p);
}
static long getsched(int pid) { return syscall(SYS_sched_getscheduler, pid); }
static int getprio(int pid)
{
	struct sched_param p = { .sched_priority = -1 };
	return syscall(SYS_sched_getparam, pid, &p) ? -1 : p.sched_priority;
}

static void check_ranges(void)
{
	CHECK_EQ(syscall(SYS_sched_get_priority_max, SCHED_FIFO), 99);
	CHECK_EQ(syscall(SYS_sched_get_priority_min, SCHED_FIFO), 1);
	CHECK_EQ(syscall(SYS_sched_get_priority_max, SCHED_RR), 99);
	CHECK_EQ(syscall(SYS_sched_get_priority_min, SCHED_RR), 1);
	int others[] = { SCHED_OTHER, SCHED_BATCH, SCHED_IDLE };
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(syscall(SYS_sched_get_priority_max, others[i]), 0);
		CHECK_EQ(syscall(SYS_sched_get_priority_min, others[i]), 0);
	}
	CHECK_ERR(syscall(SYS_sched_get_priority_max, 4), EINVAL);
	CHECK_ERR(syscall(SYS_sched_get_priority_min, -1), EINVAL);
}

static void check_errors(int gone)
{
	CHECK_ERR(setsched(0, SCHED_FIFO, 0), EINVAL);
	CHECK_ERR(setsched(0, SCHED_FIFO, 100), EINVAL);
	CHECK_ERR(setsched(0, SCHED_OTHER, 1), EINVAL);
	CHECK_ERR(setsched(0, 4, 0), EINVAL);
	CHECK_ERR(setsched(0, -1, 0), EINVAL);
	CHECK_ERR(setsched(-1, SCHED_OTHER, 0), EINVAL);
	CHECK_ERR(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, (void *)8), EFAULT);
	CHECK_ERR(setsched(gone, SCHED_OTHER, 0), ESRCH);
	CHECK_ERR(setparam(0, 1), EINVAL);      /* SCHED_OTHER takes only 0 */
	CHECK_ERR(getsched(-1), EINVAL);
	CHECK_ERR(getsched(gone), ESRCH);
	CHECK_ERR(syscall(SYS_sched_getparam, 0, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_sched_getparam, 0, (void *)8), EFAULT);
	CHECK_ERR(syscall(SYS_sched_getparam, gone, &(struct sched_param){ 0 }), ESRCH);
	struct timespec ts;
	CHECK_ERR(syscall(SYS_sched_rr_get_interval, -1, &ts), EINVAL);
	CHECK_ERR(syscall(SYS_sched_rr_get_interval, gone, &ts), ESRCH);
	CHECK_ERR(syscall(SYS_sched_rr_get_interval, 0, (void *)8), EFAULT);
}

static void *report_policy(void *arg)
{
	(void)arg;
	return (void *)(long)(getsched(0) * 1000 + getprio(0));
}

/* As root: set, read back, inherit, reset on fork, per thread. */
static void check_privileged(void)
{
	CHECK_OK(setsched(0, SCHED_FIFO, 10));
	CHECK_EQ(getsched(0), SCHED_FIFO);
	CHECK_EQ(getprio(0), 10);
	struct timespec ts = { 7, 7 };
	CHECK_OK(syscall(SYS_sched_rr_get_interval, 0, &ts));
	CHECK(ts.tv_sec == 0 && ts.tv_nsec == 0, "FIFO has no quantum");
	CHECK_OK(setparam(0, 20));
	CHECK_EQ(getsched(0), SCHED_FIFO);
	CHECK_EQ(getprio(0), 20);
	CHECK_ERR(setparam(0, 0), EINVAL);
	CHECK_OK(setsched(0, SCHED_RR, 5));
	CHECK_OK(syscall(SYS_sched_rr_get_interval, 0, &ts));
	CHECK(ts.tv_sec == 0 && ts.tv_nsec == 100000000, "RR's quantum is 100 ms");

	pid_t c = fork();
	if (!c)
		_exit(getsched(0) == SCHED_RR && getprio(0) == 5 ? 0 : 1);
	int st;
	waitpid(c, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "fork inherits SCHED_RR 5");

	CHECK_OK(setsched(0, SCHED_FIFO | SCHED_RESET_ON_FORK, 3));
	CHECK_EQ(getsched(0), SCHED_FIFO | SCHED_RESET_ON_FORK);
	c = fork();
	if (!c)
		_exit(getsched(0) == SCHED_OTHER && getprio(0) == 0 ? 0 : 1);
	waitpid(c, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "SCHED_RESET_ON_FORK: the child is SCHED_OTHER");

	CHECK_OK(setsched(0, SCHED_OTHER, 0));
	CHECK_EQ(getsched(0), SCHED_OTHER);
	CHECK_OK(setsched(0, SCHED_BATCH, 0));
	CHECK_EQ(getsched(0), SCHED_BATCH);
	CHECK_OK(setsched(0, SCHED_IDLE, 0));
	CHECK_EQ(getsched(0), SCHED_IDLE);
	CHECK_OK(setsched(0, SCHED_OTHER, 0));

	/* musl's pthread_create sets an explicit policy from inside the new thread. */
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED);
	pthread_attr_setschedpolicy(&a, SCHED_FIFO);
	pthread_attr_setschedparam(&a, &(struct sched_param){ .sched_priority = 7 });
	pthread_t t;
	void *ret = NULL;
	CHECK_EQ(pthread_create(&t, &a, report_policy, NULL), 0);
	pthread_join(t, &ret);
	CHECK_EQ((long)ret, SCHED_FIFO * 1000 + 7);
	CHECK_EQ(getsched(0), SCHED_OTHER);
	pthread_attr_destroy(&a);
}

/*
 * In a child that gave up root: RLIMIT_RTPRIO (raised to 10 where root
 * may raise a hard limit: a container may lack CAP_SYS_RESOURCE),
 * SCHED_IDLE, reset-on-fork, another user's task.
 */
static int unprivileged(void)   /* bit n set: step n failed */
{
	int bad = 0;
	bad |= (setsched(0, SCHED_FIFO | SCHED_RESET_ON_FORK, 1) != 0) << 0;  /* still root */
	struct rlimit rl = { 10, 10 };
	bool raised = setrlimit(RLIMIT_RTPRIO, &rl) == 0;
	bad |= (!raised && errno != EPERM) << 1;
	bad |= (setuid(65534) != 0) << 2;
	bad |= (setsched(0, SCHED_FIFO, 1) != -1 || errno != EPERM) << 3;      /* keep reset-on-fork */
	if (raised) {
		bad |= (setsched(0, SCHED_FIFO | SCHED_RESET_ON_FORK, 10) != 0) << 4;
		bad |= (setsched(0, SCHED_FIFO | SCHED_RESET_ON_FORK, 11) != -1 || errno != EPERM) << 5;
	} else {
		bad |= (setsched(0, SCHED_FIFO | SCHED_RESET_ON_FORK, 2) != -1 || errno != EPERM) << 5;
	}
	bad |= (setsched(0, SCHED_FIFO | SCHED_RESET_ON_FORK, 1) != 0) << 6;  /* lowering is fine */
	bad |= (setsched(1, SCHED_OTHER, 0) != -1 || errno != EPERM) << 7;
	bad |= (setsched(0, SCHED_IDLE | SCHED_RESET_ON_FORK, 0) != 0) << 8;
	bad |= (setsched(0, SCHED_OTHER | SCHED_RESET_ON_FORK, 0) != -1 || errno != EPERM) << 9;
	rl = (struct rlimit){ 0, 0 };
	bad |= (setrlimit(RLIMIT_RTPRIO, &rl) != 0) << 10;
	bad |= (setsched(0, SCHED_FIFO | SCHED_RESET_ON_FORK, 1) != -1 || errno != EPERM) << 11;
	bad |= (getsched(0) != (SCHED_IDLE | SCHED_RESET_ON_FORK)) << 12;
	return bad;
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	CHECK_EQ(getsched(0), SCHED_OTHER);
	CHECK_EQ(getprio(0), 0);
	pid_t gone = fork();
	if (!gone)
		_exit(0);
	waitpid(gone, NULL, 0);
	check_ranges();
	check_errors(gone);
	check_privileged();
	pid_t c = fork();
	if (!c) {
		int bad = unprivileged();
		_exit(bad ? __builtin_ctz(bad) + 1 : 0);       /* the first step that failed */
	}
	int st;
	waitpid(c, &st, 0);
	CHECK(WIFEXITED(st), "the unprivileged child exited");
	CHECK(WEXITSTATUS(st) == 0, "unprivileged step %d failed", WEXITSTATUS(st) - 1);
	return t_done();
}
