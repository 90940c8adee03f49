#!/bin/sh
# compare.sh LINUX.results USHI.results - one row per test: its verdict
# on Linux and on ushi ("-" when a kernel has no result for it), a "<"
# where Linux passes and ushi does not, then the totals.  The name column
# and Linux's are as wide as their longest entry (selftests' are long;
# Linux's at most 40, its longer entries cut).
awk '
FNR == 1 { k++ }
{ v = $2; why = $0; sub(/^[^ ]* [^ ]* ?/, "", why); if (why != "") v = v " " why
  if (!($1 in seen)) { seen[$1]; order[++n] = $1 }
  r[k, $1] = v; if ($2 == "PASS") pass[k]++
  if (length($1) > w) w = length($1)
  if (k == 1 && length(v) > lw) lw = length(v) }
END {
  if (w < 28) w = 28
  if (lw < 22) lw = 22
  if (lw > 40) lw = 40
  printf "%-*s %-*s %s\n", w, "test", lw, "Linux", "ushi"
  for (i = 1; i <= n; i++) {
    t = order[i]; l = ((1, t) in r) ? substr(r[1, t], 1, lw) : "-"; u = ((2, t) in r) ? r[2, t] : "-"
    printf "%-*s %-*s %s%s\n", w, t, lw, l, u, (l ~ /^PASS/ && u !~ /^PASS/) ? " <" : ""
  }
  printf "passing on Linux %d, on ushi %d (of %d tests)\n", pass[1], pass[2], n
}' "$1" "$2"
