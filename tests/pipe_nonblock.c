/*
 * pipe_nonblock: O_NONBLOCK pipes.  A read on an empty pipe gives EAGAIN
 * while a writer exists and 0 once none does; writes of up to PIPE_BUF
 * bytes are all-or-nothing, so filling the pipe ends in EAGAIN after a
 * whole number of chunks; draining gives back exactly what went in, in
 * order; after a read frees room a write succeeds again; O_NONBLOCK set
 * later with fcntl behaves the same.
 */
#include "t.h"
#include <fcntl.h>
#include <limits.h>
#include <signal.h>

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	signal(SIGPIPE, SIG_IGN);
	int p[2];
	char buf[PIPE_BUF];
	CHECK_EQ(pipe2(p, O_NONBLOCK), 0);
	CHECK_ERR(read(p[0], buf, 1), EAGAIN);
	CHECK_ERR(read(p[0], buf, sizeof buf), EAGAIN);
	CHECK_EQ(write(p[1], "ab", 2), 2);
	CHECK_EQ(read(p[0], buf, sizeof buf), 2);
	CHECK_ERR(read(p[0], buf, 1), EAGAIN);

	/* Fill with PIPE_BUF chunks until EAGAIN. */
	long chunks = 0;
	for (;;) {
		memset(buf, (int)(chunks & 0xff), sizeof buf);
		ssize_t w = write(p[1], buf, sizeof buf);
		if (w == -1) {
			CHECK_EQ(errno, EAGAIN);
			break;
		}
		CHECK_EQ(w, PIPE_BUF);          /* never a partial chunk */
		if (w != PIPE_BUF || ++chunks > 1024)
			break;
	}
	CHECK(chunks >= 1 && chunks <= 1024, "pipe held %ld chunks", chunks);
	CHECK_ERR(write(p[1], buf, PIPE_BUF), EAGAIN);
	CHECK_ERR(write(p[1], buf, 1), EAGAIN);
	/* One chunk out makes room for one chunk in. */
	CHECK_EQ(read(p[0], buf, sizeof buf), PIPE_BUF);
	CHECK_EQ(buf[0], 0);
	CHECK_EQ(buf[PIPE_BUF - 1], 0);
	memset(buf, (int)(chunks & 0xff), sizeof buf);
	CHECK_EQ(write(p[1], buf, sizeof buf), PIPE_BUF);
	/* Drain: chunks 1..chunks in order. */
	long bad = 0, seen = 0;
	for (;;) {
		ssize_t r = read(p[0], buf, sizeof buf);
		if (r == -1) {
			CHECK_EQ(errno, EAGAIN);
			break;
		}
		if (r != PIPE_BUF) { bad++; break; }
		seen++;
		if (buf[0] != (char)(seen & 0xff) || buf[PIPE_BUF - 1] != (char)(seen & 0xff))
			bad++;
		if (seen > chunks)
			break;
	}
	CHECK_EQ(seen, chunks);
	CHECK_EQ(bad, 0);

	/* No writer left: 0 instead of EAGAIN. */
	CHECK_EQ(close(p[1]), 0);
	CHECK_EQ(read(p[0], buf, 1), 0);
	CHECK_EQ(close(p[0]), 0);

	/* O_NONBLOCK set afterwards with fcntl, on the read end only. */
	CHECK_EQ(pipe(p), 0);
	CHECK_EQ(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
	CHECK_ERR(read(p[0], buf, 1), EAGAIN);
	CHECK_EQ(write(p[1], "q", 1), 1);
	CHECK_EQ(read(p[0], buf, 1), 1);
	CHECK_EQ(fcntl(p[0], F_SETFL, 0), 0);
	CHECK_EQ(fcntl(p[0], F_GETFL) & O_NONBLOCK, 0);
	CHECK_EQ(close(p[1]), 0);
	CHECK_EQ(read(p[0], buf, 1), 0);             /* blocking read at EOF returns at once */
	CHECK_EQ(close(p[0]), 0);
	return t_done();
}
