#!/usr/bin/python3
"""The Vala example (examples/vala/discovery.vala) runs on loopback: its two
nodes find and greet each other, a send on a reserved channel is refused
with Disc.Error.RESERVED_CHANNEL, and it exits 0 within its --timeout.

Usage: test_vala_example.py [VALA_DISCOVERY]; without the program (Vala or
the vapi was not available at build time) the test is skipped.
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bindingtest as bt  # noqa: E402


def main():
    if len(sys.argv) < 2 or not sys.argv[1]:
        bt.skip("the Vala example was not built (valac or vapigen missing, or -Dvapi=false)")
    program = sys.argv[1]
    port = bt.free_port()
    argv = [program, "--broadcast", bt.BROADCAST, "--port", str(port), "--timeout", "10"]
    try:
        result = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                timeout=30)
    except subprocess.TimeoutExpired:
        bt.fail("the Vala example ignored its --timeout")
    output = result.stdout + result.stderr
    print(output)
    bt.check(result.returncode == 0, "the Vala example exited with %d" % result.returncode)
    bt.check("both greeted" in result.stdout, "the two nodes did not greet each other")
    bt.check("alice: refused as expected" in result.stdout, "the reserved channel was not refused")
    for name in ("alice", "bob"):
        bt.check("%s: added" % name in result.stdout, name + " added no node")
        bt.check("%s: message on greetings" % name in result.stdout, name + " got no message")


if __name__ == "__main__":
    main()
