#!/bin/sh
# runner_native.sh - tests/runner.c, run on this host, keeps every
# verdict visible.
#
# The programs of tests/broken/ misbehave on purpose: zz_glued ends its
# output without a newline, zz_forged prints "ok" lines of its own,
# zz_nochecks checks nothing, zz_skipped skips, zz_lingering leaves a
# grandchild holding its output open.  Checked: each verdict starts its
# own line and says the right thing, test output only ever appears
# after "# ", the counts and the exit status (the failure count) are
# right and tests/judge.sh agrees, the runner does not wait for the
# grandchild, and with -k a MemFree that cannot be read fails the test
# and the suite rather than switch the leak check off.
cd "$(dirname "$0")/../.."
make -s build/tests/runner build/tests/fd_ebadf build/broken/zz_glued build/broken/zz_forged \
	build/broken/zz_nochecks build/broken/zz_skipped build/broken/zz_lingering >/dev/null || exit 1
dir=$(mktemp -d /tmp/runner_native.XXXXXX)
trap 'rm -rf "$dir"' EXIT
fails=0
check() {
	if eval "$2"; then
		echo "runner_native: ok $1"
	else
		echo "runner_native: FAIL $1"
		fails=$((fails + 1))
	fi
}

timeout 60 build/tests/runner build/broken zz_forged zz_glued zz_nochecks zz_skipped > "$dir/log"
rc=$?
sed 's/^/    /' "$dir/log"
check "exit status 3, the failure count" '[ $rc = 3 ]'
check "zz_forged's own ok lines are output, after \"# \"" \
	'grep -qx "# ok 1 zz_forged" "$dir/log" && grep -qx "# ok 1 - zz_forged" "$dir/log"'
check "zz_forged fails" 'grep -qx "not ok 1 - zz_forged # exit status 1" "$dir/log"'
check "zz_glued's unterminated output ends its own line" 'grep -qx "# partial output" "$dir/log"'
check "zz_glued fails on a line of its own" 'grep -qx "not ok 2 - zz_glued # exit status 1" "$dir/log"'
check "zz_nochecks fails: zero checks" 'grep -qx "not ok 3 - zz_nochecks # exit status 1" "$dir/log"'
check "zz_skipped is a SKIP with its reason" \
	'grep -qx "ok 4 - zz_skipped # SKIP this check cannot run here" "$dir/log"'
check "every other line is a comment" \
	'[ -z "$(grep -v -e "^#" -e "^TAP version 13$" -e "^1\.\.4$" -e "^ok " -e "^not ok " "$dir/log")" ]'
check "four verdicts" '[ $(grep -c -e "^ok " -e "^not ok " "$dir/log") = 4 ]'
check "the summary: 0 passed, 3 failed, 1 skipped" \
	'tail -1 "$dir/log" | grep -qx "# runner: 0 passed, 3 failed, 1 skipped"'
sh tests/judge.sh "$dir/log" $rc native "$dir/result" > "$dir/judge" 2>&1
jrc=$?
check "judge.sh fails the run and counts 0 3 1" '[ $jrc != 0 ] && [ "$(cat "$dir/result")" = "0 3 1" ]'

start=$(date +%s)
timeout 60 build/tests/runner build/broken zz_lingering > "$dir/log2"
rc=$?
secs=$(($(date +%s) - start))
sed 's/^/    /' "$dir/log2"
check "a lingering grandchild does not hold the runner ($secs s)" '[ $rc = 0 ] && [ $secs -lt 5 ]'
check "zz_lingering passes" 'grep -qx "ok 1 - zz_lingering" "$dir/log2"'

timeout 60 build/tests/runner -k -m "$dir/no-meminfo" build/tests fd_ebadf > "$dir/log3"
rc=$?
sed 's/^/    /' "$dir/log3"
check "unreadable MemFree fails the test" \
	'grep -q "^not ok 1 - fd_ebadf # cannot read MemFree from $dir/no-meminfo$" "$dir/log3"'
check "unreadable MemFree fails the suite check" \
	'grep -q "^not ok 2 - suite_frames_returned # cannot read MemFree" "$dir/log3"'
check "exit status 2" '[ $rc = 2 ]'

exit $fails
