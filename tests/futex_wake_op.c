/*
 * futex_wake_op: FUTEX_WAKE_OP(uaddr, nr_wake, nr_wake2, uaddr2, op)
 * atomically does *uaddr2 = old OP oparg (SET, ADD, OR, ANDN, XOR, with
 * OPARG_SHIFT meaning 1 << oparg; oparg is a signed 12-bit field), wakes
 * nr_wake sleepers on uaddr, and also nr_wake2 on uaddr2 when
 * `old CMP cmparg` holds; it returns the total woken.  Unknown ops and
 * comparisons give ENOSYS, an unmapped uaddr2 EFAULT.  Shared and private.
 */
#include "t.h"
#include "t_thread.h"

#define OP_SET 0
#define OP_ADD 1
#define OP_OR 2
#define OP_ANDN 3
#define OP_XOR 4
#define OP_SHIFT 8
#define CMP_EQ 0
#define CMP_NE 1
#define CMP_LT 2
#define CMP_LE 3
#define CMP_GT 4
#define CMP_GE 5
#define ENC(op, oparg, cmp, cmparg) (int)((((unsigned)(op) & 0xf) << 28) | \
	(((unsigned)(cmp) & 0xf) << 24) | (((unsigned)(oparg) & 0xfff) << 12) | ((unsigned)(cmparg) & 0xfff))

enum { TRIES = 3000 };

static volatile int A, B, go, wakes_a, wakes_b;
static int priv;

static long wake_op(int nr1, int nr2, int enc)
{
	return t_futex(&A, FUTEX_WAKE_OP | (priv ? FUTEX_PRIVATE_FLAG : 0), nr1, (void *)(long)nr2, &B, enc);
}

static int wait_a(void *arg)
{
	(void)arg;
	while (!t_atomic_load(&go))
		if (t_futex_wait(&A, 0, priv) == 0)
			t_atomic_inc(&wakes_a);
	return 0;
}

static int wait_b(void *arg)
{
	(void)arg;
	for (;;) {
		int v = B;                       /* B changes under WAKE_OP: wait on what we saw */
		if (t_atomic_load(&go))
			break;
		if (t_futex_wait(&B, v, priv) == 0)
			t_atomic_inc(&wakes_b);
	}
	return 0;
}

static void ops(void)
{
	struct { int op, oparg, before, after; const char *name; } t[] = {
		{ OP_SET, 7, 5, 7, "SET 7" },
		{ OP_ADD, 3, 7, 10, "ADD 3" },
		{ OP_ADD, -1, 10, 9, "ADD -1 (sign-extended oparg)" },
		{ OP_OR, 0x21, 9, 0x29, "OR 0x21" },
		{ OP_ANDN, 0x3, 0x2b, 0x28, "ANDN 3" },
		{ OP_XOR, 0xff, 0x28, 0xd7, "XOR 0xff" },
		{ OP_SET | OP_SHIFT, 4, 0xd7, 16, "SET 1<<4" },
		{ OP_ADD | OP_SHIFT, 3, 16, 24, "ADD 1<<3" },
		{ OP_SET, -2048, 24, -2048, "SET -2048" },
	};
	for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++) {
		B = t[i].before;
		A = 0;
		CHECK(wake_op(1, 1, ENC(t[i].op, t[i].oparg, CMP_EQ, 0)) == 0, "%s: nobody to wake", t[i].name);
		CHECK(B == t[i].after, "%s: %d -> %d, expected %d", t[i].name, t[i].before, B, t[i].after);
		CHECK_EQ(A, 0);
	}
	B = 3;
	CHECK_EQ(wake_op(1, 1, ENC(5, 1, CMP_EQ, 0)), -ENOSYS);
	CHECK_EQ(wake_op(1, 1, ENC(7, 1, CMP_EQ, 0)), -ENOSYS);
	CHECK_EQ(B, 3);                          /* an unknown op changes nothing */
	CHECK_EQ(wake_op(1, 1, ENC(OP_SET, 1, 6, 0)), -ENOSYS);
	CHECK_EQ(wake_op(1, 1, ENC(OP_SET, 1, 15, 0)), -ENOSYS);
	char *um = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(um, 4096);
	CHECK_EQ(t_futex(&A, FUTEX_WAKE_OP | (priv ? FUTEX_PRIVATE_FLAG : 0), 1, (void *)1L,
			 (volatile int *)um, ENC(OP_SET, 1, CMP_EQ, 0)), -EFAULT);
}

/* Retries WAKE_OP until it returns `want` (the waiters re-sleep in between). */
static int retry(int enc, int want, const char *what)
{
	long bad = 0;
	int ok = 0;
	for (int i = 0; i < TRIES && !ok; i++) {
		long r = wake_op(1, 1, enc);
		if (r < 0 || r > want)
			bad = r;
		if (r == want)
			ok = 1;
		else
			t_nap();
	}
	CHECK(bad == 0, "%s: WAKE_OP returned %ld, at most %d expected", what, bad, want);
	return ok;
}

/* Lets the waiters fall asleep again, for the checks that expect no wake. */
static void settle(void)
{
	for (int i = 0; i < 20; i++)
		t_nap();
}

static void wakes(void)
{
	static struct t_thread ta, tb;
	A = B = go = wakes_a = wakes_b = 0;
	CHECK(t_thread_start(&ta, wait_a, NULL) > 0, "waiter on A");
	CHECK(t_thread_start(&tb, wait_b, NULL) > 0, "waiter on B");

	/* B stays 0 and 0 == 0: both words get a wake. */
	CHECK(retry(ENC(OP_SET, 0, CMP_EQ, 0), 2, "EQ true"), "WAKE_OP never woke both waiters");
	/* 0 != 0 is false: only A's waiter may be woken, never B's. */
	settle();
	int b0 = t_atomic_load(&wakes_b);
	CHECK(retry(ENC(OP_SET, 0, CMP_NE, 0), 1, "NE false"), "WAKE_OP never woke A's waiter");
	settle();
	CHECK(t_atomic_load(&wakes_b) == b0, "B's waiter was woken though the comparison failed");

	/* The comparisons, each against the old value 5 (B is set back to 5 every time). */
	struct { int cmp, arg, holds; } c[] = {
		{ CMP_EQ, 5, 1 }, { CMP_EQ, 4, 0 }, { CMP_NE, 4, 1 }, { CMP_NE, 5, 0 },
		{ CMP_LT, 6, 1 }, { CMP_LT, 5, 0 }, { CMP_LE, 5, 1 }, { CMP_LE, 4, 0 },
		{ CMP_GT, 4, 1 }, { CMP_GT, 5, 0 }, { CMP_GE, 5, 1 }, { CMP_GE, 6, 0 },
	};
	B = 5;
	settle();
	for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++) {
		if (!c[i].holds)
			settle();                /* the last wake has been counted */
		int bw = t_atomic_load(&wakes_b);
		char what[32];
		snprintf(what, sizeof what, "cmp %d arg %d", c[i].cmp, c[i].arg);
		CHECK(retry(ENC(OP_SET, 5, c[i].cmp, c[i].arg), 1 + c[i].holds, what),
		      "%s: never returned %d", what, 1 + c[i].holds);
		if (!c[i].holds) {
			settle();
			CHECK(t_atomic_load(&wakes_b) == bw, "%s: B's waiter was woken", what);
		}
		CHECK_EQ(B, 5);
	}

	t_atomic_store(&go, 1);
	for (int i = 0; i < TRIES && (ta.tid || tb.tid); i++) {
		t_futex_wake(&A, 1, priv);
		B = B + 1;
		t_futex_wake(&B, 1, priv);
		t_nap();
	}
	t_thread_join(&ta);
	t_thread_join(&tb);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	for (priv = 0; priv <= 1; priv++) {
		t_log("%s futex", priv ? "private" : "shared");
		ops();
		wakes();
	}
	return t_done();
}
