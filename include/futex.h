/* futex.h - fast user-space locking: sleep on a user word, be woken by address. */
#ifndef USHI_FUTEX_H
#define USHI_FUTEX_H

#include <types.h>

/* Wakes up to n waiters on uaddr in the current address space. */
int futex_wake(u32 *uaddr, int n, bool private);

#endif
