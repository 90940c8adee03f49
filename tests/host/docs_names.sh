#!/bin/sh
# docs_names.sh - every function, type or constant the guided tour in
# docs/ names (in `backticks`) must exist in the code under that name:
# as a symbol of build/ushi.elf (sys_NAME for a system call), as a word
# in the sources (macros, structs, static inline helpers, user programs),
# or as a test program.
set -e
make -s build/ushi.elf >/dev/null
syms=$(mktemp)
trap 'rm -f "$syms"' EXIT
nm build/ushi.elf | awk '{print $NF}' | sort -u > "$syms"
missing=0 checked=0
for name in $(grep -oh '`[A-Za-z_][A-Za-z0-9_]*`' docs/*.md | tr -d '`' | sort -u); do
	checked=$((checked + 1))
	grep -qx "$name" "$syms" && continue
	grep -qx "sys_$name" "$syms" && continue                # a system call by its user name
	[ -e "tests/$name.c" ] && continue                      # a test program
	grep -rqw -- "$name" boot kernel mm fs include tools user tests/*.h && continue
	echo "docs name a missing identifier: $name ($(grep -l "\`$name\`" docs/*.md | tr '\n' ' '))"
	missing=$((missing + 1))
done
echo "checked $checked names in docs/, $missing missing"
[ "$missing" -eq 0 ]
