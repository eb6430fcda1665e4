#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The library's catalog lists every file with strings to translate.

Every C file under libdisc/ that marks a string with _(), N_(), C_() or
NC_() must be in po/libdisc/POTFILES, or its messages never reach the
"libdisc" domain; every file POTFILES lists must exist and mark at least
one. Reads files as text: no gettext tools needed.

Usage: check-potfiles.py SOURCE_ROOT
"""

import os
import re
import sys

MARK = re.compile(r'(?<![A-Za-z0-9_])(?:N?C?_)\s*\(\s*"')


def marks_strings(path):
    with open(path, encoding="utf-8") as f:
        return MARK.search(f.read()) is not None


def main():
    root = os.path.abspath(sys.argv[1])
    potfiles = os.path.join(root, "po", "libdisc", "POTFILES")
    with open(potfiles, encoding="utf-8") as f:
        listed = [line.strip() for line in f if line.strip() and not line.startswith("#")]

    marked = []
    for directory, _, names in os.walk(os.path.join(root, "libdisc")):
        for name in sorted(names):
            if name.endswith(".c"):
                path = os.path.join(directory, name)
                if marks_strings(path):
                    marked.append(os.path.relpath(path, root))

    problems = []
    for path in sorted(set(marked) - set(listed)):
        problems.append("%s marks strings to translate but is not in po/libdisc/POTFILES" % path)
    for path in listed:
        full = os.path.join(root, path)
        if not os.path.exists(full):
            problems.append("po/libdisc/POTFILES lists %s, which does not exist" % path)
        elif path not in marked:
            problems.append("po/libdisc/POTFILES lists %s, which marks no string" % path)
    for problem in problems:
        print("FAIL: " + problem)
    if problems:
        raise SystemExit(1)
    print("PASS: %d files, all listed" % len(listed))


if __name__ == "__main__":
    main()
