/*
 * dev.c - character devices: /dev/null, /dev/zero, /dev/random,
 * /dev/urandom, /dev/console and /dev/tty, found by their device numbers
 * (Linux's: 1,3 null; 1,5 zero; 1,8 random; 1,9 urandom; 5,0 tty;
 * 5,1 console).  Also getrandom(2), from the same generator.
 */
#include <asm.h>
#include <errno.h>
#include <fs.h>
#include <kernel.h>
#include <mm.h>
#include <syscalls.h>
#include <tty.h>
#include <uaccess.h>
#include <uapi/misc.h>

static ssize_t null_read(struct file *f __unused, char *u __unused, size_t n __unused, loff_t *p __unused)
{
	return 0;
}

static ssize_t null_write(struct file *f __unused, const char *u __unused, size_t n, loff_t *p __unused)
{
	return n;
}

static loff_t null_lseek(struct file *f, loff_t off __unused, int whence __unused)
{
	return f->f_pos = 0;
}

static ssize_t zero_read(struct file *f __unused, char *ubuf, size_t n, loff_t *p __unused)
{
	size_t left = clear_user(ubuf, n);
	return left == n && n ? -EFAULT : (ssize_t)(n - left);
}

/* xorshift128+, stirred with the TSC (and RDRAND when the CPU has it). */
static u64 rng_state[2] = { 0x9e3779b97f4a7c15ULL, 0xbf58476d1ce4e5b9ULL };

static u64 rng_next(void)
{
	u64 s1 = rng_state[0], s0 = rng_state[1];
	rng_state[0] = s0;
	s1 ^= s1 << 23;
	rng_state[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
	return rng_state[1] + s0;
}

void get_random_bytes(void *buf, size_t n)
{
	rng_state[0] ^= rdtsc();
	for (size_t i = 0; i < n; i += 8) {
		u64 v = rng_next();
		memcpy((char *)buf + i, &v, MIN(8, n - i));
	}
}

static ssize_t random_read(struct file *f __unused, char *ubuf, size_t n, loff_t *p __unused)
{
	char buf[256];
	size_t done = 0;
	while (done < n) {
		size_t chunk = MIN(n - done, sizeof buf);
		get_random_bytes(buf, chunk);
		if (copy_to_user(ubuf + done, buf, chunk))
			return done ? (ssize_t)done : -EFAULT;
		done += chunk;
	}
	return done;
}

long sys_getrandom(char *ubuf, size_t n, unsigned int flags)
{
	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	if (n > 0x1ffffff)
		n = 0x1ffffff;
	if (!access_ok(ubuf, n))
		return -EFAULT;
	return random_read(NULL, ubuf, n, NULL);
}

static const struct file_operations null_fops = {
	.read = null_read, .write = null_write, .llseek = null_lseek,
};
/* A private mapping of /dev/zero is anonymous memory that keeps the file
 * as its name (/proc/PID/maps, map_files), as Linux's mmap_zero: no
 * vm_ops, so it faults as anonymous memory.  do_mmap turns a shared one
 * into shared memory before it gets here. */
static int zero_mmap(struct file *f __unused, struct vm_area_struct *vma __unused)
{
	return 0;
}

static const struct file_operations zero_fops = {
	.read = zero_read, .write = null_write, .llseek = null_lseek, .mmap = zero_mmap,
};
static const struct file_operations random_fops = {
	.read = random_read, .write = null_write, .llseek = null_lseek,
};

static const struct file_operations *chrdev_fops(dev_t rdev)
{
	switch (MAJOR(rdev)) {
	case 1:
		switch (MINOR(rdev)) {
		case 3: return &null_fops;
		case 5: return &zero_fops;
		case 8:
		case 9: return &random_fops;
		}
		return NULL;
	case 4:                         /* ttyS0 and friends: the same UART */
	case 5:
		return MINOR(rdev) <= 1 || MAJOR(rdev) == 4 ? &tty_fops : NULL;
	}
	return NULL;
}

bool is_dev_zero(struct file *f)
{
	return f->f_op == &zero_fops;
}

/* Every character-device inode opens through here (Linux's chrdev_open). */
static int chrdev_open(struct inode *inode, struct file *f)
{
	const struct file_operations *fop = chrdev_fops(inode->i_rdev);
	if (!fop)
		return -ENXIO;
	f->f_op = fop;
	return fop->open ? fop->open(inode, f) : 0;
}

const struct file_operations def_chr_fops = {
	.open = chrdev_open,
};

static void make_node(const char *path, umode_t mode, dev_t dev)
{
	struct path p;
	if (kern_path(path, 0, &p) == 0) {
		path_put(&p);
		return;                 /* the initramfs brought its own */
	}
	vfs_mkobj(AT_FDCWD, path, mode, dev, true);
}

/* Makes sure /dev has the basic nodes, as devtmpfs would provide. */
void dev_populate(void)
{
	make_node("/dev", S_IFDIR | 0755, 0);
	make_node("/dev/console", S_IFCHR | 0600, MKDEV(5, 1));
	make_node("/dev/tty", S_IFCHR | 0666, MKDEV(5, 0));
	make_node("/dev/null", S_IFCHR | 0666, MKDEV(1, 3));
	make_node("/dev/zero", S_IFCHR | 0666, MKDEV(1, 5));
	make_node("/dev/random", S_IFCHR | 0666, MKDEV(1, 8));
	make_node("/dev/urandom", S_IFCHR | 0666, MKDEV(1, 9));
	make_node("/dev/ttyS0", S_IFCHR | 0660, MKDEV(4, 64));
}
