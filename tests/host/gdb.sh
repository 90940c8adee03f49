#!/bin/sh
# gdb.sh - the gdb helpers against a live kernel, in batch mode.
#
# Boots cowdemo as init in QEMU (-kernel), paused, with the gdb stub on a free port;
# gdb runs tools/gdbinit (as `make gdb` does: connect, stop in
# start_kernel) and then the checks below:
#   * a breakpoint in do_wp_page, conditioned on the faulting address lying
#     in cowdemo's buffer (cowdemo's own symbol `buf`, through
#     add-symbol-file), is hit;
#   * ushi-pt walks the page table for that address to a read-only PTE
#     whose frame has refcount 2 and mapcount 2 (parent and child share it);
#   * ushi-vma shows the 4-page buffer area, all 4 pages present;
#   * ushi-tasks shows the two cowdemo processes, each with its own mm;
#   * ushi-page on the frame agrees with ushi-pt;
#   * then the breakpoints go and the machine runs to a clean exit: QEMU's
#     status says init exited 0 and cowdemo says all its checks passed.
set -e
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
make -s build/ushi.elf build/initrd.cpio build/user/cowdemo >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cat > "$dir/checks.gdb" <<'GDB'
add-symbol-file build/user/cowdemo
break *do_wp_page if $rsi >= (unsigned long)'cowdemo.c'::buf && $rsi < (unsigned long)'cowdemo.c'::buf + 4 * 4096
continue
python
import re

def say(ok, what):
    print("gdb-test: %s %s" % ("ok" if ok else "FAIL", what))

addr = int(gdb.parse_and_eval("$rsi"))
buf = int(gdb.parse_and_eval("(unsigned long)'cowdemo.c'::buf"))
frame = gdb.selected_frame().name()
say(frame == "do_wp_page", "stopped in do_wp_page (in %s)" % frame)
say(buf <= addr < buf + 4 * 4096, "the faulting address is page %d of cowdemo's buffer"
    % ((addr - buf) // 4096))

pt = gdb.execute("ushi-pt %d" % addr, to_string=True)
print(pt)
m = re.search(r"page 0x([0-9a-f]+): refcount (\d+), mapcount (\d+)", pt)
say(m is not None, "ushi-pt reached a frame")
say("PML4[" in pt and "PDPT[" in pt and "PD  [" in pt and "PT  [" in pt, "ushi-pt shows all four levels")
say("read-only (a write faults: do_wp_page)" in pt, "the PTE is present and read-only")
if m:
    pfn = int(m.group(1), 16)
    say(m.group(2) == "2" and m.group(3) == "2", "the frame's refcount and mapcount are 2 (got %s, %s)"
        % (m.group(2), m.group(3)))
    page = gdb.execute("ushi-page %d" % pfn, to_string=True)
    print(page)
    say("refcount 2, mapcount 2" in page and "PG_anon" in page, "ushi-page agrees, anonymous frame")

vma = gdb.execute("ushi-vma", to_string=True)
print(vma)
say(re.search(r"\b%012x-%012x rw-p 00000000    4/4  " % (buf, buf + 4 * 4096), vma) is not None,
    "ushi-vma shows the buffer, 4 of 4 pages present")
say("[stack]" in vma and "cowdemo" in vma, "ushi-vma names the stack and the program's file")

tasks = gdb.execute("ushi-tasks", to_string=True)
print(tasks)
rows = [l for l in tasks.splitlines() if re.match(r"^ [* ] +\d+ +\d+ ", l) and " cowdemo " in l]
say(len(rows) == 2, "ushi-tasks lists two cowdemo processes")
say(all(l.split()[-4] == "own" for l in rows), "each has its own mm (fork copied the address space)")
say(any(l.startswith(" *") for l in rows), "the current task is a cowdemo")

gdb.execute("delete")
print("gdb-test: continuing to the end")
try:
    gdb.execute("continue")
except gdb.error as e:          # QEMU exits when init does: the stub goes away
    print("gdb-test: the machine stopped (%s)" % e)
end
GDB

set +e
sh tools/qemu-lock.sh sh -c "
	qemu-system-x86_64 -m 256M -cpu max -smp 1 -no-reboot -display none \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel build/ushi.elf \
		-initrd build/initrd.cpio -append 'panic=-1 init=/bin/cowdemo' \
		-serial file:'$dir/serial.log' -monitor none -S -gdb tcp:127.0.0.1:$port &
	qemu=\$!
	USHI_GDB_PORT=$port timeout 60 gdb -q -batch -x tools/gdbinit -x '$dir/checks.gdb' build/ushi.elf \
		> '$dir/gdb.log' 2>&1
	echo \$? > '$dir/gdb.rc'
	# the machine powers off by itself; give it 10 s (no background sleeper:
	# it would inherit, and keep, the lock)
	i=0
	while kill -0 \$qemu 2>/dev/null && [ \$i -lt 100 ]; do sleep 0.1; i=\$((i + 1)); done
	kill \$qemu 2>/dev/null
	wait \$qemu
	echo \$? > '$dir/qemu.rc'
"
set -e
cat "$dir/gdb.log"
fail=0
grep -q "gdb-test: FAIL" "$dir/gdb.log" && fail=1
oks=$(grep -c "gdb-test: ok" "$dir/gdb.log" || true)
echo "gdb.sh: $oks checks in gdb passed"
[ "$oks" -ge 12 ] || { echo "gdb.sh: FAIL: expected 12 checks in gdb, got $oks"; fail=1; }
if [ "$(cat "$dir/qemu.rc")" = 1 ]; then
	echo "gdb.sh: ok QEMU exited with init's status 0 after the session"
else
	echo "gdb.sh: FAIL QEMU's status is $(cat "$dir/qemu.rc"), expected 1 (init exited 0)"
	fail=1
fi
if grep -q "cowdemo: All [0-9]* checks passed" "$dir/serial.log"; then
	echo "gdb.sh: ok cowdemo's own checks passed under the debugger"
else
	echo "gdb.sh: FAIL cowdemo did not pass; its serial log:"
	sed 's/^/    /' "$dir/serial.log"
	fail=1
fi
exit $fail
