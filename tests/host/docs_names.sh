#!/bin/sh
# docs_names.sh - every function, type or constant the guided tour in
# docs/ names (in `backticks`) must exist in the code under that name:
# as a symbol of build/ushi.elf (sys_NAME for a system call), as a word
# of the sources' code (macros, structs, static inline helpers, user
# programs, tools), or as a test program.  A word that appears only in a
# comment does not count: a comment may name what is gone.
set -e
make -s build/ushi.elf >/dev/null
syms=$(mktemp)
words=$(mktemp)
trap 'rm -f "$syms" "$words"' EXIT
nm build/ushi.elf | awk '{print $NF}' | sort -u > "$syms"
# The code without its comments: gcc's preprocessor strips C's (and
# expands nothing, with -fpreprocessed: continued lines are joined first,
# as it would not); a # comment of the scripts goes by sed.
for f in $(find boot kernel mm fs include user -name '*.[chS]') tests/*.h; do
	sed -e :a -e '/\\$/N; s/\\\n/ /; ta' "$f" | gcc -fpreprocessed -dD -E -P -x c - 2>/dev/null
done > "$words.code"
sed -e 's/^[[:space:]]*#.*$//' -e 's/[[:space:]]#[^"'"'"']*$//' $(find tools -type f) >> "$words.code"
tr -cs 'A-Za-z0-9_' '\n' < "$words.code" | sort -u > "$words"
rm -f "$words.code"
missing=0 checked=0
for name in $(grep -oh '`[A-Za-z_][A-Za-z0-9_]*`' docs/*.md | tr -d '`' | sort -u); do
	checked=$((checked + 1))
	grep -qx "$name" "$syms" && continue
	grep -qx "sys_$name" "$syms" && continue                # a system call by its user name
	[ -e "tests/$name.c" ] && continue                      # a test program
	grep -qx -- "$name" "$words" && continue               # a word of the code
	echo "docs name a missing identifier: $name ($(grep -l "\`$name\`" docs/*.md | tr '\n' ' '))"
	missing=$((missing + 1))
done
echo "checked $checked names in docs/, $missing missing"
[ "$missing" -eq 0 ]
