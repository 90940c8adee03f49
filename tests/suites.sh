#!/bin/sh
# suites.sh RESULT NAME=FILE...
#
# Adds up the results of several boots of the QEMU suite (make test boots
# it once per fork algorithm: classic=build/suite-classic/suite.result
# odf=build/suite-odf/suite.result).  Each FILE is what tests/judge.sh
# wrote for one boot, "P F S".  A boot whose file is missing or malformed
# (it never finished, or was never judged) counts as one failure, so a
# lost boot can never pass.  Prints one line per boot and the total, and
# writes the total "P F S" to RESULT for tests/host.sh; exits non-zero if
# anything failed.
result=$1
shift
[ -n "$result" ] && [ $# -gt 0 ] || { echo "usage: suites.sh RESULT NAME=FILE..."; exit 2; }
pass=0 fail=0 skip=0
for arg; do
	name=${arg%%=*} file=${arg#*=}
	p= f= s= extra=
	[ -r "$file" ] && read p f s extra < "$file"
	case "$p$f$s" in
	*[!0-9]*|"") ok=0 ;;
	*) ok=1 ;;
	esac
	if [ $ok = 1 ] && [ -n "$p" ] && [ -n "$f" ] && [ -n "$s" ] && [ -z "$extra" ]; then
		echo "suites: $name: $p passed, $f failed, $s skipped"
		pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	else
		echo "suites: $name: no result ($file): counted as a failure"
		fail=$((fail + 1))
	fi
done
echo "suites: all boots: $pass passed, $fail failed, $skip skipped"
echo "$pass $fail $skip" > "$result"
[ $fail -eq 0 ]
