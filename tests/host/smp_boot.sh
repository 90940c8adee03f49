#!/bin/sh
# smp_boot.sh - the application processors come up, and the suite still
# runs (on the boot CPU) beside them.
#
# Boots the test kernel directly (QEMU's -kernel, the PVH start info's
# RSDP) with 2, 4 and 8 CPUs under multi-threaded TCG, as `make test
# CPUS=N` does, running a few tests; each boot must say "smp: CPU k
# (APIC id k) up" for every CPU k but the boot CPU, then "smp: N CPUs
# up", and tests/judge.sh must pass its TAP.  Then the normal kernel
# through GRUB (the RSDP from multiboot2's ACPI tag) with 2 CPUs: both
# come up and init exits 0.
set -e
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
make -s build/ushi.elf build/debug/ushi.elf build/initrd.cpio build/initrd-test.cpio >/dev/null
fail=0
tests="hello_exit_status arch_prctl_gs_base tls_arch_prctl pthread_create_join fork_cow_repeat"

# cpus_up N LOG: LOG shows CPUs 1 .. N-1 coming up, then all N.
cpus_up() {
	k=1
	while [ "$k" -lt "$1" ]; do
		grep -q "^smp: CPU $k (APIC id $k) up" "$2" || { echo "FAIL: no 'smp: CPU $k (APIC id $k) up'"; return 1; }
		k=$((k + 1))
	done
	grep -q "^smp: $1 CPUs up" "$2" || { echo "FAIL: no 'smp: $1 CPUs up'"; return 1; }
}

for n in 2 4 8; do
	set +e
	sh tools/qemu-lock.sh sh tests/boot.sh "$dir/out$n" 60 \
		"qemu-system-x86_64 -m 256M -cpu max -smp $n -accel tcg,thread=multi -no-reboot -display none -device isa-debug-exit,iobase=0xf4,iosize=0x04" \
		build/debug/ushi.elf build/initrd-test.cpio "panic=-1 init=/bin/runner -- -k /tests $tests" \
		> "$dir/boot$n.txt" 2>&1
	rc=$?
	set -e
	grep "^smp:" "$dir/out$n/test.log" || true
	if [ $rc -ne 0 ]; then
		echo "FAIL: CPUS=$n: the suite did not pass:"; tail -15 "$dir/boot$n.txt"; fail=1
	elif cpus_up "$n" "$dir/out$n/test.log"; then
		echo "ok: CPUS=$n: $n CPUs up, $(tail -1 "$dir/boot$n.txt")"
	else
		fail=1
	fi
done

mkdir -p "$dir/iso/boot/grub"
cp build/ushi.elf build/initrd.cpio "$dir/iso/boot/"
cat > "$dir/iso/boot/grub/grub.cfg" <<'G'
set timeout=0
menuentry "smp" {
	multiboot2 /boot/ushi.elf panic=-1 init=/bin/sh -- -c true
	module2 /boot/initrd.cpio
	boot
}
G
grub-mkrescue -o "$dir/smp.iso" "$dir/iso" >/dev/null 2>&1
set +e
sh tools/qemu-lock.sh timeout 60 qemu-system-x86_64 -m 256M -cpu max -smp 2 -accel tcg,thread=multi \
	-display none -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial stdio \
	-monitor none -cdrom "$dir/smp.iso" </dev/null > "$dir/grub.raw" 2>&1
rc=$?
set -e
tr -d '\r' < "$dir/grub.raw" > "$dir/grub.log"
grep "^boot:\|^ACPI: RSDP\|^smp:" "$dir/grub.log" || true
if [ $rc -eq 1 ] && grep -q "^boot: multiboot2" "$dir/grub.log" && grep -q "^ACPI: RSDP from the loader" "$dir/grub.log" &&
   grep -q "ushi: init exited with status 0" "$dir/grub.log" && cpus_up 2 "$dir/grub.log"; then
	echo "ok: GRUB (multiboot2's ACPI tag), 2 CPUs up, init exited 0"
else
	echo "FAIL: the GRUB boot with 2 CPUs (QEMU status $rc):"; tail -15 "$dir/grub.log"; fail=1
fi
exit $fail
