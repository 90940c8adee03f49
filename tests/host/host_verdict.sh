#!/bin/sh
# host_verdict.sh - tests/host.sh counts a skip as a skip, never a pass.
#
# Feeds host.sh scripts of its own: one passes, one exits 77 (cannot run
# here), one fails; with a QEMU suite result of "5 0 1".  Checks each
# line, that the last line is "6 passed, 1 failed, 2 skipped" and the
# status non-zero; without the failing one, status 0; with no suite
# result, a failure.  Then the pool: the suite's command runs beside the
# scripts and its result is counted, two scripts run at once (each waits
# to see the other started), and the lines come in name order.  Also:
# demos_linux.sh run as a user that is not root says it cannot run here
# (77) rather than pass.
cd "$(dirname "$0")/../.."
dir=$(mktemp -d /tmp/host_verdict.XXXXXX)
trap 'rm -rf "$dir"' EXIT
fails=0
check() {
	if eval "$2"; then
		echo "host_verdict: ok $1"
	else
		echo "host_verdict: FAIL $1"
		fails=$((fails + 1))
	fi
}
mkdir "$dir/h"
echo 'echo fine' > "$dir/h/a_pass.sh"
printf 'echo working\necho needs a thing this host lacks\nexit 77\n' > "$dir/h/b_skip.sh"
printf 'echo broken\nexit 3\n' > "$dir/h/c_fail.sh"
echo "5 0 1" > "$dir/result"
sh tests/host.sh "$dir/h" "$dir/result" "$dir/logs" > "$dir/out" 2>&1
rc=$?
sed 's/^/    /' "$dir/out"
check "the passing script is ok" 'grep -qx "ok - host/a_pass" "$dir/out"'
check "the script that cannot run is a SKIP with its last line" \
	'grep -qx "ok - host/b_skip # SKIP needs a thing this host lacks" "$dir/out"'
check "the failing script is not ok" 'grep -q "^not ok - host/c_fail # exit status 3" "$dir/out"'
check "the last line: 6 passed, 1 failed, 2 skipped" \
	'[ "$(tail -1 "$dir/out")" = "6 passed, 1 failed, 2 skipped" ]'
check "exit status non-zero" '[ $rc != 0 ]'

rm "$dir/h/c_fail.sh"
sh tests/host.sh "$dir/h" "$dir/result" "$dir/logs" > "$dir/out" 2>&1
rc=$?
check "a pass and a skip: exit 0, the skip not counted as passed" \
	'[ $rc = 0 ] && [ "$(tail -1 "$dir/out")" = "6 passed, 0 failed, 2 skipped" ]'
sh tests/host.sh "$dir/h" "$dir/none" "$dir/logs" > "$dir/out" 2>&1
rc=$?
check "no QEMU suite result: a failure" \
	'[ $rc != 0 ] && [ "$(tail -1 "$dir/out")" = "1 passed, 1 failed, 1 skipped" ]'
echo "5 0" > "$dir/old"
sh tests/host.sh "$dir/h" "$dir/old" "$dir/logs" > "$dir/out" 2>&1
rc=$?
check "a suite result without its skipped count: a failure" '[ $rc != 0 ]'

mkdir "$dir/p"
# meet ME OTHER SECS: a script that says it started, waits up to 5 s to
# see OTHER started, then SECS more (a_meet ends last: its line must
# still come first).
meet() {
	cat <<EOF
touch "$dir/$1_started"
for i in \$(seq 50); do [ -e "$dir/$2_started" ] && { sleep $3; echo "met $2"; exit 0; }; sleep 0.1; done
exit 1
EOF
}
meet a b 0.5 > "$dir/p/a_meet.sh"
meet b a 0 > "$dir/p/b_meet.sh"
sh tests/host.sh "$dir/p" "$dir/presult" "$dir/logs" "echo 3 0 1 > $dir/presult" > "$dir/out" 2>&1
rc=$?
sed 's/^/    /' "$dir/out"
check "two scripts ran at once, and the suite's 3 0 1 counted: 5 passed" \
	'[ $rc = 0 ] && [ "$(tail -1 "$dir/out")" = "5 passed, 0 failed, 1 skipped" ]'
check "the lines in name order" \
	'[ "$(grep "host/" "$dir/out" | tr "\n" " ")" = "ok - host/a_meet ok - host/b_meet " ]'

if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	setpriv --reuid=65534 --regid=65534 --clear-groups sh tests/host/demos_linux.sh > "$dir/out" 2>&1
	rc=$?
	sed 's/^/    /' "$dir/out"
	check "demos_linux.sh as nobody: 77, cannot run here" '[ $rc = 77 ]'
fi
exit $fails
