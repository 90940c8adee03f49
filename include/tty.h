/* tty.h - the console terminal (COM1) as user programs see it. */
#ifndef USHI_TTY_H
#define USHI_TTY_H

#include <types.h>

void tty_receive_char(char c);          /* from the UART interrupt */
void tty_init(void);
extern const struct file_operations tty_fops;
void get_random_bytes(void *buf, size_t n);

#endif
