#!/bin/sh
# audits.sh - the test kernel's invariant audits fire (mm/debug.c).
#
# The test kernel (build/debug/ushi.elf, -DUSHI_DEBUG) checks its own
# invariants; a check that never fires proves nothing.  For each of these
# invariants, boot it with audit_selftest=WHAT, which breaks that invariant
# on purpose at the first exit, and expect the panic that names it:
#   mapcount  a frame's _mapcount no longer equals the entries mapping it
#   put_page  a reference dropped twice
#   list      an entry added to a list it is already on
#   pt_share  a PTE table's count of sharers (on-demand fork) is more than
#             the PMD entries that point at it: a leaked reference
# and the lock validator's rules (kernel/lockdep_selftest.c), broken by
# pid 1 just before it first leaves for user mode:
#   lock_order   an rwsem and two mutexes taken in a cycle, two at a time,
#                no deadlock: the report names the sites of every step
#   lock_sleep   mutex_lock with a spinlock held
#   lock_unheld  spin_unlock of a lock not held
#   lock_user    returning to user space with a mutex held
# Then boot without the parameter: the same program exits cleanly, so the
# panics come from the broken invariants and not from the boot itself,
# and the validator, still on at the end, says how many lock classes and
# dependencies it saw.
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
boot pt_share audit_selftest=pt_share
expect pt_share "invariant broken: PTE table [0-9a-f]* has pt_share_count 2 but 1 PMD entries point at it"
boot lock_order audit_selftest=lock_order
expect lock_order "lockdep: lock order inversion: &selftest_c then &selftest_a here"
expect lock_order "held &selftest_a, taken at [0-9a-f]* <selftest_order_ab+"
expect lock_order "when it took &selftest_b at [0-9a-f]* <selftest_order_ab+"
expect lock_order "held &selftest_b, taken at [0-9a-f]* <selftest_order_bc+"
expect lock_order "when it took &selftest_c at [0-9a-f]* <selftest_order_bc+"
expect lock_order "takes &selftest_a at [0-9a-f]* <selftest_order_ca+"
boot lock_sleep audit_selftest=lock_sleep
expect lock_sleep "lockdep: sleeping with spinlock selftest_spin held"
boot lock_unheld audit_selftest=lock_unheld
expect lock_unheld "lockdep: releasing selftest_spin2, which pid 1 does not hold"
boot lock_user audit_selftest=lock_user
expect lock_user "lockdep: returning to user space with &selftest_mutex held"

boot clean ""
if grep -q "ushi: init exited with status 0" "$dir/clean.log" && ! grep -q "Kernel panic" "$dir/clean.log" &&
   grep -q "lockdep: [0-9]* lock classes, [0-9]* dependencies.*held at once$" "$dir/clean.log"; then
	echo "audits: ok without audit_selftest the same boot ends cleanly, the validator on: $(grep -o "lockdep: [0-9]* lock classes.*" "$dir/clean.log")"
else
	echo "audits: FAIL the clean boot did not end with init's status 0 and the validator on; console:"
	cat "$dir/clean.log"
	fail=1
fi
exit $fail
