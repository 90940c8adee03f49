/* list.h - circular doubly linked lists, with the names Linux uses. */
#ifndef USHI_LIST_H
#define USHI_LIST_H

#include <types.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *l)
{
	l->next = l;
	l->prev = l;
}

#ifdef USHI_DEBUG
/* Test builds check every link (Linux's CONFIG_DEBUG_LIST): an entry put on
 * a second list without leaving its first breaks the first, and the next
 * change there notices.  The panic names the invariant. */
void __noreturn list_corrupted(const char *what, const void *entry);
#define LIST_CHECK(cond, what, entry) do { if (!(cond)) list_corrupted(what, entry); } while (0)
#else
#define LIST_CHECK(cond, what, entry) do { } while (0)
#endif

static inline void __list_add(struct list_head *n, struct list_head *prev,
			      struct list_head *next)
{
	LIST_CHECK(next->prev == prev && prev->next == next, "list_add between entries that are not neighbours", n);
	LIST_CHECK(n != prev && n != next, "list_add of an entry already there", n);
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

/* Adds n right after head (a stack push). */
static inline void list_add(struct list_head *n, struct list_head *head)
{
	__list_add(n, head, head->next);
}

/* Adds n right before head (a queue append). */
static inline void list_add_tail(struct list_head *n, struct list_head *head)
{
	__list_add(n, head->prev, head);
}

/* Unlinks entry and leaves it pointing at itself, so list_empty(entry)
 * tells afterwards that it is on no list. */
static inline void list_del_init(struct list_head *entry)
{
	LIST_CHECK(entry->next->prev == entry && entry->prev->next == entry,
		   "list_del of an entry its neighbours do not point at (on two lists?)", entry);
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	INIT_LIST_HEAD(entry);
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

static inline void list_move_tail(struct list_head *entry, struct list_head *head)
{
	list_del_init(entry);
	list_add_tail(entry, head);
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)

#define list_for_each_entry(pos, head, member)                                 \
	for (pos = list_entry((head)->next, typeof(*pos), member);             \
	     &pos->member != (head);                                           \
	     pos = list_entry(pos->member.next, typeof(*pos), member))

/* Safe against removal of pos: n holds the next entry. */
#define list_for_each_entry_safe(pos, n, head, member)                         \
	for (pos = list_entry((head)->next, typeof(*pos), member),             \
	     n = list_entry(pos->member.next, typeof(*pos), member);           \
	     &pos->member != (head);                                           \
	     pos = n, n = list_entry(n->member.next, typeof(*n), member))

#endif
