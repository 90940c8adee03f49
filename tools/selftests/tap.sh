#!/bin/sh
# tap.sh LOG RESULTS - one verdict line per test case, from a selftests
# boot's console (LOG) and its per-program verdicts (RESULTS, boot.sh's).
#
# A program that prints TAP (kselftest.h, kselftest_harness.h) counts
# each "ok N" / "not ok N" as the case "program:N" - the number, not the
# description, which may hold a pid or the result itself - with the
# description after the verdict: the "# [RUN] ..." line before it when
# there is one (mm/cow's), else its own text.  A "# SKIP" directive makes
# it SKIP, "# XFAIL" a pass.  A program that failed (exit status, signal,
# timeout) without a failing case gets the case "program:exit" FAIL, so a
# crash halfway is never a pass.  A program that prints no TAP is one
# case, its RESULTS line as it is.
awk '
FNR == NR {
  if ($0 ~ /^selftests: RUN /) { cur = $3; run = ""; next }
  if ($0 ~ /^selftests: (PASS|FAIL|SKIP) /) { cur = ""; next }
  if (cur == "") next
  if ($0 ~ /^# \[RUN\] /) { run = substr($0, 9); next }
  if ($0 !~ /^(not )?ok [0-9]+/) next
  line = $0; bad = (line ~ /^not /); sub(/^(not )?ok /, "", line)
  num = line; sub(/[^0-9].*/, "", num); sub(/^[0-9]+ */, "", line)
  v = bad ? "FAIL" : "PASS"; reason = ""
  if (match(line, /# *[Ss][Kk][Ii][Pp]/)) { v = "SKIP"; reason = substr(line, RSTART + RLENGTH) }
  else if (match(line, /# *XFAIL/)) v = "PASS"
  d = line; sub(/ *#.*$/, "", d)
  if (run != "") d = run
  run = ""
  if (reason != "") d = d (d != "" ? ": " : "") "skip" reason
  c = cur ":" num
  if ((c) in seen) c = c "." ++dup[c]     # a second TAP stream numbering again
  seen[c]
  if (length(d) > 70) d = substr(d, 1, 67) "..."
  cases[cur] = cases[cur] c " " v (d != "" ? " (" d ")" : "") "\n"
  if (bad) failed[cur] = 1
  next
}
{
  t = $1
  if (!(t in cases)) { print; next }
  printf "%s", cases[t]
  why = $0; sub(/^[^ ]* [^ ]* ?/, "", why)
  if ($2 == "FAIL" && !(t in failed)) print t ":exit FAIL" (why != "" ? " " why : "")
}' "$1" "$2"
