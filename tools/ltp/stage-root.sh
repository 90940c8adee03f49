#!/bin/sh
# stage-root.sh DIR - the rest of the LTP initramfs around DIR/opt/ltp:
# busybox (LTP runs helpers through system(): sh, cp, ...), the
# directories LTP writes to, the device nodes a kernel without devtmpfs
# needs, and the users and groups tests look up (root, nobody).
set -e
d=$1
mkdir -p "$d/bin" "$d/sbin" "$d/dev/shm" "$d/proc" "$d/sys" "$d/tmp" "$d/etc" "$d/root"
chmod 1777 "$d/tmp" "$d/dev/shm"
cp /bin/busybox "$d/bin/busybox"
for a in $(/bin/busybox --list); do
	[ -e "$d/bin/$a" ] || ln -s busybox "$d/bin/$a"
done
cat > "$d/etc/passwd" <<'P'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
P
cat > "$d/etc/group" <<'G'
root:x:0:
daemon:x:1:
bin:x:2:
nogroup:x:65534:
nobody:x:65534:
G
echo ltp > "$d/etc/hostname"
if [ "$(id -u)" = 0 ]; then
	mknod -m 600 "$d/dev/console" c 5 1
	mknod -m 666 "$d/dev/null" c 1 3
	mknod -m 666 "$d/dev/zero" c 1 5
	mknod -m 666 "$d/dev/full" c 1 7
	mknod -m 666 "$d/dev/tty" c 5 0
	mknod -m 666 "$d/dev/urandom" c 1 9
	mknod -m 666 "$d/dev/random" c 1 8
fi
