#!/bin/sh
# odfdemo.sh - on-demand fork, shown by user/odfdemo (docs/odf.md).
#
# Two boots of `make run BOOT=direct DEMO=odfdemo TRACE=cow`:
#   1. with FORK=odf: the command line carries fork=odf; the demo sees
#      fork share the tables, the child's first write into table A copy
#      it, the parent's later write take it back without a copy, and
#      passes its checks; the kernel's trace shows fork's pt-share line
#      and pt-unshare lines for a fault that copied and one that reused;
#      make's exit status is 0 (init's);
#   2. without FORK (fork=classic, the default): the demo says fork
#      copied the tables, passes its checks, and no pt-share line appears.
set -e
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
make -s build/ushi.elf build/initrd.cpio >/dev/null

# run NAME MAKE-ARGS...: the console of one make run in $dir/NAME.txt, its status in $dir/NAME.rc.
run() {
	name=$1
	shift
	set +e
	sh tools/qemu-lock.sh timeout 120 make -s run BOOT=direct DEMO=odfdemo TRACE=cow "$@" \
		< /dev/null > "$dir/$name.log" 2>&1
	echo $? > "$dir/$name.rc"
	set -e
	tr -d '\r' < "$dir/$name.log" > "$dir/$name.txt"
}
# expect NAME WHAT REGEX: the console has a line matching REGEX.
expect() {
	if grep -q "$3" "$dir/$1.txt"; then echo "odfdemo: ok $1: $2"
	else echo "odfdemo: FAIL $1: $2"; fail=1; fi
}

run odf FORK=odf
expect odf "the command line ends with fork=odf" "^command line: init=/bin/odfdemo trace=cow fork=odf$"
expect odf "the demo saw fork share the tables" "^odfdemo:   fork=odf: fork shared [0-9]* page tables"
expect odf "the demo passed its checks" "^odfdemo: All [0-9]* checks passed\.$"
expect odf "the trace shows fork sharing tables" "^\[trace\] pt-share pid=[0-9]* tables=[1-9][0-9]*"
expect odf "the trace shows a fault that copied a table" "^\[trace\] pt-unshare pid=[0-9]* va=0x[0-9a-f]* .*why=fault how=copy"
expect odf "the trace shows a fault that took a table back" "^\[trace\] pt-unshare pid=[0-9]* va=0x[0-9a-f]* .*why=fault how=reuse"
if [ "$(cat "$dir/odf.rc")" = 0 ]; then echo "odfdemo: ok odf: make run exited 0"
else echo "odfdemo: FAIL odf: make run exited $(cat "$dir/odf.rc")"; fail=1; fi

run classic
expect classic "the demo says fork copied the tables" "^odfdemo:   fork=classic: fork copied every entry"
expect classic "the demo passed its checks" "^odfdemo: All [0-9]* checks passed\.$"
if grep -q "^\[trace\] pt-share" "$dir/classic.txt"; then
	echo "odfdemo: FAIL classic: a pt-share line under fork=classic"; fail=1
else
	echo "odfdemo: ok classic: no table shared"
fi
if [ "$(cat "$dir/classic.rc")" = 0 ]; then echo "odfdemo: ok classic: make run exited 0"
else echo "odfdemo: FAIL classic: make run exited $(cat "$dir/classic.rc")"; fail=1; fi

if [ $fail != 0 ]; then
	for b in odf classic; do echo "--- $b:"; tail -60 "$dir/$b.txt"; done
fi
exit $fail
