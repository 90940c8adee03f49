#!/bin/sh
# reproducible.sh - the same commit builds the same bytes in any directory.
#
# Extracts the committed tree (git archive HEAD, so uncommitted changes do
# not count) into two directories of different paths and lengths, builds
# the kernel, the user initramfs, the ISO and the test runner in each with
# the commit's SOURCE_DATE_EPOCH, and compares their sha256.  A difference
# means a build path, a date or a random number leaked into an output
# (the Makefile's -ffile-prefix-map, tools/mkinitramfs.sh, tools/mkiso.sh).
# The ~200 test programs are built with the same flags as the runner and
# are not built twice here: that would cost minutes of CPU.
set -e
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
epoch=$(git log -1 --format=%ct HEAD)
outputs="build/ushi.elf build/initrd.cpio build/ushi.iso build/tests/runner"

for tree in a/ushi second/tree/of/ushi-elsewhere; do
	mkdir -p "$tmp/$tree"
	git archive HEAD | tar -x -C "$tmp/$tree"
	echo "reproducible: building $(git rev-parse --short HEAD) in $tmp/$tree"
	make -C "$tmp/$tree" -s -j2 SOURCE_DATE_EPOCH="$epoch" $outputs > "$tmp/build.log" 2>&1 ||
		{ cat "$tmp/build.log"; exit 1; }
done

fail=0
for f in $outputs; do
	a=$(sha256sum < "$tmp/a/ushi/$f" | cut -d' ' -f1)
	b=$(sha256sum < "$tmp/second/tree/of/ushi-elsewhere/$f" | cut -d' ' -f1)
	if [ "$a" = "$b" ]; then
		echo "reproducible: ok $f $a"
	else
		echo "reproducible: FAIL $f differs: $a vs $b"
		fail=1
	fi
done
exit $fail
