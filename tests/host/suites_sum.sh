#!/bin/sh
# suites_sum.sh - tests/suites.sh adds make test's suite boots exactly.
#
# make test boots the QEMU suite once per fork algorithm and adds the
# counts (tests/suites.sh).  Two clean boots give their sum and status 0;
# a boot with failures gives a non-zero status; a boot whose result is
# missing, empty, short or not numbers counts as one failure, never as a
# pass; and the total written for tests/host.sh is exactly the sum.
cd "$(dirname "$0")/../.."
dir=$(mktemp -d /tmp/suites_sum.XXXXXX)
trap 'rm -rf "$dir"' EXIT
fails=0
# sum NAME WANT_STATUS WANT_TOTAL ARGS...: runs suites.sh on ARGS.
sum() {
	name=$1 want_rc=$2 want=$3
	shift 3
	rm -f "$dir/total"
	sh tests/suites.sh "$dir/total" "$@" > "$dir/out" 2>&1
	rc=$?
	[ $rc = 0 ] || rc=1
	got=$(cat "$dir/total" 2>/dev/null)
	if [ $rc = "$want_rc" ] && [ "$got" = "$want" ]; then
		echo "suites_sum: ok $name: status $rc, total $got"
	else
		echo "suites_sum: FAIL $name: status $rc, total '$got'; expected $want_rc, '$want'"
		sed 's/^/    /' "$dir/out"
		fails=$((fails + 1))
	fi
}
echo "300 0 4" > "$dir/classic"
echo "298 0 6" > "$dir/odf"
echo "297 1 6" > "$dir/odf_fail"
echo "" > "$dir/empty"
echo "298 0" > "$dir/short"
echo "298 x 6" > "$dir/word"
echo "298 0 6 1" > "$dir/long"
sum "two clean boots" 0 "598 0 10" classic="$dir/classic" odf="$dir/odf"
sum "one boot with a failure" 1 "597 1 10" classic="$dir/classic" odf="$dir/odf_fail"
sum "a boot without a result" 1 "300 1 4" classic="$dir/classic" odf="$dir/missing"
sum "an empty result" 1 "300 1 4" classic="$dir/classic" odf="$dir/empty"
sum "a result without its skipped count" 1 "300 1 4" classic="$dir/classic" odf="$dir/short"
sum "a result that is not numbers" 1 "300 1 4" classic="$dir/classic" odf="$dir/word"
sum "a result with a fourth number" 1 "300 1 4" classic="$dir/classic" odf="$dir/long"
sum "one boot alone (FORK=odf)" 0 "298 0 6" odf="$dir/odf"
exit $((fails > 0))
