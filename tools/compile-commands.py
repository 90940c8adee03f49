#!/usr/bin/env python3
"""compile-commands.py DIR [--cc "COMMAND" FILE...]... - prints a
compile_commands.json (the compilation database clangd and editors read).

Each --cc "COMMAND" starts a group: the compiler and flags the Makefile
uses for the files that follow (`make compile_commands.json` passes the
kernel's, the user programs' and the tests').  Every entry compiles one
FILE to an object, from DIR, with exactly those flags.
"""
import json
import shlex
import sys


def entries(directory, args):
    command = None
    for arg in args:
        if arg == "--cc":
            command = None
            continue
        if command is None:
            command = shlex.split(arg)
            continue
        yield {
            "directory": directory,
            "file": arg,
            "arguments": command + ["-c", arg, "-o", "/dev/null"],
        }


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    db = list(entries(sys.argv[1], sys.argv[2:]))
    json.dump(db, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
