/*
 * lockdep.c - the lock validator (include/lockdep.h).  Placeholder: the
 * debug kernel's hooks record nothing yet.
 */
#include <kernel.h>
#include <lockdep.h>

#ifdef USHI_DEBUG
void lockdep_init_map(struct lockdep_map *m, const char *name, struct lock_class_key *key)
{
	m->name = name;
	m->key = key;
	m->class = NULL;
}
void lock_acquire(struct lockdep_map *m __unused, int trylock __unused, int read __unused,
		  unsigned long ip __unused) {}
void lock_release(struct lockdep_map *m __unused, unsigned long ip __unused) {}
bool lock_is_held(const struct lockdep_map *m __unused) { return true; }
void lockdep_assert_can_sleep(unsigned long ip __unused) {}
void lockdep_sys_exit(void) {}
#endif
