#!/bin/sh
# count.sh KIND CASES - the totals of a selftests run: cases by verdict, and
# programs (the part of a case name before ":") with every case passing.
awk -v kind="$1" '
{ v[$2]++; p = $1; sub(/:.*/, "", p); if (!(p in prog)) { prog[p] = 1; n++ }
  if ($2 != "PASS") prog[p] = 0 }
END { for (p in prog) good += prog[p]
      printf "selftests: %s: %d cases passed, %d failed, %d skipped; %d of %d programs pass every case\n",
             kind, v["PASS"], v["FAIL"], v["SKIP"], good, n }' "$2"
