/*
 * exec_domain.c - personality(2): a word per task of flags that select
 * Linux variants of a few calls (uname under UNAME26, select under
 * STICKY_TIMEOUTS).  Like Linux on x86-64, every value is accepted and
 * kept; fork copies it and execve keeps it but for READ_IMPLIES_EXEC
 * (kernel/exec.c).  Only the task itself writes its word: no lock.
 */
#include <sched.h>
#include <syscalls.h>

/* Returns the old personality; 0xffffffff only asks. */
long sys_personality(unsigned int personality)
{
	unsigned int old = current->personality;
	if (personality != 0xffffffff)
		current->personality = personality;
	return old;
}
