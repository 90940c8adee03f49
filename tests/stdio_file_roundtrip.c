/*
 * stdio_file_roundtrip: musl's stdio on a /tmp file (open, readv/writev,
 * lseek underneath).  fopen "w+" then fprintf, rewind and fgets/fscanf
 * read it back; ftell/fseek agree with the data; "a" appends; "r" on a
 * missing file fails with ENOENT; fread of a big block across buffer
 * refills; tmpfile() gives an anonymous file that leaves nothing behind.
 */
#include "t.h"
#include <sys/stat.h>

#define F "/tmp/stdio_file_roundtrip.txt"

int main(int argc, char **argv)
{
	(void)argc;
	t_start(argv[0]);
	unlink(F);
	errno = 0;
	CHECK(fopen(F, "r") == NULL && errno == ENOENT, "fopen r of a missing file: errno %d", errno);

	FILE *f = fopen(F, "w+");
	CHECK(f != NULL, "fopen w+: %s", strerror(errno));
	if (!f)
		return t_done();
	int fails = 0;
	for (int i = 0; i < 100; i++)
		fails += fprintf(f, "line %d value %x\n", i, i * 977) <= 0;
	CHECK_EQ(fails, 0);
	CHECK_EQ(fflush(f), 0);
	long end = ftell(f);
	struct stat st;
	CHECK_EQ(stat(F, &st), 0);
	CHECK_EQ(st.st_size, end);
	rewind(f);
	char line[64];
	int bad = 0;
	for (int i = 0; i < 100; i++) {
		char want[64];
		snprintf(want, sizeof want, "line %d value %x\n", i, i * 977);
		if (!fgets(line, sizeof line, f) || strcmp(line, want))
			bad++;
	}
	CHECK_EQ(bad, 0);
	CHECK(fgets(line, sizeof line, f) == NULL && feof(f), "EOF after the last line");

	/* fseek into the middle and fscanf. */
	CHECK_EQ(fseek(f, 0, SEEK_SET), 0);
	CHECK(fgets(line, sizeof line, f) != NULL, "first line");
	long second = ftell(f);
	CHECK_EQ(second, (long)strlen("line 0 value 0\n"));
	CHECK_EQ(fseek(f, second, SEEK_SET), 0);
	int n = -1;
	unsigned v = 0;
	CHECK_EQ(fscanf(f, "line %d value %x", &n, &v), 2);
	CHECK_EQ(n, 1);
	CHECK_EQ(v, 977);
	CHECK_EQ(fseek(f, -2, SEEK_END), 0);
	CHECK_EQ(ftell(f), end - 2);
	CHECK_EQ(fclose(f), 0);

	/* "a" appends. */
	f = fopen(F, "a");
	CHECK(f != NULL, "fopen a: %s", strerror(errno));
	if (f) {
		fputs("appended\n", f);
		CHECK_EQ(fclose(f), 0);
	}
	CHECK_EQ(stat(F, &st), 0);
	CHECK_EQ(st.st_size, end + 9);

	/* A block larger than the stdio buffer. */
	f = fopen(F, "w+");
	CHECK(f != NULL, "fopen w+ again: %s", strerror(errno));
	if (f) {
		static unsigned char blk[50000], back[50000];
		for (size_t i = 0; i < sizeof blk; i++)
			blk[i] = (unsigned char)(i * 31 + 7);
		CHECK_EQ(fwrite(blk, 1, sizeof blk, f), sizeof blk);
		rewind(f);
		size_t got = 0;
		while (got < sizeof back) {
			size_t k = fread(back + got, 1, 3333, f);
			if (!k)
				break;
			got += k;
		}
		CHECK_EQ(got, sizeof blk);
		CHECK(memcmp(blk, back, sizeof blk) == 0, "big block through stdio");
		CHECK_EQ(fclose(f), 0);
	}
	CHECK_EQ(unlink(F), 0);

	/* tmpfile. */
	f = tmpfile();
	CHECK(f != NULL, "tmpfile: %s", strerror(errno));
	if (f) {
		fputs("temporary", f);
		rewind(f);
		CHECK(fgets(line, sizeof line, f) && strcmp(line, "temporary") == 0, "tmpfile contents");
		struct stat ts;
		CHECK_EQ(fstat(fileno(f), &ts), 0);
		CHECK_EQ(ts.st_nlink, 0);             /* already unlinked */
		CHECK_EQ(fclose(f), 0);
	}
	return t_done();
}
