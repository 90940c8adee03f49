#!/bin/sh
# build.sh OUT RUNNER - builds the kernel selftests listed in
# tools/selftests/tests, static, from Debian's linux-source packages, and
# packs them with RUNNER (tools/ltp/runner.c) as init into OUT/initrd.cpio.
#
# The sources: `apt-get download linux-source-6.1 linux-source-6.12` into
# OUT/deb (kept: a clean OUT/src unpacks again without the network), and
# only the members the tests need unpacked into OUT/src/linux-source-V.
# A program that fails to build is named in OUT/unbuilt (its log in
# OUT/logs), never silently dropped; one built after its source and the
# list changed is not built again.
set -eu
out=$1 runner=$2
here=$(cd "$(dirname "$0")" && pwd)
list=$here/tests
mkdir -p "$out/deb" "$out/src" "$out/logs" "$out/bin"
out=$(cd "$out" && pwd)

# ---- the sources --------------------------------------------------------------
# unpack VERSION MEMBER... - the members (tar patterns under the source's
# top folder) of Debian's linux-source-VERSION into OUT/src.
unpack() {
	v=$1; shift
	dst=$out/src/linux-source-$v
	deb=$(ls "$out/deb"/linux-source-"$v"_*.deb 2>/dev/null | head -1)
	if [ -z "$deb" ]; then
		echo "selftests: fetching linux-source-$v (apt-get download)"
		(cd "$out/deb" && apt-get download -o APT::Sandbox::User=root "linux-source-$v" >/dev/null) ||
			{ apt-get update -qq && (cd "$out/deb" && apt-get download -o APT::Sandbox::User=root "linux-source-$v" >/dev/null); }
		deb=$(ls "$out/deb"/linux-source-"$v"_*.deb | head -1)
	fi
	key="$(basename "$deb") $*"
	[ "$(cat "$dst/.key" 2>/dev/null)" = "$key" ] && return 0
	echo "selftests: unpacking $(basename "$deb")"
	rm -rf "$dst"
	patterns=$(for m in "$@"; do printf ' linux-source-%s/%s' "$v" "$m"; done)
	# The package holds the source as one .tar.xz; only its members are written.
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/linux-source-$v.tar.xz" |
		xz -dc | tar -x -C "$out/src" --wildcards $patterns
	echo "$key" > "$dst/.key"
}
# x86/sigreturn.c includes the kernel's asm/desc_defs.h.
unpack 6.1 'tools/testing/selftests/*' 'arch/x86/include/asm/desc_defs.h'
# mm/cow.c first appeared in 6.2: it, its helpers, and the headers they need.
unpack 6.12 'tools/testing/selftests/mm/*' 'tools/testing/selftests/kselftest*' \
	'mm/gup_test.h' 'include/uapi/linux/fs.h'

# Debian's musl-gcc passes -nostdinc: the kernel's UAPI headers (Debian's
# linux-libc-dev) go on its include path through a folder of links.
mkdir -p "$out/uapi"
for d in linux asm-generic; do
	[ -d /usr/include/$d ] && ln -sfn /usr/include/$d "$out/uapi/$d"
done
ln -sfn /usr/include/x86_64-linux-gnu/asm "$out/uapi/asm"
# 6.12's helpers use PAGEMAP_SCAN, newer than the 6.1 headers: 6.12's
# linux/fs.h goes first for them, and local_config.h says "no liburing"
# (what mm/check_config.sh writes when liburing is missing).
mkdir -p "$out/include-6.12/linux"
ln -sfn "$out/src/linux-source-6.12/include/uapi/linux/fs.h" "$out/include-6.12/linux/fs.h"
echo '/* no liburing */' > "$out/include-6.12/local_config.h"

# ---- the programs ----------------------------------------------------------------
echo "selftests: building $(grep -c '^[a-z]' "$list") programs (logs in $out/logs)"
: > "$out/unbuilt"
grep '^[a-z]' "$list" | while read -r name libc words; do
	bin=$out/bin/$name log=$out/logs/$(echo "$name" | tr / _).log
	srcs= flags= first=
	for w in $words; do
		case $w in
		6.12:*) root=$out/src/linux-source-6.12/tools/testing/selftests
			w=$root/${w#6.12:}; flags="$flags -I$out/include-6.12" ;;
		-I*)    w=-I$out/src/linux-source-6.1/tools/testing/selftests/${w#-I} ;;
		-*)     ;;
		*)      root=$out/src/linux-source-6.1/tools/testing/selftests; w=$root/$w ;;
		esac
		case $w in
		-*) flags="$flags $w" ;;
		*)  srcs="$srcs $w"; [ -n "$first" ] || first=$w ;;
		esac
	done
	case $libc in
	musl)  cc="musl-gcc -isystem $out/uapi" ;;
	glibc) cc=gcc ;;
	esac
	if [ -x "$bin" ] && [ "$bin" -nt "$list" ] && [ "$bin" -nt "$first" ]; then
		continue
	fi
	mkdir -p "$(dirname "$bin")"
	# -static-pie (exec/load_address) replaces -static: given both, the
	# program is not position-independent.
	link=-static
	case " $flags " in *" -static-pie "*) link= ;; esac
	if $cc $link -O2 -g -D_GNU_SOURCE -pthread -I"$root" -I"$(dirname "$first")" \
		$srcs -o "$bin" -lrt $flags >"$log" 2>&1; then
		strip --strip-all "$bin"
	else
		echo "selftests: $name did not build, see $log"
		rm -f "$bin"
		echo "$name" >> "$out/unbuilt"
	fi
done

# ---- the initramfs ---------------------------------------------------------------------
st=$out/stage/opt/selftests
rm -rf "$out/stage"
mkdir -p "$st"
cp -a "$out/bin/." "$st/"
cp "$runner" "$st/runner"
# The runtest file, in the list's order: "name /opt/selftests/name"; the
# runner starts a program given by path in the program's folder.
grep '^[a-z]' "$list" | while read -r name rest; do
	[ -x "$st/$name" ] && echo "$name /opt/selftests/$name"
done > "$st/runtest"
# What exec's Makefile puts beside execveat (TEST_GEN_FILES, and the
# Makefile itself: execveat checks that a non-executable file gives EACCES).
e=$st/exec
if [ -x "$e/execveat" ]; then
	cp "$out/src/linux-source-6.1/tools/testing/selftests/exec/Makefile" "$e/Makefile"
	ln -sf execveat "$e/execveat.symlink"
	cp "$e/execveat" "$e/execveat.denatured" && chmod -x "$e/execveat.denatured"
	printf '#!/bin/sh\nexit $*\n' > "$e/script" && chmod +x "$e/script"
	mkdir -p "$e/subdir"
fi
# execveat wants a shell that exits 126 or 127 when it cannot open its
# script, as bash does (busybox's sh exits 2): /bin/sh is Debian's bash-static.
mkdir -p "$out/stage/bin"
cp /bin/bash-static "$out/stage/bin/bash"
ln -sf bash "$out/stage/bin/sh"
sh "$here/../ltp/stage-root.sh" "$out/stage"
# Written aside and renamed: a QEMU starting meanwhile reads a whole one.
(cd "$out/stage" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) > "$out/initrd.cpio.new"
mv "$out/initrd.cpio.new" "$out/initrd.cpio"
echo "selftests: $(wc -l < "$st/runtest") programs in $out/initrd.cpio ($(du -m "$out/initrd.cpio" | cut -f1) MB), $(wc -l < "$out/unbuilt") not built"
