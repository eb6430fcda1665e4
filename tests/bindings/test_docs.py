#!/usr/bin/python3
"""The API reference is complete: `gi-docgen check` finds every public
type, method, property and signal of Disc-1.0 documented, and the built
reference (when docs were built) has a page for each class and the extra
pages (overview, bindings, protocol).

Usage: test_docs.py GIR CONFIG [DOCS_DIR]
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bindingtest as bt  # noqa: E402

CLASSES = ["Discovery", "ServiceDiscovery", "Node", "Service", "SetupCall"]
PAGES = ["index.html", "overview.html", "bindings.html", "protocol.html",
         "error.Error.html", "enum.DropReason.html", "callback.SetupHook.html"]


def main():
    gir, config = sys.argv[1], sys.argv[2]
    docs_dir = sys.argv[3] if len(sys.argv) > 3 else ""
    gi_docgen = bt.require_program("gi-docgen")
    try:
        argv = [gi_docgen, "check", "--fatal-warnings", "--add-include-path", os.path.dirname(gir)]
        if os.path.isfile(config):  # made by doc/meson.build when docs are built
            argv += ["--config", config]
        result = subprocess.run(argv + [gir],
                                stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        bt.fail("gi-docgen check did not finish in 120 s")
    output = result.stdout + result.stderr
    warnings = [line for line in output.splitlines() if "WARNING" in line or "ERROR" in line]
    print(output)
    bt.check(result.returncode == 0 and not warnings,
             "gi-docgen check is not clean:\n" + "\n".join(warnings))

    if docs_dir:
        missing = [page for page in PAGES + ["class.%s.html" % name for name in CLASSES]
                   if not os.path.isfile(os.path.join(docs_dir, page))]
        bt.check(not missing, "the reference in %s lacks %s" % (docs_dir, ", ".join(missing)))
        with open(os.path.join(docs_dir, "protocol.html"), encoding="utf-8") as f:
            bt.check("node-discovery wire protocol" in f.read(), "protocol.html is not the protocol page")


if __name__ == "__main__":
    main()
