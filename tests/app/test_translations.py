#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Every string of the monitor is translated into German, and the catalog
is valid.

Extracts the strings of the files in po/POTFILES with xgettext (the
options of meson's glib preset) into a temporary template, and checks with
msgfmt that po/de.po compiles and leaves none of them untranslated or
fuzzy. Skips (77) without gettext.

Usage: test_translations.py SOURCE_ROOT
"""

import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
KEYWORDS = ["_", "N_", "C_:1c,2", "NC_:1c,2", "g_dngettext:2,3", "g_dcgettext:2",
            "g_dpgettext2:2c,3"]


def fail(message):
    print("FAIL: " + message)
    raise SystemExit(1)


def main():
    source_root = os.path.abspath(sys.argv[1])
    for tool in ("xgettext", "msgmerge", "msgfmt"):
        if shutil.which(tool) is None:
            print("SKIP: %s is not installed" % tool)
            raise SystemExit(SKIP)
    po_dir = os.path.join(source_root, "po")
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "disc-monitor.pot")
        argv = ["xgettext", "--from-code=UTF-8", "--add-comments", "--directory", source_root,
                "--files-from", os.path.join(po_dir, "POTFILES"), "--output", pot,
                "--package-name", "disc-monitor"]
        argv += ["--keyword=" + k for k in KEYWORDS]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            fail("xgettext failed:\n" + result.stderr)
        merged = os.path.join(tmp, "de.po")
        result = subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "--output-file", merged,
                                 os.path.join(po_dir, "de.po"), pot],
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            fail("msgmerge failed:\n" + result.stderr)
        result = subprocess.run(["msgfmt", "--check", "--statistics", "--output-file", os.devnull, merged],
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            fail("msgfmt --check failed:\n" + result.stderr)
        statistics = result.stderr.strip()
        print("de: " + statistics)
        if "untranslated" in statistics or "fuzzy" in statistics:
            untranslated = subprocess.run(["msgattrib", "--untranslated", merged],
                                          capture_output=True, text=True).stdout
            untranslated += subprocess.run(["msgattrib", "--only-fuzzy", merged],
                                           capture_output=True, text=True).stdout
            fail("po/de.po does not translate every string:\n" + untranslated[:4000])
    print("PASS")


if __name__ == "__main__":
    main()
