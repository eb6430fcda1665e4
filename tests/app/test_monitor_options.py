#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The monitor's command line: bad usage exits 2 and names the flag.

Runs build/app/disc-monitor with no display (so that good options end in
GTK's "cannot open display", exit 1, instead of a window) and in-memory
settings. Checks that an unknown or unparsable option exits 2 like the
`disc` tool; that an option the library refuses (checked with
disc_discovery_check_options(), read from the structured error, not from
its text) exits 2 with the flag it is about first, also when it clashes
with a setting or with another flag; that --dialect lists the library's
dialects; and that good options get past the checks.

Usage: test_monitor_options.py BUILD_ROOT
"""

import os
import resource
import subprocess
import sys

SKIP = 77
USAGE = 2

# (argv, exit status, what stderr starts with, words stderr contains)
CASES = [
    (["--no-such-option"], USAGE, None, ["--no-such-option"]),
    (["--port", "abc"], USAGE, None, ["--port"]),
    (["--port", "70000"], USAGE, "--port", ["65535"]),
    (["--hello-interval", "-5"], USAGE, "--hello-interval", []),
    (["--dialect", "bogus"], USAGE, "--dialect", ["bogus", "wrap", "plain"]),
    (["--node-timeout", "100", "--check-interval", "500"], USAGE, "--node-timeout", ["check-interval"]),
    # The settings' node timeout (2000 ms) is shorter than this.
    (["--check-interval", "5000"], USAGE, "--check-interval:", ["node-timeout"]),
    (["--broadcast", "10.0.0.255", "--multicast", "239.1.2.3"], USAGE, "--broadcast", ["multicast"]),
    (["--unicast", "10.0.0.2", "--broadcast", "10.0.0.255"], USAGE, "--unicast", ["broadcast"]),
    (["--address", "nope"], USAGE, "--address", ["nope"]),
    (["--multicast", "10.0.0.1"], USAGE, "--multicast", ["10.0.0.1"]),
    (["--unicast", "peer:0"], USAGE, "--unicast", ["peer:0"]),
    (["--algorithm", "rot13"], USAGE, "--algorithm", ["rot13"]),
    # Read with a bound (64 KiB), not until memory runs out.
    (["--key-file", "/dev/zero"], USAGE, "--key-file", ["65536"]),
    (["--version"], 0, None, []),
    # Good options: past the checks, GTK then finds no display.
    (["--port", "47000", "--hello-interval", "250", "--check-interval", "500",
      "--node-timeout", "1000", "--master-timeout", "1000", "--dialect", "plain",
      "--unicast", "127.0.0.2:47001"], 1, None, ["display"]),
]


def limit_memory():
    # An unbounded read (--key-file /dev/zero) fails here instead of
    # filling the machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        raise SystemExit(2)
    monitor = os.path.join(sys.argv[1], "app", "disc-monitor")
    if not os.access(monitor, os.X_OK):
        print("SKIP: %s is not built" % monitor)
        raise SystemExit(SKIP)
    env = dict(os.environ, GSETTINGS_BACKEND="memory", LC_ALL="C.UTF-8", LANGUAGE="")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "DISC_KEY", "DISC_MONITOR_DEBUG"):
        env.pop(name, None)
    failures = []
    for argv, status, start, words in CASES:
        result = subprocess.run([monitor] + argv, env=env, capture_output=True, text=True, timeout=30,
                                preexec_fn=limit_memory)
        stderr = result.stderr.strip()
        problems = []
        if result.returncode != status:
            problems.append("exit %d, not %d" % (result.returncode, status))
        if start is not None and not stderr.startswith(start):
            problems.append("stderr does not start with %r" % start)
        problems += ["stderr does not say %r" % w for w in words if w not in stderr]
        print("%s %s: exit %d: %s" % ("ok  " if not problems else "FAIL", " ".join(argv),
                                      result.returncode, stderr.splitlines()[-1:] or ""))
        if problems:
            failures.append("%s: %s\n  stderr: %s" % (" ".join(argv), "; ".join(problems), stderr))
    if failures:
        print("FAIL:\n" + "\n".join(failures))
        raise SystemExit(1)
    print("PASS")


if __name__ == "__main__":
    main()
