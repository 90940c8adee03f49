#!/bin/sh
# harness_boot.sh - end to end: two failing tests fail `make test`'s
# verdict.
#
# A test initramfs holding only the runner and tests/broken/'s zz_glued
# (output with no newline, exit 1) and zz_forged (prints "ok" lines of
# its own, exit 1) boots the test kernel under the machine-wide lock
# through tests/boot.sh, as `make test` boots the real suite (-kernel).
# Checks: boot.sh exits non-zero, counts 1 passed (the suite's leak
# check), 2 failed, 0 skipped, both verdicts are on lines of their own,
# and QEMU's status is (2 << 1) | 1.
cd "$(dirname "$0")/../.."
make -s build/debug/ushi.elf build/tests/runner build/broken/zz_glued build/broken/zz_forged \
	>/dev/null || exit 1
dir=$(mktemp -d /tmp/harness_boot.XXXXXX)
trap 'rm -rf "$dir"' EXIT
sh tools/mkinitramfs.sh "$dir/initrd.cpio" test build/tests/runner build/broken/zz_glued \
	build/broken/zz_forged || exit 1
sh tools/qemu-lock.sh sh tests/boot.sh "$dir/out" 60 "qemu-system-x86_64 -m 256M -cpu max -smp 1 \
-no-reboot -display none -device isa-debug-exit,iobase=0xf4,iosize=0x04" \
	build/debug/ushi.elf "$dir/initrd.cpio" "panic=-1 init=/bin/runner -- -k /tests"
rc=$?
fails=0
check() {
	if eval "$2"; then
		echo "harness_boot: ok $1"
	else
		echo "harness_boot: FAIL $1"
		fails=$((fails + 1))
	fi
}
check "boot.sh fails the run" '[ $rc != 0 ]'
check "suite: 1 passed, 2 failed, 0 skipped" '[ "$(cat "$dir/out/suite.result")" = "1 2 0" ]'
check "QEMU's status is 5" '[ "$(cat "$dir/out/test.rc")" = 5 ]'
check "zz_forged's verdict on a line of its own" \
	'grep -qx "not ok 1 - zz_forged # exit status 1" "$dir/out/test.log"'
check "zz_glued's verdict on a line of its own" \
	'grep -qx "not ok 2 - zz_glued # exit status 1" "$dir/out/test.log"'
check "the runner's own count" 'grep -qx "# runner: 1 passed, 2 failed, 0 skipped" "$dir/out/test.log"'
exit $fails
