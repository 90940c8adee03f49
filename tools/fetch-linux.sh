#!/bin/sh
# fetch-linux.sh CACHE - prints the path of Debian's Linux kernel image
# (the package linux-image-amd64 points at, e.g. linux-image-6.1.0-57-amd64),
# fetched with `apt-get download` and unpacked with `dpkg -x` into CACHE
# (never installed).  bench/run.sh, `make ltp-linux` and `make
# selftests-linux` all use it with build/bench/linux: one download.
set -e
cache=$1
mkdir -p "$cache"
resolve() { apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/ { print $2; exit }'; }
pkg=$(resolve)
if [ -z "$pkg" ]; then
	apt-get update -qq >&2
	pkg=$(resolve)
fi
[ -n "$pkg" ] || { echo "fetch-linux: cannot resolve linux-image-amd64" >&2; exit 1; }
kver=${pkg#linux-image-}
if [ ! -f "$cache/$pkg/boot/vmlinuz-$kver" ]; then
	echo "fetch-linux: fetching $pkg (apt-get download, dpkg -x)" >&2
	rm -rf "$cache/$pkg" "$cache"/*.deb
	(cd "$cache" && apt-get download -o APT::Sandbox::User=root "$pkg" >&2)
	dpkg -x "$cache"/"$pkg"_*.deb "$cache/$pkg"
	rm -rf "$cache/$pkg/lib" "$cache/$pkg/usr"   # modules: not needed with an initramfs
fi
echo "$cache/$pkg/boot/vmlinuz-$kver"
