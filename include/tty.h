/* tty.h - the console terminal (COM1) as user programs see it. */
#ifndef USHI_TTY_H
#define USHI_TTY_H

#include <types.h>

void tty_receive_char(char c);          /* from the UART interrupt */
void tty_init(void);
void serial_init(void);                /* kernel/serial.c: COM1, output only */
void serial_enable_input(void);         /* its interrupt, once the tty exists */
extern const struct file_operations tty_fops;
void get_random_bytes(void *buf, size_t n);

#endif
