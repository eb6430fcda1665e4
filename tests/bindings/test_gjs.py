#!/usr/bin/python3
"""Runs test_gjs.js under gjs with free loopback ports, bounded in time.

Usage: test_gjs.py; GI_TYPELIB_PATH and LD_LIBRARY_PATH point at the
build tree (meson sets them).
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bindingtest as bt  # noqa: E402

TIMEOUT = 120


def main():
    gjs = bt.require_program("gjs")
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "test_gjs.js")
    ports = []
    while len(ports) < 8:
        port = bt.free_port()
        if port not in ports:
            ports.append(port)
    env = dict(os.environ, DISC_TEST_PORTS=",".join(map(str, ports)))
    try:
        result = subprocess.run([gjs, "-m", script], env=env, stdin=subprocess.DEVNULL,
                                timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        bt.fail("gjs did not finish in %d s" % TIMEOUT)
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
