#!/bin/sh
# cow_picture.sh - tools/cow-picture.py and `make cow-picture`.
#
#   1. The generator on a captured serial log (tests/host/cow-serial.log, a
#      real run of cowdemo with trace=cow): the SVG is well-formed XML and
#      shows 4 frames shared after fork, then 2 split (each with its copy)
#      and 2 still shared, labelled with the frame numbers of that log.
#   2. The committed docs/img/cow.svg has the same well-formed structure.
#   3. The generator refuses a log that tells no consistent story: the same
#      log without its trace lines.
#   4. `make cow-picture` end to end (boot, capture, draw) into a scratch
#      file, with the same counts.
set -e
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0

# check_svg FILE [LOG]: well-formed, the expected frames; with LOG, the
# frame numbers must be the ones cowdemo printed in that log.
check_svg() {
	python3 - "$@" <<'PY'
import re, sys
import xml.etree.ElementTree as ET
svg = sys.argv[1]
ns = "{http://www.w3.org/2000/svg}"
try:
    root = ET.parse(svg).getroot()
except ET.ParseError as e:
    print("cow_picture: FAIL %s is not well-formed XML: %s" % (svg, e))
    sys.exit(1)
ok = root.tag == ns + "svg"
panels = {p.get("data-panel"): p for p in root.iter(ns + "g") if p.get("class") == "panel"}
def states(panel):
    out = {}
    for g in panel.iter(ns + "g"):
        if g.get("class") == "frame":
            out.setdefault(g.get("data-state"), []).append(g.get("data-pfn"))
    return out
fork, write = states(panels.get("after-fork", root)), states(panels.get("after-write", root))
counts = (len(fork.get("shared", [])), len(write.get("split", [])), len(write.get("shared", [])),
          len(write.get("copy", [])))
ok = ok and set(panels) == {"after-fork", "after-write"} and counts == (4, 2, 2, 2)
ok = ok and sorted(write["split"] + write["shared"]) == sorted(fork["shared"])
if len(sys.argv) > 2:
    printed = set()
    for line in open(sys.argv[2], errors="replace"):
        m = re.match(r"cowdemo:\s+(?:parent|child)\s+page \d+: frame (0x[0-9a-f]+)", line)
        if m:
            printed.add(m.group(1))
    ok = ok and set(fork["shared"]) | set(write["copy"]) <= printed
print("cow_picture: %s %s: well-formed SVG, after fork %d shared; after the write %d split, "
      "%d shared, %d copies" % ("ok" if ok else "FAIL", svg, *counts))
sys.exit(0 if ok else 1)
PY
}

log=tests/host/cow-serial.log
if python3 tools/cow-picture.py "$log" "$dir/fixture.svg" && check_svg "$dir/fixture.svg" "$log"; then :; else fail=1; fi
check_svg docs/img/cow.svg || fail=1

grep -v '^\[trace\]' "$log" > "$dir/notrace.log"
if python3 tools/cow-picture.py "$dir/notrace.log" "$dir/bad.svg" 2> "$dir/err"; then
	echo "cow_picture: FAIL the generator drew a log without trace lines"
	fail=1
else
	echo "cow_picture: ok a log without trace lines is refused: $(cat "$dir/err")"
fi

if make -s cow-picture COW_SVG="$dir/live.svg" COW_LOG="$dir/live.log" > "$dir/make.log" 2>&1; then
	cat "$dir/make.log"
	check_svg "$dir/live.svg" "$dir/live.log" || fail=1
else
	echo "cow_picture: FAIL make cow-picture:"
	cat "$dir/make.log"
	fail=1
fi
exit $fail
