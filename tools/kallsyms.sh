#!/bin/sh
# kallsyms.sh KERNEL.elf - prints an assembly file with the kernel's
# function symbols sorted by address: kallsyms_count, kallsyms_addrs[],
# kallsyms_offsets[] (into kallsyms_strings) and kallsyms_strings.
# kernel/panic.c uses the table to name the functions in a backtrace.
set -e
nm -n --defined-only "$1" | awk 'BEGIN { n = 0 }

$2 ~ /^[tT]$/ { addr[n] = $1; name[n] = $3; n++ }
END {
	print ".section .kallsyms, \"a\""
	print ".balign 8"
	print ".globl kallsyms_count, kallsyms_addrs, kallsyms_offsets, kallsyms_strings"
	print "kallsyms_count: .quad " n
	print "kallsyms_addrs:"
	for (i = 0; i < n; i++) print "\t.quad 0x" addr[i]
	print "kallsyms_offsets:"
	off = 0
	for (i = 0; i < n; i++) { print "\t.long " off; off += length(name[i]) + 1 }
	print "kallsyms_strings:"
	for (i = 0; i < n; i++) print "\t.asciz \"" name[i] "\""
}'
