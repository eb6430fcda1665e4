#!/usr/bin/python3
"""Regression tests for what a new user broke in `disc` (loopback only).

Each node uses --broadcast 127.255.255.255 and a port in 28000-29999 taken
from this process's id (test_cli.py takes offsets 0-15 of its own base;
this file uses its own base, 29920-29999). Every process has a timeout.

Usage: test_cli_breaker.py DISC_BINARY [unittest arguments...]
"""

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402

PORT = 29920 + os.getpid() % 80
LOOPBACK = ["--broadcast", "127.255.255.255", "--port", str(PORT)]
TIMEOUT = 30


def run_disc(args, stdin_text=""):
    # Arguments may be bytes (not UTF-8); the output is read as UTF-8.
    disc = os.fsencode(test_cli.DISC) if args and isinstance(args[0], bytes) else test_cli.DISC
    return subprocess.run([disc, *args], input=stdin_text, capture_output=True, text=True,
                          errors="replace", env=test_cli.user_env(), timeout=TIMEOUT)


class CommandsUsage(unittest.TestCase):
    """A known --commands command given wrong arguments is told its usage."""

    def test_known_command_with_wrong_arguments(self):
        lines = ["add-key", "use-key", "promote now", "demote --perm", "join", "list-keys x",
                 "frobnicate", "quit"]
        result = run_disc(["watch", *LOOPBACK, "--commands", "--listen-only", "--for", "20"],
                          "\n".join(lines) + "\n")
        self.assertEqual(result.returncode, 0, result.stderr)
        errors = result.stderr.splitlines()
        self.assertEqual(len(errors), 7, result.stderr)
        for error, usage in zip(errors, ["add-key KEY", "use-key KEY", "use: promote",
                                         "use: demote [--permanent]", "use: join CHANNEL",
                                         "use: list-keys"]):
            self.assertIn(usage, error)
            self.assertNotIn("not a command", error)
        self.assertIn("“frobnicate”: not a command", errors[6])


class NotUtf8(unittest.TestCase):
    """An option value that is not UTF-8 is named by its flag (GOption alone
    said "Invalid byte sequence in conversion input"); a passphrase is not
    shown."""

    def test_flag_named(self):
        for args, flag in (([b"--host-name", b"a\xffb"], "--host-name: "),
                           ([b"--host-name=\xff"], "--host-name: "),
                           ([b"--join", b"\xff"], "--join: "),
                           ([b"--advertise", b'"\xff"'], "--advertise: ")):
            result = run_disc([b"watch", *[a.encode() for a in LOOPBACK], b"--for", b"1", *args])
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertTrue(result.stderr.startswith("disc watch: " + flag), result.stderr)
            self.assertIn("not UTF-8", result.stderr)

    def test_passphrase_not_shown(self):
        result = run_disc([b"watch", *[a.encode() for a in LOOPBACK], b"--for", b"1",
                           b"--key", b"hunter2\xff"])
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertTrue(result.stderr.startswith("disc watch: --key: "), result.stderr)
        self.assertNotIn("hunter2", result.stderr)


class UnicastPeers(unittest.TestCase):
    """--unicast names one host: never the broadcast address, a group or 0.0.0.0.

    `disc nodes` only listens, so even where the check is missing nothing
    is sent off this host."""

    def test_refused_before_start(self):
        for peer, word in (("255.255.255.255", "broadcast"), ("239.1.2.3:4000", "multicast"),
                           ("0.0.0.0", "no host")):
            result = run_disc(["nodes", "--port", str(PORT), "--unicast", peer, "--wait", "100"])
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertTrue(result.stderr.startswith("disc nodes: --unicast: "), result.stderr)
            self.assertIn(peer, result.stderr)
            self.assertIn(word, result.stderr)


class UnusedFlags(unittest.TestCase):
    """A flag a command has no use for is refused and left out of its help;
    it used to be accepted and ignored (disc send --join x exited 0).

    Every command runs on loopback, so even where the check is missing
    nothing is sent off this host."""

    CASES = (
        (["send", "chat", '{"a":1}'], ["--join", "x"], "--join"),
        (["send", "chat", '{"a":1}'], ["--for", "5"], "--for"),
        (["send", "chat", '{"a":1}'], ["--advertise", "{}"], "--advertise"),
        (["send", "chat", '{"a":1}'], ["--not-eligible"], "--not-eligible"),
        (["nodes", "--wait", "100"], ["--join", "x"], "--join"),
        (["services", "--wait", "100"], ["--join", "x"], "--join"),
        (["promote", "ffff", "--wait", "100"], ["--join", "x"], "--join"),
        (["demote", "ffff", "--wait", "100"], ["--for", "1"], "--for"),
    )

    def test_refused(self):
        for command, extra, flag in self.CASES:
            with self.subTest(command=command[0], flag=flag):
                result = run_disc([*command, *LOOPBACK, *extra])
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertTrue(result.stderr.startswith(f"disc {command[0]}: {flag}: "),
                                result.stderr)

    def test_hidden_from_help(self):
        for command, extra, flag in self.CASES:
            with self.subTest(command=command[0], flag=flag):
                result = run_disc([command[0], "--help"])
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertNotRegex(result.stdout, rf"(?m)^\s+{flag}[ =]")
        # disc watch still has them all.
        result = run_disc(["watch", "--help"])
        for flag in ("--join", "--for", "--advertise", "--not-eligible"):
            self.assertRegex(result.stdout, rf"(?m)^\s+{flag}[ =]")

    def test_advertise_needs_announce(self):
        for command in (["nodes", "--wait", "100"], ["promote", "ffff", "--wait", "100"]):
            with self.subTest(command=command[0]):
                result = run_disc([*command, *LOOPBACK, "--advertise", "{}"])
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertTrue(result.stderr.startswith(f"disc {command[0]}: --advertise needs "
                                                         "--announce"), result.stderr)
        result = run_disc(["nodes", "--wait", "100", *LOOPBACK, "--announce", "--advertise", "{}"])
        self.assertEqual(result.returncode, 0, result.stderr)


if __name__ == "__main__":
    test_cli.main()
