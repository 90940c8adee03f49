#!/bin/bash
# boot_time.sh [RUNS] - how long from QEMU's start to init's first line,
# under plain TCG, for four boots of the same init on the same machine:
#
#   direct     ushi.elf with QEMU's -kernel (the PVH entry, no GRUB)
#   grub       ushi's GRUB ISO under SeaBIOS (tools/mkiso.sh)
#   grub-uefi  the same ISO under OVMF
#   linux      Debian's Linux vmlinuz with QEMU's -kernel
#
# init is the boot contract's program (tests/host/contract.c in a GNU
# cpio): its first line starts with "contract:", and QEMU is stopped
# there.  Each boot runs RUNS times (default 5); the median and every run
# are printed, in wall seconds.  The machine is make run's (-m 256M -cpu
# max); BOOT_MEM=1G gives the benchmark's memory size.  Linux comes from build/bench/linux, the
# cache bench/run.sh fills (make bench), or VMLINUZ=path; without either
# its row is left out.  Run it under the QEMU lock, as make bench does:
#   flock /tmp/ushi-test.lock bash bench/boot_time.sh
set -eu
runs=${1:-5}
QEMU=${QEMU:-qemu-system-x86_64}
machine=(-m "${BOOT_MEM:-256M}" -cpu max -smp 1 -no-reboot -display none -monitor none -serial stdio
	-device isa-debug-exit,iobase=0xf4,iosize=0x04)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
make -s build/ushi.elf >/dev/null
. tests/host/contract.inc
contract_cpio "$dir" >/dev/null
sh tools/mkiso.sh "$dir/c.iso" build/ushi.elf "$dir/initrd.cpio" "init=/prog -- two words"
vmlinuz=${VMLINUZ:-$(ls build/bench/linux/linux-image-*/boot/vmlinuz-* 2>/dev/null | head -n 1)}

# first QEMU-ARGS...: seconds from QEMU's start to the first "contract:" line.
first() {
	local fd pid line start t=none
	start=$EPOCHREALTIME
	exec {fd}< <(exec timeout -k 5 120 "$QEMU" "$@" </dev/null 2>&1)
	pid=$!
	while IFS= read -r -u "$fd" line; do
		if [[ $line == contract:* ]]; then
			t=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
			kill "$pid" 2>/dev/null || true
		fi
	done
	exec {fd}<&-
	wait "$pid" 2>/dev/null || true
	echo "$t"
}

# row NAME QEMU-ARGS...: RUNS boots, the median first, then each run.
row() {
	local name=$1 i t=()
	shift
	for ((i = 0; i < runs; i++)); do
		t+=("$(first "$@")")
	done
	printf '%-10s %6s s   (%s)\n' "$name" \
		"$(printf '%s\n' "${t[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')" \
		"${t[*]}"
}

echo "# QEMU start to init's first line, TCG, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD)"
echo "# $("$QEMU" --version | head -n 1); ${machine[*]:0:4}"
row direct "${machine[@]}" -kernel build/ushi.elf -initrd "$dir/initrd.cpio" -append "init=/prog -- two words"
row grub "${machine[@]}" -cdrom "$dir/c.iso"
row grub-uefi "${machine[@]}" -bios /usr/share/ovmf/OVMF.fd -cdrom "$dir/c.iso"
if [ -n "$vmlinuz" ]; then
	echo "# linux: $(basename "$vmlinuz")"
	row linux "${machine[@]}" -kernel "$vmlinuz" -initrd "$dir/initrd.cpio" \
		-append "rdinit=/prog console=ttyS0 panic=-1 quiet -- two words"
fi
