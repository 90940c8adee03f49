/*
 * tty.c - the terminal on COM1: /dev/console and /dev/tty.
 *
 * Output goes straight to the UART.  Input arrives one byte per
 * interrupt and passes through a small line discipline, as Linux's
 * N_TTY in canonical mode: CR becomes NL, backspace erases, ^D ends the
 * input, a line becomes readable when it is complete, and each byte is
 * echoed.  With ISIG, ^C / ^\ / ^Z send SIGINT / SIGQUIT / SIGTSTP to the
 * foreground process group.
 */
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <pid.h>
#include <poll.h>
#include <sched.h>
#include <syscalls.h>
#include <tty.h>
#include <uaccess.h>
#include <uapi/misc.h>

#define TTY_BUF 4096

static struct {
	char buf[TTY_BUF];
	unsigned long read_pos;         /* next byte a reader gets */
	unsigned long commit_pos;       /* bytes up to here are readable */
	unsigned long edit_pos;         /* end of the line being edited */
	int eof_pending;                /* ^D on an empty line: one read returns 0 */
	struct termios termios;
	struct winsize winsize;
	pid_t pgrp;                     /* foreground process group */
	struct wait_queue_head read_wait;
} tty;

void tty_init(void)
{
	tty.termios.c_iflag = ICRNL;
	tty.termios.c_oflag = OPOST | ONLCR;
	tty.termios.c_cflag = B115200 | CS8 | CREAD;
	tty.termios.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK;
	tty.termios.c_cc[VINTR] = 3;
	tty.termios.c_cc[VQUIT] = 28;
	tty.termios.c_cc[VERASE] = 127;
	tty.termios.c_cc[VKILL] = 21;
	tty.termios.c_cc[VEOF] = 4;
	tty.termios.c_cc[VMIN] = 1;
	tty.winsize = (struct winsize){ 24, 80, 0, 0 };
	tty.pgrp = 1;
	init_waitqueue_head(&tty.read_wait);
}

static void echo(const char *s, size_t n)
{
	if (tty.termios.c_lflag & ECHO)
		console_write(s, n);
}

static void commit(void)
{
	tty.commit_pos = tty.edit_pos;
	wake_up(&tty.read_wait);
}

void tty_receive_char(char c)
{
	unsigned lflag = tty.termios.c_lflag;
	if (c == '\r' && (tty.termios.c_iflag & ICRNL))
		c = '\n';
	if (lflag & ISIG) {
		int sig = c == tty.termios.c_cc[VINTR] ? SIGINT :
			  c == tty.termios.c_cc[VQUIT] ? SIGQUIT : c == 26 ? SIGTSTP : 0;
		if (sig) {
			echo(sig == SIGINT ? "^C\n" : sig == SIGQUIT ? "^\\\n" : "^Z\n", 3);
			tty.edit_pos = tty.commit_pos;
			kill_pgrp_nr(tty.pgrp, sig);
			return;
		}
	}
	if (lflag & ICANON) {
		if (c == 127 || c == 8) {
			if (tty.edit_pos > tty.commit_pos) {
				tty.edit_pos--;
				echo("\b \b", 3);
			}
			return;
		}
		if (c == tty.termios.c_cc[VEOF]) {
			if (tty.edit_pos == tty.commit_pos)
				tty.eof_pending++;
			commit();
			return;
		}
	}
	if (tty.edit_pos - tty.read_pos >= TTY_BUF - 1)
		return;                         /* full: drop, as a real UART would */
	tty.buf[tty.edit_pos++ % TTY_BUF] = c;
	echo(&c, 1);
	if (!(lflag & ICANON) || c == '\n')
		commit();
}

static ssize_t tty_read(struct file *f, char *ubuf, size_t n, loff_t *pos __unused)
{
	if (!n)
		return 0;
	while (tty.read_pos == tty.commit_pos && !tty.eof_pending) {
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(tty.read_wait,
					     tty.read_pos != tty.commit_pos || tty.eof_pending))
			return -ERESTARTSYS;
	}
	if (tty.read_pos == tty.commit_pos) {
		tty.eof_pending--;
		return 0;
	}
	size_t done = 0;
	while (done < n && tty.read_pos < tty.commit_pos) {
		char c = tty.buf[tty.read_pos++ % TTY_BUF];
		if (put_user(c, ubuf + done))
			return done ? (ssize_t)done : -EFAULT;
		done++;
		if (c == '\n' && (tty.termios.c_lflag & ICANON))
			break;
	}
	return done;
}

static ssize_t tty_write(struct file *f __unused, const char *ubuf, size_t n, loff_t *pos __unused)
{
	char buf[256];
	size_t done = 0;
	while (done < n) {
		size_t chunk = MIN(n - done, sizeof buf);
		size_t left = copy_from_user(buf, ubuf + done, chunk);
		console_write(buf, chunk - left);
		done += chunk - left;
		if (left)
			return done ? (ssize_t)done : -EFAULT;
	}
	return done;
}

static long tty_ioctl(struct file *f __unused, unsigned int cmd, unsigned long arg)
{
	void *u = (void *)arg;
	switch (cmd) {
	case TCGETS:
		return copy_to_user(u, &tty.termios, sizeof tty.termios) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return copy_from_user(&tty.termios, u, sizeof tty.termios) ? -EFAULT : 0;
	case TIOCGWINSZ:
		return copy_to_user(u, &tty.winsize, sizeof tty.winsize) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return copy_from_user(&tty.winsize, u, sizeof tty.winsize) ? -EFAULT : 0;
	case TIOCGPGRP:
		return put_user(tty.pgrp, (int *)u);
	case TIOCSPGRP:
		return get_user(tty.pgrp, (int *)u);
	case FIONREAD:
		return put_user((int)(tty.commit_pos - tty.read_pos), (int *)u);
	}
	return -ENOTTY;
}

static unsigned int tty_poll(struct file *f __unused, struct poll_table_struct *pt)
{
	poll_wait(f, &tty.read_wait, pt);
	unsigned mask = POLLOUT | POLLWRNORM;
	if (tty.read_pos != tty.commit_pos || tty.eof_pending)
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

const struct file_operations tty_fops = {
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
	.poll = tty_poll,
	.llseek = no_llseek,
};
