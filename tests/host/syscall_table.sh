#!/bin/sh
# syscall_table.sh - every entry SYS(nr, name, ...) of kernel/syscall.c
# sits at Linux's number for that name, as the host's Linux headers
# number it (asm/unistd_64.h from linux-libc-dev, and musl's own copy,
# bits/syscall.h, which make deps always installs): a call wired at the
# wrong number, or served under another call's name, fails here.  The
# build already checks that sys_NAME has the argument types the entry
# lists (SYS_TYPE_IS in kernel/syscall.c).  A call newer than one header
# (musl 1.2.3 has no futex_waitv) must be in another.
set -e
table=kernel/syscall.c
headers=
for h in /usr/include/x86_64-linux-gnu/asm/unistd_64.h /usr/include/x86_64-linux-musl/bits/syscall.h; do
	[ -r "$h" ] && headers="$headers $h"
done
if [ -z "$headers" ]; then
	echo "no Linux syscall numbers on this host (install linux-libc-dev or musl-dev)"
	exit 1
fi
entries=$(grep -c '^[[:space:]]*SYS([0-9]' "$table")
pairs=$(sed -n 's/^[[:space:]]*SYS(\([0-9]*\), \([a-z0-9_]*\)[,)].*/\1 \2/p' "$table")
parsed=$(echo "$pairs" | grep -c .)
if [ "$parsed" -ne "$entries" ] || [ "$entries" -lt 100 ]; then
	echo "read $parsed of $entries SYS() entries in $table: the parser is out of date"
	exit 1
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
bad=0
for h in $headers; do
	echo "$pairs" | while read -r nr name; do
		linux=$(sed -n "s/^#define __NR_${name}[[:space:]][[:space:]]*\([0-9]*\)\$/\1/p" "$h")
		if [ -z "$linux" ]; then
			grep -qs "^#define __NR_${name}[[:space:]]" $headers ||
				echo "$table: $name (number $nr) is not a Linux call in $h"
		elif [ "$linux" != "$nr" ]; then
			echo "$table: $name is number $nr, Linux's is $linux ($h)"
		fi
	done > "$out"
	n=$(grep -c . "$out" || true)
	cat "$out"
	echo "$entries entries checked against $h: $n wrong"
	bad=$((bad + n))
done
dups=$(echo "$pairs" | awk '{print $1}' | sort | uniq -d)
[ -z "$dups" ] || { echo "numbers with two entries: $dups"; bad=$((bad + 1)); }
[ "$bad" -eq 0 ]
