/* time.h - clocks (TSC-based), the timer tick and timed sleeps. */
#ifndef USHI_TIME_H
#define USHI_TIME_H

#include <types.h>

struct task_struct;
struct signal_struct;

#define NSEC_PER_SEC 1000000000ULL
#define NSEC_PER_MSEC 1000000ULL

extern volatile u64 jiffies;
extern u64 tsc_khz;

void time_init(void);
u64 ktime_get_ns(void);         /* CLOCK_MONOTONIC, ns since boot */
u64 ktime_get_real_ns(void);    /* CLOCK_REALTIME, ns since the epoch */
void mdelay(unsigned long ms);
/* Timed sleeps: tasks whose wake_at_ns has passed are woken by the tick. */
void timer_add(struct task_struct *t, u64 deadline_ns);
void timer_del(struct task_struct *t);
void exit_itimers(struct signal_struct *sig);

#endif
