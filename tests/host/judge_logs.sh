#!/bin/sh
# judge_logs.sh - tests/judge.sh fails every run that is not a clean one.
#
# Feeds the judge crafted logs with an exit status: a clean run must
# pass and a run with failing tests must fail, each with exact counts
# (else the other cases prove nothing), and every way a run can hide a
# failure must fail it: a verdict glued behind test output, a forged or
# malformed "ok", verdicts missing, repeated, out of order or beyond the
# plan, no plan or an empty one, a runner summary that disagrees, a wrong
# QEMU status, a panic, a timeout, a runner that never finished, an "ok"
# with a note other than SKIP, a MemFree the runner could not read.
cd "$(dirname "$0")/../.."
dir=$(mktemp -d /tmp/judge_logs.XXXXXX)
trap 'rm -rf "$dir"' EXIT
fails=0

# judge WANT NAME STATUS MODE [COUNTS]: the log on stdin; WANT is pass or
# fail; COUNTS, if given, is the "P F S" the judge must write.
judge() {
	want=$1 name=$2 status=$3 mode=$4 counts=$5
	cat > "$dir/log"
	rm -f "$dir/result"
	if sh tests/judge.sh "$dir/log" "$status" "$mode" "$dir/result" > "$dir/out" 2>&1; then
		got=pass
	else
		got=fail
	fi
	res=$(cat "$dir/result" 2>/dev/null)
	if [ "$got" != "$want" ] || { [ -n "$counts" ] && [ "$res" != "$counts" ]; }; then
		echo "judge_logs: FAIL $name: judge says $got ($res), expected $want${counts:+ ($counts)}"
		sed 's/^/    /' "$dir/out"
		fails=$((fails + 1))
	else
		echo "judge_logs: ok $name: $got ($res)"
	fi
}

judge pass "a clean run on ushi" 1 qemu "2 0 1" <<'EOF'
TAP version 13
1..3
# -- a
ok 1 - a
# -- c
# c: skipped: not here
ok 2 - c # SKIP not here
ok 3 - suite_frames_returned
# runner: 2 passed, 0 failed, 1 skipped
EOF
judge fail "a run with two failures, counted exactly" 5 qemu "2 2 1" <<'EOF'
TAP version 13
1..5
# -- a
# a: 3 checks, 0 failed
ok 1 - a
# -- b
# b: ok 7 - this is only output
not ok 2 - b # exit status 1
# -- c
# c: skipped: not here
ok 3 - c # SKIP not here
# -- d
not ok 4 - d # leaked 8 kB
ok 5 - suite_frames_returned
# runner: 2 passed, 2 failed, 1 skipped
EOF
judge pass "a clean run on Linux" 0 native "1 0 0" <<'EOF'
TAP version 13
1..1
# -- a
ok 1 - a
# runner: 1 passed, 0 failed, 0 skipped
EOF
judge fail "a verdict glued behind output without a newline" 5 qemu <<'EOF'
1..3
# -- zz_forged
not ok 1 - zz_forged # exit status 1
# -- zz_glued
partial outputnot ok 2 - zz_glued # exit status 1
ok 3 - suite_frames_returned
# runner: 1 passed, 2 failed, 0 skipped
EOF
judge fail "a forged ok without the dash" 5 qemu <<'EOF'
1..3
# -- zz_forged

ok 1 zz_forged
not ok 1 - zz_forged # exit status 1
not ok 2 - zz_glued # exit status 1
ok 3 - suite_frames_returned
# runner: 1 passed, 2 failed, 0 skipped
EOF
judge fail "a forged ok repeating a number" 3 qemu <<'EOF'
1..2
ok 1 - zz_forged
not ok 1 - zz_forged # exit status 1
ok 2 - suite_frames_returned
# runner: 1 passed, 1 failed, 0 skipped
EOF
judge fail "verdicts out of order" 1 qemu <<'EOF'
1..2
ok 2 - b
ok 1 - a
# runner: 2 passed, 0 failed, 0 skipped
EOF
judge fail "fewer verdicts than the plan" 1 qemu <<'EOF'
1..3
ok 1 - a
ok 2 - b
# runner: 2 passed, 0 failed, 0 skipped
EOF
judge fail "more verdicts than the plan" 1 qemu <<'EOF'
1..1
ok 1 - a
ok 2 - b
# runner: 2 passed, 0 failed, 0 skipped
EOF
judge fail "no plan" 1 qemu <<'EOF'
ok 1 - a
# runner: 1 passed, 0 failed, 0 skipped
EOF
judge fail "an empty plan: no test ran" 0 native <<'EOF'
1..0
# runner: 0 passed, 0 failed, 0 skipped
EOF
judge fail "two plans" 1 qemu <<'EOF'
1..1
1..1
ok 1 - a
# runner: 1 passed, 0 failed, 0 skipped
EOF
judge fail "a runner summary that hides a failure" 1 qemu <<'EOF'
1..2
ok 1 - a
not ok 2 - b # exit status 1
# runner: 2 passed, 0 failed, 0 skipped
EOF
judge fail "an old summary without the skipped count" 1 qemu <<'EOF'
1..1
ok 1 - a
# runner: 1 passed, 0 failed
EOF
judge fail "QEMU's status says failures the log does not show" 5 qemu <<'EOF'
1..1
ok 1 - a
# runner: 1 passed, 0 failed, 0 skipped
EOF
judge fail "QEMU's status says no failures, the runner counted one" 1 qemu <<'EOF'
1..1
not ok 1 - a # exit status 1
# runner: 0 passed, 1 failed, 0 skipped
EOF
judge fail "a plain status where QEMU's is due" 0 qemu <<'EOF'
1..1
ok 1 - a
# runner: 1 passed, 0 failed, 0 skipped
EOF
judge fail "the runner's own status wrong" 0 native <<'EOF'
1..1
not ok 1 - a # exit status 1
# runner: 0 passed, 1 failed, 0 skipped
EOF
judge fail "a kernel panic in the middle" 1 qemu "1 2 0" <<'EOF'
1..3
ok 1 - a
# -- b
Kernel panic - not syncing: page fault in kernel
EOF
judge fail "a kernel panic after the summary" 1 qemu <<'EOF'
1..1
ok 1 - a
# runner: 1 passed, 0 failed, 0 skipped
Kernel panic - not syncing: init exited oddly
EOF
judge fail "a wall-clock timeout" 124 qemu "1 2 0" <<'EOF'
1..3
ok 1 - a
# -- b
# b: waiting forever
EOF
judge fail "a timeout killed hard after the summary" 137 qemu <<'EOF'
1..1
ok 1 - a
# runner: 1 passed, 0 failed, 0 skipped
EOF
judge fail "a runner that stopped before its summary" 1 qemu <<'EOF'
1..1
ok 1 - a
EOF
judge fail "an empty log" 0 qemu <<'EOF'
EOF
judge fail "an ok with a TODO note" 1 qemu <<'EOF'
1..1
ok 1 - a # TODO not really
# runner: 1 passed, 0 failed, 0 skipped
EOF
judge fail "a verdict after the summary" 1 qemu <<'EOF'
1..1
# runner: 0 passed, 0 failed, 0 skipped
ok 1 - a
EOF
judge fail "the leak check could not read /proc/meminfo" 3 qemu "1 1 0" <<'EOF'
1..2
ok 1 - a
# MemFree before the suite -1 kB, after it -1 kB
not ok 2 - suite_frames_returned # cannot read MemFree from /proc/meminfo
# runner: 1 passed, 1 failed, 0 skipped
EOF

[ $fails = 0 ] && echo "judge_logs: every crafted run judged as expected"
exit $fails
