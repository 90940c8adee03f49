/*
 * serial.c - the 16550 UART on COM1: the kernel console and the user's
 * terminal.
 *
 * Output is polled (wait for an empty transmit register, write a byte).
 * Input raises IRQ 4; the handler hands each byte to the tty layer
 * (fs/tty.c), which does line editing and wakes readers.
 */
#include <asm.h>
#include <irq.h>
#include <kernel.h>
#include <spinlock.h>
#include <tty.h>

#define COM1 0x3f8
#define UART_DATA 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20

static bool serial_present;

void serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);    /* no interrupts while we set it up */
	outb(COM1 + UART_LCR, 0x80);    /* divisor latch: 115200 baud = divisor 1 */
	outb(COM1 + UART_DATA, 0x01);
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x03);    /* 8 bits, no parity, one stop bit */
	outb(COM1 + UART_FCR, 0xc7);    /* FIFOs on and cleared, 14-byte threshold */
	outb(COM1 + UART_MCR, 0x0b);    /* DTR, RTS, OUT2 (OUT2 gates the IRQ line) */
	serial_present = inb(COM1 + UART_LSR) != 0xff;
}

static void serial_putc(char c)
{
	if (!serial_present)
		return;
	while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY))
		pause();
	outb(COM1 + UART_DATA, c);
}

/*
 * console_lock keeps each console_write's bytes together: printk from
 * faults on several CPUs (the trace lines), tty output.  irqsave, since
 * an interrupt handler may print (a panic, the tty's echo).
 */
static DEFINE_SPINLOCK(console_lock);

/* Writes n bytes, turning each "\n" into "\r\n" as a terminal expects. */
void console_write(const char *s, size_t n)
{
	unsigned long flags;
	spin_lock_irqsave(&console_lock, flags);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
	spin_unlock_irqrestore(&console_lock, flags);
}

static void serial_irq(int irq __unused)
{
	while (inb(COM1 + UART_LSR) & LSR_DATA_READY)
		tty_receive_char(inb(COM1 + UART_DATA));
}

/* Turns on receive interrupts once the IDT and the PIC are ready. */
void serial_enable_input(void)
{
	request_irq(4, NULL, serial_irq);
	outb(COM1 + UART_IER, 0x01);
}
