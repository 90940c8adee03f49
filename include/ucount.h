/*
 * ucount.h - counts kept per user for the limits that bound a user, not a
 * process (Linux's ucounts): the siginfo queued for a user's tasks,
 * which RLIMIT_SIGPENDING bounds.
 */
#ifndef USHI_UCOUNT_H
#define USHI_UCOUNT_H

#include <types.h>

struct ucounts;

/* One more siginfo queued for uid's tasks: uid's entry (NULL when out of
 * memory) and, in *count, how many there are now. */
struct ucounts *inc_rlimit_get_ucounts(uid_t uid, long *count);
/* One fewer: the entry goes with its last count. */
void dec_rlimit_put_ucounts(struct ucounts *ucounts);

#endif
