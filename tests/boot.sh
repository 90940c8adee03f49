#!/bin/sh
# boot.sh ISO TIMEOUT "QEMU COMMAND AND FLAGS"
#
# Boots the test ISO headless and judges it.  The runner (init in the
# ISO) prints TAP; this script counts "ok" and "not ok" lines, and
# treats a kernel panic, a wall-clock timeout or a runner that stopped
# early as failures: the test that was running is named, and every test
# that never ran counts as failed too.  Ends with "N passed, N failed"
# and exits non-zero if anything failed.
iso=$1 limit=$2 qemu=$3
log=build/test.log
rcfile=build/test.rc
mkdir -p build
start=$(date +%s)
( timeout -k 5 "$limit" $qemu -cdrom "$iso" -serial stdio -monitor none </dev/null; echo $? > "$rcfile" ) |
	stdbuf -oL tr -d '\r' | tee "$log"
rc=$(cat "$rcfile")
end=$(date +%s)
awk -v rc="$rc" -v secs=$((end - start)) '
/^1\.\.[0-9]+$/        { planned = substr($0, 4) + 0 }
/^# [A-Za-z0-9_.-]+$/  { running = $2 }
/^ok [0-9]+ - /        { pass++; running = "" }
/^not ok [0-9]+ - /    { fail++; running = ""; failed = failed "  " $0 "\n" }
/Kernel panic/         { panic = 1 }
/^# runner: /          { finished = 1 }
END {
	if (rc == 124 || rc == 137) why = "timed out after the wall-clock limit"
	else if (panic) why = "kernel panic"
	else if (!finished) why = "the machine stopped before the runner finished (QEMU status " rc ")"
	if (why) {
		if (running != "") { fail++; failed = failed "  not ok - " running " # " why "\n" }
		missing = planned - pass - fail
		if (missing > 0) { fail += missing; failed = failed "  (" missing " more tests never ran)\n" }
		if (planned == 0 && fail == 0) fail = 1
		printf "boot.sh: %s\n", why
	}
	if (failed != "") printf "failures:\n%s", failed
	printf "(QEMU suite: %d s)\nsuite: %d passed, %d failed\n", secs, pass, fail
	printf "%d %d\n", pass, fail > "build/suite.result"
	exit fail ? 1 : 0
}' "$log"
