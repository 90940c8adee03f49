#!/bin/sh
# audits.sh - the test kernel's invariant audits fire (mm/debug.c).
#
# The test kernel (build/debug/ushi.elf, -DUSHI_DEBUG) checks its own
# invariants; a check that never fires proves nothing.  For each of three
# invariants, boot it with audit_selftest=WHAT, which breaks that invariant
# on purpose at the first exit, and expect the panic that names it:
#   mapcount  a frame's _mapcount no longer equals the entries mapping it
#   put_page  a reference dropped twice
#   list      an entry added to a list it is already on
# Then boot without the parameter: the same program exits cleanly, so the
# panics come from the broken invariants and not from the boot itself.
# The boots are direct (QEMU's -kernel): these are the kernel's checks,
# not the loader's.
set -e
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0

make -s build/debug/ushi.elf build/initrd.cpio >/dev/null

# boot NAME CMDLINE: the console of one boot in $dir/NAME.log
boot() {
	set +e
	sh tools/qemu-lock.sh timeout 60 qemu-system-x86_64 -m 128M -cpu max -smp 1 -no-reboot \
		-display none -device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel build/debug/ushi.elf \
		-initrd build/initrd.cpio -append "panic=-1 $2 init=/bin/sh -- -c true" \
		-serial stdio -monitor none < /dev/null | tr -d '\r' > "$dir/$1.log"
	set -e
}

# expect NAME PATTERN: the boot panicked with a message matching PATTERN
expect() {
	if grep -q "Kernel panic" "$dir/$1.log" && grep -q "$2" "$dir/$1.log"; then
		echo "audits: ok audit_selftest=$1: $(grep -o "$2.*" "$dir/$1.log" | head -1)"
	else
		echo "audits: FAIL audit_selftest=$1: no panic matching '$2'; console:"
		cat "$dir/$1.log"
		fail=1
	fi
}

boot mapcount audit_selftest=mapcount
expect mapcount "invariant broken: frame [0-9a-f]* has _mapcount [0-9]* but [0-9]* page-table entries map it"
boot put_page audit_selftest=put_page
expect put_page "BUG: p->_refcount <= 0"
boot list audit_selftest=list
expect list "invariant broken: list_add of an entry already there"

boot clean ""
if grep -q "ushi: init exited with status 0" "$dir/clean.log" && ! grep -q "Kernel panic" "$dir/clean.log"; then
	echo "audits: ok without audit_selftest the same boot ends cleanly"
else
	echo "audits: FAIL the clean boot did not end with init's status 0; console:"
	cat "$dir/clean.log"
	fail=1
fi
exit $fail
