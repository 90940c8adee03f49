#!/usr/bin/env python3
"""coverage-report.py USHI.info [N] - line coverage per directory, and the
N functions (default 20) with the most lines the suite never ran.

USHI.info is lcov's tracefile (make coverage).  A function's lines are the
instrumented lines from its first line up to the next function of the same
file: lcov records where a function starts, not where it ends.
"""
import os
import sys
from collections import defaultdict


def read_tracefile(path):
    """Returns {source file: (functions {name: (line, calls)}, lines {line: count})}."""
    files = {}
    fns, lines, calls, src = {}, {}, {}, None
    with open(path) as f:
        for raw in f:
            key, _, val = raw.strip().partition(":")
            if key == "SF":
                src, fns, lines, calls = os.path.relpath(val), {}, {}, {}
            elif key == "FN":
                line, name = val.split(",", 1)
                fns[name] = int(line)
            elif key == "FNDA":
                count, name = val.split(",", 1)
                calls[name] = int(count)
            elif key == "DA":
                line, count = val.split(",")[:2]
                lines[int(line)] = int(count)
            elif key == "end_of_record":
                files[src] = ({n: (l, calls.get(n, 0)) for n, l in fns.items()}, lines)
    return files


def per_directory(files):
    total, hit = defaultdict(int), defaultdict(int)
    for src, (_, lines) in files.items():
        top = src.split("/")[0] if "/" in src else "."
        total[top] += len(lines)
        hit[top] += sum(1 for c in lines.values() if c > 0)
    return total, hit


def uncovered_functions(files):
    """Yields (lines never run, lines, calls, file, function)."""
    for src, (fns, lines) in files.items():
        starts = sorted((l, n) for n, (l, _) in fns.items())
        for i, (start, name) in enumerate(starts):
            end = starts[i + 1][0] if i + 1 < len(starts) else 1 << 30
            own = [c for l, c in lines.items() if start <= l < end]
            missed = sum(1 for c in own if c == 0)
            if missed:
                yield missed, len(own), fns[name][1], src, name


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    files = read_tracefile(sys.argv[1])
    top_n = int(sys.argv[2]) if len(sys.argv) == 3 else 20
    total, hit = per_directory(files)
    print("coverage: lines run by the QEMU suite, per directory")
    for d in sorted(total):
        print(f"  {d + '/':10} {100.0 * hit[d] / total[d]:5.1f}%  ({hit[d]} of {total[d]} lines)")
    all_total, all_hit = sum(total.values()), sum(hit.values())
    print(f"  {'all':10} {100.0 * all_hit / all_total:5.1f}%  ({all_hit} of {all_total} lines)")
    print(f"coverage: the {top_n} functions with the most lines never run")
    for missed, size, calls, src, name in sorted(uncovered_functions(files), reverse=True)[:top_n]:
        ran = "never called" if calls == 0 else f"called {calls} times"
        print(f"  {missed:4} of {size:4} lines  {src}: {name} ({ran})")


if __name__ == "__main__":
    main()
