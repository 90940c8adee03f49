#!/bin/sh
# build.sh OUT RUNNER [LTP_SRC]
#
# Builds the LTP tests of tools/ltp/dirs (or of $LTP_DIRS) static with musl and packs them,
# with RUNNER as init and busybox, into OUT/initrd.cpio.
#
# LTP_SRC is a source tree (a directory) or a tarball of one (as `git
# archive` writes it).  Without it: ../shared/ltp/ltp-$LTP_COMMIT.tar.xz
# when that exists, else a clone of upstream at $LTP_COMMIT (that path
# needs network access to GitHub and is untested here).
#
# Everything is cached in OUT: the tree is unpacked and configured again
# only when the source changes (OUT/src/.ltp-key: the tarball's sha256 or
# the directory's path), and make rebuilds only what changed.  A test
# directory that fails to build is recorded in OUT/unbuilt (tests listed
# in LTP's runtest file but not built), never silently dropped.
set -eu
out=$1 runner=$2 src=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
LTP_COMMIT=695827725f4fc14fe583043127e0335c29bbd52d
LTP_URL=https://github.com/linux-test-project/ltp.git
JOBS=${JOBS:-2}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# ---- the source ------------------------------------------------------------
if [ -z "$src" ]; then
	src=$here/../../../shared/ltp/ltp-$(echo $LTP_COMMIT | cut -c1-12).tar.xz
	if [ ! -f "$src" ]; then
		src=$out/upstream
		if [ ! -d "$src/.git" ]; then
			echo "ltp: cloning $LTP_URL at $LTP_COMMIT"
			git clone -q "$LTP_URL" "$src"
		fi
		git -C "$src" checkout -q "$LTP_COMMIT"
	fi
fi
if [ -d "$src" ]; then
	key="dir $(cd "$src" && pwd) $(git -C "$src" rev-parse HEAD 2>/dev/null || true)"
else
	key="tar $(sha256sum < "$src" | cut -d' ' -f1)"
fi
if [ "$(cat "$out/src/.ltp-key" 2>/dev/null)" != "$key" ]; then
	echo "ltp: unpacking and configuring $src"
	rm -rf "$out/src" "$out/stage"
	if [ -d "$src" ]; then
		mkdir -p "$out/src"
		(cd "$src" && tar --exclude=.git -cf - .) | (cd "$out/src" && tar -xf -)
	else
		mkdir -p "$out/unpack"
		tar -xf "$src" -C "$out/unpack"
		mv "$out/unpack"/* "$out/src"
		rmdir "$out/unpack"
	fi
	# Debian's musl-gcc passes -nostdinc: LTP needs the kernel's UAPI
	# headers, so a folder of links to them goes on the include path.
	mkdir -p "$out/uapi"
	for d in linux asm-generic mtd rdma scsi sound video xen misc; do
		[ -d /usr/include/$d ] && ln -sfn /usr/include/$d "$out/uapi/$d"
	done
	ln -sfn /usr/include/x86_64-linux-gnu/asm "$out/uapi/asm"
	(cd "$out/src" && make autotools >"$out/autotools.log" 2>&1 &&
	 ./configure --prefix=/opt/ltp CC=musl-gcc \
		CFLAGS="-O2 -isystem $out/uapi -ffunction-sections -fdata-sections" \
		LDFLAGS="-static -Wl,--gc-sections" >"$out/configure.log" 2>&1) ||
		{ echo "ltp: configure failed, see $out/configure.log"; exit 1; }
	echo "$key" > "$out/src/.ltp-key"
fi

# ---- the tests ---------------------------------------------------------------
dirs=${LTP_DIRS:-$(grep -v '^#' "$here/dirs")}
mkdir -p "$out/logs"
echo "ltp: building lib and $(echo $dirs | wc -w) test directories (logs in $out/logs)"
make -j"$JOBS" -C "$out/src/lib" >"$out/logs/lib.log" 2>&1 ||
	{ echo "ltp: lib failed, see $out/logs/lib.log"; exit 1; }
rm -rf "$out/stage"
: > "$out/unbuilt"
for d in $dirs; do
	t=testcases/kernel/syscalls/$d
	make -k -j"$JOBS" -C "$out/src/$t" >"$out/logs/$d.log" 2>&1 ||
		echo "ltp: $d: some tests failed to build, see $out/logs/$d.log"
	make -k -C "$out/src/$t" install DESTDIR="$out/stage" >>"$out/logs/$d.log" 2>&1 || true
	# The runtest entries whose program has a source here but was not built.
	for c in "$out/src/$t"/*.c; do
		b=$(basename "$c" .c)
		[ -x "$out/stage/opt/ltp/testcases/bin/$b" ] && continue
		awk -v b="$b" '$2 == b { print $1 }' "$out/src/runtest/syscalls" >> "$out/unbuilt"
	done
done

# ---- the initramfs -------------------------------------------------------------
# The runtest file: LTP's syscalls entries whose program we built.
bin=$out/stage/opt/ltp/testcases/bin
ls "$bin" | awk 'NR == FNR { built[$1]; next } !/^#/ && NF >= 2 && ($2 in built)' \
	- "$out/src/runtest/syscalls" > "$out/stage/opt/ltp/runtest"
strip --strip-all "$bin"/* 2>/dev/null || true
cp "$runner" "$out/stage/opt/ltp/runner"
sh "$here/stage-root.sh" "$out/stage"
# Written aside and renamed: a QEMU starting meanwhile reads a whole one.
(cd "$out/stage" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) > "$out/initrd.cpio.new"
mv "$out/initrd.cpio.new" "$out/initrd.cpio"
echo "ltp: $(wc -l < "$out/stage/opt/ltp/runtest") tests in $out/initrd.cpio ($(du -m "$out/initrd.cpio" | cut -f1) MB), $(wc -l < "$out/unbuilt") not built"
