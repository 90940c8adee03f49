#!/usr/bin/env python3
"""gcov-extract.py DUMP - write the coverage kernel's counters as .gcda files.

DUMP is what kernel/gcov.c wrote on COM2 at power-off:

    gcov-begin
    gcda PATH NBYTES
    <hex lines, NBYTES bytes in all>
    ...
    gcov-end

Each PATH is the .gcda file gcc named for one object (next to its .gcno);
the bytes are that file's contents.  A dump cut short (the kernel hung or
panicked before power-off) is an error: its counters would be partial.
"""
import os
import sys


def parse(text):
    """Yields (path, bytes) for each file of a complete dump."""
    lines = iter(text.splitlines())
    if next(lines, None) != "gcov-begin":
        sys.exit("gcov-extract: no 'gcov-begin': the kernel never wrote its counters")
    for line in lines:
        if line == "gcov-end":
            return
        word, path, size = line.split(" ")
        if word != "gcda":
            sys.exit(f"gcov-extract: unexpected line {line!r}")
        size = int(size)
        data = bytearray()
        while len(data) < size:
            hexline = next(lines, None)
            if hexline is None:
                sys.exit(f"gcov-extract: {path} cut short")
            data += bytes.fromhex(hexline)
        if len(data) != size:
            sys.exit(f"gcov-extract: {path}: {len(data)} bytes, not {size}")
        yield path, bytes(data)
    sys.exit("gcov-extract: no 'gcov-end': the dump was cut short")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="ascii", errors="replace") as f:
        text = f.read()
    n = 0
    for path, data in parse(text):
        gcno = path[: -len(".gcda")] + ".gcno"
        if not path.endswith(".gcda") or not os.path.exists(gcno):
            sys.exit(f"gcov-extract: {path}: no {gcno} next to it")
        with open(path, "wb") as f:
            f.write(data)
        n += 1
    print(f"gcov-extract: {n} .gcda files written")


if __name__ == "__main__":
    main()
