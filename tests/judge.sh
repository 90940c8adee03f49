#!/bin/sh
# judge.sh LOG STATUS qemu|native [RESULT]
#
# Judges one run of tests/runner.c from its log and its exit status:
# "qemu" when the runner was init and STATUS is QEMU's (init's status
# comes back as (status << 1) | 1), "native" when STATUS is the runner's
# own.  Prints every failure, then "suite: N passed, N failed, N
# skipped", writes "N N N" to RESULT if given, and exits non-zero if
# anything failed.
#
# The run passes only if the log holds exactly what a clean finish
# prints: one plan "1..N"; then N verdicts "ok I - name", "ok I - name
# # SKIP why" or "not ok I - name # why", numbered 1, 2, ... N; then the
# runner's "# runner: P passed, F failed, S skipped" agreeing with those
# verdicts; and STATUS is what the runner's F failures give.  A verdict
# that is malformed, out of order, glued behind other output, or missing
# fails the run, as do an empty plan, a kernel panic and a wall-clock timeout
# (timeout(1)'s 124 or 137).  Lines starting with "#" are the runner's
# comments and the tests' own output, which the runner prefixes with
# "# " so they can never be read as verdicts.
log=$1 status=$2 mode=$3 result=$4
case $mode in qemu|native) ;; *) echo "usage: judge.sh LOG STATUS qemu|native [RESULT]"; exit 2 ;; esac
[ -r "$log" ] || { echo "judge.sh: no log $log"; exit 2; }
awk -v rc="$status" -v mode="$mode" -v result="$result" '
function problem(msg) { problems = problems "  " msg "\n"; nprob++ }
{ sub(/\r$/, "") }
/^# -- /      { running = substr($0, 6); next }
/^# runner: [0-9]+ passed/ {
	if (finished) problem("the runner printed two summaries")
	finished = 1
	if ($0 !~ /^# runner: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$/)
		problem("a malformed runner summary: " $0)
	rpass = $3 + 0; rfail = $5 + 0; rskip = $7 + 0
	next
}
/^#/ || /^TAP version 13$/ { next }
/^1\.\.[0-9]+$/ {
	if (planned != "") problem("a second plan: " $0)
	else if (seen) problem("the plan comes after a verdict")
	planned = substr($0, 4) + 0
	next
}
/^(not )?ok( |$)/ {
	seen++
	running = ""
	if ($0 !~ /^(not )?ok [0-9]+ - [A-Za-z0-9_.+-]+( # .*)?$/) {
		problem("a malformed verdict: " $0)
		next
	}
	num = ($1 == "not") ? $3 : $2
	if (num != seen) problem("verdict " seen " is numbered " num ": " $0)
	if (finished) problem("a verdict after the runner summary: " $0)
	if ($1 == "not") { fail++; failed = failed "  " $0 "\n" }
	else if ($0 ~ / # SKIP /) { skip++; skipped = skipped "  " $0 "\n" }
	else if ($0 ~ / # /) problem("an ok verdict with a note that is not SKIP: " $0)
	else pass++
	next
}
/ok [0-9]+ - / { problem("a verdict glued behind other output: " $0) }
/Kernel panic/ { panic = 1 }
END {
	if (rc == 124 || rc == 137) why = "timed out after the wall-clock limit"
	else if (panic) why = "kernel panic"
	else if (!finished) why = "the runner never printed its summary (status " rc ")"
	counted = pass + fail + skip
	if (why) {
		print "judge: " why
		if (running != "") { fail++; counted++; failed = failed "  not ok - " running " # " why "\n" }
	}
	if (planned == "") problem("no plan line 1..N")
	else if (planned == 0) problem("the plan is 1..0: no test ran")
	missing = planned - counted
	if (missing > 0) { fail += missing; failed = failed "  (" missing " planned tests have no verdict)\n" }
	if (missing < 0) problem("more verdicts (" counted ") than the plan (" planned ")")
	if (why && fail == 0 && nprob == 0) problem(why)
	if (finished && (rpass != pass || rfail != fail || rskip != skip))
		problem("the runner counted " rpass " passed, " rfail " failed, " rskip " skipped; its verdicts say " pass ", " fail ", " skip)
	f = rfail > 127 ? 127 : rfail
	want = mode == "qemu" ? (f * 2 + 1) % 256 : f
	if (finished && !why && rc != want)
		problem("exit status " rc ", but " rfail " failures give " want)
	fail += nprob
	if (problems != "") printf "judge: the run itself is wrong:\n%s", problems
	if (failed != "") printf "failures:\n%s", failed
	if (skipped != "") printf "skipped:\n%s", skipped
	printf "suite: %d passed, %d failed, %d skipped\n", pass, fail, skip
	if (result != "") printf "%d %d %d\n", pass, fail, skip > result
	exit fail ? 1 : 0
}' "$log"
