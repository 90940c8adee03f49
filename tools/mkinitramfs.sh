#!/bin/sh
# mkinitramfs.sh OUT.cpio user|test PROGRAMS...
# Stages a root tree and packs it as a Linux "newc" cpio archive, owned
# by root.  "user": the programs of user/ go to /bin, and user/init
# becomes /sbin/init.  "test": the first program (the runner) goes to
# /bin/runner, the rest to /tests.  Device nodes are made with mknod
# when we are root (the kernel creates them anyway if they are missing).
# Both images get Debian's static busybox as /bin/sh and its applets, so
# system() works and `make run INIT=/bin/sh` gives a shell.
# The archive is the same bytes for the same inputs: entries sorted, every
# mtime SOURCE_DATE_EPOCH (the Makefile sets it from the commit), inode and
# device numbers renumbered (cpio --reproducible).
set -e
: "${SOURCE_DATE_EPOCH:=1700000000}"
out=$1 kind=$2
shift 2
stage=$(dirname "$out")/$(basename "$out" .cpio).root
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/sbin" "$stage/dev" "$stage/proc" "$stage/tmp" "$stage/etc" "$stage/tests"
chmod 1777 "$stage/tmp"
if [ "$kind" = test ]; then
	cp "$1" "$stage/bin/runner"
	shift
	for p in "$@"; do cp "$p" "$stage/tests/"; done
else
	for p in "$@"; do cp "$p" "$stage/bin/"; done
	[ -e "$stage/bin/init" ] && mv "$stage/bin/init" "$stage/sbin/init"
fi
echo "ushi" > "$stage/etc/hostname"
if [ -x /bin/busybox ]; then
	cp /bin/busybox "$stage/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ -e "$stage/bin/$a" ] || ln -s busybox "$stage/bin/$a"
	done
fi
if [ "$(id -u)" = 0 ]; then
	mknod -m 600 "$stage/dev/console" c 5 1
	mknod -m 666 "$stage/dev/null" c 1 3
fi
find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
(cd "$stage" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 --reproducible) > "$out"
