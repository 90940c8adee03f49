#!/bin/sh
# check.sh EXPECT RESULTS [NAME] - judges ushi's results against the
# committed expectations (tests/external/ltp.expect, selftests.expect:
# "name pass|skip|fail"); NAME (default ltp-check) starts the summary.
#
# The verdicts are ordered pass > skip > fail.  A test that does worse
# than its expectation is a regression, and so is one expected to pass
# or skip that has no result: the check fails.  A test that does better
# is reported, so the expectation gets raised (`make ltp-expect` or
# `make selftests-expect` writes the file from the last run).  Tests not
# in the file are reported, not judged.
awk -v me="${3:-ltp-check}" '
FNR == NR { if ($0 !~ /^#/ && NF >= 2) want[$1] = $2; next }
{ got[$1] = tolower($2) }
END {
  rank["fail"] = 0; rank["skip"] = 1; rank["pass"] = 2
  for (t in want) {
    g = (t in got) ? got[t] : "missing"
    if (g == "missing" && want[t] == "fail") { printf "missing %s (expected fail)\n", t; continue }
    if (g == "missing" || rank[g] < rank[want[t]]) { printf "REGRESSION %s: expected %s, got %s\n", t, want[t], g; bad++ }
    else if (rank[g] > rank[want[t]]) { printf "better %s: expected %s, got %s (update the expectations)\n", t, want[t], g; better++ }
  }
  for (t in got) if (!(t in want)) { printf "new %s: %s (not in the expectations)\n", t, got[t]; new++ }
  printf "%s: %d regressions, %d better than expected, %d new\n", me, bad, better, new
  exit bad > 0
}' "$1" "$2"
