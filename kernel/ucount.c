/*
 * ucount.c - what is counted per user (Linux's kernel/ucount.c): the
 * siginfo queued for the tasks of each real uid, however many processes
 * they are spread over, for RLIMIT_SIGPENDING.  Each queued siginfo
 * (struct sigqueue) points to the entry it is counted in, so it is
 * uncounted from the same entry when it is delivered or flushed, even if
 * its task has changed uid meanwhile.  An entry lives while its count is
 * non-zero; ushi has few users, so the entries are a list.
 */
#include <kernel.h>
#include <list.h>
#include <mm.h>
#include <ucount.h>

struct ucounts {
	struct list_head node;          /* in ucounts_list */
	uid_t uid;
	long sigpending;
};

static LIST_HEAD(ucounts_list);         /* the users with a siginfo queued */

struct ucounts *inc_rlimit_get_ucounts(uid_t uid, long *count)
{
	struct ucounts *uc;
	list_for_each_entry(uc, &ucounts_list, node) {
		if (uc->uid == uid) {
			*count = ++uc->sigpending;
			return uc;
		}
	}
	uc = kzalloc(sizeof *uc);
	if (!uc)
		return NULL;
	uc->uid = uid;
	uc->sigpending = 1;
	list_add(&uc->node, &ucounts_list);
	*count = 1;
	return uc;
}

void dec_rlimit_put_ucounts(struct ucounts *uc)
{
	BUG_ON(uc->sigpending <= 0);
	if (--uc->sigpending == 0) {
		list_del_init(&uc->node);
		kfree(uc);
	}
}
