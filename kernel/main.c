/*
 * main.c - start_kernel(): bring every part up in order, start init
 * (pid 1), and become the idle task.
 *
 *   boot/entry.S -> start_kernel -> ... -> kernel_thread(kernel_init)
 *   kernel_init (pid 1): open /dev/console as fds 0, 1, 2, then
 *   execve(init=...) and leave for user mode.
 */
#include <acpi.h>
#include <cpu.h>
#include <errno.h>
#include <fs.h>
#include <io_apic.h>
#include <irq.h>
#include <kernel.h>
#include <mm.h>
#include <nsproxy.h>
#include <pid.h>
#include <sched.h>
#include <smp_lock.h>
#include <sections.h>
#include <setup.h>
#include <signal.h>
#include <smp.h>
#include <syscalls.h>
#include <time.h>
#include <trace.h>
#include <traps.h>
#include <tty.h>
#include <vdso.h>

/* The idle task (pid 0) and what it owns, built statically as in Linux. */
static struct sighand_struct init_sighand = { .count = 1 };
static struct signal_struct init_signals = {
	.sigcnt = 1, .live = 1, .nr_threads = 1,
	.thread_head = LIST_HEAD_INIT(init_signals.thread_head),
	.wait_chldexit = WAIT_QUEUE_HEAD_INIT(init_signals.wait_chldexit),
	.shared_pending = { 0, LIST_HEAD_INIT(init_signals.shared_pending.list) },
};
struct task_struct init_task = {
	.state = TASK_RUNNING,
	.on_cpu = 1,
	.cpus_allowed = { ~0ULL },              /* what kernel_init inherits */
	.flags = PF_IDLE,
	.lock_depth = -1,
	.stack = init_stack,
	.comm = "swapper",
	.group_leader = &init_task,
	.real_parent = &init_task,
	.parent = &init_task,
	.children = LIST_HEAD_INIT(init_task.children),
	.sibling = LIST_HEAD_INIT(init_task.sibling),
	.thread_node = LIST_HEAD_INIT(init_task.thread_node),
	.tasks = LIST_HEAD_INIT(init_task.tasks),
	.run_list = LIST_HEAD_INIT(init_task.run_list),
	.timer_list = LIST_HEAD_INIT(init_task.timer_list),
	.signal = &init_signals,
	.sighand = &init_sighand,
	.nsproxy = &init_nsproxy,
	.timer_slack_ns = 50000, .default_timer_slack_ns = 50000,
	.cap_effective = CAP_FULL_SET, .cap_permitted = CAP_FULL_SET, .cap_bset = CAP_FULL_SET,
	.pending = { 0, LIST_HEAD_INIT(init_task.pending.list) },
	.exit_signal = SIGCHLD,
	.usage = 2,
};

static const char *const init_envp[] = { "HOME=/", "TERM=linux", NULL };

/* pid 1: the console on fds 0-2, its own session, then execve(init). */
static int kernel_init(void)
{
	struct task_struct *me = current;
	lock_kernel();                  /* as a system call would: ret_to_user drops it */
	me->signal->flags |= SIGNAL_UNKILLABLE;
	init_pid_ns.child_reaper = me;
	strlcpy(me->comm, "init", TASK_COMM_LEN);
	sys_setsid();
	struct file *con = filp_open("/dev/console", O_RDWR, 0);
	if (IS_ERR(con)) {
		printk("ushi: warning: unable to open an initial console\n");
	} else {
		for (int fd = 0; fd < 3; fd++) {
			int n = get_unused_fd_flags(0);
			fd_install(n, fd ? get_file(con) : con);
		}
	}
	printk("ushi: starting %s\n", init_path);
	long err = kernel_execve(init_path, init_argv, init_envp);
	if (err)
		panic("Requested init %s failed (error %ld)", init_path, err);
	lockdep_selftest();
	return 0;
}

/* magic and info: what the loader left in EAX and EBX (boot/entry.S). */
void start_kernel(u32 magic, u32 info)
{
	serial_init();
	gcov_init();
	printk("\nushi: a teaching kernel for copy-on-write and process creation\n");
	setup_boot_params(magic, info);
	parse_cmdline();
	printk("command line: %s\n", boot_params.cmdline);
	cpu_detect();
	mm_init();
	cpu_init();
	cpu_print_features();
	trap_init();
	acpi_boot_init();
	pic_init();
	setup_IO_APIC();                /* before the first request_irq */
	vdso_init();                    /* the vvar page, which time_init fills */
	time_init();
	tty_init();
	serial_enable_input();
	fork_init();                    /* threads-max, which init's limits depend on */
	init_rlimits(init_signals.rlim);
	list_add_tail(&init_task.thread_node, &init_signals.thread_head);
	set_kernel_stack((unsigned long)init_stack + KSTACK_SIZE);
	*(unsigned long *)init_stack = STACK_END_MAGIC;
	fpu_init_state(&init_task.thread.fpu);
	init_task.files = files_alloc();
	vfs_init();
	trace_init(trace_param);
	smp_init();
#ifdef USHI_DEBUG
	smp_call_function_selftest();    /* every other CPU answers an IPI */
#endif
	kernel_thread(kernel_init);
	cpu_idle();
}
